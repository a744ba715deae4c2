/**
 * Reference: raw moments of a phase-type distribution (alpha, T) from the textbook formula
 * E[X^k] = k! alpha (-T)^{-k} 1 (Neuts, "Matrix-Geometric Solutions in Stochastic Models" (1981), sec. 2.2),
 * with a dense matrix built from a Coxian's rates and exit probabilities and solved by Gaussian elimination
 * with partial pivoting. Written from the formula, independently of src/analytic/phase-type.ts (which uses
 * back substitution on the bidiagonal form).
 */

/** Dense sub-generator T of a Coxian: T[k][k] = -r_k, T[k][k+1] = r_k (1 - e_k). */
export function coxianGenerator(rates: readonly number[], exit: readonly number[]): number[][] {
  const n = rates.length;
  const T = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let k = 0; k < n; k++) {
    T[k][k] = -rates[k];
    if (k + 1 < n) T[k][k + 1] = rates[k] * (1 - exit[k]);
  }
  return T;
}

/** Solves A x = b (A dense, copied) by Gaussian elimination with partial pivoting. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

/** E[X^k], k = 1..count, of the PH (alpha, T): k! alpha (-T)^{-k} 1. */
export function phMoments(alpha: readonly number[], T: readonly number[][], count: number): number[] {
  const negT = T.map((row) => row.map((x) => -x));
  let v = new Array<number>(alpha.length).fill(1);
  const out: number[] = [];
  let fact = 1;
  for (let k = 1; k <= count; k++) {
    v = solve(negT, v);
    fact *= k;
    out.push(fact * alpha.reduce((s, a, i) => s + a * v[i], 0));
  }
  return out;
}

/** Moments of a Coxian (start in phase 0). */
export function coxianReferenceMoments(c: { rates: readonly number[]; exit: readonly number[] }, count = 3): number[] {
  const alpha = c.rates.map((_, i) => (i === 0 ? 1 : 0));
  return phMoments(alpha, coxianGenerator(c.rates, c.exit), count);
}
