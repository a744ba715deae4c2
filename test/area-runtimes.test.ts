/**
 * The split of the area contract (src/area.ts `AreaRuntime`, src/area-runtimes.ts): a worker thread loads only
 * the runtime parts of the areas, and those parts are the registered areas' own, in the registry's order.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { AREA_RUNTIMES } from '../src/area-runtimes.js';
import { AREAS } from '../src/areas.js';
import { ROOT } from './helpers/cli.js';

/** Files and packages reached from `entry` by value imports/re-exports (type-only ones are erased by tsc). */
function valueImportClosure(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>([entry]);
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
    for (const st of sf.statements) {
      let spec: string | null = null;
      if (ts.isImportDeclaration(st) && !st.importClause?.isTypeOnly) spec = (st.moduleSpecifier as ts.StringLiteral).text;
      if (ts.isExportDeclaration(st) && !st.isTypeOnly && st.moduleSpecifier) spec = (st.moduleSpecifier as ts.StringLiteral).text;
      if (spec === null) continue;
      if (!spec.startsWith('.')) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
        continue;
      }
      const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
      if (!files.has(target) && existsSync(target)) {
        files.add(target);
        queue.push(target);
      }
    }
  }
  return { files: [...files].map((f) => relative(ROOT, f)).sort(), packages: [...packages].sort() };
}

describe('area runtimes', () => {
  it('lists the attaching areas of AREAS, in the same order, with the same attach functions', () => {
    const attaching = AREAS.filter((a) => a.attach);
    expect(AREA_RUNTIMES.map((r) => r.key)).toEqual(attaching.map((a) => a.key));
    AREA_RUNTIMES.forEach((r, i) => expect(r.attach).toBe(attaching[i].attach));
  });

  it('keeps schemas, results, report and CLI code out of a worker thread', () => {
    const { files, packages } = valueImportClosure(join(ROOT, 'src/run/worker.ts'));
    // The replication engine needs seedrandom (streams), the DDSketch of latency sketches and node built-ins
    // only (jstat, for the truncated normal law, is required on first use: src/engine/distributions.ts).
    expect(packages.filter((p) => !p.startsWith('node:'))).toEqual(['@datadog/sketches-js', 'seedrandom']);
    const forbidden = files.filter((f) => /^src\/(report|results|cli|scenario-document|analytic|compare|plan)\//.test(f) || /\/(area|schema|areas)\.ts$/.test(f) || f === 'src/areas.ts');
    expect(forbidden).toEqual([]);
  });
});
