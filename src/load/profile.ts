/** The client request rate of a load service at time t: rate x the multiplier of t's hour of the day. */
import type { LoadServiceSpec } from './types.js';

const HOUR = 3600;
const DAY = 24 * HOUR;

/** Requests per second at time t (seconds from the start, which is midnight). */
export function rateAt(spec: Pick<LoadServiceSpec, 'rate' | 'dailyProfile'>, t: number): number {
  const p = spec.dailyProfile;
  if (!p) return spec.rate;
  return spec.rate * p[Math.floor((((t % DAY) + DAY) % DAY) / HOUR) % 24];
}

/** The next hour boundary strictly after t (where the profile may change). */
export function nextHour(t: number): number {
  return (Math.floor(t / HOUR) + 1) * HOUR;
}
