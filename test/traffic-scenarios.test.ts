/**
 * Bundled traffic scenarios (load, run a few replications, compare variants), bad input for the traffic
 * keys (file:line:col, path, expectation), determinism, and the balancer-pair CTMC.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileModel } from '../src/model/compiled-model.js';
import { runReplication } from '../src/run/replication.js';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../src/report/html.js';
import { formatPercentEstimate } from '../src/report/format.js';
import { buildResults } from '../src/results/build.js';
import { runScenario } from '../src/run/runner.js';
import { ScenarioError } from '../src/scenario/errors.js';
import { loadScenario, parseScenario } from '../src/scenario-document/load.js';
import { balancerPairAvailability } from '../src/traffic/analytic.js';
import { ROOT } from './helpers/cli.js';

const scenario = (file: string) => loadScenario(join(ROOT, 'scenarios', file));

describe('bundled traffic scenarios', () => {
  it('api-multi-zone loads with its services, policies and faults, and runs', () => {
    const sc = scenario('api-multi-zone.yaml');
    const t = sc.traffic!;
    expect(t.services.map((s) => [s.name, s.balancer.policy, s.hosts.length])).toEqual([
      ['api', 'least_request', 6],
      ['db', 'primary_backup', 2],
    ]);
    expect(t.dailyProfile).toHaveLength(24);
    const doc = buildResults(runScenario(sc, { replications: 4 }), null);
    const r = doc.traffic!;
    expect(r.requestSuccessRatio.estimate).toBeGreaterThan(0.99);
    expect(r.requestSuccessRatio.estimate).toBeLessThan(1);
    expect(r.mttr!.count).toBeGreaterThan(0);
    expect(Object.keys(doc.distributions)).toEqual(expect.arrayContaining(['traffic.latency', 'traffic.detection_time', 'traffic.failover_time', 'traffic.mttr']));
    expect(doc.slo.map((c) => c.objective)).toEqual(expect.arrayContaining(['request_success_ratio', 'latency_p99']));
    // The HTML report has the requests table, with the request success ratio as measured.
    const html = renderHtml(doc);
    expect(html).toContain('<h2 id="traffic">Requests</h2>');
    expect(html).toContain(`<td>request success ratio</td><td>${formatPercentEstimate(r.requestSuccessRatio)}</td>`);
  });

  it('canary deploys lose fewer requests than all-at-once deploys (same seed, 20 replications, CIs disjoint)', () => {
    const run = (file: string) => buildResults(runScenario(scenario(file), { replications: 20 }), null).traffic!;
    const canary = run('deploy-canary.yaml');
    const all = run('deploy-all-at-once.yaml');
    expect(canary.deploys!.caughtInCanary).toBeGreaterThan(0);
    expect(all.deploys!.caughtInCanary).toBe(0);
    expect(canary.requestSuccessRatio.ci95![0]).toBeGreaterThan(all.requestSuccessRatio.ci95![1]);
  });

  it('zone-partition: partitions cost requests although the hosts stay up; a primary_backup variant runs on the same seed', () => {
    const sc = scenario('zone-partition.yaml');
    const variant = (policy: 'round_robin' | 'primary_backup') => {
      const services = sc.traffic!.services.map((s) => ({ ...s, balancer: { ...s.balancer, policy } }));
      return buildResults(runScenario({ ...sc, traffic: { ...sc.traffic!, services } }, { replications: 20 }), null).traffic!;
    };
    const rr = variant('round_robin');
    expect(rr.detection.count).toBeGreaterThan(0);
    expect(rr.requestSuccessRatio.estimate).toBeLessThan(1);
    const pb = variant('primary_backup');
    expect(pb.requestSuccessRatio.estimate).toBeLessThan(1);
  });

  it('a replication does not depend on which other replications ran before it (cold or warm fluid cache, as in workers)', () => {
    const text = readFileSync(join(ROOT, 'scenarios', 'api-multi-zone.yaml'), 'utf8').replace('horizon: 1y', 'horizon: 30d');
    const warm = runScenario(parseScenario(text), { replications: 4 }).accumulator.replications()[3];
    const cold = runReplication(compileModel(parseScenario(text)), 3).stats; // fresh scenario object: empty cache
    expect(JSON.stringify(cold)).toBe(JSON.stringify(warm));
  });

  it('is deterministic: same scenario and seed give identical results', () => {
    const sc = scenario('zone-partition.yaml');
    const a = JSON.stringify(buildResults(runScenario(sc, { replications: 3 }), null));
    const b = JSON.stringify(buildResults(runScenario(sc, { replications: 3 }), null));
    expect(a).toBe(b);
  });
});

describe('balancer pair with imperfect failover (CTMC)', () => {
  it('reduces to the 2-unit parallel system with perfect, instantaneous failover', () => {
    const l = 1 / 1000, m = 1 / 10;
    const a = m / (l + m);
    expect(balancerPairAvailability(l, m, 1, 0)).toBeCloseTo(1 - (1 - a) ** 2, 12);
  });
  it('is lower with imperfect coverage and with a failover delay', () => {
    const l = 1 / 1000, m = 1 / 10;
    const perfect = balancerPairAvailability(l, m, 1, 0);
    expect(balancerPairAvailability(l, m, 0.9, 0)).toBeLessThan(perfect);
    expect(balancerPairAvailability(l, m, 1, 60)).toBeLessThan(perfect);
  });
  it('matches the simulated balancer availability (95% CI)', () => {
    const sc = parseScenario(`
name: lb-pair
horizon: 2000h
replications: 200
seed: 4
components:
  lb: { count: 2, failure: { exponential: { mtbf: 200h } }, repair: { exponential: { mttr: 10h } } }
  api: { failure: none, repair: none }
services:
  api: { instances: api, service_time: 1ms, balancer: { nodes: lb, failover_time: 2h, failover_success: 80% } }
traffic: { entry: api, rate: 1/s }
`);
    const doc = buildResults(runScenario(sc), null);
    const c = doc.comparison.find((x) => x.metric === 'balancer_availability[api]')!;
    expect(c).toBeDefined();
    expect(c.analytic).toBeLessThan(0.99);
    expect(c.verdict, JSON.stringify(c)).toBe('agrees');
  });
});

describe('request success ratio vs its first-order analytic value (95% CI)', () => {
  const text = (balancer: string) => `
name: rs
horizon: 1y
replications: 100
seed: 8
components:
  api: { count: 4, failure: { exponential: { mtbf: 10d } }, repair: { exponential: { mttr: 30m } } }
services:
  api:
    instances: api
    service_time: { lognormal: { median: 20ms, p95: 100ms } }
    timeout: 300ms
    balancer: ${balancer}
traffic: { entry: api, rate: 50/s }
`;
  for (const [what, balancer] of [
    ['health-checked random balancer', '{ policy: random, health_check: { interval: 10s, timeout: 1s, unhealthy_threshold: 3 } }'],
    ['round robin without health checks (F = host unavailability + timeouts)', '{ policy: round_robin }'],
  ]) {
    it(what, () => {
      const doc = buildResults(runScenario(parseScenario(text(balancer))), null);
      const c = doc.comparison.find((x) => x.metric === 'request_success_ratio')!;
      expect(c, 'comparison present').toBeDefined();
      expect(c.analytic).toBeLessThan(0.998);
      expect(c.verdict, JSON.stringify(c)).toBe('agrees');
    });
  }
});

describe('bad traffic input', () => {
  const base = `name: x
horizon: 1d
components:
  api: { count: 2, failure: none, repair: none }
`;
  const error = (text: string): ScenarioError => {
    try {
      parseScenario(text, 'bad.yaml');
    } catch (e) {
      return e as ScenarioError;
    }
    throw new Error('no error');
  };
  const cases: [string, string, string, RegExp][] = [
    ['unknown policy', `${base}services:\n  api: { instances: api, service_time: 1ms, balancer: { policy: round_robbin } }\ntraffic: { entry: api, rate: 1/s }\n`, 'services.api.balancer.policy', /did you mean "round_robin"/],
    ['unknown component', `${base}services:\n  api: { instances: apx, service_time: 1ms }\ntraffic: { entry: api, rate: 1/s }\n`, 'services.api.instances', /unknown component "apx"/],
    ['unknown entry', `${base}services:\n  api: { instances: api, service_time: 1ms }\ntraffic: { entry: web, rate: 1/s }\n`, 'traffic.entry', /unknown service "web"/],
    ['health check without interval', `${base}services:\n  api: { instances: api, service_time: 1ms, balancer: { health_check: { timeout: 1s } } }\ntraffic: { entry: api, rate: 1/s }\n`, 'services.api.balancer.health_check.interval', /missing required key "interval"/],
    ['wrong weights count', `${base}services:\n  api: { instances: api, service_time: 1ms, balancer: { policy: weighted_round_robin, weights: [1, 2, 3] } }\ntraffic: { entry: api, rate: 1/s }\n`, 'services.api.balancer.weights', /3 weights for 2 hosts/],
    ['unknown fault kind', `${base}services:\n  api: { instances: api, service_time: 1ms }\ntraffic: { entry: api, rate: 1/s }\nfaults:\n  - { kind: partiton, from: clients, to: api, at: 1h, duration: 1m }\n`, 'faults[0].kind', /did you mean "partition"/],
    ['partition without to', `${base}services:\n  api: { instances: api, service_time: 1ms }\ntraffic: { entry: api, rate: 1/s }\nfaults:\n  - { kind: partition, from: clients, at: 1h, duration: 1m }\n`, 'faults[0].to', /missing required key "to"/],
    ['unknown endpoint', `${base}services:\n  api: { instances: api, service_time: 1ms }\ntraffic: { entry: api, rate: 1/s }\nfaults:\n  - { kind: blackhole, target: zone-z, at: 1h, duration: 1m }\n`, 'faults[0].target[0]', /unknown endpoint "zone-z"/],
    ['loss out of range', `${base}services:\n  api: { instances: api, service_time: 1ms }\ntraffic: { entry: api, rate: 1/s }\nfaults:\n  - { kind: loss, target: api, loss: 150%, at: 1h, duration: 1m }\n`, 'faults[0].loss', /probability/],
    ['daily profile length', `${base}services:\n  api: { instances: api, service_time: 1ms }\ntraffic: { entry: api, rate: 1/s, daily_profile: [1, 2] }\n`, 'traffic.daily_profile', /2 multipliers given/],
    ['traffic without services', `${base}traffic: { entry: api, rate: 1/s }\n`, 'traffic', /no services are declared/],
    ['exact mode over a long horizon', `${base}services:\n  api: { instances: api, service_time: 1ms }\ntraffic: { entry: api, rate: 1000/s, mode: exact }\n`.replace('horizon: 1d', 'horizon: 1y'), 'traffic.mode', /requests per replication/],
    ['call cycle', `${base}  db: { failure: none, repair: none }\nservices:\n  api: { instances: api, service_time: 1ms, calls: [db] }\n  db: { instances: db, service_time: 1ms, calls: [api] }\ntraffic: { entry: api, rate: 1/s }\n`, 'services', /call cycle/],
  ];
  for (const [what, text, path, problem] of cases) {
    it(`${what}: names file, line, column, path and the problem`, () => {
      const all = error(text).list();
      const e = all.find((x) => x.path.startsWith(path)) ?? all[0];
      expect(e.path, e.message).toContain(path);
      expect(e.file).toBe('bad.yaml');
      expect(e.line).toBeGreaterThan(0);
      expect(e.column).toBeGreaterThan(0);
      expect(e.message).toMatch(problem);
      expect(e.expected.length).toBeGreaterThan(0);
    });
  }
});
