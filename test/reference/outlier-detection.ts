/**
 * Reference: Envoy's consecutive-5xx outlier detection, written from the documentation only (not from
 * src/traffic): Envoy "Outlier detection" architecture overview ("Ejection algorithm", "Ejection types:
 * Consecutive 5xx") and config.cluster.v3.OutlierDetection (consecutive_5xx, interval, base_ejection_time,
 * max_ejection_time, max_ejection_percent):
 * - consecutive failures reaching consecutive_5xx make the host an outlier (the count then restarts; a
 *   success resets it);
 * - an outlier is ejected if no host is ejected or while the ejected hosts are below max_ejection_percent;
 * - ejection time = base_ejection_time x multiplier; the multiplier grows at each ejection until
 *   base x multiplier reaches max_ejection_time;
 * - a sweep every `interval` returns hosts whose ejection time has elapsed and decrements the multiplier of
 *   hosts that are not ejected.
 *
 * Model: Poisson client requests at `rate`/s, each sent once to a host drawn uniformly among those not
 * ejected; host i fails each request with probability failure[i]; results are seen at once. Returns the
 * success ratio of the requests arriving in [warmup, horizon].
 */
import seedrandom from 'seedrandom';

export interface OutlierCase {
  rate: number;
  failure: number[];
  consecutive5xx: number;
  interval: number;
  baseEjectionTime: number;
  maxEjectionTime: number;
  maxEjectionPercent: number;
  warmup: number;
  horizon: number;
}

export function referenceOutlier(c: OutlierCase, seed: string): number {
  const rng = seedrandom.alea(seed);
  const n = c.failure.length;
  const count = new Array(n).fill(0);
  const ejected = new Array(n).fill(false);
  const ejectedAt = new Array(n).fill(0);
  const multiplier = new Array(n).fill(0);
  let nextSweep = c.interval;
  let t = 0, counted = 0, ok = 0;
  const sweep = (at: number) => {
    for (let i = 0; i < n; i++) {
      if (ejected[i]) {
        if (at - ejectedAt[i] >= Math.min(c.baseEjectionTime * multiplier[i], c.maxEjectionTime)) {
          ejected[i] = false;
          count[i] = 0;
        }
      } else if (multiplier[i] > 0) multiplier[i]--;
    }
  };
  for (;;) {
    t += -Math.log(1 - rng()) / c.rate;
    while (nextSweep <= Math.min(t, c.horizon)) {
      sweep(nextSweep);
      nextSweep += c.interval;
    }
    if (t > c.horizon) break;
    const up = [...Array(n).keys()].filter((i) => !ejected[i]);
    const h = up[Math.min(up.length - 1, Math.floor(rng() * up.length))];
    const failed = rng() < c.failure[h];
    if (t >= c.warmup) {
      counted++;
      if (!failed) ok++;
    }
    if (!failed) {
      count[h] = 0;
      continue;
    }
    if (++count[h] < c.consecutive5xx) continue;
    count[h] = 0;
    const nEjected = ejected.filter(Boolean).length;
    if (nEjected > 0 && nEjected / n >= c.maxEjectionPercent) continue;
    if (c.baseEjectionTime * multiplier[h] < c.maxEjectionTime) multiplier[h]++;
    ejected[h] = true;
    ejectedAt[h] = t;
  }
  return ok / counted;
}
