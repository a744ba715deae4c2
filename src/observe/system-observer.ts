import type { EventHandler, Simulator } from '../engine/simulator.js';

/** Priority of probe events: after every state change scheduled at the same instant. */
export const PROBE_PRIORITY = 1_000_000;

/**
 * Watches the system's up/down state and accumulates, over the window [warmup, horizon]: up and down
 * time, the number of failures, outage durations (completed and censored), the first failure time from
 * t = 0, and the state at the requested probe times (point availability).
 */
export class SystemObserver implements EventHandler {
  uptime = 0;
  downtime = 0;
  outages = 0;
  censoredOutages = 0;
  firstFailure: number | null = null;
  /** This replication's outage durations (a fresh array per replication: it goes into its statistics). */
  outageDurations: number[] = [];
  /** This replication's states at the probes (fresh per replication, like `outageDurations`). */
  upAtProbe: boolean[];
  private up = true;
  private lastChange = 0;
  private outageStart = -1;

  /**
   * @param probes times (seconds) at which to record the state; recorded after any change at that instant.
   */
  constructor(
    private readonly sim: Simulator,
    private readonly warmup: number,
    private readonly horizon: number,
    private readonly probes: number[],
  ) {
    this.upAtProbe = probes.map(() => false);
  }

  /** Back to the state as constructed, for the next replication on the same (reset) simulator. */
  reset(): void {
    this.uptime = 0;
    this.downtime = 0;
    this.outages = 0;
    this.censoredOutages = 0;
    this.firstFailure = null;
    this.outageDurations = [];
    this.upAtProbe = this.probes.map(() => false);
    this.up = true;
    this.lastChange = 0;
    this.outageStart = -1;
  }

  /** Schedules the probes; call once at t = 0 with the system's initial state. */
  start(initiallyUp: boolean): void {
    this.up = initiallyUp;
    if (!initiallyUp) {
      this.firstFailure = 0;
      this.outageStart = 0;
      if (this.warmup === 0) this.outages++;
    }
    this.probes.forEach((t, i) => this.sim.scheduleAt(t, this, 0, i, PROBE_PRIORITY));
  }

  handleEvent(_kind: number, probe: number): void {
    this.upAtProbe[probe] = this.up;
  }

  /** The system went down (false) or came back up (true) at `sim.now`. */
  systemChanged(up: boolean): void {
    const now = this.sim.now;
    this.accumulate(now);
    this.up = up;
    if (!up) {
      if (this.firstFailure === null) this.firstFailure = now;
      this.outageStart = now;
      if (now >= this.warmup && now < this.horizon) this.outages++;
    } else if (this.outageStart >= this.warmup) {
      this.outageDurations.push(now - this.outageStart);
    }
  }

  /** Closes the window at the horizon; call once after the run. */
  finish(): void {
    this.accumulate(this.horizon);
    if (!this.up && this.outageStart >= this.warmup && this.outageStart < this.horizon) this.censoredOutages++;
  }

  private accumulate(now: number): void {
    const from = Math.max(this.lastChange, this.warmup);
    const to = Math.min(now, this.horizon);
    if (to > from) {
      if (this.up) this.uptime += to - from;
      else this.downtime += to - from;
    }
    this.lastChange = now;
  }
}
