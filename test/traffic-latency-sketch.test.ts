/**
 * Issue 11 item 11: latency quantiles from a DDSketch with a stated relative accuracy, whose error is in
 * the CI. References: the lognormal quantile median x exp(sigma z_p), sigma = ln(p95/median)/z_0.95
 * (closed form); a fixed service time, whose every quantile is that time; DDSketch's guarantee
 * |reported - exact| <= alpha exact (Masson, Rim & Lee, PVLDB 12(12), 2019), checked on a sorted sample.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jStat from 'jstat';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { buildResults } from '../src/results/build.js';
import { runScenario } from '../src/run/runner.js';
import { parseScenario } from '../src/scenario-document/load.js';
import {
  addLatency,
  emptySketch,
  LATENCY_RELATIVE_ACCURACY,
  mergeSketches,
  mixSketches,
  scaleSketch,
  sketchCount,
  sketchQuantile,
} from '../src/traffic/latency-sketch.js';
import { faultline } from './helpers/cli.js';

const run = (text: string) => {
  const sc = parseScenario(text);
  return buildResults(runScenario(sc), null);
};

describe('latency sketch (item 11)', () => {
  // The fluid retry-budget interpolation mixes per-node sketches with Lagrange weights (some negative):
  // by hand, A = {1 s: 1}, B = {1 s: 0.5, 2 s: 0.5}. Weights (0.5, 0.5): {1 s: 0.75, 2 s: 0.25}.
  // Weights (2, -1): {1 s: 1.5, 2 s: -0.5} -> clamped {1 s: 1.5} -> renormalized {1 s: 1}.
  it('mixSketches: weighted sum, negative counts clamped, total renormalized to 1', () => {
    const a = emptySketch();
    addLatency(a, 1);
    const b = emptySketch();
    addLatency(b, 1, 0.5);
    addLatency(b, 2, 0.5);
    const half = mixSketches([a, b], [0.5, 0.5]);
    expect(sketchCount(half)).toBeCloseTo(1, 12);
    scaleSketch(half, 1000); // quantile ranks are p (count - 1): read them on 1000 requests
    expect(Math.abs(sketchQuantile(half, 0.7)! - 1)).toBeLessThanOrEqual(LATENCY_RELATIVE_ACCURACY);
    expect(Math.abs(sketchQuantile(half, 0.8)! / 2 - 1)).toBeLessThanOrEqual(LATENCY_RELATIVE_ACCURACY);
    const extrapolated = mixSketches([a, b], [2, -1]);
    expect(sketchCount(extrapolated)).toBeCloseTo(1, 12);
    expect(Math.min(extrapolated.zero, ...extrapolated.counts)).toBeGreaterThanOrEqual(0);
    scaleSketch(extrapolated, 1000);
    expect(Math.abs(sketchQuantile(extrapolated, 1)! - 1)).toBeLessThanOrEqual(LATENCY_RELATIVE_ACCURACY);
    expect(() => mixSketches([a, b], [1])).toThrow(/2 sketches but 1 weights/);
  });

  it('reported quantiles are within alpha of the exact sample quantiles (lower quantile at rank p (n - 1))', () => {
    const rng = seedrandom('latency-sketch-11');
    const xs = Array.from({ length: 20000 }, () => 0.02 * Math.exp(0.7 * jStat.normal.inv(rng(), 0, 1)));
    const s = emptySketch();
    for (const x of xs) addLatency(s, x);
    const sorted = [...xs].sort((a, b) => a - b);
    for (const p of [0.01, 0.5, 0.9, 0.99, 0.999]) {
      const exact = sorted[Math.floor(p * (sorted.length - 1))];
      const got = sketchQuantile(s, p) as number;
      expect(Math.abs(got - exact) / exact, `p = ${p}`).toBeLessThanOrEqual(LATENCY_RELATIVE_ACCURACY + 1e-12);
    }
  });

  it('merging is order-independent in value and byte-identical in a fixed order', () => {
    const parts = [0, 1, 2].map((k) => {
      const s = emptySketch();
      const rng = seedrandom(`part-${k}`);
      for (let i = 0; i < 1000; i++) addLatency(s, 0.001 + rng() * (k + 1), 0.5 + rng());
      return s;
    });
    const a = JSON.stringify(mergeSketches(parts));
    expect(JSON.stringify(mergeSketches(parts))).toBe(a);
    const b = mergeSketches([parts[2], parts[0], parts[1]]);
    expect(sketchQuantile(b, 0.99)).toBe(sketchQuantile(JSON.parse(a), 0.99));
  });

  it('exact mode, lognormal service time: the p99 CI contains median exp(sigma z_0.99)', () => {
    const doc = run(`
name: lognormal latency
horizon: 30m
replications: 30
seed: 31
components:
  api: { count: 2, failure: none, repair: none }
services:
  api:
    instances: api
    service_time: { lognormal: { median: 20ms, p95: 60ms } }
    timeout: 10s
    balancer: { policy: round_robin }
traffic: { entry: api, rate: 20/s, mode: exact }
`);
    const sigma = Math.log(3) / jStat.normal.inv(0.95, 0, 1);
    const exact = (p: number) => 0.02 * Math.exp(sigma * jStat.normal.inv(p, 0, 1));
    const t = doc.traffic!;
    expect(t.latency.relativeAccuracy).toBe(LATENCY_RELATIVE_ACCURACY);
    for (const [p, e] of [[0.5, t.latency.p50], [0.99, t.latency.p99]] as const) {
      const [lo, hi] = e.ci95 as [number, number];
      expect(exact(p), `p${p * 100}: ${exact(p)} outside [${lo}, ${hi}]`).toBeGreaterThanOrEqual(lo);
      expect(exact(p), `p${p * 100}: ${exact(p)} outside [${lo}, ${hi}]`).toBeLessThanOrEqual(hi);
      expect(lo).toBeGreaterThanOrEqual(0);
    }
  });

  it('a fixed 100 ms service time: p99 within 0.5% of 100 ms and a 100 ms latency_p99 SLO passes', () => {
    const doc = run(`
name: fixed latency
horizon: 10m
replications: 5
seed: 32
components:
  api: { count: 2, failure: none, repair: none }
services:
  api:
    instances: api
    service_time: { fixed: 100ms }
    timeout: 1s
    balancer: { policy: round_robin }
traffic: { entry: api, rate: 10/s }
slo: { latency_p99: 100ms }
`);
    const p99 = doc.traffic!.latency.p99;
    expect(Math.abs((p99.estimate as number) - 0.1) / 0.1).toBeLessThanOrEqual(LATENCY_RELATIVE_ACCURACY);
    const [lo, hi] = p99.ci95 as [number, number];
    expect(0.1).toBeGreaterThanOrEqual(lo);
    expect(0.1).toBeLessThanOrEqual(hi);
    expect(doc.slo.find((c) => c.objective === 'latency_p99')?.status).toBe('pass');
  });
});

describe('latency sketches keep results byte-identical across workers and shards (item 11)', () => {
  it('deploy-canary: workers 1 vs 2 and two shards merged give the same results.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fl-sketch-'));
    const args = ['scenarios/deploy-canary.yaml', '--seed', '7', '--replications', '6', '--no-progress'];
    const one = faultline(['run', ...args, '--workers', '1', '--out', join(dir, 'one')]);
    const two = faultline(['run', ...args, '--workers', '2', '--out', join(dir, 'two')]);
    for (let i = 0; i < 2; i++) expect(faultline(['run', ...args, '--shard', `${i}/2`, '--out', join(dir, 'shards')]).code).toBe(0);
    const merged = faultline(['merge', join(dir, 'shards'), '--out', join(dir, 'merged')]);
    expect(merged.code).toBe(one.code);
    expect(two.code).toBe(one.code);
    const text = (d: string) => readFileSync(join(dir, d, 'results.json'), 'utf8');
    expect(JSON.parse(text('one')).traffic.latency.relativeAccuracy).toBe(LATENCY_RELATIVE_ACCURACY);
    expect(text('two')).toBe(text('one'));
    expect(text('merged')).toBe(text('one'));
  });
});
