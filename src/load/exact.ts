/**
 * Exact mode, client side: one event per client request (Poisson arrivals; with a daily profile a
 * non-homogeneous Poisson process by thinning: Lewis & Shedler, Naval Res. Logistics Q. 26(3), 1979), one
 * record per try, and Envoy's client behaviour in front of the host pool (host-pool.ts):
 *
 * - a client-side token bucket (`rate_limit`: `rate` tokens per second, at most `burst`) refuses a try finding
 *   no token (a local 429, not retried);
 * - Envoy circuit breakers of the upstream cluster (config.cluster.v3.CircuitBreakers.Thresholds; Envoy docs
 *   "Circuit breaking"): with HTTP/1.1 one try holds one connection from dispatch to its end at the client, so
 *   `max_connections` bounds the tries dispatched; a try finding them all in use waits in the pending queue (at
 *   most `max_pending_requests`, FIFO, dispatched when a connection frees); `max_requests` bounds dispatched +
 *   pending tries. A try refused by a breaker ends with an overflow (503 with x-envoy-overloaded), which the router
 *   does not retry;
 * - the per-try timeout: the client gives up on a try `timeout` after it was sent (pending time included) and
 *   its connection is closed; the host keeps working on it (host-pool.ts);
 * - retries (Envoy retry_on 5xx, reset, connect-failure: timeouts, queue rejections, resets, no healthy host) up to
 *   `num_retries`, each after the back-off of backoff.ts, admitted while active retries are below both
 *   max(min_retry_concurrency, budget_percent x active requests) (retry budget) and `max_retries`; a retry is
 *   active from the retry decision to the end of its try;
 * - with a hedge policy (Envoy config.route.v3.HedgePolicy; docs/load.md "Hedging") a request may have several
 *   tries outstanding: `initial_requests` (+1 with `additional_request_chance`) at once, and with
 *   `hedge_on_per_try_timeout` a per-try timeout sends the next retry without cancelling the timed-out try. The
 *   first success wins (the other tries are reset at the client; their hosts keep serving them); an error from a
 *   try past its per-try timeout is discarded; the request fails when no try is outstanding and no retry pending,
 *   or at the route timeout;
 * - Envoy's admission control filter (admission-control.ts) in front of the router rejects a request before its
 *   first try (counted as shed, not retried).
 */
import { makeSampler } from '../engine/distributions.js';
import { rngStream, type Uniform } from '../engine/rng.js';
import { NO_EVENT, type EventHandle, type EventHandler, type Simulator } from '../engine/simulator.js';
import { AdmissionWindow } from './admission-control.js';
import { backoffInterval } from './backoff.js';
import { HostPool, type TryOwner } from './host-pool.js';
import { rateAt } from './profile.js';
import type { Buckets } from './series.js';
import type { FailureCause, LoadServiceStats } from './stats.js';
import type { LoadServiceSpec } from './types.js';

interface Try {
  req: number;
  sentAt: number;
  deadline: number;
  retry: boolean;
  /** 0 pending at the client, 1 dispatched (at a host), 2 ended at the client (success, failure or abandoned). */
  state: 0 | 1 | 2;
  timeout: EventHandle;
  /** Hedged requests: the per-try timeout has passed (the try stays outstanding); its service completion time. */
  timedOut: boolean;
  completion: number;
}

interface Req {
  arrivedAt: number;
  attempts: number;
  /** Tries sent at arrival beyond the first (hedge_policy initial_requests, additional_request_chance). */
  extra: number;
  /** Hedged requests: the tries still outstanding at the client, the pending retry and the route timeout. */
  live: number[] | null;
  retryEvent: EventHandle;
  routeEvent: EventHandle;
}

const ARRIVAL = 0, TIMEOUT = 1, RETRY = 2, SUCCESS = 3, ROUTE_TIMEOUT = 4;
/**
 * Exact mode: an unbounded queue (no queue_limit) holds at most this many waiting tries per host, then rejects
 * (bounded memory under sustained overload; docs/limits.md). Fluid mode has no such bound.
 */
export const MAX_EXACT_QUEUE = 1_000_000;

export class ExactLoadClient implements EventHandler, TryOwner {
  readonly pool: HostPool;
  private readonly tries: (Try | undefined)[] = [];
  private readonly freeTries: number[] = [];
  private readonly reqs: (Req | undefined)[] = [];
  private readonly freeReqs: number[] = [];
  private readonly pending: number[] = [];
  private pendingHead = 0;
  private dispatched = 0;
  private activeRequests = 0;
  private activeRetries = 0;
  private tokens: number;
  private tokensAt = 0;
  private readonly maxRate: number;
  private readonly arrivals: Uniform;
  private readonly thin: Uniform;
  private readonly backoffRng: Uniform;
  private readonly hedgeRng: Uniform;
  private readonly admission: AdmissionWindow | null;
  private readonly admissionRng: Uniform;

  constructor(
    private readonly sim: Simulator,
    private readonly spec: LoadServiceSpec,
    private readonly out: LoadServiceStats,
    private readonly buckets: Buckets,
    private readonly horizon: number,
    seed: number,
    replication: number,
  ) {
    const rng = (purpose: string) => rngStream(seed, replication, `load.${spec.name}`, purpose);
    this.arrivals = rng('arrivals');
    this.thin = rng('thinning');
    this.backoffRng = rng('backoff');
    this.hedgeRng = rng('hedge');
    this.admissionRng = rng('admission');
    this.admission = spec.admission ? new AdmissionWindow(spec.admission) : null;
    const cap = spec.capacity;
    const limit = cap.queueLimit ?? MAX_EXACT_QUEUE;
    this.pool = new HostPool(sim, spec.hosts.length, cap.concurrency, limit, makeSampler(cap.serviceTime), rng('service-time'), rng('route'), out, buckets, this);
    this.maxRate = spec.dailyProfile ? spec.rate * Math.max(...spec.dailyProfile) : spec.rate;
    this.tokens = spec.rateLimit ? spec.rateLimit.burst : 0;
  }

  start(): void {
    this.scheduleArrival();
  }

  /** At the horizon: requests still in flight are neither successes nor failures; they leave the count. */
  finish(): void {
    for (const r of this.reqs) if (r && r.arrivedAt >= this.buckets.start) this.out.requests--;
    this.pool.finish();
  }

  private scheduleArrival(): void {
    const gap = -Math.log(1 - this.arrivals()) / this.maxRate;
    if (this.sim.now + gap <= this.horizon) this.sim.schedule(gap, this, ARRIVAL);
  }

  handleEvent(kind: number, data: number): void {
    switch (kind) {
      case ARRIVAL:
        this.scheduleArrival();
        if (this.spec.dailyProfile && this.thin() * this.maxRate >= rateAt(this.spec, this.sim.now)) return;
        this.arrive();
        return;
      case TIMEOUT:
        this.timedOut(data);
        return;
      case RETRY:
        this.send(data, true);
        return;
      case SUCCESS:
        this.succeeded(data);
        return;
      case ROUTE_TIMEOUT:
        this.hedgedEnd(data, false);
        return;
    }
  }

  private arrive(): void {
    const now = this.sim.now;
    this.buckets.add(this.out.series.requests, now, 1);
    if (now >= this.buckets.start) this.out.requests++;
    if (this.admission && this.admissionRng() < this.admission.probability(now)) {
      if (now >= this.buckets.start) this.out.admissionRejected++;
      return;
    }
    const r = this.freeReqs.pop() ?? this.reqs.length;
    const h = this.spec.hedge;
    const extra = h ? h.initialRequests - 1 + (h.additionalRequestChance > 0 && this.hedgeRng() < h.additionalRequestChance ? 1 : 0) : 0;
    const req: Req = { arrivedAt: now, attempts: 0, extra, live: h ? [] : null, retryEvent: NO_EVENT, routeEvent: NO_EVENT };
    this.reqs[r] = req;
    this.activeRequests++;
    if (h) req.routeEvent = this.sim.schedule(h.routeTimeout, this, ROUTE_TIMEOUT, r);
    for (let k = 0; k <= extra && this.reqs[r] === req; k++) this.send(r, false);
  }

  /** Sends a try of request r (the first one or a retry). */
  private send(r: number, retry: boolean): void {
    const now = this.sim.now;
    const req = this.reqs[r] as Req;
    req.attempts++;
    if (retry) req.retryEvent = NO_EVENT;
    const counted = now >= this.buckets.start;
    this.buckets.add(this.out.series.tries, now, 1);
    if (counted) {
      this.out.tries++;
      if (retry) this.out.retries++;
      if (req.live && req.live.length > 0) this.out.hedges++;
    }
    const refusal = this.admit();
    const id = this.freeTries.pop() ?? this.tries.length;
    const t: Try = { req: r, sentAt: now, deadline: now + this.spec.timeout, retry, state: 0, timeout: NO_EVENT, timedOut: false, completion: NaN };
    this.tries[id] = t;
    req.live?.push(id);
    if (refusal) return this.tryFailed(id, refusal);
    const b = this.spec.breakers;
    if (b && this.dispatched >= b.maxConnections) {
      this.pending.push(id);
      t.timeout = this.sim.scheduleAt(t.deadline, this, TIMEOUT, id);
      return;
    }
    this.dispatch(id);
  }

  /** The client rate limit and the breakers' overflow checks of a new try; null when admitted. */
  private admit(): FailureCause | null {
    const rl = this.spec.rateLimit;
    if (rl) {
      const now = this.sim.now;
      this.tokens = Math.min(rl.burst, this.tokens + (now - this.tokensAt) * rl.rate);
      this.tokensAt = now;
      if (this.tokens < 1) return 'rateLimited';
      this.tokens -= 1;
    }
    const b = this.spec.breakers;
    if (!b) return null;
    const waiting = this.pending.length - this.pendingHead;
    if (this.dispatched + waiting >= b.maxRequests) return 'shed';
    if (this.dispatched >= b.maxConnections && waiting >= b.maxPendingRequests) return 'shed';
    return null;
  }

  private dispatch(id: number): void {
    const t = this.tries[id] as Try;
    t.state = 1;
    this.dispatched++;
    const r = this.pool.dispatch(id);
    if (r !== 'ok') {
      // A try leaving the pending queue has its per-try timeout scheduled: it must not fire on a freed try.
      this.sim.cancel(t.timeout);
      this.release(t);
      return this.tryFailed(id, r);
    }
    if (t.timeout === NO_EVENT && !t.timedOut) t.timeout = this.sim.scheduleAt(t.deadline, this, TIMEOUT, id);
  }

  /** A connection frees: the next pending try still waiting is dispatched. */
  private release(t: Try): void {
    if (t.state !== 1) return;
    this.dispatched--;
    while (this.pendingHead < this.pending.length) {
      const id = this.pending[this.pendingHead++];
      if (this.pendingHead > 1024 && this.pendingHead * 2 > this.pending.length) {
        this.pending.splice(0, this.pendingHead);
        this.pendingHead = 0;
      }
      const next = this.tries[id] as Try;
      if (next.state === 0) {
        this.dispatch(id);
        return;
      }
      this.freeTry(id);
    }
  }

  started(id: number, completion: number): void {
    const t = this.tries[id] as Try;
    if (t.state !== 1) return;
    t.completion = completion;
    // A hedged try past its per-try timeout is still awaited: its success arrives at completion.
    if (t.timedOut) t.timeout = this.sim.scheduleAt(completion, this, SUCCESS, id, -1);
    if (completion > t.deadline) return;
    // Served in time: the client sees the success at completion (the timeout is not needed).
    this.sim.cancel(t.timeout);
    // Before the host's completion event at the same instant (priority -1), which then frees the try.
    t.timeout = this.sim.scheduleAt(completion, this, SUCCESS, id, -1);
  }

  served(id: number): void {
    const t = this.tries[id] as Try;
    if (t.state === 2) this.freeTry(id);
  }

  reset(id: number): void {
    const t = this.tries[id] as Try;
    if (t.state === 2) return this.freeTry(id);
    this.sim.cancel(t.timeout);
    this.release(t);
    t.state = 2;
    this.failed(t, id, 'reset');
    this.freeTry(id);
  }

  private succeeded(id: number): void {
    const t = this.tries[id] as Try;
    if (t.state !== 1) return;
    this.release(t);
    t.state = 2;
    const req = this.reqs[t.req] as Req;
    const now = this.sim.now;
    if (req.arrivedAt >= this.buckets.start) {
      this.out.successes++;
      this.out.latencySum += now - req.arrivedAt;
    }
    this.buckets.add(this.out.series.successes, now, 1);
    this.endTry(t);
    if (req.live) this.hedgedEnd(t.req, true, id);
    else this.endRequest(t.req, true);
  }

  private timedOut(id: number): void {
    const t = this.tries[id] as Try;
    t.timeout = NO_EVENT;
    if (this.spec.hedge?.onPerTryTimeout) return this.hedgeOnTimeout(t, id);
    this.release(t);
    t.state = 2;
    // A pending try is freed when the pending queue reaches it, a dispatched one when its host is done with it.
    this.failed(t, id, 'timeout');
  }

  /**
   * Envoy hedge_on_per_try_timeout: the timed-out try stays outstanding (its connection held, its success still
   * accepted) and the next retry is sent without resetting it.
   */
  private hedgeOnTimeout(t: Try, id: number): void {
    t.timedOut = true;
    if (this.sim.now >= this.buckets.start) this.out.outcomes.timeout++;
    if (t.state === 1 && !Number.isNaN(t.completion)) t.timeout = this.sim.scheduleAt(t.completion, this, SUCCESS, id, -1);
    const req = this.reqs[t.req] as Req;
    if (req.retryEvent === NO_EVENT) this.retryOrEnd(t.req, 'timeout');
  }

  /** A try ended without reaching a host's slot or queue (refused, rejected, no host). */
  private tryFailed(id: number, cause: FailureCause): void {
    const t = this.tries[id] as Try;
    t.state = 2;
    this.failed(t, id, cause);
    this.freeTry(id);
  }

  /** A try failed at the client: its request retries or ends (a hedged try past its per-try timeout is discarded). */
  private failed(t: Try, id: number, cause: FailureCause): void {
    this.endTry(t);
    const req = this.reqs[t.req] as Req;
    if (req.live) {
      req.live.splice(req.live.indexOf(id), 1);
      if (t.timedOut) return this.hedgedFailure(t.req);
    }
    if (this.sim.now >= this.buckets.start) this.out.outcomes[cause]++;
    if (req.retryEvent === NO_EVENT) this.retryOrEnd(t.req, cause);
    else if (req.live) this.hedgedFailure(t.req);
  }

  /** After a failed try: retry (after the back-off) when the policy, the budget and max_retries allow. */
  private retryOrEnd(r: number, cause: FailureCause): void {
    const req = this.reqs[r] as Req;
    const rp = this.spec.retry;
    const retryable = cause !== 'shed' && cause !== 'rateLimited';
    if (!retryable || req.attempts - req.extra > rp.numRetries) return this.hedgedFailure(r);
    const budget = rp.budget;
    const limit = budget ? Math.max(budget.minRetryConcurrency, budget.budgetPercent * this.activeRequests) : Infinity;
    const maxRetries = this.spec.breakers ? this.spec.breakers.maxRetries : Infinity;
    if (this.activeRetries >= limit || this.activeRetries >= maxRetries) {
      if (this.sim.now >= this.buckets.start) this.out.retriesRefused++;
      return this.hedgedFailure(r);
    }
    this.activeRetries++;
    req.retryEvent = this.sim.schedule(backoffInterval(rp, req.attempts - req.extra, this.backoffRng), this, RETRY, r);
  }

  /** No retry follows a failure: the request fails, unless (hedged) a try is still outstanding. */
  private hedgedFailure(r: number): void {
    const req = this.reqs[r] as Req;
    if (!req.live) return this.endRequest(r, false);
    if (req.live.length === 0 && req.retryEvent === NO_EVENT) this.hedgedEnd(r, false);
  }

  /**
   * A hedged request ends (a success, its last failure or the route timeout): the other outstanding tries are
   * reset at the client (their hosts keep serving them) and a pending retry is cancelled.
   */
  private hedgedEnd(r: number, ok: boolean, winner = -1): void {
    const req = this.reqs[r] as Req;
    for (const id of req.live as number[]) {
      if (id === winner) continue;
      const t = this.tries[id] as Try;
      this.sim.cancel(t.timeout);
      this.release(t);
      t.state = 2;
      this.endTry(t);
    }
    if (this.sim.cancel(req.retryEvent)) this.activeRetries--;
    this.sim.cancel(req.routeEvent);
    this.endRequest(r, ok);
  }

  private endTry(t: Try): void {
    if (t.retry) {
      this.activeRetries--;
      t.retry = false;
    }
  }

  private endRequest(r: number, ok: boolean): void {
    this.admission?.record(this.sim.now, ok);
    this.reqs[r] = undefined;
    this.freeReqs.push(r);
    this.activeRequests--;
  }

  private freeTry(id: number): void {
    this.tries[id] = undefined;
    this.freeTries.push(id);
  }
}
