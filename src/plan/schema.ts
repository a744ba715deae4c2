/**
 * The zod schema of the `planning:` section (capacity planning for `faultline plan`), see
 * docs/scenario-format.md ("Capacity planning"). Built from the building blocks of schema-kit.ts, once, on
 * first use (`planningSchema()`).
 */
import * as z from 'zod';
import * as schemaKit from '../scenario/schema-kit.js';
import { describeValue } from '../scenario/duration.js';
import { OverrideError, PATH_EXPECTED, parsePath } from '../scenario/overrides.js';
import type { PathSegment } from '../scenario/errors.js';

/** Default `planning.confirm`. */
export const DEFAULT_CONFIRM = 3;
/** Default `planning.max_candidates`; the grid may never exceed HARD_MAX_CANDIDATES. */
export const DEFAULT_MAX_CANDIDATES = 1000;
export const HARD_MAX_CANDIDATES = 20_000;
/** Default `planning.load.max_down`: the N+1 rule. */
export const DEFAULT_MAX_DOWN = 1;

function build() {
  const { leaf, obj, list, dictionary, rate, duration, probability, integer, text, fail } = schemaKit;

  const money = () =>
    leaf('an amount of money >= 0 (a plain number)', (v) =>
      typeof v === 'number' && Number.isFinite(v) && v >= 0
        ? { ok: true as const, value: v }
        : { ok: false as const, problem: typeof v === 'number' ? `${v} is negative` : `got ${describeValue(v)}` },
    );

  const scenarioPath = () =>
    leaf(PATH_EXPECTED, (v) => {
      if (typeof v !== 'string') return { ok: false as const, problem: `got ${describeValue(v)}` };
      try {
        const segments: PathSegment[] = parsePath(v);
        if (segments[0] === 'planning') return { ok: false as const, problem: 'the planning section cannot search itself' };
        return { ok: true as const, value: { path: v, segments } };
      } catch (e) {
        return { ok: false as const, problem: (e as OverrideError).problem ?? String(e) };
      }
    });

  const anyValue = () =>
    leaf('a value to write at the path (number, duration, word or mapping)', (v) =>
      v === null || v === undefined ? { ok: false as const, problem: 'got null' } : { ok: true as const, value: v as unknown },
    );

  const KNOB_EXPECTED = 'a search knob { path, values, cost_per_month? }';
  const knob = obj(
    {
      path: scenarioPath(),
      values: list(anyValue(), 'a non-empty list of candidate values', 1),
      cost_per_month: list(money(), 'a list of monthly costs, one per value', 1).optional(),
    },
    KNOB_EXPECTED,
  ).superRefine((v, ctx) => {
    if (v.cost_per_month !== undefined && v.cost_per_month.length !== v.values.length) {
      const problem = `${v.cost_per_month.length} costs for ${v.values.length} values`;
      fail(ctx, { problem, expected: 'one monthly cost per value (same length as values)' }, ['cost_per_month']);
    }
  });

  const cost = obj(
    {
      currency: text(true).optional(),
      instance_per_month: dictionary(money(), 'component', 'a mapping of component names to a monthly price per instance', false).optional(),
      crew_member_per_month: dictionary(money(), 'crew', 'a mapping of crew names to a monthly price per crew member', false).optional(),
      downtime_per_minute: money().optional(),
      per_gb_lost: money().optional(),
    },
    'cost { currency?, instance_per_month?, crew_member_per_month?, downtime_per_minute?, per_gb_lost? }',
  );

  const LATENCY_EXPECTED = 'latency_slo with at least one of wait_mean, wait_p95, wait_p99 (durations) or max_utilisation';
  const latency = obj(
    { wait_mean: duration().optional(), wait_p95: duration().optional(), wait_p99: duration().optional(), max_utilisation: probability(true).optional() },
    LATENCY_EXPECTED,
  ).superRefine((v, ctx) => {
    if (Object.values(v).every((x) => x === undefined)) fail(ctx, { problem: 'no objective given', expected: LATENCY_EXPECTED });
  });

  const load = obj(
    {
      component: schemaKit.componentRef(),
      arrival_rate: rate(),
      service_rate_per_instance: rate(),
      latency_slo: latency,
      max_down: integer(0).optional(),
    },
    'load { component, arrival_rate, service_rate_per_instance, latency_slo, max_down? }',
  );

  return obj(
    {
      cost: cost.optional(),
      search: list(knob, 'a non-empty list of search knobs { path, values }', 1),
      confirm: integer(0).optional(),
      max_candidates: integer(1).optional(),
      load: load.optional(),
      zone_loss_at_peak: obj(
        { duration: duration(true).optional(), zones_lost: integer(1, { value: 1000, why: 'zones lost at once' }).optional() },
        'zone_loss_at_peak { duration?, zones_lost? }',
      ).optional(),
      n_minus_k_at_peak: obj(
        {
          max_down: integer(0, { value: 1000, why: 'hosts down at once' }).optional(),
          window: duration(true).optional(),
          replications: integer(1, { value: 1000, why: 'replications per k' }).optional(),
        },
        'n_minus_k_at_peak { max_down?, window?, replications? }',
      ).optional(),
    },
    'planning { cost?, search, confirm?, max_candidates?, load?, zone_loss_at_peak?, n_minus_k_at_peak? }',
  );
}

let cached: ReturnType<typeof build> | undefined;
/** The schema of `planning:` (built on first use). */
export function planningSchema(): ReturnType<typeof build> {
  cached ??= build();
  return cached;
}

/** The validated `planning:` section as written (times in seconds, rates per second). */
export type RawPlanning = z.output<ReturnType<typeof build>>;
