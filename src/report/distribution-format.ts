import type { DistributionSummary, DistributionUnit } from '../results/distribution.js';
import { formatPercent, formatSeconds } from './format.js';

/** Formats one value of a distribution in its unit (durations human-readable, bytes in KiB/MiB/..., probabilities in %). */
export function formatDistributionValue(unit: DistributionUnit | string, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  switch (unit) {
    case 'seconds':
      return formatSeconds(v);
    case 'probability':
      return formatPercent(v, 4);
    case 'bytes': {
      const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
      let x = v, i = 0;
      while (Math.abs(x) >= 1024 && i < units.length - 1) {
        x /= 1024;
        i++;
      }
      return `${i === 0 ? x.toFixed(0) : x.toPrecision(3)} ${units[i]}`;
    }
    default:
      return `${Number.isInteger(v) ? v : v.toPrecision(4)} ${unit}`;
  }
}

/** The quantiles shown in distribution summary tables, as indices into `DistributionSummary.quantiles`. */
export const SUMMARY_QUANTILES = [
  { label: 'p50', index: 50 },
  { label: 'p90', index: 90 },
  { label: 'p99', index: 99 },
  { label: 'max', index: 100 },
] as const;

/** One summary row of a distribution: label, n, mean and the SUMMARY_QUANTILES, formatted in its unit. */
export function distributionRow(d: DistributionSummary): string[] {
  const f = (v: number | null | undefined) => formatDistributionValue(d.unit, v);
  return [d.label, String(d.count), f(d.mean), ...SUMMARY_QUANTILES.map((q) => (d.count ? f(d.quantiles[q.index]) : 'n/a'))];
}

/** Header of the rows from `distributionRow`. */
export const DISTRIBUTION_HEADERS = ['distribution', 'n', 'mean', ...SUMMARY_QUANTILES.map((q) => q.label)];
