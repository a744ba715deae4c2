/**
 * Minimal cut sets of a structure function (reliability block diagram), top-down as MOCUS does on a fault
 * tree (Fussell & Vesely, "A new methodology for obtaining cut sets for fault trees", Trans. ANS 15 (1972);
 * Rausand & Høyland, "System Reliability Theory", 2nd ed. (2004), sec. 3.6): a leaf is down when any of its
 * basic events is down; a series gate is down when any child is (union of the children's cut sets); a
 * parallel gate when every child is (products); a k-out-of-n gate when n-k+1 children are (products over the
 * combinations, by dynamic programming). Each intermediate family is minimized (supersets removed).
 *
 * Bounded: cut sets of more than `maxOrder` events are dropped (order truncation, exact for every cut set of
 * order <= maxOrder, reported as `truncated`), and a family of more than `maxSets` sets is refused with a
 * {@link CutSetLimitError}. A standby block counts as its units in parallel (static view: the block is
 * certainly down when every unit is down; switchovers are dynamic and attributed by simulation).
 */
import type { StructureNode } from '../core/types.js';

/** Options of {@link minimalCutSets}. */
export interface CutSetOptions {
  /** Largest number of basic events in a reported cut set. */
  maxOrder: number;
  /** Most cut sets any intermediate family may hold. */
  maxSets: number;
  /** The basic events whose failure takes a leaf instance down; default: the instance alone. */
  leafEvents?: (instance: string) => readonly string[];
}

/** The minimal cut sets, each a list of basic event names in first-seen order, sorted by order then name. */
export interface CutSetResult {
  /** Basic events in the order first met in the structure. */
  events: string[];
  cutSets: string[][];
  /** True when some cut set had more than `maxOrder` events and was dropped. */
  truncated: boolean;
}

/** Thrown when the enumeration would exceed `maxSets` (the message says which limit and how to raise it). */
export class CutSetLimitError extends RangeError {}

interface Cut {
  mask: bigint;
  order: number;
}

interface Walk {
  index: Map<string, number>;
  events: string[];
  options: CutSetOptions;
  truncated: boolean;
}

/**
 * Minimal cut sets of `node` over its basic events.
 * @throws CutSetLimitError when a family exceeds `options.maxSets` sets.
 */
export function minimalCutSets(node: StructureNode, options: CutSetOptions): CutSetResult {
  const walk: Walk = { index: new Map(), events: [], options, truncated: false };
  const family = cutsOf(node, walk);
  const cutSets = family.map((c) => maskEvents(c.mask, walk.events));
  cutSets.sort((a, b) => a.length - b.length || a.join('\u0000').localeCompare(b.join('\u0000')));
  return { events: walk.events, cutSets, truncated: walk.truncated };
}

function eventBit(name: string, walk: Walk): bigint {
  let i = walk.index.get(name);
  if (i === undefined) {
    i = walk.events.length;
    walk.index.set(name, i);
    walk.events.push(name);
  }
  return 1n << BigInt(i);
}

function leafCuts(instance: string, walk: Walk): Cut[] {
  const events = walk.options.leafEvents ? walk.options.leafEvents(instance) : [instance];
  return minimize([...new Set(events)].map((e) => ({ mask: eventBit(e, walk), order: 1 })), walk);
}

function cutsOf(node: StructureNode, walk: Walk): Cut[] {
  switch (node.type) {
    case 'component':
      return leafCuts(node.instance, walk);
    case 'series':
      return minimize(node.children.flatMap((c) => cutsOf(c, walk)), walk);
    case 'parallel':
      return node.children.map((c) => cutsOf(c, walk)).reduce((acc, f) => product(acc, f, walk), [{ mask: 0n, order: 0 }]);
    case 'standby':
      return node.units.map((u) => leafCuts(u, walk)).reduce((acc, f) => product(acc, f, walk), [{ mask: 0n, order: 0 }]);
    case 'k_of_n':
      return kOfNCuts(node.k, node.children.map((c) => cutsOf(c, walk)), walk);
  }
}

/** A k-out-of-n gate is down when at least n-k+1 children are: down[r] = families with r children down so far. */
function kOfNCuts(k: number, children: Cut[][], walk: Walk): Cut[] {
  if (k <= 0) return []; // never down
  if (k > children.length) return [{ mask: 0n, order: 0 }]; // always down
  const need = children.length - k + 1;
  let down: Cut[][] = [[{ mask: 0n, order: 0 }]];
  for (const child of children) {
    const next: Cut[][] = down.map((f) => f.slice());
    for (let r = 0; r < down.length && r < need; r++) {
      const more = product(down[r], child, walk);
      next[r + 1] = minimize([...(next[r + 1] ?? []), ...more], walk);
    }
    down = next;
  }
  return down[need] ?? [];
}

function product(a: Cut[], b: Cut[], walk: Walk): Cut[] {
  const { maxOrder, maxSets } = walk.options;
  if (a.length * b.length > maxSets * 50) throw limitError(a.length * b.length, maxSets);
  const out: Cut[] = [];
  for (const x of a) {
    for (const y of b) {
      const mask = x.mask | y.mask;
      const order = popcount(mask);
      if (order > maxOrder) walk.truncated = true;
      else out.push({ mask, order });
    }
  }
  return minimize(out, walk);
}

/** Removes duplicates and supersets; throws beyond `maxSets`. */
function minimize(cuts: Cut[], walk: Walk): Cut[] {
  const sorted = cuts.slice().sort((x, y) => x.order - y.order || (x.mask < y.mask ? -1 : x.mask > y.mask ? 1 : 0));
  const kept: Cut[] = [];
  for (const c of sorted) {
    if (kept.some((k) => (k.mask & c.mask) === k.mask)) continue;
    kept.push(c);
    if (kept.length > walk.options.maxSets) throw limitError(kept.length, walk.options.maxSets);
  }
  return kept;
}

function limitError(count: number, maxSets: number): CutSetLimitError {
  return new CutSetLimitError(
    `the structure has more than ${maxSets.toLocaleString('en-US')} minimal cut sets of the orders kept (${count.toLocaleString('en-US')} candidates at one gate): ` +
      'lower attribution.max_cut_set_order or raise attribution.max_cut_sets',
  );
}

function popcount(mask: bigint): number {
  let n = 0;
  let m = mask;
  while (m) {
    m &= m - 1n;
    n++;
  }
  return n;
}

function maskEvents(mask: bigint, events: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < events.length; i++) if ((mask >> BigInt(i)) & 1n) out.push(events[i]);
  return out;
}
