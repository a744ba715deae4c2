/**
 * Mutation fuzzing of the bundled scenarios (issue 12): a mutant is a bundled scenario with one value replaced
 * by a hostile one (huge, tiny, negative, wrong type, control characters, unit mistakes, deep nesting...) or
 * one key removed. Each mutant goes through what `faultline run` does, in-process (load, work guard, a short
 * simulation, the analytic model, results, terminal and Markdown reports), and is classified like the CLI's
 * exit code: `ok` (0), `rejected` (2: a ScenarioError or InputError with a message), `crash` (1: any other
 * exception), `slow` (over the time limit).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parse } from 'yaml';
import { analyze } from '../../src/analytic/expectations.js';
import { CLI_ANALYTIC_BUDGET } from '../../src/cli/analytic-budget.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { available, type Unavailable } from '../../src/results/document.js';
import { buildResults } from '../../src/results/build.js';
import { runScenario } from '../../src/run/runner.js';
import { guardedRun } from '../../src/run/work-guard.js';
import { InputError, ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario-document/load.js';
import { ROOT } from './cli.js';

/** Every bundled scenario file (scenarios/*.yaml and scenarios/validation/*.yaml), relative to the root. */
export function bundledScenarios(): string[] {
  const dirs = ['scenarios', 'scenarios/validation'];
  return dirs.flatMap((d) => readdirSync(join(ROOT, d)).filter((f) => f.endsWith('.yaml')).map((f) => `${d}/${f}`)).sort();
}

/** Hostile replacement values. */
const HOSTILE: unknown[] = [
  0, -1, 1, 1.5, 1e308, -1e308, 5e-324, 1e20, 2 ** 53 + 2, 1e-300,
  '', 'abc', '0s', '1ms', '1e308y', '1/s', '1000000/s', '1/y', '0/y', 'NaN', 'Infinity', '-5m', '100%', '101%', '1e-300s',
  '\u001b]0;pwned\u0007\u001b[2J', 'a\u0000b', 'é'.repeat(300), '$(touch X)',
  null, true, [], {}, [[[[[]]]]], { a: { b: { c: 1 } } }, ['x', 'y'],
];

/** One mutation: which scenario, which node (index into its nodes, modulo), what to do. */
export interface Mutation {
  file: number;
  node: number;
  action: 'replace' | 'delete' | 'nest';
  value: number;
}

export const mutationArbitrary = (files: number): fc.Arbitrary<Mutation> =>
  fc.record({
    file: fc.nat({ max: files - 1 }),
    node: fc.nat(),
    action: fc.constantFrom<Mutation['action']>('replace', 'replace', 'replace', 'delete', 'nest'),
    value: fc.nat({ max: HOSTILE.length - 1 }),
  });

type Json = Record<string, unknown> | unknown[];
const isContainer = (v: unknown): v is Json => typeof v === 'object' && v !== null;

/** Every (container, key) pair of a parsed document, in document order. */
function slots(root: Json): [Json, string | number][] {
  const out: [Json, string | number][] = [];
  const walk = (node: Json) => {
    for (const key of Array.isArray(node) ? node.keys() : Object.keys(node)) {
      out.push([node, key]);
      const child = (node as Record<string | number, unknown>)[key];
      if (isContainer(child)) walk(child);
    }
  };
  walk(root);
  return out;
}

/** Applies a mutation to a scenario's YAML text; returns the mutant's text. */
export function mutate(text: string, m: Mutation): string {
  const doc = parse(text) as Json;
  const all = slots(doc);
  const [node, key] = all[m.node % all.length];
  const obj = node as Record<string | number, unknown>;
  if (m.action === 'delete') {
    if (Array.isArray(node)) node.splice(key as number, 1);
    else delete obj[key];
  } else if (m.action === 'nest') {
    let v: unknown = obj[key];
    for (let i = 0; i < 1 + (m.value % 4) * 100; i++) v = [v];
    obj[key] = v;
  } else {
    obj[key] = HOSTILE[m.value];
  }
  return stringify(doc);
}

export type Outcome = 'ok' | 'rejected' | 'crash' | 'slow';

/** Limits of the in-process pipeline: few replications and a small event budget keep each mutant fast. */
export const FUZZ_LIMITS = { maxEvents: 3e6, maxMemory: 64 * 1024 ** 2 };
export const FUZZ_REPLICATIONS = 2;
/** A mutant taking longer than this (seconds, in-process) counts as `slow`. */
export const FUZZ_TIME_LIMIT = 20;

/**
 * A rejection is located when every scenario error names the file, line and column and the scenario path
 * (`file:line:col: at <path>: ...`; file-level problems such as an unreadable file have no line), and a
 * work-guard refusal names the file.
 */
export function isLocated(message: string, file: string): boolean {
  const lines = message.split('\n').filter((l) => l.startsWith(file));
  return lines.length > 0 && lines.every((l) => l.startsWith(`${file}:`) && / at /.test(l));
}

/**
 * Runs a mutant through the `faultline run` pipeline in-process.
 * @returns the outcome and, for rejections and crashes, the message.
 */
export function runMutant(text: string, file: string): { outcome: Outcome; message?: string; seconds: number } {
  const t0 = performance.now();
  const done = (outcome: Outcome, message?: string) => {
    const seconds = (performance.now() - t0) / 1000;
    return { outcome: outcome === 'ok' && seconds > FUZZ_TIME_LIMIT ? 'slow' : outcome, message, seconds } as const;
  };
  try {
    const sc = guardedRun(parseScenario(text, file), FUZZ_LIMITS, FUZZ_REPLICATIONS);
    const run = runScenario(sc, { replications: FUZZ_REPLICATIONS });
    const unavailable: Unavailable[] = [];
    const analytic = available('analytic expectations', unavailable, () => analyze(run.scenario, CLI_ANALYTIC_BUDGET));
    const doc = buildResults(run, analytic, unavailable);
    renderTerminal(doc);
    renderMarkdown(doc);
    JSON.stringify(doc);
    return done('ok');
  } catch (err) {
    if (err instanceof ScenarioError) return done(isLocated(err.message, file) ? 'rejected' : 'crash', err.message);
    if (err instanceof InputError) return done('rejected', err.message);
    return done('crash', err instanceof Error ? `${err.name}: ${err.message}\n${err.stack}` : String(err));
  }
}

/** The bundled scenarios' texts, read once. */
export function loadBundled(): { file: string; text: string }[] {
  return bundledScenarios().map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }));
}
