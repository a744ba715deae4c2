/**
 * The registry of modelling areas (src/area.ts): the one place that names them. The shared pipeline iterates
 * over `AREAS` in this order, which fixes the order of their sections in results.json and the reports (changing
 * it changes bytes: see test/results-pin.test.ts), and the order of their scenario keys, `slo` keys and fault
 * kinds in error messages. A new area is one folder plus one line here
 * (docs/architecture.md "How to add an area").
 */
import type { ModelArea } from './area.js';
import { attributionArea } from './attribution/area.js';
import { coreArea } from './core/area.js';
import { dataArea } from './data/area.js';
import { loadArea } from './load/area.js';
import { planningArea } from './plan/area.js';
import { reliabilityArea } from './reliability/area.js';
import { trafficArea } from './traffic/area.js';

/**
 * The core (components and structure): the backbone the areas attach to. Its scenario part is composed
 * first (src/scenario-document/); it is not iterated over with the areas.
 */
export const CORE: ModelArea = coreArea;

export const AREAS: readonly ModelArea[] = [dataArea, trafficArea, planningArea, reliabilityArea, attributionArea, loadArea];
