import seedrandom from 'seedrandom';

/** A uniform random number generator on [0, 1). */
export type Uniform = () => number;

/**
 * Derives an independent, reproducible random stream for (seed, replication, element, purpose) with
 * seedrandom's Alea generator (Baagøe, 2010). Streams are keyed by names, not by creation order, so
 * adding an element to a scenario does not perturb the others, and two variants of a scenario draw the
 * same numbers for the elements they share (common random numbers).
 *
 * @param seed master seed (integer >= 0)
 * @param replication replication index (0-based)
 * @param element stable element id, e.g. `web[2]` or `faults[0]`
 * @param purpose what the numbers are for, e.g. `failure`, `repair`, `arrival`
 */
export function rngStream(seed: number, replication: number, element: string, purpose: string): Uniform {
  const prng = seedrandom.alea(`faultline|${seed}|${replication}|${element}|${purpose}`);
  return () => prng();
}
