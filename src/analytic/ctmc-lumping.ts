/**
 * Symmetry lumping of the system CTMC: interchangeable parts of the model are counted, not enumerated.
 *
 * A permutation of the state variables is a symmetry when it maps the model onto itself: instances go to
 * instances of the same type (failure and repair laws, crew and its priority rank, and the component when
 * the crew chooses among components), injected faults go to faults with the same rates whose targets are
 * the images of their targets, and the structure function is unchanged (checked on the structure tree: the
 * permuted tree equals the original up to the order of the children of its symmetric gates). The symmetries
 * form a group of automorphisms of the chain; the partition of the state space into their orbits is an
 * ordinary lumpable partition, so the lumped chain (one representative per orbit, rates out of a
 * representative summed per target orbit) has the same steady-state and transient measures for every
 * orbit-invariant reward (system up; an instance's availability averaged over its orbit).
 *
 * Two kinds of symmetry are used, nested:
 * 1. element classes: instances of the same type with the same shared faults, each together with its
 *    private faults (faults targeting only it, matched by rates), e.g. api[1] with its crash fault and
 *    api[4] with its own; a zone outage tells apart instances in different zones;
 * 2. zone classes: whole zones (their instances and the faults inside them), e.g. the four PoPs of an
 *    anycast service, each with two name servers and a PoP outage: permuting zones is a symmetry when their
 *    contents match position by position and the structure treats them alike.
 * Representative: element classes first (elements sorted by their value tuples), then zone classes (zones
 * sorted by their value tuples). Element classes lie inside one zone, aligned across zones, so this is the
 * canonical form of the wreath-product group: a chain of n identical units with k states each has
 * C(n + k - 1, k - 1) states instead of k^n.
 *
 * Sources: Kemeny & Snell, "Finite Markov Chains" (1960), sec. 6.3 (lumpability); P. Buchholz, "Exact and
 * ordinary lumpability in finite Markov chains", J. Appl. Probab. 31(1) (1994); W. H. Sanders & J. F.
 * Meyer, "Reduced base model construction methods for stochastic activity networks", IEEE JSAC 9(1) (1991)
 * (symmetry of replicated submodels); E. M. Clarke, E. A. Emerson, S. Jha & A. P. Sistla, "Symmetry
 * reductions in model checking", CAV 1998 (orbit representatives).
 */
import type { Scenario } from '../scenario/types.js';
import type { StructureNode } from '../core/types.js';

/** What the lumping needs to know about the model. */
export interface LumpingInput {
  /** Per instance: a key equal for instances that behave alike (laws, crew, rank...). */
  typeOf: readonly string[];
  /** Per instance: true when it is a unit of a standby block (never permuted). */
  inStandby: ArrayLike<boolean | number>;
  /** Injected faults: target instance indices and a key of their rates. */
  faults: ReadonlyArray<{ targets: readonly number[]; law: string }>;
  /** Position of fault 0 in the state vector (fault f at faultOffset + f); instance i is at position i. */
  faultOffset: number;
}

/** A symmetry lumping: how to canonicalize a state, and the orbits of the instances. */
export interface Lumping {
  /** Applied in order: the elements of each class (aligned tuples of state positions) sorted by their values. */
  classes: number[][][];
  /** Orbits of instances (size >= 2): per-instance measures are averaged over each. */
  orbits: number[][];
}

/** No lumping (every instance enumerated). */
export const NO_LUMPING: Lumping = { classes: [], orbits: [] };

/** The symmetry lumping of a scenario's system CTMC (see the module documentation). */
export function symmetryLumping(scenario: Scenario, input: LumpingInput): Lumping {
  const canon = structureCanon(scenario.system, scenario.instances.map((i) => i.id));
  const sym = new SymmetryCheck(input, canon);
  const elementClasses = buildElementClasses(scenario, input, sym);
  const zoneClasses = buildZoneClasses(scenario, input, sym, elementClasses);
  const classes = [...elementClasses, ...zoneClasses];
  return { classes, orbits: orbitsOf(scenario.instances.length, classes) };
}

/** Checks candidate permutations (instance position -> position) against faults and structure. */
class SymmetryCheck {
  private readonly original: string;
  constructor(
    private readonly input: LumpingInput,
    private readonly canon: (perm: (i: number) => number) => string,
  ) {
    this.original = canon((i) => i);
  }

  /** True when mapping instances by `perm` (and faults accordingly) is a symmetry of the model. */
  holds(perm: Map<number, number>): boolean {
    const p = (i: number) => perm.get(i) ?? i;
    for (const [a, b] of perm) if (this.input.typeOf[a] !== this.input.typeOf[b] || Boolean(this.input.inStandby[a]) || Boolean(this.input.inStandby[b])) return false;
    const faultKeys = new Map<string, number>();
    const key = (targets: readonly number[], law: string) => `${law}|${[...new Set(targets)].sort((x, y) => x - y).join(',')}`;
    for (const f of this.input.faults) {
      const k = key(f.targets, f.law);
      faultKeys.set(k, (faultKeys.get(k) ?? 0) + 1);
    }
    for (const f of this.input.faults) {
      const k = key(f.targets.map(p), f.law);
      const left = faultKeys.get(k) ?? 0;
      if (left === 0) return false;
      faultKeys.set(k, left - 1);
    }
    return this.canon(p) === this.original;
  }
}

/** Canonical text of the structure with instances renamed by `perm`: symmetric gates sort their children. */
function structureCanon(system: StructureNode, ids: readonly string[]): (perm: (i: number) => number) => string {
  const index = new Map(ids.map((id, i) => [id, i]));
  return (perm) => {
    const walk = (node: StructureNode): string => {
      switch (node.type) {
        case 'component':
          return `#${perm(index.get(node.instance) ?? -1)}`;
        case 'standby':
          return `standby(${node.units.map((u) => perm(index.get(u) ?? -1)).join(',')})`;
        case 'series':
        case 'parallel':
        case 'k_of_n': {
          const k = node.type === 'k_of_n' ? node.k : node.type === 'series' ? -1 : -2;
          return `${k}(${node.children.map(walk).sort().join(',')})`;
        }
      }
    };
    return walk(system);
  };
}

/** Private faults of each instance (faults whose only target it is), sorted by law. */
function privateFaults(n: number, input: LumpingInput): number[][] {
  const own: number[][] = Array.from({ length: n }, () => []);
  input.faults.forEach((f, fi) => {
    const t = [...new Set(f.targets)];
    if (t.length === 1) own[t[0]].push(fi);
  });
  for (const list of own) list.sort((a, b) => (input.faults[a].law < input.faults[b].law ? -1 : input.faults[a].law > input.faults[b].law ? 1 : a - b));
  return own;
}

/** Element classes: instances of one type with the same shared faults, each with its private faults. */
function buildElementClasses(scenario: Scenario, input: LumpingInput, sym: SymmetryCheck): number[][][] {
  const n = scenario.instances.length;
  const own = privateFaults(n, input);
  const shared: number[][] = Array.from({ length: n }, () => []);
  input.faults.forEach((f, fi) => {
    const t = [...new Set(f.targets)];
    if (t.length > 1) for (const i of t) shared[i].push(fi);
  });
  const groups = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    if (input.inStandby[i]) continue;
    const key = `${input.typeOf[i]}\u0000${shared[i].join(',')}\u0000${own[i].map((f) => input.faults[f].law).join(';')}`;
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  }
  const classes: number[][][] = [];
  for (const g of groups.values()) {
    // Split by what the structure can tell apart: members whose swap with a group's first is a symmetry.
    const parts: number[][] = [];
    for (const i of g) {
      const part = parts.find((p) => sym.holds(transposition(p[0], i)));
      if (part) part.push(i);
      else parts.push([i]);
    }
    for (const p of parts) if (p.length > 1) classes.push(p.map((i) => [i, ...own[i].map((f) => input.faultOffset + f)]));
  }
  return classes;
}

/** The transposition of two instances (their private faults follow their targets). */
function transposition(a: number, b: number): Map<number, number> {
  return new Map([
    [a, b],
    [b, a],
  ]);
}

/** A zone's instances in aligned order and the faults inside it. */
interface ZoneBlock {
  zone: string;
  instances: number[];
  faults: number[];
}

/** Zone classes: zones whose contents and faults match position by position and that the structure treats alike. */
function buildZoneClasses(scenario: Scenario, input: LumpingInput, sym: SymmetryCheck, elementClasses: number[][][]): number[][][] {
  const byZone = new Map<string, number[]>();
  scenario.instances.forEach((inst, i) => {
    if (inst.zone === null) return;
    const list = byZone.get(inst.zone);
    if (list) list.push(i);
    else byZone.set(inst.zone, [i]);
  });
  const blocks: ZoneBlock[] = [];
  for (const [zone, members] of byZone) {
    if (members.length < 2 || members.some((i) => input.inStandby[i])) continue;
    const inside = new Set(members);
    const order = [...members].sort((a, b) => (input.typeOf[a] < input.typeOf[b] ? -1 : input.typeOf[a] > input.typeOf[b] ? 1 : a - b));
    const pos = new Map(order.map((i, k) => [i, k]));
    const faults = input.faults
      .map((f, fi) => ({ fi, f, t: [...new Set(f.targets)] }))
      .filter(({ t }) => t.every((i) => inside.has(i)))
      .sort((x, y) => (x.f.law < y.f.law ? -1 : x.f.law > y.f.law ? 1 : 0) || cmpLists(x.t.map((i) => pos.get(i) as number).sort((a, b) => a - b), y.t.map((i) => pos.get(i) as number).sort((a, b) => a - b)))
      .map(({ fi }) => fi);
    if (faults.length > 0) blocks.push({ zone, instances: order, faults });
  }
  const classes: ZoneBlock[][] = [];
  for (const b of blocks) {
    const cls = classes.find((c) => c[0].instances.length === b.instances.length && c[0].faults.length === b.faults.length && sym.holds(zoneSwap(c[0], b)));
    if (cls) cls.push(b);
    else classes.push([b]);
  }
  return classes
    .filter((c) => c.length > 1 && elementsStayInside(c, elementClasses))
    .map((c) => c.map((b) => [...b.instances, ...b.faults.map((f) => input.faultOffset + f)]));
}

/** The permutation exchanging two aligned zone blocks' instances. */
function zoneSwap(a: ZoneBlock, b: ZoneBlock): Map<number, number> {
  const perm = new Map<number, number>();
  a.instances.forEach((i, k) => {
    perm.set(i, b.instances[k]);
    perm.set(b.instances[k], i);
  });
  return perm;
}

/**
 * Element classes must lie inside one zone of the class, or outside all of its zones, and those inside a
 * zone must be repeated position by position in every other zone of the class (canonical form).
 */
function elementsStayInside(cls: ZoneBlock[], elementClasses: number[][][]): boolean {
  const zoneOf = new Map<number, number>();
  cls.forEach((b, z) => b.instances.forEach((i) => zoneOf.set(i, z)));
  const known = new Set(elementClasses.map((ec) => JSON.stringify(ec.map((e) => e[0]).sort((a, b) => a - b))));
  return elementClasses.every((ec) => {
    const zones = new Set(ec.map((e) => zoneOf.get(e[0]) ?? -1));
    if (zones.size !== 1) return false;
    const z = [...zones][0];
    if (z < 0) return true;
    const posOf = new Map(cls[z].instances.map((i, k) => [i, k]));
    return cls.every((b) => known.has(JSON.stringify(ec.map((e) => b.instances[posOf.get(e[0]) as number]).sort((x, y) => x - y))));
  });
}

function cmpLists(a: readonly number[], b: readonly number[]): number {
  for (let k = 0; k < Math.min(a.length, b.length); k++) if (a[k] !== b[k]) return a[k] - b[k];
  return a.length - b.length;
}

/** Orbits of instances: instances at the same position of the elements of a class are in one orbit. */
function orbitsOf(n: number, classes: number[][][]): number[][] {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (const cls of classes) {
    for (const el of cls) {
      el.forEach((v, k) => {
        if (v < n && cls[0][k] < n) parent[find(v)] = find(cls[0][k]);
      });
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

/**
 * Rewrites a state vector to the representative of its orbit: the elements of each class sorted by their
 * value tuples, classes in order.
 * @param s per-instance values first (index = instance), other variables after; modified in place
 */
export function canonicalize(s: number[], classes: readonly number[][][]): void {
  for (const cls of classes) {
    const n = cls.length;
    const w = cls[0].length;
    if (w === 1) {
      sortSingles(s, cls);
      continue;
    }
    // Insertion sort of the element tuples (classes are small and usually almost sorted).
    const tmp = new Array<number>(w);
    for (let a = 1; a < n; a++) {
      for (let k = 0; k < w; k++) tmp[k] = s[cls[a][k]];
      let b = a - 1;
      while (b >= 0 && greater(s, cls[b], tmp)) {
        for (let k = 0; k < w; k++) s[cls[b + 1][k]] = s[cls[b][k]];
        b--;
      }
      for (let k = 0; k < w; k++) s[cls[b + 1][k]] = tmp[k];
    }
  }
}

function sortSingles(s: number[], cls: readonly number[][]): void {
  for (let a = 1; a < cls.length; a++) {
    const v = s[cls[a][0]];
    let b = a - 1;
    while (b >= 0 && s[cls[b][0]] > v) {
      s[cls[b + 1][0]] = s[cls[b][0]];
      b--;
    }
    s[cls[b + 1][0]] = v;
  }
}

/** Lexicographic: the values of element `el` in `s` > `tuple`. */
function greater(s: readonly number[], el: readonly number[], tuple: readonly number[]): boolean {
  for (let k = 0; k < el.length; k++) {
    const d = s[el[k]] - tuple[k];
    if (d !== 0) return d > 0;
  }
  return false;
}
