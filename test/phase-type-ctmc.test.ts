/**
 * The system CTMC with phase-type clocks (src/analytic/ctmc-phases.ts, phase-type-analysis.ts):
 * - a single repairable unit: steady-state availability and MTBF are insensitive to the laws beyond their
 *   means (alternating renewal process: A = MTTF/(MTTF+MTTR), MTBF = MTTF + MTTR; Ross, "Stochastic
 *   Processes", 2nd ed. (1996), ch. 3), so the expanded chain must reproduce them to rounding;
 * - a rate fault: the held-down probability 1 - e^(-r d) and outage frequency r e^(-r d) of M/G/infinity
 *   busy periods (Takács 1962) whatever the duration law;
 * - 1-out-of-2 with one repairer and deterministic repair: the regenerative closed form of
 *   test/reference/parallel-deterministic-repair.ts; Erlang phases approach it as the order grows;
 * - lumped = unlumped with phases (ordinary lumpability, Buchholz 1994);
 * - analyze(): the report of orders, moments, sensitivity, and the fallback under the state cap.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analytic/expectations.js';
import { analyzeSystemCtmc, type SystemCtmcAnalysis } from '../src/analytic/system-measures.js';
import type { PhaseTypeChoice } from '../src/analytic/ctmc-phases.js';
import type { DistributionSpec, Scenario } from '../src/scenario/types.js';
import { component, fault, H, kOfN, leaf, scenario, series } from './helpers/scenario-builders.js';
import { parallelDeterministicRepair } from './reference/parallel-deterministic-repair.js';
import { phaseTypeLines } from '../src/report/phase-type-lines.js';
import type { AnalyticPhaseType } from '../src/analytic/types.js';

const rel = (a: number | null, b: number) => Math.abs((a as number) - b) / Math.abs(b);
const solve = (sc: Scenario, phases: PhaseTypeChoice | undefined, extra = {}) => {
  const r = analyzeSystemCtmc(sc, { phases, ...extra });
  expect(r.status).toBe('ok');
  return r as SystemCtmcAnalysis;
};
const MINIMAL: PhaseTypeChoice = { order: 'minimal', maxOrder: 8 };

const lognormal = (median: number, sigma: number): DistributionSpec => ({ kind: 'lognormal', mu: Math.log(median), sigma });

describe('phase-type clocks: insensitivity of a single repairable unit', () => {
  const laws: Array<[string, DistributionSpec, DistributionSpec]> = [
    ['lognormal repair', { kind: 'exponential', mean: 1000 * H }, lognormal(2 * H, 1.2)],
    ['Weibull failure and repair', { kind: 'weibull', shape: 1.5, scale: 1000 * H }, { kind: 'weibull', shape: 0.7, scale: 3 * H }],
    ['fixed repair', { kind: 'weibull', shape: 2, scale: 500 * H }, { kind: 'fixed', value: 10 * H }],
    ['uniform failure, normal repair', { kind: 'uniform', min: 100 * H, max: 900 * H }, { kind: 'normal', mean: 4 * H, sd: 2 * H }],
  ];
  it.each(laws)('%s: A = MTTF/(MTTF+MTTR) and MTBF = MTTF + MTTR', (_, failure, repair) => {
    const c = component('u', { failure, repair });
    const sc = scenario({ components: [c], system: leaf('u') });
    const r = solve(sc, MINIMAL);
    expect(r.stateCount).toBeGreaterThan(2); // phases expanded
    expect(r.phaseFits.length).toBeGreaterThan(0);
    const mttf = r.phaseFits.find((f) => f.what.startsWith('failure'))?.fit.target[0] ?? (failure.kind === 'exponential' ? failure.mean : NaN);
    const mttr = r.phaseFits.find((f) => f.what.startsWith('repair'))?.fit.target[0] as number;
    expect(rel(r.availability, mttf / (mttf + mttr))).toBeLessThan(1e-10);
    expect(rel(r.mtbf, mttf + mttr)).toBeLessThan(1e-9);
    expect(rel(r.mdt, mttr)).toBeLessThan(1e-9);
  });
});

describe('phase-type clocks: rate faults', () => {
  it.each([
    ['fixed', { kind: 'fixed', value: 6 * H } as DistributionSpec],
    ['lognormal', lognormal(3 * H, 1.3)],
  ])('%s duration: held down with probability 1 - e^(-r d), outages at frequency r e^(-r d)', (_, duration) => {
    const c = component('u', { failure: null });
    const sc = scenario({ components: [c], system: leaf('u') });
    const r0 = 1 / (20 * H);
    sc.faults = [fault(['u'], { rate: r0, duration })];
    const res = solve(sc, MINIMAL);
    expect(res.stateCount).toBeGreaterThan(2);
    const d = res.phaseFits[0].fit.target[0];
    expect(rel(res.unavailability, -Math.expm1(-r0 * d))).toBeLessThan(1e-10);
    expect(rel(res.mtbf, 1 / (r0 * Math.exp(-r0 * d)))).toBeLessThan(1e-9);
  });

  it('analyze() puts rate faults with non-exponential laws in the CTMC, with the fits reported', () => {
    const web = component('web', { count: 2, failure: { kind: 'weibull', shape: 1.3, scale: 2000 * H }, repair: lognormal(H, 1) });
    const sc = scenario({ components: [web], system: kOfN(1, 'web[1]', 'web[2]') });
    sc.faults = [fault(['web[1]'], { rate: 1 / (500 * H), duration: lognormal(2 * H, 1) })];
    const r = analyze(sc);
    expect(r.method).toMatch(/^CTMC/);
    expect(r.phaseType?.fits.map((f) => f.what)).toEqual([
      'failure law on component web',
      'repair law on component web',
      'duration of crash fault faults[0]',
    ]);
    expect(r.violations.some((v) => /busy periods .* shaped as the duration law/.test(v))).toBe(true);
  });
});

describe('phase-type clocks: 1-out-of-2, one repairer, deterministic repair', () => {
  const l = 0.01 / H;
  const tau = 10 * H;
  const ref = parallelDeterministicRepair(l, tau);
  const build = () => {
    const c = component('u', { count: 2, failure: { kind: 'exponential', mean: 1 / l }, repair: { kind: 'fixed', value: tau }, crew: 'ops' });
    return scenario({ components: [c], crews: { ops: 1 }, system: kOfN(1, 'u[1]', 'u[2]') });
  };
  it('the error of the unavailability shrinks with the Erlang order and order 4 beats the exponential law', () => {
    const errors = [1, 2, 4, 8, 16].map((order) => rel(solve(build(), { order }).unavailability, ref.unavailability));
    // Erlang(n) of the fixed repair converges to it as n grows: the error falls with every doubling.
    for (let k = 1; k < errors.length; k++) expect(errors[k]).toBeLessThan(errors[k - 1]);
    expect(errors[2]).toBeLessThan(errors[0]);
  });
  it('MDT and failure frequency approach the closed form too', () => {
    const r1 = solve(build(), { order: 1 });
    const r16 = solve(build(), { order: 16 });
    expect(rel(r16.mdt, ref.mdt)).toBeLessThan(rel(r1.mdt, ref.mdt));
    expect(rel(1 / (r16.mtbf as number), ref.frequency)).toBeLessThan(rel(1 / (r1.mtbf as number), ref.frequency));
  });
});

describe('phase-type clocks and symmetry lumping', () => {
  it('lumped and unlumped chains give the same measures with phases, a crew and a fault', () => {
    const a = component('a', { count: 3, failure: { kind: 'weibull', shape: 1.4, scale: 300 * H }, repair: lognormal(5 * H, 0.9), crew: 'ops' });
    const b = component('b', { failure: { kind: 'exponential', mean: 400 * H }, repair: { kind: 'uniform', min: 2 * H, max: 8 * H } });
    const sc = scenario({ components: [a, b], crews: { ops: 1 }, system: series(kOfN(2, 'a[1]', 'a[2]', 'a[3]'), 'b') });
    sc.faults = [fault(['b'], { rate: 1 / (1000 * H), duration: { kind: 'fixed', value: 4 * H } })];
    const opts = { reliabilityAt: [50 * H], pointAvailabilityAt: [30 * H] };
    const x = solve(sc, { order: 'minimal', maxOrder: 3 }, opts);
    const y = solve(sc, { order: 'minimal', maxOrder: 3 }, { ...opts, lump: false });
    expect(x.stateCount).toBeLessThan(y.stateCount);
    for (const k of ['unavailability', 'mtbf', 'mttff'] as const) expect(rel(x[k], y[k] as number)).toBeLessThan(1e-7);
    expect(rel(x.reliability[0].value, y.reliability[0].value as number)).toBeLessThan(1e-7);
    expect(rel(x.pointAvailability[0].value, y.pointAvailability[0].value as number)).toBeLessThan(1e-7);
    x.instances.forEach((i, k) => expect(rel(i.availability, y.instances[k].availability as number)).toBeLessThan(1e-7));
  });
});

describe('phase-type clocks and symmetry lumping: random small models (property)', () => {
  const lawArb = fc.oneof(
    fc.integer({ min: 5, max: 50 }).map((m): DistributionSpec => ({ kind: 'exponential', mean: m * H })),
    fc.record({ shape: fc.double({ min: 0.6, max: 3, noNaN: true }), scale: fc.integer({ min: 5, max: 50 }) }).map(({ shape, scale }): DistributionSpec => ({ kind: 'weibull', shape, scale: scale * H })),
    fc.record({ m: fc.integer({ min: 1, max: 20 }), s: fc.double({ min: 0.2, max: 1.5, noNaN: true }) }).map(({ m, s }) => lognormal(m * H, s)),
    fc.integer({ min: 1, max: 20 }).map((v): DistributionSpec => ({ kind: 'fixed', value: v * H })),
  );
  const modelArb = fc.record({
    comps: fc.array(fc.record({ count: fc.integer({ min: 1, max: 3 }), mttfScale: fc.integer({ min: 5, max: 40 }), failure: lawArb, repair: lawArb, crewed: fc.boolean() }), { minLength: 1, maxLength: 2 }),
    repairers: fc.integer({ min: 1, max: 2 }),
    withFault: fc.boolean(),
    faultLaw: lawArb,
    ageing: fc.boolean(),
    maxOrder: fc.integer({ min: 2, max: 3 }),
  });
  it('lumped = unlumped: availability, MTBF, MTTFF and per-instance availability', () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        // Failure laws scaled so units are up most of the time (failure mean x mttfScale).
        const scaled = (law: DistributionSpec, k: number): DistributionSpec =>
          law.kind === 'exponential' ? { ...law, mean: law.mean * k } : law.kind === 'weibull' ? { ...law, scale: law.scale * k } : law.kind === 'lognormal' ? { ...law, mu: law.mu + Math.log(k) } : law.kind === 'fixed' ? { ...law, value: law.value * k } : law;
        const comps = m.comps.map((c, i) => component(`c${i}`, { count: c.count, failure: scaled(c.failure, c.mttfScale), repair: c.repair, crew: c.crewed ? 'ops' : null }));
        const leaves = comps.flatMap((c) => (c.count === 1 ? [c.name] : Array.from({ length: c.count }, (_, k) => `${c.name}[${k + 1}]`)));
        const sc = scenario({ components: comps, crews: { ops: m.repairers }, system: kOfN(Math.max(1, leaves.length - 1), ...leaves), ageingWhileSystemDown: m.ageing });
        if (m.withFault) sc.faults = [fault([leaves[0]], { rate: 1 / (300 * H), duration: m.faultLaw })];
        const phases: PhaseTypeChoice = { order: 'minimal', maxOrder: m.maxOrder };
        const a = solve(sc, phases);
        const b = solve(sc, phases, { lump: false });
        expect(a.stateCount).toBeLessThanOrEqual(b.stateCount);
        for (const k of ['unavailability', 'mtbf', 'mttff'] as const) expect(rel(a[k], b[k] as number)).toBeLessThan(1e-7);
        a.instances.forEach((x, i) => expect(rel(x.availability, b.instances[i].availability as number)).toBeLessThan(1e-7));
      }),
      { numRuns: 25 },
    );
  });
});

describe('analyze(): phase-type report and state budget', () => {
  const build = () => {
    const c = component('u', { count: 3, failure: { kind: 'weibull', shape: 1.2, scale: 400 * H }, repair: lognormal(4 * H, 1.1), crew: 'ops' });
    return scenario({ components: [c], crews: { ops: 1 }, system: kOfN(2, 'u[1]', 'u[2]', 'u[3]') });
  };
  it('states the order and moments matched of each fit, and the sensitivity to the order', () => {
    const r = analyze(build());
    expect(r.method).toMatch(/^CTMC/);
    const p = r.phaseType;
    expect(p).toBeTruthy();
    expect(p?.fallback).toBeNull();
    for (const f of p?.fits ?? []) {
      expect(f.order).toBeGreaterThanOrEqual(2);
      expect(f.momentsMatched).toBe(3);
      f.targetMoments.forEach((m, k) => expect(rel(f.fittedMoments[k], m as number)).toBeLessThan(1e-6));
    }
    expect(p?.sensitivity?.with).toBeDefined();
    expect(p?.sensitivity?.availability).not.toBeNull();
    expect(r.notes.some((n) => n.startsWith('sensitivity to the phase-type order'))).toBe(true);
    expect(r.violations.some((v) => /repair law on component u: lognormal .*phase-type of order \d matching the mean, cv\^2 and third moment/.test(v))).toBe(true);
  });
  it('the report lines name each fit with its order and moments, and the sensitivity', () => {
    const lines = phaseTypeLines(analyze(build()).phaseType as AnalyticPhaseType);
    expect(lines[0]).toBe('laws as phase-type clocks: minimal-order three-moment fits (order at most 4)');
    expect(lines.some((l) => /^repair law on component u: lognormal median 4 h sigma 1\.1 -> order 2, matching the mean, cv\^2 and third moment$/.test(l))).toBe(true);
    expect(lines.some((l) => /^sensitivity to the order: with .*: unavailability [-+]/.test(l))).toBe(true);
  });
  it('a law whose higher moments overflow (lognormal sigma 30) keeps its mean on one phase, without error', () => {
    const c = component('u', { count: 2, failure: { kind: 'exponential', mean: 1000 * H }, repair: lognormal(60, 30), crew: 'ops' });
    const r = analyze(scenario({ components: [c], crews: { ops: 1 }, system: kOfN(1, 'u[1]', 'u[2]') }));
    const fit = r.phaseType?.fits[0];
    expect(fit?.order).toBe(1);
    expect(fit?.momentsMatched).toBe(1);
    expect(fit?.targetMoments.slice(1)).toEqual([null, null]);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
  it('over the state budget: a lower order, then exponential laws, with the reason', () => {
    const exact = analyze(build(), { maxPhaseOrder: 1 });
    const r = analyze(build(), { maxStates: exact.stateCount as number });
    expect(r.phaseType?.fallback).toMatch(/over the state budget .*values with exponential laws/);
    expect(r.system.availability).toBe(exact.system.availability);
  });
});
