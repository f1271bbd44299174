/**
 * Text from the file system or a file (a path, a message quoting it) made safe to print on a
 * terminal: a file may be named with a newline, an escape sequence or a bidirectional override,
 * which printed raw would forge report lines or repaint the terminal. Such characters are
 * written as escapes (`\n`, `\x1b`, `\u202e`) and everything else as it is.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => NAMED[c] ?? (c.charCodeAt(0) <= 0xff ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}

function hex(c: string, width: number): string {
  return c.charCodeAt(0).toString(16).padStart(width, '0');
}
