/**
 * Reference: two identical units in parallel (1-out-of-2), exponential failures (rate l per unit, also
 * while the other is down), ONE repairer, deterministic repair time tau, repair as good as new.
 *
 * Regenerative derivation (renewal-reward theorem: Ross, "Stochastic Processes", 2nd ed. (1996), ch. 3;
 * the model is the two-unit system with general repair of D. P. Gaver, "Time to failure and availability
 * of paralleled systems with repair", IEEE Trans. Reliability R-12 (1963)): take as regeneration points
 * the instants a repair starts while the other unit is up (failures are memoryless, so the future depends
 * only on this state). From such an instant the other unit fails at U ~ exp(l).
 * - U >= tau (probability q = e^{-l tau}): both units are up at tau, then the first failure comes after an
 *   exp(2 l) time (mean 1/(2 l)) and a new cycle starts. No downtime.
 * - U < tau: the system is down from U to tau; at tau the second repair starts with the first unit up: a
 *   new cycle starts at tau. Downtime tau - U; one system failure.
 * E[cycle] = tau + q/(2 l); E[downtime] = E[(tau - U)^+] = tau - (1 - q)/l; system failures per cycle 1 - q.
 * Unavailability = E[downtime]/E[cycle]; failure frequency = (1 - q)/E[cycle]; MDT = E[downtime]/(1 - q).
 */
export function parallelDeterministicRepair(l: number, tau: number): { unavailability: number; frequency: number; mdt: number } {
  const q = Math.exp(-l * tau);
  const cycle = tau + q / (2 * l);
  const down = tau + Math.expm1(-l * tau) / l;
  return { unavailability: down / cycle, frequency: -Math.expm1(-l * tau) / cycle, mdt: down / -Math.expm1(-l * tau) };
}
