import { readFileSync } from 'node:fs';

let cachedVersion: string | null = null;

/** faultline's version, read once from its package.json (a tiny module: `--version` loads nothing else). */
export function toolVersion(): string {
  if (cachedVersion === null) {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    cachedVersion = pkg.version;
  }
  return cachedVersion;
}
