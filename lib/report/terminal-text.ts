/**
 * Characters a terminal acts on instead of printing: C0 controls (newline and tab included), DEL,
 * C1 controls (U+009B is a one-character CSI), the line and paragraph separators, and the bidi
 * controls that reorder what follows them (U+202E right-to-left override, the isolates, the marks).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` safe to print on a terminal: each control character is shown as its `\uXXXX` escape, so
 * `ESC[2J` in a ticket id prints as `\u001b[2J` rather than clearing the screen, and the evidence
 * stays visible. For every string from outside Tally (AWS, approvals, tags, error messages) that
 * reaches a terminal; machine formats (JSON, CSV, ASFF) keep the data as it is.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
