/**
 * Text for the terminal: every human-readable line the CLI prints goes through `say` (stdout) or `warn`
 * (stderr), which drop control characters, so that a scenario string (a name, a component, a file name) can
 * never move the cursor, clear the screen or set the window title: C0 controls except tab and newline,
 * DEL, C1 controls (U+0080-U+009F, including the 8-bit CSI) and the Unicode bidirectional overrides
 * (U+202A-U+202E, U+2066-U+2069). Machine output (`--json`) is JSON and written as is.
 */

import { colourStatuses, colourWanted } from './colour.js';

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `text` without terminal control characters (see the module comment). */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, '');
}

/** Prints human-readable text on stdout, control characters removed. */
export function say(text: string): void {
  process.stdout.write(terminalSafe(text));
}

/** Prints human-readable text on stderr, control characters removed. */
export function warn(text: string): void {
  process.stderr.write(terminalSafe(text));
}

/** Prints a summary on stdout, control characters removed, its status words coloured when wanted (./colour.ts). */
export function sayStatuses(text: string): void {
  process.stdout.write(colourStatuses(terminalSafe(text), colourWanted(process.stdout)));
}
