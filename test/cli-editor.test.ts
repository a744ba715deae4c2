/**
 * Editor support and scaffolding (issue 16): `faultline schema` is a JSON Schema (draft 2020-12, checked by
 * ajv) that accepts every bundled scenario and rejects what validate rejects at the schema level (unknown
 * keys, bare-number durations); `faultline init` writes starter scenarios that validate and never
 * overwrites; colour honours NO_COLOR, FORCE_COLOR and non-terminal output.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { colourStatuses, colourWanted } from '../src/cli/colour.js';
import { INIT_TEMPLATES } from '../src/cli/init-templates.js';
import { faultline } from './helpers/cli.js';
import { shareRepeatedSubschemas } from '../src/scenario-document/json-schema-defs.js';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-editor-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const schemaRun = faultline(['schema']);
const schema = JSON.parse(schemaRun.stdout);
const ajv = new Ajv2020({ allErrors: true, strict: false });
const check = ajv.compile(schema);

const bundled = [
  ...readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).map((f) => join('scenarios', f)),
  ...readdirSync('scenarios/validation').filter((f) => f.endsWith('.yaml')).map((f) => join('scenarios/validation', f)),
];

describe('faultline schema', () => {
  it('prints a draft 2020-12 JSON Schema that ajv compiles', () => {
    expect(schemaRun.code).toBe(0);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'horizon', 'components']));
    expect(schema.additionalProperties).toBe(false);
  });

  it('shares its repeated fragments through $defs (1.1 MB inline before; editors load it quickly)', () => {
    expect(Object.keys(schema.$defs).length).toBeGreaterThan(10);
    expect(schemaRun.stdout.length).toBeLessThan(200_000);
  });

  it('sharing subschemas keeps validation: the same verdicts with and without $defs (ajv)', () => {
    const law = { type: 'object', properties: { mean: { type: 'string', pattern: '^[0-9.]+(ms|s|m|h|d|w|y)$' }, p95: { type: 'string', pattern: '^[0-9.]+(ms|s|m|h|d|w|y)$' } }, additionalProperties: false };
    const inline = { type: 'object', properties: { failure: law, repair: law, list: { type: 'array', items: law } }, additionalProperties: false };
    const shared = shareRepeatedSubschemas(inline, 20);
    expect(JSON.stringify(shared)).toContain('"$ref":"#/$defs/s1"');
    const a = ajv.compile(inline);
    const b = new Ajv2020({ strict: false }).compile(shared);
    for (const doc of [{ failure: { mean: '1h' } }, { repair: { mean: '1x' } }, { list: [{ p95: '2m' }, { other: 1 }] }, { failure: { mean: '3d' }, list: [] }, { extra: 1 }]) {
      expect(b(doc), JSON.stringify(doc)).toBe(a(doc));
    }
  });

  it.each(bundled)('accepts %s', (file) => {
    const ok = check(parse(readFileSync(file, 'utf8')));
    expect(check.errors ?? [], file).toEqual([]);
    expect(ok).toBe(true);
  });

  it('accepts the complete scenarios shown in README.md and docs/, which also load', async () => {
    const { parseScenario } = await import('../src/scenario-document/index.js');
    const docs = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
    const blocks = docs.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => ({ f, y: m[1] })));
    const full = blocks.filter((b) => /^name:/m.test(b.y) && /^horizon:/m.test(b.y));
    expect(full.length).toBeGreaterThan(0);
    for (const b of full) {
      expect(check(parse(b.y)), b.f).toBe(true);
      expect(() => parseScenario(b.y, b.f)).not.toThrow();
    }
  });

  it('rejects an unknown key, a bare-number duration and an unknown distribution kind', () => {
    const base = { name: 'x', horizon: '1y', components: { a: { failure: { exponential: { mtbf: '100h' } }, repair: 'none' } } };
    expect(check(base)).toBe(true);
    expect(check({ ...base, replicatons: 5 })).toBe(false);
    expect(check({ ...base, horizon: 8760 })).toBe(false);
    expect(check({ ...base, warmup: 0 })).toBe(true);
    expect(check({ ...base, components: { a: { failure: { gamma: { k: 2 } }, repair: 'none' } } })).toBe(false);
  });
});

describe('faultline init', () => {
  it.each(Object.keys(INIT_TEMPLATES))('template %s validates (CLI and schema) and is commented', (name) => {
    const file = join(tmp, `${name}.yaml`);
    const r = faultline(['init', name, '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n').filter((l) => l.trimStart().startsWith('#')).length).toBeGreaterThan(3);
    expect(faultline(['validate', file]).code).toBe(0);
    expect(check(parse(text))).toBe(true);
  });

  it('the command line lists exactly the templates there are, the first being the default', async () => {
    const { INIT_TEMPLATE_NAMES } = await import('../src/cli/formats.js');
    const { DEFAULT_TEMPLATE } = await import('../src/cli/init-templates.js');
    expect([...INIT_TEMPLATE_NAMES]).toEqual(Object.keys(INIT_TEMPLATES));
    expect(INIT_TEMPLATE_NAMES[0]).toBe(DEFAULT_TEMPLATE);
  });

  it('writes scenario.yaml by default, and never overwrites a file (exit 2)', () => {
    const r = faultline(['init'], tmp);
    expect(r.code).toBe(0);
    expect(existsSync(join(tmp, 'scenario.yaml'))).toBe(true);
    writeFileSync(join(tmp, 'scenario.yaml'), 'mine');
    const again = faultline(['init', 'data'], tmp);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect(readFileSync(join(tmp, 'scenario.yaml'), 'utf8')).toBe('mine');
    expect(faultline(['init', 'nope', '--out', join(tmp, 'n.yaml')]).code).toBe(2);
  });
});

describe('colour and --quiet', () => {
  it('colour only on a terminal, never with NO_COLOR; FORCE_COLOR forces it (0: off)', () => {
    expect(colourWanted({ isTTY: true }, {})).toBe(true);
    expect(colourWanted({ isTTY: false }, {})).toBe(false);
    expect(colourWanted({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colourWanted({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(colourWanted({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(colourWanted({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(false);
    expect(colourStatuses('availability  PASS\nrto  FAIL (not conclusive)', false)).toBe('availability  PASS\nrto  FAIL (not conclusive)');
    const on = colourStatuses('availability  PASS', true);
    expect(on).toBe('availability  \u001b[32mPASS\u001b[39m');
    expect(on.replace(/\u001b\[\d+m/g, '')).toBe('availability  PASS'); // no columns added
  });

  it('piped output has no escape codes; --quiet prints nothing on success', () => {
    const r = faultline(['run', 'scenarios/validation/parallel-1-crew.yaml', '-r', '20', '--out', join(tmp, 'q1')]);
    expect(r.stdout).not.toContain('\u001b[');
    const forced = faultline(['run', 'test/fixtures/cli/slo-violated.yaml', '-r', '20', '--out', join(tmp, 'q2')], undefined, { FORCE_COLOR: '1' });
    expect(forced.stdout).toContain('\u001b[31mFAIL\u001b[39m');
    const q = faultline(['--quiet', 'run', 'scenarios/validation/parallel-1-crew.yaml', '-r', '20', '--out', join(tmp, 'q3')]);
    expect(q.code).toBe(0);
    expect(q.stdout).toBe('');
    expect(q.stderr).toBe('');
    expect(existsSync(join(tmp, 'q3', 'results.json'))).toBe(true);
  });

  it('plan, rare and report honour --quiet (files still written, --json still printed); rare colours only when wanted', () => {
    const plan = join(tmp, 'plan.yaml');
    writeFileSync(plan, `name: quiet plan
horizon: 1y
replications: 50
components:
  web: { count: 2, failure: { exponential: { mtbf: 1000h } }, repair: { exponential: { mttr: 10h } } }
system: { parallel: [web] }
slo: { availability: 95% }
planning:
  cost: { instance_per_month: { web: 10 } }
  search: [{ path: components.web.count, values: [1, 2, 3] }]
  confirm: 1
`);
    const p = faultline(['--quiet', 'plan', plan, '--out', join(tmp, 'plan')]);
    expect(p).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(existsSync(join(tmp, 'plan', 'plan.json'))).toBe(true);
    const r = faultline(['-q', 'rare', 'scenarios/rare-five-nines.yaml', '--relative-precision', '0.3', '--out', join(tmp, 'rare')]);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(existsSync(join(tmp, 'rare', 'rare.json'))).toBe(true);
    const json = faultline(['-q', 'rare', 'scenarios/rare-five-nines.yaml', '--relative-precision', '0.3', '--json']);
    expect(JSON.parse(json.stdout).estimate.unavailability.estimate).toBeGreaterThan(0);
    for (const doc of [join(tmp, 'rare', 'rare.json'), join(tmp, 'plan', 'plan.json'), join(tmp, 'q3', 'results.json')]) {
      const again = faultline(['--quiet', 'report', doc, '--out', join(tmp, 'again')]);
      expect(again).toMatchObject({ code: 0, stdout: '', stderr: '' });
    }
    // The rare summary's verdict ("IS agrees: ..." or "IS differs: ...") is coloured on demand, never with NO_COLOR or in a pipe.
    const args = ['rare', 'scenarios/rare-five-nines.yaml', '--relative-precision', '0.3'];
    expect(faultline(args, undefined, { FORCE_COLOR: '1' }).stdout).toMatch(/IS \u001b\[3[12]m(agrees|differs)\u001b\[39m:/);
    expect(faultline(args, undefined, { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toContain('\u001b[');
    expect(faultline(args).stdout).not.toContain('\u001b[');
  });
});
