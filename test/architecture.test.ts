/**
 * Architecture rules of docs/architecture.md, checked on every `npm test`:
 * - no import cycle in src/ (type-only imports included), found by dpdm (a maintained dependency-graph tool);
 * - no function in src/ longer than MAX_FUNCTION_LINES lines (a longer one probably holds two concepts);
 * - the shared scenario language (src/scenario/) imports no modelling area.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

const MAX_FUNCTION_LINES = 120;
/**
 * Functions still past the limit (a ratchet: each may not grow; remove an entry once the function is split).
 * Key `file name`, value its current length in lines.
 */
const LONG_FUNCTIONS_TO_SPLIT: Record<string, number> = {
};
const SRC = join(ROOT, 'src');
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });

describe('architecture', () => {
  it('has no import cycle in src/ (dpdm)', () => {
    const dpdm = join(ROOT, 'node_modules/dpdm/lib/bin/dpdm.js');
    const out = execFileSync(process.execPath, [dpdm, '--no-warning', '--no-tree', '--no-progress', '-o', join(ROOT, 'node_modules/.cache/dpdm.json'), 'src/**/*.ts'], { cwd: ROOT, encoding: 'utf8' });
    const graph = JSON.parse(readFileSync(join(ROOT, 'node_modules/.cache/dpdm.json'), 'utf8')) as { circulars: string[][] };
    expect(graph.circulars.map((c) => c.join(' -> ')), out).toEqual([]);
  }, 120_000);

  it(`has no function longer than ${MAX_FUNCTION_LINES} lines in src/`, () => {
    const long: string[] = [];
    for (const file of walk(SRC)) {
      const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node) => {
        if (ts.isFunctionLike(node) && 'body' in node && node.body) {
          const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
          const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
          const name = (node as ts.FunctionDeclaration).name?.getText(sf) ?? '<anonymous>';
          const allowed = LONG_FUNCTIONS_TO_SPLIT[`${relative(ROOT, file)} ${name}`] ?? MAX_FUNCTION_LINES;
          if (end - start + 1 > allowed) {
            long.push(`${relative(ROOT, file)}:${start + 1} ${name} (${end - start + 1} lines)`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    expect(long).toEqual([]);
  });

  it('keeps src/scenario/ free of modelling areas (it imports only itself)', () => {
    const outside: string[] = [];
    for (const file of walk(join(SRC, 'scenario'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/from\s+'(\.\.\/[^']+)'/g)) outside.push(`${relative(ROOT, file)}: ${m[1]}`);
    }
    expect(outside).toEqual([]);
  });
});
