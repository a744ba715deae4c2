/**
 * `faultline run --shard i/n` (compute one shard, write shard-<i>-of-<n>.json) and `faultline merge`
 * (combine every shard of a run into the results.json and report.md a single run would write). The
 * sharding rules are in src/run/shard.ts; docs/scaling.md explains them for users.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../report/write-atomic.js';
import { runReplicationRange } from '../run/parallel-runner.js';
import { applyOverrides } from '../run/runner.js';
import { buildShard, mergeShards, parseShard, ShardError, shardFileName, shardRange, stringifyShard } from '../run/shard.js';
import { readScenarioFile } from '../scenario/load.js';
import { parseScenario } from '../scenario-document/load.js';
import { EXIT_USAGE, reportError } from './errors.js';
import { createProgress } from './progress.js';
import { defaultOutDir, writeRunResults, type RunCommandOptions } from './run-command.js';

function failure(err: unknown, debug: boolean): number {
  if (err instanceof ShardError) {
    process.stderr.write(`faultline: ${err.message}\n`);
    return EXIT_USAGE;
  }
  return reportError(err, debug);
}

/**
 * Runs shard `opts.shard` of a scenario and writes `<out>/shard-<i>-of-<n>.json` atomically.
 * @returns 0, 2 for bad input, 1 for internal errors.
 */
export async function runShardCommand(file: string, opts: RunCommandOptions): Promise<number> {
  const spec = opts.shard as NonNullable<RunCommandOptions['shard']>;
  try {
    const source = readScenarioFile(file);
    const scenario = applyOverrides(parseScenario(source, file), { seed: opts.seed, replications: opts.replications, targetHalfWidth: opts.targetHalfWidth });
    const range = shardRange(scenario.plan.replications, spec);
    const progress = createProgress(opts.progress !== false);
    const started = Date.now();
    let outputs;
    try {
      ({ outputs } = await runReplicationRange(scenario, range, { workers: opts.workers, onProgress: progress.update }));
    } finally {
      progress.stop();
    }
    const wall = (Date.now() - started) / 1000;
    const out = join(opts.out ?? defaultOutDir(file), shardFileName(spec));
    writeFileAtomic(out, stringifyShard(buildShard(scenario, source, spec, outputs)));
    const which = range.end > range.start ? `replications ${range.start}..${range.end - 1}` : 'no replications';
    const events = outputs.reduce((s, o) => s + o.stats.events, 0);
    process.stdout.write(`wrote ${out}: shard ${spec.index}/${spec.count}, ${which} of ${scenario.plan.replications} (${wall.toFixed(1)} s, ${Math.round(events / Math.max(wall, 1e-3)).toLocaleString('en-US')} events/s)\n`);
    if (scenario.plan.targetHalfWidth !== null) {
      process.stdout.write(`note: the precision target is applied by faultline merge (shards compute every planned replication)\n`);
    }
    return 0;
  } catch (err) {
    return failure(err, Boolean(opts.debug));
  }
}

/** Shard files named on the command line; a directory stands for its shard-*-of-*.json files. */
function shardPaths(args: string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    let isDir = false;
    try {
      isDir = statSync(a).isDirectory();
    } catch {
      throw new ShardError(`${a}: no such shard file`);
    }
    if (!isDir) out.push(a);
    else {
      const found = readdirSync(a).filter((n) => /^shard-\d+-of-\d+\.json$/.test(n)).sort((x, y) => x.localeCompare(y, 'en', { numeric: true }));
      if (found.length === 0) throw new ShardError(`${a}: directory holds no shard-<i>-of-<n>.json files`);
      out.push(...found.map((n) => join(a, n)));
    }
  }
  return out;
}

/**
 * `faultline merge`: validates the shard files, rebuilds the run and writes results.json + report.md
 * (byte-identical to a single `faultline run` with the same seed and replications).
 * @returns 0, 3 when an SLO is violated, 2 for bad or mismatched shards, 1 for internal errors.
 */
export async function mergeCommand(files: string[], opts: RunCommandOptions): Promise<number> {
  try {
    const paths = shardPaths(files);
    const shards = paths.map((p) => parseShard(readFileSync(p, 'utf8'), p));
    const started = Date.now();
    const run = await mergeShards(shards, paths);
    const wall = (Date.now() - started) / 1000;
    return await writeRunResults(run.scenario.file, run, opts, wall);
  } catch (err) {
    return failure(err, Boolean(opts.debug));
  }
}
