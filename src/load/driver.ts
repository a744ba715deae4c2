/** The per-service driver of a load mode (exact.ts + host-pool.ts, or fluid.ts), as attach.ts drives it. */
export interface LoadDriver {
  start(): void;
  /** Host h (index in the service's hosts) went down or came back up. */
  setHostUp(h: number, up: boolean): void;
  /** Multiplies the service-time factor by `change` (latency spikes). */
  scaleServiceTime(change: number): void;
  /** Busy and available slot-seconds of the up hosts since the start (cumulative; the autoscaler's metric). */
  integrals(): { busy: number; capacity: number };
  /** Fluid mode: calls `listener` at each state change (busy and capacity rates are constant in between). */
  watch?(listener: () => void): void;
  /** Closes the accounting at the horizon. */
  finish(): void;
}
