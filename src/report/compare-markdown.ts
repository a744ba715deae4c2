/**
 * Markdown comparison report (`comparison.md`): variants and what they change, SLOs per variant, then for
 * each variant the paired differences against the baseline with their 95% CIs, verdicts and the variance
 * reduction common random numbers gave. Pure function of the comparison document; scenario strings escaped.
 */
import type { ComparisonDocument } from '../compare/document.js';
import { formatDurationEstimate, formatSloValue, formatPercentEstimate, escapeMarkdown as esc } from './format.js';
import { formatDifference, formatReduction, formatValue, metricLabel } from './compare-format.js';

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

/** Overrides as `path = value; ...`. */
export function describeOverrides(o: Record<string, unknown> | null): string {
  if (o === null) return 'as written';
  return Object.entries(o).map(([k, v]) => `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('; ');
}

/** Renders the comparison document as Markdown. */
export function renderComparisonMarkdown(doc: ComparisonDocument): string {
  const L: string[] = [];
  const base = doc.variants.find((v) => v.name === doc.baseline);
  L.push(`# faultline comparison: ${esc(base?.results.scenario.name ?? doc.baseline)}`, '');
  L.push(
    `- ${doc.variants.length} variants, baseline ${code(doc.baseline)}`,
    `- seed ${doc.seed}, ${doc.replications} replications per variant, common random numbers (replication r of every variant uses the same random streams)`,
    `- replay: ${code(doc.replay)}`,
    `- faultline ${doc.tool.version}, schema ${code(doc.schema)}`,
  );
  if (doc.sweep) L.push(`- sweep of ${code(doc.sweep.parameter)} over ${doc.sweep.values.map((v) => code(typeof v === 'string' ? v : JSON.stringify(v))).join(', ')}`);
  L.push('');

  // Summary: variants significantly better / worse in availability, by paired difference.
  const avail = doc.differences.filter((d) => d.metric === 'availability');
  const ranked = [...avail].sort((a, b) => (b.difference.estimate ?? 0) - (a.difference.estimate ?? 0));
  const better = ranked.filter((d) => d.verdict === 'better');
  const worse = ranked.filter((d) => d.verdict === 'worse');
  L.push('## Summary', '');
  L.push(better.length ? `- more available than ${code(doc.baseline)}: ${better.map((d) => `${esc(d.variant)} (${formatDifference(d.unit, d.difference)})`).join(', ')}` : `- no variant is significantly more available than ${code(doc.baseline)}`);
  if (worse.length) L.push(`- less available: ${worse.map((d) => `${esc(d.variant)} (${formatDifference(d.unit, d.difference)})`).join(', ')}`);
  const same = avail.filter((d) => d.verdict === 'no-significant-difference').map((d) => esc(d.variant));
  if (same.length) L.push(`- no significant difference in availability: ${same.join(', ')}`);
  if (doc.variants.some((v) => v.results.slo.length > 0)) {
    const ok = doc.variants.filter((v) => v.meetsSlos).map((v) => esc(v.name));
    L.push(ok.length ? `- meet all their SLOs: ${ok.join(', ')}` : '- no variant meets all of its SLOs');
  }
  L.push('');

  if (doc.sweep) {
    L.push(`## Sweep of ${code(doc.sweep.parameter)}`, '', '| value | availability (95% CI) | downtime per year | difference in availability (paired) | verdict | SLOs |', '|---|---|---|---|---|---|');
    for (const v of doc.variants.filter((x) => x.sweepValue !== null)) {
      const d = avail.find((x) => x.variant === v.name);
      const slo = v.results.slo.length === 0 ? '-' : v.meetsSlos ? 'met' : 'VIOLATED';
      const value = typeof v.sweepValue === 'string' ? v.sweepValue : JSON.stringify(v.sweepValue);
      const diff = v.name === doc.baseline ? '(baseline)' : d ? formatDifference(d.unit, d.difference) : 'n/a';
      L.push(`| ${code(value)} | ${formatPercentEstimate(v.results.system.availability)} | ${formatDurationEstimate(v.results.system.downtimePerYear)} | ${diff} | ${d?.verdict ?? ''} | ${slo} |`);
    }
    L.push('');
  }

  L.push('## Variants', '', '| variant | file | changes | availability (95% CI) | SLOs |', '|---|---|---|---|---|');
  for (const v of doc.variants) {
    const slo = v.results.slo.length === 0 ? 'none defined' : v.meetsSlos ? 'all met' : 'VIOLATED';
    const name = v.name === doc.baseline ? `**${esc(v.name)}**${v.name === 'baseline' ? '' : ' (baseline)'}` : esc(v.name);
    L.push(`| ${name} | ${code(v.file)} | ${esc(describeOverrides(v.overrides))} | ${formatPercentEstimate(v.results.system.availability)} | ${slo} |`);
  }
  L.push('');
  const withSlo = doc.variants.filter((v) => v.results.slo.length > 0);
  if (withSlo.length > 0) {
    L.push('## SLOs', '', '| variant | objective | target | measured | status |', '|---|---|---|---|---|');
    for (const v of withSlo) {
      for (const c of v.results.slo) {
        const status = c.status.toUpperCase() + (c.status !== 'not-evaluated' && !c.confident ? ' (not conclusive)' : '');
        L.push(`| ${esc(v.name)} | ${c.objective} | ${formatSloValue(c.objective, c.target)} | ${formatSloValue(c.objective, c.measured)} | ${status} |`);
      }
    }
    L.push('');
  }

  L.push(
    '## Differences against the baseline',
    '',
    'Paired over replications (difference = variant - baseline, mean with a Student-t 95% CI over the per-replication',
    'differences; Law 2015, sec. 10.2.1). A verdict other than "no-significant-difference" means the whole CI is on one',
    'side of 0. "CRN variance reduction" compares the variance of the paired differences with Var(baseline) + Var(variant)',
    '(what independent runs would give; Law 2015, sec. 11.2). Probability differences are in percentage points (pp).',
    '',
  );
  for (const v of doc.variants) {
    if (v.name === doc.baseline) continue;
    const rows = doc.differences.filter((d) => d.variant === v.name);
    L.push(`### ${esc(v.name)}`, '');
    if (v.description) L.push(esc(v.description), '');
    L.push('| metric | baseline | variant | difference (paired 95% CI) | verdict | CRN variance reduction |', '|---|---|---|---|---|---|');
    for (const d of rows) {
      L.push(`| ${metricLabel(d.metric)} (${d.better} is better) | ${formatValue(d.unit, d.baseline)} | ${formatValue(d.unit, d.value)} | ${formatDifference(d.unit, d.difference)} | ${d.verdict} | ${formatReduction(d.crn.varianceReduction)} |`);
    }
    L.push('');
  }
  L.push('Each variant\'s full results: ' + doc.variants.map((v) => `${code(v.resultsPath)}`).join(', ') + '.', '');
  return L.join('\n');
}
