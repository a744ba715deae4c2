/**
 * Bad deploys as a fault: a rollout of a new version (all at once, or to canary_percent of the hosts for
 * bake_time, then to all) that is bad with probability bad_probability; hosts running a bad version fail
 * requests with probability error_rate. Detection is an error-rate alert: when the service's error ratio
 * exceeds error_rate_threshold and still does after detection_window, a rollback starts and takes
 * rollback_time. A canary whose error share stays under the threshold goes unnoticed and is promoted
 * (the classic canary trade-off). A new deploy replaces a bad version that was never detected.
 *
 * One rollout at a time per deploy stream: a deploy arriving while a canary bakes, an alert window runs
 * or a rollback is in progress waits in a FIFO queue and starts when the rollout in progress ends (as a CD
 * pipeline with concurrent executions disabled queues them, e.g. Spinnaker's "Disable concurrent pipeline
 * executions"; Argo CD syncs one operation at a time). Every deploy is counted: `queued` arrived during a
 * rollout, `waitTime` is each started deploy's wait (0 when none), and those still queued at the horizon
 * are `queued` minus the queued ones started. Dropping them instead (as before) biased canary vs
 * all-at-once: canary rollouts are busy for the bake time, all-at-once ones never.
 *
 * Error ratio used by the alert: sum over hosts in rotation of (routing share x error probability of the
 * host's version), i.e. the balancer's long-run routing law (policies.fluidShares) x the bad version's
 * error rate; other failures (down hosts, network) are left to the other alerts.
 */
import { rngStream, type Uniform } from '../engine/rng.js';
import type { EventHandler, Simulator } from '../engine/simulator.js';
import type { DeploySpec } from './types.js';
import { fluidShares } from './policies.js';
import type { TrafficCollector } from './stats.js';
import type { ServiceState, TrafficModel } from './traffic-model.js';

const ARRIVE = 0, PROMOTE = 1, ALERT = 2, ROLLED_BACK = 3;
const KINDS = 4;

interface DeployState {
  spec: DeploySpec;
  service: ServiceState;
  busy: boolean;
  bad: boolean;
  promoted: boolean;
  alertPending: boolean;
  rollingBack: boolean;
  badSince: number;
  /** When this rollout's PROMOTE / ALERT event is due: a stale event of an earlier rollout is ignored. */
  promoteDue: number;
  alertDue: number;
  /** Arrival times of the deploys waiting for the rollout in progress, FIFO. */
  queue: number[];
  arrival: Uniform;
  outcome: Uniform;
}

export class DeployRunner implements EventHandler {
  private readonly deploys: DeployState[];

  constructor(
    private readonly sim: Simulator,
    private readonly model: TrafficModel,
    private readonly out: TrafficCollector,
    private readonly horizon: number,
    seed: number,
    replication: number,
  ) {
    this.deploys = model.spec.deploys.map((spec) => ({
      spec,
      service: model.byName.get(spec.service) as ServiceState,
      busy: false,
      bad: false,
      promoted: false,
      alertPending: false,
      rollingBack: false,
      badSince: -1,
      promoteDue: -1,
      alertDue: -1,
      queue: [],
      arrival: rngStream(seed, replication, `traffic:${spec.source.path}`, 'arrival'),
      outcome: rngStream(seed, replication, `traffic:${spec.source.path}`, 'outcome'),
    }));
  }

  start(): void {
    this.deploys.forEach((d, i) => {
      if (d.spec.schedule.type === 'at') this.sim.scheduleAt(d.spec.schedule.at, this, i * KINDS + ARRIVE);
      else this.next(i);
    });
  }

  /** Error ratio seen by the alert (see module docstring). */
  errorRatio(s: ServiceState): number {
    const shares = fluidShares(s.spec.balancer, s.candidates);
    let e = 0;
    s.candidates.forEach((h, k) => {
      if (s.bad[h]) e += shares[k] * s.badErrorRate;
    });
    return e;
  }

  handleEvent(code: number): void {
    const i = Math.floor(code / KINDS);
    const d = this.deploys[i];
    const s = d.service;
    const all = s.hosts.map((_, h) => h);
    switch (code % KINDS) {
      case ARRIVE: {
        if (d.spec.schedule.type === 'rate') this.next(i);
        if (d.busy) {
          d.queue.push(this.sim.now);
          if (this.out.inWindow) this.out.stats.deploys.queued++;
          return;
        }
        return this.begin(i, this.sim.now);
      }
      case PROMOTE:
        if (d.rollingBack || !d.busy || this.sim.now !== d.promoteDue) return;
        d.promoted = true;
        if (!d.bad) return this.idle(i);
        this.model.setBad(s, all, true);
        return this.check(i);
      case ALERT:
        if (this.sim.now !== d.alertDue) return;
        d.alertPending = false;
        if (d.rollingBack || !d.bad) return;
        if (this.errorRatio(s) <= d.spec.errorRateThreshold) return this.check(i);
        d.rollingBack = true;
        if (!d.promoted && this.out.inWindow) this.out.stats.deploys.caughtInCanary++;
        this.sim.schedule(d.spec.rollbackTime, this, i * KINDS + ROLLED_BACK);
        return;
      case ROLLED_BACK:
        if (this.out.inWindow) this.out.stats.deploys.rolledBack++;
        this.finishBad(d, all);
        return this.idle(i);
    }
  }

  /** Starts the rollout of a deploy that arrived at `arrivedAt` (now, or earlier when it was queued). */
  private begin(i: number, arrivedAt: number): void {
    const d = this.deploys[i];
    const s = d.service;
    const all = s.hosts.map((_, h) => h);
    if (d.bad) this.finishBad(d, all); // an undetected bad version is replaced
    const stats = this.out.inWindow ? this.out.stats.deploys : null;
    if (stats) {
      stats.total++;
      stats.waitTime.push(this.sim.now - arrivedAt);
    }
    d.bad = d.outcome() < d.spec.badProbability;
    d.busy = true;
    d.promoted = d.spec.strategy === 'all-at-once';
    if (!d.bad) {
      if (d.promoted) this.idle(i);
      else this.promoteLater(i);
      return;
    }
    if (stats) stats.bad++;
    s.badErrorRate = d.spec.errorRate;
    d.badSince = this.sim.now;
    const first = d.promoted ? all : all.slice(0, Math.max(1, Math.ceil(d.spec.canaryPercent * all.length)));
    this.model.setBad(s, first, true);
    if (!d.promoted) this.promoteLater(i);
    this.check(i);
  }

  private promoteLater(i: number): void {
    const d = this.deploys[i];
    d.promoteDue = this.sim.now + d.spec.bakeTime;
    this.sim.scheduleAt(d.promoteDue, this, i * KINDS + PROMOTE);
  }

  /** The rollout in progress ended: start the next queued deploy, if any. */
  private idle(i: number): void {
    const d = this.deploys[i];
    d.busy = false;
    const next = d.queue.shift();
    if (next === undefined) return;
    if (next >= this.horizon - this.out.stats.window) this.out.stats.deploys.dequeued++; // it was counted as queued
    this.begin(i, next);
  }

  /** Starts the alert's evaluation window when the error ratio is over the threshold. */
  private check(i: number): void {
    const d = this.deploys[i];
    if (d.alertPending || d.rollingBack) return;
    if (this.errorRatio(d.service) > d.spec.errorRateThreshold) {
      d.alertPending = true;
      d.alertDue = this.sim.now + d.spec.detectionWindow;
      this.sim.scheduleAt(d.alertDue, this, i * KINDS + ALERT);
    } else if (d.promoted) {
      this.idle(i); // undetected: the bad version stays until the next deploy
    }
  }

  /** Ends a bad version's time (rolled back or replaced); the caller decides what runs next. */
  private finishBad(d: DeployState, all: number[]): void {
    if (this.out.inWindow) this.out.stats.deploys.badVersionTime.push(this.sim.now - d.badSince);
    d.bad = false;
    d.busy = false;
    d.alertPending = false;
    d.alertDue = -1;
    d.rollingBack = false;
    d.promoted = false;
    this.model.setBad(d.service, all, false);
  }

  private next(i: number): void {
    const s = this.deploys[i].spec.schedule;
    if (s.type !== 'rate') return;
    const gap = -Math.log(1 - this.deploys[i].arrival()) / s.rate;
    if (this.sim.now + gap <= this.horizon) this.sim.schedule(gap, this, i * KINDS + ARRIVE);
  }
}
