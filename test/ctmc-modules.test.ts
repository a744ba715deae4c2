/**
 * Independent-module decomposition (src/analytic/ctmc-modules.ts, module-structure.ts, module-analysis.ts):
 * - closed form: two independent repairable units in series, A = A1 A2 and f = A1 f2 + A2 f1 with
 *   A_i = mu_i/(l_i + mu_i), f_i = A_i l_i (Rausand & Høyland, "System Reliability Theory", 2nd ed. (2004),
 *   frequency of system failures; Ross 1975: nu = sum_i I_B(i) nu_i);
 * - property (fast-check, fixed seed of test/setup-fast-check.ts): on small random models whose modules
 *   are independent (crews, standby blocks, faults inside modules), the product of the modules gives the
 *   availability and failure frequency of the whole (monolithic, unlumped) CTMC;
 * - analyze() over the cap uses the modules and agrees with the whole chain solved with a larger cap;
 * - the phase-type state estimate equals the state count of the built chain (system-ctmc.ts) where every
 *   phase combination is reachable.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { availabilityMeasures, steadyState } from '../src/analytic/ctmc.js';
import { buildSystemCtmc, estimatePhasedStates } from '../src/analytic/system-ctmc.js';
import { atomTree, moduleMeasures, moduleParts, solveModule } from '../src/analytic/ctmc-modules.js';
import { moduleFailureFrequency, type ModuleLaw } from '../src/analytic/module-structure.js';
import { moduleScheduledEffects } from '../src/analytic/module-scheduled.js';
import { analyze } from '../src/analytic/expectations.js';
import { readFileSync } from 'node:fs';
import { loadScenario, parseScenario } from '../src/scenario-document/load.js';
import type { Scenario } from '../src/scenario/types.js';
import type { StructureNode } from '../src/core/types.js';
import { component, fault, instanceIds, leaf, scenario, series, standby } from './helpers/scenario-builders.js';

const H = 3600;

function whole(sc: Scenario): { availability: number; frequency: number } {
  const c = buildSystemCtmc(sc, { lump: false, maxStates: 1e6 });
  const { pi } = steadyState(c.chain);
  const m = availabilityMeasures(c.chain, pi, Array.from(c.up, (u) => u === 1));
  return { availability: m.availability, frequency: m.frequency };
}

function byModules(sc: Scenario, mode: 'exact' | 'decoupled' = 'exact') {
  const parts = moduleParts(sc, mode);
  if (!parts) throw new Error('no partition');
  const solved = parts.map((p) => solveModule(sc, p, { maxStates: 1e6, maxPhaseOrder: 1 }));
  return { parts, ...moduleMeasures(atomTree(sc, parts), solved.map((s) => s.law)) };
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('module decomposition: closed forms', () => {
  it('two independent units in series: A = A1 A2, f = A1 f2 + A2 f1', () => {
    const [l1, m1, l2, m2] = [1 / (1000 * H), 1 / (10 * H), 1 / (400 * H), 1 / (4 * H)];
    const sc = scenario({ components: [component('a', { failure: 1 / l1, repair: 1 / m1 }), component('b', { failure: 1 / l2, repair: 1 / m2 })], system: series('a', 'b') });
    const r = byModules(sc);
    expect(r.parts).toHaveLength(2);
    const A1 = m1 / (l1 + m1);
    const A2 = m2 / (l2 + m2);
    expect(rel(r.availability, A1 * A2)).toBeLessThan(1e-12);
    expect(rel(r.frequency, A1 * (A2 * l2) + A2 * (A1 * l1))).toBeLessThan(1e-12);
  });

  it('one binary atom per module: the frequency is sum_m I_B(m) nu_m (2-out-of-3 of identical units)', () => {
    // I_B(i) = 2 A (1 - A) for 2oo3 of identical units (d/dA_i of the 2oo3 availability); nu_i = A l.
    const A = 0.9;
    const l = 1e-4;
    const unit = (id: string): ModuleLaw => ({ atoms: [id], patterns: [Uint8Array.of(1), Uint8Array.of(0)], p: [A, 1 - A], flows: [{ from: 0, to: 1, rate: A * l }, { from: 1, to: 0, rate: A * l }] });
    const tree = { type: 'k_of_n' as const, k: 2, children: ['x', 'y', 'z'].map((a) => ({ type: 'atoms' as const, atoms: [a] })) };
    const nu = moduleFailureFrequency(tree, ['x', 'y', 'z'].map(unit));
    expect(rel(nu, 3 * 2 * A * (1 - A) * A * l)).toBeLessThan(1e-12);
  });
});

const modelArb = fc.record({
  units: fc.array(fc.record({ mttf: fc.integer({ min: 20, max: 400 }), mttr: fc.integer({ min: 1, max: 20 }) }), { minLength: 3, maxLength: 6 }),
  crewPair: fc.boolean(),
  standbyPair: fc.boolean(),
  fault: fc.constantFrom('none', 'one', 'shared'),
  gate: fc.constantFrom('series', 'k_of_n', 'shared'),
});

/** Units u0..un; u0+u1 share a crew of 1 and/or form a standby block; a fault on u2 (and u3). */
function build(m: typeof modelArb extends fc.Arbitrary<infer T> ? T : never): Scenario {
  const comps = m.units.map((u, i) => component(`u${i}`, { failure: u.mttf * H, repair: u.mttr * H, crew: m.crewPair && i < 2 ? 'ops' : null }));
  const ids = comps.flatMap(instanceIds);
  const block: StructureNode | null = m.standbyPair ? standby([ids[0], ids[1]], { mode: 'warm', dormancy: 0.5, switchover: 0.1 * H, switchSuccess: 0.9 }) : null;
  const rest = ids.slice(m.standbyPair ? 2 : 0).map(leaf);
  let system: StructureNode;
  if (m.gate === 'series') system = { type: 'series', children: [...(block ? [block] : []), { type: 'parallel', children: rest }] };
  else if (m.gate === 'k_of_n') system = { type: 'k_of_n', k: 2, children: [...(block ? [block] : []), ...rest] };
  // Shared leaves: u2 in two branches.
  else system = { type: 'parallel', children: [{ type: 'series', children: [...(block ? [block] : []), leaf(ids[2])] }, { type: 'k_of_n', k: 2, children: [leaf(ids[2]), ...rest] }] };
  const sc = scenario({ components: comps, crews: { ops: 1 }, system });
  if (m.fault === 'one') sc.faults = [fault([ids[2]], { rate: 1 / (300 * H), duration: 5 * H })];
  if (m.fault === 'shared') sc.faults = [fault([ids[1], ids[2], ids[3] ?? ids[2]], { rate: 1 / (300 * H), duration: 5 * H, kind: 'zone-outage' })];
  return sc;
}

describe('module decomposition vs the whole CTMC', () => {
  it('same availability and failure frequency on small random models (exact partition)', () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        const sc = build(m);
        const w = whole(sc);
        const r = byModules(sc);
        expect(rel(1 - r.availability, 1 - w.availability)).toBeLessThan(1e-8);
        expect(rel(r.frequency, w.frequency)).toBeLessThan(1e-8);
      }),
      { numRuns: 60 },
    );
  });

  it('decoupled faults: the difference from the whole chain is the ageing of held-down targets, small here', () => {
    // A fault on two independent units: decoupled it is its own module (targets age while held down).
    const comps = [component('a', { failure: 200 * H, repair: 5 * H }), component('b', { failure: 300 * H, repair: 10 * H })];
    const sc = scenario({ components: comps, system: { type: 'parallel', children: [leaf('a'), leaf('b')] } });
    sc.faults = [fault(['a', 'b'], { rate: 1 / (500 * H), duration: 2 * H, kind: 'zone-outage' })];
    const exact = byModules(sc, 'exact');
    const dec = byModules(sc, 'decoupled');
    expect(exact.parts).toHaveLength(1);
    expect(dec.parts).toHaveLength(3);
    const w = whole(sc);
    expect(rel(1 - exact.availability, 1 - w.availability)).toBeLessThan(1e-8);
    // Held down about 0.4% of the time: the decoupled model's extra failures change U by well under 1%.
    expect(rel(1 - dec.availability, 1 - w.availability)).toBeLessThan(0.01);
    expect(rel(1 - dec.availability, 1 - w.availability)).toBeGreaterThan(0);
  });
});

describe('scheduled faults over modules', () => {
  it('a fault on one of two independent units in series: extra downtime A_b x dD_a (single-unit closed form)', () => {
    // Single repairable unit held down for d from steady state: dD = A d - (1 - A)(1 - e^-mu d)/(l + mu), the
    // unit's own extra downtime (test/ctmc-deviation.test.ts; Trivedi 2016 sec. 8.5); the system is
    // down when a is down or b is down, b stationary and independent: the extra system downtime is A_b dD_a.
    const [la, ma, lb, mb, d] = [1 / (100 * H), 1 / (5 * H), 1 / (300 * H), 1 / (2 * H), 3 * H];
    const sc = scenario({ components: [component('a', { failure: 1 / la, repair: 1 / ma }), component('b', { failure: 1 / lb, repair: 1 / mb })], system: series('a', 'b') });
    sc.faults = [fault(['a'], { at: 10 * H, duration: d })];
    const parts = moduleParts(sc, 'exact') ?? [];
    const laws = parts.map((p) => solveModule(sc, p, { maxStates: 1e6, maxPhaseOrder: 1 }).law);
    const [e] = moduleScheduledEffects(sc, parts, atomTree(sc, parts), laws, { maxStates: 1e6 });
    const Aa = ma / (la + ma);
    const Ab = mb / (lb + mb);
    const dDa = Aa * d - ((1 - Aa) * -Math.expm1(-ma * d)) / (la + ma);
    expect(rel(e.downtime as number, Ab * dDa)).toBeLessThan(1e-6);
  });
});

describe('analyze over the cap', () => {
  it('uses the modules and agrees with the whole chain solved under a larger cap', () => {
    const comps = [component('lb', { count: 2, failure: 2000 * H, repair: 2 * H, crew: 'ops' }), component('web', { count: 3, failure: 800 * H, repair: 1 * H }), component('db', { count: 2, failure: 3000 * H, repair: 4 * H, crew: 'ops' })];
    const sc = scenario({
      components: comps,
      crews: { ops: 1 },
      system: series({ type: 'parallel', children: instanceIds(comps[0]).map(leaf) }, { type: 'k_of_n', k: 2, children: instanceIds(comps[1]).map(leaf) }, standby(instanceIds(comps[2]), { mode: 'hot', switchover: 60, switchSuccess: 0.95 })),
    });
    // A cap that holds the largest module but not the whole (lumped) chain.
    const parts = moduleParts(sc, 'exact') ?? [];
    const cap = Math.max(...parts.map((p) => solveModule(sc, p, { maxStates: 1e6 }).stateCount));
    expect(buildSystemCtmc(sc).chain.n).toBeGreaterThan(cap);
    const small = analyze(sc, { maxStates: cap });
    const big = analyze(sc, { maxStates: 1e6 });
    expect(small.method).toMatch(/^independent modules/);
    expect(big.method).toMatch(/^CTMC/);
    expect(rel(small.system.unavailability as number, big.system.unavailability as number)).toBeLessThan(1e-8);
    expect(rel(small.system.mtbf as number, big.system.mtbf as number)).toBeLessThan(1e-8);
    small.instances.forEach((x, i) => expect(rel(x.availability as number, big.instances[i].availability as number)).toBeLessThan(1e-8));
  });
});

describe('structure evaluation budget', () => {
  it('storage-cluster without its shared crew: the exact partition needs over MAX_MODULE_WORK operations and is not used', () => {
    // Without the crew the 12 disks, 3 monitors and the switch are independent; the exact partition keeps the node
    // outages with their disks and monitors (4 large modules) under the 8-of-12 k-out-of-n node: its failure
    // frequency would take over 1e8 operations (a 30-s analysis before the budget counted every evaluation).
    const text = readFileSync('scenarios/storage-cluster.yaml', 'utf8').replace(/^\s*crew: storage-oncall\n/m, '');
    const r = analyze(parseScenario(text, 'storage-cluster-no-crew.yaml'));
    expect(r.method).toMatch(/^independent modules \(\d+ modules, .*faults decoupled\)/);
    expect(r.notes.some((n) => /not used: the exact partition: the structure over independent modules needs more than 1e\+8 operations/.test(n))).toBe(true);
  });
});

describe('phase-type state estimate', () => {
  it('equals the built chain where every phase combination is reachable', () => {
    for (const file of ['scenarios/multi-az.yaml', 'scenarios/api-multi-zone.yaml']) {
      const sc = loadScenario(file);
      const base = buildSystemCtmc(sc, {});
      const phases = { order: 2 };
      expect(estimatePhasedStates(sc, base, { phases })).toBe(buildSystemCtmc(sc, { phases }).chain.n);
    }
  });
});
