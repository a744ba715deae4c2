/**
 * The runtime parts of the registered areas (src/area.ts `AreaRuntime`), in the order of `AREAS` in
 * src/areas.ts (the order they attach to a replication, which fixes the order of same-time events and so
 * the bytes of results.json), limited to the areas that attach to a replication. A replication
 * (src/run/replication.ts) and so a worker thread import only this list: none of the areas' schemas (zod),
 * results or report code, which keeps worker start-up short. test/area-runtimes.test.ts checks that the
 * list matches `AREAS`.
 */
import type { AreaRuntime } from './area.js';
import { attributionRuntime } from './attribution/area-runtime.js';
import { dataRuntime } from './data/area-runtime.js';
import { loadRuntime } from './load/area-runtime.js';
import { reliabilityRuntime } from './reliability/area-runtime.js';
import { trafficRuntime } from './traffic/area-runtime.js';

export const AREA_RUNTIMES: readonly AreaRuntime[] = [dataRuntime, trafficRuntime, reliabilityRuntime, attributionRuntime, loadRuntime];
