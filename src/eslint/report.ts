/**
 * The ESLint front-end of a check: get the file's facts (cached), run the check, report.
 */
import path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { extractFileFacts, type TypeOracle } from '../analyzers/index.js';
import type { Check, CheckInput } from '../core/check.js';
import type { ProjectModel } from '../project/project.js';
import { projectFor } from './project-cache.js';
import { Suppressions } from '../core/suppressions.js';

const suppressionCache = new WeakMap<TSESTree.Program, Suppressions>();

/** One project model per linted file, shared by every rule that asks. */
const projectCache = new WeakMap<object, ProjectModel>();

function projectModelFor(cwd: string, filePath: string, facts: CheckInput['facts'], text: string): ProjectModel | undefined {
  if (!path.isAbsolute(filePath)) return undefined; // <text> input: no project to link
  let model = projectCache.get(facts);
  if (!model) {
    model = projectFor(cwd, filePath, facts, text);
    projectCache.set(facts, model);
  }
  return model;
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
      sourceCode.getAllComments().map((c) => ({ value: c.value, startLine: c.loc.start.line, endLine: c.loc.end.line })),
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
      const facts = extractFileFacts(program, sourceCode.text, filePath, sourceCode.visitorKeys, typeOracleOf(sourceCode));
      // The project model is built only when a check asks for it, once per file.
      let project: ProjectModel | undefined;
      const input: CheckInput = {
        filePath,
        facts,
        options,
        get project() {
          project ??= projectModelFor(context.cwd, filePath, facts, sourceCode.text);
          return project;
        },
      };
      const findings = check(input);
      if (findings.length === 0) return;
      const suppressions = suppressionsOf(sourceCode);
      for (const finding of findings) {
        if (suppressions.isSuppressed(ruleId, finding.span.loc.start.line)) continue;
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
