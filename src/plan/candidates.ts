/**
 * The candidate configurations of a capacity plan: the grid of `planning.search` values, each written into
 * a copy of the scenario's YAML document (src/plan/overrides.ts over src/scenario/overrides.ts) and then
 * validated and normalized like a file, so every scenario check applies and errors keep the file's line and
 * column. A candidate that breaks the scenario (e.g. fewer instances than a k-out-of-n block needs) is kept
 * with its errors.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import { ScenarioError, formatPath } from '../scenario/errors.js';
import { documentLocator, readScenarioFile } from '../scenario/load.js';
import { parseScenario } from '../scenario-document/load.js';
import { normalizeScenario } from '../scenario-document/normalize.js';
import { validateDocument } from '../scenario-document/schema.js';
import type { Scenario } from '../scenario/types.js';
import type { SearchKnob } from './types.js';
import { OverrideError, applyOverrides } from './overrides.js';

/** One point of the grid: the value chosen for each knob, in knob order. */
export interface CandidateSettings {
  /** Candidate id, `c1`, `c2`... in grid order (first knob varies slowest). */
  id: string;
  /** Grid index (0-based). */
  index: number;
  /** Knob path -> value written (as in the file). */
  settings: Record<string, unknown>;
  /** Index of the chosen value of each knob. */
  choice: number[];
}

/** A candidate after validation: its scenario, or why it is not a valid scenario. */
export type BuiltCandidate =
  | (CandidateSettings & { ok: true; scenario: Scenario })
  | (CandidateSettings & { ok: false; errors: string[] });

/**
 * The grid in lexicographic order (first knob slowest).
 * @param knobs the search knobs (non-empty value lists).
 */
export function enumerateGrid(knobs: readonly SearchKnob[]): CandidateSettings[] {
  const out: CandidateSettings[] = [];
  const total = knobs.reduce((n, k) => n * k.values.length, 1);
  for (let index = 0; index < total; index++) {
    const choice: number[] = [];
    let rest = index;
    for (let j = knobs.length - 1; j >= 0; j--) {
      choice[j] = rest % knobs[j].values.length;
      rest = Math.floor(rest / knobs[j].values.length);
    }
    const settings: Record<string, unknown> = {};
    knobs.forEach((k, j) => (settings[k.path] = k.values[choice[j]]));
    out.push({ id: `c${index + 1}`, index, settings, choice });
  }
  return out;
}

/** A scenario file parsed once, from which candidate scenarios are derived. */
export interface BaseDocument {
  file: string;
  text: string;
  /** The scenario as written (validated). */
  scenario: Scenario;
  doc: Document;
  lineCounter: LineCounter;
}

/**
 * Loads the scenario file: validates it as is (a ScenarioError is thrown for a bad file) and keeps its
 * YAML document for the candidates.
 * @throws ScenarioError when the file cannot be read or is invalid, or has no `planning` section.
 */
export function loadBaseDocument(file: string): BaseDocument {
  const text = readScenarioFile(file);
  const scenario = parseScenario(text, file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const locator = documentLocator(doc, lineCounter, file);
  if (!scenario.planning) {
    throw new ScenarioError({
      file,
      line: 1,
      column: 1,
      path: 'planning',
      problem: 'the scenario has no planning section',
      expected: 'a planning section { cost, search, confirm?, load? } (see docs/scenario-format.md, "Capacity planning")',
    });
  }
  // Every knob's path must exist up to its parent in the document and name no new component or crew
  // (src/scenario/overrides.ts), and each value, written alone into the file, must pass the schema at that
  // path (checked on the file, before any candidate): a typo or a value of the wrong type is bad input,
  // while a value that only breaks the scenario in combination (a count below a k-out-of-n's k) makes that
  // candidate invalid.
  const errors: ScenarioError[] = [];
  const planningError = (at: (string | number)[], problem: string, expected: string) =>
    errors.push(new ScenarioError({ file, ...locator.locate(at), path: formatPath(at), problem, expected }));
  scenario.planning.search.forEach((k, i) => {
    const target = formatPath(k.segments);
    for (let j = 0; j < k.values.length; j++) {
      let checked;
      try {
        checked = validateDocument(applyOverrides(doc.clone(), { [target]: k.values[j] }).toJS({ maxAliasCount: 1000 }));
      } catch (e) {
        if (!(e instanceof OverrideError)) throw e;
        planningError(['planning', 'search', i, 'path'], e.problem, e.expected);
        return;
      }
      if (checked.ok) continue;
      const inside = checked.issues.filter((iss) => k.segments.every((seg, n) => iss.path[n] === seg));
      const exact = inside.find((iss) => iss.path.length === k.segments.length && iss.at === 'key');
      if (exact) {
        planningError(['planning', 'search', i, 'path'], `${exact.problem} at ${target}`, exact.expected);
        return;
      }
      if (inside.length > 0) {
        const iss = inside[0];
        planningError(['planning', 'search', i, 'values', j], `as ${formatPath(iss.path)}: ${iss.problem}`, iss.expected);
      }
    }
  });
  if (errors.length > 0) throw ScenarioError.of(errors);
  return { file, text, scenario, doc, lineCounter };
}

/**
 * Builds one candidate: writes its settings into a copy of the document, validates and normalizes it.
 * Never throws for an invalid candidate: the errors (file:line:col messages) are returned instead.
 */
export function buildCandidate(base: BaseDocument, c: CandidateSettings, knobs: readonly SearchKnob[]): BuiltCandidate {
  const doc = base.doc.clone();
  try {
    const overrides: Record<string, unknown> = {};
    knobs.forEach((k, j) => (overrides[formatPath(k.segments)] = k.values[c.choice[j]]));
    applyOverrides(doc, overrides);
    const checked = validateDocument(doc.toJS({ maxAliasCount: 1000 }));
    const locator = documentLocator(doc, base.lineCounter, base.file);
    if (!checked.ok) {
      const errs = checked.issues.map(
        (iss) => new ScenarioError({ file: base.file, ...locator.locate(iss.path, iss.at), path: formatPath(iss.path), problem: iss.problem, expected: iss.expected }),
      );
      return { ...c, ok: false, errors: ScenarioError.of(errs).list().map((e) => e.message) };
    }
    return { ...c, ok: true, scenario: normalizeScenario(checked.data, locator) };
  } catch (e) {
    if (e instanceof ScenarioError) return { ...c, ok: false, errors: e.list().map((x) => x.message) };
    if (e instanceof OverrideError) return { ...c, ok: false, errors: [e.message] };
    throw e;
  }
}
