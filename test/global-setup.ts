import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Compiles src/ to dist/ once before the tests, so CLI tests run the real `faultline` binary. */
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, [fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url)), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}
