/**
 * Suppression comments, read the same way in every front-end and every file type:
 *   lambda-lint-disable-next-line <id>[, <id>…]   (also `lambda-lint/<id>`; no id = every rule)
 *   lambda-lint-disable-line <id>
 *   eslint-disable-next-line lambda-lint/<id>      (ESLint itself handles these in the plugin)
 *   eslint-disable-line lambda-lint/<id>
 * Text after ` -- ` is a reason and ignored, as in ESLint.
 */
export const PLUGIN_PREFIX = 'lambda-lint/';

export interface CommentLike {
  /** The comment's text without its delimiters. */
  value: string;
  /** 1-based lines the comment starts and ends on. */
  startLine: number;
  endLine: number;
}

interface Directive {
  /** The line the directive applies to. */
  line: number;
  /** Rule ids without prefix, or `undefined` for every rule. */
  ruleIds: Set<string> | undefined;
}

const DIRECTIVE = /^\s*(lambda-lint|eslint)-disable-(next-line|line)(?:\s+([\s\S]*))?$/u;

export class Suppressions {
  private readonly byLine = new Map<number, Directive[]>();

  constructor(comments: Iterable<CommentLike>, options: { includeEslintDirectives: boolean }) {
    for (const comment of comments) {
      const match = DIRECTIVE.exec(comment.value);
      if (!match) continue;
      const [, tool, scope, rest] = match;
      if (tool === 'eslint' && !options.includeEslintDirectives) continue;
      // A -next-line directive must sit on one line, as ESLint requires.
      if (scope === 'next-line' && comment.startLine !== comment.endLine) continue;
      const line = scope === 'next-line' ? comment.endLine + 1 : comment.startLine;
      const listed = parseRuleList(rest ?? '');
      let ruleIds: Set<string> | undefined;
      if (listed.length === 0) {
        ruleIds = undefined;
      } else if (tool === 'eslint') {
        const ours = listed.filter((id) => id.startsWith(PLUGIN_PREFIX)).map((id) => id.slice(PLUGIN_PREFIX.length));
        if (ours.length === 0) continue;
        ruleIds = new Set(ours);
      } else {
        ruleIds = new Set(listed.map((id) => (id.startsWith(PLUGIN_PREFIX) ? id.slice(PLUGIN_PREFIX.length) : id)));
      }
      const list = this.byLine.get(line) ?? [];
      list.push({ line, ruleIds });
      this.byLine.set(line, list);
    }
  }

  isSuppressed(ruleId: string, line: number): boolean {
    const directives = this.byLine.get(line);
    return directives?.some((d) => d.ruleIds === undefined || d.ruleIds.has(ruleId)) ?? false;
  }

  get isEmpty(): boolean {
    return this.byLine.size === 0;
  }
}

function parseRuleList(text: string): string[] {
  const withoutReason = text.split(/\s--\s|\s--$/u)[0] ?? '';
  return withoutReason
    .split(/[\s,]+/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
