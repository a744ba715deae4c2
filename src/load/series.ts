/**
 * Time buckets of one service over the observation window [warmup, horizon]: counts and time integrals per
 * bucket (plain arrays: shards carry them). `add` puts a count at an instant; `integrate` spreads a rate over an
 * interval across the buckets it covers (time integrals such as busy slot-seconds, or expected counts in fluid
 * mode).
 */

/** The per-bucket series of one service (index = bucket; bucket i covers [warmup + i w, warmup + (i + 1) w)). */
export interface LoadSeries {
  /** Client requests arriving, and those that succeeded (goodput). */
  requests: number[];
  successes: number[];
  /** Tries sent (first tries and retries). */
  tries: number[];
  /** Busy slot-seconds and available slot-seconds (up hosts x slots). */
  busy: number[];
  capacity: number[];
  /** Sum of queueing delays of the tries that started service, and their number. */
  waitSum: number[];
  waitCount: number[];
}

export const SERIES_KEYS = ['requests', 'successes', 'tries', 'busy', 'capacity', 'waitSum', 'waitCount'] as const;
export type SeriesKey = (typeof SERIES_KEYS)[number];

export function emptySeries(buckets: number): LoadSeries {
  const z = () => new Array<number>(buckets).fill(0);
  return { requests: z(), successes: z(), tries: z(), busy: z(), capacity: z(), waitSum: z(), waitCount: z() };
}

/** Bucket geometry of a window. */
export class Buckets {
  readonly count: number;
  constructor(
    readonly start: number,
    readonly end: number,
    readonly width: number,
  ) {
    this.count = Math.max(1, Math.ceil((end - start) / width - 1e-9));
  }

  /** Bucket of instant t, or -1 outside the window. */
  index(t: number): number {
    if (t < this.start || t > this.end) return -1;
    return Math.min(this.count - 1, Math.floor((t - this.start) / this.width));
  }

  /** Adds `value` at instant t (ignored outside the window). */
  add(arr: number[], t: number, value: number): void {
    const i = this.index(t);
    if (i >= 0) arr[i] += value;
  }

  /** Adds rate x (overlap of [a, b) with each bucket) to every bucket the interval covers. */
  integrate(arr: number[], a: number, b: number, rate: number): void {
    if (rate === 0) return;
    let lo = Math.max(a, this.start);
    const hi = Math.min(b, this.end);
    while (lo < hi) {
      const i = Math.min(this.count - 1, Math.floor((lo - this.start) / this.width));
      const edge = i === this.count - 1 ? hi : Math.min(hi, this.start + (i + 1) * this.width);
      arr[i] += rate * (edge - lo);
      if (edge <= lo) break;
      lo = edge;
    }
  }
}
