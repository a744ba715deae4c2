/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Serialises a value as JSON that is safe inside an HTML `<script>` element: `<`, `>`, `&`, U+2028 and U+2029
 * become `\u003c`, `\u003e`, `\u0026`, `\u2028`, `\u2029`, so no string in the data can close the script
 * (`</script>`), open a comment (`<!--`) or break a JavaScript string literal; JSON.parse gives back the
 * same value. (OWASP XSS Prevention Cheat Sheet, "HTML entity encoding"/"JSON in script" rules.)
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Escapes a path-like text (a file path, a scenario path `components.web.count`, overrides `a.b = 1; c.d = 2`)
 * and marks where a line may break: after `/`, `.`, `_`, `-`, `=` and `;` (`<wbr>`), so a narrow table
 * cell wraps it at its separators instead of every few letters.
 */
export function escapePathHtml(text: string): string {
  return escapeHtml(text).replace(/([/._=;-])(?=[^\s])/g, '$1<wbr>');
}
