/** The reliability area's runtime part (src/area.ts `AreaRuntime`): the reliability layer of one replication. */
import type { AreaRuntime } from '../area.js';
import { ReliabilityLayer } from './layer.js';

export const reliabilityRuntime: AreaRuntime = {
  key: 'reliability',
  attach: ({ sim, system, scenario, replication }) => {
    if (!scenario.reliability) return null;
    const layer = new ReliabilityLayer(sim, system, scenario, replication);
    return { start: () => layer.start(), finish: () => layer.finish() };
  },
};
