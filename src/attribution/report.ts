/**
 * Report sections of the attribution area: where the downtime comes from (by component, fault kind, zone and
 * cause), importance measures simulated next to analytic, and the minimal cut sets with their analytic share.
 * Tables are plain-text cells (each renderer escapes them).
 */
import type { ReportTable } from '../area.js';
import { alignColumns, escapeMarkdown as esc, formatDurationEstimate, formatNumberEstimate, formatPercent, formatPercentEstimate } from '../report/format.js';
import type { Estimate } from '../results/estimators.js';
import type { AttributionResults, InstanceImportance, ShareRow } from './results.js';

const SHARE_HEADERS = ['outages', 'share of outages', 'share of downtime', 'downtime/yr'];

function shareCells(r: ShareRow): string[] {
  return [String(r.outages), formatPercentEstimate(r.outageShare), formatPercentEstimate(r.downtimeShare), formatDurationEstimate(r.downtimePerYear)];
}

const num = (x: number | null | undefined, digits = 4) => (x === null || x === undefined ? 'n/a' : Number.isFinite(x) ? x.toPrecision(digits) : 'inf');
const est = (e: Estimate | null) => (e ? formatNumberEstimate(e, 3) : 'n/a');

function importanceRows(rows: readonly InstanceImportance[]): string[][] {
  return rows.map((r) => [
    r.instance,
    `${est(r.simulated.birnbaum)} / ${num(r.analytic?.birnbaum)}`,
    `${est(r.simulated.criticality)} / ${num(r.analytic?.criticality)}`,
    `${est(r.simulated.fussellVesely)} / ${num(r.analytic?.fussellVesely)}`,
    `${est(r.simulated.raw)} / ${num(r.analytic?.raw)}`,
    `${est(r.simulated.rrw)} / ${r.analytic ? (r.analytic.rrw === null ? 'inf' : num(r.analytic.rrw)) : 'n/a'}`,
    formatPercentEstimate(r.simulated.failureCriticality),
    formatPercentEstimate(r.simulated.downingEventCriticality),
    formatPercentEstimate(r.simulated.heldDownShare),
  ]);
}

const IMPORTANCE_HEADERS = ['instance', 'Birnbaum sim / analytic', 'criticality', 'Fussell-Vesely', 'RAW', 'RRW', 'RS FCI', 'RS DECI', 'held down'];

function cutSetRows(a: AttributionResults): string[][] {
  return a.cutSets.top.slice(0, 20).map((c) => [c.events.join(', '), String(c.events.length), num(c.probability, 3), formatPercent(c.share, 2)]);
}

function cutSetSummary(a: AttributionResults): string {
  const c = a.cutSets;
  if (c.refused) return `minimal cut sets: not enumerated (${c.refused})`;
  return (
    `minimal cut sets: ${c.count}${c.truncated ? ` (order <= ${c.maxOrder}; larger ones left out)` : ''}; ` +
    `analytic unavailability ${num(c.unavailability)} exact, ${num(c.rareEvent)} by the rare-event sum over cut sets`
  );
}

/** Every table of the section (HTML; Markdown and terminal render the same rows). */
export function attributionTables(a: AttributionResults): ReportTable[] {
  const t = (title: string, first: string, rows: ShareRow[]): ReportTable => ({ title, headers: [first, ...SHARE_HEADERS], rows: rows.map((r) => [r.name, ...shareCells(r)]), notes: [] });
  return [
    t('Downtime by component that started the outage', 'component', a.byComponent),
    t('By fault kind', 'kind', a.byKind),
    ...(a.byZone.length ? [t('By zone', 'zone', a.byZone)] : []),
    { ...t('By cause (instance and what took it down)', 'cause', a.causes), notes: [`switchover downtime (static structure up): ${formatPercentEstimate(a.switchoverDowntimeShare)} of the downtime`] },
    { title: 'Importance measures (simulated [95% CI] / analytic)', headers: IMPORTANCE_HEADERS, rows: importanceRows(a.importance), notes: [...a.notes, `sources: ${a.source}`] },
    { title: 'Minimal cut sets (largest analytic contribution first)', headers: ['cut set', 'order', 'P(down)', 'share'], rows: cutSetRows(a), notes: [cutSetSummary(a)] },
  ];
}

/** Terminal lines. */
export function renderAttributionTerminal(a: AttributionResults): string[] {
  const out = ['', `Where the downtime comes from (${a.outages} outages)`];
  for (const table of attributionTables(a)) {
    if (table.rows.length === 0 && table.notes.length === 0) continue;
    out.push('', table.title ?? '');
    if (table.rows.length) out.push(alignColumns([table.headers, ...table.rows]));
    out.push(...table.notes.map((n) => `  ${n}`));
  }
  return out;
}

/** Markdown lines. */
export function renderAttributionMarkdown(a: AttributionResults): string[] {
  const out = ['', '## Where the downtime comes from', '', `${a.outages} system outages over every replication; shares with 95% CIs across replications.`];
  for (const table of attributionTables(a)) {
    out.push('', `### ${esc(table.title ?? '')}`, '');
    if (table.rows.length) {
      out.push(`| ${table.headers.map(esc).join(' | ')} |`, `|${table.headers.map(() => '---').join('|')}|`);
      for (const r of table.rows) out.push(`| ${r.map(esc).join(' | ')} |`);
    }
    if (table.notes.length) out.push('', ...table.notes.map((n) => `- ${esc(n)}`));
  }
  return out;
}
