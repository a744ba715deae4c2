/**
 * Overrides of a scenario document: `set: { components.web.count: 4 }` replaces the node at a scenario path
 * in the parsed YAML document BEFORE validation and normalisation, so a variant goes through every check a
 * scenario file goes through. The replacement value is the YAML node written in the `set` entry (cloned
 * with its source range), so schema errors inside it point at the `set` entry's line and column.
 *
 * Path syntax (the same as in error messages, see `formatPath` in src/scenario/errors.ts): keys joined by
 * dots, list indices in brackets, keys that are not simple names quoted in brackets:
 * `components.web.repair.lognormal.median`, `faults[2].rate`, `system.series[1].k_of_n.k`, `crews["on-call.eu"]`.
 *
 * Rules (each violation is a `ScenarioError` located at the `set` entry's key):
 * - every segment but the last must exist in the document (a typo is an error, with a "did you mean");
 * - the last segment may be a new key of an existing mapping (e.g. `components.web.crew` when web has no
 *   crew yet): the schema then decides whether that key is allowed; new names under `components` or `crews`
 *   are refused (an override cannot silently add an unused element: replace the whole mapping instead);
 * - list indices must exist;
 * - `seed`, `replications`, `precision`, `variants` and `sweep` cannot be overridden: every variant runs
 *   with the same seed and replications (common random numbers).
 */
import { Pair, Scalar, isMap, isNode, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { ScenarioError, didYouMean, formatPath, type PathSegment } from '../scenario/errors.js';

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
/** Mappings whose keys are user-chosen names: an override may not add a new name there. */
const DICTIONARIES = new Set(['components', 'crews']);

const PATH_EXPECTED = 'a scenario path such as components.web.count, crews.ops or faults[0].rate';

/**
 * Parses a scenario path (`a.b[2].c`, `crews["x.y"]`).
 * @returns the segments, or null when the text is not a valid path.
 */
export function parseOverridePath(text: string): PathSegment[] | null {
  const out: PathSegment[] = [];
  const re = /(?:^|\.)([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  if (text.startsWith('.')) return null;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m || (m[1] !== undefined && pos > 0 && text[pos] !== '.') || (m[1] === undefined && text[pos] === '.')) return null;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3]) as string);
    pos = re.lastIndex;
  }
  return out.length > 0 && typeof out[0] === 'string' ? out : null;
}

const keyOf = (p: unknown): string => {
  const k = isPair(p) ? p.key : undefined;
  return String(isScalar(k) ? k.value : k);
};
function isPair(p: unknown): p is Pair {
  return p instanceof Pair;
}

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
    let node: unknown = copy.contents;
    let ok = true;
    for (let i = 0; i < o.path.length && ok; i++) {
      const seg = o.path[i];
      const last = i === o.path.length - 1;
      const here = formatPath(o.path.slice(0, i)) || '<document>';
      if (isMap(node)) {
        if (typeof seg !== 'string') {
          fail(`${here} is a mapping, not a list`, `a key after ${here}, not [${seg}]`);
          ok = false;
          break;
        }
        const pair = node.items.find((p) => keyOf(p) === seg);
        if (pair) {
          if (last) pair.value = o.value.clone();
          else node = pair.value;
          continue;
        }
        const keys = node.items.map(keyOf);
        const dict = i === 1 && DICTIONARIES.has(String(o.path[0]));
        if (!last || dict) {
          const what = dict ? `${String(o.path[0]).replace(/s$/, '')} "${seg}"` : `key "${seg}" under ${here}`;
          const expected = dict
            ? `an existing name: ${keys.join(', ')} (to add one, override the whole ${o.path[0]} mapping)`
            : `a path that exists in the scenario: one of ${keys.join(', ') || '(none)'} under ${here} (or override ${here} as a whole)`;
          fail(`unknown path: no ${what}${didYouMean(seg, keys)}`, expected);
          ok = false;
          break;
        }
        const key = new Scalar(seg);
        if (o.at) key.range = o.at.range;
        node.items.push(new Pair(key, o.value.clone()));
      } else if (isSeq(node)) {
        if (typeof seg !== 'number' || seg >= node.items.length) {
          const problem = typeof seg === 'number' ? `index ${seg} is out of range (${here} has ${node.items.length} items)` : `${here} is a list, not a mapping`;
          fail(`unknown path: ${problem}`, `an index [0] .. [${node.items.length - 1}] after ${here}`);
          ok = false;
          break;
        }
        if (last) node.items[seg] = o.value.clone();
        else node = node.items[seg];
      } else {
        fail(`unknown path: ${here} is a single value, it has no "${seg}"`, `a path that stops at ${here} or goes through a mapping or list`);
        ok = false;
      }
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
    const text = keyOf(pair);
    const keyNode = isNode(pair.key) ? pair.key : null;
    const path = parseOverridePath(text);
    if (!path) {
      errors.push(errorAt(ctx, keyNode, text, `${ctx.label}: "${text}" is not a valid path`, PATH_EXPECTED));
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
  const path = parseOverridePath(text);
  if (!path) throw errorAt(ctx, at, 'sweep.parameter', `"${text}" is not a valid path`, PATH_EXPECTED);
  return path;
}
