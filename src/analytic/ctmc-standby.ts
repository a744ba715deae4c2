/**
 * Standby blocks in the system CTMC: the switching logic of the simulator (src/model/structure.ts) on a
 * state vector. Each block has two state variables at `offset + 2b`: the active unit `a` and a mode `m`
 * (0 = normal; j+1 = switching to unit j; -1 = failed switch: down until a unit comes back up, which
 * becomes active).
 *
 * On the active unit going down: switch to the next unit up in cyclic order after the active one; during a
 * switchover other changes are ignored and the target is re-checked at its end; a unit coming up while the
 * block is down (failed switch, or no unit was up) becomes active directly; a failed switch holds the block
 * down only while the active unit is down.
 * Sources: Rausand & Høyland, "System Reliability Theory", 2nd ed. (2004), sec. 6.4; Trivedi (2016), sec. 8.4.
 */

/** A standby block as the CTMC sees it. */
export interface CtmcBlock {
  units: number[];
  dormancy: number;
  /** 1/switchover, Infinity when instantaneous. */
  switchRate: number;
  /** Switch success probability. */
  p: number;
}

/** A probabilistic branch of a state change. */
export interface Branch {
  state: number[];
  p: number;
}

/** The switching logic of a model's standby blocks. */
export interface StandbyLogic {
  /** True when block `b` delivers service in state `s` given the effective up flags. */
  blockUp(s: readonly number[], eff: Uint8Array, b: number): boolean;
  /** Applies effective up/down changes one at a time, as the simulator's listeners do. */
  propagate(s: number[], eff0: Uint8Array, changes: Array<[number, boolean]>): Branch[];
  /** A switchover of block `b` (in mode m >= 1) completes: its branches. `s` is modified. */
  completeSwitch(s: number[], eff: Uint8Array, b: number, target: number): Branch[];
}

/** Builds the switching logic; `blockOf`/`unitOf` give each instance's block and position (-1: none). */
export function standbyLogic(blocks: readonly CtmcBlock[], blockOf: Int32Array, unitOf: Int32Array, offset: number): StandbyLogic {
  const setBlock = (s: number[], b: number, a: number, m: number) => {
    s[offset + 2 * b] = a;
    s[offset + 2 * b + 1] = m;
  };
  const completeSwitch = (s: number[], eff: Uint8Array, b: number, target: number): Branch[] => {
    const blk = blocks[b];
    const a = s[offset + 2 * b];
    setBlock(s, b, a, 0);
    if (!eff[blk.units[target]]) return eff[blk.units[a]] ? [{ state: s, p: 1 }] : failover(s, eff, b);
    const out: Branch[] = [];
    if (blk.p > 0) {
      const ok = s.slice();
      setBlock(ok, b, target, 0);
      out.push({ state: ok, p: blk.p });
    }
    if (blk.p < 1) {
      const bad = s.slice();
      setBlock(bad, b, a, eff[blk.units[a]] ? 0 : -1);
      out.push({ state: bad, p: 1 - blk.p });
    }
    return out;
  };
  const failover = (s: number[], eff: Uint8Array, b: number): Branch[] => {
    const blk = blocks[b];
    const a = s[offset + 2 * b];
    const n = blk.units.length;
    for (let step = 1; step < n; step++) {
      const j = (a + step) % n;
      if (!eff[blk.units[j]]) continue;
      if (blk.switchRate < Infinity) {
        setBlock(s, b, a, j + 1);
        return [{ state: s, p: 1 }];
      }
      return completeSwitch(s, eff, b, j);
    }
    return [{ state: s, p: 1 }];
  };
  const onChange = (s: number[], eff: Uint8Array, inst: number, up: boolean): Branch[] => {
    const b = blockOf[inst];
    if (b < 0) return [{ state: s, p: 1 }];
    const a = s[offset + 2 * b];
    const m = s[offset + 2 * b + 1];
    if (m >= 1) return [{ state: s, p: 1 }];
    if (up) {
      if (m === -1 || !eff[blocks[b].units[a]]) setBlock(s, b, unitOf[inst], 0);
      return [{ state: s, p: 1 }];
    }
    if (unitOf[inst] === a && m !== -1) return failover(s, eff, b);
    return [{ state: s, p: 1 }];
  };
  return {
    blockUp: (s, eff, b) => s[offset + 2 * b + 1] === 0 && eff[blocks[b].units[s[offset + 2 * b]]] === 1,
    completeSwitch,
    propagate(s, eff0, changes) {
      if (changes.every(([inst]) => blockOf[inst] < 0)) return [{ state: s, p: 1 }];
      let branches: Branch[] = [{ state: s, p: 1 }];
      const eff = eff0.slice();
      for (const [inst, up] of changes) {
        eff[inst] = up ? 1 : 0;
        branches = branches.flatMap((br) => onChange(br.state, eff, inst, up).map((x) => ({ state: x.state, p: x.p * br.p })));
      }
      return branches;
    },
  };
}
