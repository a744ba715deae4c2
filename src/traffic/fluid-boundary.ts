/**
 * Fluid mode: requests that straddle a state change. A fluid evaluation runs each request against one
 * state, but a request arriving at s < t (t: the change from state A to state B) whose later steps (a retry
 * decided when its failed try ends, a call to another service made after the host's service time) come
 * after t meets state B there, as in the exact mode and in Envoy: a retry picks among the hosts in rotation
 * at that instant, so it no longer goes to a host ejected meanwhile. The integrator counted every request
 * of A's window with its all-in-A outcome; this module replaces, for the requests crossing t, that outcome
 * by the mixed one.
 *
 * A request is a generator yielding the offsets o_1 <= ... <= o_n (seconds after arrival) of its later
 * steps (`RequestSteps`, o_0 = 0). Arriving at t - x, its steps at offsets < x run in A and the rest in B,
 * so with x in (o_k, o_{k+1}] (length o_{k+1} - o_k) it runs steps 0..k in A. The correction to any per-
 * request quantity f (success, latency, tries) over the requests arriving in (t - D, t), D the time spent
 * in A inside the observation window, at client rate r, is
 *   r sum_k |(o_k, o_{k+1}] cap (0, D]| E[f(steps 0..k in A, rest in B) - f(all in A)],
 * estimated by BOUNDARY_SAMPLES randomized quasi-Monte Carlo requests (the same draws for the all-in-A run
 * and its mixed copies: common random numbers, so the difference has little noise). When entering A each
 * request is run in A and a copy of it is advanced through steps 0..k (in A) and suspended, for every k;
 * at the change the copies are resumed in B. A request whose steps started in a state before A is taken
 * as arrived in A (second-order: it needs two changes within one request's life). Retry budgets admit
 * every retry in this correction (their admission is a fluid model already, retry-budget.ts). Latency
 * weights removed from the replication's sketch are clamped at 0 per bucket. Requests with more than
 * MAX_STEPS later steps are corrected for their first MAX_STEPS only. The ejecting try's correction needs
 * a sampled failed try on that host: without one (a host failing rarely in that state) it is skipped.
 */
import { rngStream } from '../engine/rng.js';
import { addLatency, type LatencySketch } from './latency-sketch.js';
import { RqmcDraws, callService, type Draws, type RequestContext, type RequestSteps, type ServiceSamplers } from './request.js';
import type { TrafficReplicationStats } from './stats.js';
import type { TrafficModel } from './traffic-model.js';

/** Requests sampled per state for the correction. */
export const BOUNDARY_SAMPLES = 32;
/** Later steps corrected per request (copies per request). */
const MAX_STEPS = 8;
/** Cached states per replication. */
const MAX_CACHED = 20_000;

/** Tries and failed tries per service of one run of a request. */
interface Tally {
  tries: Float64Array;
  fails: Float64Array;
}

/** The host choice of the current state (fluid.ts `fluidPicker`). */
export type Pick = RequestContext['pick'];

/** One sampled request run all in one state. */
interface Run {
  /** o_0 = 0, o_1, ..., o_n. */
  offsets: number[];
  /** Coded outcome (see request.ts) and tally. */
  outcome: number;
  tally: Tally;
  /** Failed tries: service index, host index, step in which the try started. */
  failed: [number, number, number][];
  /** The uniforms it drew, in order. */
  draws: number[];
}

/** A copy of a run advanced through steps 0..k in the state it was run in, then finished in the next one. */
interface Copy {
  steps: RequestSteps;
  tally: Tally;
  outcome: number;
}

/** A run and its copies k = 0 .. min(n, MAX_STEPS) - 1. */
interface Sample {
  run: Run;
  copies: Copy[];
}

/** Draws replaying a recorded sequence, then continuing from `tail`. */
class ReplayDraws implements Draws {
  private m = 0;
  readonly route: () => number;
  readonly error: () => number;
  readonly service: () => number;
  readonly net: () => number;
  readonly retry: () => number;
  constructor(values: number[], tail: () => number) {
    // One sequence whatever the purpose (as RqmcDraws): one closure.
    const next = () => (this.m < values.length ? values[this.m++] : tail());
    this.route = this.error = this.service = this.net = this.retry = next;
  }
}

/** Draws from an RQMC request, recording them. */
class RecordingDraws implements Draws {
  readonly values: number[] = [];
  readonly route: () => number;
  readonly error: () => number;
  readonly service: () => number;
  readonly net: () => number;
  readonly retry: () => number;
  constructor(source: RqmcDraws) {
    const next = () => {
      const u = source.route();
      this.values.push(u);
      return u;
    };
    this.route = this.error = this.service = this.net = this.retry = next;
  }
}

export class BoundaryLayer {
  private key = '';
  private samples: Sample[] = [];
  /** All-in-one-state runs per state signature (replication-local cache). */
  private readonly runs = new Map<string, Run[]>();
  private enteredAt = 0;
  private current: Tally;
  /** Host choice of the state the requests run in now. */
  private pick: RequestContext['pick'] | null = null;
  /** Step of the all-in-A run being executed, and the step at which each service's current try started. */
  private step = 0;
  private readonly tryStep: number[];
  private failedInto: [number, number, number][] | null = null;
  /** The context every sampled request holds: every retry admitted; tries tallied into `current`. */
  private readonly ctx: RequestContext = {
    // The requests stop at each later step (their offsets are what this correction needs).
    instant: false,
    pick: (s, u, prev, gap) => this.pick!(s, u, prev, gap),
    allowRetry: () => true,
    tryStart: (s) => {
      this.tryStep[s.index] = this.step;
    },
    tryEnd: (s, h, _start, _spent, _retry, failed) => {
      this.current.tries[s.index]++;
      if (!failed) return;
      this.current.fails[s.index]++;
      this.failedInto?.push([s.index, h, this.tryStep[s.index]]);
    },
    callStart: () => {},
    callEnd: () => {},
  };

  constructor(
    private readonly model: TrafficModel,
    private readonly samplers: ServiceSamplers,
    private readonly seed: number,
    private readonly replication: number,
    private readonly charge: (work: number) => void,
  ) {
    this.current = this.tally();
    this.tryStep = model.services.map(() => 0);
  }

  /** The model entered the state of signature `key` at time `now`; `pick` is its host choice. */
  enter(key: string, now: number, pick: Pick): void {
    this.key = key;
    this.enteredAt = now;
    this.samples = [];
    this.pick = pick;
    // Draws beyond the recorded ones (a copy's later steps in the next state): a stream made when first needed.
    let tailStream: (() => number) | null = null;
    const tail = () => (tailStream ??= rngStream(this.seed, this.replication, 'traffic', `fluid-boundary-tail|${key}`))();
    const entry = this.model.byName.get(this.model.spec.entry)!;
    const start = (d: Draws) => callService(this.model, entry, this.model.network.clients, 0, d, this.ctx, this.samplers);
    let runs = this.runs.get(key);
    if (!runs) {
      runs = this.runAll(key, start);
      if (this.runs.size < MAX_CACHED) this.runs.set(key, runs);
    }
    let work = 0;
    for (const run of runs) {
      const n = Math.min(run.offsets.length - 1, MAX_STEPS);
      const copies: Copy[] = [];
      for (let k = 0; k < n; k++) {
        const copy = { steps: start(new ReplayDraws(run.draws, tail)), tally: this.tally(), outcome: 0 };
        this.current = copy.tally;
        for (let j = 0; j <= k; j++, work++) copy.steps.next();
        copies.push(copy);
      }
      this.samples.push({ run, copies });
    }
    this.charge(work);
  }

  /**
   * Runs BOUNDARY_SAMPLES requests all in the current state (RQMC draws from a stream of (seed,
   * replication, state), recorded for the copies); keeps those with later steps or failed tries.
   */
  private runAll(key: string, start: (d: Draws) => RequestSteps): Run[] {
    const q = new RqmcDraws(rngStream(this.seed, this.replication, 'traffic', `fluid-boundary|${key}`));
    const runs: Run[] = [];
    let work = 0;
    for (let i = 0; i < BOUNDARY_SAMPLES; i++) {
      q.nextRequest();
      const rec = new RecordingDraws(q);
      const run: Run = { offsets: [0], outcome: 0, tally: this.tally(), failed: [], draws: rec.values };
      this.current = run.tally;
      this.failedInto = run.failed;
      const steps = start(rec);
      this.step = 0;
      for (let r = steps.next(); ; this.step++, r = steps.next()) {
        work++;
        if (r.done) {
          run.outcome = r.value;
          break;
        }
        run.offsets.push(r.value);
      }
      this.failedInto = null;
      if (run.offsets.length > 1 || run.failed.length > 0) runs.push(run);
    }
    this.charge(work);
    return runs;
  }

  /**
   * The state changed at `now` (the model is in the new state, whose host choice is `pick`): adds the
   * correction of the requests crossing the change to `stats` (client rate `rate`, observation window from
   * `windowStart`). `trigger` (service, host): the change is an outlier ejection made by a failed try on
   * that host starting now, so one request (Palm: a failed try on that host of state A, drawn among the
   * samples' failed tries on it) runs its steps after that try in the new state. Call only when the
   * signature changed (`isCurrent`; otherwise the suspended copies stay valid), then `enter` the new state.
   */
  cross(now: number, windowStart: number, rate: number, pick: Pick, stats: TrafficReplicationStats, trigger: [number, number] | null): void {
    const span = now - Math.max(this.enteredAt, windowStart);
    this.pick = pick;
    const scale = rate / BOUNDARY_SAMPLES;
    let work = 0;
    for (const sample of this.samples) {
      sample.copies.forEach((copy, k) => {
        this.current = copy.tally;
        let r = copy.steps.next();
        for (; !r.done; r = copy.steps.next()) work++;
        copy.outcome = r.value;
        const o = sample.run.offsets;
        const w = span > 0 ? Math.max(0, Math.min(o[k + 1], span) - Math.min(o[k], span)) * scale : 0;
        if (w > 0) this.apply(stats, w, sample, k);
      });
    }
    if (trigger && now >= windowStart) this.applyTrigger(stats, trigger);
    this.charge(work);
  }

  /** Is `key` the signature of the state the requests were prepared in? */
  isCurrent(key: string): boolean {
    return key === this.key;
  }

  /** The ejecting try's request: weight 1 spread evenly over the samples' failed tries on that host. */
  private applyTrigger(stats: TrafficReplicationStats, [s, h]: [number, number]): void {
    const hits: [Sample, number][] = [];
    for (const sample of this.samples) for (const [fs, fh, k] of sample.run.failed) if (fs === s && fh === h) hits.push([sample, k]);
    for (const [sample, k] of hits) if (k < sample.copies.length) this.apply(stats, 1 / hits.length, sample, k);
  }

  /** Replaces weight w of the all-in-A outcome of a sample by that of its copy k (steps after k in the new state). */
  private apply(st: TrafficReplicationStats, w: number, sample: Sample, k: number): void {
    const { outcome: mixed, tally } = sample.copies[k];
    const { outcome, tally: before } = sample.run;
    st.successes += w * ((mixed >= 0 ? 1 : 0) - (outcome >= 0 ? 1 : 0));
    removeLatency(st.latency, latencyOf(outcome), w);
    addLatency(st.latency, latencyOf(mixed), w);
    for (let s = 0; s < tally.tries.length; s++) {
      st.services[s].tries += w * (tally.tries[s] - before.tries[s]);
      st.services[s].failures += w * (tally.fails[s] - before.fails[s]);
    }
  }

  private tally(): Tally {
    const n = this.model.services.length;
    return { tries: new Float64Array(n), fails: new Float64Array(n) };
  }
}

const latencyOf = (r: number) => (r >= 0 ? r : -1 - r);

/** Removes weight w at value x (clamped at 0 in its bucket). */
function removeLatency(s: LatencySketch, x: number, w: number): void {
  const probe = { zero: 0, offset: 0, counts: [] as number[] };
  addLatency(probe, x, 1);
  if (probe.counts.length === 0) {
    s.zero = Math.max(0, s.zero - w);
    return;
  }
  const i = probe.offset - s.offset;
  if (i >= 0 && i < s.counts.length) s.counts[i] = Math.max(0, s.counts[i] - w);
}
