/**
 * Analytic expectations for the traffic layer, compared with the simulation in the results:
 * - health-check detection delay (health-check.ts `expectedDetectDelay`);
 * - availability of a redundant balancer pair with imperfect failover (coverage), a CTMC in the style of
 *   Trivedi, "Probability and Statistics with Reliability, Queuing and Computer Science Applications",
 *   2nd ed., Wiley 2002, sec. 8.4 (two-unit systems with imperfect coverage), extended with a failover delay.
 */
import type { Scenario } from '../scenario/types.js';
import type { ServiceSpec } from '../scenario/types-traffic.js';

/**
 * Steady-state availability of an active/passive balancer pair. Each node fails at rate l (exponential
 * life, also while passive: hot standby) and is repaired at rate m by its own repairer. When the active
 * node fails and the other is up, failover succeeds with probability c (coverage) and takes an exponential
 * time of mean `failoverTime` (rate d); otherwise the balancer is down until a node is repaired.
 * States: 0 both up; 1 one up and active, other in repair; 2 failing over; 3 uncovered (other up, unused);
 * 4 both down. Up states: 0 and 1. Solved by Gaussian elimination of pi Q = 0, sum pi = 1.
 * With failoverTime = 0 the failover state is skipped (instantaneous switch).
 */
export function balancerPairAvailability(l: number, m: number, c: number, failoverTime: number): number {
  const d = failoverTime > 0 ? 1 / failoverTime : Infinity;
  const Q = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
  const add = (i: number, j: number, r: number) => {
    if (r > 0 && i !== j) Q[i][j] += r;
  };
  // 0: active fails -> failover (c) or uncovered (1 - c); passive fails -> 1.
  if (Number.isFinite(d)) add(0, 2, l * c);
  else add(0, 1, l * c);
  add(0, 3, l * (1 - c));
  add(0, 1, l);
  // 1: the active fails -> both down; the repair of the other -> 0.
  add(1, 4, l);
  add(1, 0, m);
  // 2: failover completes -> 1; the new active fails meanwhile -> both down. (The failed node's repair
  // during the failover does not stop it.)
  if (Number.isFinite(d)) {
    add(2, 1, d);
    add(2, 4, l);
  } else {
    add(2, 1, 1); // unreachable without a failover delay: any exit keeps the system non-singular (pi_2 = 0)
  }
  // 3: the failed active is repaired -> 0 (it serves again); the unused node fails -> both down.
  add(3, 0, m);
  add(3, 4, l);
  // 4: either node repaired (2 repairers) -> it serves, the other in repair.
  add(4, 1, 2 * m);
  for (let i = 0; i < 5; i++) Q[i][i] = -Q[i].reduce((a, x) => a + x, 0);
  // Solve pi Q = 0 with sum pi = 1: transpose, replace the last equation by the normalization.
  const A = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => Q[j][i]));
  const b = [0, 0, 0, 0, 1];
  A[4] = [1, 1, 1, 1, 1];
  const pi = solve(A, b);
  return pi[0] + pi[1];
}

/** Gaussian elimination with partial pivoting (small dense systems). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(M[i][k]) > Math.abs(M[p][k])) p = i;
    [M[k], M[p]] = [M[p], M[k]];
    for (let i = k + 1; i < n; i++) {
      const f = M[i][k] / M[k][k];
      if (f !== 0) for (let j = k; j <= n; j++) M[i][j] -= f * M[k][j];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = M[i][n];
    for (let j = i + 1; j < n; j++) s -= M[i][j] * x[j];
    x[i] = s / M[i][i];
  }
  return x;
}

/** Assumptions of `balancerPairAvailability`, for reports. */
export const BALANCER_PAIR_ASSUMPTIONS = [
  'two balancer nodes with exponential lives and exponential repairs, one repairer each (no crew)',
  'the passive node ages like the active one (hot standby)',
  'failover time exponential with the given mean (the simulation uses a fixed time: only its mean matters little when failovers are rare)',
  'no injected fault on the balancer nodes; ageing continues while the system is down',
];

/**
 * The balancer pair analytic value of a service, or null when its assumptions do not hold (then nothing is
 * compared). Returns the failure and repair rates used.
 */
export function balancerPairExpectation(sc: Scenario, s: ServiceSpec): number | null {
  const nodes = s.balancer.nodes;
  if (!nodes) return null;
  const comp = sc.components.find((c) => c.name === nodes);
  if (!comp || comp.count !== 2 || comp.crew !== null) return null;
  if (comp.failure?.kind !== 'exponential' || comp.repair?.kind !== 'exponential') return null;
  if (!sc.ageingWhileSystemDown || sc.traffic?.monitoring) return null;
  if (sc.faults.some((f) => f.targets.some((t) => t === nodes || t.startsWith(`${nodes}[`)))) return null;
  return balancerPairAvailability(1 / comp.failure.mean, 1 / comp.repair.mean, s.balancer.failoverSuccess, s.balancer.failoverTime);
}
