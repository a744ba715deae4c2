/**
 * Report lines for the phase-type representation of the analytic CTMC (results.json `analytic.phaseType`):
 * each fitted law with its order and the moments it matches, the fallback under the state budget, and the
 * sensitivity of the values to the order. Plain text; the Markdown and HTML shells escape it.
 */
import type { AnalyticPhaseType } from '../analytic/types.js';

const MOMENTS = ['the mean', 'the mean and cv^2', 'the mean, cv^2 and third moment'];

/** Lines (without indentation or bullets) describing the phase-type fits. */
export function phaseTypeLines(p: AnalyticPhaseType): string[] {
  const out = [`laws as phase-type clocks: ${p.used}`];
  for (const f of p.fits) out.push(`${f.what}: ${f.law} -> order ${f.order}, matching ${MOMENTS[f.momentsMatched - 1] ?? 'no moment'}`);
  if (p.fallback) out.push(p.fallback);
  if (p.sensitivity) out.push(`sensitivity to the order: ${p.sensitivity.note}`);
  return out;
}
