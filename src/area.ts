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
import type { Simulator } from './engine/simulator.js';
import type { SystemModel } from './model/system-model.js';
import type { ReplicationStats } from './observe/replication-stats.js';
import type { Comparison } from './results/comparison.js';
import type { DistributionSummary } from './results/distribution.js';
import type { Estimate } from './results/estimators.js';
import type { SloCheck } from './results/slo.js';
import type { SystemEstimates } from './results/aggregate.js';
import type { ResultsDocument } from './results/document.js';
import type { Scenario } from './scenario/types.js';

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
}

/** An area's part of the results document. */
export interface AreaResults {
  /** Stored as `ResultsDocument[key]`; absent when the scenario does not use the area. */
  section?: unknown;
  /** Empirical distributions keyed `<area>.<metric>` (one ECDF each in the reports). */
  distributions?: Record<string, DistributionSummary>;
  /** Simulated vs analytic rows (appended to `ResultsDocument.comparison`). */
  comparisons?: Comparison[];
  /** SLO checks of the area's own objectives (appended to `ResultsDocument.slo`). */
  slo?: SloCheck[];
  /** Evidence for the core `rpo_max` objective (worst datastore's p99 data-loss window). */
  rpo?: { p99: Estimate; unrecoverable: number } | null;
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
  html?(doc: ResultsDocument): { id: string; heading: string; introHtml?: string; tables: ReportTable[] } | null;
}

/** A modelling area (docs/architecture.md "The area contract"). */
export interface ModelArea {
  /** The key of the area's sections in Scenario, ReplicationStats and ResultsDocument. */
  readonly key: string;
  /** Human-readable name. */
  readonly title: string;
  /** Attaches the area to one replication; null when the scenario does not use it. */
  attach?(ctx: ReplicationContext): AttachedArea | null;
  /** Builds the area's part of the results document from the replications (may return an empty object). */
  results?(ctx: ResultsContext): AreaResults;
  report?: AreaReport;
}
