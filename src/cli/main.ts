#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCommand } from './run-command.js';
import { parseFormatList, REPORT_FORMATS, reportCommand } from './report-command.js';
import { validateCommand, analyzeCommand } from './validate-command.js';
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
    .description('simulate a scenario and write results.json + report.md + report.html')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('-s, --seed <n>', 'master seed (default: the scenario\'s)', integer(0))
    .option('-r, --replications <n>', 'replications (default: the scenario\'s)', integer(1))
    .option('--target-half-width <p>', 'stop once the availability 95% CI half-width is at most p (e.g. 0.0001)', positiveNumber)
    .option('-o, --out <dir>', 'output directory (default: reports/<scenario name>)')
    .option('--json', 'print the results JSON on stdout instead of the table')
    .option('--no-progress', 'never show the progress bar')
    .option('--no-analytic', 'skip the analytic expectations')
    .option('--charts <formats>', 'also write the charts as images into <out>/charts: svg, png or svg,png', parseFormatList(['svg', 'png'] as const))
    .action(async (file: string, opts) => {
      process.exitCode = await runCommand(file, { ...opts, debug: program.opts().debug });
    });

  program
    .command('report')
    .description('re-render reports from a results.json (or a comparison JSON) alone')
    .argument('<results>', 'results.json written by faultline run (or a comparison JSON from faultline compare)')
    .option('-o, --out <dir>', 'output directory (default: the directory of <results>)')
    .option('-f, --format <formats>', `comma-separated: ${REPORT_FORMATS.join(', ')} (default html,md)`, parseFormatList(REPORT_FORMATS))
    .action(async (file: string, opts: { out?: string; format?: (typeof REPORT_FORMATS)[number][] }) => {
      process.exitCode = await reportCommand(file, { ...opts, debug: program.opts().debug });
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
