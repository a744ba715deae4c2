import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparisonCharts, singleRunCharts } from '../src/report/charts/index.js';
import { timelineIntervals } from '../src/report/charts/timeline.js';
import { renderPng, renderSvg } from '../src/report/render-chart.js';
import { summarizeDistribution } from '../src/results/distribution.js';
import { hostileResults, PARALLEL, runResults, sweepComparison } from './helpers/report-fixtures.js';

const { doc } = runResults(PARALLEL, 60);

/** Checks that markup is well-formed XML as far as tags go: every opened element is closed in order. */
function wellFormed(xml: string): boolean {
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([A-Za-z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g)) {
    const [, close, name, , self] = m;
    if (self) continue;
    if (close) {
      if (stack.pop() !== name) return false;
    } else stack.push(name);
  }
  return stack.length === 0;
}

describe('headless chart rendering', () => {
  it('renderSvg gives a well-formed SVG document with marks for every chart of a run and of a comparison', async () => {
    const charts = [...singleRunCharts(hostileResults(doc)), ...comparisonCharts(sweepComparison(20))];
    for (const c of charts) {
      const svg = await renderSvg(c.spec);
      expect(svg, c.id).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(wellFormed(svg), c.id).toBe(true);
      expect(svg, c.id).toMatch(/class="mark-(rect|line|symbol|rule|area|text)/);
      expect(svg, c.id).not.toContain('<script');
    }
  });

  it('escapes hostile text inside the SVG', async () => {
    const hostile = hostileResults(doc);
    const svg = await renderSvg(singleRunCharts(hostile).find((c) => c.kind === 'timeline')!.spec);
    expect(svg).toContain('&lt;/script&gt;');
    expect(svg).not.toContain('<b>bold</b>');
  });

  it('renderPng gives a PNG (signature, IHDR size = chart size x scale) that is not blank', async () => {
    const spec = singleRunCharts(doc)[0].spec;
    const svg = await renderSvg(spec);
    const width = Number(/^<svg[^>]*width="(\d+(?:\.\d+)?)"/.exec(svg)![1]);
    const png = await renderPng(spec, { scale: 2 });
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(Math.round(width * 2));
    expect(png.length).toBeGreaterThan(5000); // text, axes and marks; a blank white image compresses to well under 1 KB
  });
});

describe('timeline intervals', () => {
  it('every element starts up at 0; intervals tile [0, horizon] per element; repeated states are merged', () => {
    const iv = timelineIntervals(
      {
        replication: 0,
        truncated: false,
        entries: [
          { t: 10, element: 'a', up: false },
          { t: 12, element: 'a', up: false },
          { t: 20, element: 'a', up: true },
          { t: 30, element: 'system', up: false },
          { t: 30, element: 'system', up: true },
        ],
      },
      ['system', 'a', 'b'],
      100,
    );
    expect(iv.filter((i) => i.element === 'a').map((i) => [i.start, i.end, i.state])).toEqual([[0, 10, 'up'], [10, 20, 'down'], [20, 100, 'up']]);
    expect(iv.filter((i) => i.element === 'system').map((i) => [i.start, i.end, i.state])).toEqual([[0, 30, 'up'], [30, 30, 'down'], [30, 100, 'up']]);
    expect(iv.filter((i) => i.element === 'b').map((i) => [i.start, i.end, i.state])).toEqual([[0, 100, 'up']]);
  });

  it('marks the time after the last recorded change as not recorded when the recorder was truncated', () => {
    const iv = timelineIntervals({ replication: 0, truncated: true, entries: [{ t: 40, element: 'a', up: false }] }, ['a'], 100);
    expect(iv.map((i) => [i.start, i.end, i.state])).toEqual([[0, 40, 'up'], [40, 40, 'down'], [40, 100, 'not recorded']]);
  });
});

describe('summarizeDistribution', () => {
  /** Type 7 quantile (R default; Hyndman & Fan 1996) computed directly from the sorted sample. */
  function type7(sorted: number[], p: number): number {
    const h = (sorted.length - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  it('gives the 101 type-7 quantiles and the mean of any sample, without modifying it', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 300 }), (xs) => {
        const copy = [...xs];
        const s = summarizeDistribution('x', 'seconds', xs);
        expect(xs).toEqual(copy);
        const sorted = [...xs].sort((a, b) => a - b);
        expect(s.count).toBe(xs.length);
        expect(s.quantiles.length).toBe(101);
        s.quantiles.forEach((q, i) => expect(Math.abs(q - type7(sorted, i / 100))).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(q))));
        expect(s.quantiles[0] === sorted[0]).toBe(true); // === : -0 and 0 are the same minimum
        expect(s.quantiles[100] === sorted[sorted.length - 1]).toBe(true);
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
        expect(Math.abs(s.mean! - mean)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(mean)));
      }),
      { numRuns: 200, seed: 20261123 },
    );
  });

  it('is empty for no observations and rejects non-finite values', () => {
    expect(summarizeDistribution('x', 'seconds', [])).toEqual({ label: 'x', unit: 'seconds', count: 0, mean: null, quantiles: [] });
    expect(() => summarizeDistribution('x', 'seconds', [1, Infinity])).toThrow(RangeError);
  });
});
