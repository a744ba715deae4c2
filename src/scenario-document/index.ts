/**
 * Scenario loading: YAML/JSON files (docs/scenario-format.md) -> validated, normalized `Scenario`
 * (src/scenario/types.ts), with file:line:column error messages.
 */
export * from '../scenario/types.js';
export * from '../core/types.js';
export {
  SECONDS_PER_MINUTE,
  SECONDS_PER_HOUR,
  SECONDS_PER_DAY,
  SECONDS_PER_WEEK,
  SECONDS_PER_YEAR,
  DURATION_UNITS,
  UnitParseError,
  parseDuration,
  parseRate,
  parseProbability,
  tryParseDuration,
  tryParseRate,
  tryParseProbability,
  formatDuration,
  type ParseResult,
} from '../scenario/duration.js';
export { ScenarioError, ScenarioErrors, formatPath, didYouMean, type PathSegment, type ScenarioErrorInit } from '../scenario/errors.js';
export { scenarioDocumentSchema, validateDocument, type RawScenario, type SchemaIssue } from './schema.js';
export { normalizeScenario } from './normalize.js';
export {
  toDistribution,
  instanceIds,
  Z95,
  DEFAULT_REPLICATIONS,
  DEFAULT_MIN_REPLICATIONS,
  DEFAULT_WARM_DORMANCY,
  type SourceLocator,
  type LocateAt,
} from '../core/normalize.js';
export { parseScenario, loadScenario } from './load.js';
export { documentLocator } from '../scenario/load.js';
