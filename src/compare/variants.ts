/**
 * Expands what `faultline compare` runs into a list of scenarios ("variants"):
 * - one file: the scenario as written (named `baseline`), then each entry of its `variants:` section, then
 *   one variant per value of its `sweep:` (named `<last path key>=<value>`, in the order written);
 * - several files: one variant per file (named after the file, without extension); a file that defines
 *   `variants:` or `sweep:` is refused, since it is unclear which of its variants to compare.
 * Every variant is built by overriding the parsed YAML document (src/compare/overrides.ts) and then
 * validated and normalised exactly like a scenario file; its errors name the variant.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { ScenarioError, formatPath } from '../scenario/errors.js';
import { documentLocator, readScenarioFile } from '../scenario/load.js';
import { parseScenario } from '../scenario-document/load.js';
import { normalizeScenario } from '../scenario-document/normalize.js';
import { validateDocument } from '../scenario-document/schema.js';
import type { Scenario } from '../scenario/types.js';
import { applyOverrides, errorAt, readSetMapping, sweepPath, type Override } from './overrides.js';

/** Name of the scenario as written when a file's variants are compared. */
export const BASELINE_NAME = 'baseline';

/** One scenario of a comparison. */
export interface VariantSpec {
  name: string;
  description: string;
  /** The scenario file it comes from. */
  file: string;
  /** `path -> value` (JavaScript values as written), or null for a scenario as written. */
  overrides: Record<string, unknown> | null;
  /** The sweep value, or null when this variant is not a sweep point. */
  sweepValue: unknown | null;
  scenario: Scenario;
}

/** Everything `compare` runs. `variants[0]` is the default baseline. */
export interface ComparisonPlan {
  variants: VariantSpec[];
  /** `parameter` is the swept path, or the paths joined by ", " when several receive each value (`parameters`). */
  sweep: { parameter: string; values: unknown[]; parameters: string[] } | null;
}

interface ParsedFile {
  file: string;
  text: string;
  doc: Document;
  lineCounter: LineCounter;
  scenario: Scenario;
}

/** Loads and fully validates a file (including its variants/sweep sections), keeping the YAML document. */
function parseFile(file: string): ParsedFile {
  const text = readScenarioFile(file);
  const scenario = parseScenario(text, file); // all checks of a scenario file, with positions
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  return { file, text, doc, lineCounter, scenario };
}

/** Validates and normalises a (modified) document; errors are prefixed with `label`. */
function scenarioFromDocument(doc: Document, lineCounter: LineCounter, file: string, label: string, origin: Node | null): Scenario {
  const locator = documentLocator(doc, lineCounter, file);
  const relabel = (e: ScenarioError) =>
    new ScenarioError({ file: e.file, line: e.line, column: e.column, path: e.path, problem: `${label}: ${e.problem}`, expected: e.expected });
  try {
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      const problem = `cannot expand the YAML document: ${(e as Error).message}`;
      throw errorAt({ file, lineCounter }, origin, '', problem, 'overrides that keep every alias (*name) pointing at an anchor (&name)');
    }
    const checked = validateDocument(value);
    if (!checked.ok) {
      throw ScenarioError.of(
        checked.issues.map((iss) => {
          const pos = locator.locate(iss.path, iss.at);
          return new ScenarioError({ file, ...pos, path: formatPath(iss.path), problem: iss.problem, expected: iss.expected });
        }),
      );
    }
    return normalizeScenario(checked.data, locator);
  } catch (e) {
    if (e instanceof ScenarioError) throw ScenarioError.of(e.list().map(relabel));
    throw e;
  }
}

/** The document without its `variants` and `sweep` sections (the baseline every variant starts from). */
function baseDocument(doc: Document): Document {
  const copy = doc.clone();
  copy.delete('variants');
  copy.delete('sweep');
  return copy;
}

const jsValue = (n: Node): unknown => {
  try {
    return n.toJSON();
  } catch {
    return String(n); // an alias to an anchor elsewhere: keep its source text
  }
};

/** A short text for a sweep value in variant names: the scalar as written, else JSON. */
function valueLabel(n: Node): string {
  if (isScalar(n)) return n.source ?? String(n.value);
  return JSON.stringify(n.toJSON());
}

/** Builds one variant from overrides. */
function overrideVariant(p: ParsedFile, base: Document, name: string, description: string, overrides: Override[], label: string, sweepValue: unknown | null): VariantSpec {
  const ctx = { file: p.file, lineCounter: p.lineCounter, label };
  const doc = applyOverrides(base, overrides, ctx);
  const sc = scenarioFromDocument(doc, p.lineCounter, p.file, label, overrides[0]?.at ?? null);
  const values: Record<string, unknown> = {};
  for (const o of overrides) values[o.text] = jsValue(o.value);
  return { name, description, file: p.file, overrides: values, sweepValue, scenario: { ...sc, name: `${sc.name} [${name}]` } };
}

/** Expands a single file's baseline, variants and sweep. */
function expandFile(p: ParsedFile): ComparisonPlan {
  const base = baseDocument(p.doc);
  const variants: VariantSpec[] = [
    { name: BASELINE_NAME, description: 'the scenario as written', file: p.file, overrides: null, sweepValue: null, scenario: p.scenario },
  ];
  const taken = new Map<string, Node | null>([[BASELINE_NAME, null]]);
  const errors: ScenarioError[] = [];
  const claim = (name: string, node: Node | null, path: string) => {
    if (taken.has(name)) errors.push(errorAt(p, node, path, `the variant name "${name}" is used twice${name === BASELINE_NAME ? ' ("baseline" is the scenario as written)' : ''}`, 'a unique variant name'));
    taken.set(name, node);
  };
  const list = p.doc.get('variants', true);
  if (isSeq(list)) {
    list.items.forEach((item, i) => {
      if (!isMap(item)) return;
      const name = String(item.get('name'));
      const nameNode = item.get('name', true) as Node | undefined;
      claim(name, nameNode ?? item, `variants[${i}].name`);
      const label = `variant "${name}"`;
      try {
        const overrides = readSetMapping(item.get('set', true) as Node, { file: p.file, lineCounter: p.lineCounter, label });
        const description = item.get('description');
        variants.push(overrideVariant(p, base, name, typeof description === 'string' ? description : '', overrides, label, null));
      } catch (e) {
        if (e instanceof ScenarioError) errors.push(...e.list());
        else throw e;
      }
    });
  }
  let sweep: ComparisonPlan['sweep'] = null;
  const sw = p.doc.get('sweep', true);
  if (isMap(sw)) {
    const paramNode = (sw.get('parameter', true) as Node | undefined) ?? sw;
    // One path, or several paths that all receive each value.
    const paramNodes: Node[] = isSeq(paramNode) ? (paramNode.items as Node[]) : [paramNode];
    const parameters = paramNodes.map((n) => String(isScalar(n) ? n.value : n));
    const parameter = parameters.join(', ');
    const values = sw.get('values', true);
    try {
      const paths = paramNodes.map((n, i) => sweepPath(parameters[i], n, p));
      const lastKey = [...paths[0]].reverse().find((s) => typeof s === 'string') as string;
      const items = isSeq(values) ? (values.items as Node[]) : [];
      sweep = { parameter, values: items.map(jsValue), parameters };
      items.forEach((v, i) => {
        const name = `${lastKey}=${valueLabel(v)}`;
        claim(name, v, `sweep.values[${i}]`);
        const label = `sweep value ${i} (${parameter} = ${valueLabel(v)})`;
        try {
          // Path errors point at the parameter, value errors at the value itself.
          const overrides: Override[] = paths.map((path, j) => ({ text: parameters[j], path, value: v, at: paramNodes[j] }));
          variants.push(overrideVariant(p, base, name, `${parameter} = ${valueLabel(v)}`, overrides, label, jsValue(v)));
        } catch (e) {
          if (e instanceof ScenarioError) errors.push(...e.list());
          else throw e;
        }
      });
    } catch (e) {
      if (e instanceof ScenarioError) errors.push(...e.list());
      else throw e;
    }
  }
  if (errors.length > 0) throw ScenarioError.of(dedupe(errors));
  return { variants, sweep };
}

/** Drops repeated identical messages (a wrong sweep parameter fails once per value). */
function dedupe(errors: ScenarioError[]): ScenarioError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.file}:${e.line}:${e.column}:${e.path}:${e.problem.replace(/^sweep value \d+ \([^)]*\): /, '')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Builds the comparison plan for `faultline compare <files...>`.
 * @throws ScenarioError (exit code 2) for any invalid file, variant or sweep value, or a file with variants
 * among several files.
 */
export function planComparison(files: readonly string[]): ComparisonPlan {
  if (files.length === 0) throw new ScenarioError({ file: '<command line>', path: '', problem: 'no scenario file given', expected: 'one scenario with variants or sweep, or several scenario files' });
  const parsed = files.map(parseFile);
  if (parsed.length === 1) {
    const plan = expandFile(parsed[0]);
    if (plan.variants.length === 1) {
      const problem = 'nothing to compare: the scenario defines no variants and no sweep';
      throw new ScenarioError({ file: files[0], line: 1, column: 1, path: '', problem, expected: 'a variants: or sweep: section (docs/scenario-format.md), or several scenario files' });
    }
    return plan;
  }
  const errors: ScenarioError[] = [];
  const used = new Map<string, number>();
  const variants: VariantSpec[] = [];
  for (const p of parsed) {
    for (const key of ['variants', 'sweep']) {
      const node = p.doc.get(key, true) as Node | undefined;
      if (node !== undefined) {
        errors.push(errorAt(p, node, key, `several files are compared, so this file's ${key} section is not used`, `one file with variants/sweep, or several files without them (compare ${p.file} on its own to run them)`));
      }
    }
    const stem = basename(p.file, extname(p.file)).replace(/[^A-Za-z0-9_.-]/g, '_') || 'scenario';
    const n = (used.get(stem) ?? 0) + 1;
    used.set(stem, n);
    const name = n === 1 ? stem : `${stem}-${n}`;
    variants.push({ name, description: p.scenario.description, file: p.file, overrides: null, sweepValue: null, scenario: p.scenario });
  }
  if (errors.length > 0) throw ScenarioError.of(errors);
  return { variants, sweep: null };
}

/**
 * For `faultline run`: a note when the file defines variants or a sweep (run simulates the scenario as
 * written only), else null. Never throws (the file was already loaded successfully).
 */
export function variantsNote(file: string): string | null {
  try {
    const doc = parseDocument(readFileSync(file, 'utf8'));
    const v = doc.get('variants', true);
    const s = doc.get('sweep', true);
    const nv = isSeq(v) ? v.items.length : 0;
    const values: unknown = isMap(s) ? s.get('values', true) : undefined;
    const ns = isSeq(values) ? values.items.length : 0;
    if (nv + ns === 0) return null;
    const parts = [nv ? `${nv} variant${nv > 1 ? 's' : ''}` : '', ns ? `a sweep of ${ns} value${ns > 1 ? 's' : ''}` : ''].filter(Boolean);
    return `note: ${file} defines ${parts.join(' and ')}; \`faultline run\` simulates the scenario as written (the baseline) only. Run \`faultline compare ${file}\` to compare them.`;
  } catch {
    return null;
  }
}
