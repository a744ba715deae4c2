/**
 * Reference model: PRISM's workstation cluster (prism-examples/ctmcs/cluster/cluster.sm in
 * github.com/prismmodelchecker/prism; Haverkort, Hermanns & Katoen, SRDS 2000) transcribed command by
 * command into an explicit CTMC over PRISM's own variables, independently of faultline's builder:
 *
 *   left_n, right_n in [0..N]; left, right, r, line, toleft, toright: bool; line_n, toleft_n, toright_n: bool
 *   Left:  [startLeft]  !left & left_n<N -> 1 : left'=true       (synchronised with Repairman !r -> 10 : r'=true)
 *          [repairLeft] left & left_n<N  -> 1 : left'=false, left_n'=left_n+1  (Repairman r -> 2 : r'=false)
 *          []           left_n>0 -> ws_fail*left_n : left_n'=left_n-1
 *   Right: the same with right_*; Line/ToLeft/ToRight: start rate 10, repair 0.125 / 0.25 / 0.25,
 *          failure line_fail (1/5000) / switch_fail (1/4000) while working.
 * A synchronised command's rate is the product of the module rates (PRISM manual, "CTMCs": 1 x 10 = 10).
 * Rates per hour. "premium" = (left_n>=N & toleft_n) | (right_n>=N & toright_n)
 *                             | ((left_n+right_n)>=N & toleft_n & line_n & toright_n).
 */
import type { CtmcTransition } from '../../src/analytic/ctmc-sparse.js';

export interface PrismCluster {
  states: number;
  transitions: CtmcTransition[];
  premium: boolean[];
}

const WS_FAIL = 1 / 500;
const SWITCH_FAIL = 1 / 4000;
const LINE_FAIL = 1 / 5000;

interface S {
  ln: number; l: boolean; rn: number; rr: boolean; r: boolean;
  line: boolean; lineN: boolean; tl: boolean; tlN: boolean; tr: boolean; trN: boolean;
}

/** The reachable CTMC of cluster.sm for `n` workstations per side (rates per hour). */
export function prismCluster(n: number): PrismCluster {
  const init: S = { ln: n, l: false, rn: n, rr: false, r: false, line: false, lineN: true, tl: false, tlN: true, tr: false, trN: true };
  const key = (s: S) => JSON.stringify(s);
  const index = new Map<string, number>([[key(init), 0]]);
  const list: S[] = [init];
  const transitions: CtmcTransition[] = [];
  const add = (from: number, to: S, rate: number) => {
    const k = key(to);
    let id = index.get(k);
    if (id === undefined) {
      id = list.length;
      index.set(k, id);
      list.push(to);
    }
    transitions.push({ from, to: id, rate });
  };
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    // Workstation clusters.
    if (!s.l && s.ln < n && !s.r) add(i, { ...s, l: true, r: true }, 1 * 10);
    if (s.l && s.ln < n && s.r) add(i, { ...s, l: false, ln: s.ln + 1, r: false }, 1 * 2);
    if (s.ln > 0) add(i, { ...s, ln: s.ln - 1 }, WS_FAIL * s.ln);
    if (!s.rr && s.rn < n && !s.r) add(i, { ...s, rr: true, r: true }, 1 * 10);
    if (s.rr && s.rn < n && s.r) add(i, { ...s, rr: false, rn: s.rn + 1, r: false }, 1 * 2);
    if (s.rn > 0) add(i, { ...s, rn: s.rn - 1 }, WS_FAIL * s.rn);
    // Backbone and switches.
    if (!s.line && !s.lineN && !s.r) add(i, { ...s, line: true, r: true }, 1 * 10);
    if (s.line && !s.lineN && s.r) add(i, { ...s, line: false, lineN: true, r: false }, 1 * 0.125);
    if (s.lineN) add(i, { ...s, lineN: false }, LINE_FAIL);
    if (!s.tl && !s.tlN && !s.r) add(i, { ...s, tl: true, r: true }, 1 * 10);
    if (s.tl && !s.tlN && s.r) add(i, { ...s, tl: false, tlN: true, r: false }, 1 * 0.25);
    if (s.tlN) add(i, { ...s, tlN: false }, SWITCH_FAIL);
    if (!s.tr && !s.trN && !s.r) add(i, { ...s, tr: true, r: true }, 1 * 10);
    if (s.tr && !s.trN && s.r) add(i, { ...s, tr: false, trN: true, r: false }, 1 * 0.25);
    if (s.trN) add(i, { ...s, trN: false }, SWITCH_FAIL);
  }
  const premium = list.map((s) => (s.ln >= n && s.tlN) || (s.rn >= n && s.trN) || (s.ln + s.rn >= n && s.tlN && s.lineN && s.trN));
  return { states: list.length, transitions, premium };
}
