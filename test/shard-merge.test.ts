/**
 * Sharded runs: shards 0..n-1 of a run, merged, must give the results.json and report.md of a single run
 * with the same seed and replications, byte for byte; bad shard sets are refused with exit 2.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExactJson, parseShard, parseShardSpec, shardRange, stringifyShard, type ShardFile } from '../src/run/shard.js';
import { faultline } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-shard-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const PRECISION_SCENARIO = `${readFileSync('scenarios/validation/parallel-1-crew.yaml', 'utf8')}
precision: { availability_half_width: 0.0007, min_replications: 100 }
`;
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');

describe('shard ranges', () => {
  it('splits the replications into contiguous blocks covering each index exactly once', () => {
    for (const [n, count] of [[700, 3], [10, 4], [5, 8], [1, 1]]) {
      const seen: number[] = [];
      for (let i = 0; i < count; i++) {
        const r = shardRange(n, { index: i, count });
        for (let k = r.start; k < r.end; k++) seen.push(k);
      }
      expect(seen).toEqual(Array.from({ length: n }, (_, k) => k));
    }
  });

  it('parses i/n and refuses anything else', () => {
    expect(parseShardSpec('2/8')).toEqual({ index: 2, count: 8 });
    for (const bad of ['3/3', '1/0', 'a/b', '1', '-1/3', '1/3/4']) expect(() => parseShardSpec(bad)).toThrow(/shard/);
  });
});

describe('shard files', () => {
  it('round-trip every number exactly, including -0, Infinity and NaN', () => {
    const values = [0.1 + 0.2, 1 / 3, 5e-324, 1.7976931348623157e308, -0, Infinity, -Infinity, NaN, 0];
    const shard = { schema: 'faultline.shard/v1', shard: { index: 0, count: 1 }, scenario: { source: '' }, replications: [{ replication: 0, x: values }] };
    const back = parseExactJson(stringifyShard(shard as unknown as ShardFile), 'mem') as { replications: { x: number[] }[] };
    back.replications[0].x.forEach((v, i) => expect(Object.is(v, values[i])).toBe(true));
  });
});

describe('faultline run --shard + faultline merge', () => {
  const shardDir = join(tmp, 'shards');
  const seed = ['--seed', '11', '--replications', '260'];
  beforeAll(() => {
    for (let i = 0; i < 3; i++) {
      const r = faultline(['run', 'scenarios/multi-az.yaml', ...seed, '--shard', `${i}/3`, '--out', shardDir, '--workers', i === 1 ? '2' : '1']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`shard-${i}-of-3.json`);
    }
  });

  it('merges shards 0/3, 1/3, 2/3 into the single run\'s results.json and report.md, byte for byte', () => {
    const single = join(tmp, 'single'), merged = join(tmp, 'merged');
    const a = faultline(['run', 'scenarios/multi-az.yaml', ...seed, '--out', single]);
    const b = faultline(['merge', join(shardDir, 'shard-2-of-3.json'), join(shardDir, 'shard-0-of-3.json'), join(shardDir, 'shard-1-of-3.json'), '--out', merged]);
    expect(b.stderr).toBe('');
    expect(b.code).toBe(a.code);
    expect(read(merged, 'results.json')).toBe(read(single, 'results.json'));
    expect(read(merged, 'report.md')).toBe(read(single, 'report.md'));
    expect(read(merged, 'report.html')).toBe(read(single, 'report.html'));
    expect(JSON.parse(read(merged, 'results.json')).run.replay).toBe('npx faultline run "scenarios/multi-az.yaml" --seed 11 --replications 260');
  });

  it('accepts a directory of shard files', () => {
    const merged = join(tmp, 'merged-dir');
    const r = faultline(['merge', shardDir, '--out', merged]);
    expect(r.stderr).toBe('');
    expect(read(merged, 'results.json')).toBe(read(join(tmp, 'merged'), 'results.json'));
  });

  it('applies the precision target at merge time: same stop batch as the single run', () => {
    const file = join(tmp, 'precision.yaml');
    writeFileSync(file, PRECISION_SCENARIO);
    const dir = join(tmp, 'pshards');
    for (let i = 0; i < 2; i++) expect(faultline(['run', file, '--replications', '1000', '--shard', `${i}/2`, '--out', dir]).code).toBe(0);
    const single = join(tmp, 'psingle'), merged = join(tmp, 'pmerged');
    faultline(['run', file, '--replications', '1000', '--out', single]);
    const r = faultline(['merge', dir, '--out', merged]);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(read(merged, 'results.json'));
    expect(doc.run.stoppedBy).toBe('precision');
    expect(doc.run.replications).toBeLessThan(1000);
    expect(read(merged, 'results.json')).toBe(read(single, 'results.json'));
  });

  it('refuses a missing shard (exit 2, names it)', () => {
    const r = faultline(['merge', join(shardDir, 'shard-0-of-3.json'), join(shardDir, 'shard-2-of-3.json'), '--out', join(tmp, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing shard 1/3');
  });

  it('refuses a duplicate shard (exit 2)', () => {
    const s0 = join(shardDir, 'shard-0-of-3.json');
    const r = faultline(['merge', s0, s0, join(shardDir, 'shard-1-of-3.json'), join(shardDir, 'shard-2-of-3.json'), '--out', join(tmp, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('shard 0/3 given twice');
  });

  it('refuses shards of runs with different seeds (exit 2)', () => {
    const other = join(tmp, 'other-seed');
    expect(faultline(['run', 'scenarios/multi-az.yaml', '--seed', '12', '--replications', '260', '--shard', '1/3', '--out', other]).code).toBe(0);
    const r = faultline(['merge', join(shardDir, 'shard-0-of-3.json'), join(other, 'shard-1-of-3.json'), join(shardDir, 'shard-2-of-3.json'), '--out', join(tmp, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/other-seed\/shard-1-of-3\.json does not belong with .*shard-0-of-3\.json: different seed \(12 vs 11\)/);
  });

  it('refuses shards of a different scenario (exit 2)', () => {
    const other = join(tmp, 'other-scenario');
    expect(faultline(['run', 'scenarios/single-az.yaml', ...seed, '--shard', '1/3', '--out', other]).code).toBe(0);
    const r = faultline(['merge', join(shardDir, 'shard-0-of-3.json'), join(other, 'shard-1-of-3.json'), join(shardDir, 'shard-2-of-3.json'), '--out', join(tmp, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('different scenario file ("scenarios/single-az.yaml" vs "scenarios/multi-az.yaml")');
  });

  it('refuses a file that is not a shard (exit 2)', () => {
    const bogus = join(tmp, 'bogus.json');
    writeFileSync(bogus, '{"schema":"faultline.results/v1"}');
    const r = faultline(['merge', bogus, '--out', join(tmp, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a faultline shard file');
  });

  it.each(['3/3', '1/0', 'x', '1/2/3'])('refuses --shard %s with exit 2 and the expected syntax', (spec) => {
    const r = faultline(['run', 'scenarios/multi-az.yaml', '--shard', spec, '--out', join(tmp, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/shard/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });
});
