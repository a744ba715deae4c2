/**
 * Simulated vs closed-form rows of the reliability area: proof-tested units (exact formula when its
 * assumptions hold, IEC 61508-6 PFD_avg otherwise), 1oo2 pairs with a beta-factor common cause, age
 * replacement (Barlow & Proschan) and replaceable units. Each row lists the assumptions the scenario breaks.
 */
import type { ReplicationStats } from '../observe/replication-stats.js';
import { compareMetric, type Comparison } from '../results/comparison.js';
import { meanEstimate, UNIT_INTERVAL, type Estimate } from '../results/estimators.js';
import { lawMean } from '../scenario/laws.js';
import type { ComponentSpec, StructureNode } from '../core/types.js';
import type { Scenario } from '../scenario/types.js';
import {
  ageReplacementUnavailability,
  iec1oo1Pfd,
  iec1oo2Pfd,
  oneOutOfTwoBetaUnavailability,
  periodicTestUnavailability,
  replaceableUnitUnavailability,
} from './analytic.js';
import type { LatentSpec, ReliabilitySpec } from './types.js';

/** A row of the reliability section's closed-form table. */
export interface ClosedFormRow {
  metric: string;
  measured: Estimate;
  /** The exact closed form, or null when its assumptions do not hold. */
  exact: number | null;
  /** The approximation (IEC 61508-6 PFD_avg), or null when none applies. */
  approximation: number | null;
  source: string;
  violations: string[];
}

const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
const aligned = (t: number, T: number) => near(t / T, Math.round(t / T));

/** Mean over replications of the mean unavailability of the given instance indices. */
function instanceUnavailability(replications: ReplicationStats[], indices: number[]): Estimate {
  return meanEstimate(replications.map((r) => indices.reduce((s, i) => s + r.instanceDowntime[i], 0) / indices.length / r.window), UNIT_INTERVAL);
}

/** Reasons why the other parts of the scenario touch a component's instances (not in the closed forms). */
function otherInfluences(sc: Scenario, component: string, except: 'latent' | 'ccf' | 'age' | 'mru'): string[] {
  const r = sc.reliability as ReliabilitySpec;
  const ids = new Set(sc.instances.filter((i) => i.component === component).map((i) => i.id));
  const out: string[] = [];
  const touches = (list: string[]) => list.some((id) => ids.has(id));
  if (except !== 'ccf' && r.commonCause.some((g) => touches(g.instances))) out.push(`${component} is in a common-cause group`);
  if (except !== 'mru' && r.replaceableUnits.some((u) => touches(u.units.flat()))) out.push(`${component} is in a replaceable unit`);
  if (except !== 'age' && r.ageReplacement.some((a) => a.component === component)) out.push(`${component} is replaced by age`);
  if (except !== 'latent' && r.latent.some((l) => l.component === component)) out.push(`${component} has latent failures`);
  if (r.windows.some((w) => touches(w.instances)) || r.upgrades.some((u) => touches(u.batches.flat()))) out.push(`planned work holds ${component} down`);
  if (r.phases.length > 0) out.push('operating phases change the failure rates');
  if (sc.faults.some((f) => touches(f.targets))) out.push(`injected faults hit ${component}`);
  const comp = sc.components.find((c) => c.name === component) as ComponentSpec;
  if (comp.crew !== null) out.push(`${component} is repaired by a limited crew`);
  if (sc.traffic?.monitoring) out.push('repairs wait for detection and response (monitoring)');
  if (!sc.ageingWhileSystemDown) out.push('failure clocks stop while the system is down');
  return out;
}

/** Test-schedule assumptions of the exact formula (instant tests, whole intervals in the window). */
function testViolations(sc: Scenario, l: LatentSpec, count: number, simultaneous: boolean): string[] {
  const t = l.proofTest;
  if (!t) return ['no proof test'];
  const out: string[] = [];
  if (t.duration && lawMean(t.duration) > 0) out.push(t.offline ? 'proof tests take the unit out of service for a time' : 'proof tests take time (failures are found at their end)');
  if (t.coverage < 1) out.push(`imperfect proof tests (coverage ${t.coverage})`);
  if (t.stagger && count > 1 && simultaneous) out.push('staggered tests (the formula assumes simultaneous tests)');
  const offsets = Array.from({ length: count }, (_, j) => t.offset + (t.stagger ? (j * t.every) / count : 0));
  if (offsets.some((o) => !aligned(sc.warmup - o, t.every) || !aligned(sc.horizon - sc.warmup, t.every))) {
    out.push('the window [warmup, horizon] is not a whole number of test intervals starting at a test');
  }
  return out;
}

interface UnitRates {
  lambda: number;
  exponential: boolean;
  mttr: number;
}

function rates(sc: Scenario, component: string): UnitRates {
  const c = sc.components.find((x) => x.name === component) as ComponentSpec;
  return {
    lambda: c.failure ? 1 / lawMean(c.failure) : 0,
    exponential: c.failure?.kind === 'exponential',
    mttr: c.repair ? lawMean(c.repair) : 0,
  };
}

function latentRow(sc: Scenario, replications: ReplicationStats[], l: LatentSpec): ClosedFormRow {
  const indices = sc.instances.flatMap((x, i) => (x.component === l.component ? [i] : []));
  const u = rates(sc, l.component);
  const t = l.proofTest;
  const T1 = t ? t.every : Infinity;
  const testMean = t?.duration && t.offline ? lawMean(t.duration) : 0;
  const iec = {
    lambdaDU: (1 - l.coverage) * u.lambda, lambdaDD: l.coverage * u.lambda, T1, MRT: u.mttr, MTTR: u.mttr,
    PTC: t ? t.coverage : 0, T2: l.overhaul ?? Infinity,
  };
  const violations = [...testViolations(sc, l, indices.length, false), ...otherInfluences(sc, l.component, 'latent')];
  if (!u.exponential) violations.push('non-exponential failure law (the formulas use lambda = 1/MTTF)');
  if (u.mttr > 0) violations.push('repairs take time (MRT = MTTR > 0): first-order IEC approximation');
  const exact = violations.length === 0 ? periodicTestUnavailability(iec.lambdaDU, T1) : null;
  const approximation = Number.isFinite(T1) || l.overhaul !== null ? iec1oo1Pfd(iec) + testMean / T1 : null;
  return {
    metric: `unavailability(${l.component}) [proof-tested]`,
    measured: instanceUnavailability(replications, indices),
    exact, approximation,
    source: exact !== null ? 'Rausand & Høyland (2004) sec. 10.3' : 'IEC 61508-6:2010 B.3.2.2.1 (+ B.3.2.5 for PTC < 1)',
    violations,
  };
}

/** The pair's instance ids when the system is a 1oo2 (parallel or 1-of-2) of two leaves, else null. */
function oneOutOfTwo(node: StructureNode): [string, string] | null {
  const pair = node.type === 'parallel' || (node.type === 'k_of_n' && node.k === 1) ? node.children : null;
  if (!pair || pair.length !== 2 || pair.some((c) => c.type !== 'component')) return null;
  return pair.map((c) => (c as { instance: string }).instance) as [string, string];
}

function pairRow(sc: Scenario, replications: ReplicationStats[]): ClosedFormRow | null {
  const r = sc.reliability as ReliabilitySpec;
  const pair = oneOutOfTwo(sc.system);
  if (!pair) return null;
  const group = r.commonCause.find((g) => g.instances.length === 2 && pair.every((id) => g.instances.includes(id)));
  const comp = sc.instances.find((i) => i.id === pair[0])?.component as string;
  const l = r.latent.find((x) => x.component === comp);
  if (!group || !l || sc.instances.find((i) => i.id === pair[1])?.component !== comp) return null;
  const u = rates(sc, comp);
  const T1 = l.proofTest ? l.proofTest.every : Infinity;
  const violations = [...testViolations(sc, l, 2, true), ...otherInfluences(sc, comp, 'ccf').filter((v) => !v.includes('latent'))];
  if (!u.exponential) violations.push('non-exponential failure law (the formulas use lambda = 1/MTTF)');
  if (u.mttr > 0) violations.push('repairs take time (MRT = MTTR > 0): first-order IEC approximation');
  if (l.coverage > 0) violations.push(`diagnostic coverage ${l.coverage} > 0 (the exact form has every failure latent)`);
  if (group.gamma !== 1 || group.delta !== 1) violations.push('MGL parameters beyond beta (irrelevant for a pair)');
  const iec = { lambdaDU: (1 - l.coverage) * u.lambda, lambdaDD: l.coverage * u.lambda, T1, MRT: u.mttr, MTTR: u.mttr, beta: group.beta };
  return {
    metric: 'pfd_avg(system) [1oo2, beta-factor]',
    measured: meanEstimate(replications.map((x) => x.downtime / x.window), UNIT_INTERVAL),
    exact: violations.filter((v) => !v.startsWith('MGL')).length === 0 ? oneOutOfTwoBetaUnavailability(u.lambda, group.beta, T1) : null,
    approximation: Number.isFinite(T1) ? iec1oo2Pfd(iec) : null,
    source: 'Rausand & Høyland (2004) sec. 10.3 (exact); IEC 61508-6:2010 B.3.2.2.2 (approximation)',
    violations,
  };
}

function ageRows(sc: Scenario, replications: ReplicationStats[]): ClosedFormRow[] {
  const r = sc.reliability as ReliabilitySpec;
  return r.ageReplacement.map((a) => {
    const c = sc.components.find((x) => x.name === a.component) as ComponentSpec;
    const indices = sc.instances.flatMap((x, i) => (x.component === a.component ? [i] : []));
    const value = c.failure ? ageReplacementUnavailability(c.failure, a.age, rates(sc, a.component).mttr, lawMean(a.duration)) : null;
    const violations = otherInfluences(sc, a.component, 'age');
    // A steady-state (renewal-reward) value: the window must hold many replacement cycles (each at most age + MPM).
    const cycles = (sc.horizon - sc.warmup) / (a.age + lawMean(a.duration));
    if (cycles < 10) violations.push(`steady-state formula, but the window holds at most ${cycles.toFixed(1)} replacement cycles (fewer than 10)`);
    return {
      metric: `unavailability(${a.component}) [age replacement]`,
      measured: instanceUnavailability(replications, indices),
      exact: value, approximation: null, source: 'Barlow & Proschan (1965) ch. 4 sec. 2',
      violations,
    };
  });
}

function unitRows(sc: Scenario, replications: ReplicationStats[]): ClosedFormRow[] {
  const r = sc.reliability as ReliabilitySpec;
  return r.replaceableUnits.map((u) => {
    const ids = new Set(u.units.flat());
    const indices = sc.instances.flatMap((x, i) => (ids.has(x.id) ? [i] : []));
    const comps = [...new Set(indices.map((i) => sc.instances[i].component))];
    const violations = comps.flatMap((c) => otherInfluences(sc, c, 'mru'));
    const perUnit = u.units[0].map((id) => rates(sc, sc.instances.find((x) => x.id === id)?.component as string));
    if (perUnit.some((x) => !x.exponential)) violations.push('non-exponential failure laws (the formula needs memoryless members)');
    const lambda = perUnit.reduce((s, x) => s + x.lambda, 0);
    const mean = u.replacement ? lawMean(u.replacement) : null;
    if (mean === null) violations.push('replacement takes the failed member\'s own repair law (the formula uses one replacement law)');
    return {
      metric: `unavailability(${u.name}) [replaceable unit]`,
      measured: instanceUnavailability(replications, indices),
      exact: mean !== null ? replaceableUnitUnavailability(lambda, mean) : null,
      approximation: null, source: 'renewal-reward (Ross 1996, Th. 3.6.1)', violations,
    };
  });
}

/**
 * The closed-form rows of a scenario's reliability section. A family of rows whose laws have no finite mean
 * (lawMean throws RangeError) is left out and reported through `unavailable`.
 */
export function closedFormRows(sc: Scenario, replications: ReplicationStats[], unavailable?: { analysis: string; reason: string }[]): ClosedFormRow[] {
  const r = sc.reliability as ReliabilitySpec;
  const safe = <T>(analysis: string, f: () => T[]): T[] => {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      unavailable?.push({ analysis, reason: e.message });
      return [];
    }
  };
  return [
    ...safe('reliability: proof-tested units', () => r.latent.map((l) => latentRow(sc, replications, l))),
    ...safe('reliability: 1oo2 pair with common cause', () => {
      const pair = pairRow(sc, replications);
      return pair ? [pair] : [];
    }),
    ...safe('reliability: age replacement', () => ageRows(sc, replications)),
    ...safe('reliability: replaceable units', () => unitRows(sc, replications)),
  ];
}

/**
 * The rows as simulated-vs-analytic comparisons (joining the report's Holm family): the exact value when its
 * assumptions hold, else the approximation with the broken assumptions listed.
 */
export function reliabilityComparisons(rows: ClosedFormRow[]): Comparison[] {
  return rows.flatMap((row) => {
    const value = row.exact ?? row.approximation;
    if (value === null) return [];
    return [compareMetric(row.metric, 'probability', row.measured, value, row.violations)];
  });
}
