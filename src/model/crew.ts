/**
 * A shared repair crew: `count` repairers serving the failed instances of its components, as in the
 * "limited repair" models of Barlow & Proschan (1975, ch. 5) and BlockSim's crew pools. Instances without
 * a crew are repaired independently (an unlimited number of repairers).
 *
 * Disciplines (which waiting unit a free repairer takes): `fifo` (longest-waiting), `priority`
 * (non-preemptive: longest-waiting unit of the highest-priority component), `random` (uniform among waiting
 * units), `random-component` (uniform among the components with waiting units, then that component's
 * longest-waiting unit: the repair unit of PRISM's workstation cluster, prism-examples/ctmcs/cluster).
 * With a call-out delay, each candidate (the units the discipline may take next: one per free repairer in
 * order for fifo/priority, every waiting unit for random, each component's longest-waiting unit for
 * random-component) runs its own delay while it is a candidate and a repairer is free; the first to end
 * takes a repairer and starts its active repair (a race, as PRISM's "inspect" actions at rate 10/h).
 */
import type { Sampler } from '../engine/distributions.js';
import type { Uniform } from '../engine/rng.js';
import { NO_EVENT, type EventHandle, type EventHandler, type Simulator } from '../engine/simulator.js';
import type { CrewDiscipline } from '../core/types.js';

export interface Repairable {
  /** Component name (for priority and random-component choices). */
  readonly component: string;
  /** Called when a repairer is assigned: the instance starts its active repair now. */
  startRepair(): void;
}

/** Discipline options of a crew (defaults: fifo, no call-out). */
export interface CrewOptions {
  discipline?: CrewDiscipline;
  /** Components by decreasing priority (unlisted ones come last). */
  priority?: readonly string[];
  /** Random stream of the random disciplines. */
  choiceRng?: Uniform;
  /** Call-out delay law and its random stream; needs `sim`. */
  callOut?: { sampler: Sampler; rng: Uniform; sim: Simulator } | null;
}

interface Waiting {
  unit: Repairable;
  /** Arrival sequence number (FIFO order). */
  seq: number;
  rank: number;
  callOut: EventHandle;
}

export class RepairCrew implements EventHandler {
  private busy = 0;
  private readonly queue: Waiting[] = [];
  private head = 0;
  private seq = 0;
  private readonly discipline: CrewDiscipline;
  private readonly rankOf: Map<string, number>;
  private readonly choiceRng: Uniform | null;
  private readonly callOut: CrewOptions['callOut'];

  /** @param count number of repairers (integer >= 1). */
  constructor(readonly name: string, readonly count: number, options: CrewOptions = {}) {
    this.discipline = options.discipline ?? 'fifo';
    this.rankOf = new Map((options.priority ?? []).map((c, i) => [c, i]));
    this.choiceRng = options.choiceRng ?? null;
    this.callOut = options.callOut ?? null;
    if ((this.discipline === 'random' || this.discipline === 'random-component') && !this.choiceRng) {
      throw new Error(`crew ${name}: discipline ${this.discipline} needs a random stream`);
    }
  }

  /** Asks for a repairer: starts the repair at once if one is free (and no call-out), else queues. */
  request(unit: Repairable): void {
    if (this.simple()) {
      if (this.busy < this.count) {
        this.busy++;
        unit.startRepair();
      } else this.queue.push({ unit, seq: this.seq++, rank: 0, callOut: NO_EVENT });
      return;
    }
    this.queue.push({ unit, seq: this.seq++, rank: this.rankOf.get(unit.component) ?? this.rankOf.size, callOut: NO_EVENT });
    this.dispatch();
  }

  /** A repair finished: the repairer takes the next waiting unit by the discipline, if any. */
  release(): void {
    if (this.simple()) {
      if (this.head < this.queue.length) {
        const next = this.queue[this.head++];
        if (this.head > 64 && this.head * 2 > this.queue.length) {
          this.queue.splice(0, this.head);
          this.head = 0;
        }
        next.unit.startRepair();
      } else this.busy--;
      return;
    }
    this.busy--;
    this.dispatch();
  }

  /** A call-out delay ended: its unit takes a repairer. */
  handleEvent(_kind: number, data: number): void {
    const i = this.queue.findIndex((w) => w.seq === data);
    const w = this.queue[i];
    w.callOut = NO_EVENT;
    this.start(i);
    this.dispatch();
  }

  /** Back to idle with nobody waiting (a new replication). */
  reset(): void {
    this.busy = 0;
    this.queue.length = 0;
    this.head = 0;
    this.seq = 0;
  }

  /** Instances waiting for a repairer. */
  get waiting(): number {
    return this.queue.length - this.head;
  }

  /** FIFO without call-out: the original constant-time queue. */
  private simple(): boolean {
    return this.discipline === 'fifo' && !this.callOut;
  }

  private start(i: number): void {
    const [w] = this.queue.splice(i, 1);
    this.busy++;
    w.unit.startRepair();
  }

  /** Assigns free repairers (no call-out) or (re)arms the call-outs of the current candidates. */
  private dispatch(): void {
    if (!this.callOut) {
      while (this.busy < this.count && this.queue.length > 0) this.start(this.choose());
      return;
    }
    const cand = new Set(this.busy < this.count ? this.candidates(this.count - this.busy) : []);
    const { sim, sampler, rng } = this.callOut;
    for (const w of this.queue) {
      if (cand.has(w) && w.callOut === NO_EVENT) w.callOut = sim.schedule(sampler.sample(rng), this, 0, w.seq);
      else if (!cand.has(w) && w.callOut !== NO_EVENT) {
        sim.cancel(w.callOut);
        w.callOut = NO_EVENT;
      }
    }
  }

  /** Units the discipline may take next (for call-outs), `free` = number of free repairers. */
  private candidates(free: number): Waiting[] {
    switch (this.discipline) {
      case 'fifo':
        return this.queue.slice(0, free);
      case 'priority':
        return [...this.queue].sort((a, b) => a.rank - b.rank || a.seq - b.seq).slice(0, free);
      case 'random':
        return [...this.queue];
      case 'random-component':
        return this.queue.filter((w, i) => this.queue.findIndex((x) => x.unit.component === w.unit.component) === i);
    }
  }

  /** Index in the queue of the unit a free repairer takes now (no call-out). */
  private choose(): number {
    const q = this.queue;
    switch (this.discipline) {
      case 'fifo':
        return 0;
      case 'priority': {
        let best = 0;
        for (let i = 1; i < q.length; i++) if (q[i].rank < q[best].rank) best = i;
        return best;
      }
      case 'random':
        return Math.min(q.length - 1, Math.floor((this.choiceRng as Uniform)() * q.length));
      case 'random-component': {
        const firsts = q.map((w, i) => i).filter((i) => q.findIndex((x) => x.unit.component === q[i].unit.component) === i);
        return firsts[Math.min(firsts.length - 1, Math.floor((this.choiceRng as Uniform)() * firsts.length))];
      }
    }
  }
}
