/**
 * Exact mode, hedged requests (Envoy config.route.v3.HedgePolicy; docs/load.md "Hedging"): per client request id
 * (the ids of try-table.ts RequestTable), the tries sent at arrival beyond the first, the tries still outstanding
 * at the client, the pending retry and the route timeout event. Arrays are reused as request ids are.
 */
import { NO_EVENT, type EventHandle } from '../engine/simulator.js';

export class HedgeTable {
  /** Tries sent at arrival beyond the first (initial_requests - 1, +1 with additional_request_chance). */
  readonly extra: number[] = [];
  /** Try ids outstanding at the client. */
  readonly live: number[][] = [];
  /** The pending retry's event (NO_EVENT when none). */
  readonly retryEvent: EventHandle[] = [];
  /** The route timeout's event. */
  readonly routeEvent: EventHandle[] = [];

  open(r: number, extra: number, routeEvent: EventHandle): void {
    this.extra[r] = extra;
    const live = this.live[r];
    if (live) live.length = 0;
    else this.live[r] = [];
    this.retryEvent[r] = NO_EVENT;
    this.routeEvent[r] = routeEvent;
  }

  /** Try `id` of request `r` is no longer outstanding. */
  drop(r: number, id: number): void {
    const live = this.live[r];
    const i = live.indexOf(id);
    if (i >= 0) live.splice(i, 1);
  }
}
