/**
 * Per-scenario preparation of the data layer, shared by every replication: samplers of the data laws and
 * the parsed backup schedules (start times are generated lazily, one at a time, by `backupCursor`). Cached
 * per Scenario object.
 */
import { makeSampler, type Sampler } from '../engine/distributions.js';
import { cronCursor, parseCron, type CronSpec } from '../scenario/cron.js';
import type { BackupSchedule, DataSpec } from './types.js';
import type { Scenario } from '../scenario/types.js';

/** Samplers of a continuous archive (wal-archive.ts). */
export interface ArchiveSamplers {
  lag: Sampler;
  failure: Sampler | null;
  repair: Sampler | null;
}

export interface CompiledData {
  spec: DataSpec;
  /** Per datastore: lag, promotion, read-after-write samplers, and the archive's lag, failure and repair samplers. */
  stores: { lag: Sampler | null; promotion: Sampler; readAfterWrite: Sampler | null; archive: ArchiveSamplers | null }[];
  /** Per backup policy: the schedule, with a cron expression parsed once. */
  backupSchedules: (Extract<BackupSchedule, { type: 'every' }> | { type: 'cron'; spec: CronSpec })[];
  horizon: number;
  streams: { restart: Sampler }[];
  faults: { detection: Sampler | null }[];
}

function parseSchedule(s: BackupSchedule): CompiledData['backupSchedules'][number] {
  if (s.type !== 'cron') return s;
  const c = parseCron(s.expression);
  if (!c.ok) throw new Error(`invalid cron expression: ${c.problem}`);
  return { type: 'cron', spec: c.value };
}

/**
 * A lazy cursor over the start times of backup policy `i` in [0, horizon], ascending: each call returns the
 * next time or null. `every T, offset o`: o, o + T, o + 2T, ...; cron: see cronCursor. Memory is O(1) in the
 * number of runs (a backup every millisecond over a year is 3e10 runs: never materialized).
 */
export function backupCursor(c: CompiledData, i: number): () => number | null {
  const s = c.backupSchedules[i];
  if (s.type === 'cron') return cronCursor(s.spec, c.horizon);
  let k = 0;
  return () => {
    const t = s.offset + k * s.every;
    if (!(t <= c.horizon)) return null;
    k++;
    return t;
  };
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
        archive: d.archive
          ? { lag: makeSampler(d.archive.lag), failure: d.archive.failure ? makeSampler(d.archive.failure) : null, repair: d.archive.repair ? makeSampler(d.archive.repair) : null }
          : null,
      })),
      backupSchedules: spec.backups.map((b) => parseSchedule(b.schedule)),
      horizon: sc.horizon,
      streams: spec.streams.map((s) => ({ restart: makeSampler(s.restart) })),
      faults: spec.faults.map((f) => ({ detection: f.detection ? makeSampler(f.detection) : null })),
    };
    cache.set(sc, c);
  }
  return c;
}
