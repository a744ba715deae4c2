/**
 * Active health checking as Envoy does it (config.core.v3.HealthCheck: `interval`, `timeout`,
 * `unhealthy_threshold`, `healthy_threshold`, `interval_jitter`), probe by probe, in both traffic modes.
 *
 * A probe goes from the checker (located with the clients) to the host over the network: it fails after
 * `timeout` when the host is unreachable (partition, blackhole), when it is lost (loss faults on the path,
 * with their probability) or when its round trip (link latency plus latency faults) exceeds `timeout`;
 * otherwise it is answered after its round trip: refused (failed) when the host is down, else passed. The
 * next probe is sent `interval + J` after the result, J uniform on [0, interval_jitter]. A healthy host
 * becomes unhealthy after `unhealthy_threshold` consecutive failed probes, an unhealthy one healthy after
 * `healthy_threshold` consecutive passed probes.
 *
 * Detection (for MTTD and monitoring): a host failure (the host goes down or unreachable, or goes down
 * again while still marked unhealthy) is detected when the host is marked unhealthy, or, if it already is,
 * once `unhealthy_threshold` consecutive probes sent after the failure began have failed (the evidence the
 * checker needs to mark a healthy host unhealthy). A failure is never detected at the instant it begins.
 *
 * Cost: while a host's probes have a certain outcome (no loss or latency fault on the path) and the
 * outcome cannot change its state (healthy and passing; or unhealthy, failing and nothing to detect), its
 * probe events are suspended and only the phase of its probe schedule is kept; when the condition changes
 * the schedule is advanced to the first probe after that instant, drawing the skipped jittered gaps (sums
 * of more than SUM_EXACT gaps by their normal approximation, clamped to the possible range). The probe
 * process is thus the same in the exact and fluid modes, and detection delays keep their dependence on
 * the probe phase (a failure just after a probe waits almost a whole interval).
 */
import type { Uniform } from '../engine/rng.js';
import type { EventHandler, Simulator } from '../engine/simulator.js';
import type { HealthCheckSpec } from './types.js';
import type { NetworkState } from './network/network.js';
import type { ServiceState } from './service-state.js';

const SEND = 0, PASS = 1, FAIL = 2;
const HOST_BITS = 4096;
/** Skipped gaps summed one by one up to this many; beyond, by the normal approximation of their sum. */
const SUM_EXACT = 64;

/** What the prober tells its model. */
export interface ProbeListener {
  /** The checker marks host h of s healthy or unhealthy. */
  setHealthy(s: ServiceState, h: number, healthy: boolean): void;
  /** A failure of host h of s that began at `since` is detected now; `marking`: by marking it unhealthy. */
  detected(s: ServiceState, h: number, since: number, marking: boolean): void;
}

interface HostProbe {
  healthy: boolean;
  fails: number;
  oks: number;
  /** Start of the failure not yet detected (-1: none). */
  pending: number;
  /** Consecutive failed probes sent at or after `pending`. */
  detectFails: number;
  lastSend: number;
  /** Suspended: time of the next probe and the certain outcome it was suspended under ('' = running). */
  sleepKey: string;
  nextSend: number;
  /** Fixed part of a gap while suspended (result delay + interval). */
  gapBase: number;
}

export class Prober implements EventHandler {
  private readonly state: HostProbe[][];

  constructor(
    private readonly sim: Simulator,
    private readonly services: ServiceState[],
    private readonly network: NetworkState,
    private readonly listener: ProbeListener,
    private readonly rng: Uniform,
  ) {
    this.state = services.map((s) =>
      s.spec.balancer.healthCheck
        ? s.hosts.map(() => ({ healthy: true, fails: 0, oks: 0, pending: -1, detectFails: 0, lastSend: 0, sleepKey: '', nextSend: 0, gapBase: 0 }))
        : [],
    );
  }

  /** Starts every host's probe cycle at a uniform phase in [0, interval). */
  start(): void {
    for (const s of this.services) {
      const hc = s.spec.balancer.healthCheck;
      if (!hc) continue;
      s.hosts.forEach((_, h) => this.sim.schedule(this.rng() * hc.interval, this, SEND, s.index * HOST_BITS + h));
    }
  }

  /** A failure of host h begins now (it went down or unreachable, or down again while failing). */
  failureBegins(s: ServiceState, h: number): void {
    const p = this.state[s.index][h];
    if (!p) return;
    p.pending = this.sim.now;
    p.detectFails = 0;
  }

  /** The host answers again before its failure was detected. */
  failureEnds(s: ServiceState, h: number): void {
    const p = this.state[s.index][h];
    if (p) p.pending = -1;
  }

  /** The traffic state changed: resume suspended probe cycles whose outcome may now differ. */
  changed(): void {
    for (const s of this.services) {
      const st = this.state[s.index];
      for (let h = 0; h < st.length; h++) {
        const p = st[h];
        if (p.sleepKey === '') continue;
        if (p.pending < 0 && this.certainOutcome(s, h) === p.sleepKey) continue;
        this.resume(s, h, p);
      }
    }
  }

  handleEvent(kind: number, data: number): void {
    const s = this.services[Math.floor(data / HOST_BITS)];
    const h = data % HOST_BITS;
    if (kind === SEND) return this.send(s, h);
    this.result(s, h, kind === FAIL);
  }

  /** Key of the probe outcome when it is certain ('fail:<delay>' / 'pass:<delay>'), '' when random. */
  private certainOutcome(s: ServiceState, h: number): string {
    const net = this.network;
    const ep = s.endpoint[h];
    const hc = s.spec.balancer.healthCheck!;
    if (!net.reachable(net.clients, ep)) return `fail:${hc.timeout}`;
    if (net.anyFault && (net.lossProbability(net.clients, ep) > 0 || net.latencyFaulted(net.clients, ep))) return '';
    const rtt = net.roundTrip(net.clients, ep, this.rng);
    if (rtt > hc.timeout) return `fail:${hc.timeout}`;
    return `${s.hosts[h].up ? 'pass' : 'fail'}:${rtt}`;
  }

  private send(s: ServiceState, h: number): void {
    const hc = s.spec.balancer.healthCheck!;
    const p = this.state[s.index][h];
    const net = this.network;
    const ep = s.endpoint[h];
    p.lastSend = this.sim.now;
    let failed: boolean;
    let delay: number;
    if (!net.reachable(net.clients, ep)) [failed, delay] = [true, hc.timeout];
    else {
      const loss = net.anyFault ? net.lossProbability(net.clients, ep) : 0;
      const rtt = loss > 0 && this.rng() < loss ? Infinity : net.roundTrip(net.clients, ep, this.rng);
      if (rtt > hc.timeout) [failed, delay] = [true, hc.timeout];
      else [failed, delay] = [!s.hosts[h].up, rtt];
    }
    if (delay > 0) this.sim.schedule(delay, this, failed ? FAIL : PASS, s.index * HOST_BITS + h);
    else this.result(s, h, failed);
  }

  private result(s: ServiceState, h: number, failed: boolean): void {
    const hc = s.spec.balancer.healthCheck!;
    const p = this.state[s.index][h];
    if (failed) {
      p.oks = 0;
      p.fails++;
      if (p.pending >= 0 && p.lastSend >= p.pending) p.detectFails++;
    } else {
      p.fails = 0;
      p.oks++;
      p.detectFails = 0;
    }
    if (p.healthy && p.fails >= hc.unhealthyThreshold) {
      p.healthy = false;
      this.detect(s, h, p, true);
      this.listener.setHealthy(s, h, false);
    } else if (!p.healthy && p.oks >= hc.healthyThreshold) {
      p.healthy = true;
      this.listener.setHealthy(s, h, true);
    } else if (p.pending >= 0 && p.detectFails >= hc.unhealthyThreshold) {
      this.detect(s, h, p, false);
    }
    const next = hc.interval + hc.intervalJitter * this.rng();
    const key = this.certainOutcome(s, h);
    const settled = p.pending < 0 && (p.healthy ? p.fails === 0 && key.startsWith('pass') : p.oks === 0 && key.startsWith('fail'));
    if (settled) {
      p.sleepKey = key;
      p.nextSend = this.sim.now + next;
      p.gapBase = Number(key.slice(5)) + hc.interval;
    } else {
      this.sim.schedule(next, this, SEND, s.index * HOST_BITS + h);
    }
  }

  private detect(s: ServiceState, h: number, p: HostProbe, marking: boolean): void {
    if (p.pending < 0) return;
    const since = p.pending;
    p.pending = -1;
    this.listener.detected(s, h, since, marking);
  }

  /** Advances a suspended schedule to its first probe at or after now and schedules it. */
  private resume(s: ServiceState, h: number, p: HostProbe): void {
    const hc = s.spec.balancer.healthCheck!;
    const now = this.sim.now;
    p.sleepKey = '';
    p.nextSend = advanceSchedule(p.nextSend, now, p.gapBase, hc.intervalJitter, this.rng);
    this.sim.scheduleAt(p.nextSend, this, SEND, s.index * HOST_BITS + h);
  }
}

/**
 * First time >= now of a renewal sequence starting at `next` with gaps a + J, J ~ U(0, j).
 * Whole blocks of m gaps that surely end before now are summed at once: exactly (m <= SUM_EXACT) or by the
 * normal law N(m(a + j/2), m j^2/12) of the sum (central limit theorem), clamped to [m a, m (a + j)].
 */
export function advanceSchedule(next: number, now: number, a: number, j: number, u: Uniform): number {
  let t = next;
  if (j === 0) return t >= now ? t : t + Math.ceil((now - t) / a) * a;
  for (;;) {
    if (t >= now) return t;
    const m = Math.floor((now - t) / (a + j));
    if (m === 0) {
      t += a + j * u();
      continue;
    }
    if (m <= SUM_EXACT) {
      for (let i = 0; i < m; i++) t += a + j * u();
    } else {
      const z = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
      t += Math.min(m * (a + j), Math.max(m * a, m * (a + j / 2) + z * j * Math.sqrt(m / 12)));
    }
  }
}
