/**
 * Load-balancing policies (Envoy's names). Each policy picks one host among the candidates (the hosts in
 * rotation: healthy for the health checker and not ejected by outlier detection).
 *
 * - exact mode: `makePicker` builds a stateful picker per service (round-robin cursor, smooth weighted
 *   round-robin credits, active-request counts for least_request).
 * - fluid mode: `fluidShares` gives the static long-run fraction of picks per candidate (the routing law;
 *   least_request's load-dependent law is in least-request-fluid.ts).
 *
 * Sources: round robin / random / least_request with choice_count ("power of two choices": Mitzenmacher,
 * "The Power of Two Choices in Randomized Load Balancing", IEEE TPDS 12(10), 2001) as in Envoy's
 * load_balancing docs; smooth weighted round-robin as in nginx (ngx_http_upstream_round_robin.c), which
 * gives each host exactly weight/sum(weights) of every cycle of sum(weights) picks.
 */
import type { BalancerSpec } from './types.js';

/** Picks a host position among `candidates` (positions in the service's host list, ascending). */
export interface Picker {
  pick(candidates: readonly number[], u: () => number): number;
}

/** Active (outstanding) requests per host position, for least_request. */
export type ActiveCount = (host: number) => number;

class RoundRobin implements Picker {
  private cursor = 0;
  pick(c: readonly number[]): number {
    return c[this.cursor++ % c.length];
  }
}

class RandomPick implements Picker {
  pick(c: readonly number[], u: () => number): number {
    return c[Math.min(c.length - 1, Math.floor(u() * c.length))];
  }
}

/** nginx smooth weighted round-robin: credit += weight; pick the largest credit; it pays back the total. */
class SmoothWeighted implements Picker {
  private readonly credit: Float64Array;
  constructor(private readonly weights: number[]) {
    this.credit = new Float64Array(weights.length);
  }
  pick(c: readonly number[]): number {
    let total = 0;
    let best = c[0];
    for (const h of c) {
      this.credit[h] += this.weights[h];
      total += this.weights[h];
      if (this.credit[h] > this.credit[best]) best = h;
    }
    this.credit[best] -= total;
    return best;
  }
}

/**
 * least_request, as Envoy's load balancer ("Supported load balancers: Weighted least request"):
 * - all weights of the hosts in rotation equal: choice_count hosts drawn uniformly WITH replacement, the
 *   one with the fewest active requests wins (the first drawn among equals): P2C (Mitzenmacher 2001);
 * - unequal weights: a weighted round-robin schedule (Envoy's earliest-deadline-first scheduler) whose
 *   weights are recomputed at the time of selection: weight / (active_requests + 1)^active_request_bias
 *   (least_request.v3.LeastRequest `active_request_bias`).
 */
class LeastRequest implements Picker {
  private readonly edf: EdfSchedule;
  constructor(private readonly b: BalancerSpec, private readonly active: ActiveCount) {
    this.edf = new EdfSchedule((h) => b.weights[h] / (active(h) + 1) ** b.activeRequestBias);
  }
  pick(c: readonly number[], u: () => number): number {
    const w = this.b.weights;
    let equal = true;
    for (let i = 1; i < c.length && equal; i++) equal = w[c[i]] === w[c[0]];
    if (!equal) return this.edf.pick(c);
    const n = c.length;
    let best = c[Math.min(n - 1, Math.floor(u() * n))];
    let bestLoad = this.active(best);
    for (let i = 1; i < this.b.choiceCount; i++) {
      const h = c[Math.min(n - 1, Math.floor(u() * n))];
      const load = this.active(h);
      if (load < bestLoad) {
        best = h;
        bestLoad = load;
      }
    }
    return best;
  }
}

/**
 * Envoy's EdfScheduler (source/common/upstream/edf_scheduler.h, described in the load balancing docs as
 * weighted round robin): every host has a deadline; a pick takes the earliest (ties: the earliest added),
 * advances the current time to it and puts the host back with deadline now + 1/weight, the weight being
 * computed at that moment. The schedule is rebuilt (deadlines 1/weight from time 0, in host order) when the
 * set of hosts in rotation changes, as Envoy rebuilds it on host set updates. Difference: Envoy may also
 * start from a random number of picks on rebuild; we start from the beginning of the schedule.
 */
export class EdfSchedule {
  private hosts: number[] = [];
  private deadline: number[] = [];
  private order: number[] = [];
  private now = 0;
  private seq = 0;
  constructor(private readonly weight: (host: number) => number) {}

  pick(c: readonly number[]): number {
    if (!sameHosts(c, this.hosts)) this.rebuild(c);
    let k = 0;
    for (let i = 1; i < this.hosts.length; i++) {
      if (this.deadline[i] < this.deadline[k] || (this.deadline[i] === this.deadline[k] && this.order[i] < this.order[k])) k = i;
    }
    const h = this.hosts[k];
    this.now = this.deadline[k];
    this.deadline[k] = this.now + 1 / this.weight(h);
    this.order[k] = this.seq++;
    return h;
  }

  private rebuild(c: readonly number[]): void {
    this.hosts = [...c];
    this.now = 0;
    this.deadline = c.map((h) => 1 / this.weight(h));
    this.order = c.map((_, i) => i);
    this.seq = c.length;
  }
}

function sameHosts(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** primary_backup: every request to the first candidate in host order (the primary while it is in rotation). */
class PrimaryBackup implements Picker {
  pick(c: readonly number[]): number {
    return c[0];
  }
}

/** The exact-mode picker of a balancer. */
export function makePicker(b: BalancerSpec, active: ActiveCount): Picker {
  switch (b.policy) {
    case 'round_robin':
      return new RoundRobin();
    case 'random':
      return new RandomPick();
    case 'weighted_round_robin':
      return new SmoothWeighted(b.weights);
    case 'least_request':
      return new LeastRequest(b, active);
    case 'primary_backup':
      return new PrimaryBackup();
  }
}

/**
 * Static long-run share of the picks per candidate (fluid mode): equal for round_robin and random,
 * proportional to the weights for weighted_round_robin, all to the first candidate for primary_backup.
 * For least_request these are the shares at vanishing load (equal, or proportional to the weights); the
 * fluid mode replaces them with its load-dependent law (least-request-fluid.ts).
 * @returns shares aligned with `candidates`, summing to 1 (empty when there is no candidate).
 */
export function fluidShares(b: BalancerSpec, candidates: readonly number[]): number[] {
  if (candidates.length === 0) return [];
  if (b.policy === 'primary_backup') return candidates.map((_, i) => (i === 0 ? 1 : 0));
  const weighted = b.policy === 'weighted_round_robin' || b.policy === 'least_request';
  const w = candidates.map((h) => (weighted ? b.weights[h] : 1));
  const total = w.reduce((a, x) => a + x, 0);
  return w.map((x) => x / total);
}

/**
 * Fluid round_robin retry: the cursor moved `between` picks since the failed try on `prev` was picked, so
 * the retry gets the candidate `between + 1` places after `prev` in host order (after the place `prev`
 * would have, when it left rotation meanwhile).
 */
export function roundRobinRetryPick(candidates: readonly number[], prev: number, between: number): number {
  const n = candidates.length;
  let i = candidates.indexOf(prev);
  if (i < 0) {
    i = candidates.findIndex((h) => h > prev);
    return candidates[((i < 0 ? 0 : i) + between) % n];
  }
  return candidates[(i + 1 + between) % n];
}

/** Picks from fluid shares with one uniform draw. */
export function pickByShares(candidates: readonly number[], shares: readonly number[], u: number): number {
  let acc = 0;
  for (let i = 0; i < candidates.length; i++) {
    acc += shares[i];
    if (u < acc) return candidates[i];
  }
  return candidates[candidates.length - 1];
}
