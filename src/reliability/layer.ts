/**
 * The reliability area on one replication: wires latent failures and proof tests, common-cause groups,
 * maintenance windows, rolling upgrades, age replacement, phases and replaceable units to the core's
 * instances through their generic hooks (src/model/instance.ts), and collects the statistics (stats.ts).
 * Random streams: (seed, replication, element, purpose) with the element named after the scenario entry.
 */
import { rngStream } from '../engine/rng.js';
import type { Simulator } from '../engine/simulator.js';
import type { Instance } from '../model/instance.js';
import type { SystemModel } from '../model/system-model.js';
import type { Scenario } from '../scenario/types.js';
import { CommonCauseGroup } from './common-cause.js';
import { StressTable, type LayerContext } from './context.js';
import { LatentFailures } from './latent.js';
import { AgeReplacement, MaintenanceWindow } from './maintenance.js';
import { PhaseCycle } from './phases.js';
import { PlannedWork } from './planned-work.js';
import { ReplaceableUnits } from './replaceable-units.js';
import { emptyReliabilityStats, type ReliabilityReplicationStats } from './stats.js';
import type { ReliabilitySpec } from './types.js';
import { RollingUpgrade } from './upgrades.js';

export class ReliabilityLayer {
  private readonly ctx: LayerContext;
  private readonly starters: { start(): void }[] = [];
  private readonly phases: PhaseCycle | null;

  constructor(sim: Simulator, system: SystemModel, scenario: Scenario, replication: number) {
    const spec = scenario.reliability as ReliabilitySpec;
    const byId = new Map(system.instances.map((x) => [x.id, x]));
    const stats: ReliabilityReplicationStats = emptyReliabilityStats({
      latent: spec.latent.length,
      groups: spec.commonCause.map((g) => g.instances.length),
      windows: spec.windows.length,
      upgrades: spec.upgrades.length,
      age: spec.ageReplacement.length,
      phases: spec.phases.length,
      units: spec.replaceableUnits.length,
    });
    const planned = new PlannedWork(sim, system, scenario.warmup, scenario.horizon);
    this.ctx = {
      sim, system, scenario, spec, byId, stats, planned,
      rng: (element, purpose) => rngStream(scenario.seed, replication, `reliability.${element}`, purpose),
      inWindow: () => sim.now >= scenario.warmup,
      stress: new StressTable(system.instances),
    };
    const ctx = this.ctx;
    const ofComponent = (c: string): Instance[] => system.instances.filter((x) => x.component === c);
    // Replaceable units first: their repair hooks are the innermost, latent detection wraps onFailed outside.
    spec.replaceableUnits.forEach((u, i) => new ReplaceableUnits(ctx, u, i));
    spec.latent.forEach((l, i) => this.starters.push(new LatentFailures(ctx, l, i, ofComponent(l.component))));
    const groups = spec.commonCause.map((g, i) => new CommonCauseGroup(ctx, g, i, g.instances.map((id) => byId.get(id) as Instance)));
    this.starters.push(...groups);
    spec.windows.forEach((w, i) => this.starters.push(new MaintenanceWindow(ctx, w, i, w.instances.map((id) => byId.get(id) as Instance))));
    spec.upgrades.forEach((u, i) => this.starters.push(new RollingUpgrade(ctx, u, i)));
    spec.ageReplacement.forEach((a, i) => new AgeReplacement(ctx, a, i, ofComponent(a.component)));
    const groupComponents = spec.commonCause.map((g, i) => ({ group: groups[i], component: (byId.get(g.instances[0]) as Instance).component }));
    this.phases = spec.phases.length > 0 ? new PhaseCycle(ctx, groupComponents) : null;
    if (this.phases) this.starters.push(this.phases);
    for (let i = 0; i < system.instances.length; i++) if (ctx.stress.base[i] !== 1) ctx.stress.apply(i);
    if (spec.windows.length + spec.upgrades.length + spec.ageReplacement.length > 0 || spec.latent.some((l) => l.proofTest?.offline)) planned.install();
  }

  start(): void {
    for (const s of this.starters) s.start();
  }

  finish(): ReliabilityReplicationStats {
    this.ctx.planned.finish();
    this.phases?.account(this.ctx.scenario.horizon);
    this.ctx.stats.plannedDowntime = this.ctx.planned.downtime;
    return this.ctx.stats;
  }
}
