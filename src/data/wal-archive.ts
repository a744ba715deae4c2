/**
 * The continuous log archive of one datastore in one replication (PostgreSQL docs, "Continuous Archiving
 * and Point-in-Time Recovery (PITR)"; pgBackRest `archive-push`; MySQL binlog streaming), and what it adds
 * to a restore: the newest usable base backup (restore-planner.ts) is followed by a replay of the archived
 * log, from the backup's point up to the newest point the archive holds without a hole, capped at the
 * restore's limit (the incident; for an operator error or a corruption, the moment just before it).
 *
 * Semantics:
 * - archive lag: the archive holds the log up to `now - lag`, the lag drawn from the lag law when a
 *   restore asks (as the replication lag is drawn at a promotion);
 * - archiver failures (`failure`, `repair` laws): the archiver stops; the archive then ends where it was
 *   when the archiver stopped (`f - lag`, the lag drawn at the failure) and the log waits on the primary
 *   (PostgreSQL keeps the WAL segments whose `archive_command` failed). A restore while it is stopped loses
 *   the gap; at repair the waiting log is pushed and the archive is whole again, unless the primary's copy
 *   was destroyed while the archiver was stopped: the waiting log is then lost for good (a hole in the
 *   archive that no later replay can cross, unless a restore to a point before it discards that timeline);
 * - storage `remote` (object storage, a backup server) survives every data fault; storage `local` keeps
 *   each stretch of the log on the disk of the primary that wrote it, and a disk loss (or a site disaster)
 *   of that member destroys the stretch (a hole), as a local backup copy dies with its site;
 * - a base backup holds the log that makes it consistent (pgBackRest archive-copy), so a restore reaches at
 *   least the backup's own point; replay time = log bytes between the backup's point and the recovery point
 *   (the writes still live there, live-timeline.ts) / replay rate.
 */
import type { Sampler } from '../engine/distributions.js';
import type { Uniform } from '../engine/rng.js';
import type { EventHandler, Simulator } from '../engine/simulator.js';
import type { ArchiveSamplers } from './compile.js';
import type { RestorePlan } from './restore-planner.js';
import type { ArchiveReplicationStats } from './stats.js';
import { WindowIntegral } from './store-access.js';
import type { ArchiveSpec } from './types.js';

const FAIL = 0;
const REPAIR = 1;

/** Random streams of an archive. */
export interface ArchiveRngs {
  lag: Uniform;
  failure: Uniform;
}

/** A restore plan extended by log replay. */
export type PitrPlan = RestorePlan & { replay: number };

export class WalArchive implements EventHandler {
  private up = true;
  /** Where the archive ends while the archiver is stopped, s. */
  private frozenEnd = 0;
  /** Stretches of a local archive: from when, on whose disk ('' once destroyed). */
  private readonly pieces: { from: number; holder: string }[];
  /** Log permanently missing from the archive: [from, to) intervals. */
  private readonly holes: [number, number][] = [];
  private readonly down: WindowIntegral;
  private failures = 0;

  constructor(
    private readonly sim: Simulator,
    private readonly spec: ArchiveSpec,
    private readonly samplers: ArchiveSamplers,
    private readonly rng: ArchiveRngs,
    primary: string,
    private readonly warmup: number,
    horizon: number,
  ) {
    this.pieces = [{ from: 0, holder: primary }];
    this.down = new WindowIntegral(0, warmup, horizon);
  }

  /** Schedules the first archiver failure. */
  start(): void {
    this.scheduleFailure();
  }

  handleEvent(kind: number): void {
    const now = this.sim.now;
    if (kind === FAIL) {
      this.up = false;
      this.frozenEnd = now - this.samplers.lag.sample(this.rng.lag);
      if (now >= this.warmup) this.failures++;
      this.down.set(1, now);
      this.sim.schedule((this.samplers.repair as Sampler).sample(this.rng.failure), this, REPAIR);
    } else {
      this.up = true;
      this.down.set(0, now);
      this.scheduleFailure();
    }
  }

  private scheduleFailure(): void {
    if (this.samplers.failure) this.sim.schedule(this.samplers.failure.sample(this.rng.failure), this, FAIL);
  }

  /** The primary is now `id` (a promotion): a local archive goes on on its disk. */
  primaryChanged(id: string): void {
    if (this.spec.storage !== 'local' || this.pieces[this.pieces.length - 1].holder === id) return;
    this.pieces.push({ from: this.sim.now, holder: id });
  }

  /**
   * The copies held by `ids` are destroyed (disk loss, site disaster); `primary` is the primary before any
   * recovery. A local archive loses the stretches on those disks; a stopped archiver loses the log waiting
   * on the primary.
   */
  destroyed(ids: string[], primary: string): void {
    const now = this.sim.now;
    if (!this.up && ids.includes(primary)) {
      this.holes.push([this.frozenEnd, now]);
      this.frozenEnd = now;
    }
    if (this.spec.storage !== 'local') return;
    const last = this.pieces.length - 1;
    this.pieces.forEach((p, i) => {
      if (p.holder === '' || !ids.includes(p.holder)) return;
      this.holes.push([p.from, i < last ? this.pieces[i + 1].from : now]);
      if (i === last) this.pieces.push({ from: now, holder: p.holder });
      p.holder = '';
    });
  }

  /**
   * A whole-database restore rewound the data to `point`: the log after it belongs to the discarded timeline
   * (holes there no longer matter), and while the archiver is stopped nothing of the new timeline is archived.
   */
  restored(point: number): void {
    for (let i = this.holes.length - 1; i >= 0; i--) if (this.holes[i][0] >= point) this.holes.splice(i, 1);
    if (!this.up) this.frozenEnd = Math.min(this.frozenEnd, point);
  }

  /**
   * The newest point a replay from `base` reaches without crossing a hole, capped at `limit` and never
   * before `base`.
   */
  recoveryPoint(base: number, limit: number): number {
    let end = this.up ? this.sim.now - this.samplers.lag.sample(this.rng.lag) : this.frozenEnd;
    for (const [a, b] of this.holes) {
      if (a <= base && base < b) return base;
      if (a > base) end = Math.min(end, a);
    }
    return Math.max(base, Math.min(limit, end));
  }

  /**
   * A base-backup restore plan extended by log replay up to the recovery point (at most `limit`).
   * @param live seconds of live writes in (a, b] (live-timeline.ts).
   */
  extend(plan: RestorePlan, limit: number, live: (a: number, b: number) => number): PitrPlan {
    const point = this.recoveryPoint(plan.point, limit);
    const replay = (live(plan.point, point) * this.spec.walRate) / this.spec.replayRate;
    return { ...plan, point, duration: plan.duration + replay, replay };
  }

  /** Archiver failures and stopped time inside the window. */
  finish(): ArchiveReplicationStats {
    return { failures: this.failures, downtime: this.down.close() };
  }
}
