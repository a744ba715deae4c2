/**
 * Worker-pool figures for `npm run bench`: replications/s and events/s with 1 thread and with 2 (and all
 * available) threads, the speed-up, the extra CPU time the pool costs, and the pool's own overhead. Wall
 * times depend on what else the machine runs (with scheduler autogroups, a busy machine may give the whole
 * process one core's share however many threads it has); CPU times (process.cpuUsage covers every thread)
 * show the overhead independently of the load, and n x CPU(1 thread) / CPU(n threads) bounds the speed-up
 * n free cores would give.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildResults } from '../results/build.js';
import { runScenarioParallel } from '../run/parallel-runner.js';
import { machineParallelism, ReplicationPool } from '../run/pool.js';
import { CHUNK_SIZE } from '../run/replication-source.js';
import { runScenario } from '../run/runner.js';
import type { Scenario } from '../scenario/types.js';
import { checkTarget } from './targets.js';

interface Timing {
  wall: number;
  cpu: number;
  replications: number;
  events: number;
  bytes: string;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function timed(fn: () => Promise<{ run: Parameters<typeof buildResults>[0] }>): Promise<Timing> {
  const w0 = process.hrtime.bigint(), c0 = cpuSeconds();
  const { run } = await fn();
  const wall = Number(process.hrtime.bigint() - w0) / 1e9, cpu = cpuSeconds() - c0;
  return { wall, cpu, replications: run.accumulator.count, events: run.accumulator.events(), bytes: JSON.stringify(buildResults(run, null)) };
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

/**
 * Wall seconds of the slower of two independent single-threaded processes started together, each running
 * `half` replications of the model (src/bench/solo-run.ts): `1-thread wall / this` is the speed-up of two runs
 * side by side without any worker pool, i.e. how much two runs of this model slow each other on this machine
 * (shared caches and memory bandwidth; each process's garbage-collector helper threads compete for the cores).
 */
async function twoProcesses(model: 'wide' | 'ecommerce', half: number): Promise<number> {
  const script = fileURLToPath(new URL('./solo-run.js', import.meta.url));
  const children = [0, 1].map(() => spawn(process.execPath, [script, model, String(half)], { stdio: ['pipe', 'pipe', 'inherit'] }));
  const lines = children.map((c) => {
    const out: string[] = [];
    let buf = '';
    const waiters: (() => void)[] = [];
    c.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        out.push(buf.slice(0, i));
        buf = buf.slice(i + 1);
        waiters.splice(0).forEach((w) => w());
      }
    });
    const next = (k: number) => new Promise<string>((resolve, reject) => {
      const check = () => (out.length > k ? resolve(out[k]) : waiters.push(check));
      c.once('exit', (code) => (out.length > k ? resolve(out[k]) : reject(new Error(`solo-run exited with ${code}`))));
      check();
    });
    return next;
  });
  await Promise.all(lines.map((next) => next(0))); // both warmed up
  for (const c of children) c.stdin.end('go\n');
  const times = await Promise.all(lines.map((next) => next(1)));
  return Math.max(...times.map(Number));
}

async function compare(label: string, sc: Scenario, model: 'wide' | 'ecommerce', threadCounts: number[]): Promise<void> {
  runScenario(sc, { replications: Math.min(100, sc.plan.replications), timelineReplication: -1 }); // warm up this thread's JIT
  const single = await timed(async () => ({ run: runScenario(sc, { timelineReplication: -1 }) }));
  console.log(`${label}: 1 thread: ${(single.replications / single.wall).toFixed(1)} replications/s, ${fmt(single.events / single.wall)} events/s (${single.wall.toFixed(2)} s wall, ${single.cpu.toFixed(2)} s CPU)`);
  const pair = await twoProcesses(model, Math.ceil(sc.plan.replications / 2));
  const ceiling = single.wall / pair;
  console.log(
    `${label}: two independent 1-thread processes of ${fmt(Math.ceil(sc.plan.replications / 2))} replications each, started together (no pool): ` +
      `${pair.toFixed(2)} s, ${ceiling.toFixed(2)}x the 1-thread wall (two runs side by side, no pool: how much they slow each other on this machine)`,
  );
  const report = (what: string, n: number, t: Timing) => {
    if (t.bytes !== single.bytes) checkTarget({ name: `${label.trim()}: ${n} threads give the 1-thread results`, target: 'identical results.json', measured: 'different', pass: false });
    const same = t.bytes === single.bytes ? 'identical results' : 'RESULTS DIFFER';
    console.log(
      `${label}: ${n} threads${what}: ${(t.replications / t.wall).toFixed(1)} replications/s, ${fmt(t.events / t.wall)} events/s, ` +
        `speed-up ${(single.wall / t.wall).toFixed(2)}x wall (${t.wall.toFixed(2)} s), CPU ${t.cpu.toFixed(2)} s (${t.cpu >= single.cpu ? '+' : ''}${(t.cpu - single.cpu).toFixed(2)} s); ` +
        `CPU-bound speed-up on ${n} free cores at most ${((n * single.cpu) / t.cpu).toFixed(2)}x; ${same}`,
    );
  };
  for (const n of threadCounts) {
    const fresh = await timed(async () => ({ run: await runScenarioParallel(sc, { workers: n, timelineReplication: -1 }) }));
    report(' (new pool: start-up + JIT warm-up)', n, fresh);
    if (n === 2) {
      const speedUp = single.wall / fresh.wall;
      checkTarget({
        name: `${label.trim()}: 2 threads vs 1 (new pool, wall)`,
        target: single.wall >= 2 ? '>= 1.80x on 2 free cores (runs >= 2 s)' : 'none (the 1-thread run took under 2 s)',
        measured: `${speedUp.toFixed(2)}x`,
        note: `CPU-bound speed-up at most ${((2 * single.cpu) / fresh.cpu).toFixed(2)}x; two independent processes side by side ${ceiling.toFixed(2)}x; 1 thread ${single.wall.toFixed(2)} s`,
        pass: single.wall < 2 || speedUp >= 1.8,
      });
    }
    const pool = new ReplicationPool(n - 1);
    try {
      await runScenarioParallel(sc, { pool, replications: Math.min(200, sc.plan.replications), timelineReplication: -1 }); // warm the workers
      report(' (warm pool)', n, await timed(async () => ({ run: await runScenarioParallel(sc, { pool, timelineReplication: -1 }) })));
    } finally {
      await pool.destroy();
    }
  }
}

/** Pool start-up latency (first task answered) and round trip of an empty task, with 1 worker. */
async function poolOverhead(sc: Scenario): Promise<void> {
  const w0 = process.hrtime.bigint();
  const pool = new ReplicationPool(1);
  try {
    await pool.runChunk('bench', sc, 0, 0, -1);
    const startup = Number(process.hrtime.bigint() - w0) / 1e6;
    const n = 2000;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await pool.runChunk('bench', sc, 0, 0, -1);
    const roundTrip = Number(process.hrtime.bigint() - t0) / 1e3 / n;
    console.log(`pool overhead: ${startup.toFixed(0)} ms to start a worker and answer its first task; ${roundTrip.toFixed(0)} us per empty task round trip (tasks carry ${CHUNK_SIZE} replications by default)`);
  } finally {
    await pool.destroy();
  }
}

/** Prints the parallel figures and checks the 2-thread speed-up target (src/bench/targets.ts). */
export async function parallelBench(wide: Scenario, ecommerce: Scenario): Promise<void> {
  const avail = machineParallelism();
  const counts = avail > 2 ? [2, avail] : [2];
  console.log(`parallel (available parallelism ${avail}; wall-clock speed-ups are depressed when other processes share the cores):`);
  await poolOverhead(ecommerce);
  await compare(`  ${wide.name} (${wide.plan.replications} replications)`, wide, 'wide', counts);
  await compare(`  e-commerce component model (${ecommerce.plan.replications} replications)`, ecommerce, 'ecommerce', counts);
}
