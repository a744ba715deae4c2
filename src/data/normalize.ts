/**
 * Raw data-durability keys -> `DataSpec` (see data-types.ts): resolves component/instance references,
 * checks datastore membership, quorum bounds, cron expressions and backup/fault references, and applies
 * the documented defaults.
 */
import { didYouMean, formatPath, type PathSegment } from '../scenario/errors.js';
import { parseCron, CRON_EXPECTED, cronEverFires } from '../scenario/cron.js';
import type { RawDataFault, RawDatastore, RawStream } from './schema.js';
import type { RawScenario } from '../core/schema.js';
import type { ArchiveSpec, DataFaultSpec, DataSpec, DatastoreSpec, BackupSpec, StreamSpec } from './types.js';
import { DATA_FAULT_KINDS } from './types.js';
import type { InstanceSpec } from '../core/types.js';
import type { SourceLocator } from '../scenario/errors.js';
import type { SourceRef } from '../scenario/primitives.js';
import { toDistribution } from '../scenario/schema-laws.js';
import { formatDuration } from '../scenario/duration.js';

/** Default promotion time: Amazon RDS Multi-AZ failovers "typically complete within 60-120 s" (RDS User Guide). */
export const DEFAULT_PROMOTION = 60;
/** Default replica re-seeding speed, bytes/s (ESTIMATE: ~100 MB/s, a pg_basebackup over a 1 Gbit/s link). */
export const DEFAULT_REBUILD_THROUGHPUT = 100e6;
/** Default stream restart time (ESTIMATE: Flink fixed-delay restart strategy, 10 s delay + scheduling). */
export const DEFAULT_STREAM_RESTART = 30;
/**
 * Default spare slots of a stream job (ESTIMATE: a cluster with room for one more worker, so one lost
 * worker at a time is replaced at once, as before issue 11; concurrent losses such as a zone outage
 * reduce capacity).
 */
export const DEFAULT_SPARE_INSTANCES = 1;

type Add = (path: PathSegment[], problem: string, expected: string) => void;

/** A stream processor with its defaults applied; `instances` already resolved to instance ids. */
function buildStream(name: string, s: RawStream, instances: string[], source: StreamSpec['source']): StreamSpec {
  return {
    name,
    instances,
    inputRate: s.input_rate,
    capacity: s.capacity,
    checkpointInterval: s.checkpoint.interval,
    checkpointDuration: s.checkpoint.duration,
    stateSize: s.state_size ?? 0,
    stateRestoreThroughput: s.state_restore_throughput ?? DEFAULT_REBUILD_THROUGHPUT,
    restart: s.restart ? toDistribution(s.restart) : { kind: 'fixed', value: DEFAULT_STREAM_RESTART },
    spareInstances: s.spare_instances ?? DEFAULT_SPARE_INSTANCES,
    delivery: s.delivery ?? 'at_least_once',
    source,
  };
}

/** True for a fault of one of the data-loss kinds. */
export function isDataFault(f: { kind: string }): f is RawDataFault {
  return (DATA_FAULT_KINDS as readonly string[]).includes(f.kind);
}

/** What is wrong with a backup's cron expression (syntax, or a date that never comes), or null. */
function cronProblem(expression: string): { problem: string; expected: string } | null {
  const c = parseCron(expression);
  if (!c.ok) return { problem: c.problem, expected: CRON_EXPECTED };
  if (cronEverFires(c.value)) return null;
  return { problem: `"${expression}" never fires (no such date in the simulated calendar of 365-day years)`, expected: 'a cron expression naming a date that exists, such as "0 2 28 2 *"' };
}

/** Reference resolution shared by the builders: component name or instance id -> instance ids. */
interface DataContext {
  add: Add;
  resolve: (ref: string, path: PathSegment[]) => string[];
  src: (path: PathSegment[]) => SourceRef;
}

/** The replication settings of one datastore: mode and quorum parameters (checked against its members). */
function buildReplication(d: RawDatastore, replicas: string[], path: PathSegment[], add: Add): Pick<DatastoreSpec, 'mode' | 'lag' | 'quorum'> {
  const m = d.replication;
  const mode = m ? m.mode : 'none';
  if (!m && replicas.length > 0) add([...path, 'replicas'], 'replicas are given without a replication mode', 'a replication key { mode: sync | async | quorum, ... }');
  if (m && replicas.length === 0) add([...path, 'replication'], `replication mode ${m.mode} without replicas`, 'at least one replica, or no replication key');
  let quorum: DatastoreSpec['quorum'] = null;
  if (m?.mode === 'quorum') {
    const n = 1 + replicas.length;
    if (m.n !== undefined && m.n !== n) add([...path, 'replication', 'n'], `n = ${m.n} but the datastore has ${n} members (primary + replicas)`, `n = ${n} (or leave n out)`);
    const w = m.w as number;
    const r = m.r ?? 1;
    if (w > n) add([...path, 'replication', 'w'], `w = ${w} exceeds n = ${n}`, `an integer between 1 and ${n}`);
    if (r > n) add([...path, 'replication', 'r'], `r = ${r} exceeds n = ${n}`, `an integer between 1 and ${n}`);
    quorum = { n, w, r };
  }
  return { mode, lag: m?.lag ? toDistribution(m.lag) : null, quorum };
}

/** Continuous archiving with its defaults (the log rate defaults to the datastore's write rate). */
function buildArchive(a: NonNullable<RawDatastore['archive']>, writeRate: number): ArchiveSpec {
  return {
    lag: toDistribution(a.lag),
    storage: a.storage ?? 'remote',
    walRate: a.wal_rate ?? writeRate,
    replayRate: a.replay_rate,
    failure: a.failure ? toDistribution(a.failure) : null,
    repair: a.repair ? toDistribution(a.repair) : null,
  };
}

/** The datastores with their defaults; `memberOf` maps each member instance id to its datastore. */
function buildDatastores(raw: RawScenario, cx: DataContext): { datastores: DatastoreSpec[]; memberOf: Map<string, string> } {
  const { add, resolve, src } = cx;
  const memberOf = new Map<string, string>();
  const datastores = Object.entries(raw.datastores ?? {}).map(([name, d]): DatastoreSpec => {
    const path: PathSegment[] = ['datastores', name];
    const prim = resolve(d.primary, [...path, 'primary']);
    if (prim.length > 1) add([...path, 'primary'], `${JSON.stringify(d.primary)} has ${prim.length} instances`, 'a single instance (an instance id such as db[1])');
    const replicas = (d.replicas ?? []).flatMap((r, i) => resolve(r, [...path, 'replicas', i]));
    for (const id of [...prim.slice(0, 1), ...replicas]) {
      const other = memberOf.get(id);
      if (other !== undefined) add(path, `instance ${id} already belongs to datastore ${other}`, 'each instance in at most one datastore, once');
      memberOf.set(id, name);
    }
    const replication = buildReplication(d, replicas, path, add);
    if (d.reads && replicas.length === 0) add([...path, 'reads'], 'reads are split to replicas but there are none', 'at least one replica');
    return {
      name,
      primary: prim[0] ?? '',
      replicas,
      ...replication,
      promotion: d.promotion ? toDistribution(d.promotion) : { kind: 'fixed', value: DEFAULT_PROMOTION },
      failoverOnCrash: d.failover_on_crash ?? true,
      writeRate: d.write_rate,
      size: d.size,
      rebuildThroughput: d.rebuild_throughput ?? DEFAULT_REBUILD_THROUGHPUT,
      initialBackup: d.initial_backup ?? true,
      reads: d.reads ? { replicaFraction: d.reads.replica_fraction, readAfterWrite: d.reads.read_after_write ? toDistribution(d.reads.read_after_write) : null } : null,
      ...(d.archive ? { archive: buildArchive(d.archive, d.write_rate) } : {}),
      source: src(path),
    };
  });
  return { datastores, memberOf };
}

/** The backup policies with their defaults; chained policies need a full one for the same datastore. */
function buildBackups(raw: RawScenario, storeNames: string[], checkStore: (name: string, path: PathSegment[]) => void, cx: DataContext): BackupSpec[] {
  const { add, src } = cx;
  const backups = Object.entries(raw.backups ?? {}).map(([name, b]): BackupSpec => {
    const path: PathSegment[] = ['backups', name];
    checkStore(b.datastore, [...path, 'datastore']);
    const cron = b.schedule.cron === undefined ? null : cronProblem(b.schedule.cron);
    if (cron) add([...path, 'schedule', 'cron'], cron.problem, cron.expected);
    return {
      name,
      datastore: b.datastore,
      type: b.type,
      schedule: b.schedule.cron !== undefined ? { type: 'cron', expression: b.schedule.cron } : { type: 'every', every: b.schedule.every as number, offset: b.schedule.offset ?? 0 },
      throughput: b.throughput,
      restoreThroughput: b.restore_throughput ?? b.throughput,
      restoreOverhead: b.restore_overhead ?? 0,
      retentionAge: b.retention?.age ?? null,
      retentionCount: b.retention?.count ?? null,
      target: b.target ?? 'remote',
      failureProbability: b.failure_probability ?? 0,
      verification: b.verification ?? 'none',
      silentCorruptionProbability: b.silent_corruption_probability ?? 0,
      source: src(path),
    };
  });
  for (const ds of storeNames) {
    const mine = backups.filter((b) => b.datastore === ds);
    const chained = mine.find((b) => b.type !== 'full');
    if (chained && !mine.some((b) => b.type === 'full')) {
      add(['backups', chained.name, 'type'], `${chained.type} backups of ${ds} have no full backup to build on`, 'a full backup policy for the same datastore');
    }
  }
  return backups;
}

/** The data-loss faults: targets resolved to datastore members, datastore and zone references checked. */
function buildDataFaults(
  raw: RawScenario,
  rawFaults: [RawDataFault, number][],
  instances: InstanceSpec[],
  memberOf: Map<string, string>,
  checkStore: (name: string, path: PathSegment[]) => void,
  cx: DataContext,
): DataFaultSpec[] {
  const { add, resolve, src } = cx;
  const zones = new Set(instances.map((i) => i.zone).filter((z): z is string => z !== null));
  return rawFaults.map(([f, i]): DataFaultSpec => {
    const path: PathSegment[] = ['faults', i];
    let targets: string[] = [];
    if (f.kind === 'disk-loss') {
      targets = resolve(f.target as string, [...path, 'target']);
      const outside = targets.filter((t) => !memberOf.has(t));
      if (targets.length && outside.length) add([...path, 'target'], `${outside.join(', ')} holds no datastore copy`, 'a primary or replica of a datastore');
    }
    if (f.datastore !== undefined) checkStore(f.datastore, [...path, 'datastore']);
    if (f.zone !== undefined && !zones.has(f.zone)) {
      add([...path, 'zone'], `zone ${JSON.stringify(f.zone)} is not used by any component${didYouMean(f.zone, [...zones])}`, `one of the zones: ${[...zones].join(', ') || '(none)'}`);
    }
    if (f.at !== undefined && f.at >= raw.horizon) {
      add([...path, 'at'], `at (${formatDuration(f.at)}) is not before the horizon (${formatDuration(raw.horizon)})`, 'a time before the horizon');
    }
    return {
      kind: f.kind,
      targets,
      datastore: f.datastore ?? null,
      zone: f.zone ?? null,
      schedule: f.at !== undefined ? { type: 'at', at: f.at } : { type: 'rate', rate: f.rate as number },
      detection: f.detection ? toDistribution(f.detection) : null,
      source: src(path),
    };
  });
}

/**
 * Builds the data part of a scenario, or null when the file declares no datastore, backup, stream or data fault.
 * Problems are reported through `add` (the caller throws them with the others).
 */
export function buildData(raw: RawScenario, instances: InstanceSpec[], add: Add, source: SourceLocator): DataSpec | null {
  const rawFaults = (raw.faults ?? []).map((f, i) => [f, i] as const).filter(([f]) => isDataFault(f)) as [RawDataFault, number][];
  if (!raw.datastores && !raw.backups && !raw.streams && rawFaults.length === 0) return null;
  const byComponent = new Map<string, InstanceSpec[]>();
  for (const inst of instances) byComponent.set(inst.component, [...(byComponent.get(inst.component) ?? []), inst]);
  const ids = new Set(instances.map((i) => i.id));
  const known = [...byComponent.keys(), ...ids];
  const cx: DataContext = {
    add,
    src: (path) => ({ path: formatPath(path), ...source.locate(path) }),
    resolve: (ref, path) => {
      const comp = byComponent.get(ref);
      if (comp) return comp.map((i) => i.id);
      if (ids.has(ref)) return [ref];
      add(path, `unknown component or instance ${JSON.stringify(ref)}${didYouMean(ref, known)}`, 'a component name or an instance id such as db[1]');
      return [];
    },
  };
  const { datastores, memberOf } = buildDatastores(raw, cx);
  const storeNames = datastores.map((d) => d.name);
  const checkStore = (name: string, path: PathSegment[]) => {
    if (!storeNames.includes(name)) {
      const expected = storeNames.length ? `one of the datastores: ${storeNames.join(', ')}` : 'a datastore declared under datastores (none is)';
      add(path, `unknown datastore ${JSON.stringify(name)}${didYouMean(name, storeNames)}`, expected);
    }
  };
  const backups = buildBackups(raw, storeNames, checkStore, cx);
  const streams = Object.entries(raw.streams ?? {}).map(([name, s]) =>
    buildStream(name, s, cx.resolve(s.instances, ['streams', name, 'instances']), cx.src(['streams', name])),
  );
  const faults = buildDataFaults(raw, rawFaults, instances, memberOf, checkStore, cx);
  return { datastores, backups, streams, faults };
}
