/**
 * `faultline init [template] [--out file]`: writes a commented starter scenario (src/cli/init-templates.ts)
 * to `scenario.yaml` (or --out). Refuses to overwrite an existing file (exit 2).
 */
import { existsSync } from 'node:fs';
import { writeFileAtomic } from '../report/write-atomic.js';
import { DEFAULT_TEMPLATE, INIT_TEMPLATES } from './init-templates.js';
import { EXIT_USAGE } from './errors.js';

/** Writes the template; returns 0, or 2 for an unknown template or an existing file. */
export function initCommand(template: string | undefined, opts: { out?: string; quiet?: boolean }): number {
  const name = template ?? DEFAULT_TEMPLATE;
  const text = Object.hasOwn(INIT_TEMPLATES, name) ? INIT_TEMPLATES[name] : undefined;
  if (text === undefined) {
    process.stderr.write(`faultline init: unknown template "${name}"; expected one of ${Object.keys(INIT_TEMPLATES).join(', ')}\n`);
    return EXIT_USAGE;
  }
  const file = opts.out ?? 'scenario.yaml';
  if (existsSync(file)) {
    process.stderr.write(`faultline init: ${file} already exists; not overwriting it (choose another file with --out)\n`);
    return EXIT_USAGE;
  }
  writeFileAtomic(file, text);
  if (!opts.quiet) process.stdout.write(`wrote ${file} (template ${name}); next: npx faultline validate ${file} && npx faultline run ${file}\n`);
  return 0;
}
