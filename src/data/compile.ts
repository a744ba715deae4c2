/**
 * Per-scenario preparation of the data layer, shared by every replication: samplers of the data laws and
 * the absolute start times of every backup policy over [0, horizon]. Cached per Scenario object.
 */
import { makeSampler, type Sampler } from '../engine/distributions.js';
import { cronTimes, parseCron } from '../scenario/cron.js';
import type { BackupSchedule, DataSpec } from './types.js';
import type { Scenario } from '../scenario/types.js';

export interface CompiledData {
  spec: DataSpec;
  /** Per datastore: lag, promotion, read-after-write samplers. */
  stores: { lag: Sampler | null; promotion: Sampler; readAfterWrite: Sampler | null }[];
  /** Per backup policy: start times, ascending. */
  backupTimes: number[][];
  streams: { restart: Sampler }[];
  faults: { detection: Sampler | null }[];
}

/** Start times of a schedule in [0, horizon]. `every T, offset o`: o, o + T, o + 2T, ... */
export function scheduleTimes(s: BackupSchedule, horizon: number): number[] {
  if (s.type === 'cron') {
    const c = parseCron(s.expression);
    if (!c.ok) throw new Error(`invalid cron expression: ${c.problem}`);
    return cronTimes(c.value, horizon);
  }
  const out: number[] = [];
  for (let k = 0; s.offset + k * s.every <= horizon; k++) out.push(s.offset + k * s.every);
  return out;
}

const cache = new WeakMap<Scenario, CompiledData>();

/** Compiles (once) the data part of a scenario; null when it has none. */
export function compileData(sc: Scenario): CompiledData | null {
  if (!sc.data) return null;
  let c = cache.get(sc);
  if (!c) {
    const spec = sc.data;
    c = {
      spec,
      stores: spec.datastores.map((d) => ({
        lag: d.lag ? makeSampler(d.lag) : null,
        promotion: makeSampler(d.promotion),
        readAfterWrite: d.reads?.readAfterWrite ? makeSampler(d.reads.readAfterWrite) : null,
      })),
      backupTimes: spec.backups.map((b) => scheduleTimes(b.schedule, sc.horizon)),
      streams: spec.streams.map((s) => ({ restart: makeSampler(s.restart) })),
      faults: spec.faults.map((f) => ({ detection: f.detection ? makeSampler(f.detection) : null })),
    };
    cache.set(sc, c);
  }
  return c;
}
