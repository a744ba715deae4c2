#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCommand } from './run-command.js';
import { validateCommand, analyzeCommand } from './validate-command.js';
import { rareCommand } from './rare-command.js';
import { toolVersion } from '../results/document.js';
import { reportError, EXIT_USAGE } from './errors.js';

function integer(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}, got "${value}"`);
    return n;
  };
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
    .showHelpAfterError()
    .exitOverride(); // before the subcommands, which inherit it

  program
    .command('run')
    .description('simulate a scenario and write results.json + report.md')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('-s, --seed <n>', 'master seed (default: the scenario\'s)', integer(0))
    .option('-r, --replications <n>', 'replications (default: the scenario\'s)', integer(1))
    .option('--target-half-width <p>', 'stop once the availability 95% CI half-width is at most p (e.g. 0.0001)', positiveNumber)
    .option('-o, --out <dir>', 'output directory (default: reports/<scenario name>)')
    .option('--json', 'print the results JSON on stdout instead of the table')
    .option('--no-progress', 'never show the progress bar')
    .option('--no-analytic', 'skip the analytic expectations')
    .action(async (file: string, opts) => {
      process.exitCode = await runCommand(file, { ...opts, debug: program.opts().debug });
    });

  program
    .command('validate')
    .description('check a scenario file and print what it describes')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .action((file: string) => {
      process.exitCode = validateCommand(file);
    });

  program
    .command('analyze')
    .description('print the analytic expectations of a scenario (no simulation)')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('--json', 'print JSON')
    .action((file: string, opts: { json?: boolean }) => {
      process.exitCode = analyzeCommand(file, Boolean(opts.json));
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
    .option('-o, --out <dir>', 'write rare.json to this directory')
    .option('--json', 'print the JSON document instead of the summary')
    .action((file: string, opts) => {
      process.exitCode = rareCommand(file, { ...opts, debug: program.opts().debug });
    });
  return program;
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
    return reportError(err, argv.includes('--debug'));
  }
}

const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
