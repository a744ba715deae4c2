/**
 * Reference model: one repairer shared by distinct units, written from the discipline rules of
 * docs/scenario-format.md ("crews") independently of src/analytic: a state is (the unit in repair or
 * none, the ordered list of waiting units). A unit that fails joins the queue behind every waiting unit of
 * equal or higher priority (fifo: all equal); a free repairer takes the head (fifo, priority) or a waiting
 * unit chosen uniformly (random), at once or, with a call-out rate c, after an exponential race of rate c
 * per candidate (the head; every waiting unit for random). Non-preemptive. Exponential laws, rates per hour.
 */
import type { CtmcTransition } from '../../src/analytic/ctmc-sparse.js';

export interface CrewUnit {
  lambda: number;
  mu: number;
  /** Priority rank (0 = highest); fifo: all 0. */
  rank: number;
}

export interface CrewChain {
  states: number;
  transitions: CtmcTransition[];
  /** For each state, which units are up. */
  upSets: boolean[][];
}

export function crewQueueChain(units: CrewUnit[], discipline: 'fifo' | 'priority' | 'random', callOut: number | null): CrewChain {
  type St = { rep: number; wait: number[] };
  const key = (s: St) => `${s.rep}|${s.wait.join(',')}`;
  const list: St[] = [{ rep: -1, wait: [] }];
  const index = new Map([[key(list[0]), 0]]);
  const transitions: CtmcTransition[] = [];
  const add = (from: number, s: St, rate: number) => {
    const k = key(s);
    let id = index.get(k);
    if (id === undefined) {
      id = list.length;
      index.set(k, id);
      list.push(s);
    }
    transitions.push({ from, to: id, rate });
  };
  /** The repairer is free: who may start, with probability (immediate) or race weight (call-out). */
  const next = (wait: number[]): Array<[number, number]> => {
    if (wait.length === 0) return [];
    if (discipline === 'random') return wait.map((u) => [u, callOut ? 1 : 1 / wait.length]);
    return [[wait[0], 1]];
  };
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    units.forEach((u, k) => {
      if (s.rep === k || s.wait.includes(k)) return;
      if (s.rep === -1 && s.wait.length === 0 && !callOut) return add(i, { rep: k, wait: [] }, u.lambda);
      const pos = discipline === 'random' ? s.wait.length : s.wait.filter((w) => units[w].rank <= u.rank).length;
      add(i, { rep: s.rep, wait: [...s.wait.slice(0, pos), k, ...s.wait.slice(pos)] }, u.lambda);
    });
    if (s.rep >= 0) {
      if (callOut) add(i, { rep: -1, wait: s.wait }, units[s.rep].mu);
      else if (s.wait.length === 0) add(i, { rep: -1, wait: [] }, units[s.rep].mu);
      else for (const [w, p] of next(s.wait)) add(i, { rep: w, wait: s.wait.filter((x) => x !== w) }, units[s.rep].mu * p);
    } else if (callOut) {
      for (const [w, p] of next(s.wait)) add(i, { rep: w, wait: s.wait.filter((x) => x !== w) }, callOut * p);
    }
  }
  const upSets = list.map((s) => units.map((_, k) => s.rep !== k && !s.wait.includes(k)));
  return { states: list.length, transitions, upSets };
}
