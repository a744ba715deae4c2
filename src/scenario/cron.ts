/**
 * A cron subset for backup schedules: the five POSIX crontab fields `minute hour day-of-month month
 * day-of-week` (IEEE Std 1003.1, crontab), each `*`, a number, a range `a-b`, a step `*\/n` or `a-b/n`,
 * or a comma list of these; months and weekdays also by three-letter English names (`JAN`, `MON`), weekday
 * 0 and 7 both Sunday. As in Vixie cron, when both day-of-month and day-of-week are restricted, a day
 * matching either runs the job.
 *
 * Simulated calendar: t = 0 is 00:00 on Monday 1 January; years have 365 days (no leap years, as
 * SECONDS_PER_YEAR), months their usual lengths, weekdays continue across years. No time zones or DST.
 */
import { SECONDS_PER_DAY } from './duration.js';

/** A parsed cron expression: the allowed values of each field. */
export interface CronSpec {
  minutes: number[];
  hours: number[];
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  dayRestricted: boolean;
  weekdayRestricted: boolean;
}

export const CRON_EXPECTED = 'a cron expression "<minute> <hour> <day-of-month> <month> <day-of-week>" such as "0 2 * * *"';

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const FIELDS: { name: string; min: number; max: number; names?: string[]; namesFrom?: number }[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, namesFrom: 1 },
  { name: 'day-of-week', min: 0, max: 7, names: DAY_NAMES, namesFrom: 0 },
];

/**
 * Parses a cron expression.
 * @returns the spec, or the problem found (for the scenario error message).
 */
export function parseCron(expr: string): { ok: true; value: CronSpec } | { ok: false; problem: string } {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) return { ok: false, problem: `"${expr}" has ${parts.length} field(s), not 5` };
  const sets: Set<number>[] = [];
  for (let i = 0; i < 5; i++) {
    const f = FIELDS[i];
    const set = new Set<number>();
    const value = (t: string): number | null => {
      const up = t.toUpperCase();
      if (f.names && f.names.includes(up)) return f.names.indexOf(up) + (f.namesFrom as number);
      return /^\d+$/.test(t) ? Number(t) : null;
    };
    for (const item of parts[i].split(',')) {
      const m = /^([^/]+)(?:\/(\d+))?$/.exec(item);
      if (!m) return { ok: false, problem: `${f.name} field "${parts[i]}" is not valid` };
      const step = m[2] === undefined ? 1 : Number(m[2]);
      if (step < 1) return { ok: false, problem: `${f.name} step must be at least 1` };
      let lo: number | null, hi: number | null;
      if (m[1] === '*') [lo, hi] = [f.min, f.max];
      else if (m[1].includes('-')) [lo, hi] = m[1].split('-', 2).map(value) as [number | null, number | null];
      else {
        lo = value(m[1]);
        hi = m[2] === undefined ? lo : f.max;
      }
      if (lo === null || hi === null) return { ok: false, problem: `${f.name} field "${parts[i]}" has an unknown value` };
      if (lo < f.min || hi > f.max || lo > hi) return { ok: false, problem: `${f.name} "${item}" is outside ${f.min}-${f.max}` };
      for (let v = lo; v <= hi; v += step) set.add(i === 4 && v === 7 ? 0 : v);
    }
    sets.push(set);
  }
  return {
    ok: true,
    value: {
      minutes: [...sets[0]].sort((a, b) => a - b),
      hours: [...sets[1]].sort((a, b) => a - b),
      days: sets[2],
      months: sets[3],
      weekdays: sets[4],
      dayRestricted: parts[2] !== '*',
      weekdayRestricted: parts[4] !== '*',
    },
  };
}

/** Days in the calendar's full cycle: 365-day years and 7-day weeks repeat together every lcm(365, 7) days. */
export const CRON_CYCLE_DAYS = 365 * 7;

/** The firing times (seconds) of `spec` on day `d` (0-based) that are <= horizon, ascending. */
function cronDay(spec: CronSpec, d: number, horizon: number): number[] {
  let yd = d % 365;
  let month = 0;
  while (yd >= MONTH_DAYS[month]) yd -= MONTH_DAYS[month++];
  if (!spec.months.has(month + 1)) return [];
  const domOk = spec.days.has(yd + 1);
  const dowOk = spec.weekdays.has((1 + d) % 7);
  const dayOk = spec.dayRestricted && spec.weekdayRestricted ? domOk || dowOk : domOk && dowOk;
  if (!dayOk) return [];
  const out: number[] = [];
  for (const h of spec.hours) {
    for (const m of spec.minutes) {
      const t = d * SECONDS_PER_DAY + h * 3600 + m * 60;
      if (t <= horizon) out.push(t);
    }
  }
  return out;
}

/**
 * True when the expression fires on at least one day of the simulated calendar (e.g. "0 0 30 2 *", the 30th
 * of February, never does). The calendar repeats every CRON_CYCLE_DAYS days, so one cycle decides it.
 */
export function cronEverFires(spec: CronSpec): boolean {
  for (let d = 0; d < CRON_CYCLE_DAYS; d++) if (cronDay(spec, d, Infinity).length > 0) return true;
  return false;
}

/**
 * A lazy cursor over the times in [0, horizon] at which the expression fires, ascending, seconds: each call
 * returns the next time, or null after the last. Nothing is computed ahead of the day being read, so memory
 * does not grow with the horizon.
 * Day d (0-based) is weekday (1 + d) mod 7 (0 = Sunday); its month and day-of-month come from d mod 365.
 */
export function cronCursor(spec: CronSpec, horizon: number): () => number | null {
  const days = Math.floor(horizon / SECONDS_PER_DAY);
  let d = 0;
  let buf: number[] = [];
  let i = 0;
  return () => {
    while (i >= buf.length) {
      if (d > days) return null;
      buf = cronDay(spec, d++, horizon);
      i = 0;
    }
    return buf[i++];
  };
}

/** Every time in [0, horizon] at which the expression fires, ascending, seconds (see cronCursor). */
export function cronTimes(spec: CronSpec, horizon: number): number[] {
  const out: number[] = [];
  const next = cronCursor(spec, horizon);
  for (let t = next(); t !== null; t = next()) out.push(t);
  return out;
}
