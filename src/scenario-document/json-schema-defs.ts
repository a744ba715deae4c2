/**
 * Shares repeated subschemas of a JSON Schema through `$defs` (draft 2020-12, "$defs" and "$ref", JSON Schema
 * Core sec. 8.2.4 and 8.2.3.1): every subschema (object in a schema position) whose canonical JSON text
 * occurs at least twice and is at least MIN_SHARED_CHARS long moves to `$defs/s<n>` (n by first occurrence,
 * top down in key order), and each occurrence becomes `{ "$ref": "#/$defs/s<n>" }`. Validation is unchanged (a `$ref` to an identical schema), and the text is deterministic. The scenario
 * schema repeats its law and duration fragments hundreds of times: sharing them makes it far smaller, so
 * editors load it quickly.
 */
type Json = Record<string, unknown>;

/** Subschemas shorter than this (canonical JSON characters) stay inline: a `$ref` would not save much. */
export const MIN_SHARED_CHARS = 200;

/** Keywords whose value is a schema, an array of schemas, or a map of schemas (JSON Schema 2020-12 applicators). */
const ONE = ['additionalProperties', 'items', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties'];
const MANY = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
const MAP = ['properties', 'patternProperties', 'dependentSchemas', '$defs'];

const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Calls `visit(holder, key, sub)` for every direct subschema of `schema` (holder[key] === sub). */
function eachChild(schema: Json, visit: (holder: Json | unknown[], key: string | number, sub: Json) => void): void {
  for (const k of Object.keys(schema)) {
    const v = schema[k];
    if (ONE.includes(k) && isObject(v)) visit(schema, k, v);
    else if (MANY.includes(k) && Array.isArray(v)) v.forEach((s, i) => isObject(s) && visit(v, i, s));
    else if (MAP.includes(k) && isObject(v)) for (const name of Object.keys(v)) if (isObject(v[name])) visit(v, name, v[name]);
  }
}

/**
 * The schema with its repeated subschemas in `$defs` (a new object; the input is not modified). Two passes:
 * count the canonical text of every subschema; then, top down, replace each repeated one by a `$ref` to its
 * definition (named at its first occurrence, its own content shared the same way).
 * @throws Error when the schema already has `$defs` or `$ref`s (they would need rebasing).
 */
export function shareRepeatedSubschemas(root: Json, minChars = MIN_SHARED_CHARS): Json {
  if (JSON.stringify(root).includes('"$ref"') || '$defs' in root) throw new Error('shareRepeatedSubschemas: the schema already uses $ref/$defs');
  const count = new Map<string, number>();
  const tally = (schema: Json) =>
    eachChild(schema, (_h, _k, sub) => {
      const text = JSON.stringify(sub);
      if (text.length >= minChars) count.set(text, (count.get(text) ?? 0) + 1);
      tally(sub);
    });
  tally(root);
  const defs: Json = {};
  const names = new Map<string, string>();
  const share = (schema: Json): Json => {
    const out = JSON.parse(JSON.stringify(schema)) as Json;
    eachChild(out, (holder, key, sub) => {
      const text = JSON.stringify(sub);
      const slot = holder as Record<string | number, unknown>;
      if ((count.get(text) ?? 0) < 2) {
        slot[key] = share(sub);
        return;
      }
      let name = names.get(text);
      if (name === undefined) {
        name = `s${names.size + 1}`;
        names.set(text, name);
        defs[name] = share(sub);
      }
      slot[key] = { $ref: `#/$defs/${name}` };
    });
    return out;
  };
  const body = share(root);
  return names.size > 0 ? { ...body, $defs: defs } : body;
}
