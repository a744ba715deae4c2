/** The traffic area's runtime part (src/area.ts `AreaRuntime`): the request model of one replication. */
import type { AreaRuntime } from '../area.js';
import { attachTraffic } from './attach.js';

export const trafficRuntime: AreaRuntime = {
  key: 'traffic',
  attach: ({ sim, system, scenario, replication, trafficMode }) => (scenario.traffic ? attachTraffic(sim, system, scenario, replication, trafficMode) : null),
};
