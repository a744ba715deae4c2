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
  /** Picks a host position among `s.candidates` (non-empty). */
  pick(s: ServiceState, u: () => number): number;
  /** May this failed request be retried now (retry budget)? */
  allowRetry(s: ServiceState, u: () => number): boolean;
  /** One try on host h of s, started `start` s after the client request arrived, lasting `spent`. */
  onTry(s: ServiceState, h: number, start: number, spent: number, retry: boolean, failed: boolean): void;
  /** A call to service s (all its tries) finished. */
  onCall(s: ServiceState, start: number, latency: number, ok: boolean): void;
}

export interface Outcome {
  ok: boolean;
  /** Seconds until the caller got an answer (or gave up). */
  latency: number;
}

/** Service-time samplers per service (scenario order). */
export type ServiceSamplers = Sampler[];

/**
 * Calls service `s` from endpoint `caller` at offset `t0` (seconds after the client request arrived).
 * @returns success and latency as seen by the caller.
 */
export function callService(m: TrafficModel, s: ServiceState, caller: number, t0: number, d: Draws, ctx: RequestContext, samplers: ServiceSamplers): Outcome {
  const r = callCoded(m, s, caller, t0, d, ctx, samplers);
  return r >= 0 ? { ok: true, latency: r } : { ok: false, latency: -1 - r };
}

/** Outcomes are coded as one number to avoid allocations: latency >= 0 for a success, -1 - latency for a failure. */
const failure = (latency: number) => -1 - latency;

function callCoded(m: TrafficModel, s: ServiceState, caller: number, t0: number, d: Draws, ctx: RequestContext, samplers: ServiceSamplers): number {
  const r = call(m, s, caller, t0, d, ctx, samplers);
  ctx.onCall(s, t0, r >= 0 ? r : -1 - r, r >= 0);
  return r;
}

function call(m: TrafficModel, s: ServiceState, caller: number, t0: number, d: Draws, ctx: RequestContext, samplers: ServiceSamplers): number {
  if (s.lbState !== 'up') return failure(0);
  const retry = s.spec.balancer.retry;
  const timeout = s.spec.timeout;
  const perTry = Math.min(retry.perTryTimeout ?? timeout, timeout);
  let elapsed = 0;
  for (let attempt = 0; ; attempt++) {
    if (s.candidates.length === 0) return failure(elapsed);
    const h = ctx.pick(s, d.route);
    const limit = Math.min(perTry, timeout - elapsed);
    const res = tryHost(m, s, h, caller, t0 + elapsed, d, ctx, samplers);
    const duration = res >= 0 ? res : -1 - res;
    const failed = res < 0 || duration > limit;
    const spent = Math.min(duration, limit);
    ctx.onTry(s, h, t0 + elapsed, spent, attempt > 0, failed);
    elapsed += spent;
    if (!failed) return elapsed;
    if (attempt >= retry.numRetries || elapsed >= timeout * (1 - 1e-12)) return failure(elapsed);
    if (!ctx.allowRetry(s, d.retry)) return failure(elapsed);
  }
}

function tryHost(m: TrafficModel, s: ServiceState, h: number, caller: number, t: number, d: Draws, ctx: RequestContext, samplers: ServiceSamplers): number {
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
  const calls = s.spec.calls;
  for (let i = 0; i < calls.length; i++) {
    const callee = m.byName.get(calls[i]) as ServiceState;
    const r = callCoded(m, callee, ep, t + dur, d, ctx, samplers);
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
