/**
 * Kubernetes HPA autoscaling of load services: the decision (src/load/autoscaling-algorithm.ts) against the
 * reference written from the Kubernetes docs (test/reference/hpa.ts) on hand cases and on scripted metric
 * series; the simulated steady-state replica count against ceil(offered slots / (slots per replica x target)).
 */
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { desiredFromMetric, HpaState } from '../src/load/autoscaling-algorithm.js';
import { DEFAULT_SCALE_DOWN, DEFAULT_SCALE_UP } from '../src/load/autoscaling-schema.js';
import type { AutoscalingSpec, ScalingRules } from '../src/load/autoscaling-types.js';
import type { LoadResults } from '../src/load/results.js';
import { staticStability } from '../src/load/static-stability.js';
import { checkZoneLoss, peakTime, zoneLossScenario } from '../src/plan/zone-loss.js';
import { buildResults } from '../src/results/build.js';
import { runScenario } from '../src/run/runner.js';
import { parseScenario } from '../src/scenario-document/load.js';
import { refController, refProposal, type Pod, type RefHpa, type RefRules } from './reference/hpa.js';

const toRef = (r: ScalingRules): RefRules => ({
  stabilizationWindowSeconds: r.stabilizationWindow,
  selectPolicy: r.selectPolicy,
  policies: r.policies.map((p) => ({ type: p.type, value: p.type === 'Percent' ? Math.round(p.value * 100) : p.value, periodSeconds: p.period })),
});

function spec(over: Partial<AutoscalingSpec> = {}): AutoscalingSpec {
  return {
    minReplicas: 1,
    maxReplicas: 50,
    targetUtilization: 0.5,
    syncPeriod: 15,
    tolerance: 0.1,
    scaleUp: DEFAULT_SCALE_UP,
    scaleDown: DEFAULT_SCALE_DOWN,
    startupTime: { kind: 'fixed', value: 0 },
    startupFailure: 0,
    scaleFailure: 0,
    retryAfter: 15,
    evictionTimeout: 300,
    ...over,
  };
}

/** The code under test fed the same pods as the reference. */
function sample(pods: Pod[]) {
  const ready = pods.filter((p): p is { state: 'ready'; utilization: number } => p.state === 'ready');
  return {
    readyUtilization: ready.length ? ready.reduce((a, p) => a + p.utilization, 0) / ready.length : 0,
    ready: ready.length,
    unready: pods.filter((p) => p.state === 'unready').length,
    missing: pods.filter((p) => p.state === 'missing').length,
  };
}

function runCode(sp: AutoscalingSpec, initial: number, syncs: { t: number; pods: (n: number) => Pod[] }[]): number[] {
  const hpa = new HpaState(sp);
  let n = initial;
  return syncs.map((s) => {
    const pods = s.pods(n);
    const next = hpa.decide(s.t, n, desiredFromMetric(n, sample(pods), sp.targetUtilization, sp.tolerance));
    hpa.recordScale(s.t, n, next);
    n = next;
    return n;
  });
}

const readyPods = (n: number, u: number): Pod[] => Array.from({ length: n }, () => ({ state: 'ready', utilization: u }));

describe('HPA algorithm details (Kubernetes docs)', () => {
  it('docs example: metric 200m for a 100m target doubles the replicas; 50m halves them', () => {
    // "if the current metric value is 200m, and the desired value is 100m, the number of replicas will be
    // doubled, since 200.0 / 100.0 == 2.0. If the current value is instead 50m, you'll halve the number of replicas"
    expect(desiredFromMetric(4, sample(readyPods(4, 0.4)), 0.2, 0.1)).toBe(8);
    expect(desiredFromMetric(4, sample(readyPods(4, 0.1)), 0.2, 0.1)).toBe(2);
  });

  it('a ratio within the tolerance (0.1) skips scaling; just outside it scales', () => {
    expect(desiredFromMetric(10, sample(readyPods(10, 0.54)), 0.5, 0.1)).toBe(10); // ratio 1.08
    expect(desiredFromMetric(10, sample(readyPods(10, 0.56)), 0.5, 0.1)).toBe(12); // ceil(10 x 1.12)
    expect(desiredFromMetric(10, sample(readyPods(10, 0.46)), 0.5, 0.1)).toBe(10); // ratio 0.92
  });

  it('not-yet-ready pods count 0% on a scale-up: 4 ready at 100% of a 50% target and 4 starting -> 8, not 8 x 2', () => {
    const pods: Pod[] = [...readyPods(4, 1), ...Array.from({ length: 4 }, () => ({ state: 'unready' }) as Pod)];
    // base ratio 2 (scale-up); recomputed: (4 x 1 + 4 x 0) / 8 / 0.5 = 1.0 -> within tolerance: no change.
    expect(refProposal(pods, 0.5, 0.1)).toBe(8);
    expect(desiredFromMetric(8, sample(pods), 0.5, 0.1)).toBe(8);
  });

  it('missing metrics count 100% on a scale-down, which can reverse it (no action)', () => {
    const pods: Pod[] = [...readyPods(2, 0.3), { state: 'missing' }];
    // base ratio 0.6 (down); recomputed (0.6 + 1) / 3 / 0.5 = 1.067 -> reversed direction: keep 3.
    expect(refProposal(pods, 0.5, 0.1)).toBe(3);
    expect(desiredFromMetric(3, sample(pods), 0.5, 0.1)).toBe(3);
  });

  it('default behavior: a drop is followed only after the 300 s scale-down window; a rise at once, at most max(100%, 4 pods) per 15 s', () => {
    const sp = spec();
    const syncs = Array.from({ length: 40 }, (_, i) => ({ t: 15 * (i + 1), pods: (n: number) => readyPods(n, i < 10 ? 1 : 0.1) }));
    const got = runCode(sp, 2, syncs);
    // Up: 2 -> 4 (ceil(2 x 2)), 4 -> 8, 8 -> 16, 16 -> 32 (100% per 15 s beats 4 pods), then 50 (max).
    expect(got.slice(0, 5)).toEqual([4, 8, 16, 32, 50]);
    // The metric drops at sync 11 (t = 165 s): the window keeps the highest recommendation of the last 300 s.
    expect(got.slice(10, 29).every((n) => n === 50)).toBe(true);
    expect(got[39]).toBeLessThan(50);
    expect(got).toEqual(refController({ minReplicas: 1, maxReplicas: 50, target: 0.5, tolerance: 0.1, scaleUp: toRef(DEFAULT_SCALE_UP), scaleDown: toRef(DEFAULT_SCALE_DOWN) }, 2, syncs));
  });

  it('matches the reference on 300 scripted metric series with random behaviors (seed fixed before running)', () => {
    const rng = seedrandom.alea('hpa-reference-1');
    const pick = <T>(xs: T[]): T => xs[Math.floor(rng() * xs.length)];
    for (let c = 0; c < 300; c++) {
      const rules = (): ScalingRules => ({
        stabilizationWindow: pick([0, 30, 60, 300]),
        selectPolicy: pick(['Max', 'Min', 'Max', 'Disabled'] as const),
        policies: Array.from({ length: 1 + Math.floor(rng() * 2) }, () =>
          rng() < 0.5 ? { type: 'Pods' as const, value: 1 + Math.floor(rng() * 5), period: pick([15, 30, 60]) } : { type: 'Percent' as const, value: pick([10, 50, 100, 200]) / 100, period: pick([15, 30, 60]) },
        ),
      });
      const min = 1 + Math.floor(rng() * 3);
      const sp = spec({ minReplicas: min, maxReplicas: min + Math.floor(rng() * 30), targetUtilization: pick([0.3, 0.5, 0.7]), tolerance: pick([0, 0.1]), scaleUp: rules(), scaleDown: rules() });
      const syncs = Array.from({ length: 60 }, (_, i) => {
        const u = rng();
        const unready = rng() < 0.2 ? Math.floor(rng() * 3) : 0;
        const missing = rng() < 0.2 ? Math.floor(rng() * 2) : 0;
        return {
          t: 15 * (i + 1),
          pods: (n: number): Pod[] => Array.from({ length: n }, (_, k) => (k < unready ? { state: 'unready' } : k < unready + missing ? { state: 'missing' } : { state: 'ready', utilization: u })),
        };
      });
      const ref: RefHpa = { minReplicas: sp.minReplicas, maxReplicas: sp.maxReplicas, target: sp.targetUtilization, tolerance: sp.tolerance, scaleUp: toRef(sp.scaleUp), scaleDown: toRef(sp.scaleDown) };
      const initial = 1 + Math.floor(rng() * 40);
      expect(runCode(sp, initial, syncs), `case ${c}`).toEqual(refController(ref, initial, syncs));
    }
  });
});

function scenario(mode: 'exact' | 'fluid', autoscaling: string, extra = ''): string {
  return `
name: hpa steady state
horizon: 2h
warmup: 30m
replications: 2
seed: 7
components:
  api: { count: 10, zones: [a, b], failure: none, repair: none }
system: { k_of_n: { k: 1, of: api } }
load:
  mode: ${mode}
  bucket: 5m
  services:
    api:
      instances: api
      rate: 100/s
      capacity: { concurrency: 2, service_time: { exponential: { mean: 50ms } } }
      autoscaling: ${autoscaling}
${extra}`;
}

function runLoad(text: string): LoadResults {
  return buildResults(runScenario(parseScenario(text)), null).load!;
}

describe('HPA in simulation: steady-state replica counts', () => {
  // 100 requests/s x 50 ms = 5 busy slots; 2 slots per replica at a 60% target: ceil(5 / 1.2) = 5 replicas.
  it('fluid mode, tolerance 0: exactly ceil(rate x E[S] / (slots x target)) = 5 replicas after the ramp', () => {
    const r = runLoad(scenario('fluid', '{ min_replicas: 1, max_replicas: 10, target_utilization: 60%, tolerance: 0 }'));
    const a = r.services[0].autoscaling!;
    expect(a.analytic.replicasAtMeanRate).toBe(5);
    for (const x of a.series.replicas) expect(x).toBeCloseTo(5, 9);
    expect(a.atMaxFraction.estimate).toBe(0);
    expect(r.services[0].utilisation.estimate).toBeCloseTo(5 / 10, 9);
  });

  it('exact mode, tolerance 0.1: the replicas stay in the HPA stable set {4, 5} = [ceil(5 / (1.2 x 1.1)), ceil(5 / 1.2)]', () => {
    const r = runLoad(scenario('exact', '{ min_replicas: 1, max_replicas: 10, target_utilization: 60% }'));
    const a = r.services[0].autoscaling!;
    for (const x of a.series.replicas) {
      expect(x).toBeGreaterThanOrEqual(4 - 1e-9);
      expect(x).toBeLessThanOrEqual(5 + 1e-9);
    }
  });

  it('SLO under_provisioned_max: the ramp from 1 replica is under-provisioned; a 0% target fails, 100% passes', () => {
    const text = scenario('fluid', '{ min_replicas: 1, max_replicas: 10, target_utilization: 60%, tolerance: 0 }').replace('warmup: 30m', 'warmup: 0s');
    const fail = buildResults(runScenario(parseScenario(`${text}slo: { under_provisioned_max: 0% }\n`)), null).slo.find((c) => c.objective === 'under_provisioned_max')!;
    // 1 replica < ceil(5 / (2 x 0.6 x 1.0)) = 5 needed until the first scale-ups (15 s, 30 s, 45 s): > 0.
    expect(fail.status).toBe('fail');
    const pass = buildResults(runScenario(parseScenario(`${text}slo: { under_provisioned_max: 100% }\n`)), null).slo.find((c) => c.objective === 'under_provisioned_max')!;
    expect(pass.status).toBe('pass');
  });

  it('start-up time: replicas added at once serve only after it (serving lags replicas)', () => {
    const r = runLoad(scenario('fluid', '{ min_replicas: 1, max_replicas: 10, target_utilization: 60%, tolerance: 0, startup_time: 10m }').replace('warmup: 30m', 'warmup: 0s'));
    const a = r.services[0].autoscaling!;
    // First bucket [0, 5 min): 1 replica serving; the scale-up at 15 s adds 1 (100%), which is ready only at 10m15s.
    expect(a.series.serving[0]).toBeCloseTo(1, 9);
    expect(a.series.replicas[0]).toBeGreaterThan(1.9);
  });
});

describe('static stability per zone (hand arithmetic)', () => {
  const spec = (text: string) => parseScenario(text).load!.services[0];
  it('7 hosts over zones a, b, c (3, 2, 2): losing a leaves 4; 5 busy slots on 4 x 1 slots = 125%, not stable', () => {
    const s = spec(scenario('fluid', 'null').replace('count: 10, zones: [a, b]', 'count: 7, zones: [a, b, c]').replace('concurrency: 2', 'concurrency: 1').replace('      autoscaling: null\n', '      static_stability: { zones_lost: 1, max_utilization: 90% }\n'));
    const t = staticStability(s)!;
    expect(t.lostZones).toEqual(['a']);
    expect(t.survivingReplicas).toBe(4);
    expect(t.utilisation).toBeCloseTo(1.25, 12);
    expect(t.stable).toBe(false);
  });

  it('with 2 slots per host: 5 / 8 = 62.5%, stable; M/M/2 wait per host at 25/s, mu 20/s: C(2, 1.25) / (40 - 25) = 0.0320513 s', () => {
    const s = spec(scenario('fluid', 'null').replace('count: 10, zones: [a, b]', 'count: 7, zones: [a, b, c]').replace('      autoscaling: null\n', '      static_stability: { zones_lost: 1, max_utilization: 90% }\n'));
    const t = staticStability(s)!;
    expect(t.utilisation).toBeCloseTo(0.625, 12);
    expect(t.stable).toBe(true);
    // Erlang C(2, a = 1.25) = (a^2/2 x 2/(2 - a)) / (1 + a + a^2/2 x 2/(2 - a)) = 2.083333 / 4.333333 = 0.480769.
    expect(t.erlangCWait!).toBeCloseTo(0.480769 / 15, 6);
  });

  it('autoscaled: the HPA steady state at peak, ceil(21 / (4 x 0.7)) = 8 over a, b, c as 3, 3, 2; losing a leaves 5: 105%', () => {
    const text = scenario('fluid', '{ min_replicas: 3, max_replicas: 12, target_utilization: 70% }')
      .replace('count: 10, zones: [a, b]', 'count: 12, zones: [a, b, c]')
      .replace('rate: 100/s', 'rate: 420/s')
      .replace('concurrency: 2', 'concurrency: 4')
      .replace('      autoscaling:', '      static_stability: { zones_lost: 1 }\n      autoscaling:');
    const t = staticStability(spec(text))!;
    expect(t.replicasPerZone).toEqual([{ zone: 'a', replicas: 3 }, { zone: 'b', replicas: 3 }, { zone: 'c', replicas: 2 }]);
    expect(t.survivingReplicas).toBe(5);
    expect(t.utilisation).toBeCloseTo(21 / 20, 12);
    expect(t.stable).toBe(false);
  });
});

describe('plan: zone loss at peak by simulation', () => {
  const text = (rate: string, warmup = '0s') => `
name: zone loss plan
horizon: 2d
warmup: ${warmup}
replications: 3
seed: 9
components:
  api: { count: 4, zones: [a, b], failure: none, repair: none }
system: { k_of_n: { k: 1, of: api } }
load:
  mode: fluid
  bucket: 10m
  services:
    api:
      instances: api
      rate: ${rate}
      daily_profile: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.25, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
      capacity: { concurrency: 1, service_time: { exponential: { mean: 50ms } } }
slo: { goodput_ratio: 99.9% }
`;

  it('the loss starts at the first peak hour inside the window and takes every instance of the worst zone', () => {
    expect(peakTime(parseScenario(text('24/s')).load!.services[0], 0, 2 * 86400, 3600)).toBe(12 * 3600);
    const sc = parseScenario(text('24/s', '13h'));
    const built = zoneLossScenario(sc, 3600, 1)!;
    expect(built.at).toBe(86400 + 12 * 3600);
    const f = built.scenario.faults.at(-1)!;
    expect(f.kind).toBe('zone-outage');
    expect(f.zone).toBe('a');
    expect(f.targets).toEqual(['api[1]', 'api[3]']);
  });

  it('survivors below capacity keep the objective; above it, goodput <= 1 - (1 - 2 / 2.5) x 1 h / 48 h fails it', () => {
    // 24/s x 1.25 = 30/s at peak: 1.5 busy slots on the 2 surviving slots (75%): no SLO failure.
    const light = checkZoneLoss(parseScenario(text('24/s')), 3600, 1, undefined, undefined)!;
    expect(light.reasons).toEqual([]);
    // 40/s x 1.25 = 50/s: 2.5 busy slots offered to 2 slots; at most 40/s are served during the hour.
    const heavy = checkZoneLoss(parseScenario(text('40/s')), 3600, 1, undefined, undefined)!;
    expect(heavy.services[0].goodputRatio.estimate!).toBeLessThanOrEqual(1 - 0.2 / 48);
    expect(heavy.reasons.length).toBe(1);
    expect(heavy.services[0].staticStability!.utilisation).toBeCloseTo(1.25, 12);
  });
});
