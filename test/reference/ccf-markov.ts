/**
 * Reference Markov models of small groups of identical repairable units with common-cause failures,
 * written from the published rules (not from src/):
 * - multiple Greek letter model, NUREG/CR-5485 (Mosleh et al., 1998), basic-event rates for a group of
 *   size m = 2 and m = 3 (the beta-factor model of IEC 61508-6:2010 Annex D is m = 2, or gamma = 1):
 *     m = 2: Q_1 = (1 - beta) Q_t, Q_2 = beta Q_t
 *     m = 3: Q_1 = (1 - beta) Q_t, Q_2 = beta (1 - gamma) Q_t / 2, Q_3 = beta gamma Q_t
 *   where Q_k is the rate of the event failing one given set of k units (and no other);
 * - a common-cause event fails the units of its set that are up; each down unit has its own repairer
 *   (repair rate mu).
 * The chain is enumerated unit by unit (2^m states, bit j set = unit j down) and its steady state solved by
 * Gaussian elimination with the normalisation replacing one balance equation (Stewart, "Introduction to the
 * Numerical Solution of Markov Chains", 1994, sec. 2.3).
 *
 * Closed form for m = 2 (solved by hand from the lumped 3-state chain 2 up / 1 up / 0 up, rho = lambda/mu):
 *   2 -> 1 at 2 (1 - beta) lambda, 2 -> 0 at beta lambda, 1 -> 0 at lambda, 1 -> 2 at mu, 0 -> 1 at 2 mu;
 *   pi_1 / pi_2 = (2 - beta) rho, pi_0 / pi_2 = rho (beta + (2 - beta) rho) / 2, U = pi_0 (Rausand & Høyland,
 *   "System Reliability Theory", 2nd ed. (2004), sec. 8.8; beta = 0 gives (rho / (1 + rho))^2).
 */

/** Q_k (k = 1..m, index k - 1) per NUREG/CR-5485 for m = 2 or 3. */
export function mglRates(m: 2 | 3, qt: number, beta: number, gamma = 1): number[] {
  return m === 2 ? [(1 - beta) * qt, beta * qt] : [(1 - beta) * qt, (beta * (1 - gamma) * qt) / 2, beta * gamma * qt];
}

/** Steady-state probabilities of the enumerated chain (index = bit mask of down units). */
export function ccfSteadyState(m: 2 | 3, lambda: number, mu: number, beta: number, gamma = 1): number[] {
  const q = mglRates(m, lambda, beta, gamma);
  const N = 1 << m;
  const Q = Array.from({ length: N }, () => new Array<number>(N).fill(0));
  for (let s = 0; s < N; s++) {
    // Every basic event: a set S of units (bit mask), rate Q_|S|; it fails the up units of S.
    for (let set = 1; set < N; set++) {
      const k = popcount(set);
      const t = s | set;
      if (t !== s) Q[s][t] += q[k - 1];
    }
    for (let j = 0; j < m; j++) if ((s >> j) & 1) Q[s][s ^ (1 << j)] += mu;
  }
  // pi Q = 0, sum pi = 1: equations sum_s pi_s Q[s][t] = 0 for t = 1..N-1, and the normalisation.
  const A = Array.from({ length: N }, () => new Array<number>(N + 1).fill(0));
  for (let t = 0; t < N; t++) {
    for (let s = 0; s < N; s++) {
      if (s === t) continue;
      A[t][s] += Q[s][t];
      A[t][t] -= Q[t][s];
    }
  }
  A[0] = new Array<number>(N + 1).fill(1);
  return solve(A, N);
}

/** Closed-form unavailability of the 1oo2 pair (see the module documentation). */
export function oneOutOfTwoUnavailability(lambda: number, mu: number, beta: number): number {
  const rho = lambda / mu;
  const p1 = (2 - beta) * rho;
  const p0 = (rho * (beta + (2 - beta) * rho)) / 2;
  return p0 / (1 + p1 + p0);
}

function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}

function solve(A: number[][], n: number): number[] {
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r][c]) > Math.abs(A[p][c])) p = r;
    [A[c], A[p]] = [A[p], A[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = A[r][c] / A[c][c];
      if (f !== 0) for (let k = c; k <= n; k++) A[r][k] -= f * A[c][k];
    }
  }
  return A.map((row, i) => row[n] / row[i]);
}
