/**
 * Sparse representation of a continuous-time Markov chain (CTMC) and its graph algorithms: validation,
 * compressed-sparse-row form (by source and by target), closed communicating classes, restriction to a
 * subset of states. States are numbered 0..n-1; rates are per second (any consistent unit works).
 */

/** One transition of a CTMC: from state `from` to state `to` at `rate` (per second). */
export interface CtmcTransition {
  from: number;
  to: number;
  rate: number;
}

/** A CTMC given by its number of states and its off-diagonal generator entries. */
export interface SparseCtmc {
  states: number;
  transitions: CtmcTransition[];
}

/** Compressed-sparse-row form of a CTMC, by source and by target (built by {@link compileCtmc}). */
export interface CompiledCtmc {
  n: number;
  /** Total exit rate of each state (-q_ii). */
  exit: Float64Array;
  outStart: Int32Array;
  outTo: Int32Array;
  outRate: Float64Array;
  inStart: Int32Array;
  inFrom: Int32Array;
  inRate: Float64Array;
}

/**
 * Validates a sparse CTMC and builds its CSR form.
 * @throws RangeError on a non-integer/non-positive state count, an out-of-range state or a negative,
 *   NaN or infinite rate.
 */
export function compileCtmc(chain: SparseCtmc): CompiledCtmc {
  const n = chain.states;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`CTMC state count must be an integer >= 1, got ${n}`);
  const kept: CtmcTransition[] = [];
  for (const t of chain.transitions) {
    if (!Number.isInteger(t.from) || !Number.isInteger(t.to) || t.from < 0 || t.to < 0 || t.from >= n || t.to >= n) {
      throw new RangeError(`CTMC transition ${t.from} -> ${t.to} refers to a state outside 0..${n - 1}`);
    }
    if (!(t.rate >= 0) || !Number.isFinite(t.rate)) throw new RangeError(`CTMC transition ${t.from} -> ${t.to} has invalid rate ${t.rate}`);
    if (t.rate > 0 && t.from !== t.to) kept.push(t);
  }
  const exit = new Float64Array(n);
  const outStart = new Int32Array(n + 1);
  const inStart = new Int32Array(n + 1);
  for (const t of kept) {
    outStart[t.from + 1]++;
    inStart[t.to + 1]++;
    exit[t.from] += t.rate;
  }
  for (let i = 0; i < n; i++) {
    outStart[i + 1] += outStart[i];
    inStart[i + 1] += inStart[i];
  }
  const m = kept.length;
  const outTo = new Int32Array(m);
  const outRate = new Float64Array(m);
  const inFrom = new Int32Array(m);
  const inRate = new Float64Array(m);
  const op = outStart.slice(0, n);
  const ip = inStart.slice(0, n);
  for (const t of kept) {
    const a = op[t.from]++;
    outTo[a] = t.to;
    outRate[a] = t.rate;
    const b = ip[t.to]++;
    inFrom[b] = t.from;
    inRate[b] = t.rate;
  }
  return { n, exit, outStart, outTo, outRate, inStart, inFrom, inRate };
}

/**
 * The closed communicating classes (recurrent classes) of a CTMC, by Tarjan's strongly connected
 * components algorithm (iterative). A chain has a unique steady state iff it has exactly one.
 * Source: R. E. Tarjan, "Depth-first search and linear graph algorithms", SIAM J. Comput. 1(2) (1972).
 */
export function closedClasses(c: CompiledCtmc): number[][] {
  const { n, outStart, outTo } = c;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const comp = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  let sp = 0;
  let next = 0;
  let comps = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let top = 0;
    callNode[0] = root;
    callEdge[0] = outStart[root];
    index[root] = low[root] = next++;
    stack[sp++] = root;
    onStack[root] = 1;
    while (top >= 0) {
      const v = callNode[top];
      const e = callEdge[top];
      if (e < outStart[v + 1]) {
        callEdge[top]++;
        const w = outTo[e];
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack[sp++] = w;
          onStack[w] = 1;
          top++;
          callNode[top] = w;
          callEdge[top] = outStart[w];
        } else if (onStack[w] && index[w] < low[v]) {
          low[v] = index[w];
        }
      } else {
        top--;
        if (top >= 0 && low[v] < low[callNode[top]]) low[callNode[top]] = low[v];
        if (low[v] === index[v]) {
          let w: number;
          do {
            w = stack[--sp];
            onStack[w] = 0;
            comp[w] = comps;
          } while (w !== v);
          comps++;
        }
      }
    }
  }
  const open = new Uint8Array(comps);
  for (let v = 0; v < n; v++) {
    for (let e = outStart[v]; e < outStart[v + 1]; e++) if (comp[outTo[e]] !== comp[v]) open[comp[v]] = 1;
  }
  const classes = new Map<number, number[]>();
  for (let v = 0; v < n; v++) {
    if (open[comp[v]]) continue;
    const list = classes.get(comp[v]);
    if (list) list.push(v);
    else classes.set(comp[v], [v]);
  }
  return [...classes.values()].sort((a, b) => a[0] - b[0]);
}

/** The chain restricted to a subset of states (transitions leaving the subset are dropped). */
export function restrict(c: CompiledCtmc, states: number[]): CompiledCtmc {
  const map = new Int32Array(c.n).fill(-1);
  states.forEach((s, i) => (map[s] = i));
  const transitions: CtmcTransition[] = [];
  for (const s of states) {
    for (let e = c.outStart[s]; e < c.outStart[s + 1]; e++) {
      const t = map[c.outTo[e]];
      if (t >= 0) transitions.push({ from: map[s], to: t, rate: c.outRate[e] });
    }
  }
  return compileCtmc({ states: states.length, transitions });
}

