/**
 * Scheduled faults (`at` t for d) under the independent-module decomposition: a fault whose targets all
 * belong to one module changes only that module's process; the other modules stay in steady state and are
 * independent of it, so the system availability at each instant is linear in that module's distribution,
 * with the reward of a module state the probability that the system is up given that state
 * (module-structure.ts, moduleConditional). The expected extra downtime is then the transient analysis of
 * scheduled-faults.ts on the module's chain with that reward. A fault with targets in several modules is
 * not quantified (the modules' transients would interact through the structure function).
 *
 * Sources: as scheduled-faults.ts (Trivedi 2016, sec. 8.5; uniformization); Barlow & Proschan (1975)
 * (conditioning on independent modules).
 */
import type { Scenario } from '../scenario/types.js';
import type { FaultSpec } from '../core/types.js';
import { lawMean } from '../scenario/laws.js';
import { standbyBlocks } from './structure.js';
import { atomValues, moduleScenario, type ModulePart } from './ctmc-modules.js';
import { moduleConditional, type AtomTree, type ModuleLaw } from './module-structure.js';
import { extraDowntime, PROBE_RATE } from './scheduled-faults.js';
import type { UniformizationOptions } from './uniformization.js';

/** Extra expected downtime of a scheduled fault, s, or null with the reason when not quantified. */
export type ModuleScheduledEffect = { fault: FaultSpec; downtime: number | null; reason?: string };

/**
 * The extra downtime of each scheduled fault of the scenario over the solved modules (`laws[i]` of
 * `parts[i]`, built with `lump: false` and exponential laws: the transient uses the means of the laws).
 * @throws as extraDowntime (state cap, uniformization budget, convergence).
 */
export function moduleScheduledEffects(
  scenario: Scenario,
  parts: readonly ModulePart[],
  tree: AtomTree,
  laws: readonly ModuleLaw[],
  options: { maxStates: number; uniformization?: UniformizationOptions },
): ModuleScheduledEffect[] {
  const moduleOf = new Map<string, number>();
  parts.forEach((p, m) => p.instances.forEach((i) => moduleOf.set(scenario.instances[i].id, m)));
  return scenario.faults
    .filter((f) => f.schedule.type === 'at')
    .map((fault) => {
      const mods = [...new Set(fault.targets.map((t) => moduleOf.get(t)))];
      if (mods.length !== 1 || mods[0] === undefined) return { fault, downtime: null, reason: `${fault.source.path}: its targets are in ${mods.length} modules` };
      const m = mods[0];
      const part = parts[m];
      const sub = moduleScenario(scenario, part);
      const probe: FaultSpec = { ...fault, schedule: { type: 'rate', rate: PROBE_RATE }, duration: { kind: 'exponential', mean: lawMean(fault.duration) } };
      const withProbe: Scenario = { ...sub, faults: [...sub.faults, probe] };
      const nBlocks = standbyBlocks(sub.system).length;
      const given = moduleConditional(tree, laws, m);
      const x = new Uint8Array(laws[m].atoms.length);
      const reward = (chain: Parameters<typeof atomValues>[0]) => Float64Array.from({ length: chain.chain.n }, (_, s) => given(atomValues(chain, s, part.instances.length, nBlocks, x)));
      const downtime = extraDowntime(withProbe, sub.faults.length, lawMean(fault.duration), { maxStates: options.maxStates, uniformization: options.uniformization, lump: false, reward });
      return { fault, downtime };
    });
}
