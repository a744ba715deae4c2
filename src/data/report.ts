/**
 * The data-durability sections of the Markdown and terminal reports (rendered only when the results have
 * a `data` section): RPO/RTO per datastore, unrecoverable-loss probability, bytes lost, stale reads,
 * backups, stream recovery, and the closed-form expectations next to the simulated values.
 */
import { alignColumns, escapeMarkdown as esc, formatDurationEstimate, formatNumberEstimate, formatPercent, formatPercentEstimate, formatSeconds } from '../report/format.js';
import type { Estimate } from '../results/estimators.js';
import { formatBytes } from '../scenario/size.js';
import type { DataComparison, DataResults } from './results.js';

const bytesEstimate = (e: Estimate): string =>
  e.estimate === null ? '-' : `${formatBytes(e.estimate)}${e.ci95 ? ` [${formatBytes(e.ci95[0])}, ${formatBytes(e.ci95[1])}]` : ''}`;
const analyticValue = (c: DataComparison): string =>
  c.unit === 'seconds' ? formatSeconds(c.analytic) : c.unit === 'probability' ? formatPercent(c.analytic, 4) : c.analytic.toPrecision(4);
const measuredValue = (c: DataComparison): string =>
  c.unit === 'seconds' ? formatDurationEstimate(c.measured) : c.unit === 'probability' ? formatPercentEstimate(c.measured) : formatNumberEstimate(c.measured);

/** One table of the data section: plain-text cells, escaped by each renderer. */
export interface DataTable {
  /** Sub-heading, or null for the section's main tables. */
  title: string | null;
  headers: string[];
  rows: string[][];
  /** Plain-text notes listed under the table. */
  notes: string[];
}

/** The data section as tables (datastores, streams, simulation vs closed form), for every report format. */
export function dataTables(data: DataResults): DataTable[] {
  const out: DataTable[] = [];
  if (data.datastores.length) {
    out.push({
      title: null,
      headers: ['datastore', 'incidents/y', 'RPO mean', 'RPO p99', 'RTO mean', 'RTO p99', 'P(unrecoverable loss)/y', 'bytes lost/y', 'write availability', 'stale reads'],
      rows: data.datastores.map((d) => [
        d.name,
        formatNumberEstimate(d.incidentsPerYear),
        formatDurationEstimate(d.rpo.mean),
        formatDurationEstimate(d.rpo.p99),
        formatDurationEstimate(d.rto.mean),
        formatDurationEstimate(d.rto.p99),
        formatPercentEstimate(d.probabilityUnrecoverablePerYear),
        bytesEstimate(d.bytesLostPerYear),
        formatPercentEstimate(d.writeAvailability),
        d.staleReadFraction ? formatPercentEstimate(d.staleReadFraction) : '-',
      ]),
      notes: data.datastores.map((d) => {
        const causes = Object.entries(d.byCause).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
        return (
          `${d.name}: ${d.incidents} incidents (${causes}); recovered from replica ${d.bySource.replica}, backup ${d.bySource.backup}, unrecoverable ${d.bySource.none}; ` +
          `backups started ${d.backups.started}, failed ${d.backups.failed}, skipped ${d.backups.skipped}, corrupt found at restore ${d.backups.corruptFoundAtRestore}`
        );
      }),
    });
  }
  if (data.streams.length) {
    out.push({
      title: null,
      headers: ['stream', 'failures/y', 'recovery mean', 'recovery p99', 'lag after restart p99', 'mean lag', 'duplicates/failure', 'lost/failure'],
      rows: data.streams.map((s) => [
        s.name,
        formatNumberEstimate(s.failuresPerYear),
        formatDurationEstimate(s.recoveryTime.mean),
        formatDurationEstimate(s.recoveryTime.p99),
        formatDurationEstimate(s.peakLag.p99),
        formatDurationEstimate(s.meanLag),
        formatNumberEstimate(s.duplicatesPerFailure),
        formatNumberEstimate(s.lostPerFailure),
      ]),
      notes: [],
    });
  }
  if (data.comparison.length) {
    out.push({
      title: 'Data: simulation vs closed form',
      headers: ['metric', 'simulated (95% CI)', 'analytic', 'verdict', 'formula'],
      rows: data.comparison.map((c) => [c.metric, measuredValue(c), analyticValue(c), c.verdict, data.expectations.find((e) => e.metric === c.metric)?.formula ?? '']),
      notes: [],
    });
  }
  return out;
}

/** Markdown lines of the data section (every cell escaped). */
export function renderDataMarkdown(data: DataResults): string[] {
  const L: string[] = ['## Data durability', ''];
  for (const t of dataTables(data)) {
    if (t.title) L.push(`### ${esc(t.title)}`, '');
    L.push(`| ${t.headers.map(esc).join(' | ')} |`, `|${t.headers.map(() => '---|').join('')}`);
    for (const r of t.rows) L.push(`| ${r.map(esc).join(' | ')} |`);
    L.push('');
    if (t.notes.length) L.push(...t.notes.map((n) => `- ${esc(n)}`), '');
  }
  return L;
}

/** Terminal lines of the data section. */
export function renderDataTerminal(data: DataResults): string[] {
  const rows: string[][] = [['data', 'RPO mean', 'RPO p99', 'RTO mean', 'P(loss)/y', 'incidents/y']];
  for (const d of data.datastores) {
    rows.push([d.name, formatDurationEstimate(d.rpo.mean), formatDurationEstimate(d.rpo.p99), formatDurationEstimate(d.rto.mean), formatPercentEstimate(d.probabilityUnrecoverablePerYear), formatNumberEstimate(d.incidentsPerYear)]);
  }
  const out = data.datastores.length ? ['', alignColumns(rows)] : [];
  if (data.streams.length) {
    const srows: string[][] = [['stream', 'failures/y', 'recovery mean', 'recovery p99', 'dup/failure', 'lost/failure']];
    for (const s of data.streams) {
      srows.push([s.name, formatNumberEstimate(s.failuresPerYear), formatDurationEstimate(s.recoveryTime.mean), formatDurationEstimate(s.recoveryTime.p99), formatNumberEstimate(s.duplicatesPerFailure), formatNumberEstimate(s.lostPerFailure)]);
    }
    out.push('', alignColumns(srows));
  }
  for (const c of data.comparison.filter((x) => x.verdict === 'differs')) out.push(`! ${c.metric}: ${analyticValue(c)} expected; ${c.explanation}`);
  return out;
}
