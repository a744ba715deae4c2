/**
 * The data-durability sections of the Markdown and terminal reports (rendered only when the results have
 * a `data` section): RPO/RTO per datastore, unrecoverable-loss probability, bytes lost, write and read
 * availability, stale reads, backups, data loss by incident cause (with the rpo_max objective), stream
 * recovery, and the closed-form expectations next to the simulated values.
 */
import { alignColumns, escapeMarkdown as esc, formatDurationEstimate, formatNumberEstimate, formatPercent, formatPercentEstimate, formatSeconds } from '../report/format.js';
import type { Estimate } from '../results/estimators.js';
import { formatBytes } from '../scenario/size.js';
import type { DatastoreEstimates } from './aggregate.js';
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

/** Rows of the loss-by-cause table: datastore, cause, incidents, unrecoverable, RPO mean, p99, max, exceeding rpo_max. */
function causeRows(d: DatastoreEstimates): string[][] {
  return d.rpoByCause.map((c) => [
    d.name,
    c.cause,
    String(c.incidents),
    String(c.unrecoverable),
    formatDurationEstimate(c.rpo.mean),
    formatDurationEstimate(c.rpo.p99),
    c.rpo.max === null ? '-' : formatSeconds(c.rpo.max),
    c.exceedances === null ? '-' : String(c.exceedances),
  ]);
}

/** Notes under the loss-by-cause table: the rpo_max objective per datastore and start-up losses. */
function causeNotes(d: DatastoreEstimates): string[] {
  const out: string[] = [];
  const o = d.rpoObjective;
  if (o) {
    out.push(
      `${d.name}: ${o.exceedances} of ${o.incidents} incidents lost more than rpo_max ${formatSeconds(o.target)}: ` +
        `${formatNumberEstimate(o.perYear)} per year, P(at least one in a year) ${formatPercentEstimate(o.probabilityPerYear)}, per incident ${formatPercentEstimate(o.perIncident)}`,
    );
  }
  if (d.startupLosses > 0) {
    out.push(`${d.name}: ${d.startupLosses} start-up losses (a backup was needed before the first one existed; initial_backup: false) in ${formatPercentEstimate(d.startupLossInWindow)} of replications, not counted above`);
  }
  return out;
}

/** RPO, replay and RTO of the point-in-time restores, and the archiver's failures and availability. */
function pitrCells(d: DatastoreEstimates): string[] {
  const p = d.pitr!;
  return [
    formatDurationEstimate(d.rpoBackup.mean), formatDurationEstimate(d.rpoBackup.p99), formatDurationEstimate(p.replay.mean), formatDurationEstimate(p.replay.p99),
    formatDurationEstimate(d.rtoBackup.mean), formatDurationEstimate(d.rtoBackup.p99), formatNumberEstimate(p.archiverFailuresPerYear), formatPercentEstimate(p.archiverAvailability),
  ];
}

/** The data section as tables (datastores, loss by cause, streams, simulation vs closed form), for every report format. */
export function dataTables(data: DataResults): DataTable[] {
  const out: DataTable[] = [];
  if (data.datastores.length) {
    out.push({
      title: null,
      headers: ['datastore', 'incidents/y', 'RPO mean', 'RPO p99', 'RTO mean', 'RTO p99', 'P(unrecoverable loss)/y', 'bytes lost/y', 'write availability', 'read availability', 'stale reads'],
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
        formatPercentEstimate(d.readAvailability),
        d.staleReadFraction ? formatPercentEstimate(d.staleReadFraction) : '-',
      ]),
      notes: data.datastores.map((d) => {
        const causes = Object.entries(d.byCause).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
        const startup = d.startupLosses ? ` (of which start-up ${d.startupLosses})` : '';
        return (
          `${d.name}: ${d.incidents} incidents (${causes}); recovered from replica ${d.bySource.replica}, backup ${d.bySource.backup}, unrecoverable ${d.bySource.none}${startup}; ` +
          `backups started ${d.backups.started}, failed ${d.backups.failed}, skipped ${d.backups.skipped}, corrupt found at restore ${d.backups.corruptFoundAtRestore}`
        );
      }),
    });
  }
  if (data.datastores.some((d) => d.rpoByCause.length > 0 || d.startupLosses > 0)) {
    out.push({
      title: 'Data loss by incident cause',
      headers: ['datastore', 'cause', 'incidents', 'unrecoverable', 'RPO mean', 'RPO p99', 'RPO max', 'over rpo_max'],
      rows: data.datastores.flatMap(causeRows),
      notes: data.datastores.flatMap(causeNotes),
    });
  }
  const pitr = data.datastores.filter((d) => d.pitr);
  if (pitr.length) {
    out.push({
      title: 'Point-in-time recovery (base backup + log replay)',
      headers: ['datastore', 'restores', 'RPO mean', 'RPO p99', 'replay mean', 'replay p99', 'RTO mean', 'RTO p99', 'archiver failures/y', 'archiver availability'],
      rows: pitr.map((d) => [d.name, String(d.pitr!.restores), ...pitrCells(d)]),
      notes: ['RPO: incident -> newest point the archive reached without a hole (at least the base backup\'s point); RTO: detection + base backup restore + log replay'],
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
  const rows: string[][] = [['data', 'RPO mean', 'RPO p99', 'RTO mean', 'P(loss)/y', 'incidents/y', 'write avail.', 'read avail.']];
  for (const d of data.datastores) {
    rows.push([
      d.name, formatDurationEstimate(d.rpo.mean), formatDurationEstimate(d.rpo.p99), formatDurationEstimate(d.rto.mean), formatPercentEstimate(d.probabilityUnrecoverablePerYear),
      formatNumberEstimate(d.incidentsPerYear), formatPercentEstimate(d.writeAvailability), formatPercentEstimate(d.readAvailability),
    ]);
  }
  const out = data.datastores.length ? ['', alignColumns(rows)] : [];
  const causes = data.datastores.flatMap(causeRows);
  if (causes.length) out.push('', alignColumns([['loss by cause', 'cause', 'incidents', 'unrecov.', 'RPO mean', 'RPO p99', 'RPO max', 'over rpo_max'], ...causes]));
  out.push(...data.datastores.flatMap(causeNotes).map((n) => `  ${n}`));
  const pitr = data.datastores.filter((d) => d.pitr);
  if (pitr.length) {
    const prow = (d: DatastoreEstimates) => { const c = pitrCells(d); return [d.name, c[0], c[2], c[4], c[7]]; };
    out.push('', alignColumns([['PITR', 'RPO mean', 'replay mean', 'RTO mean', 'archiver avail.'], ...pitr.map(prow)]));
  }
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
