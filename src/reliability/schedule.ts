/** Firing times of a planned-work schedule (`every`/`offset` or `cron`), as a lazy cursor (seconds, ascending). */
import { cronCursor, parseCron } from '../scenario/cron.js';
import type { WorkSchedule } from './types.js';

/** Each call returns the next firing time in [0, horizon], or null after the last. */
export function scheduleCursor(s: WorkSchedule, horizon: number): () => number | null {
  if (s.type === 'cron') {
    const c = parseCron(s.expression);
    if (!c.ok) throw new Error(`invalid cron expression ${s.expression}: ${c.problem}`);
    return cronCursor(c.value, horizon);
  }
  let k = 0;
  return () => {
    const t = s.offset + k * s.every;
    if (t > horizon) return null;
    k++;
    return t;
  };
}
