/** `--shard i/n` parsing, kept apart from src/run/shard.ts so the command line parses it without loading the simulator. */

/** Shard i of n (0-based). */
export interface ShardSpec {
  index: number;
  count: number;
}

/**
 * Reads `i/n` (0 <= i < n, integers): the spec, or what is wrong with the text (a sentence giving the
 * expected syntax). src/run/shard.ts's parseShardSpec throws it as a ShardError; this module loads nothing else,
 * so the command line checks --shard at start-up.
 */
export function readShardSpec(text: string): ShardSpec | string {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return `expected a shard as i/n (e.g. 0/4, shards numbered from 0), got "${text}"`;
  const index = Number(m[1]), count = Number(m[2]);
  if (!Number.isSafeInteger(count) || count < 1) return `the shard count n in "${text}" must be an integer >= 1`;
  if (!Number.isSafeInteger(index) || index >= count) return `the shard index i in "${text}" must be in 0..${count - 1} (shards are numbered from 0)`;
  return { index, count };
}
