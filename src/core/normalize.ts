/**
 * The core's part of normalization (raw validated document -> the settings and core sections of `Scenario`):
 * instance expansion, distribution normalization, structure expansion, standby defaults, fault expansion and the semantic checks a schema cannot express (references between
 * parts of the document, bounds relative to the horizon, each instance used at most once in the structure).
 */
import { Problems, didYouMean, formatPath, type PathSegment } from '../scenario/errors.js';
import type { RawNode, RawScenario, RawStandby } from './schema.js';
import type { Scenario } from '../scenario/types.js';
import type { ComponentSpec, CrewSpec, FaultSpec, InstanceSpec, SloSpec, StandbyMode, StructureNode } from '../core/types.js';
import { formatDuration } from '../scenario/duration.js';
import { toDistribution } from '../scenario/schema-laws.js';
import type { SourceLocator } from '../scenario/errors.js';
export { toDistribution, Z95 } from '../scenario/schema-laws.js';
export type { LocateAt, SourceLocator } from '../scenario/errors.js';

/** Default `replications` when the file gives none. */
export const DEFAULT_REPLICATIONS = 1000;
/** Default `precision.min_replications`. */
export const DEFAULT_MIN_REPLICATIONS = 30;
/** Default `dormancy` of a warm standby. */
export const DEFAULT_WARM_DORMANCY = 0.1;

/** Instance ids of a component: the bare name when count is 1, else `name[1]` .. `name[count]`. */
export function instanceIds(name: string, count: number): string[] {
  return count === 1 ? [name] : Array.from({ length: count }, (_, i) => `${name}[${i + 1}]`);
}

const listOf = (names: Iterable<string>, max = 12): string => {
  const all = [...names];
  return all.length <= max ? all.join(', ') : `${all.slice(0, max).join(', ')}, ...`;
};

/** Most instances in a scenario, all components together (docs/limits.md). */
export const MAX_INSTANCES = 1_000_000;

/** The components of a scenario, indexed for reference checks. */
interface ComponentIndex {
  components: ComponentSpec[];
  instances: InstanceSpec[];
  byName: Map<string, ComponentSpec>;
  instanceIds: Set<string>;
}

function buildComponents(raw: RawScenario, crewNames: Set<string>, problems: Problems): ComponentIndex {
  const index: ComponentIndex = { components: [], instances: [], byName: new Map(), instanceIds: new Set() };
  let total = 0;
  for (const [name, c] of Object.entries(raw.components)) {
    const count = c.count ?? 1;
    total += count;
    if (total > MAX_INSTANCES) {
      problems.add(['components', name, 'count'], `the components declare more than ${MAX_INSTANCES.toLocaleString('en-US')} instances in all`, `at most ${MAX_INSTANCES.toLocaleString('en-US')} instances (each is simulated and held in memory; docs/limits.md)`);
      break;
    }
    const zones = Array.from({ length: count }, (_, i) => c.zone ?? (c.zones ? c.zones[i % c.zones.length] : null));
    const crew = c.crew ?? null;
    if (crew !== null && !crewNames.has(crew)) {
      const expected =
        crewNames.size > 0
          ? `one of the crews declared in crews: ${listOf(crewNames)}`
          : 'a crew declared in the top-level crews mapping (none is declared)';
      problems.add(['components', name, 'crew'], `unknown crew ${JSON.stringify(crew)}${didYouMean(crew, [...crewNames])}`, expected);
    }
    const failure = c.failure === null ? null : toDistribution(c.failure);
    const repair = c.repair === null ? null : toDistribution(c.repair);
    const spec: ComponentSpec = { name, count, failure, repair, crew, zones };
    index.components.push(spec);
    index.byName.set(name, spec);
    instanceIds(name, count).forEach((id, i) => {
      index.instances.push({ id, component: name, index: i + 1, zone: zones[i] });
      index.instanceIds.add(id);
    });
  }
  return index;
}

/** Each component of a crew's priority list exists, is repaired by that crew and is listed once. */
function checkCrewPriorities(crews: CrewSpec[], index: ComponentIndex, problems: Problems): void {
  for (const crew of crews) {
    const seen = new Set<string>();
    (crew.priority ?? []).forEach((name, i) => {
      const path: PathSegment[] = ['crews', crew.name, 'priority', i];
      const comp = index.byName.get(name);
      const members = index.components.filter((c) => c.crew === crew.name).map((c) => c.name);
      if (!comp || comp.crew !== crew.name) {
        problems.add(path, `${JSON.stringify(name)} is not a component repaired by crew ${crew.name}`, `one of its components: ${listOf(members)}`);
      } else if (seen.has(name)) {
        problems.add(path, `component ${JSON.stringify(name)} is listed twice`, 'each component at most once');
      }
      seen.add(name);
    });
  }
}

/**
 * Expands the structure: component references become instance leaves; checks references, k bounds, standby
 * units and that a standby unit appears only in its block (other components may be shared between gates).
 * Without `system`: the series of every instance.
 */
function buildStructure(raw: RawScenario, index: ComponentIndex, problems: Problems): StructureNode {
  if (raw.system === undefined) {
    return { type: 'series', children: index.instances.map((inst) => ({ type: 'component', instance: inst.id })) };
  }
  const names = [...index.byName.keys()];
  const usedAt = new Map<string, string>();

  const unknownComponent = (ref: string, path: PathSegment[]): void => {
    const m = /^(.+)\[(\d+)\]$/.exec(ref);
    if (m && index.byName.has(m[1])) {
      problems.add(
        path,
        `${JSON.stringify(ref)} is an instance; structure nodes name whole components`,
        `a component name such as ${JSON.stringify(m[1])} (declare separate components to place instances individually)`,
      );
    } else {
      problems.add(path, `unknown component ${JSON.stringify(ref)}${didYouMean(ref, names)}`, `one of the components: ${listOf(names)}`);
    }
  };
  const standbyAt = new Map<string, string>();
  /**
   * Marks the instances as used by the structure. A component may be referenced from several gates
   * (shared leaves: the structure function reads the same unit's state in each place), but a standby
   * unit belongs to its block alone: false (and an error) on such a reuse.
   */
  const use = (ids: string[], ref: string, path: PathSegment[], standby: boolean): boolean => {
    const first = ids.map((id) => (standby ? usedAt.get(id) : standbyAt.get(id))).find((p) => p !== undefined);
    if (first !== undefined) {
      const problem = `component ${JSON.stringify(ref)} is a standby unit and is used elsewhere in the structure (also at ${first})`;
      problems.add(path, problem, 'a standby unit to appear only in its standby block');
      return false;
    }
    for (const id of ids) {
      if (!usedAt.has(id)) usedAt.set(id, formatPath(path));
      if (standby) standbyAt.set(id, formatPath(path));
    }
    return true;
  };
  const standbyUnit = (ref: string, path: PathSegment[]): string | undefined => {
    const comp = index.byName.get(ref);
    if (!comp) return void unknownComponent(ref, path);
    if (comp.count !== 1) {
      problems.add(path, `component ${JSON.stringify(ref)} has ${comp.count} instances`, 'a single-instance component (count 1) as a standby unit');
      return undefined;
    }
    return use([ref], ref, path, true) ? ref : undefined;
  };
  const standbyNode = (s: RawStandby, path: PathSegment[]): StructureNode => {
    const refs: [string, PathSegment[]][] = [[s.primary, [...path, 'primary']]];
    if (Array.isArray(s.spare)) s.spare.forEach((ref, i) => refs.push([ref, [...path, 'spare', i]]));
    else refs.push([s.spare, [...path, 'spare']]);
    const units = refs.map(([ref, p]) => standbyUnit(ref, p)).filter((id): id is string => id !== undefined);
    const mode: StandbyMode = s.mode ?? 'cold';
    const dormancy = mode === 'cold' ? 0 : mode === 'hot' ? 1 : (s.dormancy ?? DEFAULT_WARM_DORMANCY);
    return { type: 'standby', mode, dormancy, units, switchover: s.switchover ?? 0, switchSuccess: s.switch_success ?? 1 };
  };
  /** Expands a node; a component reference expands to one leaf per instance. */
  const expand = (node: RawNode, path: PathSegment[]): StructureNode[] => {
    switch (node.kind) {
      case 'ref': {
        const comp = index.byName.get(node.value);
        if (!comp) return unknownComponent(node.value, path), [];
        const ids = instanceIds(comp.name, comp.count);
        return use(ids, comp.name, path, false) ? ids.map((instance) => ({ type: 'component', instance })) : [];
      }
      case 'series':
      case 'parallel':
        return [{ type: node.kind, children: node.value.flatMap((child, i) => expand(child, [...path, node.kind, i])) }];
      case 'k_of_n': {
        const { k, of } = node.value;
        const ofPath = [...path, 'k_of_n', 'of'];
        const before = problems.list.length;
        const children = Array.isArray(of) ? of.flatMap((child, i) => expand(child, [...ofPath, i])) : expand(of, ofPath);
        const n = children.length;
        if (problems.list.length === before && k > n) {
          problems.add([...path, 'k_of_n', 'k'], `k = ${k} but the block has only ${n} ${n === 1 ? 'child' : 'children'}`, `an integer between 1 and ${n}`);
        }
        return [{ type: 'k_of_n', k, children }];
      }
      case 'standby':
        return [standbyNode(node.value, [...path, 'standby'])];
    }
  };
  const top = expand(raw.system, ['system']);
  return top.length === 1 ? top[0] : { type: 'series', children: top };
}

/** Resolves fault targets (component, instance id or zone) and checks `at` against the horizon. */
function buildFaults(raw: RawScenario, index: ComponentIndex, problems: Problems, source: SourceLocator): FaultSpec[] {
  const names = [...index.byName.keys()];
  const zonesInUse = new Set(index.instances.map((i) => i.zone).filter((z): z is string => z !== null));
  return (raw.faults ?? []).flatMap((f, i): FaultSpec[] => {
    if (f.kind !== 'crash' && f.kind !== 'zone-outage') return []; // other areas' fault kinds (their normalize)
    const path: PathSegment[] = ['faults', i];
    let targets: string[] = [];
    if (f.kind === 'crash') {
      const target = f.target as string;
      const comp = index.byName.get(target);
      if (comp) targets = instanceIds(comp.name, comp.count);
      else if (index.instanceIds.has(target)) targets = [target];
      else {
        const problem = `unknown crash target ${JSON.stringify(target)}${didYouMean(target, [...names, ...index.instanceIds])}`;
        const example = index.instances[index.instances.length - 1].id;
        problems.add([...path, 'target'], problem, `a component name (${listOf(names)}) or an instance id such as ${example}`);
      }
    } else {
      const zone = f.zone as string;
      targets = index.instances.filter((inst) => inst.zone === zone).map((inst) => inst.id);
      if (targets.length === 0) {
        const expected =
          zonesInUse.size > 0
            ? `one of the zones of the components: ${listOf(zonesInUse)}`
            : 'a zone given to some component with zone or zones (none has one)';
        problems.add([...path, 'zone'], `zone ${JSON.stringify(zone)} is not used by any component${didYouMean(zone, [...zonesInUse])}`, expected);
      }
    }
    if (f.at !== undefined && f.at >= raw.horizon) {
      const problem = `at (${formatDuration(f.at)}) is not before the horizon (${formatDuration(raw.horizon)})`;
      problems.add([...path, 'at'], problem, 'a time before the horizon');
    }
    return [{
      kind: f.kind,
      targets,
      zone: f.kind === 'zone-outage' ? (f.zone as string) : null,
      schedule: f.at !== undefined ? { type: 'at', at: f.at } : { type: 'rate', rate: f.rate as number },
      duration: toDistribution(f.duration),
      source: { path: formatPath(path), ...source.locate(path) },
    }];
  });
}

/**
 * Builds the shared settings and the core sections of the `Scenario` (no area section) from a schema-validated
 * document; src/scenario-document/normalize.ts adds the areas' sections and throws the problems.
 * @param raw output of `validateDocument` (times in seconds).
 * @param source locator used to give every semantic error its line and column.
 * @param problems collects the semantic errors (not thrown here).
 */
export function normalizeCore(raw: RawScenario, source: SourceLocator, problems: Problems): Scenario {
  const { horizon } = raw;
  const warmup = raw.warmup ?? 0;
  if (warmup >= horizon) {
    const problem = `warmup (${formatDuration(warmup)}) is not shorter than the horizon (${formatDuration(horizon)})`;
    problems.add(['warmup'], problem, 'a warmup less than the horizon');
  }
  const replications = raw.replications ?? DEFAULT_REPLICATIONS;
  let minReplications = replications;
  if (raw.precision) {
    minReplications = raw.precision.min_replications ?? Math.min(DEFAULT_MIN_REPLICATIONS, replications);
    if (minReplications > replications) {
      const problem = `min_replications (${minReplications}) exceeds replications (${replications})`;
      problems.add(['precision', 'min_replications'], problem, `at most replications (${replications})`);
    }
  }

  // Discipline keys only when given: a plain crew stays { name, count } (fifo, no call-out).
  const crews: CrewSpec[] = Object.entries(raw.crews ?? {}).map(([name, c]) => ({
    name,
    count: c.count,
    ...(c.discipline !== undefined ? { discipline: c.discipline } : {}),
    ...(c.priority !== undefined ? { priority: c.priority } : {}),
    ...(c.call_out !== undefined ? { callOut: toDistribution(c.call_out) } : {}),
  }));
  const index = buildComponents(raw, new Set(crews.map((c) => c.name)), problems);
  checkCrewPriorities(crews, index, problems);
  const system = buildStructure(raw, index, problems);
  const faults = buildFaults(raw, index, problems, source);

  const observeTimes = (key: 'point_availability_at' | 'reliability_at'): number[] => {
    const times = raw.observe?.[key] ?? [];
    times.forEach((t, j) => {
      if (t > horizon) {
        const problem = `${formatDuration(t)} is beyond the horizon (${formatDuration(horizon)})`;
        problems.add(['observe', key, j], problem, 'a time between 0 and the horizon');
      }
    });
    return [...times];
  };
  const observe = { pointAvailabilityAt: observeTimes('point_availability_at'), reliabilityAt: observeTimes('reliability_at') };
  const slo: SloSpec = {};
  if (raw.slo?.availability !== undefined) slo.availability = raw.slo.availability;
  const outageP99 = raw.slo?.outage_duration_p99 ?? raw.slo?.rto_p99; // rto_p99: the former name, an alias
  if (raw.slo?.outage_duration_p99 !== undefined && raw.slo?.rto_p99 !== undefined) {
    problems.add(['slo', 'rto_p99'], 'rto_p99 is the former name of outage_duration_p99 and both are given', 'only outage_duration_p99', 'key');
  }
  if (outageP99 !== undefined) slo.outageDurationP99 = outageP99;
  if (raw.slo?.rpo_max !== undefined) slo.rpoMax = raw.slo.rpo_max;
  if (raw.slo?.rpo_max_probability !== undefined) {
    slo.rpoMaxProbability = raw.slo.rpo_max_probability;
    if (raw.slo.rpo_max === undefined) problems.add(['slo', 'rpo_max_probability'], 'rpo_max_probability is given without rpo_max', 'rpo_max (the largest acceptable data loss per incident) with it');
  }

  return {
    name: raw.name,
    description: raw.description ?? '',
    horizon,
    warmup,
    seed: raw.seed ?? 1,
    plan: { replications, targetHalfWidth: raw.precision?.availability_half_width ?? null, minReplications },
    components: index.components,
    instances: index.instances,
    crews,
    system,
    ageingWhileSystemDown: raw.ageing_while_system_down ?? true,
    faults,
    observe,
    slo,
    file: source.file,
  };
}
