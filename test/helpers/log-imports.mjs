// Preloaded with `node --import` by test/startup.test.ts: appends the URL of every module the process
// loads (ES modules through a resolve hook, CommonJS through Module._load) to $FAULTLINE_IMPORT_LOG.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const log = process.env.FAULTLINE_IMPORT_LOG;
if (log) {
  register(
    'data:text/javascript,' +
      encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, r.url + '\\n');
  return r;
}`),
  );
  const Module = createRequire(import.meta.url)('node:module');
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    appendFileSync(log, `cjs:${request}\n`);
    return load.call(this, request, parent, isMain);
  };
}
