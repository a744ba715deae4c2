#!/usr/bin/env node
// Compiles src/ to dist/ only when dist/ is missing or older than its inputs (`npm start`, `npm run bench`,
// the test setup). Inputs: every file under src/, tsconfig.json, tsconfig.build.json, package.json. The
// build itself is `tsc -b tsconfig.build.json` (incremental: dist/.tsbuildinfo), so a stale dist/ recompiles
// only what changed. A dist/ with a missing entry point is rebuilt from scratch (tsc -b alone would trust its
// .tsbuildinfo). Exit status: tsc's.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const buildInfo = join(root, 'dist', '.tsbuildinfo');
const entries = ['dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/run/worker.js'];

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs; // a deleted file changes its directory's mtime
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

if (entries.some((e) => !existsSync(join(root, e)))) rmSync(buildInfo, { force: true });
const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'].map((p) => join(root, p));
const built = existsSync(buildInfo) ? statSync(buildInfo).mtimeMs : -Infinity;
if (Math.max(...inputs.map(newestMtime)) > built) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  // tsc -b leaves .tsbuildinfo untouched when only timestamps changed: mark dist/ as checked now.
  if (r.status === 0 && existsSync(buildInfo)) utimesSync(buildInfo, new Date(), new Date());
  process.exit(r.status ?? 1);
}
