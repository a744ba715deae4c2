import { join } from 'node:path';
import type { ReportChart } from './charts/common.js';
import { writeFileAtomic } from './write-atomic.js';

/** Image formats charts can be written in. */
export type ChartFormat = 'svg' | 'png';

/** A chart written to disk: paths relative to the report directory (for links in report.md). */
export interface WrittenChart {
  id: string;
  title: string;
  svg?: string;
  png?: string;
}

/**
 * Renders charts headlessly and writes them atomically as `<dir>/charts/<id>.svg` / `.png` (PNG at 2x).
 * @returns what was written, in chart order, with paths relative to `dir` (always `/`-separated).
 * @throws the rendering or fs error.
 */
export async function writeCharts(charts: readonly ReportChart[], dir: string, formats: readonly ChartFormat[]): Promise<WrittenChart[]> {
  if (formats.length === 0) return charts.map((c) => ({ id: c.id, title: c.title }));
  const { renderPng, renderSvg } = await import('./render-chart.js'); // loads Vega only when images are asked for
  const out: WrittenChart[] = [];
  for (const c of charts) {
    const w: WrittenChart = { id: c.id, title: c.title };
    if (formats.includes('svg')) {
      w.svg = `charts/${c.id}.svg`;
      writeFileAtomic(join(dir, w.svg), await renderSvg(c.spec));
    }
    if (formats.includes('png')) {
      w.png = `charts/${c.id}.png`;
      writeFileAtomic(join(dir, w.png), await renderPng(c.spec, { scale: 2 }));
    }
    out.push(w);
  }
  return out;
}
