/**
 * Load-balancing policies (Envoy's names). Each policy picks one host among the candidates (the hosts in
 * rotation: healthy for the health checker and not ejected by outlier detection).
 *
 * - exact mode: `makePicker` builds a stateful picker per service (round-robin cursor, smooth weighted
 *   round-robin credits, active-request counts for least_request).
 * - fluid mode: `fluidShares` gives the long-run fraction of picks per candidate (the routing law).
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
 * least_request: draw `choiceCount` distinct candidates uniformly (partial Fisher-Yates) and take the one
 * with the fewest active requests divided by its weight (first drawn wins ties). With choiceCount >= the
 * number of candidates this is "least loaded" over all of them.
 */
class LeastRequest implements Picker {
  private scratch: number[] = [];
  constructor(private readonly choiceCount: number, private readonly weights: number[], private readonly active: ActiveCount) {}
  pick(c: readonly number[], u: () => number): number {
    const n = c.length;
    const k = Math.min(this.choiceCount, n);
    const s = this.scratch;
    s.length = 0;
    for (const h of c) s.push(h);
    let best = -1;
    let bestLoad = Infinity;
    for (let i = 0; i < k; i++) {
      const j = i + Math.min(n - i - 1, Math.floor(u() * (n - i)));
      const tmp = s[i];
      s[i] = s[j];
      s[j] = tmp;
      const h = s[i];
      const load = (this.active(h) + 1) / this.weights[h];
      if (load < bestLoad) {
        best = h;
        bestLoad = load;
      }
    }
    return best;
  }
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
      return new LeastRequest(b.choiceCount, b.weights, active);
    case 'primary_backup':
      return new PrimaryBackup();
  }
}

/**
 * Long-run share of the picks per candidate (fluid mode): equal for round_robin, random and least_request
 * (identical hosts with equal load stay balanced), proportional to the weights for weighted_round_robin
 * (and weighted least_request), all to the first candidate for primary_backup.
 * Approximation: least_request's preference for hosts that fail fast (fewer active requests) is not
 * represented; the exact mode has it.
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

/** Picks from fluid shares with one uniform draw. */
export function pickByShares(candidates: readonly number[], shares: readonly number[], u: number): number {
  let acc = 0;
  for (let i = 0; i < candidates.length; i++) {
    acc += shares[i];
    if (u < acc) return candidates[i];
  }
  return candidates[candidates.length - 1];
}
