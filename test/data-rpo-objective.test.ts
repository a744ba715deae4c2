/**
 * The rpo_max objective is the largest data loss per incident (issue 11 item 15), and the initial state
 * holds a full backup (item 17). Expected values come from closed forms written here:
 * - Poisson thinning: operator errors at rate lambda exceed a 1 h objective with probability
 *   P(min(Y, (X - D)+) > 1 h) = (1 - 1 h / T) e^(-lambda (1 h + D)) for a daily backup (Y ~ U(0, T) the age of
 *   the last backup, X ~ Exp(lambda) the time since the previous restore, D the restore time), so the
 *   exceeding incidents form a Poisson process of rate lambda (1 - 1 h / T) e^(-lambda (1 h + D));
 * - E[min(Y, (X - D)+)] = e^(-lambda D) (1 - (1 - e^(-lambda T)) / (lambda T)) / lambda (Y uniform);
 * - Garwood's exact Poisson bound with no event: rate < -ln(0.025) / exposure (Garwood 1936).
 */
import { describe, expect, it } from 'vitest';
import { buildResults } from '../src/results/build.js';
import { runScenario } from '../src/run/runner.js';
import { parseScenario } from '../src/scenario-document/load.js';
import type { DataResults } from '../src/data/results.js';
import { expectInside, runData, yaml } from './helpers/data.js';

const H = 3600;
const YEAR = 365 * 86400;

/** Async pair failing often (about 175 sub-second promotion losses a year) + operator errors (1/y) restored from a daily backup. */
const mixed = (errors: string, slo: string) => `
  name: mixed losses
  horizon: 1y
  replications: 200
  seed: 20261202
  components:
    a: { zone: z1, failure: { exponential: { mtbf: 50h } }, repair: { fixed: 1h } }
    b: { zone: z2, failure: { exponential: { mtbf: 50h } }, repair: { fixed: 1h } }
  datastores:
    main:
      primary: a
      replicas: [b]
      replication: { mode: async, lag: { exponential: { mean: 500ms } } }
      promotion: 30s
      write_rate: 1MB/s
      size: 10GB
  backups:
    daily: { datastore: main, type: full, schedule: { every: 1d }, throughput: 10TB/s, restore_throughput: 1GB/s }
  faults:
    ${errors}
  slo: ${slo}
`;

function run(text: string) {
  const doc = buildResults(runScenario(parseScenario(yaml(text))), null);
  return { data: doc.data as DataResults, slo: doc.slo.find((c) => c.objective === 'rpo_max')! };
}

describe('rpo_max: the largest loss per incident', () => {
  const lambda = 1 / YEAR;
  const T = 24 * H;
  const D = 10; // 10 GB at 1 GB/s
  const { data, slo } = run(mixed('- { kind: operator-error, datastore: main, rate: 1/y }', '{ rpo_max: 1h }'));
  const ds = data.datastores[0];

  it('the pooled p99 (the old measure) hides the operator errors; the per-incident objective fails', () => {
    expect(ds.byCause.failover!).toBeGreaterThan(20 * ds.byCause['operator-error']!);
    expect(ds.rpo.p99.estimate!).toBeLessThan(H);
    expect(slo.status).toBe('fail');
    expect(slo.confident).toBe(true);
    expect(slo.measured!).toBeGreaterThan(10 * H);
  });

  it('exceeding incidents per year = lambda (1 - 1 h / T) e^(-lambda (1 h + D)) (Poisson thinning)', () => {
    const o = ds.rpoObjective!;
    const exact = lambda * (1 - H / T) * Math.exp(-lambda * (H + D)) * YEAR;
    expectInside(o.perYear, exact, 'exceedances per year');
    expectInside(o.probabilityPerYear, 1 - Math.exp(-exact), 'P(at least one per year)');
    const byCause = Object.fromEntries(ds.rpoByCause.map((c) => [c.cause, c]));
    expect(byCause.failover.exceedances).toBe(0);
    expect(byCause['operator-error'].exceedances).toBe(o.exceedances);
  });

  it('RPO by cause: failover E[lag] = 0.5 s, operator error E[min(Y, (X - D)+)] (about T/2)', () => {
    const byCause = Object.fromEntries(ds.rpoByCause.map((c) => [c.cause, c]));
    expectInside(byCause.failover.rpo.mean, 0.5, 'failover RPO');
    const exact = (Math.exp(-lambda * D) * (1 - (1 - Math.exp(-lambda * T)) / (lambda * T))) / lambda;
    expectInside(byCause['operator-error'].rpo.mean, exact, 'operator-error RPO');
  });

  it('with rpo_max_probability the yearly probability is judged against the accepted risk', () => {
    const r = run(mixed('- { kind: operator-error, datastore: main, rate: 1/y }', '{ rpo_max: 1h, rpo_max_probability: 1% }'));
    expect(r.slo.status).toBe('fail');
    expect(r.slo.confident).toBe(true);
  });

  it('no exceeding incident: a pass, conclusive only against an accepted risk above the Garwood bound', () => {
    // Failovers only (each loses < 1 h): exposure 200 years, no event: P < 1 - exp(-ln(40) / 200) = 1.83%.
    const bound = 1 - Math.exp(-Math.log(40) / 200);
    const strict = run(mixed('[]', '{ rpo_max: 1h }'));
    expect(strict.slo.status).toBe('pass');
    expect(strict.slo.confident).toBe(false);
    expect(strict.slo.note).toContain(`${(bound * 100).toPrecision(3)}%`);
    const loose = run(mixed('[]', '{ rpo_max: 1h, rpo_max_probability: 2% }'));
    expect([loose.slo.status, loose.slo.confident]).toEqual(['pass', true]);
    const tight = run(mixed('[]', '{ rpo_max: 1h, rpo_max_probability: 1% }'));
    expect([tight.slo.status, tight.slo.confident]).toEqual(['pass', false]);
  });
});

describe('initial state', () => {
  const single = (extra: string) => `
    name: start-up
    horizon: 10d
    replications: 1
    components:
      db: { failure: none, repair: none }
    datastores:
      main: { primary: db, write_rate: 1MB/s, size: 10GB${extra} }
    backups:
      nightly: { datastore: main, type: full, schedule: { cron: "0 2 * * *" }, throughput: 1GB/s, restore_throughput: 1GB/s }
    faults:
      - { kind: operator-error, datastore: main, at: 1h }
    slo: { rpo_max: 2h }
  `;

  it('a full backup exists at t = 0 by default: an error at 1 h loses 1 h', () => {
    const { data, slo } = run(single(''));
    const ds = data.datastores[0];
    expect(ds.bySource).toEqual({ replica: 0, backup: 1, none: 0 });
    expect(ds.rpo.max).toBe(H);
    expect(ds.startupLosses).toBe(0);
    expect(slo.status).toBe('pass');
  });

  it('initial_backup: false makes it a start-up loss, reported apart and left out of the objective', () => {
    const { data, slo } = run(single(', initial_backup: false'));
    const ds = data.datastores[0];
    expect(ds.bySource.none).toBe(1);
    expect(ds.startupLosses).toBe(1);
    expect(ds.unrecoverableInWindow.estimate).toBe(0);
    expect(ds.rpoObjective!.exceedances).toBe(0);
    expect(slo.note).toContain('1 start-up loss');
  });

  it('an incremental policy builds its first run on the initial backup', () => {
    const d = runData(`
      name: chain from t = 0
      horizon: 1d
      replications: 1
      components:
        db: { failure: none, repair: none }
      datastores:
        main: { primary: db, write_rate: 1MB/s, size: 100GB }
      backups:
        weekly: { datastore: main, type: full, schedule: { every: 7d, offset: 6d }, throughput: 100GB/s, restore_throughput: 1GB/s }
        hourly: { datastore: main, type: incremental, schedule: { every: 1h, offset: 30m }, throughput: 100GB/s, restore_throughput: 1GB/s }
      faults:
        - { kind: disk-loss, target: db, at: 2h }
    `);
    // Restore: the 100 GB initial full (100 s) + incrementals of 30 min and 1 h of writes (1.8 GB, 3.6 GB): 105.4 s; RPO 30 min.
    expect(d.datastores[0].rpo.max).toBe(30 * 60);
    expect(d.datastores[0].rto.max).toBeCloseTo(100 + 1.8 + 3.6, 9);
  });
});
