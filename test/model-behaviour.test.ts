/**
 * Deterministic behaviour of the model: fixed laws make every event time known, so the observed
 * up/down times can be checked exactly against a hand-computed timeline.
 */
import { describe, expect, it } from 'vitest';
import { runReplication } from '../src/run/replication.js';
import { compileModel } from '../src/model/compiled-model.js';
import { parseScenario } from '../src/scenario-document/load.js';

const H = 3600;
const once = (yaml: string) => {
  const sc = parseScenario(yaml);
  const out = runReplication(compileModel(sc), 0, true);
  return { sc, ...out.stats, timeline: out.timeline };
};

describe('injected faults', () => {
  it('a scheduled crash holds a never-failing component down for exactly its duration', () => {
    const r = once(`
name: crash
horizon: 100h
components: { app: { failure: none, repair: none } }
faults: [ { kind: crash, target: app, at: 10h, duration: 2h } ]
`);
    expect(r.downtime).toBeCloseTo(2 * H, 6);
    expect(r.outages).toBe(1);
    expect(r.outageDurations).toEqual([2 * H]);
    expect(r.firstFailure).toBe(10 * H);
  });

  it('a zone outage takes down every instance of the zone and nothing else', () => {
    const r = once(`
name: zone
horizon: 100h
components:
  web: { count: 3, zones: [a, b, a], failure: none, repair: none }
system: { k_of_n: { k: 2, of: web } }
faults: [ { kind: zone-outage, zone: a, at: 50h, duration: 3h } ]
`);
    // web[1] and web[3] are in zone a: 2-of-3 is lost for the 3 h.
    expect(r.downtime).toBeCloseTo(3 * H, 6);
    expect(r.instanceDowntime).toEqual([3 * H, 0, 3 * H]);
  });

  it('overlapping faults nest: the target comes back when the last one ends', () => {
    const r = once(`
name: nest
horizon: 100h
components: { app: { zone: a, failure: none, repair: none } }
faults:
  - { kind: crash, target: app, at: 10h, duration: 5h }
  - { kind: zone-outage, zone: a, at: 12h, duration: 10h }
`);
    expect(r.downtime).toBeCloseTo(12 * H, 6);
    expect(r.outages).toBe(1);
  });

  it('a failure during a fault is repaired, and the unit is up only when both are over', () => {
    // Fails at 10 h (fixed life), repair 4 h; crash from 12 h for 1 h: down 10 h -> 14 h.
    const r = once(`
name: both
horizon: 20h
components: { app: { failure: { fixed: 10h }, repair: { fixed: 4h } } }
faults: [ { kind: crash, target: app, at: 12h, duration: 1h } ]
`);
    expect(r.downtime).toBeCloseTo(4 * H, 6);
    expect(r.outageDurations).toEqual([4 * H]);
  });

  it('a crashed unit does not age: its failure comes later by the crash duration', () => {
    const r = once(`
name: noage
horizon: 20h
components: { app: { failure: { fixed: 10h }, repair: { fixed: 1h } } }
faults: [ { kind: crash, target: app, at: 2h, duration: 3h } ]
`);
    // Down 2-5 h (crash), fails at 13 h (10 h of operation), repaired at 14 h.
    expect(r.outageDurations).toEqual([3 * H, 1 * H]);
    expect(r.timeline?.entries.filter((e) => e.element === 'system').map((e) => e.t / H)).toEqual([2, 5, 13, 14]);
  });
});

describe('repair crews', () => {
  it('serve failed units first-come first-served', () => {
    const r = once(`
name: fifo
horizon: 24h
components:
  a: { failure: { fixed: 10h }, repair: { fixed: 5h }, crew: ops }
  b: { failure: { fixed: 11h }, repair: { fixed: 5h }, crew: ops }
  c: { failure: { fixed: 12h }, repair: { fixed: 5h }, crew: ops }
crews: { ops: 1 }
system: { parallel: [a, b, c] }
`);
    // a: 10-15, b waits then 15-20 (down 11-20), c waits then 20-25 (down 12-24 in the window).
    expect(r.instanceDowntime.map((d) => d / H)).toEqual([5, 9, 12]);
  });

  it('without a crew every failed unit is repaired at once', () => {
    const r = once(`
name: free
horizon: 24h
components:
  a: { failure: { fixed: 10h }, repair: { fixed: 5h } }
  b: { failure: { fixed: 11h }, repair: { fixed: 5h } }
system: { parallel: [a, b] }
`);
    expect(r.instanceDowntime.map((d) => d / H)).toEqual([5, 5]);
    expect(r.downtime / H).toBeCloseTo(4, 9); // both down 11-15 h
  });
});

describe('ageing while the system is down', () => {
  const yaml = (ageing: boolean) => `
name: ageing
horizon: 20h
ageing_while_system_down: ${ageing}
components:
  a: { failure: { fixed: 10h }, repair: { fixed: 5h } }
  b: { failure: { fixed: 12h }, repair: { fixed: 1h } }
`;
  it('false: failure clocks freeze during system outages', () => {
    const r = once(yaml(false));
    // a down 10-15; b frozen at age 10 h, fails at 17 h, repaired at 18 h.
    expect(r.outageDurations.map((d) => d / H)).toEqual([5, 1]);
    expect(r.downtime / H).toBeCloseTo(6, 9);
  });
  it('true: units keep failing while the system is down', () => {
    const r = once(yaml(true));
    // b fails at 12 h during a's outage and is repaired at 13 h: one 5 h outage.
    expect(r.outageDurations.map((d) => d / H)).toEqual([5]);
    expect(r.instanceDowntime.map((d) => d / H)).toEqual([5, 1]);
  });
});

describe('standby', () => {
  const standby = (extra: string, spareFailure = 'none') => `
name: standby
horizon: 100h
components:
  p: { failure: none, repair: none }
  s: { failure: ${spareFailure}, repair: { fixed: 1h } }
system: { standby: { primary: p, spare: s, ${extra} } }
faults: [ { kind: crash, target: p, at: 10h, duration: 5h } ]
`;
  it('a successful switchover costs exactly the switchover time', () => {
    const r = once(standby('switchover: 30s, switch_success: 1'));
    expect(r.outageDurations).toEqual([30]);
  });
  it('a failed switch leaves the block down until the failed unit is back', () => {
    const r = once(standby('switchover: 30s, switch_success: 0'));
    expect(r.outageDurations).toEqual([5 * H]);
  });
  it('a failed switch ends when the active unit came back during the switchover (no stuck outage)', () => {
    const r = once(`
name: short-crash
horizon: 100h
components:
  p: { failure: none, repair: none }
  s: { failure: none, repair: none }
system: { standby: { primary: p, spare: s, switchover: 90s, switch_success: 0 } }
faults: [ { kind: crash, target: p, at: 10h, duration: 30s } ]
`);
    expect(r.outageDurations).toEqual([90]);
    expect(r.censoredOutages).toBe(0);
  });
  it('an instant switch causes no outage at all', () => {
    const r = once(standby('switchover: 0s'));
    expect(r.outages).toBe(0);
    expect(r.downtime).toBe(0);
  });
  it('a cold spare does not age while standing by; a warm one ages at the dormancy factor', () => {
    // Spare life fixed 20 h. Cold: it only starts ageing when it takes over at 10 h -> fails at 30 h;
    // non-revertive: p is back at 15 h as the spare, so the failure of s at 30 h triggers an instant switch.
    const cold = once(standby('mode: cold', '{ fixed: 20h }'));
    expect(cold.instanceDowntime[1] / H).toBeCloseTo(1, 9); // s down 30-31 h (fixed 1 h repair)
    expect(cold.outages).toBe(0); // both switches (10 h to s, 30 h back to p) are instant by default
    const warm = once(standby('mode: warm, dormancy: 0.5', '{ fixed: 20h }'));
    // Warm: ages 0.5 x 10 h = 5 h before taking over, fails 15 h of operation later, at 25 h.
    const sysWarm = warm.timeline?.entries.filter((e) => e.element === 's').map((e) => e.t / H);
    expect(sysWarm?.[0]).toBeCloseTo(25, 9);
    const sysCold = cold.timeline?.entries.filter((e) => e.element === 's').map((e) => e.t / H);
    expect(sysCold?.[0]).toBeCloseTo(30, 9);
  });
});

describe('observation window', () => {
  it('excludes the warm-up from every statistic', () => {
    const r = once(`
name: warm
horizon: 100h
warmup: 20h
components: { app: { failure: none, repair: none } }
faults:
  - { kind: crash, target: app, at: 10h, duration: 2h }
  - { kind: crash, target: app, at: 18h, duration: 4h }
  - { kind: crash, target: app, at: 50h, duration: 1h }
`);
    expect(r.window).toBe(80 * H);
    // 20-22 h (tail of an outage that began in the warm-up) and 50-51 h.
    expect(r.downtime / H).toBeCloseTo(3, 9);
    expect(r.outages).toBe(1);
    expect(r.outageDurations).toEqual([1 * H]);
    expect(r.firstFailure).toBe(10 * H);
  });

  it('counts an outage still open at the horizon as censored', () => {
    const r = once(`
name: censored
horizon: 10h
components: { app: { failure: none, repair: none } }
faults: [ { kind: crash, target: app, at: 9h, duration: 5h } ]
`);
    expect(r.censoredOutages).toBe(1);
    expect(r.outageDurations).toEqual([]);
    expect(r.downtime / H).toBeCloseTo(1, 9);
  });
});
