/**
 * Queueing-delay histogram of the exact mode (plain number arrays: worker threads and shard files clone them).
 * Bin 0 counts tries that started service without waiting, bin 1 waits in (0, W0), bin i >= 2 waits in
 * [W0 r^(i-2), W0 r^(i-1)) with W0 = 1 microsecond and r = 2^(1/8) (relative resolution about 9%), the last bin
 * everything from W0 r^(BINS-3) (about 9e5 s) up. Quantiles are read at the geometric middle of their bin, so
 * a quantile carries at most about 4.4% relative error from the binning. Seconds.
 */

/** Number of bins (bin 0: no wait). */
export const WAIT_BINS = 8 * 40 + 1;
const W0 = 1e-6;
const PER_OCTAVE = 8;

/** A zeroed histogram. */
export function emptyWaitHistogram(): number[] {
  return new Array<number>(WAIT_BINS).fill(0);
}

/** Bin of a wait of `w` seconds (w <= 0: bin 0; below 1 microsecond: bin 1). */
export function waitBin(w: number): number {
  if (!(w > 0)) return 0;
  if (w < W0) return 1;
  return Math.min(WAIT_BINS - 1, 1 + Math.floor(Math.log2(w / W0) * PER_OCTAVE) + 1);
}

/** Adds the bins of `b` into `a` (same length). */
export function addWaitHistogram(a: number[], b: readonly number[]): void {
  for (let i = 0; i < a.length && i < b.length; i++) a[i] += b[i];
}

/**
 * Quantile q in (0, 1) of the waits counted in `h`: 0 when it falls in bin 0, else the geometric middle of its
 * bin; null when the histogram is empty.
 */
export function waitHistogramQuantile(h: readonly number[], q: number): number | null {
  const total = h.reduce((s, x) => s + x, 0);
  if (total <= 0) return null;
  const target = q * total;
  let seen = 0;
  for (let i = 0; i < h.length; i++) {
    seen += h[i];
    if (seen >= target && h[i] > 0) return i === 0 ? 0 : i === 1 ? W0 / 2 : W0 * 2 ** ((i - 2 + 0.5) / PER_OCTAVE);
  }
  return W0 * 2 ** ((h.length - 2) / PER_OCTAVE);
}
