/** The load area's runtime part (src/area.ts `AreaRuntime`): hosts, queues and clients of one replication. */
import type { AreaRuntime } from '../area.js';
import { attachLoad } from './attach.js';

export const loadRuntime: AreaRuntime = {
  key: 'load',
  attach: ({ sim, system, scenario, replication, trafficMode }) => (scenario.load ? attachLoad(sim, system, scenario, replication, trafficMode) : null),
};
