/**
 * Reference model of Envoy's retry budget, written from the documentation only (not from src/traffic):
 * Envoy "Circuit breaking" architecture overview and cluster.v3.CircuitBreakers.Thresholds.RetryBudget:
 * "budget_percent: Specifies the limit on concurrent retries as a percentage of the sum of active requests
 * and active pending requests. For example, if there are 100 active requests and the budget_percent is set
 * to 25, there may be 25 active retries." and "min_retry_concurrency: Specifies the minimum retry
 * concurrency allowed for the retry budget. The limit on the number of active retries may never go below
 * this number." A retry is admitted when the active retries are below
 * max(min_retry_concurrency, budget_percent x active requests); the request deciding to retry is still
 * active when it asks (its failed upstream answer is being handled).
 *
 * Model: Poisson client requests at `rate`/s to `hosts` hosts picked uniformly at random (Envoy's RANDOM
 * policy); every try takes `tryTime` s; a try on a blackholed host (hosts 0..blackholed-1) gets no answer
 * and fails at the end of its try time; a try on another host fails with probability `errorRate`; at most
 * one retry per request, made at once when the try fails and the budget admits it.
 * A tiny discrete-event simulation with its own binary heap and RNG stream.
 */
import seedrandom from 'seedrandom';

export interface RetryBudgetCase {
  rate: number;
  tryTime: number;
  errorRate: number;
  hosts: number;
  blackholed: number;
  budgetPercent: number;
  minRetryConcurrency: number;
  /** Requests arriving in [warmup, horizon] are counted. */
  warmup: number;
  horizon: number;
}

/** Success ratio of the client requests of one run of the reference model. */
export function referenceRetryBudget(c: RetryBudgetCase, seed: string): number {
  const rng = seedrandom.alea(seed);
  // Events: [time, kind (0 arrival, 1 end of a first try, 2 end of a retry), arrival time].
  const heap: [number, number, number][] = [];
  const push = (e: [number, number, number]) => {
    heap.push(e);
    for (let i = heap.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (heap[p][0] <= heap[i][0]) break;
      [heap[p], heap[i]] = [heap[i], heap[p]];
      i = p;
    }
  };
  const pop = () => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < heap.length && heap[l][0] < heap[m][0]) m = l;
        if (r < heap.length && heap[r][0] < heap[m][0]) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i], heap[m]];
        i = m;
      }
    }
    return top;
  };
  let activeRequests = 0, activeRetries = 0, counted = 0, ok = 0;
  const done = (arrival: number, success: boolean) => {
    activeRequests--;
    if (arrival < c.warmup) return;
    counted++;
    if (success) ok++;
  };
  push([-Math.log(1 - rng()) / c.rate, 0, 0]);
  while (heap.length > 0) {
    const [t, kind, arrival] = pop();
    if (t > c.horizon && kind === 0) continue;
    if (kind === 0) {
      push([t - Math.log(1 - rng()) / c.rate, 0, 0]);
      activeRequests++;
      push([t + c.tryTime, 1, t]);
      continue;
    }
    if (kind === 2) activeRetries--;
    const host = Math.floor(rng() * c.hosts);
    const failed = host < c.blackholed || rng() < c.errorRate;
    if (!failed || kind === 2) {
      done(arrival, !failed);
      continue;
    }
    if (activeRetries < Math.max(c.minRetryConcurrency, c.budgetPercent * activeRequests)) {
      activeRetries++;
      push([t + c.tryTime, 2, arrival]);
    } else {
      done(arrival, false);
    }
  }
  return ok / counted;
}
