/**
 * Variants and sweeps: overrides on the YAML document, located errors, `faultline compare` outputs, exit
 * codes and determinism.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOverridePath } from '../src/compare/overrides.js';
import { planComparison } from '../src/compare/variants.js';
import { ScenarioError } from '../src/scenario/errors.js';
import { faultline } from './helpers/cli.js';

const fixture = (name: string) => `test/fixtures/compare/${name}`;
const tmp = () => mkdtempSync(join(tmpdir(), 'faultline-compare-'));
const H = 3600;

function errorsOf(fn: () => unknown): ScenarioError[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScenarioError) return e.list();
    throw e;
  }
  throw new Error('expected a ScenarioError');
}

describe('override paths', () => {
  it('parses dotted keys, indices and quoted keys', () => {
    expect(parseOverridePath('components.web.repair.lognormal.median')).toEqual(['components', 'web', 'repair', 'lognormal', 'median']);
    expect(parseOverridePath('system.series[2].standby.switchover')).toEqual(['system', 'series', 2, 'standby', 'switchover']);
    expect(parseOverridePath('crews["on-call.eu"]')).toEqual(['crews', 'on-call.eu']);
    for (const bad of ['', 'a..b', '.a', 'a.', '[0]', 'a[x]', 'a b']) expect(parseOverridePath(bad)).toBeNull();
  });
});

describe('variants and sweep', () => {
  it('builds the baseline, each variant and each sweep value in order, overriding before normalisation', () => {
    const plan = planComparison([fixture('crew.yaml')]);
    expect(plan.variants.map((v) => v.name)).toEqual(['baseline', 'two-repairmen', 'same', 'mttr=20h', 'mttr=5h', 'mttr=10h', 'mttr=1h']);
    const [base, two] = plan.variants;
    expect(base.overrides).toBeNull();
    expect(base.scenario.crews).toEqual([{ name: 'repair', count: 1 }]);
    expect(two.scenario.crews).toEqual([{ name: 'repair', count: 2 }]);
    expect(two.overrides).toEqual({ 'crews.repair': 2 });
    expect(two.description).toBe('a second repairman');
    expect(plan.sweep).toEqual({ parameter: 'components.unit.repair.exponential.mttr', parameters: ['components.unit.repair.exponential.mttr'], values: ['20h', '5h', '10h', '1h'] });
    const means = plan.variants.slice(3).map((v) => v.scenario.components[0].repair);
    expect(means).toEqual([20, 5, 10, 1].map((h) => ({ kind: 'exponential', mean: h * H })));
    expect(plan.variants.slice(3).map((v) => v.sweepValue)).toEqual(['20h', '5h', '10h', '1h']);
    // Everything not overridden is the scenario as written, and the seed is never changed.
    for (const v of plan.variants) {
      expect(v.scenario.seed).toBe(3);
      expect(v.scenario.horizon).toBe(base.scenario.horizon);
    }
  });

  it('reports unknown paths and bad values at the set entry, naming the variant', () => {
    const errs = errorsOf(() => planComparison([fixture('bad-variants.yaml')]));
    expect(errs.map((e) => [e.file, e.line, e.column, e.path])).toEqual([
      [fixture('bad-variants.yaml'), 8, 12, 'components.webb.count'],
      [fixture('bad-variants.yaml'), 10, 34, 'components.web.count'],
    ]);
    expect(errs[0].problem).toMatch(/variant "typo": unknown path: no component "webb" \(did you mean "web"\?\)/);
    expect(errs[1].problem).toMatch(/variant "zero": 0 is less than 1/);
    expect(errs[1].expected).toBe('an integer from 1 to 100,000 (every instance is simulated and held in memory; docs/limits.md)');
  });

  it('reports a bad sweep value at the value', () => {
    const errs = errorsOf(() => planComparison([fixture('bad-sweep.yaml')]));
    expect(errs).toHaveLength(1);
    expect([errs[0].line, errs[0].column, errs[0].path]).toEqual([8, 16, 'components.web.repair.exponential.mttr']);
    expect(errs[0].problem).toMatch(/sweep value 1 .*"soon"/);
  });

  it('refuses overriding seed and replications, and adding names to components/crews', () => {
    const dir = tmp();
    const file = join(dir, 's.yaml');
    writeFileSync(
      file,
      [
        'name: s',
        'horizon: 30d',
        'components: { web: { failure: { exponential: { mtbf: 100h } }, repair: { exponential: { mttr: 1h } } } }',
        'crews: { ops: 1 }',
        'variants:',
        '  - { name: a, set: { seed: 4 } }',
        '  - { name: b, set: { replications: 9 } }',
        '  - { name: c, set: { crews.opz: 2 } }',
        '  - { name: d, set: { components.web.repair.lognormal.median: 5m } }',
        '  - { name: baseline, set: { horizon: 60d } }',
        '',
      ].join('\n'),
    );
    const errs = errorsOf(() => planComparison([file]));
    expect(errs.map((e) => [e.line, e.path])).toEqual([
      [6, 'seed'],
      [7, 'replications'],
      [8, 'crews.opz'],
      [9, 'components.web.repair.lognormal.median'],
      [10, 'variants[4].name'],
    ]);
    expect(errs[2].problem).toMatch(/no crew "opz" \(did you mean "ops"\?\)/);
    expect(errs[3].problem).toMatch(/no key "lognormal" under components\.web\.repair/);
  });
});

describe('overrides and YAML anchors', () => {
  it('reports an override that removes an anchored node still aliased elsewhere, at its set entry', () => {
    const file = join(tmp(), 'alias.yaml');
    writeFileSync(
      file,
      [
        'name: alias',
        'horizon: 30d',
        'components:',
        '  a: { failure: &f { exponential: { mtbf: 100h } }, repair: { exponential: { mttr: 1h } } }',
        '  b: { failure: *f, repair: { exponential: { mttr: 1h } } }',
        'variants:',
        '  - { name: x, set: { components.a.failure: { fixed: 1h } } }',
        '  - { name: y, set: { components.a.repair: *f } }',
        '',
      ].join('\n'),
    );
    const errs = errorsOf(() => planComparison([file]));
    expect(errs).toHaveLength(1);
    expect([errs[0].line, errs[0].column]).toEqual([7, 23]);
    expect(errs[0].problem).toMatch(/variant "x": cannot expand the YAML document/);
  });
});

describe('faultline compare', () => {
  it('writes comparison.json, comparison.md, comparison.html and every variant\'s results and reports, byte-identical on a second run', () => {
    const [d1, d2] = [tmp(), tmp()];
    const args = ['compare', fixture('crew.yaml'), '--replications', '40', '--no-progress'];
    const r1 = faultline([...args, '--out', d1]);
    const r2 = faultline([...args, '--out', d2, '--json']);
    expect(r1.stderr).toBe('');
    expect(r1.code).toBe(0);
    expect(r2.code).toBe(0);
    const a = readFileSync(join(d1, 'comparison.json'), 'utf8');
    expect(readFileSync(join(d2, 'comparison.json'), 'utf8')).toBe(a);
    expect(r2.stdout).toBe(a);
    const doc = JSON.parse(a);
    expect(doc.schema).toBe('faultline.comparison/v1');
    expect(doc.baseline).toBe('baseline');
    expect(doc.replications).toBe(40);
    expect(doc.seed).toBe(3);
    // The sweep ran every value, in order, each with the same replications.
    expect(doc.variants.map((v: { name: string }) => v.name)).toEqual(['baseline', 'two-repairmen', 'same', 'mttr=20h', 'mttr=5h', 'mttr=10h', 'mttr=1h']);
    expect(doc.variants.map((v: { sweepValue: unknown }) => v.sweepValue)).toEqual([null, null, null, '20h', '5h', '10h', '1h']);
    for (const v of doc.variants) {
      expect(v.results.run.replications).toBe(40);
      expect(JSON.parse(readFileSync(join(d1, v.resultsPath), 'utf8'))).toEqual(v.results);
    }
    expect(readdirSync(d1).sort()).toEqual(['comparison.html', 'comparison.json', 'comparison.md', 'variants']); // no temporary files left
    expect(readdirSync(join(d1, 'variants')).sort()).toEqual(['baseline', 'mttr_10h', 'mttr_1h', 'mttr_20h', 'mttr_5h', 'same', 'two-repairmen']);
    for (const dir of readdirSync(join(d1, 'variants'))) expect(readdirSync(join(d1, 'variants', dir)).sort()).toEqual(['report.html', 'report.md', 'results.json']);
    for (const f of ['comparison.md', 'comparison.html']) expect(readFileSync(join(d2, f), 'utf8')).toBe(readFileSync(join(d1, f), 'utf8'));
    expect(readFileSync(join(d1, 'comparison.html'), 'utf8')).toContain('id="chart-difference-availability"');
    // Longer repairs are worse, shorter ones better (differences are paired, variant - baseline).
    const verdict = (v: string) => doc.differences.find((d: { variant: string; metric: string }) => d.variant === v && d.metric === 'availability').verdict;
    expect(verdict('mttr=20h')).toBe('worse');
    expect(verdict('mttr=1h')).toBe('better');
    const md = readFileSync(join(d1, 'comparison.md'), 'utf8');
    expect(md).toContain('### two-repairmen');
    expect(md).toMatch(/## Sweep of `components\.unit\.repair\.exponential\.mttr`\n\n.*\n.*\n\| `20h` .*\n\| `5h` .*\n\| `10h` .*\n\| `1h` /);
    expect(md).toContain(doc.replay);
    expect(r1.stdout).toContain('replay: npx faultline compare');
  });

  it('faultline report re-renders the comparison.html/comparison.md and variant reports that compare wrote, byte for byte', () => {
    const [out, again] = [tmp(), tmp()];
    const c = faultline(['compare', fixture('crew.yaml'), '--replications', '20', '--no-progress', '--out', out]);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toContain(join(out, 'comparison.html'));
    const r = faultline(['report', join(out, 'comparison.json'), '--out', again]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(again).sort()).toEqual(['comparison.html', 'comparison.md']);
    for (const f of ['comparison.md', 'comparison.html']) expect(readFileSync(join(again, f), 'utf8')).toBe(readFileSync(join(out, f), 'utf8'));
    expect(readFileSync(join(again, 'comparison.md'), 'utf8')).toContain('## Differences from the baseline (paired, 95% CI)');
    // a variant's report, re-rendered from its results.json alone
    const variant = join(out, 'variants', 'two-repairmen');
    const v = faultline(['report', join(variant, 'results.json'), '--out', join(again, 'variant')]);
    expect(v.code, v.stderr).toBe(0);
    for (const f of ['report.md', 'report.html']) expect(readFileSync(join(again, 'variant', f), 'utf8')).toBe(readFileSync(join(variant, f), 'utf8'));
  });

  it('compares several files, with --baseline choosing the reference', () => {
    const out = tmp();
    const r = faultline(['compare', 'scenarios/validation/parallel-1-crew.yaml', 'scenarios/validation/parallel-2-crews.yaml', '--baseline', 'parallel-2-crews', '--replications', '30', '--no-analytic', '--out', out, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.baseline).toBe('parallel-2-crews');
    expect(doc.differences.every((d: { variant: string }) => d.variant === 'parallel-1-crew')).toBe(true);
    expect(doc.replay).toContain('--baseline "parallel-2-crews"');
    expect(doc.replay).toContain('--no-analytic');
  });

  it('exits 2 with file:line:col, path and variant for a bad override; 2 for an unknown --baseline or a file with variants among several', () => {
    const bad = faultline(['compare', fixture('bad-variants.yaml'), '--out', tmp()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${fixture('bad-variants.yaml')}:8:12: at components.webb.count: variant "typo": unknown path`);
    expect(bad.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    const unknown = faultline(['compare', fixture('crew.yaml'), '--baseline', 'nope', '--out', tmp()]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/at --baseline: no variant named "nope"; expected one of baseline, two-repairmen/);
    const single = faultline(['compare', 'scenarios/validation/parallel-1-crew.yaml', '--out', tmp()]);
    expect(single.code).toBe(2);
    expect(single.stderr).toContain('parallel-1-crew.yaml:1:1: at <document>: nothing to compare');
    const mixed = faultline(['compare', fixture('crew.yaml'), 'scenarios/validation/parallel-1-crew.yaml', '--out', tmp()]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/crew\.yaml:\d+:\d+: at variants: several files are compared/);
  });

  it('exits 3 when no variant meets all of its SLOs', () => {
    const r = faultline(['compare', fixture('no-slo-met.yaml'), '--out', tmp(), '--no-progress']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('no variant meets all of its SLOs');
  });

  it('`faultline validate` checks every variant and lists them', () => {
    const ok = faultline(['validate', fixture('crew.yaml')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('variants (faultline compare): baseline, two-repairmen, same, mttr=20h, mttr=5h, mttr=10h, mttr=1h');
    const bad = faultline(['validate', fixture('bad-sweep.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${fixture('bad-sweep.yaml')}:8:16: at components.web.repair.exponential.mttr: sweep value 1`);
  });

  it('the bundled strategy scenarios expand without errors', () => {
    expect(planComparison(['scenarios/ecommerce-strategies.yaml']).variants.map((v) => v.name)).toEqual(['baseline', 'four-web', 'two-engineers', 'automated-failover', 'hot-replica']);
    const sweep = planComparison(['scenarios/repair-time-sweep.yaml']);
    expect(sweep.variants.map((v) => v.name)).toEqual(['baseline', 'slow-rebuild-two-engineers', 'mttr=15m', 'mttr=30m', 'mttr=2h', 'mttr=4h', 'mttr=8h', 'mttr=1d']);
    // Both hosts receive each sweep value.
    for (const v of sweep.variants.slice(2)) expect(new Set(v.scenario.components.map((c) => JSON.stringify(c.repair))).size).toBe(1);
  });

  it('`faultline run` on a scenario with variants simulates the baseline and says so', () => {
    const out = tmp();
    const r = faultline(['run', fixture('crew.yaml'), '--replications', '20', '--out', out, '--no-progress']);
    expect(r.code).toBe(3); // the baseline (one repairman, A = 98.4%) violates its 99% SLO
    expect(r.stderr).toContain('defines 2 variants and a sweep of 4 values; `faultline run` simulates the scenario as written (the baseline) only');
    const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(doc.scenario.name).toBe('crew comparison');
  });
});
