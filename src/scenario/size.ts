/**
 * Data sizes and throughputs for scenario files (see docs/scenario-format.md, "Data durability"):
 * `500GB`, `1.5TiB`, `2MB/s`, `10GB/h`, plain numbers of bytes (or bytes per second).
 *
 * Decimal units follow SI (kB/KB = 1e3, MB = 1e6, GB = 1e9, TB = 1e12, PB = 1e15), binary units follow
 * IEC 80000-13 (KiB = 1024, MiB = 2^20, GiB = 2^30, TiB = 2^40, PiB = 2^50). `B` is a byte; lower-case `b`
 * (bits) is rejected to avoid an 8x mistake. Internally sizes are bytes and throughputs bytes per second.
 */
import { DURATION_UNITS, describeValue, tryParseDuration, type ParseResult } from './duration.js';

export const SIZE_EXPECTED = 'a data size such as "500GB", "1.5TiB", "800MB" or a number of bytes';
export const THROUGHPUT_EXPECTED = 'a throughput such as "200MB/s", "2GB/min", "1TB/h" or a number of bytes per second';

/** Bytes per unit. */
export const SIZE_UNITS: Record<string, number> = {
  B: 1,
  kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, PB: 1e15,
  KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4, PiB: 1024 ** 5,
};

const SIZE_RE = /^(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*([A-Za-z]*)$/;

/**
 * Parses a data size without throwing.
 * @returns bytes (>= 0), or the problem found.
 */
export function tryParseSize(input: unknown): ParseResult {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) return { ok: false, problem: `${input} is not a non-negative number of bytes` };
    return { ok: true, value: input };
  }
  if (typeof input !== 'string') return { ok: false, problem: `got ${describeValue(input)}` };
  const m = SIZE_RE.exec(input.trim());
  if (!m) return { ok: false, problem: `${JSON.stringify(input)} is not a data size` };
  const unit = m[2] === '' ? 'B' : m[2];
  if (!Object.hasOwn(SIZE_UNITS, unit)) {
    const hint = /b$/.test(unit) ? ' (sizes are in bytes: use B, not b)' : '';
    return { ok: false, problem: `${JSON.stringify(input)}: unknown size unit "${unit}"${hint}` };
  }
  const value = Number(m[1]) * SIZE_UNITS[unit];
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, problem: `${JSON.stringify(input)} is too large` };
}

/**
 * Parses a throughput `<size>/<time unit or duration>` without throwing (`"2MB/s"`, `"1TB/2h"`).
 * @returns bytes per second (>= 0), or the problem found.
 */
export function tryParseThroughput(input: unknown): ParseResult {
  if (typeof input === 'number') return tryParseSize(input);
  if (typeof input !== 'string') return { ok: false, problem: `got ${describeValue(input)}` };
  const slash = input.indexOf('/');
  if (slash < 0) return { ok: false, problem: `${JSON.stringify(input)} is not a throughput (no "/")` };
  const size = tryParseSize(input.slice(0, slash));
  if (!size.ok) return { ok: false, problem: `${JSON.stringify(input)}: ${size.problem}` };
  const perText = input.slice(slash + 1).trim();
  const per: ParseResult = Object.hasOwn(DURATION_UNITS, perText) ? { ok: true, value: DURATION_UNITS[perText] } : tryParseDuration(perText);
  if (!per.ok) return { ok: false, problem: `${JSON.stringify(input)}: "${input.slice(slash + 1)}" is not a time unit` };
  if (per.value <= 0) return { ok: false, problem: `${JSON.stringify(input)} divides by a zero duration` };
  return { ok: true, value: size.value / per.value };
}

/** Formats bytes with decimal units and 3 significant digits: 1.5e9 -> "1.5 GB". */
export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return '-';
  const units: [string, number][] = [['PB', 1e15], ['TB', 1e12], ['GB', 1e9], ['MB', 1e6], ['kB', 1e3]];
  for (const [u, f] of units) if (Math.abs(bytes) >= f) return `${Number((bytes / f).toPrecision(3))} ${u}`;
  return `${Number(bytes.toPrecision(3))} B`;
}
