/**
 * The network between endpoints: zones, one-way link latencies and the network faults currently active
 * (Chaos Mesh NetworkChaos actions partition, delay ("latency"), loss, and a blackhole that drops every
 * packet to and from its target). Endpoints are instance indices 0..n-1 plus `CLIENTS` (= n): the external
 * callers and the balancers' health checkers, located in `traffic.client_zone`.
 *
 * A request/response exchange between a and b needs packets a -> b and b -> a (TCP), so a one-way
 * partition breaks exchanges initiated from either side, as a two-way one does; the direction only decides
 * which packets are dropped.
 */
import type { EndpointSet, NetworkFaultSpec, TrafficScenario } from '../types.js';
import { linkKey } from '../types.js';
import type { InstanceSpec } from '../../core/types.js';

export class NetworkState {
  /** Endpoint index of the clients (and balancers). */
  readonly clients: number;
  /** Incremented whenever a fault begins or ends (part of the traffic state signature). */
  version = 0;
  private readonly zoneOf: (string | null)[];
  private readonly active: Int32Array;
  /** membership[f][e]: 1 if endpoint e is in the fault's from/target group, 2 if in its to group. */
  private readonly membership: Uint8Array[];
  /** Round-trip base latency between endpoints, row-major (n+1) x (n+1). */
  private readonly rtt: Float64Array;
  /** Number of active fault occurrences (0: the fast path skips every fault check). */
  private activeCount = 0;

  constructor(private readonly spec: TrafficScenario, instances: InstanceSpec[]) {
    this.clients = instances.length;
    this.zoneOf = [...instances.map((i) => i.zone), spec.clientZone];
    const index = new Map(instances.map((inst, i) => [inst.id, i]));
    const mark = (set: EndpointSet | null, m: Uint8Array, bit: number) => {
      if (!set) return;
      for (const id of set.instances) m[index.get(id) as number] |= bit;
      if (set.clients) m[this.clients] |= bit;
    };
    this.membership = spec.networkFaults.map((f) => {
      const m = new Uint8Array(this.clients + 1);
      mark(f.from, m, 1);
      mark(f.to, m, 2);
      return m;
    });
    this.active = new Int32Array(spec.networkFaults.length);
    const n = this.clients + 1;
    this.rtt = new Float64Array(n * n);
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) this.rtt[a * n + b] = this.linkLatency(a, b) + this.linkLatency(b, a);
  }

  /** True while some network fault is active. */
  get anyFault(): boolean {
    return this.activeCount > 0;
  }

  get faults(): NetworkFaultSpec[] {
    return this.spec.networkFaults;
  }

  /** Fault `i` starts (occurrences nest). */
  begin(i: number): void {
    this.active[i]++;
    this.activeCount++;
    this.version++;
  }

  /** Fault `i` ends. */
  end(i: number): void {
    this.active[i]--;
    this.activeCount--;
    this.version++;
  }

  /** Bit mask of the active faults (first 30), for state signatures. */
  activeMask(): string {
    let s = '';
    for (let i = 0; i < this.active.length; i++) s += this.active[i] > 0 ? '1' : '0';
    return s;
  }

  /** One-way base latency from a to b (link latency between their zones, else `network.default_latency`, or the intra-zone latency). */
  linkLatency(a: number, b: number): number {
    const za = this.zoneOf[a];
    const zb = this.zoneOf[b];
    if (za === null || zb === null || za === zb) return za === null || zb === null ? 0 : this.spec.intraZoneLatency;
    return this.spec.links[linkKey(za, zb)] ?? this.spec.defaultLatency ?? 0;
  }

  /** Is a packet from `src` to `dst` dropped by an active partition or blackhole? */
  dropped(src: number, dst: number): boolean {
    const faults = this.spec.networkFaults;
    for (let i = 0; i < faults.length; i++) {
      if (this.active[i] === 0) continue;
      const f = faults[i];
      const m = this.membership[i];
      if (f.kind === 'blackhole') {
        if (m[src] & 1 || m[dst] & 1) return true;
      } else if (f.kind === 'partition') {
        const forward = (m[src] & 1) !== 0 && (m[dst] & 2) !== 0;
        const backward = (m[src] & 2) !== 0 && (m[dst] & 1) !== 0;
        if ((forward && f.direction !== 'from') || (backward && f.direction !== 'to')) return true;
      }
    }
    return false;
  }

  /** Can a and b complete a request/response exchange (packets both ways)? */
  reachable(a: number, b: number): boolean {
    return !this.dropped(a, b) && !this.dropped(b, a);
  }

  /** Probability that an exchange between a and b is lost (active loss faults on either endpoint). */
  lossProbability(a: number, b: number): number {
    let pass = 1;
    const faults = this.spec.networkFaults;
    for (let i = 0; i < faults.length; i++) {
      if (this.active[i] === 0 || faults[i].kind !== 'loss') continue;
      const m = this.membership[i];
      if (m[a] & 1 || m[b] & 1) pass *= 1 - faults[i].loss;
    }
    return 1 - pass;
  }

  /** Does an active latency fault apply to exchanges between a and b (their round trip is then random)? */
  latencyFaulted(a: number, b: number): boolean {
    const faults = this.spec.networkFaults;
    for (let i = 0; i < faults.length; i++) {
      if (this.active[i] === 0 || faults[i].kind !== 'latency') continue;
      const m = this.membership[i];
      if (m[a] & 1 || m[b] & 1) return true;
    }
    return false;
  }

  /**
   * Round-trip network time of one exchange between a and b: twice the link latency plus, for every active
   * latency fault on either endpoint, its delay plus a uniform jitter in [-jitter, +jitter] (clamped at 0).
   * @param u uniform draws (one per active latency fault that applies).
   */
  roundTrip(a: number, b: number, u: () => number): number {
    let t = this.rtt[a * (this.clients + 1) + b];
    if (this.activeCount === 0) return t;
    const faults = this.spec.networkFaults;
    for (let i = 0; i < faults.length; i++) {
      if (this.active[i] === 0 || faults[i].kind !== 'latency') continue;
      const m = this.membership[i];
      if (m[a] & 1 || m[b] & 1) t += Math.max(0, faults[i].latency + faults[i].jitter * (2 * u() - 1));
    }
    return t;
  }
}
