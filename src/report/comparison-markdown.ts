/**
 * Markdown comparison report (`comparison.md`, written by `faultline compare` and re-rendered by
 * `faultline report comparison.json`): variants and what they change with their simulated and analytic
 * availability, the sweep table, SLOs per variant, then for each variant the paired differences against the
 * baseline with their 95% CIs, verdicts and the variance reduction common random numbers gave, and links to
 * chart images when written. Pure function of its arguments; every scenario string is escaped.
 */
import type { ComparisonDocument } from '../compare/document.js';
import { analyticAvailability } from './charts/index.js';
import { comparisonHeading, describeOverrides, formatDifference, formatReduction, formatSetting, formatValue, metricLabel } from './comparison-format.js';
import { escapeMarkdown as esc, formatDurationEstimate, formatPercent, formatPercentEstimate, formatSloValue } from './format.js';
import { chartLinksMarkdown, codeSpan as code, type MarkdownOptions } from './markdown-extras.js';

/** Renders the comparison document as Markdown; `opts.charts` adds a "Charts" section linking the images. */
export function renderComparisonMarkdown(doc: ComparisonDocument, opts: MarkdownOptions = {}): string {
  const L: string[] = [`# ${esc(comparisonHeading(doc))}`, ''];
  L.push(
    `- ${doc.variants.length} variants, baseline ${code(doc.baseline)}`,
    `- seed ${doc.seed}, ${doc.replications} replications per variant, common random numbers (replication r of every variant uses the same random streams)`,
    `- replay: ${code(doc.replay)}`,
    `- faultline ${esc(doc.tool.version)}, schema ${code(doc.schema)}`,
  );
  if (doc.sweep) L.push(`- sweep of ${code(doc.sweep.parameter)} over ${doc.sweep.values.map((v) => code(formatSetting(v))).join(', ')}`);
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
    L.push(`## Sweep of ${code(doc.sweep.parameter)}`, '', '| value | availability (95% CI) | analytic | downtime per year | difference in availability (paired) | verdict | SLOs |', '|---|---|---|---|---|---|---|');
    for (const v of doc.variants.filter((x) => x.sweepValue !== null)) {
      const d = avail.find((x) => x.variant === v.name);
      const a = analyticAvailability(v.results);
      const slo = v.results.slo.length === 0 ? '-' : v.meetsSlos ? 'met' : 'VIOLATED';
      const diff = v.name === doc.baseline ? '(baseline)' : d ? formatDifference(d.unit, d.difference) : 'n/a';
      L.push(
        `| ${code(formatSetting(v.sweepValue))} | ${formatPercentEstimate(v.results.system.availability)} | ${a === null ? '-' : formatPercent(a, 6)} | ` +
          `${formatDurationEstimate(v.results.system.downtimePerYear)} | ${diff} | ${d?.verdict ?? ''} | ${slo} |`,
      );
    }
    L.push('');
  }

  L.push('## Variants', '', '| variant | file | changes | availability (95% CI) | analytic | downtime per year | MDT | SLOs |', '|---|---|---|---|---|---|---|---|');
  for (const v of doc.variants) {
    const r = v.results;
    const a = analyticAvailability(r);
    const slo = r.slo.length === 0 ? 'none defined' : v.meetsSlos ? 'all met' : 'VIOLATED';
    const name = v.name === doc.baseline ? `**${esc(v.name)}**${v.name === 'baseline' ? '' : ' (baseline)'}` : esc(v.name);
    L.push(
      `| ${name} | ${code(v.file)} | ${esc(describeOverrides(v.overrides))} | ${formatPercentEstimate(r.system.availability)} | ${a === null ? '-' : formatPercent(a, 6)} | ` +
        `${formatDurationEstimate(r.system.downtimePerYear)} | ${formatDurationEstimate(r.system.mdt)} | ${slo} |`,
    );
  }
  L.push('');
  const withSlo = doc.variants.filter((v) => v.results.slo.length > 0);
  if (withSlo.length > 0) {
    L.push('## SLOs', '', '| variant | objective | target | measured | status |', '|---|---|---|---|---|');
    for (const v of withSlo) {
      for (const c of v.results.slo) {
        const status = c.status.toUpperCase() + (c.status !== 'not-evaluated' && !c.confident ? ' (not conclusive)' : '');
        L.push(`| ${esc(v.name)} | ${esc(c.objective)} | ${formatSloValue(c.objective, c.target)} | ${formatSloValue(c.objective, c.measured)} | ${status} |`);
      }
    }
    L.push('');
  }

  if (doc.differences.length > 0) {
    L.push(
      '## Differences from the baseline (paired, 95% CI)',
      '',
      'Paired over replications (difference = variant - baseline, mean with a Student-t 95% CI over the per-replication',
      'differences; Law 2015, sec. 10.2.1). A verdict other than "no-significant-difference" means the whole CI is on one',
      `side of 0 and the difference stays significant after Holm's correction over all ${doc.differences.length} differences of this comparison`,
      '(family-wise error rate 5%; Holm 1979). "CRN variance reduction" compares the variance of the paired differences with Var(baseline) + Var(variant)',
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
        L.push(
          `| ${esc(metricLabel(d.metric))} (${d.better} is better) | ${formatValue(d.unit, d.baseline)} | ${formatValue(d.unit, d.value)} | ` +
            `${formatDifference(d.unit, d.difference)} | ${d.verdict} | ${formatReduction(d.crn.varianceReduction)} |`,
        );
      }
      L.push('');
    }
  }
  L.push(...chartLinksMarkdown(opts.charts));
  L.push("Each variant's full results: " + doc.variants.map((v) => code(v.resultsPath)).join(', ') + '.', '');
  return L.join('\n');
}
