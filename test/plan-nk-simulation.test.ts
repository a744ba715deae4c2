/**
 * The simulated N-k table (planning.n_minus_k_at_peak, src/plan/nk-simulation.ts): with exponential service, no
 * retries and a timeout far beyond any wait, each of the N - k hosts up is an M/M/2 queue fed lambda / (N - k)
 * (Envoy random balancing splits the Poisson stream evenly), so the simulated probability of waiting per k must
 * match the M/M/2 closed form P(wait) = 2 rho^2 / (1 + rho), rho = lambda_h / (2 mu) (Kleinrock, Queueing
 * Systems I, 1975, sec. 3.5, Erlang C with m = 2), the utilisation rho and the waiting-time tail
 * P(W >= t) = C e^{-(2 mu - lambda_h) t} at a histogram bin edge. Checks use the 95% CI across the
 * replications, Bonferroni-corrected over the file's ASSERTIONS interval checks. Seed 4711 chosen before running.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { standardNormalQuantile } from '../src/engine/normal-quantile.js';
import { loadBaseDocument } from '../src/plan/candidates.js';
import { buildPlanDocument } from '../src/plan/document.js';
import { renderPlanMarkdown, renderPlanSummary } from '../src/plan/markdown.js';
import { nkScenario } from '../src/plan/nk-simulation.js';
import { planCapacity } from '../src/plan/search.js';
import { ratioEstimate } from '../src/results/estimators.js';
import { runScenario } from '../src/run/runner.js';
import type { Estimate } from '../src/results/estimators.js';

const ASSERTIONS = 9;
const SCALE = standardNormalQuantile(1 - 0.025 / ASSERTIONS) / standardNormalQuantile(0.975);
function expectContains(e: Estimate | null, value: number, what: string) {
  expect(e, what).not.toBeNull();
  const hw = ((e as Estimate).halfWidth as number) * SCALE;
  const est = (e as Estimate).estimate as number;
  expect(Math.abs(est - value), `${what}: ${est} +- ${hw} should contain ${value}`).toBeLessThanOrEqual(hw);
}

const dir = mkdtempSync(join(tmpdir(), 'faultline-nk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 5 hosts over zones a, b, c (round-robin: a holds 2), 2 slots each of mean 200 ms (mu = 5/s), 16/s at peak
// (8/s x the profile's largest multiplier 2): per host up lambda_h = 16 / (5 - k) = 3.2, 4, 5.33/s, rho = 0.32,
// 0.4, 0.533.
const text = `
name: nk-sim
horizon: 1d
replications: 4
seed: 4711
components:
  web: { count: 5, zones: [a, b, c], failure: none, repair: none }
system: { k_of_n: { k: 1, of: web } }
load:
  mode: exact
  services:
    api:
      instances: web
      rate: 8/s
      daily_profile: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
      capacity: { concurrency: 2, service_time: { exponential: { mean: 200ms } } }
      timeout: 1h
planning:
  cost: { instance_per_month: { web: 100 } }
  search:
    - { path: components.web.count, values: [5] }
  confirm: 0
  n_minus_k_at_peak: { max_down: 2, window: 20m, replications: 8 }
`;

describe('N-k at peak by simulation', () => {
  const file = join(dir, 'nk.yaml');
  writeFileSync(file, text);
  const base = loadBaseDocument(file);
  const out = planCapacity(base, {});
  const nk = out.nkSimulation;

  it('has one row per k = 0..max_down, the k hosts from the zone holding most hosts first', () => {
    expect(nk).not.toBeNull();
    expect(nk?.rows.map((r) => r.down)).toEqual([0, 1, 2]);
    expect(nk?.window).toBe(1200);
    expect(nk?.replications).toBe(8);
    const hosts = base.scenario.instances.filter((i) => i.component === 'web');
    const zoneOf = (id: string) => hosts.find((h) => h.id === id)?.zone;
    expect(nk?.rows[0].services[0].down).toEqual([]);
    expect(nk?.rows[1].services[0].down.map(zoneOf)).toEqual(['a']);
    expect(nk?.rows[2].services[0].down.map(zoneOf)).toEqual(['a', 'a']);
  });

  it('simulated P(wait) per k agrees with M/M/2 (Erlang C) per host up, and the utilisation with rho', () => {
    for (const r of nk?.rows ?? []) {
      const s = r.services[0];
      const rho = 16 / (5 - r.down) / (2 * 5);
      const pWait = (2 * rho * rho) / (1 + rho);
      expect(s.analytic?.probabilityOfWaiting).toBeCloseTo(pWait, 10);
      expectContains(s.probabilityOfWaiting, pWait, `P(wait), k = ${r.down}`);
      expectContains(s.utilisation, rho, `utilisation, k = ${r.down}`);
      // No try can wait an hour here: nothing times out, every request succeeds.
      expect(s.timeoutProbability.estimate).toBe(0);
      expect(s.goodputRatio.estimate).toBe(1);
    }
  });

  it('p99 wait: the M/M/2 quantile ln(C / 0.01) / (2 mu - lambda_h) within the histogram binning and sampling', () => {
    for (const r of nk?.rows ?? []) {
      const s = r.services[0];
      const rho = 16 / (5 - r.down) / 10;
      const c = (2 * rho * rho) / (1 + rho);
      const q = Math.log(c / 0.01) / (10 - 16 / (5 - r.down));
      expect(s.analytic?.waitP99).toBeCloseTo(q, 10);
      // Binning error <= 4.5%; sampling error of a p99 over ~150 000 tries: a loose 15% bound.
      expect(Math.abs((s.waitP99 as number) - q) / q, `p99 k = ${r.down}: ${s.waitP99} vs ${q}`).toBeLessThan(0.15);
    }
  });

  it('the waiting-time tail at a histogram edge t near the p99: P(W >= t) = C e^{-(2 mu - lambda_h) t} (no binning error)', () => {
    // Bin i >= 2 starts at 1e-6 x 2^((i - 2) / 8) s (src/load/wait-histogram.ts): bins i.. count the waits >= that edge.
    const i = 2 + 8 * 19; // edge 1e-6 x 2^19 = 0.524288 s
    const t = 1e-6 * 2 ** 19;
    for (const k of [0, 1, 2]) {
      const built = nkScenario(base.scenario, k, 1200);
      const reps = runScenario(built.scenario, { seed: 4711, replications: 8, timelineReplication: -1 }).accumulator.replications();
      const st = reps.map((r) => r.load?.services[0]);
      const above = st.map((x) => (x?.waitHistogram ?? []).slice(i).reduce((a, b) => a + b, 0));
      const all = st.map((x) => (x?.waitHistogram ?? []).reduce((a, b) => a + b, 0));
      const lh = 16 / (5 - k);
      const rho = lh / 10;
      const tail = ((2 * rho * rho) / (1 + rho)) * Math.exp(-(10 - lh) * t);
      expectContains(ratioEstimate(above, all), tail, `P(W >= ${t}), k = ${k}`);
    }
  });

  it('shows the table in plan.json, plan.md and the terminal summary', () => {
    const doc = buildPlanDocument(base.scenario, out, { seed: 4711, replications: 4, confirm: true });
    expect(JSON.parse(JSON.stringify(doc)).nkSimulation.rows).toHaveLength(3);
    const md = renderPlanMarkdown(doc);
    expect(md).toContain('## N-k at peak (simulated');
    expect(md.split('\n').filter((l) => /^\| api \| \d \|/.test(l))).toHaveLength(3);
    expect(renderPlanSummary(doc)).toMatch(/N-2 at peak \(simulated\): api goodput/);
  });
});

describe('N-k at peak: k beyond the hosts', () => {
  it('stops at every host down (5 hosts, max_down 1000: rows k = 0..5, the last with no host up)', () => {
    const file = join(dir, 'nk-many.yaml');
    writeFileSync(file, text.replace('max_down: 2, window: 20m, replications: 8', 'max_down: 1000, window: 1m, replications: 2'));
    const nk = planCapacity(loadBaseDocument(file), {}).nkSimulation;
    expect(nk?.rows.map((r) => r.down)).toEqual([0, 1, 2, 3, 4, 5]);
    const last = nk?.rows[5].services[0];
    expect(last?.goodputRatio.estimate).toBe(0);
    expect(last?.analytic).toBeNull();
    expect(last?.analyticNote).toBe('every host down');
    // 16/s over 2 hosts of 2 x 5/s: rho = 0.8 (stable); over 1 host: rho = 1.6 (unstable, no closed-form wait).
    expect(nk?.rows[3].services[0].analytic?.stable).toBe(true);
    expect(nk?.rows[4].services[0].analytic?.stable).toBe(false);
  });
});
