import { readFileSync } from 'node:fs';
import { RESULTS_SCHEMA, type ResultsDocument } from '../results/document.js';
import { COMPARISON_SCHEMA, type ComparisonDocument } from '../compare/document.js';
import { PLAN_SCHEMA, type PlanDocument } from '../plan/document.js';
import type { RareDocument } from '../rare/rare-run.js';

const RARE_SCHEMA = 'faultline.rare/v1';

/** A report input that cannot be used: missing, unreadable, not JSON, unknown schema or wrong shape. */
export class ReportInputError extends Error {
  constructor(readonly file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'ReportInputError';
  }
}

/** What `faultline report` can render. */
export type ReportInput =
  | { kind: 'results'; doc: ResultsDocument }
  | { kind: 'comparison'; doc: ComparisonDocument }
  | { kind: 'plan'; doc: PlanDocument }
  | { kind: 'rare'; doc: RareDocument };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the fields the renderers read; returns the first problem as "at <path>: expected ...", or null. */
function resultsProblem(d: Json, at: string): string | null {
  const need: [string, (v: unknown) => boolean, string][] = [
    ['tool', isObject, 'an object'],
    ['scenario', (v) => isObject(v) && typeof v.name === 'string' && typeof v.file === 'string' && typeof v.horizon === 'number', 'an object with name, file and horizon'],
    ['run', (v) => isObject(v) && typeof v.replications === 'number' && typeof v.replay === 'string', 'an object with replications and replay'],
    ['system', (v) => isObject(v) && isObject(v.availability) && isObject(v.outageDuration), 'an object with availability and outageDuration'],
    ['instances', Array.isArray, 'an array'],
    ['comparison', Array.isArray, 'an array'],
    ['slo', Array.isArray, 'an array'],
    ['distributions', isObject, 'an object'],
    ['timeline', (v) => v === null || (isObject(v) && Array.isArray(v.entries)), 'null or an object with entries'],
  ];
  for (const [key, ok, expected] of need) if (!ok(d[key])) return `at ${at}${key}: expected ${expected}`;
  if (d.convergence !== undefined && !Array.isArray(d.convergence)) return `at ${at}convergence: expected an array`;
  return null;
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** The first top-level field that fails its check, as "at <key>: expected ...", or null. */
function shapeProblem(d: Json, need: [string, (v: unknown) => boolean, string][]): string | null {
  for (const [key, ok, expected] of need) if (!ok(d[key])) return `at ${key}: expected ${expected}`;
  return null;
}
const isEstimate = (v: unknown) => isObject(v) && (v.estimate === null || typeof v.estimate === 'number') && (v.ci95 === null || Array.isArray(v.ci95));
const UNITS = ['probability', 'seconds', 'per-year', 'ratio'];
const VERDICTS = ['better', 'worse', 'no-significant-difference'];

/**
 * Checks the fields the comparison renderers read (the whole `ComparisonDocument` of src/compare/document.ts,
 * as `faultline compare` writes it); returns the first problem as "at <path>: expected ...", or null.
 */
function comparisonProblem(d: Json): string | null {
  if (!isString(d.baseline)) return 'at baseline: expected a string';
  if (!Array.isArray(d.variants) || d.variants.length === 0) return 'at variants: expected a non-empty array';
  if (!Array.isArray(d.differences)) return 'at differences: expected an array';
  const top: [string, (v: unknown) => boolean, string][] = [
    ['tool', (v) => isObject(v) && isString(v.version), 'an object with version'],
    ['seed', (v) => typeof v === 'number', 'a number'],
    ['replications', (v) => typeof v === 'number', 'a number'],
    ['replay', isString, 'a string'],
    ['sweep', (v) => v === null || (isObject(v) && isString(v.parameter) && Array.isArray(v.values)), 'null or an object with parameter and values'],
  ];
  for (const [key, ok, expected] of top) if (!ok(d[key])) return `at ${key}: expected ${expected}`;
  const variant: [string, (v: unknown) => boolean, string][] = [
    ['name', isString, 'a string'],
    ['file', isString, 'a string'],
    ['description', isString, 'a string'],
    ['resultsPath', isString, 'a string'],
    ['overrides', (v) => v === null || isObject(v), 'null or an object'],
    ['meetsSlos', (v) => typeof v === 'boolean', 'a boolean'],
    ['results', isObject, 'a results document'],
  ];
  for (const [i, v] of (d.variants as unknown[]).entries()) {
    if (!isObject(v)) return `at variants[${i}]: expected an object`;
    for (const [key, ok, expected] of variant) if (!ok(v[key])) return `at variants[${i}].${key}: expected ${expected}`;
    const problem = resultsProblem(v.results as Json, `variants[${i}].results.`);
    if (problem) return problem;
  }
  const difference: [string, (v: unknown) => boolean, string][] = [
    ['variant', isString, 'a string'],
    ['metric', isString, 'a string'],
    ['unit', (v) => UNITS.includes(v as string), `one of ${UNITS.join(', ')}`],
    ['better', (v) => v === 'higher' || v === 'lower', 'higher or lower'],
    ['baseline', isEstimate, 'an estimate'],
    ['value', isEstimate, 'an estimate'],
    ['difference', isEstimate, 'an estimate'],
    ['verdict', (v) => VERDICTS.includes(v as string), `one of ${VERDICTS.join(', ')}`],
    ['crn', (v) => isObject(v) && (v.varianceReduction === null || typeof v.varianceReduction === 'number'), 'an object with varianceReduction (written by faultline compare)'],
  ];
  for (const [i, x] of (d.differences as unknown[]).entries()) {
    if (!isObject(x)) return `at differences[${i}]: expected an object`;
    for (const [key, ok, expected] of difference) if (!ok(x[key])) return `at differences[${i}].${key}: expected ${expected}`;
  }
  return null;
}

/**
 * Reads a results JSON (`faultline.results/v1`), comparison JSON (`faultline.comparison/v1`), plan JSON
 * (`faultline.plan/v1`) or rare-event JSON (`faultline.rare/v1`), told apart by its `schema` field, and checks
 * the fields the reports use.
 * @throws ReportInputError with the file name and what is wrong.
 */
export function loadReportInput(file: string): ReportInput {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ReportInputError(file, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, expected a results JSON file' : `cannot read: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ReportInputError(file, `not valid JSON (${(err as Error).message}); expected a results.json written by faultline run`);
  }
  const expected = `expected "schema": "${RESULTS_SCHEMA}" (faultline run), "${COMPARISON_SCHEMA}" (faultline compare), "${PLAN_SCHEMA}" (faultline plan) or "${RARE_SCHEMA}" (faultline rare)`;
  if (!isObject(data)) throw new ReportInputError(file, `not a faultline document: ${expected}`);
  if (data.schema === RESULTS_SCHEMA) {
    const problem = resultsProblem(data, '');
    if (problem) throw new ReportInputError(file, `malformed results: ${problem}`);
    return { kind: 'results', doc: data as unknown as ResultsDocument };
  }
  if (data.schema === COMPARISON_SCHEMA) {
    const problem = comparisonProblem(data);
    if (problem) throw new ReportInputError(file, `malformed comparison: ${problem}`);
    return { kind: 'comparison', doc: data as unknown as ComparisonDocument };
  }
  if (data.schema === PLAN_SCHEMA) {
    const problem = shapeProblem(data, [
      ['scenario', (v) => isObject(v) && isString(v.name) && isString(v.file), 'an object with name and file'],
      ['slo', isObject, 'an object'],
      ['costModel', (v) => isObject(v) && isString(v.currency), 'an object with currency'],
      ['summary', isObject, 'an object'],
      ['rules', isObject, 'an object'],
      ['candidates', Array.isArray, 'an array'],
      ['frontier', Array.isArray, 'an array'],
      ['notes', Array.isArray, 'an array'],
      ['replay', isString, 'a string'],
    ]);
    if (problem) throw new ReportInputError(file, `malformed plan: ${problem}`);
    return { kind: 'plan', doc: data as unknown as PlanDocument };
  }
  if (data.schema === RARE_SCHEMA) {
    const problem = shapeProblem(data, [
      ['scenario', (v) => isObject(v) && isString(v.name) && isString(v.file), 'an object with name and file'],
      ['estimate', (v) => isObject(v) && isEstimate(v.unavailability) && isObject(v.cycles) && isObject(v.plainMonteCarlo), 'an object with unavailability, cycles and plainMonteCarlo'],
      ['availability', isObject, 'an object'],
      ['transitions', isObject, 'an object'],
      ['notes', Array.isArray, 'an array'],
    ]);
    if (problem) throw new ReportInputError(file, `malformed rare-event study: ${problem}`);
    return { kind: 'rare', doc: data as unknown as RareDocument };
  }
  const found = typeof data.schema === 'string' ? `"${data.schema}"` : 'no schema field';
  throw new ReportInputError(file, `unknown document (${found}): ${expected}`);
}
