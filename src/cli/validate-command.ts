import { analyze } from '../analytic/expectations.js';
import { describeData, describeDataExpectations } from '../data/describe.js';
import { analyticBudget } from './analytic-budget.js';
import { describeLaw } from '../scenario/laws.js';
import { formatPercent, formatSeconds } from '../report/format.js';
import { loadScenario } from '../scenario-document/load.js';
import type { Scenario } from '../scenario/types.js';
import type { StructureNode } from '../core/types.js';
import { reportError } from './errors.js';
import { guardRun, type GuardOptions } from './guard-options.js';
import { planComparison, variantsNote } from '../compare/variants.js';
import { say } from './terminal-text.js';
import { phaseTypeLines } from '../report/phase-type-lines.js';

/** One-line text of a structure node, e.g. `series(lb, 2-of-3(web[1], web[2], web[3]))`. */
export function describeStructure(node: StructureNode): string {
  switch (node.type) {
    case 'component':
      return node.instance;
    case 'series':
      return `series(${node.children.map(describeStructure).join(', ')})`;
    case 'parallel':
      return `parallel(${node.children.map(describeStructure).join(', ')})`;
    case 'k_of_n':
      return `${node.k}-of-${node.children.length}(${node.children.map(describeStructure).join(', ')})`;
    case 'standby':
      return `${node.mode}-standby(${node.units.join(' -> ')}, switchover ${formatSeconds(node.switchover)}, p=${node.switchSuccess})`;
  }
}

/** Human summary of a validated scenario. */
export function describeScenario(sc: Scenario): string {
  const L = [
    `${sc.name}: valid`,
    `horizon ${formatSeconds(sc.horizon)}, ${sc.plan.replications} replications, seed ${sc.seed}` + (sc.warmup ? `, warm-up ${formatSeconds(sc.warmup)}` : ''),
    `components:`,
  ];
  for (const c of sc.components) {
    L.push(
      `  ${c.name} x${c.count}: failure ${c.failure ? describeLaw(c.failure) : 'none'}, repair ${c.repair ? describeLaw(c.repair) : 'none'}` +
        (c.crew ? `, crew ${c.crew}` : '') +
        (c.zones.some((z) => z !== null) ? `, zones ${c.zones.map((z) => z ?? '-').join(',')}` : ''),
    );
  }
  if (sc.crews.length) L.push(`crews: ${sc.crews.map((c) => `${c.name}=${c.count}`).join(', ')}`);
  L.push(`system: ${describeStructure(sc.system)}`);
  L.push(`ageing while system down: ${sc.ageingWhileSystemDown}`);
  for (const f of sc.faults) {
    const when = f.schedule.type === 'at' ? `at ${formatSeconds(f.schedule.at)}` : `${(f.schedule.rate * 365 * 86400).toPrecision(3)}/year`;
    L.push(`fault ${f.source.path}: ${f.kind} ${f.zone ?? f.targets.join(',')} ${when}, duration ${describeLaw(f.duration)}`);
  }
  if (sc.planning) L.push(`planning: ${sc.planning.search.map((k) => `${k.path} x${k.values.length}`).join(', ')} (${sc.planning.search.reduce((n, k) => n * k.values.length, 1)} candidates), confirm ${sc.planning.confirm}` + (sc.planning.load ? `, N-${sc.planning.load.maxDown} load on ${sc.planning.load.component}` : ''));
  L.push(...describeData(sc));
  return L.join('\n');
}

/** `faultline validate`: exit 0 and a summary, or 2 with file:line:col errors. */
export function validateCommand(file: string, opts: GuardOptions = {}): number {
  try {
    const sc = loadScenario(file);
    const summary = describeScenario(sc);
    guardRun(sc, opts, sc.plan.replications);
    // Variants and sweep values are checked too (each one as a whole scenario), with located errors.
    const variants = variantsNote(file) === null ? '' : `\nvariants (faultline compare): ${planComparison([file]).variants.map((v) => v.name).join(', ')}`;
    say(summary + variants + '\n');
    return 0;
  } catch (err) {
    return reportError(err, process.argv.includes('--debug'));
  }
}

/** Text of an analysis that threw: "not available because ...". */
const notAvailable = (what: string, err: unknown) => `${what}: not available because ${err instanceof Error ? err.message : String(err)}`;

/** The data section's expectation lines, or why they are not available. */
function dataExpectationLines(sc: Parameters<typeof describeDataExpectations>[0]): string[] {
  try {
    return describeDataExpectations(sc);
  } catch (e) {
    return [notAvailable('data expectations', e)];
  }
}

/**
 * `faultline analyze`: the analytic expectations alone. An expectation that cannot be computed for this
 * scenario (a degenerate chain, an infinite-mean law...) is reported as not available; the others are still printed.
 */
export function analyzeCommand(file: string, json: boolean, maxStates?: number): number {
  try {
    const sc = loadScenario(file);
    let result;
    try {
      result = analyze(sc, analyticBudget(maxStates));
    } catch (err) {
      if (json) {
        process.stdout.write(JSON.stringify({ unavailable: [{ analysis: 'analytic expectations', reason: (err as Error).message }] }, null, 2) + '\n');
        return 0;
      }
      say([notAvailable('system analytic expectation', err), ...dataExpectationLines(sc)].join('\n') + '\n');
      return 0;
    }
    if (json) {
      process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      return 0;
    }
    const s = result.system;
    const L = [
      `method: ${result.method}`,
      `formula: ${result.formula}`,
      `source: ${result.source}`,
      `availability: ${formatPercent(s.availability, 6)}  downtime/year: ${formatSeconds(s.downtimePerYear)}`,
      `MTTFF ${formatSeconds(s.mttff)}  MTBF ${formatSeconds(s.mtbf)}  MUT ${formatSeconds(s.mut)}  MDT ${formatSeconds(s.mdt)}`,
      `assumptions: ${result.assumptions.join('; ')}`,
    ];
    if (result.violations.length) L.push(`approximate because: ${result.violations.join('; ')}`);
    if (result.phaseType) L.push(...phaseTypeLines(result.phaseType));
    L.push(...dataExpectationLines(sc));
    say(L.join('\n') + '\n');
    return 0;
  } catch (err) {
    return reportError(err, process.argv.includes('--debug'));
  }
}
