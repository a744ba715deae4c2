/**
 * Exact mode: one event per client request (Poisson arrivals; with a daily profile, a non-homogeneous
 * Poisson process by thinning: Lewis & Shedler, Naval Res. Logistics Q. 26(3), 1979), routed by stateful
 * policies (round-robin cursors, smooth weighted credits, least_request on active-request counts), outlier
 * detection on actual consecutive failures, health checks as periodic probe events. Meant for short
 * windows; the fluid mode is validated against it.
 *
 * Simplification: a request's tries (and calls) are resolved when it arrives, against the state at that
 * instant; the hosts' active-request counts and the retry budget's active counts include each try from its
 * start to its end.
 */
import { rngStream } from '../engine/rng.js';
import type { EventHandler, Simulator } from '../engine/simulator.js';
import { rateAt } from './fluid.js';
import { makePicker, type Picker } from './policies.js';
import { callService, type Draws, type RequestContext, type ServiceSamplers } from './request.js';
import type { TrafficCollector } from './stats.js';
import { addLatency } from './latency-sketch.js';
import type { ServiceState, TrafficDriver, TrafficModel } from './traffic-model.js';

/** Binary min-heap of end times: `count(now)` = entries ending after now. */
export class EndTimes {
  private readonly heap: number[] = [];
  push(t: number): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p] <= h[i]) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }
  count(now: number): number {
    const h = this.heap;
    while (h.length > 0 && h[0] <= now) {
      const last = h.pop() as number;
      if (h.length === 0) break;
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && h[l] < h[m]) m = l;
        if (r < h.length && h[r] < h[m]) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return h.length;
  }
}

export class ExactGenerator implements TrafficDriver, EventHandler {
  private readonly pickers: Picker[];
  private readonly active: EndTimes[][];
  private readonly calls: EndTimes[];
  private readonly retries: EndTimes[];
  private readonly arrivals: () => number;
  private readonly thin: () => number;
  private readonly d: Draws;
  private readonly ctx: RequestContext;
  private readonly maxRate: number;
  private arrivedAt = 0;

  constructor(
    private readonly sim: Simulator,
    private readonly model: TrafficModel,
    private readonly out: TrafficCollector,
    private readonly samplers: ServiceSamplers,
    private readonly warmup: number,
    private readonly horizon: number,
    seed: number,
    replication: number,
  ) {
    const rng = (purpose: string) => rngStream(seed, replication, 'traffic', purpose);
    this.arrivals = rng('arrivals');
    this.thin = rng('thinning');
    this.d = { route: rng('route'), error: rng('error'), service: rng('service-time'), net: rng('network'), retry: rng('retry') };
    const spec = model.spec;
    this.maxRate = spec.dailyProfile ? Math.max(...Array.from({ length: 24 }, (_, h) => rateAt(spec, h * 3600))) : spec.rate;
    this.active = model.services.map((s) => s.hosts.map(() => new EndTimes()));
    this.calls = model.services.map(() => new EndTimes());
    this.retries = model.services.map(() => new EndTimes());
    this.pickers = model.services.map((s) => makePicker(s.spec.balancer, (h) => this.active[s.index][h].count(this.sim.now)));
    this.ctx = {
      pick: (s: ServiceState, u) => this.pickers[s.index].pick(s.candidates, u),
      allowRetry: (s: ServiceState) => {
        const b = s.spec.balancer.retry.budget;
        if (!b) return true;
        const now = this.sim.now;
        return this.retries[s.index].count(now) < Math.max(b.minRetryConcurrency, b.budgetPercent * this.calls[s.index].count(now));
      },
      onTry: (s, h, start, spent, retry, failed) => {
        const end = this.arrivedAt + start + spent;
        this.active[s.index][h].push(end);
        if (retry) this.retries[s.index].push(end);
        if (this.out.inWindow) {
          this.out.stats.services[s.index].tries++;
          if (failed) this.out.stats.services[s.index].failures++;
        }
        this.model.recordTry(s, h, failed);
      },
      onCall: (s, start, latency) => this.calls[s.index].push(this.arrivedAt + start + latency),
    };
  }

  start(): void {
    this.model.exactProbes = true;
    this.model.startProbes();
    this.next();
  }

  changed(): void {
    // Requests read the state when they arrive: nothing to do.
  }

  handleEvent(): void {
    const now = this.sim.now;
    this.next();
    if (this.model.spec.dailyProfile && this.thin() * this.maxRate >= rateAt(this.model.spec, now)) return;
    this.arrivedAt = now;
    const entry = this.model.byName.get(this.model.spec.entry) as ServiceState;
    const r = callService(this.model, entry, this.model.network.clients, 0, this.d, this.ctx, this.samplers);
    if (now < this.warmup) return;
    const st = this.out.stats;
    st.requests++;
    if (r.ok) st.successes++;
    addLatency(st.latency, r.latency);
  }

  finish(): void {}

  private next(): void {
    if (this.maxRate <= 0) return;
    const gap = -Math.log(1 - this.arrivals()) / this.maxRate;
    if (this.sim.now + gap <= this.horizon) this.sim.schedule(gap, this, 0);
  }
}
