/**
 * Load benchmarks (printed by `npm run bench`; issue 14 item 9), single-threaded, by wall clock and by CPU time
 * (the per-core figure, steadier on a shared machine; the targets are judged on it):
 * - exact mode on a queueing scenario (M/M/70 at rho 0.71, 10 minutes): simulated client requests per second,
 *   target >= 1,000,000 per core;
 * - fluid mode on the bundled load scenarios (each variant and sweep point of the file, one-year horizon, 20
 *   replications, operating points solved from scratch in each run): replications per second, target >= 10 per
 *   core for every one of them.
 * Each figure is the median of 3 timed runs after a warm-up run.
 */
import { runScenario } from '../run/runner.js';
import { parseScenario } from '../scenario-document/load.js';
import type { Scenario } from '../scenario/types.js';

/** An M/M/70 queue at rho 0.71 behind one host, 10 minutes, exact mode. */
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

/** One benchmarked load scenario: work per wall second and per CPU second (median of 3 runs). */
export interface LoadFigure {
  label: string;
  perSecond: number;
  perCpuSecond: number;
}

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Median figures of 3 timed runs of `make()` after one warm-up run; `work` counts what a run did. */
function timed(make: () => Scenario, replications: number, work: (run: ReturnType<typeof runScenario>) => number) {
  const wall: number[] = [], cpu: number[] = [];
  for (let i = 0; i < 4; i++) {
    const sc = make();
    const t0 = process.hrtime.bigint(), c0 = cpuSeconds();
    const run = runScenario(sc, { replications, timelineReplication: -1 });
    const w = Number(process.hrtime.bigint() - t0) / 1e9, c = cpuSeconds() - c0;
    if (i === 0) continue;
    const n = work(run);
    wall.push(n / w);
    cpu.push(n / c);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
  return { perSecond: median(wall), perCpuSecond: median(cpu) };
}

/** Exact mode: client requests simulated per second (M/M/70 at rho 0.71, 3 replications of 10 minutes). */
export function exactLoadBench(): LoadFigure {
  const q = parseScenario(QUEUEING, '<bench>');
  const f = timed(() => q, 3, (run) => run.accumulator.replications().reduce((a, r) => a + (r.load?.services[0].requests ?? 0), 0));
  return { label: 'M/M/70 at rho 0.71, 10 min', ...f };
}

/** The scenario on a one-year horizon, warm-up 0, with the default 240 buckets (its own buckets may exceed the limit). */
export function oneYear(sc: Scenario): Scenario {
  const year = 365 * 86400;
  return { ...sc, horizon: year, warmup: 0, load: { ...sc.load!, bucket: year / 240 } };
}

/**
 * Fluid mode: replications per second of each scenario (variants of a bundled load file) on a one-year horizon.
 * Every timed run gets fresh service specs, so it solves its states' operating points from scratch (the memo of
 * fluid-point.ts is per spec), as a new `faultline run` process would.
 */
export function fluidLoadBench(scenarios: { name: string; scenario: Scenario }[], replications = 20): LoadFigure[] {
  return scenarios.map(({ name, scenario }) => {
    const year = oneYear(scenario);
    const fresh = (): Scenario => ({ ...year, load: { ...year.load!, services: year.load!.services.map((s) => ({ ...s })) } });
    return { label: name, ...timed(fresh, replications, (run) => run.accumulator.count) };
  });
}
