/**
 * Scenario file loading: read the file, parse YAML (JSON is parsed by the same YAML parser), locate paths in
 * the source. Validation and normalization (composed from the areas) are in src/scenario-document/. Every problem becomes a `ScenarioError` carrying file, line, column, scenario path and
 * what was expected; all schema problems of a file are reported together (`ScenarioErrors`).
 */
import { readFileSync } from 'node:fs';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type YAMLError } from 'yaml';
import { ScenarioError, formatPath, type PathSegment } from './errors.js';
import type { LocateAt, SourceLocator } from './errors.js';

/** The expected text for each YAML error code we can say something specific about. */
const YAML_EXPECTED: Record<string, string> = {
  DUPLICATE_KEY: 'each key at most once in a mapping',
  MULTIPLE_DOCS: 'a single YAML document',
  BAD_INDENT: 'consistent indentation (spaces, not tabs)',
  TAB_AS_INDENT: 'spaces for indentation, not tabs',
  MISSING_CHAR: 'a closing bracket, brace or quote',
  BAD_SCALAR_START: 'a value that does not start with a YAML indicator (quote it)',
  UNEXPECTED_TOKEN: 'valid YAML or JSON',
};

/**
 * Builds a locator for paths in a parsed document.
 * - `value`: the node at the path; `key`: the key node of the last segment; `parent`: the node at the path
 *   without its last segment (the mapping lacking a key).
 * - when a segment does not exist, the deepest existing ancestor is used; an empty document gives 1:1.
 */
export function documentLocator(doc: Document, lineCounter: LineCounter, file: string): SourceLocator {
  const position = (offset: number | undefined) => {
    if (offset === undefined) return { line: 1, column: 1 };
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const locate = (path: readonly PathSegment[], at: LocateAt = 'value') => {
    const target = at === 'parent' ? path.slice(0, -1) : path;
    let node: unknown = doc.contents;
    let keyNode: unknown = undefined;
    let lastGood: unknown = doc.contents;
    let resolved = true;
    for (const seg of target) {
      let next: unknown = undefined;
      let nextKey: unknown = undefined;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
        if (pair) {
          nextKey = pair.key;
          // `key:` with nothing after it has no value node: point at the key.
          next = pair.value ?? pair.key;
        }
      } else if (isSeq(node) && typeof seg === 'number') {
        next = node.items[seg];
      }
      if (next === undefined || next === null) {
        resolved = false;
        break;
      }
      node = next;
      keyNode = nextKey;
      lastGood = next;
    }
    const chosen = at === 'key' && resolved && keyNode ? keyNode : lastGood;
    const range = (chosen as { range?: [number, number, number] } | null | undefined)?.range;
    return position(range?.[0]);
  };
  return { file, locate };
}

/** Keys that would alter an object's prototype when the document is converted to JavaScript. */
const RESERVED_KEYS = new Set(['__proto__']);

/** Finds mapping keys in RESERVED_KEYS, with their scenario paths. */
function reservedKeys(node: unknown, path: PathSegment[], found: PathSegment[][]): PathSegment[][] {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (typeof key === 'string' && RESERVED_KEYS.has(key)) found.push([...path, key]);
      else reservedKeys(pair.value, [...path, String(key)], found);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => reservedKeys(item, [...path, i], found));
  }
  return found;
}

function yamlError(err: YAMLError, text: string, lineCounter: LineCounter, file: string): ScenarioError {
  const pos = err.linePos?.[0] ?? lineCounter.linePos(err.pos[0]);
  let problem = `YAML syntax error: ${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`;
  const closing = /end with an? ([}\]])/.exec(problem);
  let expected = closing ? `a closing "${closing[1]}"` : (YAML_EXPECTED[err.code] ?? 'valid YAML or JSON');
  // `target: web[2]` inside `{ ... }` opens a flow sequence: suggest quoting.
  const sourceLine = text.split(/\r?\n/)[pos.line - 1] ?? '';
  const id = /[{,]\s*[\w-]+\s*:\s*([A-Za-z_][\w-]*\[\d+\])/.exec(sourceLine);
  if (id) {
    problem += ` (an instance id such as ${id[1]} inside { ... } must be quoted)`;
    expected = `a quoted instance id: "${id[1]}"`;
  }
  return new ScenarioError({ file, line: pos.line, column: pos.col, path: '', problem, expected });
}

/** A parsed scenario document: its plain value, a locator of its paths, and an error maker at a path. */
export interface ParsedDocument {
  value: unknown;
  locator: SourceLocator;
  at: (path: PathSegment[], problem: string, expected: string, where?: LocateAt) => ScenarioError;
}

/**
 * Parses YAML or JSON scenario text into a plain value (no schema check yet).
 * @param text the scenario source.
 * @param file name used in messages.
 * @throws ScenarioError on a syntax error, an empty document, reserved keys or excessive aliases.
 */
export function parseDocumentText(text: string, file: string): ParsedDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  // Only the first syntax error: the following ones are usually consequences of it.
  if (doc.errors.length > 0) throw yamlError(doc.errors[0], text, lineCounter, file);
  const locator = documentLocator(doc, lineCounter, file);
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    const expected = 'a scenario mapping with at least name, horizon and components';
    throw new ScenarioError({ file, line: 1, column: 1, path: '', problem: 'the document is empty', expected });
  }
  const at = (path: PathSegment[], problem: string, expected: string, where: LocateAt = 'value') =>
    new ScenarioError({ file, ...locator.locate(path, where), path: formatPath(path), problem, expected });
  const reserved = reservedKeys(doc.contents, [], []).map((path) =>
    at(path, `"${path[path.length - 1]}" is a reserved key`, 'another name', 'key'),
  );
  if (reserved.length > 0) throw ScenarioError.of(reserved);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    throw at([], `cannot expand the YAML document: ${(e as Error).message}`, 'valid YAML without excessive aliases');
  }
  return { value, locator, at };
}

/**
 * Reads a scenario file's text.
 * @throws ScenarioError (no position) when the file is missing, a directory or unreadable.
 */
export function readScenarioFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a directory' : err.message;
    throw new ScenarioError({ file, path: '', problem: `cannot read the scenario file (${reason})`, expected: 'a readable YAML or JSON scenario file' });
  }
}
