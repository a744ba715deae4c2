/**
 * Envoy's retry back-off (HTTP router filter, "x-envoy-max-retries" and config.route.v3.RetryPolicy.RetryBackOff;
 * config.core.v3.BackoffStrategy): a fully jittered exponential back-off. Before retry N (N = 1 for the first
 * retry) the router waits an interval drawn uniformly in [0, (2^N - 1) x base_interval], capped at max_interval
 * (default 10 x base_interval); the default base_interval is 25 ms.
 */
import type { Uniform } from '../engine/rng.js';
import type { LoadRetrySpec } from './types.js';

/** Envoy's default retry back-off base interval, seconds. */
export const DEFAULT_BASE_INTERVAL = 0.025;

/** The back-off before retry `n` (1-based), seconds, drawn with one uniform. */
export function backoffInterval(retry: Pick<LoadRetrySpec, 'baseInterval' | 'maxInterval'>, n: number, u: Uniform): number {
  const upper = (2 ** Math.min(n, 60) - 1) * retry.baseInterval;
  return Math.min(u() * upper, retry.maxInterval);
}

/** Mean back-off before retry n: E[min(U upper, max)] = max - max^2 / (2 upper) when upper > max, else upper / 2. */
export function meanBackoff(retry: Pick<LoadRetrySpec, 'baseInterval' | 'maxInterval'>, n: number): number {
  const upper = (2 ** Math.min(n, 60) - 1) * retry.baseInterval;
  const m = retry.maxInterval;
  return upper <= m ? upper / 2 : m - (m * m) / (2 * upper);
}
