/**
 * `npm run bench`: prints throughput figures (nothing is asserted; targets live here, not in tests).
 * - kernel: events/s of the bare event queue + clock (hold model: every fired event schedules one more);
 * - model: events/s of full replications of a 100-component model (exponential failures and repairs);
 * - e-commerce: replications/s and events/s on the bundled scenarios/ecommerce.yaml;
 * - memory: heap bytes per 1000 instances of a built model;
 * - parallel: replications/s with 1 and 2 threads (and all available ones when more) on a 100-component
 *   model and on e-commerce, the speed-up, the CPU time the pool adds, and the pool's own overhead
 *   (start-up latency, round trip of an empty task). See src/bench/parallel-bench.ts.
 * - rare events: importance sampling vs plain Monte Carlo to +-10% on a five-nines system (rare-bench.ts).
 */
import { fileURLToPath } from 'node:url';
import { Simulator, type EventHandler } from '../engine/simulator.js';
import { compileModel } from '../model/compiled-model.js';
import { SystemModel } from '../model/system-model.js';
import { runReplication } from '../run/replication.js';
import { runScenario } from '../run/runner.js';
import { loadScenario, parseScenario } from '../scenario/load.js';
import { parallelBench } from './parallel-bench.js';
import { rareBench } from './rare-bench.js';
import { trafficBench } from '../traffic/bench.js';

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

function kernelBench(events: number): number {
  const sim = new Simulator();
  let x = 0x9e3779b9;
  const rand = () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  const handler: EventHandler = { handleEvent: () => { sim.schedule(-Math.log(1 - rand()) * 100, handler, 0); } };
  for (let i = 0; i < 1000; i++) sim.schedule(rand() * 100, handler, 0);
  const t0 = process.hrtime.bigint();
  let fired = 0;
  while (fired < events) fired += sim.run(sim.now + 1000);
  return fired / seconds(t0);
}

export function wideScenario(n: number, replications: number) {
  return parseScenario(`
name: bench-${n}
horizon: 10y
replications: ${replications}
seed: 7
components:
  node: { count: ${n}, zones: [a, b, c], failure: { exponential: { mtbf: 2000h } }, repair: { exponential: { mttr: 8h } } }
system: { k_of_n: { k: ${Math.ceil(n * 0.9)}, of: node } }
`, '<bench>');
}

function modelBench(): { eventsPerSecond: number; replicationsPerSecond: number } {
  const sc = wideScenario(100, 40);
  const model = compileModel(sc);
  runReplication(model, 0); // warm up the JIT
  const t0 = process.hrtime.bigint();
  let events = 0;
  for (let r = 0; r < sc.plan.replications; r++) events += runReplication(model, r).stats.events;
  const s = seconds(t0);
  return { eventsPerSecond: events / s, replicationsPerSecond: sc.plan.replications / s };
}

function ecommerceBench(file: string): { replicationsPerSecond: number; eventsPerSecond: number; replications: number } {
  const sc = loadScenario(file);
  const t0 = process.hrtime.bigint();
  const run = runScenario(sc, { timelineReplication: -1 });
  const s = seconds(t0);
  return { replicationsPerSecond: run.accumulator.count / s, eventsPerSecond: run.accumulator.events() / s, replications: run.accumulator.count };
}

function memoryPer1000(): number {
  const sc = wideScenario(10000, 1);
  const model = compileModel(sc);
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const sim = new Simulator();
  const system = new SystemModel(sim, model);
  system.start();
  global.gc?.();
  const after = process.memoryUsage().heapUsed;
  return ((after - before) / system.instances.length) * 1000;
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

export async function main(): Promise<void> {
  const ecommerce = fileURLToPath(new URL('../../scenarios/ecommerce.yaml', import.meta.url));
  kernelBench(200_000);
  const kernel = kernelBench(5_000_000);
  console.log(`kernel (hold model, 1000 pending events): ${fmt(kernel)} events/s   (target >= 2,000,000)`);
  const m = modelBench();
  console.log(`100-component k-of-n model, 10 y replications: ${fmt(m.eventsPerSecond)} events/s, ${m.replicationsPerSecond.toFixed(1)} replications/s`);
  const e = ecommerceBench(ecommerce);
  console.log(`e-commerce scenario: ${e.replications} replications, ${e.replicationsPerSecond.toFixed(0)} replications/s, ${fmt(e.eventsPerSecond)} events/s`);
  const backups = ecommerceBench(fileURLToPath(new URL('../../scenarios/db-backups.yaml', import.meta.url)));
  console.log(`db-backups scenario (data layer, hourly backups): ${backups.replications} replications, ${backups.replicationsPerSecond.toFixed(0)} replications/s, ${fmt(backups.eventsPerSecond)} events/s`);
  const mem = memoryPer1000();
  for (const line of trafficBench(fileURLToPath(new URL('../../scenarios/api-multi-zone.yaml', import.meta.url)))) console.log(line);
  console.log(`memory: ${(mem / 1024).toFixed(0)} KiB per 1000 instances (built model, 10,000 instances${global.gc ? '' : '; run node with --expose-gc for a steadier figure'})`);
  await parallelBench(wideScenario(100, 2000), loadScenario(ecommerce));
  rareBench();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
