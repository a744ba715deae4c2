import { makeSampler, type Sampler } from '../engine/distributions.js';
import type { Scenario } from '../scenario/types.js';

/**
 * Per-scenario data prepared once and shared by every replication: samplers per component and the
 * instance -> component mapping.
 */
export interface CompiledModel {
  scenario: Scenario;
  failure: Map<string, Sampler | null>;
  repair: Map<string, Sampler | null>;
  crewOf: Map<string, string | null>;
  faultDurations: Sampler[];
}

/** Prepares samplers for a validated scenario. */
export function compileModel(scenario: Scenario): CompiledModel {
  const failure = new Map<string, Sampler | null>();
  const repair = new Map<string, Sampler | null>();
  const crewOf = new Map<string, string | null>();
  for (const c of scenario.components) {
    failure.set(c.name, c.failure ? makeSampler(c.failure) : null);
    repair.set(c.name, c.repair ? makeSampler(c.repair) : null);
    crewOf.set(c.name, c.crew);
  }
  return { scenario, failure, repair, crewOf, faultDurations: scenario.faults.map((f) => makeSampler(f.duration)) };
}
