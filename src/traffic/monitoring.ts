/**
 * Monitoring and response: with `monitoring` in the scenario, a failed instance is repaired only after
 * its failure is detected and responded to, so MTTR = detect + respond + repair (reported by parts):
 * - detect: the health check detecting the failure (instances serving a health-checked service; see
 *   prober.ts, also when the host was still marked unhealthy from an earlier failure), else 0 (the failure
 *   is already visible to monitoring);
 * - respond: `alerting_delay` plus a draw of the `response` law (paging, human or automated reaction);
 * - repair: from the repair request to the end of repair (crew waiting included).
 * Without `monitoring` repairs start at failure, as in the core model.
 */
import { makeSampler, type Sampler } from '../engine/distributions.js';
import { rngStream, type Uniform } from '../engine/rng.js';
import type { EventHandler, Simulator } from '../engine/simulator.js';
import type { Instance } from '../model/instance.js';
import type { TrafficCollector } from './stats.js';
import type { TrafficModel } from './traffic-model.js';

export class Monitoring implements EventHandler {
  private readonly failedAt: Float64Array;
  private readonly detectedAt: Float64Array;
  private readonly requestedAt: Float64Array;
  private readonly response: Sampler | null;
  private readonly rng: Uniform;

  constructor(
    private readonly sim: Simulator,
    private readonly model: TrafficModel,
    private readonly instances: Instance[],
    private readonly out: TrafficCollector,
    seed: number,
    replication: number,
  ) {
    const n = instances.length;
    this.failedAt = new Float64Array(n).fill(-1);
    this.detectedAt = new Float64Array(n).fill(-1);
    this.requestedAt = new Float64Array(n).fill(-1);
    const m = model.spec.monitoring!;
    this.response = m.response ? makeSampler(m.response) : null;
    this.rng = rngStream(seed, replication, 'traffic', 'monitoring-response');
  }

  install(): void {
    for (const inst of this.instances) {
      inst.onFailed = (i) => this.failed(i);
      inst.onRepairDone = (i) => this.repaired(i);
    }
    this.model.onHostDetected = (inst) => this.detected(inst);
  }

  /**
   * Is this instance health-checked (the checker will report the failure, even when the host is still
   * marked unhealthy from an earlier failure: see prober.ts)?
   */
  private watched(inst: Instance): boolean {
    return this.model.services.some((s) => s.spec.balancer.healthCheck !== null && s.hosts.includes(inst));
  }

  private failed(inst: Instance): void {
    this.failedAt[inst.index] = this.sim.now;
    this.detectedAt[inst.index] = -1;
    if (!this.watched(inst)) this.detected(inst);
  }

  private detected(inst: Instance): void {
    const i = inst.index;
    if (this.failedAt[i] < 0 || this.detectedAt[i] >= 0) return;
    this.detectedAt[i] = this.sim.now;
    const m = this.model.spec.monitoring!;
    this.sim.schedule(m.alertingDelay + (this.response ? this.response.sample(this.rng) : 0), this, 0, i);
  }

  handleEvent(_kind: number, i: number): void {
    this.requestedAt[i] = this.sim.now;
    this.instances[i].requestRepair();
  }

  private repaired(inst: Instance): void {
    const i = inst.index;
    if (this.failedAt[i] >= 0 && this.requestedAt[i] >= 0 && this.out.inWindow) {
      const m = this.out.stats.mttr;
      m.detect.push(this.detectedAt[i] - this.failedAt[i]);
      m.respond.push(this.requestedAt[i] - this.detectedAt[i]);
      m.repair.push(this.sim.now - this.requestedAt[i]);
    }
    this.failedAt[i] = this.detectedAt[i] = this.requestedAt[i] = -1;
  }
}
