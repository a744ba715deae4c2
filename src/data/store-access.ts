/**
 * When a datastore accepts writes and serves reads, from the state of its members (used by datastore.ts for
 * the write- and read-availability observations), and the time integral of such a piecewise-constant
 * quantity over the observation window.
 */
import type { DatastoreSpec } from './types.js';
import { quorumWritable, type QuorumSpec } from './quorum.js';

/** The state access depends on: members usable now (up with a valid copy), the primary, and whether a promotion or restore is under way. */
export interface AccessState {
  /** Instance ids of the members up with a valid copy. */
  usable: string[];
  primary: string;
  busy: boolean;
}

/**
 * Writes are acknowledged when nothing is being promoted or restored and: quorum, W usable members; sync,
 * the primary and a replica usable; otherwise the primary usable (Kleppmann 2017, ch. 5).
 */
export function writable(spec: DatastoreSpec, s: AccessState): boolean {
  if (s.busy) return false;
  switch (spec.mode) {
    case 'quorum':
      return quorumWritable(s.usable.length, spec.quorum as QuorumSpec);
    case 'sync':
      return s.usable.includes(s.primary) && s.usable.some((id) => id !== s.primary);
    default:
      return s.usable.includes(s.primary);
  }
}

/** True when a replica (not the primary) is usable. */
export function replicaUsable(s: AccessState): boolean {
  return s.usable.some((id) => id !== s.primary);
}

/**
 * Fraction of reads that can be served. Reads to the primary need it usable and no promotion or restore
 * under way; with read splitting, `replicaFraction` of the reads go to a usable replica when there is one
 * (the rest, or all when there is none, to the primary). Quorum: a read needs R usable members.
 */
export function readableFraction(spec: DatastoreSpec, s: AccessState): number {
  if (spec.mode === 'quorum') return !s.busy && s.usable.length >= (spec.quorum as QuorumSpec).r ? 1 : 0;
  const primary = !s.busy && s.usable.includes(s.primary) ? 1 : 0;
  const f = spec.reads?.replicaFraction ?? 0;
  return f > 0 && replicaUsable(s) ? f + (1 - f) * primary : primary;
}

/** Integral over the window [warmup, horizon] of a piecewise-constant value set at event times. */
export class WindowIntegral {
  total = 0;
  private since = 0;

  constructor(
    private value: number,
    private readonly warmup: number,
    private readonly horizon: number,
  ) {}

  /** The value changes to `v` at `now`. */
  set(v: number, now: number): void {
    if (v === this.value) return;
    this.add(now);
    this.value = v;
    this.since = now;
  }

  /** Closes the integral at the horizon; returns it. */
  close(): number {
    this.add(this.horizon);
    this.since = this.horizon;
    return this.total;
  }

  private add(to: number): void {
    const dt = Math.max(0, Math.min(to, this.horizon) - Math.max(this.since, this.warmup));
    if (this.value !== 0 && dt > 0) this.total += this.value * dt;
  }
}
