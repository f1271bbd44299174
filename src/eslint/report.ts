/**
 * The ESLint front-end of a check: get the file's facts (cached), run the check, report.
 */
import path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { extractFileFacts, type TypeOracle } from '../analyzers/index.js';
import type { FileFacts } from '../model/facts.js';
import { textHash } from '../project/facts-store.js';
import type { Check, CheckInput } from '../core/check.js';
import type { ProjectModel } from '../project/project.js';
import { factsOnRecord, pluginSettings, projectFor, recordFacts, type PluginSettings } from './project-cache.js';
import { commentLike, Suppressions } from '../core/suppressions.js';

const suppressionCache = new WeakMap<TSESTree.Program, Suppressions>();

/** What every rule needs of the linted file, worked out once per file (per AST) and shared. */
interface LintedFile {
  facts: FileFacts;
  /** Hash of the text; `undefined` for text that is no file (`<text>`, stdin): no project to link. */
  hash: string | undefined;
  settings: PluginSettings;
  /** Built when a check first asks for it. */
  project?: ProjectModel | undefined;
}

const lintedFiles = new WeakMap<TSESTree.Program, LintedFile>();

function lintedFileOf(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, program: TSESTree.Program): LintedFile {
  let linted = lintedFiles.get(program);
  if (linted) return linted;
  const sourceCode = context.sourceCode;
  const filePath = context.filename;
  const types = typeOracleOf(sourceCode);
  const hash = path.isAbsolute(filePath) ? textHash(sourceCode.text) : undefined;
  const settings = pluginSettings(context.settings);
  // The project may have read this very text already (it reads infrastructure files up front),
  // or an earlier run (with the cache on): those facts serve, unless the parser has types, which
  // facts read without ESLint did not use.
  const reusable = hash !== undefined && !types;
  const recorded = reusable ? factsOnRecord(context.cwd, settings, filePath, hash) : undefined;
  const facts = recorded ?? extractFileFacts(program, sourceCode.text, filePath, sourceCode.visitorKeys, types);
  if (reusable) recordFacts(context.cwd, settings, filePath, hash, facts, recorded !== undefined);
  linted = { facts, hash, settings };
  lintedFiles.set(program, linted);
  return linted;
}

function projectOf(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, linted: LintedFile): ProjectModel | undefined {
  if (linted.hash === undefined) return undefined;
  linted.project ??= projectFor(context.cwd, linted.settings, context.filename, linted.facts, linted.hash);
  return linted.project;
}

/**
 * Type names from the TypeScript program when the parser has one (`parserOptions.projectService`
 * or `project`). Rules work without it; with it they also see types that are inferred or aliased.
 */
function typeOracleOf(sourceCode: Readonly<TSESLint.SourceCode>): TypeOracle | undefined {
  const services = sourceCode.parserServices;
  const program = services?.program;
  const map = services?.esTreeNodeToTSNodeMap;
  if (!program || !map) return undefined;
  const checker = program.getTypeChecker();
  return {
    typeNameOf(node) {
      const tsNode = map.get(node);
      if (!tsNode) return undefined;
      const type = checker.getTypeAtLocation(tsNode);
      return type.aliasSymbol?.getName() ?? type.getSymbol()?.getName();
    },
  };
}

function suppressionsOf(sourceCode: Readonly<TSESLint.SourceCode>): Suppressions {
  const ast = sourceCode.ast;
  let s = suppressionCache.get(ast);
  if (!s) {
    // ESLint applies its own eslint-disable comments; only ours need handling here.
    s = new Suppressions(
      sourceCode.getAllComments().map(commentLike),
      { includeEslintDirectives: false },
    );
    suppressionCache.set(ast, s);
  }
  return s;
}

export function reportFindings<MessageId extends string>(
  context: Readonly<TSESLint.RuleContext<MessageId, readonly unknown[]>>,
  ruleId: string,
  check: Check<MessageId>,
  options?: readonly unknown[],
): TSESLint.RuleListener {
  return {
    Program(program) {
      const sourceCode = context.sourceCode;
      const filePath = context.filename;
      const linted = lintedFileOf(context, program);
      const input: CheckInput = {
        filePath,
        facts: linted.facts,
        options,
        // The project model is built only when a check asks for it, once per file.
        get project() {
          return projectOf(context, linted);
        },
      };
      const findings = check(input);
      if (findings.length === 0) return;
      const suppressions = suppressionsOf(sourceCode);
      for (const finding of findings) {
        if (suppressions.isSuppressed(ruleId, finding.span.loc.start.line, finding.span.loc.start.column + 1)) continue;
        context.report({
          loc: finding.span.loc,
          messageId: finding.messageId,
          ...(finding.data ? { data: finding.data } : {}),
          ...(finding.suggestions && finding.suggestions.length > 0
            ? {
                suggest: finding.suggestions.map((s) => ({
                  messageId: s.messageId,
                  ...(s.data ? { data: s.data } : {}),
                  fix: (fixer: TSESLint.RuleFixer) => s.edits.map((e) => fixer.replaceTextRange(e.range, e.text)),
                })),
              }
            : {}),
        });
      }
    },
  };
}
