/**
 * Reference: the health checker's state under independent probe failures, written from Envoy's documented
 * rule (config.core.v3.HealthCheck: "unhealthy_threshold: The number of unhealthy health checks required
 * before a host is marked unhealthy"; "healthy_threshold: The number of healthy health checks required
 * before a host is marked healthy"; consecutive checks, as in the health checking architecture overview),
 * not from src/traffic.
 *
 * When every probe fails independently with probability q (e.g. a loss fault on the path of a host that is
 * up), the checker is a Markov chain over the probes: healthy with j consecutive failures (j < k =
 * unhealthy_threshold) or unhealthy with i consecutive passes (i < m = healthy_threshold). The state holds
 * from one probe result to the next, and the length of that gap does not depend on the state (it depends
 * on the next probe's own outcome), so the fraction of time marked healthy is the stationary probability of
 * the healthy states of the embedded chain (renewal-reward). Solved by power iteration.
 */
export function healthyTimeFraction(q: number, k: number, m: number): number {
  // States 0..k-1: healthy with j failures; k..k+m-1: unhealthy with i passes.
  const n = k + m;
  let pi = new Float64Array(n).fill(1 / n);
  for (let iter = 0; iter < 200_000; iter++) {
    const next = new Float64Array(n);
    for (let j = 0; j < k; j++) {
      next[0] += pi[j] * (1 - q);
      next[j + 1 < k ? j + 1 : k] += pi[j] * q;
    }
    for (let i = 0; i < m; i++) {
      const s = k + i;
      next[k] += pi[s] * q;
      next[i + 1 < m ? s + 1 : 0] += pi[s] * (1 - q);
    }
    let diff = 0;
    for (let x = 0; x < n; x++) diff = Math.max(diff, Math.abs(next[x] - pi[x]));
    pi = next;
    if (diff < 1e-15) break;
  }
  let healthy = 0;
  for (let j = 0; j < k; j++) healthy += pi[j];
  return healthy;
}
