import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Compiles src/ to dist/ before the tests when dist/ is missing or stale (scripts/ensure-built.mjs:
 * incremental tsc -b), so CLI tests run the real `faultline` binary.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/ensure-built.mjs', import.meta.url))], {
    cwd: root,
    stdio: 'inherit',
  });
}
