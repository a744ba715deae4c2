/**
 * The core model is built once per compiled model and thread and reset between replications
 * (src/run/replication.ts): a replication must give exactly what a freshly built model gives, whatever ran
 * before it on this thread, including scenarios whose traffic and data layers attach listeners and hooks
 * to the instances.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/model/compiled-model.js';
import { runReplication } from '../src/run/replication.js';
import { loadScenario } from '../src/scenario-document/load.js';

const cases: [string, number[]][] = [
  ['scenarios/ecommerce.yaml', [0, 1, 2, 3, 17, 5, 5, 40]],
  ['scenarios/api-multi-zone.yaml', [0, 1, 2]],
  ['scenarios/db-backups.yaml', [0, 2, 1]],
  ['scenarios/zone-partition.yaml', [0, 1]],
  // Core observers are reused too: probes (point availability) and outages must start afresh.
  ['scenarios/validation/point-availability.yaml', [0, 3, 1, 3]],
  ['scenarios/ecommerce-strategies.yaml', [4, 0, 9, 4]],
];

describe('model reuse across replications', () => {
  for (const [file, order] of cases) {
    it(`${file}: replications ${order.join(', ')} in this order equal fresh builds`, () => {
      const sc = loadScenario(file);
      const shared = compileModel(sc);
      for (const r of order) {
        const reused = runReplication(shared, r, r === 0);
        const fresh = runReplication(compileModel(sc), r, r === 0);
        expect(reused, `replication ${r}`).toEqual(fresh);
      }
    });
  }
});
