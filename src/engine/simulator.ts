import { EventQueue, NO_EVENT, type EventHandle, type EventHandler, type PoppedEvent } from './event-queue.js';
import { InputError } from '../scenario/errors.js';

/** A replication fired more events than its budget allows (`Simulator.run`'s maxEvents): exit 2. */
export class EventBudgetError extends InputError {
  override name = 'EventBudgetError';
  constructor(readonly budget: number, readonly time: number) {
    super(`more than ${budget} kernel events by t = ${time} s`);
  }
}

/**
 * The discrete-event kernel: a clock and a pending-event set. Like SimPy's core it knows nothing about
 * the model: handlers schedule events, the kernel fires them in (time, priority, seq) order.
 * Time is in seconds (float64) and never goes backwards.
 */
export class Simulator {
  /** Current simulation time, seconds. */
  now = 0;
  /** Number of events fired so far. */
  eventsFired = 0;
  private readonly queue = new EventQueue();
  private stopped = false;
  private readonly popped: PoppedEvent = { time: 0, handler: null as unknown as EventHandler, kind: 0, data: 0, seq: 0 };

  /**
   * Schedules `handler.handleEvent(kind, data)` after `delay` seconds.
   * @param priority lower fires first among events at the same time (default 0).
   * @throws RangeError when delay is negative or NaN.
   */
  schedule(delay: number, handler: EventHandler, kind: number, data = 0, priority = 0): EventHandle {
    if (!(delay >= 0)) throw new RangeError(`cannot schedule an event ${delay} s in the past`);
    return this.queue.push(this.now + delay, priority, handler, kind, data);
  }

  /**
   * Schedules an event at absolute time `time` (seconds).
   * @throws RangeError when time < now or NaN.
   */
  scheduleAt(time: number, handler: EventHandler, kind: number, data = 0, priority = 0): EventHandle {
    if (!(time >= this.now)) throw new RangeError(`cannot schedule at ${time} s: now is ${this.now} s`);
    return this.queue.push(time, priority, handler, kind, data);
  }

  /**
   * Schedules an event at `time` (>= now) in the place of the event being fired among events at the same time
   * and priority: for a handler whose event stands for two (e.g. a client's success and the host's completion of
   * the same request) and that hands the second part on as the separate event it would have been.
   * @throws RangeError when time < now or NaN.
   */
  scheduleAtFiringSeq(time: number, handler: EventHandler, kind: number, data = 0, priority = 0): EventHandle {
    if (!(time >= this.now)) throw new RangeError(`cannot schedule at ${time} s: now is ${this.now} s`);
    return this.queue.push(time, priority, handler, kind, data, this.popped.seq);
  }

  /** Time of the earliest pending event, seconds (+Infinity when none). */
  get nextTime(): number {
    return this.queue.peekTime();
  }

  /**
   * Counts, as fired, an event a handler did the work of inline instead of scheduling it (the second part of an
   * event standing for two, when nothing else is due at that instant): event counts, and `run`'s event budget,
   * stay those of separate events.
   */
  countInline(): void {
    this.eventsFired++;
    this.charged++;
  }

  /** Cancels a pending event; false if it already fired, was cancelled, or is NO_EVENT. */
  cancel(handle: EventHandle): boolean {
    return handle === NO_EVENT ? false : this.queue.cancel(handle);
  }

  /** True while the event is pending. */
  isPending(handle: EventHandle): boolean {
    return this.queue.isPending(handle);
  }

  /** Number of pending events. */
  get pending(): number {
    return this.queue.size;
  }

  /**
   * Back to t = 0 with no pending event and no event fired, keeping the queue's storage (a new replication
   * on the same simulator behaves exactly as on a new one).
   */
  reset(): void {
    this.queue.clear();
    this.now = 0;
    this.eventsFired = 0;
    this.charged = 0;
    this.stopped = false;
  }

  /**
   * Work done by handlers outside the event count, in event-equivalents (e.g. a fluid traffic evaluation
   * simulating a thousand requests): counted against `run`'s maxEvents, never in `eventsFired`.
   */
  charged = 0;

  /** Charges `work` event-equivalents of handler work against the current `run`'s event budget. */
  charge(work: number): void {
    this.charged += work;
  }

  /** Makes `run` return after the current event. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Fires events in order until the queue is empty, `stop()` is called, or the next event is after `until`
   * (seconds). Events exactly at `until` fire. On return `now` is `until` unless stopped earlier.
   * @param maxEvents most events this call may fire, work charged by handlers (`charge`) included (default: no limit)
   * @returns the number of events fired by this call.
   * @throws EventBudgetError when another event is due after `maxEvents` were fired.
   */
  run(until = Infinity, maxEvents = Infinity): number {
    this.stopped = false;
    const queue = this.queue;
    const ev = this.popped;
    let fired = 0;
    while (!this.stopped && queue.size > 0 && queue.peekTime() <= until) {
      if (fired + this.charged >= maxEvents) {
        this.eventsFired += fired;
        throw new EventBudgetError(maxEvents, this.now);
      }
      queue.popInto(ev);
      this.now = ev.time;
      fired++;
      ev.handler.handleEvent(ev.kind, ev.data);
    }
    if (!this.stopped && until !== Infinity) this.now = until;
    this.eventsFired += fired;
    return fired;
  }
}

export { NO_EVENT };
export type { EventHandle, EventHandler };
