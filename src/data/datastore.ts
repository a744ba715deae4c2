/**
 * One replicated datastore in one replication: primary + replicas (sync, async or quorum replication),
 * failover by promotion, backup runs into its catalogue, recovery from data-loss faults and the
 * write-availability and stale-read observations. It observes the core instances (listener) and never
 * changes them: time-based availability stays as the structure function computes it.
 *
 * Loss semantics (Kleppmann, "Designing Data-Intensive Applications", 2017, ch. 5):
 * - async: promoting a replica loses the writes not yet replicated: a lag drawn from the lag law;
 * - sync: promotion loses nothing; writes need the primary and at least one replica up;
 * - quorum: see quorum.ts; stale reads: see read-splitting.ts;
 * - an operator error replicates: only a backup from before it helps; a corruption does not replicate;
 * - recovery picks the best source: a valid up replica (promotion), else the newest valid backup chain;
 * - a primary that goes down is replaced by the first valid up replica, at once or, when none is up, as
 *   soon as one is (back) up while the primary is still down (the incident then counts from the crash);
 * - a backup run reads from one member: it fails when that member goes down or loses its copy before the
 *   run completes; a whole-database restore to point p discards every backup newer than p (their data
 *   belongs to the timeline thrown away), and the detection of a corruption or operator error discards
 *   the backups taken from the damaged copy since the damage, so no later restore brings back data an
 *   earlier incident declared lost;
 * - the initial state (t = 0): with `initialBackup` a full backup of the whole data set exists (the first
 *   full policy's copies, restore speed and retention); a loss that needs a backup before the datastore has
 *   any is a start-up loss, reported apart;
 * - writes and reads: see store-access.ts.
 */
import type { Uniform } from '../engine/rng.js';
import { NO_EVENT, type EventHandle, type EventHandler, type Simulator } from '../engine/simulator.js';
import type { Instance, InstanceListener } from '../model/instance.js';
import type { BackupSpec, DatastoreSpec } from './types.js';
import { BackupCatalogue, type PendingBackup } from './backup-catalogue.js';
import { LiveTimeline } from './live-timeline.js';
import { backupCursor, type CompiledData } from './compile.js';
import { planRestore } from './restore-planner.js';
import type { DataIncident, DatastoreReplicationStats, IncidentCause } from './stats.js';
import { quorumLossOutcome, quorumLostWindow, type QuorumSpec } from './quorum.js';
import { readableFraction, replicaUsable, writable, WindowIntegral, type AccessState } from './store-access.js';
import { sampledStaleProbability } from './read-splitting.js';
import { WalArchive, type ArchiveRngs, type PitrPlan } from './wal-archive.js';

const BACKUP_START = 0;
const BACKUP_DONE = 1;
const PROMOTED = 2;
const RESTORED = 3;
const REBUILT = 4;
const DETECTED = 5;

interface Member {
  inst: Instance;
  /** The member holds a current copy of the data. */
  valid: boolean;
  /** Pending re-seed (cancelled when the copy is lost again or restored another way). */
  rebuild: EventHandle;
  /** When the copy was last lost, s. */
  lostAt: number;
}

/** A backup run in progress, and the member it reads from. */
interface Run {
  pending: PendingBackup;
  source: string;
  done: EventHandle;
}

/** Random streams of a datastore (one per purpose). */
export interface DatastoreRngs {
  lag: Uniform;
  promotion: Uniform;
  backup: Uniform;
  stale: Uniform;
  /** The archive's streams (datastores with continuous archiving). */
  archive?: ArchiveRngs;
}

export class DatastoreRuntime implements EventHandler, InstanceListener {
  private readonly members = new Map<string, Member>();
  /** The members in declaration order (fixed after construction). */
  private readonly entries: [string, Member][];
  private primary: string;
  private busy = 0;
  private readonly catalogue: BackupCatalogue;
  private readonly timeline = new LiveTimeline();
  /** Runs in progress by record id (insertion order), and the policies they belong to. */
  private readonly runs = new Map<number, Run>();
  private readonly running = new Set<number>();
  private readonly policyIdx: number[];
  /** Per policy of this store: the lazy cursor over its start times. */
  private readonly nextRun: (() => number | null)[];
  private readonly detections: { cause: IncidentCause; t: number; limit: number; extra: number; member: string }[] = [];
  /** When the current primary went down, s. */
  private primaryDownAt = 0;
  /** Time integrals over the window: writes refused, fraction of reads not served, a replica usable. */
  private readonly writeDown: WindowIntegral;
  private readonly readDown: WindowIntegral;
  private readonly replicaUp: WindowIntegral;
  /** Continuous archiving (point-in-time recovery), or null. */
  private readonly archive: WalArchive | null;
  readonly stats: DatastoreReplicationStats;

  constructor(
    private readonly sim: Simulator,
    private readonly spec: DatastoreSpec,
    private readonly index: number,
    private readonly compiled: CompiledData,
    instances: Map<string, Instance>,
    private readonly rng: DatastoreRngs,
    private readonly warmup: number,
    private readonly horizon: number,
  ) {
    this.primary = spec.primary;
    for (const id of [spec.primary, ...spec.replicas]) {
      const inst = instances.get(id) as Instance;
      this.members.set(id, { inst, valid: true, rebuild: NO_EVENT, lostAt: 0 });
      inst.addListener(this);
    }
    this.entries = [...this.members.entries()];
    const policies: BackupSpec[] = [];
    this.policyIdx = [];
    compiled.spec.backups.forEach((b, i) => {
      if (b.datastore === spec.name) {
        policies.push(b);
        this.policyIdx.push(i);
      }
    });
    this.nextRun = this.policyIdx.map((i) => backupCursor(this.compiled, i));
    this.catalogue = new BackupCatalogue(policies, spec.size, spec.writeRate);
    const firstFull = policies.findIndex((b) => b.type === 'full');
    if (spec.initialBackup && firstFull >= 0) this.catalogue.seed(firstFull, instances.get(spec.primary)?.spec.zone ?? null);
    this.writeDown = new WindowIntegral(0, warmup, horizon);
    this.readDown = new WindowIntegral(0, warmup, horizon);
    this.replicaUp = new WindowIntegral(0, warmup, horizon);
    this.stats = { name: spec.name, incidents: [], backupsStarted: 0, backupsFailed: 0, backupsSkipped: 0, writeDowntime: 0, readDowntime: 0, staleReadFraction: null };
    const arch = compiled.stores[index].archive;
    this.archive = arch && spec.archive && rng.archive ? new WalArchive(sim, spec.archive, arch, rng.archive, spec.primary, warmup, horizon) : null;
  }

  /** Schedules the first run of every backup policy; starts the observations. */
  start(): void {
    this.policyIdx.forEach((_, p) => this.scheduleRun(p));
    this.archive?.start();
    this.observe();
    if (!(this.members.get(this.primary) as Member).inst.up) this.promoteIfPrimaryDown();
  }

  // ------------------------------------------------------------ core observations

  onInstanceChange(inst: Instance, up: boolean): void {
    if (!up) {
      this.abortRuns((r) => r.source === inst.id);
      if (inst.id === this.primary) this.primaryDownAt = this.sim.now;
    }
    this.promoteIfPrimaryDown();
    this.observe();
  }

  /**
   * With failover on crash (sync or async), promotes the first valid up replica while the primary is down
   * and no promotion or restore is under way: when the primary goes down, or later when a replica comes
   * back up or is re-seeded. The incident counts from the primary's crash (RTO = wait + promotion).
   */
  private promoteIfPrimaryDown(): void {
    const s = this.spec;
    if (!s.failoverOnCrash || (s.mode !== 'sync' && s.mode !== 'async') || this.busy > 0) return;
    if ((this.members.get(this.primary) as Member).inst.up) return;
    this.failover('failover', this.primaryDownAt, this.sim.now - this.primaryDownAt);
  }

  // ------------------------------------------------------------ data-loss faults

  /** The copies held by `ids` are destroyed (disk loss, site disaster). */
  destroy(ids: string[], cause: IncidentCause): void {
    const now = this.sim.now;
    const mine = ids.filter((id) => this.members.has(id) && (this.members.get(id) as Member).valid);
    if (mine.length === 0) return;
    this.archive?.destroyed(mine, this.primary);
    for (const id of mine) this.invalidate(id);
    if (this.spec.mode === 'quorum') {
      const q = this.spec.quorum as QuorumSpec;
      const lostTimes = this.entries.filter(([, m]) => !m.valid).map(([, m]) => m.lostAt).sort((a, b) => b - a);
      const outcome = quorumLossOutcome(lostTimes.length, q);
      if (outcome === 'backup') this.restore(cause, now, now, 0);
      else if (outcome === 'lag') {
        const window = quorumLostWindow(this.lag(), now, lostTimes, q.w);
        if (window > 0) this.record({ t: now, cause, source: 'replica', rpo: window, rto: 0, fallbacks: 0, chainLength: 0 });
      }
    } else if (mine.includes(this.primary)) {
      if (!this.failover(cause, now, 0)) this.restore(cause, now, now, 0);
    }
    this.observe();
  }

  /** Local backup copies in `zone` are destroyed. */
  destroyLocalBackups(zone: string): void {
    this.catalogue.destroyLocal(zone);
  }

  /**
   * A corruption of the primary's copy (does not replicate) or an operator error (replicates), at `now`,
   * noticed after `detection` seconds.
   */
  damage(cause: 'corruption' | 'operator-error', detection: number): void {
    const t = this.sim.now;
    this.detections.push({ cause, t, limit: t, extra: detection, member: this.primary });
    this.sim.schedule(detection, this, DETECTED, this.detections.length - 1);
  }

  // ------------------------------------------------------------ events

  handleEvent(kind: number, data: number): void {
    switch (kind) {
      case BACKUP_START:
        return this.backupStart(data);
      case BACKUP_DONE: {
        const { pending: p } = this.runs.get(data) as Run;
        this.runs.delete(data);
        this.running.delete(p.record.policy);
        if (p.failed && p.record.point >= this.warmup) this.stats.backupsFailed++;
        this.catalogue.complete(p, this.sim.now);
        return;
      }
      case PROMOTED:
      case RESTORED:
        this.busy--;
        this.promoteIfPrimaryDown();
        return this.observe();
      case REBUILT: {
        const m = this.entries[data][1];
        m.rebuild = NO_EVENT;
        m.valid = true;
        this.promoteIfPrimaryDown();
        return this.observe();
      }
      case DETECTED: {
        const d = this.detections[data];
        if (d.cause === 'operator-error') {
          // The deletion reached every replica: only a backup from before it helps.
          for (const id of this.members.keys()) if (id !== this.primary) this.invalidate(id);
          this.restore('operator-error', d.t, d.limit, d.extra);
        } else {
          // Backups read from the damaged copy since the corruption hold it.
          this.catalogue.discard((r) => r.source === d.member && r.point > d.t);
          this.invalidate(this.primary);
          if (!this.failover('corruption', d.t, d.extra)) this.restore('corruption', d.t, d.limit, d.extra);
        }
        return this.observe();
      }
    }
  }

  // ------------------------------------------------------------ recovery

  /** Promotes the first valid up replica; false when there is none. */
  private failover(cause: IncidentCause, t: number, extra: number): boolean {
    const cand = this.entries.find(([id, m]) => id !== this.primary && m.valid && m.inst.up);
    if (!cand) return false;
    const p = this.compiled.stores[this.index].promotion.sample(this.rng.promotion);
    const rpo = this.spec.mode === 'async' ? this.lag() : 0;
    const old = this.primary;
    this.primary = cand[0];
    this.archive?.primaryChanged(cand[0]);
    // A primary whose copy was lost is re-seeded from the new primary.
    if (!(this.members.get(old) as Member).valid) this.scheduleRebuild(old, this.spec.size / this.spec.rebuildThroughput);
    this.busy++;
    this.sim.schedule(p, this, PROMOTED);
    this.record({ t, cause, source: 'replica', rpo, rto: extra + p, fallbacks: 0, chainLength: 0 });
    return true;
  }

  /**
   * Restores the primary from the newest usable backup chain not newer than `limit`; else unrecoverable.
   * A whole-database restore throws away what was written after its recovery point: every backup newer
   * than it (completed or running) is discarded; the RPO counts the live writes between the recovery point
   * and the incident (live-timeline.ts) and `discarded` those between the incident and its detection.
   */
  private restore(cause: IncidentCause, t: number, limit: number, extra: number): void {
    const startup = this.policyIdx.length > 0 && !this.catalogue.everCompleted;
    const found = planRestore(this.catalogue, limit);
    const { fallbacks } = found;
    // Point-in-time recovery: the base backup, then the archived log replayed up to the limit.
    const plan = found.plan && this.archive ? this.archive.extend(found.plan, limit, (a, b) => this.timeline.live(a, b)) : found.plan;
    const kept = plan?.point ?? limit;
    this.abortRuns(() => true);
    this.catalogue.discard((r) => r.point > kept);
    // Replicas are re-seeded from the restored primary.
    const reseed = (plan?.duration ?? 0) + this.spec.size / this.spec.rebuildThroughput;
    for (const id of this.members.keys()) if (id !== this.primary) this.invalidate(id, reseed);
    const prim = this.members.get(this.primary) as Member;
    this.sim.cancel(prim.rebuild);
    prim.rebuild = NO_EVENT;
    if (plan === null) {
      // Nothing to restore from: the store restarts empty.
      prim.valid = true;
      this.record({ t, cause, source: 'none', rpo: null, rto: null, fallbacks, chainLength: 0, discarded: 0, startup });
      return;
    }
    prim.valid = false;
    this.archive?.restored(plan.point);
    this.busy++;
    this.sim.schedule(plan.duration, this, RESTORED);
    this.scheduleRebuild(this.primary, plan.duration);
    // Writes lost: the live ones since the recovery point (an earlier restore may have removed some already).
    const now = this.sim.now;
    const rpo = this.timeline.live(plan.point, t);
    const discarded = this.timeline.live(t, now);
    this.timeline.rewind(plan.point, now + plan.duration);
    const replay = this.archive ? { replay: (plan as PitrPlan).replay } : {};
    this.record({ t, cause, source: 'backup', rpo, rto: extra + plan.duration, fallbacks: plan.fallbacks, chainLength: plan.chainLength, discarded, ...replay });
  }

  private invalidate(id: string, rebuild = this.spec.size / this.spec.rebuildThroughput): void {
    const m = this.members.get(id) as Member;
    m.valid = false;
    m.lostAt = this.sim.now;
    this.abortRuns((r) => r.source === id);
    this.sim.cancel(m.rebuild);
    m.rebuild = NO_EVENT;
    // A lost primary is replaced by promotion or restore, except in a leaderless quorum, where every member is re-seeded.
    if (id !== this.primary || this.spec.mode === 'quorum') this.scheduleRebuild(id, rebuild);
  }

  private scheduleRebuild(id: string, delay: number): void {
    const m = this.members.get(id) as Member;
    this.sim.cancel(m.rebuild);
    m.rebuild = this.sim.schedule(delay, this, REBUILT, this.entries.findIndex(([k]) => k === id));
  }

  private lag(): number {
    const s = this.compiled.stores[this.index].lag;
    return s ? s.sample(this.rng.lag) : 0;
  }

  private record(i: Omit<DataIncident, 'bytesLost' | 'discarded' | 'startup'> & Partial<Pick<DataIncident, 'discarded' | 'startup'>>): void {
    if (i.t < this.warmup) return;
    const discarded = i.discarded ?? 0;
    const bytesLost = i.rpo === null ? this.spec.size : Math.min(this.spec.size, (i.rpo + discarded) * this.spec.writeRate);
    this.stats.incidents.push({ ...i, discarded, bytesLost, startup: i.startup ?? false });
  }

  // ------------------------------------------------------------ backups

  private scheduleRun(p: number): void {
    const t = this.nextRun[p]();
    if (t !== null) this.sim.scheduleAt(Math.max(t, this.sim.now), this, BACKUP_START, p);
  }

  private backupStart(p: number): void {
    const now = this.sim.now;
    this.scheduleRun(p);
    const inWindow = now >= this.warmup;
    if (inWindow) this.stats.backupsStarted++;
    const u1 = this.rng.backup(), u2 = this.rng.backup();
    // Back up from the primary, or from a valid up replica (pgBackRest backup-standby).
    const src = this.entries.find(([id, m]) => id === this.primary && m.valid && m.inst.up) ??
      this.entries.find(([, m]) => m.valid && m.inst.up);
    if (this.running.has(p) || this.busy > 0 || !src) {
      if (inWindow) this.stats.backupsSkipped++;
      return;
    }
    const { pending, duration } = this.catalogue.start(p, now, src[1].inst.spec.zone, u1, u2, src[0]);
    this.running.add(p);
    this.runs.set(pending.record.id, { pending, source: src[0], done: this.sim.schedule(duration, this, BACKUP_DONE, pending.record.id) });
  }

  /** Runs matching `which` fail now (their source went down or lost its copy, or a restore discarded them). */
  private abortRuns(which: (r: Run) => boolean): void {
    for (const [id, r] of this.runs) {
      if (!which(r)) continue;
      this.sim.cancel(r.done);
      this.runs.delete(id);
      this.running.delete(r.pending.record.policy);
      if (r.pending.record.point >= this.warmup) this.stats.backupsFailed++;
    }
  }

  // ------------------------------------------------------------ observations

  private access(): AccessState {
    return { usable: this.entries.filter(([, m]) => m.valid && m.inst.up).map(([id]) => id), primary: this.primary, busy: this.busy > 0 };
  }

  /** Updates the time-weighted observations after any state change. */
  private observe(): void {
    const now = this.sim.now;
    const a = this.access();
    this.writeDown.set(writable(this.spec, a) ? 0 : 1, now);
    this.readDown.set(1 - readableFraction(this.spec, a), now);
    this.replicaUp.set(replicaUsable(a) ? 1 : 0, now);
  }

  /** Closes the observations at the horizon and returns the statistics. */
  finish(): DatastoreReplicationStats {
    this.stats.writeDowntime = this.writeDown.close();
    this.stats.readDowntime = this.readDown.close();
    const replicaUpTime = this.replicaUp.close();
    if (this.archive) this.stats.archive = this.archive.finish();
    const reads = this.spec.reads;
    if (reads) {
      const window = this.horizon - this.warmup;
      const c = this.compiled.stores[this.index];
      const p = sampledStaleProbability(this.spec, () => this.lag(), c.readAfterWrite, this.rng.stale);
      this.stats.staleReadFraction = reads.replicaFraction * (replicaUpTime / window) * p;
    }
    return this.stats;
  }
}
