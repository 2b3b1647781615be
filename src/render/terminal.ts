/**
 * The ONE place that makes untrusted text safe for a terminal (the CLI and the local shell print
 * questions, deadline titles and answers that people typed in Slack). A terminal obeys control
 * characters: ESC and CSI start sequences that set the window title, clear the screen, move the
 * cursor or fake coloured text, BEL rings, and bidi overrides and isolates reverse the rest of the
 * line. Each of them is shown as a visible escape instead (ESC → `\x1b`, U+202E → `\u202e`);
 * everything else, emoji and every script included, is printed as it is.
 *
 * Escaped: C0 controls (U+0000–U+001F, newline and tab too: a line of user text stays one line),
 * DEL and the C1 controls (U+007F–U+009F), the line and paragraph separators (U+2028, U+2029), and
 * the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
 */

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** One line of text with every control character shown as an escape (see above). */
export function inert(line: string): string {
  return line.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Lines joined with newlines, each made inert: the layout's line breaks are the only ones printed. */
export function inertLines(lines: readonly string[]): string {
  return lines.map(inert).join('\n');
}
