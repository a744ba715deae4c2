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
        expect(a.stateCount).toBeLessThanOrEqual(b.stateCount);
        expect(rel(a.unavailability, b.unavailability)).toBeLessThan(1e-7);
        expect(rel(a.mtbf, b.mtbf)).toBeLessThan(1e-7);
        expect(rel(a.mttff, b.mttff)).toBeLessThan(1e-7);
        expect(rel(a.reliability[0].value, b.reliability[0].value)).toBeLessThan(1e-7);
        expect(rel(a.pointAvailability[0].value, b.pointAvailability[0].value)).toBeLessThan(1e-7);
        a.instances.forEach((x, i) => expect(rel(x.availability, b.instances[i].availability)).toBeLessThan(1e-7));
      }),
      { numRuns: 60 },
    );
  });
});
