/**
 * Latent (hidden, "blind", dangerous undetected) failures and proof tests (IEC 61508-4 3.6.x: dangerous
 * undetected failures; IEC 61508-6:2010 Annex B; AvailSim4's blind failures and inspections).
 *
 * A failure of a unit with `latent_failures` is detected at once with probability `coverage` (the diagnostic
 * coverage DC): its repair starts as usual. Otherwise it stays hidden: the unit is down (it does not perform
 * its function) but nobody knows. A hidden failure is "proof-test detectable" with probability `proof_test.
 * coverage` (the proof-test coverage PTC), decided when it happens; a proof test reveals the detectable ones
 * at its end (instant tests: at their start); the overhaul (if any) reveals every hidden failure. Revealed
 * failures go on as detected ones (monitoring, if any, then repair). An offline proof test holds the unit
 * down (planned work) for its duration.
 */
import { makeSampler, type Sampler } from '../engine/distributions.js';
import type { Uniform } from '../engine/rng.js';
import type { EventHandler } from '../engine/simulator.js';
import type { Instance } from '../model/instance.js';
import type { LayerContext } from './context.js';
import type { LatentSpec } from './types.js';

const NONE = 0;
const BY_TEST = 1;
const BY_OVERHAUL = 2;
const TEST_START = 0;
const TEST_END = 1;
const OVERHAUL = 2;

/** One `latent_failures` entry on one replication. */
export class LatentFailures implements EventHandler {
  private readonly hidden: Uint8Array;
  private readonly hiddenSince: Float64Array;
  private readonly forward: ((inst: Instance) => void)[];
  private readonly testDuration: Sampler | null;
  private readonly rng: Uniform;

  constructor(
    private readonly ctx: LayerContext,
    private readonly spec: LatentSpec,
    private readonly entry: number,
    private readonly instances: Instance[],
  ) {
    this.hidden = new Uint8Array(instances.length);
    this.hiddenSince = new Float64Array(instances.length);
    this.forward = instances.map((inst) => {
      const next = inst.onFailed;
      return next ?? ((i: Instance) => i.requestRepair());
    });
    this.testDuration = spec.proofTest?.duration ? makeSampler(spec.proofTest.duration) : null;
    this.rng = ctx.rng(`latent_failures.${spec.component}`, 'detection');
    instances.forEach((inst, j) => {
      inst.onFailed = () => this.failed(j);
    });
  }

  private get stats() {
    return this.ctx.stats.latent[this.entry];
  }

  /** Schedules the first proof test of every instance and the first overhaul. */
  start(): void {
    const t = this.spec.proofTest;
    const { sim, scenario } = this.ctx;
    if (t) {
      this.instances.forEach((_, j) => {
        const first = t.offset + (t.stagger ? (j * t.every) / this.instances.length : 0);
        if (first <= scenario.horizon) sim.scheduleAt(first, this, TEST_START, j);
      });
    }
    if (this.spec.overhaul !== null && this.spec.overhaul <= scenario.horizon) sim.scheduleAt(this.spec.overhaul, this, OVERHAUL);
  }

  private failed(j: number): void {
    const inWindow = this.ctx.inWindow();
    if (this.rng() < this.spec.coverage) {
      if (inWindow) this.stats.detectedAtOnce++;
      this.hidden[j] = NONE;
      this.forward[j](this.instances[j]);
      return;
    }
    const ptc = this.spec.proofTest ? this.spec.proofTest.coverage : 0;
    this.hidden[j] = ptc === 1 || this.rng() < ptc ? BY_TEST : BY_OVERHAUL;
    this.hiddenSince[j] = this.ctx.sim.now;
    if (inWindow) this.stats.hidden++;
  }

  handleEvent(kind: number, j: number): void {
    const { sim, scenario, planned } = this.ctx;
    const t = this.spec.proofTest;
    if (kind === OVERHAUL) {
      this.instances.forEach((_, i) => this.reveal(i, BY_OVERHAUL));
      const next = sim.now + (this.spec.overhaul as number);
      if (next <= scenario.horizon) sim.scheduleAt(next, this, OVERHAUL);
    } else if (kind === TEST_START && t) {
      if (this.ctx.inWindow()) this.stats.tests++;
      const next = sim.now + t.every;
      if (next <= scenario.horizon) sim.scheduleAt(next, this, TEST_START, j);
      const d = this.testDuration ? this.testDuration.sample(this.rng) : 0;
      if (d <= 0) return this.reveal(j, BY_TEST);
      if (t.offline) planned.hold(this.instances[j]);
      sim.schedule(d, this, TEST_END, j);
    } else if (kind === TEST_END && t) {
      this.reveal(j, BY_TEST);
      if (t.offline) planned.release(this.instances[j]);
    }
  }

  /** Reveals a hidden failure of instance j that a proof test (or any overhaul) can find. */
  private reveal(j: number, by: number): void {
    const inst = this.instances[j];
    const kind = this.hidden[j];
    if (kind === NONE || (by === BY_TEST && kind !== BY_TEST)) return;
    this.hidden[j] = NONE;
    if (!inst.failed) return; // renewed meanwhile (its replaceable unit was replaced)
    if (this.ctx.inWindow()) {
      if (by === BY_TEST) this.stats.revealedByTest++;
      else this.stats.revealedByOverhaul++;
      this.stats.hiddenTime += this.ctx.sim.now - Math.max(this.hiddenSince[j], this.ctx.scenario.warmup);
    }
    this.forward[j](inst);
  }
}
