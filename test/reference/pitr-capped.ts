/**
 * Reference model of the point-in-time recovery loss with the backup-age cap, written from the rule (not
 * from src/): a restore replays the archive up to min(incident, restore time - X) but never starts earlier
 * than the newest usable backup, so the loss is min(X, A) for an incident noticed at once (X = L with the
 * archiver up, a + L when it has been stopped for a), A the newest usable backup's age.
 * Backups: runs at the given cycle starts, each lost with probability q, a run usable only `busy` s after
 * its start. An incident at time u of the cycle: walk back over the runs (cycle after cycle) to the newest
 * one that has completed by u and is not lost; its age is A (probability the product of the losses before
 * it). Integrals by the midpoint rule over u (cycle), a (outage age, uniform on [0, r] for a fixed repair r:
 * the backward recurrence time of a fixed-length period) and L (uniform lag on [0, lmax]).
 */

export interface RefBackups {
  period: number;
  starts: number[];
  loss: number;
  busy: number;
}

/** The law of A at incident time u as [age, probability] pairs (probability tail below 1e-12 dropped). */
export function ageAt(b: RefBackups, u: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let p = 1;
  for (let cycle = 0; p > 1e-12 && cycle < 10_000; cycle++) {
    const runs = b.starts.map((s) => s - cycle * b.period).filter((s) => s + b.busy <= u).sort((x, y) => y - x);
    // Runs of this cycle not yet visited (walking back from u): those of earlier cycles come next.
    for (const s of runs) {
      if (cycle > 0 || s <= u) {
        out.push([u - s, p * (1 - b.loss)]);
        p *= b.loss;
        if (p <= 1e-12) break;
      }
    }
  }
  return out;
}

/** E[A] by the midpoint rule over the cycle (n points). */
export function meanAge(b: RefBackups, n = 20_000): number {
  let sum = 0;
  for (let i = 0; i < n; i++) for (const [a, p] of ageAt(b, ((i + 0.5) / n) * b.period)) sum += a * p;
  return sum / n;
}

/** E[min(y, A)] for a fixed y. */
export function cappedMean(b: RefBackups, y: number, n = 20_000): number {
  let sum = 0;
  for (let i = 0; i < n; i++) for (const [a, p] of ageAt(b, ((i + 0.5) / n) * b.period)) sum += Math.min(y, a) * p;
  return sum / n;
}

/**
 * E[RPO] for immediate detection: (1 - pi_d) E[min(L, A)] + pi_d E[min(a + L, A)], L ~ U(0, lmax),
 * a ~ U(0, r), pi_d = r / (mtbf + r) (alternating renewal process, Ross 1996 sec. 3.4).
 */
export function cappedPitrLoss(b: RefBackups, lmax: number, mtbf: number, r: number, n = 600): number {
  const pid = r / (mtbf + r);
  const ages: Array<Array<[number, number]>> = Array.from({ length: n }, (_, i) => ageAt(b, ((i + 0.5) / n) * b.period));
  const expMin = (x: number) => {
    let s = 0;
    for (const law of ages) for (const [a, p] of law) s += Math.min(x, a) * p;
    return s / n;
  };
  let up = 0;
  let down = 0;
  const m = 60;
  for (let j = 0; j < m; j++) {
    const l = ((j + 0.5) / m) * lmax;
    up += expMin(l) / m;
    for (let k = 0; k < m; k++) down += expMin(((k + 0.5) / m) * r + l) / (m * m);
  }
  return (1 - pid) * up + pid * down;
}
