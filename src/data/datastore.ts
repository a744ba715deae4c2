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
 * - recovery picks the best source: a valid up replica (promotion), else the newest valid backup chain.
 */
import type { Uniform } from '../engine/rng.js';
import { NO_EVENT, type EventHandle, type EventHandler, type Simulator } from '../engine/simulator.js';
import type { Instance, InstanceListener } from '../model/instance.js';
import type { BackupSpec, DatastoreSpec } from './types.js';
import { BackupCatalogue, type PendingBackup } from './backup-catalogue.js';
import type { CompiledData } from './compile.js';
import { planRestore } from './restore-planner.js';
import type { DataIncident, DatastoreReplicationStats, IncidentCause } from './stats.js';
import { quorumLossOutcome, quorumWritable, type QuorumSpec } from './quorum.js';
import { sampledStaleProbability } from './read-splitting.js';

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
}

/** Random streams of a datastore (one per purpose). */
export interface DatastoreRngs {
  lag: Uniform;
  promotion: Uniform;
  backup: Uniform;
  stale: Uniform;
}

export class DatastoreRuntime implements EventHandler, InstanceListener {
  private readonly members = new Map<string, Member>();
  /** The members in declaration order (fixed after construction). */
  private readonly entries: [string, Member][];
  private primary: string;
  private busy = 0;
  private readonly catalogue: BackupCatalogue;
  private readonly pending = new Map<number, PendingBackup>();
  private readonly running = new Set<number>();
  private readonly policyIdx: number[];
  private readonly nextRun: number[];
  private readonly detections: { cause: IncidentCause; t: number; limit: number; extra: number }[] = [];
  private writeUp = true;
  private writeSince = 0;
  private replicaUpTime = 0;
  private replicaSince = 0;
  private replicaUp = false;
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
      this.members.set(id, { inst, valid: true, rebuild: NO_EVENT });
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
    this.nextRun = this.policyIdx.map(() => 0);
    this.catalogue = new BackupCatalogue(policies, spec.size, spec.writeRate);
    this.stats = { name: spec.name, incidents: [], backupsStarted: 0, backupsFailed: 0, backupsSkipped: 0, writeDowntime: 0, staleReadFraction: null };
  }

  /** Schedules the first run of every backup policy; starts the observations. */
  start(): void {
    this.policyIdx.forEach((_, p) => this.scheduleRun(p));
    this.writeUp = this.computeWriteUp();
    this.replicaUp = this.computeReplicaUp();
  }

  // ------------------------------------------------------------ core observations

  onInstanceChange(inst: Instance, up: boolean): void {
    const s = this.spec;
    if (!up && inst.id === this.primary && s.failoverOnCrash && s.mode !== 'none' && s.mode !== 'quorum' && this.busy === 0) {
      this.failover('failover', this.sim.now, 0);
    }
    this.observe();
  }

  // ------------------------------------------------------------ data-loss faults

  /** The copies held by `ids` are destroyed (disk loss, site disaster). */
  destroy(ids: string[], cause: IncidentCause): void {
    const now = this.sim.now;
    const mine = ids.filter((id) => this.members.has(id) && (this.members.get(id) as Member).valid);
    if (mine.length === 0) return;
    for (const id of mine) this.invalidate(id);
    if (this.spec.mode === 'quorum') {
      const lost = this.entries.filter(([, m]) => !m.valid).length;
      const outcome = quorumLossOutcome(lost, this.spec.quorum as QuorumSpec);
      if (outcome === 'backup') this.restore(cause, now, now, 0);
      else if (outcome === 'lag') this.record({ t: now, cause, source: 'replica', rpo: this.lag(), rto: 0, fallbacks: 0, chainLength: 0 });
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
    this.detections.push({ cause, t, limit: t, extra: detection });
    this.sim.schedule(detection, this, DETECTED, this.detections.length - 1);
  }

  // ------------------------------------------------------------ events

  handleEvent(kind: number, data: number): void {
    switch (kind) {
      case BACKUP_START:
        return this.backupStart(data);
      case BACKUP_DONE: {
        const p = this.pending.get(data) as PendingBackup;
        this.pending.delete(data);
        this.running.delete(p.record.policy);
        if (p.failed && p.record.point >= this.warmup) this.stats.backupsFailed++;
        this.catalogue.complete(p, this.sim.now);
        return;
      }
      case PROMOTED:
      case RESTORED:
        this.busy--;
        return this.observe();
      case REBUILT: {
        const m = this.entries[data][1];
        m.rebuild = NO_EVENT;
        m.valid = true;
        return this.observe();
      }
      case DETECTED: {
        const d = this.detections[data];
        if (d.cause === 'operator-error') {
          // The deletion reached every replica: only a backup from before it helps.
          for (const id of this.members.keys()) if (id !== this.primary) this.invalidate(id);
          this.restore('operator-error', d.t, d.limit, d.extra);
        } else {
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
    // A primary whose copy was lost is re-seeded from the new primary.
    if (!(this.members.get(old) as Member).valid) this.scheduleRebuild(old, this.spec.size / this.spec.rebuildThroughput);
    this.busy++;
    this.sim.schedule(p, this, PROMOTED);
    this.record({ t, cause, source: 'replica', rpo, rto: extra + p, fallbacks: 0, chainLength: 0 });
    return true;
  }

  /** Restores the primary from the newest usable backup chain not newer than `limit`; else unrecoverable. */
  private restore(cause: IncidentCause, t: number, limit: number, extra: number): void {
    const { plan, fallbacks } = planRestore(this.catalogue, limit);
    // Replicas are re-seeded from the restored primary.
    const reseed = (plan?.duration ?? 0) + this.spec.size / this.spec.rebuildThroughput;
    for (const id of this.members.keys()) if (id !== this.primary) this.invalidate(id, reseed);
    const prim = this.members.get(this.primary) as Member;
    this.sim.cancel(prim.rebuild);
    prim.rebuild = NO_EVENT;
    if (plan === null) {
      // Nothing to restore from: the store restarts empty.
      prim.valid = true;
      this.record({ t, cause, source: 'none', rpo: null, rto: null, fallbacks, chainLength: 0 });
      return;
    }
    prim.valid = false;
    this.busy++;
    this.sim.schedule(plan.duration, this, RESTORED);
    this.scheduleRebuild(this.primary, plan.duration);
    this.record({ t, cause, source: 'backup', rpo: t - plan.point, rto: extra + plan.duration, fallbacks: plan.fallbacks, chainLength: plan.chainLength });
  }

  private invalidate(id: string, rebuild = this.spec.size / this.spec.rebuildThroughput): void {
    const m = this.members.get(id) as Member;
    m.valid = false;
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

  private record(i: Omit<DataIncident, 'bytesLost'>): void {
    if (i.t < this.warmup) return;
    const bytesLost = i.rpo === null ? this.spec.size : Math.min(this.spec.size, i.rpo * this.spec.writeRate);
    this.stats.incidents.push({ ...i, bytesLost });
  }

  // ------------------------------------------------------------ backups

  private scheduleRun(p: number): void {
    const times = this.compiled.backupTimes[this.policyIdx[p]];
    const k = this.nextRun[p];
    if (k < times.length) this.sim.scheduleAt(Math.max(times[k], this.sim.now), this, BACKUP_START, p);
  }

  private backupStart(p: number): void {
    const now = this.sim.now;
    this.nextRun[p]++;
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
    const { pending, duration } = this.catalogue.start(p, now, src[1].inst.spec.zone, u1, u2);
    this.running.add(p);
    this.pending.set(pending.record.id, pending);
    this.sim.schedule(duration, this, BACKUP_DONE, pending.record.id);
  }

  // ------------------------------------------------------------ observations

  private computeWriteUp(): boolean {
    if (this.busy > 0) return false;
    const ms = this.entries;
    const ok = ms.filter(([, m]) => m.valid && m.inst.up);
    switch (this.spec.mode) {
      case 'quorum':
        return quorumWritable(ok.length, this.spec.quorum as QuorumSpec);
      case 'sync':
        return ok.some(([id]) => id === this.primary) && ok.some(([id]) => id !== this.primary);
      default:
        return ok.some(([id]) => id === this.primary);
    }
  }

  private computeReplicaUp(): boolean {
    return this.entries.some(([id, m]) => id !== this.primary && m.valid && m.inst.up);
  }

  private clipped(from: number, to: number): number {
    return Math.max(0, Math.min(to, this.horizon) - Math.max(from, this.warmup));
  }

  /** Updates the time-weighted observations after any state change. */
  private observe(): void {
    const now = this.sim.now;
    const w = this.computeWriteUp();
    if (w !== this.writeUp) {
      if (!this.writeUp) this.stats.writeDowntime += this.clipped(this.writeSince, now);
      this.writeUp = w;
      this.writeSince = now;
    }
    const r = this.computeReplicaUp();
    if (r !== this.replicaUp) {
      if (this.replicaUp) this.replicaUpTime += this.clipped(this.replicaSince, now);
      this.replicaUp = r;
      this.replicaSince = now;
    }
  }

  /** Closes the observations at the horizon and returns the statistics. */
  finish(): DatastoreReplicationStats {
    const end = this.horizon;
    if (!this.writeUp) this.stats.writeDowntime += this.clipped(this.writeSince, end);
    if (this.replicaUp) this.replicaUpTime += this.clipped(this.replicaSince, end);
    const reads = this.spec.reads;
    if (reads) {
      const window = this.horizon - this.warmup;
      const c = this.compiled.stores[this.index];
      const p = sampledStaleProbability(this.spec, () => this.lag(), c.readAfterWrite, this.rng.stale);
      this.stats.staleReadFraction = reads.replicaFraction * (this.replicaUpTime / window) * p;
    }
    return this.stats;
  }
}
