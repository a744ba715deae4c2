/**
 * Chooses and "performs" a restore from a backup catalogue: the newest usable chain whose recovery point
 * is not after `limit` (for an operator error or a corruption, backups taken after the incident contain
 * the damage). Pieces are restored oldest first (full, then incrementals in order, or full then the last
 * differential); a silently corrupt piece is found when it is restored: the time spent so far is lost, the
 * piece is marked bad and the planner falls back to the next older chain.
 */
import { chainOf, usable, type BackupCatalogue } from './backup-catalogue.js';

export interface RestorePlan {
  /** Recovery point restored to, s. */
  point: number;
  /** Restore time including abandoned attempts, s. */
  duration: number;
  /** Abandoned attempts (corrupt pieces found). */
  fallbacks: number;
  /** Pieces of the chain that succeeded. */
  chainLength: number;
}

/**
 * @param limit newest acceptable recovery point, s.
 * @returns the plan, or null when no usable chain exists (unrecoverable loss); `wasted` is then the time
 *   spent on attempts that failed (also reported through the null result's caller).
 */
export function planRestore(catalogue: BackupCatalogue, limit: number): { plan: RestorePlan | null; wasted: number; fallbacks: number } {
  let wasted = 0;
  let fallbacks = 0;
  const recs = catalogue.records;
  for (let i = recs.length - 1; i >= 0; i--) {
    const cand = recs[i];
    if (cand.point > limit || !usable(cand)) continue;
    let elapsed = 0;
    let ok = true;
    const chain = chainOf(cand);
    for (const piece of chain) {
      elapsed += piece.restoreTime;
      if (piece.corrupt) {
        piece.knownBad = true;
        ok = false;
        break;
      }
    }
    if (ok) return { plan: { point: cand.point, duration: wasted + elapsed, fallbacks, chainLength: chain.length }, wasted, fallbacks };
    wasted += elapsed;
    fallbacks++;
  }
  return { plan: null, wasted, fallbacks };
}
