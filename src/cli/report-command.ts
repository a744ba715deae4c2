import { dirname, join } from 'node:path';
import type { ReportFormat } from './formats.js';
import { comparisonCharts, singleRunCharts, type ReportChart } from '../report/charts/index.js';
import { renderComparisonHtml } from '../report/comparison-html.js';
import { renderComparisonMarkdown } from '../report/comparison-markdown.js';
import { renderHtml } from '../report/html.js';
import { loadReportInput, ReportInputError } from '../report/load-input.js';
import { renderMarkdown } from '../report/markdown.js';
import { writeCharts, type ChartFormat } from '../report/write-charts.js';
import { writeFileAtomic, writeReportSet } from '../report/write-atomic.js';
import { EXIT_USAGE, reportError } from './errors.js';
import { say, warn } from './terminal-text.js';
import { writePlanReports, writeRareReports } from './study-reports.js';

export { parseFormatList, REPORT_FORMATS, type ReportFormat } from './formats.js';

export interface ReportCommandOptions {
  out?: string;
  format?: ReportFormat[];
  debug?: boolean;
  /** `--quiet`: do not list the files written (errors still print). */
  quiet?: boolean;
}

/**
 * Writes the reports of one result: chart images first (when asked), then Markdown (linking them) and HTML.
 * File names: `report.*` for a run, `comparison.*` for a comparison, charts in `charts/`; `plan.*` (+ the
 * frontier chart) and `rare.*` for a plan and a rare-event study (src/cli/study-reports.ts).
 * @returns the paths written.
 */
export async function writeReports(
  input: ReturnType<typeof loadReportInput>,
  outDir: string,
  formats: readonly ReportFormat[],
): Promise<string[]> {
  if (input.kind === 'plan') return writePlanReports(input.doc, outDir, formats);
  if (input.kind === 'rare') return writeRareReports(input.doc, outDir, formats);
  const written: string[] = [];
  const charts: ReportChart[] = input.kind === 'results' ? singleRunCharts(input.doc) : comparisonCharts(input.doc);
  const images = formats.filter((f): f is ChartFormat => f === 'svg' || f === 'png');
  const links = images.length ? await writeCharts(charts, outDir, images) : undefined;
  for (const l of links ?? []) for (const p of [l.svg, l.png]) if (p) written.push(join(outDir, p));
  const base = input.kind === 'results' ? 'report' : 'comparison';
  if (formats.includes('md')) {
    const md = input.kind === 'results' ? renderMarkdown(input.doc, { charts: links }) : renderComparisonMarkdown(input.doc, { charts: links });
    writeFileAtomic(join(outDir, `${base}.md`), md);
    written.push(join(outDir, `${base}.md`));
  }
  if (formats.includes('html')) {
    writeFileAtomic(join(outDir, `${base}.html`), input.kind === 'results' ? renderHtml(input.doc) : renderComparisonHtml(input.doc));
    written.push(join(outDir, `${base}.html`));
  }
  return written;
}

/**
 * `faultline report <results.json>`: re-renders reports from a results JSON (or a comparison JSON) alone,
 * into `--out` (default: the JSON's directory). Same input, same bytes as `faultline run` wrote.
 * @returns 0, or 2 for a missing/unreadable/malformed input, 1 for internal errors.
 */
export async function reportCommand(file: string, opts: ReportCommandOptions): Promise<number> {
  try {
    const input = loadReportInput(file);
    const outDir = opts.out ?? dirname(file);
    let written: string[];
    try {
      written = await writeReportSet(outDir, () => writeReports(input, outDir, opts.format ?? ['html', 'md']));
    } catch (err) {
      // The checks of loadReportInput cover the fields reports read first; a value of the wrong type deeper
      // inside (an edited file) surfaces here as a TypeError or RangeError: bad input, not an internal error.
      if (err instanceof TypeError || err instanceof RangeError) {
        throw new ReportInputError(file, `malformed ${input.kind === 'results' ? 'results' : 'comparison'} document: a field has the wrong type or value (${err.message}); expected the file as faultline wrote it`);
      }
      throw err;
    }
    if (!opts.quiet) say(`wrote ${written.join(', ')}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ReportInputError) {
      warn(`faultline report: ${err.message}\n`);
      if (opts.debug && err.stack) warn(`${err.stack}\n`);
      return EXIT_USAGE;
    }
    return reportError(err, Boolean(opts.debug));
  }
}
