/** Renders an area's report tables (src/area.ts `ReportTable`) as Markdown or terminal text. */
import type { ReportTable } from '../area.js';
import { alignColumns, escapeMarkdown as esc } from './format.js';

/** A `## heading`, then each table (with its `### title`) and its notes as a list; every cell escaped. */
export function tablesMarkdown(heading: string, tables: readonly ReportTable[]): string[] {
  const L: string[] = [`## ${esc(heading)}`, ''];
  for (const t of tables) {
    if (t.title) L.push(`### ${esc(t.title)}`, '');
    L.push(`| ${t.headers.map(esc).join(' | ')} |`, `|${t.headers.map(() => '---|').join('')}`);
    for (const row of t.rows) L.push(`| ${row.map(esc).join(' | ')} |`);
    L.push('');
    if (t.notes.length) L.push(...t.notes.map((n) => `- ${esc(n)}`), '');
  }
  return L;
}

/** Each table as aligned columns after a blank line, its notes indented below it. */
export function tablesTerminal(tables: readonly ReportTable[]): string[] {
  return tables.flatMap((t) => ['', alignColumns([t.headers, ...t.rows]), ...t.notes.map((n) => `  ${n}`)]);
}
