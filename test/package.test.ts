/**
 * The installable package: `npm pack` ships dist/ only (no src/, test/, benchmarks or source maps), and a
 * project that installs the tarball runs a scenario through `import ... from 'faultline'` (ES module
 * exports, worker threads resolved inside the installed package), type-checks against the shipped
 * declarations, and gets exactly the results.json the CLI writes.
 *
 * The tarball is installed the way npm lays it out (its `package/` directory as node_modules/faultline) with
 * each dependency the packed package.json declares linked from this repository's node_modules, so the test
 * needs no registry; a dependency the code uses but package.json does not declare fails to resolve.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-pack-'));
const proj = join(tmp, 'project');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let files: string[] = [];

const SCENARIO = `name: pack test
horizon: 1y
replications: 200
seed: 3
components:
  web: { count: 3, failure: { exponential: { mtbf: 2000h } }, repair: { lognormal: { median: 2h, p95: 8h } } }
system: { k_of_n: { k: 2, of: web } }
slo: { availability: 99.9% }
`;

beforeAll(() => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8' });
  const info = JSON.parse(out)[0] as { filename: string; files: { path: string }[] };
  files = info.files.map((f) => f.path);
  const modules = join(proj, 'node_modules');
  mkdirSync(join(modules, 'faultline'), { recursive: true });
  execFileSync('tar', ['-xzf', join(tmp, info.filename), '-C', join(modules, 'faultline'), '--strip-components=1']);
  const pkg = JSON.parse(readFileSync(join(modules, 'faultline', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const dep of Object.keys(pkg.dependencies)) {
    mkdirSync(dirname(join(modules, dep)), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', dep), join(modules, dep), 'dir');
  }
  writeFileSync(join(proj, 'package.json'), JSON.stringify({ name: 'uses-faultline', private: true, type: 'module' }));
  writeFileSync(join(proj, 'scenario.yaml'), SCENARIO);
}, 120_000);

describe('npm package', () => {
  it('ships dist/ (JavaScript and declarations) and package metadata only', () => {
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('dist/run/worker.js');
    const outside = files.filter((f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(f));
    expect(outside).toEqual([]);
    expect(files.filter((f) => /^dist\/(bench|src|test)\//.test(f) || f.endsWith('.map') || f.endsWith('.tsbuildinfo'))).toEqual([]);
  });

  it('runs a scenario through import from the installed package (2 threads) with the CLI\'s exact results', () => {
    writeFileSync(
      join(proj, 'main.mjs'),
      `import { run, render, version } from 'faultline';
const progress = [];
const { results, output } = await run('scenario.yaml', { workers: 2, onProgress: (done, total) => progress.push([done, total]) });
const md = await render(results, 'md');
process.stdout.write(JSON.stringify({ version: version(), threads: output.threads, progress, md: md.slice(0, 40), results }));
`,
    );
    const r = spawnSync(process.execPath, ['main.mjs'], { cwd: proj, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const got = JSON.parse(r.stdout);
    expect(got.version).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    expect(got.threads).toBe(2);
    expect(got.progress.at(-1)).toEqual([200, 200]);
    expect(got.md).toMatch(/^# faultline: pack test/);
    // The same scenario through the repository's CLI, from the same directory (same scenario path).
    const cli = spawnSync(process.execPath, [CLI, 'run', 'scenario.yaml', '--json', '--workers', '1', '--out', 'cli-out'], { cwd: proj, encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    expect(JSON.stringify(got.results, null, 2) + '\n').toBe(cli.stdout);
  });

  it('type-checks a TypeScript consumer against the shipped declarations (moduleResolution NodeNext)', () => {
    writeFileSync(
      join(proj, 'check.ts'),
      `import { analyze, loadScenario, run, type ResultsDocument, type Scenario } from 'faultline';
const sc: Scenario = loadScenario('scenario.yaml');
const a: number | null = analyze(sc).system.availability;
const p: Promise<{ results: ResultsDocument }> = run(sc, { workers: 1, seed: 1 });
// @ts-expect-error workers takes a count or 'auto'
run(sc, { workers: 'many' });
export { a, p };
`,
    );
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--typeRoots', join(ROOT, 'node_modules', '@types'), 'check.ts'], { cwd: proj, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('installs the faultline command (bin) from the package', () => {
    const r = spawnSync(process.execPath, [join(proj, 'node_modules', 'faultline', 'dist', 'cli', 'main.js'), 'validate', 'scenario.yaml'], { cwd: proj, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/pack test: valid/);
  });
});
