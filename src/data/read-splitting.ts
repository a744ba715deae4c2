/**
 * Read/write splitting: a fraction of reads goes to replicas while a valid replica is up. A replica read is
 * stale when the replication lag exceeds the time since the user's own write (read-after-write window;
 * Kleppmann 2017, ch. 5 "Reading your own writes"); synchronous replicas are never stale; with a quorum a
 * read is stale only if its R replies also miss the W writers (quorum.ts).
 */
import type { Sampler } from '../engine/distributions.js';
import type { Uniform } from '../engine/rng.js';
import type { DatastoreSpec } from './types.js';
import { quorumMissProbability } from './quorum.js';

/** (lag, gap) pairs drawn per replication to estimate P(lag > read-after-write gap). */
export const STALE_SAMPLES = 256;

/**
 * Monte Carlo estimate of P(a replica read is stale) for one replication.
 * @param lag draws a replication lag, s; @param gap the read-after-write law (null: 0, every lagging read is stale).
 */
export function sampledStaleProbability(spec: DatastoreSpec, lag: () => number, gap: Sampler | null, rng: Uniform): number {
  if (spec.mode === 'sync' || spec.mode === 'none') return 0;
  let stale = 0;
  for (let i = 0; i < STALE_SAMPLES; i++) {
    const l = lag();
    const g = gap ? gap.sample(rng) : 0;
    if (l > g) stale++;
  }
  const p = stale / STALE_SAMPLES;
  return spec.mode === 'quorum' ? p * quorumMissProbability(spec.quorum as { n: number; w: number; r: number }) : p;
}
