import type { Uniform } from '../engine/rng.js';
import { NO_EVENT, type EventHandle, type EventHandler, type Simulator } from '../engine/simulator.js';
import type { StandbyMode, StructureNode } from '../core/types.js';
import type { Instance, InstanceListener } from './instance.js';

/** Receives the up/down changes of a block. */
export interface BlockParent {
  childChanged(up: boolean): void;
}

/**
 * A block of the reliability block diagram, evaluated incrementally: a block tells its parent only when
 * its own state flips, so a component change costs O(depth), not O(components).
 */
export interface Block {
  readonly up: boolean;
  parent: BlockParent | null;
  /**
   * Back to the state right after construction, for the next replication (after the instances' reset):
   * children first, then this block from its children's states.
   */
  reset(): void;
}

/** A leaf: up exactly when its instance is up. */
class LeafBlock implements Block, InstanceListener {
  parent: BlockParent | null = null;
  up: boolean;
  constructor(private readonly instance: Instance) {
    this.up = instance.up;
    instance.addListener(this);
  }
  reset(): void {
    this.up = this.instance.up;
  }
  onInstanceChange(_instance: Instance, up: boolean): void {
    if (up === this.up) return;
    this.up = up;
    this.parent?.childChanged(up);
  }
}

/** Up when at least `k` children are up: series (k = n), parallel (k = 1) and k-out-of-n. */
class GateBlock implements Block, BlockParent {
  parent: BlockParent | null = null;
  up: boolean;
  private upChildren: number;
  constructor(private readonly children: Block[], private readonly k: number) {
    this.upChildren = children.filter((c) => c.up).length;
    this.up = this.upChildren >= k;
    for (const c of children) c.parent = this;
  }
  reset(): void {
    let up = 0;
    for (const c of this.children) {
      c.reset();
      if (c.up) up++;
    }
    this.upChildren = up;
    this.up = up >= this.k;
  }
  childChanged(up: boolean): void {
    this.upChildren += up ? 1 : -1;
    const now = this.upChildren >= this.k;
    if (now === this.up) return;
    this.up = now;
    this.parent?.childChanged(now);
  }
}

const SWITCH_DONE = 0;

/**
 * Standby redundancy: one active unit, spares ageing at `dormancy` x their rate (cold 0, warm (0,1),
 * hot 1). When the active unit fails while a spare is up, the block is down for `switchover` seconds, then
 * the switch succeeds with probability `switchSuccess` (one uniform drawn from the block's own stream).
 * A failed switch leaves the block down until a unit comes back up, which then becomes active directly, as
 * does any unit repaired while every unit was down. Switching is non-revertive.
 * (Cold standby with imperfect switching: Rausand & Høyland, "System Reliability Theory", 2nd ed., 2004,
 * sec. 6.4; Trivedi 2016, sec. 8.4.)
 */
class StandbyBlock implements Block, InstanceListener, EventHandler {
  parent: BlockParent | null = null;
  up = true;
  private active = 0;
  private switching = false;
  private switchTarget = -1;
  private switchEvent: EventHandle = NO_EVENT;
  private failedSwitch = false;

  constructor(
    private readonly sim: Simulator,
    private readonly units: Instance[],
    private readonly dormancy: number,
    private readonly switchover: number,
    private readonly switchSuccess: number,
    private readonly rng: Uniform,
  ) {
    for (const u of units) u.addListener(this);
    this.reset();
  }

  reset(): void {
    this.active = 0;
    this.switching = false;
    this.switchTarget = -1;
    this.switchEvent = NO_EVENT;
    this.failedSwitch = false;
    this.units.forEach((u, i) => u.setDormancy(i === 0 ? 1 : this.dormancy));
    this.up = this.units[0].up;
  }

  onInstanceChange(instance: Instance, up: boolean): void {
    const i = this.units.indexOf(instance);
    if (this.switching) return; // resolved when the switchover ends
    if (up) {
      if (this.failedSwitch || !this.units[this.active].up) {
        // The block is down: the unit that came back takes over directly.
        this.failedSwitch = false;
        this.makeActive(i);
      }
    } else if (i === this.active && !this.failedSwitch) {
      this.failover();
    }
    this.refresh();
  }

  handleEvent(): void {
    this.switchEvent = NO_EVENT;
    this.switching = false;
    this.completeSwitch(this.switchTarget);
    this.refresh();
  }

  /** The active unit is down: start a switch to the first spare that is up, if any. */
  private failover(): void {
    const n = this.units.length;
    for (let step = 1; step < n; step++) {
      const j = (this.active + step) % n;
      if (!this.units[j].up) continue;
      if (this.switchover > 0) {
        this.switching = true;
        this.switchTarget = j;
        this.switchEvent = this.sim.schedule(this.switchover, this, SWITCH_DONE);
      } else {
        this.completeSwitch(j);
      }
      return;
    }
  }

  private completeSwitch(target: number): void {
    if (!this.units[target].up) {
      // The spare went down during the switchover: try the next one (or wait for a repair).
      if (this.units[this.active].up) return;
      this.failover();
      return;
    }
    if (this.switchSuccess >= 1 || this.rng() < this.switchSuccess) this.makeActive(target);
    // A failed switch keeps the block down only while the active unit is down: if it came back during
    // the switchover, no other unit's return would ever end the outage.
    else this.failedSwitch = !this.units[this.active].up;
  }

  private makeActive(i: number): void {
    if (i !== this.active) {
      this.units[this.active].setDormancy(this.dormancy);
      this.active = i;
      this.units[i].setDormancy(1);
    }
  }

  private refresh(): void {
    const now = !this.switching && !this.failedSwitch && this.units[this.active].up;
    if (now === this.up) return;
    this.up = now;
    this.parent?.childChanged(now);
  }
}

/** Instance lookup used while building blocks. */
export type InstanceLookup = (id: string) => Instance;

/**
 * Builds the block tree of a structure function.
 * @param rngFor gives the random stream of a standby block from its element id.
 */
export function buildBlock(
  node: StructureNode,
  sim: Simulator,
  lookup: InstanceLookup,
  rngFor: (element: string) => Uniform,
): Block {
  switch (node.type) {
    case 'component':
      return new LeafBlock(lookup(node.instance));
    case 'series': {
      const children = node.children.map((c) => buildBlock(c, sim, lookup, rngFor));
      return new GateBlock(children, children.length);
    }
    case 'parallel':
      return new GateBlock(node.children.map((c) => buildBlock(c, sim, lookup, rngFor)), 1);
    case 'k_of_n':
      return new GateBlock(node.children.map((c) => buildBlock(c, sim, lookup, rngFor)), node.k);
    case 'standby':
      return new StandbyBlock(
        sim,
        node.units.map(lookup),
        dormancyOf(node.mode, node.dormancy),
        node.switchover,
        node.switchSuccess,
        rngFor(`standby(${node.units.join(',')})`),
      );
  }
}

function dormancyOf(mode: StandbyMode, dormancy: number): number {
  return mode === 'cold' ? 0 : mode === 'hot' ? 1 : dormancy;
}
