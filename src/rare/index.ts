/**
 * Rare-event simulation of highly available Markovian systems (unavailability 1e-5 and below):
 * regenerative importance sampling with balanced failure biasing, plain regenerative Monte Carlo for
 * comparison, and the study combining them with the exact CTMC value. See docs/rare-events.md.
 */
export { biasedProbability, simulateCycle, MAX_STEPS_PER_CYCLE, type CycleOutcome } from './balanced-failure-biasing.js';
export { labelledModel, nonMarkovianReasons, rareEventModel, type RareEventModel } from './markov-model.js';
export { plainRegenerative, plainRegenerativeToPrecision, PlainCycleSums, Z95, DEFAULT_BATCH_CYCLES, type PlainRegenerativeResult } from './plain-mc.js';
export { estimateUnavailability, type RareEventEstimate, type RareEventOptions } from './regenerative.js';
export { prepareRareEvent, runRareEvent, type PreparedRare, type RareDocument, type RareRunOptions } from './rare-run.js';
