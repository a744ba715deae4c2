/**
 * A checkpointing stream processor in one replication (Carbone et al., "Lightweight Asynchronous
 * Snapshots for Distributed Dataflows", 2015; Apache Flink checkpointing docs). The job consumes a
 * replayable input (Kafka-like) at `inputRate`; its position p(t) is the input time processed so far.
 * Every `checkpointInterval` of running time it snapshots p, and the snapshot is usable `checkpointDuration`
 * later. When one of its instances goes down, the job fails: it restarts after the restart law plus the
 * state restore (state_size / state_restore_throughput), rewinds to the last completed snapshot (at-least-
 * once and exactly-once) or keeps its position and loses the state updates since the snapshot (at-most-
 * once), then catches up at capacity: the backlog drains at (capacity - inputRate) records/s, so input
 * time catches up at speed capacity / inputRate. The job is rescheduled on spare capacity: it does not
 * wait for the failed instance's repair. Checkpoints are triggered at runStart + k x interval (k >= 1), as
 * Flink's periodic trigger restarted with the job; they are computed when a failure needs them rather than
 * simulated as events (the position is a deterministic function of time while the job runs).
 */
import type { Uniform } from '../engine/rng.js';
import type { EventHandler, Simulator } from '../engine/simulator.js';
import type { Instance, InstanceListener } from '../model/instance.js';
import type { StreamSpec } from './types.js';
import type { CompiledData } from './compile.js';
import type { StreamReplicationStats } from './stats.js';

const RESTARTED = 2;
const CAUGHT_UP = 3;

export class StreamRuntime implements EventHandler, InstanceListener {
  private running = true;
  private pos = 0;
  private posAt = 0;
  private caughtUp = true;
  /** Position restored at the last (re)start: the snapshot until a checkpoint completes. */
  private snapshot = 0;
  private runStart = 0;
  private gen = 0;
  private resumePos = 0;
  private incidentStart: number | null = null;
  private lagAt = 0;
  private lagValue = 0;
  readonly stats: StreamReplicationStats;
  private readonly speed: number;

  constructor(
    private readonly sim: Simulator,
    private readonly spec: StreamSpec,
    private readonly index: number,
    private readonly compiled: CompiledData,
    instances: Map<string, Instance>,
    private readonly restartRng: Uniform,
    private readonly warmup: number,
    private readonly horizon: number,
  ) {
    for (const id of spec.instances) (instances.get(id) as Instance).addListener(this);
    this.speed = spec.capacity / spec.inputRate;
    this.stats = { name: spec.name, failures: 0, recoveryTimes: [], peakLags: [], lagArea: 0, duplicates: 0, lost: 0 };
  }

  start(): void {
    this.runStart = 0;
  }

  /** Position captured by the last checkpoint completed by `t` (or the restored position when none). */
  private lastSnapshot(t: number): number {
    const { checkpointInterval: I, checkpointDuration: D } = this.spec;
    const k = Math.floor((t - this.runStart - D) / I);
    if (k < 1) return this.snapshot;
    const tau = this.runStart + k * I;
    return Math.min(tau, this.snapshot + this.speed * (tau - this.runStart));
  }

  /** Input time processed up to now. */
  private position(t: number): number {
    if (!this.running) return this.pos;
    if (this.caughtUp) return t;
    return Math.min(t, this.pos + this.speed * (t - this.posAt));
  }

  /** Adds the lag integral up to now (lag is piecewise linear between state changes). */
  private integrateLag(): void {
    const now = this.sim.now;
    const lagNow = now - this.position(now);
    const a = Math.max(this.lagAt, this.warmup), b = Math.min(now, this.horizon);
    if (b > a) {
      // Linear interpolation of the lag on [lagAt, now], clipped to the window.
      const slope = now > this.lagAt ? (lagNow - this.lagValue) / (now - this.lagAt) : 0;
      const la = this.lagValue + slope * (a - this.lagAt), lb = this.lagValue + slope * (b - this.lagAt);
      this.stats.lagArea += ((la + lb) / 2) * (b - a);
    }
    this.lagAt = now;
    this.lagValue = lagNow;
  }

  onInstanceChange(_inst: Instance, up: boolean): void {
    if (up || !this.running) return;
    const now = this.sim.now;
    this.integrateLag();
    const pf = this.position(now);
    this.snapshot = this.lastSnapshot(now);
    this.running = false;
    this.pos = pf;
    this.gen++;
    const inWindow = now >= this.warmup;
    const since = this.spec.inputRate * (pf - this.snapshot);
    if (inWindow) {
      this.stats.failures++;
      if (this.spec.delivery === 'at_least_once') this.stats.duplicates += since;
      if (this.spec.delivery === 'at_most_once') this.stats.lost += since;
    }
    this.resumePos = this.spec.delivery === 'at_most_once' ? pf : this.snapshot;
    if (this.incidentStart === null && inWindow) this.incidentStart = now;
    const restart = this.compiled.streams[this.index].restart.sample(this.restartRng) + this.spec.stateSize / this.spec.stateRestoreThroughput;
    this.sim.schedule(restart, this, RESTARTED, this.gen);
  }

  handleEvent(kind: number, gen: number): void {
    if (gen !== this.gen) return;
    const now = this.sim.now;
    switch (kind) {
      case RESTARTED: {
        this.integrateLag();
        this.running = true;
        this.pos = this.resumePos;
        this.posAt = now;
        this.snapshot = this.resumePos;
        this.runStart = now;
        const lag = now - this.pos;
        if (now >= this.warmup) this.stats.peakLags.push(lag);
        this.lagValue = lag;
        this.caughtUp = lag <= 0;
        if (lag > 0) this.sim.schedule(lag / (this.speed - 1), this, CAUGHT_UP, gen);
        else this.recovered();
        return;
      }
      case CAUGHT_UP:
        this.integrateLag();
        this.caughtUp = true;
        this.lagValue = 0;
        this.recovered();
        return;
    }
  }

  private recovered(): void {
    if (this.incidentStart !== null) this.stats.recoveryTimes.push(this.sim.now - this.incidentStart);
    this.incidentStart = null;
  }

  finish(): StreamReplicationStats {
    this.integrateLag();
    return this.stats;
  }
}
