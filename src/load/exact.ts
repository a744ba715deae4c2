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
 *   active from the retry decision to the end of its try.
 */
import { makeSampler } from '../engine/distributions.js';
import { rngStream, type Uniform } from '../engine/rng.js';
import { NO_EVENT, type EventHandle, type EventHandler, type Simulator } from '../engine/simulator.js';
import { backoffInterval } from './backoff.js';
import { HostPool, type TryOwner } from './host-pool.js';
import { rateAt } from './profile.js';
import type { Buckets } from './series.js';
import type { FailureCause, LoadServiceStats } from './stats.js';
import { DISPATCHED, ENDED, PENDING, RequestTable, TryTable } from './try-table.js';
import type { LoadServiceSpec } from './types.js';

const ARRIVAL = 0, TIMEOUT = 1, RETRY = 2, SUCCESS = 3;
/**
 * Exact mode: an unbounded queue (no queue_limit) holds at most this many waiting tries per host, then rejects
 * (bounded memory under sustained overload; docs/limits.md). Fluid mode has no such bound.
 */
export const MAX_EXACT_QUEUE = 1_000_000;

export class ExactLoadClient implements EventHandler, TryOwner {
  readonly pool: HostPool;
  private readonly tries = new TryTable();
  private readonly reqs = new RequestTable();
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
    this.out.requests -= this.reqs.liveSince(this.buckets.start);
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
        this.pool.complete(data);
        return;
    }
  }

  private arrive(): void {
    const now = this.sim.now;
    const r = this.reqs.alloc(now);
    this.activeRequests++;
    this.buckets.add(this.out.series.requests, now, 1);
    if (now >= this.buckets.start) this.out.requests++;
    this.send(r, false);
  }

  /** Sends a try of request r (the first one or a retry). */
  private send(r: number, retry: boolean): void {
    const now = this.sim.now;
    this.reqs.attempts[r]++;
    const counted = now >= this.buckets.start;
    this.buckets.add(this.out.series.tries, now, 1);
    if (counted) {
      this.out.tries++;
      if (retry) this.out.retries++;
    }
    const refusal = this.admit();
    const id = this.tries.alloc(r, now + this.spec.timeout, retry);
    if (refusal) return this.tryFailed(id, refusal);
    const b = this.spec.breakers;
    if (b && this.dispatched >= b.maxConnections) {
      this.pending.push(id);
      this.tries.timeout[id] = this.sim.scheduleAt(this.tries.deadline[id], this, TIMEOUT, id);
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
    const t = this.tries;
    t.state[id] = DISPATCHED;
    this.dispatched++;
    const r = this.pool.dispatch(id);
    if (r !== 'ok') {
      // A try dispatched from the pending queue already has its timeout scheduled: the try ends here.
      this.sim.cancel(t.timeout[id]);
      t.timeout[id] = NO_EVENT;
      this.release(id);
      return this.tryFailed(id, r);
    }
    if (t.timeout[id] === NO_EVENT) t.timeout[id] = this.sim.scheduleAt(t.deadline[id], this, TIMEOUT, id);
  }

  /** A connection frees (try `id` leaves DISPATCHED): the next pending try still waiting is dispatched. */
  private release(id: number): void {
    if (this.tries.state[id] !== DISPATCHED) return;
    this.dispatched--;
    while (this.pendingHead < this.pending.length) {
      const next = this.pending[this.pendingHead++];
      if (this.pendingHead > 1024 && this.pendingHead * 2 > this.pending.length) {
        this.pending.splice(0, this.pendingHead);
        this.pendingHead = 0;
      }
      if (this.tries.state[next] === PENDING) {
        this.dispatch(next);
        return;
      }
      this.tries.release(next);
    }
  }

  started(id: number, completion: number): EventHandle {
    const t = this.tries;
    if (t.state[id] !== DISPATCHED || completion > t.deadline[id]) return NO_EVENT;
    // Served in time: the client sees the success at completion (the timeout is not needed), before the host's
    // completion at the same instant (priority -1), which then frees the try: one event carries both (succeeded).
    this.sim.cancel(t.timeout[id]);
    return (t.timeout[id] = this.sim.scheduleAt(completion, this, SUCCESS, id, -1));
  }

  served(id: number): void {
    if (this.tries.state[id] === ENDED) this.tries.release(id);
  }

  reset(id: number): void {
    const t = this.tries;
    if (t.state[id] === ENDED) return t.release(id);
    this.sim.cancel(t.timeout[id]);
    this.release(id);
    t.state[id] = ENDED;
    this.decide(id, 'reset');
    t.release(id);
  }

  private succeeded(id: number): void {
    const t = this.tries;
    if (t.state[id] !== DISPATCHED) return;
    this.release(id);
    t.state[id] = ENDED;
    const r = t.req[id];
    const arrivedAt = this.reqs.arrivedAt[r];
    const now = this.sim.now;
    if (arrivedAt >= this.buckets.start) {
      this.out.successes++;
      this.out.latencySum += now - arrivedAt;
    }
    this.buckets.add(this.out.series.successes, now, 1);
    this.endTry(id);
    this.endRequest(r);
  }

  private timedOut(id: number): void {
    this.tries.timeout[id] = NO_EVENT;
    this.release(id);
    this.tries.state[id] = ENDED;
    // A pending try is freed when the pending queue reaches it, a dispatched one when its host is done with it.
    this.decide(id, 'timeout');
  }

  /** A try ended without reaching a host's slot or queue (refused, rejected, no host). */
  private tryFailed(id: number, cause: FailureCause): void {
    this.tries.state[id] = ENDED;
    this.decide(id, cause);
    this.tries.release(id);
  }

  /** After a failed try: retry (after the back-off) when the policy, the budget and max_retries allow. */
  private decide(id: number, cause: FailureCause): void {
    if (this.sim.now >= this.buckets.start) this.out.outcomes[cause]++;
    this.endTry(id);
    const r = this.tries.req[id];
    const attempts = this.reqs.attempts[r];
    const rp = this.spec.retry;
    const retryable = cause !== 'shed' && cause !== 'rateLimited';
    if (!retryable || attempts > rp.numRetries) return this.endRequest(r);
    const budget = rp.budget;
    const limit = budget ? Math.max(budget.minRetryConcurrency, budget.budgetPercent * this.activeRequests) : Infinity;
    const maxRetries = this.spec.breakers ? this.spec.breakers.maxRetries : Infinity;
    if (this.activeRetries >= limit || this.activeRetries >= maxRetries) {
      if (this.sim.now >= this.buckets.start) this.out.retriesRefused++;
      return this.endRequest(r);
    }
    this.activeRetries++;
    this.sim.schedule(backoffInterval(rp, attempts, this.backoffRng), this, RETRY, r);
  }

  private endTry(id: number): void {
    if (this.tries.retry[id]) {
      this.activeRetries--;
      this.tries.retry[id] = 0;
    }
  }

  private endRequest(r: number): void {
    this.reqs.release(r);
    this.activeRequests--;
  }
}
