/**
 * A coherent structure function over independent modules: each module is a stochastic process (a small
 * CTMC, or a closed form) deciding a few basic events ("atoms": an instance up, a standby block up, a fault
 * inactive); atoms of one module may be dependent, atoms of different modules are independent. The
 * steady-state availability and the system failure frequency follow exactly from each module's
 * distribution over its atom patterns and the probability flows between patterns:
 *
 *   A = E[phi(X)] = sum over the joint patterns of the modules of prod_m P_m(x_m) phi(x);
 *   nu = sum_m sum_{x -> x'} F_m(x -> x') P(phi(x, Y) = 1, phi(x', Y) = 0),
 *
 * where Y are the other modules' atoms (independent of module m) and F_m the steady-state flow between two
 * patterns of module m (two independent modules change state at the same instant with probability 0).
 * With one binary atom per module this is the Birnbaum-importance formula nu = sum_m I_B(m) nu_m.
 * Evaluation: the modules holding two or more atoms of the structure, or an atom used in several places, are
 * conditioned on (their patterns enumerated: pivotal decomposition); the other atoms are independent and
 * used once, so the structure is evaluated bottom-up on the joint law of its value at the two patterns x and
 * x' (four probabilities per node: series/parallel/k-out-of-n combine independent children).
 *
 * Sources: Barlow & Proschan, "Statistical Theory of Reliability and Life Testing" (1975), ch. 1-2
 * (modules of coherent systems, pivotal decomposition); Rausand & Høyland, "System Reliability Theory",
 * 2nd ed. (2004), sec. 5 (frequency of system failures); S. M. Ross (1975) (nu = sum_i I_B(i) nu_i for
 * independent components); Singh & Billinton, "System Reliability Modelling and Evaluation" (1977)
 * (frequency balance: the failure frequency is the flow across the boundary between up and down states).
 */

/** Structure over atoms: a leaf is up when all its atoms are up. */
export type AtomTree =
  | { type: 'atoms'; atoms: string[] }
  | { type: 'series' | 'parallel'; children: AtomTree[] }
  | { type: 'k_of_n'; k: number; children: AtomTree[] };

/** A module's steady-state law over the patterns of its atoms. */
export interface ModuleLaw {
  /** The atoms this module decides. */
  atoms: string[];
  /** patterns[k][a] = 1 where atom a is up in pattern k. */
  patterns: Uint8Array[];
  /** Probability of each pattern (sum 1). */
  p: number[];
  /** Steady-state flow between two different patterns, 1/s. */
  flows: Array<{ from: number; to: number; rate: number }>;
}

/**
 * Most elementary operations the structure evaluations over one set of module laws may take in all (each
 * evaluation: its joint patterns x the tree's cost, treeCost below); beyond it a RangeError makes the analysis
 * fall back (module-analysis.ts). About a second of work.
 */
export const MAX_MODULE_WORK = 1e8;

/**
 * Elementary operations of one evaluation of the tree (evalPair): a leaf combines its atoms (4 x 4 each), a
 * series or parallel node its children (16 each), a k-out-of-n node runs its (k + 1)^2-state count for each child.
 */
function treeCost(t: AtomTree): number {
  switch (t.type) {
    case 'atoms':
      return 16 * t.atoms.length + 1;
    case 'series':
    case 'parallel':
      return t.children.reduce((s, c) => s + 16 + treeCost(c), 1);
    case 'k_of_n':
      return t.children.reduce((s, c) => s + 4 * (t.k + 1) ** 2 + treeCost(c), 1);
  }
}

/** Joint law of the structure's value under two atom assignments: P(0,0), P(0,1), P(1,0), P(1,1). */
type Pair = [number, number, number, number];

interface Plan {
  tree: AtomTree;
  modules: readonly ModuleLaw[];
  /** Per module: the positions of its atoms present in the tree (empty: irrelevant). */
  present: number[][];
  conditioned: boolean[];
  /** Marginal up/down probability of each free atom. */
  free: Map<string, [number, number]>;
  /** Operations of one evaluation of the tree, and those spent so far on this plan. */
  cost: number;
  spent: number;
}

function plan(tree: AtomTree, modules: readonly ModuleLaw[]): Plan {
  const uses = new Map<string, number>();
  const walk = (t: AtomTree): void => {
    if (t.type === 'atoms') for (const a of new Set(t.atoms)) uses.set(a, (uses.get(a) ?? 0) + 1);
    else t.children.forEach(walk);
  };
  walk(tree);
  const owner = new Map<string, number>();
  modules.forEach((m, i) =>
    m.atoms.forEach((a) => {
      if (owner.has(a)) throw new RangeError(`atom ${a} belongs to two modules`);
      owner.set(a, i);
    }),
  );
  for (const a of uses.keys()) if (!owner.has(a)) throw new RangeError(`no module decides atom ${a}`);
  const present = modules.map((m) => m.atoms.map((a, k) => (uses.has(a) ? k : -1)).filter((k) => k >= 0));
  const conditioned = modules.map((m, i) => present[i].length > 1 || present[i].some((k) => (uses.get(m.atoms[k]) as number) > 1));
  const free = new Map<string, [number, number]>();
  modules.forEach((m, i) => {
    if (conditioned[i] || present[i].length === 0) return;
    const k = present[i][0];
    let up = 0;
    let down = 0;
    m.patterns.forEach((x, j) => (x[k] ? (up += m.p[j]) : (down += m.p[j])));
    free.set(m.atoms[k], [up, down]);
  });
  return { tree, modules, present, conditioned, free, cost: treeCost(tree), spent: 0 };
}

/** Patterns of module i projected on its present atoms: distinct value vectors with their probabilities. */
function projected(pl: Plan, i: number): Array<{ values: number[]; p: number }> {
  const m = pl.modules[i];
  const out = new Map<string, { values: number[]; p: number }>();
  m.patterns.forEach((x, j) => {
    const values = pl.present[i].map((k) => x[k]);
    const key = values.join('');
    const e = out.get(key);
    if (e) e.p += m.p[j];
    else out.set(key, { values, p: m.p[j] });
  });
  return [...out.values()].filter((e) => e.p > 0);
}

/**
 * E over the modules other than `skip` of the joint law of (phi under pins a, phi under pins b): atoms in
 * `pins` are fixed to [a, b]; conditioned modules are enumerated; free atoms are independent.
 */
function expectPair(pl: Plan, pins: Map<string, [number, number]>, skip = -1): Pair {
  const cond = pl.modules.map((_, i) => i).filter((i) => i !== skip && pl.conditioned[i]);
  const laws = cond.map((i) => projected(pl, i));
  const combos = laws.reduce((c, l) => c * l.length, 1);
  pl.spent += combos * pl.cost;
  if (pl.spent > MAX_MODULE_WORK) {
    throw new RangeError(
      `the structure over independent modules needs more than ${MAX_MODULE_WORK.toExponential(0)} operations (this evaluation: ${combos} joint patterns x ${pl.cost} per pattern)`,
    );
  }
  const fixed = new Map(pins);
  const total: Pair = [0, 0, 0, 0];
  const rec = (d: number, w: number): void => {
    if (w === 0) return;
    if (d === cond.length) {
      const r = evalPair(pl.tree, fixed, pl.free);
      for (let k = 0; k < 4; k++) total[k] += w * r[k];
      return;
    }
    const m = pl.modules[cond[d]];
    for (const { values, p } of laws[d]) {
      pl.present[cond[d]].forEach((k, j) => fixed.set(m.atoms[k], [values[j], values[j]]));
      rec(d + 1, w * p);
    }
  };
  rec(0, 1);
  return total;
}

const BOTH_UP: Pair = [0, 0, 0, 1];

function evalPair(t: AtomTree, fixed: Map<string, [number, number]>, free: Map<string, [number, number]>): Pair {
  switch (t.type) {
    case 'atoms': {
      let acc = BOTH_UP;
      for (const a of new Set(t.atoms)) {
        const f = fixed.get(a);
        let d: Pair;
        if (f) {
          d = [0, 0, 0, 0];
          d[f[0] * 2 + f[1]] = 1;
        } else {
          const [up, down] = free.get(a) as [number, number];
          d = [down, 0, 0, up];
        }
        acc = combine(acc, d, (x, y) => x & y);
      }
      return acc;
    }
    case 'series':
      return t.children.reduce<Pair>((acc, c) => combine(acc, evalPair(c, fixed, free), (x, y) => x & y), BOTH_UP);
    case 'parallel':
      return t.children.reduce<Pair>((acc, c) => combine(acc, evalPair(c, fixed, free), (x, y) => x | y), [1, 0, 0, 0]);
    case 'k_of_n':
      return kOfNPair(t.k, t.children.map((c) => evalPair(c, fixed, free)));
  }
}

/** Joint law of op(X1, Y1) for independent pairs X, Y (each a joint law of two binary values). */
function combine(x: Pair, y: Pair, op: (a: number, b: number) => number): Pair {
  const out: Pair = [0, 0, 0, 0];
  for (let i = 0; i < 4; i++) {
    if (x[i] === 0) continue;
    for (let j = 0; j < 4; j++) {
      if (y[j] === 0) continue;
      out[op(i >> 1, j >> 1) * 2 + op(i & 1, j & 1)] += x[i] * y[j];
    }
  }
  return out;
}

/** k-out-of-n over independent children: distribution of the (capped) up counts under both assignments. */
function kOfNPair(k: number, kids: Pair[]): Pair {
  if (k <= 0) return BOTH_UP;
  const w = k + 1;
  let dp = new Float64Array(w * w);
  dp[0] = 1;
  for (const c of kids) {
    const next = new Float64Array(w * w);
    for (let a = 0; a < w; a++) {
      for (let b = 0; b < w; b++) {
        const v = dp[a * w + b];
        if (v === 0) continue;
        for (let i = 0; i < 4; i++) {
          if (c[i] === 0) continue;
          next[Math.min(k, a + (i >> 1)) * w + Math.min(k, b + (i & 1))] += v * c[i];
        }
      }
    }
    dp = next;
  }
  const out: Pair = [0, 0, 0, 0];
  for (let a = 0; a < w; a++) for (let b = 0; b < w; b++) out[(a >= k ? 2 : 0) + (b >= k ? 1 : 0)] += dp[a * w + b];
  return out;
}

/** Steady-state probabilities that the structure is up and down (each summed without cancellation). */
export function moduleAvailability(tree: AtomTree, modules: readonly ModuleLaw[]): { up: number; down: number } {
  const r = expectPair(plan(tree, modules), new Map());
  return { up: r[3], down: r[0] };
}

/**
 * Steady-state system failure frequency, 1/s: the flows of every module between patterns x -> x' weighted
 * by P(phi(x, Y) = 1, phi(x', Y) = 0) (module documentation).
 * @throws RangeError when an enumeration exceeds {@link MAX_MODULE_WORK}.
 */
export function moduleFailureFrequency(tree: AtomTree, modules: readonly ModuleLaw[]): number {
  const pl = plan(tree, modules);
  let nu = 0;
  modules.forEach((m, i) => {
    if (pl.present[i].length === 0) return;
    // Flows projected on the present atoms; only those taking some atom down can fail a coherent system.
    const agg = new Map<string, { from: number[]; to: number[]; rate: number }>();
    for (const f of m.flows) {
      const from = pl.present[i].map((k) => m.patterns[f.from][k]);
      const to = pl.present[i].map((k) => m.patterns[f.to][k]);
      if (!from.some((v, j) => v === 1 && to[j] === 0)) continue;
      const key = `${from.join('')}>${to.join('')}`;
      const e = agg.get(key);
      if (e) e.rate += f.rate;
      else agg.set(key, { from, to, rate: f.rate });
    }
    for (const { from, to, rate } of agg.values()) {
      const pins = new Map<string, [number, number]>(pl.present[i].map((k, j) => [m.atoms[k], [from[j], to[j]]]));
      nu += rate * expectPair(pl, pins, i)[2];
    }
  });
  return nu;
}

/**
 * Birnbaum importance of an atom decided alone by its module (no other atom of that module in the tree):
 * P(phi = 1 | atom up) - P(phi = 1 | atom down).
 */
export function moduleBirnbaum(tree: AtomTree, modules: readonly ModuleLaw[], atom: string): number {
  const pl = plan(tree, modules);
  const owner = modules.findIndex((m) => m.atoms.includes(atom));
  const r = expectPair(pl, new Map([[atom, [1, 0]]]), owner);
  return r[2] - r[1];
}

/**
 * P(phi = 1 | module `index` is in the pattern `values` of its atoms), the other modules in steady state:
 * the reward of a module state in a transient analysis of that module alone (system availability is linear in
 * the module's distribution when the others are stationary and independent of it).
 */
export function moduleConditional(tree: AtomTree, modules: readonly ModuleLaw[], index: number): (values: ArrayLike<number>) => number {
  const pl = plan(tree, modules);
  const m = modules[index];
  const cache = new Map<string, number>();
  return (values) => {
    const key = Array.from(values).join('');
    let v = cache.get(key);
    if (v === undefined) {
      const pins = new Map<string, [number, number]>(m.atoms.map((a, k) => [a, [values[k], values[k]]]));
      v = expectPair(pl, pins, index)[3];
      cache.set(key, v);
    }
    return v;
  };
}
