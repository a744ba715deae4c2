/**
 * The shared path parser and setter (src/scenario/overrides.ts) used by `faultline compare` and `faultline plan`.
 */
import fc from 'fast-check';
import { LineCounter, isScalar, parseDocument, type Node } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatPath, type PathSegment } from '../src/scenario/errors.js';
import { OverrideError, parsePath, setPath, tryParsePath } from '../src/scenario/overrides.js';

/** The OverrideError thrown by `fn`. */
function overrideErrorOf(fn: () => unknown): OverrideError {
  try {
    fn();
  } catch (e) {
    if (e instanceof OverrideError) return e;
    throw e;
  }
  throw new Error('expected an OverrideError');
}

const SCENARIO = [
  'name: s', //                                         line 1
  'components:', //                                     line 2
  '  web:', //                                          line 3
  '    count: 3', //                                    line 4
  '    repair: { exponential: { mttr: 1h } }', //       line 5
  'crews: { ops: 1 }', //                               line 6
  'faults:', //                                         line 7
  '  - { crash: web, at: 1h }', //                      line 8
  '',
].join('\n');

function load() {
  const lineCounter = new LineCounter();
  const doc = parseDocument(SCENARIO, { lineCounter });
  const lineOf = (node: unknown) => lineCounter.linePos((node as Node).range![0]).line;
  return { doc, lineOf };
}

describe('parsePath', () => {
  it('parses keys, indices and quoted keys', () => {
    expect(parsePath('components.web.repair.lognormal.median')).toEqual(['components', 'web', 'repair', 'lognormal', 'median']);
    expect(parsePath('system.series[2].standby')).toEqual(['system', 'series', 2, 'standby']);
    expect(parsePath('crews["on-call.eu"]')).toEqual(['crews', 'on-call.eu']);
    expect(parsePath('components["a]b"].count')).toEqual(['components', 'a]b', 'count']);
    expect(parsePath('["odd key"].x')).toEqual(['odd key', 'x']);
  });

  it('is the inverse of formatPath for any path starting with a key', () => {
    const seg = fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]*$/), fc.nat(1000));
    fc.assert(
      fc.property(fc.string(), fc.array(seg, { maxLength: 6 }), (first, rest) => {
        const path: PathSegment[] = [first, ...rest];
        expect(parsePath(formatPath(path))).toEqual(path);
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it('rejects malformed paths with a reason', () => {
    for (const bad of ['', '  ', 'a..b', '.a', 'a.', '[0]', '[0].a', 'a[x]', 'a b', 'a[1', 'a["x]', 'a.1b']) {
      const e = overrideErrorOf(() => parsePath(bad));
      expect(e.kind).toBe('syntax');
      expect(e.problem.length).toBeGreaterThan(0);
      expect(tryParsePath(bad)).toBeNull();
    }
    expect(overrideErrorOf(() => parsePath('a..b')).problem).toBe('no key at character 3');
    expect(overrideErrorOf(() => parsePath('[0].a')).problem).toMatch(/starts with a key/);
  });
});

describe('setPath', () => {
  it('writes a plain value over a plain value in place, keeping its source range', () => {
    const { doc, lineOf } = load();
    const before = doc.getIn(['components', 'web', 'count'], true);
    setPath(doc, ['components', 'web', 'count'], 5);
    const after = doc.getIn(['components', 'web', 'count'], true);
    expect(after).toBe(before);
    expect(isScalar(after) && after.value).toBe(5);
    expect(lineOf(after)).toBe(4);
  });

  it('gives a new node the range of the node it replaces, and a new key the range of its mapping', () => {
    const { doc, lineOf } = load();
    setPath(doc, ['components', 'web', 'repair'], { lognormal: { median: '5m', p95: '1h' } });
    expect(lineOf(doc.getIn(['components', 'web', 'repair'], true))).toBe(5);
    expect(lineOf(doc.getIn(['components', 'web', 'repair', 'lognormal', 'median'], true))).toBe(5);
    setPath(doc, ['components', 'web', 'crew'], 'ops');
    const web = doc.getIn(['components', 'web'], true) as { items: { key: Node; value: Node }[] };
    const added = web.items.find((p) => isScalar(p.key) && p.key.value === 'crew')!;
    expect(lineOf(added.key)).toBe(4); // the web mapping starts on line 4
    expect(lineOf(added.value)).toBe(4);
    expect(doc.toJS().components.web).toEqual({ count: 3, repair: { lognormal: { median: '5m', p95: '1h' } }, crew: 'ops' });
  });

  it('inserts a YAML node with its own range, and a new key at the given range', () => {
    const { doc } = load();
    const lc = new LineCounter();
    const other = parseDocument('\n\nset: { fixed: 2h }\n', { lineCounter: lc });
    const value = other.get('set', true) as Node;
    setPath(doc, ['components', 'web', 'failure'], value, { keyRange: value.range! });
    const inserted = doc.getIn(['components', 'web', 'failure'], true) as Node;
    expect(inserted).not.toBe(value); // cloned
    expect(lc.linePos(inserted.range![0]).line).toBe(3); // where the value was written
    const web = doc.getIn(['components', 'web'], true) as { items: { key: Node }[] };
    expect(web.items.find((p) => isScalar(p.key) && p.key.value === 'failure')!.key.range).toEqual(value.range);
    expect(doc.toJS().components.web.failure).toEqual({ fixed: '2h' });
  });

  it('sets list items by index', () => {
    const { doc } = load();
    setPath(doc, ['faults', 0, 'at'], '2h');
    expect(doc.toJS().faults).toEqual([{ crash: 'web', at: '2h' }]);
  });

  it('refuses a missing parent, with a did-you-mean and the prefix that does not exist', () => {
    const { doc } = load();
    const e = overrideErrorOf(() => setPath(doc, ['components', 'web', 'repiar', 'exponential', 'mttr'], '2h'));
    expect([e.kind, formatPath(e.at), e.path]).toEqual(['missing', 'components.web.repiar', 'components.web.repiar.exponential.mttr']);
    expect(e.problem).toBe('no key "repiar" under components.web (did you mean "repair"?)');
    expect(e.expected).toMatch(/one of count, repair under components\.web/);
    const top = overrideErrorOf(() => setPath(doc, ['sytem', 'k_of_n', 'k'], 2));
    expect(top.problem).toBe('no key "sytem" under <document>');
    expect(top.expected).toBe('a path that starts with a top-level key of the scenario: name, components, crews, faults');
  });

  it('refuses out-of-range indices and paths through the wrong kind of node', () => {
    const { doc } = load();
    const range = overrideErrorOf(() => setPath(doc, ['faults', 1, 'at'], '1h'));
    expect([range.kind, range.problem]).toEqual(['index', 'index 1 is out of range (faults has 1 item)']);
    expect(range.expected).toBe('an index [0] .. [0] after faults');
    expect(overrideErrorOf(() => setPath(doc, ['faults', 1], {})).kind).toBe('index'); // never appends
    expect(overrideErrorOf(() => setPath(doc, ['faults', 'crash'], 'x')).problem).toBe('faults is a list, not a mapping');
    expect(overrideErrorOf(() => setPath(doc, ['crews', 0], 1)).problem).toBe('crews is a mapping, not a list');
    expect(overrideErrorOf(() => setPath(doc, ['name', 'x'], 1)).problem).toBe('name is a single value, it has no "x"');
    expect(overrideErrorOf(() => setPath(doc, ['components', 'web', '__proto__'], 1)).kind).toBe('shape');
  });

  it('allows a new key on an existing mapping but refuses new names under components and crews', () => {
    const { doc } = load();
    setPath(doc, ['horizon'], '30d');
    expect(doc.toJS().horizon).toBe('30d');
    const crew = overrideErrorOf(() => setPath(doc, ['crews', 'opz'], 2));
    expect([crew.kind, crew.element, crew.problem]).toEqual(['missing', 'crew', 'no crew "opz" (did you mean "ops"?)']);
    const comp = overrideErrorOf(() => setPath(doc, ['components', 'db'], { count: 1 }));
    expect([comp.element, formatPath(comp.at)]).toEqual(['component', 'components.db']);
    expect(comp.expected).toMatch(/^an existing component: web /);
    expect(doc.toJS().components).not.toHaveProperty('db');
    // Replacing a whole dictionary is allowed.
    setPath(doc, ['crews'], { ops: 2, dba: 1 });
    expect(doc.toJS().crews).toEqual({ ops: 2, dba: 1 });
  });

  it('names the missing element when the dictionary section itself is absent', () => {
    const doc = parseDocument('name: s\ncomponents: { web: { count: 1 } }\n');
    const e = overrideErrorOf(() => setPath(doc, ['crews', 'ops'], 2));
    expect([e.element, e.problem, formatPath(e.at)]).toEqual(['crew', 'no crew "ops"', 'crews.ops']);
    setPath(doc, ['crews'], { ops: 2 }); // adding the whole section is a new top-level key
    expect(doc.toJS().crews).toEqual({ ops: 2 });
  });
});
