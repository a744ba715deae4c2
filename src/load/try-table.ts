/**
 * Exact mode's storage of client requests and tries: struct-of-arrays (typed arrays indexed by id, ids reused
 * through free lists), so the per-request hot path allocates nothing once the tables have grown to the largest
 * number in flight. Capacity doubles on demand (at most MAX_EXACT_QUEUE-bounded queues and breaker limits keep
 * it bounded; docs/limits.md).
 */
import { NO_EVENT } from '../engine/simulator.js';

const INITIAL = 256;

function growF64(a: Float64Array, n: number, fill = 0): Float64Array {
  const b = new Float64Array(n).fill(fill);
  b.set(a);
  return b;
}

function growI32(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

function growU8(a: Uint8Array, n: number): Uint8Array {
  const b = new Uint8Array(n);
  b.set(a);
  return b;
}

/** Try states: pending at the client (waiting for a connection), dispatched to a host, ended at the client. */
export const PENDING = 0, DISPATCHED = 1, ENDED = 2;
/**
 * Try flags (hedged requests only): TIMED_OUT, the per-try timeout passed and the try stays outstanding
 * (hedge_on_per_try_timeout); CARRIED, the try's `timeout` slot holds its success event, which also carries the
 * host's completion (it must not be cancelled by the client).
 */
export const TIMED_OUT = 1, CARRIED = 2;

/** The tries in flight: try id -> its request, deadline, retry flag, state, flags and the client's pending event. */
export class TryTable {
  req: Int32Array = new Int32Array(INITIAL);
  deadline: Float64Array = new Float64Array(INITIAL);
  /** 1 while the try is a retry counted among the active retries. */
  retry: Uint8Array = new Uint8Array(INITIAL);
  state: Uint8Array = new Uint8Array(INITIAL);
  flags: Uint8Array = new Uint8Array(INITIAL);
  /** The client's timeout or success event of the try (an EventHandle), NO_EVENT when none. */
  timeout: Float64Array = new Float64Array(INITIAL).fill(NO_EVENT);
  private readonly free: number[] = [];
  /** Ids ever handed out (the table's high-water mark). */
  size = 0;

  /** A new try of request `r`, in state PENDING with no event. */
  alloc(r: number, deadline: number, retry: boolean): number {
    const id = this.free.length > 0 ? (this.free.pop() as number) : this.size++;
    if (id >= this.req.length) this.grow();
    this.req[id] = r;
    this.deadline[id] = deadline;
    this.retry[id] = retry ? 1 : 0;
    this.state[id] = PENDING;
    this.flags[id] = 0;
    this.timeout[id] = NO_EVENT;
    return id;
  }

  release(id: number): void {
    this.free.push(id);
  }

  private grow(): void {
    const n = this.req.length * 2;
    this.req = growI32(this.req, n);
    this.deadline = growF64(this.deadline, n);
    this.retry = growU8(this.retry, n);
    this.state = growU8(this.state, n);
    this.flags = growU8(this.flags, n);
    this.timeout = growF64(this.timeout, n, NO_EVENT);
  }
}

/** The client requests in flight: request id -> arrival time and tries sent. */
export class RequestTable {
  arrivedAt: Float64Array = new Float64Array(INITIAL);
  attempts: Int32Array = new Int32Array(INITIAL);
  live: Uint8Array = new Uint8Array(INITIAL);
  private readonly free: number[] = [];
  size = 0;

  alloc(arrivedAt: number): number {
    const r = this.free.length > 0 ? (this.free.pop() as number) : this.size++;
    if (r >= this.live.length) this.grow();
    this.arrivedAt[r] = arrivedAt;
    this.attempts[r] = 0;
    this.live[r] = 1;
    return r;
  }

  release(r: number): void {
    this.live[r] = 0;
    this.free.push(r);
  }

  /** Requests in flight that arrived at or after `t`. */
  liveSince(t: number): number {
    let n = 0;
    for (let r = 0; r < this.size; r++) if (this.live[r] && this.arrivedAt[r] >= t) n++;
    return n;
  }

  private grow(): void {
    const n = this.live.length * 2;
    this.arrivedAt = growF64(this.arrivedAt, n);
    this.attempts = growI32(this.attempts, n);
    this.live = growU8(this.live, n);
  }
}
