/**
 * Start-up: `--version`, `--help`, usage errors and `validate` must not load chart, report or simulation
 * code (src/cli/main.ts imports each command when it runs). Checked by logging every module the process
 * resolves (test/helpers/log-imports.mjs); the start-up time itself is printed by `npm run bench`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-startup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
/** The modules loaded by `faultline <args>`, as resolved URLs / CommonJS requests. */
function modulesLoaded(args: string[]): { modules: string[]; status: number | null; stdout: string } {
  const log = join(tmp, `imports-${n++}.log`);
  const r = spawnSync(process.execPath, ['--import', resolve('test/helpers/log-imports.mjs'), 'dist/cli/main.js', ...args], {
    env: { ...process.env, FAULTLINE_IMPORT_LOG: log },
    encoding: 'utf8',
  });
  let text = '';
  try {
    text = readFileSync(log, 'utf8');
  } catch {
    // nothing logged
  }
  return { modules: text.split('\n').filter(Boolean), status: r.status, stdout: r.stdout };
}

/** Chart, report-rendering and progress-bar code (small helpers such as report/format.js and report/html-escape.js, used by the areas, are allowed). */
const HEAVY = [/node_modules\/(vega|vega-lite|vega-embed|@resvg|cli-progress)\//, /dist\/report\/(charts\/|html\.js|html-page|markdown|terminal|render-chart|compile-chart|vega-runtime|comparison|write-charts)/, /^cjs:(vega|cli-progress)/];
const heavy = (mods: string[]) => mods.filter((m) => HEAVY.some((re) => re.test(m)));

describe('start-up loads only what the command needs', () => {
  it('--version loads commander and a few small modules, no scenario, simulation or report code', () => {
    const r = modulesLoaded(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    const ours = r.modules.filter((m) => m.includes('/dist/')).map((m) => m.replace(/^.*\/dist\//, ''));
    // Import-free constant modules give the help text its defaults (guard limits, analytic state caps).
    expect(ours.sort()).toEqual(['cli/analytic-budget.js', 'cli/formats.js', 'cli/main.js', 'plan/budget.js', 'run/guard-defaults.js', 'run/shard-spec.js', 'version.js']);
    expect(r.modules.filter((m) => /node_modules\//.test(m) && !/node_modules\/commander\//.test(m))).toEqual([]);
  });

  it('--help and a usage error load no chart or report code', () => {
    for (const args of [['--help'], ['run', '--help'], ['run']]) {
      const r = modulesLoaded(args);
      expect(r.status, args.join(' ')).toBe(args[0] === 'run' && args.length === 1 ? 2 : 0);
      expect(heavy(r.modules), args.join(' ')).toEqual([]);
    }
  });

  it('validate loads no chart or report code', () => {
    const r = modulesLoaded(['validate', 'scenarios/ecommerce.yaml']);
    expect(r.status).toBe(0);
    expect(r.modules.some((m) => m.endsWith('dist/scenario/load.js'))).toBe(true); // the log works
    expect(heavy(r.modules)).toEqual([]);
  });

  it('the library entry point loads no chart or report code until something is rendered', () => {
    const log = join(tmp, 'library.log');
    execFileSync(process.execPath, ['--import', resolve('test/helpers/log-imports.mjs'), '--input-type=module', '-e', `await import(${JSON.stringify(resolve('dist/index.js'))});`], {
      env: { ...process.env, FAULTLINE_IMPORT_LOG: log },
    });
    expect(heavy(readFileSync(log, 'utf8').split('\n').filter(Boolean))).toEqual([]);
  });
});
