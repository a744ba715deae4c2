/** The attribution area's runtime part (src/area.ts `AreaRuntime`): the downtime attribution observer. */
import type { AreaRuntime } from '../area.js';
import { attachAttribution } from './runtime.js';

export const attributionRuntime: AreaRuntime = { key: 'attribution', attach: attachAttribution };
