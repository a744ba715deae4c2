/**
 * The backup catalogue of one datastore in one replication (pgBackRest / Bacula semantics): completed
 * backups with their chain links (an incremental builds on the previous backup of any type, a differential
 * on the last full; either becomes a full when there is nothing to build on), copies (local: in the zone of
 * the primary at backup time; remote: off site), silent corruption (found only at restore), expiry by age
 * and/or count per policy (a backup whose ancestor expired is unusable, as pgBackRest expires dependants
 * with their full).
 */
import type { BackupSpec, BackupType } from './types.js';

/** One completed, visibly successful backup. */
export interface BackupRecord {
  id: number;
  policy: number;
  type: BackupType;
  /** Recovery point: the consistent snapshot time (backup start), s. */
  point: number;
  /** Completion time, s. */
  done: number;
  bytes: number;
  /** The backup this one builds on (null for a full). */
  parent: BackupRecord | null;
  /** Silently corrupt: detected only when restored. */
  corrupt: boolean;
  /** Found corrupt by a restore attempt. */
  knownBad: boolean;
  /** Zone holding the local copy (null = no zone), undefined when there is no local copy. */
  localZone: string | null | undefined;
  localAlive: boolean;
  remote: boolean;
  expired: boolean;
  /** Time to restore this piece: bytes / restore throughput + per-piece overhead, s. */
  restoreTime: number;
  /** Instance id the backup was read from ('' when unknown, e.g. the initial backup). */
  source: string;
}

/** A backup run in progress. */
export interface PendingBackup {
  record: BackupRecord;
  /** The run fails visibly (or its corruption is caught by checksum verification). */
  failed: boolean;
}

export class BackupCatalogue {
  /** Completed successful backups, by completion time (expired ones are dropped lazily). */
  readonly records: BackupRecord[] = [];
  /** Per policy: its live (non-expired) backups, oldest first. */
  private readonly live: BackupRecord[][];
  private expiredCount = 0;
  private lastAny: BackupRecord | null = null;
  private lastFull: BackupRecord | null = null;
  private nextId = 0;
  /** True once any backup exists (completed, or the initial backup). */
  everCompleted = false;

  constructor(
    private readonly policies: BackupSpec[],
    private readonly size: number,
    private readonly writeRate: number,
  ) {
    this.live = policies.map(() => []);
  }

  /**
   * Starts a run of `policies[policy]` at `now`.
   * @param u1 uniform for the visible-failure draw; @param u2 uniform for the silent-corruption draw.
   * @param zone zone of the copy being backed up (for the local copy); @param source its instance id.
   * @returns the pending run and its duration, s.
   */
  start(policy: number, now: number, zone: string | null, u1: number, u2: number, source = ''): { pending: PendingBackup; duration: number } {
    const p = this.policies[policy];
    let type: BackupType = p.type;
    let parent: BackupRecord | null = null;
    if (type === 'incremental' && this.lastAny && this.lastFull) parent = this.lastAny;
    else if (type === 'differential' && this.lastFull) parent = this.lastFull;
    if (parent === null) type = 'full';
    const since = parent === null ? 0 : type === 'incremental' ? now - parent.point : now - (this.lastFull as BackupRecord).point;
    const bytes = type === 'full' ? this.size : Math.min(this.size, this.writeRate * since);
    const visibleFailure = u1 < p.failureProbability;
    const corrupt = u2 < p.silentCorruptionProbability;
    const record: BackupRecord = {
      id: this.nextId++,
      policy,
      type,
      point: now,
      done: now,
      bytes,
      parent,
      corrupt,
      knownBad: false,
      localZone: p.target === 'remote' ? undefined : zone,
      localAlive: p.target !== 'remote',
      remote: p.target !== 'local',
      expired: false,
      restoreTime: bytes / p.restoreThroughput + p.restoreOverhead,
      source,
    };
    const failed = visibleFailure || (corrupt && p.verification === 'checksum');
    return { pending: { record, failed }, duration: bytes / p.throughput };
  }

  /** A run completed at `now`: records it (when successful) and applies the policy's retention. */
  complete(pending: PendingBackup, now: number): void {
    if (pending.failed) return;
    const r = pending.record;
    r.done = now;
    this.records.push(r);
    this.everCompleted = true;
    this.lastAny = r;
    if (r.type === 'full') this.lastFull = r;
    this.expire(r.policy, now);
  }

  /**
   * The initial state: a full backup of the whole data set taken at t = 0 by `policy` (a full policy),
   * valid (not corrupt), with the policy's copies, restore speed and retention.
   * @param zone zone of the primary at t = 0 (for a local copy).
   */
  seed(policy: number, zone: string | null): void {
    const { pending } = this.start(policy, 0, zone, 1, 1);
    pending.failed = false;
    pending.record.corrupt = false;
    this.complete(pending, 0);
  }

  /**
   * Marks unusable every backup for which `discarded` holds (data of a timeline a restore threw away, or
   * taken from a damaged copy); chains built on them become unusable too, and later incrementals and
   * differentials build on the newest backups still usable.
   */
  discard(discarded: (r: BackupRecord) => boolean): void {
    let changed = false;
    for (const r of this.records) {
      if (!r.knownBad && discarded(r)) {
        r.knownBad = true;
        changed = true;
      }
    }
    if (!changed) return;
    const alive = this.records.filter(usable);
    if (this.lastAny && !usable(this.lastAny)) this.lastAny = alive.length ? alive[alive.length - 1] : null;
    if (this.lastFull && !usable(this.lastFull)) this.lastFull = alive.filter((r) => r.type === 'full').pop() ?? null;
  }

  /** Destroys the local copies held in `zone` (a site disaster). */
  destroyLocal(zone: string): void {
    for (const r of this.records) if (r.localZone === zone) r.localAlive = false;
  }

  private expire(policy: number, now: number): void {
    const p = this.policies[policy];
    const mine = this.live[policy];
    mine.push(this.records[this.records.length - 1]);
    const drop = (): void => {
      (mine.shift() as BackupRecord).expired = true;
      this.expiredCount++;
    };
    if (p.retentionCount !== null) while (mine.length > p.retentionCount) drop();
    if (p.retentionAge !== null) while (mine.length > 0 && mine[0].point < now - p.retentionAge) drop();
    if (this.expiredCount > 64 && this.expiredCount * 2 > this.records.length) {
      const keep = this.records.filter((r) => !r.expired);
      this.records.length = 0;
      this.records.push(...keep);
      this.expiredCount = 0;
    }
    // A broken chain must not be extended: the next incremental/differential starts a new full.
    if (this.lastFull?.expired) this.lastFull = null;
    if (this.lastAny && !usable(this.lastAny)) this.lastAny = null;
  }
}

/** True when every piece of the chain ending at `r` still exists (not expired, not known bad, one copy left). */
export function usable(r: BackupRecord): boolean {
  for (let x: BackupRecord | null = r; x !== null; x = x.parent) {
    if (x.expired || x.knownBad || !(x.localAlive || x.remote)) return false;
  }
  return true;
}

/** The chain ending at `r`, oldest (the full) first. */
export function chainOf(r: BackupRecord): BackupRecord[] {
  const out: BackupRecord[] = [];
  for (let x: BackupRecord | null = r; x !== null; x = x.parent) out.push(x);
  return out.reverse();
}
