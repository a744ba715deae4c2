/**
 * Raw reliability keys -> `ReliabilitySpec` (types.ts): resolves component, instance and zone references,
 * checks cron expressions, common-cause groups (identical units, at least two), replaceable-unit blocks and
 * phase factors, and applies the documented defaults. Problems go through `add`, never thrown.
 */
import type { RawScenario } from '../core/schema.js';
import { parseCron, CRON_EXPECTED, cronEverFires } from '../scenario/cron.js';
import { didYouMean, type PathSegment } from '../scenario/errors.js';
import { lawMean } from '../scenario/laws.js';
import { toDistribution } from '../scenario/schema-laws.js';
import type { InstanceSpec } from '../core/types.js';
import type { DistributionSpec } from '../scenario/types.js';
import type { RawReplaceableUnit, RawUpgrade, RawWindow } from './schema.js';
import type {
  AgeReplacementSpec,
  CommonCauseSpec,
  LatentSpec,
  PhaseSpec,
  ReliabilitySpec,
  ReplaceableUnitSpec,
  UpgradeSpec,
  WindowSpec,
  WorkSchedule,
} from './types.js';

type Add = (path: PathSegment[], problem: string, expected: string) => void;

/** What the normalizers share: the raw document, the instances and the problem sink. */
interface Ctx {
  raw: RawScenario;
  instances: InstanceSpec[];
  add: Add;
}

const ZERO: DistributionSpec = { kind: 'fixed', value: 0 };

/** Instances of component `name`, or [] with a problem at `path` when there is no such component. */
function componentInstances(ctx: Ctx, name: string, path: PathSegment[]): InstanceSpec[] {
  const found = ctx.instances.filter((i) => i.component === name);
  if (found.length === 0) {
    const names = Object.keys(ctx.raw.components);
    ctx.add(path, `unknown component ${JSON.stringify(name)}${didYouMean(name, names)}`, `one of the components: ${names.join(', ')}`);
  }
  return found;
}

function schedule(ctx: Ctx, v: { every?: number; offset?: number; cron?: string }, path: PathSegment[]): WorkSchedule {
  if (v.cron === undefined) return { type: 'every', every: v.every as number, offset: v.offset ?? 0 };
  const c = parseCron(v.cron);
  if (!c.ok) ctx.add([...path, 'cron'], c.problem, CRON_EXPECTED);
  else if (!cronEverFires(c.value)) ctx.add([...path, 'cron'], `"${v.cron}" never fires (no such date in the simulated calendar of 365-day years)`, 'a cron expression naming a date that exists');
  return { type: 'cron', expression: v.cron };
}

function buildLatent(ctx: Ctx): LatentSpec[] {
  return Object.entries(ctx.raw.latent_failures ?? {}).flatMap(([component, l]): LatentSpec[] => {
    const path: PathSegment[] = ['latent_failures', component];
    if (componentInstances(ctx, component, path).length === 0) return [];
    if (ctx.raw.components[component].repair === null) ctx.add(path, `component ${JSON.stringify(component)} is not repairable (repair: none)`, 'a repairable component (a detected latent failure is repaired)');
    const t = l.proof_test;
    if (!t && l.overhaul === undefined && (l.coverage ?? 0) < 1) {
      ctx.add(path, 'latent failures are never detected (no proof_test, no overhaul)', 'a proof_test { every, ... } or an overhaul interval');
    }
    return [{
      component,
      coverage: l.coverage ?? 0,
      proofTest: t
        ? {
            every: t.every,
            offset: t.offset ?? t.every,
            duration: t.duration ? toDistribution(t.duration) : null,
            offline: t.offline ?? false,
            coverage: t.coverage ?? 1,
            stagger: t.stagger ?? false,
          }
        : null,
      overhaul: l.overhaul ?? null,
    }];
  });
}

function buildCommonCause(ctx: Ctx): CommonCauseSpec[] {
  return Object.entries(ctx.raw.common_cause ?? {}).flatMap(([name, g]): CommonCauseSpec[] => {
    const path: PathSegment[] = ['common_cause', name];
    const insts = g.members.flatMap((m, i) => componentInstances(ctx, m, [...path, 'members', i]));
    if (insts.length !== g.members.reduce((n, m) => n + ctx.instances.filter((x) => x.component === m).length, 0) || insts.length === 0) return [];
    if (insts.length < 2) {
      ctx.add([...path, 'members'], 'the group has a single instance', 'at least two instances (a common cause fails several units at once)');
      return [];
    }
    const laws = g.members.map((m) => JSON.stringify(ctx.raw.components[m].failure));
    if (new Set(laws).size > 1) {
      ctx.add([...path, 'members'], 'the members have different failure laws', 'identical units (the same failure law; beta-factor and MGL models apply to identical units)');
      return [];
    }
    const failure = ctx.raw.components[g.members[0]].failure;
    if (failure === null) {
      ctx.add([...path, 'members'], 'the members never fail (failure: none)', 'components with a failure law');
      return [];
    }
    let mean: number;
    try {
      mean = lawMean(toDistribution(failure));
    } catch (e) {
      ctx.add([...path, 'members'], `the members' failure law has no finite mean (${(e as Error).message})`, 'a failure law with a finite positive mean');
      return [];
    }
    if (!(mean > 0)) {
      ctx.add([...path, 'members'], 'the members\' failure law has a zero mean', 'a failure law with a finite positive mean');
      return [];
    }
    return [{ name, instances: insts.map((i) => i.id), beta: g.beta, gamma: g.gamma ?? 1, delta: g.delta ?? 1, unitRate: 1 / mean }];
  });
}

/** Instances a window or upgrade targets: a component's, one instance, or a zone's. */
function targets(ctx: Ctx, w: { target?: string; zone?: string }, path: PathSegment[]): InstanceSpec[] {
  if (w.zone !== undefined) {
    const found = ctx.instances.filter((i) => i.zone === w.zone);
    if (found.length === 0) ctx.add([...path, 'zone'], `zone ${JSON.stringify(w.zone)} is not used by any component`, 'a zone given to some component');
    return found;
  }
  const t = w.target as string;
  const inst = ctx.instances.find((i) => i.id === t && i.component !== t);
  return inst ? [inst] : componentInstances(ctx, t, [...path, 'target']);
}

function buildWindow(ctx: Ctx, w: RawWindow, i: number): WindowSpec {
  const path: PathSegment[] = ['maintenance', 'windows', i];
  return {
    name: w.name,
    schedule: schedule(ctx, w, path),
    duration: toDistribution(w.duration),
    instances: targets(ctx, w, path).map((x) => x.id),
    renew: w.renew ?? false,
  };
}

function buildUpgrade(ctx: Ctx, u: RawUpgrade, i: number): UpgradeSpec {
  const path: PathSegment[] = ['maintenance', 'rolling_upgrades', i];
  const insts = componentInstances(ctx, u.target, [...path, 'target']);
  const batch = u.batch ?? 'instance';
  let batches: string[][];
  if (batch === 'instance') batches = insts.map((x) => [x.id]);
  else {
    const byZone = new Map<string, string[]>();
    for (const x of insts) {
      if (x.zone === null) ctx.add([...path, 'batch'], `instance ${x.id} has no zone`, 'batch: instance, or a component with zone/zones');
      const list = byZone.get(x.zone ?? '') ?? [];
      list.push(x.id);
      byZone.set(x.zone ?? '', list);
    }
    batches = [...byZone.values()];
  }
  return {
    name: u.name,
    schedule: schedule(ctx, u, path),
    batches,
    duration: toDistribution(u.duration),
    failureProbability: u.failure_probability ?? 0,
    rollback: u.rollback ? toDistribution(u.rollback) : ZERO,
    onFailure: u.on_failure ?? 'stop',
  };
}

function buildAgeReplacement(ctx: Ctx): AgeReplacementSpec[] {
  return Object.entries(ctx.raw.maintenance?.age_replacement ?? {}).flatMap(([component, a]): AgeReplacementSpec[] => {
    const path: PathSegment[] = ['maintenance', 'age_replacement', component];
    if (componentInstances(ctx, component, path).length === 0) return [];
    if (ctx.raw.components[component].failure === null) ctx.add(path, `component ${JSON.stringify(component)} never fails (failure: none)`, 'a component with a failure law');
    return [{ component, age: a.age, duration: toDistribution(a.duration) }];
  });
}

function buildPhases(ctx: Ctx): PhaseSpec[] {
  return (ctx.raw.phases ?? []).map((p, i) => {
    const path: PathSegment[] = ['phases', i, 'failure_factor'];
    const f = p.failure_factor ?? 1;
    const check = (v: number, at: PathSegment[]) => {
      if (v < 0) ctx.add(at, `${v} is negative`, 'a failure-rate factor >= 0');
    };
    let factors: Record<string, number> = {};
    let defaultFactor = 1;
    if (typeof f === 'number') {
      check(f, path);
      defaultFactor = f;
    } else {
      factors = { ...f };
      for (const [c, v] of Object.entries(f)) {
        componentInstances(ctx, c, [...path, c]);
        check(v, [...path, c]);
      }
    }
    return { name: p.name, duration: toDistribution(p.duration), factors, defaultFactor };
  });
}

function buildReplaceableUnit(ctx: Ctx, name: string, u: RawReplaceableUnit): ReplaceableUnitSpec | null {
  const path: PathSegment[] = ['replaceable_units', name];
  const byMember = u.members.map((m, i) => componentInstances(ctx, m, [...path, 'members', i]));
  if (byMember.some((l) => l.length === 0)) return null;
  const count = u.count ?? Math.min(...byMember.map((l) => l.length));
  for (const [i, l] of byMember.entries()) {
    if (l.length % count !== 0) {
      ctx.add([...path, 'members', i], `component ${u.members[i]} has ${l.length} instances, not a multiple of the ${count} units`, `a component whose instance count is a multiple of count (${count})`);
      return null;
    }
  }
  const units = Array.from({ length: count }, (_, j) => byMember.flatMap((l) => l.slice((j * l.length) / count, ((j + 1) * l.length) / count).map((x) => x.id)));
  return { name, units, replacement: u.replacement ? toDistribution(u.replacement) : null };
}

/** Each instance in at most one replaceable unit. */
function checkUnitsDisjoint(ctx: Ctx, units: ReplaceableUnitSpec[]): void {
  const seen = new Map<string, string>();
  for (const u of units) {
    for (const id of u.units.flat()) {
      const other = seen.get(id);
      if (other !== undefined) ctx.add(['replaceable_units', u.name, 'members'], `instance ${id} is also in replaceable unit ${other}`, 'each instance in at most one replaceable unit');
      seen.set(id, u.name);
    }
  }
}

/**
 * The reliability section, or null when the document uses none of its keys.
 * @param add reports a semantic problem at a scenario path (never throws).
 */
export function buildReliability(raw: RawScenario, instances: InstanceSpec[], add: Add): ReliabilitySpec | null {
  const used = raw.latent_failures || raw.common_cause || raw.maintenance || raw.phases || raw.replaceable_units;
  if (!used) return null;
  const ctx: Ctx = { raw, instances, add };
  const replaceableUnits = Object.entries(raw.replaceable_units ?? {}).flatMap(([n, u]) => {
    const spec = buildReplaceableUnit(ctx, n, u);
    return spec ? [spec] : [];
  });
  checkUnitsDisjoint(ctx, replaceableUnits);
  return {
    latent: buildLatent(ctx),
    commonCause: buildCommonCause(ctx),
    windows: (raw.maintenance?.windows ?? []).map((w, i) => buildWindow(ctx, w, i)),
    upgrades: (raw.maintenance?.rolling_upgrades ?? []).map((u, i) => buildUpgrade(ctx, u, i)),
    ageReplacement: buildAgeReplacement(ctx),
    phases: buildPhases(ctx),
    replaceableUnits,
  };
}
