/**
 * The `attribution:` key (docs/attribution.md): `true` (defaults), `false` (off, as when absent), or a mapping
 * `{ max_cut_set_order?, max_cut_sets? }`.
 */
import { describeValue } from '../scenario/duration.js';
import { bad, isMapping, leaf, ok, type Parsed } from '../scenario/schema-kit.js';
import { DEFAULT_MAX_CUT_SET_ORDER, DEFAULT_MAX_CUT_SETS, HARD_MAX_CUT_SET_ORDER, HARD_MAX_CUT_SETS, type AttributionSpec } from './types.js';

/** The raw key after validation: null when off. */
export type RawAttribution = AttributionSpec | null;

const EXPECTED =
  `true, false or a mapping { max_cut_set_order?: an integer from 1 to ${HARD_MAX_CUT_SET_ORDER} (default ${DEFAULT_MAX_CUT_SET_ORDER}), ` +
  `max_cut_sets?: an integer from 1 to ${HARD_MAX_CUT_SETS.toLocaleString('en-US')} (default ${DEFAULT_MAX_CUT_SETS.toLocaleString('en-US')}) }`;

function boundedInt(v: unknown, key: string, max: number): Parsed<number> {
  if (typeof v !== 'number' || !Number.isInteger(v)) return bad(`${key}: got ${describeValue(v)}`);
  if (v < 1 || v > max) return bad(`${key}: ${v} is outside 1..${max}`);
  return ok(v);
}

function parseAttribution(v: unknown): Parsed<RawAttribution> {
  if (typeof v === 'boolean') return ok(v ? { maxCutSetOrder: DEFAULT_MAX_CUT_SET_ORDER, maxCutSets: DEFAULT_MAX_CUT_SETS } : null);
  if (!isMapping(v)) return bad(`got ${describeValue(v)}`);
  const unknown = Object.keys(v).filter((k) => k !== 'max_cut_set_order' && k !== 'max_cut_sets');
  if (unknown.length) return bad(`unknown key ${JSON.stringify(unknown[0])}`);
  const order = v.max_cut_set_order === undefined ? ok(DEFAULT_MAX_CUT_SET_ORDER) : boundedInt(v.max_cut_set_order, 'max_cut_set_order', HARD_MAX_CUT_SET_ORDER);
  if (!order.ok) return order;
  const sets = v.max_cut_sets === undefined ? ok(DEFAULT_MAX_CUT_SETS) : boundedInt(v.max_cut_sets, 'max_cut_sets', HARD_MAX_CUT_SETS);
  if (!sets.ok) return sets;
  return ok({ maxCutSetOrder: order.value, maxCutSets: sets.value });
}

/** The schema of the `attribution:` value. */
export const attributionSchema = () =>
  leaf(EXPECTED, parseAttribution, {
    anyOf: [
      { type: 'boolean' },
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          max_cut_set_order: { type: 'integer', minimum: 1, maximum: HARD_MAX_CUT_SET_ORDER },
          max_cut_sets: { type: 'integer', minimum: 1, maximum: HARD_MAX_CUT_SETS },
        },
      },
    ],
  });
