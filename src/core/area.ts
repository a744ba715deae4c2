/**
 * The core (components, crews, structure, crash and zone-outage faults, observe, the availability/RTO/RPO
 * objectives and the document settings): the backbone every modelling area attaches to. Its scenario part
 * goes through the same contract as the areas' (src/area.ts); it is composed first and is not in the
 * registry of areas (src/areas.ts `CORE`). Its replication model lives in src/model/ and src/observe/.
 */
import type { ModelArea } from '../area.js';
import { coreMetrics } from './compare.js';
import { CORE_FAULT_KINDS, coreFault, coreKeys, coreSloKeys } from './schema.js';

export const coreArea: ModelArea = {
  key: 'core',
  title: 'Components and structure',
  schema: () => ({
    keys: ({ faults, slo }) => ({ shape: coreKeys(faults as Parameters<typeof coreKeys>[0], slo as Parameters<typeof coreKeys>[1]) }),
    slo: coreSloKeys,
    faults: { kinds: CORE_FAULT_KINDS, schema: coreFault },
  }),
  comparisonMetrics: coreMetrics,
};
