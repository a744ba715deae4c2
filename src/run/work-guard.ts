/**
 * Work and memory guards: before simulating, estimate from the normalized scenario how many kernel events
 * the run will process and how much memory its results hold, and refuse (exit 2) a run that would take hours
 * or exhaust memory, naming the estimate, the limit and the flag that overrides it; warn with an estimated run
 * time when the run is large but feasible. Also flags Poisson rates that are almost certainly a unit mistake
 * (`rate: 1` is one per second). Limits and flags are listed in docs/limits.md.
 *
 * The estimate is a first-order expectation, not a bound: per instance, an alternating renewal process has
 * horizon / (MTTF + MTTR) cycles of 2 events (failure, repair end); a Poisson fault of rate r has r x horizon
 * occurrences of 2 events (start, end) plus one per target; backups have horizon / period runs of 2 events;
 * exact-mode traffic has one event per health-check probe and per request and try (fluid mode and stream
 * checkpoints are integrated analytically between state changes); the reliability area's planned work and
 * common-cause events as src/reliability/work.ts estimates them.
 */
import type { Scenario } from '../scenario/types.js';
import { DEFAULT_MAX_EVENTS, DEFAULT_MAX_MEMORY } from './guard-defaults.js';

import { formatDuration as formatSeconds, lawMean } from '../scenario/laws.js';
import { parseCron } from '../scenario/cron.js';
import { SECONDS_PER_DAY } from '../scenario/duration.js';
import type { DistributionSpec } from '../scenario/types.js';
import { InputError } from '../scenario/errors.js';
import { reliabilityEvents } from '../reliability/work.js';

/** Guard limits (command-line flags override them; docs/limits.md). */
export interface WorkLimits {
  /** Estimated kernel events over the whole run (`--max-events`). */
  maxEvents: number;
  /** Estimated memory held by the per-replication results (`--max-memory`), bytes. */
  maxMemory: number;
}

export { DEFAULT_MAX_EVENTS, DEFAULT_MAX_MEMORY };
/** A run estimated above this many seconds on one thread gets a warning with the estimate. */
export const WARN_SECONDS = 60;
/** Conservative kernel throughput used for time estimates, events per second per thread (npm run bench: 0.06-1 M/s). */
export const EVENTS_PER_SECOND = 5e5;
/** Fixed cost of one replication (model set-up, observers, results), seconds, for time estimates. */
const SECONDS_PER_REPLICATION = 2e-4;
/** A Poisson rate with more occurrences than this per replication triggers a "did you mean .../y?" warning. */
export const SUSPICIOUS_OCCURRENCES = 1e5;

export const DEFAULT_LIMITS: WorkLimits = { maxEvents: DEFAULT_MAX_EVENTS, maxMemory: DEFAULT_MAX_MEMORY };

/** The estimate of one run. */
export interface WorkEstimate {
  /** Expected kernel events in one replication. */
  eventsPerReplication: number;
  /** Expected kernel events over every planned replication. */
  events: number;
  /** Bytes of per-replication results held until the end of the run. */
  memory: number;
  /** Estimated single-thread run time, seconds. */
  seconds: number;
  /** Replications planned (the maximum with a precision target). */
  replications: number;
}

function safeMean(law: DistributionSpec | null): number | null {
  if (!law) return null;
  try {
    return lawMean(law);
  } catch {
    return Infinity;
  }
}

/** Expected occurrences of an activity with mean period `period` over `horizon`. */
const occurrences = (horizon: number, period: number) => (period > 0 ? horizon / period : period === 0 ? Infinity : 0);

/** Expected kernel events in one replication of `sc` (see the module comment). */
export function eventsPerReplication(sc: Scenario): number {
  const T = sc.horizon;
  let events = sc.instances.length + 1;
  const byName = new Map(sc.components.map((c) => [c.name, c]));
  for (const inst of sc.instances) {
    const c = byName.get(inst.component);
    const mttf = safeMean(c?.failure ?? null);
    if (mttf === null) continue;
    const mttr = safeMean(c?.repair ?? null);
    events += mttr === null ? 1 : 2 * occurrences(T, mttf + mttr);
  }
  const rate = (s: { type: string; rate?: number }) => (s.type === 'rate' ? (s.rate as number) * T : 1);
  for (const f of sc.faults) events += rate(f.schedule) * (2 + f.targets.length);
  const data = sc.data;
  if (data) {
    for (const b of data.backups) {
      if (b.schedule.type === 'every') events += 2 * occurrences(T, b.schedule.every);
      else {
        const c = parseCron(b.schedule.expression);
        // Upper bound: every listed minute of every day; plus the cursor's day-by-day walk (cheap, ~1/100 event a day).
        if (c.ok) events += 2 * c.value.minutes.length * c.value.hours.length * (T / SECONDS_PER_DAY) + T / SECONDS_PER_DAY / 100;
      }
    }
    // An archiver that fails and is repaired (continuous archiving): two events per cycle.
    for (const d of data.datastores) {
      const mttf = safeMean(d.archive?.failure ?? null);
      if (mttf !== null) events += 2 * occurrences(T, mttf + (safeMean(d.archive?.repair ?? null) ?? 0));
    }
    // Stream checkpoints are integrated analytically: a stream's events come with its instances' failures.
    for (const f of data.faults) events += 2 * rate(f.schedule);
  }
  const tr = sc.traffic;
  if (tr) {
    for (const f of tr.networkFaults) events += 2 * rate(f.schedule);
    for (const d of tr.deploys) events += 4 * rate(d.schedule);
    if (tr.mode === 'exact') {
      // Exact mode simulates every health-check probe and every request (fluid mode integrates both).
      for (const s of tr.services) {
        const hc = s.balancer.healthCheck;
        if (hc) events += s.hosts.length * occurrences(T, hc.interval);
      }
      const tries = 1 + Math.max(0, ...tr.services.map((s) => s.balancer.retry.numRetries));
      events += tr.rate * T * (1 + tr.services.length) * tries;
    }
  }
  const load = sc.load;
  if (load) {
    for (const sp of load.spikes) events += 2 * rate(sp.schedule);
    for (const s of load.services) {
      // Fluid load mode: one event per hour of a daily profile; exact mode: per try an arrival or retry event,
      // a completion and a timeout or success event (every retry taken: an upper bound).
      if (load.mode === 'fluid') events += s.dailyProfile ? T / 3600 : 0;
      else events += 3 * s.rate * (s.dailyProfile ? Math.max(...s.dailyProfile) : 1) * T * (1 + s.retry.numRetries);
    }
  }
  return events + reliabilityEvents(sc);
}

/** Bytes kept per replication until the end of the run (raw statistics for merging and distributions). */
export function bytesPerReplication(sc: Scenario): number {
  const services = sc.traffic?.services.length ?? 0;
  const stores = sc.data ? sc.data.datastores.length + sc.data.streams.length : 0;
  // Downtime attribution keeps three more numbers per instance (critical up / down, cut set down) and its causes.
  const attribution = sc.attribution ? 512 + 48 * sc.instances.length : 0;
  const load = sc.load ? sc.load.services.reduce((a, s) => a + 16 * s.hosts.length + (s.autoscaling ? 72 : 56) * Math.ceil((sc.horizon - sc.warmup) / (sc.load as { bucket: number }).bucket), 0) : 0;
  return 2048 + 16 * sc.instances.length + 512 * (services + stores) + attribution + load;
}

/** Estimates the work of running `sc` with `replications` (default: the scenario's plan). */
export function estimateWork(sc: Scenario, replications = sc.plan.replications): WorkEstimate {
  const perRep = eventsPerReplication(sc);
  const events = perRep * replications;
  return {
    eventsPerReplication: perRep,
    events,
    memory: bytesPerReplication(sc) * replications,
    seconds: events / EVENTS_PER_SECOND + replications * SECONDS_PER_REPLICATION * (1 + sc.instances.length / 10),
    replications,
  };
}

const fmt = (x: number) => (Number.isFinite(x) ? (x < 1e6 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3)) : 'infinitely many');
const fmtBytes = (b: number) => (!Number.isFinite(b) ? 'unbounded' : b >= 1024 ** 3 ? `${(b / 1024 ** 3).toPrecision(3)} GiB` : `${(b / 1024 ** 2).toPrecision(3)} MiB`);

/** Rates that are probably a unit mistake: more than SUSPICIOUS_OCCURRENCES per replication. */
export function suspiciousRates(sc: Scenario): string[] {
  const out: string[] = [];
  const check = (path: string, s: { type: string; rate?: number }) => {
    if (s.type !== 'rate') return;
    const n = (s.rate as number) * sc.horizon;
    if (!(n > SUSPICIOUS_OCCURRENCES)) return;
    const perSecond = s.rate as number;
    out.push(`${path}: rate ${Number(perSecond.toPrecision(3))}/s is ${fmt(n)} occurrences per replication (${formatSeconds(sc.horizon)}); did you mean ${Number(perSecond.toPrecision(3))}/y?`);
  };
  for (const f of sc.faults) check(`${f.source.path}.rate`, f.schedule);
  for (const f of sc.data?.faults ?? []) check(`${f.source.path}.rate`, f.schedule);
  for (const f of sc.traffic?.networkFaults ?? []) check(`${f.source.path}.rate`, f.schedule);
  for (const d of sc.traffic?.deploys ?? []) check(`${d.source.path}.rate`, d.schedule);
  return out;
}

/**
 * Checks a run against the limits before anything is simulated.
 * @param what what is about to run, for messages ("run", "compare: variant x", "plan: confirmation runs").
 * @returns warnings to print (large but feasible run, suspicious rates).
 * @throws InputError (exit 2) stating the estimate, the limit and the flag that overrides it.
 */
export function checkWork(sc: Scenario, limits: WorkLimits = DEFAULT_LIMITS, replications = sc.plan.replications, what = sc.file): string[] {
  const est = estimateWork(sc, replications);
  const rates = suspiciousRates(sc);
  const hint = rates.length ? `\n  ${rates.join('\n  ')}` : '';
  if (!(est.events <= limits.maxEvents)) {
    throw new InputError(
      `${what}: refusing to simulate about ${fmt(est.events)} events (${fmt(est.eventsPerReplication)} per replication x ${fmt(replications)} replications; ` +
        `roughly ${formatSeconds(est.seconds)} on one thread); the limit is ${fmt(limits.maxEvents)} (raise it with --max-events <n>, or shorten the horizon or the replications)${hint}`,
    );
  }
  if (!(est.memory <= limits.maxMemory)) {
    throw new InputError(
      `${what}: refusing to hold about ${fmtBytes(est.memory)} of per-replication results (${fmt(replications)} replications); ` +
        `the limit is ${fmtBytes(limits.maxMemory)} (raise it with --max-memory <size>, or use fewer replications or --target-half-width)`,
    );
  }
  const warnings = rates.map((r) => `warning: ${r}`);
  if (est.seconds > WARN_SECONDS) {
    warnings.push(`note: ${what}: about ${fmt(est.events)} events, roughly ${formatSeconds(est.seconds)} on one thread (worker threads divide that)`);
  }
  return warnings;
}

/** A replication may fire this many times its share of --max-events (max-events / replications). */
export const EVENT_BUDGET_FACTOR = 4;

/**
 * Most kernel events one replication may fire (`Scenario.plan.eventBudget`): EVENT_BUDGET_FACTOR x its share
 * of the run's limit. The estimate before the run cannot foresee every dynamic (outlier-detection ejection
 * cycles, retry storms), so a runaway replication stops with exit 2 instead of running for hours; the factor
 * leaves room for replications above the mean of a run the estimate admitted.
 * @param replications replications of the run (or shard), >= 1
 */
export function eventBudget(limits: WorkLimits, replications: number): number {
  return Math.ceil((EVENT_BUDGET_FACTOR * limits.maxEvents) / Math.max(1, replications));
}

/**
 * A run of `sc` checked against `limits` (checkWork; its warnings go to `warn`) and given the per-replication
 * event budget (eventBudget), on a copy: what every simulating command and plan run does before it starts.
 * @returns the scenario to run
 * @throws InputError when the estimate is over a limit
 */
export function guardedRun(sc: Scenario, limits: WorkLimits, replications: number, what: string = sc.file, warn: (w: string) => void = () => {}): Scenario {
  for (const w of checkWork(sc, limits, replications, what)) warn(w);
  return { ...sc, plan: { ...sc.plan, eventBudget: eventBudget(limits, replications) } };
}
