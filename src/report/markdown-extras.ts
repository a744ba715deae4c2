import type { ResultsDocument } from '../results/document.js';
import { DISTRIBUTION_HEADERS, distributionRow } from './distribution-format.js';
import { escapeMarkdown as esc, formatPercent } from './format.js';
import type { WrittenChart } from './write-charts.js';

/** Options of the Markdown renderers. */
export interface MarkdownOptions {
  /** Charts written next to the report (`--charts png`/`svg`): linked from a "Charts" section. */
  charts?: readonly WrittenChart[];
}

/**
 * Text for a Markdown code span: backticks become `'` and line breaks spaces, so the span cannot end early
 * or run into a blank line (where raw HTML would start); inside it CommonMark shows `<`, `&`... literally.
 */
export function codeSpan(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')}\``;
}

/** `| distribution | n | mean | p50 | p90 | p99 | max |` table of every entry of `doc.distributions`. */
export function distributionsMarkdown(doc: ResultsDocument): string[] {
  const keys = Object.keys(doc.distributions ?? {}).sort();
  if (keys.length === 0) return [];
  const L = ['## Distributions', '', `| ${DISTRIBUTION_HEADERS.join(' | ')} |`, `|${DISTRIBUTION_HEADERS.map(() => '---').join('|')}|`];
  for (const k of keys) L.push(`| ${distributionRow(doc.distributions[k]).map(esc).join(' | ')} |`);
  L.push('');
  return L;
}

/**
 * One line on how the availability estimate converged: the estimate and CI half-width at (up to) four
 * checkpoints, ending with the final one.
 */
export function convergenceMarkdown(doc: ResultsDocument): string[] {
  const pts = doc.convergence ?? [];
  if (pts.length < 2) return [];
  const picks = [...new Set([0, Math.floor(pts.length / 3), Math.floor((2 * pts.length) / 3), pts.length - 1])].map((i) => pts[i]);
  const f = (p: (typeof pts)[number]) =>
    `${formatPercent(p.estimate, 4)}${p.ci95 ? ` ± ${formatPercent((p.ci95[1] - p.ci95[0]) / 2, 4)}` : ''} after ${p.replications}`;
  return [`Convergence of the availability estimate (replications): ${picks.map(f).join(' → ')}.`, ''];
}

/** "Charts" section linking the written PNG (else SVG) files. */
export function chartLinksMarkdown(charts: readonly WrittenChart[] | undefined): string[] {
  const linked = (charts ?? []).filter((c) => c.png || c.svg);
  if (linked.length === 0) return [];
  const L = ['## Charts', ''];
  for (const c of linked) {
    const path = (c.png ?? c.svg)!;
    L.push(`![${esc(c.title)}](${path})`, '');
  }
  return L;
}
