import { SECONDS_PER_YEAR } from '../scenario/duration.js';
import { analyticAvailability, comparisonCharts } from './charts/index.js';
import type { ComparisonDocument } from '../compare/document.js';
import { comparisonHeading, describeOverrides, formatDifference, formatReduction, formatSetting, formatValue, metricLabel } from './comparison-format.js';
import { formatDurationEstimate, formatPercent, formatPercentEstimate, formatSeconds, formatSloValue } from './format.js';
import { escapeHtml as esc, escapePathHtml } from './html-escape.js';
import { badge, badgeHtml, chartFigure, renderPage, table, type Cell } from './html-page.js';

/**
 * Renders a comparison (variants of a scenario or a parameter sweep, run with common random numbers) as a
 * self-contained HTML page: per-variant summary, availability per variant vs analytic, sensitivity curves
 * for sweeps, paired differences from the baseline with verdicts (chart per metric and table), SLO status
 * per variant and the replay command. Escaping and offline behaviour as `renderHtml`. Pure function.
 */
export function renderComparisonHtml(doc: ComparisonDocument): string {
  const charts = comparisonCharts(doc);
  const fig = (kind: string, caption: string) => charts.filter((c) => c.kind === kind).map((c) => chartFigure(c, caption)).join('\n');
  const heading = comparisonHeading(doc);
  const variants = table(
    ['variant', 'changes', 'scenario file', 'availability (95% CI)', 'analytic', 'down time per year', 'MDT'],
    doc.variants.map((v): Cell[] => {
      const a = analyticAvailability(v.results);
      return [
        v.name === doc.baseline ? { html: `${esc(v.name)} <em>(baseline)</em>` } : v.name,
        { html: escapePathHtml(describeOverrides(v.overrides)) },
        { html: `<code>${escapePathHtml(v.file)}</code>` },
        formatPercentEstimate(v.results.system.availability),
        a === null ? '-' : formatPercent(a, 6),
        formatDurationEstimate(v.results.system.downtimePerYear),
        formatDurationEstimate(v.results.system.mdt),
      ];
    }),
    'variants',
  );
  const differences = doc.differences.length
    ? table(
        ['variant', 'metric', 'baseline', 'variant value', 'difference (95% CI, paired)', 'better when', 'verdict', 'CRN variance reduction'],
        doc.differences.map((d) => [
          d.variant,
          metricLabel(d.metric),
          formatValue(d.unit, d.baseline),
          formatValue(d.unit, d.value),
          formatDifference(d.unit, d.difference),
          d.better,
          badge(d.verdict),
          formatReduction(d.crn.varianceReduction),
        ]),
        'differences',
      )
    : '<p class="note">No paired differences (a single variant).</p>';
  const objectives = [...new Set(doc.variants.flatMap((v) => v.results.slo.map((c) => c.objective)))];
  const slo = objectives.length
    ? table(
        ['variant', ...objectives],
        doc.variants.map((v) => [
          v.name,
          ...objectives.map((o): Cell => {
            const c = v.results.slo.find((x) => x.objective === o);
            return c ? { html: `${badgeHtml(c.status)} ${esc(formatSloValue(o, c.measured))}` } : '-';
          }),
        ]),
        'slo',
      )
    : '<p class="note">The scenarios define no SLOs.</p>';
  const sweep = doc.sweep ? `<li>sweep of <code>${esc(doc.sweep.parameter)}</code> over ${esc(doc.sweep.values.map(formatSetting).join(', '))}</li>` : '';
  const body = [
    `<h1>${esc(heading)}</h1>`,
    '<ul class="meta">',
    `<li>baseline <strong>${esc(doc.baseline)}</strong>, ${doc.variants.length} variants, seed ${doc.seed}, ${doc.replications} replications each (common random numbers: differences are paired replication by replication)</li>`,
    sweep,
    `<li>faultline ${esc(doc.tool.version)}, comparison schema <code>${esc(doc.schema)}</code></li>`,
    '</ul>',
    '<h2 id="variants">Variants</h2>',
    variants,
    fig('availability', 'Simulated availability per variant with its 95% CI, the analytic value (red) and the SLO target (dashed).'),
    doc.sweep ? `<h2 id="sensitivity">Sensitivity to ${esc(doc.sweep.parameter)}</h2>` : '',
    fig('sensitivity', 'Estimate per swept value with its 95% CI band.'),
    '<h2 id="differences">Differences from the baseline</h2>',
    differences,
    fig('paired-difference', 'Paired difference (variant - baseline) with its 95% CI; an interval that excludes zero is a significant difference.'),
    '<h2 id="slo">SLOs per variant</h2>',
    slo,
    '<h2 id="replay">Reproduce</h2>',
    `<p><code>${esc(doc.replay)}</code></p>`,
    `<p class="note">Down time per year is unavailability × ${SECONDS_PER_YEAR} s (${esc(formatSeconds(SECONDS_PER_YEAR))}).</p>`,
  ]
    .filter((s) => s !== '')
    .join('\n');
  return renderPage(heading, body, charts);
}
