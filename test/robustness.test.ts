/**
 * Issue 12 reproducers: hostile and extreme input never crashes, hangs or silently lies. Each case asserts the
 * exit code (README: 0 success, 2 bad input, 3 SLO violated; never 1) and the message. Limits: docs/limits.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, faultline, ROOT } from './helpers/cli.js';
import { writeFileAtomic, writeReportSet } from '../src/report/write-atomic.js';
import { estimateWork } from '../src/run/work-guard.js';
import { parseScenario } from '../src/scenario-document/load.js';
import { shellQuote } from '../src/results/document.js';
import { terminalSafe } from '../src/cli/terminal-text.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-robust-'));
afterAll(() => spawnSync('rm', ['-rf', dir]));

const BASE = `name: robust
horizon: 1y
replications: 20
seed: 3
components:
  unit: { failure: { exponential: { mttf: 1000h } }, repair: { exponential: { mttr: 10h } } }
system: unit
`;

/** Writes a scenario file into the temporary directory; returns its path. */
function scenario(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const out = (name: string) => join(dir, `out-${name}`);
/** The CLI never reports an internal error or prints a stack trace. */
function noCrash(r: { code: number; stderr: string }): void {
  expect(r.code).not.toBe(1);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at .*:\d+:\d+\)?\n/);
}

describe('1. work and memory guards', () => {
  it('count: 1000000000 is refused by the schema (exit 2), not a V8 abort', () => {
    const f = scenario('count.yaml', BASE.replace('unit: {', 'unit: { count: 1000000000,').replace('system: unit', 'system: { k_of_n: { k: 1, of: unit } }'));
    const r = faultline(['validate', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/count\.yaml:6:\d+: at components\.unit\.count: 1000000000 is more than 100,000/);
  });

  it('run --replications 1000000000000 is refused before anything is allocated, naming the estimate, the limit and --max-events', () => {
    const f = scenario('reps.yaml', BASE);
    const r = faultline(['run', f, '--replications', '1000000000000', '--out', out('reps')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to simulate about [\d.e+]+ events .* 1\.00e\+12 replications.*the limit is 2\.00e\+9 \(raise it with --max-events/);
    expect(existsSync(out('reps'))).toBe(false);
  });

  it('a backup every 1 ms is refused (exit 2), with --max-events as the way out', () => {
    const f = scenario('backup.yaml', `${BASE}datastores:
  db: { primary: unit, write_rate: 1MB/s, size: 1GB }
backups:
  b: { datastore: db, type: full, schedule: { every: 1ms }, throughput: 1GB/s, restore_throughput: 1GB/s }
`);
    const r = faultline(['run', f, '--out', out('backup')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to simulate.*--max-events/);
  });

  it('a fault rate of 1000000/s is refused (exit 2) and the rate is flagged as a probable unit mistake', () => {
    const f = scenario('rate-m.yaml', `${BASE}faults:\n  - { kind: crash, target: unit, rate: 1000000/s, duration: 1m }\n`);
    const r = faultline(['run', f, '--out', out('rate-m')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('refusing to simulate');
    expect(r.stderr).toContain('faults[0].rate: rate 1000000/s is 3.15e+13 occurrences per replication (1 y); did you mean 1000000/y?');
  });

  it('rate: 1 (one per second) warns "did you mean 1/y?" before a long run', () => {
    const f = scenario('rate-1.yaml', `${BASE}faults:\n  - { kind: crash, target: unit, rate: 1, duration: 1m }\n`);
    const r = faultline(['validate', f]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: faults[0].rate: rate 1/s is 3.15e+7 occurrences per replication (1 y); did you mean 1/y?');
  });

  it('the estimate follows the renewal-reward count: 2 events per failure/repair cycle, horizon / (MTTF + MTTR) cycles', () => {
    // 1 instance, MTTF 1000 h, MTTR 10 h, 8760 h: 8760 / 1010 cycles of 2 events, plus 1 start event per instance + 1.
    const est = estimateWork(parseScenario(BASE), 20);
    expect(est.eventsPerReplication).toBeCloseTo(2 * (8760 / 1010) + 2, 9);
    expect(est.events).toBeCloseTo(20 * est.eventsPerReplication, 6);
  });

  it('a repair time of 1e-300 s (found by npm run fuzz: a V8 abort in the transient analysis) runs and analyzes (exit 0)', () => {
    const f = scenario('tiny-mttr.yaml', BASE.replace('mttr: 10h', 'mttr: 1e-300s'));
    for (const args of [['analyze', f], ['run', f, '--out', out('tiny-mttr')]]) {
      const r = faultline(args);
      noCrash(r);
      expect(r.code).toBe(0);
    }
  });

  it('analyze with a horizon of 1e20 s finishes (exit 0)', () => {
    const f = scenario('h20.yaml', BASE.replace('horizon: 1y', 'horizon: 1e20s'));
    const r = faultline(['analyze', f]);
    noCrash(r);
    expect(r.code).toBe(0);
  });

  it('3,000 levels of nesting give a clear error with the nesting limit (exit 2), not a stack overflow', () => {
    let sys = 'unit';
    for (let i = 0; i < 3000; i++) sys = `{ series: [${sys}] }`;
    const f = scenario('deep.yaml', BASE.replace('system: unit', `system: ${sys}`));
    const r = faultline(['validate', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/deep\.yaml:7:\d+: at <document>: the document nests more than 200 levels deep; expected at most 200 levels/);
  });

  it('10,000 components validate (the duplicate-key check is linear)', () => {
    const comps = Array.from({ length: 10_000 }, (_, i) => `  c${i}: { failure: { exponential: { mtbf: 1000h } }, repair: { fixed: 1h } }`).join('\n');
    const f = scenario('many.yaml', `name: many\nhorizon: 1y\nreplications: 2\ncomponents:\n${comps}\nsystem: { parallel: [${Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(', ')}] }\n`);
    const r = faultline(['validate', f]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('many: valid');
  });
});

describe('2. input size and kind', () => {
  it('validate /dev/zero is refused as not a regular file (exit 2)', () => {
    const r = faultline(['validate', '/dev/zero']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/dev/zero: at <document>: cannot read the scenario file (it is not a regular file');
  });

  it('a scenario above 16 MiB is refused before parsing (exit 2)', () => {
    const f = scenario('huge.yaml', `${BASE}# ${'x'.repeat(17 * 1024 * 1024)}\n`);
    const r = faultline(['validate', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/it is 17 MiB, more than the 16 MiB limit/);
  });
});

describe('3. a finished simulation is never lost', () => {
  it('an infinite-mean stream restart law: run exits 0, the data expectation is "not available", results.json is written', () => {
    const f = scenario('inf.yaml', `${BASE}streams:
  s: { instances: unit, input_rate: 1000/s, capacity: 2000/s, checkpoint: { interval: 1m, duration: 5s }, state_size: 1GB, state_restore_throughput: 100MB/s, restart: { lognormal: { median: 20s, p95: 1e308s } }, delivery: at_least_once }
`);
    const r = faultline(['run', f, '--out', out('inf'), '--no-progress']);
    noCrash(r);
    expect([0, 3]).toContain(r.code);
    expect(r.stdout).toMatch(/not available: data expectations \(closed forms\), because law lognormal .* has no finite non-negative mean/);
    const doc = JSON.parse(readFileSync(join(out('inf'), 'results.json'), 'utf8'));
    expect(doc.unavailable[0].analysis).toBe('data expectations (closed forms)');
    expect(doc.system.availability.estimate).toBeGreaterThan(0);
  });

  it('restore_throughput 1e-300: the RTO distribution is "not available", everything else is written (exit 0)', () => {
    const f = scenario('rto.yaml', `${BASE}datastores:
  db: { primary: unit, write_rate: 1MB/s, size: 1GB }
backups:
  b: { datastore: db, type: full, schedule: { every: 1d }, throughput: 1GB/s, restore_throughput: 1e-300 }
faults:
  - { kind: disk-loss, target: unit, rate: 12/y }
`);
    const r = faultline(['run', f, '--out', out('rto'), '--no-progress']);
    noCrash(r);
    expect([0, 3]).toContain(r.code);
    const doc = JSON.parse(readFileSync(join(out('rto'), 'results.json'), 'utf8'));
    expect(doc.unavailable.map((u: { analysis: string }) => u.analysis)).toContain('distribution data.rto[db]');
    expect(doc.data.datastores[0].name).toBe('db');
  });

  it('analyze on a denormal MTTF says "not available because" (exit 0)', () => {
    const f = scenario('denormal.yaml', BASE.replace('mttf: 1000h', 'mttf: 1e-310s'));
    const r = faultline(['analyze', f]);
    noCrash(r);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/system analytic expectation: not available because/);
  });

  it.each(['single-repairable', 'point-availability', 'series-no-ageing'])('rare on scenarios/validation/%s.yaml exits 0', (name) => {
    const r = faultline(['rare', `scenarios/validation/${name}.yaml`]);
    noCrash(r);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('U (CTMC)');
  });
});

describe('4. run --target-half-width without a precision section', () => {
  it('stops once the half-width is reached (stoppedBy precision), like compare', () => {
    const f = scenario('thw.yaml', BASE);
    const r = faultline(['run', f, '--replications', '2000', '--target-half-width', '0.01', '--json', '--out', out('thw'), '--workers', '1']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.run.stoppedBy).toBe('precision');
    expect(doc.run.replications).toBeLessThan(2000);
    expect(doc.system.availability.halfWidth).toBeLessThanOrEqual(0.01);
  });
});

describe('5. merge validates shards', () => {
  const shards = join(dir, 'shards');
  const make = () => {
    if (existsSync(join(shards, 'shard-1-of-2.json'))) return;
    const f = scenario('sharded.yaml', BASE);
    for (const s of ['0/2', '1/2']) expect(faultline(['run', f, '--shard', s, '--out', shards]).code).toBe(0);
  };
  it.each([
    ['1e308', 1e308, /replications\[3\]\.uptime: expected at most the window/],
    ['"abc"', 'abc', /replications\[3\]\.uptime: Invalid input: expected number, received string/],
    ['NaN', { $number: 'NaN' }, /replications\[3\]\.uptime: .*NaN/],
    ['1e400', '1e400', /replications\[3\]\.uptime: .*Infinity/],
  ])('an edited uptime (%s) gives exit 2 naming the shard and the field', (_label, value, message) => {
    make();
    const doc = JSON.parse(readFileSync(join(shards, 'shard-0-of-2.json'), 'utf8'));
    const edited = doc;
    edited.replications[3].uptime = value;
    const bad = join(dir, 'edited.json');
    writeFileSync(bad, _label === '1e400' ? JSON.stringify(edited).replace('"1e400"', '1e400') : JSON.stringify(edited));
    const r = faultline(['merge', bad, join(shards, 'shard-1-of-2.json'), '--out', out('merge')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}: malformed shard file at`);
    expect(r.stderr).toMatch(message);
  });

  it('an edit that keeps the schema (a plausible uptime) is caught by the integrity hash', () => {
    make();
    const doc = JSON.parse(readFileSync(join(shards, 'shard-0-of-2.json'), 'utf8'));
    doc.replications[3].uptime -= 1;
    doc.replications[3].downtime += 1;
    const bad = join(dir, 'hash.json');
    writeFileSync(bad, JSON.stringify(doc));
    const r = faultline(['merge', bad, join(shards, 'shard-1-of-2.json'), '--out', out('merge')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('do not match the shard\'s integrity hash');
  });

  it('a shard count beyond the replications is refused before anything is allocated', () => {
    make();
    const doc = JSON.parse(readFileSync(join(shards, 'shard-0-of-2.json'), 'utf8'));
    doc.shard.count = 1e15;
    const bad = join(dir, 'count.json');
    writeFileSync(bad, JSON.stringify(doc));
    const r = faultline(['merge', bad, '--out', out('merge')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/malformed shard file at shard\.count: 1000000000000000 shards for 20 replications/);
  });
});

describe('6. exit 2, never an internal error', () => {
  const f = () => scenario('ok.yaml', BASE);
  it.each([
    ['an existing file', () => join(ROOT, 'package.json'), /cannot write .*package\.json: it is a file, not a directory/],
    ['/dev/null', () => '/dev/null', /cannot write into \/dev\/null: it is a file, not a directory/],
    ['an unwritable directory', () => '/proc/faultline-test', /cannot write \/proc\/faultline-test/],
  ])('--out at %s', (_label, target, message) => {
    const r = faultline(['run', f(), '--replications', '10', '--out', target()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('a results.json with a BOM renders; one with wrong inner types gives exit 2', () => {
    const o = out('bom');
    expect(faultline(['run', f(), '--replications', '10', '--out', o]).code).toBe(0);
    const text = readFileSync(join(o, 'results.json'), 'utf8');
    writeFileSync(join(dir, 'bom.json'), `\uFEFF${text}`);
    expect(faultline(['report', join(dir, 'bom.json'), '--out', out('bom2')]).code).toBe(0);
    const doc = JSON.parse(text);
    doc.instances = [{ id: 5 }];
    writeFileSync(join(dir, 'wrong.json'), JSON.stringify(doc));
    const r = faultline(['report', join(dir, 'wrong.json'), '--out', out('wrong')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/wrong\.json: malformed results document: a field has the wrong type or value/);
  });

  it.each([
    ['a UTF-16 file', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(BASE, 'utf16le')]), /it is UTF-16 \(or UTF-32\) encoded; save it as UTF-8/],
    ['multi-document YAML', Buffer.from(`${BASE}---\nname: second\n`), /:8:1: at <document>: YAML syntax error: Source contains multiple documents.*expected a single YAML document/],
    ['!!binary', Buffer.from(BASE.replace('name: robust', 'name: !!binary aGVsbG8=')), /:1:\d+: at <document>: unsupported YAML tag !!binary/],
    ['an unknown tag', Buffer.from(BASE.replace('name: robust', 'name: !foo x')), /:1:\d+: at <document>: unsupported YAML tag !foo/],
    ['invalid UTF-8', Buffer.from(`${BASE.replace('name: robust', 'name: ab\xff')}`, 'latin1'), /it is not valid UTF-8 \(byte 0xff at line 1, column 9\)/],
  ])('%s gives exit 2', (_label, bytes, message) => {
    const p = join(dir, 'enc.yaml');
    writeFileSync(p, bytes);
    const r = faultline(['validate', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('a closed pipe (validate big.yaml | head -1) exits quietly', () => {
    const comps = Array.from({ length: 3000 }, (_, i) => `  c${i}: { failure: { exponential: { mtbf: 1000h } }, repair: { fixed: 1h } }`).join('\n');
    const big = scenario('big.yaml', `name: big\nhorizon: 1y\nreplications: 2\ncomponents:\n${comps}\nsystem: { parallel: [${Array.from({ length: 3000 }, (_, i) => `c${i}`).join(', ')}] }\n`);
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" validate "${big}" | head -1; echo "status=\${PIPESTATUS:-0}"`], { encoding: 'utf8' });
    expect(r.stdout.split('\n')[0]).toBe('big: valid');
    expect(r.stderr).toBe('');
  });
});

describe('7. terminal and shell safety', () => {
  it('control characters in scenario strings never reach the terminal', () => {
    const f = scenario('esc.yaml', BASE.replace('name: robust', 'name: "evil\\e]0;pwned\\a\\e[2J\\u009b31m name"'));
    const r = faultline(['run', f, '--replications', '10', '--out', out('esc')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('evil]0;pwned[2J31m name: 10 replications');
    expect(r.stdout).not.toMatch(/[\u001b\u0007\u009b]/);
    expect(terminalSafe('a\u001b[2Jb\u202ec\td\n')).toBe('a[2Jbc\td\n');
  });

  it('the replay command single-quotes a file name a shell would expand (POSIX 2.2.2)', () => {
    const f = scenario('$(touch X).yaml', BASE);
    const r = faultline(['run', f, '--replications', '10', '--out', out('quote')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`replay: npx faultline run '${f}' --seed 3 --replications 10`);
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('scenarios/ecommerce.yaml')).toBe('"scenarios/ecommerce.yaml"');
    // Pasting the quoted word into sh gives the name back, unexpanded.
    const echo = spawnSync('sh', ['-c', `printf %s ${shellQuote("$(touch X) `y` $HOME it's")}`], { encoding: 'utf8', cwd: dir });
    expect(echo.stdout).toBe("$(touch X) `y` $HOME it's");
    expect(existsSync(join(dir, 'X'))).toBe(false);
  });
});

describe('8. reports as a set', () => {
  it('a failure while writing the set leaves the previous files untouched and no temporary files', async () => {
    const d = join(dir, 'set');
    await writeReportSet(d, () => {
      writeFileAtomic(join(d, 'results.json'), 'old results');
      writeFileAtomic(join(d, 'report.md'), 'old report');
    });
    await expect(
      writeReportSet(d, () => {
        writeFileAtomic(join(d, 'results.json'), 'new results');
        throw new Error('killed between files');
      }),
    ).rejects.toThrow('killed between files');
    expect(readFileSync(join(d, 'results.json'), 'utf8')).toBe('old results');
    expect(readFileSync(join(d, 'report.md'), 'utf8')).toBe('old report');
    expect(readdirSync(d).sort()).toEqual(['report.md', 'results.json']);
  });

  it('SIGTERM during a run removes the staging directory and temporary files', async () => {
    const { spawn } = await import('node:child_process');
    const f = scenario('slow.yaml', BASE.replace('replications: 20', 'replications: 1000000'));
    const o = out('signal');
    const child = spawn(process.execPath, [CLI, 'run', f, '--out', o, '--workers', '1', '--no-progress', '--max-events', '1e12', '--max-memory', '8GiB']);
    // The work guard's note (a long run) comes after start-up, once the signal handlers are installed.
    await new Promise<void>((r) => child.stderr.on('data', (b: Buffer) => b.toString().includes('note:') && r()));
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(143);
    expect(existsSync(o) ? readdirSync(o).filter((n) => n.startsWith('.')) : []).toEqual([]);
  });
});

describe('9. worker cap', () => {
  it('--workers above the available parallelism is capped with a note', () => {
    const r = faultline(['run', scenario('w.yaml', BASE), '--replications', '10', '--workers', '400', '--out', out('w')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/note: --workers 400 capped at \d+, the threads available on this machine/);
  });
});

describe('10. nonsense is rejected with exit 2', () => {
  it('a daily_profile of all zeros', () => {
    const text = readFileSync(join(ROOT, 'scenarios/api-multi-zone.yaml'), 'utf8').replace(/daily_profile: \[[^\]]*\]/, `daily_profile: [${Array(24).fill(0).join(', ')}]`);
    const r = faultline(['validate', scenario('zeros.yaml', text)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/at traffic\.daily_profile: every multiplier is 0/);
  });

  it('a cron for 30 February', () => {
    const f = scenario('cron.yaml', `${BASE}datastores:
  db: { primary: unit, write_rate: 1MB/s, size: 1GB }
backups:
  b: { datastore: db, type: full, schedule: { cron: "0 2 30 2 *" }, throughput: 1GB/s, restore_throughput: 1GB/s }
`);
    const r = faultline(['validate', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cron\.yaml:11:\d+: at backups\.b\.schedule\.cron: "0 2 30 2 \*" never fires/);
  });

  it.each([
    [['--seed', '9007199254740993'], /--seed <n>' argument '9007199254740993' is invalid. expected a decimal integer from 0 to 9007199254740991/],
    [['--replications', '0x10'], /--replications <n>' argument '0x10' is invalid/],
    [['--target-half-width', '2'], /--target-half-width <p>' argument '2' is invalid. expected an availability half-width in \(0, 1\)/],
    [['--out', ''], /--out <dir>' argument '' is invalid. expected a directory path/],
  ])('run %j', (args, message) => {
    const r = faultline(['run', scenario('flags.yaml', BASE), ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
