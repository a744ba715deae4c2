/**
 * The planning area (`planning:` section, `faultline plan`): a scenario section and its own command; it
 * attaches nothing to a replication and adds nothing to results.json (src/area.ts).
 */
import type { ModelArea } from '../area.js';

export const planningArea: ModelArea = { key: 'planning', title: 'Capacity planning' };
