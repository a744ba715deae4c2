/**
 * The zod schema of the reliability keys of a scenario (`latent_failures`, `common_cause`, `maintenance`,
 * `phases`, `replaceable_units`; docs/reliability.md). Output keeps the document's shape with units converted
 * (seconds, fractions); references and cron expressions are checked by normalize.ts.
 */
import * as z from 'zod';
import { faultDuration, type RawDistribution } from '../scenario/schema-laws.js';
import {
  boolean,
  componentRef,
  dictionary,
  duration,
  fail,
  failKey,
  integer,
  isMapping,
  jsonHint,
  list,
  named,
  nested,
  number,
  obj,
  probability,
  text,
  word,
  zoneName,
  NAME_PATTERN,
  NAME_RULE,
} from '../scenario/schema-kit.js';

const SCHEDULE_EXPECTED = 'exactly one of every (with optional offset) or cron';
const scheduleKeys = { every: duration(true).optional(), offset: duration().optional(), cron: text(true).optional() };
/** every/cron/offset consistency of a scheduled entry. */
function checkSchedule(v: { every?: number; offset?: number; cron?: string }, ctx: z.core.$RefinementCtx): void {
  if (v.every !== undefined && v.cron !== undefined) failKey(ctx, 'cron', 'both every and cron are given', SCHEDULE_EXPECTED);
  if (v.every === undefined && v.cron === undefined) fail(ctx, { problem: 'neither every nor cron is given', expected: SCHEDULE_EXPECTED });
  if (v.cron !== undefined && v.offset !== undefined) failKey(ctx, 'offset', 'offset is given with cron', 'offset only with every');
}

const proofTest = obj(
  {
    every: duration(true),
    offset: duration().optional(),
    duration: faultDuration.optional(),
    offline: boolean().optional(),
    coverage: probability().optional(),
    stagger: boolean().optional(),
  },
  'a proof test { every, offset?, duration?, offline?, coverage?, stagger? }',
);

const latent = obj(
  { coverage: probability().optional(), proof_test: proofTest.optional(), overhaul: duration(true).optional() },
  'latent failures { coverage?, proof_test?, overhaul? }',
);

const members = (expected: string) =>
  jsonHint(
    z.unknown().transform((v, ctx): string[] => (Array.isArray(v) ? nested(ctx, list(componentRef(), expected, 1), v) : [nested(ctx, componentRef(), v)])),
    { description: expected, anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 }] },
  );

const commonCause = obj(
  {
    members: members('a component name or a non-empty list of them'),
    beta: probability(),
    gamma: probability().optional(),
    delta: probability().optional(),
  },
  'a common-cause group { members, beta, gamma?, delta? }',
).superRefine((v, ctx) => {
  if (v.delta !== undefined && v.gamma === undefined) failKey(ctx, 'delta', 'delta is given without gamma', 'gamma with delta (multiple Greek letters: beta, gamma, delta)');
});

const window = obj(
  {
    name: named('a window name', NAME_PATTERN, NAME_RULE),
    ...scheduleKeys,
    duration: faultDuration,
    target: componentRef().optional(),
    zone: zoneName().optional(),
    renew: boolean().optional(),
  },
  'a maintenance window { name, every | cron, duration, target | zone, offset?, renew? }',
).superRefine((v, ctx) => {
  checkSchedule(v, ctx);
  if (v.target !== undefined && v.zone !== undefined) failKey(ctx, 'zone', 'both target and zone are given', 'either target (a component or instance) or zone');
  if (v.target === undefined && v.zone === undefined) fail(ctx, { missing: true, expected: 'target (a component or instance id) or zone' }, ['target']);
});

const upgrade = obj(
  {
    name: named('an upgrade name', NAME_PATTERN, NAME_RULE),
    target: componentRef(),
    ...scheduleKeys,
    batch: word(['instance', 'zone'] as const).optional(),
    duration: faultDuration,
    failure_probability: probability().optional(),
    rollback: faultDuration.optional(),
    on_failure: word(['stop', 'continue'] as const).optional(),
  },
  'a rolling upgrade { name, target, every | cron, duration, batch?, failure_probability?, rollback?, on_failure? }',
).superRefine((v, ctx) => {
  checkSchedule(v, ctx);
  if ((v.failure_probability ?? 0) > 0 && v.rollback === undefined) fail(ctx, { missing: true, expected: 'the rollback duration (a duration or a distribution) when failure_probability > 0' }, ['rollback']);
});

const ageReplacement = obj({ age: duration(true), duration: faultDuration }, 'an age replacement { age, duration }');

const maintenance = obj(
  {
    windows: list(window, 'a list of maintenance windows', 1).optional(),
    rolling_upgrades: list(upgrade, 'a list of rolling upgrades', 1).optional(),
    age_replacement: dictionary(ageReplacement, 'component', 'a mapping of component names to { age, duration }', true).optional(),
  },
  'maintenance { windows?, rolling_upgrades?, age_replacement? }',
);

const factor = number('a failure-rate factor >= 0');
const factors = jsonHint(
  z.unknown().transform((v, ctx): number | Record<string, number> =>
    isMapping(v) ? nested(ctx, dictionary(factor, 'component', 'a mapping of component names to factors >= 0', true), v) : nested(ctx, factor, v),
  ),
  { description: 'a failure-rate factor >= 0, or a mapping of component names to factors', anyOf: [{ type: 'number', minimum: 0 }, { type: 'object', additionalProperties: { type: 'number', minimum: 0 } }] },
);
const phase = obj(
  { name: named('a phase name', NAME_PATTERN, NAME_RULE), duration: faultDuration, failure_factor: factors.optional() },
  'a phase { name, duration, failure_factor? }',
);

const replaceableUnit = obj(
  {
    members: members('a non-empty list of component names'),
    count: integer(1).optional(),
    replacement: faultDuration.optional(),
  },
  'a replaceable unit { members, count?, replacement? }',
);

/** The reliability top-level keys (placed at the end of the document's keys). */
export const reliabilityKeys = {
  latent_failures: dictionary(latent, 'component', 'a mapping of component names to latent-failure settings', true).optional(),
  common_cause: dictionary(commonCause, 'common-cause group', 'a mapping of group names to common-cause groups', true).optional(),
  maintenance: maintenance.optional(),
  phases: list(phase, 'a non-empty list of phases (a cycle)', 1).optional(),
  replaceable_units: dictionary(replaceableUnit, 'replaceable unit', 'a mapping of unit names to replaceable units', true).optional(),
};

export type RawLatent = z.output<typeof latent>;
export type RawCommonCause = z.output<typeof commonCause>;
export type RawMaintenance = z.output<typeof maintenance>;
export type RawWindow = z.output<typeof window>;
export type RawUpgrade = z.output<typeof upgrade>;
export type RawPhase = z.output<typeof phase>;
export type RawReplaceableUnit = z.output<typeof replaceableUnit>;
export type { RawDistribution };
