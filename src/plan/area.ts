/**
 * The planning area (`planning:` section, `faultline plan`): a scenario section and its own command; it
 * attaches nothing to a replication and adds nothing to results.json (src/area.ts).
 */
import * as z from 'zod';
import type { ModelArea } from '../area.js';
import { normalizePlanning } from './normalize.js';
import { type RawPlanning, planningSchema } from './schema.js';

/** The `planning:` key of the raw document (module augmentation: the core's schema names no area). */
declare module '../core/schema.js' {
  interface RawScenario {
    planning?: RawPlanning;
  }
}

export const planningArea: ModelArea = {
  key: 'planning',
  title: 'Capacity planning',
  schema: () => ({ keys: () => ({ after: 'slo', shape: { planning: z.lazy(() => planningSchema()).optional() } }) }),
  normalize: ({ raw, add, source }) => normalizePlanning(raw, add, source),
};
