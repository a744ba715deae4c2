/**
 * The system metrics table shared by the HTML and Markdown reports: each row's label, simulated estimate
 * (95% CI), analytic value and verdict, as plain text; each renderer escapes and decorates it.
 */
import type { Comparison } from '../results/comparison.js';
import type { ResultsDocument } from '../results/document.js';
import { SECONDS_PER_YEAR } from '../scenario/duration.js';
import { formatDurationEstimate, formatNumberEstimate, formatPercent, formatPercentEstimate, formatSeconds } from './format.js';

/** One row of the system table; `verdict` is null when the metric has no analytic comparison. */
export interface SystemRow {
  label: string;
  simulated: string;
  analytic: string;
  verdict: Comparison['verdict'] | null;
}

/** An analytic value in its comparison's unit (probabilities as percentages, times as durations). */
export function formatAnalytic(c: Comparison): string {
  return c.unit === 'probability' ? formatPercent(c.analytic, 6) : formatSeconds(c.analytic);
}

/**
 * Rows: availability, unavailability, downtime per year, outages per year, MTTFF, MTBF, MUT, MDT, then A(t)
 * and R(t) at the observed times. Unavailability and downtime take their analytic value from the analytic
 * availability (1 - A, (1 - A) x 365 d); they carry no verdict of their own.
 */
export function systemRows(doc: ResultsDocument): SystemRow[] {
  const s = doc.system;
  const cmp = new Map(doc.comparison.map((c) => [c.metric, c]));
  const rows: SystemRow[] = [];
  const row = (label: string, metric: string, simulated: string) => {
    const c = cmp.get(metric);
    rows.push({ label, simulated, analytic: c ? formatAnalytic(c) : '-', verdict: c ? c.verdict : null });
  };
  const a = cmp.get('availability')?.analytic;
  row('availability', 'availability', formatPercentEstimate(s.availability));
  rows.push({ label: 'unavailability', simulated: formatPercentEstimate(s.unavailability), analytic: a !== undefined ? formatPercent(1 - a, 6) : '-', verdict: null });
  rows.push({ label: 'downtime per year', simulated: formatDurationEstimate(s.downtimePerYear), analytic: a !== undefined ? formatSeconds((1 - a) * SECONDS_PER_YEAR) : '-', verdict: null });
  rows.push({ label: 'outages per year', simulated: formatNumberEstimate(s.outagesPerYear), analytic: '-', verdict: null });
  row(
    s.mttff.method === 'restricted-mean' ? `MTTFF >= (mean restricted to ${formatSeconds(s.mttff.restrictedTo ?? doc.scenario.horizon)})` : 'MTTFF (from all up)',
    'mttff',
    formatDurationEstimate(s.mttff) + (s.mttff.censored ? ` (${s.mttff.censored} censored)` : ''),
  );
  row('MTBF', 'mtbf', formatDurationEstimate(s.mtbf));
  row('MUT', 'mut', formatDurationEstimate(s.mut));
  row('MDT', 'mdt', formatDurationEstimate(s.mdt));
  for (const p of s.pointAvailability) row(`A(${formatSeconds(p.t)})`, `point_availability(${p.t}s)`, formatPercentEstimate(p.estimate));
  for (const p of s.reliability) row(`R(${formatSeconds(p.t)})`, `reliability(${p.t}s)`, formatPercentEstimate(p.estimate));
  return rows;
}
