/**
 * Sharding a run over machines: `faultline run --shard i/n` computes a fixed, contiguous block of the
 * planned replication indices and writes their raw ReplicationStats to a shard file; `faultline merge`
 * checks that the shard files belong together and rebuilds the run exactly as a single `faultline run`
 * with the same seed and replications would have produced it (same stopping batch, same bytes).
 *
 * Shard i of n holds replications [floor(i N / n), floor((i + 1) N / n)) of the N planned ones. Every
 * replication's numbers depend only on (scenario, seed, index), so the split changes nothing but the speed.
 * A precision target cannot be decided inside a shard (it needs every earlier replication), so each shard
 * computes its whole block and `merge` applies the stopping rule batch by batch over the merged
 * replications, discarding those after the stop point: the result equals the single run's.
 */
import { createHash } from 'node:crypto';
import type { ReplicationStats } from '../observe/replication-stats.js';
import type { TimelineEntry } from '../observe/timeline.js';
import { Accumulator } from '../results/aggregate.js';
import { toolVersion } from '../results/document.js';
import { parseScenario } from '../scenario-document/load.js';
import { firstIssue, shardFileSchema } from './shard-schema.js';
import type { Scenario } from '../scenario/types.js';
import { driveBatches, type Range } from './batches.js';
import type { ReplicationOutput } from './replication.js';
import { applyOverrides, type RunOutput } from './runner.js';
import { InputError } from '../scenario/errors.js';
import { readShardSpec, type ShardSpec } from './shard-spec.js';

/** Identifier of the shard file format (docs/scaling.md). */
export const SHARD_SCHEMA = 'faultline.shard/v1';

/** One shard's file: enough to check it against its siblings and to rebuild the run without the scenario file. */
export interface ShardFile {
  schema: typeof SHARD_SCHEMA;
  tool: { name: 'faultline'; version: string };
  scenario: {
    /** The scenario path as given to `run` (it appears in the results and the replay command). */
    file: string;
    /** sha256 of the normalized scenario with seed and plan overrides applied. */
    hash: string;
    /** The scenario file's text, so `merge` needs no access to it. */
    source: string;
  };
  seed: number;
  plannedReplications: number;
  targetHalfWidth: number | null;
  shard: ShardSpec & { assignment: 'contiguous'; start: number; end: number };
  timelineReplication: number;
  /** Raw per-replication statistics, replications start..end-1 in order. */
  replications: ReplicationStats[];
  /** sha256 of the exact serialization of `replications` and `timeline` (integrity: edits are detected). */
  replicationsHash: string;
  timeline: { replication: number; entries: TimelineEntry[]; truncated: boolean } | null;
}

export type { ShardSpec } from './shard-spec.js';

/** A problem with shard specs or shard files (the CLI exits 2). */
export class ShardError extends InputError {
  override name = 'ShardError';
}

/**
 * Parses `i/n` (0 <= i < n, integers).
 * @throws ShardError with the expected syntax.
 */
export function parseShardSpec(text: string): ShardSpec {
  const spec = readShardSpec(text);
  if (typeof spec === 'string') throw new ShardError(spec);
  return spec;
}

/** The contiguous block of replication indices of shard `index` of `count`, out of `replications`. */
export function shardRange(replications: number, { index, count }: ShardSpec): Range {
  return { start: Math.floor((index * replications) / count), end: Math.floor(((index + 1) * replications) / count) };
}

/** The conventional shard file name: shard-<i>-of-<n>.json. */
export function shardFileName({ index, count }: ShardSpec): string {
  return `shard-${index}-of-${count}.json`;
}

/**
 * sha256 (hex) of a normalized scenario (overrides applied). The run-time event budget (`plan.eventBudget`,
 * set by the work guard of the command that runs it) is not part of the scenario: `merge` re-reads the
 * embedded source without it.
 */
export function scenarioHash(scenario: Scenario): string {
  const { eventBudget: _budget, ...plan } = scenario.plan;
  return createHash('sha256').update(JSON.stringify({ ...scenario, plan })).digest('hex');
}

/** Builds a shard file from its replications' outputs (in order). */
export function buildShard(scenario: Scenario, source: string, spec: ShardSpec, outputs: ReplicationOutput[], timelineReplication = 0): ShardFile {
  const range = shardRange(scenario.plan.replications, spec);
  let timeline: ShardFile['timeline'] = null;
  for (const o of outputs) if (o.timeline) timeline = { replication: o.stats.replication, ...o.timeline };
  return {
    schema: SHARD_SCHEMA,
    tool: { name: 'faultline', version: toolVersion() },
    scenario: { file: scenario.file, hash: scenarioHash(scenario), source },
    seed: scenario.seed,
    plannedReplications: scenario.plan.replications,
    targetHalfWidth: scenario.plan.targetHalfWidth,
    shard: { ...spec, assignment: 'contiguous', ...range },
    timelineReplication,
    replications: outputs.map((o) => o.stats),
    replicationsHash: replicationsHash(outputs.map((o) => o.stats), timeline),
    timeline,
  };
}

/** sha256 (hex) of the exact shard serialization of a shard's replications and timeline. */
export function replicationsHash(replications: readonly ReplicationStats[], timeline: ShardFile['timeline']): string {
  return createHash('sha256').update(exactJson({ replications, timeline })).digest('hex');
}

/*
 * Numbers must survive the trip through JSON bit for bit: finite numbers do (shortest round-trip
 * formatting); -0, Infinity and NaN are written as {"$number": "-0" | "Infinity" | "-Infinity" | "NaN"}.
 */
const SPECIAL = '$number';

/** JSON with every number exact (see SPECIAL). */
function exactJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v !== 'number' || (Number.isFinite(v) && !Object.is(v, -0))) return v;
    return { [SPECIAL]: Object.is(v, -0) ? '-0' : String(v) };
  });
}

/** Serializes a shard file (exact for every number). */
export function stringifyShard(shard: ShardFile): string {
  return exactJson(shard) + '\n';
}

/**
 * Parses JSON written by `exactJson`/`stringifyShard`, restoring every number bit for bit (no validation).
 * @throws ShardError when the text is not JSON.
 */
export function parseExactJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text, (_k, v: unknown) => {
      if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && SPECIAL in v) return Number((v as Record<string, string>)[SPECIAL]);
      return v;
    });
  } catch (e) {
    throw new ShardError(`${name}: not a JSON shard file (${(e as Error).message})`);
  }
}

/** Most shards a run may be split into (docs/limits.md); never more than its replications. */
export const MAX_SHARDS = 100_000;

/**
 * Parses a shard file's text.
 * @throws ShardError when it is not JSON or not a faultline shard file.
 */
export function parseShard(text: string, name: string): ShardFile {
  const data = parseExactJson(text, name);
  const s = data as Partial<ShardFile> | null;
  if (!s || typeof s !== 'object' || s.schema !== SHARD_SCHEMA) {
    throw new ShardError(`${name}: not a faultline shard file (expected "schema": "${SHARD_SCHEMA}", written by faultline run --shard i/n)`);
  }
  const checked = shardFileSchema.safeParse(data);
  if (!checked.success) throw new ShardError(`${name}: malformed shard file at ${firstIssue(checked.error)}`);
  const shard = data as ShardFile;
  const { index, count, start, end } = shard.shard;
  if (count > Math.min(MAX_SHARDS, shard.plannedReplications) && count > 1) {
    throw new ShardError(`${name}: malformed shard file at shard.count: ${count} shards for ${shard.plannedReplications} replications (at most one shard per replication and ${MAX_SHARDS.toLocaleString('en-US')} in all)`);
  }
  if (index >= count) throw new ShardError(`${name}: malformed shard file at shard.index: ${index} is not below shard.count ${count}`);
  if (start > end || end > shard.plannedReplications) throw new ShardError(`${name}: malformed shard file at shard.end: replications ${start}..${end - 1} are outside 0..${shard.plannedReplications - 1}`);
  if (replicationsHash(shard.replications, shard.timeline) !== shard.replicationsHash) {
    throw new ShardError(`${name}: the per-replication data do not match the shard's integrity hash (replicationsHash): the file was edited or damaged; re-run this shard`);
  }
  return shard;
}

/**
 * Checks that `shards` are all the shards of one run, each exactly once, and rebuilds that run: the
 * scenario from the embedded source (its hash must match), the replications in order, the stopping rule
 * applied batch by batch as in a single run.
 * @param names file names for messages (same order as `shards`)
 * @throws ShardError on any mismatch (different scenario, seed, replications, shard count or tool version;
 *   duplicate, missing or inconsistent shards).
 */
export async function mergeShards(shards: ShardFile[], names: string[], onProgress?: (done: number, total: number) => void): Promise<RunOutput> {
  if (shards.length === 0) throw new ShardError('no shard files given');
  const first = shards[0];
  const same = <T>(label: string, get: (s: ShardFile) => T, show: (v: T) => string = String) => {
    shards.forEach((s, i) => {
      if (get(s) !== get(first)) {
        throw new ShardError(`${names[i]} does not belong with ${names[0]}: different ${label} (${show(get(s))} vs ${show(get(first))})`);
      }
    });
  };
  same('faultline version', (s) => s.tool.version);
  same('seed', (s) => s.seed);
  same('planned replications', (s) => s.plannedReplications);
  same('precision target', (s) => s.targetHalfWidth);
  same('shard count', (s) => s.shard.count);
  same('scenario file', (s) => s.scenario.file, (f) => JSON.stringify(f));
  same('scenario (content hash)', (s) => s.scenario.hash, (h) => h.slice(0, 12));
  same('timeline replication', (s) => s.timelineReplication);
  if (first.tool.version !== toolVersion()) {
    throw new ShardError(`${names[0]} was written by faultline ${first.tool.version}; merge with the same version (this is ${toolVersion()})`);
  }
  const count = first.shard.count;
  const byIndex = new Map<number, number>();
  shards.forEach((s, i) => {
    const prev = byIndex.get(s.shard.index);
    if (prev !== undefined) throw new ShardError(`shard ${s.shard.index}/${count} given twice: ${names[prev]} and ${names[i]}`);
    byIndex.set(s.shard.index, i);
  });
  const missing: number[] = [];
  for (let i = 0; i < count; i++) if (!byIndex.has(i)) missing.push(i);
  if (missing.length) {
    throw new ShardError(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} (expected every shard 0..${count - 1} of ${count} exactly once; got ${shards.length} file${shards.length > 1 ? 's' : ''})`);
  }

  let scenario = parseScenario(first.scenario.source, first.scenario.file);
  scenario = applyOverrides(scenario, { seed: first.seed, replications: first.plannedReplications, targetHalfWidth: first.targetHalfWidth });
  if (scenarioHash(scenario) !== first.scenario.hash) {
    throw new ShardError(`${names[0]}: the embedded scenario does not match its hash (file edited, or written by another faultline build)`);
  }

  // Checked shard by shard before anything is allocated: the replications present bound the run's size.
  const stats: ReplicationStats[] = [];
  let timeline: ShardFile['timeline'] = null;
  for (let i = 0; i < count; i++) {
    const k = byIndex.get(i) as number;
    const s = shards[k];
    const expected = shardRange(first.plannedReplications, { index: i, count });
    if (s.shard.start !== expected.start || s.shard.end !== expected.end || s.replications.length !== expected.end - expected.start) {
      throw new ShardError(`${names[k]}: shard ${i}/${count} should hold replications ${expected.start}..${expected.end - 1}, it holds ${s.replications.length} (${s.shard.start}..${s.shard.end - 1})`);
    }
    s.replications.forEach((r, j) => {
      if (r.replication !== expected.start + j) throw new ShardError(`${names[k]}: replication ${expected.start + j} expected at position ${j}, found ${r.replication}`);
      if (r.instanceDowntime.length !== scenario.instances.length) {
        throw new ShardError(`${names[k]}: malformed shard file at replications[${j}].instanceDowntime: expected ${scenario.instances.length} instances, got ${r.instanceDowntime.length}`);
      }
      const window = scenario.horizon - scenario.warmup;
      if (Math.abs(r.window - window) > 1e-9 * window) {
        throw new ShardError(`${names[k]}: malformed shard file at replications[${j}].window: expected the observation window ${window}, got ${r.window}`);
      }
      stats.push(r);
    });
    if (s.timeline) timeline = s.timeline;
  }

  const acc = new Accumulator(scenario);
  const { stoppedBy, done } = await driveBatches(scenario, acc, (b) => stats.slice(b.start, b.end).map((st) => ({ stats: st })), onProgress);
  // The single run records the timeline replication only if it ran it (before the stop).
  const tl = timeline && timeline.replication < done ? timeline : null;
  return { scenario, accumulator: acc, stoppedBy, timeline: tl };
}
