/**
 * Fluid mode: between two state changes the request law (success probability, latency distribution, how
 * tries spread over hosts) is constant, so traffic is integrated instead of simulated: over [t1, t2] the
 * clients send lambda(t) (t2 - t1) requests, a fraction p of which succeed, with latencies from the state's
 * latency law. Each distinct state (`TrafficModel.signature`) is evaluated once per replication by
 * FLUID_SAMPLES requests run through the same request logic as the exact mode, with randomized
 * quasi-Monte Carlo draws (see `RqmcDraws`) from a stream of (seed, replication, state): each replication
 * evaluates its states independently (cached within the replication), so the evaluation error is
 * unbiased, independent between replications and inside the replication CI. (Sharing evaluations between
 * replications would be faster but would put a common error outside the CI.) State changes are instance failures/repairs, health-check
 * detections, ejections, network faults, deploys and the hourly steps of the daily profile: a one-year
 * horizon costs a few thousand evaluations, not 10^9 requests.
 *
 * Retry budget (fluid): each retry is admitted with the probability of retry-budget.ts (Erlang loss with
 * the budget as servers), at the fixed point where that probability is consistent with the loads it
 * produces. With one budgeted service the request law is interpolated in the admitted fraction between a
 * few evaluations per state (`budgetByInterpolation`); with several, the vector of fractions is iterated
 * (each value rounded to 0.001 so evaluations can be cached).
 *
 * Retry host under round_robin (fluid): the balancer's cursor has moved on by the picks other requests made
 * while the failed try lasted, K ~ Poisson(pick rate x try duration), so the retry goes to the candidate
 * K + 1 places after the failed one, as in the exact mode and in Envoy (the same host only by wrapping
 * around, or never with the `previous_hosts` predicate). The pick rate is the mean client rate times the
 * tries per client request at that service (estimated by a first pass over the state). Other policies pick
 * retries by their shares.
 */
import { rngStream } from '../engine/rng.js';
import type { EventHandler, Simulator } from '../engine/simulator.js';
import { BoundaryLayer, type Pick } from './fluid-boundary.js';
import { leastRequestShares } from './least-request-fluid.js';
import { admittedFraction } from './retry-budget.js';
import { fluidShares, pickByShares, roundRobinRetryPick } from './policies.js';
import { RqmcDraws, callService, runNow, type RequestContext, type ServiceSamplers } from './request.js';
import type { ServiceSpec, TrafficScenario } from './types.js';
import type { TrafficCollector } from './stats.js';
import { addLatency, addScaled, emptySketch, mixSketches, scaleSketch, type LatencySketch } from './latency-sketch.js';
import type { ServiceState, TrafficDriver, TrafficModel } from './traffic-model.js';

/**
 * Fixed-point iterations of the retry budget's admitted fraction, and the change below which it has
 * settled. The offered retry load and the calls not in a retry barely depend on the admitted fraction (not
 * at all with one retry), so the first step usually lands on the fixed point.
 */
const MAX_BUDGET_ITERATIONS = 8;
const BUDGET_TOLERANCE = 0.002;
/** Highest degree of the admitted-fraction interpolation (num_retries above it: interpolation error). */
const MAX_BUDGET_DEGREE = 4;

/** Requests evaluated per distinct traffic state. */
export const FLUID_SAMPLES = 1024;
/** Event-equivalents charged per fluid evaluation against the replication's event budget (Simulator.charge). */
export const FLUID_EVALUATION_WORK = 300;
/** Requests of the pilot pass measuring pick rates and try durations for least_request. */
const PILOT_SAMPLES = 256;

/** The request law of one traffic state, per client request. */
interface Evaluation {
  success: number;
  /** Latency sketch, normalized to total weight 1. */
  latency: LatencySketch;
  /** Per service, per host: tries and failed tries per client request. */
  tries: Float64Array[];
  fails: Float64Array[];
  /** Retry picks made under round_robin (they need the pick rate). */
  roundRobinRetries: number;
  /** With a retry budget: total call time and retry time per service over the FLUID_SAMPLES requests. */
  times: { call: number[]; retry: number[] } | null;
}

const HOUR = 3600;

/** Cache size cap per replication (further states are evaluated but not kept). */
const MAX_CACHED = 20_000;

/** Client request rate at time t (daily profile multipliers normalized to mean 1). */
export function rateAt(spec: TrafficScenario, t: number): number {
  const p = spec.dailyProfile;
  if (!p) return spec.rate;
  const mean = p.reduce((a, x) => a + x, 0) / p.length;
  return mean === 0 ? 0 : (spec.rate * p[Math.floor(t / HOUR) % 24]) / mean;
}

export class FluidIntegrator implements TrafficDriver, EventHandler {
  private last = 0;
  private current: Evaluation | null = null;
  private readonly cache = new Map<string, Evaluation>();
  private readonly budgeted: boolean;
  private readonly roundRobinRetries: boolean;
  /** Calls of each service per client request when nothing fails (the call tree from the entry). */
  private readonly callMultiplicity: number[];
  private readonly leastRequest: boolean;
  private readonly routing = new Map<string, Routing>();
  /** Correction for requests straddling a state change (null when no request has later steps). */
  private readonly boundary: BoundaryLayer | null;

  constructor(
    private readonly sim: Simulator,
    private readonly model: TrafficModel,
    private readonly out: TrafficCollector,
    private readonly samplers: ServiceSamplers,
    private readonly warmup: number,
    private readonly horizon: number,
    private readonly seed: number,
    private readonly replication: number,
  ) {
    this.budgeted = model.services.some((s) => s.spec.balancer.retry.budget !== null);
    this.roundRobinRetries = model.services.some((s) => s.spec.balancer.policy === 'round_robin' && s.spec.balancer.retry.numRetries > 0);
    this.leastRequest = model.services.some((s) => s.spec.balancer.policy === 'least_request');
    this.callMultiplicity = callMultiplicity(model.services.map((s) => s.spec), model.spec.entry);
    const laterSteps = model.services.some((s) => s.spec.balancer.retry.numRetries > 0 || s.spec.calls.length > 0);
    this.boundary = laterSteps ? new BoundaryLayer(model, samplers, seed, replication, (w) => sim.charge(w)) : null;
  }

  start(): void {
    this.current = this.evaluate();
    if (this.boundary) {
      const key = this.model.signature();
      this.boundary.enter(key, this.sim.now, this.boundaryPick(key));
    }
    this.scheduleEjections();
    if (this.model.spec.dailyProfile) this.sim.schedule(HOUR, this, 0);
  }

  /** Hourly step of the daily profile. */
  handleEvent(): void {
    this.changed();
    if (this.sim.now + HOUR <= this.horizon) this.sim.schedule(HOUR, this, 0);
  }

  changed(): void {
    const now = this.sim.now;
    const rate = rateAt(this.model.spec, Math.max(this.last, this.warmup));
    this.integrate(now);
    this.current = this.evaluate();
    if (this.boundary && now <= this.horizon) {
      // Requests in flight at the change meet the new state in their later steps (fluid-boundary.ts).
      const key = this.model.signature();
      const trigger = this.model.outliers.takeTrigger();
      if (!this.boundary.isCurrent(key)) {
        const pick = this.boundaryPick(key);
        this.boundary.cross(now, this.warmup, rate, pick, this.out.stats, trigger);
        this.boundary.enter(key, now, pick);
      }
    }
    this.scheduleEjections();
  }

  /** Host choice in the current state (signature `key`), for the boundary correction. */
  private boundaryPick(key: string): Pick {
    const routing = this.routing.get(key) ?? { picks: this.callMultiplicity.map((m) => m * this.model.spec.rate), shares: null };
    return fluidPicker(this.model.services, routing, () => {});
  }

  /** Closes the window at the horizon. */
  finish(): void {
    this.integrate(this.horizon);
  }

  private integrate(now: number): void {
    const from = Math.max(this.last, this.warmup);
    const to = Math.min(now, this.horizon);
    this.last = now;
    const ev = this.current;
    if (!ev || to <= from) return;
    const n = rateAt(this.model.spec, from) * (to - from);
    const st = this.out.stats;
    st.requests += n;
    st.successes += n * ev.success;
    addScaled(st.latency, ev.latency, n);
    this.model.services.forEach((s, k) => {
      let tries = 0, fails = 0;
      for (let h = 0; h < s.hosts.length; h++) {
        tries += ev.tries[k][h];
        fails += ev.fails[k][h];
      }
      st.services[k].tries += n * tries;
      st.services[k].failures += n * fails;
    });
  }

  private scheduleEjections(): void {
    const ev = this.current as Evaluation;
    const rate = rateAt(this.model.spec, this.sim.now);
    for (const s of this.model.services) {
      if (!s.spec.balancer.outlier) continue;
      for (let h = 0; h < s.hosts.length; h++) {
        const tries = ev.tries[s.index][h];
        this.model.outliers.fluidRates(s, h, tries > 0 ? ev.fails[s.index][h] / tries : 0, rate * tries);
      }
    }
  }

  private evaluate(): Evaluation {
    // Work for the replication's event budget: an evaluation (cache look-ups, budget fixed points) costs
    // about as much as FLUID_EVALUATION_WORK events; `run` charges its simulated requests on top.
    this.sim.charge(FLUID_EVALUATION_WORK);
    const key = this.model.signature();
    const stream = () => rngStream(this.seed, this.replication, 'traffic', `fluid|${key}`);
    const services = this.model.services;
    const ones = services.map(() => 1);
    let base = this.cache.get(key);
    if (!base) {
      // Round-robin retries and least_request need the pick rate of each service (tries per request x
      // rate), least_request also the try durations on each host (see `run`, least-request-fluid.ts).
      let picks = this.callMultiplicity.map((m) => m * this.model.spec.rate);
      let shares: (number[] | null)[] | null = null;
      if (this.leastRequest) {
        // A pilot pass measures them.
        const durations = services.map((s) => s.hosts.map((): number[] => []));
        const rng = stream();
        const pilot = this.run(rng, ones, false, { picks, shares: null }, durations, PILOT_SAMPLES);
        picks = triesPerService(pilot).map((t) => t * this.model.spec.rate);
        shares = services.map((s) =>
          s.spec.balancer.policy === 'least_request' ? leastRequestShares(s.spec.balancer, s.candidates, durations[s.index], picks[s.index], rng) : null,
        );
      }
      base = this.run(stream(), ones, this.budgeted, { picks, shares });
      if (this.roundRobinRetries && !this.leastRequest && base.roundRobinRetries > 0) {
        // Retries happened: the pick rate counts them too (one correction pass).
        const measured = triesPerService(base).map((t) => t * this.model.spec.rate);
        if (measured.some((x, k) => Math.abs(x - picks[k]) > 0.01 * picks[k])) {
          picks = measured;
          base = this.run(stream(), ones, this.budgeted, { picks, shares });
        }
      }
      this.routing.set(key, { picks, shares });
      if (this.cache.size < MAX_CACHED) this.cache.set(key, base);
    }
    if (!this.budgeted || !base.times) return base;
    const routing = this.routing.get(key) ?? { picks: this.callMultiplicity.map((m) => m * this.model.spec.rate), shares: null };
    const rate = rateAt(this.model.spec, this.sim.now);
    const budgeted = services.filter((s) => s.spec.balancer.retry.budget !== null);
    if (budgeted.length === 1) {
      const only = budgeted[0];
      return this.budgetByInterpolation(key, base, only, rate, (a) => this.run(stream(), services.map((s) => (s === only ? a : 1)), true, routing));
    }
    // Several budgets: iterate the vector of admitted fractions, one evaluation per step.
    let allow = ones;
    let ev = base;
    for (let iter = 0; iter < MAX_BUDGET_ITERATIONS; iter++) {
      const next = services.map((s, k) => {
        const b = s.spec.balancer.retry.budget;
        return b ? Math.round(this.admitted(b, ev.times!, k, rate, allow[k]) * 1000) / 1000 : 1;
      });
      if (next.every((x, k) => Math.abs(x - allow[k]) < BUDGET_TOLERANCE)) break;
      allow = next;
      const key2 = `${key}|allow:${allow.join(',')}`;
      const cached = this.cache.get(key2);
      ev = cached ?? this.run(stream(), allow, true, routing);
      if (!cached && this.cache.size < MAX_CACHED) this.cache.set(key2, ev);
    }
    return ev;
  }

  /** Admitted fraction of retries of service k given the times measured at admitted fraction `a`. */
  private admitted(b: { budgetPercent: number; minRetryConcurrency: number }, times: { call: number[]; retry: number[] }, k: number, rate: number, a: number): number {
    const callLoad = (rate * times.call[k]) / FLUID_SAMPLES;
    const retryLoad = (rate * times.retry[k]) / FLUID_SAMPLES;
    return admittedFraction(b, callLoad - retryLoad, a > 0 ? retryLoad / a : retryLoad);
  }

  /**
   * One budgeted service: the expected request law is a polynomial of degree <= num_retries in the
   * admitted fraction a (each admitted retry multiplies a path's probability by a), so it is evaluated at
   * the nodes a = j / d (d = num_retries, at most MAX_BUDGET_DEGREE; node 1 is the base evaluation), once
   * per state, and interpolated (Lagrange): unbiased, since each node's evaluation is. The fixed point
   * a = admittedFraction(loads(a)) is then solved by bisection on the interpolated loads at the current
   * rate, without new evaluations when the rate changes (daily profile).
   */
  private budgetByInterpolation(key: string, base: Evaluation, s: ServiceState, rate: number, at: (a: number) => Evaluation): Evaluation {
    const b = s.spec.balancer.retry.budget!;
    const k = s.index;
    if (this.admitted(b, base.times!, k, rate, 1) >= 1 - BUDGET_TOLERANCE / 2) return base;
    const d = Math.max(1, Math.min(MAX_BUDGET_DEGREE, s.spec.balancer.retry.numRetries));
    const nodes = Array.from({ length: d + 1 }, (_, j) => j / d);
    const evs = nodes.map((a) => {
      if (a === 1) return base;
      const key2 = `${key}|node:${a}`;
      let ev = this.cache.get(key2);
      if (!ev) {
        ev = at(a);
        if (this.cache.size < MAX_CACHED) this.cache.set(key2, ev);
      }
      return ev;
    });
    const times = (a: number) => {
      const w = lagrangeWeights(nodes, a);
      return { call: mix(evs.map((e) => e.times!.call), w), retry: mix(evs.map((e) => e.times!.retry), w) };
    };
    // g(a) = admitted(loads(a)) - a decreases in a: bisection on (0, 1].
    let lo = 1e-6, hi = 1;
    for (let i = 0; i < 50; i++) {
      const mid = (lo + hi) / 2;
      if (this.admitted(b, times(mid), k, rate, mid) > mid) lo = mid;
      else hi = mid;
    }
    return interpolateEvaluation(evs, lagrangeWeights(nodes, (lo + hi) / 2));
  }

  /**
   * Runs FLUID_SAMPLES requests through the current state. `routing.picks`: picks per second at each
   * service, for round-robin retries: the cursor moved on by the picks of other requests while the failed
   * try lasted (Poisson, `roundRobinRetryPick`), as in the exact mode. `routing.shares`: shares of the
   * candidates replacing the policy's static ones (least_request's load-dependent law), per service or null.
   */
  private run(rng: () => number, allow: number[], withTimes: boolean, routing: Routing, durations: number[][][] | null = null, samples = FLUID_SAMPLES): Evaluation {
    this.sim.charge(samples);
    let roundRobinRetries = 0;
    const times = withTimes ? { call: this.model.services.map(() => 0), retry: this.model.services.map(() => 0) } : null;
    const services = this.model.services;
    const tries = services.map((s) => new Float64Array(s.hosts.length));
    const fails = services.map((s) => new Float64Array(s.hosts.length));
    const d = new RqmcDraws(rng);
    const ctx: RequestContext = {
      instant: true,
      pick: fluidPicker(services, routing, () => roundRobinRetries++),
      allowRetry: (s, u) => allow[s.index] >= 1 || u() < allow[s.index],
      tryStart: () => {},
      tryEnd: (s, h, _start, spent_, retry, failed) => {
        tries[s.index][h]++;
        durations?.[s.index][h].push(spent_);
        if (failed) fails[s.index][h]++;
        if (retry && times) times.retry[s.index] += spent_;
      },
      callStart: () => {},
      callEnd: (s, _start, latency) => {
        if (times) times.call[s.index] += latency;
      },
    };
    const entry = this.model.byName.get(this.model.spec.entry) as ServiceState;
    const latency = emptySketch();
    let ok = 0;
    for (let i = 0; i < samples; i++) {
      d.nextRequest();
      const r = runNow(callService(this.model, entry, this.model.network.clients, 0, d, ctx, this.samplers));
      if (r >= 0) ok++;
      addLatency(latency, r >= 0 ? r : -1 - r);
    }
    const scale = 1 / samples;
    scaleSketch(latency, scale);
    for (const t of tries) for (let h = 0; h < t.length; h++) t[h] *= scale;
    for (const f of fails) for (let h = 0; h < f.length; h++) f[h] *= scale;
    return { success: ok / samples, latency, tries, fails, times, roundRobinRetries };
  }
}

/** Pick rates and load-dependent shares of a state (see `FluidIntegrator.run`). */
interface Routing {
  picks: number[];
  shares: (number[] | null)[] | null;
}

/**
 * Host choice in the current state: by the shares of `routing` (or the policy's static ones), round-robin
 * retries by the cursor moved on by a Poisson number of picks (see `FluidIntegrator.run`);
 * `onRoundRobinRetry` counts those.
 */
function fluidPicker(services: ServiceState[], routing: Routing, onRoundRobinRetry: () => void): RequestContext['pick'] {
  const picks = routing.picks;
  const shares = services.map((s) => routing.shares?.[s.index] ?? fluidShares(s.spec.balancer, s.candidates));
  return (s, u, prev, gap) => {
    if (prev < 0 || s.spec.balancer.policy !== 'round_robin') return pickByShares(s.candidates, shares[s.index], u());
    onRoundRobinRetry();
    return roundRobinRetryPick(s.candidates, prev, poissonDraw(picks[s.index] * gap, u()));
  };
}

/** Lagrange interpolation weights of the nodes at x. */
function lagrangeWeights(nodes: number[], x: number): number[] {
  return nodes.map((xi, i) => nodes.reduce((w, xj, j) => (j === i ? w : (w * (x - xj)) / (xi - xj)), 1));
}

/** Weighted sum of equally long vectors. */
function mix(vs: ArrayLike<number>[], w: number[]): number[] {
  const out = new Array<number>(vs[0].length).fill(0);
  vs.forEach((v, i) => {
    for (let j = 0; j < out.length; j++) out[j] += w[i] * v[j];
  });
  return out;
}

/**
 * The evaluation interpolated with weights w (probabilities clamped to [0, 1]; the latency sketches mixed
 * with the same weights, negative counts clamped to 0 and the total renormalized to 1: `mixSketches`).
 */
function interpolateEvaluation(evs: Evaluation[], w: number[]): Evaluation {
  const latency = mixSketches(evs.map((e) => e.latency), w);
  const clamp0 = (xs: number[]) => Float64Array.from(xs, (x) => Math.max(0, x));
  return {
    success: Math.min(1, Math.max(0, evs.reduce((a, e, i) => a + w[i] * e.success, 0))),
    latency,
    tries: evs[0].tries.map((_, k) => clamp0(mix(evs.map((e) => e.tries[k]), w))),
    fails: evs[0].fails.map((_, k) => clamp0(mix(evs.map((e) => e.fails[k]), w))),
    times: { call: mix(evs.map((e) => e.times!.call), w), retry: mix(evs.map((e) => e.times!.retry), w) },
    roundRobinRetries: 0,
  };
}

/** Tries per client request at each service. */
function triesPerService(ev: Evaluation): number[] {
  return ev.tries.map((t) => t.reduce((a, x) => a + x, 0));
}

/** Calls of each service per client request along the call tree from `entry` (calls are acyclic). */
export function callMultiplicity(services: ServiceSpec[], entry: string): number[] {
  const index = new Map(services.map((s, i) => [s.name, i]));
  const m = services.map(() => 0);
  const visit = (name: string, times: number) => {
    const i = index.get(name)!;
    m[i] += times;
    for (const c of services[i].calls) visit(c, times);
  };
  visit(entry, 1);
  return m;
}

/** A Poisson(mu) draw by inversion of one uniform (mu capped: beyond it the cursor position is uniform anyway). */
export function poissonDraw(mu: number, u: number): number {
  if (!(mu > 0)) return 0;
  const m = Math.min(mu, 500);
  let k = 0;
  let p = Math.exp(-m);
  let acc = p;
  while (u > acc && k < 10_000) {
    k++;
    p *= m / k;
    acc += p;
  }
  return k;
}
