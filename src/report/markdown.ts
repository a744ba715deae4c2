import type { ResultsDocument } from '../results/document.js';
import { summaryText } from './summary.js';
import {
  escapeMarkdown as esc,
  formatDurationEstimate,
  formatPercent,
  formatPercentEstimate,
  formatSeconds,
  formatSloValue,
} from './format.js';
import { chartLinksMarkdown, codeSpan, convergenceMarkdown, distributionsMarkdown, type MarkdownOptions } from './markdown-extras.js';
import { AREAS } from '../areas.js';
import { systemRows } from './system-rows.js';
import { phaseTypeLines } from './phase-type-lines.js';

/**
 * Renders the results as a Markdown summary (for pull requests and terminals): measured vs analytic with
 * CIs and verdicts, convergence, outages, distributions, SLOs, components, the analytic model's assumptions
 * and (with `opts.charts`) links to the chart images. Every scenario string is escaped. Pure function of
 * its arguments.
 */
export function renderMarkdown(doc: ResultsDocument, opts: MarkdownOptions = {}): string {
  const s = doc.system;
  const L: string[] = [];
  L.push(`# faultline: ${esc(doc.scenario.name)}`, '');
  if (doc.scenario.description) L.push(esc(doc.scenario.description), '');
  L.push(
    `- scenario: ${codeSpan(doc.scenario.file)}, horizon ${formatSeconds(doc.scenario.horizon)}` +
      (doc.scenario.warmup > 0 ? `, warm-up ${formatSeconds(doc.scenario.warmup)}` : ''),
    `- seed ${doc.scenario.seed}, ${doc.run.replications} replications (stopped by ${doc.run.stoppedBy}), ${doc.run.events} events`,
    `- replay: ${codeSpan(doc.run.replay)}`,
    `- faultline ${doc.tool.version}, results schema \`${doc.schema}\``,
    '',
    `**Summary**: ${esc(summaryText(doc))}.`,
    '',
  );

  if (doc.unavailable?.length) L.push(...doc.unavailable.map((u) => `> not available: ${esc(u.analysis)}, because ${esc(u.reason)}`), '');
  L.push('## System', '', '| metric | simulated (95% CI) | analytic | verdict |', '|---|---|---|---|');
  for (const r of systemRows(doc)) L.push(`| ${esc(r.label)} | ${r.simulated} | ${r.analytic} | ${r.verdict ?? '-'} |`);
  L.push('');
  L.push(...convergenceMarkdown(doc));

  const diffs = doc.comparison.filter((c) => c.verdict !== 'agrees');
  if (doc.comparison.length > 0) {
    L.push('### Simulation vs analytic', '');
    if (diffs.length === 0) L.push(`All ${doc.comparison.length} analytic values agree with the simulation (Holm-corrected over the report, 1% practical-equivalence margin; docs/validation.md).`, '');
    if (doc.analytic?.approximate && diffs.length) {
      L.push(`Differs: ${diffs.map((c) => esc(c.metric)).join(', ')}, because the analytic model is approximate for this scenario (see "Analytic model" below).`);
    } else {
      for (const c of diffs) L.push(`- **${esc(c.metric)}** ${c.verdict}: ${esc(c.explanation)}`);
    }
    if (diffs.length) L.push('');
  }

  const o = s.outageDuration;
  L.push('## Outages (recovery time)', '');
  L.push(`${o.count} completed outages${o.censored ? `, ${o.censored} still open at the horizon` : ''}.`, '');
  if (o.count > 0) {
    L.push('| statistic | value (95% CI) |', '|---|---|');
    L.push(`| mean | ${formatDurationEstimate(o.mean)} |`, `| p50 | ${formatDurationEstimate(o.p50)} |`);
    L.push(`| p95 | ${formatDurationEstimate(o.p95)} |`, `| p99 | ${formatDurationEstimate(o.p99)} |`, `| max | ${formatSeconds(o.max)} |`, '');
  }
  L.push(...distributionsMarkdown(doc));

  const sections = (placement: 'main' | 'end') => AREAS.flatMap((a) => (a.report?.placement === placement ? (a.report.markdown?.(doc) ?? []) : []));
  L.push(...sections('main'));

  if (doc.slo.length) {
    L.push('## SLOs', '', '| objective | target | measured | status | |', '|---|---|---|---|---|');
    for (const c of doc.slo) {
      L.push(`| ${c.objective} | ${formatSloValue(c.objective, c.target)} | ${formatSloValue(c.objective, c.measured)} | **${c.status.toUpperCase()}** | ${esc(c.note)} |`);
    }
    L.push('');
  }

  L.push('## Components', '', '| instance | zone | availability (95% CI) | analytic |', '|---|---|---|---|');
  for (const i of doc.instances) {
    const c = doc.comparison.find((x) => x.metric === `availability[${i.instance}]`);
    L.push(`| ${esc(i.instance)} | ${esc(i.zone ?? '-')} | ${formatPercentEstimate(i.availability)} | ${c ? formatPercent(c.analytic, 6) : '-'} |`);
  }
  L.push('');

  const an = doc.analytic;
  if (an) {
    L.push('## Analytic model', '', `- method: ${esc(an.method)}`, `- formula: ${esc(an.formula)}`, `- source: ${esc(an.source)}`);
    L.push(`- exactness: ${an.approximate ? '**approximate**' : 'exact under its assumptions'}`);
    if (an.assumptions.length) L.push('- assumptions:', ...an.assumptions.map((a) => `  - ${esc(a)}`));
    if (an.violations.length) L.push('- violated by this scenario:', ...an.violations.map((a) => `  - ${esc(a)}`));
    if (an.phaseType) L.push('- phase-type fits:', ...phaseTypeLines(an.phaseType).map((a) => `  - ${esc(a)}`));
    L.push('');
  }
  L.push(...sections('end'));
  L.push(...chartLinksMarkdown(opts.charts));
  return L.join('\n');
}
