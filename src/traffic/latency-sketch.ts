/**
 * Client latency as a mergeable quantile sketch with a stated relative accuracy: DDSketch (Masson, Rim &
 * Lee, "DDSketch: a fast and fully-mergeable quantile sketch with relative-error guarantees", PVLDB 12(12),
 * 2019) from `@datadog/sketches-js`. Every value x > 0 goes to the bucket key(x) of the library's
 * logarithmic mapping; a quantile read back is within a relative error alpha of the exact (weighted) sample
 * quantile. The counts are kept here as plain JSON (worker threads and shard files clone them) and merged
 * by adding counts in replication order, so merged sketches are byte-identical however the work was split.
 * Units: seconds.
 */
import { DDSketch } from '@datadog/sketches-js';

/** Relative accuracy alpha of the latency quantiles: |reported - exact| <= alpha x exact. */
export const LATENCY_RELATIVE_ACCURACY = 0.005;

const mapping = new DDSketch({ relativeAccuracy: LATENCY_RELATIVE_ACCURACY }).mapping;

/** Counts (or weights, in fluid mode) per DDSketch key, from key `offset` on; `zero`: values too small to map. */
export interface LatencySketch {
  zero: number;
  offset: number;
  counts: number[];
}

/** An empty sketch. */
export function emptySketch(): LatencySketch {
  return { zero: 0, offset: 0, counts: [] };
}

/** Adds `weight` (> 0) at value x (s, >= 0). */
export function addLatency(s: LatencySketch, x: number, weight = 1): void {
  if (!(x > mapping.minPossible)) {
    s.zero += weight;
    return;
  }
  addAtKey(s, mapping.key(x), weight);
}

function addAtKey(s: LatencySketch, key: number, weight: number): void {
  if (s.counts.length === 0) {
    s.offset = key;
    s.counts.push(weight);
    return;
  }
  if (key < s.offset) {
    s.counts.unshift(...new Array<number>(s.offset - key).fill(0));
    s.offset = key;
  }
  const i = key - s.offset;
  while (s.counts.length <= i) s.counts.push(0);
  s.counts[i] += weight;
}

/** Adds factor x every count of `from` into `into` (merge when factor = 1). */
export function addScaled(into: LatencySketch, from: LatencySketch, factor = 1): void {
  if (from.zero > 0) into.zero += factor * from.zero;
  for (let i = 0; i < from.counts.length; i++) if (from.counts[i] > 0) addAtKey(into, from.offset + i, factor * from.counts[i]);
}

/** Multiplies every count by `factor` (e.g. 1/samples to normalize). */
export function scaleSketch(s: LatencySketch, factor: number): void {
  s.zero *= factor;
  for (let i = 0; i < s.counts.length; i++) s.counts[i] *= factor;
}

/** Total weight. */
export function sketchCount(s: LatencySketch): number {
  let n = s.zero;
  for (const c of s.counts) n += c;
  return n;
}

/**
 * Quantile p in [0, 1] of a sketch (the library's lower quantile at rank p (count - 1)), within relative
 * error LATENCY_RELATIVE_ACCURACY of the exact one; null when the sketch is empty.
 */
export function sketchQuantile(s: LatencySketch, p: number): number | null {
  return sketchQuantiles(s, [p])[0];
}

/** Several quantiles of one sketch (built once). */
export function sketchQuantiles(s: LatencySketch, ps: readonly number[]): (number | null)[] {
  if (sketchCount(s) <= 0) return ps.map(() => null);
  const sk = new DDSketch({ relativeAccuracy: LATENCY_RELATIVE_ACCURACY });
  if (s.zero > 0) sk.accept(0, s.zero);
  // value(key) is the bucket's representative and maps back to the same key.
  for (let i = 0; i < s.counts.length; i++) if (s.counts[i] > 0) sk.accept(mapping.value(s.offset + i), s.counts[i]);
  return ps.map((p) => sk.getValueAtQuantile(p));
}

/** Merges sketches in the given order (replication order keeps the result byte-identical). */
export function mergeSketches(list: readonly LatencySketch[]): LatencySketch {
  const out = emptySketch();
  for (const s of list) addScaled(out, s);
  return out;
}

/**
 * A mixture of sketches with real weights (e.g. Lagrange interpolation weights, some negative): the
 * weighted sum of counts (addScaled in list order, so deterministic), negative counts clamped to 0, then
 * normalized to total weight 1 (left as is when nothing positive remains). Throws when the lengths differ.
 */
export function mixSketches(list: readonly LatencySketch[], weights: readonly number[]): LatencySketch {
  if (list.length !== weights.length) throw new Error(`mixSketches: ${list.length} sketches but ${weights.length} weights`);
  const out = emptySketch();
  list.forEach((s, i) => addScaled(out, s, weights[i]));
  out.zero = Math.max(0, out.zero);
  for (let i = 0; i < out.counts.length; i++) out.counts[i] = Math.max(0, out.counts[i]);
  const total = sketchCount(out);
  if (total > 0) scaleSketch(out, 1 / total);
  return out;
}
