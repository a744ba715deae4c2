/**
 * Fluid-mode routing law of Envoy's least_request, with the load effect: hosts whose tries last longer hold
 * more active requests and get fewer picks; hosts that fail at once attract more.
 *
 * The law depends on the joint distribution of the hosts' active requests, which the routing itself
 * shapes (power of d choices balances the loads: Mitzenmacher, "The Power of Two Choices in Randomized
 * Load Balancing", IEEE TPDS 12(10), 2001). Its mean-field limit (independent Poisson loads) is off by
 * several percent with a handful of hosts, so the shares are measured instead on a short simulation of
 * the balancer alone in the current state: picks arrive as a Poisson stream at the service's pick rate,
 * each chooses with the exact-mode picker (policies.ts: P2C with replacement, or Envoy's EDF weighting)
 * over the current active counts, and holds its host for a try duration drawn from that host's durations
 * measured by the state's first evaluation pass. After ROUTING_WARMUP picks, the next ROUTING_PICKS are
 * counted. The draws come from the state's own stream, so the routing error is independent between
 * replications and lies inside the replication CI.
 */
import { makePicker } from './policies.js';
import { EndTimes } from './end-times.js';
import type { BalancerSpec } from './types.js';

export const ROUTING_WARMUP = 500;
export const ROUTING_PICKS = 6000;

/**
 * Long-run shares of the picks among `candidates` under least_request.
 * @param durations try durations observed on each host position (seconds), for resampling; hosts without
 *   observations use every observation of the service
 * @param pickRate picks per second at the service
 * @param u uniform draws
 * @returns shares aligned with candidates, summing to 1
 */
export function leastRequestShares(b: BalancerSpec, candidates: readonly number[], durations: readonly number[][], pickRate: number, u: () => number): number[] {
  const n = candidates.length;
  if (n === 0) return [];
  const all = durations.flat();
  if (!(pickRate > 0) || all.length === 0) return candidates.map(() => 1 / n);
  // Per host position (candidates are positions in the service's host list): plain arrays, no Map look-ups
  // in the loop (a few million picks per replication of a least_request scenario).
  const size = Math.max(durations.length, ...candidates) + 1;
  const active: EndTimes[] = new Array<EndTimes>(size);
  const own: (readonly number[])[] = new Array<readonly number[]>(size);
  for (const h of candidates) {
    active[h] = new EndTimes();
    own[h] = durations[h]?.length ? durations[h] : all;
  }
  let now = 0;
  const picker = makePicker(b, (h) => active[h].count(now));
  const counts = new Float64Array(size);
  for (let i = 0; i < ROUTING_WARMUP + ROUTING_PICKS; i++) {
    now += -Math.log(1 - u()) / pickRate;
    const h = picker.pick(candidates, u);
    const d = own[h];
    active[h].push(now + d[Math.min(d.length - 1, Math.floor(u() * d.length))]);
    if (i >= ROUTING_WARMUP) counts[h]++;
  }
  return candidates.map((h) => counts[h] / ROUTING_PICKS);
}
