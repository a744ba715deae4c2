/**
 * Storage for the breadth-first generation of a CTMC: the reachable states as fixed-width integer vectors in
 * one flat buffer, found by a numeric key (mixed-radix code of the vector, or a string when the code would
 * exceed 2^53), and the generated transitions in typed arrays. Keeps the generator free of per-state and
 * per-transition objects, which dominated its cost (garbage collection and string keys).
 */
import { compileCtmcArrays, type CompiledCtmc } from './ctmc-sparse.js';

/** Thrown when the reachable state space exceeds the cap. */
export class StateSpaceTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`state space too large: more than ${limit} reachable states`);
    this.name = 'StateSpaceTooLargeError';
  }
}

/**
 * The set of generated states.
 * @param low per variable, its smallest value
 * @param radix per variable, the number of values it can take (low .. low + radix - 1)
 * @param maxStates state cap: interning one more state throws StateSpaceTooLargeError
 */
export class StateStore {
  readonly width: number;
  private data: Int16Array;
  private count = 0;
  private readonly numeric: boolean;
  private readonly ids = new Map<number | string, number>();

  constructor(
    private readonly low: readonly number[],
    private readonly radix: readonly number[],
    private readonly maxStates: number,
  ) {
    this.width = low.length;
    let span = 1;
    for (const r of radix) span *= r;
    this.numeric = span <= Number.MAX_SAFE_INTEGER;
    this.data = new Int16Array(Math.max(1, this.width) * 1024);
  }

  get size(): number {
    return this.count;
  }

  private key(s: readonly number[]): number | string {
    if (this.numeric) {
      let k = 0;
      for (let i = 0; i < this.width; i++) k = k * this.radix[i] + (s[i] - this.low[i]);
      return k;
    }
    let k = '';
    for (let i = 0; i < this.width; i++) k += String.fromCharCode(s[i] - this.low[i] + 32);
    return k;
  }

  /** The id of state `s` (a canonical vector), adding it when new. @throws StateSpaceTooLargeError */
  intern(s: readonly number[]): number {
    const k = this.key(s);
    const found = this.ids.get(k);
    if (found !== undefined) return found;
    if (this.count >= this.maxStates) throw new StateSpaceTooLargeError(this.maxStates);
    const id = this.count++;
    this.ids.set(k, id);
    const w = this.width;
    if ((id + 1) * w > this.data.length) {
      const grown = new Int16Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    for (let i = 0; i < w; i++) this.data[id * w + i] = s[i];
    return id;
  }

  /** Copies state `id` into `out` (length `width`). */
  read(id: number, out: number[]): number[] {
    const w = this.width;
    for (let i = 0; i < w; i++) out[i] = this.data[id * w + i];
    return out;
  }

  /** A fresh copy of state `id`. */
  get(id: number): number[] {
    return this.read(id, new Array<number>(this.width));
  }
}

/** Growable list of labelled transitions in typed arrays. */
export class TransitionList {
  from = new Int32Array(4096);
  to = new Int32Array(4096);
  rate = new Float64Array(4096);
  /** Index into the caller's cause names. */
  cause = new Uint8Array(4096);
  /** Fault index, -1 when none. */
  fault = new Int32Array(4096);
  length = 0;

  push(from: number, to: number, rate: number, cause: number, fault: number): void {
    if (this.length === this.from.length) this.grow();
    const k = this.length++;
    this.from[k] = from;
    this.to[k] = to;
    this.rate[k] = rate;
    this.cause[k] = cause;
    this.fault[k] = fault;
  }

  private grow(): void {
    const n = this.from.length * 2;
    const more = <T extends Int32Array | Float64Array | Uint8Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.from = more(this.from, new Int32Array(n));
    this.to = more(this.to, new Int32Array(n));
    this.rate = more(this.rate, new Float64Array(n));
    this.cause = more(this.cause, new Uint8Array(n));
    this.fault = more(this.fault, new Int32Array(n));
  }

  /** The compiled chain over `states` states (see compileCtmcArrays). */
  compile(states: number): CompiledCtmc {
    return compileCtmcArrays(states, this.from.subarray(0, this.length), this.to.subarray(0, this.length), this.rate.subarray(0, this.length));
  }
}
