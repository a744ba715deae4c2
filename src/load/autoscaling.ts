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

/** What the autoscaler needs from the load driver. */
export interface ScaledDriver {
  setHostUp(h: number, up: boolean): void;
  /** Busy and available slot-seconds of the serving hosts since the start (cumulative, whole run). */
  integrals(): { busy: number; capacity: number };
}

const OFF = 0, STARTING = 1, READY = 2;
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
  /** Scale events are kept for the first replication only (bounded memory). */
  private readonly keepEvents: boolean;

  constructor(
    private readonly sim: Simulator,
    private readonly spec: LoadServiceSpec,
    private readonly as: AutoscalingSpec,
    private readonly zones: (string | null)[],
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
  }

  /** Before the driver starts: min_replicas ready replicas, the other hosts out of service. */
  start(instancesUp: boolean[]): void {
    instancesUp.forEach((u, h) => (this.instUp[h] = u));
    for (const h of this.pickUp(this.as.minReplicas)) this.state[h] = READY;
    for (let h = 0; h < this.state.length; h++) this.refresh(h);
    this.trackedAt = this.sim.now;
    this.underProvisioned = this.servingCount() < this.need(this.sim.now);
    this.sim.schedule(this.as.syncPeriod, this, SYNC);
  }

  /** The host's instance went down or came back up. */
  instanceChange(h: number, up: boolean): void {
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
    const [to] = this.pickUp(1);
    if (to === undefined || !this.instUp[to]) return;
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
    this.sync();
    if (this.sim.now + this.as.syncPeriod <= this.horizon) this.sim.schedule(this.as.syncPeriod, this, SYNC);
  }

  private sync(): void {
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
  }

  private scaleUp(now: number, current: number, next: number): void {
    if (now < this.noScaleUpUntil) return;
    if (this.as.scaleFailure > 0 && this.rngScaleFail() < this.as.scaleFailure) {
      this.noScaleUpUntil = now + this.as.retryAfter;
      if (now >= this.buckets.start) this.out.failedScaleActions++;
      return;
    }
    const slots = this.pickUp(next - current);
    for (const h of slots) this.create(h);
    this.recorded(now, current, current + slots.length);
  }

  private scaleDown(now: number, current: number, next: number): void {
    for (const h of this.pickDown(current - next)) {
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

  /** Off slots for `count` new replicas: instance up first, then the zone with the fewest replicas, lowest slot. */
  private pickUp(count: number): number[] {
    const picked: number[] = [];
    const perZone = this.zoneCounts();
    for (let k = 0; k < count; k++) {
      let best = -1;
      for (let h = 0; h < this.state.length; h++) {
        if (this.state[h] !== OFF || picked.includes(h)) continue;
        if (best < 0 || this.betterUp(h, best, perZone)) best = h;
      }
      if (best < 0) break;
      picked.push(best);
      const z = this.zones[best] ?? '';
      perZone.set(z, (perZone.get(z) ?? 0) + 1);
    }
    return picked;
  }

  private betterUp(h: number, best: number, perZone: Map<string, number>): boolean {
    if (this.instUp[h] !== this.instUp[best]) return this.instUp[h];
    return (perZone.get(this.zones[h] ?? '') ?? 0) < (perZone.get(this.zones[best] ?? '') ?? 0);
  }

  /** Replicas to remove: starting, then instance down, then from the zone with the most replicas, highest slot. */
  private pickDown(count: number): number[] {
    const picked: number[] = [];
    const perZone = this.zoneCounts();
    const rank = (h: number) => (this.state[h] === STARTING ? 0 : this.instUp[h] ? 2 : 1);
    for (let k = 0; k < count; k++) {
      let best = -1;
      for (let h = this.state.length - 1; h >= 0; h--) {
        if (this.state[h] === OFF || picked.includes(h)) continue;
        if (best < 0 || rank(h) < rank(best) || (rank(h) === rank(best) && (perZone.get(this.zones[h] ?? '') ?? 0) > (perZone.get(this.zones[best] ?? '') ?? 0))) best = h;
      }
      if (best < 0) break;
      picked.push(best);
      const z = this.zones[best] ?? '';
      perZone.set(z, (perZone.get(z) ?? 0) - 1);
    }
    return picked;
  }

  private zoneCounts(): Map<string, number> {
    const m = new Map<string, number>();
    this.state.forEach((s, h) => {
      const z = this.zones[h] ?? '';
      if (!m.has(z)) m.set(z, 0);
      if (s !== OFF) m.set(z, (m.get(z) as number) + 1);
    });
    return m;
  }
}
