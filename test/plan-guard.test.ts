/**
 * Every simulation a plan makes runs under the work guard's limits given to planCapacity (the CLI's --max-events
 * and --max-memory): confirmation runs and the N-k table at peak (and the zone loss at peak, the same way) are
 * checked before they start (InputError naming the run) and get the per-replication event budget.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBaseDocument } from '../src/plan/candidates.js';
import { planCapacity } from '../src/plan/search.js';
import { DEFAULT_MAX_MEMORY } from '../src/run/work-guard.js';
import { InputError } from '../src/scenario/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-plan-guard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = (planning: string) => `
name: guarded plan
horizon: 1d
replications: 2
seed: 5
components:
  web: { count: 3, zones: [a, b, c], failure: { exponential: { mtbf: 30d } }, repair: { exponential: { mttr: 1h } } }
system: { k_of_n: { k: 1, of: web } }
load:
  mode: exact
  services:
    api:
      instances: web
      rate: 50/s
      capacity: { concurrency: 4, service_time: { exponential: { mean: 20ms } } }
planning:
  cost: { instance_per_month: { web: 10 } }
  search:
    - { path: components.web.count, values: [3] }
${planning}
`;

function plan(planning: string, maxEvents: number) {
  const file = join(dir, `p${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text(planning));
  return () => planCapacity(loadBaseDocument(file), { limits: { maxEvents, maxMemory: DEFAULT_MAX_MEMORY } });
}

describe('plan: the work guard covers every simulation it makes', () => {
  // 50 requests/s over a day is about 4.3 M requests (several kernel events each) per replication.
  it('a confirmation run over --max-events is refused, naming the candidate', () => {
    expect(plan('  confirm: 1', 1e6)).toThrow(InputError);
    expect(plan('  confirm: 1', 1e6)).toThrow(/plan: candidate c1: refusing to simulate/);
  });

  it('an N-k run at peak over --max-events is refused, naming k', () => {
    expect(plan('  confirm: 0\n  n_minus_k_at_peak: { max_down: 1, window: 1d, replications: 2 }', 1e6)).toThrow(/plan: N-k at peak \(k = 0\): refusing to simulate/);
  });
});
