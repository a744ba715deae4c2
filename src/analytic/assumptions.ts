/**
 * What a scenario implies for the analytic methods: per-instance means and rates, limited crews, faults,
 * and the precise wording of every assumption a method needs and every way the scenario breaks one.
 * Units: seconds, rates per second.
 */
import type { Scenario } from '../scenario/types.js';
import type { ComponentSpec, CrewSpec, FaultSpec } from '../core/types.js';
import { describeLaw, formatDuration, isExponential, lawMean } from '../scenario/laws.js';

/** Means and rates of one instance. */
export interface InstanceInfo {
  id: string;
  component: ComponentSpec;
  /** Mean time to failure, s (Infinity when the component never fails). */
  mttf: number;
  /** Mean repair time, s (null when never repaired). */
  mttr: number | null;
  /** 1/MTTF (0 when it never fails). */
  lambda: number;
  /** 1/MTTR (0 when never repaired). */
  mu: number;
  /** Failure and repair laws both exponential (or absent). */
  exponential: boolean;
  /** Can fail and is never repaired. */
  unrepairable: boolean;
}

/**
 * Means and rates of every instance, by id.
 * @throws Error when an instance names an unknown component; RangeError on a law without a finite mean
 *   or a zero mean time to failure.
 */
export function instanceInfo(scenario: Scenario): Map<string, InstanceInfo> {
  const comps = new Map(scenario.components.map((c) => [c.name, c]));
  const out = new Map<string, InstanceInfo>();
  for (const inst of scenario.instances) {
    const c = comps.get(inst.component);
    if (!c) throw new Error(`instance ${inst.id} refers to unknown component ${inst.component}`);
    const mttf = c.failure ? lawMean(c.failure) : Infinity;
    if (!(mttf > 0)) throw new RangeError(`component ${c.name}: mean time to failure must be positive`);
    const mttr = c.repair ? lawMean(c.repair) : null;
    out.set(inst.id, {
      id: inst.id,
      component: c,
      mttf,
      mttr,
      lambda: Number.isFinite(mttf) ? 1 / mttf : 0,
      mu: mttr === null ? 0 : mttr > 0 ? 1 / mttr : Infinity,
      exponential: isExponential(c.failure) && isExponential(c.repair),
      unrepairable: c.failure !== null && c.repair === null,
    });
  }
  return out;
}

/** Crews with fewer repairers than repairable members that can fail (others behave as independent repair). */
export function limitedCrews(scenario: Scenario): Array<CrewSpec & { members: number }> {
  const comps = new Map(scenario.components.map((c) => [c.name, c]));
  return scenario.crews
    .map((crew) => ({
      ...crew,
      members: scenario.instances.filter((i) => {
        const c = comps.get(i.component);
        return c?.crew === crew.name && c.failure !== null && c.repair !== null;
      }).length,
    }))
    .filter((c) => c.members > c.count);
}

/** One sentence per non-exponential law among the given components. */
export function nonExponentialLaws(components: readonly ComponentSpec[]): string[] {
  const out: string[] = [];
  for (const c of components) {
    for (const [what, law] of [['failure', c.failure], ['repair', c.repair]] as const) {
      if (law && !isExponential(law)) {
        out.push(`non-exponential ${what} law on component ${c.name}: ${describeLaw(law)} (mean ${formatDuration(lawMean(law))})`);
      }
    }
  }
  return out;
}

/** Faults happening once at a fixed time. */
export function scheduledFaults(scenario: Scenario): FaultSpec[] {
  return scenario.faults.filter((f) => f.schedule.type === 'at');
}

/** Faults arriving as a Poisson process. */
export function rateFaults(scenario: Scenario): FaultSpec[] {
  return scenario.faults.filter((f) => f.schedule.type === 'rate');
}

/** Violation for faults at fixed times (a steady-state formula ignores them), or null. */
export function scheduledFaultViolation(scenario: Scenario): string | null {
  const at = scheduledFaults(scenario);
  if (at.length === 0) return null;
  const list = at.map((f) => {
    const what = f.kind === 'zone-outage' ? `zone ${f.zone}` : f.targets.join(', ');
    const when = f.schedule.type === 'at' ? formatDuration(f.schedule.at) : '';
    return `${f.kind} of ${what} at ${when} for ${describeDuration(f)}`;
  });
  const kinds = [...new Set(at.map((f) => f.kind))].join('/');
  return `scheduled faults present: ${at.length} ${kinds} fault${at.length > 1 ? 's' : ''} (${list.join('; ')}) add downtime the formula ignores`;
}

/**
 * On/off model of a fault with Poisson arrivals (rate r) and durations of mean d, whose occurrences may
 * overlap: the target is held down while at least one occurrence is active, i.e. during the busy periods
 * of an M/G/infinity queue. Idle periods are exactly exponential with rate r; busy periods have mean
 * (e^{r d} - 1)/r for any duration law. Modelling the busy period as exponential with that mean keeps the
 * exact probability of being held down, 1 - e^{-r d}, and the exact outage frequency r e^{-r d}.
 * Source: S. M. Ross, "Stochastic Processes", 2nd ed. (1996), M/G/infinity queue (Poisson occupancy);
 * L. Takács, "Introduction to the Theory of Queues" (1962), busy period of M/G/infinity.
 * @param rate arrivals per second (> 0); @param meanDuration s (> 0)
 */
export function faultOnOff(rate: number, meanDuration: number): { on: number; off: number; pActive: number; pInactive: number } {
  const x = rate * meanDuration;
  return { on: rate, off: rate / Math.expm1(x), pActive: -Math.expm1(-x), pInactive: Math.exp(-x) };
}

/** Violation text for rate faults modelled approximately. */
export function rateFaultViolation(scenario: Scenario): string | null {
  const rf = rateFaults(scenario);
  if (rf.length === 0) return null;
  const list = rf.map((f) => {
    const what = f.kind === 'zone-outage' ? `zone ${f.zone}` : f.targets.join(', ');
    const rate = f.schedule.type === 'rate' ? `1/${formatDuration(1 / f.schedule.rate)}` : '';
    return `${f.kind} of ${what} at rate ${rate} for ${describeDuration(f)}`;
  });
  return (
    `${rf.length} fault${rf.length > 1 ? 's' : ''} with a rate (${list.join('; ')}) modelled approximately as independent on/off ` +
    `processes (exact probability of being active 1 - e^(-r d) and outage frequency, but exponential busy periods; ` +
    `targets' ageing stopped during a fault ignored where components are treated as independent)`
  );
}

function formatCount(x: number): string {
  return x >= 10 ? x.toFixed(0) : x.toPrecision(2);
}

function describeDuration(f: FaultSpec): string {
  return f.duration.kind === 'fixed' ? formatDuration(f.duration.value) : describeLaw(f.duration);
}

/** The ageing assumption in words. */
/**
 * What the component-availability model assumes about injected faults when the core declares none
 * (`scenario.faults` empty; core faults are handled by the rate/scheduled-fault rules above): "no injected
 * faults", or, when areas declare theirs (`scenario.areaFaults`, from ModelArea.injectedFaults), that none
 * fails a component here and which ones lie outside this model. Null when the core declares faults.
 */
export function injectedFaultsAssumption(scenario: Scenario): string | null {
  if (scenario.faults.length > 0) return null;
  const areas = scenario.areaFaults ?? [];
  if (areas.length === 0) return 'no injected faults';
  const list = areas.map((a) => `${a.kinds.join(', ')} (${a.area})`).join('; ');
  return `no injected crash or zone-outage faults; the scenario's other injected faults, ${list}, act on their area and are not part of this model of component availability`;
}

export function ageingAssumption(scenario: Scenario): string {
  return scenario.ageingWhileSystemDown
    ? 'components keep ageing (can fail) while the system is down'
    : 'no failures while the system is down (every failure clock frozen)';
}

/** The steady-state assumption, with the slowest time constant when known. */
export function steadyStateAssumption(tau: number | null): string {
  return tau === null
    ? 'steady state (horizon >> 1/(lambda+mu))'
    : `steady state (horizon >> 1/(lambda+mu); slowest component time constant ${formatDuration(tau)})`;
}

/**
 * Instances whose up/down cycle has a lattice (here: deterministic) law: a fixed failure law and a fixed
 * repair law (or none). Such units never forget their start: A(t) is periodic and has no limit, and units
 * started together stay in phase.
 */
export function latticeInstances(infos: readonly InstanceInfo[]): InstanceInfo[] {
  return infos.filter((i) => i.component.failure?.kind === 'fixed' && (i.component.repair === null || i.component.repair.kind === 'fixed'));
}

/**
 * Violation for units with lattice (fixed) laws, or null. The steady-state values of a unit come from
 * the renewal theorems: the time average converges for any law (renewal-reward), but A(t) converges only
 * for non-lattice cycle laws (Blackwell's / the key renewal theorem); and the structure function over
 * per-unit availabilities needs the units' states at a random time to be independent, which fails when
 * deterministic units start together (they stay in phase: five fixed units of availability 0.9 in series
 * are up 90% of the time, not 0.9^5 = 59%).
 * Source: Ross, "Stochastic Processes", 2nd ed. (1996), ch. 3 (renewal-reward, key renewal theorem,
 * lattice case); Barlow & Proschan (1975), ch. 7 (independence of the alternating renewal processes).
 */
export function latticeViolation(infos: readonly InstanceInfo[]): string | null {
  const lat = latticeInstances(infos);
  if (lat.length === 0) return null;
  const cycle = (i: InstanceInfo) => `${formatDuration(i.mttf)} up, ${i.mttr === null ? 'never repaired' : `${formatDuration(i.mttr)} down`}`;
  const list = lat.map((i) => `${i.id} (${cycle(i)})`).join(', ');
  const periodic = 'A(t) is periodic and has no limit, and a time average over the horizon depends on where the last cycle is cut';
  if (lat.length === 1) return `fixed (lattice) failure and repair laws on ${list}: ${periodic}`;
  return (
    `units with fixed (lattice) laws started together stay in phase (${list}): the independence (mixing) assumption ` +
    `fails, so values combining the units' availabilities are not steady-state values of this system; ${periodic}`
  );
}

/**
 * The slowest time constant 1/(lambda + mu) over the given instances (switchovers and fault durations
 * included), s; a heuristic for how long the start-up transient lasts. Null when nothing fails.
 */
export function slowestTimeConstant(infos: readonly InstanceInfo[], scenario: Scenario): number | null {
  let tau = 0;
  for (const i of infos) {
    const s = i.lambda + (Number.isFinite(i.mu) ? i.mu : 0);
    if (i.lambda > 0 && s > 0) tau = Math.max(tau, 1 / s);
  }
  for (const f of rateFaults(scenario)) {
    const d = lawMean(f.duration);
    if (f.schedule.type === 'rate') {
      const m = faultOnOff(f.schedule.rate, d);
      tau = Math.max(tau, 1 / (m.on + m.off));
    }
  }
  return tau > 0 ? tau : null;
}

/**
 * Violation when the statistics window is too short for steady-state values to describe a time average
 * starting all-up: quantified with the interval availability when known (relative difference of the
 * unavailability above 1%), else when the window is below 100 time constants.
 */
export function horizonViolation(
  scenario: Scenario,
  availability: number | null,
  unavailability: number | null,
  interval: number | null,
  tau: number | null,
): string | null {
  const from = scenario.warmup;
  const to = scenario.horizon;
  const window = `horizon ${formatDuration(to)}${from > 0 ? ` (after ${formatDuration(from)} warmup)` : ''}`;
  const constants = tau === null ? '' : `${formatCount((to - from) / tau)} slowest time constants 1/(lambda+mu) = ${formatDuration(tau)}`;
  const spans = tau === null ? '' : ` (${constants})`;
  if (availability !== null && unavailability !== null && interval !== null) {
    const diff = Math.abs(1 - interval - unavailability);
    if (diff > 0.01 * unavailability && diff > 1e-12) {
      const rel = unavailability > 0 ? ` (${((diff / unavailability) * 100).toPrecision(2)}% of the unavailability)` : '';
      return (
        `start-up transient: over ${window}${spans}, the mean availability starting all-up is ${interval.toFixed(6)}, not the ` +
        `steady-state ${availability.toFixed(6)}${rel}; the simulated availability is compared with the interval value, ` +
        `the steady-state MTBF, MUT and MDT keep this bias`
      );
    }
    return null;
  }
  if (availability !== null && tau !== null && to - from < 100 * tau) {
    return (
      `start-up transient: ${window} spans only ${constants}: time averages starting all-up are ` +
      `biased towards up by about tau/horizon = ${((tau / (to - from)) * 100).toPrecision(2)}% of the unavailability`
    );
  }
  return null;
}
