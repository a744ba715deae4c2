import type { TopLevelSpec } from 'vega-lite';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE, SECONDS_PER_YEAR } from '../../scenario/duration.js';
import type { DistributionUnit } from '../../results/distribution.js';

/**
 * One chart of a report: a Vega-Lite spec plus where it goes. `id` is unique in a report and safe as an HTML
 * id and a file name (`[a-z0-9._-]`); `title` is plain text (escaped by the page).
 *
 * Scenario strings (names, labels) only ever appear in chart specs as data values or literal titles, never
 * as field names or inside Vega expressions, so they cannot change what a chart computes.
 */
export interface ReportChart {
  id: string;
  kind: 'availability' | 'ecdf' | 'timeline' | 'convergence' | 'sensitivity' | 'paired-difference' | 'frontier' | 'share-bars' | 'area';
  title: string;
  spec: TopLevelSpec;
}

/** Fonts: DejaVu Sans is what Debian ships (fonts-dejavu-core) and what PNG rendering loads; browsers fall back. */
export const CHART_FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

/** Shared Vega-Lite config: fonts, sizes, no actions, white background (PNG). */
export const CHART_CONFIG = {
  font: CHART_FONT,
  background: 'white',
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260 },
  title: { fontSize: 14, anchor: 'start' as const },
} as const;

/** Chart width in pixels (fits the report's column). */
export const CHART_WIDTH = 640;

/** Colours used across charts. */
export const COLORS = { up: '#4c9a2a', down: '#d62728', unknown: '#bbbbbb', estimate: '#1f77b4', analytic: '#d62728', target: '#7f7f7f' } as const;

/** A display unit: values are divided by `factor` and the axis is labelled with `label`. */
export interface DisplayUnit {
  factor: number;
  label: string;
}

/** Picks a readable time unit for values in seconds, from the largest value to show. */
export function timeUnit(maxSeconds: number): DisplayUnit {
  const m = Math.abs(maxSeconds);
  if (m >= 2 * SECONDS_PER_YEAR) return { factor: SECONDS_PER_YEAR, label: 'years' };
  if (m >= 2 * SECONDS_PER_DAY) return { factor: SECONDS_PER_DAY, label: 'days' };
  if (m >= 2 * SECONDS_PER_HOUR) return { factor: SECONDS_PER_HOUR, label: 'hours' };
  if (m >= 2 * SECONDS_PER_MINUTE) return { factor: SECONDS_PER_MINUTE, label: 'minutes' };
  return { factor: 1, label: 'seconds' };
}

/** Picks a display unit for a distribution's values from its unit and largest value. */
export function displayUnit(unit: DistributionUnit | string, maxValue: number): DisplayUnit {
  if (unit === 'seconds') return timeUnit(maxValue);
  if (unit === 'bytes') {
    const m = Math.abs(maxValue);
    if (m >= 2 ** 40) return { factor: 2 ** 40, label: 'TiB' };
    if (m >= 2 ** 30) return { factor: 2 ** 30, label: 'GiB' };
    if (m >= 2 ** 20) return { factor: 2 ** 20, label: 'MiB' };
    if (m >= 2 ** 10) return { factor: 2 ** 10, label: 'KiB' };
    return { factor: 1, label: 'bytes' };
  }
  if (unit === 'probability') return { factor: 0.01, label: '%' };
  return { factor: 1, label: unit };
}

/** Digits after the decimal point of a percentage so that a CI of this width is visible (2..8). */
export function percentDigits(width: number | null): number {
  if (width === null || !(width > 0)) return 4;
  return Math.min(8, Math.max(2, Math.ceil(-Math.log10(width * 100)) + 1));
}

/** Makes a string safe as an HTML id / file name part. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'chart';
}

/** From this availability up (two nines), availability charts plot unavailability on a log scale instead. */
export const HIGH_AVAILABILITY = 0.99;

/**
 * The unavailability axis of a chart of availabilities: when every value is at least HIGH_AVAILABILITY, the
 * values are shown as unavailability U = 1 - A on a log scale (each nine gets the same room, so 99.99% and
 * 99.999% do not sit on top of each other against an axis starting at the SLO). U = 0 (no down time seen, or a
 * CI reaching 100%) cannot go on a log axis: it is drawn at `floor`, a tenth of the smallest positive U.
 * @param availabilities every availability the chart shows (estimates, CI bounds, analytic values, targets).
 * @returns null when some value is below HIGH_AVAILABILITY (a linear availability axis reads better then).
 */
export function unavailabilityAxis(availabilities: readonly (number | null | undefined)[]): { floor: number; u: (a: number | null | undefined) => number | null } | null {
  const values = availabilities.filter((a): a is number => a !== null && a !== undefined && Number.isFinite(a));
  if (values.length === 0 || values.some((a) => a < HIGH_AVAILABILITY)) return null;
  const positive = values.map((a) => 1 - a).filter((u) => u > 0);
  const floor = positive.length ? Math.min(...positive) / 10 : 1e-9;
  return { floor, u: (a) => (a === null || a === undefined ? null : Math.max(1 - a, floor)) };
}

/** d3-format of unavailability ticks on a log axis: a percentage without trailing zeros ("0.001%"). */
export const UNAVAILABILITY_FORMAT = '~%';
