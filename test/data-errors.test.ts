/**
 * Bad data-durability input fails with file, line, column, scenario path and what was expected; units
 * (sizes, throughputs, cron) parse as documented; results are deterministic.
 */
import { describe, expect, it } from 'vitest';
import { cronTimes, parseCron } from '../src/scenario/cron.js';
import { ScenarioError, parseScenario } from '../src/scenario-document/index.js';
import { tryParseSize, tryParseThroughput } from '../src/scenario/size.js';
import { buildResults } from '../src/results/build.js';
import { runScenario } from '../src/run/runner.js';
import { yaml } from './helpers/data.js';

function errorsOf(text: string): ScenarioError[] {
  try {
    parseScenario(yaml(text), 'bad.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as ScenarioError).list();
  }
  throw new Error('expected a ScenarioError');
}

const base = `
  name: bad
  horizon: 30d
  components:
    db: { zone: a, failure: none, repair: none }
    r: { zone: b, failure: none, repair: none }
`;

describe('bad data input', () => {
  it('unknown datastore in a backup: line, column, path, hint', () => {
    const [e] = errorsOf(base + `
  datastores:
    main: { primary: db, write_rate: 1MB/s, size: 1GB }
  backups:
    nightly: { datastore: mains, type: full, schedule: { every: 1d }, throughput: 1GB/s }
`);
    expect(e.file).toBe('bad.yaml');
    expect([e.line, e.column, e.path]).toEqual([10, 25, 'backups.nightly.datastore']);
    expect(e.problem).toContain('did you mean "main"');
    expect(e.expected).toContain('main');
  });

  it('sizes in bits, bad cron, capacity below the input rate', () => {
    const errs = errorsOf(base + `
  datastores:
    main: { primary: db, write_rate: 1MB/s, size: 500Gb }
  backups:
    nightly: { datastore: main, type: full, schedule: { cron: "0 25 * * *" }, throughput: 1GB/s }
  streams:
    job: { instances: r, input_rate: 10/s, capacity: 5/s, checkpoint: { interval: 1m, duration: 1s } }
`);
    const by = Object.fromEntries(errs.map((e) => [e.path, e]));
    expect(by['datastores.main.size'].problem).toContain('use B, not b');
    expect([by['datastores.main.size'].line, by['datastores.main.size'].column]).toEqual([8, 49]);
    expect(by['streams.job.capacity'].problem).toContain('could never catch up');
    // The cron is checked once the schema is satisfied: fix the others and look again.
    const [cron] = errorsOf(base + `
  datastores:
    main: { primary: db, write_rate: 1MB/s, size: 500GB }
  backups:
    nightly: { datastore: main, type: full, schedule: { cron: "0 25 * * *" }, throughput: 1GB/s }
`);
    expect(cron.path).toBe('backups.nightly.schedule.cron');
    expect(cron.problem).toContain('hour "25" is outside 0-23');
    expect(cron.line).toBe(10);
  });

  it('a misspelt data fault kind gets a hint with every kind', () => {
    const [e] = errorsOf(base + `
  faults:
    - { kind: disk-los, target: db, at: 1d }
`);
    expect([e.path, e.line]).toEqual(['faults[0].kind', 8]);
    expect(e.problem).toContain('did you mean "disk-loss"');
    expect(e.expected).toContain('site-disaster');
  });

  it('quorum bounds, async without lag, unknown replica, disk loss of an instance holding no data', () => {
    const errs = errorsOf(base + `
  datastores:
    main: { primary: db, replicas: [r, rr], replication: { mode: quorum, lag: 1s, w: 4 }, write_rate: 1MB/s, size: 1GB }
    other: { primary: r, replication: { mode: async }, write_rate: 1MB/s, size: 1GB }
`);
    expect(errs.map((e) => e.path)).toContain('datastores.other.replication.lag');
    const again = errorsOf(base + `    x: { failure: none, repair: none }
  datastores:
    main: { primary: db, replicas: [r, rr], replication: { mode: quorum, lag: 1s, w: 4 }, write_rate: 1MB/s, size: 1GB }
  faults:
    - { kind: disk-loss, target: x, at: 1d }
`);
    const paths = again.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['datastores.main.replicas[1]', 'datastores.main.replication.w', 'faults[0].target']));
    expect(again.find((e) => e.path === 'datastores.main.replication.w')?.problem).toBe('w = 4 exceeds n = 2');
  });

  it('a disk-loss fault with a detection delay, a corruption without a datastore', () => {
    const errs = errorsOf(base + `
  faults:
    - { kind: disk-loss, target: db, at: 1d, detection: 1h }
    - { kind: corruption, rate: 1/y }
`);
    expect(errs.map((e) => `${e.path}@${e.line}`)).toEqual(['faults[0].detection@8', 'faults[1].datastore@9']);
  });
});

describe('units', () => {
  it('parses SI and IEC sizes and throughputs', () => {
    expect(tryParseSize('500GB')).toEqual({ ok: true, value: 500e9 });
    expect(tryParseSize('1.5TiB')).toEqual({ ok: true, value: 1.5 * 2 ** 40 });
    expect(tryParseThroughput('2MB/s')).toEqual({ ok: true, value: 2e6 });
    expect(tryParseThroughput('1TB/2h')).toEqual({ ok: true, value: 1e12 / 7200 });
    expect(tryParseSize('12 apples').ok).toBe(false);
    expect(tryParseThroughput('5MB').ok).toBe(false);
  });
  it('expands cron expressions on the simulated calendar (t = 0: Monday 1 January, 00:00)', () => {
    const c = (e: string) => {
      const r = parseCron(e);
      if (!r.ok) throw new Error(r.problem);
      return r.value;
    };
    expect(cronTimes(c('0 2 * * *'), 3 * 86400)).toEqual([7200, 93600, 180000]);
    // Sundays at 03:30: the first Sunday is day 6.
    expect(cronTimes(c('30 3 * * SUN'), 14 * 86400)).toEqual([6 * 86400 + 12600, 13 * 86400 + 12600]);
    // Every 6 hours on the 1st of February (day 31).
    expect(cronTimes(c('0 */6 1 FEB *'), 40 * 86400)).toEqual([0, 6, 12, 18].map((h) => 31 * 86400 + h * 3600));
    // Day-of-month and day-of-week both restricted: either matches (Vixie cron).
    expect(cronTimes(c('0 0 3 * 1'), 8 * 86400)).toEqual([0, 2 * 86400, 7 * 86400]);
    expect(parseCron('0 2 * *').ok).toBe(false);
  });
});

describe('determinism', () => {
  it('same scenario and seed give identical data results', () => {
    const text = yaml(base + `
  replications: 20
  datastores:
    main: { primary: db, replicas: [r], replication: { mode: async, lag: { exponential: { mean: 3s } } }, write_rate: 1MB/s, size: 10GB }
  backups:
    nightly: { datastore: main, type: full, schedule: { cron: "0 2 * * *" }, throughput: 1GB/s, failure_probability: 10% }
  faults:
    - { kind: operator-error, datastore: main, rate: 20/y, detection: { exponential: { mean: 1h } } }
    - { kind: disk-loss, target: db, rate: 10/y }
`);
    const a = JSON.stringify(buildResults(runScenario(parseScenario(text)), null));
    const b = JSON.stringify(buildResults(runScenario(parseScenario(text)), null));
    expect(a).toBe(b);
    expect(JSON.parse(a).data.datastores[0].incidents).toBeGreaterThan(0);
  });
});
