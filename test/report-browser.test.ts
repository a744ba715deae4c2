/**
 * Opens generated HTML reports in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core)
 * and checks that every chart renders to SVG, that nothing is logged as an error, that no request leaves
 * the page (offline, self-contained) and that hostile scenario strings never run a script.
 *
 * Without Chromium the tests are SKIPPED with a warning, unless FAULTLINE_REQUIRE_BROWSER=1 (set by .ci/run,
 * which installs chromium), in which case they FAIL.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { singleRunCharts } from '../src/report/charts/index.js';
import { renderComparisonHtml } from '../src/report/comparison-html.js';
import { renderHtml } from '../src/report/html.js';
import { renderSvg } from '../src/report/render-chart.js';
import { faultline } from './helpers/cli.js';
import { hostileResults, PARALLEL, PAYLOAD, runResults, sweepComparison } from './helpers/report-fixtures.js';

const CHROMIUM = process.env.FAULTLINE_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const required = process.env.FAULTLINE_REQUIRE_BROWSER === '1';

if (!available) {
  const line = '!'.repeat(100);
  console.warn(
    `\n${line}\n!! report-browser.test.ts: ${CHROMIUM} not found: browser tests SKIPPED${required ? ' -- but FAULTLINE_REQUIRE_BROWSER=1: FAILING' : ''}.\n` +
      `!! Install Debian's chromium (apt-get install -y --no-install-recommends chromium) to run them.\n${line}\n`,
  );
}

describe.runIf(!available && required)('browser (required)', () => {
  it('needs Chromium because FAULTLINE_REQUIRE_BROWSER=1', () => {
    throw new Error(`FAULTLINE_REQUIRE_BROWSER=1 but ${CHROMIUM} does not exist: install chromium (apt-get install -y --no-install-recommends chromium)`);
  });
});

describe.runIf(available)('HTML reports in headless Chromium', () => {
  let tmp = '';
  let browser: Browser;
  const pages: Record<string, string> = {};

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'faultline-browser-'));
    // 1. a real run and 2. the injection scenario, both written by the CLI; 3. hostile results; 4. a sweep comparison
    for (const [name, file] of [['run', 'scenarios/validation/parallel-1-crew.yaml'], ['injection', 'test/fixtures/report/injection.yaml']]) {
      const out = join(tmp, name);
      const r = faultline(['run', file, '--replications', '60', '--out', out, '--no-progress']);
      expect(r.code, r.stderr).toBe(0);
      pages[name] = join(out, 'report.html');
    }
    const { doc } = runResults(PARALLEL, 60);
    pages.hostile = join(tmp, 'hostile.html');
    writeFileSync(pages.hostile, renderHtml(hostileResults(doc)));
    pages.comparison = join(tmp, 'comparison.html');
    writeFileSync(pages.comparison, renderComparisonHtml(sweepComparison(40, ['mttr-5h', `mttr-10h ${PAYLOAD}`, 'mttr-20h'])));
    pages.svg = join(tmp, 'availability.svg');
    writeFileSync(pages.svg, await renderSvg(singleRunCharts(doc)[0].spec));

    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** Opens a report; returns what happened: console errors, page errors, requests, dialogs and the charts' state. */
  async function open(file: string) {
    const page = await browser.newPage();
    const errors: string[] = [], requests: string[] = [], dialogs: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const url = pathToFileURL(file).href;
    await page.goto(url);
    await page.waitForSelector('body[data-charts="done"]', { timeout: 60_000 });
    const charts = await page.$$eval('.chart-view', (els) =>
      els.map((el) => ({
        id: el.id,
        rendered: el.getAttribute('data-rendered'),
        svg: el.querySelectorAll(':scope > svg').length,
        marks: el.querySelectorAll('svg .role-mark > *').length,
      })),
    );
    const h1 = await page.$eval('h1', (el) => el.textContent);
    await page.close();
    return { url, errors, requests, dialogs, charts, h1 };
  }

  it('a run report: every chart container holds a rendered SVG with marks; no errors; no request but the file', async () => {
    const r = await open(pages.run);
    expect(r.errors).toEqual([]);
    expect(r.requests).toEqual([r.url]);
    expect(r.charts.map((c) => c.id)).toEqual(['chart-availability', 'chart-convergence', 'chart-ecdf-system.downtime', 'chart-ecdf-system.outage_duration', 'chart-timeline']);
    for (const c of r.charts) {
      expect(c.rendered, c.id).toBe('true');
      expect(c.svg, c.id).toBe(1);
      expect(c.marks, c.id).toBeGreaterThan(0);
    }
  }, 120_000);

  for (const name of ['injection', 'hostile', 'comparison'] as const) {
    it(`${name}: hostile strings show as text, run no script (no dialog), and every chart renders`, async () => {
      const r = await open(pages[name]);
      expect(r.dialogs).toEqual([]);
      expect(r.errors).toEqual([]);
      expect(r.requests).toEqual([r.url]);
      expect(r.charts.length).toBeGreaterThan(0);
      for (const c of r.charts) expect([c.id, c.rendered, c.svg > 0, c.marks > 0]).toEqual([c.id, 'true', true, true]);
      if (name === 'hostile') expect(r.h1).toBe(`faultline: name ${PAYLOAD}`);
      if (name === 'injection') expect(r.h1).toContain('</script><script>alert(1)</script>');
    }, 120_000);
  }

  it('at 800 px wide nothing overflows: tables wrap (paths at their separators), the page does not scroll sideways', async () => {
    for (const name of ['run', 'comparison'] as const) {
      const page = await browser.newPage({ viewport: { width: 800, height: 1000 } });
      await page.goto(pathToFileURL(pages[name]).href);
      await page.waitForSelector('body[data-charts="done"]', { timeout: 60_000 });
      const m = {
        page: await page.$eval('html', (root) => root.scrollWidth),
        tables: await page.$$eval('.table-wrap', (els) => els.map((el) => el.scrollWidth - el.clientWidth)),
      };
      await page.close();
      expect(m.page, name).toBeLessThanOrEqual(800);
      expect(m.tables.filter((d) => d > 1), name).toEqual([]);
    }
  }, 120_000);

  it('a chart written as SVG is a valid SVG document for the browser', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(pages.svg).href);
    const root = await page.$eval(':root', (el) => ({ tag: el.tagName, errors: el.ownerDocument.getElementsByTagName('parsererror').length }));
    expect(root).toEqual({ tag: 'svg', errors: 0 });
    expect(readFileSync(pages.svg, 'utf8')).toMatch(/^<svg/);
    await page.close();
  }, 60_000);
});
