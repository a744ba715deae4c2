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

/** A percentage with its CI; an estimate that is exactly 0 with a zero-width CI is just `0%`. */
const pct = (e: Estimate) => (e.estimate === 0 && (e.ci95 === null || (e.ci95[0] === 0 && e.ci95[1] === 0)) ? '0%' : formatPercentEstimate(e));

function shareCells(r: ShareRow): string[] {
  return [String(r.outages), pct(r.outageShare), pct(r.downtimeShare), formatDurationEstimate(r.downtimePerYear)];
}

const num = (x: number | null | undefined, digits = 4) => (x === null || x === undefined ? 'n/a' : Number.isFinite(x) ? x.toPrecision(digits) : 'inf');
const est = (e: Estimate | null) => (e ? formatNumberEstimate(e, 4) : 'n/a');

/** `simulated [CI] / analytic`; `nullIsInfinite`: an analytic null stands for infinity (RRW). */
const pair = (e: Estimate | null, a: number | null | undefined, nullIsInfinite = false) => `${est(e)} / ${a === null && nullIsInfinite ? 'inf' : num(a)}`;

function measureRows(rows: readonly InstanceImportance[]): string[][] {
  return rows.map((r) => [
    r.instance,
    pair(r.simulated.birnbaum, r.analytic?.birnbaum),
    pair(r.simulated.criticality, r.analytic?.criticality),
  ]);
}

function worthRows(rows: readonly InstanceImportance[]): string[][] {
  return rows.map((r) => [r.instance, pair(r.simulated.fussellVesely, r.analytic?.fussellVesely), pair(r.simulated.raw, r.analytic?.raw), pair(r.simulated.rrw, r.analytic ? r.analytic.rrw : undefined, true)]);
}

function indexRows(rows: readonly InstanceImportance[]): string[][] {
  const s = (r: InstanceImportance) => r.simulated;
  return rows.map((r) => [r.instance, ...[s(r).failureCriticality, s(r).downingEventCriticality, s(r).heldDownShare, s(r).restoredShare].map(pct)]);
}

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
    { ...t('By cause (instance and what took it down)', 'cause', a.causes), notes: [`switchover downtime (static structure up): ${pct(a.switchoverDowntimeShare)} of the downtime; outages ended by a switchover: ${pct(a.switchoverRestoredShare)}`] },
    { title: 'Criticality indices (BlockSim RS FCI, RS DECI), holding down and restoring', headers: ['instance', 'RS FCI', 'RS DECI', 'held down', 'restored'], rows: indexRows(a.importance), notes: [] },
    { title: 'Importance measures (simulated [95% CI] / analytic): Birnbaum and criticality', headers: ['instance', 'Birnbaum', 'criticality'], rows: measureRows(a.importance), notes: [] },
    { title: 'Importance measures (simulated [95% CI] / analytic): Fussell-Vesely, risk achievement and reduction worth', headers: ['instance', 'Fussell-Vesely', 'RAW', 'RRW'], rows: worthRows(a.importance), notes: [...a.notes, `sources: ${a.source}`] },
    { title: 'Minimal cut sets (largest analytic contribution first)', headers: ['cut set', 'order', 'P(down)', 'share'], rows: cutSetRows(a), notes: [cutSetSummary(a)] },
  ];
}

/** Splits text into lines of at most `width` characters at spaces (a longer word stays whole). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Terminal lines (notes wrapped to fit 120 columns). */
export function renderAttributionTerminal(a: AttributionResults): string[] {
  const out = ['', `Where the downtime comes from (${a.outages} outages)`];
  for (const table of attributionTables(a)) {
    if (table.rows.length === 0 && table.notes.length === 0) continue;
    out.push('', table.title ?? '');
    if (table.rows.length) out.push(alignColumns([table.headers, ...table.rows]));
    out.push(...table.notes.flatMap((n) => wrap(n, 116).map((l, i) => (i === 0 ? `  ${l}` : `    ${l}`))));
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
