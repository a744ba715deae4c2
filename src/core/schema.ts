/**
 * The core's part of the scenario document schema (components, crews, structure, crash and zone-outage faults,
 * observe, the availability/RTO/RPO objectives, and the document settings: name, horizon, replications,
 * variants, sweep...). src/scenario-document/schema.ts composes it with the areas' parts into the schema of
 * the whole document (the YAML/JSON syntax of docs/scenario-format.md).
 *
 * Validation converts units on the way (durations to seconds, rates to per second, probabilities to [0, 1])
 * but keeps the document's shape; normalization (`normalize.ts` for the core) turns the result into a `Scenario`
 * and does the checks that need the whole document (references, horizon bounds...). Objects are strict: unknown
 * keys are errors, with a "did you mean" hint (building blocks in src/scenario/schema-kit.ts).
 */
import * as z from 'zod';
import { formatDuration } from '../scenario/duration.js';
import {
  type SchemaIssue,
  type Tagged,
  NAME_PATTERN,
  NAME_RULE,
  bad,
  boolean,
  componentRef,
  dictionary,
  duration,
  encode,
  fail,
  failKey,
  integer,
  isMapping,
  leaf,
  list,
  named,
  nested,
  number,
  obj,
  ok,
  oneOf,
  probability,
  rate,
  text,
  toSchemaIssues,
  typeInfo,
  word,
  zoneName,
} from '../scenario/schema-kit.js';

export type { SchemaIssue } from '../scenario/schema-kit.js';
export { NAME_PATTERN, ZONE_PATTERN } from '../scenario/schema-kit.js';

// ---------------------------------------------------------------- distributions (schema-laws.ts)

import { type RawDistribution, distributionOrNone, faultDuration } from '../scenario/schema-laws.js';
export { type RawDistribution, type SchemaKit, schemaKit } from '../scenario/schema-laws.js';

// ---------------------------------------------------------------- structure

/** A structure node as written: a component reference or a single-key composite. */
export type RawNode =
  | { kind: 'ref'; value: string }
  | { kind: 'series'; value: RawNode[] }
  | { kind: 'parallel'; value: RawNode[] }
  | { kind: 'k_of_n'; value: { k: number; of: RawNode | RawNode[] } }
  | { kind: 'standby'; value: RawStandby };

/** A standby block as written. `spare` is a name or a list of names. */
export interface RawStandby {
  primary: string;
  spare: string | string[];
  mode?: 'cold' | 'warm' | 'hot';
  dormancy?: number;
  switchover?: number;
  switch_success?: number;
}

const NODE_EXPECTED =
  'a component name or one of { series: [...] }, { parallel: [...] }, { k_of_n: { k, of } }, { standby: { primary, spare } }';
const node: z.ZodType<RawNode> = z.lazy(() => nodeSchema);
const nodeList = list(node, 'a non-empty list of structure nodes', 1);
const spareList = list(componentRef(), 'a component name or a non-empty list of them', 1);

const standby = obj(
  {
    primary: componentRef(),
    spare: z.unknown().transform((v, ctx): string | string[] => nested<string | string[]>(ctx, Array.isArray(v) ? spareList : componentRef(), v)),
    mode: word(['cold', 'warm', 'hot'] as const).optional(),
    dormancy: number('a number strictly between 0 and 1 (use mode cold for 0, hot for 1)', { positive: true, below: 1 }).optional(),
    switchover: duration().optional(),
    switch_success: probability().optional(),
  },
  'standby parameters { primary, spare, mode?, dormancy?, switchover?, switch_success? }',
).superRefine((v, ctx) => {
  if (v.dormancy !== undefined && v.mode !== 'warm') {
    failKey(ctx, 'dormancy', `dormancy is given for a ${v.mode ?? 'cold'} standby`, 'dormancy only with mode: warm');
  }
});

const kOfN = obj(
  {
    k: integer(1),
    of: z.unknown().transform((v, ctx): RawNode | RawNode[] => nested<RawNode | RawNode[]>(ctx, Array.isArray(v) ? nodeList : node, v)),
  },
  'k_of_n parameters { k, of }',
);

const nodeSchema = oneOf(
  'structure node',
  NODE_EXPECTED,
  { series: nodeList, parallel: nodeList, k_of_n: kOfN, standby },
  componentRef().transform((value) => ({ kind: 'ref' as const, value })),
) as z.ZodType<RawNode>;

// ---------------------------------------------------------------- components, crews, faults, document

const component = obj(
  {
    count: integer(1).optional(),
    zone: zoneName().optional(),
    zones: list(zoneName(), 'a non-empty list of zone names', 1).optional(),
    failure: distributionOrNone,
    repair: distributionOrNone,
    crew: named('a crew name', NAME_PATTERN, NAME_RULE).optional(),
  },
  'a component { failure, repair, count?, zone? | zones?, crew? }',
).superRefine((v, ctx) => {
  if (v.zone !== undefined && v.zones !== undefined) {
    failKey(ctx, 'zones', 'both zone and zones are given', 'either zone (all instances) or zones (round-robin)');
  }
});

const crewObject = obj({ count: integer(1) }, 'a crew: an integer >= 1 or { count: n }').transform((c) => c.count);
const crew = z.unknown().transform((v, ctx): number => nested(ctx, isMapping(v) ? crewObject : integer(1), v));

const SCHEDULE_EXPECTED = 'exactly one of at (once) or rate (Poisson arrivals)';
const fault = obj(
  {
    kind: word(['crash', 'zone-outage'] as const),
    target: componentRef().optional(),
    zone: zoneName().optional(),
    at: duration().optional(),
    rate: rate().optional(),
    duration: faultDuration,
  },
  'a fault { kind, target | zone, at | rate, duration }',
).superRefine((v, ctx) => {
  if (v.kind === 'crash') {
    if (v.target === undefined) fail(ctx, { missing: true, expected: 'a component name or instance id such as web[2]' }, ['target']);
    if (v.zone !== undefined) failKey(ctx, 'zone', 'a crash fault has no zone', 'target (use kind: zone-outage for zones)');
  } else {
    if (v.zone === undefined) fail(ctx, { missing: true, expected: 'the zone to take down' }, ['zone']);
    if (v.target !== undefined) failKey(ctx, 'target', 'a zone-outage fault has no target', 'zone (every instance in it goes down)');
  }
  if (v.at !== undefined && v.rate !== undefined) failKey(ctx, 'rate', 'both at and rate are given', SCHEDULE_EXPECTED);
  if (v.at === undefined && v.rate === undefined) fail(ctx, { problem: 'neither at nor rate is given', expected: SCHEDULE_EXPECTED });
});

/** The core's fault kinds (other areas add theirs through the area contract, src/area.ts). */
export const CORE_FAULT_KINDS = ['crash', 'zone-outage'] as const;
/** A `faults` entry of a core kind. */
export const coreFault = fault;

const times = () => list(duration(), 'a list of durations').optional();

/** Names of variants (`variants[].name`): letters, digits, `_`, `-` and `.` (they name report directories). */
export const VARIANT_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
/**
 * `variants:` (strategies compared by `faultline compare`). `set` maps scenario paths to replacement values;
 * the values are checked when the variant is built (src/compare/overrides.ts), not here.
 */
const variant = obj(
  {
    name: named('variant name', VARIANT_NAME_PATTERN, 'letters, digits, "_", "-" or "."'),
    description: text(false).optional(),
    set: z.record(z.string(), z.unknown(), { error: (iss) => encode(typeInfo(iss.input, 'a mapping of scenario paths to values')) }).superRefine((v, ctx) => {
      if (Object.keys(v).length === 0) fail(ctx, { problem: 'no override given', expected: 'at least one path: value' });
    }),
  },
  'a variant { name, set, description? }',
);
/** `sweep:` one scenario path (or several set together) over a list of values (each value becomes a variant). */
const sweepParameters = list(text(true), 'a scenario path or a non-empty list of paths', 1);
const sweep = obj(
  {
    parameter: z.unknown().transform((v, ctx): string | string[] => nested<string | string[]>(ctx, Array.isArray(v) ? sweepParameters : text(true), v)),
    values: list(z.unknown(), 'a non-empty list of values', 1),
  },
  'a sweep { parameter, values }',
);

/** The core's `slo` keys (other areas append theirs). */
export const coreSloKeys = {
  availability: probability().optional(),
  outage_duration_p99: duration().optional(),
  /** Former name of `outage_duration_p99`, kept as an alias (it is not the data section's RTO). */
  rto_p99: duration().optional(),
  rpo_max: duration().optional(),
  rpo_max_probability: probability().optional(),
};

/**
 * The core's top-level keys, in document order, given the composed `faults` list and `slo` mapping (every
 * area's fault kinds and objectives).
 */
export function coreKeys(faults: z.ZodOptional<z.ZodType<RawAnyFault[]>>, slo: z.ZodOptional<z.ZodType<RawSlo>>) {
  return {
    name: text(true),
    description: text(false).optional(),
    horizon: duration(true),
    warmup: duration().optional(),
    replications: integer(1).optional(),
    precision: obj(
      { availability_half_width: probability(true), min_replications: integer(1).optional() },
      'precision { availability_half_width, min_replications? }',
    ).optional(),
    seed: integer(0).optional(),
    components: dictionary(component, 'component', 'a mapping of component names to components', true),
    crews: dictionary(crew, 'crew', 'a mapping of crew names to crew sizes', false).optional(),
    system: node.optional(),
    ageing_while_system_down: boolean().optional(),
    faults,
    observe: obj({ point_availability_at: times(), reliability_at: times() }, 'observe { point_availability_at?, reliability_at? }').optional(),
    slo,
    variants: list(variant, 'a list of variants { name, set }', 1).optional(),
    sweep: sweep.optional(),
  };
}

export type RawComponent = z.output<typeof component>;
export type RawFault = z.output<typeof fault>;

/** The `slo` mapping as written (unit-converted). Areas add their objectives by module augmentation. */
export interface RawSlo {
  availability?: number;
  outage_duration_p99?: number;
  /** Former name of `outage_duration_p99`. */
  rto_p99?: number;
  rpo_max?: number;
  rpo_max_probability?: number;
}

/**
 * The `faults` entries as written, by area (the core's here; each area adds `<key>: <its raw fault type>` by
 * module augmentation). `RawAnyFault` is their union.
 */
export interface RawFaultsByArea {
  core: RawFault;
}
export type RawAnyFault = RawFaultsByArea[keyof RawFaultsByArea];

/** The core's keys of the validated document. */
export type RawCoreDocument = z.output<z.ZodObject<ReturnType<typeof coreKeys>>>;

/**
 * The validated, unit-converted document: same shape as the file, times in seconds. The core's keys here;
 * each area adds its keys by module augmentation (`declare module '../core/schema.js' { interface RawScenario
 * { ... } }`), so this file names no area.
 */
export interface RawScenario extends RawCoreDocument {}
