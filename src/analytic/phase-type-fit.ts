/**
 * Moment fits of acyclic phase-type (APH) distributions, so that the system CTMC can carry
 * non-exponential laws as chains of exponential phases.
 *
 * - Three moments, minimal order: A. Bobbio, A. Horváth, M. Telek, "Matching three moments with minimal
 *   acyclic phase type distributions", Stochastic Models 21(2-3) (2005) 303-326. With the normalized
 *   moments n2 = m2/m1^2 and n3 = m3/(m1 m2), APH(n) reaches n2 >= (n+1)/n (Aldous & Shepp 1987: cv^2 >=
 *   1/n) and n3 between the bounds of their Theorem 3 ({@link aphThirdMomentBounds}). The minimal n is the
 *   first order whose region holds (n2, n3); within it the paper's two structures match the three moments:
 *   (a) for n2 > 2 or n3 < 2 n2 - 1, an exponential phase l preceded with probability p by an Erlang of
 *   n - 1 phases of rate mu; (b) otherwise, an Erlang of n - 1 phases of rate mu followed with probability
 *   p by an exponential phase l, whose parameter solves a quartic. Order 2 is Telek & Heindl's APH(2)
 *   ("Matching moments for acyclic discrete and continuous phase-type distributions of second order",
 *   Int. J. of Simulation 3(3-4) (2003)), the same bounds and structures with n = 2.
 * - Beyond the order cap (low variability, e.g. a fixed law with cv^2 = 0): the moments are moved to the
 *   nearest point of the capped order's region, as the paper's procedure does: the mean is kept, and the
 *   second and third moments are matched when the region contains them (the fit says how many it
 *   matched); at cv^2 below 1/n the fit is the Erlang of order n, the least variable APH(n).
 * - Fallback when the three-moment construction fails numerically: the two-moment APH of order
 *   N = max(2, ceil(1/cv^2)) (a mixture of an Erlang and an exponential sharing their last phase).
 * Every fit is checked by recomputing the moments of the result (phase-type.ts); `matched` counts the
 * leading moments reproduced to a relative 1e-6.
 */
import { coxianMoments, cv2Of, type Coxian } from './phase-type.js';

/** Options of {@link fitAph}. */
export interface AphFitOptions {
  /** Exact order to use (the moments are moved into its region when outside); default: the minimal order. */
  order?: number;
  /** Largest order considered when searching the minimal one (default 4). */
  maxOrder?: number;
}

/** A fitted APH and how well it matches its target moments. */
export interface AphFit {
  coxian: Coxian;
  order: number;
  /** Target raw moments E[X], E[X^2], E[X^3], s^k. */
  target: [number, number, number];
  /** The raw moments of the fitted APH, s^k. */
  fitted: number[];
  /** Number of leading moments reproduced (relative error < 1e-6): 1 = mean only, 3 = up to the third. */
  matched: number;
  /** Construction used, for reports. */
  method: string;
}

/** Default cap on the order of a fit. */
export const DEFAULT_MAX_ORDER = 4;

/**
 * Bounds of the normalized third moment n3 = m3/(m1 m2) reachable by APH(n) given n2 = m2/m1^2
 * (Bobbio, Horváth & Telek 2005, Theorem 3; n >= 2): lower bound for (n+1)/n <= n2 < (n+4)/(n+1) by the
 * paper's parametric curve, (n+1)/n x n2 above; upper bound finite only for n2 <= n/(n-1).
 * Returns [Infinity, -Infinity] when n2 < (n+1)/n (outside the region).
 */
export function aphThirdMomentBounds(n: number, n2: number): [number, number] {
  if (n2 < (n + 1) / n) return [Infinity, -Infinity];
  let lower: number;
  if (n2 < (n + 4) / (n + 1)) {
    const p = (((n + 1) * (n2 - 2)) / (3 * n2 * (n - 1))) * ((-2 * Math.sqrt(n + 1)) / Math.sqrt(-3 * n * n2 + 4 * n + 4) - 1);
    const a = (n2 - 2) / (p * (1 - n2) + Math.sqrt(Math.max(0, p * p + (p * n * (n2 - 2)) / (n - 1))));
    lower = ((3 + a) * (n - 1) + 2 * a) / ((n - 1) * (1 + a * p)) - (2 * a * (n + 1)) / (2 * (n - 1) + a * p * (n * a + 2 * n - 2));
  } else {
    lower = ((n + 1) / n) * n2;
  }
  let upper = Infinity;
  if (n2 <= n / (n - 1)) {
    upper = (2 * (n - 2) * (n * n2 - n - 1) * Math.sqrt(1 + (n * (n2 - 2)) / (n - 1)) + (n + 2) * (3 * n * n2 - 2 * n - 2)) / (n * n * n2);
  }
  return [lower, upper];
}

/** (n2, n3) in the APH(n) region, boundary included (relative tolerance 1e-9: Erlang(n) is a boundary point). */
function inRegion(n: number, n2: number, n3: number): boolean {
  const erlang = (n + 1) / n;
  if (n2 < erlang * (1 - 1e-12)) return false;
  const [lo, hi] = aphThirdMomentBounds(n, Math.max(n2, erlang));
  return lo * (1 - 1e-9) <= n3 && n3 <= hi * (1 + 1e-9);
}

/** True when the moments are those of an exponential law (n2 = 2, n3 = 3). */
export function isExponentialMoments(m: readonly number[]): boolean {
  const n2 = m[1] / (m[0] * m[0]);
  const n3 = m[2] / (m[0] * m[1]);
  return Math.abs(n2 - 2) < 1e-9 && Math.abs(n3 - 3) < 1e-9;
}

/**
 * Fits an APH (Coxian form) to three raw moments (see the module documentation).
 * @param target E[X], E[X^2], E[X^3] in s^k, with E[X] > 0
 * @throws RangeError when E[X] is not finite and positive.
 */
export function fitAph(target: [number, number, number], options: AphFitOptions = {}): AphFit {
  const [m1, m2, m3] = target;
  if (!(m1 > 0) || !Number.isFinite(m1)) throw new RangeError(`phase-type fit: mean ${m1} s is not finite and positive`);
  const maxOrder = Math.max(2, options.maxOrder ?? DEFAULT_MAX_ORDER);
  let n2 = m2 / (m1 * m1);
  let n3 = m3 / (m1 * m2);
  let n = options.order ?? 0;
  if (n === 1 || (n === 0 && isExponentialMoments(target))) return finish({ rates: [1 / m1], exit: [1] }, target, 'exponential');
  if (n === 0) {
    n = 2;
    while (n < maxOrder && !inRegion(n, n2, n3)) n++;
  }
  // Move the moments into the region of APH(n) (nearest boundary point), as the paper's procedure does.
  n2 = Math.max(n2, (n + 1) / n);
  const [lo, hi] = aphThirdMomentBounds(n, n2);
  n3 = Math.min(Math.max(n3, lo), hi);
  if (n2 <= ((n + 1) / n) * (1 + 1e-12)) return finish(erlang(n, m1), target, `Erlang of order ${n}`);
  const c = n2 > 2 || n3 < 2 * n2 - 1 ? structureA(n, m1, n2, n3) : structureB(n, m1, n2, n3);
  const fit = c ? finish(c, target, `three-moment APH of order ${n} (Bobbio, Horváth & Telek 2005)`) : null;
  if (fit && fit.matched >= (inRegion(n, m2 / (m1 * m1), m3 / (m1 * m2)) ? 3 : 1)) return fit;
  return finish(twoMoment(m1, Math.max(m2 / (m1 * m1) - 1, 1 / n)), target, 'two-moment APH (Erlang-exponential mixture)');
}

/** Erlang of order n with mean m1. */
function erlang(n: number, m1: number): Coxian {
  return { rates: new Array<number>(n).fill(n / m1), exit: Array.from({ length: n }, (_, i) => (i === n - 1 ? 1 : 0)) };
}

/** Structure (a): with probability p an Erlang(n-1, mu) precedes the exponential phase l. Coxian: l first. */
function structureA(n: number, m1: number, n2: number, n3: number): Coxian | null {
  const root = Math.sqrt(12 * n2 * n2 * (n + 1) + 16 * n3 * (n + 1) + n2 * (n * (n3 - 15) * (n3 + 1) - 8 * (n3 + 3)));
  const b = (2 * (4 - n * (3 * n2 - 4))) / (n2 * (4 + n - n * n3) + Math.sqrt(n * n2) * root);
  const a = ((b * n2 - 2) * (n - 1) * b) / ((b - 1) * n);
  const p = (b - 1) / a;
  const l = (p * a + 1) / m1;
  const mu = ((n - 1) * l) / a;
  if (!valid(p, l, mu)) return null;
  return { rates: [l, ...new Array<number>(n - 1).fill(mu)], exit: [1 - p, ...Array.from({ length: n - 1 }, (_, i) => (i === n - 2 ? 1 : 0))] };
}

/** Structure (b): an Erlang(n-1, mu) followed with probability p by the exponential phase l. */
function structureB(n: number, m1: number, n2: number, n3: number): Coxian | null {
  const coef = [n2 * (3 * n2 - 2 * n3) * (n - 1) ** 2, 2 * n2 * (n3 - 3) * (n - 1) ** 2, 6 * (n - 1) * (n - n2), 4 * n * (2 - n), n * (n - 2)];
  for (const f of realRoots(coef)) {
    const den = (n - 1) * (n2 * f * f - 2 * f + 2) - n;
    if (Math.abs(den) < 1e-14) continue;
    const a = (2 * (f - 1) * (n - 1)) / den;
    const p = (f - 1) * a;
    const l = (a + p) / m1;
    const mu = (n - 1) / (m1 - p / l);
    if (!valid(p, l, mu)) continue;
    const rates = [...new Array<number>(n - 1).fill(mu), l];
    const exit = rates.map((_, i) => (i === n - 2 ? 1 - p : i === n - 1 ? 1 : 0));
    return { rates, exit };
  }
  return null;
}

function valid(p: number, l: number, mu: number): boolean {
  return p >= -1e-12 && p <= 1 + 1e-12 && l > 0 && mu > 0 && Number.isFinite(l) && Number.isFinite(mu);
}

/** Two-moment APH: order N = max(2, ceil(1/cv^2)), with probability p an Erlang part before the last phase. */
function twoMoment(m1: number, cv2: number): Coxian {
  const N = Math.max(2, Math.ceil(1 / cv2 - 1e-9));
  const p = 1 / (cv2 + 1 + (cv2 - 1) / (N - 1));
  const lambda = 1 / m1;
  return {
    rates: [lambda * N, ...new Array<number>(N - 1).fill(lambda * p * N)],
    exit: [1 - p, ...Array.from({ length: N - 1 }, (_, i) => (i === N - 2 ? 1 : 0))],
  };
}

function finish(c: Coxian, target: [number, number, number], method: string): AphFit {
  const exit = c.exit.map((e) => Math.min(1, Math.max(0, e)));
  const coxian = { rates: c.rates, exit };
  const fitted = coxianMoments(coxian, 3);
  let matched = 0;
  while (matched < 3 && Math.abs(fitted[matched] - target[matched]) <= 1e-6 * target[matched]) matched++;
  return { coxian, order: c.rates.length, target, fitted, matched, method };
}

/** Real roots of a polynomial (coefficients from the highest degree), by the Durand-Kerner iteration. */
function realRoots(coef: number[]): number[] {
  const scale = Math.max(...coef.map(Math.abs));
  let c = coef.map((x) => x / scale);
  while (c.length > 1 && Math.abs(c[0]) < 1e-14) c = c.slice(1);
  const deg = c.length - 1;
  if (deg < 1) return [];
  const monic = c.map((x) => x / c[0]);
  // z_k = (0.4 + 0.9i)^k, the customary start.
  let zs: Array<[number, number]> = Array.from({ length: deg }, (_, k) => cpow([0.4, 0.9], k));
  for (let it = 0; it < 500; it++) {
    let moved = 0;
    zs = zs.map((z, k) => {
      let num: [number, number] = [1, 0];
      for (let j = 1; j <= deg; j++) num = cadd(cmul(num, z), [monic[j], 0]);
      let den: [number, number] = [1, 0];
      zs.forEach((w, j) => {
        if (j !== k) den = cmul(den, [z[0] - w[0], z[1] - w[1]]);
      });
      const step = cdiv(num, den);
      moved = Math.max(moved, Math.hypot(step[0], step[1]));
      return [z[0] - step[0], z[1] - step[1]];
    });
    if (moved < 1e-15) break;
  }
  return zs.filter((z) => Math.abs(z[1]) <= 1e-8 * Math.max(1, Math.abs(z[0]))).map((z) => z[0]);
}

function cmul(a: [number, number], b: [number, number]): [number, number] {
  return [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
}
function cadd(a: [number, number], b: [number, number]): [number, number] {
  return [a[0] + b[0], a[1] + b[1]];
}
function cdiv(a: [number, number], b: [number, number]): [number, number] {
  const d = b[0] * b[0] + b[1] * b[1];
  return [(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d];
}
function cpow(a: [number, number], k: number): [number, number] {
  let r: [number, number] = [1, 0];
  for (let i = 0; i < k; i++) r = cmul(r, a);
  return r;
}

/** Squared coefficient of variation of a fit's target (for reports). */
export function targetCv2(fit: AphFit): number {
  return cv2Of(fit.target);
}
