import { it } from 'vitest';
import { runScenario } from '../src/run/runner.js';
import { parseScenario } from '../src/scenario-document/load.js';
import { buildReliabilityResults } from '../src/reliability/results.js';
const base = `
name: t
horizon: 50y
replications: 1000
seed: 3
components:
  transmitter: { count: 2, failure: { exponential: { mttf: 100000h } }, repair: { fixed: 1s } }
system: { parallel: [transmitter] }
latent_failures:
  transmitter: { coverage: 0, proof_test: { every: 1y } }
`;
it('smoke', () => {
  for (const extra of ['phases:\n  - { name: a, duration: 1y, failure_factor: 0.5 }\n', 'common_cause:\n  g: { members: transmitter, beta: 0.5 }\n']) {
    const sc = parseScenario(base + extra, 'x.yaml');
    console.log(JSON.stringify(sc.reliability));
    const out = runScenario(sc);
    const r = buildReliabilityResults(sc, out.accumulator.replications());
    console.log(JSON.stringify(extra), r?.latent[0].hiddenPerYear.estimate, r?.closedForms[0].measured.estimate, JSON.stringify(r?.commonCause[0]?.eventsPerYear));
  }
}, 120000);
