/**
 * `faultline rare <scenario>`: steady-state unavailability of a highly available Markovian scenario by
 * regenerative importance sampling with balanced failure biasing (src/rare/), next to the exact CTMC value
 * and the effort plain Monte Carlo would need for the same precision. Writes rare.json atomically with
 * --out (deterministic: no wall-clock times in it); wall times are printed on the terminal only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { StateSpaceTooLargeError } from '../analytic/system-ctmc.js';
import { formatPercent, formatSeconds } from '../report/format.js';
import { writeFileAtomic, writeReportSet } from '../report/write-atomic.js';
import { writeRareReports } from './study-reports.js';
import { estimateUnavailability, plainRegenerative, prepareRareEvent, runRareEvent, type PreparedRare, type RareDocument } from '../rare/index.js';
import { SECONDS_PER_YEAR } from '../scenario/duration.js';
import type { PathSegment } from '../scenario/errors.js';
import { documentLocator } from '../scenario/load.js';
import { loadScenario } from '../scenario-document/load.js';
import { EXIT_USAGE, reportError } from './errors.js';
import { say, sayStatuses, warn } from './terminal-text.js';

/** Options of {@link rareCommand} (as parsed by commander). */
export interface RareCommandOptions {
  seed?: number;
  relativePrecision?: number;
  maxCycles?: number;
  bias?: number;
  maxStates?: number;
  json?: boolean;
  out?: string;
  debug?: boolean;
  /** `--quiet`: no summary (errors and warnings still print; --json output too). */
  quiet?: boolean;
}

const sci = (x: number | null | undefined, d = 4) => (x === null || x === undefined ? 'n/a' : x.toPrecision(d));
const int = (x: number) => Math.round(x).toLocaleString('en-US');

/** Terminal summary of a rare-event document plus the measured wall times. */
export function renderRare(doc: RareDocument, wall: { seconds: number; plainSecondsNeeded: number | null; plainMeasuredCycles: number }): string {
  const e = doc.estimate;
  const u = e.unavailability;
  const L: string[] = [];
  L.push(`${doc.scenario.name}: rare-event estimate of the steady-state unavailability`);
  L.push(`  model        system CTMC, ${int(doc.states)} states, ${int(doc.transitions.failure)} failure / ${int(doc.transitions.repair)} repair transitions`);
  L.push(`  method       ${e.method}, p_bias ${e.bias}${e.biasAfterDown ? ' (biasing the whole cycle)' : ' (until the first system failure of each cycle)'}, seed ${e.seed}`);
  const rel = e.relativeHalfWidth === null ? 'n/a' : `+-${(e.relativeHalfWidth * 100).toFixed(1)}%`;
  L.push(
    `  U (IS)       ${sci(u.estimate)}  95% CI [${sci(u.ci95?.[0])}, ${sci(u.ci95?.[1])}]  ${rel} (target +-${(e.targetRelativePrecision * 100).toFixed(0)}%` +
      `${e.converged ? ', reached' : ', NOT reached: raise --max-cycles'})`,
  );
  const downtime = u.estimate === null ? null : u.estimate * SECONDS_PER_YEAR;
  L.push(`  availability ${formatPercent(doc.availability.estimate, 7)}  (${formatSeconds(downtime)} down per year)`);
  if (doc.exact && doc.comparison) {
    L.push(`  U (CTMC)     ${sci(doc.exact.unavailability)} exact (${doc.exact.solver}); IS ${doc.comparison.verdict}: ${doc.comparison.explanation}` +
      (doc.comparison.relativeDifference === null ? '' : `, difference ${(doc.comparison.relativeDifference * 100).toFixed(1)}%`));
  } else L.push(`  U (CTMC)     not solved: ${doc.exactNote ?? 'n/a'}`);
  L.push(
    `  effort       ${int(e.cycles.importanceSampling)} biased cycles (${int(e.cycles.importanceSamplingHittingDown)} reached a down state) + ` +
      `${int(e.cycles.plain)} plain cycles for E[cycle] (${int(e.cycles.plainHittingDown)} down), ${int(e.cycles.steps)} jumps, ${wall.seconds.toFixed(3)} s of simulation`,
  );
  const p = e.plainMonteCarlo;
  if (p.cyclesNeeded !== null && p.stepsNeeded !== null) {
    const time = wall.plainSecondsNeeded === null ? '' : `, ~${formatSeconds(wall.plainSecondsNeeded)} (extrapolated from ${int(wall.plainMeasuredCycles)} timed plain cycles)`;
    L.push(
      `  plain MC     would need ~${int(p.cyclesNeeded)} cycles, ${int(p.stepsNeeded)} jumps for +-${(e.targetRelativePrecision * 100).toFixed(0)}%` +
        `${time}; relative variance per cycle ${sci(p.relativeVariancePerCycle, 3)} (IS: ${sci(e.relativeVariancePerCycle, 3)})`,
    );
    if (e.speedupInSteps !== null) {
      const wallSpeedup = wall.plainSecondsNeeded === null || wall.seconds <= 0 ? '' : `, ~x${sci(wall.plainSecondsNeeded / wall.seconds, 3)} in wall time`;
      L.push(`  speed-up     x${sci(e.speedupInSteps, 3)} in jumps at equal precision (work-normalised variance)${wallSpeedup} for this run`);
    }
  }
  if (doc.slo) {
    L.push(`  SLO          availability >= ${formatPercent(doc.slo.target, 4)}: ${doc.slo.status}${doc.slo.status === 'not-evaluated' ? '' : ` (${doc.slo.note})`}`);
  }
  for (const n of doc.notes) L.push(`  note: ${n}`);
  return L.join('\n');
}

/** Scenario path -> line and column in the file (the file was just loaded, so it parses). */
function sourceLocator(file: string): (path: PathSegment[]) => { line: number; column: number } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter });
  const locator = documentLocator(doc, lineCounter, file);
  return (path) => {
    const p = locator.locate(path);
    return { line: p.line ?? 1, column: p.column ?? 1 };
  };
}

/**
 * Runs the command. Exit codes: 0 done (also when the precision target was not reached: the output says
 * so), 2 bad input (unreadable or non-Markovian scenario, state space above --max-states, bad option), 1
 * internal error.
 */
export async function rareCommand(file: string, opts: RareCommandOptions): Promise<number> {
  try {
    const scenario = loadScenario(file);
    let doc: RareDocument;
    let seconds: number;
    let prepared: PreparedRare;
    try {
      const options = {
        seed: opts.seed,
        relativePrecision: opts.relativePrecision,
        maxCycles: opts.maxCycles,
        bias: opts.bias,
        maxStates: opts.maxStates,
      };
      prepared = prepareRareEvent(scenario, options, sourceLocator(file));
      // Untimed warm-up (JIT) so that the printed wall time compares with the plain-MC timing below; it
      // does not touch the estimate (other random streams, result discarded).
      estimateUnavailability(prepared.model, { ...options, seed: 0x7fffffff, maxCycles: 2_000, minCycles: 2_000 });
      const t0 = process.hrtime.bigint();
      const estimate = estimateUnavailability(prepared.model, { ...options, seed: options.seed ?? scenario.seed });
      seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      doc = runRareEvent(scenario, options, prepared, estimate);
    } catch (err) {
      if (err instanceof StateSpaceTooLargeError || err instanceof RangeError) {
        warn(`${file}: ${err.message}\n`);
        return EXIT_USAGE;
      }
      throw err;
    }
    const json = JSON.stringify(doc, null, 2) + '\n';
    if (opts.out) {
      const out = opts.out;
      // One set: rare.json, rare.md and rare.html appear together or not at all.
      await writeReportSet(out, () => {
        writeFileAtomic(join(out, 'rare.json'), json);
        writeRareReports(JSON.parse(json) as RareDocument, out, ['md', 'html']);
      });
    }
    if (opts.json) {
      process.stdout.write(json);
      return 0;
    }
    if (opts.quiet) return 0;
    // Wall time of plain MC: time a run of plain cycles on the same chain and extrapolate per jump.
    let plainSecondsNeeded: number | null = null;
    let plainMeasuredCycles = 0;
    const need = doc.estimate.plainMonteCarlo.stepsNeeded;
    // Not available (null) when the estimate needs no plain cycles at all (e.g. no cycle observed the system down).
    if (need !== null && doc.estimate.plainMonteCarlo.cyclesNeeded !== null && doc.estimate.plainMonteCarlo.cyclesNeeded >= 1) {
      const { model } = prepared;
      plainMeasuredCycles = Math.min(doc.estimate.plainMonteCarlo.cyclesNeeded, 200_000);
      const t1 = process.hrtime.bigint();
      const r = plainRegenerative(model, doc.estimate.seed, plainMeasuredCycles);
      const s = Number(process.hrtime.bigint() - t1) / 1e9;
      plainSecondsNeeded = r.steps > 0 ? (s / r.steps) * need : null;
    }
    sayStatuses(renderRare(doc, { seconds, plainSecondsNeeded, plainMeasuredCycles }) + '\n');
    if (opts.out) say(`wrote ${join(opts.out, 'rare.json')}, rare.md, rare.html\n`);
    return 0;
  } catch (err) {
    return reportError(err, Boolean(opts.debug));
  }
}
