/**
 * The modelling-area contract (docs/architecture.md). A modelling area (traffic, data, planning, and the
 * components + structure core they attach to) owns its whole slice: scenario section, runtime elements and
 * observers of a replication, per-replication statistics, their aggregation into the results document, the
 * analytic expectations it compares them with, and its report sections. The shared pipeline (run/, results/,
 * report/, cli/) iterates over the registered areas (src/areas.ts) and names none of them.
 *
 * An area's section keys (`Scenario[key]`, `ReplicationStats[key]`, `ResultsDocument[key]`) are declared by the
 * area itself with TypeScript module augmentation, next to its types.
 */
import type { TopLevelSpec } from 'vega-lite';
import type * as z from 'zod';
import type { AreaMetrics } from './compare/metric.js';
import type { RawScenario } from './core/schema.js';
import type { Simulator } from './engine/simulator.js';
import type { SystemModel } from './model/system-model.js';
import type { ReplicationStats } from './observe/replication-stats.js';
import type { Comparison } from './results/comparison.js';
import type { DistributionSummary } from './results/distribution.js';
import type { Estimate } from './results/estimators.js';
import type { RpoSloInput, SloCheck } from './results/slo.js';
import type { SystemEstimates } from './results/aggregate.js';
import type { ResultsDocument } from './results/document.js';
import type { AddProblem, SourceLocator } from './scenario/errors.js';
import type { Scenario } from './scenario/types.js';
import type { InstanceSpec } from './core/types.js';

/**
 * The document-level schemas every area may use in its keys: the `faults` list (every area's fault kinds,
 * dispatched on `kind`) and the `slo` mapping (every area's objectives). Composed in src/scenario-document/.
 */
export interface SharedSchemas {
  faults: z.ZodType;
  slo: z.ZodType;
}

/**
 * An area's part of the scenario document schema, built from `schemaKit` (src/scenario/schema-laws.ts) so
 * errors carry their position. Unknown keys anywhere are errors whose "expected" text lists the known keys in
 * document order, so the order of keys is part of the error messages.
 */
export interface AreaSchema {
  /**
   * The area's top-level keys (zod schemas, optional ones `.optional()`), placed right after the key `after`
   * of the document as composed so far (the core's keys first, then each area in registry order), or at the
   * end without `after`.
   */
  keys?(shared: SharedSchemas): { after?: string; shape: Record<string, z.ZodType> };
  /** Keys the area adds to the `slo` mapping, after those of the areas before it. */
  slo?: Record<string, z.ZodType>;
  /** The `kind`s of `faults` entries the area handles and the schema of such an entry. */
  faults?: { kinds: readonly string[]; schema: z.ZodType };
}

/** What an area gets to normalize its section of a schema-validated document. */
export interface NormalizeContext {
  /** The schema-validated, unit-converted document (areas declare their raw keys by module augmentation). */
  raw: RawScenario;
  /** Instances of the core's components (for references). */
  instances: InstanceSpec[];
  /** Reports a semantic problem at a scenario path (all problems are thrown together, sorted by position). */
  add: AddProblem;
  /** Locator of the scenario source (for source references stored in the section). */
  source: SourceLocator;
}

/** What an area gets to attach itself to one replication. */
export interface ReplicationContext {
  sim: Simulator;
  /** The core: instances, structure function and system state (started before the areas). */
  system: SystemModel;
  scenario: Scenario;
  /** Replication index (RNG streams derive from it). */
  replication: number;
  /** Overrides the scenario's traffic mode (tests compare fluid and exact on one scenario). */
  trafficMode?: 'fluid' | 'exact';
}

/** An area's elements and observers on one replication's engine. */
export interface AttachedArea {
  /** Schedules the area's first events; called after the core has started, before the engine runs. */
  start(): void;
  /** Called after the engine ran to the horizon; returns the statistics stored under `ReplicationStats[key]`. */
  finish(): unknown;
}

/** What an area gets to build its part of the results document. */
export interface ResultsContext {
  scenario: Scenario;
  /** Every replication's statistics, in replication order (shards merge exactly: same input, same output). */
  replications: ReplicationStats[];
  system: SystemEstimates;
  /** Analyses of the area that could not be computed go here ("not available because ..."), the rest is still built. */
  unavailable?: { analysis: string; reason: string }[];
}

/** An area's part of the results document. */
export interface AreaResults {
  /** Stored as `ResultsDocument[key]`; absent when the scenario does not use the area. */
  section?: unknown;
  /** Empirical distributions keyed `<area>.<metric>` (one ECDF each in the reports). */
  distributions?: Record<string, DistributionSummary>;
  /** Simulated vs analytic rows (appended to `ResultsDocument.comparison`). */
  comparisons?: Comparison[];
  /**
   * Simulated vs analytic rows the area keeps in its own section (not appended): they join the report's
   * family of tests all the same (Holm's correction, results/comparison.ts decideVerdicts).
   */
  sectionComparisons?: Pick<Comparison, 'metric' | 'pValue' | 'adjustedP'>[];
  /** SLO checks of the area's own objectives (appended to `ResultsDocument.slo`). */
  slo?: SloCheck[];
  /** Evidence for the core `rpo_max` objective (per-incident data losses over every datastore). */
  rpo?: RpoSloInput | null;
}

/** A Vega-Lite chart of an area's HTML section (drawn after its tables; `caption` is plain text). */
export interface AreaSpecChart {
  id: string;
  title: string;
  spec: TopLevelSpec;
  caption: string;
}

/** A table of a report section: plain-text cells (each renderer escapes them). */
export interface ReportTable {
  /** Sub-heading, or null. */
  title: string | null;
  headers: string[];
  rows: string[][];
  /** Plain-text notes listed under the table. */
  notes: string[];
}

/**
 * A chart of an area's section, as data (the report code builds the Vega-Lite spec only when rendering:
 * src/report/charts/share-bars.ts): shares with their 95% CIs, one bar per group, in display order.
 */
export interface AreaChart {
  /** Unique in a report, `[a-z0-9._-]`. */
  id: string;
  title: string;
  axisTitle: string;
  /** What a bar is (tooltip), e.g. `started by`. */
  groupTitle: string;
  /** What `count` counts (tooltip), e.g. `outages`. */
  countTitle: string;
  bars: { name: string; estimate: number; lo: number; hi: number; count: number }[];
}

/**
 * An area's report sections. `placement` says where they go: `main` right after the system metrics (before
 * the SLO table in the terminal and Markdown reports), `end` after the analytic model.
 */
export interface AreaReport {
  placement: 'main' | 'end';
  /** Terminal lines (start with '' to separate them from what precedes). */
  terminal?(doc: ResultsDocument): string[];
  /** Markdown lines (a `## ` heading, tables, notes). */
  markdown?(doc: ResultsDocument): string[];
  /**
   * HTML section: heading, optional intro paragraph (HTML: the area escapes what it interpolates) and tables
   * (rendered and escaped by report/html.ts).
   */
  html?(doc: ResultsDocument): { id: string; heading: string; introHtml?: string; tables: ReportTable[]; charts?: AreaSpecChart[] } | null;
  /**
   * Charts of the section: drawn in the HTML section (after its intro), listed with the single-run charts
   * (report/charts/index.ts singleRunCharts) so `report -f svg` writes them and report.md links them.
   */
  charts?(doc: ResultsDocument): AreaChart[];
}

/** A modelling area (docs/architecture.md "The area contract"). */
/**
 * The runtime part of an area: what one replication needs. Worker threads import only these (through
 * src/area-runtimes.ts), not the areas' schemas, results or report code, so a worker starts faster.
 */
export interface AreaRuntime {
  /** The key of the area's sections in Scenario, ReplicationStats and ResultsDocument. */
  readonly key: string;
  /** Attaches the area to one replication; null when the scenario does not use it. */
  attach?(ctx: ReplicationContext): AttachedArea | null;
}

/** A modelling area: its runtime part (`AreaRuntime`, spread into the value) and everything else. */
export interface ModelArea extends AreaRuntime {
  /** Human-readable name. */
  readonly title: string;
  /** The area's part of the scenario document schema (built once, when the document schema is composed). */
  schema?(): AreaSchema;
  /**
   * Raw keys -> the area's section of `Scenario` (stored as `Scenario[key]`), or null/undefined when the
   * document does not use the area. Problems go through `ctx.add`, never thrown.
   */
  normalize?(ctx: NormalizeContext): unknown;
  /** Builds the area's part of the results document from the replications (may return an empty object). */
  results?(ctx: ResultsContext): AreaResults;
  report?: AreaReport;
  /** Metrics compared between variants by `faultline compare` (paired over common random numbers). */
  comparisonMetrics?: AreaMetrics;
  /**
   * The kinds (among its `schema().faults.kinds`) of the injected faults the scenario declares for this area,
   * each once (empty when none): the analytic model names them instead of assuming "no
   * injected faults".
   */
  injectedFaults?(sc: Scenario): string[];
}
