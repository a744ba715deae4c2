/**
 * The zod schemas of the traffic and network keys (`services`, `traffic`, `network`, `monitoring` and the
 * fault kinds partition, latency, loss, blackhole, bad-deploy). Built by `makeTrafficSchemas` from the leaf
 * and container helpers of schema.ts (passed in, to avoid a circular import). Unknown keys are errors with
 * "did you mean" hints, as everywhere else; references between parts are checked in normalize-traffic.ts.
 */
import * as z from 'zod';
import { BALANCER_POLICIES } from './types.js';

/** Fault kinds handled by the traffic layer (not by the core fault injector). */
export const TRAFFIC_FAULT_KINDS = ['partition', 'latency', 'loss', 'blackhole', 'bad-deploy'] as const;
export type TrafficFaultKind = (typeof TRAFFIC_FAULT_KINDS)[number];

/** The helpers of schema.ts the traffic schemas are made of (typed loosely: they are zod factories). */
/* eslint-disable @typescript-eslint/no-explicit-any */
export interface SchemaParts {
  obj: <S extends z.core.$ZodLooseShape>(shape: S, expected: string) => any;
  list: <T extends z.ZodType>(item: T, expected: string, min?: number) => any;
  dictionary: <T extends z.ZodType>(item: T, what: string, expected: string, nonEmpty: boolean) => any;
  duration: (positive?: boolean) => z.ZodType<number>;
  rate: () => z.ZodType<number>;
  probability: (open?: boolean) => z.ZodType<number>;
  integer: (min: number) => z.ZodType<number>;
  number: (expected: string, opts?: { positive?: boolean; below?: number }) => z.ZodType<number>;
  word: <W extends string>(words: readonly W[]) => z.ZodType<W>;
  componentRef: () => z.ZodType<string>;
  zoneName: () => z.ZodType<string>;
  /** A duration (fixed law) or a distribution. */
  law: z.ZodType<any>;
  fail: (ctx: z.core.$RefinementCtx, info: { problem?: string; expected: string; missing?: boolean }, path?: (string | number)[]) => never;
  failKey: (ctx: z.core.$RefinementCtx, key: string, problem: string, expected: string) => never;
  nested: <T>(ctx: z.core.$RefinementCtx, schema: z.ZodType<T>, v: unknown, prefix?: (string | number)[]) => T;
}

const SCHEDULE_EXPECTED = 'exactly one of at (once) or rate (Poisson arrivals)';

/** What is wrong with a daily_profile (exactly 24 hourly multipliers >= 0, not all 0); empty when nothing. */
function dailyProfileProblems(d: number[] | undefined): { problem: string; expected: string }[] {
  if (!d) return [];
  const out: { problem: string; expected: string }[] = [];
  if (d.length !== 24) out.push({ problem: `${d.length} multipliers given`, expected: 'exactly 24 hourly multipliers' });
  if (d.some((x) => x < 0)) out.push({ problem: 'a negative multiplier', expected: 'multipliers >= 0' });
  else if (d.length === 24 && !d.some((x) => x > 0)) {
    out.push({ problem: 'every multiplier is 0 (no request would ever arrive)', expected: 'at least one multiplier > 0 (omit traffic for a scenario without requests)' });
  }
  return out;
}

/** The outlier_detection and retry_policy schemas (Envoy's field names). */
function envoyResilienceSchemas(p: SchemaParts) {
  const outlier = p.obj(
    {
      consecutive_5xx: p.integer(1).optional(),
      interval: p.duration(true).optional(),
      base_ejection_time: p.duration(true).optional(),
      max_ejection_time: p.duration(true).optional(),
      max_ejection_percent: p.probability().optional(),
    },
    'outlier_detection { consecutive_5xx?, interval?, base_ejection_time?, max_ejection_time?, max_ejection_percent? }',
  );
  const retry = p.obj(
    {
      num_retries: p.integer(0).optional(),
      per_try_timeout: p.duration(true).optional(),
      retry_budget: p
        .obj({ budget_percent: p.probability().optional(), min_retry_concurrency: p.integer(0).optional() }, 'retry_budget { budget_percent?, min_retry_concurrency? }')
        .optional(),
      retry_host_predicate: p.list(p.word(['previous_hosts'] as const), 'a list of retry host predicates: [previous_hosts]').optional(),
      host_selection_retry_max_attempts: p.integer(0).optional(),
    },
    'retry_policy { num_retries?, per_try_timeout?, retry_budget?, retry_host_predicate?, host_selection_retry_max_attempts? }',
  );
  return { outlier, retry };
}

/** The services mapping: each service with its balancer (Envoy's health_check, outlier_detection, retry_policy). */
function serviceSchemas(p: SchemaParts) {
  const healthCheck = p.obj(
    {
      interval: p.duration(true),
      timeout: p.duration(true),
      unhealthy_threshold: p.integer(1).optional(),
      healthy_threshold: p.integer(1).optional(),
      interval_jitter: p.duration().optional(),
    },
    'health_check { interval, timeout, unhealthy_threshold?, healthy_threshold?, interval_jitter? }',
  );
  const { outlier, retry } = envoyResilienceSchemas(p);
  const balancer = p.obj(
    {
      policy: p.word(BALANCER_POLICIES).optional(),
      choice_count: p.integer(1).optional(),
      active_request_bias: p.number('a bias >= 0').optional(),
      weights: p.list(p.number('a weight > 0', { positive: true }), 'a non-empty list of weights, one per host', 1).optional(),
      nodes: p.componentRef().optional(),
      failover_time: p.duration().optional(),
      failover_success: p.probability().optional(),
      health_check: healthCheck.optional(),
      outlier_detection: outlier.optional(),
      retry_policy: retry.optional(),
    },
    'a balancer { policy?, choice_count?, active_request_bias?, weights?, nodes?, failover_time?, failover_success?, health_check?, outlier_detection?, retry_policy? }',
  );
  const service = p.obj(
    {
      instances: p.componentRef(),
      service_time: p.law,
      calls: p.list(p.componentRef(), 'a list of service names').optional(),
      timeout: p.duration(true).optional(),
      error_rate: p.probability().optional(),
      balancer: balancer.optional(),
    },
    'a service { instances, service_time, calls?, timeout?, error_rate?, balancer? }',
  );
  const services = p.dictionary(service, 'service', 'a mapping of service names to services', true);

  return services;
}

/** A traffic fault: network faults (partition, latency, loss, blackhole) and bad deploys, with the keys each kind takes. */
function trafficFaultSchema(p: SchemaParts) {
  const names = (expected: string) =>
    z.unknown().transform((v, ctx): string[] =>
      Array.isArray(v) ? p.nested<string[]>(ctx, p.list(p.componentRef(), expected, 1), v) : [p.nested(ctx, p.componentRef(), v)],
    );


  const trafficFault = p.obj(
    {
      kind: p.word(TRAFFIC_FAULT_KINDS),
      target: names('a non-empty list of components, instance ids, zones or "clients"').optional(),
      from: names('a non-empty list of components, instance ids, zones or "clients"').optional(),
      to: names('a non-empty list of components, instance ids, zones or "clients"').optional(),
      direction: p.word(['to', 'from', 'both'] as const).optional(),
      latency: p.duration(true).optional(),
      jitter: p.duration().optional(),
      loss: p.probability(true).optional(),
      service: p.componentRef().optional(),
      strategy: p.word(['all-at-once', 'canary'] as const).optional(),
      canary_percent: p.probability(true).optional(),
      bake_time: p.duration().optional(),
      bad_probability: p.probability().optional(),
      error_rate: p.probability().optional(),
      error_rate_threshold: p.probability(true).optional(),
      detection_window: p.duration().optional(),
      rollback_time: p.duration().optional(),
      at: p.duration().optional(),
      rate: p.rate().optional(),
      duration: p.law.optional(),
    },
    'a network fault { kind, target | from+to, at | rate, duration, ... } or a bad-deploy { kind, service, strategy, ... }',
  ).superRefine((v: Record<string, unknown>, ctx: z.core.$RefinementCtx) => {
    const need = (key: string, expected: string) => {
      if (v[key] === undefined) p.fail(ctx, { missing: true, expected }, [key]);
    };
    const forbid = (keys: string[], why: string) => {
      for (const k of keys) if (v[k] !== undefined) p.failKey(ctx, k, `${k} is not a key of a ${v.kind} fault`, why);
    };
    const kind = v.kind as TrafficFaultKind;
    const deployKeys = ['service', 'strategy', 'canary_percent', 'bake_time', 'bad_probability', 'error_rate', 'error_rate_threshold', 'detection_window', 'rollback_time'];
    if (kind === 'bad-deploy') {
      need('service', 'the service being deployed');
      forbid(['target', 'from', 'to', 'direction', 'latency', 'jitter', 'loss', 'duration'], 'the bad-deploy keys: service, strategy, canary_percent, ...');
      if (v.canary_percent !== undefined && v.strategy !== 'canary') p.failKey(ctx, 'canary_percent', 'canary_percent without strategy: canary', 'strategy: canary');
    } else {
      forbid(deployKeys, `the ${kind} keys`);
      need('duration', 'a duration or a distribution');
      if (kind === 'partition') {
        need('from', 'the endpoints on one side: components, instance ids, zones or "clients"');
        need('to', 'the endpoints on the other side');
        forbid(['target', 'latency', 'jitter', 'loss'], 'from, to, direction');
      } else {
        need('target', 'the affected endpoints: components, instance ids, zones or "clients"');
        forbid(['from', 'to', 'direction'], 'target (all traffic to and from it is affected)');
        if (kind === 'latency') need('latency', 'the added delay, e.g. 100ms');
        else forbid(['latency', 'jitter'], `the ${kind} keys`);
        if (kind === 'loss') need('loss', 'a loss probability such as 10%');
        else forbid(['loss'], `the ${kind} keys`);
      }
    }
    if (v.at !== undefined && v.rate !== undefined) p.failKey(ctx, 'rate', 'both at and rate are given', SCHEDULE_EXPECTED);
    if (v.at === undefined && v.rate === undefined) p.fail(ctx, { problem: 'neither at nor rate is given', expected: SCHEDULE_EXPECTED });
  });

  return trafficFault;
}

/** Builds the traffic schemas from schema.ts's helpers. */
export function makeTrafficSchemas(p: SchemaParts) {
  const services = serviceSchemas(p);
  const traffic = p.obj(
    {
      entry: p.componentRef(),
      rate: p.rate(),
      daily_profile: p.list(p.number('a multiplier >= 0'), 'a list of 24 hourly multipliers', 1).optional(),
      mode: p.word(['fluid', 'exact'] as const).optional(),
      client_zone: p.zoneName().optional(),
    },
    'traffic { entry, rate, daily_profile?, mode?, client_zone? }',
  ).superRefine((v: { daily_profile?: number[] }, ctx: z.core.$RefinementCtx) => {
    for (const f of dailyProfileProblems(v.daily_profile)) p.fail(ctx, f, ['daily_profile']);
  });

  const link = p.obj({ between: p.list(p.zoneName(), 'two zone names', 2), latency: p.duration() }, 'a link { between: [zone, zone], latency }');
  const network = p.obj(
    { intra_zone_latency: p.duration().optional(), links: p.list(link, 'a list of links').optional(), default_latency: p.duration().optional() },
    'network { intra_zone_latency?, links?, default_latency? }',
  );
  const monitoring = p.obj({ alerting_delay: p.duration().optional(), response: p.law.optional() }, 'monitoring { alerting_delay?, response? }');

  const trafficFault = trafficFaultSchema(p);
  return { services, traffic, network, monitoring, trafficFault };
}

export type TrafficSchemas = ReturnType<typeof makeTrafficSchemas>;

/** A traffic fault as written (unit-converted). */
export interface RawTrafficFault {
  kind: TrafficFaultKind;
  target?: string[];
  from?: string[];
  to?: string[];
  direction?: 'to' | 'from' | 'both';
  latency?: number;
  jitter?: number;
  loss?: number;
  service?: string;
  strategy?: 'all-at-once' | 'canary';
  canary_percent?: number;
  bake_time?: number;
  bad_probability?: number;
  error_rate?: number;
  error_rate_threshold?: number;
  detection_window?: number;
  rollback_time?: number;
  at?: number;
  rate?: number;
  duration?: unknown;
}

/** True for a raw fault handled by the traffic layer. */
export function isTrafficFault(f: { kind: string }): f is RawTrafficFault {
  return (TRAFFIC_FAULT_KINDS as readonly string[]).includes(f.kind);
}

/** Raw traffic keys of a document (unit-converted; shapes as in docs/scenario-format.md). */
export interface RawTrafficKeys {
  services?: Record<string, RawService>;
  traffic?: { entry: string; rate: number; daily_profile?: number[]; mode?: 'fluid' | 'exact'; client_zone?: string };
  network?: { intra_zone_latency?: number; links?: { between: string[]; latency: number }[]; default_latency?: number };
  monitoring?: { alerting_delay?: number; response?: unknown };
}

export interface RawService {
  instances: string;
  service_time: unknown;
  calls?: string[];
  timeout?: number;
  error_rate?: number;
  balancer?: {
    policy?: (typeof BALANCER_POLICIES)[number];
    choice_count?: number;
    active_request_bias?: number;
    weights?: number[];
    nodes?: string;
    failover_time?: number;
    failover_success?: number;
    health_check?: { interval: number; timeout: number; unhealthy_threshold?: number; healthy_threshold?: number; interval_jitter?: number };
    outlier_detection?: { consecutive_5xx?: number; interval?: number; base_ejection_time?: number; max_ejection_time?: number; max_ejection_percent?: number };
    retry_policy?: {
      num_retries?: number;
      per_try_timeout?: number;
      retry_budget?: { budget_percent?: number; min_retry_concurrency?: number };
      retry_host_predicate?: 'previous_hosts'[];
      host_selection_retry_max_attempts?: number;
    };
  };
}
