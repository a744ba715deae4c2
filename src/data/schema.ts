/**
 * The zod schema of the data-durability keys of a scenario (`datastores`, `backups`, `streams` and the
 * data-loss fault kinds of `faults`); see docs/scenario-format.md, "Data durability". Built from the leaf
 * and container helpers of schema.ts, which passes them in (`makeDataSchemas`), so there is no runtime
 * import cycle. Output keeps the document's shape with units converted (bytes, bytes/s, seconds).
 */
import * as z from 'zod';
import type { SchemaKit } from '../scenario/schema-laws.js';
import { SIZE_EXPECTED, THROUGHPUT_EXPECTED, tryParseSize, tryParseThroughput } from '../scenario/size.js';
import { DATA_FAULT_KINDS } from './types.js';
import { describeValue } from '../scenario/duration.js';

/** The data leaf values: sizes (bytes), throughputs (bytes/s, > 0) and references (non-empty names). */
function dataLeaves({ leaf }: SchemaKit) {
  const size = (positive: boolean) =>
    leaf(SIZE_EXPECTED + (positive ? ', greater than 0' : ''), (v) => {
      const r = tryParseSize(v);
      return r.ok && positive && r.value === 0 ? { ok: false as const, problem: `${JSON.stringify(v)} is zero` } : r;
    });
  const throughput = () =>
    leaf(THROUGHPUT_EXPECTED + ', greater than 0', (v) => {
      const r = tryParseThroughput(v);
      return r.ok && r.value === 0 ? { ok: false as const, problem: `${JSON.stringify(v)} is a zero throughput` } : r;
    });
  const ref = (what: string) =>
    leaf(what, (v) => (typeof v === 'string' && v !== '' ? { ok: true as const, value: v } : { ok: false as const, problem: `got ${describeValue(v)}` }));
  return { size, throughput, ref };
}

const ARCHIVE_EXPECTED = 'archive { lag, replay_rate, storage?: local | remote, wal_rate?, failure?, repair? }';

/** Continuous WAL/binlog archiving of a datastore (point-in-time recovery). */
function archiveSchema(h: SchemaKit) {
  const { obj, word, fail, failKey } = h;
  const { throughput } = dataLeaves(h);
  const law = h.faultDuration;
  return obj(
    {
      lag: law,
      replay_rate: throughput(),
      storage: word(['local', 'remote'] as const).optional(),
      wal_rate: throughput().optional(),
      failure: law.optional(),
      repair: law.optional(),
    },
    ARCHIVE_EXPECTED,
  ).superRefine((v, ctx) => {
    if (v.failure !== undefined && v.repair === undefined) fail(ctx, { missing: true, expected: 'the time to repair a stopped archiver (a duration or a distribution)' }, ['repair']);
    if (v.failure === undefined && v.repair !== undefined) failKey(ctx, 'repair', 'repair is given but the archiver never fails', 'repair only with failure');
  });
}

/** A datastore: members, replication (sync | async | quorum), promotion, write rate, size, read splitting. */
function datastoreSchema(h: SchemaKit) {
  const { obj, list, integer, word, boolean, probability, fail, failKey } = h;
  const { size, throughput, ref } = dataLeaves(h);
  const law = h.faultDuration;
  return obj(
    {
      primary: ref('a component name (count 1) or an instance id such as db[1]'),
      replicas: list(ref('a component name or an instance id'), 'a list of component names or instance ids').optional(),
      replication: obj(
        {
          mode: word(['sync', 'async', 'quorum'] as const),
          lag: law.optional(),
          n: integer(1).optional(),
          w: integer(1).optional(),
          r: integer(1).optional(),
        },
        'replication { mode: sync | async | quorum, lag?, n?, w?, r? }',
      ).optional(),
      promotion: law.optional(),
      failover_on_crash: boolean().optional(),
      write_rate: throughput(),
      size: size(true),
      rebuild_throughput: throughput().optional(),
      initial_backup: boolean().optional(),
      reads: obj(
        { replica_fraction: probability(), read_after_write: law.optional() },
        'reads { replica_fraction, read_after_write? }',
      ).optional(),
      archive: archiveSchema(h).optional(),
    },
    'a datastore { primary, replicas?, replication?, promotion?, write_rate, size, reads?, archive? }',
  ).superRefine((v, ctx) => {
    const m = v.replication;
    if (!m) return;
    if (m.mode === 'sync' && m.lag !== undefined) failKey(ctx, 'lag', 'a synchronous replica has no lag', 'no lag with mode: sync');
    if (m.mode !== 'sync' && m.lag === undefined) fail(ctx, { missing: true, expected: 'the replication lag law (a duration or a distribution)' }, ['replication', 'lag']);
    for (const k of ['n', 'w', 'r'] as const) {
      if (m.mode !== 'quorum' && m[k] !== undefined) failKey(ctx, k, `${k} is given for mode ${m.mode}`, `${k} only with mode: quorum`);
    }
    if (m.mode === 'quorum' && m.w === undefined) fail(ctx, { missing: true, expected: 'the write quorum W (an integer >= 1)' }, ['replication', 'w']);
  });
}

/** A backup policy: datastore, type, schedule (every/offset or cron), speeds, retention, copies, failures. */
function backupSchema(h: SchemaKit) {
  const { obj, duration, probability, integer, word, nested, fail, failKey, isMapping } = h;
  const { throughput, ref } = dataLeaves(h);
  const SCHEDULE_EXPECTED = 'a schedule { every: <duration>, offset?: <duration> } or { cron: "<min> <hour> <day> <month> <weekday>" }';
  const schedule = obj(
    { every: duration(true).optional(), offset: duration().optional(), cron: h.text(true).optional() },
    SCHEDULE_EXPECTED,
  ).superRefine((v, ctx) => {
    if (v.every !== undefined && v.cron !== undefined) failKey(ctx, 'cron', 'both every and cron are given', SCHEDULE_EXPECTED);
    if (v.every === undefined && v.cron === undefined) fail(ctx, { problem: 'neither every nor cron is given', expected: SCHEDULE_EXPECTED });
    if (v.cron !== undefined && v.offset !== undefined) failKey(ctx, 'offset', 'offset is given with cron', 'offset only with every');
  });

  const retentionObject = obj({ age: duration(true).optional(), count: integer(1).optional() }, 'retention: a duration, or { age?, count? }');
  const retention = z.unknown().transform((v, ctx): { age?: number; count?: number } =>
    isMapping(v) ? nested(ctx, retentionObject, v) : { age: nested(ctx, duration(true), v) },
  );

  return obj(
    {
      datastore: ref('a datastore name'),
      type: word(['full', 'incremental', 'differential'] as const),
      schedule,
      throughput: throughput(),
      restore_throughput: throughput().optional(),
      restore_overhead: duration().optional(),
      retention: retention.optional(),
      target: word(['local', 'remote', 'both'] as const).optional(),
      failure_probability: probability().optional(),
      verification: word(['checksum', 'none'] as const).optional(),
      silent_corruption_probability: probability().optional(),
    },
    'a backup { datastore, type, schedule, throughput, restore_throughput?, retention?, target?, failure_probability?, verification?, silent_corruption_probability? }',
  ).superRefine((v, ctx) => {
    if (v.failure_probability === 1) fail(ctx, { problem: 'every backup would fail', expected: 'a probability below 1' }, ['failure_probability']);
  });
}

/** A checkpointing stream processor. */
function streamSchema(h: SchemaKit) {
  const { obj, duration, rate, integer, word, fail } = h;
  const { size, throughput, ref } = dataLeaves(h);
  return obj(
    {
      instances: ref('a component name'),
      input_rate: rate(),
      capacity: rate(),
      checkpoint: obj({ interval: duration(true), duration: duration() }, 'checkpoint { interval, duration }'),
      state_size: size(false).optional(),
      state_restore_throughput: throughput().optional(),
      restart: h.faultDuration.optional(),
      spare_instances: integer(0).optional(),
      delivery: word(['at_least_once', 'at_most_once', 'exactly_once'] as const).optional(),
    },
    'a stream { instances, input_rate, capacity, checkpoint { interval, duration }, state_size?, restart?, spare_instances?, delivery? }',
  ).superRefine((v, ctx) => {
    if (v.capacity <= v.input_rate) {
      fail(ctx, { problem: `capacity (${v.capacity}/s) is not above input_rate (${v.input_rate}/s): the job could never catch up`, expected: 'a capacity greater than input_rate' }, ['capacity']);
    }
    if (v.checkpoint.duration >= v.checkpoint.interval) {
      fail(ctx, { problem: 'the checkpoint duration is not shorter than its interval', expected: 'a duration shorter than interval' }, ['checkpoint', 'duration']);
    }
  });
}

/** A data-loss fault entry of `faults` (disk-loss, corruption, operator-error, site-disaster). */
function dataFaultSchema(h: SchemaKit) {
  const { obj, duration, rate, word, fail, failKey } = h;
  const { ref } = dataLeaves(h);
  const SCHEDULE_FAULT = 'exactly one of at (once) or rate (Poisson arrivals)';
  return obj(
    {
      kind: word(DATA_FAULT_KINDS),
      target: ref('a component name or instance id').optional(),
      datastore: ref('a datastore name').optional(),
      zone: h.zoneName().optional(),
      at: duration().optional(),
      rate: rate().optional(),
      detection: h.faultDuration.optional(),
    },
    'a data fault { kind, target | datastore | zone, at | rate, detection? }',
  ).superRefine((v, ctx) => {
    const need: Record<string, 'target' | 'datastore' | 'zone'> = {
      'disk-loss': 'target',
      corruption: 'datastore',
      'operator-error': 'datastore',
      'site-disaster': 'zone',
    };
    const key = need[v.kind];
    for (const k of ['target', 'datastore', 'zone'] as const) {
      if (k !== key && v[k] !== undefined) failKey(ctx, k, `a ${v.kind} fault has no ${k}`, `${key} only`);
    }
    if (v[key] === undefined) fail(ctx, { missing: true, expected: key === 'zone' ? 'the zone destroyed' : key === 'target' ? 'the component or instance whose disk is lost' : 'the datastore hit' }, [key]);
    if ((v.kind === 'disk-loss' || v.kind === 'site-disaster') && v.detection !== undefined) {
      failKey(ctx, 'detection', `a ${v.kind} is noticed at once`, 'detection only for corruption and operator-error');
    }
    if (v.at !== undefined && v.rate !== undefined) failKey(ctx, 'rate', 'both at and rate are given', SCHEDULE_FAULT);
    if (v.at === undefined && v.rate === undefined) fail(ctx, { problem: 'neither at nor rate is given', expected: SCHEDULE_FAULT });
  });
}

/** Builds the data schemas from schema.ts's helpers. */
export function makeDataSchemas(h: SchemaKit) {
  return { datastore: datastoreSchema(h), backup: backupSchema(h), stream: streamSchema(h), dataFault: dataFaultSchema(h), oneOf: h.oneOf };
}

export type DataSchemas = ReturnType<typeof makeDataSchemas>;
export type RawDatastore = z.output<DataSchemas['datastore']>;
export type RawBackup = z.output<DataSchemas['backup']>;
export type RawStream = z.output<DataSchemas['stream']>;
export type RawDataFault = z.output<DataSchemas['dataFault']>;
