/**
 * Active health checking (Envoy's HealthCheck: `interval`, `timeout`, `unhealthy_threshold`,
 * `healthy_threshold`, `interval_jitter`) as detection delays.
 *
 * Probe process: a probe is sent, its result is known after 0 s (answer or connection refused) or after
 * `timeout` (no answer: host unreachable); the next probe is sent `interval + J` after the result, J uniform
 * on [0, interval_jitter] (Envoy adds the jitter to each interval). A healthy host becomes unhealthy after
 * `unhealthy_threshold` consecutive failed probes, an unhealthy one healthy after `healthy_threshold`
 * consecutive successes.
 *
 * Detection delay D after a host starts failing at a time independent of the probe process:
 *   D = R + (k - 1) (tau + I + J) + tau,   k = unhealthy_threshold, tau = timeout if probes time out else 0,
 * where R is the time to the next probe: the forward recurrence time of the renewal process of probe gaps
 * X = I + J (tau_0 = 0 while healthy), with E[R] = E[X^2] / (2 E[X]) (Ross, "Stochastic Processes", 2nd ed.,
 * 1996, sec. 3.4, or Cox, "Renewal Theory", 1962). Hence
 *   E[D] = E[X^2] / (2 E[X]) + (k - 1) (tau + I + j/2) + tau,  E[X] = I + j/2, E[X^2] = I^2 + I j + j^2 / 3.
 * With no jitter: E[D] = I/2 + (k - 1)(I + tau) + tau.
 * The fluid mode samples D exactly this way (R = U X*, X* length-biased) as one event, instead of one event
 * per probe; the exact mode sends every probe.
 */
import type { HealthCheckSpec } from './types.js';

/** Samples the delay until a failing host is marked unhealthy. `u` draws uniforms; `timesOut`: probes time out. */
export function sampleDetectDelay(hc: HealthCheckSpec, timesOut: boolean, u: () => number): number {
  const tau = timesOut ? hc.timeout : 0;
  let d = forwardRecurrence(hc.interval, hc.intervalJitter, 0, u) + tau;
  for (let i = 1; i < hc.unhealthyThreshold; i++) d += tau + hc.interval + hc.intervalJitter * u();
  return d;
}

/**
 * Samples the delay until a recovered host is marked healthy again: the next probe (in the failing regime
 * gaps are tau + I + J) then healthy_threshold - 1 further probes at I + J.
 */
export function sampleRecoverDelay(hc: HealthCheckSpec, timedOut: boolean, u: () => number): number {
  let d = forwardRecurrence(hc.interval, hc.intervalJitter, timedOut ? hc.timeout : 0, u);
  for (let i = 1; i < hc.healthyThreshold; i++) d += hc.interval + hc.intervalJitter * u();
  return d;
}

/**
 * Forward recurrence time of a renewal process with gaps X = base + I + J, J ~ U(0, j): draw X* from the
 * length-biased law (density proportional to x on [a, a + j], inverted: x = sqrt(a^2 + v((a+j)^2 - a^2)))
 * and return U X*.
 */
function forwardRecurrence(interval: number, jitter: number, base: number, u: () => number): number {
  const a = interval + base;
  const x = jitter > 0 ? Math.sqrt(a * a + u() * ((a + jitter) ** 2 - a * a)) : a;
  return u() * x;
}

/** E[D] of `sampleDetectDelay` (formula in the module docstring). */
export function expectedDetectDelay(hc: HealthCheckSpec, timesOut: boolean): number {
  const I = hc.interval;
  const j = hc.intervalJitter;
  const tau = timesOut ? hc.timeout : 0;
  const ex = I + j / 2;
  const ex2 = I * I + I * j + (j * j) / 3;
  return ex2 / (2 * ex) + (hc.unhealthyThreshold - 1) * (tau + ex) + tau;
}

/** Assumptions behind `expectedDetectDelay`, for reports. */
export const DETECTION_ASSUMPTIONS = [
  'the host starts failing at a time independent of the probe schedule (so the wait for the next probe is the forward recurrence time of the probe gaps)',
  'every probe to a failing host fails (refused instantly, or after the probe timeout when the host is unreachable)',
  'the host keeps failing until it is detected',
];

/**
 * Exact-mode prober state of one host: counts consecutive failures/successes of actual probes.
 * `probe(failing)` returns the new health when the threshold is crossed, else null.
 */
export class ProbeCounter {
  private fails = 0;
  private oks = 0;
  constructor(private readonly hc: HealthCheckSpec, public healthy = true) {}

  record(failed: boolean): boolean | null {
    if (failed) {
      this.oks = 0;
      this.fails++;
      if (this.healthy && this.fails >= this.hc.unhealthyThreshold) {
        this.healthy = false;
        return false;
      }
    } else {
      this.fails = 0;
      this.oks++;
      if (!this.healthy && this.oks >= this.hc.healthyThreshold) {
        this.healthy = true;
        return true;
      }
    }
    return null;
  }
}
