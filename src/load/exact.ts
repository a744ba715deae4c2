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
 *   tries outstanding (hedge-table.ts): `initial_requests` (+1 with `additional_request_chance`) at once, and with
 *   `hedge_on_per_try_timeout` a per-try timeout sends the next retry without cancelling the timed-out try. The
 *   first success wins (the other tries are reset at the client; their hosts keep serving them); an error from a
 *   try past its per-try timeout is discarded; the request fails when no try is outstanding and no retry pending,
 *   or at the route timeout (`route_timeout`);
 * - Envoy's admission control filter (admission-control.ts) in front of the router rejects a request before its
 *   first try (counted as rejected by admission control, not retried); each ended request is recorded in its
 *   sliding window.
 */
import { makeSampler } from '../engine/distributions.js';
import { rngStream, type Uniform } from '../engine/rng.js';
import { NO_EVENT, type EventHandle, type EventHandler, type Simulator } from '../engine/simulator.js';
import { AdmissionWindow } from './admission-control.js';
import { backoffInterval } from './backoff.js';
import { HedgeTable } from './hedge-table.js';
import { HostPool, type TryOwner } from './host-pool.js';
import { rateAt } from './profile.js';
import type { Buckets } from './series.js';
import type { FailureCause, LoadServiceStats } from './stats.js';
import { CARRIED, DISPATCHED, ENDED, PENDING, RequestTable, TIMED_OUT, TryTable } from './try-table.js';
import type { LoadServiceSpec } from './types.js';

const ARRIVAL = 0, TIMEOUT = 1, RETRY = 2, SUCCESS = 3, ROUTE_TIMEOUT = 4;
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
  /** Hedged requests (null without a hedge policy) and hedge_on_per_try_timeout. */
  private readonly hedges: HedgeTable | null;
  private readonly hedgeOnTimeout: boolean;
  private readonly hedgeRng: Uniform | null;
  private readonly admission: AdmissionWindow | null;
  private readonly admissionRng: Uniform | null;

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
    this.hedges = spec.hedge ? new HedgeTable() : null;
    this.hedgeOnTimeout = spec.hedge?.onPerTryTimeout ?? false;
    this.hedgeRng = spec.hedge ? rng('hedge') : null;
    this.admission = spec.admission ? new AdmissionWindow(spec.admission) : null;
    this.admissionRng = spec.admission ? rng('admission') : null;
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
      case ROUTE_TIMEOUT:
        this.hedgedEnd(data, false, -1);
        return;
    }
  }

  private arrive(): void {
    const now = this.sim.now;
    this.buckets.add(this.out.series.requests, now, 1);
    if (now >= this.buckets.start) this.out.requests++;
    if (this.admission && (this.admissionRng as Uniform)() < this.admission.probability(now)) {
      if (now >= this.buckets.start) this.out.admissionRejected++;
      return;
    }
    const r = this.reqs.alloc(now);
    this.activeRequests++;
    if (this.hedges) return this.arriveHedged(r, this.hedges);
    this.send(r, false);
  }

  /** A hedged request: its route timeout, then initial_requests tries (+1 with additional_request_chance). */
  private arriveHedged(r: number, hs: HedgeTable): void {
    const h = this.spec.hedge as NonNullable<LoadServiceSpec['hedge']>;
    const c = h.additionalRequestChance;
    const extra = h.initialRequests - 1 + (c > 0 && (this.hedgeRng as Uniform)() < c ? 1 : 0);
    hs.open(r, extra, this.sim.schedule(h.routeTimeout, this, ROUTE_TIMEOUT, r));
    // A try failing at once may end the request (no retry allowed) before all initial tries are sent.
    for (let k = 0; k <= extra && this.reqs.live[r]; k++) this.send(r, false);
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
    const hs = this.hedges;
    if (hs) {
      if (retry) hs.retryEvent[r] = NO_EVENT;
      if (counted && hs.live[r].length > 0) this.out.hedges++;
    }
    const refusal = this.admit();
    const id = this.tries.alloc(r, now + this.spec.timeout, retry);
    if (hs) hs.live[r].push(id);
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
    // A hedged try past its per-try timeout (it waited in the pending queue) has no timeout left.
    if (t.timeout[id] === NO_EVENT && (t.flags[id] & TIMED_OUT) === 0) t.timeout[id] = this.sim.scheduleAt(t.deadline[id], this, TIMEOUT, id);
  }

  /** A connection frees (try `id` leaves DISPATCHED): the next pending try still waiting is dispatched. */
  private release(id: number): void {
    if (this.tries.state[id] === DISPATCHED) this.releaseConnection();
  }

  /** A dispatched try's connection frees: the next pending try still waiting is dispatched. */
  private releaseConnection(): void {
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
    if (t.state[id] !== DISPATCHED) return NO_EVENT;
    if (completion > t.deadline[id]) {
      // hedge_on_per_try_timeout: the try is still awaited after its per-try timeout; its success at completion
      // carries the host's completion (the per-try timeout event stays as it is).
      return this.hedgeOnTimeout ? this.sim.scheduleAt(completion, this, SUCCESS, id, -1) : NO_EVENT;
    }
    if (this.hedges) t.flags[id] |= CARRIED;
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
    this.failed(id, 'reset');
    t.release(id);
  }

  private succeeded(id: number): void {
    const t = this.tries;
    if (t.state[id] !== DISPATCHED) return;
    const r = t.req[id];
    if (this.hedges) {
      // The winner's connection frees after the losers are reset (hedgedEnd), so that no loser is dispatched.
      t.state[id] = ENDED;
      this.countSuccess(r);
      this.endTry(id);
      this.hedgedEnd(r, true, id);
      return this.releaseConnection();
    }
    this.release(id);
    t.state[id] = ENDED;
    this.countSuccess(r);
    this.endTry(id);
    this.endRequest(r, true);
  }

  private countSuccess(r: number): void {
    const arrivedAt = this.reqs.arrivedAt[r];
    const now = this.sim.now;
    if (arrivedAt >= this.buckets.start) {
      this.out.successes++;
      this.out.latencySum += now - arrivedAt;
    }
    this.buckets.add(this.out.series.successes, now, 1);
  }

  private timedOut(id: number): void {
    this.tries.timeout[id] = NO_EVENT;
    if (this.hedgeOnTimeout) return this.hedgeOnPerTryTimeout(id);
    this.release(id);
    this.tries.state[id] = ENDED;
    // A pending try is freed when the pending queue reaches it, a dispatched one when its host is done with it.
    this.failed(id, 'timeout');
  }

  /**
   * Envoy hedge_on_per_try_timeout: the timed-out try stays outstanding (its connection held, its success still
   * accepted: started() carries it) and the next retry is sent without resetting it.
   */
  private hedgeOnPerTryTimeout(id: number): void {
    this.tries.flags[id] |= TIMED_OUT;
    if (this.sim.now >= this.buckets.start) this.out.outcomes.timeout++;
    const r = this.tries.req[id];
    if ((this.hedges as HedgeTable).retryEvent[r] === NO_EVENT) this.retryOrEnd(r, 'timeout');
  }

  /** A try ended without reaching a host's slot or queue (refused, rejected, no host). */
  private tryFailed(id: number, cause: FailureCause): void {
    this.tries.state[id] = ENDED;
    this.failed(id, cause);
    this.tries.release(id);
  }

  /** A try failed at the client: its request retries or ends. */
  private failed(id: number, cause: FailureCause): void {
    if (this.hedges) return this.failedHedged(id, cause, this.hedges);
    if (this.sim.now >= this.buckets.start) this.out.outcomes[cause]++;
    this.endTry(id);
    this.retryOrEnd(this.tries.req[id], cause);
  }

  /** A hedged try failed: an error from a try past its per-try timeout is discarded; one retry at a time. */
  private failedHedged(id: number, cause: FailureCause, hs: HedgeTable): void {
    this.endTry(id);
    const r = this.tries.req[id];
    hs.drop(r, id);
    if (this.tries.flags[id] & TIMED_OUT) return this.noRetry(r);
    if (this.sim.now >= this.buckets.start) this.out.outcomes[cause]++;
    if (hs.retryEvent[r] === NO_EVENT) this.retryOrEnd(r, cause);
    else this.noRetry(r);
  }

  /** After a failed try: retry (after the back-off) when the policy, the budget and max_retries allow. */
  private retryOrEnd(r: number, cause: FailureCause): void {
    const hs = this.hedges;
    // The number of the next retry (backoff.ts): tries sent so far beyond the initial ones, plus one; a hedged
    // request's initial try failing before the others are sent (at arrival) makes it retry 1.
    const attempts = hs ? Math.max(1, this.reqs.attempts[r] - hs.extra[r]) : this.reqs.attempts[r];
    const rp = this.spec.retry;
    const retryable = cause !== 'shed' && cause !== 'rateLimited';
    if (!retryable || attempts > rp.numRetries) return this.noRetry(r);
    const budget = rp.budget;
    const limit = budget ? Math.max(budget.minRetryConcurrency, budget.budgetPercent * this.activeRequests) : Infinity;
    const maxRetries = this.spec.breakers ? this.spec.breakers.maxRetries : Infinity;
    if (this.activeRetries >= limit || this.activeRetries >= maxRetries) {
      if (this.sim.now >= this.buckets.start) this.out.retriesRefused++;
      return this.noRetry(r);
    }
    this.activeRetries++;
    const event = this.sim.schedule(backoffInterval(rp, attempts, this.backoffRng), this, RETRY, r);
    if (hs) hs.retryEvent[r] = event;
  }

  /** No retry follows a failure: the request fails, unless (hedged) a try is outstanding or a retry pending. */
  private noRetry(r: number): void {
    const hs = this.hedges;
    if (!hs) return this.endRequest(r, false);
    if (hs.live[r].length === 0 && hs.retryEvent[r] === NO_EVENT) this.hedgedEnd(r, false, -1);
  }

  /**
   * A hedged request ends (a success of try `winner`, its last failure or the route timeout, winner -1): the
   * other outstanding tries are reset at the client (their hosts keep serving them), a pending retry is cancelled.
   * Their connections free once all are ended (a freed connection dispatches a pending try: not one of these).
   */
  private hedgedEnd(r: number, ok: boolean, winner: number): void {
    const hs = this.hedges as HedgeTable;
    const t = this.tries;
    const live = hs.live[r];
    let freed = 0;
    for (const id of live) {
      if (id === winner) continue;
      if ((t.flags[id] & CARRIED) === 0) this.sim.cancel(t.timeout[id]);
      t.timeout[id] = NO_EVENT;
      if (t.state[id] === DISPATCHED) freed++;
      t.state[id] = ENDED;
      this.endTry(id);
    }
    live.length = 0;
    if (this.sim.cancel(hs.retryEvent[r])) this.activeRetries--;
    hs.retryEvent[r] = NO_EVENT;
    this.sim.cancel(hs.routeEvent[r]);
    this.endRequest(r, ok);
    for (; freed > 0; freed--) this.releaseConnection();
  }

  private endTry(id: number): void {
    if (this.tries.retry[id]) {
      this.activeRetries--;
      this.tries.retry[id] = 0;
    }
  }

  private endRequest(r: number, ok: boolean): void {
    this.admission?.record(this.sim.now, ok);
    this.reqs.release(r);
    this.activeRequests--;
  }
}
