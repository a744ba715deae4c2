/**
 * Where the autoscaler (autoscaling.ts) puts new replicas and which it removes, after Kubernetes' scheduler
 * (topology spread: the zone with the fewest replicas first) and the ReplicaSet controller's deletion ranking
 * (not-ready before ready, spread across topology). Slots are the load service's hosts; ties go to the lowest
 * slot when adding and the highest when removing.
 */

/** Slot states. */
export const OFF = 0, STARTING = 1, READY = 2;

/** The autoscaler's view of its slots (shared arrays, read only here). */
export interface Slots {
  /** OFF, STARTING or READY per slot. */
  state: number[];
  /** Whether each slot's instance is up. */
  instUp: boolean[];
  /** Each slot's zone (null: none). */
  zones: (string | null)[];
}

/** Off slots for `count` new replicas (fewer if not enough): instance up first, then the zone with the fewest replicas, lowest slot. */
export function pickUp(s: Slots, count: number): number[] {
  const picked: number[] = [];
  const perZone = zoneCounts(s);
  const zoneOf = (h: number) => perZone.get(s.zones[h] ?? '') ?? 0;
  for (let k = 0; k < count; k++) {
    let best = -1;
    for (let h = 0; h < s.state.length; h++) {
      if (s.state[h] !== OFF || picked.includes(h)) continue;
      if (best < 0 || (s.instUp[h] !== s.instUp[best] ? s.instUp[h] : zoneOf(h) < zoneOf(best))) best = h;
    }
    if (best < 0) break;
    picked.push(best);
    const z = s.zones[best] ?? '';
    perZone.set(z, (perZone.get(z) ?? 0) + 1);
  }
  return picked;
}

/** Replicas to remove (fewer if not enough): starting, then instance down, then from the zone with the most replicas, highest slot. */
export function pickDown(s: Slots, count: number): number[] {
  const picked: number[] = [];
  const perZone = zoneCounts(s);
  const zoneOf = (h: number) => perZone.get(s.zones[h] ?? '') ?? 0;
  const rank = (h: number) => (s.state[h] === STARTING ? 0 : s.instUp[h] ? 2 : 1);
  for (let k = 0; k < count; k++) {
    let best = -1;
    for (let h = s.state.length - 1; h >= 0; h--) {
      if (s.state[h] === OFF || picked.includes(h)) continue;
      if (best < 0 || rank(h) < rank(best) || (rank(h) === rank(best) && zoneOf(h) > zoneOf(best))) best = h;
    }
    if (best < 0) break;
    picked.push(best);
    const z = s.zones[best] ?? '';
    perZone.set(z, (perZone.get(z) ?? 0) - 1);
  }
  return picked;
}

/** Replicas (starting or ready) per zone, every zone of a slot listed. */
function zoneCounts(s: Slots): Map<string, number> {
  const m = new Map<string, number>();
  s.state.forEach((st, h) => {
    const z = s.zones[h] ?? '';
    if (!m.has(z)) m.set(z, 0);
    if (st !== OFF) m.set(z, (m.get(z) as number) + 1);
  });
  return m;
}
