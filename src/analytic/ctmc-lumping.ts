/**
 * Symmetry lumping of the system CTMC: interchangeable instances are counted, not enumerated.
 *
 * Instances are interchangeable when swapping them maps the model onto itself: same component (hence the
 * same failure and repair laws, crew and priority), the same injected faults (a zone outage tells apart
 * instances in different zones), and no standby block. The structure names whole components, so the
 * instances of one component are always siblings under the same gates: the structure function is
 * symmetric in them. The permutations of each class form a group of automorphisms of the chain; the
 * partition of the state space into their orbits is an ordinary lumpable partition, so the lumped chain
 * (one representative per orbit, rates out of a representative summed per target orbit) has the same
 * steady-state and transient measures for every orbit-invariant reward (system up, instance-class up).
 *
 * Representative: within each class, the per-instance state values sorted in ascending order. The
 * generator interns only representatives, so a chain of n identical units with k states each has
 * C(n + k - 1, k - 1) states instead of k^n.
 *
 * Sources: Kemeny & Snell, "Finite Markov Chains" (1960), sec. 6.3 (lumpability); P. Buchholz, "Exact and
 * ordinary lumpability in finite Markov chains", J. Appl. Probab. 31(1) (1994); W. H. Sanders & J. F.
 * Meyer, "Reduced base model construction methods for stochastic activity networks", IEEE JSAC 9(1) (1991)
 * (symmetry of replicated submodels).
 */
import type { Scenario } from '../scenario/types.js';

/**
 * Classes of interchangeable instances (each of size >= 2), as lists of instance indices.
 * @param faultsOf indices of the injected faults holding each instance down
 * @param inStandby per instance, true when it is a unit of a standby block
 */
export function interchangeableClasses(scenario: Scenario, faultsOf: readonly number[][], inStandby: ArrayLike<boolean | number>): number[][] {
  const classes = new Map<string, number[]>();
  scenario.instances.forEach((inst, i) => {
    if (inStandby[i]) return;
    const key = `${inst.component}\u0000${faultsOf[i].join(',')}`;
    const list = classes.get(key);
    if (list) list.push(i);
    else classes.set(key, [i]);
  });
  return [...classes.values()].filter((c) => c.length > 1);
}

/**
 * Rewrites a state vector to the representative of its orbit: the values of each class sorted ascending.
 * @param s per-instance values first (index = instance), other variables after; modified in place
 */
export function canonicalize(s: number[], classes: readonly number[][]): void {
  for (const cls of classes) {
    const n = cls.length;
    // Insertion sort: classes are small and usually almost sorted.
    for (let a = 1; a < n; a++) {
      const v = s[cls[a]];
      let b = a - 1;
      while (b >= 0 && s[cls[b]] > v) {
        s[cls[b + 1]] = s[cls[b]];
        b--;
      }
      s[cls[b + 1]] = v;
    }
  }
}
