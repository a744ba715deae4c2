/**
 * Reference model for downtime attribution in a series system of independent units with exponential failure
 * and repair (units keep ageing while the system is down): the CTMC over the sets of down units. An outage
 * starts when a unit fails from the all-up state (rate lambda_i, so a share lambda_i / sum lambda_j of the
 * outages) and lasts until the chain is back in the all-up state; the expected length of an outage started
 * by unit i is the mean hitting time T_i of the all-up state from {i down}. By the regenerative property
 * (cycles from all-up), the long-run share of downtime of the outages started by i is
 * lambda_i T_i / sum_j lambda_j T_j. Hitting times solve T(s) = 1/q(s) + sum_s' q(s, s')/q(s) T(s'),
 * T(all up) = 0 (Norris, "Markov Chains", 1997, thm 3.3.3), here by Gaussian elimination.
 */

/** Mean hitting time of the all-up state from each state (bitmask of down units), in the rates' time unit. */
export function hittingTimes(lambda: readonly number[], mu: readonly number[]): number[] {
  const n = lambda.length;
  const N = 1 << n;
  // Unknowns: T(s) for s = 1..N-1; equations q(s) T(s) - sum q(s, s') T(s') = 1.
  const m = N - 1;
  const A = Array.from({ length: m }, () => new Array<number>(m + 1).fill(0));
  for (let s = 1; s < N; s++) {
    const row = A[s - 1];
    let q = 0;
    for (let j = 0; j < n; j++) {
      const down = (s >> j) & 1;
      const rate = down ? mu[j] : lambda[j];
      const t = s ^ (1 << j);
      q += rate;
      if (t !== 0) row[t - 1] -= rate;
    }
    row[s - 1] += q;
    row[m] = 1;
  }
  for (let c = 0; c < m; c++) {
    let p = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(A[r][c]) > Math.abs(A[p][c])) p = r;
    [A[c], A[p]] = [A[p], A[c]];
    for (let r = 0; r < m; r++) {
      if (r === c) continue;
      const f = A[r][c] / A[c][c];
      if (f !== 0) for (let k = c; k <= m; k++) A[r][k] -= f * A[c][k];
    }
  }
  return [0, ...A.map((row, i) => row[m] / row[i])];
}

/** Long-run share of system downtime of the outages started by each unit. */
export function downtimeShares(lambda: readonly number[], mu: readonly number[]): number[] {
  const T = hittingTimes(lambda, mu);
  const w = lambda.map((l, i) => l * T[1 << i]);
  const total = w.reduce((s, x) => s + x, 0);
  return w.map((x) => x / total);
}
