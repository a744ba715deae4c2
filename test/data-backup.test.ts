/**
 * Backups: the simulated RPO and restore times reproduce the closed forms within their 95% CIs (fixed
 * seeds), and deterministic checks of chains, retention, silent-corruption fallback, site disasters and
 * operator errors. Exact values are computed here from the formulas, independently of src/data.
 */
import { describe, expect, it } from 'vitest';
import { dataExpectations } from '../src/data/analytic.js';
import { BackupCatalogue } from '../src/data/backup-catalogue.js';
import { parseScenario } from '../src/scenario-document/load.js';
import { planRestore } from '../src/data/restore-planner.js';
import type { BackupSpec } from '../src/data/types.js';
import { expectInside, runData } from './helpers/data.js';

const H = 3600;

/**
 * E[loss] of periodic backups hit by Poisson incidents of rate lambda, each restored at once in D seconds,
 * when a restore removes the writes back to its recovery point (an incident loses only the writes since
 * the newest usable backup, and at most those since the previous restore ended):
 * loss = min(Y, (X - D)+), Y = U + T (G + 1[U < d]) the age of the newest usable backup (U ~ U(0, T),
 * G ~ Geometric(q) lost backups, usable d after its start), X ~ Exp(lambda) the time since the previous
 * incident (memoryless). For fixed y, E[min(y, (X - D)+)] = int_0^y P(X > D + s) ds = e^(-lambda D) (1 - e^(-lambda y)) / lambda;
 * the expectation over U (midpoint rule, 20000 points) and G (summed to 1e-15) is done numerically here.
 * As lambda -> 0 this is T/2 + T q/(1-q) + d (Young 1974).
 */
function lossBetweenRestores(T: number, q: number, d: number, lambda: number, D: number): number {
  const n = 20000;
  let e = 0;
  for (let g = 0, pg = 1 - q; pg > 1e-15; g++, pg *= q) {
    let inner = 0;
    for (let i = 0; i < n; i++) {
      const u = ((i + 0.5) / n) * T;
      const y = u + T * (g + (u < d ? 1 : 0));
      inner += (Math.exp(-lambda * D) * (1 - Math.exp(-lambda * y))) / lambda;
    }
    e += (pg * inner) / n;
    if (q === 0) break;
  }
  return e;
}
const PER_DAY = 1 / 86400;

/** A datastore that never fails, hit by Poisson operator errors, with one hourly full backup. */
const periodic = (q: string, corruption = '0') => `
  name: periodic backups
  horizon: 30d
  replications: 100
  seed: 20261202
  components:
    db: { failure: none, repair: none }
  datastores:
    main: { primary: db, write_rate: 1MB/s, size: 1GB }
  backups:
    hourly: { datastore: main, type: full, schedule: { every: 1h }, throughput: 1TB/s, restore_throughput: 100MB/s, failure_probability: ${q}, silent_corruption_probability: ${corruption} }
  faults:
    - { kind: operator-error, datastore: main, rate: 2/d }
`;

// Incidents at 2/d against hourly backups are not rare (lambda T = 1/12): since a restore removes the
// writes back to its recovery point, the mean loss is below Young's T/2 (1750 s instead of 1800 s here).
describe('periodic backup loss', () => {
  it('E[RPO] = E[min(Y, (X - D)+)] for hourly full backups (T/2 = 1800 s when incidents are rare)', () => {
    const d = runData(periodic('0'));
    const ds = d.datastores[0];
    expect(ds.bySource.backup).toBeGreaterThan(5000);
    // 1 ms backup duration, 10 s restore (1 GB at 100 MB/s).
    const exact = lossBetweenRestores(H, 0, 1e-3, 2 * PER_DAY, 10);
    expect(exact).toBeLessThan(H / 2 - 40);
    expectInside(ds.rpoBackup.mean, exact, 'E[RPO]');
    const cmp = d.comparison.find((c) => c.metric === 'rpo_backup_mean[main]');
    expect(cmp?.analytic).toBeCloseTo(exact, 1); // midpoint-rule error of the numeric reference ~1e-3 s
    expect(cmp?.verdict).toBe('agrees');
    expect(ds.rtoBackup.mean.estimate).toBeCloseTo(10, 9);
  });

  it('E[RPO] with each backup failing with probability q (T/2 + Tq/(1-q) when incidents are rare)', () => {
    const q = 0.2;
    const ds = runData(periodic(String(q))).datastores[0];
    expectInside(ds.rpoBackup.mean, lossBetweenRestores(H, q, 1e-3, 2 * PER_DAY, 10), 'E[RPO] with failures');
    expect(ds.backups.failed).toBeGreaterThan(0);
  });

  it('silently corrupt backups are found at restore and push the RPO back like failed ones', () => {
    const p = 0.2;
    const ds = runData(periodic('0', String(p))).datastores[0];
    // The restore time D grows by 10 s per corrupt piece tried: e^(-lambda D) moves the mean by < 0.5 s.
    expectInside(ds.rpoBackup.mean, lossBetweenRestores(H, p, 1e-3, 2 * PER_DAY, 10), 'E[RPO] with silent corruption');
    expect(ds.backups.corruptFoundAtRestore).toBeGreaterThan(0);
    expect(ds.backups.failed).toBe(0);
  });
});

describe('backups that take time, noticed late', () => {
  // Rare incidents (1/w: lambda T = 0.006), so restores seldom overlap a backup period (bias ~ lambda E[Y^2]/2 = 4 s).
  it('E[RPO] = T/2 + E[(d - detection)+]: an hourly cron full of 10 min, detection ~ Exp(5 min)', () => {
    const d = runData(`
      name: slow backups
      horizon: 1y
      replications: 120
      seed: 17
      components:
        db: { failure: none, repair: none }
      datastores:
        main: { primary: db, write_rate: 1MB/s, size: 60GB }
      backups:
        hourly: { datastore: main, type: full, schedule: { cron: "0 * * * *" }, throughput: 100MB/s, restore_throughput: 1TB/s }
      faults:
        - { kind: operator-error, datastore: main, rate: 1/w, detection: { exponential: { mean: 5m } } }
    `);
    // A backup started u before the incident is usable iff it completes before detection: u >= d - delta.
    // E[(d - delta)+] = d - m (1 - exp(-d/m)) with d = 600 s, m = 300 s.
    const exact = H / 2 + 600 - 300 * (1 - Math.exp(-2));
    expectInside(d.datastores[0].rpoBackup.mean, exact, 'E[RPO] with backup duration and detection');
    expect(d.comparison.find((c) => c.metric === 'rpo_backup_mean[main]')?.analytic).toBeCloseTo(exact, 0);
  });
});

/**
 * Full daily at 00:00 + incremental or differential hourly at hh:30 (phase 30 min), operator errors 1/w.
 * Incidents are rare so that the reference below holds: backup runs falling inside a restore are skipped,
 * and a skipped nightly full doubles the next day's chain. At 1/d (the earlier version of this test) about
 * 1.25% of runs were skipped and the mean restore time came out +36 s (1100 s [1074, 1126] vs 1062.9 s, two
 * seeds alike); at 1/w over 210 d the skip effect is about 7 times smaller, well inside the CI.
 */
const chain = (type: 'incremental' | 'differential') => `
  name: chain ${type}
  horizon: 210d
  replications: 100
  seed: 5
  components:
    db: { failure: none, repair: none }
  datastores:
    main: { primary: db, write_rate: 1MB/s, size: 100GB }
  backups:
    nightly: { datastore: main, type: full, schedule: { every: 24h }, throughput: 100GB/s, restore_throughput: 500MB/s, restore_overhead: 1m }
    hourly: { datastore: main, type: ${type}, schedule: { every: 1h, offset: 30m }, throughput: 100GB/s, restore_throughput: 500MB/s, restore_overhead: 1m }
  faults:
    - { kind: operator-error, datastore: main, rate: 1/w }
`;

/** E[restore time] by direct integration over one day: u = time since the full, second by second. */
function expectedRestore(type: 'incremental' | 'differential'): number {
  const w = 1e6, tp = 500e6, o = 60, S = 100e9;
  let sum = 0;
  const n = 86400;
  for (let s = 0; s < n; s++) {
    const u = s + 0.5;
    const k = u < 1800 ? 0 : Math.floor((u - 1800) / 3600) + 1; // pieces taken since the full
    let t = S / tp + o;
    if (k > 0) {
      const changed = Math.min(S, w * (1800 + (k - 1) * 3600));
      t += changed / tp + (type === 'incremental' ? k : 1) * o;
    }
    sum += t;
  }
  return sum / n;
}

describe('restore chain time', () => {
  for (const type of ['incremental', 'differential'] as const) {
    it(`full + ${type === 'incremental' ? 'all incrementals' : 'last differential'}: mean restore time matches the schedule average`, () => {
      const d = runData(chain(type));
      const ds = d.datastores[0];
      const exact = expectedRestore(type);
      expectInside(ds.rtoBackup.mean, exact, `E[restore] ${type}`);
      const cmp = d.comparison.find((c) => c.metric === 'rto_backup_mean[main]');
      expect(cmp?.analytic).toBeCloseTo(exact, 0);
    });
  }
  it('restores skipping backup runs are a violated assumption of rto_backup_mean (a skipped full lengthens the next chain)', () => {
    // Restores last E[restore] = expectedRestore (about 1063 s): at operator errors 1/d they occupy
    // 1063 / 86 400 = 1.2% of the time (the runs starting then are skipped; the simulated mean came out
    // +36 s, see above); at 1/y, 0.0034%, below the 0.1% at which the data rows flag it.
    const rto = (rate: string) =>
      dataExpectations(parseScenario(chain('incremental').replace('rate: 1/w', `rate: ${rate}`))).find((e) => e.metric === 'rto_backup_mean[main]')!;
    const busy = (expectedRestore('incremental') / 86400) * 100;
    expect(busy.toPrecision(2)).toBe('1.2');
    expect(rto('1/d').violations).toContain(
      `backup runs are skipped while a restore is in progress (about ${busy.toPrecision(2)}% of the time here); a skipped full lengthens the next chain, which the closed form does not count`,
    );
    expect(rto('1/y').violations.some((v) => /skipped while a restore/.test(v))).toBe(false);
  });
  it('incremental chains take longer to restore than differential ones (more pieces, same bytes without the size cap)', () => {
    // E[pieces after the full]: incremental sum_k k p_k = (1 + ... + 23)/24 + 24 x 1/48 = 12; differential P(k >= 1) = 47/48.
    expect(expectedRestore('incremental') - expectedRestore('differential')).toBeCloseTo(60 * (12 - 47 / 48), 6);
  });
});

// ---------------------------------------------------------------- deterministic catalogue behaviour

const policy = (o: Partial<BackupSpec>): BackupSpec => ({
  name: 'p', datastore: 'd', type: 'full', schedule: { type: 'every', every: H, offset: 0 }, throughput: 1e9, restoreThroughput: 1e8,
  restoreOverhead: 0, retentionAge: null, retentionCount: null, target: 'remote', failureProbability: 0, verification: 'none',
  silentCorruptionProbability: 0, source: { path: 'backups.p' }, ...o,
});

describe('backup catalogue', () => {
  const run = (cat: BackupCatalogue, p: number, t: number, corrupt = false, zone: string | null = null) => {
    const { pending, duration } = cat.start(p, t, zone, 0.5, corrupt ? 0 : 0.99);
    cat.complete(pending, t + duration);
    return pending.record;
  };

  it('builds incremental chains on the previous backup and differentials on the last full', () => {
    const cat = new BackupCatalogue([policy({}), policy({ type: 'incremental' }), policy({ type: 'differential' })], 1e9, 1e6);
    const f = run(cat, 0, 0);
    const i1 = run(cat, 1, 100);
    const i2 = run(cat, 1, 300);
    const d1 = run(cat, 2, 600);
    expect([i1.parent, i2.parent, d1.parent]).toEqual([f, i1, f]);
    expect([i1.bytes, i2.bytes, d1.bytes]).toEqual([1e8, 2e8, 6e8]);
    const { plan } = planRestore(cat, 1000);
    expect(plan).toEqual({ point: 600, duration: 10 + 6, fallbacks: 0, chainLength: 2 });
    expect(planRestore(cat, 400).plan).toMatchObject({ point: 300, duration: 10 + 1 + 2, chainLength: 3 });
  });

  it('an incremental without a full becomes a full', () => {
    const cat = new BackupCatalogue([policy({ type: 'incremental' })], 1e9, 1e6);
    expect(run(cat, 0, 0).type).toBe('full');
    expect(run(cat, 0, 10).type).toBe('incremental');
  });

  it('falls back to an older chain when a piece is silently corrupt, counting the wasted restore time', () => {
    const cat = new BackupCatalogue([policy({ silentCorruptionProbability: 0.5 }), policy({ type: 'incremental' })], 1e9, 1e6);
    run(cat, 0, 0); // full A (10 s to restore)
    run(cat, 1, 100); // incr on A (1 s)
    run(cat, 0, 1000, true); // full B, corrupt
    run(cat, 1, 1100); // incr on B
    const r = planRestore(cat, 2000);
    // Tries B + incr: B fails after 10 s; then B alone is known bad; then A + incr.
    expect(r.plan).toEqual({ point: 100, duration: 10 + 11, fallbacks: 1, chainLength: 2 });
    // The bad piece is remembered: the next restore does not retry it.
    expect(planRestore(cat, 2000).plan).toMatchObject({ point: 100, duration: 11, fallbacks: 0 });
  });

  it('expires by count and by age, and an expired full breaks its incrementals', () => {
    const cat = new BackupCatalogue([policy({ retentionCount: 2 }), policy({ type: 'incremental', retentionAge: 10 * H })], 1e9, 1e6);
    run(cat, 0, 0);
    run(cat, 1, H);
    run(cat, 0, 2 * H);
    run(cat, 0, 3 * H); // the first full expires (count 2): the incremental on it is unusable
    expect(planRestore(cat, 1.5 * H).plan).toBeNull();
    expect(planRestore(cat, 10 * H).plan?.point).toBe(3 * H);
  });

  it('a site disaster destroys local copies only', () => {
    const local = new BackupCatalogue([policy({ target: 'local' })], 1e9, 1e6);
    const both = new BackupCatalogue([policy({ target: 'both' })], 1e9, 1e6);
    run(local, 0, 0, false, 'a');
    run(both, 0, 0, false, 'a');
    local.destroyLocal('a');
    both.destroyLocal('a');
    expect(planRestore(local, 10).plan).toBeNull();
    expect(planRestore(both, 10).plan?.point).toBe(0);
  });

  it('visible failures and checksum-caught corruption record nothing', () => {
    const cat = new BackupCatalogue([policy({ failureProbability: 0.6 }), policy({ verification: 'checksum', silentCorruptionProbability: 1 })], 1e9, 1e6);
    run(cat, 0, 0); // u1 = 0.5 < 0.6: fails
    run(cat, 1, 10); // corrupt, caught
    expect(cat.records).toHaveLength(0);
  });
});

describe('data-loss faults end to end', () => {
  const scenario = (target: string, extra = '') => `
    name: site
    horizon: 10d
    replications: 1
    components:
      db: { zone: a, failure: none, repair: none }
      replica: { zone: b, failure: none, repair: none }
    datastores:
      main:
        primary: db
        replicas: [replica]
        replication: { mode: async, lag: 1s }
        write_rate: 1MB/s
        size: 10GB
    backups:
      nightly: { datastore: main, type: full, schedule: { cron: "0 2 * * *" }, throughput: 1GB/s, target: ${target} }
    faults:
      ${extra}
  `;

  it('an operator error replicates: the replica does not help, the last backup before it does', () => {
    const d = runData(scenario('local', '- { kind: operator-error, datastore: main, at: 3d 5h, detection: 1h }'));
    expect(d.datastores[0].bySource).toEqual({ replica: 0, backup: 1, none: 0 });
    // Last backup at day 3 02:00; incident at 05:00: RPO 3 h. RTO = detection 1 h + 10 GB at 1 GB/s.
    expect(d.datastores[0].rpo.mean.estimate).toBe(3 * H);
    expect(d.datastores[0].rto.mean.estimate).toBe(H + 10);
  });

  it('a site disaster fails over to the replica in the other zone (loss = lag)', () => {
    const d = runData(scenario('local', '- { kind: site-disaster, zone: a, at: 3d 5h }'));
    expect(d.datastores[0].bySource).toEqual({ replica: 1, backup: 0, none: 0 });
    expect(d.datastores[0].rpo.mean.estimate).toBe(1);
  });

  it('a site disaster after an operator error: local-only backups are gone, remote ones survive', () => {
    // The disaster at 00:00 takes the primary and the local copies of days 0-2; the error comes before the
    // first backup of the new primary (02:00, zone b).
    const faults = '- { kind: site-disaster, zone: a, at: 3d }\n      - { kind: operator-error, datastore: main, at: 3d 1h }';
    const local = runData(scenario('local', faults)).datastores[0];
    expect(local.bySource.none).toBe(1);
    expect(local.unrecoverableInWindow.estimate).toBe(1);
    const remote = runData(scenario('remote', faults)).datastores[0];
    expect(remote.bySource).toEqual({ replica: 1, backup: 1, none: 0 });
  });
});
