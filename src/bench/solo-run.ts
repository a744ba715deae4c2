/**
 * One single-threaded run of a bench model in its own process, for the parallel section's ceiling
 * (parallel-bench.ts): `node dist/bench/solo-run.js <wide|ecommerce> <replications>` warms up, prints "ready",
 * waits for a line on stdin, runs the model's replications on this thread and prints the run's wall seconds.
 * Two of these started together show how much two independent processes slow each other down on this machine
 * (shared caches, memory bandwidth, the garbage collector's helper threads), with no worker pool involved.
 */
import { createInterface } from 'node:readline';
import { runScenario } from '../run/runner.js';
import { ecommerceComponentModel } from './ecommerce-model.js';
import { wideScenario } from './bench.js';

const [model, count] = [process.argv[2], Number(process.argv[3])];
if ((model !== 'wide' && model !== 'ecommerce') || !(count >= 1)) {
  console.error('usage: solo-run.js <wide|ecommerce> <replications>');
  process.exit(2);
}
const sc = model === 'wide' ? wideScenario(100, count) : ecommerceComponentModel(count);
runScenario(sc, { replications: Math.min(100, count), timelineReplication: -1 }); // this thread's JIT warm-up
console.log('ready');
const rl = createInterface({ input: process.stdin });
rl.once('line', () => {
  const t0 = process.hrtime.bigint();
  runScenario(sc, { timelineReplication: -1 });
  console.log((Number(process.hrtime.bigint() - t0) / 1e9).toFixed(4));
  rl.close();
});
