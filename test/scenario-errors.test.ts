/**
 * Bad-input tests for the scenario loader: every malformed scenario must fail with a ScenarioError that
 * names the exact line and column, the scenario path and what was expected.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScenarioError, ScenarioErrors, loadScenario, parseScenario } from '../src/scenario-document/index.js';

/** Removes the first newline and the common indentation, so that line 1 is the first line of the literal. */
function yaml(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n[ \t]*$/, '\n').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** Parses `text` (or loads the file when `file` is given) and returns the errors it throws. */
function errorsOf(run: () => unknown): ScenarioError[] {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as ScenarioError).list();
  }
  throw new Error('expected a ScenarioError, but the scenario was accepted');
}

interface Expect {
  line: number;
  column: number;
  path: string;
  /** Distinctive text of the problem part. */
  problem: string | RegExp;
  /** Distinctive text of the expected part. */
  expected: string | RegExp;
}

/** Asserts that `text` fails with exactly one error matching `want`. */
function expectOne(text: string, want: Expect): ScenarioError {
  const errors = errorsOf(() => parseScenario(text));
  expect(errors.map((e) => e.message)).toHaveLength(1);
  return check(errors[0], want, '<inline>');
}

function check(e: ScenarioError, want: Expect, file: string): ScenarioError {
  expect({ line: e.line, column: e.column, path: e.path }).toEqual({ line: want.line, column: want.column, path: want.path });
  expect(e.problem).toMatch(want.problem);
  expect(e.expected).toMatch(want.expected);
  const where = want.path === '' ? '<document>' : want.path;
  expect(e.message).toBe(`${file}:${want.line}:${want.column}: at ${where}: ${e.problem}; expected ${e.expected}`);
  return e;
}

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/bad/${name}`, import.meta.url));

const WEB = '{ count: 3, zones: [a, b], failure: { exponential: { mtbf: 1000h } }, repair: { fixed: 30m } }';
const DB = '{ failure: { exponential: { mtbf: 2000h } }, repair: { fixed: 1h } }';

describe('YAML-level errors', () => {
  it('reports a YAML syntax error with the parser position', () => {
    const e = expectOne(
      yaml(`
        name: shop
        horizon: 30d
        components:
          web: { count: 3, failure: none
      `),
      { line: 5, column: 1, path: '', problem: /^YAML syntax error: Flow map .* must .* end with a \}/, expected: 'a closing "}"' },
    );
    expect(e.message).toMatch(/^<inline>:5:1: at <document>: YAML syntax error/);
  });

  it('reports a duplicate key at the second occurrence', () => {
    expectOne(
      yaml(`
        name: shop
        horizon: 30d
        components: { db: ${DB} }
        horizon: 60d
      `),
      { line: 4, column: 1, path: '', problem: /unique/, expected: 'each key at most once in a mapping' },
    );
  });

  it('rejects an empty document', () => {
    expectOne('# nothing but a comment\n', { line: 1, column: 1, path: '', problem: 'the document is empty', expected: /name, horizon and components/ });
  });

  it('rejects a document that is a list', () => {
    expectOne(yaml(`
      - name: shop
      - horizon: 30d
    `), { line: 1, column: 1, path: '', problem: 'got a list', expected: /scenario mapping/ });
  });
});

describe('schema errors', () => {
  it('a reserved key such as __proto__ is rejected before conversion', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        __proto__: { failure: none, repair: none }
    `), { line: 4, column: 3, path: 'components.__proto__', problem: '"__proto__" is a reserved key', expected: 'another name' });
  });


  it('missing horizon points at the top-level mapping', () => {
    expectOne(yaml(`
      name: shop
      components:
        db: ${DB}
    `), { line: 1, column: 1, path: 'horizon', problem: 'missing required key "horizon"', expected: /a duration with a unit such as "30s"/ });
  });

  it('bad duration unit "5 parsecs"', () => {
    expectOne(yaml(`
      name: shop
      horizon: 5 parsecs
      components:
        db: ${DB}
    `), { line: 2, column: 10, path: 'horizon', problem: 'unknown unit "parsecs"', expected: /a duration with a unit such as "30s", "4h", "30d"/ });
  });

  it('negative mtbf', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        web:
          failure:
            exponential: { mtbf: -5h }
          repair: { fixed: 30m }
    `), { line: 6, column: 28, path: 'components.web.failure.exponential.mtbf', problem: '"-5h" is negative', expected: /greater than 0/ });
  });

  it('unknown distribution kind, with a suggestion', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        web:
          failure: { expnential: { mtbf: 100h } }
          repair: { fixed: 30m }
    `), {
      line: 5,
      column: 16,
      path: 'components.web.failure.expnential',
      problem: 'unknown distribution kind "expnential" (did you mean "exponential"?)',
      expected: /one of exponential, weibull, lognormal/,
    });
  });

  it('unknown top-level key "replicatons" points at the key and suggests "replications"', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      replicatons: 500
      components:
        db: ${DB}
    `), { line: 3, column: 1, path: 'replicatons', problem: 'unknown key "replicatons" (did you mean "replications"?)', expected: /one of name, description, horizon/ });
  });

  it('lognormal with p95 below the median', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        web:
          failure: none
          repair: { lognormal: { median: 2h, p95: 1h } }
    `), { line: 6, column: 45, path: 'components.web.repair.lognormal.p95', problem: 'p95 (1 h) is not greater than median (2 h)', expected: 'p95 greater than median' });
  });

  it('probability of 150%', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        db: ${DB}
      slo:
        availability: 150%
    `), { line: 6, column: 17, path: 'slo.availability', problem: '"150%" is more than 100%', expected: /a probability in \[0, 1\]/ });
  });

  it('replications: 0', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      replications: 0
      components:
        db: ${DB}
    `), { line: 3, column: 15, path: 'replications', problem: '0 is less than 1', expected: 'an integer >= 1' });
  });

  it('empty components', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components: {}
    `), { line: 3, column: 13, path: 'components', problem: 'no components are declared', expected: 'at least one component' });
  });

  it('a string where count expects an integer', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        web:
          count: "3"
          failure: none
          repair: none
    `), { line: 5, column: 12, path: 'components.web.count', problem: 'got the string "3"', expected: 'an integer >= 1' });
  });

  it('fault with both at and rate', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        db: ${DB}
      faults:
        - kind: crash
          target: db
          at: 2d
          rate: 1/y
          duration: 1h
    `), { line: 9, column: 5, path: 'faults[0].rate', problem: 'both at and rate are given', expected: /exactly one of at \(once\) or rate/ });
  });

  it('fault with neither at nor rate points at the fault', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        db: ${DB}
      faults:
        - { kind: crash, target: db, at: 1d, duration: 1h }
        - { kind: crash, target: db, duration: 1h }
    `), { line: 7, column: 5, path: 'faults[1]', problem: 'neither at nor rate is given', expected: /exactly one of at/ });
  });

  it('an unknown key inside a fault, with a suggestion', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        db: ${DB}
      faults:
        - { kind: crash, target: db, at: 1d, duraton: 1h, duration: 1h }
    `), { line: 6, column: 40, path: 'faults[0].duraton', problem: 'unknown key "duraton" (did you mean "duration"?)', expected: /one of kind, target, zone/ });
  });

  it('a rate without a unit', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        db: ${DB}
      faults:
        - { kind: crash, target: db, rate: 2 per year, duration: 1h }
    `), { line: 6, column: 38, path: 'faults[0].rate', problem: '"2 per year" is not a rate', expected: /a rate such as "1\/y"/ });
  });

  it('exponential with two parameters', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        db:
          failure: { exponential: { mtbf: 100h, rate: 1/d } }
          repair: none
    `), { line: 5, column: 43, path: 'components.db.failure.exponential.rate', problem: 'several parameters given (mtbf, rate)', expected: /exactly one of mean, mtbf/ });
  });

  it('zone and zones together', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        web: { count: 2, zone: a, zones: [a, b], failure: none, repair: none }
    `), { line: 4, column: 29, path: 'components.web.zones', problem: 'both zone and zones are given', expected: /either zone .* or zones/ });
  });

  it('dormancy on a cold standby', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        p: ${DB}
        s: ${DB}
      system:
        standby: { primary: p, spare: s, dormancy: 0.2 }
    `), { line: 7, column: 36, path: 'system.standby.dormancy', problem: 'dormancy is given for a cold standby', expected: 'dormancy only with mode: warm' });
  });

  it('k: 0 in a k_of_n block', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        web: ${WEB}
      system: { k_of_n: { k: 0, of: web } }
    `), { line: 5, column: 24, path: 'system.k_of_n.k', problem: '0 is less than 1', expected: 'an integer >= 1' });
  });

  it('series given a mapping instead of a list', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        web: ${WEB}
      system:
        series: { web: 1 }
    `), { line: 6, column: 11, path: 'system.series', problem: 'got a mapping', expected: 'a non-empty list of structure nodes' });
  });
});

describe('semantic errors', () => {
  it('unknown component in system, with a suggestion', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        web: ${WEB}
        db: ${DB}
      system:
        series: [web, dbb]
    `), { line: 7, column: 17, path: 'system.series[1]', problem: 'unknown component "dbb" (did you mean "db"?)', expected: 'one of the components: web, db' });
  });

  it('an instance id used as a structure node', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        web: ${WEB}
      system:
        parallel:
          - web[1]
    `), { line: 7, column: 7, path: 'system.parallel[0]', problem: '"web[1]" is an instance', expected: /a component name such as "web"/ });
  });

  it('k greater than the number of children', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        web: ${WEB}
      system:
        k_of_n:
          k: 4
          of: web
    `), { line: 7, column: 8, path: 'system.k_of_n.k', problem: 'k = 4 but the block has only 3 children', expected: 'an integer between 1 and 3' });
  });

  it('unknown crew', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      crews: { ops: 2 }
      components:
        web: { count: 2, failure: none, repair: { fixed: 1h }, crew: opz }
    `), { line: 5, column: 64, path: 'components.web.crew', problem: 'unknown crew "opz" (did you mean "ops"?)', expected: 'one of the crews declared in crews: ops' });
  });

  it('zone-outage on a zone no component uses', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        web: ${WEB}
      faults:
        - kind: zone-outage
          zone: c
          rate: 1/y
          duration: 2h
    `), { line: 7, column: 11, path: 'faults[0].zone', problem: 'zone "c" is not used by any component', expected: 'one of the zones of the components: a, b' });
  });

  it('warmup not shorter than the horizon', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      warmup: 720h
      components:
        db: ${DB}
    `), { line: 3, column: 9, path: 'warmup', problem: 'warmup (30 d) is not shorter than the horizon (30 d)', expected: 'a warmup less than the horizon' });
  });

  it('standby unit with several instances', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        web: ${WEB}
        db: ${DB}
      system:
        standby:
          primary: db
          spare: [web]
    `), { line: 9, column: 13, path: 'system.standby.spare[0]', problem: 'component "web" has 3 instances', expected: 'a single-instance component (count 1) as a standby unit' });
  });

  it('a component used twice in the structure', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        web: ${WEB}
        db: ${DB}
      system:
        series:
          - db
          - parallel: [web, db]
    `), { line: 9, column: 23, path: 'system.series[1].parallel[1]', problem: 'component "db" is used more than once in the structure (first at system.series[0])', expected: /at most once/ });
  });

  it('a fault at or after the horizon', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        db: ${DB}
      faults:
        - { kind: crash, target: db, at: 31d, duration: 1h }
    `), { line: 6, column: 36, path: 'faults[0].at', problem: 'at (31 d) is not before the horizon (30 d)', expected: 'a time before the horizon' });
  });

  it('an observation time beyond the horizon', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        db: ${DB}
      observe:
        point_availability_at: [1d, 7d]
        reliability_at: [1d, 5w]
    `), { line: 7, column: 24, path: 'observe.reliability_at[1]', problem: '35 d is beyond the horizon (30 d)', expected: 'a time between 0 and the horizon' });
  });

  it('a crash target outside the instance range', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        web: ${WEB}
      faults:
        - kind: crash
          target: web[4]
          rate: 1/y
          duration: 10m
    `), { line: 7, column: 13, path: 'faults[0].target', problem: 'unknown crash target "web[4]"', expected: /a component name \(web\) or an instance id/ });
  });

  it('an unquoted instance id inside a flow mapping gets a quoting hint', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      components:
        web: ${WEB}
      faults:
        - { kind: crash, target: web[2], rate: 1/y, duration: 10m }
    `), { line: 6, column: 31, path: '', problem: /must be quoted/, expected: 'a quoted instance id: "web[2]"' });
  });

  it('min_replications above replications', () => {
    expectOne(yaml(`
      name: shop
      horizon: 30d
      replications: 20
      precision: { availability_half_width: 0.01%, min_replications: 50 }
      components:
        db: ${DB}
    `), { line: 4, column: 64, path: 'precision.min_replications', problem: 'min_replications (50) exceeds replications (20)', expected: 'at most replications (20)' });
  });
});

describe('several errors at once', () => {
  it('reports every schema error, sorted by line', () => {
    let thrown: unknown;
    try {
      parseScenario(yaml(`
        name: shop
        components:
          web:
            count: 0
            failure: { weibull: { shape: -1, scale: 100h } }
            repair: { fixed: 10 parsecs }
        horizon: 1 fortnight
      `));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ScenarioErrors);
    const errors = (thrown as ScenarioErrors).list();
    expect(errors.map((e) => [e.line, e.column, e.path])).toEqual([
      [4, 12, 'components.web.count'],
      [5, 34, 'components.web.failure.weibull.shape'],
      [6, 22, 'components.web.repair.fixed'],
      [7, 10, 'horizon'],
    ]);
    expect((thrown as Error).message.split('\n')).toEqual(errors.map((e) => e.message));
    expect((thrown as ScenarioErrors).line).toBe(4);
  });
});

describe('files', () => {
  it('a JSON file with an error: the message starts with the file path', () => {
    const file = fixture('negative-mtbf.json');
    const [e, ...rest] = errorsOf(() => loadScenario(file));
    expect(rest).toHaveLength(0);
    check(e, { line: 7, column: 45, path: 'components.web.failure.exponential.mtbf', problem: 'is negative', expected: /a duration/ }, file);
    expect(e.file).toBe(file);
    expect(e.message.startsWith(`${file}:7:45: at components.web.failure.exponential.mtbf:`)).toBe(true);
  });

  it('a YAML file with an unknown crew', () => {
    const file = fixture('unknown-crew.yaml');
    const [e, ...rest] = errorsOf(() => loadScenario(file));
    expect(rest).toHaveLength(0);
    check(e, { line: 11, column: 11, path: 'components.api.crew', problem: 'unknown crew "opps" (did you mean "ops"?)', expected: /crews: ops/ }, file);
  });

  it('a file that does not exist', () => {
    const file = fixture('no-such-file.yaml');
    const [e] = errorsOf(() => loadScenario(file));
    expect(e.line).toBeUndefined();
    expect(e.message).toBe(`${file}: at <document>: cannot read the scenario file (no such file); expected a readable YAML or JSON scenario file`);
  });
});
