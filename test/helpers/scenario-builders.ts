/**
 * Small builders for in-memory `Scenario` objects in tests (no YAML loader involved).
 * Times are in seconds; `H` is one hour.
 */
import type { DistributionSpec, Scenario } from '../../src/scenario/types.js';
import type { ComponentSpec, FaultSpec, InstanceSpec, StandbyMode, StructureNode } from '../../src/core/types.js';

export const H = 3600;
export const YEAR = 365 * 86400;

/** Exponential law with the given mean (s). */
export const exp = (mean: number): DistributionSpec => ({ kind: 'exponential', mean });

export interface ComponentOptions {
  count?: number;
  /** Failure law, or a mean for an exponential law; null = never fails. */
  failure?: DistributionSpec | number | null;
  /** Repair law, or a mean for an exponential law; null = never repaired. */
  repair?: DistributionSpec | number | null;
  crew?: string | null;
  zones?: (string | null)[];
}

/** A component; failure/repair given as numbers are exponential means. */
export function component(name: string, o: ComponentOptions = {}): ComponentSpec {
  const law = (x: DistributionSpec | number | null | undefined, dflt: number): DistributionSpec | null =>
    x === null ? null : typeof x === 'number' ? exp(x) : x ?? exp(dflt);
  const count = o.count ?? 1;
  return {
    name,
    count,
    failure: law(o.failure, 1000 * H),
    repair: law(o.repair, 10 * H),
    crew: o.crew ?? null,
    zones: o.zones ?? new Array<string | null>(count).fill(null),
  };
}

/** Instance ids of a component: the bare name when count is 1, else name[1..count]. */
export function instanceIds(c: ComponentSpec): string[] {
  return c.count === 1 ? [c.name] : Array.from({ length: c.count }, (_, i) => `${c.name}[${i + 1}]`);
}

export const leaf = (instance: string): StructureNode => ({ type: 'component', instance });
const nodes = (xs: Array<StructureNode | string>) => xs.map((x) => (typeof x === 'string' ? leaf(x) : x));
export const series = (...children: Array<StructureNode | string>): StructureNode => ({ type: 'series', children: nodes(children) });
export const parallel = (...children: Array<StructureNode | string>): StructureNode => ({ type: 'parallel', children: nodes(children) });
export const kOfN = (k: number, ...children: Array<StructureNode | string>): StructureNode => ({ type: 'k_of_n', k, children: nodes(children) });
export function standby(
  units: string[],
  o: { mode?: StandbyMode; dormancy?: number; switchover?: number; switchSuccess?: number } = {},
): StructureNode {
  const mode = o.mode ?? 'cold';
  return {
    type: 'standby',
    mode,
    dormancy: o.dormancy ?? (mode === 'cold' ? 0 : mode === 'hot' ? 1 : 0.1),
    units,
    switchover: o.switchover ?? 0,
    switchSuccess: o.switchSuccess ?? 1,
  };
}

/** A crash (or zone-outage) fault on instance ids. */
export function fault(
  targets: string[],
  o: { rate?: number; at?: number; duration?: DistributionSpec | number; kind?: 'crash' | 'zone-outage'; zone?: string | null; index?: number } = {},
): FaultSpec {
  const d = o.duration ?? H;
  return {
    kind: o.kind ?? 'crash',
    targets,
    zone: o.zone ?? null,
    schedule: o.at !== undefined ? { type: 'at', at: o.at } : { type: 'rate', rate: o.rate ?? 1 / YEAR },
    duration: typeof d === 'number' ? { kind: 'fixed', value: d } : d,
    source: { path: `faults[${o.index ?? 0}]` },
  };
}

export interface ScenarioOptions {
  name?: string;
  components: ComponentSpec[];
  crews?: Record<string, number>;
  /** Structure; default: series of every instance. */
  system?: StructureNode;
  ageingWhileSystemDown?: boolean;
  faults?: FaultSpec[];
  horizon?: number;
  warmup?: number;
  pointAvailabilityAt?: number[];
  reliabilityAt?: number[];
}

/** A complete, valid Scenario. */
export function scenario(o: ScenarioOptions): Scenario {
  const instances: InstanceSpec[] = o.components.flatMap((c) =>
    instanceIds(c).map((id, i) => ({ id, component: c.name, index: i + 1, zone: c.zones[i] ?? null })),
  );
  return {
    name: o.name ?? 'test',
    description: '',
    horizon: o.horizon ?? 10 * YEAR,
    warmup: o.warmup ?? 0,
    seed: 1,
    plan: { replications: 100, targetHalfWidth: null, minReplications: 30 },
    components: o.components,
    instances,
    crews: Object.entries(o.crews ?? {}).map(([name, count]) => ({ name, count })),
    system: o.system ?? series(...instances.map((i) => i.id)),
    ageingWhileSystemDown: o.ageingWhileSystemDown ?? true,
    faults: o.faults ?? [],
    observe: { pointAvailabilityAt: o.pointAvailabilityAt ?? [], reliabilityAt: o.reliabilityAt ?? [] },
    slo: {},
    file: '<inline>',
  };
}
