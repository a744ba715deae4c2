/**
 * `npm run bench`: prints throughput figures and checks the speed targets (src/bench/targets.ts; nothing is
 * asserted in tests). `npm run bench -- <section...>` runs only the named sections:
 * - kernel: events/s of the bare event queue + clock (hold model: every fired event schedules one more);
 * - model: events/s of full single-threaded runs (runScenario: replications + aggregation) of a
 *   100-component model (10 y, exponential failures and repairs) and of the e-commerce component model
 *   (src/bench/ecommerce-model.ts), measured alternately, median of 3 after a warm-up round; targets:
 *   100-component >= 3 M events/s (wall, one thread), e-commerce >= half the 100-component events/s;
 * - scenarios: the flagship scenarios/ecommerce.yaml (requests + data) and scenarios/db-backups.yaml
 *   (replications/s, no target);
 * - startup: `faultline --version` and `--help` vs a bare `node -e 0` (target: --version <= 4x), and the run `npm start`
 *   makes (target: under 5 s wall on an idle 2-core machine);
 * - traffic: fluid and exact traffic throughput (src/traffic/bench.ts);
 * - memory: heap bytes per 1000 instances of a built model;
 * - parallel: 1 vs 2 (and all available) threads on both models, new and warm pool, and the pool's own
 *   overhead (target: 2 threads >= 1.8x for runs >= 2 s, pool start-up included; parallel-bench.ts);
 * - rare: importance sampling vs plain Monte Carlo to +-10% on a five-nines system (rare-bench.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Simulator, type EventHandler } from '../engine/simulator.js';
import { compileModel } from '../model/compiled-model.js';
import { SystemModel } from '../model/system-model.js';
import { runScenario } from '../run/runner.js';
import { loadScenario, parseScenario } from '../scenario-document/load.js';
import type { Scenario } from '../scenario/types.js';
import { trafficBench } from '../traffic/bench.js';
import { loadBench } from '../load/bench.js';
import { ECOMMERCE_MODEL_SOURCE, ecommerceComponentModel } from './ecommerce-model.js';
import { parallelBench } from './parallel-bench.js';
import { rareBench } from './rare-bench.js';
import { checkTarget, loadLine, machineBusy, printTargetSummary } from './targets.js';

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

/** A k-of-n model of `n` identical nodes (90% needed), 10 y horizon, exponential failures (2000 h) and repairs (8 h). */
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

/** One whole single-threaded run (runScenario: replications + aggregation, no timeline). */
function timedRun(sc: Scenario, planned?: number): Throughput {
  const t0 = process.hrtime.bigint(), c0 = cpuSeconds();
  const run = runScenario(sc, { timelineReplication: -1, replications: planned });
  const wall = seconds(t0), cpu = cpuSeconds() - c0;
  const events = run.accumulator.events(), replications = run.accumulator.count;
  return { eventsPerSecond: events / wall, eventsPerCpuSecond: events / cpu, replicationsPerSecond: replications / wall, replications };
}

const medianBy = (xs: Throughput[], key: keyof Throughput) => [...xs].sort((a, b) => a[key] - b[key])[Math.floor(xs.length / 2)][key];

/** Median (per figure) of `rounds` runs of each scenario, alternating between them, after one warm-up round. */
function alternate(scenarios: Scenario[], rounds = 3): Throughput[] {
  const runs: Throughput[][] = scenarios.map(() => []);
  for (let r = 0; r <= rounds; r++) {
    scenarios.forEach((sc, i) => {
      const t = timedRun(sc);
      if (r > 0) runs[i].push(t);
    });
  }
  return runs.map((xs) => ({
    eventsPerSecond: medianBy(xs, 'eventsPerSecond'),
    eventsPerCpuSecond: medianBy(xs, 'eventsPerCpuSecond'),
    replicationsPerSecond: medianBy(xs, 'replicationsPerSecond'),
    replications: xs[0].replications,
  }));
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
const scenarioFile = (name: string) => fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url));

/** Replications of the 100-component model per timed run (~0.5-1 s each). */
const WIDE_REPLICATIONS = 300;
/** Replications of the e-commerce component model per timed run (~0.5-1 s each). */
const ECOMMERCE_REPLICATIONS = 50_000;

function kernelSection(): void {
  kernelBench(200_000);
  const kernel = kernelBench(5_000_000);
  console.log(`kernel (hold model, 1000 pending events): ${fmt(kernel)} events/s`);
  checkTarget({ name: 'kernel events/s', target: '>= 2,000,000', measured: fmt(kernel), pass: kernel >= 2_000_000 });
}

function modelSection(): void {
  const [m, e] = alternate([wideScenario(100, WIDE_REPLICATIONS), ecommerceComponentModel(ECOMMERCE_REPLICATIONS)]);
  console.log(`single-threaded runs (runScenario), median of 3 alternating runs after a warm-up round:`);
  console.log(`  100-component k-of-n model, ${m.replications} replications of 10 y: ${fmt(m.eventsPerSecond)} events/s wall, ${fmt(m.eventsPerCpuSecond)} per CPU second, ${m.replicationsPerSecond.toFixed(1)} replications/s`);
  console.log(`  e-commerce component model, ${e.replications} replications of 1 y: ${fmt(e.eventsPerSecond)} events/s wall, ${fmt(e.eventsPerCpuSecond)} per CPU second, ${fmt(e.replicationsPerSecond)} replications/s`);
  console.log(`    (the model: ${ECOMMERCE_MODEL_SOURCE})`);
  checkTarget({
    name: '100-component events/s (one thread, wall)',
    target: '>= 3,000,000',
    measured: fmt(m.eventsPerSecond),
    note: `${fmt(m.eventsPerCpuSecond)} per CPU second`,
    pass: m.eventsPerSecond >= 3_000_000,
  });
  const wall = e.eventsPerSecond / m.eventsPerSecond, cpu = e.eventsPerCpuSecond / m.eventsPerCpuSecond;
  checkTarget({
    name: 'e-commerce / 100-component events/s (wall)',
    target: '>= 0.50 (per-replication set-up must not dominate small models)',
    measured: wall.toFixed(2),
    note: `${cpu.toFixed(2)} by CPU time`,
    pass: wall >= 0.5,
  });
}

function scenariosSection(): void {
  for (const [name, label, replications] of [
    ['ecommerce.yaml', 'flagship e-commerce scenario (requests + data)', 300],
    ['db-backups.yaml', 'db-backups scenario (data layer, hourly backups)', undefined],
  ] as const) {
    const sc = loadScenario(scenarioFile(name));
    runScenario(sc, { timelineReplication: -1, replications: Math.min(replications ?? sc.plan.replications, 100) }); // warm up the JIT
    const t = timedRun(sc, replications);
    console.log(`${label}: ${t.replications} replications, ${t.replicationsPerSecond.toFixed(0)} replications/s, ${fmt(t.eventsPerSecond)} events/s wall`);
  }
}

function startupSection(): void {
  const cli = fileURLToPath(new URL('../cli/main.js', import.meta.url));
  const bare = startupSeconds(['-e', '0']), version = startupSeconds([cli, '--version']), help = startupSeconds([cli, '--help']);
  console.log(`start-up (median of 7): node -e 0 ${(bare * 1000).toFixed(0)} ms; faultline --version ${(version * 1000).toFixed(0)} ms; --help ${(help * 1000).toFixed(0)} ms`);
  checkTarget({ name: 'faultline --version / node -e 0', target: '<= 4x', measured: `${(version / bare).toFixed(2)}x`, pass: version / bare <= 4 });
  const flagship = flagshipRunSeconds();
  console.log(`npm start's run (faultline run scenarios/ecommerce.yaml: 30 replications, --workers auto, analytic model, results and reports written), median of 3: ${flagship.toFixed(2)} s wall`);
  checkTarget({ name: "npm start's run (wall)", target: '< 5 s on an idle 2-core machine', measured: `${flagship.toFixed(2)} s`, pass: flagship < 5 });
}

/** Median wall time of the command `npm start` runs (dist/ current, so without npm's own start-up), seconds. */
function flagshipRunSeconds(runs = 3): number {
  const cli = fileURLToPath(new URL('../cli/main.js', import.meta.url));
  const out = mkdtempSync(join(tmpdir(), 'faultline-bench-'));
  try {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, [cli, 'run', scenarioFile('ecommerce.yaml'), '--out', out, '--quiet'], { stdio: 'ignore' });
      if (r.status !== 0 && r.status !== 3) throw new Error(`faultline run scenarios/ecommerce.yaml exited with ${r.status ?? r.signal}`);
      times.push(seconds(t0));
    }
    return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const SECTIONS: Record<string, () => void | Promise<void>> = {
  kernel: kernelSection,
  model: modelSection,
  scenarios: scenariosSection,
  startup: startupSection,
  traffic: () => { for (const line of trafficBench(scenarioFile('api-multi-zone.yaml'))) console.log(line); },
  load: () => { for (const line of loadBench(scenarioFile('metastable.yaml'))) console.log(line); },
  memory: () => {
    const mem = memoryPer1000();
    console.log(`memory: ${(mem / 1024).toFixed(0)} KiB per 1000 instances (built model, 10,000 instances${global.gc ? '' : '; run node with --expose-gc for a steadier figure'})`);
  },
  parallel: () => parallelBench(wideScenario(100, 2000), ecommerceComponentModel(200_000)),
  rare: rareBench,
};

/** Runs the sections named in `names` (all when empty), then prints the targets' summary. */
export async function main(names: string[] = []): Promise<void> {
  const unknown = names.filter((n) => !(n in SECTIONS));
  if (unknown.length) throw new Error(`unknown bench section ${unknown.join(', ')}; expected some of ${Object.keys(SECTIONS).join(', ')}`);
  console.log(`faultline bench; ${loadLine()}${machineBusy() ? ' (busy: wall-clock figures will be depressed; run when the machine is idle)' : ''}`);
  for (const [name, run] of Object.entries(SECTIONS)) if (names.length === 0 || names.includes(name)) await run();
  printTargetSummary();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main(process.argv.slice(2));
