import type { Simulator } from '../engine/simulator.js';
import type { Instance, InstanceListener } from '../model/instance.js';

/** One state change: `element` is an instance id or `system`; time in seconds. */
export interface TimelineEntry {
  t: number;
  element: string;
  up: boolean;
}

/**
 * Records state changes of every instance and of the system (for one replication's timeline chart),
 * up to `limit` entries; `truncated` tells whether changes were dropped.
 */
export class TimelineRecorder implements InstanceListener {
  readonly entries: TimelineEntry[] = [];
  truncated = false;

  constructor(private readonly sim: Simulator, private readonly limit = 5000) {}

  onInstanceChange(instance: Instance, up: boolean): void {
    this.record(instance.id, up);
  }

  /** Records a system-level change. */
  systemChanged(up: boolean): void {
    this.record('system', up);
  }

  private record(element: string, up: boolean): void {
    if (this.entries.length >= this.limit) {
      this.truncated = true;
      return;
    }
    this.entries.push({ t: this.sim.now, element, up });
  }
}
