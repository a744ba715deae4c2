import type { ResultsDocument } from '../results/document.js';
import type { Comparison } from '../results/comparison.js';
import { AREAS } from '../areas.js';
import { singleRunCharts, type ReportChart } from './charts/index.js';
import { DISTRIBUTION_HEADERS, distributionRow } from './distribution-format.js';
import { formatDurationEstimate, formatPercent, formatPercentEstimate, formatSeconds, formatSloValue } from './format.js';
import { summaryParts } from './summary.js';
import { escapeHtml as esc } from './html-escape.js';
import { badge, chartFigure, renderPage, table, type Cell } from './html-page.js';
import { formatAnalytic, systemRows } from './system-rows.js';
import { phaseTypeLines } from './phase-type-lines.js';

function formatMeasured(c: Comparison): string {
  return c.unit === 'probability' ? formatPercentEstimate(c.measured) : formatDurationEstimate(c.measured);
}

/** SLO table (objective, target, measured, status, confidence, note), or a sentence when there are no SLOs. */
export function sloTable(doc: ResultsDocument): string {
  if (doc.slo.length === 0) return '<p class="note">The scenario defines no SLOs (<code>slo:</code> section).</p>';
  return table(
    ['objective', 'target', 'measured', 'status', 'confident', 'note'],
    doc.slo.map((c) => [
      c.objective,
      formatSloValue(c.objective, c.target),
      formatSloValue(c.objective, c.measured),
      badge(c.status),
      c.status === 'not-evaluated' ? '-' : c.confident ? 'yes' : 'no',
      c.note,
    ]),
    'slo',
  );
}

/** System metrics: simulated (95% CI) next to the analytic value and the verdict. */
function systemTable(doc: ResultsDocument): string {
  const rows = systemRows(doc).map((r): Cell[] => [r.label, r.simulated, r.analytic, r.verdict ? badge(r.verdict) : '-']);
  return table(['metric', 'simulated (95% CI)', 'analytic', 'verdict'], rows, 'system');
}

/** Every simulated-vs-analytic comparison with its verdict and explanation. */
function comparisonTable(doc: ResultsDocument): string {
  if (doc.comparison.length === 0) {
    return `<p class="note">${doc.analytic ? 'No metric has both a simulated and an analytic value.' : 'No analytic expectation (run without --no-analytic to get one).'}</p>`;
  }
  const disagree = doc.comparison.filter((c) => c.verdict === 'differs').length;
  // explanations repeat (the same violated assumptions for every metric): number them once, below the table
  const notes: string[] = [];
  const note = (text: string) => (notes.includes(text) ? notes.indexOf(text) : notes.push(text) - 1) + 1;
  const rows = doc.comparison.map((c): Cell[] => [
    c.metric,
    formatMeasured(c),
    formatAnalytic(c),
    c.relativeDifference === null ? '-' : `${(c.relativeDifference * 100).toPrecision(3)}%`,
    badge(c.verdict),
    { html: `<a href="#note-${note(c.explanation)}">note ${notes.indexOf(c.explanation) + 1}</a>` },
  ]);
  return (
    `<p>${doc.comparison.length - disagree} of ${doc.comparison.length} analytic values agree with the simulation (Holm-corrected over the report, 1% practical-equivalence margin).</p>\n` +
    table(['metric', 'simulated (95% CI)', 'analytic', 'relative difference', 'verdict', 'why'], rows, 'comparison') +
    `\n<ol class="notes">${notes.map((n, i) => `<li id="note-${i + 1}">${esc(n)}</li>`).join('')}</ol>`
  );
}

function outageTable(doc: ResultsDocument): string {
  const o = doc.system.outageDuration;
  const head = `<p>${o.count} completed outages${o.censored ? `, ${o.censored} still open at the horizon` : ''}.</p>`;
  if (o.count === 0) return head;
  return (
    head +
    table(
      ['statistic', 'value (95% CI)'],
      [
        ['mean', formatDurationEstimate(o.mean)],
        ['p50', formatDurationEstimate(o.p50)],
        ['p95', formatDurationEstimate(o.p95)],
        ['p99', formatDurationEstimate(o.p99)],
        ['max', formatSeconds(o.max)],
      ],
    )
  );
}

function instanceTable(doc: ResultsDocument): string {
  const cmp = new Map(doc.comparison.map((c) => [c.metric, c]));
  return table(
    ['instance', 'component', 'zone', 'availability (95% CI)', 'analytic', 'verdict'],
    doc.instances.map((i) => {
      const c = cmp.get(`availability[${i.instance}]`);
      return [i.instance, i.component, i.zone ?? '-', formatPercentEstimate(i.availability), c ? formatPercent(c.analytic, 6) : '-', c ? badge(c.verdict) : '-'];
    }),
    'instances',
  );
}

function analyticSection(doc: ResultsDocument): string {
  const an = doc.analytic;
  if (!an) return '<p class="note">No analytic model for this run.</p>';
  const list = (items: string[]) => `<ul>${items.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>`;
  return [
    '<ul>',
    `<li>method: ${esc(an.method)}</li>`,
    `<li>formula: ${esc(an.formula)}</li>`,
    `<li>source: ${esc(an.source)}</li>`,
    `<li>exactness: ${an.approximate ? '<strong>approximate</strong>' : 'exact under its assumptions'}</li>`,
    an.assumptions.length ? `<li>assumptions:${list(an.assumptions)}</li>` : '',
    an.violations.length ? `<li>violated by this scenario:${list(an.violations)}</li>` : '',
    an.phaseType ? `<li>phase-type fits:${list(phaseTypeLines(an.phaseType))}</li>` : '',
    an.notes?.length ? `<li>notes:${list(an.notes)}</li>` : '',
    '</ul>',
  ].join('\n');
}

/** One-line verdict at the top of the page (`summaryParts`: availability, down time, requests, data loss, SLOs). */
function summaryLine(doc: ResultsDocument): string {
  const parts = summaryParts(doc).map((p, i) => (i === 0 || p.label === 'SLOs' && doc.slo.some((c) => c.status === 'fail') ? `${esc(p.label)} <strong>${esc(p.value)}</strong>` : `${esc(p.label)} ${esc(p.value)}`));
  return `<p class="summary">${parts.join('; ')}.</p>`;
}

/** Page header: title, description and run facts. */
export function headerHtml(doc: ResultsDocument, heading: string): string {
  const sc = doc.scenario;
  return [
    `<h1>${esc(heading)}</h1>`,
    sc.description ? `<p>${esc(sc.description)}</p>` : '',
    '<ul class="meta">',
    `<li>scenario <code>${esc(sc.file)}</code>, horizon ${esc(formatSeconds(sc.horizon))}${sc.warmup > 0 ? `, warm-up ${esc(formatSeconds(sc.warmup))}` : ''}</li>`,
    `<li>seed ${sc.seed}, ${doc.run.replications} replications (stopped by ${esc(doc.run.stoppedBy)}), ${doc.run.events} events</li>`,
    `<li>faultline ${esc(doc.tool.version)}, results schema <code>${esc(doc.schema)}</code></li>`,
    '</ul>',
  ].join('\n');
}

/** The registered areas' sections (src/area.ts), `main` ones first, then `end` ones; '' when none applies. */
function areaSections(doc: ResultsDocument): { html: string; charts: ReportChart[] } {
  const out: string[] = [];
  const charts: ReportChart[] = [];
  for (const placement of ['main', 'end'] as const) {
    for (const area of AREAS) {
      const section = area.report?.placement === placement ? area.report.html?.(doc) : null;
      if (!section) continue;
      out.push(`<h2 id="${section.id}">${esc(section.heading)}</h2>`);
      if (section.introHtml) out.push(`<p>${section.introHtml}</p>`);
      for (const c of area.report?.charts?.(doc) ?? []) out.push(chartFigure({ id: c.id, kind: 'share-bars', title: c.title }));
      for (const t of section.tables) {
        if (t.title) out.push(`<h3>${esc(t.title)}</h3>`);
        out.push(table(t.headers, t.rows, section.id));
        if (t.notes.length) out.push(`<ul>${t.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`);
      }
      for (const c of section.charts ?? []) {
        const chart: ReportChart = { id: c.id, kind: 'area', title: c.title, spec: c.spec };
        charts.push(chart);
        out.push(chartFigure(chart, esc(c.caption)));
      }
    }
  }
  return { html: out.join('\n'), charts };
}

/**
 * Renders the results as a self-contained HTML report (works offline, no request leaves the page): summary,
 * SLO pass/fail, simulated vs analytic with verdicts, availability and convergence charts, outage tables,
 * one ECDF per distribution, request and data-durability tables when present, one replication's timeline,
 * instance availabilities, the analytic model and the replay command. Every scenario string is HTML-escaped; chart data is embedded with `jsonForScript`.
 * Pure function of the document: the same results.json gives byte-identical HTML.
 */
export function renderHtml(doc: ResultsDocument): string {
  const areas = areaSections(doc);
  const charts = [...singleRunCharts(doc), ...areas.charts];
  const fig = (kind: ReportChart['kind'], caption = '') => charts.filter((c) => c.kind === kind).map((c) => chartFigure(c, caption)).join('\n');
  const distributions = Object.keys(doc.distributions).sort().map((k) => distributionRow(doc.distributions[k]));
  const body = [
    headerHtml(doc, `faultline: ${doc.scenario.name}`),
    summaryLine(doc),
    '<h2 id="slo">SLOs</h2>',
    sloTable(doc),
    '<h2 id="system">System</h2>',
    systemTable(doc),
    fig('availability', 'Simulated availability with its 95% confidence interval, the analytic value and the SLO target.'),
    fig('convergence', `Running estimate after every 50 replications; the final point is the reported estimate (${doc.run.replications} replications).`),
    '<h2 id="comparison">Simulation vs analytic</h2>',
    comparisonTable(doc),
    '<h2 id="outages">Outages and distributions</h2>',
    outageTable(doc),
    distributions.length ? table(DISTRIBUTION_HEADERS, distributions, 'distributions') : '',
    fig('ecdf', 'Empirical CDF from 101 stored quantiles (dashed: mean).'),
    areas.html,
    doc.timeline ? '<h2 id="timeline">Timeline</h2>' : '',
    fig('timeline', 'Green: up; red: down (a tick marks the start of each down period, however short). Shaded: warm-up.'),
    '<h2 id="components">Components</h2>',
    instanceTable(doc),
    '<h2 id="analytic">Analytic model</h2>',
    analyticSection(doc),
    doc.unavailable?.length ? `<h2 id="unavailable">Not available</h2>\n<ul>${doc.unavailable.map((u) => `<li>${esc(u.analysis)}: not available because ${esc(u.reason)}</li>`).join('')}</ul>` : '',
    '<h2 id="replay">Reproduce</h2>',
    `<p><code>${esc(doc.run.replay)}</code></p>`,
  ]
    .filter((s) => s !== '')
    .join('\n');
  return renderPage(`faultline: ${doc.scenario.name}`, body, charts);
}
