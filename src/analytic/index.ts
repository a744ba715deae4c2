/**
 * The analytic module: closed forms, CTMC solvers and the scenario-level `analyze`, each with its source.
 * Units everywhere: time in seconds, rates per second, probabilities as fractions.
 */
export type { AnalyticInstance, AnalyticResult, AnalyticSystem, AnalyticTimePoint } from './types.js';
export { analyze, type AnalyzeOptions } from './expectations.js';
export * from './formulas.js';
export {
  availabilityMeasures,
  closedClasses,
  compileCtmc,
  ConvergenceError,
  meanTimeToAbsorption,
  steadyState,
  type AbsorptionOptions,
  type AvailabilityMeasures,
  type CompiledCtmc,
  type CtmcTransition,
  type SparseCtmc,
  type SteadyStateOptions,
  type SteadyStateResult,
} from './ctmc.js';
export {
  poissonWeights,
  transientAnalysis,
  UniformizationBudgetError,
  type PoissonWeights,
  type TransientPoint,
  type UniformizationOptions,
} from './uniformization.js';
export { buildSystemCtmc, StateSpaceTooLargeError, type SystemCtmc, type SystemCtmcOptions } from './system-ctmc.js';
export { analyzeSystemCtmc, type SystemCtmcAnalysis, type SystemCtmcAnalysisOptions, type SystemCtmcTooLarge } from './system-measures.js';
export {
  birnbaumImportance,
  leafInstances,
  standbyBlocks,
  structureAvailability,
  structureFailureFrequency,
  structureShape,
  structureUnavailability,
  type StructureInputs,
  type StructureShape,
} from './structure.js';
export { describeLaw, erfc, isExponential, lawMean, lawSurvival, logGamma } from '../scenario/laws.js';
export { faultOnOff } from './assumptions.js';
