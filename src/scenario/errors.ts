/**
 * Errors raised while loading a scenario. Every error names the file, the 1-based line and column when known,
 * the path inside the scenario and what was expected, so that users can fix their file without guessing.
 */

/** One segment of a scenario path: a mapping key or a list index. */
export type PathSegment = string | number;

/** Fields of a `ScenarioError`. */
export interface ScenarioErrorInit {
  /** The scenario file, as given to the loader, or `<inline>`. */
  file: string;
  /** 1-based line of the offending node, when known. */
  line?: number;
  /** 1-based column of the offending node, when known. */
  column?: number;
  /** Scenario path such as `components.web.repair.lognormal.p95` or `faults[2].duration`; `''` for the whole document. */
  path: string;
  /** What is wrong, e.g. `unknown unit "parsecs"`. */
  problem: string;
  /** What was expected, e.g. `a duration such as "30s", "4h", "30d"`. */
  expected: string;
}

/**
 * Formats path segments as a scenario path: keys joined by dots, indices in brackets, keys that are not simple
 * names quoted in brackets: `['faults', 2, 'duration']` -> `faults[2].duration`.
 */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const seg of segments) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/**
 * A problem in a scenario file.
 * `message` is `file:line:col: at <path>: <problem>; expected <expected>` (the `:line:col` part is omitted when
 * the position is unknown, and `<path>` reads `<document>` for the whole file).
 */
export class ScenarioError extends Error {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly path: string;
  readonly problem: string;
  readonly expected: string;

  constructor(init: ScenarioErrorInit) {
    super(ScenarioError.format(init));
    this.name = 'ScenarioError';
    this.file = init.file;
    this.line = init.line;
    this.column = init.column;
    this.path = init.path;
    this.problem = init.problem;
    this.expected = init.expected;
  }

  /** Formats one error as a single line (see the class docstring). */
  static format(e: ScenarioErrorInit): string {
    const where = e.line === undefined ? e.file : `${e.file}:${e.line}:${e.column ?? 1}`;
    return `${where}: at ${e.path === '' ? '<document>' : e.path}: ${e.problem}; expected ${e.expected}`;
  }

  /** The individual errors this error stands for: `[this]`, or every collected error for `ScenarioErrors`. */
  list(): ScenarioError[] {
    return [this];
  }

  /**
   * Returns the error to throw for a non-empty list: the error itself when there is one, else a
   * `ScenarioErrors` holding all of them sorted by position.
   * @throws Error when `errors` is empty (a programming error).
   */
  static of(errors: readonly ScenarioError[]): ScenarioError {
    if (errors.length === 0) throw new Error('ScenarioError.of: no errors');
    return errors.length === 1 ? errors[0] : new ScenarioErrors(errors);
  }
}

/**
 * Several problems found at once (e.g. every schema violation of a file). `errors` is sorted by line then
 * column (errors without a position last) and `message` holds one line per error. The inherited
 * `file`/`line`/`column`/`path`/`problem`/`expected` fields are those of the first error, so code that handles
 * a single `ScenarioError` keeps working.
 */
export class ScenarioErrors extends ScenarioError {
  readonly errors: readonly ScenarioError[];

  constructor(errors: readonly ScenarioError[]) {
    if (errors.length === 0) throw new Error('ScenarioErrors needs at least one error');
    const sorted = [...errors].sort(compareErrors);
    super(sorted[0]);
    this.name = 'ScenarioErrors';
    this.errors = sorted;
    this.message = sorted.map((e) => e.message).join('\n');
  }

  override list(): ScenarioError[] {
    return [...this.errors];
  }
}

function compareErrors(a: ScenarioError, b: ScenarioError): number {
  const la = a.line ?? Number.MAX_SAFE_INTEGER;
  const lb = b.line ?? Number.MAX_SAFE_INTEGER;
  if (la !== lb) return la - lb;
  return (a.column ?? 0) - (b.column ?? 0);
}

/** Levenshtein edit distance (insertions, deletions, substitutions). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/**
 * A "did you mean" hint for a misspelt word: ` (did you mean "replications"?)` when one candidate is close
 * (case-insensitive edit distance at most max(1, length/3)), else `''`.
 */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDist = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  return best === undefined ? '' : ` (did you mean ${JSON.stringify(best)}?)`;
}

/** Which source node an error points at: the value at the path, its key, or the mapping that lacks the key. */
export type LocateAt = 'value' | 'key' | 'parent';

/** Maps scenario paths back to the source text, for error messages. */
export interface SourceLocator {
  /** File name used in messages and in `Scenario.file`. */
  file: string;
  /** 1-based line and column of the node at `path` (or of its deepest existing ancestor). */
  locate(path: readonly PathSegment[], at?: LocateAt): { line?: number; column?: number };
}


/** Reports one semantic problem at a scenario path (collected by `Problems`, thrown together). */
export type AddProblem = (path: PathSegment[], problem: string, expected: string, at?: LocateAt) => void;

/** Collects semantic errors with their source positions. */
export class Problems {
  readonly list: ScenarioError[] = [];
  constructor(private readonly source: SourceLocator) {}

  add(path: PathSegment[], problem: string, expected: string, at: LocateAt = 'value'): void {
    const { file } = this.source;
    this.list.push(new ScenarioError({ file, ...this.source.locate(path, at), path: formatPath(path), problem, expected }));
  }
}
