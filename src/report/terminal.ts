import type { ResultsDocument } from '../results/document.js';
import { AREAS } from '../areas.js';
import { summaryParts } from './summary.js';
import { formatDurationEstimate, formatNumberEstimate, formatPercent, formatPercentEstimate, formatSeconds, formatSloValue } from './format.js';

export { alignColumns } from './format.js';
import { alignColumns } from './format.js';
import { phaseTypeLines } from './phase-type-lines.js';

/** The terminal summary printed after a run: key metrics, verdicts, SLOs, seed and replay command. */
export function renderTerminal(doc: ResultsDocument): string {
  const s = doc.system;
  const cmp = new Map(doc.comparison.map((c) => [c.metric, c]));
  const analytic = (metric: string, kind: 'p' | 's') => {
    const c = cmp.get(metric);
    return c ? (kind === 'p' ? formatPercent(c.analytic, 6) : formatSeconds(c.analytic)) : '-';
  };
  const verdict = (metric: string) => cmp.get(metric)?.verdict ?? '';
  const rows: string[][] = [
    ['metric', 'simulated (95% CI)', 'analytic', 'verdict'],
    ['availability', formatPercentEstimate(s.availability), analytic('availability', 'p'), verdict('availability')],
    ['downtime/year', formatDurationEstimate(s.downtimePerYear), '', ''],
    ['outages/year', formatNumberEstimate(s.outagesPerYear), '', ''],
    [s.mttff.method === 'restricted-mean' ? `MTTFF >= (restricted to ${formatSeconds(s.mttff.restrictedTo ?? doc.scenario.horizon)})` : 'MTTFF', formatDurationEstimate(s.mttff), analytic('mttff', 's'), verdict('mttff')],
    ['MTBF', formatDurationEstimate(s.mtbf), analytic('mtbf', 's'), verdict('mtbf')],
    ['MUT', formatDurationEstimate(s.mut), analytic('mut', 's'), verdict('mut')],
    ['MDT', formatDurationEstimate(s.mdt), analytic('mdt', 's'), verdict('mdt')],
    ['outage p50', formatDurationEstimate(s.outageDuration.p50), '', ''],
    ['outage p95', formatDurationEstimate(s.outageDuration.p95), '', ''],
    ['outage p99', formatDurationEstimate(s.outageDuration.p99), '', ''],
  ];
  for (const p of s.pointAvailability) {
    const m = `point_availability(${p.t}s)`;
    rows.push([`A(${formatSeconds(p.t)})`, formatPercentEstimate(p.estimate), analytic(m, 'p'), verdict(m)]);
  }
  for (const p of s.reliability) {
    const m = `reliability(${p.t}s)`;
    rows.push([`R(${formatSeconds(p.t)})`, formatPercentEstimate(p.estimate), analytic(m, 'p'), verdict(m)]);
  }
  const out = [`${doc.scenario.name}: ${doc.run.replications} replications of ${formatSeconds(doc.scenario.horizon)}`, ...summaryParts(doc).map((p) => `  ${p.label}: ${p.value}`), '', alignColumns(rows)];
  const diffs = doc.comparison.filter((c) => c.verdict === 'differs');
  const an = doc.analytic;
  if (an?.approximate) {
    out.push('', `analytic: ${an.method}; approximate because:`, ...an.violations.map((v) => `  - ${v}`));
    if (an.phaseType) out.push(...phaseTypeLines(an.phaseType).map((l) => `  ${l}`));
    if (diffs.length) out.push(`differs from the simulation (explained by the above): ${diffs.map((c) => c.metric).join(', ')}`);
  } else if (diffs.length) {
    out.push('', ...diffs.map((c) => `! ${c.metric}: ${c.explanation}`));
  }
  const sections = (placement: 'main' | 'end') => AREAS.flatMap((a) => (a.report?.placement === placement ? (a.report.terminal?.(doc) ?? []) : []));
  out.push(...sections('main'));
  if (doc.slo.length) {
    out.push('', alignColumns([
      ['SLO', 'target', 'measured', 'status'],
      ...doc.slo.map((c) => [
        c.objective,
        formatSloValue(c.objective, c.target),
        formatSloValue(c.objective, c.measured),
        c.status.toUpperCase() + (c.status !== 'not-evaluated' && !c.confident ? ' (not conclusive)' : ''),
      ]),
    ]));
  }
  out.push(...sections('end'));
  if (doc.unavailable?.length) out.push('', ...doc.unavailable.map((u) => `not available: ${u.analysis}, because ${u.reason}`));
  out.push('', `seed ${doc.scenario.seed}; replay: ${doc.run.replay}`);
  return out.join('\n');
}
