/**
 * Fluid model of Envoy's retry budget (cluster.v3.CircuitBreakers.Thresholds.RetryBudget): a retry is
 * admitted while the active retries n are below max(min_retry_concurrency, budget_percent x N), N the
 * active requests (the calls in flight, the n retrying ones included).
 *
 * Writing N = M + n, M the calls in flight that are not in a retry, the rule is n < min_retry_concurrency
 * or n (1 - budget_percent) < budget_percent M: for a given M the retries form a loss system with
 * c(M) = max(min_retry_concurrency, ceil(budget_percent M / (1 - budget_percent))) servers, and a retry
 * arriving in a Poisson stream of offered load A (erlangs) is refused with the Erlang loss probability
 * B(c, A) (Erlang 1917; insensitive to the retry duration law: Sevastyanov 1957). M is taken as Poisson
 * with mean L_M (M/G/infinity calls). Hence the admitted fraction
 *   a = sum_M Poisson(M; L_M) (1 - B(c(M), A)).
 * L_M and A depend on a (admitted retries lengthen calls; offered load = carried load / a), so the caller
 * iterates to the fixed point. Loads come from Little's law (L = lambda W; Little, Oper. Res. 9(3), 1961).
 */

/** Erlang B blocking probabilities B(c, A) for c = 0..cMax (recursion B(c) = A B(c-1) / (c + A B(c-1))). */
export function erlangBTable(cMax: number, offered: number): Float64Array {
  const b = new Float64Array(cMax + 1);
  b[0] = 1;
  for (let c = 1; c <= cMax; c++) b[c] = (offered * b[c - 1]) / (c + offered * b[c - 1]);
  return b;
}

/**
 * Fraction of offered retries admitted by the budget.
 * @param callLoad mean calls in flight that are not in a retry (L_M, >= 0)
 * @param offeredRetryLoad offered retry load A in erlangs (retry rate x mean retry duration, all admitted)
 * @returns a in [0, 1]
 */
export function admittedFraction(budget: { budgetPercent: number; minRetryConcurrency: number }, callLoad: number, offeredRetryLoad: number): number {
  const A = offeredRetryLoad;
  if (!(A > 0)) return 1;
  const p = budget.budgetPercent;
  if (p >= 1) return 1;
  const servers = (m: number) => Math.max(budget.minRetryConcurrency, Math.ceil((p * m) / (1 - p)));
  const L = Math.max(0, callLoad);
  const lo = Math.max(0, Math.floor(L - 10 * Math.sqrt(L) - 10));
  const hi = Math.ceil(L + 10 * Math.sqrt(L) + 10);
  const table = erlangBTable(servers(hi), A);
  let a = 0;
  let mass = 0;
  if (L === 0) return 1 - table[servers(0)];
  // Poisson(L) probabilities in log space (no underflow for large L), updated term by term.
  let logP = lo * Math.log(L) - L - logFactorial(lo);
  for (let m = lo; m <= hi; m++) {
    const w = Math.exp(logP);
    mass += w;
    a += w * (1 - table[servers(m)]);
    logP += Math.log(L) - Math.log(m + 1);
  }
  return mass > 0 ? Math.min(1, Math.max(0, a / mass)) : 1;
}

function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}
