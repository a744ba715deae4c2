/**
 * The scenario document and the comparison metrics are composed from the core and the registered areas
 * (src/scenario-document/, compare/paired.ts, docs/architecture.md). The order of keys, `slo` keys, fault kinds
 * and metrics is part of the error texts and of comparison.json: these lists are the ones faultline printed
 * before the composition moved out of src/scenario/ (issue 10), so a registry change that reorders them fails.
 */
import { describe, expect, it } from 'vitest';
import { METRICS } from '../src/compare/paired.js';
import { ScenarioError, parseScenario } from '../src/scenario-document/index.js';

const BASE = `name: x
horizon: 1y
components:
  web: { failure: { exponential: { mtbf: 1000h } }, repair: { exponential: { mttr: 1h } } }
`;

function expectedOf(text: string, path: string): string {
  try {
    parseScenario(text);
  } catch (e) {
    const errors = 'errors' in (e as object) ? (e as { errors: ScenarioError[] }).errors : [e as ScenarioError];
    const hit = errors.find((err) => err.path === path);
    if (hit) return hit.expected;
  }
  throw new Error(`no error at ${path}`);
}

describe('scenario document composed from the core and the areas', () => {
  it('lists the top-level keys in document order (core, data after faults, planning after slo, attribution after observe, traffic, load after monitoring, reliability last)', () => {
    expect(expectedOf(`${BASE}servics: {}\n`, 'servics')).toBe(
      'one of name, description, horizon, warmup, replications, precision, seed, components, crews, system, ' +
        'ageing_while_system_down, faults, datastores, backups, streams, observe, attribution, slo, planning, variants, sweep, ' +
        'services, traffic, network, monitoring, load, latent_failures, common_cause, maintenance, phases, replaceable_units',
    );
  });

  it('lists the slo keys of the core then of the traffic and load areas', () => {
    expect(expectedOf(`${BASE}slo: { availabilty: 0.9 }\n`, 'slo.availabilty')).toBe(
      'one of availability, outage_duration_p99, rto_p99, rpo_max, rpo_max_probability, request_success_ratio, latency_p99, goodput_ratio, recovery_time_max, admission_rejected_max, hedged_tries_max, under_provisioned_max',
    );
  });

  it('dispatches fault kinds in registry order (core, data, traffic, load)', () => {
    expect(expectedOf(`${BASE}faults:\n  - { kind: crashh, target: web, at: 1h, duration: 1h }\n`, 'faults[0].kind')).toBe(
      'one of crash, zone-outage, disk-loss, corruption, operator-error, site-disaster, partition, latency, loss, blackhole, bad-deploy, latency-spike',
    );
  });

  it('a fault without kind is checked by the core fault schema', () => {
    expect(expectedOf(`${BASE}faults:\n  - { target: web, at: 1h, duration: 1h }\n`, 'faults[0].kind')).toBe('one of crash, zone-outage');
  });
});

describe('comparison metrics composed from the core and the areas', () => {
  it('keeps the report order (core, reliability and attribution after downtime_per_year, each area right after it (the later area first), request_success_ratio, data metrics, load metrics (autoscaling last))', () => {
    expect(METRICS.map((m) => m.metric)).toEqual([
      'availability',
      'unavailability',
      'downtime_per_year',
      'downtime_per_year_from_failures',
      'downtime_per_year_from_faults',
      'downtime_per_year_in_switchovers',
      'planned_downtime_per_year',
      'unplanned_downtime_per_year',
      'outages_per_year',
      'mttff',
      'mean_outage_duration',
      'mtbf',
      'request_success_ratio',
      'mean_rpo',
      'bytes_lost_per_year',
      'goodput_ratio',
      'tries_per_request',
      'hedged_tries_per_request',
      'admission_rejected',
      'time_overloaded',
      'replicas_mean',
      'time_under_provisioned',
    ]);
  });
});
