/**
 * Scenario loading: parse the text (src/scenario/load.ts), validate it against the composed document schema,
 * normalize it (core, then every registered area). Every problem becomes a `ScenarioError` carrying file,
 * line, column, scenario path and what was expected; all schema problems of a file are reported together.
 */
import { ScenarioError } from '../scenario/errors.js';
import { parseDocumentText, readScenarioFile } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { normalizeScenario } from './normalize.js';
import { validateDocument } from './schema.js';

/**
 * Parses and validates a scenario given as YAML or JSON text.
 * @param text the scenario source.
 * @param file name used in messages and stored in `Scenario.file` (default `<inline>`).
 * @returns the normalized scenario (times in seconds, rates per second, probabilities in [0, 1]).
 * @throws ScenarioError for a single problem, ScenarioErrors (a subclass) for several, sorted by line.
 */
export function parseScenario(text: string, file = '<inline>'): Scenario {
  const { value, locator, at } = parseDocumentText(text, file);
  const checked = validateDocument(value);
  if (!checked.ok) throw ScenarioError.of(checked.issues.map((iss) => at(iss.path, iss.problem, iss.expected, iss.at)));
  return normalizeScenario(checked.data, locator);
}

/**
 * Reads and parses a scenario file (`.yaml`, `.yml` or `.json`; JSON goes through the YAML parser).
 * @param file path of the scenario file; kept as given in messages and in `Scenario.file`.
 * @throws ScenarioError when the file cannot be read, or as `parseScenario` for invalid content.
 */
export function loadScenario(file: string): Scenario {
  return parseScenario(readScenarioFile(file), file);
}
