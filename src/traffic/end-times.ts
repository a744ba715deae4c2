/** Counts of things in flight by their end times (exact-mode active requests, fluid routing simulation). */

/** Binary min-heap of end times: `count(now)` = entries ending after now. */
export class EndTimes {
  private readonly heap: number[] = [];
  push(t: number): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p] <= h[i]) break;
      const x = h[p];
      h[p] = h[i];
      h[i] = x;
      i = p;
    }
  }
  count(now: number): number {
    const h = this.heap;
    while (h.length > 0 && h[0] <= now) {
      const last = h.pop() as number;
      if (h.length === 0) break;
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && h[l] < h[m]) m = l;
        if (r < h.length && h[r] < h[m]) m = r;
        if (m === i) break;
        const x = h[m];
        h[m] = h[i];
        h[i] = x;
        i = m;
      }
    }
    return h.length;
  }
}
