/**
 * faultline's library API (`import { run, analyze, ... } from 'faultline'`), documented with examples in
 * docs/api.md. The command line (src/cli/) is a thin layer over the same functions.
 *
 * - Scenarios: `loadScenario(file)` / `parseScenario(text, file?)` give a validated, normalized `Scenario`
 *   (times in seconds); bad input throws `ScenarioError` / `ScenarioErrors` with file:line:col.
 * - `run(scenario, options)`: simulate (worker threads by default, as the CLI), compare with the analytic
 *   model, and return the results document (the same JSON `faultline run` writes).
 * - `analyze`, `compare`, `plan`, `rare`: the other commands' computations, returning their documents.
 * - `render(doc, format)`: a results or comparison document as Markdown, HTML or terminal text; a plan
 *   document as Markdown or terminal text. Report and chart code loads only when first rendered.
 *
 * Every function is deterministic: the same scenario and seed give the same document, whatever `workers`.
 */
import { analyze as analyzeScenarioModel, type AnalyzeOptions } from './analytic/expectations.js';
import type { AnalyticResult } from './analytic/types.js';
import { CLI_ANALYTIC_BUDGET } from './cli/analytic-budget.js';
import type { ComparisonDocument, VariantRun } from './compare/document.js';
import { simulateComparison } from './compare/run.js';
import { planComparison } from './compare/variants.js';
import { loadBaseDocument } from './plan/candidates.js';
import { buildPlanDocument, type PlanDocument } from './plan/document.js';
import { planCapacity, type PlanPhase } from './plan/search.js';
import { runRareEvent, type RareDocument, type RareRunOptions } from './rare/rare-run.js';
import { buildResults } from './results/build.js';
import type { ResultsDocument } from './results/document.js';
import { runScenarioParallel, type ParallelRunOutput } from './run/parallel-runner.js';
import type { ReplicationPool } from './run/pool.js';
import { loadScenario } from './scenario-document/load.js';
import type { Scenario } from './scenario/types.js';

export { loadScenario, parseScenario } from './scenario-document/load.js';
export { ScenarioError, ScenarioErrors } from './scenario/errors.js';
export { toolVersion as version } from './results/document.js';
export { ReplicationPool } from './run/pool.js';
export { ShardError, buildShard, mergeShards, parseShard, parseShardSpec, shardRange, stringifyShard, type ShardFile, type ShardSpec } from './run/shard.js';
export { runReplicationRange } from './run/parallel-runner.js';
export type { Scenario, DistributionSpec } from './scenario/types.js';
export type { ComponentSpec, InstanceSpec, FaultSpec, StructureNode, CrewSpec, SloSpec } from './core/types.js';
export type { ResultsDocument, AnalyticResult, AnalyzeOptions, ComparisonDocument, VariantRun, PlanDocument, PlanPhase, RareDocument, RareRunOptions, ParallelRunOutput };
export type { RunOutput, StopReason } from './run/runner.js';
export type { SloCheck } from './results/slo.js';
export type { Estimate } from './results/estimators.js';
export { minimalCutSets, CutSetLimitError, type CutSetOptions, type CutSetResult } from './attribution/cut-sets.js';
export { importanceAnalysis, type EventImportance, type ImportanceAnalysis, type ImportanceInputs } from './attribution/importance.js';
export type { AttributionResults } from './attribution/results.js';

/** A scenario, or the path of a scenario file (YAML or JSON) to load. */
export type ScenarioInput = Scenario | string;

/** Progress callback: `done` of `total` units (replications unless stated otherwise). */
export type ProgressCallback = (done: number, total: number) => void;

/** The analytic budget the library and the CLI use by default (CTMC up to 20 000 states, about a second). */
export const DEFAULT_ANALYTIC_BUDGET: AnalyzeOptions = CLI_ANALYTIC_BUDGET;

function toScenario(input: ScenarioInput): Scenario {
  return typeof input === 'string' ? loadScenario(input) : input;
}

function budget(analytic: boolean | AnalyzeOptions | undefined): AnalyzeOptions | null {
  if (analytic === false) return null;
  return analytic === undefined || analytic === true ? DEFAULT_ANALYTIC_BUDGET : analytic;
}

/** Options of {@link run}. */
export interface RunOptions {
  /** Master seed (default: the scenario's). */
  seed?: number;
  /** Replications, the maximum with a precision target (default: the scenario's). */
  replications?: number;
  /** Stop once the availability 95% CI half-width is at most this (default: the scenario's, or none). */
  targetHalfWidth?: number | null;
  /**
   * Threads: 1 = this thread only; n = this thread + n - 1 workers; 'auto' (default, as the CLI) adds
   * workers only when the run is long enough to gain from them. Results are identical for every value.
   */
  workers?: number | 'auto';
  /** Reuse this worker pool (not destroyed at the end) instead of starting one. */
  pool?: ReplicationPool;
  /** Called after each batch of 50 replications with (replications done, maximum). */
  onProgress?: ProgressCallback;
  /** Analytic expectations: true (default budget), false (skip), or a budget. */
  analytic?: boolean | AnalyzeOptions;
  /** Replication whose state-change timeline is kept in the results (default 0; -1 none). */
  timelineReplication?: number;
}

/** What {@link run} returns. */
export interface RunResult {
  /** The results document, as `faultline run` writes it to results.json. */
  results: ResultsDocument;
  /** The raw run: scenario with overrides applied, accumulated replications, threads used. */
  output: ParallelRunOutput;
  /** Warning when the analytic model could not be computed (the results then have `analytic: null`). */
  analyticWarning: string | null;
}

/**
 * Simulates a scenario and compares it with the analytic model.
 * @throws ScenarioError/ScenarioErrors for a bad scenario file; RangeError for bad replications, seed or workers.
 */
export async function run(input: ScenarioInput, options: RunOptions = {}): Promise<RunResult> {
  const output = await runScenarioParallel(toScenario(input), {
    seed: options.seed,
    replications: options.replications,
    targetHalfWidth: options.targetHalfWidth,
    workers: options.workers ?? 'auto',
    pool: options.pool,
    onProgress: options.onProgress,
    timelineReplication: options.timelineReplication,
  });
  const b = budget(options.analytic);
  let analytic: AnalyticResult | null = null;
  let analyticWarning: string | null = null;
  if (b) {
    try {
      analytic = analyzeScenarioModel(output.scenario, b);
    } catch (err) {
      analyticWarning = `no analytic expectation: ${(err as Error).message}`;
    }
  }
  return { results: buildResults(output, analytic), output, analyticWarning };
}

/**
 * The analytic expectations of a scenario alone (closed forms, structure function or CTMC), with their
 * assumptions and the ways the scenario violates them.
 * @param options budget (default {@link DEFAULT_ANALYTIC_BUDGET})
 */
export function analyze(input: ScenarioInput, options: AnalyzeOptions = DEFAULT_ANALYTIC_BUDGET): AnalyticResult {
  return analyzeScenarioModel(toScenario(input), options);
}

/** Options of {@link compare}. */
export interface CompareOptions {
  /** Variant the others are compared with (default: the scenario as written, or the first file). */
  baseline?: string;
  /** Seed shared by every variant (default: the baseline's). */
  seed?: number;
  /** Replications of every variant (default: the baseline's). */
  replications?: number;
  /** Stop every variant at the same batch once each paired availability difference is this precise. */
  targetHalfWidth?: number | null;
  /** Analytic expectations per variant: true (default budget), false, or a budget. */
  analytic?: boolean | AnalyzeOptions;
  /** Called after each batch with (replications done per variant, maximum). */
  onProgress?: ProgressCallback;
  /** Warnings (e.g. a variant without analytic model). */
  onWarning?: (message: string) => void;
}

/** What {@link compare} returns: the comparison document and each variant's results document. */
export interface CompareResult {
  comparison: ComparisonDocument;
  variants: VariantRun[];
}

/**
 * Compares strategies with common random numbers: one scenario file with `variants:` / `sweep:`, or several
 * scenario files. Paired differences with 95% CIs and verdicts, as `faultline compare`.
 * @throws ScenarioError for bad files or variants, or an unknown baseline.
 */
export function compare(files: string | readonly string[], options: CompareOptions = {}): CompareResult {
  const list = typeof files === 'string' ? [files] : [...files];
  const plan = planComparison(list);
  const baseline = options.baseline ?? plan.variants[0].name;
  const base = plan.variants.find((v) => v.name === baseline);
  if (!base) throw new RangeError(`no variant named ${JSON.stringify(baseline)}: expected one of ${plan.variants.map((v) => v.name).join(', ')}`);
  const seed = options.seed ?? base.scenario.seed;
  const replications = options.replications ?? base.scenario.plan.replications;
  const replay = ['npx faultline compare', ...list.map((f) => JSON.stringify(f)), `--baseline ${JSON.stringify(baseline)}`, `--seed ${seed}`, `--replications ${replications}`].join(' ');
  const { doc, runs } = simulateComparison(plan, {
    baseline,
    seed,
    replications,
    replay,
    targetHalfWidth: options.targetHalfWidth ?? null,
    analytic: budget(options.analytic),
    resultsDir: (i) => `variants/${i}`,
    onProgress: options.onProgress,
    onWarning: options.onWarning,
  });
  return { comparison: doc, variants: runs };
}

/** Options of {@link plan}. */
export interface PlanOptions {
  /** Seed of the confirmation runs (default: the scenario's). */
  seed?: number;
  /** Replications of each confirmation run (default: the scenario's). */
  replications?: number;
  /** false: analytic screening only, no confirmation by simulation. */
  confirm?: boolean;
  /** CTMC state cap of the screening (default 5000). */
  maxStates?: number;
  /** Progress of the screening (candidates) and of the confirmation runs (replications). */
  onProgress?: (phase: PlanPhase, done: number, total: number) => void;
}

/**
 * Capacity planning: the cheapest configuration meeting the SLOs of a scenario file with a `planning`
 * section, screened analytically and confirmed by simulation (`faultline plan`).
 * @throws ScenarioError for a bad file or one without a planning section.
 */
export function plan(file: string, options: PlanOptions = {}): PlanDocument {
  const base = loadBaseDocument(file);
  const seed = options.seed ?? base.scenario.seed;
  const replications = options.replications ?? base.scenario.plan.replications;
  const confirm = options.confirm !== false;
  const outcome = planCapacity(base, { seed, replications, confirm, maxStates: options.maxStates, onProgress: options.onProgress });
  return buildPlanDocument(base.scenario, outcome, { seed, replications, confirm, maxStates: options.maxStates });
}

/**
 * Steady-state unavailability of a highly available Markovian system by regenerative importance sampling
 * (balanced failure biasing), next to the exact CTMC value (`faultline rare`).
 * @throws ScenarioError for non-Markovian scenarios; StateSpaceTooLargeError beyond `maxStates`.
 */
export function rare(input: ScenarioInput, options: RareRunOptions = {}): RareDocument {
  return runRareEvent(toScenario(input), options);
}

/** Output formats of {@link render}. */
export type RenderFormat = 'md' | 'html' | 'terminal';

/** A document {@link render} accepts. */
export type RenderableDocument = ResultsDocument | ComparisonDocument | PlanDocument;

/**
 * Renders a document as `faultline` writes it: results and comparison documents to Markdown (report.md,
 * comparison.md), self-contained HTML (report.html, comparison.html) or the terminal summary; a plan
 * document to Markdown (plan.md) or the terminal summary. Loads the report code on first use.
 * @throws RangeError for a format the document has no renderer for.
 */
export async function render(doc: RenderableDocument, format: RenderFormat): Promise<string> {
  switch (doc.schema) {
    case 'faultline.results/v1': {
      if (format === 'md') return (await import('./report/markdown.js')).renderMarkdown(doc);
      if (format === 'html') return (await import('./report/html.js')).renderHtml(doc);
      return (await import('./report/terminal.js')).renderTerminal(doc);
    }
    case 'faultline.comparison/v1': {
      if (format === 'md') return (await import('./report/comparison-markdown.js')).renderComparisonMarkdown(doc);
      if (format === 'html') return (await import('./report/comparison-html.js')).renderComparisonHtml(doc);
      return (await import('./report/compare-terminal.js')).renderComparisonTerminal(doc);
    }
    case 'faultline.plan/v1': {
      const m = await import('./plan/markdown.js');
      if (format === 'md') return m.renderPlanMarkdown(doc);
      if (format === 'terminal') return m.renderPlanSummary(doc);
      throw new RangeError('a plan document renders to md or terminal');
    }
  }
}
