/**
 * The normalized `attribution:` section (docs/attribution.md): downtime attribution, criticality indices,
 * minimal cut sets and importance measures. Opt-in (absent = not computed), as BlockSim computes its
 * criticality indices only for simulation diagrams that ask for block results.
 */

/** Default and hard limits of the minimal cut set enumeration (docs/limits.md). */
export const DEFAULT_MAX_CUT_SET_ORDER = 4;
export const HARD_MAX_CUT_SET_ORDER = 8;
export const DEFAULT_MAX_CUT_SETS = 2000;
export const HARD_MAX_CUT_SETS = 20_000;

export interface AttributionSpec {
  /** Minimal cut sets of more basic events than this are left out (truncation, reported). */
  maxCutSetOrder: number;
  /** More minimal cut sets than this (after truncation by order) are refused with a clear reason. */
  maxCutSets: number;
}

declare module '../scenario/types.js' {
  interface Scenario {
    /** Downtime attribution and importance measures; absent unless the file asks (`attribution: true`). */
    attribution?: AttributionSpec;
  }
}
