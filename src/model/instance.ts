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
const AGE_LIMIT = 2;

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
  /**
   * Optional hooks of the reliability area (all null / neutral by default, so a scenario that does not use
   * them runs exactly as before):
   * - `repairRequest`: see `requestRepair`;
   * - `repairDuration`: when set, a started repair lasts the duration it returns (seconds) instead of a draw
   *   of the component's repair law (e.g. a whole replaceable unit is replaced);
   * - `onAgeLimit`: told when the unit's operating age (life consumed since it was last new, in operating
   *   time units) reaches `ageLimit` while it is up (age-based preventive replacement); the unit keeps
   *   running until the hook's owner acts.
   */
  repairDuration: ((inst: Instance) => number) | null = null;
  /** When set, `requestRepair` hands the request to it (e.g. the unit's replaceable unit is being replaced). */
  repairRequest: ((inst: Instance) => void) | null = null;
  onAgeLimit: ((inst: Instance) => void) | null = null;
  private ageLimit = Infinity;
  /** Life drawn at the last renewal (operating time units). */
  private lifeDrawn = Infinity;
  /** Multiplies the ageing rate (1 = nominal): operating-mode stress (phases) and common-cause thinning. */
  private stress = 1;

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
    this.repairDuration = null;
    this.repairRequest = null;
    this.onAgeLimit = null;
    this.ageLimit = Infinity;
    this.lifeDrawn = Infinity;
    this.stress = 1;
    if (this.coreListeners >= 0) this.listeners.length = this.coreListeners;
  }

  /** Starts the unit as new at time 0 (up, fresh life). */
  start(): void {
    this.drawLife();
    this.updateAgeing();
  }

  private drawLife(): void {
    this.remainingLife = this.failure ? this.failure.sample(this.failureRng) : Infinity;
    this.lifeDrawn = this.remainingLife;
  }

  /**
   * Sets the stress factor (>= 0) multiplying the ageing rate: an accelerated-life model, exact for
   * exponential laws (the failure rate is multiplied by the factor). 1 = nominal.
   */
  setStress(factor: number): void {
    if (factor === this.stress) return;
    this.stress = factor;
    this.updateAgeing();
  }

  /**
   * Sets the operating age (seconds of nominal operation since the unit was last new) at which `onAgeLimit`
   * is told; Infinity (the default) never.
   */
  setAgeLimit(age: number): void {
    this.ageLimit = age;
    this.rescheduleAgeing();
  }

  /** Operating age: life consumed since the unit was last new (operating time units). */
  get age(): number {
    this.consume();
    return this.lifeDrawn === Infinity ? 0 : this.lifeDrawn - this.remainingLife;
  }

  /**
   * A failure caused from outside the unit's own failure law (e.g. a common-cause shock): the unit fails now,
   * as when its life runs out. No effect on a unit that has already failed.
   */
  failNow(): void {
    if (this.failed) return;
    this.consume();
    this.sim.cancel(this.failureEvent);
    this.failureEvent = NO_EVENT;
    this.onFailure();
  }

  /**
   * Makes the unit as good as new now without a repair of its own (replaced with its replaceable unit, or
   * preventively): a fresh life, age 0, and a failed unit is no longer failed. Must not be called while the
   * unit's own repair is requested or running (the owner of the hooks ensures it).
   */
  renew(): void {
    const wasFailed = this.failed;
    this.consume();
    this.failed = false;
    this.drawLife();
    this.rescheduleAgeing();
    if (wasFailed && this.faultCount === 0) this.notify(true);
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
    else if (kind === REPAIRED) this.onRepaired();
    else this.onAgeLimitReached();
  }

  /** Repairable: a repairer starts working on this unit now. */
  startRepair(): void {
    const repair = this.repair as Sampler;
    this.sim.schedule(this.repairDuration ? this.repairDuration(this) : repair.sample(this.repairRng), this, REPAIRED);
  }

  private onAgeLimitReached(): void {
    this.failureEvent = NO_EVENT;
    this.consume();
    this.rate = 0; // the next updateAgeing schedules afresh
    this.onAgeLimit?.(this);
    // A hook that leaves the unit running at its age limit is told once, not again at every instant.
    if (this.up && this.lifeDrawn - this.remainingLife >= this.ageLimit * (1 - 1e-9)) this.ageLimit = Infinity;
    this.updateAgeing();
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

  /**
   * Starts the repair process of a failed unit: waits for a crew repairer, or starts repair at once; with a
   * `repairRequest` hook, the hook decides (it calls `dispatchRepair` or makes the unit new another way).
   */
  requestRepair(): void {
    if (!this.failed || !this.repair) return;
    if (this.repairRequest) this.repairRequest(this);
    else this.dispatchRepair();
  }

  /** Queues the repair at the unit's crew, or starts it at once without one. */
  dispatchRepair(): void {
    if (this.crew) this.crew.request(this);
    else this.startRepair();
  }

  private onRepaired(): void {
    this.onRepairDone?.(this);
    this.failed = false;
    this.drawLife();
    this.crew?.release();
    this.updateAgeing();
    if (this.faultCount === 0) this.notify(true);
  }

  /** Re-derives the ageing rate and reschedules the failure event when it changed. */
  private updateAgeing(): void {
    const rate = this.up && !this.frozen ? (this.stress === 1 ? this.dormancy : this.dormancy * this.stress) : 0;
    this.consume();
    if (rate === this.rate && (rate === 0 || this.failureEvent !== NO_EVENT)) return;
    this.rate = rate;
    this.sim.cancel(this.failureEvent);
    this.failureEvent = NO_EVENT;
    if (rate > 0 && this.remainingLife !== Infinity) {
      const toLimit = this.ageLimit === Infinity ? Infinity : this.ageLimit - (this.lifeDrawn - this.remainingLife);
      if (toLimit < this.remainingLife) this.failureEvent = this.sim.schedule(Math.max(0, toLimit) / rate, this, AGE_LIMIT);
      else this.failureEvent = this.sim.schedule(this.remainingLife / rate, this, FAIL);
    }
  }

  /** Consumes the life used since the last rate change (at the current rate). */
  private consume(): void {
    const now = this.sim.now;
    if (this.rate > 0) {
      this.remainingLife = Math.max(0, this.remainingLife - (now - this.lastRateChange) * this.rate);
    }
    this.lastRateChange = now;
  }

  /** Reschedules the next ageing event after the remaining life or the age limit changed. */
  private rescheduleAgeing(): void {
    this.consume();
    this.sim.cancel(this.failureEvent);
    this.failureEvent = NO_EVENT;
    this.rate = 0;
    this.updateAgeing();
  }

  /** Tells the listeners; the ageing rate must already reflect the new state. */
  private notify(up: boolean): void {
    for (const l of this.listeners) l.onInstanceChange(this, up);
  }
}
