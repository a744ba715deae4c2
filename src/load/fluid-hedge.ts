/**
 * Fluid mode, hedged requests (Envoy config.route.v3.HedgePolicy; docs/load.md "Hedging"): what one client
 * request does when its tries meet a state with independent outcomes, in closed form.
 *
 * Tries leave in waves: wave 0 holds m tries at time 0 (m = initial_requests, +1 with additional_request_chance),
 * wave j >= 1 one retry at s_j = s_{j-1} + T + b_j (T the per-try timeout, b_j the mean back-off of retry j: the
 * back-off is taken at its mean), sent only if no earlier try has succeeded by s_j and the retry is admitted
 * (probability a, the budget and max_retries of fluid-point.ts). A try succeeds with probability q (not refused,
 * shed, rejected; a host up) and then answers after its sojourn X (wait + service at its host, tail
 * P(X > x) from host-model.ts); tries are independent (Poisson streams to random hosts). With
 * hedge_on_per_try_timeout a try is awaited until the route timeout R, otherwise until its own per-try timeout.
 * With A_j(t) = (1 - q F_X(min(t, e_j) - s_j))^(m_j) the probability that wave j (awaited until e_j) has not
 * answered by t:
 *   P(wave j sent)       = a^j prod_{i<j} A_i(s_j)                          (s_j < R, j <= N)
 *   P(request fails)     = sum_K a^(K-1) prod_{i<K} A_i(R) x (1 - a if wave K could follow (K <= N, s_K < R), else 1)
 *   tries per request    = sum_j m_j P(wave j sent),
 *   per-try timeouts     = sum_{j: s_j + T < R} m_j a^j prod_{i<=j} A_i(s_j + T) x q P(X > T) / (1 - q F_X(T)).
 * For one hedge with immediate sending (a = 1, q = 1, b = 0) the response time is min(X_0, T + X_1), whose tail
 * P(X_0 > t) P(X_1 > t - T) is the closed form the tests check. Approximation: a try failing at once (a queue
 * rejection, a breaker overflow) is treated as never answering: the next wave still leaves at the per-try timeout
 * (in exact mode it is retried after the back-off at once).
 */
import { meanBackoff } from './backoff.js';
import type { LoadServiceSpec } from './types.js';

/** Per client request (expected values). */
export interface HedgedRequest {
  tries: number;
  /** Retries sent (waves j >= 1). */
  retries: number;
  /** Tries sent while another try of the request was outstanding. */
  hedges: number;
  /** Retries refused by the budget or max_retries. */
  retriesRefused: number;
  /** Tries whose per-try timeout fires while the request is unanswered. */
  timeouts: number;
  /** P(the request succeeds before the route timeout). */
  success: number;
}

/**
 * @param q P(a try is accepted by a host and not refused on the way)
 * @param admit P(a retry is admitted)
 * @param tail P(X > x) for an accepted try's sojourn, x in seconds (1 for x <= 0)
 */
export function hedgedRequest(spec: LoadServiceSpec, q: number, admit: number, tail: (x: number) => number): HedgedRequest {
  const h = spec.hedge;
  if (!h) throw new Error('hedgedRequest: the service has no hedge_policy');
  // The sojourn tail at the few distinct ages the waves need (each evaluation may solve a queueing chain).
  const memo = new Map<number, number>();
  const cachedTail = (x: number) => {
    let v = memo.get(x);
    if (v === undefined) memo.set(x, (v = tail(x)));
    return v;
  };
  const c = h.additionalRequestChance;
  const options = c > 0 ? [{ m: h.initialRequests, p: 1 - c }, { m: h.initialRequests + 1, p: c }] : [{ m: h.initialRequests, p: 1 }];
  const out: HedgedRequest = { tries: 0, retries: 0, hedges: 0, retriesRefused: 0, timeouts: 0, success: 0 };
  for (const { m, p } of options) {
    const r = waves(spec, m, q, admit, cachedTail);
    out.tries += p * r.tries;
    out.retries += p * r.retries;
    out.hedges += p * r.hedges;
    out.retriesRefused += p * r.retriesRefused;
    out.timeouts += p * r.timeouts;
    out.success += p * r.success;
  }
  return out;
}

function waves(spec: LoadServiceSpec, m: number, q: number, admit: number, tail: (x: number) => number): HedgedRequest {
  const h = spec.hedge as NonNullable<LoadServiceSpec['hedge']>;
  const T = spec.timeout;
  const R = h.routeTimeout;
  const N = spec.retry.numRetries;
  const sends: number[] = [0];
  for (let j = 1; j <= N; j++) {
    const s = sends[j - 1] + T + meanBackoff(spec.retry, j);
    if (s >= R) break;
    sends.push(s);
  }
  const awaitedUntil = (j: number) => (h.onPerTryTimeout ? R : Math.min(R, sends[j] + T));
  const size = (j: number) => (j === 0 ? m : 1);
  // P(wave j has not answered by t), t >= s_j.
  const silent = (j: number, t: number) => (1 - q * (1 - tail(Math.min(t, awaitedUntil(j)) - sends[j]))) ** size(j);
  const noneBy = (K: number, t: number) => {
    let x = 1;
    for (let i = 0; i < K; i++) x *= silent(i, t);
    return x;
  };
  const out: HedgedRequest = { tries: m, retries: 0, hedges: m - 1, retriesRefused: 0, timeouts: 0, success: 0 };
  // A try of wave j reaches its per-try timeout s_j + T iff it was accepted and has not answered (q P(X > T), in
  // place of its own factor 1 - q F(T)) and the other tries of waves 0..j have not answered either.
  const own = 1 - q * (1 - tail(T));
  const late = own > 0 ? (q * tail(T)) / own : 0;
  for (let j = 0; j < sends.length; j++) if (sends[j] + T < R) out.timeouts += size(j) * admit ** j * noneBy(j + 1, sends[j] + T) * late;
  let fail = 0;
  for (let K = 1; K <= sends.length; K++) {
    const sent = admit ** (K - 1);
    const next = K < sends.length;
    fail += sent * noneBy(K, R) * (next ? 1 - admit : 1);
    if (!next) continue;
    const asked = sent * noneBy(K, sends[K]);
    out.tries += asked * admit;
    out.retries += asked * admit;
    if (h.onPerTryTimeout) out.hedges += asked * admit;
    out.retriesRefused += asked * (1 - admit);
  }
  out.success = 1 - fail;
  return out;
}
