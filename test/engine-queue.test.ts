import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue, NO_EVENT, type EventHandler, type PoppedEvent } from '../src/engine/event-queue.js';
import { Simulator } from '../src/engine/simulator.js';

const noop: EventHandler = { handleEvent() {} };
const popAll = (q: EventQueue) => {
  const out: { time: number; kind: number; data: number }[] = [];
  const ev: PoppedEvent = { time: 0, handler: noop, kind: 0, data: 0, seq: 0 };
  while (q.popInto(ev)) out.push({ time: ev.time, kind: ev.kind, data: ev.data });
  return out;
};

// Events as (time, priority); `data` records the insertion index so FIFO ties can be checked.
const eventsArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: -2, max: 2 })), { maxLength: 300 });

describe('EventQueue ordering', () => {
  it('pops in (time, priority, insertion) order for any insertion sequence', () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const q = new EventQueue();
        events.forEach(([t, p], i) => q.push(t, p, noop, p, i));
        const popped = popAll(q);
        const expected = events
          .map(([t, p], i) => ({ time: t, kind: p, data: i }))
          .sort((a, b) => a.time - b.time || a.kind - b.kind || a.data - b.data);
        expect(popped).toEqual(expected);
      }),
    );
  });

  it('cancellation removes exactly the cancelled events and keeps the order of the rest', () => {
    fc.assert(
      fc.property(eventsArb, fc.array(fc.boolean(), { maxLength: 300 }), (events, cancelMask) => {
        const q = new EventQueue();
        const handles = events.map(([t, p], i) => q.push(t, p, noop, p, i));
        const cancelled = new Set<number>();
        handles.forEach((h, i) => {
          if (cancelMask[i]) {
            expect(q.cancel(h)).toBe(true);
            cancelled.add(i);
          }
        });
        expect(q.size).toBe(events.length - cancelled.size);
        const popped = popAll(q);
        expect(popped.every((e) => !cancelled.has(e.data))).toBe(true);
        for (let i = 1; i < popped.length; i++) {
          const a = popped[i - 1], b = popped[i];
          expect(a.time < b.time || (a.time === b.time && (a.kind < b.kind || (a.kind === b.kind && a.data < b.data)))).toBe(true);
        }
      }),
    );
  });

  it('interleaved push, pop and cancel matches a sorted reference model', () => {
    const op = fc.oneof(
      fc.record({ op: fc.constant('push' as const), t: fc.integer({ min: 0, max: 50 }) }),
      fc.record({ op: fc.constant('pop' as const) }),
      fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const q = new EventQueue();
        let ref: { t: number; id: number; h: number }[] = [];
        let id = 0;
        const ev: PoppedEvent = { time: 0, handler: noop, kind: 0, data: 0, seq: 0 };
        for (const o of ops) {
          if (o.op === 'push') {
            const h = q.push(o.t, 0, noop, 0, id);
            ref.push({ t: o.t, id, h });
            id++;
          } else if (o.op === 'pop') {
            ref.sort((a, b) => a.t - b.t || a.id - b.id);
            const expected = ref.shift();
            expect(q.popInto(ev)).toBe(expected !== undefined);
            if (expected) expect(ev.data).toBe(expected.id);
          } else if (ref.length > 0) {
            const victim = ref[o.pick % ref.length];
            expect(q.cancel(victim.h)).toBe(true);
            ref = ref.filter((r) => r !== victim);
          }
          expect(q.size).toBe(ref.length);
        }
      }),
    );
  });

  it('stale handles are rejected after the event fired and the slot was reused', () => {
    const q = new EventQueue();
    const h1 = q.push(1, 0, noop, 0, 1);
    const ev: PoppedEvent = { time: 0, handler: noop, kind: 0, data: 0, seq: 0 };
    q.popInto(ev);
    const h2 = q.push(2, 0, noop, 0, 2); // reuses the slot
    expect(q.cancel(h1)).toBe(false);
    expect(q.isPending(h2)).toBe(true);
    expect(q.cancel(h2)).toBe(true);
    expect(q.cancel(h2)).toBe(false);
    expect(q.cancel(NO_EVENT)).toBe(false);
  });

  it('grows past its initial capacity', () => {
    const q = new EventQueue();
    for (let i = 5000; i > 0; i--) q.push(i, 0, noop, 0, i);
    const popped = popAll(q);
    expect(popped.map((e) => e.time)).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
  });
});

describe('Simulator', () => {
  it('advances the clock to each event and stops at the horizon, firing events exactly at it', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    const h: EventHandler = { handleEvent: () => seen.push(sim.now) };
    sim.schedule(5, h, 0);
    sim.schedule(10, h, 0);
    sim.schedule(10.5, h, 0);
    expect(sim.run(10)).toBe(2);
    expect(seen).toEqual([5, 10]);
    expect(sim.now).toBe(10);
    expect(sim.pending).toBe(1);
  });

  it('lets handlers schedule and cancel events while running', () => {
    const sim = new Simulator();
    const log: string[] = [];
    let victim = NO_EVENT;
    const h: EventHandler = {
      handleEvent(kind) {
        log.push(`${kind}@${sim.now}`);
        if (kind === 0) {
          sim.schedule(1, h, 1);
          victim = sim.schedule(2, h, 2);
        }
        if (kind === 1) expect(sim.cancel(victim)).toBe(true);
      },
    };
    sim.schedule(0, h, 0);
    sim.run();
    expect(log).toEqual(['0@0', '1@1']);
  });

  it('rejects scheduling in the past', () => {
    const sim = new Simulator();
    expect(() => sim.schedule(-1, noop, 0)).toThrow(RangeError);
    sim.schedule(3, noop, 0);
    sim.run();
    expect(() => sim.scheduleAt(2, noop, 0)).toThrow(/in the past|now is/);
  });

  it('orders same-time events by priority then FIFO', () => {
    const sim = new Simulator();
    const log: number[] = [];
    const h: EventHandler = { handleEvent: (_k, d) => log.push(d) };
    sim.schedule(1, h, 0, 1, 5);
    sim.schedule(1, h, 0, 2, 0);
    sim.schedule(1, h, 0, 3, 0);
    sim.schedule(1, h, 0, 4, -1);
    sim.run();
    expect(log).toEqual([4, 2, 3, 1]);
  });
});

describe('Simulator.scheduleAtFiringSeq (an event standing for two)', () => {
  it('the handed-on part fires where a separate event scheduled with the first would have fired', () => {
    // Reference: the (time, priority, seq) order of the kernel. Two runs: in `separate`, B's second part is its
    // own event scheduled right before B (so its seq is just below B's); in `carried`, B's handler hands it on.
    const order = (carried: boolean) => {
      const sim = new Simulator();
      const log: string[] = [];
      const h: EventHandler = {
        handleEvent: (kind) => {
          log.push(['A', 'B', 'B2', 'C', 'D'][kind]);
          if (kind === 1 && carried) sim.scheduleAtFiringSeq(sim.now, h, 2, 0, 0);
        },
      };
      sim.scheduleAt(5, h, 3, 0, 0); // C: priority 0, scheduled first
      if (!carried) sim.scheduleAt(5, h, 2, 0, 0); // B2: priority 0, seq just below B
      sim.scheduleAt(5, h, 1, 0, -1); // B: priority -1
      sim.scheduleAt(5, h, 4, 0, 0); // D: priority 0, scheduled last
      sim.scheduleAt(5, h, 0, 0, -1); // A: priority -1, after B
      sim.run();
      return log;
    };
    expect(order(false)).toEqual(['B', 'A', 'C', 'B2', 'D']);
    expect(order(true)).toEqual(order(false));
  });
});
