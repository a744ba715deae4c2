/**
 * Parsing scenario text into a YAML document with the guards every reader of scenario files shares
 * (load, compare variants, plan candidates; limits in docs/limits.md):
 * - nesting deeper than MAX_NESTING levels is refused before parsing (a recursive parser would run out of
 *   stack: "Maximum call stack size exceeded");
 * - duplicate keys are found with one hash set per mapping (the parser's own check is quadratic in the
 *   number of keys: 10,000 components took 30 s);
 * - tags other than the YAML core schema's (`!!binary`, `!foo`, ...) are refused: they would silently turn
 *   into strings or mappings.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { ScenarioError } from './errors.js';

/** Deepest nesting of mappings and lists accepted in a scenario file. */
export const MAX_NESTING = 200;

/** Tags of the YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#103-core-schema). */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/**
 * Upper estimate of the nesting depth of YAML text without parsing it: flow brackets outside quotes and
 * comments, plus block levels (indentation columns and compact `- ` entries count one level each).
 * @returns the depth and the offset where it is first reached.
 */
export function estimateNesting(text: string): { depth: number; offset: number } {
  let flow = 0;
  let best = { depth: 0, offset: 0 };
  let quote: string | null = null;
  let lineStart = true;
  let block = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      block = 0;
      lineStart = quote === null; // inside a multi-line quoted scalar, indentation is content
      continue;
    }
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (lineStart) {
      if (ch === ' ' || (ch === '-' && text[i + 1] === ' ')) {
        block++;
        if (ch === '-') i++;
        continue;
      }
      lineStart = false;
    }
    if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl - 1;
      continue;
    }
    if (ch === '"' || (ch === "'" && (i === 0 || /[\s[{,:]/.test(text[i - 1])))) quote = ch;
    else if (ch === '[' || ch === '{') flow++;
    else if ((ch === ']' || ch === '}') && flow > 0) flow--;
    const depth = flow + Math.ceil(block / 2);
    if (depth > best.depth) best = { depth, offset: i };
  }
  return best;
}

function located(file: string, lineCounter: LineCounter, offset: number, problem: string, expected: string, path = ''): ScenarioError {
  const p = lineCounter.linePos(offset);
  return new ScenarioError({ file, line: p.line, column: p.col, path, problem, expected });
}

/** Walks a document's nodes (iteratively) and returns the first problem found. */
function checkNodes(doc: Document, file: string, lineCounter: LineCounter): ScenarioError | null {
  const stack: Node[] = doc.contents ? [doc.contents as Node] : [];
  while (stack.length) {
    const node = stack.pop() as Node;
    const tag = (node as { tag?: string }).tag;
    if (tag && !CORE_TAGS.has(tag)) {
      return located(file, lineCounter, node.range?.[0] ?? 0, `unsupported YAML tag ${tag.replace(/^tag:yaml\.org,2002:/, '!!')}`, 'plain YAML values without tags (strings, numbers, booleans, mappings, lists)');
    }
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : null;
        if (key !== null) {
          if (seen.has(key)) {
            return located(file, lineCounter, (pair.key as Node).range?.[0] ?? 0, `YAML syntax error: Map keys must be unique (${JSON.stringify(key)} appears twice)`, 'each key at most once in a mapping');
          }
          seen.add(key);
        }
        if (pair.key && typeof pair.key === 'object') stack.push(pair.key as Node);
        if (pair.value && typeof pair.value === 'object') stack.push(pair.value as Node);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) if (item && typeof item === 'object') stack.push(item as Node);
    }
  }
  return null;
}

/**
 * Parses scenario text into a YAML document after the nesting guard; checks tags and duplicate keys.
 * YAML syntax errors are left in `doc.errors` for the caller (which knows how to explain them).
 * @throws ScenarioError (located) for too deep nesting, an unsupported tag or a duplicate key.
 */
export function parseYamlSource(text: string, file: string, lineCounter: LineCounter): Document {
  const nesting = estimateNesting(text);
  if (nesting.depth > MAX_NESTING) {
    const before = text.slice(0, nesting.offset).split('\n');
    throw new ScenarioError({
      file,
      line: before.length,
      column: before[before.length - 1].length + 1,
      path: '',
      problem: `the document nests more than ${MAX_NESTING} levels deep`,
      expected: `at most ${MAX_NESTING} levels of nested mappings and lists (docs/limits.md)`,
    });
  }
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: true });
  } catch (e) {
    if (e instanceof RangeError) throw located(file, lineCounter, 0, 'the document nests too deeply to parse', `at most ${MAX_NESTING} levels of nested mappings and lists (docs/limits.md)`);
    throw e;
  }
  if (doc.errors.length === 0) {
    const problem = checkNodes(doc, file, lineCounter);
    if (problem) throw problem;
  }
  return doc;
}
