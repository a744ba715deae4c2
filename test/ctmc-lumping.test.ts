/**
 * Symmetry lumping (src/analytic/ctmc-lumping.ts): on small random models the lumped chain (identical
 * instances counted) and the unlumped chain (every instance enumerated) give the same measures, as
 * ordinary lumpability guarantees (Kemeny & Snell 1960, sec. 6.3; Buchholz 1994). fast-check with the
 * fixed seed of test/setup-fast-check.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeSystemCtmc, type SystemCtmcAnalysis } from '../src/analytic/system-measures.js';
import type { Scenario } from '../src/scenario/types.js';
import type { CrewDiscipline, StructureNode } from '../src/core/types.js';
import { component, fault, instanceIds, scenario } from './helpers/scenario-builders.js';
import { buildSystemCtmc } from '../src/analytic/system-ctmc.js';

const H = 3600;
const DISCIPLINES: CrewDiscipline[] = ['fifo', 'priority', 'random', 'random-component'];

const modelArb = fc.record({
  comps: fc.array(fc.record({ count: fc.integer({ min: 1, max: 3 }), mttf: fc.integer({ min: 20, max: 400 }), mttr: fc.integer({ min: 1, max: 20 }), crewed: fc.boolean() }), { minLength: 1, maxLength: 3 }),
  gate: fc.constantFrom('series', 'parallel', 'k_of_n', 'shared'),
  repairers: fc.integer({ min: 1, max: 2 }),
  discipline: fc.constantFrom(...DISCIPLINES),
  callOut: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
  withFault: fc.boolean(),
  ageing: fc.boolean(),
});

type Model = typeof modelArb extends fc.Arbitrary<infer T> ? T : never;

function build(m: Model): Scenario {
  const comps = m.comps.map((c, i) => component(`c${i}`, { count: c.count, failure: c.mttf * H, repair: c.mttr * H, crew: c.crewed ? 'ops' : null }));
  const groups: StructureNode[] = comps.map((c) => ({ type: 'k_of_n', k: Math.max(1, c.count - 1), children: instanceIds(c).map((instance) => ({ type: 'component', instance })) }));
  const leaves = comps.flatMap((c) => instanceIds(c).map((instance): StructureNode => ({ type: 'component', instance })));
  let system: StructureNode;
  if (m.gate === 'series') system = { type: 'series', children: groups };
  else if (m.gate === 'parallel') system = { type: 'parallel', children: groups };
  else if (m.gate === 'k_of_n') system = { type: 'k_of_n', k: Math.max(1, Math.ceil(leaves.length / 2)), children: leaves };
  // Shared leaves: every component's instances appear in the first branch and again in a second one.
  else system = { type: 'parallel', children: [{ type: 'series', children: leaves }, { type: 'k_of_n', k: Math.max(1, leaves.length - 1), children: leaves }] };
  const sc = scenario({ components: comps, crews: { ops: m.repairers }, system, ageingWhileSystemDown: m.ageing });
  sc.crews = [{ name: 'ops', count: m.repairers, discipline: m.discipline, priority: m.discipline === 'priority' ? comps.filter((c) => c.crew === 'ops').map((c) => c.name).reverse() : [], callOut: m.callOut ? { kind: 'exponential', mean: m.callOut * 60 } : null }];
  if (m.withFault) sc.faults = [fault(instanceIds(comps[0]).slice(0, 1), { rate: 1 / (300 * H), duration: 5 * H })];
  return sc;
}

const rel = (a: number | null, b: number | null) => (a === null || b === null ? (a === b ? 0 : 1) : Math.abs(a - b) / Math.max(Math.abs(b), 1e-300));

/** Lumped (a) vs unlumped (b): no more states, the same measures (relative 1e-7). */
function expectSameMeasures(a: SystemCtmcAnalysis, b: SystemCtmcAnalysis): void {
  expect(a.stateCount).toBeLessThanOrEqual(b.stateCount);
  expect(rel(a.unavailability, b.unavailability)).toBeLessThan(1e-7);
  expect(rel(a.mtbf, b.mtbf)).toBeLessThan(1e-7);
  expect(rel(a.mttff, b.mttff)).toBeLessThan(1e-7);
  expect(rel(a.reliability[0].value, b.reliability[0].value)).toBeLessThan(1e-7);
  expect(rel(a.pointAvailability[0].value, b.pointAvailability[0].value)).toBeLessThan(1e-7);
  a.instances.forEach((x, i) => expect(rel(x.availability, b.instances[i].availability)).toBeLessThan(1e-7));
}

describe('lumped vs unlumped system CTMC', () => {
  it('same availability, unavailability, MTBF, MTTFF and per-instance availability', () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        const sc = build(m);
        const opts = { reliabilityAt: [50 * H], pointAvailabilityAt: [30 * H] };
        const a = analyzeSystemCtmc(sc, opts) as SystemCtmcAnalysis;
        const b = analyzeSystemCtmc(sc, { ...opts, lump: false }) as SystemCtmcAnalysis;
        expect(a.status).toBe('ok');
        expect(b.status).toBe('ok');
        expectSameMeasures(a, b);
      }),
      { numRuns: 60 },
    );
  });

  // Zones: each component has one instance per zone; every zone has an outage, c0's instances have private
  // crash faults; the structure groups instances by zone or by component. Zone classes (whole zones
  // permuted) and element classes (an instance with its private fault) must give the same measures.
  const zonedArb = fc.record({
    zones: fc.integer({ min: 2, max: 3 }),
    comps: fc.array(fc.record({ mttf: fc.integer({ min: 20, max: 400 }), mttr: fc.integer({ min: 1, max: 20 }) }), { minLength: 1, maxLength: 2 }),
    crewed: fc.boolean(),
    discipline: fc.constantFrom(...DISCIPLINES),
    byZone: fc.boolean(),
    privateFaults: fc.constantFrom('none', 'same', 'different'),
    asymmetricOutage: fc.boolean(),
    ageing: fc.boolean(),
  });
  type Zoned = typeof zonedArb extends fc.Arbitrary<infer T> ? T : never;
  const buildZoned = (m: Zoned): Scenario => {
    const zones = Array.from({ length: m.zones }, (_, z) => `z${z}`);
    const comps = m.comps.map((c, i) => component(`c${i}`, { count: m.zones, zones, failure: c.mttf * H, repair: c.mttr * H, crew: m.crewed && i === 0 ? 'ops' : null }));
    const ids = comps.map((c) => instanceIds(c));
    const leafOf = (instance: string): StructureNode => ({ type: 'component', instance });
    const system: StructureNode = m.byZone
      ? { type: 'k_of_n', k: m.zones - 1, children: zones.map((_, z) => ({ type: 'series', children: ids.map((list) => leafOf(list[z])) })) }
      : { type: 'series', children: ids.map((list) => ({ type: 'k_of_n', k: m.zones - 1, children: list.map(leafOf) })) };
    const sc = scenario({ components: comps, system, ageingWhileSystemDown: m.ageing });
    sc.crews = [{ name: 'ops', count: 1, discipline: m.discipline, priority: [], callOut: null }];
    sc.faults = zones.map((z, k) => fault(ids.map((list) => list[k]), { kind: 'zone-outage', zone: z, rate: 1 / ((m.asymmetricOutage && k === 0 ? 100 : 200) * H), duration: 4 * H, index: k }));
    if (m.privateFaults !== 'none') {
      ids[0].forEach((id, k) => sc.faults.push(fault([id], { rate: 1 / ((m.privateFaults === 'different' && k === 1 ? 60 : 90) * H), duration: 2 * H, index: m.zones + k })));
    }
    return sc;
  };

  it('zone and element classes: same measures as the unlumped chain, fewer states when the zones match', () => {
    let reduced = 0;
    fc.assert(
      fc.property(zonedArb, (m) => {
        const sc = buildZoned(m);
        const opts = { reliabilityAt: [50 * H], pointAvailabilityAt: [30 * H] };
        const a = analyzeSystemCtmc(sc, opts) as SystemCtmcAnalysis;
        const b = analyzeSystemCtmc(sc, { ...opts, lump: false }) as SystemCtmcAnalysis;
        if (a.stateCount < b.stateCount) reduced++;
        expectSameMeasures(a, b);
      }),
      { numRuns: 40 },
    );
    expect(reduced).toBeGreaterThan(0);
  });

  // Phase-type clocks (ctmc-phases.ts): each instance's phase variable must move with it under element and
  // zone permutations, and faults are matched by their busy-period clocks (fixed durations: several phases).
  it('zone and element classes with phase-type clocks: same measures as the unlumped chain', () => {
    fc.assert(
      // Two zones and order-2 fits keep the unlumped chain small.
      fc.property(zonedArb, (z) => {
        const m = { ...z, zones: 2 };
        const sc = buildZoned(m);
        sc.components[0].repair = { kind: 'weibull', shape: 0.7, scale: m.comps[0].mttr * H };
        sc.components[0].failure = { kind: 'weibull', shape: 1.5, scale: m.comps[0].mttf * H };
        const opts = { reliabilityAt: [50 * H], pointAvailabilityAt: [30 * H], phases: { order: 'minimal' as const, maxOrder: 2 } };
        const a = analyzeSystemCtmc(sc, opts) as SystemCtmcAnalysis;
        const b = analyzeSystemCtmc(sc, { ...opts, lump: false }) as SystemCtmcAnalysis;
        expect(a.status).toBe('ok');
        expect(b.status).toBe('ok');
        expect(a.phaseFits.length).toBeGreaterThan(0);
        expectSameMeasures(a, b);
      }),
      { numRuns: 15 },
    );
  });

  it('zones with the same contents are permuted; a zone with a different outage rate is not', () => {
    const base: Zoned = { zones: 3, comps: [{ mttf: 100, mttr: 5 }], crewed: true, discipline: 'fifo', byZone: true, privateFaults: 'none', asymmetricOutage: false, ageing: true };
    // Three symmetric zones, one unit each with its outage (a private fault): one class of three elements.
    expect(buildSystemCtmc(buildZoned(base)).classes).toEqual([[0, 1, 2]]);
    // Zone z0's outage is more frequent: only z1 and z2 are interchangeable.
    expect(buildSystemCtmc(buildZoned({ ...base, asymmetricOutage: true })).classes).toEqual([[1, 2]]);
    // Two components per zone: whole zones are permuted (orbits: c0's instances, c1's instances).
    expect(buildSystemCtmc(buildZoned({ ...base, comps: [base.comps[0], { mttf: 50, mttr: 2 }] })).classes).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });
});

