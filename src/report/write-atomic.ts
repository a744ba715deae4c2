import { accessSync, constants, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../scenario/errors.js';

/** Temporary files and staging directories of this process, removed on SIGINT/SIGTERM (see removeTemporaries). */
const temporaries = new Set<string>();

/** A report set being staged: files written under `dir` go to `staging` until `commitReportSet`. */
interface ReportSet {
  dir: string;
  staging: string;
  files: string[];
}
let activeSet: ReportSet | null = null;

/** Explains an fs error on an output path as bad input (exit 2): an unusable --out. */
function outputError(path: string, err: NodeJS.ErrnoException): InputError {
  const why: Record<string, string> = {
    ENOTDIR: 'a path component is a file, not a directory',
    EEXIST: 'a file is in the way of the directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EISDIR: 'it is a directory',
  };
  return new InputError(`cannot write ${path}: ${why[err.code ?? ''] ?? err.message}; give --out a writable directory`);
}

/** Creates `dir` (and parents). @throws InputError when it cannot be a directory (a file, /dev/null, no permission). */
export function ensureOutputDir(dir: string): void {
  try {
    makeDirs(resolve(dir));
  } catch (err) {
    throw outputError(dir, err as NodeJS.ErrnoException);
  }
  if (!statSync(dir).isDirectory()) throw new InputError(`cannot write into ${dir}: it is a file, not a directory; give --out a writable directory`);
  try {
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw outputError(dir, err as NodeJS.ErrnoException);
  }
}

/**
 * mkdir -p, one level at a time from the deepest existing ancestor. (Node's `mkdirSync(..., { recursive: true })`
 * loops forever under /proc, where mkdir fails with ENOENT although the parent exists.)
 */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  let d = dir;
  for (;;) {
    try {
      statSync(d);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      missing.push(d);
      const parent = dirname(d);
      if (parent === d) break;
      d = parent;
    }
  }
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/**
 * Writes a file atomically: the content goes to a temporary file in the same directory, which is then
 * renamed over the target, so a reader never sees a half-written report and a crash loses nothing that
 * was there before. Creates the directory if needed. Inside `writeReportSet` for an enclosing directory,
 * the file is staged instead and appears with the rest of the set.
 * @throws InputError when the directory cannot be created or written (exit 2), else the underlying fs error.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  if (activeSet) {
    const rel = relative(activeSet.dir, resolve(path));
    if (rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep)) {
      const staged = join(activeSet.staging, rel);
      makeDirs(dirname(staged));
      writeFileSync(staged, content);
      activeSet.files.push(rel);
      return;
    }
  }
  const dir = dirname(path);
  ensureOutputDir(dir);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  temporaries.add(tmp);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    throw code && ['EACCES', 'EPERM', 'EROFS', 'EISDIR', 'ENOTDIR', 'ENOSPC'].includes(code) ? outputError(path, err as NodeJS.ErrnoException) : err;
  } finally {
    temporaries.delete(tmp);
  }
}

/**
 * Writes a set of files under `dir` as a unit: every `writeFileAtomic` below `dir` made by `write` goes to a
 * staging directory `<dir>/.faultline-staging-<pid>`; only when `write` has finished are the files renamed into
 * place, one rename each (no file of the new set appears before all are complete, so a kill while rendering
 * leaves the previous set untouched). On failure or interruption the staging directory is removed.
 */
export async function writeReportSet<T>(dir: string, write: () => Promise<T> | T): Promise<T> {
  ensureOutputDir(dir);
  const set: ReportSet = { dir: resolve(dir), staging: join(resolve(dir), `.faultline-staging-${process.pid}`), files: [] };
  const outer = activeSet;
  temporaries.add(set.staging);
  activeSet = set;
  try {
    rmSync(set.staging, { recursive: true, force: true });
    const result = await write();
    activeSet = outer;
    for (const rel of set.files) {
      const target = join(set.dir, rel);
      makeDirs(dirname(target));
      renameSync(join(set.staging, rel), target);
    }
    return result;
  } finally {
    activeSet = outer;
    rmSync(set.staging, { recursive: true, force: true });
    temporaries.delete(set.staging);
  }
}

/** Removes this process's temporary files and staging directories (signal handlers call it before exiting). */
export function removeTemporaries(): void {
  for (const p of temporaries) rmSync(p, { recursive: true, force: true });
  temporaries.clear();
}
