/**
 * Analytic expectations for the traffic layer, compared with the simulation in the results:
 * - health-check detection delay (health-check.ts `expectedDetectDelay`);
 * - availability of a redundant balancer pair with imperfect failover (coverage), a CTMC in the style of
 *   Trivedi, "Probability and Statistics with Reliability, Queuing and Computer Science Applications",
 *   2nd ed., Wiley 2002, sec. 8.4 (two-unit systems with imperfect coverage), extended with a failover delay.
 */
import type { Scenario } from '../scenario/types.js';
import type { HealthCheckSpec, ServiceSpec } from './types.js';
import { lawSurvival } from '../scenario/laws.js';
import { expectedDetectDelay } from './health-check.js';

const expectedDetectDelayOf = (hc: HealthCheckSpec) => expectedDetectDelay(hc, false);

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

/**
 * First-order request failure ratio of one health-checked (or not) service without retries, calls or
 * outlier detection: a host failing at rate l_h while up (availability A_h = MTTF/(MTTF+MTTR)) keeps its
 * routing share s_h of the requests failing until it leaves rotation after the detection delay D, or is
 * repaired first: F ~ sum_h s_h l_h A_h E[min(D, R)] + P(service time > timeout). For exponential repair
 * of mean m and D's mean d: E[min(D, R)] ~ m (1 - e^(-d/m)) (D taken at its mean), and E[R] = m without
 * health checks (then F = mean host unavailability). First order in l (E[D] + m): overlapping host
 * failures are neglected (Trivedi 2002, sec. 8.4 for the coverage view: a failure is "uncovered" for D).
 * @returns the expected request success ratio, or null when the scenario is outside these assumptions.
 */
export function requestSuccessExpectation(sc: Scenario): { value: number; violations: string[] } | null {
  const t = sc.traffic;
  if (!t || t.services.length !== 1 || t.networkFaults.length > 0 || t.deploys.length > 0 || t.monitoring) return null;
  const s = t.services[0];
  const b = s.balancer;
  if (s.calls.length > 0 || b.retry.numRetries > 0 || b.outlier || b.nodes || s.errorRate > 0) return null;
  if (!['round_robin', 'random', 'weighted_round_robin'].includes(b.policy)) return null;
  const comp = sc.components.find((c) => c.name === s.component);
  if (!comp || comp.crew !== null || comp.failure?.kind !== 'exponential' || comp.repair?.kind !== 'exponential') return null;
  if (sc.faults.some((f) => f.targets.some((x) => s.hosts.includes(x))) || !sc.ageingWhileSystemDown) return null;
  const l = 1 / comp.failure.mean;
  const m = comp.repair.mean;
  const a = 1 / (1 + l * m);
  const d = b.healthCheck ? expectedDetectDelayOf(b.healthCheck) : Infinity;
  const exposure = Number.isFinite(d) ? m * (1 - Math.exp(-d / m)) : m;
  const weights = b.policy === 'weighted_round_robin' ? b.weights : s.hosts.map(() => 1);
  const total = weights.reduce((x, w) => x + w, 0);
  const perTry = Math.min(b.retry.perTryTimeout ?? s.timeout, s.timeout);
  const slow = lawSurvival(s.serviceTime, perTry);
  const fail = weights.reduce((acc, w) => acc + (w / total) * l * a * exposure, 0);
  const violations: string[] = [];
  if (l * (m + (Number.isFinite(d) ? d : 0)) * s.hosts.length > 0.05) {
    violations.push('host failures overlap often (n l (MTTR + E[D]) > 0.05): the first-order formula neglects them');
  }
  return { value: (1 - fail) * (1 - slow), violations };
}

/** Assumptions of `requestSuccessExpectation`, for reports. */
export const REQUEST_SUCCESS_ASSUMPTIONS = [
  'one service, no retries, calls, outlier detection, network faults, deploys or balancer nodes',
  'exponential host failures and repairs, independent repair; steady state (horizon much longer than MTTR)',
  'a failed host fails its routing share of requests until detected (or repaired); host failures do not overlap',
  'network latency negligible next to the timeout',
];
