/**
 * Closed forms of the reliability area (pure functions; rates per second, times in seconds). Each states its
 * source and assumptions; results.ts says when a scenario breaks them.
 */
import { lawSurvival } from '../scenario/laws.js';
import type { DistributionSpec } from '../scenario/types.js';

export const SRC_RH_PFD =
  'Rausand & Høyland, "System Reliability Theory", 2nd ed. (2004), sec. 10.3 (PFD of a periodically tested item: 1 - (1/T) int_0^T R(t) dt)';
export const SRC_IEC_1OO1 = 'IEC 61508-6:2010 Annex B, B.3.2.2.1 (1oo1: PFD_avg = lambda_DU (T1/2 + MRT) + lambda_DD MTTR)';
export const SRC_IEC_1OO2 =
  'IEC 61508-6:2010 Annex B, B.3.2.2.2 (1oo2: PFD_avg = 2((1-beta_D) lambda_DD + (1-beta) lambda_DU)^2 t_CE t_GE + beta_D lambda_DD MTTR + beta lambda_DU (T1/2 + MRT))';
export const SRC_IEC_PTC = 'IEC 61508-6:2010 Annex B, B.3.2.5 (non-perfect proof tests: a fraction PTC revealed at T1, the rest at the overhaul T2)';
export const SRC_BP_AGE = 'Barlow & Proschan, "Mathematical Theory of Reliability" (1965), ch. 4 sec. 2 (age replacement; availability by renewal-reward)';
export const SRC_MRU = 'renewal-reward over the replaceable unit\'s cycles (Ross, "Stochastic Processes", 2nd ed. (1996), Theorem 3.6.1)';

/**
 * Exact mean unavailability of a unit with exponential failures at rate `lambda` whose failures are found
 * only by instant proof tests every `T` seconds and repaired instantly: U = 1 - (1 - e^(-lambda T))/(lambda T)
 * (its IEC first-order approximation is lambda T / 2). Source: SRC_RH_PFD.
 */
export function periodicTestUnavailability(lambda: number, T: number): number {
  const x = lambda * T;
  if (x === 0) return 0;
  return x < 1e-6 ? x / 2 - (x * x) / 6 : 1 + Math.expm1(-x) / x;
}

/** Parameters of the IEC 61508-6 PFD_avg formulas. */
export interface IecParameters {
  /** Dangerous undetected and dangerous detected failure rates (per second). */
  lambdaDU: number;
  lambdaDD: number;
  /** Proof-test interval T1, mean repair time after a proof test MRT, mean time to restoration MTTR (seconds). */
  T1: number;
  MRT: number;
  MTTR: number;
  /** Proof-test coverage (1 = perfect) and the interval T2 at which the rest is found (seconds). */
  PTC?: number;
  T2?: number;
}

/**
 * IEC 61508-6 1oo1 PFD_avg (low demand), with non-perfect proof tests when PTC < 1:
 * PTC lambda_DU (T1/2 + MRT) + (1 - PTC) lambda_DU (T2/2 + MRT) + lambda_DD MTTR.
 * Sources: SRC_IEC_1OO1, SRC_IEC_PTC. First order in lambda T.
 */
export function iec1oo1Pfd(p: IecParameters): number {
  const ptc = p.PTC ?? 1;
  const rest = ptc < 1 ? (1 - ptc) * p.lambdaDU * ((p.T2 ?? Infinity) / 2 + p.MRT) : 0;
  return ptc * p.lambdaDU * (p.T1 / 2 + p.MRT) + rest + p.lambdaDD * p.MTTR;
}

/**
 * IEC 61508-6 1oo2 PFD_avg (low demand) with beta = beta_D:
 * 2((1-beta) lambda_D)^2 t_CE t_GE + beta lambda_DD MTTR + beta lambda_DU (T1/2 + MRT), where
 * t_CE = (lambda_DU/lambda_D)(T1/2 + MRT) + (lambda_DD/lambda_D) MTTR and
 * t_GE = (lambda_DU/lambda_D)(T1/3 + MRT) + (lambda_DD/lambda_D) MTTR. Source: SRC_IEC_1OO2.
 */
export function iec1oo2Pfd(p: IecParameters & { beta: number }): number {
  const lD = p.lambdaDU + p.lambdaDD;
  if (lD === 0) return 0;
  const tCE = (p.lambdaDU / lD) * (p.T1 / 2 + p.MRT) + (p.lambdaDD / lD) * p.MTTR;
  const tGE = (p.lambdaDU / lD) * (p.T1 / 3 + p.MRT) + (p.lambdaDD / lD) * p.MTTR;
  const ind = (1 - p.beta) * lD;
  return 2 * ind * ind * tCE * tGE + p.beta * p.lambdaDD * p.MTTR + p.beta * p.lambdaDU * (p.T1 / 2 + p.MRT);
}

/**
 * Exact mean unavailability of a 1oo2 pair of identical units with exponential failures at total rate
 * `lambda`, a fraction `beta` of common cause (beta-factor), failures found only by simultaneous instant
 * proof tests every T and repaired instantly:
 * U = (1/T) int_0^T [1 - e^(-beta l t) + e^(-beta l t) (1 - e^(-(1-beta) l t))^2] dt
 *   = 1 - 2 (1 - e^(-l T))/(l T) + (1 - e^(-(2-beta) l T))/((2-beta) l T).
 * Source: SRC_RH_PFD applied to the pair's survival e^(-beta l t)(2 e^(-(1-beta) l t) - e^(-2(1-beta) l t)).
 */
export function oneOutOfTwoBetaUnavailability(lambda: number, beta: number, T: number): number {
  const x = lambda * T;
  if (x === 0) return 0;
  const f = (y: number) => (y < 1e-8 ? 1 - y / 2 : -Math.expm1(-y) / y);
  return 1 - 2 * f(x) + f((2 - beta) * x);
}

/** Simpson's rule with n (even) intervals. */
function simpson(f: (t: number) => number, a: number, b: number, n = 2000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

/**
 * Mean unavailability of a unit under age replacement at age `tau` (Barlow & Proschan): with R the
 * survival function of its life law, MTTR the mean corrective repair and MPM the mean preventive
 * replacement time,
 * U = 1 - int_0^tau R / (int_0^tau R + MTTR (1 - R(tau)) + MPM R(tau)).
 * The integral by Simpson's rule (2000 intervals). Source: SRC_BP_AGE.
 */
export function ageReplacementUnavailability(life: DistributionSpec, tau: number, mttr: number, mpm: number): number {
  const up = simpson((t) => lawSurvival(life, t), 0, tau);
  const r = lawSurvival(life, tau);
  const down = mttr * (1 - r) + mpm * r;
  return down / (up + down);
}

/**
 * Unavailability of each member of a replaceable unit whose members fail exponentially at total rate
 * `lambda` (sum of the members' rates) and whose replacement takes `meanReplacement` on average:
 * U = lambda R / (1 + lambda R). Source: SRC_MRU.
 */
export function replaceableUnitUnavailability(lambda: number, meanReplacement: number): number {
  const x = lambda * meanReplacement;
  return x / (1 + x);
}
