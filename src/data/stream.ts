/**
 * A checkpointing stream processor in one replication (Carbone et al., "Lightweight Asynchronous
 * Snapshots for Distributed Dataflows", 2015; Apache Flink checkpointing docs). The job consumes a
 * replayable input (Kafka-like) at `inputRate`; its position p(t) is the input time processed so far.
 * Every `checkpointInterval` of running time it snapshots p, and the snapshot is usable `checkpointDuration`
 * later. When one of its instances goes down, the job fails: it restarts after the restart law plus the
 * state restore (state_size / state_restore_throughput), rewinds to the last completed snapshot (at-least-
 * once and exactly-once) or keeps its position and loses the state updates since the snapshot (at-most-
 * once), then catches up at capacity: the backlog drains at (capacity - inputRate) records/s, so input
 * time catches up at speed capacity / inputRate. The job is rescheduled at once on the instances up plus
 * up to `spareInstances` spare slots: it does not wait for a repair, but its capacity is
 * capacity x min(n, up + spare) / n (n = its instances), so a zone outage that takes more instances than
 * there are spares leaves it slower, or unable to catch up (capacity <= input rate) until instances come
 * back; instances coming back while it runs raise its capacity at once (rescaled without a restart).
 * Checkpoints are triggered at runStart + k x interval (k >= 1), as
 * Flink's periodic trigger restarted with the job; they are computed when a failure needs them rather than
 * simulated as events (the position is a deterministic function of time while the job runs).
 */
import type { Uniform } from '../engine/rng.js';
import { NO_EVENT, type EventHandle, type EventHandler, type Simulator } from '../engine/simulator.js';
import type { Instance, InstanceListener } from '../model/instance.js';
import type { StreamSpec } from './types.js';
import type { CompiledData } from './compile.js';
import type { StreamReplicationStats } from './stats.js';

const RESTARTED = 2;
const CAUGHT_UP = 3;

/** A stretch of constant processing speed since the last (re)start: position at `t` was `pos`. */
interface Segment {
  t: number;
  pos: number;
  /** Input time processed per second (capacity / input rate). */
  speed: number;
}

export class StreamRuntime implements EventHandler, InstanceListener {
  private running = true;
  /** Position when the job stopped (valid while not running). */
  private pos = 0;
  /** Speed segments since the last (re)start, oldest first. */
  private segs: Segment[] = [];
  private up: number;
  private catchUp: EventHandle = NO_EVENT;
  /** Position restored at the last (re)start: the snapshot until a checkpoint completes. */
  private snapshot = 0;
  private runStart = 0;
  private gen = 0;
  private resumePos = 0;
  private incidentStart: number | null = null;
  private lagAt = 0;
  private lagValue = 0;
  readonly stats: StreamReplicationStats;

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
    this.up = spec.instances.filter((id) => (instances.get(id) as Instance).up).length;
    this.stats = { name: spec.name, failures: 0, recoveryTimes: [], peakLags: [], lagArea: 0, duplicates: 0, lost: 0 };
  }

  start(): void {
    this.runStart = 0;
    this.segs = [{ t: 0, pos: 0, speed: this.speed() }];
  }

  /** Current speed: capacity x min(n, up + spare) / n over the input rate. */
  private speed(): number {
    const n = this.spec.instances.length;
    return (this.spec.capacity * Math.min(n, this.up + this.spec.spareInstances)) / n / this.spec.inputRate;
  }

  /** Position at time x of the current run (x >= runStart). */
  private positionAt(x: number): number {
    let k = this.segs.length - 1;
    while (k > 0 && this.segs[k].t > x) k--;
    const g = this.segs[k];
    return Math.min(x, g.pos + g.speed * (x - g.t));
  }

  /** Position captured by the last checkpoint completed by `t` (or the restored position when none). */
  private lastSnapshot(t: number): number {
    const { checkpointInterval: I, checkpointDuration: D } = this.spec;
    const k = Math.floor((t - this.runStart - D) / I);
    if (k < 1) return this.snapshot;
    return this.positionAt(this.runStart + k * I);
  }

  /** Input time processed up to now. */
  private position(t: number): number {
    return this.running ? this.positionAt(t) : this.pos;
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
    this.up += up ? 1 : -1;
    if (up) {
      if (this.running) this.rescale();
      return;
    }
    if (!this.running) return;
    const now = this.sim.now;
    this.integrateLag();
    const pf = this.position(now);
    this.snapshot = this.lastSnapshot(now);
    this.running = false;
    this.pos = pf;
    this.gen++;
    this.sim.cancel(this.catchUp);
    this.catchUp = NO_EVENT;
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
        this.snapshot = this.resumePos;
        this.runStart = now;
        this.segs = [{ t: now, pos: this.resumePos, speed: this.speed() }];
        const lag = now - this.resumePos;
        if (now >= this.warmup) this.stats.peakLags.push(lag);
        this.lagValue = lag;
        return this.scheduleCatchUp();
      }
      case CAUGHT_UP:
        this.catchUp = NO_EVENT;
        this.integrateLag();
        this.lagValue = 0;
        this.segs.push({ t: now, pos: now, speed: this.speed() });
        this.recovered();
        return;
    }
  }

  /** An instance came back while the job runs: from now on it runs at the new capacity. */
  private rescale(): void {
    const now = this.sim.now;
    this.integrateLag();
    this.segs.push({ t: now, pos: this.positionAt(now), speed: this.speed() });
    this.scheduleCatchUp();
  }

  /** (Re)schedules the catch-up of the current segment; none while the job cannot outrun its input. */
  private scheduleCatchUp(): void {
    const now = this.sim.now;
    const g = this.segs[this.segs.length - 1];
    const lag = now - g.pos;
    this.sim.cancel(this.catchUp);
    this.catchUp = NO_EVENT;
    if (lag <= 0) {
      if (this.incidentStart !== null) this.recovered();
      return;
    }
    if (g.speed > 1) this.catchUp = this.sim.schedule(lag / (g.speed - 1), this, CAUGHT_UP, this.gen);
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
