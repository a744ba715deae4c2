import { formatDuration } from '../scenario/duration.js';
import type { Estimate } from '../results/estimators.js';

/** A probability as a percentage with enough digits to show its CI (e.g. `99.9812%`). */
export function formatPercent(p: number | null, digits = 4): string {
  if (p === null) return 'n/a';
  return `${(p * 100).toFixed(digits)}%`;
}

/** Digits needed so a CI of this half-width is visible in a percentage. */
function percentDigits(e: Estimate): number {
  if (e.halfWidth === null || e.halfWidth <= 0) return 4;
  return Math.min(8, Math.max(2, Math.ceil(-Math.log10(e.halfWidth * 100)) + 1));
}

/** `99.01% [98.99%, 99.03%]`. */
export function formatPercentEstimate(e: Estimate): string {
  const d = percentDigits(e);
  if (e.estimate === null) return 'n/a';
  if (!e.ci95) return formatPercent(e.estimate, d);
  return `${formatPercent(e.estimate, d)} [${formatPercent(e.ci95[0], d)}, ${formatPercent(e.ci95[1], d)}]${e.interval === 'one-sided' ? ' (one-sided)' : ''}`;
}

/** A duration in seconds, human readable, or n/a. */
export function formatSeconds(s: number | null | undefined): string {
  return s === null || s === undefined || !Number.isFinite(s) ? 'n/a' : formatDuration(s);
}

/** `10.2 h [9.8 h, 10.6 h]`. */
export function formatDurationEstimate(e: Estimate): string {
  if (e.estimate === null) return 'n/a';
  return e.ci95 ? `${formatSeconds(e.estimate)} [${formatSeconds(e.ci95[0])}, ${formatSeconds(e.ci95[1])}]` : formatSeconds(e.estimate);
}

/** A plain number with its CI, `3.2 [2.9, 3.5]`. */
export function formatNumberEstimate(e: Estimate, digits = 3): string {
  if (e.estimate === null) return 'n/a';
  const f = (x: number) => x.toPrecision(digits);
  return e.ci95 ? `${f(e.estimate)} [${f(e.ci95[0])}, ${f(e.ci95[1])}]` : f(e.estimate);
}

/** An SLO target or measurement: a percentage for availability, a duration otherwise. */
export function formatSloValue(objective: string, value: number | null): string {
  if (objective === 'hedged_tries_max') return value === null ? 'n/a' : value.toPrecision(3);
  if (objective === 'admission_rejected_max') return formatPercent(value, 4);
  return objective === 'availability' || objective === 'request_success_ratio' || objective === 'goodput_ratio' || objective === 'under_provisioned_max' ? formatPercent(value, 4) : formatSeconds(value);
}

/** Escapes text for a Markdown table cell or paragraph (pipes, backslashes, HTML, newlines). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([*_`[\]#])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

/** Lays out rows as aligned columns (first row = header). */
export function alignColumns(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ').trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
