/**
 * Envoy passive outlier detection, consecutive 5xx (Envoy "Outlier detection" architecture overview,
 * "Ejection algorithm" and "Ejection types: Consecutive 5xx"; config.cluster.v3.OutlierDetection):
 * - every failed try increments the host's consecutive-failure count, a passed try resets it; when the
 *   count reaches consecutive_5xx the host is an outlier and the count restarts (Envoy resets it so that a
 *   further bout of failures is seen even without an interleaved success);
 * - an outlier is ejected if no host is ejected, or while the ejected hosts are below max_ejection_percent
 *   of the hosts ("checks to make sure the number of ejected hosts is below the allowed threshold");
 * - ejection time = base_ejection_time x the host's ejection multiplier, which grows by one at each
 *   ejection until that product reaches max_ejection_time ("When ejection time reaches max_ejection_time
 *   it does not increase any more");
 * - ejection analysis sweeps run every `interval` (from time 0): a sweep returns a host to service once its
 *   ejection time has elapsed, and decrements the multiplier of every host that is not ejected ("If the
 *   host is healthy during that check, the ejection time multiplier is decremented").
 * Sweeps are not simulated one by one: an unejection is scheduled at the first sweep after the ejection
 * time, and a multiplier's decay is applied lazily (one per sweep since the host's return) at its next
 * ejection. Not modelled: success-rate and failure-percentage ejection, max_ejection_time_jitter,
 * enforcing_* percentages (taken as 100%), panic routing.
 *
 * Exact mode: tries are counted as they happen (`recordTry`). Fluid mode: for each host the driver gives
 * the failure probability f and the try rate r of the current state (`fluidRates`); the count keeps its
 * value across state changes. While reaching consecutive_5xx takes few tries (expected
 * (1 - f^N) / ((1 - f) f^N) <= FLUID_TRY_EVENTS; Feller vol. 1, XIII.7, success runs), tries are
 * simulated as Poisson events of rate r, each failing with probability f; beyond, the outlier time is
 * exponential with that mean over r (a rare run: asymptotically exponential) and, being memoryless, is
 * redrawn at state changes without bias.
 */
import { NO_EVENT, type EventHandle, type EventHandler, type Simulator } from '../engine/simulator.js';
import type { Uniform } from '../engine/rng.js';
import type { ServiceState } from './service-state.js';
import type { TrafficCollector } from './stats.js';

/** Fluid mode: expected tries to an outlier up to which tries are simulated one by one. */
export const FLUID_TRY_EVENTS = 2000;

const TRY = 0, RARE = 1, UNEJECT = 2;
const HOST_BITS = 4096;

interface HostOutlier {
  count: number;
  ejected: boolean;
  ejectedAt: number;
  multiplier: number;
  /** Index of the sweep that returned the host (its multiplier decays at later sweeps). */
  returnedSweep: number;
  /** Fluid: failure probability and try rate of the current state; the pending try or rare-outlier event. */
  f: number;
  rate: number;
  event: EventHandle;
}

export class OutlierDetector implements EventHandler {
  private readonly hosts: HostOutlier[][];
  /** Called after a host is ejected or returned (the model recomputes its rotation). */
  onChange: () => void = () => {};
  /**
   * Fluid mode: the host (service index, host index) whose simulated failing try just ejected it, until
   * taken (`takeTrigger`): that try's request meets the ejection in its later steps (fluid-boundary.ts).
   */
  private trigger: [number, number] | null = null;

  constructor(
    private readonly sim: Simulator,
    private readonly services: ServiceState[],
    private readonly stats: TrafficCollector,
    private readonly rng: Uniform,
  ) {
    this.hosts = services.map((s) =>
      s.hosts.map(() => ({ count: 0, ejected: false, ejectedAt: 0, multiplier: 0, returnedSweep: 0, f: 0, rate: 0, event: NO_EVENT })),
    );
  }

  /** Exact mode: one try on host h of s passed or failed. */
  recordTry(s: ServiceState, h: number, failed: boolean): void {
    const od = s.spec.balancer.outlier;
    if (!od) return;
    const o = this.hosts[s.index][h];
    if (!failed) {
      o.count = 0;
      return;
    }
    if (++o.count === od.consecutive5xx) {
      o.count = 0;
      this.eject(s, h);
    }
  }

  /** Fluid mode: host h of s now fails a fraction f of its tries, which arrive at `rate` per second. */
  fluidRates(s: ServiceState, h: number, f: number, rate: number): void {
    const od = s.spec.balancer.outlier;
    if (!od) return;
    const o = this.hosts[s.index][h];
    if (o.f === f && o.rate === rate && (o.event !== NO_EVENT || !(f > 0 && rate > 0))) return;
    o.f = f;
    o.rate = rate;
    this.sim.cancel(o.event);
    o.event = NO_EVENT;
    this.scheduleFluid(s, h, o);
  }

  /** Fluid mode: the host whose failing try caused the change being handled, if any (then forgotten). */
  takeTrigger(): [number, number] | null {
    const t = this.trigger;
    this.trigger = null;
    return t;
  }

  /** Envoy's max_ejection_percent: a host may be ejected unless the ejected share already reaches it (one is always allowed). */
  private ejectionAllowed(s: ServiceState): boolean {
    const od = s.spec.balancer.outlier!;
    const list = this.hosts[s.index];
    const ejectedNow = list.reduce((a, x) => a + (x.ejected ? 1 : 0), 0);
    return ejectedNow === 0 || ejectedNow / list.length < od.maxEjectionPercent;
  }

  /**
   * Fluid mode: schedules the host's next try (or its rare-outlier time). While max_ejection_percent blocks
   * every ejection in the service, a consecutive-5xx run can change nothing, so the host is parked (no events;
   * with every try failing and the cap reached, simulating tries one by one would cost an event per try for as
   * long as the cap holds) and resumes when a host returns. Its count keeps its value meanwhile: the first
   * ejection after a return comes at most consecutive_5xx tries (a few ms at the try rate) off Envoy's.
   */
  private scheduleFluid(s: ServiceState, h: number, o: HostOutlier): void {
    if (!(o.f > 0 && o.rate > 0) || o.ejected || !this.ejectionAllowed(s)) return;
    const n = s.spec.balancer.outlier!.consecutive5xx;
    const expected = o.f >= 1 ? n : (1 - o.f ** n) / ((1 - o.f) * o.f ** n);
    const data = s.index * HOST_BITS + h;
    const exp = (mean: number) => -Math.log(1 - this.rng()) * mean;
    if (expected <= FLUID_TRY_EVENTS) o.event = this.sim.schedule(exp(1 / o.rate), this, TRY, data);
    else if (Number.isFinite(expected)) o.event = this.sim.schedule(exp(expected / o.rate), this, RARE, data);
  }

  handleEvent(kind: number, data: number): void {
    const s = this.services[Math.floor(data / HOST_BITS)];
    const h = data % HOST_BITS;
    const o = this.hosts[s.index][h];
    if (kind === UNEJECT) return this.unejectNow(s, h, o);
    o.event = NO_EVENT;
    if (kind === TRY) {
      const failed = this.rng() < o.f;
      if (failed) this.trigger = [s.index, h];
      this.recordTry(s, h, failed);
    } else {
      this.trigger = [s.index, h];
      this.eject(s, h);
    }
    this.trigger = null;
    if (o.event === NO_EVENT) this.scheduleFluid(s, h, o);
  }

  private eject(s: ServiceState, h: number): void {
    const od = s.spec.balancer.outlier!;
    const o = this.hosts[s.index][h];
    if (o.ejected) return;
    if (!this.ejectionAllowed(s)) return;
    const now = this.sim.now;
    const sweep = Math.floor(now / od.interval);
    o.multiplier = Math.max(0, o.multiplier - Math.max(0, sweep - o.returnedSweep));
    if (od.baseEjectionTime * o.multiplier < od.maxEjectionTime) o.multiplier++;
    o.ejected = s.ejected[h] = true;
    o.ejectedAt = now;
    o.count = 0;
    this.sim.cancel(o.event);
    o.event = NO_EVENT;
    this.stats.ejection();
    if (s.failingSince[h] >= 0 && s.hcHealthy[h]) this.stats.failover(now - s.failingSince[h]);
    const duration = Math.min(od.baseEjectionTime * o.multiplier, od.maxEjectionTime);
    // The first sweep at or after the ejection time has elapsed returns the host.
    const returnAt = Math.ceil((now + duration) / od.interval) * od.interval;
    this.sim.scheduleAt(Math.max(now, returnAt), this, UNEJECT, s.index * HOST_BITS + h);
    this.onChange();
  }

  private unejectNow(s: ServiceState, h: number, o: HostOutlier): void {
    const od = s.spec.balancer.outlier!;
    o.ejected = s.ejected[h] = false;
    o.count = 0;
    o.returnedSweep = Math.round(this.sim.now / od.interval);
    this.onChange();
    // Hosts parked while the cap held (fluid mode) resume, this one included.
    // (Exact mode: f = rate = 0, nothing is scheduled.)
    this.hosts[s.index].forEach((x, k) => {
      if (x.event === NO_EVENT) this.scheduleFluid(s, k, x);
    });
  }
}
