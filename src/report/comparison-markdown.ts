import { analyticAvailability } from './charts/index.js';
import type { ComparisonDocument } from './comparison-document.js';
import { comparisonHeading, formatInUnit, formatValue } from './comparison-format.js';
import { escapeMarkdown as esc, formatDurationEstimate, formatPercent, formatPercentEstimate, formatSloValue } from './format.js';
import { chartLinksMarkdown, codeSpan, type MarkdownOptions } from './markdown-extras.js';

/**
 * Renders a comparison as Markdown for pull requests: variants (availability, analytic, down time, MDT, SLO
 * status), paired differences from the baseline with verdicts, links to chart images when written, and the
 * replay command. Every scenario string is escaped. Pure function of its arguments.
 */
export function renderComparisonMarkdown(doc: ComparisonDocument, opts: MarkdownOptions = {}): string {
  const L: string[] = [`# ${esc(comparisonHeading(doc))}`, ''];
  L.push(
    `- baseline **${esc(doc.baseline)}**, ${doc.variants.length} variants, seed ${doc.seed}, ${doc.replications} replications each (paired: common random numbers)`,
  );
  if (doc.sweep) L.push(`- sweep of ${codeSpan(doc.sweep.parameter)} over ${esc(doc.sweep.values.map(formatValue).join(', '))}`);
  L.push(`- replay: ${codeSpan(doc.replay)}`, `- faultline ${esc(doc.tool.version)}, comparison schema \`${doc.schema}\``, '');

  const param = doc.sweep ? esc(doc.sweep.parameter) : 'overrides';
  L.push('## Variants', '', `| variant | ${param} | availability (95% CI) | analytic | down time per year | MDT | SLOs |`, '|---|---|---|---|---|---|---|');
  for (const v of doc.variants) {
    const r = v.results;
    const a = analyticAvailability(r);
    const slo = r.slo.length ? r.slo.map((c) => `${c.objective} ${formatSloValue(c.objective, c.measured)} **${c.status.toUpperCase()}**`).join('; ') : '-';
    L.push(
      `| ${esc(v.name)}${v.name === doc.baseline ? ' (baseline)' : ''} | ${esc(formatValue(doc.sweep ? v.sweepValue : v.overrides))} | ${formatPercentEstimate(r.system.availability)} | ` +
        `${a === null ? '-' : formatPercent(a, 6)} | ${formatDurationEstimate(r.system.downtimePerYear)} | ${formatDurationEstimate(r.system.mdt)} | ${slo} |`,
    );
  }
  L.push('');

  if (doc.differences.length) {
    L.push('## Differences from the baseline (paired, 95% CI)', '', '| variant | metric | baseline | variant value | difference | verdict |', '|---|---|---|---|---|---|');
    for (const d of doc.differences) {
      const verdict = d.verdict === 'no-significant-difference' ? 'no significant difference' : `**${d.verdict}**`;
      L.push(`| ${esc(d.variant)} | ${esc(d.metric)} | ${formatInUnit(d.unit, d.baseline)} | ${formatInUnit(d.unit, d.value)} | ${formatInUnit(d.unit, d.difference, true)} | ${verdict} |`);
    }
    L.push('');
  }
  L.push(...chartLinksMarkdown(opts.charts));
  return L.join('\n');
}
