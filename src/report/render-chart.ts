import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { parse, View } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { compileChart } from './compile-chart.js';

export { compileChart } from './compile-chart.js';

/**
 * Renders a Vega-Lite spec to a standalone SVG document, headlessly (a Vega View with renderer 'none',
 * then `toSVG`). Text widths are estimated (no canvas in Node).
 * @throws Error when the spec is invalid.
 */
export async function renderSvg(vl: TopLevelSpec): Promise<string> {
  const view = new View(parse(compileChart(vl)), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Font files for PNG rendering. resvg has no fonts of its own: it needs font files or the system's. Debian's
 * fonts-dejavu-core installs DejaVu Sans (the charts' first font); when it is missing, resvg scans the system
 * fonts (`loadSystemFonts`) and falls back to whatever sans-serif it finds. Without any font, text is not drawn.
 */
const DEJAVU = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'];

/**
 * Renders a Vega-Lite spec to PNG: SVG via `renderSvg`, rasterised by resvg (@resvg/resvg-js) on white.
 * @param opts.scale pixel density (2 = twice the chart's CSS size); default 2.
 * @returns the PNG bytes.
 */
export async function renderPng(vl: TopLevelSpec, opts: { scale?: number } = {}): Promise<Buffer> {
  const svg = await renderSvg(vl);
  const fontFiles = DEJAVU.filter((f) => existsSync(f));
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: opts.scale ?? 2 },
    background: 'white',
    font: {
      fontFiles,
      loadSystemFonts: fontFiles.length === 0,
      defaultFontFamily: fontFiles.length ? 'DejaVu Sans' : undefined,
      sansSerifFamily: fontFiles.length ? 'DejaVu Sans' : undefined,
    },
  });
  return resvg.render().asPng();
}
