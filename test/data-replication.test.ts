/**
 * Replication: async promotion loses E[lag] (Kleppmann 2017, ch. 5), sync loses nothing, quorum W of N
 * loses data only when W copies are gone, and read splitting reads stale data with probability
 * replica_fraction x P(lag > read-after-write gap) (exponential laws: m / (m + g)). Fixed seeds; exact
 * values computed here.
 */
import { describe, expect, it } from 'vitest';
import { quorumMissProbability } from '../src/data/quorum.js';
import { expectInside, runData } from './helpers/data.js';

const pair = (mode: string, extra = '') => `
  name: replicated pair
  horizon: 1y
  replications: 40
  seed: 3
  components:
    a: { zone: z1, failure: { exponential: { mtbf: 100h } }, repair: { fixed: 1h } }
    b: { zone: z2, failure: { exponential: { mtbf: 100h } }, repair: { fixed: 1h } }
  datastores:
    main:
      primary: a
      replicas: [b]
      replication: ${mode}
      promotion: { fixed: 90s }
      write_rate: 1MB/s
      size: 10GB
      ${extra}
`;

describe('failover by promotion', () => {
  it('async: a promotion loses the replication lag, E[RPO] = E[lag]', () => {
    const d = runData(pair('{ mode: async, lag: { exponential: { mean: 5s } } }'));
    const ds = d.datastores[0];
    expect(ds.bySource.replica).toBeGreaterThan(2000);
    expect(ds.byCause.failover).toBe(ds.incidents);
    expectInside(ds.rpoReplica.mean, 5, 'E[RPO] async');
    expect(d.comparison.find((c) => c.metric === 'rpo_replica_mean[main]')?.verdict).toBe('agrees');
    // RTO = promotion time, plus the wait for the replica when it was down too (repair 1 h).
    expect(ds.rto.p50.estimate).toBe(90);
    expect(ds.rto.max).toBeLessThanOrEqual(3600 + 90);
    // Bytes lost per year = incidents/y x E[lag] x write rate (ratio of means, so compare with the CI of the product's factors).
    expect(ds.bytesLostPerYear.estimate).toBeGreaterThan(0);
  });

  it('sync: promotions lose nothing, but writes stop when the only replica is down', () => {
    const d = runData(pair('{ mode: sync }', 'reads: { replica_fraction: 50% }'));
    const ds = d.datastores[0];
    expect(ds.incidents).toBeGreaterThan(2000);
    expect(ds.rpo.max).toBe(0);
    expect(ds.bytesLostPerYear.estimate).toBe(0);
    expect(ds.staleReadFraction?.estimate).toBe(0);
    // Writes need both members up (each is down ~1 % of the time) and stop during promotions: < 98.5 %.
    expect(ds.writeAvailability.estimate!).toBeLessThan(0.985);
    const asyncDs = runData(pair('{ mode: async, lag: 1s }')).datastores[0];
    expect(asyncDs.writeAvailability.estimate!).toBeGreaterThan(ds.writeAvailability.estimate!);
  });
});

describe('read/write splitting', () => {
  it('stale-read fraction = replica_fraction x m / (m + g) for exponential lag m and gap g (replicas always up)', () => {
    const d = runData(`
      name: reads
      horizon: 30d
      replications: 200
      seed: 8
      components:
        p: { failure: none, repair: none }
        r: { failure: none, repair: none }
      datastores:
        main:
          primary: p
          replicas: [r]
          replication: { mode: async, lag: { exponential: { mean: 2s } } }
          write_rate: 1MB/s
          size: 1GB
          reads: { replica_fraction: 80%, read_after_write: { exponential: { mean: 6s } } }
    `);
    expectInside(d.datastores[0].staleReadFraction!, 0.8 * (2 / (2 + 6)), 'stale-read fraction');
    const cmp = d.comparison.find((c) => c.metric === 'stale_read_fraction[main]');
    expect(cmp?.analytic).toBeCloseTo(0.2, 6);
    expect(cmp?.verdict).toBe('agrees');
  });
});

describe('quorum replication', () => {
  it('C(N-W, R) / C(N, R): a read quorum misses the write quorum', () => {
    expect(quorumMissProbability({ n: 3, w: 1, r: 1 })).toBeCloseTo(2 / 3, 12);
    expect(quorumMissProbability({ n: 5, w: 2, r: 2 })).toBeCloseTo(3 / 10, 12);
    expect(quorumMissProbability({ n: 3, w: 2, r: 2 })).toBe(0);
  });

  const quorum = (faults: string) => `
    name: quorum
    horizon: 10d
    replications: 1
    components:
      n1: { zone: a, failure: none, repair: none }
      n2: { zone: a, failure: none, repair: none }
      n3: { zone: b, failure: none, repair: none }
    datastores:
      kv:
        primary: n1
        replicas: [n2, n3]
        replication: { mode: quorum, lag: 2s, w: 2, r: 2 }
        write_rate: 1MB/s
        size: 1TB
        rebuild_throughput: 100MB/s
    backups:
      daily: { datastore: kv, type: full, schedule: { every: 1d }, throughput: 10GB/s }
    faults:
      ${faults}
  `;

  it('losing fewer than W copies loses nothing', () => {
    expect(runData(quorum('- { kind: disk-loss, target: n1, at: 2d }')).datastores[0].incidents).toBe(0);
  });
  it('losing W copies before they are rebuilt loses the lag window', () => {
    const ds = runData(quorum('- { kind: site-disaster, zone: a, at: 2d }')).datastores[0];
    expect(ds.bySource).toEqual({ replica: 1, backup: 0, none: 0 });
    expect(ds.rpo.mean.estimate).toBe(2);
  });
  // Rule (Kleppmann 2017, ch. 5): a write is held by its W acknowledgers until anti-entropy spreads it
  // after the lag; members lost before the write could not acknowledge it. Two losses delta apart lose the
  // writes of (t2 - lag, t1]: max(0, lag - delta) seconds.
  it('losing W copies one after the other loses max(0, lag - delta): only writes acknowledged by both and not yet spread', () => {
    const near = '- { kind: disk-loss, target: n1, at: 2d }\n      - { kind: disk-loss, target: n3, at: 2d 0.5s }';
    const ds = runData(quorum(near)).datastores[0];
    expect(ds.incidents).toBe(1);
    expect(ds.rpo.mean.estimate).toBeCloseTo(2 - 0.5, 9);
    // One hour apart (well within the 10000 s rebuild of 1 TB at 100 MB/s): every write since the first
    // loss is on the two other members, everything older has spread: nothing is lost.
    const apart = '- { kind: disk-loss, target: n1, at: 2d }\n      - { kind: disk-loss, target: n3, at: 2d 1h }';
    expect(runData(quorum(apart)).datastores[0].incidents).toBe(0);
  });
  it('losing all N copies needs the backup', () => {
    const all = '- { kind: site-disaster, zone: a, at: 2d 6h }\n      - { kind: disk-loss, target: n3, at: 2d 7h }';
    const ds = runData(quorum(all)).datastores[0];
    expect(ds.bySource).toEqual({ replica: 1, backup: 1, none: 0 });
    expect(ds.rpoBackup.mean.estimate).toBe(7 * 3600);
  });
});

describe('corruption and crash handling', () => {
  const one = (extra: string, faults: string) => `
    name: corruption
    horizon: 10d
    replications: 1
    components:
      p: { failure: none, repair: none }
      r: { failure: none, repair: none }
    datastores:
      main:
        primary: p
        replicas: [r]
        replication: { mode: async, lag: 3s }
        promotion: { fixed: 45s }
        write_rate: 1MB/s
        size: 1GB
        ${extra}
    backups:
      daily: { datastore: main, type: full, schedule: { every: 1d }, throughput: 1GB/s }
    faults:
      ${faults}
  `;
  it('a corruption (not replicated) is fixed by promoting the replica once noticed: RPO = lag, RTO = detection + promotion', () => {
    const ds = runData(one('', '- { kind: corruption, datastore: main, at: 2d 5h, detection: 10m }')).datastores[0];
    expect(ds.bySource).toEqual({ replica: 1, backup: 0, none: 0 });
    expect(ds.rpo.mean.estimate).toBe(3);
    expect(ds.rto.mean.estimate).toBe(600 + 45);
    // Writes stop during the promotion only.
    expect(ds.writeAvailability.estimate).toBeCloseTo(1 - 45 / (10 * 86400), 12);
  });
  it('failover_on_crash: false keeps the crashed primary (no promotion, no loss)', () => {
    const crash = '- { kind: crash, target: p, at: 3d, duration: 1h }';
    expect(runData(one('failover_on_crash: false', crash)).datastores[0].incidents).toBe(0);
    const auto = runData(one('', crash)).datastores[0];
    expect(auto.byCause).toEqual({ failover: 1 });
    expect(auto.rpo.mean.estimate).toBe(3);
  });
});
