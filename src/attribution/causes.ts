/**
 * What a cause key of the attribution statistics (stats.ts) stands for: the instance, the fault, and the
 * groups its shares are reported by (component, kind, zone).
 */
import type { Scenario } from '../scenario/types.js';

export interface Cause {
  /** Display label, unique per key: `db[1]: failure`, `db[1]: zone-outage faults[2]`, `switchover`. */
  label: string;
  instance: string | null;
  component: string | null;
  /** `failure`, the fault kind (`crash`, `zone-outage`), or `switchover`. */
  kind: string;
  /** The fault's zone (zone outages), else the instance's zone; null when none. */
  zone: string | null;
  /** `faults[k]` when an injected fault started the outage. */
  fault: string | null;
}

/** The cause a key stands for. */
export function causeOfKey(scenario: Scenario, key: string): Cause {
  if (key === 's') return { label: 'switchover (standby block)', instance: null, component: null, kind: 'switchover', zone: null, fault: null };
  const [i, reason] = key.split(':');
  const inst = scenario.instances[Number(i)];
  if (reason === 'f') return { label: `${inst.id}: failure`, instance: inst.id, component: inst.component, kind: 'failure', zone: inst.zone, fault: null };
  const k = Number(reason);
  const f = scenario.faults[k];
  const fault = `faults[${k}]`;
  return { label: `${inst.id}: ${f.kind} ${fault}`, instance: inst.id, component: inst.component, kind: f.kind, zone: f.zone ?? inst.zone, fault };
}
