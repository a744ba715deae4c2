/**
 * The write history a datastore still holds, as one timeline with holes: a whole-database restore at time
 * r to recovery point p removes the writes of (p, r] from the live data. Later data-loss measures count
 * only live writes, so a restore that goes back past an earlier one does not count the writes that the
 * earlier restore already threw away (each write is lost at most once).
 */
export class LiveTimeline {
  /** Removed intervals (from, to], in the order of the restores. */
  private readonly gaps: { from: number; to: number }[] = [];

  /**
   * A restore back to `point` removed the writes of (point, end]: `end` is when writes resume (the end of
   * the restore; none are acknowledged while it runs).
   */
  rewind(point: number, end: number): void {
    if (point < end) this.gaps.push({ from: point, to: end });
  }

  /**
   * Seconds of live writes in (a, b]: b - a minus the parts of the removed intervals inside it.
   * Removed intervals may overlap (a restore back past an earlier one); their union is subtracted.
   */
  live(a: number, b: number): number {
    if (b <= a) return 0;
    // Union of the gaps clipped to (a, b] (one gap per restore: a few per replication).
    const parts: [number, number][] = [];
    for (const g of this.gaps) {
      const lo = Math.max(a, g.from), hi = Math.min(b, g.to);
      if (hi > lo) parts.push([lo, hi]);
    }
    parts.sort((x, y) => x[0] - y[0]);
    let removed = 0;
    let end = a;
    for (const [lo, hi] of parts) {
      if (hi <= end) continue;
      removed += hi - Math.max(lo, end);
      end = hi;
    }
    return b - a - removed;
  }
}
