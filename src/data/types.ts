/**
 * The normalized data-durability part of a scenario (`Scenario.data`): replicated data stores, backup
 * policies, stream processors and data-loss faults. Sizes are bytes, throughputs bytes per second, record
 * rates records per second, times seconds, probabilities fractions. The YAML syntax is documented in
 * docs/scenario-format.md, "Data durability".
 */
import type { DistributionSpec, FaultSchedule, Seconds, SourceRef } from '../scenario/primitives.js';

/** How writes reach the replicas (Kleppmann, DDIA 2017, ch. 5). */
export type ReplicationMode = 'none' | 'sync' | 'async' | 'quorum';

/** A primary with replicas. Instance ids refer to `Scenario.instances`. */
export interface DatastoreSpec {
  name: string;
  /** Initial primary instance id. */
  primary: string;
  /** Replica instance ids (initial order = promotion preference). */
  replicas: string[];
  mode: ReplicationMode;
  /** Replication lag law (async and quorum): how far behind the primary a replica is at a random time. */
  lag: DistributionSpec | null;
  /** Quorum parameters (mode quorum): N = 1 + replicas, W write acknowledgements, R read replies. */
  quorum: { n: number; w: number; r: number } | null;
  /** Time to promote a replica after the primary is lost. */
  promotion: DistributionSpec;
  /** Promote automatically when the primary goes down (crash, zone outage), not only when its data is lost. */
  failoverOnCrash: boolean;
  /** Changed bytes per second. */
  writeRate: number;
  /** Data set size, bytes. */
  size: number;
  /** Re-seeding speed of a replica whose copy was destroyed, bytes/s. */
  rebuildThroughput: number;
  /**
   * The initial state: a full backup of the whole data set exists at t = 0 (taken by the first full backup
   * policy: its copies, restore speed and retention). False: nothing is backed up before the first run, and
   * losses that need a backup before then are start-up losses (unrecoverable, reported apart).
   */
  initialBackup: boolean;
  /** Read/write splitting; null = every read goes to the primary. */
  reads: { replicaFraction: number; readAfterWrite: DistributionSpec | null } | null;
  /** Continuous WAL/binlog archiving for point-in-time recovery; null = restores stop at the backup's point. */
  archive?: ArchiveSpec | null;
  source: SourceRef;
}

/**
 * Continuous archiving of the write-ahead log (PostgreSQL `archive_command` / pgBackRest `archive-push`,
 * MySQL binlog streaming) for point-in-time recovery: a restore is the newest usable base backup followed by
 * a replay of the archived log up to the newest archived point before the incident (PostgreSQL docs,
 * "Continuous Archiving and Point-in-Time Recovery (PITR)"). See wal-archive.ts for the semantics.
 */
export interface ArchiveSpec {
  /** Archive lag law: how far the archive is behind the primary at a random time (archive_timeout bounds it). */
  lag: DistributionSpec;
  /**
   * `remote`: off the database hosts (object storage, a backup server): survives disk losses and site
   * disasters. `local`: on the disk of the primary that wrote the log: lost with that disk.
   */
  storage: 'local' | 'remote';
  /** Log produced per second of writes, bytes/s (default: the datastore's write_rate). */
  walRate: number;
  /** Replay speed at restore, bytes of log per second. */
  replayRate: number;
  /** Time between archiver failures (the archiver stops; the log waits on the primary); null = never fails. */
  failure: DistributionSpec | null;
  /** Time to repair a stopped archiver (then the waiting log is pushed at once). */
  repair: DistributionSpec | null;
}

/** When a backup policy runs. */
export type BackupSchedule =
  | { type: 'every'; every: Seconds; offset: Seconds }
  | { type: 'cron'; expression: string };

export type BackupType = 'full' | 'incremental' | 'differential';

/** One backup policy of a datastore (pgBackRest / Bacula vocabulary). */
export interface BackupSpec {
  name: string;
  datastore: string;
  type: BackupType;
  schedule: BackupSchedule;
  /** Backup speed, bytes/s (duration = bytes / throughput). */
  throughput: number;
  /** Restore speed, bytes/s. */
  restoreThroughput: number;
  /** Fixed cost of restoring one piece of a chain (fetch, open, apply), seconds. */
  restoreOverhead: Seconds;
  /** Keep backups younger than this (null = no age limit). */
  retentionAge: Seconds | null;
  /** Keep at most this many successful backups of this policy (null = no count limit). */
  retentionCount: number | null;
  target: 'local' | 'remote' | 'both';
  /** Probability that a run fails visibly (no backup recorded). */
  failureProbability: number;
  verification: 'checksum' | 'none';
  /** Probability that a backup is silently corrupt (caught at backup time by checksum verification, else at restore). */
  silentCorruptionProbability: number;
  source: SourceRef;
}

export type Delivery = 'at_least_once' | 'at_most_once' | 'exactly_once';

/** A checkpointing stream processor (Carbone et al. 2015; Flink docs). */
export interface StreamSpec {
  name: string;
  /** Instances whose failure fails the job. */
  instances: string[];
  /** Input records per second. */
  inputRate: number;
  /** Maximum processing rate, records per second (> inputRate). */
  capacity: number;
  checkpointInterval: Seconds;
  checkpointDuration: Seconds;
  /** Operator state, bytes; restored from the checkpoint at restart. */
  stateSize: number;
  stateRestoreThroughput: number;
  /** Time to reschedule the job after a failure (before state restore). */
  restart: DistributionSpec;
  /**
   * Spare slots that replace lost instances at a restart: the job runs at capacity x min(n, up + spare) / n
   * (n = instances). Default 1: one lost instance at a time is replaced without waiting for its repair.
   */
  spareInstances: number;
  delivery: Delivery;
  source: SourceRef;
}

export type DataFaultKind = 'disk-loss' | 'corruption' | 'operator-error' | 'site-disaster';
export const DATA_FAULT_KINDS: readonly DataFaultKind[] = ['disk-loss', 'corruption', 'operator-error', 'site-disaster'];

/** A fault that destroys or damages data (it does not change time-based availability). */
export interface DataFaultSpec {
  kind: DataFaultKind;
  /** disk-loss: instance ids whose copy is destroyed. */
  targets: string[];
  /** corruption / operator-error: the datastore hit. */
  datastore: string | null;
  /** site-disaster: the zone destroyed. */
  zone: string | null;
  schedule: FaultSchedule;
  /** Time until the damage is noticed (corruption, operator-error); null = immediately. */
  detection: DistributionSpec | null;
  source: SourceRef;
}

/** Everything the data layer simulates. */
export interface DataSpec {
  datastores: DatastoreSpec[];
  backups: BackupSpec[];
  streams: StreamSpec[];
  faults: DataFaultSpec[];
}

/** The data area's section of the normalized scenario (module augmentation: src/scenario/types.ts names no area). */
declare module '../scenario/types.js' {
  interface Scenario {
    /** Data durability (datastores, backups, streams, data-loss faults); absent when the file declares none. */
    data?: DataSpec;
  }
}
