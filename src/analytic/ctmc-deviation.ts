/**
 * Interval availability of a long horizon without a long transient solution: the cumulative deviation
 * from steady state.
 *
 * With p(t) = p0 e^{Qt} and pi Q = 0, the integral y = int_0^inf (p(t) - pi) dt solves y Q = pi - p0 with
 * sum(y) = 0 (integrate p' = p Q and use p(inf) = pi). Then the expected up time over [0, T] is
 * A T + up . y - up . int_T^inf (p - pi) dt, where the last term decays like the slowest relaxation mode.
 * The time scale of the up-mass deviation is estimated by tau = |up . z| / |up . y| (its mean time) with
 * z = int_0^inf t (p(t) - pi) dt, which solves z Q = -y; the method is used when T exceeds 50 tau, or when
 * the neglected tail is below 1% of the expected downtime over [0, T]: for a deviation of one sign, Markov's
 * inequality bounds the tail by |up . y| tau / T (a slow mode, e.g. which unit of a non-revertive standby
 * pair is active, can give tau of months while moving little up-mass).
 * (Slow modes that do not move the up-mass, e.g. which unit of a non-revertive standby pair is active, do
 * not count.) The linear systems are solved by Gauss-Seidel sweeps projected onto sum = 0.
 *
 * Sources: Kemeny & Snell, "Finite Markov Chains" (1960), ch. 4 (fundamental matrix); Trivedi (2016),
 * sec. 8.5 (interval availability); Stewart, "Introduction to the Numerical Solution of Markov Chains"
 * (1994), ch. 3 (Gauss-Seidel).
 */
import type { CompiledCtmc } from './ctmc-sparse.js';

/**
 * Solves x Q = b with sum(x) = 0 (b must sum to 0) by Gauss-Seidel, or returns null when the iteration
 * does not converge within `maxSweeps` (default: about 2e8 operations; `tol`: relative tolerance on
 * max |x| of the last sweep's change).
 */
export function solveDeviation(c: CompiledCtmc, pi: Float64Array, b: Float64Array, tol = 1e-10, maxSweeps?: number): Float64Array | null {
  const { n, exit, inStart, inFrom, inRate } = c;
  // Default budget: about 2e8 multiply-adds (the command line's transient budget), at most 20 000 sweeps.
  const sweeps = maxSweeps ?? Math.min(20_000, Math.max(100, Math.floor(2e8 / (n + inFrom.length))));
  const x = new Float64Array(n);
  // x Q = b is consistent only if sum(b) = 0: remove the rounding residue along pi.
  let sumB = 0;
  for (let j = 0; j < n; j++) sumB += b[j];
  if (sumB !== 0) b = Float64Array.from(b, (v, j) => v - sumB * pi[j]);
  let last = Infinity;
  for (let it = 0; it < sweeps; it++) {
    let change = 0;
    let scale = 0;
    for (let j = 0; j < n; j++) {
      if (exit[j] === 0) continue;
      let s = 0;
      for (let e = inStart[j]; e < inStart[j + 1]; e++) s += x[inFrom[e]] * inRate[e];
      const v = (s - b[j]) / exit[j];
      change = Math.max(change, Math.abs(v - x[j]));
      x[j] = v;
    }
    let sum = 0;
    for (let j = 0; j < n; j++) sum += x[j];
    for (let j = 0; j < n; j++) {
      x[j] -= sum * pi[j];
      scale = Math.max(scale, Math.abs(x[j]));
    }
    if (!Number.isFinite(scale)) return null;
    if (it > 2 && change <= tol * scale && change <= last) return x;
    last = change;
  }
  return null;
}

/**
 * Mean availability over [0, T] from p0 by the cumulative deviation, or null when T is not long enough
 * compared with the relaxation time (or the solves do not converge).
 * @param up per-state 1 where the system is up
 * @returns the interval availability, the relaxation-time estimate tau (s) and the bound on the neglected
 *   tail of the up-time (s)
 */
export function intervalByDeviation(c: CompiledCtmc, pi: Float64Array, up: Uint8Array, p0: Float64Array, T: number): { value: number; tau: number; tailBound: number } | null {
  const n = c.n;
  const b = new Float64Array(n);
  for (let j = 0; j < n; j++) b[j] = pi[j] - p0[j];
  const y = solveDeviation(c, pi, b);
  if (!y) return null;
  // tau only decides whether the method applies: a loose tolerance is enough.
  const z = solveDeviation(c, pi, y.map((v) => -v), 1e-4);
  if (!z) return null;
  let upZ = 0;
  let upY = 0;
  let A = 0;
  for (let j = 0; j < n; j++) {
    if (up[j]) {
      upY += y[j];
      upZ += z[j];
      A += pi[j];
    }
  }
  const tau = upY !== 0 ? Math.abs(upZ / upY) : 0;
  const tailBound = (Math.abs(upY) * tau) / T;
  if (!(T > 50 * tau) && !(tailBound < 0.01 * (1 - A) * T)) return null;
  return { value: Math.min(1, Math.max(0, A + upY / T)), tau, tailBound };
}
