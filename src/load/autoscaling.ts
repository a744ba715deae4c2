/**
 * Runtime of a Kubernetes HorizontalPodAutoscaler on one load service (both load modes). The service's hosts
 * (the component's instances) are the replica slots: a slot is off, starting (created, not yet ready) or ready,
 * and a host takes tries only while its replica is ready and its instance up (the instance keeps its failure and
 * repair laws; a replica whose instance is down is a pod without a metric until the repair).
 *
 * Every sync period (kube-controller-manager --horizontal-pod-autoscaler-sync-period, default 15 s) the
 * controller reads the mean utilisation (busy slot-seconds / slot-seconds) of the serving replicas over the last
 * period, asks autoscaling-algorithm.ts for the replica count, and scales:
 * - up: a scale-up action fails as a whole with probability `scale_failure` (no replica added; no scale-up
 *   is tried again for `retry_after`); else new replicas are placed on the off slots with an up instance, in
 *   the zone with the fewest replicas first (Kubernetes topology spread), and become ready after a start-up
 *   time drawn from `startup_time`, or fail to start with probability `startup_failure` (the slot goes off;
 *   the HPA sees fewer replicas at its next sync and scales up again);
 * - down: starting replicas go first, then those whose instance is down, then ready ones from the zone with the
 *   most replicas, highest slot first (after the ReplicaSet controller's deletion ranking: not-ready before ready,
 *   spread across topology).
 * A replica whose instance stays down for `eviction_timeout` (default 300 s, Kubernetes' taint-based eviction) is
 * recreated on an off slot with an up instance (a new start-up), as the ReplicaSet controller replaces an evicted pod.
 * Syncs run at start + k x sync period. In fluid mode the autoscaler sleeps through syncs that cannot change anything:
 * after a sync that scaled nothing, when the driver's state has not changed during the period it measured and no
 * stamped recommendation or scale event is about to leave its window (HpaState.nextChange), every later sync would
 * measure the same utilisation and decide the same until the driver or a replica changes. It wakes on the next
 * such change (or at the time nextChange gives), counts the skipped syncs as done (their recommendation is
 * stamped at the last skipped sync time; the metric window restarts one period before the next sync), and syncs
 * again on the grid. An event at a sync time counts as before that sync while asleep (as events scheduled more
 * than one sync period ahead fire before it when awake). Numbers equal those of syncing every period up to
 * floating-point rounding (test/load-autoscaling-sleep.test.ts).
 * Random streams: (seed, replication, `load.<service>.autoscaling`, purpose).
 */
import { makeSampler, type Sampler } from '../engine/distributions.js';
import { rngStream, type Uniform } from '../engine/rng.js';
import type { EventHandler, Simulator } from '../engine/simulator.js';
import { desiredFromMetric, HpaState } from './autoscaling-algorithm.js';
import { MAX_SCALE_EVENTS, type AutoscalingStats } from './autoscaling-stats.js';
import type { AutoscalingSpec } from './autoscaling-types.js';
import { rateAt } from './profile.js';
import type { Buckets } from './series.js';
import type { LoadServiceSpec } from './types.js';
import { OFF, pickDown, pickUp, READY, STARTING, type Slots } from './autoscaling-placement.js';

/** What the autoscaler needs from the load driver. */
export interface ScaledDriver {
  setHostUp(h: number, up: boolean): void;
  /**
   * Busy and available slot-seconds of the serving hosts from the start to `at` (cumulative, whole run). `at` is
   * now except with a watchable driver, where it may lie before now within the current state.
   */
  integrals(at?: number): { busy: number; capacity: number };
  /**
   * Drivers whose busy and capacity rates are constant between state changes (fluid mode) call `listener` at
   * each change, before the new state applies; the autoscaler sleeps only with such a driver.
   */
  watch?(listener: () => void): void;
}

/** What a sleeping autoscaler keeps from the sync it fell asleep at. */
interface Sleep {
  /** Time of that sync. */
  at: number;
  /** Until when the decision stays the same (HpaState.nextChange). */
  until: number;
  current: number;
  desired: number | null;
}

const SYNC = 0, STARTED = 1, EVICT = 2;

export class Autoscaler implements EventHandler {
  private readonly state: number[];
  private readonly instUp: boolean[];
  private readonly downSince: number[];
  /** When each starting replica's start-up ends (a stale start-up event of a removed replica is ignored). */
  private readonly readyAt: number[];
  private readonly serving: boolean[];
  private readonly hpa: HpaState;
  private readonly startup: Sampler;
  private readonly rngStartup: Uniform;
  private readonly rngStartFail: Uniform;
  private readonly rngScaleFail: Uniform;
  private readonly need: (t: number) => number;
  private noScaleUpUntil = -Infinity;
  private last = { busy: 0, capacity: 0 };
  private trackedAt = 0;
  private underProvisioned = false;
  /** The slots' states and instances, for the placement rules. */
  private readonly slots: Slots;
  /** Scale events are kept for the first replication only (bounded memory). */
  private readonly keepEvents: boolean;
  /** Time of the first sync slot (syncs at t0 + k x syncPeriod, k >= 1). */
  private t0 = 0;
  /** Token of the pending sync event (a sync event with another token is stale). */
  private syncToken = 0;
  private readonly canSleep: boolean;
  private driverChangedAt = 0;
  private sleep: Sleep | null = null;
  /** Set when sleeping is disabled (tests compare against syncing every period). */
  static sleepDisabled = false;

  constructor(
    private readonly sim: Simulator,
    private readonly spec: LoadServiceSpec,
    private readonly as: AutoscalingSpec,
    zones: (string | null)[],
    private readonly driver: ScaledDriver,
    private readonly out: AutoscalingStats,
    private readonly buckets: Buckets,
    private readonly horizon: number,
    meanService: number,
    seed: number,
    replication: number,
  ) {
    const n = spec.hosts.length;
    this.keepEvents = replication === 0;
    this.state = new Array<number>(n).fill(OFF);
    this.instUp = new Array<boolean>(n).fill(true);
    this.downSince = new Array<number>(n).fill(0);
    this.readyAt = new Array<number>(n).fill(-1);
    this.serving = new Array<boolean>(n).fill(true);
    this.slots = { state: this.state, instUp: this.instUp, zones };
    this.hpa = new HpaState(as);
    this.startup = makeSampler(as.startupTime);
    const rng = (purpose: string) => rngStream(seed, replication, `load.${spec.name}.autoscaling`, purpose);
    this.rngStartup = rng('startup-time');
    this.rngStartFail = rng('startup-failure');
    this.rngScaleFail = rng('scale-failure');
    // Under-provisioned: fewer serving replicas than the HPA would settle on (utilisation above the target
    // beyond the tolerance) for the first tries at the current client rate and the base service time.
    const perReplica = spec.capacity.concurrency * as.targetUtilization * (1 + as.tolerance);
    this.need = (t) => Math.ceil((rateAt(spec, t) * meanService) / perReplica - 1e-9);
    this.canSleep = driver.watch !== undefined && !Autoscaler.sleepDisabled;
    driver.watch?.(() => this.driverChanged());
  }

  /** Before the driver starts: min_replicas ready replicas, the other hosts out of service. */
  start(instancesUp: boolean[]): void {
    instancesUp.forEach((u, h) => (this.instUp[h] = u));
    for (const h of pickUp(this.slots, this.as.minReplicas)) this.state[h] = READY;
    for (let h = 0; h < this.state.length; h++) this.refresh(h);
    this.trackedAt = this.sim.now;
    this.underProvisioned = this.servingCount() < this.need(this.sim.now);
    this.t0 = this.sim.now;
    this.scheduleSync(this.t0 + this.as.syncPeriod);
  }

  /** The host's instance went down or came back up. */
  instanceChange(h: number, up: boolean): void {
    this.wake();
    this.track();
    this.instUp[h] = up;
    this.refresh(h);
    if (!up) {
      this.downSince[h] = this.sim.now;
      if (this.sim.now + this.as.evictionTimeout <= this.horizon) this.sim.schedule(this.as.evictionTimeout, this, EVICT, h);
    }
  }

  /** A replica whose instance is still down after the eviction timeout is recreated on another slot. */
  private evict(h: number): void {
    if (this.state[h] === OFF || this.instUp[h] || this.sim.now - this.downSince[h] < this.as.evictionTimeout) return;
    const [to] = pickUp(this.slots, 1);
    if (to === undefined || !this.instUp[to]) return;
    this.wake();
    this.track();
    this.state[h] = OFF;
    this.create(to);
  }

  finish(): void {
    this.track();
  }

  handleEvent(kind: number, h: number): void {
    if (kind === STARTED) return this.started(h);
    if (kind === EVICT) return this.evict(h);
    if (h !== this.syncToken) return;
    // A sync while asleep is the wake-up time nextChange gave: catch up, then sync now.
    if (this.sleep) this.catchUp(this.sim.now);
    const at = this.sim.now;
    const quiet = this.sync();
    const next = at + this.as.syncPeriod;
    const until = this.canSleep && quiet ? this.sleepUntil(at, quiet) : at;
    if (until === at) this.scheduleSync(next);
    else if (until < Infinity) this.scheduleSync(this.gridAtOrAfter(until));
  }

  private scheduleSync(t: number): void {
    this.syncToken++;
    if (t <= this.horizon) this.sim.scheduleAt(t, this, SYNC, this.syncToken);
  }

  /** The first sync time at or after t. */
  private gridAtOrAfter(t: number): number {
    const p = this.as.syncPeriod;
    const k = Math.max(1, Math.ceil((t - this.t0) / p - 1e-9));
    return this.t0 + k * p;
  }

  /**
   * The driver's state changed (fluid mode): remember when, and wake up. A change at a sync time comes before that
   * sync, which measures the period before the change: while the decision is known not to change (before the
   * time nextChange gave) that sync is skipped too, except for its under-provisioning check at the new rate.
   */
  private driverChanged(): void {
    const now = this.sim.now;
    this.driverChangedAt = now;
    const s = this.sleep;
    if (!s) return;
    if (this.gridAtOrAfter(now) !== now || now >= s.until) return this.wake();
    const next = now + this.as.syncPeriod;
    this.catchUp(next);
    this.track();
    this.underProvisioned = this.servingCount() < this.need(now);
    this.scheduleSync(next);
  }

  /**
   * After the sync at `at` (which scaled nothing): the time until which it may sleep (`at` when it may not), per
   * the conditions in the module comment.
   */
  private sleepUntil(at: number, s: Omit<Sleep, 'at' | 'until'>): number {
    if (this.driverChangedAt > at - this.as.syncPeriod) return at;
    const until = this.hpa.nextChange(at, s.desired);
    if (until <= at + this.as.syncPeriod) return at;
    this.sleep = { at, until, ...s };
    return until;
  }

  /** An event while asleep: count the skipped syncs as done and sync again at the next sync time. */
  private wake(): void {
    if (!this.sleep) return;
    const g = this.gridAtOrAfter(this.sim.now);
    this.catchUp(g);
    this.scheduleSync(g);
  }

  /**
   * The syncs after the one slept at and before `g` decided `current` from the same metric: stamp the last one's
   * recommendation and start the metric one sync period before g (the driver's state was constant until now).
   */
  private catchUp(g: number): void {
    const s = this.sleep as Sleep;
    this.sleep = null;
    const p = this.as.syncPeriod;
    if (g - p <= s.at) return;
    this.hpa.decide(g - p, s.current, s.desired);
    this.last = this.driver.integrals(g - p);
  }

  /** One HPA sync; returns what it measured and decided when it decided the current count (else null). */
  private sync(): Omit<Sleep, 'at' | 'until'> | null {
    this.track();
    const now = this.sim.now;
    const cur = this.driver.integrals();
    const busy = cur.busy - this.last.busy;
    const capacity = cur.capacity - this.last.capacity;
    this.last = cur;
    let ready = 0, unready = 0, missing = 0;
    for (let h = 0; h < this.state.length; h++) {
      if (this.state[h] === STARTING) unready++;
      else if (this.state[h] === READY) {
        if (this.instUp[h]) ready++;
        else missing++;
      }
    }
    const current = ready + unready + missing;
    const utilization = capacity > 0 ? busy / capacity : 0;
    const desired = desiredFromMetric(current, { readyUtilization: utilization, ready: capacity > 0 ? ready : 0, unready, missing }, this.as.targetUtilization, this.as.tolerance);
    const next = this.hpa.decide(now, current, desired);
    this.underProvisioned = this.servingCount() < this.need(now);
    if (next > current) this.scaleUp(now, current, next);
    else if (next < current) this.scaleDown(now, current, next);
    return next === current ? { current, desired } : null;
  }

  private scaleUp(now: number, current: number, next: number): void {
    if (now < this.noScaleUpUntil) return;
    if (this.as.scaleFailure > 0 && this.rngScaleFail() < this.as.scaleFailure) {
      this.noScaleUpUntil = now + this.as.retryAfter;
      if (now >= this.buckets.start) this.out.failedScaleActions++;
      return;
    }
    const slots = pickUp(this.slots, next - current);
    for (const h of slots) this.create(h);
    this.recorded(now, current, current + slots.length);
  }

  private scaleDown(now: number, current: number, next: number): void {
    for (const h of pickDown(this.slots, current - next)) {
      this.state[h] = OFF;
      this.refresh(h);
    }
    this.recorded(now, current, next);
  }

  private recorded(now: number, from: number, to: number): void {
    if (to === from) return;
    this.hpa.recordScale(now, from, to);
    if (now < this.buckets.start) return;
    const o = this.out;
    if (to > from) {
      o.scaleUps++;
      o.replicasAdded += to - from;
    } else {
      o.scaleDowns++;
      o.replicasRemoved += from - to;
    }
    if (this.keepEvents && o.events.length < MAX_SCALE_EVENTS) o.events.push({ t: now, replicas: to });
  }

  /** A new replica on slot h: starting until its start-up time ends. */
  private create(h: number): void {
    this.state[h] = STARTING;
    const at = this.sim.now + this.startup.sample(this.rngStartup);
    this.readyAt[h] = at;
    this.sim.scheduleAt(at, this, STARTED, h);
  }

  /** A replica's start-up time ended: it is ready, or it failed to start and its slot goes off. */
  private started(h: number): void {
    if (this.state[h] !== STARTING || this.sim.now !== this.readyAt[h]) return;
    this.wake();
    this.track();
    if (this.as.startupFailure > 0 && this.rngStartFail() < this.as.startupFailure) {
      this.state[h] = OFF;
      if (this.sim.now >= this.buckets.start) this.out.failedStarts++;
      return;
    }
    this.state[h] = READY;
    this.refresh(h);
  }

  private refresh(h: number): void {
    const s = this.state[h] === READY && this.instUp[h];
    if (s === this.serving[h]) return;
    this.serving[h] = s;
    this.driver.setHostUp(h, s);
  }

  private servingCount(): number {
    let n = 0;
    for (const s of this.serving) if (s) n++;
    return n;
  }

  /** Integrates the replica counts and indicators over [trackedAt, now). */
  private track(): void {
    const now = this.sim.now;
    const a = this.trackedAt;
    this.trackedAt = now;
    if (now <= a) return;
    const b = this.buckets;
    let replicas = 0;
    for (const s of this.state) if (s !== OFF) replicas++;
    b.integrate(this.out.replicas, a, now, replicas);
    b.integrate(this.out.serving, a, now, this.servingCount());
    const dt = Math.max(0, Math.min(now, b.end) - Math.max(a, b.start));
    if (replicas >= this.as.maxReplicas) this.out.atMax += dt;
    if (this.underProvisioned) this.out.underProvisioned += dt;
  }
}
