/**
 * The `load` section of `npm run bench` (issue 14 item 9): exact mode's requests/s on a queueing scenario and
 * fluid mode's replications/s on every bundled scenario with a `load` section (scenarios/*.yaml, each variant and
 * sweep point of the file, run in fluid mode on a one-year horizon); targets judged per core (CPU time).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { planComparison } from '../compare/variants.js';
import { exactLoadBench, fluidLoadBench, type LoadFigure } from '../load/bench.js';
import { loadScenario } from '../scenario-document/load.js';
import type { Scenario } from '../scenario/types.js';
import { checkTarget } from './targets.js';

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/** Every bundled load scenario and its variants, in fluid mode, named `<file>` or `<file>:<variant>`. */
function bundledLoadScenarios(): { name: string; scenario: Scenario }[] {
  const out: { name: string; scenario: Scenario }[] = [];
  for (const f of readdirSync(SCENARIOS).filter((x) => x.endsWith('.yaml')).sort()) {
    const file = SCENARIOS + f;
    if (!loadScenario(file).load) continue;
    let variants: { name: string; scenario: Scenario }[];
    try {
      variants = planComparison([file]).variants;
    } catch {
      variants = [{ name: 'baseline', scenario: loadScenario(file) }]; // no variants or sweep
    }
    for (const v of variants) out.push({ name: `${f}:${v.name}`, scenario: { ...v.scenario, load: { ...v.scenario.load!, mode: 'fluid' } } });
  }
  return out;
}

const line = (f: LoadFigure, unit: string, digits: number) =>
  `${f.perSecond.toFixed(digits)} ${unit} wall, ${f.perCpuSecond.toFixed(digits)} per CPU second`;

export function loadBenchSection(): void {
  const e = exactLoadBench();
  console.log(`load exact (${e.label}), median of 3 after a warm-up: ${fmt(e.perSecond)} requests/s wall, ${fmt(e.perCpuSecond)} per CPU second`);
  checkTarget({
    name: 'load exact requests/s per core (CPU time)',
    target: '>= 1,000,000',
    measured: fmt(e.perCpuSecond),
    note: `${fmt(e.perSecond)} by wall clock`,
    pass: e.perCpuSecond >= 1_000_000,
  });
  const fluid = fluidLoadBench(bundledLoadScenarios());
  console.log(`load fluid (bundled load scenarios and their variants, 1 y horizon, 20 replications, operating points solved afresh in each run), median of 3 after a warm-up:`);
  for (const f of fluid) console.log(`  ${f.label}: ${line(f, 'replications/s', 1)}`);
  if (fluid.length === 0) return;
  const slowest = fluid.reduce((a, b) => (b.perCpuSecond < a.perCpuSecond ? b : a));
  checkTarget({
    name: 'load fluid replications/s per core, slowest bundled load scenario (CPU time)',
    target: '>= 10 (1 y horizon)',
    measured: slowest.perCpuSecond.toFixed(1),
    note: `${slowest.label}; ${slowest.perSecond.toFixed(1)} by wall clock`,
    pass: slowest.perCpuSecond >= 10,
  });
}
