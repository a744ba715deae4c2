/**
 * Bad input through the real CLI: each malformed scenario must exit 2 with `file:line:col: at <path>:`,
 * what was expected, and no stack trace. (The loader tests check each message's exact position; this
 * checks the path from file to exit code.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { faultline } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ok = 'name: x\nhorizon: 1y\n';
const comp = "components: { a: { failure: { exponential: { mtbf: 100h } }, repair: { fixed: 1h } } }\n";
// [label, file content, line, column, scenario path]
const cases: [string, string, number, number, string][] = [
  ['yaml syntax', 'name: x\nhorizon: [1y\n', 3, 1, ''],
  ['missing horizon', 'name: x\n' + comp, 1, 1, ''],
  ['bad duration unit', 'name: x\nhorizon: 5 parsecs\n' + comp, 2, 10, 'horizon'],
  ['negative mtbf', ok + 'components: { a: { failure: { exponential: { mtbf: -5h } }, repair: none } }\n', 3, 52, 'components.a.failure.exponential.mtbf'],
  ['unknown law', ok + 'components: { a: { failure: { gamma: { k: 2 } }, repair: none } }\n', 3, 31, 'components.a.failure'],
  ['typo in key', ok + 'replicatons: 5\n' + comp, 3, 1, 'replicatons'],
  ['p95 below median', ok + 'components: { a: { failure: none, repair: { lognormal: { median: 2h, p95: 1h } } } }\n', 3, 0, 'components.a.repair.lognormal'],
  ['unknown component in system', ok + comp + 'system: { series: [a, b] }\n', 4, 23, 'system.series[1]'],
  ['k above n', ok + comp + 'system: { k_of_n: { k: 3, of: a } }\n', 4, 0, 'system.k_of_n.k'],
  ['unknown crew', ok + "components: { a: { failure: none, repair: none, crew: ops } }\n", 3, 0, 'components.a.crew'],
  ['fault with at and rate', ok + comp + 'faults: [ { kind: crash, target: a, at: 1d, rate: 1/y, duration: 1h } ]\n', 4, 0, 'faults[0]'],
  ['unknown zone', ok + comp + 'faults: [ { kind: zone-outage, zone: z, at: 1d, duration: 1h } ]\n', 4, 0, 'faults[0].zone'],
  ['probability above 100%', ok + "components: { p: { failure: none, repair: none }, s: { failure: none, repair: none } }\nsystem: { standby: { primary: p, spare: s, switch_success: 150% } }\n", 4, 0, 'system.standby.switch_success'],
  ['zero replications', ok + 'replications: 0\n' + comp, 3, 15, 'replications'],
  ['warmup past horizon', ok + 'warmup: 2y\n' + comp, 3, 0, 'warmup'],
  ['count is a string', ok + "components: { a: { count: three, failure: none, repair: none } }\n", 3, 0, 'components.a.count'],
];

describe('faultline validate on malformed scenarios', () => {
  it.each(cases)('%s: exit 2 with file:line:col and the path', (label, text, line, column, path) => {
    const file = join(dir, `${label.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, text);
    const r = faultline(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const first = r.stderr.split('\n')[0];
    const pos = column > 0 ? `${line}:${column}` : `${line}:\\d+`;
    const where = path === '' ? '' : ` at ${path.replace(/[.[\]]/g, '\\$&')}`;
    expect(first).toMatch(new RegExp(`^${file.replace(/[.[\]/\\-]/g, '\\$&')}:${pos}:${where}`));
    expect(r.stderr).toContain('expected');
    expect(r.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
  });
});
