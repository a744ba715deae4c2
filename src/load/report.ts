/**
 * The load sections of the reports: per service goodput, amplification, outcomes, utilisation, queueing delay,
 * overload and recovery; the Erlang C column; the fixed points of the retry-load equation; a coarse over-time
 * table (the full series is in results.json, `load.services[].series`).
 */
import { escapeMarkdown as esc, formatDurationEstimate, formatNumberEstimate, formatPercentEstimate, formatSeconds } from '../report/format.js';
import type { ReportTable } from '../area.js';
import type { ResultsDocument } from '../results/document.js';
import { autoscalingRows, staticStabilityLines } from './autoscaling-report.js';
import type { LoadServiceResults } from './results.js';

/** [metric, value] rows of one service. */
export function serviceRows(s: LoadServiceResults): string[][] {
  const r: string[][] = [
    ['goodput ratio', formatPercentEstimate(s.goodputRatio)],
    ['tries per request', formatNumberEstimate(s.tryAmplification)],
    ['utilisation', formatPercentEstimate(s.utilisation)],
    ['queueing delay (mean)', formatDurationEstimate(s.queueingDelay)],
  ];
  if (s.analytic.erlangCWait !== null) r.push(['queueing delay, M/M/c Erlang C', formatSeconds(s.analytic.erlangCWait)]);
  if (s.latencyMean) r.push(['latency of successes (mean)', formatDurationEstimate(s.latencyMean)]);
  for (const [k, label] of [
    ['timeout', 'tries timed out'],
    ['rejected', 'tries rejected (queue full)'],
    ['shed', 'tries shed (circuit breaker)'],
    ['rateLimited', 'tries rate-limited'],
    ['noHost', 'tries with no host up'],
    ['reset', 'tries reset (host failed)'],
  ] as const) {
    if ((s.outcomes[k].estimate ?? 0) > 0) r.push([label, formatPercentEstimate(s.outcomes[k])]);
  }
  if (s.admissionRejected) r.push(['requests rejected by admission control (shed)', formatPercentEstimate(s.admissionRejected)]);
  if (s.hedgesPerRequest) r.push(['hedged tries per request', formatNumberEstimate(s.hedgesPerRequest)]);
  if ((s.retriesRefusedPerRequest.estimate ?? 0) > 0) r.push(['retries refused per request (budget, max_retries)', formatNumberEstimate(s.retriesRefusedPerRequest)]);
  r.push(['time overloaded (fraction of window)', formatPercentEstimate(s.overloadedFraction)]);
  if (s.recovery.triggers > 0) r.push([`recovery after trigger (${s.recovery.recovered} of ${s.recovery.triggers} recovered)`, formatDurationEstimate(s.recovery.meanTime)]);
  r.push(...autoscalingRows(s));
  return r;
}

/** The fixed points of the retry-load equation as text lines. */
export function fixedPointLines(s: LoadServiceResults): string[] {
  const f = s.analytic.fixedPoints;
  if (!f) return [];
  const pts = f.map((p) => `${p.amplification.toFixed(3)} tries/request (${p.stable ? 'stable' : 'unstable'})`).join(', ');
  const bistable = f.filter((p) => p.stable).length > 1;
  return [`retry-load fixed points at ${s.analytic.fixedPointRate.toFixed(1)} requests/s, every host up: ${pts}${bistable ? ' - bistable: a trigger can leave the service in the high (metastable) state' : ''}`];
}

/** About 12 rows of the over-time series (every k-th bucket). */
export function seriesRows(s: LoadServiceResults): string[][] {
  const n = s.series.t.length;
  const step = Math.max(1, Math.ceil(n / 12));
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(2)}%`);
  const rows: string[][] = [];
  for (let i = 0; i < n; i += step) {
    const row = [formatSeconds(s.series.t[i]), s.series.requestRate[i].toFixed(1), s.series.tryRate[i].toFixed(1), pct(s.series.goodputRatio[i]), pct(s.series.utilisation[i]), formatSeconds(s.series.queueingDelay[i])];
    if (s.autoscaling) row.push(s.autoscaling.series.replicas[i].toFixed(2));
    rows.push(row);
  }
  return rows;
}

export const SERIES_HEADERS = ['time', 'requests/s', 'tries/s', 'goodput', 'utilisation', 'queueing delay'];

export function loadTables(doc: ResultsDocument): ReportTable[] {
  const l = doc.load;
  if (!l) return [];
  return l.services.flatMap((s) => [
    { title: `${s.name}`, headers: ['metric', 'simulated (95% CI)'], rows: serviceRows(s), notes: [...fixedPointLines(s), ...staticStabilityLines(s)] },
    { title: `${s.name} over time (bucket means over replications)`, headers: s.autoscaling ? [...SERIES_HEADERS, 'replicas'] : SERIES_HEADERS, rows: seriesRows(s), notes: [] },
  ]);
}

export function loadMarkdown(doc: ResultsDocument): string[] {
  const l = doc.load;
  if (!l) return [];
  const L = [`## Load (${l.mode} mode)`, ''];
  for (const t of loadTables(doc)) {
    L.push(`### ${esc(t.title ?? '')}`, '', `| ${t.headers.join(' | ')} |`, `|${t.headers.map(() => '---').join('|')}|`);
    for (const r of t.rows) L.push(`| ${r.map(esc).join(' | ')} |`);
    for (const n of t.notes) L.push('', esc(n));
    L.push('');
  }
  return L;
}

export function loadTerminal(doc: ResultsDocument, align: (rows: string[][]) => string): string[] {
  const l = doc.load;
  if (!l) return [];
  const out: string[] = [];
  for (const s of l.services) {
    out.push('', align([[`load ${s.name} (${l.mode})`, 'simulated (95% CI)'], ...serviceRows(s)]));
    out.push(...fixedPointLines(s), ...staticStabilityLines(s));
  }
  return out;
}
