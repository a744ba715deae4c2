/**
 * Good-input tests for the scenario loader: the examples of docs/scenario-format.md normalize to the expected
 * numbers, plus property tests of the unit parsers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SECONDS_PER_YEAR,
  Z95,
  formatDuration,
  loadScenario,
  parseDuration,
  parseProbability,
  parseRate,
  parseScenario,
  type Scenario,
  type StructureNode,
} from '../src/scenario-document/index.js';

const H = 3600;
const D = 86_400;
const leaf = (instance: string): StructureNode => ({ type: 'component', instance });

/** The components example of the doc, verbatim, plus the standby units used by the structure example. */
const DOC_COMPONENTS = `
components:
  lb:  { failure: { exponential: { mtbf: 8760h } }, repair: { lognormal: { median: 20m, p95: 2h } } }
  web: { count: 3, zones: [a, b, c], failure: { weibull: { shape: 1.2, scale: 4000h } }, repair: { fixed: 30m }, crew: ops }
  db:  { zone: a, failure: { exponential: { rate: 1/y } }, repair: none }
  db-primary: { zone: b, failure: { exponential: { mttf: 2000h } }, repair: { fixed: 1h } }
  db-replica: { zone: c, failure: { exponential: { mttf: 2000h } }, repair: { fixed: 1h } }
crews:
  ops: 2
`;

const scenario = (body: string): Scenario => parseScenario(`name: test\nhorizon: 1y\n${body}`);

describe('units (docs "Units")', () => {
  it.each([
    ['250ms', 0.25],
    ['30s', 30],
    ['15m', 900],
    ['15min', 900],
    ['4h', 4 * H],
    ['30d', 30 * D],
    ['2w', 14 * D],
    ['1y', 365 * D],
    ['1.5h', 1.5 * H],
    ['1h30m', 5400],
    ['1h 30m', 5400],
    ['30 s', 30],
    [45, 45],
    [0, 0],
  ] as const)('duration %s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it('a year is 365 days (8760 h)', () => {
    expect(SECONDS_PER_YEAR).toBe(8760 * H);
  });

  it.each([
    ['1/y', 1 / SECONDS_PER_YEAR],
    ['0.5/d', 0.5 / D],
    ['3/h', 3 / H],
    ['1/30d', 1 / (30 * D)],
    [0.001, 0.001],
  ] as const)('rate %s', (text, perSecond) => {
    expect(parseRate(text)).toBeCloseTo(perSecond, 20);
  });

  it.each([
    [0.99, 0.99],
    ['99.95%', 0.9995],
    ['0.01%', 0.0001],
    ['100%', 1],
    [0, 0],
  ] as const)('probability %s', (text, p) => {
    expect(parseProbability(text)).toBe(p);
  });

  // One format everywhere (issue 16): the largest unit in which the value is >= 1, 3 significant digits.
  it.each([
    [0.45, '450 ms'],
    [12.5, '12.5 s'],
    [59.97, '1 min'],
    [2916, '48.6 min'],
    [9000, '2.5 h'],
    [8760, '2.43 h'],
    [30 * D, '30 d'],
    [4000 * H, '167 d'],
    [SECONDS_PER_YEAR, '1 y'],
    [312_000, '3.61 d'],
    [0, '0 s'],
    [3 * D + 3 * H + 25, '3.13 d'],
    [400 * D + 7, '1.1 y'],
  ])('formatDuration(%s) = %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('unit properties', () => {
  const unitSeconds = { ms: 0.001, s: 1, m: 60, min: 60, h: H, d: D, w: 7 * D, y: SECONDS_PER_YEAR } as const;
  const unit = fc.constantFrom(...(Object.keys(unitSeconds) as (keyof typeof unitSeconds)[]));
  const amount = fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0));

  it('`${n}h` is n * 3600 seconds', () => {
    fc.assert(fc.property(fc.nat(1_000_000), (n) => parseDuration(`${n}h`) === n * 3600));
  });

  it('`${x}${unit}` is x times the unit, for any non-negative real x', () => {
    fc.assert(fc.property(amount, unit, (x, u) => parseDuration(`${x}${u}`) === x * unitSeconds[u]));
  });

  it('a sum of terms is the sum of the terms, with or without spaces', () => {
    const terms = fc.array(fc.tuple(fc.nat(10_000), unit), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(terms, fc.boolean(), (ts, spaced) => {
        const text = ts.map(([n, u]) => `${n}${u}`).join(spaced ? ' ' : '');
        const sum = ts.reduce((acc, [n, u]) => acc + n * unitSeconds[u], 0);
        return parseDuration(text) === sum;
      }),
    );
  });

  it('plain numbers are seconds', () => {
    fc.assert(fc.property(amount, (x) => parseDuration(x) === x));
  });

  it('`N/unit` is N per unit', () => {
    fc.assert(fc.property(amount, unit, (x, u) => parseRate(`${x}/${u}`) === x / unitSeconds[u]));
  });

  it('percentages are hundredths', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000 }), (bp) => Math.abs(parseProbability(`${bp / 100}%`) - bp / 10_000) < 1e-15));
  });

  it('formatDuration output parses back as a duration to within its 3-digit rounding', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 100 * SECONDS_PER_YEAR, noNaN: true }), (s) => {
        const back = parseDuration(formatDuration(s));
        return Math.abs(back - s) <= 0.005 * s;
      }),
    );
  });
});

describe('components (docs "Components")', () => {
  const s = scenario(DOC_COMPONENTS);

  it('normalizes the failure and repair laws to seconds', () => {
    const [lb, web, db] = s.components;
    expect(lb).toEqual({
      name: 'lb',
      count: 1,
      failure: { kind: 'exponential', mean: 8760 * H },
      repair: { kind: 'lognormal', mu: Math.log(1200), sigma: Math.log(7200 / 1200) / 1.6448536269514722 },
      crew: null,
      zones: [null],
    });
    expect(web).toEqual({
      name: 'web',
      count: 3,
      failure: { kind: 'weibull', shape: 1.2, scale: 4000 * H },
      repair: { kind: 'fixed', value: 1800 },
      crew: 'ops',
      zones: ['a', 'b', 'c'],
    });
    expect(db.failure).toEqual({ kind: 'exponential', mean: SECONDS_PER_YEAR });
    expect(db.repair).toBeNull();
    expect(db.zones).toEqual(['a']);
    expect(s.crews).toEqual([{ name: 'ops', count: 2 }]);
  });

  it('expands instances: bare name when count is 1, name[i] otherwise, zones round-robin', () => {
    expect(s.instances.map((i) => [i.id, i.component, i.index, i.zone])).toEqual([
      ['lb', 'lb', 1, null],
      ['web[1]', 'web', 1, 'a'],
      ['web[2]', 'web', 2, 'b'],
      ['web[3]', 'web', 3, 'c'],
      ['db', 'db', 1, 'a'],
      ['db-primary', 'db-primary', 1, 'b'],
      ['db-replica', 'db-replica', 1, 'c'],
    ]);
  });

  it('round-robin wraps when there are more instances than zones', () => {
    const t = scenario('components:\n  api: { count: 5, zones: [x, y], failure: none, repair: none }\n');
    expect(t.components[0].zones).toEqual(['x', 'y', 'x', 'y', 'x']);
  });

  it('defaults: the system is the series of every instance, and top-level defaults apply', () => {
    expect(s.system).toEqual({ type: 'series', children: s.instances.map((i) => leaf(i.id)) });
    expect(s).toMatchObject({
      name: 'test',
      description: '',
      horizon: SECONDS_PER_YEAR,
      warmup: 0,
      seed: 1,
      plan: { replications: 1000, targetHalfWidth: null, minReplications: 1000 },
      ageingWhileSystemDown: true,
      faults: [],
      observe: { pointAvailabilityAt: [], reliabilityAt: [] },
      slo: {},
      file: '<inline>',
    });
  });

  it('crews accept { count }', () => {
    const t = scenario('crews: { night: { count: 1 } }\ncomponents:\n  a: { failure: none, repair: { fixed: 1h }, crew: night }\n');
    expect(t.crews).toEqual([{ name: 'night', count: 1 }]);
    expect(t.components[0].crew).toBe('night');
  });
});

describe('distributions (docs "Distributions")', () => {
  const law = (text: string) => scenario(`components:\n  x: { failure: ${text}, repair: none }\n`).components[0].failure;

  it.each([
    ['{ exponential: { mean: 10h } }', { kind: 'exponential', mean: 10 * H }],
    ['{ exponential: { mtbf: 10h } }', { kind: 'exponential', mean: 10 * H }],
    ['{ exponential: { mttf: 10h } }', { kind: 'exponential', mean: 10 * H }],
    ['{ exponential: { mttr: 10h } }', { kind: 'exponential', mean: 10 * H }],
    ['{ exponential: { rate: 3/h } }', { kind: 'exponential', mean: 1200 }],
    ['{ weibull: { shape: 0.8, scale: 2w } }', { kind: 'weibull', shape: 0.8, scale: 14 * D }],
    ['{ lognormal: { mu: 7.5, sigma: 0.4 } }', { kind: 'lognormal', mu: 7.5, sigma: 0.4 }],
    ['{ normal: { mean: 2h, sd: 30m } }', { kind: 'normal', mean: 2 * H, sd: 1800 }],
    ['{ uniform: { min: 10m, max: 1h } }', { kind: 'uniform', min: 600, max: 3600 }],
    ['{ fixed: 30m }', { kind: 'fixed', value: 1800 }],
    ['{ empirical: [10m, 25m, 2h] }', { kind: 'empirical', samples: [600, 1500, 7200] }],
    ['none', null],
  ])('%s', (text, expected) => {
    expect(law(text)).toEqual(expected);
  });

  it('lognormal median/p95: the median and the 95th percentile are recovered', () => {
    const d = law('{ lognormal: { median: 20m, p95: 2h } }');
    if (d?.kind !== 'lognormal') throw new Error('not lognormal');
    expect(Math.exp(d.mu)).toBeCloseTo(1200, 9);
    expect(Math.exp(d.mu + Z95 * d.sigma)).toBeCloseTo(7200, 9);
  });
});

describe('structure (docs "Structure")', () => {
  const sys = (system: string) => scenario(`${DOC_COMPONENTS}system: ${system}\n`).system;

  it('a component name at the top level is the series of its instances', () => {
    expect(sys('web')).toEqual({ type: 'series', children: [leaf('web[1]'), leaf('web[2]'), leaf('web[3]')] });
    expect(sys('lb')).toEqual(leaf('lb'));
  });

  it('series and parallel flatten group references into instance leaves', () => {
    expect(sys('{ series: [lb, { parallel: [web, db] }] }')).toEqual({
      type: 'series',
      children: [leaf('lb'), { type: 'parallel', children: [leaf('web[1]'), leaf('web[2]'), leaf('web[3]'), leaf('db')] }],
    });
  });

  it('k_of_n with `of: web` and `of: [a, b, c]`', () => {
    expect(sys('{ k_of_n: { k: 2, of: web } }')).toEqual({ type: 'k_of_n', k: 2, children: [leaf('web[1]'), leaf('web[2]'), leaf('web[3]')] });
    expect(sys('{ k_of_n: { k: 2, of: [lb, db, db-primary] } }')).toEqual({
      type: 'k_of_n',
      k: 2,
      children: [leaf('lb'), leaf('db'), leaf('db-primary')],
    });
    expect(sys('{ k_of_n: { k: 1, of: [{ series: [lb, db] }, web] } }')).toEqual({
      type: 'k_of_n',
      k: 1,
      children: [{ type: 'series', children: [leaf('lb'), leaf('db')] }, leaf('web[1]'), leaf('web[2]'), leaf('web[3]')],
    });
  });

  it('the standby example, and its defaults', () => {
    expect(sys('{ standby: { primary: db-primary, spare: db-replica, mode: cold, switchover: 30s, switch_success: 0.99 } }')).toEqual({
      type: 'standby',
      mode: 'cold',
      dormancy: 0,
      units: ['db-primary', 'db-replica'],
      switchover: 30,
      switchSuccess: 0.99,
    });
    expect(sys('{ standby: { primary: db-primary, spare: [db-replica, db] } }')).toEqual({
      type: 'standby',
      mode: 'cold',
      dormancy: 0,
      units: ['db-primary', 'db-replica', 'db'],
      switchover: 0,
      switchSuccess: 1,
    });
    expect(sys('{ standby: { primary: db-primary, spare: db-replica, mode: warm } }')).toMatchObject({ mode: 'warm', dormancy: 0.1 });
    expect(sys('{ standby: { primary: db-primary, spare: db-replica, mode: warm, dormancy: 0.3 } }')).toMatchObject({ dormancy: 0.3 });
    expect(sys('{ standby: { primary: db-primary, spare: db-replica, mode: hot, switch_success: 95% } }')).toMatchObject({
      mode: 'hot',
      dormancy: 1,
      switchSuccess: 0.95,
    });
  });
});

describe('faults (docs "Faults")', () => {
  const s = scenario(`${DOC_COMPONENTS}
faults:
  - { kind: crash, target: db-primary, at: 30d, duration: 2h }
  - { kind: crash, target: web, rate: 2/y, duration: { lognormal: { median: 10m, p95: 1h } } }
  - { kind: zone-outage, zone: a, rate: 1/y, duration: { lognormal: { median: 2h, p95: 12h } } }
  - kind: crash
    target: web[2]
    at: 1h
    duration: 5m
`);

  it('expands the doc examples', () => {
    expect(s.faults[0]).toEqual({
      kind: 'crash',
      targets: ['db-primary'],
      zone: null,
      schedule: { type: 'at', at: 30 * D },
      duration: { kind: 'fixed', value: 2 * H },
      source: { path: 'faults[0]', line: 14, column: 5 },
    });
    expect(s.faults[1]).toMatchObject({
      targets: ['web[1]', 'web[2]', 'web[3]'],
      schedule: { type: 'rate', rate: 2 / SECONDS_PER_YEAR },
      duration: { kind: 'lognormal', mu: Math.log(600), sigma: Math.log(6) / Z95 },
    });
    expect(s.faults[2]).toMatchObject({
      kind: 'zone-outage',
      zone: 'a',
      targets: ['web[1]', 'db'],
      schedule: { type: 'rate', rate: 1 / SECONDS_PER_YEAR },
      duration: { kind: 'lognormal', mu: Math.log(7200), sigma: Math.log(6) / Z95 },
    });
  });

  it('a single instance id as crash target', () => {
    expect(s.faults[3]).toMatchObject({ targets: ['web[2]'], schedule: { type: 'at', at: 3600 }, source: { path: 'faults[3]', line: 17, column: 5 } });
  });
});

describe('top level', () => {
  const full = `
name: full
description: every top-level key
horizon: 90d
warmup: 1w
replications: 400
precision: { availability_half_width: 0.01%, min_replications: 50 }
seed: 42
components:
  app: { failure: { exponential: { mtbf: 500h } }, repair: { fixed: 1h } }
ageing_while_system_down: false
observe:
  point_availability_at: [1d, 30d]
  reliability_at: [7d, 90d]
slo: { availability: 99.95%, outage_duration_p99: 15m, rpo_max: 5m }
`;

  it('reads every top-level key', () => {
    const s = parseScenario(full, 'full.yaml');
    expect(s).toMatchObject({
      name: 'full',
      description: 'every top-level key',
      horizon: 90 * D,
      warmup: 7 * D,
      seed: 42,
      plan: { replications: 400, targetHalfWidth: 0.0001, minReplications: 50 },
      ageingWhileSystemDown: false,
      observe: { pointAvailabilityAt: [D, 30 * D], reliabilityAt: [7 * D, 90 * D] },
      slo: { availability: 0.9995, outageDurationP99: 900, rpoMax: 300 },
      file: 'full.yaml',
    });
  });

  it('precision without min_replications defaults to 30, capped at replications', () => {
    const base = 'components:\n  a: { failure: none, repair: none }\n';
    expect(scenario(`precision: { availability_half_width: 0.001 }\n${base}`).plan).toEqual({
      replications: 1000,
      targetHalfWidth: 0.001,
      minReplications: 30,
    });
    expect(scenario(`replications: 10\nprecision: { availability_half_width: 0.001 }\n${base}`).plan.minReplications).toBe(10);
  });

  it('JSON text goes through the same parser', () => {
    const json = JSON.stringify({
      name: 'json',
      horizon: '30d',
      components: { a: { count: 2, failure: { exponential: { mtbf: '100h' } }, repair: { fixed: '600s' } } },
      system: { parallel: ['a'] },
    });
    const s = parseScenario(json);
    expect(s.horizon).toBe(30 * D);
    expect(s.system).toEqual({ type: 'parallel', children: [leaf('a[1]'), leaf('a[2]')] });
  });

  it('loadScenario reads YAML and JSON files and records the file name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-scenario-'));
    try {
      const yamlFile = join(dir, 'full.yaml');
      writeFileSync(yamlFile, full);
      expect(loadScenario(yamlFile)).toMatchObject({ name: 'full', file: yamlFile, horizon: 90 * D });
      const jsonFile = join(dir, 'small.json');
      writeFileSync(jsonFile, JSON.stringify({ name: 'small', horizon: "1h", components: { a: { failure: 'none', repair: 'none' } } }));
      expect(loadScenario(jsonFile)).toMatchObject({ name: 'small', file: jsonFile, horizon: 3600 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
