/**
 * What the data layer contributes to one replication's statistics (`ReplicationStats.data`): plain JSON
 * (structured-cloned by worker threads and written to shard files). Times in seconds, sizes in bytes,
 * stream quantities in records. Only incidents that start inside the observation window [warmup, horizon]
 * are kept.
 */

/** What caused a data incident. `failover`: the primary went down (crash, zone outage) and a replica was promoted. */
export type IncidentCause = 'failover' | 'disk-loss' | 'corruption' | 'operator-error' | 'site-disaster';

/** Where the data came back from. `none`: no valid source (unrecoverable loss). */
export type RecoverySource = 'replica' | 'backup' | 'none';

/** One data incident of a datastore. */
export interface DataIncident {
  /** Time of the incident (not of its detection), s. */
  t: number;
  cause: IncidentCause;
  source: RecoverySource;
  /** Data-loss window: incident time - last recoverable point, s; null when unrecoverable. */
  rpo: number | null;
  /** Incident -> data available again (detection + promotion or restore, including failed restore attempts), s; null when unrecoverable. */
  rto: number | null;
  /**
   * Writes acknowledged after the incident and thrown away by a whole-database restore (the detection delay
   * of a corruption or operator error recovered from a backup), s of writes; 0 otherwise.
   */
  discarded: number;
  /** Bytes of acknowledged writes lost (write_rate x (rpo + discarded), or the whole data set when unrecoverable). */
  bytesLost: number;
  /** A start-up loss: it needed a backup before the datastore had any (no initial backup, none completed yet). */
  startup: boolean;
  /** Restore attempts abandoned because a backup turned out silently corrupt. */
  fallbacks: number;
  /** Pieces in the restore chain used (0 for a promotion). */
  chainLength: number;
  /** Log replay time of a point-in-time recovery (part of `rto`), s; present only for a restore of a datastore with an archive. */
  replay?: number;
}

/** The archiver of a datastore with continuous archiving, in the window. */
export interface ArchiveReplicationStats {
  failures: number;
  /** Time the archiver was stopped, s. */
  downtime: number;
}

export interface DatastoreReplicationStats {
  name: string;
  incidents: DataIncident[];
  /** Backup runs started inside the window, and how they ended. */
  backupsStarted: number;
  /** Visible failures (including corruption caught by checksum verification). */
  backupsFailed: number;
  /** Runs missed because the previous run of the policy was still going or no copy of the data was readable. */
  backupsSkipped: number;
  /** Time inside the window during which writes could not be acknowledged, s. */
  writeDowntime: number;
  /** Integral over the window of the fraction of reads that could not be served, s. */
  readDowntime: number;
  /** Fraction of reads that returned stale data; null without read splitting. */
  staleReadFraction: number | null;
  /** The archiver (datastores with continuous archiving only). */
  archive?: ArchiveReplicationStats;
}

export interface StreamReplicationStats {
  name: string;
  /** Job failures inside the window. */
  failures: number;
  /** Failure -> caught up with the input again, s (one per recovery that completed). */
  recoveryTimes: number[];
  /** Processing lag right after each restart (input time not yet processed), s. */
  peakLags: number[];
  /** Integral of the processing lag over the window, s^2 (divide by the window for the mean lag). */
  lagArea: number;
  /** Records processed twice (at-least-once replay). */
  duplicates: number;
  /** Records whose effect was lost (at-most-once). */
  lost: number;
}

export interface DataReplicationStats {
  datastores: DatastoreReplicationStats[];
  streams: StreamReplicationStats[];
}

declare module '../observe/replication-stats.js' {
  interface ReplicationStats {
    /** Data durability observations (datastores, streams); absent when the scenario models no data. */
    data?: DataReplicationStats;
  }
}
