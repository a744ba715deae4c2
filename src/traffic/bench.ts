/**
 * Traffic benchmarks (printed by `npm run bench`): fluid mode on a one-year horizon (replications/s and
 * client requests integrated per second of CPU) and exact mode (simulated requests per second).
 */
import { runScenario } from '../run/runner.js';
import { loadScenario } from '../scenario-document/load.js';

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

/** @param file a scenario with services (e.g. scenarios/api-multi-zone.yaml). */
export function trafficBench(file: string): string[] {
  const sc = loadScenario(file);
  const t0 = process.hrtime.bigint();
  const fluid = runScenario(sc, { replications: 50, timelineReplication: -1 });
  const sf = seconds(t0);
  const reqs = fluid.accumulator.replications().reduce((a, r) => a + (r.traffic?.requests ?? 0), 0);
  const short = { ...sc, horizon: 600, warmup: 0, traffic: { ...sc.traffic!, mode: 'exact' as const } };
  const t1 = process.hrtime.bigint();
  const exact = runScenario(short, { replications: 5, timelineReplication: -1 });
  const se = seconds(t1);
  const exactReqs = exact.accumulator.replications().reduce((a, r) => a + (r.traffic?.requests ?? 0), 0);
  return [
    `traffic fluid (${sc.name}, 1 y horizon): ${(50 / sf).toFixed(1)} replications/s, ${(reqs / sf / 1e6).toFixed(0)} M requests integrated/s`,
    `traffic exact (same services, 10 min): ${Math.round(exactReqs / se).toLocaleString('en-US')} requests/s`,
  ];
}
