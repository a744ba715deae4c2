/**
 * The pending-event set of the discrete-event kernel: a binary min-heap over typed arrays, ordered by
 * (time, priority, seq). `seq` is the insertion counter, so events at the same time and priority fire in
 * the order they were scheduled (FIFO), which makes runs deterministic.
 *
 * Each event lives in a slot; the heap holds slot numbers and every slot knows its heap position, so
 * cancellation is O(log n) (remove at position + sift). Handles carry a generation count, so cancelling
 * an event that already fired (and whose slot was reused) is a harmless no-op.
 *
 * Event payloads are (handler, kind, data): the queue never allocates per event once warmed up.
 * Reference: Cormen et al., "Introduction to Algorithms" (3rd ed., 2009), ch. 6 (binary heaps).
 */
import { InputError } from '../scenario/errors.js';

/** Receives fired events. `kind` and `data` are whatever the scheduler passed. */
export interface EventHandler {
  handleEvent(kind: number, data: number): void;
}

/** Opaque handle of a scheduled event: slot + generation x SLOT_SPACE. -1 never names an event. */
export type EventHandle = number;

/** Handle value meaning "no event". */
export const NO_EVENT: EventHandle = -1;

/** Most events pending at once (slot numbers are 24-bit); docs/limits.md. */
export const SLOT_SPACE = 2 ** 24;

/** More events pending at once than the queue can hold: the scenario schedules too much at the same time (exit 2). */
export class EventCapacityError extends InputError {
  override name = 'EventCapacityError';
}
const INITIAL_CAPACITY = 256;

export class EventQueue {
  private capacity = INITIAL_CAPACITY;
  private time = new Float64Array(INITIAL_CAPACITY);
  private priority = new Int32Array(INITIAL_CAPACITY);
  private seq = new Float64Array(INITIAL_CAPACITY);
  private kind = new Int32Array(INITIAL_CAPACITY);
  private data = new Float64Array(INITIAL_CAPACITY);
  private generation = new Uint32Array(INITIAL_CAPACITY);
  /** Heap position of each slot, -1 when free. */
  private position = new Int32Array(INITIAL_CAPACITY).fill(-1);
  private handlers: (EventHandler | null)[] = new Array(INITIAL_CAPACITY).fill(null);
  /** heap[i] = slot number. */
  private heap = new Int32Array(INITIAL_CAPACITY);
  private freeSlots: number[] = [];
  private nextFreshSlot = 0;
  private nextSeq = 0;
  private count = 0;

  /** Number of pending events. */
  get size(): number {
    return this.count;
  }

  /** Time of the earliest pending event, or +Infinity when empty. */
  peekTime(): number {
    return this.count === 0 ? Infinity : this.time[this.heap[0]];
  }

  /**
   * Adds an event. Lower `priority` fires first among events at the same time.
   * @param seq insertion order (default: after every event pushed so far); an explicit one reuses the order of
   *   an event already fired (EventQueue never hands it out again).
   * @throws RangeError when `time` is NaN.
   */
  push(time: number, priority: number, handler: EventHandler, kind: number, data: number, seq = this.nextSeq++): EventHandle {
    if (Number.isNaN(time)) throw new RangeError('event time is NaN');
    const slot = this.allocateSlot();
    this.time[slot] = time;
    this.priority[slot] = priority;
    this.seq[slot] = seq;
    this.kind[slot] = kind;
    this.data[slot] = data;
    this.handlers[slot] = handler;
    const pos = this.count++;
    this.heap[pos] = slot;
    this.position[slot] = pos;
    this.siftUp(pos);
    return this.generation[slot] * SLOT_SPACE + slot;
  }

  /** Cancels a pending event. Returns false when the handle is stale (fired, cancelled) or NO_EVENT. */
  cancel(handle: EventHandle): boolean {
    if (handle < 0) return false;
    const slot = handle % SLOT_SPACE;
    if (slot >= this.nextFreshSlot) return false;
    const gen = (handle - slot) / SLOT_SPACE;
    const pos = this.position[slot];
    if (pos < 0 || this.generation[slot] !== gen) return false;
    this.removeAt(pos);
    this.releaseSlot(slot);
    return true;
  }

  /** True when the handle names an event that is still pending. */
  isPending(handle: EventHandle): boolean {
    if (handle < 0) return false;
    const slot = handle % SLOT_SPACE;
    if (slot >= this.nextFreshSlot) return false;
    return this.position[slot] >= 0 && this.generation[slot] === (handle - slot) / SLOT_SPACE;
  }

  /**
   * Removes the earliest event and fires it through `deliver` (time, handler, kind, data).
   * Returns false when the queue is empty.
   */
  popInto(out: PoppedEvent): boolean {
    if (this.count === 0) return false;
    const slot = this.heap[0];
    out.time = this.time[slot];
    out.handler = this.handlers[slot] as EventHandler;
    out.kind = this.kind[slot];
    out.data = this.data[slot];
    out.seq = this.seq[slot];
    this.removeAt(0);
    this.releaseSlot(slot);
    return true;
  }

  /** Drops every pending event. */
  clear(): void {
    for (let i = 0; i < this.count; i++) this.releaseSlot(this.heap[i]);
    this.count = 0;
  }

  private allocateSlot(): number {
    if (this.freeSlots.length > 0) return this.freeSlots.pop() as number;
    if (this.nextFreshSlot === this.capacity) this.grow();
    return this.nextFreshSlot++;
  }

  private releaseSlot(slot: number): void {
    this.position[slot] = -1;
    this.handlers[slot] = null;
    this.generation[slot] = (this.generation[slot] + 1) % 2 ** 28;
    this.freeSlots.push(slot);
  }

  private grow(): void {
    const cap = this.capacity * 2;
    if (cap > SLOT_SPACE) throw new EventCapacityError(`the simulation needed more than ${SLOT_SPACE.toLocaleString('en-US')} events pending at once (the queue's capacity): the scenario starts far more overlapping activities than it finishes (e.g. backups or faults much more frequent than they last); lengthen their period or shorten their duration`);
    const f64 = (a: Float64Array) => { const b = new Float64Array(cap); b.set(a); return b; };
    const i32 = (a: Int32Array, fill = 0) => { const b = new Int32Array(cap).fill(fill); b.set(a); return b; };
    this.time = f64(this.time);
    this.seq = f64(this.seq);
    this.data = f64(this.data);
    this.priority = i32(this.priority);
    this.kind = i32(this.kind);
    this.heap = i32(this.heap);
    this.position = i32(this.position, -1);
    const gen = new Uint32Array(cap);
    gen.set(this.generation);
    this.generation = gen;
    this.handlers.length = cap;
    this.handlers.fill(null, this.capacity);
    this.capacity = cap;
  }

  private removeAt(pos: number): void {
    const last = --this.count;
    if (pos === last) return;
    const moved = this.heap[last];
    this.heap[pos] = moved;
    this.position[moved] = pos;
    if (pos > 0 && this.less(moved, this.heap[(pos - 1) >> 1])) this.siftUp(pos);
    else this.siftDown(pos);
  }

  /** Strict order of two slots by (time, priority, seq). */
  private less(a: number, b: number): boolean {
    const ta = this.time[a], tb = this.time[b];
    if (ta !== tb) return ta < tb;
    const pa = this.priority[a], pb = this.priority[b];
    if (pa !== pb) return pa < pb;
    return this.seq[a] < this.seq[b];
  }

  private siftUp(pos: number): void {
    const heap = this.heap;
    const slot = heap[pos];
    while (pos > 0) {
      const parentPos = (pos - 1) >> 1;
      const parent = heap[parentPos];
      if (!this.less(slot, parent)) break;
      heap[pos] = parent;
      this.position[parent] = pos;
      pos = parentPos;
    }
    heap[pos] = slot;
    this.position[slot] = pos;
  }

  private siftDown(pos: number): void {
    const heap = this.heap;
    const n = this.count;
    const slot = heap[pos];
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && this.less(heap[right], heap[child])) child = right;
      const childSlot = heap[child];
      if (!this.less(childSlot, slot)) break;
      heap[pos] = childSlot;
      this.position[childSlot] = pos;
      pos = child;
    }
    heap[pos] = slot;
    this.position[slot] = pos;
  }
}

/** Reusable out-parameter of `EventQueue.popInto` (avoids an allocation per event). */
export interface PoppedEvent {
  time: number;
  handler: EventHandler;
  kind: number;
  data: number;
  /** Insertion order of the event (ties at equal time and priority fire in this order). */
  seq: number;
}
