/**
 * The worker -> main thread encoding of replication outputs (src/run/stats-codec.ts): decoding gives back
 * objects equal to the originals with the same key order (the reference is the original output itself,
 * through a real structured clone as between threads), and every bundled scenario takes the compact path.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/model/compiled-model.js';
import type { ReplicationStats } from '../src/observe/replication-stats.js';
import { runReplication, type ReplicationOutput } from '../src/run/replication.js';
import { packOutputs, unpackOutputs } from '../src/run/stats-codec.js';
import { loadScenario } from '../src/scenario-document/load.js';

/** Key order and values exactly, -0 and NaN included. */
function exactJson(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (typeof v === 'number' && (Object.is(v, -0) || !Number.isFinite(v)) ? `#${Object.is(v, -0) ? '-0' : String(v)}` : v));
}

function roundTrip(outputs: ReplicationOutput[]) {
  const packed = structuredClone(packOutputs(outputs));
  return { compact: !('outputs' in packed), back: unpackOutputs(packed) };
}

const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).map((f) => `scenarios/${f}`);

describe('replication outputs between threads', () => {
  it.each(files)('%s: 2 replications (timeline of the first) come back identical, compactly', (file) => {
    const sc = loadScenario(file);
    const model = compileModel(sc);
    const outputs = [0, 1].map((r) => runReplication(model, r, r === 0));
    const { compact, back } = roundTrip(outputs);
    expect(compact).toBe(true);
    expect(exactJson(back)).toBe(exactJson(outputs));
  });

  const stats = (extra: Partial<ReplicationStats> = {}): ReplicationStats => ({
    replication: 7,
    window: 100,
    uptime: 99.5,
    downtime: 0.5,
    outages: 2,
    outageDurations: [0.25, 0.25],
    censoredOutages: 0,
    firstFailure: null,
    upAtProbe: [true, false, true],
    instanceDowntime: [0, -0, 1e-300],
    events: 12,
    ...extra,
  });

  it('keeps -0, NaN, infinities, null and areas entries exactly, in key order', () => {
    const outputs: ReplicationOutput[] = [
      { stats: stats() },
      { stats: { ...stats({ replication: 8, firstFailure: -0, outageDurations: [], upAtProbe: [] }), traffic: { ratio: NaN, x: [Infinity, -Infinity] } } as unknown as ReplicationStats },
      { stats: stats({ replication: 9, firstFailure: 3.5, instanceDowntime: [] }) },
    ];
    const { compact, back } = roundTrip(outputs);
    expect(compact).toBe(true);
    expect(exactJson(back)).toBe(exactJson(outputs));
    expect(Object.keys(back[1].stats)).toEqual(Object.keys(outputs[1].stats));
  });

  it('keeps every scalar field the same number: -0, integers beyond 32 bits, fractions', () => {
    const odd = stats({ replication: 2 ** 31, window: 2 ** 53, uptime: -0, downtime: 2 ** 32 + 1, outages: 0, censoredOutages: -(2 ** 31) - 1, firstFailure: 0.5, events: 1e300 });
    const { compact, back } = roundTrip([{ stats: odd }]);
    expect(compact).toBe(true);
    expect(exactJson(back)).toBe(exactJson([{ stats: odd }]));
    expect(Object.is(back[0].stats.uptime, -0)).toBe(true);
  });

  it('sends statistics whose core fields are not the expected ones whole (never wrong, only slower)', () => {
    const { events, ...others } = stats();
    const reordered = { events, ...others } as ReplicationStats;
    const added = { ...stats(), newCoreField: 1 } as ReplicationStats;
    const mistyped = stats({ firstFailure: '3' as unknown as number });
    for (const s of [reordered, mistyped]) {
      const { compact, back } = roundTrip([{ stats: stats() }, { stats: s }]);
      expect(compact).toBe(false);
      expect(exactJson(back)).toBe(exactJson([{ stats: stats() }, { stats: s }]));
    }
    // A field after the core ones travels as an area entry.
    const { compact, back } = roundTrip([{ stats: added }]);
    expect(compact).toBe(true);
    expect(exactJson(back)).toBe(exactJson([{ stats: added }]));
  });
});
