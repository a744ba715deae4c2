/**
 * The zod schemas of the load keys: the top-level `load` section and the `latency-spike` fault kind, built from
 * `schemaKit` (src/scenario/schema-laws.ts) so errors carry their position. Envoy's field names where Envoy has
 * the concept (retry_policy, retry_back_off, retry_budget, circuit_breakers). References (instances, services)
 * are checked in normalize.ts.
 */
import * as z from 'zod';
import type { SchemaKit } from '../scenario/schema-laws.js';
import { makeAutoscalingSchemas, type RawAutoscaling, type RawStaticStability } from './autoscaling-schema.js';

export const LOAD_FAULT_KINDS = ['latency-spike'] as const;

export function makeLoadSchemas(p: SchemaKit) {
  const capacity = p.obj(
    {
      concurrency: p.integer(1, { value: 1_000_000, why: 'worker slots per host' }),
      service_time: p.faultDuration,
      queue_limit: p.integer(0, { value: 100_000, why: 'waiting tries per host' }).optional(),
      discipline: p.word(['fcfs', 'processor_sharing'] as const).optional(),
    },
    'capacity { concurrency, service_time, queue_limit?, discipline? }',
  );
  const retry = p.obj(
    {
      num_retries: p.integer(0, { value: 100, why: 'retries per request' }).optional(),
      retry_back_off: p.obj({ base_interval: p.duration(true), max_interval: p.duration(true).optional() }, 'retry_back_off { base_interval, max_interval? }').optional(),
      retry_budget: p
        .obj({ budget_percent: p.probability().optional(), min_retry_concurrency: p.integer(0).optional() }, 'retry_budget { budget_percent?, min_retry_concurrency? }')
        .optional(),
    },
    'retry_policy { num_retries?, retry_back_off?, retry_budget? }',
  );
  const breakers = p.obj(
    {
      max_connections: p.integer(1).optional(),
      max_pending_requests: p.integer(0).optional(),
      max_requests: p.integer(1).optional(),
      max_retries: p.integer(0).optional(),
    },
    'circuit_breakers { max_connections?, max_pending_requests?, max_requests?, max_retries? }',
  );
  const hedge = p.obj(
    {
      initial_requests: p.integer(1, { value: 10, why: 'tries sent at once per request' }).optional(),
      additional_request_chance: p.probability().optional(),
      hedge_on_per_try_timeout: p.boolean().optional(),
    },
    'hedge_policy { initial_requests?, additional_request_chance?, hedge_on_per_try_timeout? }',
  );
  const admission = p.obj(
    {
      sampling_window: p.duration(true).optional(),
      aggression: p.number('a number >= 1 (Envoy sets smaller values to 1)', { positive: true }).optional(),
      sr_threshold: p.probability().optional(),
      rps_threshold: p.number('a rate >= 0 (requests per second)').optional(),
      max_rejection_probability: p.probability().optional(),
    },
    'admission_control { sampling_window?, aggression?, sr_threshold?, rps_threshold?, max_rejection_probability? }',
  );
  const scaling = makeAutoscalingSchemas(p);
  const rateLimit = p.obj({ rate: p.rate(), burst: p.integer(1).optional() }, 'rate_limit { rate, burst? }');
  const service = p.obj(
    {
      instances: p.componentRef(),
      rate: p.rate(),
      daily_profile: p.list(p.number('a multiplier >= 0'), 'a list of 24 hourly multipliers', 1).optional(),
      capacity,
      timeout: p.duration(true).optional(),
      retry_policy: retry.optional(),
      circuit_breakers: breakers.optional(),
      rate_limit: rateLimit.optional(),
      hedge_policy: hedge.optional(),
      route_timeout: p.duration(true).optional(),
      admission_control: admission.optional(),
      autoscaling: scaling.autoscaling.optional(),
      static_stability: scaling.staticStability.optional(),
    },
    'a load service { instances, rate, capacity, daily_profile?, timeout?, retry_policy?, circuit_breakers?, rate_limit?, hedge_policy?, route_timeout?, admission_control?, autoscaling?, static_stability? }',
  );
  const load = p.obj(
    {
      mode: p.word(['exact', 'fluid'] as const).optional(),
      bucket: p.duration(true).optional(),
      healthy_ratio: p.probability(true).optional(),
      services: p.dictionary(service, 'service', 'a mapping of service names to load services', true),
    },
    'load { services, mode?, bucket?, healthy_ratio? }',
  );
  const spike = p.obj(
    {
      kind: p.word(LOAD_FAULT_KINDS),
      service: p.componentRef(),
      factor: p.number('a service-time multiplier > 0', { positive: true }),
      at: p.duration().optional(),
      rate: p.rate().optional(),
      duration: p.faultDuration,
    },
    'a latency-spike { kind, service, factor, at | rate, duration }',
  ).superRefine((v: { at?: number; rate?: number }, ctx: z.core.$RefinementCtx) => {
    const expected = 'exactly one of at (once) or rate (Poisson arrivals)';
    if (v.at !== undefined && v.rate !== undefined) p.failKey(ctx, 'rate', 'both at and rate are given', expected);
    if (v.at === undefined && v.rate === undefined) p.fail(ctx, { problem: 'neither at nor rate is given', expected });
  });
  return { load, spike };
}

/** The raw `load` key (unit-converted). */
export interface RawLoad {
  mode?: 'exact' | 'fluid';
  bucket?: number;
  healthy_ratio?: number;
  services: Record<string, RawLoadService>;
}

export interface RawLoadService {
  instances: string;
  rate: number;
  daily_profile?: number[];
  capacity: { concurrency: number; service_time: unknown; queue_limit?: number; discipline?: 'fcfs' | 'processor_sharing' };
  timeout?: number;
  retry_policy?: {
    num_retries?: number;
    retry_back_off?: { base_interval: number; max_interval?: number };
    retry_budget?: { budget_percent?: number; min_retry_concurrency?: number };
  };
  circuit_breakers?: { max_connections?: number; max_pending_requests?: number; max_requests?: number; max_retries?: number };
  rate_limit?: { rate: number; burst?: number };
  hedge_policy?: { initial_requests?: number; additional_request_chance?: number; hedge_on_per_try_timeout?: boolean };
  route_timeout?: number;
  admission_control?: { sampling_window?: number; aggression?: number; sr_threshold?: number; rps_threshold?: number; max_rejection_probability?: number };
  autoscaling?: RawAutoscaling;
  static_stability?: RawStaticStability;
}

export interface RawLatencySpike {
  kind: 'latency-spike';
  service: string;
  factor: number;
  at?: number;
  rate?: number;
  duration: unknown;
}
