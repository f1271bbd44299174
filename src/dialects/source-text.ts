/**
 * Positions and comments in the non-script files the dialect adapters read (YAML, JSON, HCL):
 * spans in the same shape as the script extractors' (1-based lines, 0-based columns), and the
 * `# lambda-lint-disable-next-line <id>` comments, so that findings and suppressions work the
 * same way in every file type.
 */
import type { Position, Span } from '../core/ast.js';
import { DIRECTIVE_WORDS, type CommentLike } from '../core/suppressions.js';

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - (this.starts[lo] as number) };
  }

  span(start: number, end: number): Span {
    return { range: [start, end], loc: { start: this.position(start), end: this.position(end) } };
  }

  /** The offset where a 1-based line starts. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))] as number;
  }

  /** The span of a line's text without its indentation and line break. */
  lineSpan(line: number): Span {
    const start = this.lineStart(line);
    const next = line < this.starts.length ? (this.starts[line] as number) - 1 : this.text.length;
    const lineText = this.text.slice(start, next).replace(/\r$/u, '');
    const indent = lineText.length - lineText.trimStart().length;
    return this.span(start + indent, start + lineText.length);
  }

  /** The range that removes whole lines `first`…`last` (for suggestions that delete a key). */
  linesRange(first: number, last: number): [number, number] {
    return [this.lineStart(first), last < this.starts.length ? this.lineStart(last + 1) : this.text.length];
  }
}

const DIRECTIVE_TEXT = /(?:^|\s)(?:#|\/\/)\s*((?:lambda-lint|eslint)-(?:disable-next-line|disable-line|disable|enable)\b.*)$/u;

/**
 * Suppression comments in a file whose comments start with `#` (YAML, HCL) or `//` (HCL): a
 * line-oriented scan, enough for directives, which must sit on one line. Line comments are all
 * these files have, so they serve for `disable`/`enable` blocks too.
 */
export function lineCommentDirectives(text: string): CommentLike[] {
  if (!DIRECTIVE_WORDS.test(text)) return [];
  const out: CommentLike[] = [];
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (!DIRECTIVE_WORDS.test(line)) continue;
    const clean = line.replace(/\r$/u, '');
    const match = DIRECTIVE_TEXT.exec(clean);
    if (match?.[1] === undefined) continue;
    // The comment starts at its `#` or `//`.
    const at = clean.indexOf(match[1]);
    const marker = Math.max(clean.lastIndexOf('#', at), clean.lastIndexOf('//', at));
    out.push({ value: ` ${match[1]}`, startLine: i + 1, endLine: i + 1, startColumn: marker + 1 });
  }
  return out;
}

/** The text without a leading byte order mark (editors and ESLint do not count it as text). */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
