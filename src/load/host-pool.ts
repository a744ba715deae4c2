/**
 * Exact mode, server side: the hosts of one service, each with `concurrency` worker slots and a FIFO queue of at
 * most `queueLimit` waiting tries. A try routed to a host starts at once on a free slot, else waits in the queue,
 * else is rejected (the queue is full). The server does not know about client timeouts: a try the client gave
 * up on is still served when its turn comes (timed-out work still consumes capacity). A host going down resets
 * every try it holds (in service or queued); its slots count as capacity only while it is up.
 */
import type { Sampler } from '../engine/distributions.js';
import type { Uniform } from '../engine/rng.js';
import { NO_EVENT, type EventHandle, type EventHandler, type Simulator } from '../engine/simulator.js';
import type { Buckets } from './series.js';
import type { LoadServiceStats } from './stats.js';
import { emptyWaitHistogram, waitBin } from './wait-histogram.js';

/** What the client side is told about its tries. */
export interface TryOwner {
  /**
   * Try `id` started service at `now`, to complete at `completion`.
   * @returns the handle of an event the owner scheduled at `completion` that also carries the host's completion
   *   (its handler then calls HostPool.complete), or NO_EVENT: the host schedules its own completion event.
   */
  started(id: number, completion: number): EventHandle;
  /** Try `id` completed service. */
  served(id: number): void;
  /** Try `id` was reset by its host going down (in service or queued). */
  reset(id: number): void;
}

class Host {
  up = true;
  busy = 0;
  /** Tries in service, oldest first: a doubly linked list through InService.prev/next (-1 ends it). */
  first = -1;
  last = -1;
  /** Waiting tries (FIFO ring) and their enqueue times. */
  readonly queue: number[] = [];
  readonly queuedAt: number[] = [];
  head = 0;
  get waiting(): number {
    return this.queue.length - this.head;
  }
}

/**
 * The tries in service, by try id (typed arrays that grow with the client's ids): host, completion event and
 * their place in their host's list (kept in start order: a host going down resets them in that order).
 */
class InService {
  host: Int32Array = new Int32Array(256);
  event: Float64Array = new Float64Array(256);
  prev: Int32Array = new Int32Array(256);
  next: Int32Array = new Int32Array(256);

  add(host: Host, h: number, id: number, event: number): void {
    if (id >= this.host.length) this.grow(id);
    this.host[id] = h;
    this.event[id] = event;
    this.prev[id] = host.last;
    this.next[id] = -1;
    if (host.last >= 0) this.next[host.last] = id;
    else host.first = id;
    host.last = id;
  }

  remove(host: Host, id: number): void {
    const p = this.prev[id], n = this.next[id];
    if (p >= 0) this.next[p] = n;
    else host.first = n;
    if (n >= 0) this.prev[n] = p;
    else host.last = p;
  }

  private grow(id: number): void {
    let n = this.host.length;
    while (n <= id) n *= 2;
    const i32 = (a: Int32Array) => { const b = new Int32Array(n); b.set(a); return b; };
    this.host = i32(this.host);
    this.prev = i32(this.prev);
    this.next = i32(this.next);
    const ev = new Float64Array(n);
    ev.set(this.event);
    this.event = ev;
  }
}

const COMPLETE = 0;

export class HostPool implements EventHandler {
  readonly hosts: Host[];
  private upCount: number;
  private lastChange = 0;
  private totalBusy = 0;
  /** Busy and available slot-seconds since the start, whole run (the autoscaler's metric). */
  private busyTotal = 0;
  private capacityTotal = 0;
  /** Service-time multiplier (latency spikes). */
  factor = 1;
  private readonly inService = new InService();

  constructor(
    private readonly sim: Simulator,
    hostCount: number,
    private readonly slots: number,
    private readonly queueLimit: number,
    private readonly service: Sampler,
    private readonly serviceRng: Uniform,
    private readonly routeRng: Uniform,
    private readonly out: LoadServiceStats,
    private readonly buckets: Buckets,
    private readonly owner: TryOwner,
  ) {
    this.hosts = Array.from({ length: hostCount }, () => new Host());
    this.upCount = hostCount;
  }

  /** Accumulates busy and available slot-seconds up to now (call before every change). */
  private account(): void {
    const now = this.sim.now;
    const a = this.lastChange;
    if (now > a) {
      this.busyTotal += this.totalBusy * (now - a);
      this.capacityTotal += this.upCount * this.slots * (now - a);
      const b = this.buckets;
      const lo = Math.max(a, b.start);
      if (now > lo) {
        b.integrate(this.out.series.busy, a, now, this.totalBusy);
        b.integrate(this.out.series.capacity, a, now, this.upCount * this.slots);
        for (let h = 0; h < this.hosts.length; h++) {
          const host = this.hosts[h];
          this.out.hostBusy[h] += host.busy * (now - lo);
          if (host.up) this.out.hostCapacity[h] += this.slots * (now - lo);
        }
      }
    }
    this.lastChange = now;
  }

  /** Closes the accounting at the horizon. */
  finish(): void {
    this.account();
  }

  /** Busy and available slot-seconds of the up hosts since the start (cumulative). */
  integrals(): { busy: number; capacity: number } {
    this.account();
    return { busy: this.busyTotal, capacity: this.capacityTotal };
  }

  /**
   * Routes try `id` to a host picked uniformly among the up ones (Envoy `random`).
   * @returns 'ok' (in service or queued), 'rejected' (queue full) or 'noHost' (no host up)
   */
  dispatch(id: number): 'ok' | 'rejected' | 'noHost' {
    if (this.upCount === 0) return 'noHost';
    let k = Math.floor(this.routeRng() * this.upCount);
    let h = 0;
    for (; h < this.hosts.length; h++) if (this.hosts[h].up && k-- === 0) break;
    const host = this.hosts[h];
    if (host.busy < this.slots) {
      this.begin(h, id, this.sim.now);
      return 'ok';
    }
    if (host.waiting >= this.queueLimit) return 'rejected';
    host.queue.push(id);
    host.queuedAt.push(this.sim.now);
    return 'ok';
  }

  private begin(h: number, id: number, queuedAt: number): void {
    this.account();
    const host = this.hosts[h];
    host.busy++;
    this.totalBusy++;
    const now = this.sim.now;
    const s = this.service.sample(this.serviceRng) * this.factor;
    this.buckets.add(this.out.series.waitSum, now, now - queuedAt);
    this.buckets.add(this.out.series.waitCount, now, 1);
    if (this.buckets.index(now) >= 0) this.recordWait(now - queuedAt);
    const carried = this.owner.started(id, now + s);
    this.inService.add(host, h, id, carried === NO_EVENT ? this.sim.schedule(s, this, COMPLETE, id) : carried);
  }

  /** Counts a queueing delay inside the window (P(wait) and the p99 of the N-k simulation, src/plan/nk-simulation.ts). */
  private recordWait(w: number): void {
    const out = this.out;
    if (out.waitHistogram.length === 0) out.waitHistogram = emptyWaitHistogram();
    if (w > 0) out.waited++;
    out.waitHistogram[waitBin(w)]++;
  }

  /**
   * Try `id` completes now, its completion carried by the owner's event (TryOwner.started). Done at once when no
   * other event is due at this instant; else scheduled in the place the host's own completion event would have
   * had (priority 0, the carrying event's insertion order): the same order of events as a separate event.
   */
  complete(id: number): void {
    const sim = this.sim;
    if (sim.nextTime === sim.now) {
      this.inService.event[id] = sim.scheduleAtFiringSeq(sim.now, this, COMPLETE, id);
      return;
    }
    sim.countInline();
    this.handleEvent(COMPLETE, id);
  }

  handleEvent(_kind: number, id: number): void {
    const h = this.inService.host[id];
    const host = this.hosts[h];
    this.inService.remove(host, id);
    this.account();
    host.busy--;
    this.totalBusy--;
    this.owner.served(id);
    this.next(h);
  }

  /** Starts the next waiting try on host h if a slot is free. */
  private next(h: number): void {
    const host = this.hosts[h];
    while (host.busy < this.slots && host.waiting > 0) {
      const id = host.queue[host.head];
      const at = host.queuedAt[host.head];
      host.head++;
      if (host.head > 1024 && host.head * 2 > host.queue.length) {
        host.queue.splice(0, host.head);
        host.queuedAt.splice(0, host.head);
        host.head = 0;
      }
      this.begin(h, id, at);
    }
  }

  /** Host h goes down (every try it holds is reset) or comes back up. */
  setUp(h: number, up: boolean): void {
    const host = this.hosts[h];
    if (host.up === up) return;
    this.account();
    host.up = up;
    this.upCount += up ? 1 : -1;
    if (up) return;
    const reset: number[] = [];
    for (let id = host.first; id >= 0; id = this.inService.next[id]) {
      this.sim.cancel(this.inService.event[id]);
      reset.push(id);
    }
    host.first = host.last = -1;
    this.totalBusy -= host.busy;
    host.busy = 0;
    for (let i = host.head; i < host.queue.length; i++) reset.push(host.queue[i]);
    host.queue.length = 0;
    host.queuedAt.length = 0;
    host.head = 0;
    for (const id of reset) this.owner.reset(id);
  }
}

export { NO_EVENT };
