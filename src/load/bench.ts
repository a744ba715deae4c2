/**
 * Load benchmarks (printed by `npm run bench`): the bundled load scenario in fluid mode on a one-year horizon
 * (replications/s, target >= 10 per core) and exact mode on a queueing scenario (simulated requests/s, target
 * >= 1,000,000 per core: not met yet, see docs/load.md).
 */
import { runScenario } from '../run/runner.js';
import { loadScenario, parseScenario } from '../scenario-document/load.js';

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

/** An M/M/7 queue at rho 0.71 behind one host, 10 minutes, exact mode. */
const QUEUEING = `
name: bench-queue
horizon: 10m
replications: 3
seed: 1
components: { web: { failure: none, repair: none } }
system: web
load:
  mode: exact
  services:
    api: { instances: web, rate: 1000/s, capacity: { concurrency: 70, service_time: { exponential: { mean: 50ms } } }, timeout: 1s }
`;

/** @param file a scenario with a load section (scenarios/metastable.yaml). */
export function loadBench(file: string): string[] {
  const sc = loadScenario(file);
  // One-year horizon with the default 240 buckets (the scenario's 10-minute buckets would exceed the bucket limit).
  const year = { ...sc, horizon: 365 * 86400, warmup: 0, load: { ...sc.load!, bucket: (365 * 86400) / 240 } };
  const t0 = process.hrtime.bigint();
  runScenario(year, { replications: 20, timelineReplication: -1 });
  const sf = seconds(t0);
  const q = parseScenario(QUEUEING);
  const t1 = process.hrtime.bigint();
  const exact = runScenario(q, { replications: 3, timelineReplication: -1 });
  const se = seconds(t1);
  const reqs = exact.accumulator.replications().reduce((a, r) => a + (r.load?.services[0].requests ?? 0), 0);
  return [
    `load fluid (${sc.name}, 1 y horizon): ${(20 / sf).toFixed(1)} replications/s   (target >= 10 per core)`,
    `load exact (M/M/70 at rho 0.71, 10 min): ${Math.round(reqs / se).toLocaleString('en-US')} requests/s   (target >= 1,000,000 per core)`,
  ];
}
