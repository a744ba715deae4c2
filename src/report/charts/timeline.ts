import type { TopLevelSpec } from 'vega-lite';
import type { TimelineEntry } from '../../observe/timeline.js';
import { CHART_CONFIG, CHART_WIDTH, COLORS, timeUnit } from './common.js';

/** The timeline of one replication as stored in the results (`ResultsDocument.timeline`). */
export interface TimelineInput {
  replication: number;
  entries: readonly TimelineEntry[];
  truncated: boolean;
}

/** One band of the timeline chart: `element` was in `state` over [start, end) seconds. */
export interface TimelineInterval {
  element: string;
  order: number;
  start: number;
  end: number;
  state: 'up' | 'down' | 'not recorded';
}

/**
 * Turns state changes into bands per element over [0, horizon]. Every element starts up at t = 0 (the
 * simulator starts all up); `elements` fixes the row order (elements only seen in entries are appended).
 * When the recorder was truncated, time after the last recorded change is `not recorded`.
 */
export function timelineIntervals(timeline: TimelineInput, elements: readonly string[], horizon: number): TimelineInterval[] {
  const order = new Map<string, number>();
  for (const e of elements) if (!order.has(e)) order.set(e, order.size);
  for (const e of timeline.entries) if (!order.has(e.element)) order.set(e.element, order.size);
  const lastT = timeline.entries.length ? timeline.entries[timeline.entries.length - 1].t : 0;
  const end = timeline.truncated ? Math.min(lastT, horizon) : horizon;
  const state = new Map<string, { up: boolean; since: number }>();
  for (const name of order.keys()) state.set(name, { up: true, since: 0 });
  const out: TimelineInterval[] = [];
  const close = (element: string, until: number) => {
    const s = state.get(element)!;
    if (until > s.since || !s.up) out.push({ element, order: order.get(element)!, start: s.since, end: Math.max(until, s.since), state: s.up ? 'up' : 'down' });
  };
  for (const e of timeline.entries) {
    const s = state.get(e.element)!;
    if (s.up === e.up) continue; // nested fault or repeated notification: no change of state
    close(e.element, e.t);
    state.set(e.element, { up: e.up, since: e.t });
  }
  for (const name of order.keys()) {
    close(name, end);
    if (timeline.truncated && end < horizon) out.push({ element: name, order: order.get(name)!, start: end, end: horizon, state: 'not recorded' });
  }
  return out.sort((a, b) => a.order - b.order || a.start - b.start);
}

/**
 * Component states over time in one replication: a row per element (`system` first), green while up, red
 * while down. Down periods also get a red tick at their start, so outages much shorter than a pixel stay
 * visible on a year-long axis. The warm-up period is shaded.
 */
export function timelineChart(timeline: TimelineInput, elements: readonly string[], horizon: number, warmup: number): TopLevelSpec {
  const unit = timeUnit(horizon);
  const values = timelineIntervals(timeline, elements, horizon).map((i) => ({
    element: i.element,
    order: i.order,
    start: i.start / unit.factor,
    end: i.end / unit.factor,
    state: i.state,
    startS: i.start,
    durationS: i.end - i.start,
  }));
  const y = { field: 'element', type: 'nominal' as const, title: null, sort: { field: 'order', op: 'min' as const } };
  const x = { type: 'quantitative' as const, title: `time (${unit.label})`, scale: { domain: [0, horizon / unit.factor], nice: false } };
  const color = {
    field: 'state',
    type: 'nominal' as const,
    title: 'state',
    scale: { domain: ['up', 'down', 'not recorded'], range: [COLORS.up, COLORS.down, COLORS.unknown] },
  };
  const tooltip = [
    { field: 'element', title: 'element' },
    { field: 'state', title: 'state' },
    { field: 'startS', title: 'from (s)', format: ',.0f' },
    { field: 'durationS', title: 'duration (s)', format: ',.0f' },
  ];
  const layer: object[] = [];
  if (warmup > 0) {
    layer.push({
      data: { values: [{ from: 0, to: warmup / unit.factor }] },
      mark: { type: 'rect', color: '#000', opacity: 0.06 },
      encoding: { x: { field: 'from', ...x }, x2: { field: 'to' } },
    });
  }
  layer.push(
    { mark: { type: 'bar', height: { band: 0.7 } }, encoding: { y, x: { field: 'start', ...x }, x2: { field: 'end' }, color, tooltip } },
    {
      transform: [{ filter: "datum.state === 'down'" }],
      mark: { type: 'tick', orient: 'vertical', thickness: 1.5, color: COLORS.down, bandSize: 14 },
      encoding: { y, x: { field: 'start', ...x }, tooltip },
    },
  );
  return {
    title: {
      text: `Timeline of replication ${timeline.replication}`,
      subtitle: timeline.truncated ? 'the recorder stopped early: later changes were not recorded' : 'state of the system and of every component instance',
    },
    width: CHART_WIDTH,
    height: { step: 22 },
    data: { values },
    layer,
    config: CHART_CONFIG,
  } as TopLevelSpec;
}
