/**
 * Unit parsing for scenario files: durations, rates and probabilities (see docs/scenario-format.md, "Units"),
 * plus `formatDuration` for human-readable reports.
 *
 * Internally every duration is a number of seconds (float64), every rate is per second and every
 * probability is a fraction in [0, 1].
 */

/** Seconds in a minute. */
export const SECONDS_PER_MINUTE = 60;
/** Seconds in an hour. */
export const SECONDS_PER_HOUR = 3600;
/** Seconds in a day. */
export const SECONDS_PER_DAY = 86_400;
/** Seconds in a week (7 days). */
export const SECONDS_PER_WEEK = 7 * SECONDS_PER_DAY;
/** Seconds in a year. A year is 365 days (8760 h), as in "downtime per year". */
export const SECONDS_PER_YEAR = 365 * SECONDS_PER_DAY;

/** Duration units accepted in scenario files, with their length in seconds. */
export const DURATION_UNITS: Readonly<Record<string, number>> = Object.freeze({
  ms: 0.001,
  s: 1,
  m: SECONDS_PER_MINUTE,
  min: SECONDS_PER_MINUTE,
  h: SECONDS_PER_HOUR,
  d: SECONDS_PER_DAY,
  w: SECONDS_PER_WEEK,
  y: SECONDS_PER_YEAR,
});

/** What a duration looks like, for error messages. */
export const DURATION_EXPECTED =
  'a duration with a unit such as "30s", "4h", "30d" (units ms, s, m/min, h, d, w, y; sums like "1h30m"; 0 needs no unit)';
/** What a rate looks like, for error messages. */
export const RATE_EXPECTED = 'a rate such as "1/y", "0.5/d", "1/30d" or a number per second';
/** What a probability looks like, for error messages. */
export const PROBABILITY_EXPECTED = 'a probability in [0, 1] such as 0.99, or a percentage such as "99.95%"';

/** Outcome of a parse: the value, or a one-line description of what is wrong with the input. */
export type ParseResult = { ok: true; value: number } | { ok: false; problem: string };

/** Error thrown by the throwing parsers; `expected` describes the accepted syntax. */
export class UnitParseError extends Error {
  constructor(
    readonly problem: string,
    readonly expected: string,
  ) {
    super(`${problem}; expected ${expected}`);
    this.name = 'UnitParseError';
  }
}

const NUMBER = String.raw`(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
const PLAIN_NUMBER = new RegExp(`^[+]?${NUMBER}$`);
/** One `<number><unit>` term; `ms` and `min` are tried before `m`. Unit capture is loose to report unknown units. */
const TERM = new RegExp(`(${NUMBER})\\s*([a-zA-Zµ]*)`, 'y');

function show(input: unknown): string {
  return typeof input === 'string' ? JSON.stringify(input) : String(input);
}

/**
 * Parses a duration without throwing.
 * @param input a number of seconds (>= 0, finite) or a string: one or more `<number><unit>` terms that are
 *   summed (`"1h30m"`, `"1h 30m"`, `"250ms"`, `"1.5h"`), or a bare numeric string (seconds).
 * @returns the duration in seconds (>= 0), or the problem found.
 */
export function tryParseDuration(input: unknown): ParseResult {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, problem: `${input} is not a finite number of seconds` };
    if (input < 0) return { ok: false, problem: `${input} is negative` };
    return { ok: true, value: input };
  }
  if (typeof input !== 'string') return { ok: false, problem: `got ${describeValue(input)}` };
  const text = input.trim();
  if (text === '') return { ok: false, problem: 'got an empty string' };
  if (text.startsWith('-')) return { ok: false, problem: `${show(input)} is negative` };
  if (PLAIN_NUMBER.test(text)) return tryParseDuration(Number(text));
  let total = 0;
  let pos = text.startsWith('+') ? 1 : 0;
  while (pos < text.length) {
    TERM.lastIndex = pos;
    const m = TERM.exec(text);
    if (!m) return { ok: false, problem: `${show(input)} is not a duration (cannot read "${text.slice(pos)}")` };
    const unit = m[2];
    if (unit === '') return { ok: false, problem: `${show(input)} is not a duration: "${m[1]}" has no unit` };
    const factor = DURATION_UNITS[unit];
    if (factor === undefined || !Object.hasOwn(DURATION_UNITS, unit)) {
      return { ok: false, problem: `${show(input)} is not a duration: unknown unit "${unit}"` };
    }
    total += Number(m[1]) * factor;
    pos = TERM.lastIndex;
    while (pos < text.length && /\s/.test(text[pos])) pos++;
  }
  if (!Number.isFinite(total)) return { ok: false, problem: `${show(input)} is too large` };
  return { ok: true, value: total };
}

/**
 * Parses a duration as written in a scenario file, where a unit is required: like `tryParseDuration`, but a
 * bare number (`8760` or `"8760"`) other than 0 is refused with a hint, since `mtbf: 8760` read as seconds
 * (2.4 h) is almost always a mistake for `8760h`.
 * @returns the duration in seconds (>= 0), or the problem found (with the hint).
 */
export function tryParseScenarioDuration(input: unknown): ParseResult {
  const bare = typeof input === 'number' ? input : typeof input === 'string' && PLAIN_NUMBER.test(input.trim()) ? Number(input) : null;
  if (bare === null || bare === 0 || !Number.isFinite(bare) || bare < 0) return tryParseDuration(input);
  return { ok: false, problem: bareDurationHint(bare) };
}

/** `8760 has no unit: it would be read as seconds (8760 s = 2.43 h); write "8760h" for hours or "8760s"`. */
export function bareDurationHint(n: number): string {
  const asSeconds = n >= SECONDS_PER_MINUTE ? ` (${n} s = ${formatDuration(n)})` : '';
  return `${n} has no unit: it would be read as seconds${asSeconds}; write "${n}h" for hours, "${n}m" for minutes or "${n}s" for seconds`;
}

/**
 * Parses a duration (see `tryParseDuration` for the syntax).
 * @returns seconds (>= 0).
 * @throws UnitParseError when the input is not a valid duration.
 */
export function parseDuration(input: unknown): number {
  const r = tryParseDuration(input);
  if (!r.ok) throw new UnitParseError(r.problem, DURATION_EXPECTED);
  return r.value;
}

/**
 * Parses a rate without throwing.
 * @param input a number of events per second (>= 0), or a string `N/<unit>` (`"1/y"`, `"0.5/d"`, `"3/h"`) or
 *   `N/<duration>` (`"1/30d"` = once per 30 days).
 * @returns the rate in events per second (>= 0), or the problem found.
 */
export function tryParseRate(input: unknown): ParseResult {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, problem: `${input} is not a finite rate` };
    if (input < 0) return { ok: false, problem: `${input} is negative` };
    return { ok: true, value: input };
  }
  if (typeof input !== 'string') return { ok: false, problem: `got ${describeValue(input)}` };
  const text = input.trim();
  if (PLAIN_NUMBER.test(text)) return tryParseRate(Number(text));
  const slash = text.indexOf('/');
  if (slash < 0) return { ok: false, problem: `${show(input)} is not a rate (no "/")` };
  const numText = text.slice(0, slash).trim();
  const perText = text.slice(slash + 1).trim();
  if (!PLAIN_NUMBER.test(numText)) {
    return { ok: false, problem: `${show(input)} is not a rate: "${numText}" is not a non-negative number` };
  }
  // A bare unit ("y") means one of that unit; otherwise the denominator is a full duration ("30d").
  const per: ParseResult = Object.hasOwn(DURATION_UNITS, perText)
    ? { ok: true, value: DURATION_UNITS[perText] }
    : tryParseDuration(perText);
  if (!per.ok) return { ok: false, problem: `${show(input)} is not a rate: "${perText}" is not a time unit` };
  if (per.value <= 0) return { ok: false, problem: `${show(input)} divides by a zero duration` };
  return { ok: true, value: Number(numText) / per.value };
}

/**
 * Parses a rate (see `tryParseRate` for the syntax).
 * @returns events per second (>= 0).
 * @throws UnitParseError when the input is not a valid rate.
 */
export function parseRate(input: unknown): number {
  const r = tryParseRate(input);
  if (!r.ok) throw new UnitParseError(r.problem, RATE_EXPECTED);
  return r.value;
}

/**
 * Parses a probability without throwing.
 * @param input a number in [0, 1], or a percentage string `"N%"` with N in [0, 100] (`"99.95%"` -> 0.9995).
 * @returns the probability as a fraction in [0, 1], or the problem found.
 */
export function tryParseProbability(input: unknown): ParseResult {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0 || input > 1) {
      const hint = input > 1 && input <= 100 ? ` (write "${input}%" for a percentage)` : '';
      return { ok: false, problem: `${input} is not in [0, 1]${hint}` };
    }
    return { ok: true, value: input };
  }
  if (typeof input !== 'string') return { ok: false, problem: `got ${describeValue(input)}` };
  const text = input.trim();
  if (PLAIN_NUMBER.test(text)) return tryParseProbability(Number(text));
  const m = /^(.*?)\s*%$/.exec(text);
  if (!m || !PLAIN_NUMBER.test(m[1])) return { ok: false, problem: `${show(input)} is not a probability` };
  const pct = Number(m[1]);
  if (pct > 100) return { ok: false, problem: `${show(input)} is more than 100%` };
  // Divide via the decimal string to keep 99.95% == 0.9995 exactly where possible.
  return { ok: true, value: Number((pct / 100).toPrecision(15)) };
}

/**
 * Parses a probability (see `tryParseProbability` for the syntax).
 * @returns a fraction in [0, 1].
 * @throws UnitParseError when the input is not a valid probability.
 */
export function parseProbability(input: unknown): number {
  const r = tryParseProbability(input);
  if (!r.ok) throw new UnitParseError(r.problem, PROBABILITY_EXPECTED);
  return r.value;
}

/** A short description of a raw YAML value for messages: `a string "x"`, `the number 3`, `a list`, ... */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null (an empty value)';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 37) + '...' : v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `the boolean ${v}`;
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return typeof v;
}

/** 3 significant digits, integers from 100 up, trailing zeros removed: 86.66 -> "86.7", 166.67 -> "167", 0.000123 -> "0.000123". */
function sig3(x: number): string {
  const s = x >= 100 ? x.toFixed(0) : x.toPrecision(3);
  return s.includes('.') && !s.includes('e') ? s.replace(/\.?0+$/, '') : s;
}

/** Report units, smallest first: [name, seconds, upper bound in this unit before switching to the next]. */
const REPORT_UNITS: readonly [string, number, number][] = [
  ['ms', 0.001, 1000],
  ['s', 1, SECONDS_PER_MINUTE],
  ['min', SECONDS_PER_MINUTE, 60],
  ['h', SECONDS_PER_HOUR, 24],
  ['d', SECONDS_PER_DAY, 365],
  ['y', SECONDS_PER_YEAR, Infinity],
];

/**
 * Formats a duration for people: THE duration format of every report, table, chart label and message
 * (`"450 ms"`, `"12.5 s"`, `"48.6 min"`, `"2.43 h"`, `"30 d"`, `"1 y"`): the largest unit of ms, s, min, h, d,
 * y (365 d) in which the value is at least 1, with 3 significant digits (integers from 100 up), a space before
 * the unit. The text parses back as a scenario duration to within the rounding (`"48.6 min"` = 48.6 minutes).
 * @param seconds a duration in seconds (negative values get a leading "-", Infinity gives "∞", NaN "NaN").
 */
export function formatDuration(seconds: number): string {
  if (Number.isNaN(seconds)) return 'NaN';
  if (seconds < 0) return `-${formatDuration(-seconds)}`;
  if (seconds === Infinity) return '∞';
  if (seconds === 0) return '0 s';
  let i = REPORT_UNITS.findIndex(([, size, limit]) => seconds < size * limit);
  // Rounding to 3 digits may reach the next unit's threshold (59.97 s -> "60 s"): write "1 min" then.
  if (i < REPORT_UNITS.length - 1 && Number(sig3(seconds / REPORT_UNITS[i][1])) >= REPORT_UNITS[i][2]) return `1 ${REPORT_UNITS[i + 1][0]}`;
  const [unit, size] = REPORT_UNITS[i];
  return `${sig3(seconds / size)} ${unit}`;
}
