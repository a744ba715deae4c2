/**
 * Fluid mode: between two state changes of a load service (a host going down or up, a latency spike starting
 * or ending, an hour of the daily profile), its outcomes follow from the operating point of fluid-point.ts; this
 * integrator accumulates them as expected counts and time integrals into the replication's statistics and
 * buckets. Each state's fixed-point iteration starts from the previous state's retry amplification
 * (hysteresis: a retry storm persists while its fixed point exists). No per-request events.
 */
import type { EventHandler, Simulator } from '../engine/simulator.js';
import type { LoadDriver } from './driver.js';
import { serviceLaw, type ServiceLaw } from './host-model.js';
import { cachedOperatingPoint, type OperatingPoint } from './fluid-point.js';
import { fluidRejection } from './admission-control.js';
import { nextHour, rateAt } from './profile.js';
import type { Buckets } from './series.js';
import type { LoadServiceStats } from './stats.js';
import type { LoadServiceSpec } from './types.js';

const HOUR_TICK = 0;
/** The failure causes fluid mode has rates for (no resets: a host going down changes the state). */
const FLUID_OUTCOMES = ['timeout', 'rejected', 'shed', 'rateLimited', 'noHost'] as const;

/** Admission-control rejection probabilities already solved, per service spec and state (as cachedOperatingPoint). */
const rejections = new WeakMap<LoadServiceSpec, Map<string, number>>();

function cachedRejection(spec: LoadServiceSpec, key: string, solve: () => number): number {
  let m = rejections.get(spec);
  if (!m) rejections.set(spec, (m = new Map()));
  let p = m.get(key);
  if (p === undefined) {
    p = solve();
    if (m.size < 100_000) m.set(key, p);
  }
  return p;
}

export class FluidLoad implements LoadDriver, EventHandler {
  private readonly up: boolean[];
  private upCount: number;
  private factor = 1;
  private amplification = 1;
  private since = 0;
  private point: OperatingPoint | null = null;
  private lambda = 0;
  /** Client requests per second rejected by admission control in the current state. */
  private rejected = 0;
  private readonly law: ServiceLaw;
  private started = false;
  /** Busy and available slot-seconds since the start, whole run (the autoscaler's metric). */
  private busyTotal = 0;
  private capacityTotal = 0;
  /** Busy and available slots of the current state (the rates of the two totals). */
  private busyRate = 0;
  private capacityRate = 0;
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly sim: Simulator,
    private readonly spec: LoadServiceSpec,
    private readonly out: LoadServiceStats,
    private readonly buckets: Buckets,
    private readonly horizon: number,
  ) {
    this.up = spec.hosts.map(() => true);
    this.upCount = spec.hosts.length;
    this.law = serviceLaw(spec.capacity.serviceTime);
  }

  start(): void {
    this.started = true;
    this.since = this.sim.now;
    this.recompute();
    if (this.spec.dailyProfile) this.scheduleHour();
  }

  /**
   * Calls `listener` at each state change, after the totals are brought up to now and before the new state's rates
   * apply (so integrals(t) still answers for the state that ends now). The rates are constant in between.
   */
  watch(listener: () => void): void {
    this.listeners.push(listener);
  }

  private scheduleHour(): void {
    const t = nextHour(this.sim.now);
    if (t <= this.horizon) this.sim.scheduleAt(t, this, HOUR_TICK);
  }

  handleEvent(): void {
    this.change();
    this.scheduleHour();
  }

  setHostUp(h: number, up: boolean): void {
    if (this.up[h] === up) return;
    // The time up to now is the old host set's (capacity and per-host busy time).
    if (this.started) this.integrate(this.sim.now);
    this.up[h] = up;
    this.upCount += up ? 1 : -1;
    if (this.started) this.change();
  }

  scaleServiceTime(c: number): void {
    this.factor *= c;
    if (this.started) this.change();
  }

  finish(): void {
    this.integrate(this.sim.now);
  }

  /**
   * Busy and available slot-seconds of the up hosts from the start to `at` (default now), by the current state's
   * rates from the last accounting time: `at` may lie before now within the current state (or the one ending now,
   * from a change listener).
   */
  integrals(at = this.sim.now): { busy: number; capacity: number } {
    const dt = at - this.since;
    return { busy: this.busyTotal + this.busyRate * dt, capacity: this.capacityTotal + this.capacityRate * dt };
  }

  private change(): void {
    this.integrate(this.sim.now);
    for (const l of this.listeners) l();
    this.recompute();
  }

  private recompute(): void {
    this.lambda = rateAt(this.spec, this.sim.now);
    const adm = this.spec.admission;
    // Admission control: the stationary rejection probability of the state (admission-control.ts). When rejecting
    // drops the service out of a retry storm (a lower amplification), it is solved again from there (at most 3
    // times): the filter's 30-s window is short next to a state.
    for (let k = 0; k < 3; k++) {
      const start = this.amplification;
      const point = (x: number) => cachedOperatingPoint(this.spec, this.law, this.factor, this.upCount, x, start);
      const pReject = adm && this.lambda > 0 ? cachedRejection(this.spec, `${this.upCount}|${this.factor}|${this.lambda}|${start}`, () => fluidRejection(adm, this.lambda, (x) => (x > 0 ? point(x).point.goodput / x : 1))) : 0;
      this.rejected = this.lambda * pReject;
      const r = point(this.lambda - this.rejected);
      this.point = r.point;
      this.amplification = r.amplification;
      this.busyRate = r.point.busy;
      this.capacityRate = this.upCount * this.spec.capacity.concurrency;
      if (!adm || r.amplification >= start - 1e-9) break;
    }
  }

  /** Adds the current state's outcomes over [since, t). */
  private integrate(t: number): void {
    const p = this.point;
    const a = this.since;
    this.since = t;
    if (!p || t <= a) return;
    this.busyTotal += this.busyRate * (t - a);
    this.capacityTotal += this.capacityRate * (t - a);
    const b = this.buckets;
    const lo = Math.max(a, b.start);
    const dt = Math.max(0, Math.min(t, b.end) - lo);
    const s = this.out;
    s.requests += this.lambda * dt;
    s.successes += p.goodput * dt;
    s.tries += p.tryRate * dt;
    s.retries += p.retryRate * dt;
    s.retriesRefused += p.retriesRefused * dt;
    s.hedges += p.hedges * dt;
    s.admissionRejected += this.rejected * dt;
    for (const k of FLUID_OUTCOMES) s.outcomes[k] += p.outcomes[k] * dt;
    const slots = this.spec.capacity.concurrency;
    for (let h = 0; h < this.up.length; h++) {
      if (!this.up[h]) continue;
      s.hostBusy[h] += (p.busy / this.upCount) * dt;
      s.hostCapacity[h] += slots * dt;
    }
    const se = s.series;
    b.integrate(se.requests, a, t, this.lambda);
    b.integrate(se.successes, a, t, p.goodput);
    b.integrate(se.tries, a, t, p.tryRate);
    b.integrate(se.busy, a, t, p.busy);
    b.integrate(se.capacity, a, t, this.upCount * slots);
    if (Number.isFinite(p.wait)) {
      b.integrate(se.waitSum, a, t, p.served * p.wait);
      b.integrate(se.waitCount, a, t, p.served);
    }
  }
}
