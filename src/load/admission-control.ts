/**
 * Envoy's admission control filter (HTTP filter envoy.filters.http.admission_control; API
 * extensions.filters.http.admission_control.v3.AdmissionControl; Envoy docs "Admission Control"), based on
 * client-side throttling (Google SRE book, "Handling Overload"). The filter sits in front of the router, so it
 * acts per client request (its retries and hedges pass): a request is rejected with a local 503 with probability
 *
 *   P_reject = min(max_rejection_probability, max(0, (n_total - n_success / sr_threshold) / (n_total + 1))^(1 / aggression))
 *
 * (the formula of the API reference's `aggression` field; the docs' formula without the clamps), n_total and
 * n_success the requests and successful requests recorded over the sliding `sampling_window`; when the window's
 * mean rate n_total / sampling_window is below `rps_threshold` nothing is rejected. Defaults (API reference):
 * sampling_window 30 s (rounded to the second), aggression 1 (smaller values are set to 1), sr_threshold 95%,
 * rps_threshold 0, max_rejection_probability 80%. Success: the request succeeded (a 5xx, a reset or a timeout is a
 * failure: Envoy's default success criteria). Rejected requests are not recorded (they never reach the router).
 */
import type { AdmissionSpec } from './types.js';

/** The documented rejection probability for window counts (total, successes); rpsThreshold applied. */
export function rejectionProbability(a: AdmissionSpec, total: number, successes: number): number {
  if (total <= 0 || total / a.samplingWindow < a.rpsThreshold) return 0;
  const x = Math.max(0, (total - successes / a.srThreshold) / (total + 1));
  return Math.min(a.maxRejectionProbability, x ** (1 / a.aggression));
}

/**
 * Exact mode: request outcomes recorded in one-second slots (Envoy's controller keeps per-second history and
 * drops entries older than the window); the counts are those of the last `samplingWindow` slots, current one
 * included.
 */
export class AdmissionWindow {
  private readonly total: Float64Array;
  private readonly success: Float64Array;
  private slot = 0;
  private sumTotal = 0;
  private sumSuccess = 0;

  constructor(private readonly spec: AdmissionSpec) {
    this.total = new Float64Array(spec.samplingWindow);
    this.success = new Float64Array(spec.samplingWindow);
  }

  /** Moves the window to the second containing `now` (seconds), dropping slots older than the window. */
  private advance(now: number): void {
    const s = Math.floor(now);
    const n = this.total.length;
    if (s - this.slot >= n) {
      this.total.fill(0);
      this.success.fill(0);
      this.sumTotal = 0;
      this.sumSuccess = 0;
    } else {
      for (let k = this.slot + 1; k <= s; k++) {
        const i = k % n;
        this.sumTotal -= this.total[i];
        this.sumSuccess -= this.success[i];
        this.total[i] = 0;
        this.success[i] = 0;
      }
    }
    if (s > this.slot) this.slot = s;
  }

  /** Records a request's outcome at `now`. */
  record(now: number, ok: boolean): void {
    this.advance(now);
    const i = this.slot % this.total.length;
    this.total[i]++;
    this.sumTotal++;
    if (ok) {
      this.success[i]++;
      this.sumSuccess++;
    }
  }

  /** P_reject at `now`. */
  probability(now: number): number {
    this.advance(now);
    return rejectionProbability(this.spec, this.sumTotal, this.sumSuccess);
  }
}

/**
 * Fluid mode: the stationary rejection probability P, the fixed point of P = P_reject(n_total, n_success) with
 * n_total = lambda (1 - P) W and n_success = n_total g(lambda (1 - P)), W the window and g(x) the success ratio
 * of the requests admitted at rate x (the retry-load operating point). g increases as fewer requests are admitted,
 * so the right-hand side decreases in P and P - rhs(P) has a single root on [0, max_rejection_probability],
 * found by the Illinois variant of regula falsi (Dowell & Jarratt, BIT 11, 1971) to 1e-5; the rps_threshold
 * step (or a jump of g where the retry-load equation loses its high fixed point) makes the root the switching
 * point.
 */
export function fluidRejection(a: AdmissionSpec, lambda: number, success: (admittedRate: number) => number): number {
  const rhs = (p: number) => {
    const n = lambda * (1 - p) * a.samplingWindow;
    return rejectionProbability(a, n, n * success(lambda * (1 - p)));
  };
  let lo = 0, hi = a.maxRejectionProbability;
  let flo = -rhs(lo);
  if (flo >= 0) return 0;
  let fhi = hi - rhs(hi);
  if (fhi <= 0) return hi;
  let side = 0;
  for (let i = 0; i < 25 && hi - lo > 1e-5; i++) {
    const m = (lo * fhi - hi * flo) / (fhi - flo);
    const fm = m - rhs(m);
    if (fm === 0) return m;
    if (fm < 0) {
      lo = m;
      flo = fm;
      if (side === -1) fhi /= 2;
      side = -1;
    } else {
      hi = m;
      fhi = fm;
      if (side === 1) flo /= 2;
      side = 1;
    }
  }
  return (lo + hi) / 2;
}
