/**
 * Suppression comments, read the same way in every front-end and every file type, as ESLint reads
 * its own:
 *   lambda-lint-disable-next-line <id>[, <id>…]   (also `lambda-lint/<id>`; no id = every rule)
 *   lambda-lint-disable-line <id>
 *   lambda-lint-disable <id>  …  lambda-lint-enable <id>   (a block; without an enable, to the
 *                                                           end of the file: at the top, the file)
 *   eslint-disable-next-line lambda-lint/<id>, eslint-disable-line, eslint-disable, eslint-enable
 *                                                  (ESLint itself handles these in the plugin)
 * Text after ` -- ` is a reason and ignored. In scripts, `disable`/`enable` must be block comments
 * (`/* … *\/`), as ESLint requires; YAML and HCL have line comments only, which serve for both.
 */
import type { TSESTree } from '@typescript-eslint/utils';

export const PLUGIN_PREFIX = 'lambda-lint/';

export interface CommentLike {
  /** The comment's text without its delimiters. */
  value: string;
  /** 1-based lines the comment starts and ends on. */
  startLine: number;
  endLine: number;
  /** 1-based column the comment starts at (for reports and for a block that starts mid-line). */
  startColumn?: number;
  /** A script's `//` comment: not a `disable`/`enable` directive (ESLint reads those in block comments only). */
  lineComment?: boolean;
}

/** A script's comment (from the parser, or ESLint's source code) as a directive candidate. */
export function commentLike(c: TSESTree.Comment): CommentLike {
  const like: CommentLike = { value: c.value, startLine: c.loc.start.line, endLine: c.loc.end.line, startColumn: c.loc.start.column + 1 };
  if (c.type === 'Line') like.lineComment = true;
  return like;
}

type Scope = 'next-line' | 'line' | 'disable' | 'enable';

/** A directive as written, and which of its rules suppressed something. */
export interface Directive {
  tool: 'lambda-lint' | 'eslint';
  scope: Scope;
  /** Rule ids without prefix, or `undefined` for every rule. */
  ruleIds: string[] | undefined;
  line: number;
  column: number;
  /** For `line` and `next-line`: the line it applies to. */
  target: number;
  /** Rule ids (or `*` for every rule) that suppressed a finding. */
  used: Set<string>;
}

/** Words that can start a directive: files without any are not scanned for comments. */
export const DIRECTIVE_WORDS = /(?:lambda-lint|eslint)-(?:disable|enable)/u;

const DIRECTIVE = /^\s*(lambda-lint|eslint)-(disable-next-line|disable-line|disable|enable)(?:\s+([\s\S]*))?$/u;

export class Suppressions {
  readonly directives: Directive[] = [];
  private readonly byLine = new Map<number, Directive[]>();
  /** `disable` / `enable` directives, in the order they are written. */
  private readonly blocks: Directive[] = [];

  constructor(comments: Iterable<CommentLike>, options: { includeEslintDirectives: boolean }) {
    for (const comment of comments) {
      const match = DIRECTIVE.exec(comment.value);
      if (!match) continue;
      const tool = match[1] as Directive['tool'];
      const scope = (match[2] === 'disable-next-line' ? 'next-line' : match[2] === 'disable-line' ? 'line' : match[2]) as Scope;
      if (tool === 'eslint' && !options.includeEslintDirectives) continue;
      // A -next-line directive must sit on one line; disable/enable must be block comments in scripts.
      if (scope === 'next-line' && comment.startLine !== comment.endLine) continue;
      if ((scope === 'disable' || scope === 'enable') && comment.lineComment === true) continue;
      const listed = parseRuleList(match[3] ?? '');
      let ruleIds: string[] | undefined;
      if (listed.length === 0) {
        ruleIds = undefined;
      } else if (tool === 'eslint') {
        const ours = listed.filter((id) => id.startsWith(PLUGIN_PREFIX)).map((id) => id.slice(PLUGIN_PREFIX.length));
        if (ours.length === 0) continue;
        ruleIds = ours;
      } else {
        ruleIds = listed.map((id) => (id.startsWith(PLUGIN_PREFIX) ? id.slice(PLUGIN_PREFIX.length) : id));
      }
      const target = scope === 'next-line' ? comment.endLine + 1 : comment.startLine;
      const directive: Directive = { tool, scope, ruleIds, line: comment.startLine, column: comment.startColumn ?? 1, target, used: new Set() };
      this.directives.push(directive);
      if (scope === 'disable' || scope === 'enable') {
        this.blocks.push(directive);
      } else {
        const list = this.byLine.get(target) ?? [];
        list.push(directive);
        this.byLine.set(target, list);
      }
    }
    this.blocks.sort((a, b) => a.line - b.line || a.column - b.column);
  }

  /** Whether a finding of `ruleId` at `line` (and `column`, 1-based) is suppressed; records the directive that does it. */
  isSuppressed(ruleId: string, line: number, column = 1): boolean {
    const onLine = this.byLine.get(line)?.find((d) => d.ruleIds === undefined || d.ruleIds.includes(ruleId));
    if (onLine) {
      onLine.used.add(onLine.ruleIds === undefined ? '*' : ruleId);
      return true;
    }
    const by = this.blockAt(ruleId, line, column);
    if (!by) return false;
    by.used.add(by.ruleIds === undefined ? '*' : ruleId);
    return true;
  }

  /** The `disable` directive in force for `ruleId` at a position, following ESLint's reading of `disable`/`enable` pairs. */
  private blockAt(ruleId: string, line: number, column: number): Directive | undefined {
    let all: Directive | undefined;
    const exceptions = new Set<string>();
    const single = new Map<string, Directive>();
    for (const d of this.blocks) {
      if (d.line > line || (d.line === line && d.column > column)) break;
      if (d.scope === 'disable') {
        if (d.ruleIds === undefined) {
          all = d;
          exceptions.clear();
        } else {
          for (const id of d.ruleIds) {
            exceptions.delete(id);
            single.set(id, d);
          }
        }
      } else if (d.ruleIds === undefined) {
        all = undefined;
        exceptions.clear();
        single.clear();
      } else {
        for (const id of d.ruleIds) {
          single.delete(id);
          if (all) exceptions.add(id);
        }
      }
    }
    if (single.has(ruleId)) return single.get(ruleId);
    return all && !exceptions.has(ruleId) ? all : undefined;
  }

  /** Directives (or the rules they list) that suppressed nothing, for `--report-unused-disable-directives`. */
  unused(): { directive: Directive; ruleId: string | undefined }[] {
    const out: { directive: Directive; ruleId: string | undefined }[] = [];
    for (const d of this.directives) {
      if (d.scope === 'enable') continue;
      if (d.ruleIds === undefined) {
        // A bare `eslint-disable…` is about every ESLint rule, not only ours: ESLint reports it.
        if (d.tool === 'lambda-lint' && d.used.size === 0) out.push({ directive: d, ruleId: undefined });
      } else {
        for (const id of d.ruleIds) if (!d.used.has(id)) out.push({ directive: d, ruleId: id });
      }
    }
    return out;
  }

  get isEmpty(): boolean {
    return this.directives.length === 0;
  }
}

function parseRuleList(text: string): string[] {
  const withoutReason = text.split(/\s--\s|\s--$|^--\s|^--$/u)[0] ?? '';
  return withoutReason
    .split(/[\s,]+/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
