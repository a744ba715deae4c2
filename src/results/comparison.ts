/**
 * Simulated estimate vs analytic value: one test per metric, and the verdicts of a whole report decided
 * together (Holm's family-wise correction and a practical-equivalence margin), documented in
 * docs/validation.md "How a verdict is decided".
 *
 * Sources: S. Holm, "A simple sequentially rejective multiple test procedure", Scand. J. Statist. 6(2)
 * (1979) 65-70; practical equivalence (a difference smaller than a stated margin is not a finding):
 * D. J. Schuirmann, "A comparison of the two one-sided tests procedure ...", J. Pharmacokin. Biopharm.
 * 15(6) (1987); J. K. Kruschke, "Rejecting or accepting parameter values in Bayesian estimation",
 * Adv. Methods Pract. Psychol. Sci. 1(2) (2018) (region of practical equivalence).
 */
import jStat from 'jstat';
import type { Estimate } from './estimators.js';
import { holmAdjust } from './holm.js';

/** How a simulated estimate relates to the analytic value. */
export type Verdict = 'agrees' | 'differs' | 'not-comparable';

/** One metric measured by simulation next to its analytic expectation. */
export interface Comparison {
  /** Metric name, e.g. `availability`, `mttff`, `point_availability(36000s)`. */
  metric: string;
  /** `probability` (a fraction in [0, 1]) or `seconds`. */
  unit: 'probability' | 'seconds';
  measured: Estimate;
  analytic: number;
  /** (measured - analytic) / analytic; null when analytic is 0 or nothing was measured. */
  relativeDifference: number | null;
  verdict: Verdict;
  /** Human explanation of the verdict, naming the violated assumptions when the values differ. */
  explanation: string;
  /**
   * p-value of "the simulated quantity equals the analytic value" (two-sided; one-sided when the
   * measured value is a lower bound), from the 95% CI read as estimate +- 1.96 se (conservative for
   * Student-t intervals); null when not comparable.
   */
  pValue?: number | null;
  /** Holm-adjusted p-value over every comparison of the report (the family); null when not comparable. */
  adjustedP?: number | null;
  /** Practical-equivalence margin, in the metric's unit: smaller differences are never findings. */
  margin?: number;
}

/** Family-wise significance level of the verdicts. */
export const FAMILY_ALPHA = 0.05;
/**
 * Practical-equivalence margin, relative: 1% of the analytic value for times and rates; for
 * probabilities 1% of the rarer outcome, min(p, 1 - p) (so availability 99.99% is judged on its 0.01%
 * unavailability, not on the 99.99%).
 */
export const EQUIVALENCE_MARGIN = 0.01;
/** Relative floating-point tolerance: values this close are the same number computed two ways. */
export const FLOAT_TOLERANCE = 1e-9;

/** Options of {@link compareMetric}. */
export interface CompareOptions {
  /**
   * 'lower-bound': the measured value estimates a lower bound of the analytic quantity (e.g. a mean
   * restricted to the horizon): only a measured value significantly above the analytic one is a difference.
   */
  measuredIs?: 'estimate' | 'lower-bound';
}

const Z95 = 1.959963984540054;

/** The practical-equivalence margin of an analytic value, in its unit. */
export function equivalenceMargin(unit: Comparison['unit'], analytic: number): number {
  const scale = unit === 'probability' ? Math.min(Math.abs(analytic), Math.abs(1 - analytic)) : Math.abs(analytic);
  return EQUIVALENCE_MARGIN * scale;
}

/**
 * Compares one estimate with an analytic value, as a family of one (the report-level verdicts come from
 * {@link decideVerdicts}, which every document builder calls on its whole list).
 */
export function compareMetric(
  metric: string,
  unit: Comparison['unit'],
  measured: Estimate,
  analytic: number,
  violations: string[],
  options: CompareOptions = {},
): Comparison {
  const rel = measured.estimate === null || analytic === 0 ? null : (measured.estimate - analytic) / analytic;
  const margin = equivalenceMargin(unit, analytic);
  const base = { metric, unit, measured, analytic, relativeDifference: rel, margin };
  if (measured.ci95 === null || measured.estimate === null) {
    return { ...base, verdict: 'not-comparable', explanation: 'too few observations for a confidence interval', pValue: null, adjustedP: null };
  }
  const pValue = testPValue(measured.estimate, measured.ci95, analytic, options.measuredIs ?? 'estimate');
  const c: Comparison = { ...base, verdict: 'agrees', explanation: '', pValue, adjustedP: pValue };
  return decide(c, violations, 1, options.measuredIs ?? 'estimate');
}

/** Violations and options remembered per comparison, so that the family decision can re-explain it. */
const context = new WeakMap<object, { violations: string[]; measuredIs: 'estimate' | 'lower-bound' }>();

function decide(c: Comparison, violations: string[], family: number, measuredIs: 'estimate' | 'lower-bound'): Comparison {
  context.set(c, { violations, measuredIs });
  const est = c.measured.estimate as number;
  const d = est - c.analytic;
  const lower = measuredIs === 'lower-bound' ? ' (the simulated value is a lower bound: the mean restricted to the horizon)' : '';
  const approx = violations.length > 0 ? ` (the formula is approximate here: ${violations.length} assumption(s) violated)` : '';
  if (Math.abs(d) <= FLOAT_TOLERANCE * Math.max(Math.abs(est), Math.abs(c.analytic))) {
    c.verdict = 'agrees';
    c.explanation = `equal up to floating-point rounding (relative difference at most ${FLOAT_TOLERANCE})${approx}`;
    return c;
  }
  const adj = c.adjustedP as number;
  const significant = adj < FAMILY_ALPHA;
  const outside = Math.abs(d) > (c.margin as number) && !(measuredIs === 'lower-bound' && d <= 0);
  const pText = family > 1 ? `p = ${fmtP(c.pValue as number)}, Holm-adjusted over ${family} comparisons ${fmtP(adj)}` : `p = ${fmtP(adj)}`;
  const corrected = family > 1 ? ' after Holm correction' : '';
  const marginText = `margin ${EQUIVALENCE_MARGIN * 100}% of the ${c.unit === 'probability' ? 'rarer outcome' : 'analytic value'}`;
  if (!significant) {
    c.verdict = 'agrees';
    c.explanation = `no significant difference${corrected} (${pText})${lower}${approx}`;
    return c;
  }
  if (!outside) {
    c.verdict = 'agrees';
    c.explanation = `significant (${pText}) but within the practical-equivalence ${marginText}${lower}${approx}`;
    return c;
  }
  c.verdict = 'differs';
  if (violations.length > 0) {
    c.explanation = `differs (${pText}; beyond the ${marginText}) because the scenario breaks the formula's assumptions: ${violations.join('; ')}`;
    return c;
  }
  c.explanation =
    `differs beyond the practical-equivalence ${marginText}, significant${corrected} (${pText}), and no assumption ` +
    `of the formula is violated: it is a bug${lower}`;
  return c;
}

/**
 * Decides the verdicts of every comparison of one report together: Holm's step-down adjustment of the
 * p-values over the comparable ones (the family), then per comparison "differs" only when the adjusted
 * p-value is below {@link FAMILY_ALPHA} and the difference exceeds the practical-equivalence margin.
 * "It is a bug" is said only then and when no assumption of the formula is violated. Mutates and returns
 * the list (order kept). Deterministic: ties are broken by position.
 * @throws Error when an element was not returned by {@link compareMetric} itself (a copy loses its context).
 * Source: Holm (1979).
 */
export function decideVerdicts<T extends Pick<Comparison, 'metric' | 'pValue' | 'adjustedP'>>(list: T[]): T[] {
  const adjusted = holmAdjust(list.map((c) => c.pValue));
  const idx = list.map((c, i) => i).filter((i) => adjusted[i] !== null);
  const m = idx.length;
  for (const i of idx) list[i].adjustedP = adjusted[i] as number;
  for (const i of idx) {
    const ctx = context.get(list[i]);
    if (!ctx) throw new Error(`comparison ${list[i].metric} was not made by compareMetric (or was copied): its verdict cannot be decided`);
    decide(list[i] as unknown as Comparison, ctx.violations, m, ctx.measuredIs);
  }
  return list;
}

/**
 * p-value of H0 "true value = analytic" from an estimate and its 95% CI: se is the half-width on the
 * analytic value's side over 1.96 (exact for normal intervals, conservative for Student-t ones with
 * t > 1.96, the natural reading of asymmetric ones). A degenerate CI (every replication equal) gives
 * 0 when the values differ.
 */
function testPValue(est: number, ci: [number, number], analytic: number, measuredIs: 'estimate' | 'lower-bound'): number {
  const d = est - analytic;
  if (measuredIs === 'lower-bound' && d <= 0) return 1;
  const half = d > 0 ? est - ci[0] : ci[1] - est;
  if (!(half > 0)) return d === 0 ? 1 : 0;
  const z = Math.abs(d) / (half / Z95);
  const tail = 1 - jStat.normal.cdf(z, 0, 1);
  return Math.min(1, measuredIs === 'lower-bound' ? tail : 2 * tail);
}

function fmtP(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : p.toPrecision(2);
}
