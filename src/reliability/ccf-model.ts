/**
 * The multiple Greek letter (MGL) common-cause failure model, of which the beta-factor model is the case
 * gamma = delta = 1. Pure functions; rates per second.
 *
 * For a group of m identical units, each with total failure rate Q_t, the rate of the basic event failing
 * one given set of k units (and no other) is (A. Mosleh et al., NUREG/CR-5485, "Guidelines on Modeling
 * Common-Cause Failures in Probabilistic Risk Assessment" (1998), the MGL model among its parametric models;
 * A. Mosleh et al., NUREG/CR-4780 vol. 1 (1988)):
 *
 *   Q_k = (1 / C(m-1, k-1)) * (rho_1 * rho_2 * ... * rho_k) * (1 - rho_{k+1}) * Q_t,
 *
 * with rho_1 = 1, rho_2 = beta, rho_3 = gamma, rho_4 = delta, rho_j = 1 for j > 4 (every further unit
 * follows once four have failed together: the model's parameters beyond delta are not given) and
 * rho_{m+1} = 0. The per-unit total is preserved: sum_k C(m-1, k-1) Q_k = Q_t. With gamma = delta = 1 this
 * is the beta-factor model of IEC 61508-6:2010 Annex D: a fraction beta of each unit's failures fails the
 * whole group, the rest (1 - beta) are independent.
 */

/** Binomial coefficient C(n, k) (exact for the small group sizes of CCF groups). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/** Parameters of a CCF group (fractions) and its size. */
export interface MglParameters {
  m: number;
  beta: number;
  gamma: number;
  delta: number;
}

/** rho_j of the MGL model (j = 1..m+1). */
function rho(p: MglParameters, j: number): number {
  if (j === 1) return 1;
  if (j > p.m) return 0;
  if (j === 2) return p.beta;
  if (j === 3) return p.gamma;
  if (j === 4) return p.delta;
  return 1;
}

/**
 * Q_k for k = 1..m: rate of the basic event failing one given set of k units (index k - 1 of the result).
 * @param unitRate Q_t, the total failure rate of one unit (per second).
 */
export function mglSetRates(p: MglParameters, unitRate: number): number[] {
  const out: number[] = [];
  let prod = 1;
  for (let k = 1; k <= p.m; k++) {
    prod *= rho(p, k);
    out.push(((prod * (1 - rho(p, k + 1))) / binomial(p.m - 1, k - 1)) * unitRate);
  }
  return out;
}

/**
 * Rate of common-cause events failing exactly k units (any k of the m), k = 2..m (index k - 2):
 * C(m, k) Q_k. The independent rate of one unit is Q_1 = (1 - beta) Q_t.
 */
export function mglEventRates(p: MglParameters, unitRate: number): number[] {
  return mglSetRates(p, unitRate).slice(1).map((q, i) => binomial(p.m, i + 2) * q);
}
