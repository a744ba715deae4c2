/**
 * Raw validated document -> `Scenario`: the core's normalization (src/core/normalize.ts: settings, components,
 * structure, faults, observe, objectives), then each registered area's (`ModelArea.normalize`, src/area.ts) in
 * registry order, each stored under its key, and the areas' injected fault kinds (`Scenario.areaFaults`). Every semantic problem of every part is thrown together, with
 * its `file:line:col: at <path>`. Names no area.
 */
import { AREAS } from '../areas.js';
import { normalizeCore } from '../core/normalize.js';
import type { RawScenario } from '../core/schema.js';
import { Problems, ScenarioError, type SourceLocator } from '../scenario/errors.js';
import type { Scenario } from '../scenario/types.js';

/**
 * Builds the `Scenario` from a schema-validated document.
 * @param raw output of `validateDocument` (times in seconds).
 * @param source locator used to give every semantic error its line and column.
 * @throws ScenarioError (one problem) or ScenarioErrors (several, sorted by line) on semantic errors.
 */
export function normalizeScenario(raw: RawScenario, source: SourceLocator): Scenario {
  const problems = new Problems(source);
  const add = problems.add.bind(problems);
  const scenario: Scenario = normalizeCore(raw, source, problems);
  const sections = scenario as unknown as Record<string, unknown>;
  for (const area of AREAS) {
    const section = area.normalize?.({ raw, instances: scenario.instances, add, source });
    if (section !== null && section !== undefined) sections[area.key] = section;
  }
  if (problems.list.length > 0) throw ScenarioError.of(problems.list);
  // Asked after every section is in place (an area reads its own section).
  const areaFaults = AREAS.map((a) => ({ area: a.title, kinds: a.injectedFaults?.(scenario) ?? [] })).filter((x) => x.kinds.length > 0);
  if (areaFaults.length > 0) scenario.areaFaults = areaFaults;
  return scenario;
}
