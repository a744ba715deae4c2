/**
 * Plan costs of autoscaled components (src/plan/billing.ts): billed at the replicas the HPA runs, not at the
 * component's count. Screening: the HPA's steady state hour by hour, clamp(ceil(rate x E[S] / (slots x target)),
 * min, max), averaged over the profile's 24 hours (hand arithmetic below); confirmation: the simulated mean
 * replicas, which in fluid mode with tolerance 0 and no failures sit at the hourly steady states except during the
 * scale-up and scale-down transients (start-up 30 s after each sync, the 5-min scale-down window per change).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBaseDocument } from '../src/plan/candidates.js';
import { planCapacity } from '../src/plan/search.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-billing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 100 requests/s x 50 ms = 5 busy slots at multiplier 1; 2 slots per replica at a 50% target: 1 busy slot per
// replica. Hours at 0.5x: ceil(2.5) = 3 replicas; at 1.5x: ceil(7.5) = 8. Twelve of each: mean 5.5 replicas.
const text = `
name: billing
horizon: 1d
warmup: 0s
replications: 2
seed: 3
components:
  web: { count: 10, failure: none, repair: none }
  db: { count: 2, failure: none, repair: none }
system: { series: [{ k_of_n: { k: 1, of: web } }, { k_of_n: { k: 1, of: db } }] }
load:
  mode: fluid
  services:
    api:
      instances: web
      rate: 100/s
      daily_profile: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5]
      capacity: { concurrency: 2, service_time: { exponential: { mean: 50ms } } }
      autoscaling: { min_replicas: 1, max_replicas: 10, target_utilization: 50%, tolerance: 0, startup_time: 30s }
planning:
  cost: { instance_per_month: { web: 100, db: 300 }, downtime_per_minute: 0 }
  search:
    - { path: components.db.count, values: [2] }
  confirm: 1
`;

describe('plan: autoscaled components are billed at their replicas', () => {
  const file = join(dir, 'billing.yaml');
  writeFileSync(file, text);
  const out = planCapacity(loadBaseDocument(file), {});
  const c = out.candidates[0];

  it('screening: 5.5 mean replicas x 100 (hourly steady states 3 and 8); other components at their count', () => {
    const web = c.cost?.lines.find((l) => l.item.startsWith('web instances'));
    expect(web?.item).toBe('web instances (autoscaled: mean replicas)');
    expect(web?.quantity).toBeCloseTo(5.5, 12);
    expect(web?.amount).toBeCloseTo(550, 9);
    expect(c.cost?.lines.find((l) => l.item === 'db instances')?.quantity).toBe(2);
  });

  it('confirmation: the simulated mean replicas, within the transients of the 5.5 steady-state mean', () => {
    const web = c.simulation?.cost.lines.find((l) => l.item.startsWith('web instances'));
    // One day from midnight: the ramp from min_replicas 1 to 3 (a few syncs: under 2 replicas x 1 min short) and
    // the noon scale-up (overloaded replicas report 100%: it may overshoot by at most 2 replicas, max_replicas 10,
    // for at most the 300-s scale-down window plus a few syncs, and lags 5 replicas by at most a minute);
    // the midnight scale-down falls after the horizon. |mean - 5.5| <= (2 x 60 + 2 x 360 + 5 x 60) / 86400 < 0.014.
    expect(Math.abs((web?.quantity as number) - 5.5)).toBeLessThan(0.014);
    expect(web?.amount).toBeCloseTo((web?.quantity as number) * 100, 9);
  });
});
