/**
 * An HTML page from one of our Markdown reports (plan.md, rare.md) plus charts: the Markdown is converted by
 * `marked` (CommonMark + GFM tables) and placed in the same self-contained page as the run reports
 * (`renderPage`: inline CSS and Vega runtime, CSP, offline). Scenario strings in our Markdown are already
 * escaped (`escapeMarkdown` turns `<` and `>` into entities), so no markup from a scenario reaches the page;
 * the CSP would block any script regardless.
 */
import { Marked } from 'marked';
import type { ReportChart } from './charts/common.js';
import { chartFigure, renderPage } from './html-page.js';

const marked = new Marked({ gfm: true, async: false });

/**
 * Renders `markdown` as a page titled `title`; each chart's figure goes right after the heading whose text
 * is `after[chart.id]` (or at the end when absent).
 */
export function renderMarkdownPage(title: string, markdown: string, charts: readonly ReportChart[] = [], after: Record<string, string> = {}): string {
  let body = (marked.parse(markdown) as string).replace(/<table>/g, '<div class="table-wrap"><table>').replace(/<\/table>/g, '</table></div>');
  const tail: string[] = [];
  for (const c of charts) {
    const heading = after[c.id];
    const figure = chartFigure(c);
    const at = heading === undefined ? -1 : body.search(new RegExp(`<h2[^>]*>${heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</h2>`));
    if (at < 0) tail.push(figure);
    else {
      const end = body.indexOf('</h2>', at) + 5;
      body = `${body.slice(0, end)}\n${figure}${body.slice(end)}`;
    }
  }
  return renderPage(title, body + tail.join('\n'), charts);
}
