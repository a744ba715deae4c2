/**
 * Rare-event benchmark (called from bench.ts): on scenarios/rare-five-nines.yaml (3-of-5 nodes, one
 * repair crew, exact U ~ 9.7e-6), the wall time of regenerative importance sampling with balanced failure
 * biasing to reach a +-10% relative 95% CI, against plain regenerative Monte Carlo on the same chain
 * (MEASURED: run until +-10% too), and the speed-up. A rarer variant (node MTBF x4, U ~ 1.5e-7) shows
 * how the gap grows; there plain MC is EXTRAPOLATED from its per-cycle relative variance (estimated
 * without bias from the biased cycles) and its measured time per cycle. Last, the discrete-event simulator
 * (`faultline run`, replications of the scenario's horizon) on the five-nines scenario: 1,000 replications
 * are timed and the replications it would need for +-10% are EXTRAPOLATED from their CI. Nothing is asserted.
 */
import { fileURLToPath } from 'node:url';
import {
  estimateUnavailability,
  plainRegenerative,
  plainRegenerativeToPrecision,
  prepareRareEvent,
  runRareEvent,
  Z95,
  type RareEventModel,
} from '../rare/index.js';
import { runScenario } from '../run/runner.js';
import { loadScenario } from '../scenario-document/load.js';
import type { Scenario } from '../scenario/types.js';

const TARGET = 0.1;

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median wall time (s) of the IS estimator to +-10% over `runs` seeds, after a warm-up run. */
function timeIs(model: RareEventModel, seed: number, runs: number) {
  estimateUnavailability(model, { seed: seed + 1000, relativePrecision: TARGET });
  const times: number[] = [];
  let first: ReturnType<typeof estimateUnavailability> | null = null;
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    const e = estimateUnavailability(model, { seed: seed + r, relativePrecision: TARGET });
    times.push(seconds(t0));
    first ??= e;
  }
  return { estimate: first!, seconds: median(times) };
}

/** Time per plain cycle (s): median of 3 timed runs of `cycles` cycles, after a warm-up. */
function plainSecondsPerCycle(model: RareEventModel, seed: number, cycles: number): number {
  plainRegenerative(model, seed + 1000, Math.min(cycles, 20_000));
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = process.hrtime.bigint();
    plainRegenerative(model, seed + r, cycles);
    times.push(seconds(t0) / cycles);
  }
  return median(times);
}

function study(label: string, sc: Scenario, measurePlain: boolean): void {
  const prepared = prepareRareEvent(sc);
  const doc = runRareEvent(sc, { relativePrecision: TARGET }, prepared);
  const exact = doc.exact?.unavailability ?? null;
  const is = timeIs(prepared.model, sc.seed, 21);
  const e = is.estimate;
  const u = e.unavailability;
  console.log(`rare events, ${label}: ${prepared.model.n} CTMC states, exact U = ${exact?.toPrecision(4) ?? 'n/a'} (${doc.exact?.solver ?? 'not solved'})`);
  console.log(
    `  importance sampling (BFB, p_bias ${e.bias}): U = ${u.estimate?.toPrecision(4)} [${u.ci95?.[0].toPrecision(4)}, ${u.ci95?.[1].toPrecision(4)}], ` +
      `+-${((e.relativeHalfWidth ?? NaN) * 100).toFixed(1)}% after ${e.cycles.importanceSampling} biased + ${e.cycles.plain} plain cycles; ` +
      `${(is.seconds * 1000).toFixed(1)} ms to +-10% (median of 21 seeds); CTMC ${doc.comparison?.verdict ?? 'n/a'}; relative variance per cycle ${e.relativeVariancePerCycle?.toPrecision(3)}`,
  );
  const predicted = e.plainMonteCarlo.relativeVariancePerCycle;
  if (measurePlain) {
    const times: number[] = [];
    let res: ReturnType<typeof plainRegenerativeToPrecision> | null = null;
    for (let r = 0; r < 3; r++) {
      const t0 = process.hrtime.bigint();
      const p = plainRegenerativeToPrecision(prepared.model, sc.seed + r, TARGET, 200_000_000);
      times.push(seconds(t0));
      res ??= p;
    }
    const p = res!;
    const pu = p.unavailability;
    const t = median(times);
    console.log(
      `  plain MC (MEASURED to +-10%): U = ${pu.estimate?.toPrecision(4)} [${pu.ci95?.[0].toPrecision(4)}, ${pu.ci95?.[1].toPrecision(4)}] after ${p.cycles.toLocaleString('en-US')} cycles ` +
        `(${p.cyclesHittingDown} reached a down state); relative variance per cycle ${p.relativeVariancePerCycle?.toPrecision(3)} (predicted from IS: ${predicted?.toPrecision(3)}); ` +
        `${(t * 1000).toFixed(0)} ms (median of 3 seeds)`,
    );
    console.log(`  speed-up (wall time to +-10%, measured): x${(t / is.seconds).toFixed(0)}; work-normalised (jumps): x${e.speedupInSteps?.toPrecision(3)}`);
  } else if (predicted !== null) {
    const perCycle = plainSecondsPerCycle(prepared.model, sc.seed, 1_000_000);
    const cycles = (Z95 / TARGET) ** 2 * predicted;
    const t = cycles * perCycle;
    console.log(
      `  plain MC (EXTRAPOLATED): relative variance per cycle ${predicted.toPrecision(3)} (estimated from the biased cycles) -> ` +
        `${Math.round(cycles).toLocaleString('en-US')} cycles at ${(perCycle * 1e9).toFixed(0)} ns/cycle (measured, median of 3 runs of 1,000,000 cycles) = ${t.toFixed(1)} s to +-10%`,
    );
    console.log(`  speed-up (wall time to +-10%, extrapolated): x${(t / is.seconds).toFixed(0)}; work-normalised (jumps): x${e.speedupInSteps?.toPrecision(3)}`);
  }
}

/** Prints the rare-event benchmark section. */
export function rareBench(): void {
  const file = fileURLToPath(new URL('../../scenarios/rare-five-nines.yaml', import.meta.url));
  const sc = loadScenario(file);
  study('five-nines 3-of-5 storage pool, one crew (scenarios/rare-five-nines.yaml)', sc, true);
  desBaseline(sc);
  // Rarer variant: node MTBF 4 y instead of 1 y.
  const rarer: Scenario = {
    ...sc,
    components: sc.components.map((c) => ({ ...c, failure: c.failure && c.failure.kind === 'exponential' ? { ...c.failure, mean: c.failure.mean * 4 } : c.failure })),
  };
  study('same pool with node MTBF 4 y', rarer, false);
}

/** The discrete-event simulator on the same scenario: time and precision of 1,000 replications, extrapolated to +-10%. */
function desBaseline(sc: Scenario): void {
  const reps = 1000;
  const t0 = process.hrtime.bigint();
  const run = runScenario(sc, { replications: reps, timelineReplication: -1 });
  const s = seconds(t0);
  const u = run.accumulator.system().unavailability;
  if (u.estimate === null || u.halfWidth === null || !(u.estimate > 0)) {
    console.log(`  discrete-event simulator: ${reps} replications of ${(sc.horizon / 31_536_000).toFixed(0)} y saw no outage (${s.toFixed(1)} s)`);
    return;
  }
  const rel = u.halfWidth / u.estimate;
  const needed = reps * (rel / TARGET) ** 2;
  console.log(
    `  discrete-event simulator (faultline run): ${reps} replications of ${(sc.horizon / 31_536_000).toFixed(0)} y in ${s.toFixed(1)} s give U = ${u.estimate.toPrecision(3)} +-${(rel * 100).toFixed(0)}%; ` +
      `+-10% would need ~${Math.round(needed).toLocaleString('en-US')} replications, ~${((needed / reps) * s).toFixed(0)} s (EXTRAPOLATED from that CI)`,
  );
}
