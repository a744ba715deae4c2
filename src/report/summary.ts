/**
 * The one-line summary of a run, shared by the terminal, Markdown and HTML reports: availability, down time
 * per year, request success (scenarios with traffic), data loss (scenarios with datastores) and the SLO
 * status, so every report leads with the same four answers.
 */
import type { ResultsDocument } from '../results/document.js';
import { formatBytes } from '../scenario/size.js';
import { formatDurationEstimate, formatPercent, formatPercentEstimate, formatSeconds } from './format.js';

/** One part of the summary: a label and its formatted value (plain text). */
export interface SummaryPart {
  label: string;
  value: string;
}

/** The parts of the summary line, in order; the SLO status is last. */
export function summaryParts(doc: ResultsDocument): SummaryPart[] {
  const parts: SummaryPart[] = [
    { label: 'availability', value: formatPercentEstimate(doc.system.availability) },
    { label: 'down time per year', value: formatDurationEstimate(doc.system.downtimePerYear) },
  ];
  if (doc.traffic) parts.push({ label: 'request success', value: formatPercentEstimate(doc.traffic.requestSuccessRatio) });
  const stores = doc.data?.datastores ?? [];
  if (stores.length) {
    const lost = stores.reduce((s, d) => s + (d.bytesLostPerYear.estimate ?? 0), 0);
    const rpo = Math.max(...stores.map((d) => d.rpo.p99.estimate ?? 0));
    const unrecoverable = 1 - stores.reduce((p, d) => p * (1 - (d.probabilityUnrecoverablePerYear.estimate ?? 0)), 1);
    parts.push({ label: 'data loss', value: `${formatBytes(lost)} per year, RPO p99 ${formatSeconds(rpo)}, P(unrecoverable loss in a year) ${formatPercent(unrecoverable, 2)}` });
  }
  parts.push({ label: 'SLOs', value: sloStatus(doc) });
  return parts;
}

/** `all 4 evaluated SLOs pass`, `1 SLO fails: availability`, `1 SLO fails (not conclusive): ...`, `none defined`. */
export function sloStatus(doc: ResultsDocument): string {
  if (doc.slo.length === 0) return 'none defined';
  const failed = doc.slo.filter((c) => c.status === 'fail');
  const evaluated = doc.slo.filter((c) => c.status !== 'not-evaluated').length;
  if (failed.length === 0) return `${evaluated === doc.slo.length ? 'all ' : ''}${evaluated} evaluated pass${evaluated < doc.slo.length ? `, ${doc.slo.length - evaluated} not evaluated` : ''}`;
  const conclusive = failed.filter((c) => c.confident);
  const name = (c: { objective: string; confident: boolean }) => `${c.objective}${c.confident ? '' : ' (not conclusive)'}`;
  return `${failed.length} fail${conclusive.length < failed.length ? ` (${conclusive.length} conclusively)` : ''}: ${failed.map(name).join(', ')}`;
}

/** The summary as one line of plain text: `availability 99.99% [...]; down time per year ...; ...`. */
export function summaryText(doc: ResultsDocument): string {
  return summaryParts(doc).map((p) => `${p.label} ${p.value}`).join('; ');
}
