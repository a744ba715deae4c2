import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { faultline } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const scenario = 'scenarios/validation/parallel-1-crew.yaml';

describe('faultline run', () => {
  it('writes results.json and report.md, prints the table, the seed and a replay command', () => {
    const out = join(tmp, 'a');
    const r = faultline(['run', scenario, '--replications', '60', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/availability\s+98\.\d+% \[/);
    expect(r.stdout).toContain('seed 20261202; replay: npx faultline run "scenarios/validation/parallel-1-crew.yaml" --seed 20261202 --replications 60');
    const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(doc.schema).toBe('faultline.results/v1');
    expect(doc.run.replications).toBe(60);
    expect(doc.comparison.find((c: { metric: string }) => c.metric === 'availability')).toBeDefined();
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('# faultline: Validation: 2-unit parallel, one shared repair crew');
    expect(md).toContain('| availability |');
    expect(readdirSync(out).sort()).toEqual(['report.html', 'report.md', 'results.json']); // no temporary files left
  });

  it('is deterministic: same scenario and seed give byte-identical results.json; --json prints the same bytes', () => {
    const a = join(tmp, 'det1'), b = join(tmp, 'det2');
    faultline(['run', scenario, '--replications', '80', '--seed', '7', '--out', a]);
    const r = faultline(['run', scenario, '--replications', '80', '--seed', '7', '--out', b, '--json']);
    const fa = readFileSync(join(a, 'results.json'), 'utf8');
    expect(readFileSync(join(b, 'results.json'), 'utf8')).toBe(fa);
    expect(r.stdout).toBe(fa);
  });

  it('gives different results for a different seed', () => {
    const a = faultline(['run', scenario, '--replications', '30', '--seed', '1', '--out', join(tmp, 's1'), '--json']);
    const b = faultline(['run', scenario, '--replications', '30', '--seed', '2', '--out', join(tmp, 's2'), '--json']);
    expect(JSON.parse(a.stdout).system.availability.estimate).not.toBe(JSON.parse(b.stdout).system.availability.estimate);
  });

  it('exits 3 when an SLO of the scenario is violated, after writing the reports', () => {
    const out = join(tmp, 'slo');
    const r = faultline(['run', 'test/fixtures/cli/slo-violated.yaml', '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/availability\s+99\.9990%\s+\S+\s+FAIL/);
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).slo[0].status).toBe('fail');
  });

  it('stops early at a batch boundary once the requested CI half-width is reached', () => {
    const r = faultline(['run', scenario, '--replications', '5000', '--target-half-width', '0.002', '--out', join(tmp, 'prec'), '--json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.run.stoppedBy).toBe('precision');
    expect(doc.run.replications % 50).toBe(0);
    expect(doc.run.replications).toBeLessThan(5000);
    expect(doc.system.availability.halfWidth).toBeLessThanOrEqual(0.002);
  });
});

describe('bad input', () => {
  it('exits 2 with file:line:col, the scenario path and what was expected, and no stack trace', () => {
    const r = faultline(['run', 'test/fixtures/bad/unknown-crew.yaml', '--out', join(tmp, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^test\/fixtures\/bad\/unknown-crew\.yaml:\d+:\d+: at components\.\S+\.crew: /);
    expect(r.stderr).toContain('expected');
    expect(r.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
    expect(r.stdout).toBe('');
  });

  it('prints the stack trace only with --debug', () => {
    const r = faultline(['--debug', 'run', 'test/fixtures/bad/unknown-crew.yaml', '--out', join(tmp, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at .*\.js:\d+/);
  });

  it('loses nothing: a failed run leaves earlier reports in the output directory untouched', () => {
    const out = join(tmp, 'keep');
    faultline(['run', scenario, '--replications', '20', '--out', out]);
    const before = readFileSync(join(out, 'results.json'), 'utf8');
    const bad = join(tmp, 'broken.yaml');
    writeFileSync(bad, 'name: x\nhorizon: 1y\ncomponents: { a: { failure: { exponential: { mtbf: -5h } }, repair: none } }\n');
    const r = faultline(['run', bad, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:3:`);
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(before);
  });

  it('exits 2 for a missing file', () => {
    const r = faultline(['validate', 'no/such/file.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no/such/file.yaml');
  });

  it.each([
    [['run'], /missing required argument/],
    [['run', scenario, '--seed', 'abc'], /expected an integer >= 0/],
    [['run', scenario, '--replications', '0'], /expected an integer >= 1/],
    [['frobnicate'], /unknown command/],
  ])('exits 2 on usage error %j', (args, message) => {
    const r = faultline(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('faultline validate and analyze', () => {
  it('validate describes the scenario', () => {
    const r = faultline(['validate', 'scenarios/ecommerce.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('E-commerce checkout: valid');
    expect(r.stdout).toMatch(/system: series\(/);
  });

  it('analyze prints the exact closed form for a validation case', () => {
    const r = faultline(['analyze', scenario]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('98.360656%');
  });
});
