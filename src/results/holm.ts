/**
 * Holm's step-down adjustment of a family of p-values (family-wise error rate control).
 * Source: S. Holm, "A simple sequentially rejective multiple test procedure", Scand. J. Statist. 6(2) (1979) 65-70.
 */

/**
 * Holm-adjusted p-values: with the m non-null p-values sorted ascending p(1) <= ... <= p(m),
 * adj(k) = max_{j <= k} min(1, (m - j + 1) p(j)). Rejecting where adj < alpha controls the family-wise error rate
 * at alpha. Null entries (no test) stay null and do not count in m. Ties keep their input order (deterministic).
 * @param pValues p-values in [0, 1], or null
 * @returns the adjusted p-values, same length and order
 */
export function holmAdjust(pValues: readonly (number | null | undefined)[]): (number | null)[] {
  const idx = pValues.map((_, i) => i).filter((i) => pValues[i] !== null && pValues[i] !== undefined);
  const m = idx.length;
  idx.sort((a, b) => (pValues[a] as number) - (pValues[b] as number) || a - b);
  const out: (number | null)[] = pValues.map(() => null);
  let running = 0;
  idx.forEach((i, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * (pValues[i] as number)));
    out[i] = running;
  });
  return out;
}
