/**
 * Issue 11 item 14: the compare terminal table shows the request success ratio and its paired difference,
 * the same values comparison.json (and comparison.md) carry.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ComparisonDocument } from '../src/compare/document.js';
import { formatDifference } from '../src/report/comparison-format.js';
import { formatPercentEstimate } from '../src/report/format.js';
import { faultline } from './helpers/cli.js';

describe('compare terminal table (item 14)', () => {
  it('has the request success ratio column and its paired difference, as in comparison.json', () => {
    const out = mkdtempSync(join(tmpdir(), 'fl-cmp-'));
    const r = faultline(['compare', 'scenarios/deploy-canary.yaml', 'scenarios/deploy-all-at-once.yaml', '--replications', '4', '--out', out, '--no-progress']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8')) as ComparisonDocument;
    const header = r.stdout.split('\n').find((l) => l.startsWith('variant'));
    expect(header).toMatch(/request success \(95% CI\)/);
    expect(header).toMatch(/Δ request success \(paired\)/);
    for (const v of doc.variants) {
      const line = r.stdout.split('\n').find((l) => l.startsWith(v.name)) as string;
      expect(line).toContain(formatPercentEstimate(v.results.traffic!.requestSuccessRatio));
    }
    const d = doc.differences.find((x) => x.metric === 'request_success_ratio')!;
    expect(r.stdout).toContain(formatDifference(d.unit, d.difference));
  });
});
