/**
 * The structure function as flat arrays, for the attribution observer: evaluates the system state from the
 * instances' up/down states and marks which instances are critical (flipping the instance alone flips the
 * system: Birnbaum's criticality). A standby block counts as its units in parallel (the static structure;
 * the simulated system also waits for switchovers, which the observer attributes separately).
 *
 * Criticality of an instance that appears in one leaf is found top-down in one pass (a child is critical for
 * a k-out-of-n gate with u children up when it is up and u = k, or down and u = k - 1); an instance repeated
 * in several leaves is found by evaluating the structure with its state flipped.
 */
import type { StructureNode } from '../core/types.js';

export class StaticStructure {
  /** Per node: k (gates) or -1 (leaf). Nodes in post-order: children before their parent; root last. */
  private readonly k: number[] = [];
  private readonly inst: number[] = [];
  private readonly children: number[][] = [];
  private readonly nodeUp: boolean[] = [];
  private readonly upCount: number[] = [];
  private readonly crit: boolean[] = [];
  /** Instances that appear in more than one leaf. */
  private readonly repeated: number[];
  private readonly single: number[];
  /** Leaf node of each single-leaf instance. */
  private readonly leafOf = new Map<number, number>();

  constructor(node: StructureNode, indexOf: (id: string) => number) {
    const seen = new Map<number, number>();
    this.build(node, indexOf, seen);
    this.repeated = [...seen].filter(([, c]) => c > 1).map(([i]) => i);
    this.single = [...seen].filter(([, c]) => c === 1).map(([i]) => i);
  }

  /** Instance indices in the structure. */
  get members(): number[] {
    return [...this.single, ...this.repeated];
  }

  private build(node: StructureNode, indexOf: (id: string) => number, seen: Map<number, number>): number {
    const leaf = (id: string) => {
      const i = indexOf(id);
      seen.set(i, (seen.get(i) ?? 0) + 1);
      this.leafOf.set(i, this.k.length);
      return this.push(-1, i, []);
    };
    switch (node.type) {
      case 'component':
        return leaf(node.instance);
      case 'standby':
        return this.push(1, -1, node.units.map(leaf));
      case 'series':
      case 'parallel':
      case 'k_of_n': {
        const kids = node.children.map((c) => this.build(c, indexOf, seen));
        const k = node.type === 'series' ? kids.length : node.type === 'parallel' ? 1 : node.k;
        return this.push(k, -1, kids);
      }
    }
  }

  private push(k: number, inst: number, children: number[]): number {
    this.k.push(k);
    this.inst.push(inst);
    this.children.push(children);
    this.nodeUp.push(true);
    this.upCount.push(0);
    this.crit.push(false);
    return this.k.length - 1;
  }

  /** Evaluates every node from the instances' states; returns the system state. */
  evaluate(up: readonly boolean[]): boolean {
    const n = this.k.length;
    for (let j = 0; j < n; j++) {
      if (this.k[j] < 0) {
        this.nodeUp[j] = up[this.inst[j]];
        continue;
      }
      let u = 0;
      for (const c of this.children[j]) if (this.nodeUp[c]) u++;
      this.upCount[j] = u;
      this.nodeUp[j] = u >= this.k[j];
    }
    return this.nodeUp[n - 1];
  }

  /**
   * Writes into `critical[i]` whether instance i is critical in state `up` (the state must have just been
   * evaluated). Repeated instances are re-evaluated with their state flipped (`up` is restored).
   */
  markCritical(up: boolean[], critical: boolean[]): void {
    const n = this.k.length;
    this.crit[n - 1] = true;
    for (let j = n - 1; j >= 0; j--) {
      if (this.k[j] < 0) continue;
      const u = this.upCount[j];
      const k = this.k[j];
      for (const c of this.children[j]) this.crit[c] = this.crit[j] && (this.nodeUp[c] ? u === k : u === k - 1);
    }
    for (const i of this.single) critical[i] = this.crit[this.leafOf.get(i) as number];
    if (this.repeated.length === 0) return;
    const base = this.nodeUp[n - 1];
    for (const i of this.repeated) {
      up[i] = !up[i];
      critical[i] = this.evaluate(up) !== base;
      up[i] = !up[i];
    }
    this.evaluate(up);
  }
}
