/**
 * The per-replication event budget (issue 12: the estimate before a run cannot foresee every dynamic, so a
 * runaway replication must stop with exit 2 instead of running for hours).
 */
import { describe, expect, it } from 'vitest';
import { EventBudgetError, Simulator } from '../src/engine/simulator.js';
import { InputError } from '../src/scenario/errors.js';
import { loadScenario } from '../src/scenario-document/load.js';
import { runScenarioParallel } from '../src/run/parallel-runner.js';
import { runScenario } from '../src/run/runner.js';
import runChunk from '../src/run/worker.js';

describe('Simulator.run maxEvents', () => {
  const ticker = (sim: Simulator) => ({ handleEvent() { sim.schedule(1, this, 0); } });
  it('fires exactly maxEvents events, then throws when another one is due before `until`', () => {
    const sim = new Simulator();
    sim.schedule(1, ticker(sim), 0);
    // A tick every second: events at t = 1..10 fire, the 11th (t = 11) is due before until = 100.
    expect(() => sim.run(100, 10)).toThrow(EventBudgetError);
    expect(sim.eventsFired).toBe(10);
    expect(sim.now).toBe(10);
  });
  it('does not throw when the events up to `until` fit the budget', () => {
    const sim = new Simulator();
    sim.schedule(1, ticker(sim), 0);
    expect(sim.run(10, 10)).toBe(10);
  });
});

describe('eventBudget of a run', () => {
  it('stops a replication over its budget with an InputError (exit 2), through runScenario and runScenarioParallel', async () => {
    const sc = loadScenario('scenarios/single-az.yaml');
    const one = runScenario(sc, { replications: 1, seed: 1 });
    const events = one.accumulator.replications()[0].events;
    expect(events).toBeGreaterThan(10);
    const tight = { ...sc, plan: { ...sc.plan, eventBudget: Math.floor(events / 2) } };
    expect(() => runScenario(tight, { replications: 1, seed: 1 })).toThrow(InputError);
    await expect(runScenarioParallel(tight, { replications: 8, seed: 1, workers: 2, chunkSize: 1 })).rejects.toThrow(InputError);
    // A budget at the replication's own count passes and changes no number.
    const exact = { ...sc, plan: { ...sc.plan, eventBudget: events } };
    expect(runScenario(exact, { replications: 1, seed: 1 }).accumulator.replications()[0]).toEqual(one.accumulator.replications()[0]);
  });

  it('a worker returns an over-budget replication as an input error (it crosses the thread boundary as a plain message)', () => {
    const sc = loadScenario('scenarios/single-az.yaml');
    const tight = { ...sc, seed: 1, plan: { ...sc.plan, eventBudget: 3 } };
    const r = runChunk({ runId: 'event-budget-test', scenario: tight, start: 0, end: 2, timelineReplication: -1 });
    expect(r).toEqual({ inputError: expect.stringMatching(/^replication 0 fired more than 3\.00e\+0 kernel events/) });
  });
});
