/**
 * Starter scenarios written by `faultline init [template]`: commented, valid, small enough to read in a
 * minute, each showing one part of the format (docs/scenario-format.md). Numbers marked ESTIMATE are
 * placeholders to replace with your own.
 */

const EDITOR = `# Editor support: \`npx faultline schema > faultline.schema.json\`, then uncomment the next line
# (YAML language server: VS Code "YAML" extension, Neovim yamlls, ...).
# yaml-language-server: $schema=./faultline.schema.json
`;

/** Template name -> file text. */
export const INIT_TEMPLATES: Readonly<Record<string, string>> = {
  basic: `# A starter faultline scenario: a load-balancer pair, three web servers and a database with a standby.
# Run it:   npx faultline run scenario.yaml      Check it: npx faultline validate scenario.yaml
# Format:   docs/scenario-format.md. Durations need a unit: 30s, 15m, 4h, 30d, 1y (a bare number is an error).
${EDITOR.replace('# yaml-language-server', '# # yaml-language-server')}
name: My service
description: Two balancers, three web servers (two needed), a database with a warm standby.
horizon: 1y          # simulated time per replication
replications: 1000   # independent runs; the report gives 95% confidence intervals
seed: 1              # same seed, same results, byte for byte

components:
  lb:
    count: 2
    zones: [a, b]
    failure: { exponential: { mtbf: 8760h } }              # about once a year per node (ESTIMATE)
    repair: { lognormal: { median: 20m, p95: 2h } }        # on-call engineer (ESTIMATE)
    crew: ops
  web:
    count: 3
    zones: [a, b, c]
    failure: { weibull: { shape: 1.2, scale: 4000h } }     # slight ageing (ESTIMATE)
    repair: { lognormal: { median: 10m, p95: 1h } }        # replaced automatically
  db-primary:
    zone: a
    failure: { exponential: { mtbf: 8760h } }
    repair: { lognormal: { median: 1h, p95: 8h } }
    crew: ops
  db-standby:
    zone: b
    failure: { exponential: { mtbf: 8760h } }
    repair: { lognormal: { median: 1h, p95: 8h } }
    crew: ops

crews:
  ops: 1             # one engineer: concurrent repairs of lb and db queue

# When is the service up? A balancer, 2 of 3 web servers and a database.
system:
  series:
    - { parallel: [lb] }
    - { k_of_n: { k: 2, of: web } }
    - { standby: { primary: db-primary, spare: db-standby, mode: warm, dormancy: 0.5, switchover: 90s, switch_success: 0.95 } }

faults:
  - { kind: zone-outage, zone: a, rate: 0.5/y, duration: { lognormal: { median: 2h, p95: 12h } } }
  - { kind: crash, target: db-primary, at: 30d, duration: 2h }     # a game-day test

# Objectives: exit code 3 when one fails conclusively (docs/scenario-format.md, "Service-level objectives").
slo:
  availability: 99.95%
  outage_duration_p99: 4h
`,
  requests: `# A starter scenario with requests: an API behind a health-checked balancer pair, calling a database.
# Run it: npx faultline run scenario.yaml. Format: docs/scenario-format.md ("Traffic and network").
${EDITOR.replace('# yaml-language-server', '# # yaml-language-server')}
name: My API
horizon: 1y
replications: 100    # requests make each replication costlier (fluid mode: ~1024 sampled requests per state)
seed: 1

components:
  lb:  { count: 2, zones: [a, b], failure: { exponential: { rate: 1/y } }, repair: { exponential: { mttr: 30m } } }
  api: { count: 4, zones: [a, b], failure: { exponential: { rate: 4/y } }, repair: { lognormal: { median: 10m, p95: 1h } } }
  db:  { count: 2, zones: [a, b], failure: { exponential: { rate: 1/y } }, repair: { lognormal: { median: 1h, p95: 8h } } }

system:
  series: [{ parallel: [lb] }, { k_of_n: { k: 2, of: api } }, { parallel: [db] }]

services:
  api:
    instances: api
    service_time: { lognormal: { median: 25ms, p95: 120ms } }
    calls: [db]
    timeout: 2s
    balancer:
      policy: least_request
      nodes: lb                                            # the balancer pair
      health_check: { interval: 5s, timeout: 1s, unhealthy_threshold: 3, healthy_threshold: 2 }
      retry_policy: { num_retries: 2, per_try_timeout: 500ms }
  db:
    instances: db
    service_time: { lognormal: { median: 4ms, p95: 25ms } }
    balancer: { policy: primary_backup, health_check: { interval: 2s, timeout: 1s } }

traffic:
  entry: api
  rate: 100/s        # requests per second (ESTIMATE)

slo:
  availability: 99.9%
  request_success_ratio: 99.9%
  latency_p99: 500ms
`,
  data: `# A starter scenario with data: a database with an async replica and backups; RPO and RTO per incident.
# Run it: npx faultline run scenario.yaml. Format: docs/scenario-format.md ("Data durability").
${EDITOR.replace('# yaml-language-server', '# # yaml-language-server')}
name: My database
horizon: 1y
replications: 400
seed: 1

components:
  pg: { count: 2, zones: [a, b], failure: { exponential: { mtbf: 8760h } }, repair: { lognormal: { median: 1h, p95: 8h } } }

system: { parallel: [pg] }

datastores:
  orders:
    primary: "pg[1]"
    replicas: ["pg[2]"]
    replication: { mode: async, lag: { lognormal: { median: 200ms, p95: 2s } } }
    write_rate: 1MB/s
    size: 100GB

backups:
  nightly:
    datastore: orders
    type: full
    schedule: { cron: "0 2 * * *" }    # 02:00 every day
    throughput: 200MB/s
    retention: 14d

faults:
  - { kind: operator-error, datastore: orders, rate: 0.5/y, detection: { lognormal: { median: 30m, p95: 4h } } }
  - { kind: disk-loss, target: pg, rate: 0.1/y }

slo:
  rpo_max: 1d
`,
};

/** The template `faultline init` writes when none is named. */
export const DEFAULT_TEMPLATE = 'basic';
