/**
 * Point-in-time recovery with the backup-age cap (src/data/backup-age.ts, pitr-analytic.ts): the restore
 * never starts before the newest usable backup, so a loss X (archive lag, or outage age + lag) becomes
 * min(X, A). Against the reference model test/reference/pitr-capped.ts (the rule walked run by run and
 * integrated numerically), Young's mean age T/2 + T q/(1-q) + e (Commun. ACM 17(9), 1974), the
 * renewal-reward Sum g^2 / (2P). The capped E[RPO] against the simulation: test/data-pitr.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ageDeficit, backupAgeLaw } from '../src/data/backup-age.js';
import { cappedMean, meanAge, type RefBackups } from './reference/pitr-capped.js';

const D = 86400;

function law(ref: RefBackups) {
  const l = backupAgeLaw(ref.starts.map((at) => ({ at, loss: ref.loss, unusable: ref.busy })), ref.period);
  if (l === null) throw new Error('no law');
  return l;
}

describe('age of the newest usable backup', () => {
  it('one daily policy, q = 2%, unusable 1000 s: E[A] = T/2 + T q/(1-q) + e and E[min(y, A)] match the reference', () => {
    const ref: RefBackups = { period: D, starts: [3600], loss: 0.02, busy: 1000 };
    const l = law(ref);
    expect(l.mean).toBeCloseTo(D / 2 + (D * 0.02) / 0.98 + 1000, 6);
    expect(Math.abs(meanAge(ref) - l.mean) / l.mean).toBeLessThan(1e-4);
    for (const y of [500, 5000, 40_000, 200_000]) {
      const ref_ = cappedMean(ref, y);
      expect(Math.abs(y - ageDeficit(l, y) - ref_), `y = ${y}`).toBeLessThan(1e-3 * Math.max(1, ref_));
    }
  });

  it('weekly full (Sunday 01:00) + daily run (03:00), q = 2%: Sum g^2/(2P) without losses; capped means match the reference', () => {
    const starts = [6 * D + 3600, ...Array.from({ length: 7 }, (_, k) => k * D + 3 * 3600)];
    const none = law({ period: 7 * D, starts, loss: 0, busy: 0 });
    const gaps = [...starts].sort((a, b) => a - b).map((s, i, a) => (i + 1 < a.length ? a[i + 1] : a[0] + 7 * D) - s);
    expect(none.mean).toBeCloseTo(gaps.reduce((s, g) => s + g * g, 0) / (2 * 7 * D), 6);
    const ref: RefBackups = { period: 7 * D, starts, loss: 0.02, busy: 0 };
    const l = law(ref);
    expect(Math.abs(meanAge(ref) - l.mean) / l.mean).toBeLessThan(1e-4);
    for (const y of [3600, 30_000, 90_000, 400_000]) {
      const ref_ = cappedMean(ref, y);
      expect(Math.abs(y - ageDeficit(l, y) - ref_), `y = ${y}`).toBeLessThan(1e-3 * ref_);
    }
  });

  it('runs lost almost always: no law instead of a hang', () => {
    expect(backupAgeLaw([{ at: 0, loss: 1, unusable: 0 }], D)).toBeNull();
    expect(backupAgeLaw([{ at: 0, loss: 0.9999, unusable: 0 }], D)).toBeNull();
  });
});
