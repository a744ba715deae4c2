/**
 * Reference: retries under Envoy's round robin, written from the documentation only (not from src/traffic).
 * Envoy "Supported load balancers: Weighted round robin": "each available upstream host is selected in
 * round robin order"; route.v3.RetryPolicy: a retry asks the load balancer for a host again
 * ("retry_host_predicate: Specifies a collection of RetryHostPredicates that will be consulted when
 * selecting a host for retries. If any of the predicates reject the host, host selection will be
 * reattempted"; "host_selection_retry_max_attempts: The maximum number of times host selection will be
 * reattempted before giving up, at which point the host that was last selected will be routed to. If
 * unspecified, this will default to retrying once"); the previous_hosts predicate rejects hosts already
 * attempted by the request.
 *
 * Model: Poisson client requests at `rate`/s; one cursor over `hosts` hosts; host `blackholed` never
 * answers (its try fails after `perTryTimeout`); any other host answers after `serviceTime`; one retry,
 * made when the failed try ends, picking the host under the cursor at that instant.
 */
import seedrandom from 'seedrandom';

export interface RoundRobinRetryCase {
  rate: number;
  hosts: number;
  blackholed: number;
  serviceTime: number;
  perTryTimeout: number;
  previousHosts: boolean;
  warmup: number;
  horizon: number;
}

/** Success ratio of one run. */
export function referenceRoundRobinRetry(c: RoundRobinRetryCase, seed: string): number {
  const rng = seedrandom.alea(seed);
  let cursor = 0;
  const pick = () => cursor++ % c.hosts;
  // Pending retries: [time, first host, arrival time], kept sorted by time (few at once).
  const retries: [number, number, number][] = [];
  let counted = 0, ok = 0;
  const done = (arrival: number, success: boolean) => {
    if (arrival < c.warmup) return;
    counted++;
    if (success) ok++;
  };
  const retry = ([, first, arrival]: [number, number, number]) => {
    let h = pick();
    if (c.previousHosts && h === first) h = pick(); // host_selection_retry_max_attempts = 1
    done(arrival, h !== c.blackholed);
  };
  let t = 0;
  for (;;) {
    t += -Math.log(1 - rng()) / c.rate;
    while (retries.length > 0 && retries[0][0] <= Math.min(t, c.horizon + 1)) retry(retries.shift()!);
    if (t > c.horizon) break;
    const h = pick();
    if (h !== c.blackholed) done(t, true);
    else retries.push([t + c.perTryTimeout, h, t]);
  }
  while (retries.length > 0) retry(retries.shift()!);
  return ok / counted;
}
