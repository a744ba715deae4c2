/**
 * Speed targets of `npm run bench` (issue 16 item 3; the targets live here, never in timed tests): each is
 * printed where it is measured as "target ...: measured ... PASS|MISS", and again in a closing summary.
 * Wall-clock figures depend on what else the machine runs, so the bench also prints the load average
 * (os.loadavg, 1 minute) next to the number of cores, before and after.
 */
import { availableParallelism, loadavg } from 'node:os';

/** One checked target. */
export interface TargetResult {
  name: string;
  /** The target, e.g. ">= 3,000,000 events/s". */
  target: string;
  /** The measured figure, formatted. */
  measured: string;
  pass: boolean;
  /** What else to know (e.g. the CPU-time figure when the wall clock is the judged one). */
  note?: string;
}

const results: TargetResult[] = [];

/** Records a target and prints its line. */
export function checkTarget(t: TargetResult): void {
  results.push(t);
  console.log(`  target ${t.name}: ${t.target}; measured ${t.measured}${t.note ? ` (${t.note})` : ''} -> ${t.pass ? 'PASS' : 'MISS'}`);
}

/** "load average 1.23 on 2 cores" (the machine's 1-minute load average). */
export function loadLine(): string {
  return `load average ${loadavg()[0].toFixed(2)} (1 min) on ${availableParallelism()} cores`;
}

/** True when other work is likely to depress wall-clock figures (1-minute load above half the cores). */
export function machineBusy(): boolean {
  return loadavg()[0] > availableParallelism() / 2;
}

/** Prints every recorded target with its verdict, and the count of misses. */
export function printTargetSummary(): void {
  if (results.length === 0) return;
  console.log('\ntargets:');
  const w = Math.max(...results.map((r) => r.name.length));
  for (const r of results) console.log(`  ${r.pass ? 'PASS' : 'MISS'}  ${r.name.padEnd(w)}  ${r.measured}  (target ${r.target})`);
  const missed = results.filter((r) => !r.pass).length;
  console.log(`${results.length - missed} of ${results.length} targets met; ${loadLine()}${machineBusy() ? ': the machine is busy, wall-clock figures are depressed' : ''}`);
}
