/**
 * Active health checking (Envoy's HealthCheck: `interval`, `timeout`, `unhealthy_threshold`,
 * `healthy_threshold`, `interval_jitter`): the analytic mean detection delay.
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
 * Both traffic modes run the probe process itself (prober.ts); this mean is the analytic expectation the
 * report compares the simulated detection times with.
 */
import type { HealthCheckSpec } from './types.js';

/** E[D], the mean detection delay (formula in the module docstring). */
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
