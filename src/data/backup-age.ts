/**
 * The law of A, the age of the newest usable backup at a Poisson incident, for periodic backup runs whose
 * starts repeat with a cycle P, each run lost (failed or found corrupt) independently with its probability
 * q, and a run usable only once it has completed.
 *
 * Derivation (renewal-reward over one cycle; Poisson incidents see time averages, PASTA): an incident falls
 * in the gap g_i after start s_i, at offset v, uniformly over the cycle (density 1/P). Run i is unusable
 * while it runs, for v < e_i = min(g_i, E[(d_i - delta)+]) (d_i its duration, delta the detection delay:
 * the restore happens at the detection, when a run that started before the incident may have completed;
 * taken at its mean over the detection law, exact for a fixed delay). Going back from the newest run that
 * could be usable, the k-th earlier run is the newest usable one with probability
 * q_(i) q_(i-1) ... q_(i-k+1) (1 - q_(i-k)) (a geometric number of lost runs), and then A = v + B, with B
 * the time from that run's start back to s_i. So A is a mixture of uniform laws: terms (shift c, width h,
 * weight w) with A = c + U(0, h) with probability w h / P. For one policy of period T with q and e, E[A] =
 * T/2 + T q/(1-q) + e (Young, Commun. ACM 17(9), 1974); without losses and durations,
 * E[A] = Sum g_i^2 / (2P).
 *
 * Capping: a restore stops at the newest backup's point when the archive reaches back no further, so a
 * point-in-time loss Y becomes min(Y, A). For Y independent of A, E[min(Y, A)] = E[Y] - E[D(Y)] with
 * D(y) = integral_0^y F_A(t) dt (since min(y, A) = integral_0^y 1[A > t] dt), and for a uniform term
 * integral_0^y P(c + U(0, h) <= t) dt = ((y - c)+^2 - (y - c - h)+^2) / (2h), which the functions below sum
 * exactly.
 */

/** One run start of the cycle. */
export interface BackupStart {
  /** Time of the start within the cycle, s (0 <= at < period). */
  at: number;
  /** Probability that the run is lost (failed or corrupt), in [0, 1]. */
  loss: number;
  /** Mean time, s, during which an incident just after the start cannot use this run (E[(d - delta)+]). */
  unusable: number;
}

/** The law of the newest usable backup's age as a mixture of uniform terms (see the module documentation). */
export interface BackupAgeLaw {
  /** Shift c, width h and weight w per term (A = c + U(0, h) with probability w h / period), sorted by c. */
  shift: Float64Array;
  width: Float64Array;
  weight: Float64Array;
  period: number;
  /** E[A], s. */
  mean: number;
  /** Largest width. */
  maxWidth: number;
  /** Term indices sorted by end c + h, with prefix sums of w h and w h (c + h/2) over them. */
  byEnd: Int32Array;
  ends: Float64Array;
  slope: Float64Array;
  offset: Float64Array;
}

/** Terms whose probability falls below this are dropped (the geometric tail of lost runs). */
const TAIL = 1e-15;
/** Runs looked back at most (losses so likely that the tail is still above TAIL: no law). */
const MAX_RUNS_BACK = 2000;

/**
 * The law of the newest usable backup's age, or null when there is no start or the runs are lost so often
 * (q = 1 everywhere, or more than 2000 runs back still carry probability 1e-15) that no finite law is built.
 * @param starts the run starts of one cycle (several policies: starts at the same time are merged, lost
 *   only when every one of them is lost)
 * @param period the cycle P, s (> 0)
 */
export function backupAgeLaw(starts: readonly BackupStart[], period: number): BackupAgeLaw | null {
  const merged = mergeStarts(starts);
  const n = merged.length;
  if (n === 0 || !(period > 0) || merged.every((s) => s.loss >= 1)) return null;
  const shift: number[] = [];
  const width: number[] = [];
  const weight: number[] = [];
  const add = (c: number, h: number, w: number) => {
    if (h > 0 && w > 0) {
      shift.push(c);
      width.push(h);
      weight.push(w);
    }
  };
  for (let i = 0; i < n; i++) {
    const g = (i + 1 < n ? merged[i + 1].at : merged[0].at + period) - merged[i].at;
    const e = Math.min(g, merged[i].unusable);
    // v in [0, e): run i still running; v in [e, g): run i usable unless lost.
    const ok = backwards(merged, period, i, 1, (B, w) => add(B, e, w)) && backwards(merged, period, i, 0, (B, w) => add(B + e, g - e, w));
    if (!ok) return null;
  }
  const order = shift.map((_, k) => k).sort((a, b) => shift[a] - shift[b]);
  const c = Float64Array.from(order, (k) => shift[k]);
  const h = Float64Array.from(order, (k) => width[k]);
  const w = Float64Array.from(order, (k) => weight[k]);
  let mean = 0;
  for (let k = 0; k < c.length; k++) mean += (w[k] * h[k] * (c[k] + h[k] / 2)) / period;
  const byEnd = Int32Array.from(c.map((_, k) => k).sort((a, b) => c[a] + h[a] - (c[b] + h[b])));
  const ends = Float64Array.from(byEnd, (k) => c[k] + h[k]);
  const slope = new Float64Array(byEnd.length + 1);
  const offset = new Float64Array(byEnd.length + 1);
  byEnd.forEach((k, r) => {
    slope[r + 1] = slope[r] + w[k] * h[k];
    offset[r + 1] = offset[r] + w[k] * h[k] * (c[k] + h[k] / 2);
  });
  return { shift: c, width: h, weight: w, period, mean, maxWidth: Math.max(0, ...h), byEnd, ends, slope, offset };
}

/** Calls `emit(B, w)` for the k-th run back from run i (k >= first): B its distance back to s_i, w its probability. */
function backwards(starts: readonly BackupStart[], period: number, i: number, first: number, emit: (B: number, w: number) => void): boolean {
  const n = starts.length;
  const gapAfter = (j: number) => (j + 1 < n ? starts[j + 1].at : starts[0].at + period) - starts[j].at;
  let p = 1;
  let B = 0;
  for (let k = 0; k <= MAX_RUNS_BACK; k++) {
    const j = (((i - k) % n) + n) % n;
    if (k > 0) B += gapAfter(j);
    if (k < first) continue;
    emit(B, p * (1 - starts[j].loss));
    p *= starts[j].loss;
    if (p < TAIL) return true;
  }
  return false;
}

function mergeStarts(starts: readonly BackupStart[]): BackupStart[] {
  const by = new Map<number, BackupStart>();
  for (const s of starts) {
    const o = by.get(s.at);
    by.set(s.at, o ? { at: s.at, loss: o.loss * s.loss, unusable: Math.min(o.unusable, s.unusable) } : { ...s });
  }
  return [...by.values()].sort((a, b) => a.at - b.at);
}

/**
 * D(y) = integral_0^y P(A <= t) dt, so that E[min(y, A)] = y - D(y) (y >= 0). A term ended before y adds
 * w h (y - c - h/2) (prefix sums over the terms sorted by end); a term containing y adds w (y - c)^2 / 2; all
 * over the period. O(log + terms within one width of y) per call.
 */
export function ageDeficit(law: BackupAgeLaw, y: number): number {
  const { shift, width, weight, ends, slope, offset } = law;
  const r = upperBound(ends, y);
  let sum = slope[r] * y - offset[r];
  // Terms with c < y < c + h: c in (y - maxWidth, y).
  for (let k = upperBound(shift, y) - 1; k >= 0 && shift[k] >= y - law.maxWidth; k--) {
    if (shift[k] + width[k] <= y) continue;
    const x = y - shift[k];
    sum += (weight[k] * x * x) / 2;
  }
  return sum / law.period;
}

/** Number of entries of the sorted array <= x. */
function upperBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
