/**
 * The data-durability sections of the Markdown and terminal reports (rendered only when the results have
 * a `data` section): RPO/RTO per datastore, unrecoverable-loss probability, bytes lost, stale reads,
 * backups, stream recovery, and the closed-form expectations next to the simulated values.
 */
import { alignColumns } from '../report/terminal.js';
import { escapeMarkdown as esc, formatDurationEstimate, formatNumberEstimate, formatPercent, formatPercentEstimate, formatSeconds } from '../report/format.js';
import type { Estimate } from '../results/estimators.js';
import { formatBytes } from '../scenario/size.js';
import type { DataComparison, DataResults } from './results.js';

const bytesEstimate = (e: Estimate): string =>
  e.estimate === null ? '-' : `${formatBytes(e.estimate)}${e.ci95 ? ` [${formatBytes(e.ci95[0])}, ${formatBytes(e.ci95[1])}]` : ''}`;
const analyticValue = (c: DataComparison): string =>
  c.unit === 'seconds' ? formatSeconds(c.analytic) : c.unit === 'probability' ? formatPercent(c.analytic, 4) : c.analytic.toPrecision(4);
const measuredValue = (c: DataComparison): string =>
  c.unit === 'seconds' ? formatDurationEstimate(c.measured) : c.unit === 'probability' ? formatPercentEstimate(c.measured) : formatNumberEstimate(c.measured);

/** Markdown lines of the data section. */
export function renderDataMarkdown(data: DataResults): string[] {
  const L: string[] = ['## Data durability', ''];
  if (data.datastores.length) {
    L.push('| datastore | incidents/y | RPO mean | RPO p99 | RTO mean | RTO p99 | P(unrecoverable loss)/y | bytes lost/y | write availability | stale reads |');
    L.push('|---|---|---|---|---|---|---|---|---|---|');
    for (const d of data.datastores) {
      L.push(
        `| ${esc(d.name)} | ${formatNumberEstimate(d.incidentsPerYear)} | ${formatDurationEstimate(d.rpo.mean)} | ${formatDurationEstimate(d.rpo.p99)} | ` +
          `${formatDurationEstimate(d.rto.mean)} | ${formatDurationEstimate(d.rto.p99)} | ${formatPercentEstimate(d.probabilityUnrecoverablePerYear)} | ` +
          `${bytesEstimate(d.bytesLostPerYear)} | ${formatPercentEstimate(d.writeAvailability)} | ${d.staleReadFraction ? formatPercentEstimate(d.staleReadFraction) : '-'} |`,
      );
    }
    L.push('');
    for (const d of data.datastores) {
      const causes = Object.entries(d.byCause).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
      L.push(
        `- ${esc(d.name)}: ${d.incidents} incidents (${causes}); recovered from replica ${d.bySource.replica}, backup ${d.bySource.backup}, unrecoverable ${d.bySource.none}; ` +
          `backups started ${d.backups.started}, failed ${d.backups.failed}, skipped ${d.backups.skipped}, corrupt found at restore ${d.backups.corruptFoundAtRestore}`,
      );
    }
    L.push('');
  }
  if (data.streams.length) {
    L.push('| stream | failures/y | recovery mean | recovery p99 | lag after restart p99 | mean lag | duplicates/failure | lost/failure |');
    L.push('|---|---|---|---|---|---|---|---|');
    for (const s of data.streams) {
      L.push(
        `| ${esc(s.name)} | ${formatNumberEstimate(s.failuresPerYear)} | ${formatDurationEstimate(s.recoveryTime.mean)} | ${formatDurationEstimate(s.recoveryTime.p99)} | ` +
          `${formatDurationEstimate(s.peakLag.p99)} | ${formatDurationEstimate(s.meanLag)} | ${formatNumberEstimate(s.duplicatesPerFailure)} | ${formatNumberEstimate(s.lostPerFailure)} |`,
      );
    }
    L.push('');
  }
  if (data.comparison.length) {
    L.push('### Data: simulation vs closed form', '', '| metric | simulated (95% CI) | analytic | verdict | formula |', '|---|---|---|---|---|');
    for (const c of data.comparison) {
      const f = data.expectations.find((e) => e.metric === c.metric);
      L.push(`| ${esc(c.metric)} | ${measuredValue(c)} | ${analyticValue(c)} | ${c.verdict} | ${esc(f?.formula ?? '')} |`);
    }
    L.push('');
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
