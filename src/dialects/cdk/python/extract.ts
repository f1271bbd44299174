/**
 * A CDK app's Python module: lowered to ESTree (lower.ts) and read by the same CDK reader as a
 * TypeScript app, so that one catalogue of constructs serves both languages.
 */
import { defaultVisitorKeys } from '../../../core/ast.js';
import { extractLoweredCdkFacts } from '../reader.js';
import { extractExports } from '../../../analyzers/exports.js';
import { buildFileContext } from '../../../analyzers/file-context.js';
import type { PyTree } from '../../../analyzers/python/parser.js';
import type { ExportsFact, InfraFacts } from '../../../model/facts.js';
import { snakeName } from '../../../core/edits.js';
import { lowerPythonModule } from './lower.js';

export { importsCdk } from './lower.js';

export function extractPythonCdkFacts(tree: PyTree, text: string, filePath: string): { infra: InfraFacts; exports: ExportsFact } {
  const ast = lowerPythonModule(tree, text);
  const file = buildFileContext(ast, text, filePath, defaultVisitorKeys());
  file.language = 'python';
  const infra = extractLoweredCdkFacts(file);
  spellAsPython(infra);
  return { infra, exports: extractExports(ast) };
}

/** Settings named as Python spells them, and suggestions written in Python (keyword arguments, no `new`). */
function spellAsPython(infra: InfraFacts): void {
  infra.names.language = 'python';
  for (const fn of infra.functions) {
    fn.spelling = 'cdk/python';
    fn.props = { ...fn.props, language: 'python' };
  }
  for (const queue of infra.queues) {
    queue.spelling = 'cdk/python';
    queue.props = { ...queue.props, language: 'python' };
  }
  for (const m of infra.mappings) {
    m.spelling = 'cdk/python';
    m.props = { ...m.props, language: 'python' };
    const { key, value } = m.reportBatchItemFailuresSyntax;
    m.reportBatchItemFailuresSyntax = { ...m.reportBatchItemFailuresSyntax, key: snakeName(key), value: PYTHON_VALUES[value] ?? value };
  }
}

/** TypeScript values as Python writes them. */
const PYTHON_VALUES: Readonly<Record<string, string>> = { true: 'True', false: 'False', "['ReportBatchItemFailures']": '["ReportBatchItemFailures"]' };
