/**
 * Point-in-time recovery (continuous archiving, src/data/wal-archive.ts): the simulated RPO, replay time
 * and RTO of restores reproduce closed forms derived here from first principles (docs/data.md,
 * "Point-in-time recovery"), within their 95% CIs at seeds fixed before looking:
 * - the archive holds the log up to now - L (L the archive lag); an archiver that fails (exponential up
 *   times, mean m) and is repaired in a fixed r is stopped a fraction pi_d = r / (m + r) of the time, and an
 *   incident meeting an outage finds it stopped since a ~ U(0, r) (alternating renewal process; Ross,
 *   Stochastic Processes, 1996, sec. 3.4); the archive then ends where the archiver stopped;
 * - a restore noticed after delta replays up to the incident when the archive reached it:
 *   RPO = (X - delta)+ with X = L (archiver up) or a + L (stopped);
 * - replay = (age of the newest backup - RPO) x wal_rate / replay_rate; a daily full of duration d is the
 *   newest usable backup aged T/2 + (d - delta)+ on average (Young 1974, the backup counting from its start).
 * Lag U(0, 60 s) and outages of 10 min stay below the backup duration (1000 s), so the restore never stops
 * at the backup's own point and the formulas are exact.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../src/scenario-document/load.js';
import { expectInside, runData, yaml } from './helpers/data.js';
import { cappedPitrLoss, type RefBackups } from './reference/pitr-capped.js';

const T = 86400;
const D0 = 1000; // 100 GB at 100 MB/s
const BASE = 10; // 100 GB at 10 GB/s
const WAL_OVER_REPLAY = 1 / 500; // 1 MB/s of log replayed at 500 MB/s
const MEAN_LAG = 30; // U(0, 60 s)
const R = 600;
const M = 6 * 3600;
const PI_DOWN = R / (M + R);

/** One datastore on a host that never fails, one full backup policy, one data fault. */
const scenario = (archive: string, fault: string, { size = '100GB', every = '1d', seed = 20261202 } = {}) => `
  name: point-in-time recovery
  horizon: 1y
  replications: 100
  seed: ${seed}
  components:
    db: { failure: none, repair: none }
  datastores:
    main:
      primary: db
      write_rate: 1MB/s
      size: ${size}
      archive: ${archive}
  backups:
    full: { datastore: main, type: full, schedule: { every: ${every} }, throughput: 100MB/s, restore_throughput: 10GB/s }
  faults:
    - ${fault}
`;
const FAILING = '{ lag: { uniform: { min: 0s, max: 60s } }, replay_rate: 500MB/s, failure: { exponential: { mtbf: 6h } }, repair: 10m }';

describe('point-in-time recovery: closed forms', () => {
  it('noticed at once: E[RPO] = E[L] + pi_d r/2, E[replay] = (T/2 + d - E[RPO]) w/rho, E[RTO] = base restore + replay', () => {
    const d = runData(scenario(FAILING, '{ kind: operator-error, datastore: main, rate: 1/w }'));
    const ds = d.datastores[0];
    const rpo = MEAN_LAG + PI_DOWN * (R / 2);
    const replay = (T / 2 + D0 - rpo) * WAL_OVER_REPLAY;
    expect(ds.bySource.backup).toBeGreaterThan(4000);
    expectInside(ds.rpoBackup.mean, rpo, 'E[RPO]');
    expectInside(ds.pitr!.replay.mean, replay, 'E[replay]');
    expectInside(ds.rtoBackup.mean, BASE + replay, 'E[RTO]');
    // Without archiver failures the mean would be E[L] = 30 s: the outage term is seen.
    expect(ds.rpoBackup.mean.ci95![0]).toBeGreaterThan(MEAN_LAG);
    expectInside(ds.pitr!.archiverAvailability, 1 - PI_DOWN, 'archiver availability');
    // The analytic column prints the same values.
    const analytic = (m: string) => d.comparison.find((c) => c.metric === `${m}[main]`)?.analytic;
    expect(analytic('rpo_pitr_mean')).toBeCloseTo(rpo, 6);
    expect(analytic('replay_mean')).toBeCloseTo(replay, 4);
    expect(analytic('rto_pitr_mean')).toBeCloseTo(BASE + replay, 4);
  });

  it('noticed after delta = 20 s: E[RPO] = (1 - pi_d) E[(L - delta)+] + pi_d E[(a + L - delta)+]', () => {
    const delta = 20;
    const d = runData(scenario(FAILING, `{ kind: operator-error, datastore: main, rate: 1/w, detection: ${delta}s }`));
    const ds = d.datastores[0];
    // L ~ U(0, 60): E[(L - 20)+] = 40^2 / (2 x 60).
    const up = (60 - delta) ** 2 / 120;
    // a ~ U(0, 600), L ~ U(0, 60) independent: E[(a + L - delta)+] = E[a] + E[L] - delta + E[(delta - a - L)+],
    // the last term the volume under delta - a - L over the triangle a + L < delta: delta^3 / 6 / (600 x 60).
    const down = R / 2 + MEAN_LAG - delta + delta ** 3 / 6 / (R * 60);
    const rpo = (1 - PI_DOWN) * up + PI_DOWN * down;
    const replay = (T / 2 + (D0 - delta) - rpo) * WAL_OVER_REPLAY;
    expectInside(ds.rpoBackup.mean, rpo, 'E[RPO] with detection');
    expectInside(ds.rtoBackup.mean, delta + BASE + replay, 'E[RTO] with detection');
    const analytic = (m: string) => d.comparison.find((c) => c.metric === `${m}[main]`)?.analytic as number;
    expect(Math.abs(analytic('rpo_pitr_mean') - rpo)).toBeLessThan(0.02); // midpoint rules over the lag and outage laws
    expect(Math.abs(analytic('rto_pitr_mean') - (delta + BASE + replay))).toBeLessThan(0.02);
  });
});

describe('point-in-time recovery: outages longer than the backup age (the cap)', () => {
  // Hourly fulls of 10 GB (100 s), lag U(0, 60 s), archiver up Exp(6 h) and stopped for a fixed 3 h: an
  // incident meeting an outage usually finds the newest backup newer than the archive's end, so each loss
  // is min(X, A) (reference model test/reference/pitr-capped.ts; seed 15301, chosen before looking).
  const archive = '{ lag: { uniform: { min: 0s, max: 60s } }, replay_rate: 500MB/s, failure: { exponential: { mtbf: 6h } }, repair: 3h }';
  const ref: RefBackups = { period: 3600, starts: [0], loss: 0, busy: 100 };

  it('E[RPO] = (1 - pi_d) E[min(L, A)] + pi_d E[min(a + L, A)]: formula = reference, inside the simulated CI', () => {
    const exact = cappedPitrLoss(ref, 60, 6 * 3600, 3 * 3600);
    // Without the cap the mean would be E[L] + pi_d r/2 = 30 + 5400/3 = 1830 s.
    expect(exact).toBeLessThan(1000);
    const d = runData(scenario(archive, '{ kind: operator-error, datastore: main, rate: 1/w }', { size: '10GB', every: '1h', seed: 15301 }));
    const row = d.comparison.find((c) => c.metric === 'rpo_pitr_mean[main]');
    // Both sides are midpoint rules (here 320 outage ages x 160 lags; the reference 600 x 60 x 60 points).
    expect(Math.abs((row?.analytic as number) - exact) / exact).toBeLessThan(2e-3);
    expect(row?.verdict).toBe('agrees');
    expectInside(d.datastores[0].rpoBackup.mean, exact, 'E[RPO] capped');
  });
});

describe('point-in-time recovery: archive storage', () => {
  // Hourly fulls of 10 GB (100 s), disk losses of the only copy once a week (rare: rewinds move the mean < 4 s).
  const store = (storage: string) =>
    scenario(`{ lag: { uniform: { min: 0s, max: 60s } }, replay_rate: 500MB/s, storage: ${storage} }`, '{ kind: disk-loss, target: db, rate: 1/w }', { size: '10GB', every: '1h', seed: 7 });

  it('a remote archive survives the disk: E[RPO] = E[L]', () => {
    const ds = runData(store('remote')).datastores[0];
    expectInside(ds.rpoBackup.mean, MEAN_LAG, 'E[RPO] remote');
    expect(ds.pitr!.replay.mean.estimate).toBeGreaterThan(0);
  });

  it('a local archive dies with the disk: the restore stops at the backup, E[RPO] = T/2 + d (Young 1974) less the rewinds, no replay', () => {
    const ds = runData(store('local')).datastores[0];
    // Restores rewind the database, so a loss counts only the writes since the previous restore ended:
    // E[min(Y, (X - D)+)] = e^(-lambda D) (1 - E[e^(-lambda Y)]) / lambda, Y = U + T 1[U < d], U ~ U(0, T),
    // X ~ Exp(lambda), D = 1 s; E[e^(-lambda Y)] = (e^(-lambda T)(1 - e^(-lambda d)) + e^(-lambda d) - e^(-lambda T)) / (lambda T).
    const lambda = 1 / (7 * 86400), Th = 3600, dd = 100, D = 1;
    const laplace = (Math.exp(-lambda * Th) * (1 - Math.exp(-lambda * dd)) + Math.exp(-lambda * dd) - Math.exp(-lambda * Th)) / (lambda * Th);
    const exact = (Math.exp(-lambda * D) * (1 - laplace)) / lambda;
    expect(exact).toBeCloseTo(1896.1, 0); // T/2 + d = 1900 s for rare incidents
    expectInside(ds.rpoBackup.mean, exact, 'E[RPO] local');
    expect(ds.pitr!.replay.max).toBe(0);
  });
});

describe('point-in-time recovery: scenario errors', () => {
  it('an archiver failure law needs a repair law (file:line:col and path)', () => {
    const text = yaml(scenario('{ lag: 30s, replay_rate: 500MB/s, failure: { exponential: { mtbf: 30d } } }', '{ kind: operator-error, datastore: main, rate: 1/w }'));
    expect(() => parseScenario(text, 'pitr.yaml')).toThrow(/pitr\.yaml:\d+:\d+.*datastores\.main\.archive.*repair/s);
  });

  it('replay_rate is required and must be a throughput', () => {
    const text = yaml(scenario('{ lag: 30s, replay_rate: fast }', '{ kind: operator-error, datastore: main, rate: 1/w }'));
    expect(() => parseScenario(text, 'pitr.yaml')).toThrow(/datastores\.main\.archive\.replay_rate/);
  });
});

describe('point-in-time recovery: archive holes (by hand)', () => {
  // One day of backups from t = 0 (10 GB, instantaneous), restore 100 s, log 1 MB/s replayed at 100 MB/s,
  // archive lag 10 s; the archiver stops at 10 h and is repaired at 12 h (then stops again at 22 h).
  const H = 3600;
  const hand = (members: string, replication: string, storage: string, archiver: string) => `
    name: archive holes
    horizon: 2d
    replications: 1
    seed: 3
    components:
      db: { count: ${members}, failure: none, repair: none }
    datastores:
      main:
        primary: "db[1]"
        ${replication}
        write_rate: 1MB/s
        size: 10GB
        archive: { lag: 10s, replay_rate: 100MB/s, storage: ${storage}${archiver} }
    backups:
      daily: { datastore: main, type: full, schedule: { every: 1d }, throughput: 1TB/s, restore_throughput: 100MB/s }
    faults:
      - { kind: disk-loss, target: "db[1]", at: 11h }
      - { kind: operator-error, datastore: main, at: 20h }
  `;
  const STOPS = ', failure: 10h, repair: 2h';
  const loss = (ds: ReturnType<typeof runData>['datastores'][number], cause: string) => ds.rpoByCause.find((c) => c.cause === cause)!.rpo.max;

  it('a restore while the archiver is stopped ends where it stopped; the hole it leaves is on the discarded timeline', () => {
    const ds = runData(hand('2', '', 'remote', STOPS)).datastores[0]; // db[2] holds no copy
    // 11 h: back to 10 h - 10 s, replay (10 h - 10 s) / 100, RTO 100 s + that.
    expect(loss(ds, 'disk-loss')).toBeCloseTo(H + 10, 6);
    const firstRestore = 100 + (10 * H - 10) / 100;
    // 20 h: archiver up again, back to 20 h - 10 s over the new timeline: the log of (10 h - 10 s, 11 h + restore]
    // was thrown away by the first restore, so the replay skips it.
    expect(loss(ds, 'operator-error')).toBeCloseTo(10, 6);
    const replay = (20 * H - 10 - (H + 10 + firstRestore)) / 100;
    expect(ds.pitr!.replay.max).toBeCloseTo(replay, 6);
    expect(ds.rtoBackup.max).toBeCloseTo(100 + replay, 6);
  });

  it('a primary disk lost while the archiver is stopped, with a failover: the waiting log is a hole in the live history', () => {
    const ds = runData(hand('2', 'replicas: ["db[2]"]\n        replication: { mode: async, lag: 1s }', 'remote', STOPS)).datastores[0];
    expect(loss(ds, 'disk-loss')).toBeCloseTo(1, 6); // promotion loses the replication lag
    // 20 h: the replay from the backup at 0 stops at the hole (10 h - 10 s, 11 h].
    expect(loss(ds, 'operator-error')).toBeCloseTo(10 * H + 10, 6);
    expect(ds.pitr!.replay.max).toBeCloseTo((10 * H - 10) / 100, 6);
  });

  it('a local archive dies with the old primary\'s disk after a failover; a remote one does not', () => {
    const local = runData(hand('2', 'replicas: ["db[2]"]\n        replication: { mode: async, lag: 1s }', 'local', '')).datastores[0];
    // The log of [0, 11 h) was on db[1]: the restore stops at the backup of t = 0.
    expect(loss(local, 'operator-error')).toBeCloseTo(20 * H, 6);
    expect(local.pitr!.replay.max).toBe(0);
    const remote = runData(hand('2', 'replicas: ["db[2]"]\n        replication: { mode: async, lag: 1s }', 'remote', '')).datastores[0];
    expect(loss(remote, 'operator-error')).toBeCloseTo(10, 6);
  });
});
