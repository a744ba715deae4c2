/**
 * Exact mode: one event per client request (Poisson arrivals; with a daily profile, a non-homogeneous
 * Poisson process by thinning: Lewis & Shedler, Naval Res. Logistics Q. 26(3), 1979), routed by stateful
 * policies (round-robin cursors, smooth weighted credits, least_request on active-request counts), outlier
 * detection on actual consecutive failures, health checks as probe events. Meant for short windows; the
 * fluid mode is validated against it.
 *
 * A request is resumed by events at the start of each of its tries and at each retry decision (see
 * `RequestSteps`), so counts in flight are the true ones at that instant: a host's active requests (tries
 * from their start to their end), a service's active requests (calls from their start to their end) and
 * active retries (retry tries from their start to their end). Envoy's retry budget
 * (cluster.v3.CircuitBreakers.Thresholds.RetryBudget) admits a retry while active retries are below
 * max(min_retry_concurrency, budget_percent x active requests); the call deciding to retry is still in
 * flight then (Envoy asks while the failed upstream request is being answered).
 * Simplification: a try's outcome (duration, error) is drawn at its start; outlier detection counts it then.
 */
import { rngStream } from '../engine/rng.js';
import type { EventHandler, Simulator } from '../engine/simulator.js';
import { rateAt } from './fluid.js';
import { makePicker, type Picker } from './policies.js';
import { callService, runNow, type Draws, type RequestContext, type RequestSteps, type ServiceSamplers } from './request.js';
import { EndTimes } from './end-times.js';
import type { TrafficCollector } from './stats.js';
import { addLatency } from './latency-sketch.js';
import type { ServiceState, TrafficDriver, TrafficModel } from './traffic-model.js';

/** Things in flight: started ones whose end is not known yet (`open`) plus known ends after now. */
export class InFlight {
  private open = 0;
  private readonly ends = new EndTimes();
  begin(): void {
    this.open++;
  }
  /** One of the open ones turns out to end at time t. */
  end(t: number): void {
    this.open--;
    this.ends.push(t);
  }
  count(now: number): number {
    return this.open + this.ends.count(now);
  }
}

const ARRIVAL = 0, RESUME = 1;

export class ExactGenerator implements TrafficDriver, EventHandler {
  private readonly pickers: Picker[];
  private readonly active: InFlight[][];
  private readonly calls: InFlight[];
  private readonly retries: InFlight[];
  private readonly arrivals: () => number;
  private readonly thin: () => number;
  private readonly d: Draws;
  private readonly ctx: RequestContext;
  private readonly maxRate: number;
  /** Requests waiting for a later instant: id -> steps and arrival time. */
  private readonly waiting = new Map<number, { steps: RequestSteps; arrivedAt: number }>();
  private nextId = 0;
  /** Arrival time of the request being advanced. */
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
    this.active = model.services.map((s) => s.hosts.map(() => new InFlight()));
    this.calls = model.services.map(() => new InFlight());
    this.retries = model.services.map(() => new InFlight());
    this.pickers = model.services.map((s) => makePicker(s.spec.balancer, (h) => this.active[s.index][h].count(this.sim.now)));
    this.ctx = {
      instant: false,
      pick: (s: ServiceState, u) => this.pickers[s.index].pick(s.candidates, u),
      allowRetry: (s: ServiceState) => {
        const b = s.spec.balancer.retry.budget;
        if (!b) return true;
        const now = this.sim.now;
        return this.retries[s.index].count(now) < Math.max(b.minRetryConcurrency, b.budgetPercent * this.calls[s.index].count(now));
      },
      tryStart: (s, h, retry) => {
        this.active[s.index][h].begin();
        if (retry) this.retries[s.index].begin();
      },
      tryEnd: (s, h, start, spent, retry, failed) => {
        const end = this.arrivedAt + start + spent;
        this.active[s.index][h].end(end);
        if (retry) this.retries[s.index].end(end);
        if (this.out.inWindow) {
          this.out.stats.services[s.index].tries++;
          if (failed) this.out.stats.services[s.index].failures++;
        }
        this.model.outliers.recordTry(s, h, failed);
      },
      callStart: (s) => this.calls[s.index].begin(),
      callEnd: (s, start, latency) => this.calls[s.index].end(this.arrivedAt + start + latency),
    };
  }

  start(): void {
    this.next();
  }

  changed(): void {
    // Requests read the state at each of their steps: nothing to do.
  }

  handleEvent(kind: number, id: number): void {
    if (kind === RESUME) {
      const w = this.waiting.get(id)!;
      this.waiting.delete(id);
      this.advance(w.steps, w.arrivedAt);
      return;
    }
    const now = this.sim.now;
    this.next();
    if (this.model.spec.dailyProfile && this.thin() * this.maxRate >= rateAt(this.model.spec, now)) return;
    const entry = this.model.byName.get(this.model.spec.entry) as ServiceState;
    this.advance(callService(this.model, entry, this.model.network.clients, 0, this.d, this.ctx, this.samplers), now);
  }

  /** Runs a request until it must wait for a later instant (then schedules its resumption) or ends. */
  private advance(steps: RequestSteps, arrivedAt: number): void {
    this.arrivedAt = arrivedAt;
    for (;;) {
      const r = steps.next();
      if (r.done) return this.finishRequest(r.value, arrivedAt);
      const at = arrivedAt + r.value;
      if (at > this.sim.now) {
        const id = this.nextId++;
        this.waiting.set(id, { steps, arrivedAt });
        this.sim.scheduleAt(at, this, RESUME, id);
        return;
      }
    }
  }

  private finishRequest(coded: number, arrivedAt: number): void {
    if (arrivedAt < this.warmup) return;
    const st = this.out.stats;
    st.requests++;
    if (coded >= 0) st.successes++;
    addLatency(st.latency, coded >= 0 ? coded : -1 - coded);
  }

  /** Requests still waiting at the horizon finish against the final state (they arrived in the window). */
  finish(): void {
    for (const [id, w] of [...this.waiting]) {
      this.waiting.delete(id);
      this.arrivedAt = w.arrivedAt;
      this.finishRequest(runNow(w.steps), w.arrivedAt);
    }
  }

  private next(): void {
    if (this.maxRate <= 0) return;
    const gap = -Math.log(1 - this.arrivals()) / this.maxRate;
    if (this.sim.now + gap <= this.horizon) this.sim.schedule(gap, this, ARRIVAL);
  }
}
