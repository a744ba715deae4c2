import { createHash } from 'node:crypto';
import type { ReportChart } from './charts/common.js';
import { escapeHtml, jsonForScript } from './html-escape.js';
import { compileChart } from './compile-chart.js';
import { vegaRuntimePacked } from './vega-runtime.js';

/** A table cell: plain text (escaped) or `{ html }` (already safe markup), with an optional CSS class. */
export type Cell = string | { html: string; cls?: string };

/** An HTML table from a header row and body rows; plain-text cells are escaped. */
export function table(headers: readonly string[], rows: readonly (readonly Cell[])[], cls = ''): string {
  const cell = (tag: 'td' | 'th', c: Cell) =>
    typeof c === 'string' ? `<${tag}>${escapeHtml(c)}</${tag}>` : `<${tag}${c.cls ? ` class="${escapeHtml(c.cls)}"` : ''}>${c.html}</${tag}>`;
  return [
    `<div class="table-wrap"><table${cls ? ` class="${escapeHtml(cls)}"` : ''}>`,
    `<thead><tr>${headers.map((h) => cell('th', h)).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map((r) => `<tr>${r.map((c) => cell('td', c)).join('')}</tr>`),
    '</tbody></table></div>',
  ].join('\n');
}

/** Markup of a status badge (`pass`, `fail`, `agrees`, `differs`, `better`, ...). */
export function badgeHtml(status: string): string {
  return `<span class="badge ${escapeHtml(status.replace(/[^a-z-]/gi, ''))}">${escapeHtml(status)}</span>`;
}

/** A status badge cell. */
export function badge(status: string): Cell {
  return { html: badgeHtml(status) };
}

/** The container a chart is drawn into (by the page's script), with its caption. */
export function chartFigure(chart: Pick<ReportChart, 'id' | 'kind' | 'title'>, caption = ''): string {
  return (
    `<figure class="chart"><div class="chart-view" id="chart-${escapeHtml(chart.id)}" data-chart-kind="${escapeHtml(chart.kind)}" ` +
    `role="img" aria-label="${escapeHtml(chart.title)}"></div>` +
    (caption ? `<figcaption>${caption}</figcaption>` : '') +
    '</figure>'
  );
}

const STYLE = `
:root { color-scheme: light; }
body { box-sizing: border-box; font-family: "DejaVu Sans", -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0 auto; max-width: 1000px; padding: 1.5rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; } h3 { font-size: 1.05rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #ddd; padding: .3rem .55rem; text-align: left; vertical-align: top; }
th { background: #f5f5f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code { background: #f3f3f3; padding: .05rem .3rem; border-radius: 3px; overflow-wrap: anywhere; }
.table-wrap { max-width: 100%; overflow-x: auto; }
td, th { overflow-wrap: break-word; }
@supports (overflow-wrap: anywhere) { td, th { overflow-wrap: anywhere; } }
.meta { color: #555; font-size: .9rem; } .meta li { margin: .1rem 0; }
.badge { display: inline-block; padding: .05rem .45rem; border-radius: 3px; font-weight: bold; font-size: .8rem; text-transform: uppercase; background: #eee; }
.badge.pass, .badge.agrees, .badge.better { background: #dff0d8; color: #2d6a1e; }
.badge.fail, .badge.differs, .badge.worse { background: #f8d7da; color: #8a1c25; }
.badge.not-evaluated, .badge.not-comparable, .badge.no-significant-difference { background: #eee; color: #555; }
figure.chart { margin: 1rem 0 1.5rem; } figcaption { color: #555; font-size: .85rem; }
.chart-view { min-height: 60px; overflow-x: auto; }
.note { color: #555; font-size: .9rem; }
.summary { font-size: 1.05rem; padding: .6rem .9rem; background: #f7f9fc; border-left: 4px solid #1f77b4; }
`;

/**
 * The script that draws every chart: inflates the Vega runtime from its gzip + base64 block (see
 * `vegaRuntimePacked`) with the browser's DecompressionStream and evaluates it at global scope (allowed by the
 * CSP's 'unsafe-eval', which Vega's expression compiler needs anyway), then reads the compiled Vega specs from
 * the JSON data block and renders each with a Vega View (SVG renderer) into its container. Marks each
 * container `data-rendered="true"` (or `"error"`), and the body `data-charts="done"` when all are finished.
 */
const EMBED = `(function () {
  var specs = JSON.parse(document.getElementById('faultline-charts').textContent);
  function fail(e) {
    specs.forEach(function (c) {
      var el = document.getElementById('chart-' + c.id);
      el.setAttribute('data-rendered', 'error'); el.textContent = 'chart failed: ' + e;
    });
    console.error(e);
    document.body.setAttribute('data-charts', 'done');
  }
  var loaded;
  try {
    var b64 = document.getElementById('faultline-vega').textContent, bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    loaded = new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text().then(function (src) { (0, eval)(src); });
  } catch (e) {
    fail(e);
    return;
  }
  loaded.then(draw, fail);
  function draw() {
  Promise.all(specs.map(function (c) {
    var el = document.getElementById('chart-' + c.id);
    try {
      var view = new vega.View(vega.parse(c.spec), { renderer: 'svg', container: el, hover: true });
      return view.runAsync().then(function () { el.setAttribute('data-rendered', 'true'); }, function (e) {
        el.setAttribute('data-rendered', 'error'); el.textContent = 'chart failed: ' + e; console.error(e);
      });
    } catch (e) {
      el.setAttribute('data-rendered', 'error'); el.textContent = 'chart failed: ' + e; console.error(e);
      return null;
    }
  })).then(function () { document.body.setAttribute('data-charts', 'done'); });
  }
})();`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * A complete, self-contained HTML page: inline CSS, the Vega runtime (gzip + base64, inflated by the page), the compiled chart specs (as a JSON
 * data block escaped with `jsonForScript`) and a small script that draws them. Works offline from a
 * file:// URL: nothing is fetched. The Content-Security-Policy allows only the page's own script (by
 * SHA-256 hash; the runtime block is data, evaluated by it), inline styles and data: images, and no network at all, so even markup that slipped past
 * escaping could not run a script or load anything.
 * @param title plain text (escaped here).
 * @param body already-escaped HTML of the page body.
 */
export function renderPage(title: string, body: string, charts: readonly ReportChart[]): string {
  const specs = jsonForScript(charts.map((c) => ({ id: c.id, spec: compileChart(c.spec) })));
  const runtime = charts.length ? vegaRuntimePacked() : '';
  const csp = [
    "default-src 'none'",
    `script-src ${charts.length ? `${sha256(EMBED)} 'unsafe-eval'` : "'none'"}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="faultline">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<noscript><p class="note">The charts need JavaScript; the tables below do not.</p></noscript>',
    body,
    `<script type="application/json" id="faultline-charts">${specs}</script>`,
    charts.length ? `<script type="application/octet-stream" id="faultline-vega" data-encoding="gzip+base64">${runtime}</script>\n<script>${EMBED}</script>` : '',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
