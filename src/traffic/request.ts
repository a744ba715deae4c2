/**
 * One request's life, shared by the exact and the fluid modes: the caller asks a service's balancer, which
 * picks a host in rotation; the try goes over the network (partition/blackhole: no answer; loss: lost with
 * its probability; latency faults add delay), the host answers (down: connection refused at once; bad
 * version or baseline errors: 5xx after its service time; else after its service time plus its calls to
 * other services, made in order). A try fails when it errs or exceeds its per-try timeout (Envoy
 * `per_try_timeout`, capped by what is left of the route `timeout`); failed tries are retried up to
 * `num_retries` times when the retry budget allows (no back-off). A balancer without a live node, or with
 * no host in rotation, fails the request at once (Envoy's 503 "no healthy upstream"; panic routing is not
 * modelled).
 *
 * Every try reads the state at its own start, and a retry is decided when the failure is seen (the failed
 * try's end): the request is a generator that yields at those instants (`RequestSteps`), so the exact mode
 * resumes it by events in time order with every other request (Envoy's retry budget, least_request and
 * round-robin cursors see the requests actually in flight), while the fluid mode runs it through at once.
 * Retry host choice follows Envoy's route RetryPolicy: any host in rotation may be picked again (a
 * round-robin cursor moves on meanwhile), unless the `previous_hosts` retry host predicate is configured.
 */
import type { Sampler } from '../engine/distributions.js';
import type { ServiceState, TrafficModel } from './traffic-model.js';

/** Uniform draws by purpose (separate streams keep modes and variants aligned). */
export interface Draws {
  route: () => number;
  error: () => number;
  service: () => number;
  net: () => number;
  retry: () => number;
}

/** How tries are routed and accounted (exact: stateful pickers and counters; fluid: shares and tallies). */
export interface RequestContext {
  /**
   * True when the state cannot change while a request runs (fluid mode: `runNow`): the steps then run through
   * without yielding, which saves the generators' suspend/resume along the call chain; false in the exact mode.
   */
  readonly instant: boolean;
  /**
   * Picks a host position among `s.candidates` (non-empty) for a try; `prev` is the host of the previous
   * try of the same call and `gap` the time since that try started (-1 and 0 for a first try).
   */
  pick(s: ServiceState, u: () => number, prev: number, gap: number): number;
  /** May this failed call be retried now (retry budget)? Asked while the call is still in flight. */
  allowRetry(s: ServiceState, u: () => number): boolean;
  /** A try on host h of s starts now (`start` s after the client request arrived). */
  tryStart(s: ServiceState, h: number, retry: boolean): void;
  /** The try's outcome is known: it lasts `spent` s from `start` and fails or not. */
  tryEnd(s: ServiceState, h: number, start: number, spent: number, retry: boolean, failed: boolean): void;
  /** A call to service s starts now. */
  callStart(s: ServiceState): void;
  /** The call's outcome is known: it lasts `latency` s from `start`. */
  callEnd(s: ServiceState, start: number, latency: number, ok: boolean): void;
}

/** Service-time samplers per service (scenario order). */
export type ServiceSamplers = Sampler[];

/**
 * The steps of one request: the generator yields the offset (seconds after the client request arrived)
 * at which it must continue (the start of a try, where the state of that instant is read), and returns
 * the coded outcome (see `failure`). The exact mode resumes it by events; the fluid mode, whose state is
 * constant between changes, runs it through at once (`runNow`).
 */
export type RequestSteps = Generator<number, number, void>;

/** Runs request steps to completion without waiting (fluid mode: the state does not change meanwhile). */
export function runNow(steps: RequestSteps): number {
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
}

/** Outcomes are coded as one number to avoid allocations: latency >= 0 for a success, -1 - latency for a failure. */
const failure = (latency: number) => -1 - latency;

/**
 * Host choice for one try, with Envoy's retry host predicate `previous_hosts` (route RetryPolicy
 * `retry_host_predicate`, `host_selection_retry_max_attempts`): while the picked host was already tried by
 * this call, the balancer picks again, at most max-attempts more times; the last pick stands.
 */
function pickHost(s: ServiceState, d: Draws, ctx: RequestContext, prev: number, gap: number, tried: number[] | null): number {
  let h = ctx.pick(s, d.route, prev, gap);
  const retry = s.spec.balancer.retry;
  if (!retry.previousHosts || tried === null || tried.length === 0) return h;
  for (let i = 0; i < retry.hostSelectionRetryMaxAttempts && tried.includes(h); i++) h = ctx.pick(s, d.route, h, 0);
  return h;
}

/** Reports the end of a call started at `t0` with coded outcome r, and returns r. */
function ended(ctx: RequestContext, s: ServiceState, t0: number, r: number): number {
  ctx.callEnd(s, t0, r >= 0 ? r : -1 - r, r >= 0);
  return r;
}

/**
 * Calls service `s` from endpoint `caller` at offset `t0` (seconds after the client request arrived): tries
 * picked hosts, retrying failed tries as the retry policy allows.
 * @returns (as the generator's return value) the coded outcome: latency >= 0 for a success, -1 - latency
 * for a failure, as seen by the caller.
 */
export function* callService(m: TrafficModel, s: ServiceState, caller: number, t0: number, d: Draws, ctx: RequestContext, samplers: ServiceSamplers): RequestSteps {
  if (t0 > 0 && !ctx.instant) yield t0;
  ctx.callStart(s);
  if (s.lbState !== 'up') return ended(ctx, s, t0, failure(0));
  const retry = s.spec.balancer.retry;
  const timeout = s.spec.timeout;
  const perTry = Math.min(retry.perTryTimeout ?? timeout, timeout);
  // Hosts tried by this call: only the `previous_hosts` predicate reads them (allocated only then).
  const tried: number[] | null = retry.previousHosts ? [] : null;
  let elapsed = 0;
  let prev = -1;
  let prevStart = 0;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0 && s.lbState !== 'up') return ended(ctx, s, t0, failure(elapsed));
    if (s.candidates.length === 0) return ended(ctx, s, t0, failure(elapsed));
    const h = pickHost(s, d, ctx, prev, elapsed - prevStart, tried);
    const limit = Math.min(perTry, timeout - elapsed);
    ctx.tryStart(s, h, attempt > 0);
    let res = hostAnswer(m, s, h, caller, d, samplers);
    // The host's own calls, in order (a generator only when there are some: leaf services need none).
    if (res >= 0 && s.spec.calls.length > 0) res = yield* downstreamCalls(m, s, s.endpoint[h], t0 + elapsed, res, d, ctx, samplers);
    const duration = res >= 0 ? res : -1 - res;
    const failed = res < 0 || duration > limit;
    const spent = Math.min(duration, limit);
    ctx.tryEnd(s, h, t0 + elapsed, spent, attempt > 0, failed);
    prev = h;
    prevStart = elapsed;
    tried?.push(h);
    elapsed += spent;
    if (!failed) return ended(ctx, s, t0, elapsed);
    if (attempt >= retry.numRetries || elapsed >= timeout * (1 - 1e-12)) return ended(ctx, s, t0, failure(elapsed));
    // The retry decision is taken when the failure is seen (the try's end): wait until then.
    if (!ctx.instant) yield t0 + elapsed;
    if (!ctx.allowRetry(s, d.retry)) return ended(ctx, s, t0, failure(elapsed));
  }
}

/**
 * One try on host h of s from endpoint `caller`, up to the host's own answer (before its calls to other
 * services): the network (partition/blackhole: no answer; loss; latency), a down host (connection refused
 * after the round trip), the service time and the error rate (a bad version's included).
 * @returns the coded outcome (see `failure`); -Infinity when no answer ever comes
 */
function hostAnswer(m: TrafficModel, s: ServiceState, h: number, caller: number, d: Draws, samplers: ServiceSamplers): number {
  const net = m.network;
  const ep = s.endpoint[h];
  if (net.anyFault) {
    if (!net.reachable(caller, ep)) return -Infinity;
    const loss = net.lossProbability(caller, ep);
    if (loss > 0 && d.net() < loss) return -Infinity;
  }
  let dur = net.roundTrip(caller, ep, d.net);
  if (!s.hosts[h].up) return failure(dur);
  dur += samplers[s.index].sample(d.service);
  const base = s.spec.errorRate;
  const err = s.bad[h] ? 1 - (1 - base) * (1 - s.badErrorRate) : base;
  if (err > 0 && d.error() < err) return failure(dur);
  return dur;
}

/**
 * The calls host `ep` of s makes, in order, once it answered `dur` s after the try started at offset t:
 * the first failure fails the try.
 * @returns the try's coded outcome
 */
function* downstreamCalls(m: TrafficModel, s: ServiceState, ep: number, t: number, dur: number, d: Draws, ctx: RequestContext, samplers: ServiceSamplers): RequestSteps {
  const calls = s.spec.calls;
  for (let i = 0; i < calls.length; i++) {
    const callee = m.byName.get(calls[i]) as ServiceState;
    const r: number = yield* callService(m, callee, ep, t + dur, d, ctx, samplers);
    if (r < 0) return failure(dur - 1 - r);
    dur += r;
  }
  return dur;
}

/**
 * Randomized quasi-Monte Carlo draws for the fluid mode's per-state averages: request i's m-th draw
 * (whatever its purpose) is u = frac(shift_m + i alpha_m), alpha_m = frac(sqrt(p_m)) for the m-th prime
 * (a Richtmyer / Kronecker lattice), shift_m uniform (Cranley-Patterson rotation; Owen, "Monte Carlo
 * theory, methods and examples", 2013, ch. 17). For a given request the draws are independent uniforms
 * (independent shifts), so every per-request outcome is unbiased; across requests each coordinate fills
 * [0, 1) far more evenly than independent draws, which cuts the noise of the averages.
 */
export class RqmcDraws implements Draws {
  private readonly shifts: number[] = [];
  private readonly alphas: number[] = [];
  private i = 0;
  private m = 0;
  readonly route = () => this.next();
  readonly error = () => this.next();
  readonly service = () => this.next();
  readonly net = () => this.next();
  readonly retry = () => this.next();

  constructor(private readonly rng: () => number) {}

  /** Starts the next request (index i + 1, first coordinate). */
  nextRequest(): void {
    this.i++;
    this.m = 0;
  }

  private next(): number {
    const m = this.m++;
    while (this.alphas.length <= m) {
      this.alphas.push(frac(Math.sqrt(nthPrime(this.alphas.length))));
      this.shifts.push(this.rng());
    }
    return frac(this.shifts[m] + this.i * this.alphas[m]);
  }
}

const frac = (x: number) => x - Math.floor(x);
const PRIMES: number[] = [2];
function nthPrime(k: number): number {
  for (let c = PRIMES[PRIMES.length - 1] + 1; PRIMES.length <= k; c++) {
    if (PRIMES.every((p) => p * p > c || c % p !== 0)) PRIMES.push(c);
  }
  return PRIMES[k];
}
