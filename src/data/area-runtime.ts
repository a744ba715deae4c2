/** The data area's runtime part (src/area.ts `AreaRuntime`): the data layer of one replication. */
import type { AreaRuntime } from '../area.js';
import { DataLayer } from './data-layer.js';

export const dataRuntime: AreaRuntime = {
  key: 'data',
  attach: ({ sim, system, scenario, replication }) => (scenario.data ? new DataLayer(sim, scenario, system.instances, replication) : null),
};
