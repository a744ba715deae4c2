import type { Spec } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Compiles a Vega-Lite spec to a Vega spec (vega-lite's `compile`), without the `$schema` URL: HTML reports
 * embed the compiled spec and only need the Vega runtime. (Kept apart from render-chart.ts so writing HTML
 * does not load Vega itself in Node.)
 * @throws Error when the spec is invalid.
 */
export function compileChart(vl: TopLevelSpec): Spec {
  const spec = compile(vl).spec as Spec & { $schema?: string };
  delete spec.$schema;
  return spec;
}
