import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import type { AttributionResults } from '../src/attribution/results.js';
import type { Estimate } from '../src/results/estimators.js';
import { buildResults } from '../src/results/build.js';
import { runScenario } from '../src/run/runner.js';
import { parseScenario } from '../src/scenario-document/load.js';
import { yaml } from './helpers/data.js';

function attribution(text: string): AttributionResults {
  return buildResults(runScenario(parseScenario(yaml(text))), null).attribution as AttributionResults;
}

/**
 * Asserts that `exact` lies in the estimate's 95% CI widened to a family-wise 95% level over `m` checks
 * (Bonferroni: half-width x z(1 - 0.05 / 2m) / z(0.975)).
 */
function expectInsideFamily(e: Estimate | null, exact: number, m: number, what: string): void {
  expect(e?.ci95, `${what}: no interval`).toBeTruthy();
  const est = e!.estimate as number;
  const [lo, hi] = e!.ci95 as [number, number];
  const f = jStat.normal.inv(1 - 0.05 / (2 * m), 0, 1) / jStat.normal.inv(0.975, 0, 1);
  const [wlo, whi] = [est - (est - lo) * f, est + (hi - est) * f];
  expect(exact, `${what}: ${exact} outside [${wlo}, ${whi}] (estimate ${est})`).toBeGreaterThanOrEqual(wlo);
  expect(exact, `${what}: ${exact} outside [${wlo}, ${whi}] (estimate ${est})`).toBeLessThanOrEqual(whi);
}

describe('attribution: series system, failure clocks frozen while the system is down', () => {
  // With every clock frozen during an outage, an outage is exactly the repair of the unit that started it,
  // and unit i starts outages at rate lambda_i per unit of system up time (any law, renewal in up time).
  // Exact long-run shares: outages lambda_i / sum lambda_j; downtime (lambda_i MTTR_i) / sum (lambda_j MTTR_j).
  // Units: MTTF 1000 h / 2000 h / 500 h, MTTR 10 h / 40 h / 5 h -> lambda MTTR = 0.01, 0.02, 0.01.
  const a = attribution(`
    name: series frozen
    horizon: 10y
    replications: 200
    seed: 11
    ageing_while_system_down: false
    components:
      a: { failure: { exponential: { mtbf: 1000h } }, repair: { exponential: { mean: 10h } } }
      b: { failure: { exponential: { mtbf: 2000h } }, repair: { exponential: { mean: 40h } } }
      c: { failure: { exponential: { mtbf: 500h } }, repair: { exponential: { mean: 5h } } }
    system: { series: [a, b, c] }
    attribution: true
  `);
  const lam = { a: 1 / 1000, b: 1 / 2000, c: 1 / 500 };
  const mttr = { a: 10, b: 40, c: 5 };
  const sumL = lam.a + lam.b + lam.c;
  const sumU = lam.a * mttr.a + lam.b * mttr.b + lam.c * mttr.c;

  it('shares of outages and downtime by component match the closed forms (6 checks, Bonferroni)', () => {
    for (const k of ['a', 'b', 'c'] as const) {
      const row = a.byComponent.find((r) => r.name === k)!;
      expectInsideFamily(row.outageShare, lam[k] / sumL, 6, `outage share ${k}`);
      expectInsideFamily(row.downtimeShare, (lam[k] * mttr[k]) / sumU, 6, `downtime share ${k}`);
    }
  });

  it('every outage is started by a failure and ended by the unit that started it', () => {
    expect(a.byKind.map((r) => r.name)).toEqual(['failure']);
    expect(a.switchoverDowntimeShare.estimate).toBe(0);
    for (const r of a.importance) {
      const started = r.simulated.failureCriticality.estimate as number;
      expect(Math.abs((r.simulated.restoredShare.estimate as number) - started)).toBeLessThan(0.005);
      expect(r.simulated.heldDownShare.estimate).toBeCloseTo(a.byComponent.find((x) => x.name === r.instance)!.downtimeShare.estimate as number, 10);
    }
  });
});

describe('attribution: importance measures of series(A, parallel(B, C)), independent units, simulated vs closed forms', () => {
  // Independent alternating renewal units: q = MTTR / (MTTF + MTTR). Closed forms (Rausand & Høyland 2004,
  // ch. 5), with Q = 1 - (1 - qA)(1 - qB qC): I_B(A) = 1 - qB qC, I_B(B) = (1 - qA) qC, I_B(C) = (1 - qA) qB;
  // I_CR(i) = I_B(i) q_i / Q; I_FV(A) = qA / Q, I_FV(B) = I_FV(C) = qB qC / Q (each unit in one cut set, so
  // the cut-set form is exact); RAW(i) = Q(q_i = 1) / Q; RRW(i) = Q / Q(q_i = 0).
  const a = attribution(`
    name: series-parallel
    horizon: 2y
    warmup: 1000h
    replications: 200
    seed: 5
    components:
      A: { failure: { exponential: { mtbf: 1000h } }, repair: { exponential: { mean: 10h } } }
      B: { failure: { exponential: { mtbf: 100h } }, repair: { exponential: { mean: 10h } } }
      C: { failure: { exponential: { mtbf: 100h } }, repair: { exponential: { mean: 25h } } }
    system: { series: [A, { parallel: [B, C] }] }
    attribution: true
  `);
  const q = { A: 10 / 1010, B: 10 / 110, C: 25 / 125 };
  const Q = 1 - (1 - q.A) * (1 - q.B * q.C);
  const QA = (qa: number) => 1 - (1 - qa) * (1 - q.B * q.C);
  const QB = (qb: number) => 1 - (1 - q.A) * (1 - qb * q.C);
  const QC = (qc: number) => 1 - (1 - q.A) * (1 - q.B * qc);
  const exact = {
    A: { b: 1 - q.B * q.C, fv: q.A / Q, raw: QA(1) / Q, rrw: Q / QA(0) },
    B: { b: (1 - q.A) * q.C, fv: (q.B * q.C) / Q, raw: QB(1) / Q, rrw: Q / QB(0) },
    C: { b: (1 - q.A) * q.B, fv: (q.B * q.C) / Q, raw: QC(1) / Q, rrw: Q / QC(0) },
  };

  it('Birnbaum, criticality, Fussell-Vesely, RAW and RRW: each CI contains the closed form (15 checks, Bonferroni)', () => {
    for (const k of ['A', 'B', 'C'] as const) {
      const s = a.importance.find((r) => r.instance === k)!.simulated;
      const x = exact[k];
      expectInsideFamily(s.birnbaum, x.b, 15, `Birnbaum ${k}`);
      expectInsideFamily(s.criticality, (x.b * q[k]) / Q, 15, `criticality ${k}`);
      expectInsideFamily(s.fussellVesely, x.fv, 15, `Fussell-Vesely ${k}`);
      expectInsideFamily(s.raw, x.raw, 15, `RAW ${k}`);
      expectInsideFamily(s.rrw, x.rrw, 15, `RRW ${k}`);
    }
  });

  it('the analytic column prints the same closed forms', () => {
    for (const k of ['A', 'B', 'C'] as const) {
      const an = a.importance.find((r) => r.instance === k)!.analytic!;
      expect(an.birnbaum).toBeCloseTo(exact[k].b, 12);
      expect(an.raw).toBeCloseTo(exact[k].raw, 10);
      expect(an.rrw).toBeCloseTo(exact[k].rrw, 10);
    }
    expect(a.cutSets.count).toBe(2);
    expect(a.cutSets.unavailability).toBeCloseTo(Q, 12);
  });
});

describe('attribution: causes of injected faults and zones', () => {
  it('a zone outage is reported as the cause, under its kind and zone; absent key = no section', () => {
    const a = attribution(`
      name: zones
      horizon: 1y
      replications: 20
      seed: 3
      components:
        web: { count: 2, zones: [a, b], failure: { exponential: { mtbf: 2000h } }, repair: { exponential: { mean: 2h } } }
      system: { parallel: [web] }
      faults:
        - { kind: zone-outage, zone: a, at: 100d, duration: 3d }
        - { kind: crash, target: "web[2]", at: 101d, duration: 1h }
      attribution: { max_cut_set_order: 2 }
    `);
    const cause = a.causes.find((c) => c.kind === 'crash');
    expect(cause?.fault).toBe('faults[1]');
    expect(cause?.instance).toBe('web[2]');
    // Every replication: the crash of web[2] during the zone-a outage starts an outage of exactly 1 h.
    expect(cause?.outages).toBe(20);
    expect(a.byZone.find((z) => z.name === 'b')?.outages).toBeGreaterThanOrEqual(20);
    const none = buildResults(runScenario(parseScenario(yaml(`
      name: off
      horizon: 1y
      replications: 2
      components: { x: { failure: { exponential: { mtbf: 100h } }, repair: { fixed: 1h } } }
      system: x
    `))), null);
    expect(none.attribution).toBeUndefined();
  });
});

describe('attribution: bad input and bounds', () => {
  it('an out-of-range limit is an error at its position, with what was expected', () => {
    const text = yaml(`
      name: bad
      horizon: 1y
      components: { x: { failure: { exponential: { mtbf: 100h } }, repair: { fixed: 1h } } }
      system: x
      attribution: { max_cut_set_order: 99 }
    `);
    expect(() => parseScenario(text)).toThrow(/5:\d+.*attribution.*max_cut_set_order: 99 is outside 1\.\.8/s);
  });

  it('too many cut sets: the run still completes, the section says why the cut sets are missing', () => {
    const a = attribution(`
      name: wide
      horizon: 30d
      replications: 2
      components:
        u: { count: 12, failure: { exponential: { mtbf: 100h } }, repair: { fixed: 1h } }
      system: { k_of_n: { k: 3, of: u } }
      attribution: { max_cut_sets: 50 }
    `);
    expect(a.cutSets.count).toBeNull();
    expect(a.cutSets.refused).toMatch(/more than 50 minimal cut sets.*max_cut_sets/);
    expect(a.importance.every((r) => r.simulated.fussellVesely === null && r.analytic === null)).toBe(true);
    expect(a.importance[0].simulated.birnbaum.estimate).not.toBeNull();
  });
});

describe('attribution: comparison metrics', () => {
  it('downtime per year from failures + from faults (+ the rare structure-started outages) = the core downtime per year, per replication', async () => {
    const { attributionMetrics } = await import('../src/attribution/compare.js');
    const { coreMetrics } = await import('../src/core/compare.js');
    const run = runScenario(parseScenario(yaml(`
      name: split
      horizon: 1y
      replications: 30
      seed: 9
      components:
        lb: { failure: { exponential: { mtbf: 2000h } }, repair: { exponential: { mean: 2h } } }
        dba: { zone: a, failure: { exponential: { mtbf: 1000h } }, repair: { exponential: { mean: 5h } } }
        dbb: { zone: b, failure: { exponential: { mtbf: 1000h } }, repair: { exponential: { mean: 5h } } }
      system: { series: [lb, { standby: { primary: dba, spare: dbb, switchover: 2m } }] }
      faults:
        - { kind: zone-outage, zone: a, rate: 4/y, duration: { exponential: { mean: 3h } } }
      attribution: true
    `)));
    const reps = run.accumulator.replications();
    const total = coreMetrics.metrics.find((m) => m.metric === 'downtime_per_year')!.value!;
    const m = (name: string) => attributionMetrics.metrics.find((x) => x.metric === name)!.value!;
    const structure = (r: (typeof reps)[number]) => ((r.attribution!.causes.s?.[1] ?? 0) / r.window) * 365 * 86400;
    expect(attributionMetrics.metrics.every((x) => x.applicable!(reps))).toBe(true);
    for (const r of reps) {
      expect(m('downtime_per_year_from_failures')(r) + m('downtime_per_year_from_faults')(r) + structure(r)).toBeCloseTo(total(r), 6);
      // Switchover time is part of the downtime (of outages started by a failure or a fault).
      expect(m('downtime_per_year_in_switchovers')(r)).toBeLessThanOrEqual(total(r) + 1e-9);
    }
    for (const name of ['downtime_per_year_from_failures', 'downtime_per_year_from_faults', 'downtime_per_year_in_switchovers']) {
      expect(reps.some((r) => m(name)(r) > 0), name).toBe(true);
    }
  });
});

describe('attribution: series system, units keep ageing while the system is down (reference CTMC)', () => {
  // Shares of downtime by the unit that started the outage: exact lambda_i T_i / sum lambda_j T_j from the
  // reference CTMC (test/reference/series-outage-ctmc.ts); U_i / sum U_j is only the rare-failure limit.
  // Units: MTTF 100 h / 200 h / 50 h, MTTR 10 h / 20 h / 5 h (not rare: outages overlap often).
  it('simulated downtime shares contain the exact values, outage shares lambda_i / sum lambda (6 checks, Bonferroni)', async () => {
    const { downtimeShares } = await import('./reference/series-outage-ctmc.js');
    const a = attribution(`
      name: series ageing
      horizon: 2y
      warmup: 500h
      replications: 200
      seed: 21
      components:
        a: { failure: { exponential: { mtbf: 100h } }, repair: { exponential: { mean: 10h } } }
        b: { failure: { exponential: { mtbf: 200h } }, repair: { exponential: { mean: 20h } } }
        c: { failure: { exponential: { mtbf: 50h } }, repair: { exponential: { mean: 5h } } }
      system: { series: [a, b, c] }
      attribution: true
    `);
    const lambda = [1 / 100, 1 / 200, 1 / 50];
    const shares = downtimeShares(lambda, [1 / 10, 1 / 20, 1 / 5]);
    // The rare-failure approximation U_i / sum U_j is 1/3 each here; the exact shares differ from it.
    expect(Math.max(...shares.map((s) => Math.abs(s - 1 / 3)))).toBeGreaterThan(0.01);
    ['a', 'b', 'c'].forEach((k, i) => {
      const row = a.byComponent.find((r) => r.name === k)!;
      expectInsideFamily(row.downtimeShare, shares[i], 6, `downtime share ${k}`);
      expectInsideFamily(row.outageShare, lambda[i] / (lambda[0] + lambda[1] + lambda[2]), 6, `outage share ${k}`);
    });
  });
});
