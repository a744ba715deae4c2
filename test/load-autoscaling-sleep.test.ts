/**
 * The fluid-mode autoscaler sleeps through HPA syncs that cannot change anything (src/load/autoscaling.ts). The
 * reference is the same model syncing every period (Autoscaler.sleepDisabled): every result must agree to
 * floating-point rounding (1e-9 relative; the sums are split at other times), on the bundled scenario and on a
 * scenario that exercises every wake-up: hour ticks, latency spikes, host failures and repairs, evictions,
 * start-up failures, failed scale actions, scale-up and scale-down windows and Pods/Percent policies.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Autoscaler } from '../src/load/autoscaling.js';
import { buildResults } from '../src/results/build.js';
import { runScenario } from '../src/run/runner.js';
import { parseScenario } from '../src/scenario-document/load.js';
import type { Scenario } from '../src/scenario/types.js';

/** Paths where two JSON values differ by more than 1e-9 relative (or in anything but numbers). */
function differences(a: unknown, b: unknown, path: string, out: string[]): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    const scale = Math.max(Math.abs(a), Math.abs(b));
    if (a !== b && !(Math.abs(a - b) <= 1e-9 * scale)) out.push(`${path}: ${a} vs ${b}`);
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, out);
  } else if (a !== b) out.push(`${path}: ${String(a)} vs ${String(b)}`);
  return out;
}

function both(sc: Scenario, replications: number) {
  const run = (disabled: boolean) => {
    Autoscaler.sleepDisabled = disabled;
    const r = runScenario(sc, { replications, timelineReplication: -1 });
    return { results: JSON.parse(JSON.stringify(buildResults(r, null).load)), events: r.accumulator.events() };
  };
  return { every: run(true), sleeping: run(false) };
}

const BUSY = `
name: autoscaler wake-ups
horizon: 3d
warmup: 1h
seed: 99
components:
  api:
    count: 9
    zones: [a, b, c]
    failure: { exponential: { mtbf: 2d } }
    repair: { exponential: { mttr: 20m } }
system: { k_of_n: { k: 1, of: api } }
load:
  mode: fluid
  bucket: 10m
  services:
    api:
      instances: api
      rate: 200/s
      daily_profile: [0.3, 0.3, 0.3, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.5, 1.5, 1.4, 1.3, 1.3, 1.2, 1.1, 1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3]
      capacity: { concurrency: 4, service_time: { exponential: { mean: 50ms } }, queue_limit: 100 }
      timeout: 1s
      retry_policy: { num_retries: 1 }
      autoscaling:
        min_replicas: 2
        max_replicas: 9
        target_utilization: 60%
        startup_time: { uniform: { min: 20s, max: 90s } }
        startup_failure: 10%
        scale_failure: 5%
        retry_after: 45s
        eviction_timeout: 2m
        behavior:
          scale_up: { stabilization_window: 1m, policies: [{ type: Pods, value: 1, period: 30s }] }
          scale_down: { stabilization_window: 2m, select_policy: Min, policies: [{ type: Percent, value: 50, period: 1m }, { type: Pods, value: 1, period: 45s }] }
faults:
  - { kind: latency-spike, service: api, factor: 2, rate: 1/6h, duration: 10m }
`;

describe('fluid autoscaler: sleeping through quiet syncs changes no result', () => {
  afterEach(() => {
    Autoscaler.sleepDisabled = false;
  });

  it('scenarios/autoscaling.yaml (40 replications, its 2-day horizon)', () => {
    const sc = parseScenario(readFileSync('scenarios/autoscaling.yaml', 'utf8'), 'scenarios/autoscaling.yaml');
    const { every, sleeping } = both(sc, 40);
    expect(differences(every.results, sleeping.results, 'load', [])).toEqual([]);
    // 2 days = 11,520 syncs per replication when syncing every period; sleeping skips most of them.
    expect(sleeping.events).toBeLessThan(every.events / 2);
  });

  it('every kind of wake-up (spikes, failures, evictions, failed starts and scale actions, custom behavior)', () => {
    const sc = parseScenario(BUSY, 'busy.yaml');
    const { every, sleeping } = both(sc, 12);
    expect(every.results.services[0].autoscaling.failedStarts.estimate).toBeGreaterThan(0);
    expect(differences(every.results, sleeping.results, 'load', [])).toEqual([]);
    expect(sleeping.events).toBeLessThan(every.events);
  });
});
