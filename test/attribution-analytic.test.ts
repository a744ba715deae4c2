import { describe, expect, it } from 'vitest';
import { CutSetLimitError, minimalCutSets } from '../src/attribution/cut-sets.js';
import { importanceAnalysis } from '../src/attribution/importance.js';
import type { StructureNode } from '../src/core/types.js';

const leaf = (instance: string): StructureNode => ({ type: 'component', instance });
const series = (...children: StructureNode[]): StructureNode => ({ type: 'series', children });
const parallel = (...children: StructureNode[]): StructureNode => ({ type: 'parallel', children });
const sorted = (sets: string[][]) => sets.map((s) => [...s].sort().join(',')).sort();

describe('minimal cut sets', () => {
  it('bridge network: the 4 minimal cut sets {1,2}, {4,5}, {1,3,5}, {2,3,4} (Rausand & Høyland 2004, sec. 3.6)', () => {
    // The bridge as the parallel of its 4 minimal path sets {1,4}, {2,5}, {1,3,5}, {2,3,4} (repeated leaves).
    const bridge = parallel(series(leaf('1'), leaf('4')), series(leaf('2'), leaf('5')), series(leaf('1'), leaf('3'), leaf('5')), series(leaf('2'), leaf('3'), leaf('4')));
    const r = minimalCutSets(bridge, { maxOrder: 5, maxSets: 100 });
    expect(sorted(r.cutSets)).toEqual(['1,2', '1,3,5', '2,3,4', '4,5']);
    expect(r.truncated).toBe(false);
  });

  it('2-out-of-3: every pair is a minimal cut set; series adds singletons', () => {
    const s = series(leaf('lb'), { type: 'k_of_n', k: 2, children: [leaf('a'), leaf('b'), leaf('c')] });
    const r = minimalCutSets(s, { maxOrder: 4, maxSets: 100 });
    expect(sorted(r.cutSets)).toEqual(['a,b', 'a,c', 'b,c', 'lb']);
  });

  it('a shared event (zone outage) joins the cut sets of every leaf it takes down', () => {
    const s = parallel(leaf('x'), leaf('y'));
    const r = minimalCutSets(s, { maxOrder: 4, maxSets: 100, leafEvents: (id) => [id, 'zone'] });
    expect(sorted(r.cutSets)).toEqual(['x,y', 'zone']);
  });

  it('order truncation drops larger sets and says so; too many sets is refused with the key to change', () => {
    const s = parallel(leaf('a'), leaf('b'), leaf('c'));
    const r = minimalCutSets(s, { maxOrder: 2, maxSets: 100 });
    expect(r.cutSets).toEqual([]);
    expect(r.truncated).toBe(true);
    const wide = parallel(...Array.from({ length: 6 }, (_, i) => series(...Array.from({ length: 6 }, (_, j) => leaf(`u${i}_${j}`)))));
    expect(() => minimalCutSets(wide, { maxOrder: 6, maxSets: 1000 })).toThrow(CutSetLimitError);
    expect(() => minimalCutSets(wide, { maxOrder: 6, maxSets: 1000 })).toThrow(/max_cut_set_order/);
  });
});

describe('importance measures, series(A, parallel(B, C)), hand-computed closed forms', () => {
  // Rausand & Høyland (2004) ch. 5 definitions. With qA, qB, qC the down probabilities:
  // Q = 1 - (1 - qA)(1 - qB qC); I_B(A) = 1 - qB qC; I_B(B) = (1 - qA) qC; I_B(C) = (1 - qA) qB;
  // I_CR(i) = I_B(i) q_i / Q; I_FV(A) = qA / Q, I_FV(B) = I_FV(C) = qB qC / Q (cut sets {A}, {B, C});
  // RAW(i) = Q(q_i = 1) / Q; RRW(i) = Q / Q(q_i = 0).
  const qA = 0.01, qB = 0.1, qC = 0.2;
  const Q = 1 - (1 - qA) * (1 - qB * qC);
  const sys = series(leaf('A'), parallel(leaf('B'), leaf('C')));
  const q = new Map([['A', qA], ['B', qB], ['C', qC]]);
  const cuts = minimalCutSets(sys, { maxOrder: 4, maxSets: 100 }).cutSets;
  const r = importanceAnalysis({ node: sys, q, cutSets: cuts });
  const get = (e: string) => r.events.find((x) => x.event === e)!;

  it('system unavailability exact and by the rare-event sum qA + qB qC', () => {
    expect(r.unavailability).toBeCloseTo(Q, 12);
    expect(r.rareEvent).toBeCloseTo(qA + qB * qC, 12);
    expect(r.cutSets.find((c) => c.events.length === 1)?.share).toBeCloseTo(qA / (qA + qB * qC), 12);
  });

  it('Birnbaum, criticality, Fussell-Vesely, RAW, RRW', () => {
    const expected = {
      A: { birnbaum: 1 - qB * qC, fv: qA / Q, raw: 1 / Q, rrw: Q / (qB * qC) },
      B: { birnbaum: (1 - qA) * qC, fv: (qB * qC) / Q, raw: (1 - (1 - qA) * (1 - qC)) / Q, rrw: Q / qA },
      C: { birnbaum: (1 - qA) * qB, fv: (qB * qC) / Q, raw: (1 - (1 - qA) * (1 - qB)) / Q, rrw: Q / qA },
    };
    for (const [e, x] of Object.entries(expected)) {
      const m = get(e);
      expect(m.birnbaum).toBeCloseTo(x.birnbaum, 12);
      expect(m.criticality).toBeCloseTo((x.birnbaum * q.get(e)!) / Q, 12);
      expect(m.fussellVesely).toBeCloseTo(x.fv, 12);
      expect(m.raw).toBeCloseTo(x.raw, 10);
      expect(m.rrw).toBeCloseTo(x.rrw, 10);
    }
    // Numbers as printed by hand: I_B(A) = 0.98, RAW(A) = 1/0.0298 = 33.557, RRW(B) = 0.0298/0.01 = 2.98.
    expect(get('A').birnbaum).toBeCloseTo(0.98, 12);
    expect(get('A').raw).toBeCloseTo(33.557047, 5);
    expect(get('B').rrw).toBeCloseTo(2.98, 10);
  });

  it('RRW is null (infinite) for an event whose removal makes the system never fail', () => {
    const single = importanceAnalysis({ node: leaf('A'), q: new Map([['A', 0.1]]), cutSets: [['A']] });
    expect(single.events[0].rrw).toBeNull();
    expect(single.events[0].raw).toBeCloseTo(10, 12);
  });
});
