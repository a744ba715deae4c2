import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
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

let packed: string | null = null;

/**
 * The Vega runtime gzip-compressed (level 9) and base64-encoded, for HTML reports: about 240 KB instead of
 * 520 KB. The page inflates it with the browser's DecompressionStream('gzip') (Chromium 80, Firefox 113,
 * Safari 16.4) and evaluates it: nothing is fetched, so the report still works offline. Base64 holds no
 * `<`, so it cannot end its script element. Same bytes for the same installed vega and Node zlib.
 */
export function vegaRuntimePacked(): string {
  if (packed === null) packed = gzipSync(Buffer.from(vegaRuntime(), 'utf8'), { level: 9 }).toString('base64');
  return packed;
}
