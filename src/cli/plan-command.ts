import { basename, extname, join } from 'node:path';
import { writeFileAtomic, writeReportSet } from '../report/write-atomic.js';
import { loadBaseDocument } from '../plan/candidates.js';
import { buildPlanDocument, type PlanDocument } from '../plan/document.js';
import { renderPlanSummary } from '../plan/markdown.js';
import { writePlanReports } from './study-reports.js';
import { planCapacity } from '../plan/search.js';
import { EXIT_SLO_VIOLATED, reportError } from './errors.js';
import { createProgress } from './progress.js';
import { guardRun, limitsFrom, type GuardOptions } from './guard-options.js';
import { sayStatuses, warn } from './terminal-text.js';

export interface PlanCommandOptions extends GuardOptions {
  seed?: number;
  replications?: number;
  out?: string;
  json?: boolean;
  /** false with --no-confirm. */
  confirm?: boolean;
  maxStates?: number;
  debug?: boolean;
  /** `--quiet`: no progress bar and no summary (errors and warnings still print; --json output too). */
  quiet?: boolean;
}

/**
 * `faultline plan`: search the cheapest configuration meeting the scenario's SLOs (src/plan/search.ts), write
 * plan.json, plan.md, plan.html, frontier.vl.json and frontier.svg (atomically) into --out (default
 * reports/<scenario>-plan) and print a summary (or the JSON with --json).
 * @returns 0 when a configuration meeting the SLOs was found, 3 when none, 2 for bad input, 1 internal error.
 */
export async function planCommand(file: string, opts: PlanCommandOptions): Promise<number> {
  try {
    const base = loadBaseDocument(file);
    const seed = opts.seed ?? base.scenario.seed;
    const replications = opts.replications ?? base.scenario.plan.replications;
    const confirm = opts.confirm !== false;
    if (confirm) guardRun(base.scenario, opts, replications * (base.scenario.planning?.confirm ?? 1), `${file} (confirmation runs)`);
    const progress = createProgress(!opts.json && !opts.quiet, 500);
    let outcome;
    try {
      outcome = planCapacity(base, {
        seed,
        replications,
        confirm,
        maxStates: opts.maxStates,
        limits: limitsFrom(opts),
        onProgress: (phase, done, total) => progress.update(done, total, phase === 'screening' ? 'screening candidates' : 'confirming by simulation (replications)'),
      });
    } finally {
      progress.stop();
    }
    const doc = buildPlanDocument(base.scenario, outcome, { seed, replications, confirm, maxStates: opts.maxStates });
    const outDir = opts.out ?? join('reports', `${basename(file, extname(file))}-plan`);
    const json = JSON.stringify(doc, null, 2) + '\n';
    // reports from the JSON as written, exactly what `faultline report plan.json` renders; all or none of the set
    await writeReportSet(outDir, async () => {
      writeFileAtomic(join(outDir, 'plan.json'), json);
      await writePlanReports(JSON.parse(json) as PlanDocument, outDir, ['md', 'html', 'svg']);
    });
    if (opts.json) process.stdout.write(json);
    else if (!opts.quiet) sayStatuses(`${renderPlanSummary(doc)}\nwrote ${join(outDir, 'plan.json')}, plan.md, plan.html, frontier.svg\n`);
    return doc.chosen === null ? EXIT_SLO_VIOLATED : 0;
  } catch (err) {
    return reportError(err, Boolean(opts.debug));
  }
}
