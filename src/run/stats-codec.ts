/**
 * A compact encoding of a chunk of replication outputs for the trip from a pool worker to the main thread.
 * Structured cloning an array of small objects costs about 2 us per replication to serialize and 3-4 us to
 * deserialize (V8 rebuilds each object property by property), which on the main thread of a small model is
 * a quarter of the time a replication takes to compute. The core statistics (src/observe/replication-stats.ts)
 * therefore travel as one Float64Array (float64 holds every number exactly, -0 and non-finite values
 * included), and only what else a replication carries (the areas' entries, a timeline) is structured-cloned.
 *
 * Decoding rebuilds objects equal to the originals with the same key order (shard files serialize them), so
 * which thread computed a replication never shows. A chunk whose statistics do not have exactly the expected
 * core fields in the expected order (a field added to ReplicationStats but not here) travels whole, by
 * structured clone: slower, never wrong (test/stats-codec.test.ts checks that the bundled scenarios take
 * the compact path).
 */
import type { ReplicationStats } from '../observe/replication-stats.js';
import type { ReplicationOutput } from './replication.js';

/** The core fields of ReplicationStats, in the order runReplication writes them. */
const CORE_KEYS = [
  'replication',
  'window',
  'uptime',
  'downtime',
  'outages',
  'outageDurations',
  'censoredOutages',
  'firstFailure',
  'upAtProbe',
  'instanceDowntime',
  'events',
] as const;

/** Numbers per replication before its three arrays (see `encodeOne`). */
const HEADER = 12;

/** A chunk of outputs as sent by a worker: compact (`core`) or whole (`outputs`). */
export type PackedOutputs =
  | {
      /** Per replication: HEADER numbers (`encodeOne`), then its outage durations, probe states (0/1) and instance down times. */
      core: Float64Array;
      count: number;
      /** Per replication, the entries after the core fields (areas' statistics), when any replication has some. */
      rest: (Record<string, unknown> | null)[] | null;
      /** Timelines by position in the chunk. */
      timelines: { index: number; timeline: NonNullable<ReplicationOutput['timeline']> }[];
    }
  | { outputs: ReplicationOutput[] };

const isNumberArray = (xs: unknown): xs is number[] => Array.isArray(xs) && xs.every((x) => typeof x === 'number');
const isBooleanArray = (xs: unknown): xs is boolean[] => Array.isArray(xs) && xs.every((x) => typeof x === 'boolean');

/** The entries after the core fields, or undefined when the core fields are not exactly CORE_KEYS in order with the expected types. */
function restOf(stats: ReplicationStats): Record<string, unknown> | null | undefined {
  const keys = Object.keys(stats);
  for (let i = 0; i < CORE_KEYS.length; i++) if (keys[i] !== CORE_KEYS[i]) return undefined;
  const s = stats as unknown as Record<string, unknown>;
  for (const k of ['replication', 'window', 'uptime', 'downtime', 'outages', 'censoredOutages', 'events']) if (typeof s[k] !== 'number') return undefined;
  if (stats.firstFailure !== null && typeof stats.firstFailure !== 'number') return undefined;
  if (!isNumberArray(stats.outageDurations) || !isBooleanArray(stats.upAtProbe) || !isNumberArray(stats.instanceDowntime)) return undefined;
  if (keys.length === CORE_KEYS.length) return null;
  const rest: Record<string, unknown> = {};
  for (let i = CORE_KEYS.length; i < keys.length; i++) rest[keys[i]] = s[keys[i]];
  return rest;
}

/** Writes one replication's record at `at`; returns where the next one starts. */
function encodeOne(s: ReplicationStats, out: Float64Array, at: number): number {
  out[at] = s.replication;
  out[at + 1] = s.window;
  out[at + 2] = s.uptime;
  out[at + 3] = s.downtime;
  out[at + 4] = s.outages;
  out[at + 5] = s.censoredOutages;
  out[at + 6] = s.firstFailure === null ? 0 : 1;
  out[at + 7] = s.firstFailure ?? 0;
  out[at + 8] = s.events;
  out[at + 9] = s.outageDurations.length;
  out[at + 10] = s.upAtProbe.length;
  out[at + 11] = s.instanceDowntime.length;
  let p = at + HEADER;
  for (const d of s.outageDurations) out[p++] = d;
  for (const u of s.upAtProbe) out[p++] = u ? 1 : 0;
  for (const d of s.instanceDowntime) out[p++] = d;
  return p;
}

/** Packs a worker's chunk of outputs (compactly when every replication has the expected core fields). */
export function packOutputs(outputs: ReplicationOutput[]): PackedOutputs {
  let length = 0;
  let rest: (Record<string, unknown> | null)[] | null = null;
  for (let i = 0; i < outputs.length; i++) {
    const s = outputs[i].stats;
    const r = restOf(s);
    if (r === undefined) return { outputs };
    if (r) (rest ??= new Array<Record<string, unknown> | null>(outputs.length).fill(null))[i] = r;
    length += HEADER + s.outageDurations.length + s.upAtProbe.length + s.instanceDowntime.length;
  }
  const core = new Float64Array(length);
  const timelines: { index: number; timeline: NonNullable<ReplicationOutput['timeline']> }[] = [];
  let at = 0;
  for (let i = 0; i < outputs.length; i++) {
    at = encodeOne(outputs[i].stats, core, at);
    const t = outputs[i].timeline;
    if (t) timelines.push({ index: i, timeline: t });
  }
  return { core, count: outputs.length, rest, timelines };
}

/**
 * `v` as a small integer when it is an integer other than -0 (the same number). A number read from a
 * Float64Array is a heap number even when it is integral, while the replication writes its counters as small
 * integers: an object holding heap numbers in those fields gets another hidden class, which deprecates the
 * originals' (their in-object fields turn into boxed doubles) and makes every later access to the
 * accumulated statistics polymorphic (about a tenth of the main thread's time on the e-commerce model).
 */
function asWritten(v: number): number {
  const i = v | 0;
  return i === v && (i !== 0 || 1 / v > 0) ? i : v;
}

/** Reads `n` numbers of `core` from `at` into a fresh array (`new Array(n)`, as the instance observer's). */
function slice(core: Float64Array, at: number, n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = core[at + i];
  return out;
}

/** Reads `n` numbers of `core` from `at` by pushing them onto [] (as the system observer builds its arrays). */
function pushed(core: Float64Array, at: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(core[at + i]);
  return out;
}

/** The outputs a worker packed, equal to the originals (same key order). */
export function unpackOutputs(packed: PackedOutputs): ReplicationOutput[] {
  if ('outputs' in packed) return packed.outputs;
  const { core, count, rest, timelines } = packed;
  const outputs = new Array<ReplicationOutput>(count);
  let a = 0;
  for (let i = 0; i < count; i++) {
    const nOut = core[a + 9], nProbe = core[a + 10], nInst = core[a + 11];
    const p = a + HEADER;
    const probes: boolean[] = [];
    for (let j = 0; j < nProbe; j++) probes.push(core[p + nOut + j] === 1);
    const stats: ReplicationStats = {
      replication: asWritten(core[a]),
      window: asWritten(core[a + 1]),
      uptime: asWritten(core[a + 2]),
      downtime: asWritten(core[a + 3]),
      outages: asWritten(core[a + 4]),
      outageDurations: pushed(core, p, nOut),
      censoredOutages: asWritten(core[a + 5]),
      firstFailure: core[a + 6] === 1 ? asWritten(core[a + 7]) : null,
      upAtProbe: probes,
      instanceDowntime: slice(core, p + nOut + nProbe, nInst),
      events: asWritten(core[a + 8]),
    };
    const extra = rest?.[i];
    if (extra) Object.assign(stats, extra);
    outputs[i] = { stats };
    a = p + nOut + nProbe + nInst;
  }
  for (const t of timelines) outputs[t.index].timeline = t.timeline;
  return outputs;
}
