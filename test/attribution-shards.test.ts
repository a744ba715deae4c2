/** Attribution statistics survive shard files: `run --shard` + `merge` give the single run's bytes. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultline } from './helpers/cli.js';

describe('attribution with shards', () => {
  it('merging shards 0/2 and 1/2 reproduces the single run, attribution section included', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'fl-attr-'));
    const args = ['scenarios/downtime-attribution.yaml', '--seed', '7', '--replications', '40', '--workers', '1'];
    for (let i = 0; i < 2; i++) expect(faultline(['run', ...args, '--shard', `${i}/2`, '--out', join(tmp, 'shards')]).code).toBe(0);
    expect(faultline(['run', ...args, '--out', join(tmp, 'single')]).code).toBe(0);
    const m = faultline(['merge', join(tmp, 'shards'), '--out', join(tmp, 'merged')]);
    expect(m.stderr).toBe('');
    const single = readFileSync(join(tmp, 'single', 'results.json'), 'utf8');
    expect(JSON.parse(single).attribution.outages).toBeGreaterThan(0);
    expect(readFileSync(join(tmp, 'merged', 'results.json'), 'utf8')).toBe(single);
  });
});
