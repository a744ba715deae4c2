/**
 * The monthly cost of a configuration: infrastructure (instances x price), repair crews (members x price),
 * knob options (`search[].cost_per_month`), expected downtime (unavailability x minutes per month x price per
 * minute) and expected data loss (GB x price, once the scenario models data loss).
 *
 * Expected cost of downtime = (1 - A) x 43 800 min x price: the long-run fraction of time down times the
 * minutes of a month (1/12 of a 365-day year) - linearity of expectation over the month (Barlow & Proschan,
 * "Statistical Theory of Reliability and Life Testing" (1975), ch. 7: long-run availability as the
 * fraction of time up).
 */
import type { Scenario } from '../scenario/types.js';
import type { CostModel, SearchKnob } from './types.js';

/** Minutes in a month of 1/12 of a 365-day year. */
export const MINUTES_PER_MONTH = (365 * 24 * 60) / 12;

/** One line of a cost breakdown. */
export interface CostLine {
  item: string;
  quantity: number;
  unitPrice: number;
  amount: number;
}

/** Monthly cost of a configuration, in the cost model's currency. */
export interface CostBreakdown {
  /** Instances and crews (fixed monthly cost), with one line per priced component / crew / knob option. */
  fixed: number;
  lines: CostLine[];
  /** Expected downtime, minutes per month; null when the availability is unknown. */
  downtimeMinutes: number | null;
  downtime: number | null;
  /** Expected data lost per month, GB, and its cost: null while the scenario does not model data loss. */
  dataLossGb: number | null;
  dataLoss: number | null;
  /** fixed + downtime (+ data loss); null when the downtime cost is unknown. */
  total: number | null;
}

/** Components and crews of the scenario that have no price in the cost model (reported, cost 0). */
export function unpriced(scenario: Scenario, cost: CostModel): string[] {
  const comps = scenario.components.filter((c) => !Object.hasOwn(cost.instancePerMonth, c.name)).map((c) => `component ${c.name}`);
  const crews = scenario.crews.filter((c) => !Object.hasOwn(cost.crewMemberPerMonth, c.name)).map((c) => `crew ${c.name}`);
  return [...comps, ...crews];
}

/**
 * The monthly cost of a candidate.
 * @param scenario the candidate scenario (component counts and crew sizes are read from it).
 * @param cost the cost model.
 * @param knobs the search knobs and `choice`, the value index of each (for `cost_per_month`).
 * @param unavailability expected long-run unavailability (1 - A), or null when unknown.
 * @param dataLossGb expected GB of data lost per month (simulated, for scenarios that model data), or null.
 * @param billed instances billed per component where not its count (autoscaled components: billing.ts).
 */
export function monthlyCost(
  scenario: Scenario,
  cost: CostModel,
  knobs: readonly SearchKnob[],
  choice: readonly number[],
  unavailability: number | null,
  dataLossGb: number | null = null,
  billed: ReadonlyMap<string, number> = new Map(),
): CostBreakdown {
  const lines: CostLine[] = [];
  for (const c of scenario.components) {
    const price = cost.instancePerMonth[c.name];
    const n = billed.get(c.name);
    const quantity = n ?? c.count;
    if (price !== undefined) lines.push({ item: n === undefined ? `${c.name} instances` : `${c.name} instances (autoscaled: mean replicas)`, quantity, unitPrice: price, amount: quantity * price });
  }
  for (const c of scenario.crews) {
    const price = cost.crewMemberPerMonth[c.name];
    if (price !== undefined) lines.push({ item: `${c.name} crew members`, quantity: c.count, unitPrice: price, amount: c.count * price });
  }
  knobs.forEach((k, j) => {
    const extra = k.costPerMonth?.[choice[j]];
    if (extra !== undefined && extra !== 0) lines.push({ item: `${k.path} = ${JSON.stringify(k.values[choice[j]])}`, quantity: 1, unitPrice: extra, amount: extra });
  });
  const fixed = lines.reduce((s, l) => s + l.amount, 0);
  const downtimeMinutes = unavailability === null ? null : unavailability * MINUTES_PER_MONTH;
  const downtime = downtimeMinutes === null ? null : downtimeMinutes * cost.downtimePerMinute;
  const dataLoss = dataLossGb === null ? null : dataLossGb * cost.perGbLost;
  const total = downtime === null ? null : fixed + downtime + (dataLoss ?? 0);
  return { fixed, lines, downtimeMinutes, downtime, dataLossGb, dataLoss, total };
}
