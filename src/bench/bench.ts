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
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Simulator, type EventHandler } from '../engine/simulator.js';
import { compileModel } from '../model/compiled-model.js';
import { SystemModel } from '../model/system-model.js';
import { runReplication } from '../run/replication.js';
import { runScenario } from '../run/runner.js';
import { loadScenario, parseScenario } from '../scenario-document/load.js';
import { parallelBench } from './parallel-bench.js';
import { rareBench } from './rare-bench.js';
import { trafficBench } from '../traffic/bench.js';
import { loadBench } from '../load/bench.js';

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

/** CPU seconds of this process (all threads; single-threaded sections are this thread plus GC helpers). */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Throughput by wall and by CPU time: on a machine shared with other work the CPU figure is the steadier one. */
interface Throughput {
  eventsPerSecond: number;
  eventsPerCpuSecond: number;
  replicationsPerSecond: number;
  replications: number;
}

function measure(run: () => { events: number; replications: number }): Throughput {
  const t0 = process.hrtime.bigint(), c0 = cpuSeconds();
  const { events, replications } = run();
  const wall = seconds(t0), cpu = cpuSeconds() - c0;
  return { eventsPerSecond: events / wall, eventsPerCpuSecond: events / cpu, replicationsPerSecond: replications / wall, replications };
}

function modelBench(): Throughput {
  const sc = wideScenario(100, 100);
  const model = compileModel(sc);
  for (let r = 0; r < 5; r++) runReplication(model, r); // warm up the JIT
  return measure(() => {
    let events = 0;
    for (let r = 0; r < sc.plan.replications; r++) events += runReplication(model, r).stats.events;
    return { events, replications: sc.plan.replications };
  });
}

/** A whole single-threaded run (runScenario: replications + aggregation) after a warm-up run. */
function scenarioBench(file: string, replications?: number): Throughput {
  const sc = loadScenario(file);
  runScenario(sc, { timelineReplication: -1, replications: Math.min(sc.plan.replications, 500) }); // warm up the JIT
  return measure(() => {
    const run = runScenario(sc, { timelineReplication: -1, replications });
    return { events: run.accumulator.events(), replications: run.accumulator.count };
  });
}

/** Median wall time of `node <args>`, seconds. */
function startupSeconds(args: string[], runs = 7): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    execFileSync(process.execPath, args, { stdio: 'ignore' });
    times.push(seconds(t0));
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
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
  console.log(`100-component k-of-n model, 10 y replications, one thread: ${fmt(m.eventsPerSecond)} events/s wall, ${fmt(m.eventsPerCpuSecond)} per CPU second, ${m.replicationsPerSecond.toFixed(1)} replications/s   (target >= 3,000,000 events/s)`);
  const e = scenarioBench(ecommerce, 20_000);
  console.log(`e-commerce scenario, one thread: ${e.replications} replications, ${e.replicationsPerSecond.toFixed(0)} replications/s, ${fmt(e.eventsPerSecond)} events/s wall, ${fmt(e.eventsPerCpuSecond)} per CPU second`);
  console.log(`  e-commerce / 100-component events/s: ${(e.eventsPerCpuSecond / m.eventsPerCpuSecond).toFixed(2)} by CPU time, ${(e.eventsPerSecond / m.eventsPerSecond).toFixed(2)} by wall time   (target >= 0.5: per-replication set-up must not dominate small models)`);
  const backups = scenarioBench(fileURLToPath(new URL('../../scenarios/db-backups.yaml', import.meta.url)));
  console.log(`db-backups scenario (data layer, hourly backups): ${backups.replications} replications, ${backups.replicationsPerSecond.toFixed(0)} replications/s, ${fmt(backups.eventsPerSecond)} events/s`);
  const cli = fileURLToPath(new URL('../cli/main.js', import.meta.url));
  const bare = startupSeconds(['-e', '0']), version = startupSeconds([cli, '--version']), help = startupSeconds([cli, '--help']);
  console.log(`start-up (median of 7): node -e 0 ${(bare * 1000).toFixed(0)} ms; faultline --version ${(version * 1000).toFixed(0)} ms (${(version / bare).toFixed(2)}x, target <= 4x); --help ${(help * 1000).toFixed(0)} ms`);
  const mem = memoryPer1000();
  for (const line of trafficBench(fileURLToPath(new URL('../../scenarios/api-multi-zone.yaml', import.meta.url)))) console.log(line);
  for (const line of loadBench(fileURLToPath(new URL('../../scenarios/metastable.yaml', import.meta.url)))) console.log(line);
  console.log(`memory: ${(mem / 1024).toFixed(0)} KiB per 1000 instances (built model, 10,000 instances${global.gc ? '' : '; run node with --expose-gc for a steadier figure'})`);
  await parallelBench(wideScenario(100, 2000), loadScenario(ecommerce));
  rareBench();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
