/**
 * Overrides of a scenario document for `faultline compare`: `set: { components.web.count: 4 }` replaces the
 * node at a scenario path in the parsed YAML document BEFORE validation and normalisation, so a variant goes
 * through every check a scenario file goes through. The replacement value is the YAML node written in the
 * `set` entry (cloned with its source range), so schema errors inside it point at the `set` entry's line and
 * column.
 *
 * Path syntax and the rules of what may be set (existing parents, list indices, no new names under
 * `components`/`crews`) are those of src/scenario/overrides.ts. This module adds compare's policy:
 * - every problem is a `ScenarioError` located at the `set` entry's key (or the sweep's `parameter`) and
 *   names the variant (`variant "four-web": unknown path: ...`); all problems of a set are reported together;
 * - `seed`, `replications`, `precision`, `variants` and `sweep` cannot be overridden: every variant runs
 *   with the same seed and replications (common random numbers).
 */
import { Scalar, isMap, isNode, isScalar, type Document, type LineCounter, type Node } from 'yaml';
import { ScenarioError, type PathSegment } from '../scenario/errors.js';
import { OverrideError, PATH_EXPECTED, parsePath, setPath, tryParsePath } from '../scenario/overrides.js';

/** One `path: value` entry of a variant's `set` (or a sweep value). */
export interface Override {
  /** The path as written, e.g. `components.web.count`. */
  text: string;
  /** Parsed path segments. */
  path: PathSegment[];
  /** The replacement value as a YAML node (from the same file). */
  value: Node;
  /** The node to point at when the path itself is wrong (the `set` key, or the sweep's `parameter`). */
  at: Node | null;
}

/** Top-level keys a variant may not change, with the reason. */
const FORBIDDEN: Record<string, string> = {
  seed: 'every variant runs with the same seed (common random numbers); use --seed',
  replications: 'every variant runs the same replications so that replication r pairs with replication r; use --replications',
  precision: 'compare runs a fixed number of replications for every variant (no early stop)',
  variants: 'variants cannot define variants',
  sweep: 'variants cannot define sweeps',
};

/**
 * Parses a scenario path (`a.b[2].c`, `crews["x.y"]`); see `parsePath` in src/scenario/overrides.ts.
 * @returns the segments, or null when the text is not a valid path.
 */
export const parseOverridePath: (text: string) => PathSegment[] | null = tryParsePath;

const keyOf = (k: unknown): string => String(isScalar(k) ? k.value : k);

/** Context of an override set: the file and how to name it in messages. */
export interface OverrideContext {
  file: string;
  lineCounter: LineCounter;
  /** e.g. `variant "four-web"` or `sweep value 3 (1h)`. */
  label: string;
}

/** A ScenarioError located at `node` (1:1 when it has no source range). */
export function errorAt(ctx: { file: string; lineCounter: LineCounter }, node: Node | null | undefined, path: string, problem: string, expected: string): ScenarioError {
  const offset = node?.range?.[0];
  const pos = offset === undefined ? { line: 1, col: 1 } : ctx.lineCounter.linePos(offset);
  return new ScenarioError({ file: ctx.file, line: pos.line, column: pos.col, path, problem, expected });
}

/**
 * Applies overrides to a copy of `doc` (the input is not modified).
 * @returns the modified copy.
 * @throws ScenarioError (all problems of this override set together) for invalid or unknown paths.
 */
export function applyOverrides(doc: Document, overrides: readonly Override[], ctx: OverrideContext): Document {
  const copy = doc.clone();
  const errors: ScenarioError[] = [];
  for (const o of overrides) {
    const fail = (problem: string, expected: string) => errors.push(errorAt(ctx, o.at, o.text, `${ctx.label}: ${problem}`, expected));
    const top = o.path[0];
    if (typeof top === 'string' && Object.hasOwn(FORBIDDEN, top)) {
      fail(`"${top}" cannot be overridden`, `another path (${FORBIDDEN[top]})`);
      continue;
    }
    try {
      // A new key points at the set entry that adds it.
      setPath(copy, o.path, o.value, { keyRange: o.at?.range });
    } catch (e) {
      if (!(e instanceof OverrideError)) throw e;
      fail(`unknown path: ${e.problem}`, e.expected);
    }
  }
  if (errors.length > 0) throw ScenarioError.of(errors);
  return copy;
}

/**
 * Reads the entries of a `set:` mapping node as overrides.
 * @throws ScenarioError for keys that are not valid paths.
 */
export function readSetMapping(set: Node, ctx: OverrideContext): Override[] {
  const out: Override[] = [];
  const errors: ScenarioError[] = [];
  if (!isMap(set)) return out;
  for (const pair of set.items) {
    const text = keyOf(pair.key);
    const keyNode = isNode(pair.key) ? pair.key : null;
    let path: PathSegment[];
    try {
      path = parsePath(text);
    } catch (e) {
      if (!(e instanceof OverrideError)) throw e;
      errors.push(errorAt(ctx, keyNode, text, `${ctx.label}: "${text}" is not a valid path (${e.problem})`, PATH_EXPECTED));
      continue;
    }
    const value = isNode(pair.value) ? pair.value : new Scalar(null);
    out.push({ text, path, value, at: keyNode });
  }
  if (errors.length > 0) throw ScenarioError.of(errors);
  return out;
}

/** Parses the sweep's `parameter`, or throws a located ScenarioError. */
export function sweepPath(text: string, at: Node | null, ctx: { file: string; lineCounter: LineCounter }): PathSegment[] {
  try {
    return parsePath(text);
  } catch (e) {
    if (!(e instanceof OverrideError)) throw e;
    throw errorAt(ctx, at, 'sweep.parameter', `"${text}" is not a valid path (${e.problem})`, PATH_EXPECTED);
  }
}
