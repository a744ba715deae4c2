#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { INIT_TEMPLATE_NAMES, parseFormatList, REPORT_FORMATS } from './formats.js';
import { toolVersion } from '../version.js';
import { readShardSpec } from '../run/shard-spec.js';
import { DEFAULT_MAX_EVENTS, DEFAULT_MAX_MEMORY } from '../run/guard-defaults.js';
import { CLI_ANALYTIC_BUDGET } from './analytic-budget.js';
import { PLAN_ANALYTIC_BUDGET } from '../plan/budget.js';

const MAX_STATES_HELP = `state cap of the analytic CTMC; above it the analytic column falls back to the flagged independent approximation (default ${CLI_ANALYTIC_BUDGET.maxStates})`;

// Commands are imported when they run, so `--version`, `--help` and usage errors load only commander, and
// `validate` loads no simulation, chart or report code.

/** Exit code of usage errors (as EXIT_USAGE in ./errors.ts, which loads the scenario module). */
const EXIT_USAGE = 2;

/** A decimal integer >= min (no hex, exponent or fraction) that a double holds exactly (<= 2^53 - 1). */
function integer(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`expected a decimal integer from ${min} to ${Number.MAX_SAFE_INTEGER} (2^53 - 1), got "${value}"`);
    }
    return n;
  };
}

/** `--target-half-width`: an availability half-width, a fraction in (0, 1) (0.0001 = 0.01 percentage points). */
function halfWidth(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n > 0 && n < 1)) throw new InvalidArgumentError(`expected an availability half-width in (0, 1) such as 0.0001, got "${value}"`);
  return n;
}

/** `--out`: a non-empty directory path. */
function outDir(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('expected a directory path, got an empty string');
  return value;
}

/** `--workers`: 'auto' or an integer >= 1. */
function workerCount(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`expected "auto" or an integer >= 1, got "${value}"`);
  return n;
}

/** `--shard i/n`. */
function shardSpec(value: string): { index: number; count: number } {
  const spec = readShardSpec(value);
  if (typeof spec === 'string') throw new InvalidArgumentError(spec);
  return spec;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a positive number, got "${value}"`);
  return n;
}

function openUnit(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n < 1)) throw new InvalidArgumentError(`expected a number in (0, 1), got "${value}"`);
  return n;
}

/** Builds the `faultline` command line (commander). */
export function buildProgram(): Command {
  const program = new Command('faultline')
    .description('Fault-injection simulation and availability modelling: simulated availability, MTTR and outages next to the analytic formulas')
    .version(toolVersion())
    .option('--debug', 'print stack traces on errors')
    .option('-q, --quiet', 'print nothing but errors and warnings (no tables, no progress bar); --json output still prints')
    .showHelpAfterError()
    .exitOverride(); // before the subcommands, which inherit it

  addSimulationCommands(program);
  addDocumentCommands(program);
  addStudyCommands(program);
  addScaffoldingCommands(program);
  return program;
}

/** The global --debug / --quiet of a subcommand's program. */
const globals = (program: Command) => ({ debug: program.opts().debug as boolean | undefined, quiet: program.opts().quiet as boolean | undefined });

/**
 * The work-guard flags (--max-events, --max-memory; docs/limits.md) of a simulating command. Declared here as
 * strings and parsed by ./guard-options.ts just before the action, so start-up loads no guard code; a bad value
 * is a usage error (exit 2). The defaults in the help are DEFAULT_MAX_EVENTS and DEFAULT_MAX_MEMORY of
 * src/run/work-guard.ts.
 */
function withGuardOptions(cmd: Command): Command {
  return cmd
    .option('--max-events <n>', `refuse runs estimated above n kernel events (default ${DEFAULT_MAX_EVENTS.toExponential().replace('+', '')}; docs/limits.md)`)
    .option('--max-memory <size>', `refuse runs whose per-replication results are estimated above size (default ${DEFAULT_MAX_MEMORY / 1024 ** 3}GiB)`)
    .hook('preAction', async (_cmd, action) => {
      const { parseGuardFlags } = await import('./guard-options.js');
      try {
        parseGuardFlags(action.opts());
      } catch (e) {
        action.error(`error: ${(e as Error).message}`, { exitCode: EXIT_USAGE, code: 'commander.invalidArgument' });
      }
    });
}

/** `run`, `compare` and `merge`: the commands that simulate (or combine simulated shards). */
function addSimulationCommands(program: Command): void {
  withGuardOptions(program
    .command('run')
    .description('simulate a scenario and write results.json + report.md + report.html')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('-s, --seed <n>', 'master seed (default: the scenario\'s)', integer(0))
    .option('-r, --replications <n>', 'replications (default: the scenario\'s)', integer(1))
    .option('--target-half-width <p>', 'stop once the availability 95% CI half-width is at most p (e.g. 0.0001)', halfWidth)
    .option('-o, --out <dir>', 'output directory (default: reports/<scenario name>)', outDir)
    .option('--json', 'print the results JSON on stdout instead of the table')
    .option('--no-progress', 'never show the progress bar')
    .option('--no-analytic', 'skip the analytic expectations')
    .option('--max-states <n>', MAX_STATES_HELP, integer(1))
    .option('--workers <n>', 'worker threads: a number, 1 = this thread only, or auto (default: threads available, used only when the run is long enough)', workerCount)
    .option('--shard <i/n>', 'run only shard i of n (0-based; a contiguous block of the replications) and write <out>/shard-<i>-of-<n>.json for faultline merge', shardSpec)
    .option('--charts <formats>', 'also write the charts as images into <out>/charts: svg, png or svg,png', parseFormatList(['svg', 'png'] as const))
    .option('--strict', 'exit 3 for any failing SLO estimate, also when its 95% CI straddles the target (default: only a conclusive failure)'),
  ).action(async (file: string, opts) => {
      process.exitCode = opts.shard
        ? await (await import('./shard-command.js')).runShardCommand(file, { ...opts, debug: program.opts().debug })
        : await (await import('./run-command.js')).runCommand(file, { ...opts, debug: program.opts().debug, quiet: program.opts().quiet });
    });

  withGuardOptions(program
    .command('compare')
    .description('compare strategies: a scenario\'s variants/sweep, or several scenario files, with paired differences (common random numbers)')
    .argument('<scenarios...>', 'one scenario with variants or sweep, or several scenario files')
    .option('-b, --baseline <name>', 'variant the others are compared with (default: the scenario as written, or the first file)')
    .option('-s, --seed <n>', 'master seed shared by every variant (default: the baseline\'s)', integer(0))
    .option('-r, --replications <n>', 'replications of every variant, the maximum with --target-half-width (default: the baseline\'s)', integer(1))
    .option('--target-half-width <p>', 'stop every variant at the same batch once each paired availability difference has a 95% CI half-width <= p', halfWidth)
    .option('-o, --out <dir>', 'output directory (default: reports/<first scenario file name>-compare)', outDir)
    .option('--json', 'print the comparison JSON on stdout instead of the table')
    .option('--no-progress', 'never show the progress bar')
    .option('--no-analytic', 'skip the analytic expectations of each variant')
    .option('--strict', 'exit 3 when every variant has a failing SLO estimate, also when its 95% CI straddles the target (default: only conclusive failures count)')
    .option('--max-states <n>', MAX_STATES_HELP, integer(1)),
  ).action(async (files: string[], opts) => {
      process.exitCode = await (await import('./compare-command.js')).compareCommand(files, { ...opts, debug: program.opts().debug, quiet: program.opts().quiet });
    });

  program
    .command('merge')
    .description('combine the shard files of a sharded run into results.json + report.md (identical to a single run)')
    .argument('<shards...>', 'shard files (shard-<i>-of-<n>.json), or directories holding them')
    .option('-o, --out <dir>', 'output directory (default: reports/<scenario name>)', outDir)
    .option('--json', 'print the results JSON on stdout instead of the table')
    .option('--no-analytic', 'skip the analytic expectations')
    .option('--strict', 'exit 3 for any failing SLO estimate, also when its 95% CI straddles the target (default: only a conclusive failure)')
    .action(async (files: string[], opts) => {
      process.exitCode = await (await import('./shard-command.js')).mergeCommand(files, { ...opts, debug: program.opts().debug, quiet: program.opts().quiet });
    });

}

/** `report`, `validate` and `analyze`: commands that read a document and print or re-render it. */
function addDocumentCommands(program: Command): void {
  program
    .command('report')
    .description('re-render reports from a results.json (or a comparison JSON) alone')
    .argument('<results>', 'results.json written by faultline run (or a comparison JSON from faultline compare)')
    .option('-o, --out <dir>', 'output directory (default: the directory of <results>)', outDir)
    .option('-f, --format <formats>', `comma-separated: ${REPORT_FORMATS.join(', ')} (default html,md)`, parseFormatList(REPORT_FORMATS))
    .action(async (file: string, opts: { out?: string; format?: (typeof REPORT_FORMATS)[number][] }) => {
      process.exitCode = await (await import('./report-command.js')).reportCommand(file, { ...opts, ...globals(program) });
    });

  withGuardOptions(program
    .command('validate')
    .description('check a scenario file and print what it describes')
    .argument('<scenario>', 'scenario file (YAML or JSON)'),
  ).action(async (file: string, opts) => {
      process.exitCode = (await import('./validate-command.js')).validateCommand(file, opts);
    });

  program
    .command('analyze')
    .description('print the analytic expectations of a scenario (no simulation)')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('--json', 'print JSON')
    .option('--max-states <n>', MAX_STATES_HELP, integer(1))
    .action(async (file: string, opts: { json?: boolean; maxStates?: number }) => {
      process.exitCode = (await import('./validate-command.js')).analyzeCommand(file, Boolean(opts.json), opts.maxStates);
    });
}

/** `plan` and `rare`: capacity planning and rare-event studies. */
function addStudyCommands(program: Command): void {
  withGuardOptions(program
    .command('plan')
    .description('search the cheapest configuration meeting the SLOs (planning section); write plan.json, plan.md and frontier.svg')
    .argument('<scenario>', 'scenario file (YAML or JSON) with a planning section')
    .option('-s, --seed <n>', 'master seed of the confirmation runs (default: the scenario\'s)', integer(0))
    .option('-r, --replications <n>', 'replications of each confirmation run (default: the scenario\'s)', integer(1))
    .option('-o, --out <dir>', 'output directory (default: reports/<scenario name>-plan)', outDir)
    .option('--json', 'print the plan JSON on stdout instead of the summary')
    .option('--no-confirm', 'skip the simulation of the cheapest feasible candidates (analytic screening only)')
    .option('--max-states <n>', `CTMC state cap of the analytic screening (default ${PLAN_ANALYTIC_BUDGET.maxStates})`, integer(2)),
  ).action(async (file: string, opts) => {
      process.exitCode = await (await import('./plan-command.js')).planCommand(file, { ...opts, ...globals(program) });
    });

  program
    .command('rare')
    .description('unavailability of a highly available Markovian system by importance sampling (balanced failure biasing), vs the exact CTMC')
    .argument('<scenario>', 'scenario file (YAML or JSON); exponential laws, no injected faults')
    .option('-s, --seed <n>', 'master seed (default: the scenario\'s)', integer(0))
    .option('--relative-precision <r>', 'stop once the 95% CI half-width is at most r x the estimate', positiveNumber, 0.1)
    .option('--max-cycles <n>', 'cap on importance-sampling regenerative cycles', integer(1), 10_000_000)
    .option('--bias <p>', 'total failure probability in states with repairs pending, in (0, 1)', openUnit, 0.5)
    .option('--max-states <n>', 'state cap of the CTMC', integer(1), 500_000)
    .option('-o, --out <dir>', 'write rare.json to this directory', outDir)
    .option('--json', 'print the JSON document instead of the summary')
    .action(async (file: string, opts) => {
      process.exitCode = await (await import('./rare-command.js')).rareCommand(file, { ...opts, ...globals(program) });
    });
}

/** `schema` (JSON Schema of the scenario format) and `init` (starter scenarios): editor support and scaffolding. */
function addScaffoldingCommands(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of the scenario format (for editors: YAML language server; see docs/scenario-format.md)')
    .action(async () => {
      process.exitCode = (await import('./schema-command.js')).schemaCommand();
    });

  program
    .command('init')
    .description(`write a commented starter scenario (templates: ${INIT_TEMPLATE_NAMES.join(', ')}); never overwrites a file`)
    .argument('[template]', `starter template: ${INIT_TEMPLATE_NAMES.join(', ')}`, INIT_TEMPLATE_NAMES[0])
    .option('-o, --out <file>', 'file to write', 'scenario.yaml')
    .action(async (template: string, opts: { out: string }) => {
      process.exitCode = (await import('./init-command.js')).initCommand(template, { out: opts.out, quiet: program.opts().quiet });
    });
}

/** Entry point: parses argv, maps every failure to an exit code (2 = bad input or usage). */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    return (await import('./errors.js')).reportError(err, argv.includes('--debug'));
  }
}

const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

/**
 * Process-level behaviour of the command-line tool: a closed stdout/stderr pipe (`| head -1`) ends the process
 * quietly; SIGINT/SIGTERM remove this process's temporary files and staging directories, show the terminal
 * cursor again (the progress bar hides it) and exit 130/143 (128 + signal number, as shells do).
 */
export function installProcessHandlers(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(signal, () => {
      // write-atomic is loaded (from the module cache) only here: a process that wrote nothing has nothing to remove.
      void import('../report/write-atomic.js')
        .then((m) => m.removeTemporaries(), () => undefined)
        .finally(() => {
          if (process.stderr.isTTY) process.stderr.write('\x1b[?25h\n');
          process.exit(code);
        });
    });
  }
}

if (invokedDirectly) {
  installProcessHandlers();
  main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
