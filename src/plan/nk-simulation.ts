/**
 * N-k capacity by simulation (issue 14 item 7), next to the Erlang C table (src/plan/erlang-nk.ts): for
 * k = 0..K, every load service loses k of its hosts for a short window at its peak rate, and the run reports per
 * service goodput ratio, P(wait), p99 queueing delay, utilisation and the probability that a try times out.
 *
 * The run per k: the scenario with each load service at its peak rate (rate x the largest daily-profile
 * multiplier, no profile), warmup = window / 5 (the queues settle at the new level before measuring), horizon =
 * warmup + window, and one `crash` fault taking the k hosts down from t = 0 to past the horizon. The k hosts are
 * the worst case for zonal capacity: hosts of the zone holding most of the service's hosts first (ties: zone
 * name), then the next zone, each zone's hosts in the service's order. With Envoy `random` balancing (the load
 * area's router) every host up receives the same rate, so which hosts go down only matters through the zones.
 * An autoscaled service starts scaled out for the peak: its `min_replicas` is raised to the replicas the HPA
 * settles on at the peak rate (src/load/static-stability.ts replicasAtRate), so the run measures the loss, not
 * a cold start; the HPA may still scale out further up to `max_replicas`. The scenario's own failures, faults
 * and latency spikes still apply.
 *
 * Analytic column: the N - k hosts up each receive lambda_peak / (N - k) requests/s (a random split of a
 * Poisson stream is Poisson) and serve them as an M/M/m queue with m = `capacity.concurrency`: Erlang C
 * (Kleinrock 1975, sec. 3.5; Gross, Shortle, Thompson & Harris 2008, sec. 2.3) for P(wait), the waiting-time
 * quantile t_q = ln(C / (1 - q)) / (m mu - lambda_h) and rho = lambda_h / (m mu). It is given only where the
 * service meets its assumptions (exponential service time, FCFS, no queue limit, no retries / hedging /
 * admission control / rate limit, no autoscaling; the circuit breakers, always present with Envoy's default
 * thresholds of 1024, are assumed not to trip). This differs from `planning.load`'s table, which
 * pools every instance into one M/M/c queue (a least-loaded balancer); the per-host split is what the simulated
 * router does. Times in seconds.
 */
import type { FaultSpec } from '../core/types.js';
import { NON_NEGATIVE, ratioEstimate, UNIT_INTERVAL, type Estimate } from '../results/estimators.js';
import { DEFAULT_LIMITS, guardedRun, type WorkLimits } from '../run/work-guard.js';
import { runScenario } from '../run/runner.js';
import type { Scenario } from '../scenario/types.js';
import { serviceLaw } from '../load/host-model.js';
import type { LoadServiceStats } from '../load/stats.js';
import type { LoadServiceSpec } from '../load/types.js';
import { replicasAtRate } from '../load/static-stability.js';
import { addWaitHistogram, emptyWaitHistogram, waitHistogramQuantile } from '../load/wait-histogram.js';
import { queueMeasures } from './erlang-nk.js';
import type { NkSimSpec } from './types.js';

/** The M/M/m closed form per host with k hosts down, or why it does not apply. */
export interface NkSimAnalytic {
  /** Requests per second each host up receives. */
  ratePerHost: number;
  utilisation: number | null;
  stable: boolean;
  probabilityOfWaiting: number | null;
  waitP99: number | null;
}

/** One service with k hosts down. */
export interface NkSimService {
  service: string;
  hosts: number;
  /** Host ids taken down (k or every host when the service has fewer). */
  down: string[];
  goodputRatio: Estimate;
  /** Tries that waited for a slot / tries started (exact mode; null in fluid mode). */
  probabilityOfWaiting: Estimate | null;
  /** Mean queueing delay of the tries started, s. */
  queueingDelay: Estimate;
  /** 99th percentile of the queueing delay over every try of every replication (exact mode; null in fluid mode), s. */
  waitP99: number | null;
  utilisation: Estimate;
  /** Tries ending in a client timeout / tries. */
  timeoutProbability: Estimate;
  /** Erlang C per host, or null with `analyticNote` saying why. */
  analytic: NkSimAnalytic | null;
  analyticNote: string | null;
}

/** One k. */
export interface NkSimRow {
  down: number;
  services: NkSimService[];
}

/** The simulated N-k table. */
export interface NkSimulation {
  /** The candidate simulated (its id), or null for the scenario as given. */
  candidate: string | null;
  window: number;
  warmup: number;
  replications: number;
  mode: 'exact' | 'fluid';
  rows: NkSimRow[];
}


const peakRate = (s: LoadServiceSpec): number => s.rate * (s.dailyProfile ? Math.max(...s.dailyProfile) : 1);

/** The service's hosts in loss order: the zone holding most of its hosts first (ties: zone name), then the next. */
export function lossOrder(s: LoadServiceSpec): string[] {
  const byZone = new Map<string, string[]>();
  s.hosts.forEach((h, i) => {
    const z = s.zones[i] ?? '';
    byZone.set(z, [...(byZone.get(z) ?? []), h]);
  });
  return [...byZone.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).flatMap(([, hs]) => hs);
}

/** The scenario of one k (see the module documentation), and the hosts down per service. */
export function nkScenario(sc: Scenario, k: number, window: number): { scenario: Scenario; down: Map<string, string[]> } {
  const load = sc.load;
  if (!load) throw new Error('the scenario has no load section');
  const warmup = window / 5;
  const horizon = warmup + window;
  const down = new Map<string, string[]>();
  const targets = new Set<string>();
  for (const s of load.services) {
    const d = lossOrder(s).slice(0, k);
    down.set(s.name, d);
    for (const h of d) targets.add(h);
  }
  const faults: FaultSpec[] =
    targets.size === 0
      ? []
      : [{ kind: 'crash', targets: [...targets], zone: null, schedule: { type: 'at', at: 0 }, duration: { kind: 'fixed', value: 2 * horizon }, source: { path: 'planning.n_minus_k_at_peak' } }];
  const services = load.services.map((s) => ({
    ...s,
    rate: peakRate(s),
    dailyProfile: null,
    // An HPA already scaled out for the peak: it starts at the replicas it settles on at the peak rate.
    autoscaling: s.autoscaling ? { ...s.autoscaling, minReplicas: replicasAtRate(s, peakRate(s)) } : null,
  }));
  return { scenario: { ...sc, warmup, horizon, load: { ...load, services }, faults: [...sc.faults, ...faults] }, down };
}

/** Erlang C per host with `down` hosts down, or the reason it does not apply. */
export function nkAnalytic(s: LoadServiceSpec, down: number): { analytic: NkSimAnalytic | null; note: string | null } {
  const why = [
    s.capacity.serviceTime.kind !== 'exponential' ? 'service time not exponential' : null,
    s.capacity.discipline !== 'fcfs' ? 'not FCFS' : null,
    s.capacity.queueLimit !== null ? 'queue limit' : null,
    s.retry.numRetries > 0 ? 'retries' : null,
    s.hedge || s.admission || s.rateLimit ? 'hedging, admission control or rate limit' : null,
    s.autoscaling ? 'autoscaling' : null,
  ].filter((x): x is string => x !== null);
  if (why.length > 0) return { analytic: null, note: `no closed form: ${why.join(', ')}` };
  const up = s.hosts.length - down;
  if (up < 1) return { analytic: null, note: 'every host down' };
  const ratePerHost = peakRate(s) / up;
  const m = queueMeasures(ratePerHost, 1 / serviceLaw(s.capacity.serviceTime).mean, s.capacity.concurrency, {});
  return { analytic: { ratePerHost, utilisation: m.utilisation, stable: m.stable, probabilityOfWaiting: m.probabilityOfWaiting, waitP99: m.waitP99 }, note: null };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The measures of one service over the replications of one k. */
function serviceRow(s: LoadServiceSpec, st: LoadServiceStats[], down: string[], exact: boolean): NkSimService {
  const col = (f: (x: LoadServiceStats) => number) => st.map(f);
  const started = col((x) => sum(x.series.waitCount));
  const hist = emptyWaitHistogram();
  for (const x of st) addWaitHistogram(hist, x.waitHistogram);
  const { analytic, note } = nkAnalytic(s, down.length);
  return {
    service: s.name,
    hosts: s.hosts.length,
    down,
    goodputRatio: ratioEstimate(col((x) => x.successes), col((x) => x.requests), UNIT_INTERVAL),
    probabilityOfWaiting: exact ? ratioEstimate(col((x) => x.waited), started, UNIT_INTERVAL) : null,
    queueingDelay: ratioEstimate(col((x) => sum(x.series.waitSum)), started, NON_NEGATIVE),
    waitP99: exact ? waitHistogramQuantile(hist, 0.99) : null,
    utilisation: ratioEstimate(col((x) => sum(x.series.busy)), col((x) => sum(x.series.capacity)), UNIT_INTERVAL),
    timeoutProbability: ratioEstimate(col((x) => x.outcomes.timeout), col((x) => x.tries), UNIT_INTERVAL),
    analytic,
    analyticNote: note,
  };
}

/**
 * Simulates k = 0..spec.maxDown hosts of every load service down at peak (k capped at the largest service's host
 * count: more cannot go down).
 * @param candidate id reported with the table (null: the scenario as given)
 * @param limits the work guard's limits for each run (src/run/work-guard.ts); `warn` receives its warnings
 * @returns null when the scenario has no load service
 * @throws InputError when a run's estimate is over a limit
 */
export function simulateNk(
  sc: Scenario,
  spec: NkSimSpec,
  seed: number | undefined,
  candidate: string | null,
  limits: WorkLimits = DEFAULT_LIMITS,
  warn: (w: string) => void = () => {},
): NkSimulation | null {
  const load = sc.load;
  if (!load || load.services.length === 0) return null;
  const rows: NkSimRow[] = [];
  let warmup = 0;
  // Beyond the largest service's host count every host is down: those rows would repeat the last one.
  const kMax = Math.min(spec.maxDown, Math.max(...load.services.map((s) => s.hosts.length)));
  for (let k = 0; k <= kMax; k++) {
    const built = nkScenario(sc, k, spec.window);
    warmup = built.scenario.warmup;
    const run = runScenario(guardedRun(built.scenario, limits, spec.replications, `plan: N-k at peak (k = ${k})`, warn), { seed, replications: spec.replications, timelineReplication: -1 });
    const reps = run.accumulator.replications();
    const services = load.services.map((s, i) =>
      serviceRow(
        s,
        reps.map((r) => r.load?.services[i]).filter((x): x is LoadServiceStats => x !== undefined),
        built.down.get(s.name) ?? [],
        load.mode === 'exact',
      ),
    );
    rows.push({ down: k, services });
  }
  return { candidate, window: spec.window, warmup, replications: spec.replications, mode: load.mode, rows };
}
