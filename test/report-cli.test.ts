import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { faultline } from './helpers/cli.js';
import { sweepComparison } from './helpers/report-fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const scenario = 'scenarios/validation/parallel-1-crew.yaml';

const runDir = join(tmp, 'run');
const run = faultline(['run', scenario, '--replications', '60', '--out', runDir, '--no-progress']);

describe('faultline run writes the HTML report', () => {
  it('writes results.json, report.md and report.html (and no temporary files)', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(runDir).sort()).toEqual(['report.html', 'report.md', 'results.json']);
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Validation: 2-unit parallel, one shared repair crew');
    expect(run.stdout).toContain('report.html');
  });

  it('with --charts svg,png also writes chart images and links the PNGs from report.md', () => {
    const out = join(tmp, 'charts');
    const r = faultline(['run', scenario, '--replications', '60', '--out', out, '--no-progress', '--charts', 'svg,png']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`wrote ${join(out, 'results.json')}, ${join(out, 'report.md')}, ${join(out, 'report.html')} and 10 chart images in ${join(out, 'charts')}`);
    const files = readdirSync(join(out, 'charts')).sort();
    expect(files).toEqual(
      ['availability', 'convergence', 'ecdf-system.downtime', 'ecdf-system.outage_duration', 'timeline'].flatMap((n) => [`${n}.png`, `${n}.svg`]).sort(),
    );
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('![Availability with 95% CI vs analytic](charts/availability.png)');
    expect(readFileSync(join(out, 'charts', 'timeline.png')).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });
});

describe('faultline report', () => {
  it('re-renders byte-identical report.html and report.md from results.json alone', () => {
    const out = join(tmp, 'again');
    const r = faultline(['report', join(runDir, 'results.json'), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['report.html', 'report.md']);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe(readFileSync(join(runDir, 'report.html'), 'utf8'));
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe(readFileSync(join(runDir, 'report.md'), 'utf8'));
  });

  it('--format svg writes only the chart images; default --out is the JSON\'s directory', () => {
    const dir = join(tmp, 'fmt');
    mkdirSync(dir);
    writeFileSync(join(dir, 'results.json'), readFileSync(join(runDir, 'results.json')));
    const r = faultline(['report', join(dir, 'results.json'), '--format', 'svg']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['charts', 'results.json']);
    const svg = readFileSync(join(dir, 'charts', 'availability.svg'), 'utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.trimEnd()).toMatch(/<\/svg>$/);
  });

  it('renders a comparison JSON (schema faultline.comparison/v1) to comparison.html and comparison.md', () => {
    const file = join(tmp, 'comparison.json');
    writeFileSync(file, JSON.stringify(sweepComparison(30)));
    const r = faultline(['report', file, '--out', join(tmp, 'cmp')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(''); // no Vega-Lite warnings either
    expect(readdirSync(join(tmp, 'cmp')).sort()).toEqual(['comparison.html', 'comparison.md']);
    expect(readFileSync(join(tmp, 'cmp', 'comparison.md'), 'utf8')).toContain('## Differences from the baseline (paired, 95% CI)');
  });

  it('rejects a comparison JSON missing a field the reports show (exit 2, the path of the field)', () => {
    const doc = sweepComparison(10);
    delete (doc.differences[1] as Partial<typeof doc.differences[number]>).crn;
    const file = join(tmp, 'no-crn.json');
    writeFileSync(file, JSON.stringify(doc));
    const r = faultline(['report', file, '--out', join(tmp, 'no-crn')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no-crn.json: malformed comparison: at differences[1].crn: expected an object with varianceReduction');
    expect(r.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
  });

  const bad: [string, string | null, RegExp][] = [
    ['missing file', null, /missing\.json: cannot read: no such file/],
    ['not JSON', '{"schema": "faultline.results/v1",', /not valid JSON/],
    ['wrong schema', '{"schema": "something/v9"}', /unknown document \("something\/v9"\): expected "schema": "faultline\.results\/v1"/],
    ['no schema', '[1, 2, 3]', /not a faultline document/],
    ['malformed results', '{"schema": "faultline.results/v1", "tool": {}, "scenario": {"name": "x", "file": "x", "horizon": 1}}', /malformed results: at run: expected/],
    ['malformed comparison', '{"schema": "faultline.comparison/v1", "baseline": "a", "variants": [], "differences": []}', /at variants: expected a non-empty array/],
  ];
  for (const [what, content, message] of bad) {
    it(`bad input (${what}): clear error, exit 2, no stack trace`, () => {
      const file = join(tmp, `${what.replace(/ /g, '-')}.json`.replace('missing-file', 'missing'));
      if (content !== null) writeFileSync(file, content);
      const r = faultline(['report', file, '--out', join(tmp, 'bad')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
      expect(r.stdout).toBe('');
    });
  }

  it('rejects an unknown --format with exit 2', () => {
    const r = faultline(['report', join(runDir, 'results.json'), '--format', 'html,pdf']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown format "pdf": expected html, md, svg, png');
  });
});
