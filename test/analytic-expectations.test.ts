import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analytic/expectations.js';
import { kOutOfNIdentical, parallelAvailability, pointAvailabilityExponential, seriesAvailability, singleUnitAvailability } from '../src/analytic/formulas.js';
import { buildSystemCtmc } from '../src/analytic/system-ctmc.js';
import { analyzeSystemCtmc, type SystemCtmcAnalysis } from '../src/analytic/system-measures.js';
import type { AnalyticResult } from '../src/analytic/types.js';
import type { Scenario } from '../src/scenario/types.js';
import { component, exp, fault, H, kOfN, parallel, scenario, series, standby, YEAR } from './helpers/scenario-builders.js';

const sig6 = (x: number | null) => (x === null ? null : Number(x.toPrecision(6)));
const hours = (x: number | null) => (x === null ? null : x / H);
const ok = (r: ReturnType<typeof analyzeSystemCtmc>): SystemCtmcAnalysis => {
  if (r.status !== 'ok') throw new Error(r.message);
  return r;
};
/** Every number in the result is finite and the result survives a JSON round trip unchanged. */
const expectPlainJson = (r: AnalyticResult) => expect(JSON.parse(JSON.stringify(r))).toEqual(r);

// Validation parameters: lambda = 0.01/h, mu = 0.1/h.
const unit = (name: string, o: Parameters<typeof component>[1] = {}) => component(name, { failure: 100 * H, repair: 10 * H, ...o });

describe('VALIDATION.md cases through analyze()', () => {
  it('single repairable unit: 0.990099, 86.73 h/yr, MTTFF 1000 h, MTBF 1010 h, MUT 1000 h, MDT 10 h', () => {
    const r = analyze(scenario({ components: [component('u', { failure: 1000 * H, repair: 10 * H })], horizon: YEAR }));
    expect(r.method).toBe('closed-form: single repairable unit');
    expect(sig6(r.system.availability)).toBe(0.990099);
    expect(hours(r.system.downtimePerYear)).toBeCloseTo(86.73, 2);
    expect(hours(r.system.mttff)).toBeCloseTo(1000, 9);
    expect(hours(r.system.mtbf)).toBeCloseTo(1010, 9);
    expect(hours(r.system.mut)).toBeCloseTo(1000, 9);
    expect(hours(r.system.mdt)).toBeCloseTo(10, 9);
    expect(r.approximate).toBe(false);
    expect(r.violations).toEqual([]);
    expect(r.instances).toEqual([{ instance: 'u', availability: r.system.availability }]);
    expectPlainJson(r);
  });

  it('point availability A(10 h) = 0.993705; interval over 24 h = 0.993822, flagged as a short horizon', () => {
    const r = analyze(
      scenario({ components: [component('u', { failure: 1000 * H, repair: 10 * H })], horizon: 24 * H, pointAvailabilityAt: [10 * H] }),
    );
    expect(sig6(r.system.pointAvailability[0].value)).toBe(0.993705);
    expect(sig6(r.system.intervalAvailability.value)).toBe(0.993822);
    expect(r.violations).toEqual([
      'start-up transient: over horizon 1 d (2.4 slowest time constants 1/(lambda+mu) = 9.9 h), the mean availability starting all-up ' +
        'is 0.993822, not the steady-state 0.990099 (38% of the unavailability); the simulated availability is compared with the ' +
        'interval value, the steady-state MTBF, MUT and MDT keep this bias',
    ]);
    expect(r.approximate).toBe(true);
  });

  it('series, components keep ageing: 0.826446, MTTFF 50 h, MTBF 60.5 h, MUT 50 h, MDT 10.5 h', () => {
    const r = analyze(scenario({ components: [unit('u', { count: 2 })], horizon: YEAR }));
    expect(r.method).toBe('closed-form: series (components keep ageing)');
    expect(sig6(r.system.availability)).toBe(0.826446);
    expect(hours(r.system.mttff)).toBeCloseTo(50, 9);
    expect(hours(r.system.mtbf)).toBeCloseTo(60.5, 9);
    expect(hours(r.system.mut)).toBeCloseTo(50, 9);
    expect(hours(r.system.mdt)).toBeCloseTo(10.5, 9);
    expect(r.approximate).toBe(false);
  });

  it('series, no ageing while system down: 0.833333, MTTFF 50 h, MTBF 60 h, MUT 50 h, MDT 10 h', () => {
    const sc = scenario({ components: [unit('u', { count: 2 })], horizon: YEAR, ageingWhileSystemDown: false, pointAvailabilityAt: [5 * H] });
    const r = analyze(sc);
    expect(r.method).toBe('closed-form: series (no ageing while system down)');
    expect(sig6(r.system.availability)).toBe(0.833333);
    expect(hours(r.system.mttff)).toBeCloseTo(50, 9);
    expect(hours(r.system.mtbf)).toBeCloseTo(60, 9);
    expect(hours(r.system.mut)).toBeCloseTo(50, 9);
    expect(hours(r.system.mdt)).toBeCloseTo(10, 9);
    // Each unit is down a fraction A x MTTR/MTTF = 1/12 of the time.
    r.instances.forEach((i) => expect(i.availability).toBeCloseTo(11 / 12, 12));
    // The CTMC of the same scenario agrees.
    const c = ok(analyzeSystemCtmc(sc, { pointAvailabilityAt: [5 * H] }));
    // Lumped: both up, one down (the two units are interchangeable); 3 states unlumped.
    expect(c.stateCount).toBe(2);
    expect(ok(analyzeSystemCtmc(sc, { lump: false })).stateCount).toBe(3);
    expect(c.availability).toBeCloseTo(r.system.availability as number, 12);
    expect(c.mtbf).toBeCloseTo(r.system.mtbf as number, 6);
    expect(r.system.pointAvailability[0].value).toBeCloseTo(c.pointAvailability[0].value as number, 10);
  });

  it('2-unit parallel, 2 crews (independent repair): 0.991736, MTTFF 650 h, MTBF 605 h, MUT 600 h, MDT 5 h', () => {
    const r = analyze(scenario({ components: [unit('u', { count: 2 })], system: parallel('u[1]', 'u[2]'), horizon: YEAR }));
    expect(r.method).toBe('closed-form: parallel of independent units');
    expect(sig6(r.system.availability)).toBe(0.991736);
    expect(hours(r.system.mttff)).toBeCloseTo(650, 6);
    expect(hours(r.system.mtbf)).toBeCloseTo(605, 9);
    expect(hours(r.system.mut)).toBeCloseTo(600, 9);
    expect(hours(r.system.mdt)).toBeCloseTo(5, 9);
    expect(r.approximate).toBe(false);
  });

  it('2-unit parallel, 1 crew (CTMC): 0.983607, MTTFF 650 h, MTBF 610 h, MUT 600 h, MDT 10 h', () => {
    const r = analyze(
      scenario({ components: [unit('u', { count: 2, crew: 'repair' })], crews: { repair: 1 }, system: parallel('u[1]', 'u[2]'), horizon: YEAR }),
    );
    // Lumped (interchangeable units counted): the textbook 3-state chain (2, 1, 0 up); 5 states unlumped.
    expect(r.method).toBe('CTMC (3 states)');
    expect(r.stateCount).toBe(3);
    expect(sig6(r.system.availability)).toBe(0.983607);
    expect(hours(r.system.mttff)).toBeCloseTo(650, 6);
    expect(hours(r.system.mtbf)).toBeCloseTo(610, 6);
    expect(hours(r.system.mut)).toBeCloseTo(600, 6);
    expect(hours(r.system.mdt)).toBeCloseTo(10, 6);
    expect(r.approximate).toBe(false);
    expect(r.assumptions.join()).toMatch(/first-come first-served/);
    expectPlainJson(r);
  });

  it('2-out-of-3 with a = 0.99: 0.999702, MTTFF 17160 h, MTBF 16835.02 h, MUT 16830.00 h, MDT 5.0168 h', () => {
    const r = analyze(
      scenario({ components: [component('u', { count: 3, failure: 990 * H, repair: 10 * H })], system: kOfN(2, 'u[1]', 'u[2]', 'u[3]'), horizon: 10 * YEAR }),
    );
    expect(r.method).toBe('closed-form: k-out-of-n (binomial)');
    expect(sig6(r.system.availability)).toBe(0.999702);
    expect(r.system.unavailability).toBeCloseTo(0.000298, 15);
    expect(hours(r.system.downtimePerYear)).toBeCloseTo(2.61, 2);
    expect(hours(r.system.mttff)).toBeCloseTo(17160, 5);
    expect(Number((hours(r.system.mtbf) as number).toFixed(2))).toBe(16835.02);
    expect(Number((hours(r.system.mut) as number).toFixed(2))).toBe(16830.0);
    expect(Number((hours(r.system.mdt) as number).toFixed(4))).toBe(5.0168);
  });

  it('cold standby, no repair: R(1000 h) = 0.698971, MTTFF 1900 h, mean availability over 30000 h 0.063333', () => {
    const sc = scenario({
      components: [component('primary', { failure: 1000 * H, repair: null }), component('spare', { failure: 1000 * H, repair: null })],
      system: standby(['primary', 'spare'], { mode: 'cold', switchSuccess: 0.9 }),
      horizon: 30000 * H,
      reliabilityAt: [1000 * H],
      pointAvailabilityAt: [1000 * H],
    });
    const r = analyze(sc);
    expect(r.method).toBe('closed-form: cold standby without repair');
    expect(sig6(r.system.reliability[0].value)).toBe(0.698971);
    expect(hours(r.system.mttff)).toBeCloseTo(1900, 9);
    expect(sig6(r.system.intervalAvailability.value)).toBe(0.0633333);
    expect(r.system.availability).toBeNull();
    expect(r.system.mtbf).toBeNull();
    expect(r.approximate).toBe(false);
    expectPlainJson(r);
    // The CTMC agrees.
    const c = ok(analyzeSystemCtmc(sc, { reliabilityAt: [1000 * H], pointAvailabilityAt: [1000 * H], interval: [0, 30000 * H] }));
    expect(c.availability).toBeNull();
    expect(sig6(c.reliability[0].value)).toBe(0.698971);
    expect(sig6(c.pointAvailability[0].value)).toBe(0.698971);
    expect(hours(c.mttff)).toBeCloseTo(1900, 6);
    expect(c.intervalAvailability).toBeCloseTo(r.system.intervalAvailability.value as number, 9);
  });
});

describe('CTMC cross-checks', () => {
  const mixed = () => [
    component('a', { failure: 200 * H, repair: 5 * H }),
    component('b', { count: 3, failure: 80 * H, repair: 12 * H }),
    component('c', { count: 2, failure: 500 * H, repair: 30 * H }),
  ];
  const tree = series('a', kOfN(2, 'b[1]', 'b[2]', 'b[3]'), parallel('c[1]', 'c[2]'));

  it('CTMC of independent units equals the structure function (availability, MTBF, per instance, A(t))', () => {
    const sc = scenario({ components: mixed(), system: tree, pointAvailabilityAt: [3 * H, 40 * H] });
    const closed = analyze(sc);
    expect(closed.method).toBe('structure function over independent components');
    const c = ok(analyzeSystemCtmc(sc, { pointAvailabilityAt: [3 * H, 40 * H] }));
    // Lumped: a (2 states) x b (0..3 down: 4) x c (0..2 down: 3) = 24; unlumped 2^6 = 64.
    expect(c.stateCount).toBe(24);
    expect(ok(analyzeSystemCtmc(sc, { lump: false })).stateCount).toBe(64);
    expect(c.availability).toBeCloseTo(closed.system.availability as number, 13);
    expect(c.unavailability as number / (closed.system.unavailability as number)).toBeCloseTo(1, 10);
    expect((c.mtbf as number) / (closed.system.mtbf as number)).toBeCloseTo(1, 10);
    expect((c.mdt as number) / (closed.system.mdt as number)).toBeCloseTo(1, 10);
    c.instances.forEach((i, k) => expect(i.availability).toBeCloseTo(closed.instances[k].availability as number, 13));
    c.pointAvailability.forEach((p, k) => expect(p.value).toBeCloseTo(closed.system.pointAvailability[k].value as number, 10));
  });

  it('CTMC with ample crews equals independent repair; a limited crew lowers availability', () => {
    const indep = analyze(scenario({ components: mixed(), system: tree }));
    const ample = scenario({
      components: mixed().map((c) => ({ ...c, crew: 'ops' })),
      crews: { ops: 6 },
      system: tree,
    });
    const r = analyze(ample);
    expect(r.system.availability).toBeCloseTo(indep.system.availability as number, 13);
    const c = ok(analyzeSystemCtmc(ample));
    expect(c.availability).toBeCloseTo(indep.system.availability as number, 13);
    const limited = analyze({ ...ample, crews: [{ name: 'ops', count: 1 }] });
    expect(limited.method).toMatch(/^CTMC/);
    expect(limited.system.availability as number).toBeLessThan(indep.system.availability as number);
  });

  it('CTMC of k-of-n identical units equals the binomial sum', () => {
    const sc = scenario({ components: [component('w', { count: 5, failure: 300 * H, repair: 20 * H })], system: kOfN(3, 'w[1]', 'w[2]', 'w[3]', 'w[4]', 'w[5]') });
    const c = ok(analyzeSystemCtmc(sc));
    expect(c.availability).toBeCloseTo(kOutOfNIdentical(3, 5, singleUnitAvailability(300, 20)), 13);
  });

  it('hot standby with instant perfect switching equals parallel; cold standby with repair beats it', () => {
    const comps = [unit('p'), unit('s')];
    const hot = analyze(scenario({ components: comps, system: standby(['p', 's'], { mode: 'hot' }) }));
    const a = singleUnitAvailability(100, 10);
    expect(hot.method).toMatch(/^CTMC/);
    expect(hot.system.availability).toBeCloseTo(parallelAvailability([a, a]), 13);
    expect(hot.system.mttff as number / H).toBeCloseTo(650, 6);
    const cold = analyze(scenario({ components: comps, system: standby(['p', 's'], { mode: 'cold' }) }));
    // Cold standby, independent repair: states (active up, spare up), (one down), (both down).
    // Balance: pi0 l = pi1 mu; pi1 l = pi2 2 mu -> A = 1 - pi2.
    const [l, mu] = [0.01, 0.1];
    const w = [1, l / mu, (l / mu) * (l / (2 * mu))];
    expect(cold.system.availability).toBeCloseTo(1 - w[2] / (w[0] + w[1] + w[2]), 13);
  });

  it('standby: imperfect switching and switchover lower availability; switchover is flagged approximate', () => {
    const comps = [unit('p'), unit('s')];
    const perfect = analyze(scenario({ components: comps, system: standby(['p', 's'], { mode: 'warm', dormancy: 0.5 }) }));
    const imperfect = analyze(scenario({ components: comps, system: standby(['p', 's'], { mode: 'warm', dormancy: 0.5, switchSuccess: 0.9 }) }));
    const slow = analyze(scenario({ components: comps, system: standby(['p', 's'], { mode: 'warm', dormancy: 0.5, switchover: 600 }) }));
    expect(imperfect.system.availability as number).toBeLessThan(perfect.system.availability as number);
    expect(slow.system.availability as number).toBeLessThan(perfect.system.availability as number);
    expect(perfect.approximate).toBe(false);
    expect(imperfect.approximate).toBe(false);
    expect(slow.approximate).toBe(true);
    expect(slow.violations.join()).toMatch(/switchover 10 min of standby block \[p, s\] modelled as exponential/);
  });

  it('standby with imperfect switching matches a hand-built CTMC', () => {
    // Cold standby p -> s, switch success q, independent repair. States by (p, s, block):
    // A: p active up, s up; B: s active up, p down; C: p active up, s down; D: both down;
    // E: failed switch (p down, s up, block down).
    const [l, mu, q] = [0.01, 0.1, 0.8];
    const comps = [unit('p'), unit('s')];
    const r = analyze(scenario({ components: comps, system: standby(['p', 's'], { mode: 'cold', switchSuccess: q }) }));
    // 8 states: which unit is active x the other's state x mode; by symmetry they lump to 4:
    // A: active up, spare up; C: active up, spare down; E: failed switch (active down, spare up); D: both down.
    // A -> C at l q, A -> E at l (1 - q); C -> A at mu, C -> D at l; E -> A at mu (the repaired unit becomes
    // active, the cold spare did not age); D -> C at 2 mu (either repair; that unit becomes active).
    expect(r.stateCount).toBe(8);
    const Q = [
      [-l, l * q, l * (1 - q), 0],
      [mu, -(mu + l), 0, l],
      [mu, 0, -mu, 0],
      [0, 2 * mu, 0, -2 * mu],
    ];
    // Solve pi Q = 0 by hand (4x4) with ml-free Gaussian elimination.
    const n = 4;
    const A = Q[0].map((_, j) => Q.map((row) => row[j]));
    A[n - 1] = [1, 1, 1, 1];
    const b = [0, 0, 0, 1];
    for (let k = 0; k < n; k++) {
      let p = k;
      for (let i = k + 1; i < n; i++) if (Math.abs(A[i][k]) > Math.abs(A[p][k])) p = i;
      [A[k], A[p]] = [A[p], A[k]];
      [b[k], b[p]] = [b[p], b[k]];
      for (let i = k + 1; i < n; i++) {
        const f = A[i][k] / A[k][k];
        for (let j = k; j < n; j++) A[i][j] -= f * A[k][j];
        b[i] -= f * b[k];
      }
    }
    const pi = new Array<number>(n).fill(0);
    for (let i = n - 1; i >= 0; i--) {
      let s = b[i];
      for (let j = i + 1; j < n; j++) s -= A[i][j] * pi[j];
      pi[i] = s / A[i][i];
    }
    expect(r.system.availability).toBeCloseTo(pi[0] + pi[1], 13);
  });

  it('uniformization at large t tends to the steady state; A(0) = 1', () => {
    const sc = scenario({ components: [unit('u', { count: 3, crew: 'ops' })], crews: { ops: 1 }, system: kOfN(2, 'u[1]', 'u[2]', 'u[3]') });
    const c = ok(analyzeSystemCtmc(sc, { pointAvailabilityAt: [0, 5 * H, 1e5 * H], reliabilityAt: [0, 1e5 * H], interval: [0, 1e6 * H] }));
    expect(c.pointAvailability[0].value).toBe(1);
    expect(c.pointAvailability[2].value).toBeCloseTo(c.availability as number, 12);
    // The start-up bias on the mean over 1e6 h is about integral (A(t) - A) dt / T ~ 1e-6.
    expect(Math.abs((c.intervalAvailability as number) - (c.availability as number))).toBeLessThan(5e-6);
    expect(c.intervalAvailability as number).toBeGreaterThan(c.availability as number);
    expect(c.reliability[0].value).toBe(1);
    expect(c.reliability[1].value as number).toBeLessThan(1e-10); // within the 2 epsilon error bound of 0
  });

  it('single-unit CTMC point availability equals the closed form', () => {
    const sc = scenario({ components: [component('u', { failure: 1000 * H, repair: 10 * H, crew: 'c' }), component('v', { crew: 'c' })], crews: { c: 1 }, system: series('u') });
    const ts = [H, 10 * H, 100 * H];
    const c = ok(analyzeSystemCtmc({ ...sc, crews: [{ name: 'c', count: 2 }] }, { pointAvailabilityAt: ts }));
    ts.forEach((t, k) => expect(c.pointAvailability[k].value).toBeCloseTo(pointAvailabilityExponential(1 / (1000 * H), 1 / (10 * H), t), 11));
  });

  it('reliability of a series from the CTMC equals e^{-sum l t}', () => {
    const sc = scenario({ components: [unit('u', { count: 3, crew: 'ops' })], crews: { ops: 1 } });
    const c = ok(analyzeSystemCtmc(sc, { reliabilityAt: [20 * H] }));
    expect(c.reliability[0].value).toBeCloseTo(Math.exp(-0.03 * 20), 11);
    expect((c.mttff as number) / H).toBeCloseTo(100 / 3, 9);
  });

  it('state space cap: flagged fallback to the independent approximation', () => {
    const sc = scenario({ components: [component('w', { count: 8, crew: 'ops' })], crews: { ops: 2 }, system: kOfN(6, ...Array.from({ length: 8 }, (_, i) => `w[${i + 1}]`)) });
    const full = analyze(sc);
    expect(full.method).toMatch(/^CTMC/);
    const capped = analyze(sc, { maxStates: 5 });
    expect(capped.method).toMatch(/approximation: CTMC state space too large/);
    expect(capped.approximate).toBe(true);
    expect(capped.violations[0]).toMatch(/state space too large: more than 5 reachable states.*shared repair crews \(ops: 2 repairers for 8 units\)/);
    expect(capped.system.availability as number).toBeGreaterThan(full.system.availability as number);
  });
});

describe('violations and assumptions', () => {
  it('non-exponential laws: structure function stays exact in steady state, transient values are null', () => {
    const r = analyze(
      scenario({
        components: [component('web', { count: 2, failure: { kind: 'weibull', shape: 1.2, scale: 4000 * H }, repair: { kind: 'fixed', value: 1800 } })],
        system: parallel('web[1]', 'web[2]'),
        pointAvailabilityAt: [H],
        reliabilityAt: [H],
      }),
    );
    expect(r.approximate).toBe(false);
    expect(r.system.availability).not.toBeNull();
    expect(r.system.pointAvailability[0].value).toBeNull();
    expect(r.system.reliability[0].value).toBeNull();
    expect(r.system.mttff).toBeNull();
    expect(r.notes.join()).toMatch(/non-exponential failure law on component web: weibull shape 1\.2/);
  });

  it('non-exponential laws in a CTMC are violations naming the component and law', () => {
    const r = analyze(
      scenario({
        components: [component('web', { count: 2, failure: { kind: 'weibull', shape: 1.2, scale: 4000 * H }, crew: 'ops' })],
        crews: { ops: 1 },
        system: parallel('web[1]', 'web[2]'),
      }),
    );
    expect(r.approximate).toBe(true);
    // Phase-type clock (issue 13 item 2): Weibull shape 1.2 has cv^2 = 0.70, third moment outside APH(2).
    expect(r.violations[0]).toMatch(/^non-exponential failure law on component web: weibull shape 1\.2 scale 167 d \(modelled as phase-type of order 3 matching the mean, cv\^2 and third moment\)/);
    const exponential = analyze(
      scenario({
        components: [component('web', { count: 2, failure: { kind: 'weibull', shape: 1.2, scale: 4000 * H }, crew: 'ops' })],
        crews: { ops: 1 },
        system: parallel('web[1]', 'web[2]'),
      }),
      { maxPhaseOrder: 1 },
    );
    expect(exponential.violations[0]).toMatch(/^non-exponential failure law on component web: weibull shape 1\.2 scale 167 d \(modelled as exponential with mean 157 d\)/);
  });

  it('scheduled faults are reported', () => {
    const r = analyze(
      scenario({
        components: [unit('db')],
        faults: [fault(['db'], { at: 30 * 86400, duration: 2 * H }), fault(['db'], { at: 60 * 86400, duration: 2 * H, index: 1 })],
      }),
    );
    expect(r.violations).toContain('scheduled faults present: 2 crash faults (crash of db at 30 d for 2 h; crash of db at 60 d for 2 h) add downtime the formula ignores');
    expect(r.approximate).toBe(true);
  });

  it('rate faults: a zone outage shared by parallel units (CTMC), its structure-function approximation, and correlation', () => {
    const sc = scenario({
      components: [unit('a'), unit('b')],
      system: parallel('a', 'b'),
      faults: [fault(['a', 'b'], { kind: 'zone-outage', zone: 'z', rate: 1 / (200 * H), duration: exp(5 * H) })],
    });
    const r = analyze(sc);
    expect(r.method).toMatch(/^CTMC/);
    expect(r.approximate).toBe(true);
    expect(r.violations[0]).toMatch(/zone-outage fault faults\[0\] \(rate 1\/8\.33 d, mean duration 5 h\) modelled as an on\/off process/);
    // Before the first system failure the CTMC is exact: the first outage arrival is exponential.
    // MTTFF = E[min(outage arrival, failure of the 2-unit parallel)] from the CTMC {2 up, 1 up} with an extra exit r.
    const [l, mu, rf] = [0.01, 0.1, 1 / 200];
    // T2 = (1 + 2l T1)/(2l + rf), T1 = (1 + mu T2)/(l + mu + rf).
    const T2 = (1 + (2 * l) / (l + mu + rf)) / (2 * l + rf - (2 * l * mu) / (l + mu + rf));
    expect((r.system.mttff as number) / H).toBeCloseTo(T2, 8);
    // The held-down probability of the on/off model is the exact M/G/infinity value 1 - e^{-r d}.
    const onlyFault = (repair: Parameters<typeof unit>[1]) =>
      analyze(scenario({ components: [unit('a', repair)], faults: [fault(['a'], { rate: 1 / (200 * H), duration: exp(5 * H) })] }));
    for (const r1 of [onlyFault({ failure: null }), onlyFault({ failure: null, repair: { kind: 'fixed', value: H } })]) {
      expect(r1.system.unavailability).toBeCloseTo(-Math.expm1(-5 / 200), 14);
      expect((r1.system.mtbf as number) / H).toBeCloseTo(200 * Math.exp(5 / 200), 8);
    }
    // Rate faults are in the CTMC whatever the laws (issue 13 item 3: phase-type clocks).
    expect(onlyFault({ failure: null, repair: { kind: 'fixed', value: H } }).method).toMatch(/^CTMC/);
    // Over the state cap: independent modules with the fault decoupled, i.e. the structure function with the
    // fault as a shared virtual component: close to the CTMC (it ignores that targets do not age during the
    // outage, and says so), and much lower than treating the outage as independent per unit.
    const approx = analyze({ ...sc, components: sc.components.map((c) => ({ ...c, repair: { kind: 'fixed' as const, value: 10 * H } })) }, { maxStates: 2 });
    expect(approx.method).toMatch(/^independent modules \(3 modules.*faults decoupled/);
    expect(approx.violations.join(' ')).toMatch(/keep ageing while held down/);
    const pf = Math.exp(-5 / 200);
    const a = singleUnitAvailability(100, 10);
    expect(approx.system.availability).toBeCloseTo(pf * parallelAvailability([a, a]), 12);
    expect(Math.abs((approx.system.availability as number) - (r.system.availability as number))).toBeLessThan(5e-4);
    expect(approx.system.availability as number).toBeLessThan(parallelAvailability([a * pf, a * pf]));
  });

  it('assumptions list ageing, repair and faults; results are plain JSON', () => {
    const r = analyze(scenario({ components: [unit('u', { count: 2 })], system: parallel('u[1]', 'u[2]'), ageingWhileSystemDown: false }));
    expect(r.method).toBe('CTMC (3 states)'); // lumped: 0, 1 or 2 units down
    expect(r.assumptions).toContain('no failures while the system is down (every failure clock frozen)');
    expect(r.assumptions).toContain('no injected faults');
    expect(r.notes.join()).toMatch(/CTMC needed for no ageing while the system is down/);
    expectPlainJson(r);
  });

  it('unknown instances throw', () => {
    expect(() => analyze(scenario({ components: [unit('u')], system: series('nope') }))).toThrow(/unknown instance nope/);
  });
});

describe('properties', () => {
  const arbScenario = fc
    .record({
      n: fc.integer({ min: 1, max: 4 }),
      mttf: fc.array(fc.double({ min: 10, max: 1e4, noNaN: true }), { minLength: 4, maxLength: 4 }),
      mttr: fc.array(fc.double({ min: 0.1, max: 100, noNaN: true }), { minLength: 4, maxLength: 4 }),
      kind: fc.constantFrom('series', 'parallel', 'k_of_n'),
      crew: fc.boolean(),
      ageing: fc.boolean(),
    })
    .map(({ n, mttf, mttr, kind, crew, ageing }): Scenario => {
      const comps = Array.from({ length: n }, (_, i) => component(`c${i}`, { failure: mttf[i] * H, repair: mttr[i] * H, crew: crew ? 'ops' : null }));
      const ids = comps.map((c) => c.name);
      const system = kind === 'series' ? series(...ids) : kind === 'parallel' ? parallel(...ids) : kOfN(Math.max(1, n - 1), ...ids);
      return scenario({ components: comps, crews: crew ? { ops: 1 } : {}, system, ageingWhileSystemDown: ageing, pointAvailabilityAt: [H], reliabilityAt: [H] });
    });

  it('0 <= A <= 1, A + U = 1, MUT + MDT = MTBF, R(t) <= A(t), series <= min instance, parallel >= max', () => {
    fc.assert(
      fc.property(arbScenario, (sc) => {
        const r = analyze(sc);
        const s = r.system;
        const a = s.availability as number;
        expect(a).toBeGreaterThanOrEqual(0);
        expect(a).toBeLessThanOrEqual(1);
        expect(a + (s.unavailability as number)).toBeCloseTo(1, 12);
        if (s.mtbf !== null) expect(((s.mut as number) + (s.mdt as number)) / s.mtbf).toBeCloseTo(1, 9);
        const inst = r.instances.map((i) => i.availability as number);
        if (sc.system.type === 'series' && sc.ageingWhileSystemDown) expect(a).toBeLessThanOrEqual(Math.min(...inst) + 1e-12);
        if (sc.system.type === 'parallel') expect(a).toBeGreaterThanOrEqual(Math.max(...inst) - 1e-12);
        if (s.reliability[0].value !== null && s.pointAvailability[0].value !== null) {
          expect(s.reliability[0].value).toBeLessThanOrEqual(s.pointAvailability[0].value + 1e-12);
        }
        expectPlainJson(r);
      }),
      { numRuns: 80 },
    );
  });

  it('the CTMC of independent exponential units equals the structure function, for random trees', () => {
    const arb = fc.record({
      mttf: fc.array(fc.double({ min: 5, max: 5e3, noNaN: true }), { minLength: 5, maxLength: 5 }),
      mttr: fc.array(fc.double({ min: 0.5, max: 50, noNaN: true }), { minLength: 5, maxLength: 5 }),
      shape: fc.constantFrom('a', 'b', 'c'),
    });
    fc.assert(
      fc.property(arb, ({ mttf, mttr, shape }) => {
        const comps = mttf.map((f, i) => component(`u${i}`, { failure: f * H, repair: mttr[i] * H }));
        const system =
          shape === 'a' ? series('u0', parallel('u1', 'u2'), kOfN(1, 'u3', 'u4'))
          : shape === 'b' ? kOfN(3, 'u0', 'u1', series('u2', 'u3'), 'u4')
          : parallel(series('u0', 'u1'), series('u2', kOfN(1, 'u3', 'u4')));
        const sc = scenario({ components: comps, system });
        const closed = analyze(sc);
        const c = ok(analyzeSystemCtmc(sc));
        expect(c.availability).toBeCloseTo(closed.system.availability as number, 12);
        expect((c.unavailability as number) / (closed.system.unavailability as number)).toBeCloseTo(1, 8);
        expect((c.mtbf as number) / (closed.system.mtbf as number)).toBeCloseTo(1, 8);
        expect((c.mttff as number) / (closed.system.mttff as number)).toBeCloseTo(1, 10);
      }),
      { numRuns: 40 },
    );
  });

  it('independent series with ageing: analyze equals the product of unit availabilities', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 1, max: 1e5, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true })), { minLength: 1, maxLength: 6 }), (units) => {
        const comps = units.map(([f, r], i) => component(`c${i}`, { failure: f, repair: r }));
        const r = analyze(scenario({ components: comps }));
        expect(r.system.availability).toBeCloseTo(seriesAvailability(units.map(([f, rr]) => f / (f + rr))), 12);
      }),
      { numRuns: 50 },
    );
  });
});

describe('system CTMC structure', () => {
  it('lumps the in-repair order of a crew and keeps the FIFO queue order', () => {
    // Unlumped, 3 units, 2 repairers: in-service order irrelevant -> states: 0 down (1), 1 down (3),
    // 2 down (3 unordered pairs), 3 down (3 choices of the waiting unit x 1) = 10.
    const sc = scenario({ components: [component('u', { count: 3, crew: 'ops' })], crews: { ops: 2 }, system: parallel('u[1]', 'u[2]', 'u[3]') });
    const m = buildSystemCtmc(sc, { lump: false });
    expect(m.chain.n).toBe(10);
    // 1 repairer: 1 + 3 + 6 + 6 = 16 (every queue order).
    const m1 = buildSystemCtmc({ ...sc, crews: [{ name: 'ops', count: 1 }] }, { lump: false });
    expect(m1.chain.n).toBe(16);
    // Lumped (the three units are interchangeable): 0, 1, 2 or 3 down = 4 states either way.
    expect(buildSystemCtmc(sc).chain.n).toBe(4);
    expect(buildSystemCtmc({ ...sc, crews: [{ name: 'ops', count: 1 }] }).chain.n).toBe(4);
    expect(m1.describeState(0)).toBe('u[1]:up u[2]:up u[3]:up (system up)');
  });
});
