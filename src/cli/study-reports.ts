/**
 * Reports of a capacity plan (plan.json) and of a rare-event study (rare.json), written by `faultline plan`
 * and `faultline rare --out` and re-rendered byte for byte by `faultline report`: plan.md + plan.html (with
 * the cost vs availability frontier chart) and frontier.svg/.png + frontier.vl.json on request; rare.md +
 * rare.html.
 */
import { join } from 'node:path';
import type { PlanDocument } from '../plan/document.js';
import { renderPlanMarkdown } from '../plan/markdown.js';
import { renderRareMarkdown } from '../rare/markdown.js';
import type { RareDocument } from '../rare/rare-run.js';
import { renderMarkdownPage } from '../report/markdown-page.js';
import { writeFileAtomic } from '../report/write-atomic.js';

/** Formats of a plan's reports: `svg`/`png` are the frontier chart as an image. */
export type StudyFormat = 'html' | 'md' | 'svg' | 'png';

/** Writes a plan's reports into `outDir`; returns the paths written. */
export async function writePlanReports(doc: PlanDocument, outDir: string, formats: readonly StudyFormat[]): Promise<string[]> {
  const written: string[] = [];
  const { frontierChartSpec } = await import('../plan/frontier-chart.js');
  const spec = frontierChartSpec(doc);
  const write = (name: string, content: string | Buffer) => {
    writeFileAtomic(join(outDir, name), content);
    written.push(join(outDir, name));
  };
  if (formats.includes('svg') || formats.includes('png')) {
    const { renderSvg, renderPng } = await import('../report/render-chart.js');
    write('frontier.vl.json', JSON.stringify(spec, null, 2) + '\n');
    if (formats.includes('svg')) write('frontier.svg', await renderSvg(spec));
    if (formats.includes('png')) write('frontier.png', await renderPng(spec, { scale: 2 }));
  }
  const md = renderPlanMarkdown(doc);
  if (formats.includes('md')) write('plan.md', md);
  if (formats.includes('html')) {
    const chart = { id: 'frontier', kind: 'frontier' as const, title: `Cost vs availability: ${doc.scenario.name}`, spec };
    write('plan.html', renderMarkdownPage(`faultline plan: ${doc.scenario.name}`, md, [chart], { frontier: 'Cost vs availability frontier' }));
  }
  return written;
}

/** Writes a rare-event study's reports (rare.md, rare.html) into `outDir`; returns the paths written. */
export function writeRareReports(doc: RareDocument, outDir: string, formats: readonly StudyFormat[]): string[] {
  const written: string[] = [];
  const md = renderRareMarkdown(doc);
  if (formats.includes('md')) {
    writeFileAtomic(join(outDir, 'rare.md'), md);
    written.push(join(outDir, 'rare.md'));
  }
  if (formats.includes('html')) {
    writeFileAtomic(join(outDir, 'rare.html'), renderMarkdownPage(`faultline rare: ${doc.scenario.name}`, md));
    written.push(join(outDir, 'rare.html'));
  }
  return written;
}
