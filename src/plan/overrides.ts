/**
 * Setting values at scenario paths in a parsed YAML document, before validation: `faultline plan` writes each
 * candidate configuration (a replica count, a crew size, a repair time...) into a copy of the scenario
 * document and then validates and normalizes it like a file, so every scenario check applies to the
 * candidate and errors keep the file's line and column.
 *
 * Paths use the syntax of scenario error messages (`formatPath`): keys joined by dots, list indices in
 * brackets, keys that are not simple names as quoted strings in brackets:
 * `components.web.count`, `crews.ops`, `faults[2].rate`, `components.web.repair.lognormal.median`,
 * `components["my.odd"].count`.
 */
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { formatPath, type PathSegment } from '../scenario/errors.js';

/** What a scenario path looks like, for error messages. */
export const PATH_EXPECTED = 'a scenario path such as components.web.count, crews.ops or faults[0].rate';

/** A path that cannot be parsed or set; `problem` says why, `at` is the prefix where it went wrong. */
export class OverrideError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
    readonly expected: string,
  ) {
    super(`${path}: ${problem}; expected ${expected}`);
    this.name = 'OverrideError';
  }
}

const KEY = /^[A-Za-z_][A-Za-z0-9_-]*/;

/**
 * Parses a scenario path into segments: `faults[2].duration` -> `['faults', 2, 'duration']`.
 * Inverse of `formatPath` for every path it produces.
 * @throws OverrideError on an empty or malformed path.
 */
export function parsePath(path: string): PathSegment[] {
  const segs: PathSegment[] = [];
  let i = 0;
  const bad = (why: string): never => {
    throw new OverrideError(path, why, PATH_EXPECTED);
  };
  if (path.trim() === '') bad('the path is empty');
  while (i < path.length) {
    if (path[i] === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) bad(`unclosed "[" at character ${i + 1}`);
      const inner = path.slice(i + 1, close);
      if (/^\d+$/.test(inner)) segs.push(Number(inner));
      else if (/^"(?:[^"\\]|\\.)*"$/.test(inner)) segs.push(JSON.parse(inner) as string);
      else bad(`"[${inner}]" is neither a list index nor a quoted key`);
      i = close + 1;
    } else {
      if (segs.length > 0) {
        if (path[i] !== '.') bad(`unexpected ${JSON.stringify(path[i])} at character ${i + 1}`);
        i++;
      }
      const m = KEY.exec(path.slice(i));
      if (!m) bad(`no key at character ${i + 1}`);
      segs.push((m as RegExpExecArray)[0]);
      i += (m as RegExpExecArray)[0].length;
    }
  }
  return segs;
}

/**
 * Sets `value` at `segments` in the document, creating the last key when its parent mapping exists. An
 * existing scalar keeps its source range (so errors about the new value point where the old one was); a
 * new node takes the range of the node it replaces, or of its parent, so errors still point inside the file.
 * @throws OverrideError when an intermediate node is missing or is not a mapping / list, or an index is out of range.
 */
function setAt(doc: Document, segments: PathSegment[], value: unknown): void {
  let node: unknown = doc.contents;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const last = i === segments.length - 1;
    const here = formatPath(segments.slice(0, i + 1));
    const where = formatPath(segments.slice(0, i)) || '<document>';
    let child: unknown;
    if (isMap(node)) {
      if (typeof seg !== 'string') throw new OverrideError(formatPath(segments), `${where} is a mapping, not a list`, `a key after ${where}`);
      child = node.get(seg, true);
      if (child === undefined && !last) {
        const keys = node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)));
        throw new OverrideError(formatPath(segments), `${here} does not exist`, `an existing key of ${where}: ${keys.join(', ')}`);
      }
    } else if (isSeq(node)) {
      if (typeof seg !== 'number') throw new OverrideError(formatPath(segments), `${where} is a list, not a mapping`, `an index [i] after ${where}`);
      if (seg >= node.items.length) {
        throw new OverrideError(formatPath(segments), `${here} is out of range (${node.items.length} items)`, `an index below ${node.items.length}`);
      }
      child = node.items[seg];
    } else {
      throw new OverrideError(formatPath(segments), `${where} is a plain value, not a mapping or list`, PATH_EXPECTED);
    }
    if (last) {
      const range = ((child ?? node) as Node).range;
      if (isScalar(child) && (value === null || typeof value !== 'object')) {
        child.value = value;
      } else {
        const fresh = doc.createNode(value) as Node;
        if (range) setRanges(fresh, range);
        if (isMap(node)) node.set(seg, fresh);
        else (node as { items: unknown[] }).items[seg as number] = fresh;
      }
      return;
    }
    node = child;
  }
}

/** Gives a freshly created node (and its descendants) a source range, so positions resolve inside the file. */
function setRanges(node: unknown, range: [number, number, number]): void {
  if (node && typeof node === 'object') (node as { range?: unknown }).range = range;
  if (isMap(node)) for (const p of node.items) {
    if (p.key && typeof p.key === 'object') setRanges(p.key, range);
    setRanges(p.value, range);
  }
  if (isSeq(node)) for (const item of node.items) setRanges(item, range);
}

/**
 * Applies overrides to a parsed YAML document in place: for each `path -> value`, writes the value (a JS
 * value as it would be written in the file: `3`, `"10m"`, `{ fixed: "5m" }`) at the path. Paths are applied
 * in the order given. The value is not validated here: validate the document afterwards.
 * @param doc a `yaml` Document (clone it first with `doc.clone()` to keep the original).
 * @param overrides map from scenario path (see the module documentation) to value.
 * @returns the document.
 * @throws OverrideError on a malformed path, or one whose parent does not exist in the document.
 */
export function applyOverrides<D extends Document>(doc: D, overrides: Record<string, unknown>): D {
  for (const [path, value] of Object.entries(overrides)) setAt(doc, parsePath(path), value);
  return doc;
}
