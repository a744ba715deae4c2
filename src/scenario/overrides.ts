/**
 * Setting values at scenario paths in a parsed YAML document, BEFORE validation and normalisation, so the
 * modified document goes through every check a scenario file goes through and its errors keep the file's
 * line and column. Shared by `faultline compare` (variants and sweeps, src/compare/overrides.ts) and
 * `faultline plan` (search knobs, src/plan/candidates.ts and the `planning.search[i].path` check in
 * src/scenario/schema-planning.ts).
 *
 * Path syntax: exactly what `formatPath` (src/scenario/errors.ts) writes in error messages, and
 * `parsePath` is its inverse: keys joined by dots, list indices in brackets, keys that are not simple names
 * as JSON strings in brackets: `components.web.count`, `faults[2].rate`, `system.series[1].k_of_n.k`,
 * `crews["on-call.eu"]`. A path starts with a key (the document is a mapping).
 *
 * Rules of `setPath` (each violation is an `OverrideError`):
 * - every segment but the last must exist in the document (with a "did you mean" for a misspelt key);
 * - the last segment may be a new key of an existing mapping (e.g. `components.web.crew` when web has no
 *   crew yet): the schema then decides whether that key is allowed;
 * - new names under the dictionaries `components` and `crews` are refused, even as the last segment: an
 *   override cannot silently add an element (set the whole mapping instead);
 * - list indices must exist (an override never appends to a list);
 * - `__proto__` is never a valid segment (it would alter an object's prototype on conversion to JS).
 */
import { Pair, Scalar, isMap, isNode, isScalar, isSeq, type Document, type Node } from 'yaml';
import { didYouMean, formatPath, type PathSegment } from './errors.js';

/** What a scenario path looks like, for error messages. */
export const PATH_EXPECTED = 'a scenario path such as components.web.count, crews.ops or faults[0].rate';

/** Top-level mappings whose keys are user-chosen names, with the singular used in messages. */
export const DICTIONARIES: Readonly<Record<string, string>> = { components: 'component', crews: 'crew' };

/**
 * Why a path cannot be parsed or set:
 * - `syntax`: the text is not a path;
 * - `missing`: a key (or a dictionary name) does not exist where it must;
 * - `index`: a list index is out of range;
 * - `shape`: the path goes through a node of the wrong kind (a key on a list, an index on a mapping, anything
 *   below a plain value), or uses a reserved key.
 */
export type OverrideErrorKind = 'syntax' | 'missing' | 'index' | 'shape';

/** Fields of an `OverrideError`. */
export interface OverrideErrorInit {
  kind: OverrideErrorKind;
  /** The whole path, as written or formatted. */
  path: string;
  /** What is wrong, e.g. `no key "lognormal" under components.web.repair`. */
  problem: string;
  /** What was expected. */
  expected: string;
  /** The prefix of the path where it went wrong (including the offending segment); `[]` for a syntax error. */
  at: readonly PathSegment[];
  /** For a missing name under a dictionary: its singular (`component`, `crew`). */
  element?: string;
  /** A did-you-mean hint (` (did you mean "web"?)`) or `''`. */
  hint?: string;
}

/**
 * A path that cannot be parsed or set. Not located: callers turn it into a `ScenarioError` at the node
 * that holds the path (a `set:` key, a sweep parameter, `planning.search[i].path`).
 * `message` is `<path>: <problem>; expected <expected>`.
 */
export class OverrideError extends Error {
  readonly kind: OverrideErrorKind;
  readonly path: string;
  readonly problem: string;
  readonly expected: string;
  readonly at: readonly PathSegment[];
  readonly element?: string;
  readonly hint: string;

  constructor(init: OverrideErrorInit) {
    super(`${init.path}: ${init.problem}; expected ${init.expected}`);
    this.name = 'OverrideError';
    this.kind = init.kind;
    this.path = init.path;
    this.problem = init.problem;
    this.expected = init.expected;
    this.at = init.at;
    this.element = init.element;
    this.hint = init.hint ?? '';
  }
}

const KEY = /[A-Za-z_][A-Za-z0-9_-]*/y;
const INDEX = /\[(\d+)\]/y;
const QUOTED = /\[("(?:[^"\\]|\\.)*")\]/y;

/**
 * Parses a scenario path into segments: `faults[2].duration` -> `['faults', 2, 'duration']`.
 * Inverse of `formatPath` for every path whose first segment is a key: `parsePath(formatPath(s))` equals `s`.
 * @throws OverrideError (kind `syntax`) on an empty or malformed path, or one starting with a list index.
 */
export function parsePath(text: string): PathSegment[] {
  const bad = (why: string): never => {
    throw new OverrideError({ kind: 'syntax', path: text, problem: why, expected: PATH_EXPECTED, at: [] });
  };
  if (text.trim() === '') bad('the path is empty');
  const segs: PathSegment[] = [];
  let pos = 0;
  const match = (re: RegExp): RegExpExecArray | null => {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (m) pos = re.lastIndex;
    return m;
  };
  while (pos < text.length) {
    const at = pos;
    if (text[pos] === '[') {
      const index = match(INDEX);
      const quoted = index ? null : match(QUOTED);
      if (index) {
        if (segs.length === 0) bad('a path starts with a key, not a list index');
        segs.push(Number(index[1]));
      } else if (quoted) segs.push(JSON.parse(quoted[1]) as string);
      else bad(`"${text.slice(at, text.indexOf(']', at) + 1 || undefined)}" at character ${at + 1} is neither a list index [i] nor a quoted key ["..."]`);
      continue;
    }
    if (segs.length > 0) {
      if (text[pos] !== '.') bad(`unexpected ${JSON.stringify(text[pos])} at character ${pos + 1}`);
      pos++;
    }
    const key = match(KEY);
    if (!key) bad(`no key at character ${pos + 1}`);
    segs.push((key as RegExpExecArray)[0]);
  }
  return segs;
}

/** `parsePath` that returns null instead of throwing. */
export function tryParsePath(text: string): PathSegment[] | null {
  try {
    return parsePath(text);
  } catch (e) {
    if (e instanceof OverrideError) return null;
    throw e;
  }
}

type Range = [number, number, number];

/** Options of `setPath`. */
export interface SetPathOptions {
  /**
   * The source range given to a newly created key (e.g. the `set:` entry that adds it), so errors about it
   * point there. Default: the range of the mapping that receives the key.
   */
  keyRange?: Range | null;
}

const keyText = (p: unknown): string => {
  const k = p instanceof Pair ? p.key : undefined;
  return String(isScalar(k) ? k.value : k);
};

/**
 * Sets `value` at `path` in `doc`, in place (clone the document first with `doc.clone()` to keep it).
 * - A YAML node (`isNode`) is cloned and inserted as is: it keeps its own source range, so errors about it
 *   point where it was written (e.g. a variant's `set:` entry).
 * - Any other value is a JavaScript value as it would be written in the file (`3`, `"10m"`, `{ fixed: "5m" }`):
 *   a plain value written over an existing plain value keeps that node and its source range; otherwise a new
 *   node is created with the range of the node it replaces, or of its parent, so errors point inside the file.
 * The value is not validated here: validate the document afterwards.
 * @param path segments, e.g. from `parsePath`.
 * @throws OverrideError (kind `missing`, `index` or `shape`) when the path breaks the rules of the module.
 */
export function setPath(doc: Document, path: readonly PathSegment[], value: unknown, options: SetPathOptions = {}): void {
  const text = formatPath(path);
  const fail = (kind: OverrideErrorKind, i: number, problem: string, expected: string, extra: Partial<OverrideErrorInit> = {}): never => {
    throw new OverrideError({ kind, path: text, problem, expected, at: path.slice(0, i + 1), ...extra });
  };
  if (path.length === 0) fail('syntax', -1, 'the path is empty', PATH_EXPECTED);
  let node: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    const here = formatPath(path.slice(0, i)) || '<document>';
    let child: unknown;
    if (isMap(node)) {
      if (typeof seg !== 'string') return fail('shape', i, `${here} is a mapping, not a list`, `a key after ${here}, not [${seg}]`);
      if (seg === '__proto__') return fail('shape', i, `"__proto__" is a reserved key`, `another key under ${here}`);
      const pair = node.items.find((p) => keyText(p) === seg);
      const keys = node.items.map(keyText);
      const element = i === 1 ? DICTIONARIES[String(path[0])] : undefined;
      if (!pair && i === 0 && !last && Object.hasOwn(DICTIONARIES, seg) && typeof path[1] === 'string') {
        // `crews.ops` in a scenario without crews: name the missing crew, not the missing section.
        const el = DICTIONARIES[seg];
        const expected = `a ${el} declared in ${seg} (the scenario has no ${seg} section: set the whole ${seg} mapping instead)`;
        return fail('missing', 1, `no ${el} ${JSON.stringify(path[1])}`, expected, { element: el });
      }
      if (!pair && (!last || element !== undefined)) {
        const hint = didYouMean(seg, keys);
        if (element !== undefined) {
          const expected = `an existing ${element}: ${keys.join(', ') || '(none)'} (a path cannot add a ${element}: set the whole ${path[0]} mapping instead)`;
          return fail('missing', i, `no ${element} ${JSON.stringify(seg)}${hint}`, expected, { element, hint });
        }
        const expected =
          i === 0
            ? `a path that starts with a top-level key of the scenario: ${keys.join(', ') || '(none)'}`
            : `a path that exists in the scenario: one of ${keys.join(', ') || '(none)'} under ${here} (or set ${here} as a whole)`;
        return fail('missing', i, `no key ${JSON.stringify(seg)} under ${here}${hint}`, expected, { hint });
      }
      if (last) {
        const range = (pair?.value as Node | undefined)?.range ?? node.range;
        const fresh = freshValue(doc, pair?.value, value, range);
        if (pair) pair.value = fresh;
        else {
          const key = new Scalar(seg);
          const keyRange = options.keyRange ?? node.range;
          if (keyRange) key.range = keyRange;
          node.items.push(new Pair(key, fresh));
        }
        return;
      }
      child = pair?.value;
    } else if (isSeq(node)) {
      const n = node.items.length;
      const expected = n === 0 ? `a path that stops at ${here} (the list is empty)` : `an index [0] .. [${n - 1}] after ${here}`;
      if (typeof seg !== 'number') return fail('shape', i, `${here} is a list, not a mapping`, expected);
      if (seg >= n) return fail('index', i, `index ${seg} is out of range (${here} has ${n} item${n === 1 ? '' : 's'})`, expected);
      if (last) {
        const old = node.items[seg] as Node | undefined;
        node.items[seg] = freshValue(doc, old, value, old?.range ?? node.range);
        return;
      }
      child = node.items[seg];
    } else {
      const what = typeof seg === 'number' ? `[${seg}]` : JSON.stringify(seg);
      return fail('shape', i, `${here} is a single value, it has no ${what}`, `a path that stops at ${here} or goes through a mapping or list`);
    }
    node = child;
  }
}

/** The node to store: see `setPath`. May modify and return `old` (a plain value over a plain value). */
function freshValue(doc: Document, old: unknown, value: unknown, range: Range | null | undefined): unknown {
  if (isNode(value)) return value.clone();
  if (isScalar(old) && (value === null || typeof value !== 'object')) {
    old.value = value;
    return old;
  }
  const fresh = doc.createNode(value);
  if (range) setRanges(fresh, range);
  return fresh;
}

/** Gives a freshly created node (and its descendants) a source range, so positions resolve inside the file. */
function setRanges(node: unknown, range: Range): void {
  if (node && typeof node === 'object') (node as { range?: unknown }).range = range;
  if (isMap(node)) {
    for (const p of node.items) {
      if (p.key && typeof p.key === 'object') setRanges(p.key, range);
      setRanges(p.value, range);
    }
  }
  if (isSeq(node)) for (const item of node.items) setRanges(item, range);
}
