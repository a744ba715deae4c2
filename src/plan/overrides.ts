/**
 * Writing a candidate's knob values into a copy of the scenario document (`faultline plan`): a thin layer
 * over src/scenario/overrides.ts (path syntax, existence rules, dictionary rule, source ranges), which takes
 * values as JavaScript values (`3`, `"10m"`, `{ fixed: "5m" }`) keyed by path text, and words path errors for
 * a message located at `planning.search[i].path` (not at the path itself), so it names the part of the path
 * that does not exist.
 */
import type { Document } from 'yaml';
import { formatPath } from '../scenario/errors.js';
import { OverrideError, PATH_EXPECTED, parsePath, setPath } from '../scenario/overrides.js';

export { OverrideError, PATH_EXPECTED, parsePath };

/**
 * The error to report at `planning.search[i].path`: a missing key or name reads
 * `components.webb does not exist: unknown component "webb" (did you mean "web"?)`; other errors unchanged.
 */
export function planPathError(e: OverrideError): OverrideError {
  if (e.kind !== 'missing') return e;
  const name = JSON.stringify(e.at[e.at.length - 1]);
  const detail = e.element !== undefined ? `: unknown ${e.element} ${name}${e.hint}` : e.hint;
  return new OverrideError({ kind: e.kind, path: e.path, problem: `${formatPath(e.at)} does not exist${detail}`, expected: e.expected, at: e.at, element: e.element, hint: e.hint });
}

/**
 * Applies overrides to a parsed YAML document in place: for each `path -> value`, writes the value (a JS
 * value as it would be written in the file) at the path, in the order given (see `setPath`). The value is
 * not validated here: validate the document afterwards.
 * @param doc a `yaml` Document (clone it first with `doc.clone()` to keep the original).
 * @returns the document.
 * @throws OverrideError (worded by `planPathError`) on a malformed path or one that breaks the rules of
 * src/scenario/overrides.ts.
 */
export function applyOverrides<D extends Document>(doc: D, overrides: Record<string, unknown>): D {
  for (const [path, value] of Object.entries(overrides)) {
    try {
      setPath(doc, parsePath(path), value);
    } catch (e) {
      throw e instanceof OverrideError ? planPathError(e) : e;
    }
  }
  return doc;
}
