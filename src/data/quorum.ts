/**
 * Leaderless quorum replication (Dynamo-style; Kleppmann 2017, ch. 5 "Leaderless replication"): N members
 * (primary + replicas), a write is acknowledged by W of them, a read asks R. Loss rule used by the
 * datastore: losing the data of fewer than W members loses nothing (every acknowledged write has a
 * surviving copy); losing W or more before they are re-seeded may lose the writes acknowledged only by
 * them (anti-entropy has not yet spread them); losing all N needs a backup. Writes are accepted while at
 * least W members are up with a valid copy.
 */

export interface QuorumSpec {
  n: number;
  w: number;
  r: number;
}

/** What losing the data of `lost` members at once costs: nothing, the lag window, or a restore from backup. */
export function quorumLossOutcome(lost: number, q: QuorumSpec): 'none' | 'lag' | 'backup' {
  if (lost >= q.n) return 'backup';
  return lost >= q.w ? 'lag' : 'none';
}

/**
 * Length of the window of writes lost when the W-th most recent of the copies still lost was lost at
 * `lostTimes[w - 1]` and the newest at `now`, for an anti-entropy delay `lag` (s of writes; 0 = nothing lost).
 * A write acknowledged at s is held only by its W acknowledgers until s + lag; it is lost when they are
 * all lost by now, so (worst case: its acknowledgers are exactly the lost members) when at least W
 * members valid at s were lost in [s, now] (s <= lostTimes[w - 1]) and it has not spread yet
 * (s > now - lag): the window (now - lag, lostTimes[w - 1]], of length max(0, lag - (now - lostTimes[w - 1])).
 * Members lost before s could not acknowledge it. Losses at the same time lose the whole lag.
 * @param lostTimes loss times of the members whose copy is still lost, newest first (length >= w).
 */
export function quorumLostWindow(lag: number, now: number, lostTimes: number[], w: number): number {
  return Math.max(0, lag - (now - lostTimes[w - 1]));
}

/** True when a write can gather W acknowledgements from `valid` up members. */
export function quorumWritable(valid: number, q: QuorumSpec): boolean {
  return valid >= q.w;
}

/**
 * C(N-W, R) / C(N, R): the probability that a read quorum of R members chosen uniformly misses all W
 * members holding the latest write (0 when R + W > N). Source: Bailis et al., "Probabilistically Bounded
 * Staleness for Practical Partial Quorums", PVLDB 5(8), 2012.
 */
export function quorumMissProbability(q: QuorumSpec): number {
  if (q.r + q.w > q.n) return 0;
  let p = 1;
  for (let i = 0; i < q.r; i++) p *= (q.n - q.w - i) / (q.n - i);
  return p;
}
