import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cached: string | null = null;

/**
 * The Vega runtime for browsers (vega's own UMD build, `vega/build/vega.min.js`, BSD-3-Clause, with its d3
 * dependencies bundled), read once from node_modules so HTML reports can inline it and work offline.
 * Any `</script` or `<!--` in the source is neutralised (`<\/script`, `<\!--`) so it cannot end the inline
 * script element; the bundle has none today.
 * @throws Error when the vega package is not installed.
 */
export function vegaRuntime(): string {
  if (cached === null) {
    const entry = createRequire(import.meta.url).resolve('vega');
    const text = readFileSync(join(dirname(entry), 'vega.min.js'), 'utf8');
    cached = text.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');
  }
  return cached;
}
