/** Runtime state of one service of the traffic layer (kept by traffic-model.ts, read by its helpers). */
import type { EventHandle } from '../engine/simulator.js';
import type { Instance } from '../model/instance.js';
import type { ServiceSpec } from './types.js';

/** Runtime state of one service. */
export interface ServiceState {
  spec: ServiceSpec;
  index: number;
  hosts: Instance[];
  /** Endpoint index (instance index) of each host. */
  endpoint: number[];
  hcHealthy: boolean[];
  /** Ejected by outlier detection (outlier.ts keeps it). */
  ejected: boolean[];
  /** True when the host runs a bad version. */
  bad: boolean[];
  /** Error probability of a request on a host running the bad version. */
  badErrorRate: number;
  /** Hosts in rotation (healthy and not ejected), ascending positions. */
  candidates: number[];
  lbNodes: Instance[];
  lbActive: number;
  lbState: 'up' | 'failover' | 'down';
  lbEvent: EventHandle;
  /** Condition per host: 0 ok, 1 down, 2 unreachable from the balancer. */
  probeCond: number[];
  failingSince: number[];
}
