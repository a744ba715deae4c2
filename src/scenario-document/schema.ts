/**
 * The schema of a whole scenario document (the YAML/JSON syntax of docs/scenario-format.md), composed from
 * the core's part (src/core/) and each registered area's part (`ModelArea.schema`, src/area.ts) in registry
 * order: top-level keys, `slo` keys and `faults` kinds. Names no area.
 *
 * Validation converts units on the way and keeps the document's shape; src/scenario-document/normalize.ts
 * turns the result into a `Scenario`. `validateDocument` reports every problem as a `SchemaIssue` naming the
 * path and which source node to point at.
 */
import * as z from 'zod';
import type { AreaSchema, SharedSchemas } from '../area.js';
import { AREAS, CORE } from '../areas.js';
import type { RawAnyFault, RawScenario, RawSlo } from '../core/schema.js';
import { describeValue } from '../scenario/duration.js';
import { didYouMean } from '../scenario/errors.js';
import { type SchemaIssue, fail, isMapping, list, nested, obj, toSchemaIssues } from '../scenario/schema-kit.js';

const parts: AreaSchema[] = [CORE, ...AREAS].flatMap((area) => (area.schema ? [area.schema()] : []));

const faultParts = parts.flatMap((p) => (p.faults ? [p.faults] : []));
const ALL_FAULT_KINDS = faultParts.flatMap((f) => [...f.kinds]);
/** A `faults` entry, dispatched on its kind to the area handling it (the core's schema when kind is absent). */
const faultEntry = z.unknown().transform((v, ctx): RawAnyFault => {
  const kind = isMapping(v) ? v.kind : undefined;
  if (typeof kind === 'string' && !ALL_FAULT_KINDS.includes(kind)) {
    return fail(ctx, { problem: `got ${describeValue(kind)}${didYouMean(kind, ALL_FAULT_KINDS)}`, expected: `one of ${ALL_FAULT_KINDS.join(', ')}` }, ['kind']);
  }
  const part = faultParts.find((f) => (f.kinds as readonly unknown[]).includes(kind)) ?? faultParts[0];
  return nested<RawAnyFault>(ctx, part.schema as z.ZodType<RawAnyFault>, v);
});

const sloShape: Record<string, z.ZodType> = Object.assign({}, ...parts.map((p) => p.slo ?? {}));
const shared: SharedSchemas = {
  faults: list(faultEntry, 'a list of faults').optional(),
  slo: obj(sloShape, `slo { ${Object.keys(sloShape).map((k) => `${k}?`).join(', ')} }`).optional(),
};

/** Inserts `added` into `shape` right after the key `after` (at the end when absent), keeping the order. */
function insertAfter(shape: Record<string, z.ZodType>, added: Record<string, z.ZodType>, after?: string): Record<string, z.ZodType> {
  const entries = Object.entries(shape);
  const at = after === undefined ? entries.length : entries.findIndex(([k]) => k === after) + 1;
  if (after !== undefined && at === 0) throw new Error(`scenario document schema: no key ${after} to place keys after`);
  return Object.fromEntries([...entries.slice(0, at), ...Object.entries(added), ...entries.slice(at)]);
}

const documentShape = parts.reduce<Record<string, z.ZodType>>((shape, p) => {
  if (!p.keys) return shape;
  const { after, shape: added } = p.keys(shared);
  return insertAfter(shape, added, after);
}, {});

/** The schema of a whole scenario document. Output: the unit-converted raw document (`RawScenario`). */
export const scenarioDocumentSchema = obj(documentShape, 'a scenario mapping with at least name, horizon and components') as unknown as z.ZodType<RawScenario>;

export type { RawScenario, RawSlo, SchemaIssue };

/**
 * Validates a parsed YAML/JSON value against the scenario schema.
 * @returns the unit-converted document, or every problem found (in no particular order).
 */
export function validateDocument(value: unknown): { ok: true; data: RawScenario } | { ok: false; issues: SchemaIssue[] } {
  const r = scenarioDocumentSchema.safeParse(value, { reportInput: true });
  return r.success ? { ok: true, data: r.data } : { ok: false, issues: r.error.issues.flatMap(toSchemaIssues) };
}
