/**
 * Terminal tables fit a 120-column terminal (issue 16): the comparison summary, with long variant names and
 * long override paths, clips names and change lists rather than overflowing.
 */
import { describe, expect, it } from 'vitest';
import { fitColumns, renderComparisonTerminal, TERMINAL_WIDTH } from '../src/report/compare-terminal.js';
import { alignColumns } from '../src/report/terminal.js';
import { sweepComparison } from './helpers/report-fixtures.js';

const width = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

describe('comparison terminal table', () => {
  it('is at most 120 columns wide, with long variant names, and lists every variant once', () => {
    const long = ['a-variant-with-a-really-quite-long-name-that-goes-on-and-on', 'baseline-with-a-long-name-too-for-good-measure-and-more', 'x'];
    const doc = sweepComparison(60, long);
    const text = renderComparisonTerminal(doc);
    const lines = text.split('\n').filter((l) => !l.startsWith('replay: '));
    expect(width(lines.join('\n'))).toBeLessThanOrEqual(TERMINAL_WIDTH);
    const table = lines.slice(2, 2 + 2 + doc.variants.length);
    expect(table[0]).toMatch(/^variant\s+availability ±95% CI\s+Δ availability\s+verdict\s+Δ downtime\/year\s+SLOs$/);
    expect(table.slice(2).map((l) => l.split(/\s{2,}/)[0])).toEqual(['a-variant-with-a-really-quite-long-name-that-goes-on-and-on'.slice(0, table[2].split(/\s{2,}/)[0].length - 3) + '...', expect.stringMatching(/\(baseline\)$|\.\.\.$/), 'x']);
  });

  it('shows each paired difference as estimate ± the 95% CI half-width', () => {
    const doc = sweepComparison(60);
    const d = doc.differences.find((x) => x.variant === 'mttr-20h' && x.metric === 'availability')!;
    const line = renderComparisonTerminal(doc).split('\n').find((l) => l.startsWith('mttr-20h'))!;
    const hw = Number((d.difference.halfWidth! * 100).toPrecision(3));
    expect(line).toContain(`±${hw} pp`);
    expect(line).toMatch(/ worse /); // a longer repair is worse for availability (the whole CI is below 0)
  });
});

describe('fitColumns', () => {
  it('clips the chosen column so the aligned table fits, and leaves narrow tables alone', () => {
    const rows = [['name', 'value'], ['x'.repeat(50), '1'], ['y', '2']];
    expect(fitColumns(rows, 80)).toBe(rows);
    const fitted = fitColumns(rows, 30);
    expect(width(alignColumns(fitted))).toBe(30);
    expect(fitted[1][0]).toBe('x'.repeat(20) + '...');
  });
});
