/**
 * The command-line surface of issue 16: bare-number durations rejected with a hint and a location, the SLO
 * key names (outage_duration_p99 and its alias rto_p99), and the CI gate (exit 3 only for a conclusive SLO
 * failure unless --strict).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { faultline } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-surface-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(tmp, name);
  writeFileSync(file, text);
  return file;
}

describe('a duration written as a bare number', () => {
  it('is an error at its file:line:col and path, with the hint to write a unit (exit 2)', () => {
    const file = write('bare.yaml', 'name: x\nhorizon: 1y\ncomponents:\n  a: { failure: { exponential: { mtbf: 8760 } }, repair: { fixed: 1h } }\n');
    const r = faultline(['validate', file]);
    expect(r.code).toBe(2);
    // line 4, column 40 is where `8760` starts
    expect(r.stderr.split('\n')[0]).toBe(
      `${file}:4:40: at components.a.failure.exponential.mtbf: 8760 has no unit: it would be read as seconds (8760 s = 2.43 h); ` +
        'write "8760h" for hours, "8760m" for minutes or "8760s" for seconds; expected a duration with a unit such as "30s", "4h", "30d" ' +
        '(units ms, s, m/min, h, d, w, y; sums like "1h30m"; 0 needs no unit), greater than 0',
    );
    expect(r.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
  });

  it('is refused as a numeric string too, in every duration field, while 0 needs no unit', () => {
    const file = write('bare2.yaml', 'name: x\nhorizon: "3600"\nwarmup: 0\ncomponents:\n  a: { failure: none, repair: none }\nslo: { outage_duration_p99: 90 }\n');
    const r = faultline(['validate', file]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`:2:10: at horizon: 3600 has no unit`));
    expect(lines[1]).toMatch(/:6:29: at slo\.outage_duration_p99: 90 has no unit: it would be read as seconds \(90 s = 1.5 min\)/);
    expect(lines).toHaveLength(2); // warmup: 0 is fine
  });

  it('is refused in a variant override, located at the variant', () => {
    const file = write('bare3.yaml', 'name: x\nhorizon: 1y\ncomponents:\n  a: { failure: { exponential: { mtbf: 100h } }, repair: { fixed: 1h } }\nvariants:\n  - { name: v, set: { components.a.repair.fixed: 30 } }\n');
    const r = faultline(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/:6:\d+: at components\.a\.repair\.fixed: variant "v": 30 has no unit/);
  });
});

describe('SLO key names', () => {
  const body = 'name: x\nhorizon: 30d\nreplications: 20\ncomponents:\n  a: { failure: { exponential: { mtbf: 100h } }, repair: { fixed: 1h } }\n';

  it('outage_duration_p99 is checked against the p99 of the system outage duration; rto_p99 is its alias', () => {
    const a = faultline(['run', write('slo-new.yaml', body + 'slo: { outage_duration_p99: 2h }\n'), '--out', join(tmp, 'slo-new'), '--json', '--no-progress']);
    const b = faultline(['run', write('slo-old.yaml', body + 'slo: { rto_p99: 2h }\n'), '--out', join(tmp, 'slo-old'), '--json', '--no-progress']);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const sa = JSON.parse(a.stdout).slo, sb = JSON.parse(b.stdout).slo;
    // repairs are fixed at 1 h and outages do not overlap (one component): every outage lasts exactly 1 h
    expect(sa).toEqual([expect.objectContaining({ objective: 'outage_duration_p99', target: 7200, measured: expect.closeTo(3600, 6), status: 'pass' })]);
    expect(sb).toEqual(sa);
  });

  it('giving both the key and its alias is an error at the alias', () => {
    const r = faultline(['validate', write('slo-both.yaml', body + 'slo: { outage_duration_p99: 2h, rto_p99: 2h }\n')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/:6:33: at slo\.rto_p99: rto_p99 is the former name of outage_duration_p99 and both are given/);
  });
});

describe('the SLO gate (exit 3)', () => {
  it('a conclusive failure (the whole 95% CI below the target) exits 3, with or without --strict', () => {
    for (const extra of [[], ['--strict']]) {
      const r = faultline(['run', 'test/fixtures/cli/slo-violated.yaml', '--out', join(tmp, 'gate-c'), '--no-progress', ...extra]);
      expect(r.code).toBe(3);
      expect(r.stdout).toMatch(/availability\s+99\.9990%\s+\S+\s+FAIL\n/);
    }
  });

  it('a failure whose 95% CI straddles the target exits 0, and 3 with --strict', () => {
    const out = join(tmp, 'gate-i');
    const r = faultline(['run', 'test/fixtures/cli/slo-inconclusive.yaml', '--out', out, '--no-progress']);
    expect(r.stdout).toMatch(/availability\s+100\.0000%\s+\S+\s+FAIL \(not conclusive\)/);
    expect(r.code).toBe(0);
    const check = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).slo[0];
    expect(check).toMatchObject({ status: 'fail', confident: false });
    expect(faultline(['run', 'test/fixtures/cli/slo-inconclusive.yaml', '--out', out, '--no-progress', '--strict']).code).toBe(3);
  });

  it('compare exits 3 only when every variant fails conclusively', () => {
    const r = faultline(['compare', 'test/fixtures/compare/no-slo-met.yaml', '--out', join(tmp, 'cmp-c'), '--no-progress']);
    expect(r.code).toBe(3);
    const i = faultline(['compare', 'test/fixtures/cli/slo-inconclusive.yaml', 'test/fixtures/cli/slo-violated.yaml', '--out', join(tmp, 'cmp-i'), '--no-progress']);
    expect(i.code).toBe(0);
    const s = faultline(['compare', 'test/fixtures/cli/slo-inconclusive.yaml', 'test/fixtures/cli/slo-violated.yaml', '--out', join(tmp, 'cmp-s'), '--no-progress', '--strict']);
    expect(s.code).toBe(3);
  });
});
