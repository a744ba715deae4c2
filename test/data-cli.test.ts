/**
 * The data section end to end through the CLI (dist): results.json carries `data`, the data distributions
 * and an evaluated rpo_max SLO; report.md has the data section; and the exact Poisson rate interval used for
 * unrecoverable losses.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { poissonRateEstimate } from '../src/data/aggregate.js';
import { faultline } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-data-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('faultline run with data durability', () => {
  it('writes the data section, distributions, the rpo_max check and the report section', () => {
    const out = join(tmp, 'async');
    const r = faultline(['run', 'scenarios/async-replica.yaml', '--replications', '50', '--out', out]);
    expect(r.stderr).toBe('');
    expect([0, 3]).toContain(r.code);
    expect(r.stdout).toMatch(/accounts\s+\S+/);
    const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(doc.data.datastores[0].name).toBe('accounts');
    expect(doc.data.datastores[0].incidents).toBeGreaterThan(0);
    expect(doc.distributions['data.rpo[accounts]'].count).toBe(doc.data.datastores[0].rpo.count);
    expect(doc.distributions['data.rto[accounts]'].quantiles).toHaveLength(101);
    const rpo = doc.slo.find((c: { objective: string }) => c.objective === 'rpo_max');
    expect(rpo.status).not.toBe('not-evaluated');
    // rpo_max is checked against the largest loss per incident (none when a loss was unrecoverable).
    const ds = doc.data.datastores[0];
    const unrecoverable = ds.rpoByCause.reduce((s: number, c: { unrecoverable: number }) => s + c.unrecoverable, 0);
    expect(rpo.measured).toBe(unrecoverable > 0 ? null : ds.worstLoss);
    expect(ds.rpoObjective.target).toBe(86400);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('## Data durability');
    expect(md).toContain('Data loss by incident cause');
    expect(md).toContain('rpo\\_replica\\_mean\\[accounts\\]');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<h2 id="data">Data durability</h2>');
    expect(html).toContain('<td>rpo_replica_mean[accounts]</td>');
    expect(html).toContain('Data loss by incident cause');
    expect(r.stdout).toMatch(/loss by cause/);
  });

  it('streams get their own table and distributions', () => {
    const out = join(tmp, 'stream');
    const r = faultline(['run', 'scenarios/stream-checkpoints.yaml', '--replications', '20', '--out', out, '--json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.data.streams[0].failures).toBeGreaterThan(0);
    expect(doc.distributions['stream.recovery_time[clickstream-enrichment]'].count).toBeGreaterThan(0);
    expect(doc.data.comparison.map((c: { metric: string }) => c.metric)).toEqual([
      'duplicates_per_failure[clickstream-enrichment]',
      'recovery_time_mean[clickstream-enrichment]',
    ]);
  });
});

describe('unrecoverable-loss rate', () => {
  it('Garwood interval: no event in 100 years gives [0, 3.689/100] per year', () => {
    const e = poissonRateEstimate(0, 100, 100);
    expect(e.estimate).toBe(0);
    expect(e.ci95![1]).toBeCloseTo(3.6888794541 / 100, 8);
  });
  it('Garwood interval for 10 events: [4.795, 18.39] / exposure', () => {
    const e = poissonRateEstimate(10, 1, 1);
    expect(e.ci95![0]).toBeCloseTo(4.795389, 5);
    expect(e.ci95![1]).toBeCloseTo(18.390356, 5);
  });
});
