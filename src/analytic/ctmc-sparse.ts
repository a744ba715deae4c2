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
  if (!Number.isInteger(chain.states) || chain.states < 1) throw new RangeError(`CTMC state count must be an integer >= 1, got ${chain.states}`);
  const m = chain.transitions.length;
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  const rate = new Float64Array(m);
  chain.transitions.forEach((t, k) => {
    if (!Number.isInteger(t.from) || !Number.isInteger(t.to)) {
      throw new RangeError(`CTMC transition ${t.from} -> ${t.to} refers to a state outside 0..${chain.states - 1}`);
    }
    from[k] = t.from;
    to[k] = t.to;
    rate[k] = t.rate;
  });
  return compileCtmcArrays(chain.states, from, to, rate);
}

/**
 * {@link compileCtmc} on transitions given as parallel typed arrays (same validation and result).
 * @throws RangeError as compileCtmc
 */
export function compileCtmcArrays(n: number, from: Int32Array, to: Int32Array, rate: Float64Array): CompiledCtmc {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`CTMC state count must be an integer >= 1, got ${n}`);
  const exit = new Float64Array(n);
  const outStart = new Int32Array(n + 1);
  const inStart = new Int32Array(n + 1);
  const keep = new Uint8Array(from.length);
  let m = 0;
  for (let k = 0; k < from.length; k++) {
    const f = from[k];
    const t = to[k];
    const r = rate[k];
    if (f < 0 || t < 0 || f >= n || t >= n) throw new RangeError(`CTMC transition ${f} -> ${t} refers to a state outside 0..${n - 1}`);
    if (!(r >= 0) || !Number.isFinite(r)) throw new RangeError(`CTMC transition ${f} -> ${t} has invalid rate ${r}`);
    if (r > 0 && f !== t) {
      keep[k] = 1;
      m++;
      outStart[f + 1]++;
      inStart[t + 1]++;
      exit[f] += r;
    }
  }
  for (let i = 0; i < n; i++) {
    outStart[i + 1] += outStart[i];
    inStart[i + 1] += inStart[i];
  }
  const outTo = new Int32Array(m);
  const outRate = new Float64Array(m);
  const inFrom = new Int32Array(m);
  const inRate = new Float64Array(m);
  const op = outStart.slice(0, n);
  const ip = inStart.slice(0, n);
  for (let k = 0; k < from.length; k++) {
    if (!keep[k]) continue;
    const a = op[from[k]]++;
    outTo[a] = to[k];
    outRate[a] = rate[k];
    const b = ip[to[k]]++;
    inFrom[b] = from[k];
    inRate[b] = rate[k];
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

