/**
 * Stream processors: replay after a failure from the last completed checkpoint (Carbone et al. 2015;
 * Flink docs). Exact deterministic cases, then the Poisson-failure expectations within their 95% CIs:
 * duplicates (at-least-once) or lost records (at-most-once) per failure = rate x (I/2 + D), recovery =
 * restart + backlog / (capacity - rate), backlog = rate x (I/2 + D + restart).
 */
import { describe, expect, it } from 'vitest';
import { expectInside, runData } from './helpers/data.js';

const stream = (delivery: string, failure: string, extra = '') => `
  name: stream
  horizon: ${extra ? '1h' : '1y'}
  replications: ${extra ? 1 : 50}
  seed: 4
  components:
    worker: { failure: ${failure}, repair: { fixed: 10m } }
  streams:
    job:
      instances: worker
      input_rate: 5000/s
      capacity: 8000/s
      checkpoint: { interval: 1m, duration: 5s }
      restart: { fixed: 20s }
      delivery: ${delivery}
  faults:
    ${extra || '[]'}
`;

describe('one failure, by hand', () => {
  // Crash at t = 1000 s: checkpoints triggered at 60 k s and complete 5 s later; the last complete one by
  // 1000 s is k = 16 (snapshot of t = 960 s): 40 s of input since. Restart after 20 s: lag 60 s of input,
  // drained at 8000/5000 - 1 = 0.6 s of input per second: 100 s. Recovery 120 s.
  it('at-least-once: replays 40 s of input (200 000 duplicates), recovers in 120 s', () => {
    const d = runData(stream('at_least_once', 'none', '- { kind: crash, target: worker, at: 1000s, duration: 30s }'));
    const s = d.streams[0];
    expect(s.failures).toBe(1);
    expect(s.duplicatesPerFailure.estimate).toBeCloseTo(200_000, 6);
    expect(s.lostPerFailure.estimate).toBe(0);
    expect(s.recoveryTime.max).toBeCloseTo(120, 9);
    expect(s.peakLag.max).toBeCloseTo(60, 9);
  });
  it('at-most-once: loses the 40 s of state updates, resumes where it stopped (lag 20 s, 33.3 s to drain)', () => {
    const s = runData(stream('at_most_once', 'none', '- { kind: crash, target: worker, at: 1000s, duration: 30s }')).streams[0];
    expect(s.lostPerFailure.estimate).toBeCloseTo(200_000, 6);
    expect(s.duplicatesPerFailure.estimate).toBe(0);
    expect(s.recoveryTime.max).toBeCloseTo(20 + 20 / 0.6, 9);
  });
  it('a failure during a running checkpoint falls back to the previous one', () => {
    // At 962 s the checkpoint of 960 s is still running (done at 965 s): the last complete one is 900 s.
    const s = runData(stream('at_least_once', 'none', '- { kind: crash, target: worker, at: 962s, duration: 30s }')).streams[0];
    expect(s.duplicatesPerFailure.estimate).toBeCloseTo(5000 * 62, 6);
  });
});

describe('Poisson failures', () => {
  const I = 60, D = 5, rate = 5000, cap = 8000, R = 20;
  const age = I / 2 + D;
  it('at-least-once: E[duplicates per failure] = rate (I/2 + D); E[recovery] = R + rate (I/2 + D + R) / (cap - rate)', () => {
    const d = runData(stream('at_least_once', '{ exponential: { mtbf: 100h } }'));
    const s = d.streams[0];
    expect(s.failures).toBeGreaterThan(3000);
    expectInside(s.duplicatesPerFailure, rate * age, 'duplicates per failure');
    expectInside(s.recoveryTime.mean, R + (rate * (age + R)) / (cap - rate), 'recovery time');
    for (const c of d.comparison) expect(c.verdict, c.metric).toBe('agrees');
  });
  it('at-most-once: E[lost per failure] = rate (I/2 + D); the backlog is only the restart', () => {
    const s = runData(stream('at_most_once', '{ exponential: { mtbf: 100h } }')).streams[0];
    expectInside(s.lostPerFailure, rate * age, 'lost per failure');
    // Fixed restart: every recovery takes exactly R + rate R / (cap - rate) (up to rounding).
    expect(s.recoveryTime.mean.estimate).toBeCloseTo(R + (rate * R) / (cap - rate), 6);
  });
  it('exactly-once: neither duplicates nor losses', () => {
    const s = runData(stream('exactly_once', '{ exponential: { mtbf: 100h } }')).streams[0];
    expect(s.duplicatesPerYear.estimate).toBe(0);
    expect(s.lostPerYear.estimate).toBe(0);
  });
});

describe('restart capacity after a zone outage (spare_instances)', () => {
  // 4 workers in zones a, b, a, b; zone a down at 1000 s for 1 h. Snapshot of 960 s; restart 20 s: lag 60 s.
  const zoned = (spare: string) => `
    name: zoned stream
    horizon: 3h
    replications: 1
    components:
      worker: { count: 4, zones: [a, b], failure: none, repair: none }
    streams:
      job:
        instances: worker
        input_rate: 5000/s
        capacity: 8000/s
        checkpoint: { interval: 1m, duration: 5s }
        restart: { fixed: 20s }
        ${spare}
    faults:
      - { kind: zone-outage, zone: a, at: 1000s, duration: 1h }
  `;
  it('default (one spare): 3 of 4 workers, 6000/s: the 60 s lag drains at 0.2 s/s, recovery 20 + 300 s', () => {
    const s = runData(zoned('')).streams[0];
    expect(s.failures).toBe(1);
    expect(s.peakLag.max).toBeCloseTo(60, 9);
    expect(s.recoveryTime.max).toBeCloseTo(20 + 60 / 0.2, 6);
  });
  it('no spare: 2 of 4 workers (4000/s < 5000/s) fall behind until the zone returns at 4600 s, then catch up at 1.6x', () => {
    const s = runData(zoned('spare_instances: 0')).streams[0];
    // Position at 4600 s: 960 + 0.8 (4600 - 1020) = 3824: lag 776 s, drained at 0.6 s/s.
    const caughtUp = 4600 + 776 / 0.6;
    expect(s.recoveryTime.max).toBeCloseTo(caughtUp - 1000, 6);
  });
  it('enough spares: full capacity as before (recovery 20 + 60 / 0.6 s)', () => {
    const s = runData(zoned('spare_instances: 2')).streams[0];
    expect(s.recoveryTime.max).toBeCloseTo(20 + 60 / 0.6, 6);
  });
});
