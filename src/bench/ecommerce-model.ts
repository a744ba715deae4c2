/**
 * The e-commerce component model that `npm run bench` measures: a fixed copy of the baseline of
 * scenarios/ecommerce-strategies.yaml (its `variants` left out), i.e. the e-commerce architecture's
 * components, repair crew, structure and injected faults without requests or data. The target
 * (e-commerce events/s at least half of the 100-component model's) is about the per-replication cost of a
 * small component model; the flagship scenarios/ecommerce.yaml adds the traffic and data areas, whose
 * work is not kernel events, and changes as those areas grow, so it would not measure that.
 * Kept here rather than read from scenarios/ so that editing a bundled scenario never moves the bench.
 */
import { parseScenario } from '../scenario-document/load.js';
import type { Scenario } from '../scenario/types.js';

/** Where the model comes from, for the bench output. */
export const ECOMMERCE_MODEL_SOURCE = "scenarios/ecommerce-strategies.yaml's baseline (fixed copy in src/bench/ecommerce-model.ts; components, crew, standby and faults; no requests or data)";

const yaml = (replications: number) => `
name: E-commerce checkout (component model, bench)
horizon: 1y
replications: ${replications}
seed: 42
components:
  lb:
    count: 2
    zones: [a, b]
    failure: { exponential: { rate: 1/y } }
    repair: { lognormal: { median: 20m, p95: 2h } }
    crew: ops
  web:
    count: 3
    zones: [a, b, c]
    failure: { weibull: { shape: 1.2, scale: 4000h } }
    repair: { lognormal: { median: 10m, p95: 1h } }
  db-primary:
    zone: a
    failure: { exponential: { mtbf: 8760h } }
    repair: { lognormal: { median: 1h, p95: 8h } }
    crew: ops
  db-replica:
    zone: b
    failure: { exponential: { mtbf: 8760h } }
    repair: { lognormal: { median: 1h, p95: 8h } }
    crew: ops
crews:
  ops: 1
system:
  series:
    - { parallel: [lb] }
    - { k_of_n: { k: 2, of: web } }
    - standby:
        primary: db-primary
        spare: db-replica
        mode: warm
        dormancy: 0.5
        switchover: 90s
        switch_success: 0.95
faults:
  - { kind: crash, target: db-primary, at: 30d, duration: 2h }
  - { kind: crash, target: web, rate: 1/y, duration: { lognormal: { median: 15m, p95: 1h } } }
  - { kind: zone-outage, zone: a, rate: 0.5/y, duration: { lognormal: { median: 2h, p95: 12h } } }
  - { kind: zone-outage, zone: b, rate: 0.5/y, duration: { lognormal: { median: 2h, p95: 12h } } }
  - { kind: zone-outage, zone: c, rate: 0.5/y, duration: { lognormal: { median: 2h, p95: 12h } } }
slo:
  availability: 99.95%
  outage_duration_p99: 4h
`;

/** The bench's e-commerce component model with `replications` planned replications. */
export function ecommerceComponentModel(replications: number): Scenario {
  return parseScenario(yaml(replications), '<bench e-commerce component model>');
}
