import type { Sampler } from '../engine/distributions.js';
import type { Uniform } from '../engine/rng.js';
import { NO_EVENT, type EventHandle, type EventHandler, type Simulator } from '../engine/simulator.js';
import type { InstanceSpec } from '../core/types.js';
import type { RepairCrew, Repairable } from './crew.js';

/** Told whenever an instance goes down or comes back up. */
export interface InstanceListener {
  onInstanceChange(instance: Instance, up: boolean): void;
}

const FAIL = 0;
const REPAIRED = 1;

/**
 * One repairable unit: a state machine of failure, waiting for a repairer, repair and injected faults.
 *
 * The unit is up when it has not failed and no injected fault holds it down. It ages (its failure clock
 * runs) at rate `dormancy x (system frozen ? 0 : 1)` while up, and not at all while down: remaining life
 * is kept in operating-time units, so freezing and resuming is exact for any failure law (an accelerated
 * life model; a cold spare has dormancy 0, a warm one a factor in (0, 1)). A repair makes the unit as good
 * as new (a fresh life is drawn).
 */
export class Instance implements EventHandler, Repairable {
  /** Random failure happened and the unit is not yet repaired. */
  failed = false;
  /** Number of injected faults currently holding the unit down. */
  faultCount = 0;
  private dormancy = 1;
  private frozen = false;
  private rate = 0;
  private remainingLife = Infinity;
  private lastRateChange = 0;
  private failureEvent: EventHandle = NO_EVENT;
  private readonly listeners: InstanceListener[] = [];
  /** Listeners registered while the model was built (kept by `reset`); later ones belong to one replication. */
  private coreListeners = -1;
  /**
   * Optional monitoring hooks (traffic layer): when `onFailed` is set, a failure does not start the repair
   * process; the hook's owner calls `requestRepair()` once the failure is detected and responded to.
   * `onRepairDone` is told when a repair completes. Both null by default (repair starts at failure).
   */
  onFailed: ((inst: Instance) => void) | null = null;
  onRepairDone: ((inst: Instance) => void) | null = null;

  constructor(
    readonly spec: InstanceSpec,
    /** Dense index of this instance in the model (0-based). */
    readonly index: number,
    private readonly sim: Simulator,
    private readonly failure: Sampler | null,
    private readonly repair: Sampler | null,
    private readonly crew: RepairCrew | null,
    private readonly failureRng: Uniform,
    private readonly repairRng: Uniform,
  ) {}

  get id(): string {
    return this.spec.id;
  }

  get component(): string {
    return this.spec.component;
  }

  get up(): boolean {
    return !this.failed && this.faultCount === 0;
  }

  addListener(listener: InstanceListener): void {
    this.listeners.push(listener);
  }

  /**
   * Marks the listeners registered so far as part of the model: `reset` keeps them and drops those added
   * later (observers and layers attached to one replication).
   */
  sealListeners(): void {
    this.coreListeners = this.listeners.length;
  }

  /**
   * Returns the unit to its state before `start` (as constructed) for the next replication on the same
   * simulator, which must have been reset too: up, as new, operating (dormancy 1), no hooks, and only the
   * listeners registered before `sealListeners`.
   */
  reset(): void {
    this.failed = false;
    this.faultCount = 0;
    this.dormancy = 1;
    this.frozen = false;
    this.rate = 0;
    this.remainingLife = Infinity;
    this.lastRateChange = 0;
    this.failureEvent = NO_EVENT;
    this.onFailed = null;
    this.onRepairDone = null;
    if (this.coreListeners >= 0) this.listeners.length = this.coreListeners;
  }

  /** Starts the unit as new at time 0 (up, fresh life). */
  start(): void {
    this.remainingLife = this.failure ? this.failure.sample(this.failureRng) : Infinity;
    this.updateAgeing();
  }

  /** Sets the ageing factor while this unit is a spare (1 = operating). */
  setDormancy(factor: number): void {
    if (factor === this.dormancy) return;
    this.dormancy = factor;
    this.updateAgeing();
  }

  /** Freezes (true) or resumes (false) the failure clock, e.g. while the whole system is down. */
  setFrozen(frozen: boolean): void {
    if (frozen === this.frozen) return;
    this.frozen = frozen;
    this.updateAgeing();
  }

  /** An injected fault starts holding the unit down. */
  faultBegin(): void {
    const wasUp = this.up;
    this.faultCount++;
    if (wasUp) {
      this.updateAgeing();
      this.notify(false);
    }
  }

  /** An injected fault ends. */
  faultEnd(): void {
    this.faultCount--;
    if (this.up) {
      this.updateAgeing();
      this.notify(true);
    }
  }

  handleEvent(kind: number): void {
    if (kind === FAIL) this.onFailure();
    else this.onRepaired();
  }

  /** Repairable: a repairer starts working on this unit now. */
  startRepair(): void {
    const repair = this.repair as Sampler;
    this.sim.schedule(repair.sample(this.repairRng), this, REPAIRED);
  }

  private onFailure(): void {
    this.failureEvent = NO_EVENT;
    this.remainingLife = 0;
    this.failed = true;
    const wasUp = this.faultCount === 0;
    this.updateAgeing();
    if (this.repair) {
      if (this.onFailed) this.onFailed(this);
      else this.requestRepair();
    }
    if (wasUp) this.notify(false);
  }

  /** Starts the repair process of a failed unit: waits for a crew repairer, or starts repair at once. */
  requestRepair(): void {
    if (!this.failed || !this.repair) return;
    if (this.crew) this.crew.request(this);
    else this.startRepair();
  }

  private onRepaired(): void {
    this.onRepairDone?.(this);
    this.failed = false;
    this.remainingLife = this.failure ? this.failure.sample(this.failureRng) : Infinity;
    this.crew?.release();
    this.updateAgeing();
    if (this.faultCount === 0) this.notify(true);
  }

  /** Re-derives the ageing rate and reschedules the failure event when it changed. */
  private updateAgeing(): void {
    const now = this.sim.now;
    const rate = this.up && !this.frozen ? this.dormancy : 0;
    if (this.rate > 0) {
      this.remainingLife = Math.max(0, this.remainingLife - (now - this.lastRateChange) * this.rate);
    }
    this.lastRateChange = now;
    if (rate === this.rate && (rate === 0 || this.failureEvent !== NO_EVENT)) return;
    this.rate = rate;
    this.sim.cancel(this.failureEvent);
    this.failureEvent = NO_EVENT;
    if (rate > 0 && this.remainingLife !== Infinity) {
      this.failureEvent = this.sim.schedule(this.remainingLife / rate, this, FAIL);
    }
  }

  /** Tells the listeners; the ageing rate must already reflect the new state. */
  private notify(up: boolean): void {
    for (const l of this.listeners) l.onInstanceChange(this, up);
  }
}
