/**
 * Colour in terminal output, only where it helps and only when wanted: never when NO_COLOR is set to a
 * non-empty value (https://no-color.org), never when the stream is not a terminal (pipes, files, CI logs),
 * unless FORCE_COLOR is set to something other than "0" (FORCE_COLOR=0 turns colour off as well).
 * Colouring wraps whole words in ANSI SGR codes, which take no columns, so aligned tables stay aligned.
 */

/** Whether to colour what is written to `stream`. */
export function colourWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0';
  return Boolean(stream.isTTY);
}

const GREEN = '\u001b[32m', RED = '\u001b[31m', YELLOW = '\u001b[33m', RESET = '\u001b[39m';
// A status word stands alone, or ends a label ("IS agrees: ...", in `faultline rare`).
const WORDS: [RegExp, string][] = [
  [/(?<=\s|^)(PASS|met|agrees|better)(?=[\s:]|$)/gm, GREEN],
  [/(?<=\s|^)(FAIL|VIOLATED|differs|worse)(?=[\s:]|$)/gm, RED],
  [/\((not conclusive)\)/g, YELLOW],
];

/** Colours the status words of a summary (PASS/FAIL, met/VIOLATED, agrees/differs, better/worse) when `on`. */
export function colourStatuses(text: string, on: boolean): string {
  if (!on) return text;
  return WORDS.reduce((t, [re, code]) => t.replace(re, (m) => `${code}${m}${RESET}`), text);
}
