/**
 * The attribution observer of one replication: for every system outage, the instance change that started
 * it (the instance, and whether its own failure or an injected fault took it down) and the one that ended it;
 * over time, which instances are critical (up or down) and which belong to a minimal cut set that is entirely
 * down. It listens to every instance of the structure and to the system; it changes nothing in the model.
 *
 * Ordering: an instance's listeners run in registration order, so the block tree (registered when the model
 * was built) has already told the system when this observer hears of the instance change that caused it.
 */
import type { Simulator } from '../engine/simulator.js';
import type { Instance, InstanceListener } from '../model/instance.js';
import type { SystemListener, SystemModel } from '../model/system-model.js';
import type { AttributionReplicationStats, CauseKey } from './stats.js';
import type { StaticStructure } from './static-structure.js';

/** What the observer needs once per scenario (built by runtime.ts). */
export interface AttributionPlan {
  structure: StaticStructure;
  /** Minimal cut sets as instance indices, or null. */
  cutSets: number[][] | null;
  /** Fault indices targeting each instance. */
  faultsOf: number[][];
}

export class AttributionObserver implements InstanceListener, SystemListener {
  private readonly up: boolean[];
  private readonly critical: boolean[];
  private readonly inCutDown: boolean[];
  private readonly cutDownCount: number[];
  private readonly cutsOf: number[][];
  private readonly stats: AttributionReplicationStats;
  private last = 0;
  private staticDown = false;
  private outageStart = -1;
  private cause: CauseKey | null = null;
  private pendingRestore = -1;

  constructor(
    private readonly sim: Simulator,
    private readonly system: SystemModel,
    private readonly plan: AttributionPlan,
    private readonly warmup: number,
    private readonly horizon: number,
  ) {
    const n = system.instances.length;
    this.up = system.instances.map((i) => i.up);
    this.critical = new Array<boolean>(n).fill(false);
    this.inCutDown = new Array<boolean>(n).fill(false);
    this.cutsOf = Array.from({ length: n }, () => []);
    plan.cutSets?.forEach((cut, c) => cut.forEach((i) => this.cutsOf[i].push(c)));
    this.cutDownCount = (plan.cutSets ?? []).map((cut) => cut.filter((i) => !this.up[i]).length);
    const zeros = () => new Array<number>(n).fill(0);
    this.stats = { causes: {}, restored: {}, criticalUp: zeros(), criticalDown: zeros(), cutSetDown: plan.cutSets ? zeros() : null, staticDowntime: 0 };
    for (const i of plan.structure.members) system.instances[i].addListener(this);
    system.addListener(this);
  }

  /** Reads the initial state (call after the model started). */
  start(): void {
    this.refresh();
    if (!this.system.root.up) {
      this.outageStart = 0;
      this.cause = 's';
    }
  }

  onInstanceChange(instance: Instance, up: boolean): void {
    const now = this.sim.now;
    this.accumulate(now);
    const i = instance.index;
    this.up[i] = up;
    for (const c of this.cutsOf[i]) this.cutDownCount[c] += up ? -1 : 1;
    if (!up && this.cause === null && this.outageStart === now) this.cause = this.causeOf(instance, now);
    if (up && this.pendingRestore === now) {
      this.pendingRestore = -1;
      this.stats.restored[String(i)] = (this.stats.restored[String(i)] ?? 0) + 1;
    }
    this.refresh();
  }

  systemChanged(up: boolean): void {
    const now = this.sim.now;
    this.accumulate(now);
    if (!up) {
      this.outageStart = now;
      this.cause = null;
      return;
    }
    this.closeOutage(now);
    // The instance coming back up is told next, at this instant; with no such change (a switchover ended),
    // the restore is the structure's (settled at the next change or at the horizon).
    this.pendingRestore = now;
  }

  /** Closes the window at the horizon and returns the statistics. */
  finish(): AttributionReplicationStats {
    this.accumulate(this.horizon);
    if (!this.system.root.up && this.outageStart >= 0) this.closeOutage(this.horizon);
    this.settleRestore();
    return this.stats;
  }

  private settleRestore(): void {
    if (this.pendingRestore < 0) return;
    this.pendingRestore = -1;
    this.stats.restored.s = (this.stats.restored.s ?? 0) + 1;
  }

  private causeOf(instance: Instance, now: number): CauseKey {
    if (instance.faultCount === 0) return `${instance.index}:f`;
    const faults = this.plan.faultsOf[instance.index];
    let pick = -1;
    for (const k of faults) {
      const f = this.system.faults[k];
      if (f.active > 0 && (pick < 0 || f.lastArrival === now)) pick = k;
    }
    return pick < 0 ? `${instance.index}:f` : `${instance.index}:${pick}`;
  }

  private closeOutage(now: number): void {
    const key = this.cause ?? 's';
    const from = Math.max(this.outageStart, this.warmup);
    const to = Math.min(now, this.horizon);
    const started = this.outageStart >= this.warmup && this.outageStart < this.horizon ? 1 : 0;
    const entry = this.stats.causes[key] ?? (this.stats.causes[key] = [0, 0]);
    entry[0] += started;
    if (to > from) entry[1] += to - from;
    this.outageStart = -1;
    this.cause = null;
  }

  private refresh(): void {
    if (this.pendingRestore >= 0 && this.pendingRestore < this.sim.now) this.settleRestore();
    this.staticDown = !this.plan.structure.evaluate(this.up);
    this.plan.structure.markCritical(this.up, this.critical);
    if (!this.stats.cutSetDown) return;
    const cuts = this.plan.cutSets as number[][];
    for (const i of this.plan.structure.members) {
      let down = false;
      for (const c of this.cutsOf[i]) {
        if (this.cutDownCount[c] === cuts[c].length) {
          down = true;
          break;
        }
      }
      this.inCutDown[i] = down;
    }
  }

  private accumulate(now: number): void {
    const from = Math.max(this.last, this.warmup);
    const to = Math.min(now, this.horizon);
    this.last = now;
    if (!(to > from)) return;
    const dt = to - from;
    const s = this.stats;
    if (this.staticDown) s.staticDowntime += dt;
    for (const i of this.plan.structure.members) {
      if (this.critical[i]) {
        if (this.up[i]) s.criticalUp[i] += dt;
        else s.criticalDown[i] += dt;
      }
      if (s.cutSetDown && this.inCutDown[i]) s.cutSetDown[i] += dt;
    }
  }
}
