/**
 * Shared repair crews in the system CTMC: the repair queue of a crew encoded in the per-instance state
 * values, with the disciplines of the simulator (src/model/crew.ts): fifo, non-preemptive priority, random
 * among waiting units, random among components with waiting units (PRISM's workstation cluster), and an
 * optional exponential call-out delay raced by the candidates.
 *
 * Encoding of a crew member's value: 0 = up; 1 = in repair; 2 + p = waiting at position p of the queue
 * (fifo and priority: the queue is ordered; random disciplines: every waiting unit has value 2, the queue is
 * a multiset). The units in repair are unordered (value 1 each): exact, since their repairs are
 * independent exponential races.
 *
 * Sources: Barlow & Proschan, "Mathematical Theory of Reliability" (1965), ch. 5 (limited repair);
 * Trivedi (2016), sec. 8 (shared repair CTMCs); PRISM's cluster model (prism-examples/ctmcs/cluster,
 * Haverkort, Hermanns & Katoen, SRDS 2000) for the random choice with an inspection race.
 */
import type { CrewDiscipline } from '../core/types.js';

/** A crew as the CTMC sees it. */
export interface CtmcCrew {
  count: number;
  /** Instance indices of the members (repairable units that can fail). */
  members: number[];
  discipline: CrewDiscipline;
  /** Priority rank of each member (index into `members`; 0 = highest), for discipline priority. */
  rank: Map<number, number>;
  /** Component index of each member, for random-component. */
  component: Map<number, number>;
  /** Call-out rate, 1/s; Infinity when repairs start as soon as a repairer is free. */
  callOutRate: number;
}

/** A probabilistic branch of a state change. */
export interface CrewBranch {
  state: number[];
  p: number;
}

const ordered = (c: CtmcCrew) => c.discipline === 'fifo' || c.discipline === 'priority';

function inRepair(s: readonly number[], c: CtmcCrew): number {
  let n = 0;
  for (const j of c.members) if (s[j] === 1) n++;
  return n;
}

/** Member `i` fails (state `s` is modified): it starts repair at once or joins the queue. */
export function crewFailure(s: number[], c: CtmcCrew, i: number): void {
  if (c.callOutRate === Infinity && inRepair(s, c) < c.count) {
    s[i] = 1;
    return;
  }
  if (!ordered(c)) {
    s[i] = 2;
    return;
  }
  // Non-preemptive priority (fifo = one priority level): behind every waiting unit of rank <= its own.
  const r = c.rank.get(i) ?? 0;
  let pos = 0;
  for (const j of c.members) if (s[j] >= 2 && (c.rank.get(j) ?? 0) <= r) pos++;
  for (const j of c.members) if (s[j] >= 2 + pos) s[j]++;
  s[i] = 2 + pos;
}

/** Removes waiting member `i` from the queue and puts it in repair (state modified). */
function startRepair(s: number[], c: CtmcCrew, i: number): void {
  const v = s[i];
  if (ordered(c)) for (const j of c.members) if (s[j] > v) s[j]--;
  s[i] = 1;
}

/**
 * The waiting members a free repairer may take, with the probability of each (no call-out), or the rate
 * multiplier of its call-out race (with call-out: each candidate's own delay, so weights are 1 except for
 * random-component, where a component's race is shared by its waiting units).
 */
function candidates(s: readonly number[], c: CtmcCrew, free: number, race: boolean): Array<[number, number]> {
  const waiting = c.members.filter((j) => s[j] >= 2);
  if (waiting.length === 0 || free <= 0) return [];
  switch (c.discipline) {
    case 'fifo':
    case 'priority': {
      const take = race ? free : 1;
      return waiting.filter((j) => s[j] - 2 < take).map((j) => [j, 1]);
    }
    case 'random':
      return waiting.map((j) => [j, race ? 1 : 1 / waiting.length]);
    case 'random-component': {
      const per = new Map<number, number>();
      for (const j of waiting) per.set(c.component.get(j) as number, (per.get(c.component.get(j) as number) ?? 0) + 1);
      return waiting.map((j) => {
        const k = per.get(c.component.get(j) as number) as number;
        return [j, race ? 1 / k : 1 / (per.size * k)];
      });
    }
  }
}

/**
 * Member `i` in repair completes (state `s` is not modified): the branches of the next state, with the
 * freed repairer taking the next unit when there is no call-out delay.
 */
export function crewRepairDone(s: readonly number[], c: CtmcCrew, i: number): CrewBranch[] {
  const base = s.slice();
  base[i] = 0;
  if (c.callOutRate < Infinity) return [{ state: base, p: 1 }];
  const next = candidates(base, c, 1, false);
  if (next.length === 0) return [{ state: base, p: 1 }];
  return next.map(([j, p]) => {
    const t = base.slice();
    startRepair(t, c, j);
    return { state: t, p };
  });
}

/** Call-out completions from state `s`: [next state, rate] pairs (none without call-out delay). */
export function crewCallOuts(s: readonly number[], c: CtmcCrew): Array<[number[], number]> {
  if (c.callOutRate === Infinity) return [];
  return candidates(s, c, c.count - inRepair(s, c), true).map(([j, w]) => {
    const t = s.slice();
    startRepair(t, c, j);
    return [t, c.callOutRate * w];
  });
}

/** Whether member `i` (down) is in repair, i.e. its repair clock runs. */
export function crewRepairing(s: readonly number[], i: number): boolean {
  return s[i] === 1;
}
