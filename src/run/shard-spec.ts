/** `--shard i/n` parsing, kept apart from src/run/shard.ts so the command line parses it without loading the simulator. */

/** Shard i of n (0-based). */
export interface ShardSpec {
  index: number;
  count: number;
}

/** A problem with shard specs or shard files (the CLI exits 2). */
export class ShardError extends Error {
  override name = 'ShardError';
}

/**
 * Parses `i/n` (0 <= i < n, integers).
 * @throws ShardError with the expected syntax.
 */
export function parseShardSpec(text: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new ShardError(`expected a shard as i/n (e.g. 0/4, shards numbered from 0), got "${text}"`);
  const index = Number(m[1]), count = Number(m[2]);
  if (!Number.isSafeInteger(count) || count < 1) throw new ShardError(`the shard count n in "${text}" must be an integer >= 1`);
  if (!Number.isSafeInteger(index) || index >= count) throw new ShardError(`the shard index i in "${text}" must be in 0..${count - 1} (shards are numbered from 0)`);
  return { index, count };
}

