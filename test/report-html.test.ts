import { describe, expect, it } from 'vitest';
import { comparisonCharts, singleRunCharts } from '../src/report/charts/index.js';
import { sensitivityChart } from '../src/report/charts/sensitivity.js';
import { renderComparisonHtml } from '../src/report/comparison-html.js';
import { metricLabel } from '../src/report/comparison-format.js';
import { renderComparisonMarkdown } from '../src/report/comparison-markdown.js';
import { escapeHtml, escapePathHtml, jsonForScript } from '../src/report/html-escape.js';
import { renderHtml } from '../src/report/html.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { meanEstimate } from '../src/results/estimators.js';
import { BATCH_SIZE } from '../src/run/runner.js';
import { hostileResults, PARALLEL, PAYLOAD, runResults, sweepComparison } from './helpers/report-fixtures.js';

const { run, doc } = runResults(PARALLEL, 120);
const hostile = hostileResults(doc);

/** The text of every <script> element, in order. */
function scripts(html: string): { attrs: string; text: string }[] {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attrs: m[1], text: m[2] }));
}

describe('escaping', () => {
  it('escapeHtml escapes the five HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('jsonForScript escapes <, >, &, U+2028 and U+2029 and round-trips through JSON.parse', () => {
    const value = { s: PAYLOAD, nested: [PAYLOAD, { k: '\u2028\u2029&<>' }] };
    const out = jsonForScript(value);
    expect(out).not.toMatch(/[<>&\u2028\u2029]/);
    expect(out).toContain('\\u003c/script\\u003e');
    expect(JSON.parse(out)).toEqual(value);
  });

  it('a hostile results document cannot add a script, close one or open a comment', () => {
    const html = renderHtml(hostile);
    const s = scripts(html);
    // exactly the page's own three: the chart data block, the packed Vega runtime (data) and the embed script
    expect(s.length).toBe(3);
    expect(s[0].attrs).toBe(' type="application/json" id="faultline-charts"');
    expect(html.split('<script').length - 1).toBe(3);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>bold</b>');
    expect(html).not.toContain('<!-- ');
    // the data block holds no raw metacharacter and parses back to the hostile strings
    expect(s[0].text).not.toMatch(/[<>&\u2028\u2029]/);
    const specs = JSON.parse(s[0].text) as { id: string; spec: unknown }[];
    expect(JSON.stringify(specs)).toContain(JSON.stringify(`inst0 ${PAYLOAD}`));
    // text shows up escaped
    expect(html).toContain(`<h1>faultline: name ${escapeHtml(PAYLOAD)}</h1>`);
    expect(html).toContain(escapeHtml(`zone ${PAYLOAD}`));
    expect(html).toContain(escapeHtml(`assumption ${PAYLOAD}`));
  });

  it('the Content-Security-Policy allows no network and only the page\'s own scripts (by hash)', () => {
    const html = renderHtml(doc);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("'unsafe-inline' 'sha");
    expect(csp.match(/'sha256-/g)?.length).toBe(1); // the embed script; the Vega runtime is a data block it inflates
    expect(csp).not.toMatch(/https?:/);
  });

  it('Markdown escapes hostile strings too', () => {
    // outside code spans (where CommonMark shows text literally) no markup survives; code spans stay on one line
    const outsideCode = (md: string) => md.replace(/`[^`\n]*`/g, '');
    const md = renderMarkdown(hostile);
    expect(outsideCode(md)).not.toContain('<script>');
    expect(outsideCode(md)).not.toContain('<b>');
    const cmd = renderComparisonMarkdown(sweepComparison(20, [PAYLOAD + '1', PAYLOAD + '2', PAYLOAD + '3']));
    expect(outsideCode(cmd)).not.toContain('<script>');
  });
});

describe('Markdown additions', () => {
  it('summarises every distribution, shows the convergence line and links chart images when written', () => {
    const md = renderMarkdown(hostile, { charts: [{ id: 'availability', title: 'Availability', png: 'charts/availability.png' }, { id: 'x', title: 'not written' }] });
    const rows = md.split('\n').filter((l) => /^\| (RPO|Failed requests|System|label )/.test(l));
    expect(rows.length).toBe(5);
    expect(md).toContain('| RPO (data loss window) | 6 | 4.04 min | 1.5 min | 10 min | 14.5 min | 15 min |');
    expect(md).toContain('| Failed requests per replication | 0 | n/a | n/a | n/a | n/a | n/a |');
    expect(md).toMatch(/^Convergence of the availability estimate \(replications\): .* after 50 → .* after 120\.$/m);
    expect(md).toContain('## Charts\n\n![Availability](charts/availability.png)\n');
    expect(md).not.toContain('not written');
    expect(renderMarkdown(doc)).not.toContain('## Charts');
  });
});

describe('charts of a single run', () => {
  it('every distribution gets an ECDF chart and a container in the page', () => {
    const charts = singleRunCharts(hostile);
    const keys = Object.keys(hostile.distributions);
    expect(keys.length).toBe(5);
    const ecdf = charts.filter((c) => c.kind === 'ecdf');
    expect(ecdf.map((c) => c.title).sort()).toEqual(keys.map((k) => hostile.distributions[k].label).sort());
    const html = renderHtml(hostile);
    for (const c of charts) expect(html).toContain(`id="chart-${c.id}"`);
    expect(new Set(charts.map((c) => c.id)).size).toBe(charts.length);
    for (const c of charts) expect(c.id).toMatch(/^[a-z0-9._-]+$/);
  });

  it('has availability, convergence and timeline charts; the ECDF data are the stored quantiles', () => {
    const kinds = singleRunCharts(doc).map((c) => c.kind);
    expect(kinds).toEqual(['availability', 'convergence', 'ecdf', 'ecdf', 'timeline']);
    const ecdf = singleRunCharts(doc).find((c) => c.id === 'ecdf-system.outage_duration')!;
    const values = (ecdf.spec as { data: { values: { x: number; p: number }[] } }).data.values;
    const q = doc.distributions['system.outage_duration'].quantiles;
    expect(values.length).toBe(101);
    const factor = q[100] / values[100].x;
    values.forEach((v, i) => {
      expect(v.p).toBeCloseTo(i / 100, 12);
      expect(v.x * factor).toBeCloseTo(q[i], 6);
    });
  });

  it('is deterministic: the same document gives the same bytes', () => {
    expect(renderHtml(structuredClone(doc))).toBe(renderHtml(doc));
  });
});

describe('convergence in the results', () => {
  it('has a point every BATCH_SIZE replications and at the end; each equals the mean and t-CI of that prefix', () => {
    const pts = doc.convergence;
    expect(pts.map((p) => p.replications)).toEqual([50, 100, 120]);
    const xs = run.accumulator.replications().map((r) => r.uptime / r.window);
    for (const p of pts) {
      const direct = meanEstimate(xs.slice(0, p.replications));
      expect(p.estimate).toBeCloseTo(direct.estimate!, 12);
      expect(p.ci95![0]).toBeCloseTo(direct.ci95![0], 12);
      expect(p.ci95![1]).toBeCloseTo(direct.ci95![1], 12);
    }
    expect(pts[pts.length - 1].estimate).toBe(doc.system.availability.estimate);
    expect(BATCH_SIZE).toBe(50);
  });
});

describe('comparison report', () => {
  const cmp = sweepComparison(60);
  it('draws availability per variant, sensitivity curves for the sweep and one paired-difference chart per metric', () => {
    const charts = comparisonCharts(cmp);
    // one paired-difference chart per compared metric, in the order of the differences
    const metrics = [...new Set(cmp.differences.map((d) => d.metric))];
    expect(metrics).toContain('availability');
    expect(metrics).toContain('mean_outage_duration');
    expect(charts.map((c) => c.id)).toEqual([
      'availability',
      'sensitivity-availability',
      'sensitivity-downtime',
      'sensitivity-mdt',
      ...metrics.map((m) => `difference-${m}`),
    ]);
    const avail = charts[0].spec as { data: { values: { name: string }[] } };
    expect(avail.data.values.map((v) => v.name)).toEqual(['mttr-5h', 'mttr-10h', 'mttr-20h']);
    const html = renderComparisonHtml(cmp);
    for (const c of charts) expect(html).toContain(`id="chart-${c.id}"`);
    expect(html).toContain('(baseline)');
    // a comparison with a sweep can also hold variants that are not sweep points: they get no point on the curves
    const mixed = structuredClone(cmp);
    mixed.variants[1].sweepValue = null;
    for (const c of comparisonCharts(mixed).filter((x) => x.kind === 'sensitivity')) {
      expect((c.spec as { data: { values: { name: string }[] } }).data.values.map((v) => v.name)).toEqual(['mttr-5h', 'mttr-20h']);
    }
  });

  it('lists every paired difference with its verdict (longer repairs are worse for availability)', () => {
    const md = renderComparisonMarkdown(cmp);
    const re = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const variant of ['mttr-5h', 'mttr-20h']) {
      // the variant's section: its heading up to the next heading
      const section = md.split(`\n### ${variant}\n`)[1]?.split(/\n#{2,3} /)[0] ?? '';
      const rows = cmp.differences.filter((d) => d.variant === variant);
      expect(rows.map((d) => d.metric)).toEqual(expect.arrayContaining(['availability', 'mean_outage_duration']));
      expect(section.match(/^\| (?!metric |---).*\|$/gm)?.length).toBe(rows.length);
      for (const d of rows) {
        expect(section).toMatch(new RegExp(`^\\| ${re(metricLabel(d.metric))} \\(${d.better} is better\\) \\|.*\\| ${d.verdict} \\| [^|]+ \\|$`, 'm'));
      }
    }
    const worse = cmp.differences.find((d) => d.variant === 'mttr-20h' && d.metric === 'availability')!;
    expect(worse.difference.estimate!).toBeLessThan(0);
    expect(worse.verdict).toBe('worse');
    expect(md).toMatch(/### mttr-20h\n[^#]*\n\| availability \(higher is better\) \|[^\n]*\| worse \|/);
  });
});

describe('wrapping tables', () => {
  it('path-like cells may break only at their separators; every table sits in a scrolling wrapper', () => {
    expect(escapePathHtml('components.web.repair = 5h; scenarios/a-b.yaml')).toBe(
      'components.<wbr>web.<wbr>repair = 5h; scenarios/<wbr>a-<wbr>b.<wbr>yaml', // a space is a break already
    );
    const html = renderComparisonHtml(sweepComparison(40));
    expect(html).toContain('<code>' + escapePathHtml(PARALLEL) + '</code>');
    expect(html.match(/<table/g)!.length).toBe(html.match(/<div class="table-wrap"><table/g)!.length);
    expect(html).not.toContain('word-break: break-all');
  });
});

describe('sensitivity chart', () => {
  const e = (x: number) => meanEstimate([x, x + 0.001, x - 0.001]);
  const spec = (values: unknown[]) =>
    sensitivityChart('mttr', { label: 'availability', probability: true }, values.map((value, i) => ({ name: `v${i}`, value, estimate: e(0.9), analytic: null })), null) as unknown as {
      data: { values: { x: unknown; label: string; order: number }[] };
    };

  it('keeps other text values in the order written', () => {
    const v = spec(['b', 'a', 'c']).data.values;
    expect([...v].sort((a, b) => a.order - b.order).map((p) => p.x)).toEqual(['b', 'a', 'c']);
  });
});
