/**
 * Routing laws of the balancer policies (src/traffic/policies.ts), exact-mode pickers and fluid shares.
 * Random laws are checked with a chi-square goodness-of-fit test at the 0.1% level (fixed seeds).
 */
import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { rngStream } from '../src/engine/rng.js';
import type { BalancerSpec } from '../src/traffic/types.js';
import { fluidShares, makePicker } from '../src/traffic/policies.js';

const balancer = (o: Partial<BalancerSpec>): BalancerSpec => ({
  policy: 'round_robin',
  choiceCount: 2,
  weights: [1, 1, 1, 1],
  nodes: null,
  failoverTime: 0,
  failoverSuccess: 1,
  healthCheck: null,
  outlier: null,
  retry: { numRetries: 0, perTryTimeout: null, budget: null, previousHosts: false, hostSelectionRetryMaxAttempts: 1 },
  activeRequestBias: 1,
  ...o,
});

/** Chi-square statistic of counts against expected probabilities; returns the p-value. */
function chiSquareP(counts: number[], probs: number[]): number {
  const n = counts.reduce((a, x) => a + x, 0);
  let x2 = 0;
  counts.forEach((c, i) => (x2 += (c - n * probs[i]) ** 2 / (n * probs[i])));
  const chi = (jStat as unknown as { chisquare: { cdf(x: number, dof: number): number } }).chisquare;
  return 1 - chi.cdf(x2, counts.length - 1);
}

const tally = (pick: () => number, n: number, k: number) => {
  const c = new Array(k).fill(0);
  for (let i = 0; i < n; i++) c[pick()]++;
  return c;
};

describe('balancer policies: routing laws', () => {
  const hosts = [0, 1, 2, 3];

  it('round_robin gives exactly equal shares over whole cycles, in host order', () => {
    const p = makePicker(balancer({ policy: 'round_robin' }), () => 0);
    const u = rngStream(1, 0, 't', 'u');
    const seq = Array.from({ length: 8 }, () => p.pick(hosts, u));
    expect(seq).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    expect(tally(() => p.pick(hosts, u), 4000, 4)).toEqual([1000, 1000, 1000, 1000]);
  });

  it('random is uniform (chi-square, p > 0.001)', () => {
    const p = makePicker(balancer({ policy: 'random' }), () => 0);
    const u = rngStream(2, 0, 't', 'u');
    const c = tally(() => p.pick(hosts, u), 40_000, 4);
    expect(chiSquareP(c, [0.25, 0.25, 0.25, 0.25])).toBeGreaterThan(0.001);
  });

  it('weighted_round_robin gives each host exactly weight/sum of every cycle (smooth WRR)', () => {
    const w = [5, 1, 1, 3];
    const p = makePicker(balancer({ policy: 'weighted_round_robin', weights: w }), () => 0);
    const u = rngStream(3, 0, 't', 'u');
    expect(tally(() => p.pick(hosts, u), 10 * 10, 4)).toEqual([50, 10, 10, 30]);
    // Smooth: the heaviest host is never picked more than twice in a row with weights 5,1,1,3.
    const seq = Array.from({ length: 10 }, () => p.pick(hosts, u)).join('');
    expect(seq).not.toMatch(/000/);
    expect(fluidShares(balancer({ policy: 'weighted_round_robin', weights: w }), hosts)).toEqual([0.5, 0.1, 0.1, 0.3]);
  });

  // Envoy, "Supported load balancers: Weighted least request": with equal weights, choice_count hosts are
  // drawn at random (with replacement: each draw is uniform over the hosts in rotation) and the one with the
  // fewest active requests wins. With loads ranked r = 0 (least) .. n-1 and d draws,
  // P(pick rank r) = P(min rank = r) = ((n - r)^d - (n - r - 1)^d) / n^d.
  const withReplacement = (n: number, d: number) => Array.from({ length: n }, (_, r) => ((n - r) ** d - (n - r - 1) ** d) / n ** d);
  const load = [3, 1, 4, 2]; // ranks: host1 0, host3 1, host0 2, host2 3
  const byRank = (c: number[]) => [c[1], c[3], c[0], c[2]];

  it('least_request with choice_count = 2 samples with replacement: (7, 5, 3, 1)/16 by load rank (chi-square)', () => {
    const p = makePicker(balancer({ policy: 'least_request', choiceCount: 2 }), (h) => load[h]);
    const u = rngStream(5, 0, 't', 'u');
    const c = tally(() => p.pick(hosts, u), 40_000, 4);
    expect(withReplacement(4, 2)).toEqual([7 / 16, 5 / 16, 3 / 16, 1 / 16]);
    expect(c[2]).toBeGreaterThan(0); // the most loaded host wins when drawn twice
    expect(chiSquareP(byRank(c), withReplacement(4, 2))).toBeGreaterThan(0.001);
  });

  it('least_request with choice_count = n is not a full scan (draws repeat hosts)', () => {
    const p = makePicker(balancer({ policy: 'least_request', choiceCount: 4 }), (h) => load[h]);
    const u = rngStream(4, 0, 't', 'u');
    const c = tally(() => p.pick(hosts, u), 40_000, 4);
    expect(c[1]).toBeLessThan(40_000); // 1 - (3/4)^4 = 68.4% to the least loaded, not 100%
    expect(chiSquareP(byRank(c), withReplacement(4, 4))).toBeGreaterThan(0.001);
  });

  // Envoy, "Weighted least request", all weights not equal: weighted round robin (EDF schedule) with
  // weight = load_balancing_weight / (active_requests + 1)^active_request_bias at the time of selection.
  it('weighted least_request at low load: weight 2 among [2,1,1,1] gets 2/5 of the picks, exactly per cycle', () => {
    const p = makePicker(balancer({ policy: 'least_request', weights: [2, 1, 1, 1] }), () => 0);
    const u = rngStream(8, 0, 't', 'u');
    expect(tally(() => p.pick(hosts, u), 5 * 200, 4)).toEqual([400, 200, 200, 200]);
  });

  it('weighted least_request with active requests: shares proportional to weight / (active + 1)^bias', () => {
    const active = [3, 0, 1, 0];
    for (const bias of [1, 0.5, 0]) {
      const p = makePicker(balancer({ policy: 'least_request', weights: [2, 1, 1, 1], activeRequestBias: bias }), (h) => active[h]);
      const u = rngStream(9, 0, 't', 'u');
      const eff = [2, 1, 1, 1].map((w, h) => w / (active[h] + 1) ** bias);
      const total = eff.reduce((a, x) => a + x, 0);
      const n = 20_000;
      const c = tally(() => p.pick(hosts, u), n, 4);
      // A deterministic schedule: each count is within one pick of its share.
      c.forEach((x, h) => expect(Math.abs(x - (n * eff[h]) / total), `bias ${bias} host ${h}`).toBeLessThanOrEqual(1));
    }
  });

  it('primary_backup sends everything to the first host in rotation, then to the backup', () => {
    const p = makePicker(balancer({ policy: 'primary_backup' }), () => 0);
    const u = rngStream(6, 0, 't', 'u');
    expect(tally(() => p.pick(hosts, u), 100, 4)).toEqual([100, 0, 0, 0]);
    expect(tally(() => p.pick([1, 2, 3], u), 100, 4)).toEqual([0, 100, 0, 0]); // primary ejected / unhealthy
    expect(fluidShares(balancer({ policy: 'primary_backup' }), [2, 3])).toEqual([1, 0]);
  });

  it('static fluid shares: equal for round_robin, random and least_request at vanishing load', () => {
    for (const policy of ['round_robin', 'random', 'least_request'] as const) {
      expect(fluidShares(balancer({ policy }), [0, 2, 3])).toEqual([1 / 3, 1 / 3, 1 / 3]);
    }
    expect(fluidShares(balancer({}), [])).toEqual([]);
  });
});
