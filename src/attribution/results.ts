/**
 * The `attribution` section of results.json (docs/attribution.md, docs/results-format.md), a pure function of
 * the replications in replication order (shards merge exactly). Shares are ratio estimators over replications
 * (sum of a part / sum of the whole, delta-method 95% CI: results/estimators.ts ratioEstimate).
 */
import type { ReplicationStats } from '../observe/replication-stats.js';
import { meanEstimate, NON_NEGATIVE, ratioEstimate, UNIT_INTERVAL, type Estimate } from '../results/estimators.js';
import { SECONDS_PER_YEAR } from '../scenario/duration.js';
import type { Scenario } from '../scenario/types.js';
import { analyzeAttribution, CutSetLimitError, type AttributionAnalytic } from './analytic.js';
import { causeOfKey, type Cause } from './causes.js';
import type { CutSetContribution, EventImportance } from './importance.js';
import type { AttributionReplicationStats } from './stats.js';
import type { AttributionSpec } from './types.js';

/** Outages and downtime of one group of causes (a cause, a component, a fault kind or a zone). */
export interface ShareRow {
  name: string;
  /** Outages started inside the window, over every replication. */
  outages: number;
  outageShare: Estimate;
  downtimeShare: Estimate;
  /** System downtime per year of the outages this group started, seconds per year. */
  downtimePerYear: Estimate;
}

/** Simulated importance of an instance (down for any reason), next to the analytic value of its own failures. */
export interface InstanceImportance {
  instance: string;
  component: string;
  simulated: {
    birnbaum: Estimate;
    criticality: Estimate;
    fussellVesely: Estimate | null;
    raw: Estimate;
    rrw: Estimate;
    /** BlockSim RS FCI: share of system outages its own failure started. */
    failureCriticality: Estimate;
    /** BlockSim RS DECI: share of system outages any of its downing events (failure or fault) started. */
    downingEventCriticality: Estimate;
    /** Share of system downtime during which it was down and critical ("holding the system down"). */
    heldDownShare: Estimate;
    /** Share of system outages ended by it coming back up. */
    restoredShare: Estimate;
  };
  analytic: EventImportance | null;
}

export interface AttributionResults {
  outages: number;
  causes: (ShareRow & Cause)[];
  byComponent: ShareRow[];
  byKind: ShareRow[];
  byZone: ShareRow[];
  /** Share of system downtime while the static structure was up (switchovers of standby blocks). */
  switchoverDowntimeShare: Estimate;
  /** Share of outages ended by a switchover completing (no instance coming back at that instant). */
  switchoverRestoredShare: Estimate;
  importance: InstanceImportance[];
  /** Analytic importance of fault events (faults with a rate, as virtual on/off components). */
  faultImportance: EventImportance[];
  cutSets: {
    maxOrder: number;
    /** Cut sets enumerated (null when refused: see `refused`). */
    count: number | null;
    truncated: boolean;
    refused: string | null;
    /** Exact analytic unavailability of the static structure with independent events, or null. */
    unavailability: number | null;
    /** Rare-event approximation sum over cut sets of prod q. */
    rareEvent: number | null;
    /** The 50 cut sets with the largest probability, largest first. */
    top: CutSetContribution[];
  };
  notes: string[];
  source: string;
}

declare module '../results/document.js' {
  interface ResultsDocument {
    /** Downtime attribution, criticality, cut sets and importance measures; absent unless the scenario asks. */
    attribution?: AttributionResults;
  }
}

const SOURCE =
  'Rausand & Høyland, "System Reliability Theory", 2nd ed. (2004), ch. 5 (importance measures) and sec. 3.6 (minimal cut sets, MOCUS); ' +
  'ReliaSoft BlockSim documentation, "Block Details" (RS FCI, RS DECI)';

type Rep = ReplicationStats & { attribution: AttributionReplicationStats };

function groupRows(reps: Rep[], groups: Map<string, string[]>, windowYears: number[]): ShareRow[] {
  const outages = reps.map((r) => Object.values(r.attribution.causes).reduce((s, c) => s + c[0], 0));
  const downtime = reps.map((r) => Object.values(r.attribution.causes).reduce((s, c) => s + c[1], 0));
  const rows: ShareRow[] = [];
  for (const [name, keys] of groups) {
    const o = reps.map((r) => keys.reduce((s, k) => s + (r.attribution.causes[k]?.[0] ?? 0), 0));
    const d = reps.map((r) => keys.reduce((s, k) => s + (r.attribution.causes[k]?.[1] ?? 0), 0));
    rows.push({
      name,
      outages: o.reduce((s, x) => s + x, 0),
      outageShare: ratioEstimate(o, outages, UNIT_INTERVAL),
      downtimeShare: ratioEstimate(d, downtime, UNIT_INTERVAL),
      downtimePerYear: meanEstimate(d.map((x, i) => x / windowYears[i]), NON_NEGATIVE),
    });
  }
  return rows.sort((a, b) => (b.downtimeShare.estimate ?? 0) - (a.downtimeShare.estimate ?? 0) || b.outages - a.outages || a.name.localeCompare(b.name));
}

function grouped(keys: string[], by: (k: string) => string | null): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const k of keys) {
    const g = by(k);
    if (g === null) continue;
    m.set(g, [...(m.get(g) ?? []), k]);
  }
  return m;
}

function shareRows(scenario: Scenario, reps: Rep[]) {
  const keys = [...new Set(reps.flatMap((r) => Object.keys(r.attribution.causes)))].sort();
  const causes = new Map(keys.map((k) => [k, causeOfKey(scenario, k)]));
  const years = reps.map((r) => r.window / SECONDS_PER_YEAR);
  const byCause = groupRows(reps, grouped(keys, (k) => causes.get(k)!.label), years).map((row) => ({
    ...row,
    ...[...causes.values()].find((c) => c.label === row.name)!,
  }));
  return {
    causes: byCause,
    byComponent: groupRows(reps, grouped(keys, (k) => causes.get(k)!.component), years),
    byKind: groupRows(reps, grouped(keys, (k) => causes.get(k)!.kind), years),
    byZone: groupRows(reps, grouped(keys, (k) => causes.get(k)!.zone), years),
  };
}

function instanceImportance(scenario: Scenario, reps: Rep[], analytic: AttributionAnalytic | null): InstanceImportance[] {
  const members = new Set(reps[0]?.attribution.criticalUp.map((_, i) => i));
  const outages = reps.map((r) => Object.values(r.attribution.causes).reduce((s, c) => s + c[0], 0));
  const restores = reps.map((r) => Object.values(r.attribution.restored).reduce((s, c) => s + c, 0));
  const S = reps.map((r) => r.attribution.staticDowntime);
  const W = reps.map((r) => r.window);
  const byEvent = new Map((analytic?.importance?.events ?? []).map((e) => [e.event, e]));
  const inStructure = new Set(analytic ? analytic.cutSets.events : scenario.instances.map((x) => x.id));
  const out: InstanceImportance[] = [];
  scenario.instances.forEach((inst, i) => {
    if (!members.has(i) || !inStructure.has(inst.id)) return;
    const up = reps.map((r) => r.attribution.criticalUp[i]);
    const down = reps.map((r) => r.attribution.criticalDown[i]);
    const started = (own: boolean) => reps.map((r) => Object.entries(r.attribution.causes).reduce((s, [k, c]) => (k.startsWith(`${i}:`) && (!own || k === `${i}:f`) ? s + c[0] : s), 0));
    const cutDown = reps[0]?.attribution.cutSetDown ? reps.map((r) => (r.attribution.cutSetDown as number[])[i]) : null;
    out.push({
      instance: inst.id,
      component: inst.component,
      simulated: {
        birnbaum: ratioEstimate(up.map((x, r) => x + down[r]), W, UNIT_INTERVAL),
        criticality: ratioEstimate(down, S, UNIT_INTERVAL),
        fussellVesely: cutDown ? ratioEstimate(cutDown, S, UNIT_INTERVAL) : null,
        raw: ratioEstimate(S.map((s, r) => s + up[r]), S, [1, Infinity]),
        rrw: ratioEstimate(S, S.map((s, r) => s - down[r]), [1, Infinity]),
        failureCriticality: ratioEstimate(started(true), outages, UNIT_INTERVAL),
        downingEventCriticality: ratioEstimate(started(false), outages, UNIT_INTERVAL),
        heldDownShare: ratioEstimate(down, reps.map((r) => r.downtime), UNIT_INTERVAL),
        restoredShare: ratioEstimate(reps.map((r) => r.attribution.restored[String(i)] ?? 0), restores, UNIT_INTERVAL),
      },
      analytic: byEvent.get(inst.id) ?? null,
    });
  });
  return out;
}

function analyticPart(scenario: Scenario, spec: AttributionSpec): { analytic: AttributionAnalytic | null; refused: string | null } {
  try {
    return { analytic: analyzeAttribution(scenario, spec), refused: null };
  } catch (e) {
    if (e instanceof CutSetLimitError) return { analytic: null, refused: e.message };
    throw e;
  }
}

/** The attribution section, or null when the scenario does not ask for it. */
export function buildAttributionResults(scenario: Scenario, replications: ReplicationStats[]): AttributionResults | null {
  const spec = scenario.attribution;
  if (!spec) return null;
  const reps = replications.filter((r): r is Rep => r.attribution !== undefined);
  const { analytic, refused } = analyticPart(scenario, spec);
  const imp = analytic?.importance ?? null;
  const D = reps.map((r) => r.downtime);
  const notes = [...(analytic?.notes ?? [])];
  if (scenario.faults.length > 0) notes.push('simulated measures count an instance down for any reason (its failures and the faults hitting it); the analytic ones take its own failures and each fault with a rate as separate events');
  const instanceIds = new Set(scenario.instances.map((x) => x.id));
  const staticShare = ratioEstimate(reps.map((r) => r.attribution.staticDowntime), D, UNIT_INTERVAL).estimate;
  if (staticShare !== null && staticShare < 0.999) {
    notes.push(
      `the simulated importance measures are relative to the downtime of the static structure (standby blocks as their units in parallel), ` +
        `${(staticShare * 100).toPrecision(3)}% of the system downtime here; the rest (switchovers, failed switches) is attributed to the switchover cause`,
    );
  }
  return {
    outages: reps.reduce((s, r) => s + Object.values(r.attribution.causes).reduce((t, c) => t + c[0], 0), 0),
    ...shareRows(scenario, reps),
    switchoverDowntimeShare: ratioEstimate(reps.map((r) => Math.max(0, r.downtime - r.attribution.staticDowntime)), D, UNIT_INTERVAL),
    switchoverRestoredShare: ratioEstimate(
      reps.map((r) => r.attribution.restored.s ?? 0),
      reps.map((r) => Object.values(r.attribution.restored).reduce((t, c) => t + c, 0)),
      UNIT_INTERVAL,
    ),
    importance: instanceImportance(scenario, reps, analytic),
    faultImportance: (imp?.events ?? []).filter((e) => !instanceIds.has(e.event)),
    cutSets: {
      maxOrder: spec.maxCutSetOrder,
      count: analytic ? analytic.cutSets.cutSets.length : null,
      truncated: analytic?.cutSets.truncated ?? false,
      refused,
      unavailability: imp?.unavailability ?? null,
      rareEvent: imp?.rareEvent ?? null,
      top: (imp?.cutSets ?? []).slice().sort((a, b) => b.probability - a.probability || a.events.length - b.events.length).slice(0, 50),
    },
    notes,
    source: SOURCE,
  };
}
