/**
 * The traffic layer's state for one replication: for every service, its hosts (component instances) as the
 * balancer sees them (health-check status, outlier ejection, deployed version), its balancer nodes
 * (active/passive with failover), and the network. It listens to instance state changes and network faults,
 * runs health checks (prober.ts, the same probe process in both modes), outlier ejection, and tells its
 * driver (fluid integrator or exact request generator) after every change.
 */
import { rngStream, type Uniform } from '../engine/rng.js';
import { NO_EVENT, type EventHandle, type EventHandler, type Simulator } from '../engine/simulator.js';
import type { Instance, InstanceListener } from '../model/instance.js';
import { NetworkState } from './network/network.js';
import { OutlierDetector } from './outlier.js';
import { Prober, type ProbeListener } from './prober.js';
import type { ServiceSpec, TrafficScenario } from './types.js';
import type { ServiceState } from './service-state.js';
import type { TrafficCollector } from './stats.js';

export type { ServiceState } from './service-state.js';

const LB_FAILOVER = 4;


/** Told after every change of the traffic state. */
export interface TrafficDriver {
  changed(): void;
}

export class TrafficModel implements EventHandler, InstanceListener, ProbeListener {
  readonly services: ServiceState[];
  readonly byName: Map<string, ServiceState>;
  readonly network: NetworkState;
  driver: TrafficDriver | null = null;
  /** Called when a health check marks a failing host unhealthy (monitoring starts the response). */
  onHostDetected: ((inst: Instance) => void) | null = null;
  private readonly prober: Prober;
  /** Outlier detection (consecutive 5xx) of every service. */
  readonly outliers: OutlierDetector;
  private readonly lbRng: Uniform;
  private readonly hostOf = new Map<Instance, [ServiceState, number][]>();
  private readonly lbOf = new Map<Instance, ServiceState[]>();

  constructor(
    private readonly sim: Simulator,
    readonly spec: TrafficScenario,
    instances: Instance[],
    readonly stats: TrafficCollector,
    seed: number,
    replication: number,
  ) {
    const byId = new Map(instances.map((i) => [i.id, i]));
    this.network = new NetworkState(spec, instances.map((i) => i.spec));
    this.lbRng = rngStream(seed, replication, 'traffic', 'balancer-failover');
    this.services = spec.services.map((s, index) => {
      const hosts = s.hosts.map((id) => byId.get(id) as Instance);
      const lbNodes = s.balancer.nodes ? instances.filter((i) => i.spec.component === s.balancer.nodes) : [];
      const n = hosts.length;
      const st: ServiceState = {
        spec: s,
        index,
        hosts,
        endpoint: hosts.map((h) => h.index),
        hcHealthy: new Array(n).fill(true),
        ejected: new Array(n).fill(false),
        bad: new Array(n).fill(false),
        badErrorRate: 1,
        candidates: hosts.map((_, i) => i),
        lbNodes,
        lbActive: 0,
        lbState: 'up',
        lbEvent: NO_EVENT,
        probeCond: new Array(n).fill(0),
        failingSince: new Array(n).fill(-1),
      };
      hosts.forEach((h, i) => this.hostOf.set(h, [...(this.hostOf.get(h) ?? []), [st, i]]));
      for (const node of lbNodes) this.lbOf.set(node, [...(this.lbOf.get(node) ?? []), st]);
      return st;
    });
    this.byName = new Map(this.services.map((s) => [s.spec.name, s]));
    this.outliers = new OutlierDetector(sim, this.services, stats, rngStream(seed, replication, 'traffic', 'outlier'));
    this.outliers.onChange = () => this.changed();
    this.prober = new Prober(sim, this.services, this.network, this, rngStream(seed, replication, 'traffic', 'health-check'));
    for (const inst of new Set([...this.hostOf.keys(), ...this.lbOf.keys()])) inst.addListener(this);
  }

  /** Starts the health checkers' probe cycles. */
  startProbes(): void {
    this.prober.start();
  }

  onInstanceChange(inst: Instance, up: boolean): void {
    for (const s of this.lbOf.get(inst) ?? []) this.lbNodeChanged(s, inst, up);
    // Down again while still failing (unreachable): a new failure for the health checker to detect.
    if (!up) for (const [s, h] of this.hostOf.get(inst) ?? []) if (s.probeCond[h] !== 0) this.prober.failureBegins(s, h);
    this.changed();
  }

  /** The network changed (a fault began or ended). */
  networkChanged(): void {
    this.changed();
  }

  /** Marks hosts as running a bad version (true) or a good one. */
  setBad(s: ServiceState, hosts: number[], bad: boolean): void {
    for (const h of hosts) s.bad[h] = bad;
    this.changed();
  }

  /** Probe condition of a host: 0 answers, 1 refused (instance down), 2 times out (unreachable from the checker). */
  probeCondition(s: ServiceState, h: number): number {
    if (!this.network.reachable(this.network.clients, s.endpoint[h])) return 2;
    return s.hosts[h].up ? 0 : 1;
  }

  /** Recomputes derived state, tells the prober and the driver. */
  changed(): void {
    const now = this.sim.now;
    for (const s of this.services) {
      for (let h = 0; h < s.hosts.length; h++) {
        const cond = this.probeCondition(s, h);
        const prev = s.probeCond[h];
        s.probeCond[h] = cond;
        if ((cond === 0) === (prev === 0)) continue;
        if (cond !== 0) {
          s.failingSince[h] = now;
          this.stats.hostFailure();
          this.prober.failureBegins(s, h);
        } else {
          s.failingSince[h] = -1;
          this.prober.failureEnds(s, h);
        }
      }
    }
    this.refreshCandidates();
    this.prober.changed();
    this.driver?.changed();
  }

  handleEvent(kind: number, data: number): void {
    if (kind === LB_FAILOVER) this.failoverDone(this.services[data]);
  }

  /** The health checker marks a host healthy or unhealthy. */
  setHealthy(s: ServiceState, h: number, healthy: boolean): void {
    if (s.hcHealthy[h] === healthy) return;
    s.hcHealthy[h] = healthy;
    this.changed();
  }

  /** The health checker detected a failure of a host that began at `since`. */
  detected(s: ServiceState, h: number, since: number, marking: boolean): void {
    this.stats.detection(this.sim.now - since, marking && !s.ejected[h]);
    this.onHostDetected?.(s.hosts[h]);
  }

  private refreshCandidates(): void {
    for (const s of this.services) {
      s.candidates.length = 0;
      for (let h = 0; h < s.hosts.length; h++) if (s.hcHealthy[h] && !s.ejected[h]) s.candidates.push(h);
    }
  }

  /** Balancer nodes: active/passive; losing the active node costs failover_time (or a wait for a repair). */
  private lbNodeChanged(s: ServiceState, node: Instance, up: boolean): void {
    const now = this.sim.now;
    if (!up && node === s.lbNodes[s.lbActive] && s.lbState !== 'down') {
      const spare = s.lbNodes.findIndex((n) => n.up);
      const wasUp = s.lbState === 'up';
      this.sim.cancel(s.lbEvent);
      s.lbEvent = NO_EVENT;
      if (wasUp && spare >= 0 && this.lbRng() < s.spec.balancer.failoverSuccess) {
        s.lbState = 'failover';
        s.lbActive = spare;
        s.lbEvent = this.sim.schedule(s.spec.balancer.failoverTime, this, LB_FAILOVER, s.index);
      } else {
        s.lbState = 'down';
      }
      if (wasUp) {
        this.stats.lbFailoverStart(now);
        this.stats.balancerState(s.index, false);
      }
    } else if (up && s.lbState === 'down') {
      s.lbActive = s.lbNodes.indexOf(node);
      s.lbState = 'up';
      this.stats.lbFailoverEnd(now);
      this.stats.balancerState(s.index, true);
    }
  }

  private failoverDone(s: ServiceState): void {
    s.lbEvent = NO_EVENT;
    if (s.lbState !== 'failover') return;
    s.lbState = 'up';
    this.stats.lbFailoverEnd(this.sim.now);
    this.stats.balancerState(s.index, true);
    this.changed();
  }

  /** A compact key of everything requests depend on (fluid evaluations are cached by it). */
  signature(): string {
    let key = this.network.activeMask();
    for (const s of this.services) {
      key += `|${s.lbState[0]}${s.bad.some(Boolean) ? s.badErrorRate : ''}:`;
      for (let h = 0; h < s.hosts.length; h++) {
        key += (s.hosts[h].up ? 1 : 0) + (s.hcHealthy[h] ? 2 : 0) + (s.ejected[h] ? 4 : 0) + (s.bad[h] ? 8 : 0);
        key += ',';
      }
    }
    return key;
  }
}
