/**
 * The building blocks of the scenario schemas (the core's and each area's schema.ts, composed in
 * src/scenario-document/schema.ts): unit-converting leaves (durations, rates, probabilities...),
 * strict containers (`obj`, `list`, `dictionary`, `oneOf`) whose errors carry what was expected, and the
 * decoding of those errors into `SchemaIssue`s that point at the right YAML node.
 */
import * as z from 'zod';
import { didYouMean, type PathSegment } from './errors.js';
import {
  DURATION_EXPECTED,
  PROBABILITY_EXPECTED,
  RATE_EXPECTED,
  describeValue,
  tryParseScenarioDuration,
  tryParseProbability,
  tryParseRate,
} from './duration.js';

/** One schema violation. `at` says which source node to point at: the value, its key, or the parent mapping. */
export interface SchemaIssue {
  path: PathSegment[];
  problem: string;
  expected: string;
  at: 'value' | 'key' | 'parent';
}

/** Issue payload, carried in custom issue params, or JSON-encoded in the message of zod's own issues. */
export interface Info {
  problem?: string;
  expected: string;
  missing?: boolean;
  atKey?: boolean;
  unknownKeys?: string[];
  knownKeys?: string[];
}

export const MARK = '\u0001';
export const encode = (info: Info): string => MARK + JSON.stringify(info);
/** Payload for a value that is absent (`undefined`) or of the wrong shape. */
export const typeInfo = (input: unknown, expected: string): Info =>
  input === undefined ? { missing: true, expected } : { problem: `got ${describeValue(input)}`, expected };

export type Ctx = z.core.$RefinementCtx;

/** Adds an issue at `path` (relative to the value being checked) and returns z.NEVER. */
export function fail(ctx: Ctx, info: Info, path: PathSegment[] = []): typeof z.NEVER {
  ctx.addIssue({ code: 'custom', message: info.problem ?? 'invalid', params: info, path, input: undefined });
  return z.NEVER;
}
/** An issue about the presence of `key` itself (located at the key, not its value). */
export const failKey = (ctx: Ctx, key: string, problem: string, expected: string) => fail(ctx, { problem, expected, atKey: true }, [key]);

/** Names of components and crews: a letter or `_`, then letters, digits, `_` or `-` (no dots or brackets). */
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Zone names: letters, digits, `_`, `-` and `.`. */
export const ZONE_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
export const NAME_RULE = 'a letter or "_", then letters, digits, "_" or "-"';

// ---------------------------------------------------------------- leaves

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };
export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const bad = (problem: string): Parsed<never> => ({ ok: false, problem });

/** JSON Schema fragments of the kit's transforms (whose input zod cannot describe), for `faultline schema`. */
const JSON_HINTS = new WeakMap<z.ZodType, () => Record<string, unknown>>();

/** Attaches the JSON Schema fragment that describes what `schema` accepts (see src/scenario/json-schema.ts). */
export function jsonHint<T extends z.ZodType>(schema: T, hint: Record<string, unknown> | (() => Record<string, unknown>)): T {
  JSON_HINTS.set(schema, typeof hint === 'function' ? hint : () => hint);
  return schema;
}

/** The JSON Schema fragment attached to `schema` by `jsonHint`, if any. */
export function jsonHintOf(schema: unknown): Record<string, unknown> | undefined {
  return JSON_HINTS.get(schema as z.ZodType)?.();
}

/**
 * A leaf: raw value -> parsed value, or the problem. A missing (undefined) value is reported as such.
 * `json`: the JSON Schema of the accepted input (the description is `expected`).
 */
export function leaf<T>(expected: string, parse: (v: unknown) => Parsed<T>, json: Record<string, unknown> = {}) {
  const schema = z.unknown().transform((v, ctx): T => {
    if (v === undefined) return fail(ctx, { missing: true, expected });
    const r = parse(v);
    return r.ok ? r.value : fail(ctx, { problem: r.problem, expected });
  });
  return jsonHint(schema, { description: expected, ...json });
}

const NUM = String.raw`(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
/** JSON Schema of a duration: text with units ("1h30m"), or 0. */
export const DURATION_JSON = { anyOf: [{ type: 'string', pattern: String.raw`^\s*\+?(?:${NUM}\s*(?:ms|min|s|m|h|d|w|y)\s*)+$` }, { const: 0 }] };

/** Duration in seconds; a unit is required except for 0 (see `tryParseScenarioDuration`); `positive` rejects 0. */
export const duration = (positive = false) =>
  leaf(
    DURATION_EXPECTED + (positive ? ', greater than 0' : ''),
    (v) => {
      const r = tryParseScenarioDuration(v);
      return r.ok && positive && r.value === 0 ? bad(`${JSON.stringify(v)} is a zero duration`) : r;
    },
    DURATION_JSON,
  );

/** Rate in events per second, > 0. */
export const rate = () =>
  leaf(
    RATE_EXPECTED + ', greater than 0',
    (v) => {
      const r = tryParseRate(v);
      return r.ok && r.value === 0 ? bad(`${JSON.stringify(v)} is a zero rate`) : r;
    },
    { anyOf: [{ type: 'number', exclusiveMinimum: 0 }, { type: 'string', pattern: '/' }] },
  );

/** Probability in [0, 1]; `open` excludes 0 and 1. */
export const probability = (open = false) =>
  leaf(
    open ? PROBABILITY_EXPECTED.replace('[0, 1]', '(0, 1)') : PROBABILITY_EXPECTED,
    (v) => {
      const r = tryParseProbability(v);
      return r.ok && open && (r.value === 0 || r.value === 1) ? bad(`${JSON.stringify(v)} is not strictly between 0 and 1`) : r;
    },
    { anyOf: [{ type: 'number', minimum: 0, maximum: 1 }, { type: 'string', pattern: String.raw`^\s*${NUM}\s*%$` }] },
  );

export const integer = (min: number) =>
  leaf(
    `an integer >= ${min}`,
    (v) => {
      if (typeof v !== 'number') return bad(`got ${describeValue(v)}`);
      if (!Number.isInteger(v)) return bad(`${v} is not an integer`);
      if (!Number.isSafeInteger(v)) return bad(`${v} is too large`);
      return v < min ? bad(`${v} is less than ${min}`) : ok(v);
    },
    { type: 'integer', minimum: min },
  );

export const number = (expected: string, opts: { positive?: boolean; below?: number } = {}) =>
  leaf(
    expected,
    (v) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) return bad(`got ${describeValue(v)}`);
      if (opts.positive && v <= 0) return bad(`${v} is not greater than 0`);
      return opts.below !== undefined && v >= opts.below ? bad(`${v} is not less than ${opts.below}`) : ok(v);
    },
    { type: 'number', ...(opts.positive ? { exclusiveMinimum: 0 } : {}), ...(opts.below !== undefined ? { exclusiveMaximum: opts.below } : {}) },
  );

export const text = (nonEmpty: boolean) =>
  leaf(
    nonEmpty ? 'a non-empty string' : 'a string',
    (v) => {
      if (typeof v !== 'string') return bad(`got ${describeValue(v)}`);
      return nonEmpty && v.trim() === '' ? bad('got an empty string') : ok(v);
    },
    { type: 'string' },
  );

export const boolean = () => leaf('true or false', (v) => (typeof v === 'boolean' ? ok(v) : bad(`got ${describeValue(v)}`)), { type: 'boolean' });

/** One of a few words, with a "did you mean" hint. */
export const word = <W extends string>(words: readonly W[]) =>
  leaf(
    `one of ${words.join(', ')}`,
    (v) => (words.includes(v as W) ? ok(v as W) : bad(`got ${describeValue(v)}${typeof v === 'string' ? didYouMean(v, words) : ''}`)),
    { enum: [...words] },
  );

export const named = (what: string, pattern: RegExp, rule: string) =>
  leaf(
    `${what} (${rule})`,
    (v) => {
      if (typeof v !== 'string') return bad(`got ${describeValue(v)}`);
      return pattern.test(v) ? ok(v) : bad(`${JSON.stringify(v)} is not a valid ${what}`);
    },
    { type: 'string', pattern: pattern.source },
  );
export const zoneName = () => named('a zone name', ZONE_PATTERN, 'letters, digits, "_", "-" or "."');
/** A reference to a component; existence is checked by normalize. */
export const componentRef = () =>
  leaf('a component name', (v) => (typeof v === 'string' && v !== '' ? ok(v) : bad(`got ${describeValue(v)}`)), { type: 'string', minLength: 1 });

// ---------------------------------------------------------------- containers

/** A strict mapping: unknown keys are reported one by one (at the key), with "did you mean" hints. */
export function obj<S extends z.core.$ZodLooseShape>(shape: S, expected: string) {
  const knownKeys = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) =>
      encode(iss.code === 'unrecognized_keys' ? { expected, unknownKeys: iss.keys, knownKeys } : typeInfo(iss.input, expected)),
  });
}

/** A list of `item`, with at least `min` elements. */
export function list<T extends z.ZodType>(item: T, expected: string, min = 0) {
  return z
    .array(item, { error: (iss) => encode(typeInfo(iss.input, expected)) })
    .superRefine((v, ctx) => {
      if (v.length < min) fail(ctx, { problem: 'the list is empty', expected });
    });
}

/** A mapping from user-chosen names (NAME_PATTERN) to `item`. */
export function dictionary<T extends z.ZodType>(item: T, what: string, expected: string, nonEmpty: boolean) {
  return z
    .record(z.string().regex(NAME_PATTERN), item, {
      error: (iss) =>
        encode(
          iss.code === 'invalid_key'
            ? { problem: `${JSON.stringify(iss.input)} is not a valid ${what} name`, expected: `a ${what} name: ${NAME_RULE}`, atKey: true }
            : typeInfo(iss.input, expected),
        ),
    })
    .superRefine((v, ctx) => {
      if (nonEmpty && Object.keys(v).length === 0) fail(ctx, { problem: `no ${what}s are declared`, expected: `at least one ${what}` });
    });
}

export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses `v` with `schema` inside a transform, re-emitting its issues under `prefix`. */
export function nested<T>(ctx: Ctx, schema: z.ZodType<T>, v: unknown, prefix: PathSegment[] = []): T {
  const r = schema.safeParse(v, { reportInput: true });
  if (r.success) return r.data;
  for (const iss of r.error.issues) ctx.addIssue({ ...iss, path: [...prefix, ...iss.path] } as z.core.$ZodRawIssue);
  return z.NEVER;
}

export type Variants = Record<string, z.ZodType>;
/** `{ kind: K, value: output of variant K }` for each key K of the variants. */
export type Tagged<V extends Variants> = { [K in keyof V & string]: { kind: K; value: z.output<V[K]> } }[keyof V & string];

/**
 * A single-key mapping `{ <kind>: <value> }` such as `{ exponential: { mtbf: 8760h } }` or `{ series: [...] }`,
 * or (when `scalar` is given) a non-mapping value parsed by `scalar`.
 */
export function oneOf<V extends Variants, S = never>(what: string, expected: string, variants: V, scalar?: z.ZodType<S>) {
  const kinds = Object.keys(variants);
  const oneOfKinds = `one of ${kinds.join(', ')}`;
  const schema = z.unknown().transform((v, ctx): Tagged<V> | S => {
    if (v === undefined) return fail(ctx, { missing: true, expected });
    if (!isMapping(v)) return scalar ? nested(ctx, scalar, v) : fail(ctx, { problem: `got ${describeValue(v)}`, expected });
    const keys = Object.keys(v);
    if (keys.length === 0) return fail(ctx, { problem: `empty ${what}`, expected });
    const unknown = keys.filter((k) => !Object.hasOwn(variants, k));
    for (const k of unknown) failKey(ctx, k, `unknown ${what} kind ${JSON.stringify(k)}${didYouMean(k, kinds)}`, oneOfKinds);
    if (unknown.length > 0) return z.NEVER;
    if (keys.length > 1) return failKey(ctx, keys[1], `${what} has several kinds (${keys.join(', ')})`, `exactly ${oneOfKinds}`);
    return { kind: keys[0], value: nested(ctx, variants[keys[0]], v[keys[0]], [keys[0]]) } as Tagged<V>;
  });
  // JSON Schema: a single-key mapping per kind (its value described by `variantJson`), or the scalar form.
  return jsonHint(schema, () => ({
    description: expected,
    anyOf: [
      ...kinds.map((k) => ({ type: 'object', properties: { [k]: variantJson(variants[k]) }, required: [k], additionalProperties: false })),
      ...(scalar ? [variantJson(scalar)] : []),
    ],
  }));
}

/** Set by src/scenario/json-schema.ts while it runs: the JSON Schema of a nested zod schema (`{}` when unset). */
let variantJson: (schema: z.ZodType) => Record<string, unknown> = () => ({});
/** Installs the converter `oneOf` uses for its variants (see `variantJson`). */
export function setVariantJson(convert: (schema: z.ZodType) => Record<string, unknown>): void {
  variantJson = convert;
}

/** Turns a zod issue (with the kit's encoded info) into SchemaIssues with a path and where to point. */
export function toSchemaIssues(iss: z.core.$ZodIssue): SchemaIssue[] {
  const path = iss.path.filter((p): p is PathSegment => typeof p !== 'symbol');
  const info: Info | undefined =
    iss.code === 'custom' && typeof iss.params?.expected === 'string'
      ? (iss.params as unknown as Info)
      : iss.message.startsWith(MARK)
        ? (JSON.parse(iss.message.slice(MARK.length)) as Info)
        : undefined;
  if (!info) return [{ path, problem: iss.message, expected: 'a valid value', at: 'value' }];
  if (info.unknownKeys) {
    const known = info.knownKeys ?? [];
    return info.unknownKeys.map((key) => ({
      path: [...path, key],
      problem: `unknown key ${JSON.stringify(key)}${didYouMean(key, known)}`,
      expected: `one of ${known.join(', ')}`,
      at: 'key' as const,
    }));
  }
  if (info.missing) {
    const last = path[path.length - 1];
    const problem =
      path.length === 0 ? 'the document is empty' : typeof last === 'number' ? `item ${last} is missing` : `missing required key "${last}"`;
    return [{ path, problem, expected: info.expected, at: 'parent' }];
  }
  return [{ path, problem: info.problem ?? 'invalid value', expected: info.expected, at: info.atKey ? 'key' : 'value' }];
}
