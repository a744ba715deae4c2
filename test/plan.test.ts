/**
 * `faultline plan`: the search picks what the closed forms say it should, invalid candidates are reported
 * (not fatal), plan.json is deterministic, bad planning input is reported with file:line:col and exit 2.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { kOutOfNIdentical, parallelAvailability, singleUnitAvailability } from '../src/analytic/formulas.js';
import { loadBaseDocument } from '../src/plan/candidates.js';
import { MINUTES_PER_MONTH } from '../src/plan/cost.js';
import { applyOverrides, parsePath } from '../src/plan/overrides.js';
import { paretoFrontier, planCapacity, type CandidateResult } from '../src/plan/search.js';
import { faultline } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const write = (text: string): string => {
  const file = join(dir, `s${++n}.yaml`);
  writeFileSync(file, text);
  return file;
};

const H = 3600;
const MTBF = 1000; // hours
const MTTR = 50; // hours
/** k-out-of-n of exponential web nodes with independent repair (closed form: kOutOfNIdentical). */
const kOfN = (extra = '', counts = '[1, 2, 3, 4, 5, 6, 7]', slo = '99.9%', price = 2) => `
name: plan k-of-n
horizon: 20y
replications: 200
seed: 3
components:
  web:
    count: 3
    failure: { exponential: { mtbf: ${MTBF}h } }
    repair: { exponential: { mttr: ${MTTR}h } }
system: { k_of_n: { k: 2, of: web } }
slo: { availability: ${slo} }
planning:
  cost:
    instance_per_month: { web: 100 }
    downtime_per_minute: ${price}
  search:
    - { path: components.web.count, values: ${counts} }
  confirm: 2
${extra}`;

describe('plan search on closed-form scenarios', () => {
  it('chooses the count of minimal cost among those whose closed-form availability meets the SLO', () => {
    const base = loadBaseDocument(write(kOfN()));
    const out = planCapacity(base, { confirm: false });
    const a = singleUnitAvailability(MTBF * H, MTTR * H);
    const expected = [2, 3, 4, 5, 6, 7]
      .map((count) => {
        const avail = kOutOfNIdentical(2, count, a);
        return { count, avail, cost: 100 * count + (1 - avail) * MINUTES_PER_MONTH * 2 };
      })
      .filter((x) => x.avail >= 0.999)
      .sort((x, y) => x.cost - y.cost)[0];
    const chosen = out.candidates.find((c) => c.id === out.chosen) as CandidateResult;
    expect(out.chosenBy).toBe('analytic');
    expect(chosen.settings['components.web.count']).toBe(expected.count);
    expect(chosen.analytic?.availability).toBeCloseTo(expected.avail, 12);
    expect(chosen.cost?.total).toBeCloseTo(expected.cost, 6);
    // Every evaluated candidate's availability is the closed form; feasibility is availability >= target.
    for (const c of out.candidates.filter((x) => x.status === 'evaluated')) {
      const count = c.settings['components.web.count'] as number;
      expect(c.analytic?.availability).toBeCloseTo(kOutOfNIdentical(2, count, a), 12);
      expect(c.feasible).toBe(kOutOfNIdentical(2, count, a) >= 0.999);
    }
  });

  it('with a high downtime price, the cost-minimal count is above the smallest feasible one', () => {
    const base = loadBaseDocument(write(kOfN('', '[2, 3, 4, 5, 6, 7]', '99%', 2000)));
    const out = planCapacity(base, { confirm: false });
    const a = singleUnitAvailability(MTBF * H, MTTR * H);
    const costs = [2, 3, 4, 5, 6, 7].map((count) => ({ count, avail: kOutOfNIdentical(2, count, a) }));
    const feasible = costs.filter((x) => x.avail >= 0.99);
    const best = feasible.map((x) => ({ ...x, cost: 100 * x.count + (1 - x.avail) * MINUTES_PER_MONTH * 2000 })).sort((x, y) => x.cost - y.cost)[0];
    expect(best.count).toBeGreaterThan(feasible[0].count); // the case is meaningful
    expect(out.candidates.find((c) => c.id === out.chosen)?.settings['components.web.count']).toBe(best.count);
  });

  it('parallel structure: picks the smallest redundancy meeting the SLO when downtime is free', () => {
    const text = kOfN().replace('system: { k_of_n: { k: 2, of: web } }', 'system: { parallel: [web] }').replace('downtime_per_minute: 2', 'downtime_per_minute: 0');
    const out = planCapacity(loadBaseDocument(write(text.replace('99.9%', '99.99%'))), { confirm: false });
    const a = singleUnitAvailability(MTBF * H, MTTR * H);
    const smallest = [1, 2, 3, 4, 5, 6, 7].find((c) => parallelAvailability(new Array(c).fill(a)) >= 0.9999);
    expect(out.candidates.find((c) => c.id === out.chosen)?.settings['components.web.count']).toBe(smallest);
  });

  it('reports invalid candidates with their scenario errors instead of failing', () => {
    const file = write(kOfN());
    const out = planCapacity(loadBaseDocument(file), { confirm: false });
    const one = out.candidates.find((c) => c.settings['components.web.count'] === 1) as CandidateResult;
    expect(one.status).toBe('invalid');
    expect(one.feasible).toBe(false);
    expect(one.errors[0]).toMatch(new RegExp(`^${file.replace(/[.[\]/\\-]/g, '\\$&')}:\\d+:\\d+: at system\\.k_of_n\\.k: k = 2 but the block has only 1 child`));
    expect(out.chosen).not.toBeNull();
  });

  it('confirms by simulation and keeps the rule: the chosen candidate has its whole CI above the target', () => {
    const out = planCapacity(loadBaseDocument(write(kOfN())), { replications: 100 });
    expect(out.confirmed.length).toBe(2);
    expect(out.chosenBy).toBe('simulation');
    const chosen = out.candidates.find((c) => c.id === out.chosen) as CandidateResult;
    expect(chosen.simulation?.confirmed).toBe(true);
    expect(chosen.simulation?.availability.ci95?.[0]).toBeGreaterThanOrEqual(0.999);
    for (const id of out.confirmed) {
      const c = out.candidates.find((x) => x.id === id) as CandidateResult;
      const lower = c.simulation?.availability.ci95?.[0] ?? -1;
      expect(c.simulation?.confirmed).toBe(lower >= 0.999);
    }
  });

  it('a load section makes N - max_down < c* infeasible', () => {
    const load = '  load: { component: web, arrival_rate: 900/s, service_rate_per_instance: 250/s, latency_slo: { wait_p99: 50ms }, max_down: 2 }\n';
    const out = planCapacity(loadBaseDocument(write(kOfN(load))), { confirm: false });
    // c* = 4 for a = 3.6 Erlangs and a 50 ms p99 wait (test/erlang-nk.test.ts), so N >= 6 with 2 down.
    for (const c of out.candidates.filter((x) => x.status === 'evaluated')) {
      expect(c.capacity?.minimumServing).toBe(4);
      expect(c.capacity?.meetsNk).toBe((c.settings['components.web.count'] as number) >= 6);
    }
    expect(out.candidates.find((c) => c.id === out.chosen)?.settings['components.web.count']).toBe(6);
  });
});

describe('Pareto frontier', () => {
  it('keeps exactly the candidates no other is both cheaper and more available than', () => {
    const mk = (id: string, total: number, availability: number) =>
      ({ id, cost: { total }, analytic: { availability } }) as unknown as CandidateResult;
    const cands = [mk('a', 10, 0.99), mk('b', 12, 0.995), mk('c', 11, 0.98), mk('d', 15, 0.995), mk('e', 20, 0.999)];
    expect(paretoFrontier(cands)).toEqual(['a', 'b', 'e']);
  });
});

describe('overrides', () => {
  it('parses paths and writes values, keeping other nodes', () => {
    expect(parsePath('faults[2].duration')).toEqual(['faults', 2, 'duration']);
    expect(parsePath('components["odd.name"].count')).toEqual(['components', 'odd.name', 'count']);
    expect(() => parsePath('components..x')).toThrow();
    const doc = parseDocument('a: { b: 1, c: [x, y] }\n');
    applyOverrides(doc, { 'a.b': 5, 'a.c[1]': 'z', 'a.d': { fixed: '5m' } });
    expect(doc.toJS()).toEqual({ a: { b: 5, c: ['x', 'z'], d: { fixed: '5m' } } });
    expect(() => applyOverrides(doc, { 'a.nope.x': 1 })).toThrow(/does not exist/);
    expect(() => applyOverrides(doc, { 'a.c[5]': 1 })).toThrow(/out of range/);
  });
});

describe('faultline plan CLI', () => {
  it('writes a byte-identical plan.json for the same scenario and seed, and exits 0', () => {
    const file = write(kOfN());
    const r1 = faultline(['plan', file, '--out', join(dir, 'p1'), '--replications', '60']);
    const r2 = faultline(['plan', file, '--out', join(dir, 'p2'), '--replications', '60']);
    expect(r1.code).toBe(0);
    expect(r2.code).toBe(0);
    const a = readFileSync(join(dir, 'p1', 'plan.json'), 'utf8');
    expect(a).toBe(readFileSync(join(dir, 'p2', 'plan.json'), 'utf8'));
    const doc = JSON.parse(a);
    expect(doc.schema).toBe('faultline.plan/v1');
    expect(readFileSync(join(dir, 'p1', 'frontier.svg'), 'utf8')).toMatch(/^<svg/);
    expect(readFileSync(join(dir, 'p1', 'plan.md'), 'utf8')).toContain(`**Chosen: ${doc.chosen}**`);
    // plan.html: the Markdown's content with the frontier chart, which labels every candidate with its id
    const html = readFileSync(join(dir, 'p1', 'plan.html'), 'utf8');
    expect(html).toContain('<h2>Cost vs availability frontier</h2>\n<figure class="chart"><div class="chart-view" id="chart-frontier"');
    expect(html).toContain(`<strong>Chosen: ${doc.chosen}</strong>`);
    const spec = JSON.parse(readFileSync(join(dir, 'p1', 'frontier.vl.json'), 'utf8'));
    const labels = spec.layer.find((l: { mark?: { type?: string }; data?: unknown }) => l.mark?.type === 'text' && l.data).data.values.map((v: { label: string }) => v.label).join(', ');
    const evaluated = doc.candidates.filter((c: { analytic: unknown; cost: unknown }) => c.analytic && c.cost).map((c: { id: string }) => c.id);
    for (const id of evaluated) expect(labels.split(/, | \+/)).toContain(id.length ? id : '?');
    // faultline report re-renders plan.json byte for byte
    const re = faultline(['report', join(dir, 'p1', 'plan.json'), '--out', join(dir, 'p1r'), '--format', 'md,html,svg']);
    expect(re.code, re.stderr).toBe(0);
    for (const f of ['plan.md', 'plan.html', 'frontier.svg', 'frontier.vl.json']) expect(readFileSync(join(dir, 'p1r', f), 'utf8'), f).toBe(readFileSync(join(dir, 'p1', f), 'utf8'));
  });

  it('exits 3 when no configuration meets the SLOs', () => {
    const r = faultline(['plan', write(kOfN('', '[2, 3]', '99.9999%')), '--out', join(dir, 'p3'), '--no-confirm']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('no configuration meets the SLOs');
  });

  const bad: [string, string, string, RegExp][] = [
    ['typo in planning', kOfN().replace('downtime_per_minute', 'downtime_per_minut'), 'planning.cost.downtime_per_minut', /did you mean "downtime_per_minute"/],
    ['unknown component priced', kOfN().replace('{ web: 100 }', '{ web: 100, wbe: 5 }'), 'planning.cost.instance_per_month.wbe', /unknown component "wbe"/],
    ['path to a missing component', kOfN().replace('path: components.web.count', 'path: components.webb.count'), 'planning.search[0].path', /components\.webb does not exist/],
    ['typo in the last key of a path', kOfN().replace('path: components.web.count', 'path: components.web.cout'), 'planning.search[0].path', /unknown key "cout"/],
    ['path adding a crew', kOfN().replace('path: components.web.count, values: [1, 2, 3, 4, 5, 6, 7]', 'path: crews.opz, values: [1, 2]'), 'planning.search[0].path', /unknown crew "opz"/],
    ['value of the wrong type', kOfN('', '[2, three]'), 'planning.search[0].values[1]', /components\.web\.count/],
    ['costs do not match values', kOfN().replace('values: [1, 2, 3, 4, 5, 6, 7] }', 'values: [1, 2], cost_per_month: [1] }'), 'planning.search[0].cost_per_month', /1 costs for 2 values/],
    ['load on an unknown component', kOfN('  load: { component: api, arrival_rate: 9/s, service_rate_per_instance: 5/s, latency_slo: { wait_mean: 1s } }\n'), 'planning.load.component', /unknown component "api"/],
  ];
  it.each(bad)('%s: exit 2 with file:line:col and the path', (_label, text, path, problem) => {
    const file = write(text);
    const r = faultline(['plan', file, '--no-confirm', '--out', join(dir, 'bad')]);
    expect(r.code).toBe(2);
    const first = r.stderr.split('\n')[0];
    expect(first).toMatch(new RegExp(`^${file.replace(/[.[\]/\\-]/g, '\\$&')}:\\d+:\\d+: at ${path.replace(/[.[\]]/g, '\\$&')}: `));
    expect(first).toMatch(problem);
    expect(r.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
  });
});

describe('frontier chart', () => {
  it('has one point per evaluated candidate, the chosen one highlighted, and renders to SVG', async () => {
    const { buildPlanDocument } = await import('../src/plan/document.js');
    const { frontierChartSpec, nines } = await import('../src/plan/frontier-chart.js');
    const { renderSvg } = await import('../src/report/render-chart.js');
    const base = loadBaseDocument(write(kOfN()));
    const out = planCapacity(base, { confirm: false });
    const doc = buildPlanDocument(base.scenario, out, { seed: 3, replications: 200, confirm: false });
    const spec = frontierChartSpec(doc) as unknown as { data: { values: { id: string; status: string; nines: number }[] } };
    const evaluated = out.candidates.filter((c) => c.status === 'evaluated');
    expect(spec.data.values.map((v) => v.id)).toEqual(evaluated.map((c) => c.id));
    expect(spec.data.values.filter((v) => v.status === 'chosen').map((v) => v.id)).toEqual([out.chosen]);
    expect(nines(0.999)).toBeCloseTo(3, 12);
    const svg = await renderSvg(frontierChartSpec(doc));
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('Cost vs availability');
  });
});

describe('plan with data loss', () => {
  it('prices the simulated data loss: hourly backups (+500/month) beat 6-hourly ones when a GB lost costs 10', () => {
    // Operator errors at 1/d destroy the data written since the last backup: E[GB lost per incident] =
    // write rate x T/2 (Poisson incidents see time averages; the size, 1 TB, never caps the changed data), so
    // per month 30.4 x 10 MB/s x T/2:
    // T = 1 h: 548 GB (5475 + 500 = 5975 per month); T = 6 h: 3285 GB (32 850 per month).
    const text = `
name: plan backups
horizon: 30d
replications: 100
seed: 3
components:
  db: { failure: none, repair: none }
datastores:
  main: { primary: db, write_rate: 10MB/s, size: 1TB }
backups:
  periodic: { datastore: main, type: full, schedule: { every: 1h }, throughput: 100GB/s, restore_throughput: 1TB/s }
faults:
  - { kind: operator-error, datastore: main, rate: 1/d }
slo: { availability: 90% }
planning:
  cost:
    per_gb_lost: 10
  search:
    - { path: backups.periodic.schedule.every, values: [6h, 1h], cost_per_month: [0, 500] }
  confirm: 2
`;
    const out = planCapacity(loadBaseDocument(write(text)), {});
    const chosen = out.candidates.find((c) => c.id === out.chosen) as CandidateResult;
    expect(chosen.settings['backups.periodic.schedule.every']).toBe('1h');
    const lost = (every: string) => out.candidates.find((c) => c.settings['backups.periodic.schedule.every'] === every)?.simulation?.cost.dataLossGb as number;
    // The ratio of expected losses is 6 (T/2 each); simulation noise with ~3000 incidents is a few percent.
    expect(lost('6h') / lost('1h')).toBeGreaterThan(4);
    expect(lost('6h') / lost('1h')).toBeLessThan(8);
    expect(chosen.simulation?.cost.dataLoss).toBeCloseTo((chosen.simulation?.cost.dataLossGb as number) * 10, 9);
  });
});
