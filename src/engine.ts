/**
 * The CLI's per-file engine: parse, extract facts once, run every enabled check, apply
 * suppression comments. The ESLint front-end runs the same checks through src/eslint/report.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { extractFileFacts } from './analyzers/index.js';
import { defaultVisitorKeys, isScriptFile, parseScript } from './core/ast.js';
import { adapterFor } from './dialects/index.js';
import { formatMessage, type Finding } from './core/check.js';
import type { TextEdit } from './core/edits.js';
import { commentLike, DIRECTIVE_WORDS, PLUGIN_PREFIX, Suppressions, type CommentLike } from './core/suppressions.js';
import { fatalResult, makeResult, type LintMessage, type LintResult, type NumericSeverity } from './results.js';
import { ruleModules } from './rules/index.js';
import type { FileFacts } from './model/facts.js';
import type { ProjectModel } from './project/project.js';

/** Enabled rules by bare id. */
export type EnabledRules = ReadonlyMap<string, NumericSeverity>;

/** A file parsed and reduced to facts: all the second phase needs (the AST is not kept). */
export interface PreparedFile {
  filePath: string;
  text: string;
  facts: FileFacts;
  /** The suppression comments (read again for each check, and kept by the cache). */
  directives: CommentLike[];
}

/**
 * Phase one for any file: scripts through the parser, templates and configurations through
 * their dialect's adapter. `undefined` for a file that is not one of any dialect's documents.
 */
export function prepareFile(filePath: string, text: string): PreparedFile | LintResult | undefined {
  const adapter = isScriptFile(filePath) ? undefined : adapterFor(filePath);
  if (!adapter) return prepareScript(filePath, text);
  const outcome = adapter.read(filePath, text);
  if (outcome.kind === 'skip') return undefined;
  if (outcome.kind === 'fatal') return fatalResult(filePath, outcome.message, outcome.line, outcome.column);
  return fromFacts(filePath, text, outcome.facts, outcome.directives);
}

/** Phase one: parse and extract. A file that does not parse becomes its fatal result. */
export function prepareScript(filePath: string, text: string): PreparedFile | LintResult {
  // Comments are only read for suppressions, and collecting them costs a second scan of the file:
  // a file that has no directive text is parsed without them.
  const parsed = parseScript(text, filePath, { comments: DIRECTIVE_WORDS.test(text) });
  if (!parsed.ok) return fatalResult(filePath, `Parsing error: ${parsed.message}`, parsed.line, parsed.column);
  const { ast } = parsed;
  const facts = extractFileFacts(ast, text, filePath, defaultVisitorKeys());
  const directives = (ast.comments ?? []).filter((c) => DIRECTIVE_WORDS.test(c.value)).map(commentLike);
  return fromFacts(filePath, text, facts, directives);
}

/** A prepared file from facts and suppression comments (parsed now, or from the cache). */
export function fromFacts(filePath: string, text: string, facts: FileFacts, directives: CommentLike[]): PreparedFile {
  return { filePath, text, facts, directives };
}

export function isPrepared(x: PreparedFile | LintResult): x is PreparedFile {
  return 'facts' in x;
}

/** Options of the rules that take some, by bare id (rules not in it use their defaults). */
export type RuleOptions = ReadonlyMap<string, readonly unknown[]>;

/** Phase two: run every enabled check on one file, with the project when there is one. */
export function checkFile(file: PreparedFile, enabled: EnabledRules, project?: ProjectModel, options?: RuleOptions, unusedDirectives: NumericSeverity | 0 = 0): LintResult {
  const { filePath, text } = file;
  // The project's reading of the file when it differs from the file's own: a Terraform module
  // read as the instances its callers make of it.
  const facts = project?.files.get(filePath) ?? file.facts;
  // Fresh for each check: which directives suppressed something is this run's.
  const suppressions = new Suppressions(file.directives, { includeEslintDirectives: true });
  const messages: LintMessage[] = [];
  const suppressed: LintMessage[] = [];
  // A template synthesised or packaged from a source the project holds: its findings are the source's.
  if (project?.copyOf(filePath) !== undefined) return makeResult(filePath, messages, suppressed);
  for (const [id, severity] of enabled) {
    const module = ruleModules[id];
    if (!module) continue;
    const reported = new Set<string>();
    for (const finding of module.check({ filePath, facts, project, options: options?.get(id) })) {
      const message = toMessage(id, severity, finding, module.default.meta.messages, text);
      // Instances of one module may find the same thing at the same place: once.
      const identity = `${message.line}:${message.column}:${message.message}`;
      if (reported.has(identity)) continue;
      reported.add(identity);
      (suppressions.isSuppressed(id, finding.span.loc.start.line, finding.span.loc.start.column + 1) ? suppressed : messages).push(message);
    }
  }
  if (project) for (const m of downloadedModuleMessages(filePath, text, enabled, project, options)) (suppressions.isSuppressed(m.id, m.message.line, m.message.column) ? suppressed : messages).push(m.message);
  if (unusedDirectives !== 0) messages.push(...unusedDirectiveMessages(suppressions, unusedDirectives));
  return makeResult(filePath, messages, suppressed);
}

/**
 * What the checks find in the modules `terraform init` downloaded for this file's module blocks:
 * reported on the block (the copy under `.terraform/` is not the user's to edit; the block's
 * arguments are), saying where in the copy. No suggestions: they would edit the copy.
 */
function downloadedModuleMessages(filePath: string, text: string, enabled: EnabledRules, project: ProjectModel, options?: RuleOptions): { id: string; message: LintMessage }[] {
  const out: { id: string; message: LintMessage }[] = [];
  const files = project.downloadedFilesCalledFrom(filePath);
  if (files.length === 0) return out;
  const lines = text.split('\n');
  const seen = new Set<string>();
  for (const other of files) {
    const call = project.downloadedCallOf(other);
    const facts = project.files.get(other);
    if (!call || !facts) continue;
    const where = path.relative(path.dirname(filePath), other).split(path.sep).join('/');
    let copy: string[] | undefined;
    for (const [id, severity] of enabled) {
      const module = ruleModules[id];
      if (!module) continue;
      for (const finding of module.check({ filePath: other, facts, project, options: options?.get(id) })) {
        copy ??= readLines(other);
        const line = argumentLine(lines, call.line, copy[finding.span.loc.start.line - 1]) ?? call.line;
        const lineText = (lines[line - 1] ?? '').replace(/\r$/u, '');
        // The message as the finding makes it in the copy, placed on the block and without suggestions.
        const inCopy = toMessage(id, severity, { ...finding, suggestions: undefined }, module.default.meta.messages, '');
        const message: LintMessage = {
          ...inCopy,
          message: `${inCopy.message} (in ${call.module}, downloaded by terraform init: ${where}:${finding.span.loc.start.line})`,
          line,
          column: lineText.length - lineText.trimStart().length + 1,
          endLine: line,
          endColumn: lineText.length + 1,
        };
        const identity = `${id}\0${message.message}`;
        if (seen.has(identity)) continue;
        seen.add(identity);
        out.push({ id, message });
      }
    }
  }
  return out;
}

/** One file on its own, without a project (tests, and the API for single texts). */
export function analyzeScript(filePath: string, text: string, enabled: EnabledRules, options?: RuleOptions): LintResult {
  const prepared = prepareFile(filePath, text);
  if (prepared === undefined) return makeResult(filePath, [], []);
  return isPrepared(prepared) ? checkFile(prepared, enabled, undefined, options) : prepared;
}

function toMessage(
  id: string,
  severity: NumericSeverity,
  finding: Finding,
  templates: Readonly<Record<string, string>>,
  text: string,
): LintMessage {
  const { start, end } = finding.span.loc;
  const message: LintMessage = {
    ruleId: `${PLUGIN_PREFIX}${id}`,
    severity,
    message: formatMessage(templates[finding.messageId] ?? finding.messageId, finding.data),
    line: start.line,
    column: start.column + 1,
    endLine: end.line,
    endColumn: end.column + 1,
    messageId: finding.messageId,
  };
  if (finding.suggestions && finding.suggestions.length > 0) {
    message.suggestions = finding.suggestions.map((s) => ({
      desc: formatMessage(templates[s.messageId] ?? s.messageId, s.data),
      messageId: s.messageId,
      fix: mergeEdits(s.edits, text),
    }));
  }
  return message;
}

/** ESLint represents a suggestion's fix as one replacement; several edits become one spanning them. */
function mergeEdits(edits: TextEdit[], text: string): { range: [number, number]; text: string } {
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0]);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return { range: [0, 0], text: '' };
  let out = '';
  let cursor = first.range[0];
  for (const edit of sorted) {
    out += text.slice(cursor, edit.range[0]) + edit.text;
    cursor = edit.range[1];
  }
  return { range: [first.range[0], last.range[1]], text: out };
}

function readLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n');
  } catch {
    return [];
  }
}

/**
 * The line of the module block (starting at `blockLine`) that sets the one variable the copy's
 * line reads (`visibility_timeout_seconds = var.visibility_timeout_seconds` → the block's
 * `visibility_timeout_seconds = …`): where the user changes what was found.
 */
function argumentLine(lines: readonly string[], blockLine: number, copyLine: string | undefined): number | undefined {
  const names = new Set([...(copyLine ?? '').matchAll(/\bvar\.([A-Za-z_][\w-]*)/gu)].map((m) => m[1] as string));
  const [name] = names;
  if (names.size !== 1 || name === undefined) return undefined;
  const setting = new RegExp(`^\\s*${name.replace(/-/gu, '\\-')}\\s*=`, 'u');
  for (let i = blockLine; i < lines.length && i < blockLine + 500; i++) {
    const text = lines[i] ?? '';
    if (/^\}/u.test(text)) return undefined;
    if (setting.test(text)) return i + 1;
  }
  return undefined;
}

/** `--report-unused-disable-directives`: a directive (or a rule it lists) that suppressed nothing, in ESLint's words. */
function unusedDirectiveMessages(suppressions: Suppressions, severity: NumericSeverity): LintMessage[] {
  return suppressions
    .unused()
    .map(({ directive, ruleId }) => ({
      ruleId: null,
      severity,
      message: `Unused ${directive.tool}-disable directive (no problems were reported${ruleId === undefined ? '' : ` from '${PLUGIN_PREFIX}${ruleId}'`}).`,
      line: directive.line,
      column: directive.column,
    }))
    .sort((a, b) => a.line - b.line || a.column - b.column);
}
