/**
 * A shared repair crew: `count` repairers serving failed instances first-come first-served (FIFO), as in
 * the "limited repair" models of Barlow & Proschan (1975, ch. 5) and BlockSim's crew pools.
 * Instances without a crew are repaired independently (an unlimited number of repairers).
 */
export interface Repairable {
  /** Called when a repairer is assigned: the instance starts its active repair now. */
  startRepair(): void;
}

export class RepairCrew {
  private busy = 0;
  private readonly queue: Repairable[] = [];
  private head = 0;

  /** @param count number of repairers (integer >= 1). */
  constructor(readonly name: string, readonly count: number) {}

  /** Asks for a repairer: starts the repair at once if one is free, else queues the instance. */
  request(unit: Repairable): void {
    if (this.busy < this.count) {
      this.busy++;
      unit.startRepair();
    } else {
      this.queue.push(unit);
    }
  }

  /** A repair finished: the repairer takes the longest-waiting instance, if any. */
  release(): void {
    if (this.head < this.queue.length) {
      const next = this.queue[this.head++];
      if (this.head > 64 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      next.startRepair();
    } else {
      this.busy--;
    }
  }

  /** Back to idle with nobody waiting (a new replication). */
  reset(): void {
    this.busy = 0;
    this.queue.length = 0;
    this.head = 0;
  }

  /** Instances waiting for a repairer. */
  get waiting(): number {
    return this.queue.length - this.head;
  }
}
