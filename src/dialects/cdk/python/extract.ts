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
import { lowerPythonModule } from './lower.js';

export { importsCdk, PYTHON_CDK_MARKER } from './lower.js';

export function extractPythonCdkFacts(tree: PyTree, text: string, filePath: string): { infra: InfraFacts; exports: ExportsFact } {
  const ast = lowerPythonModule(tree, text);
  const file = buildFileContext(ast, text, filePath, defaultVisitorKeys());
  file.language = 'python';
  const infra = extractLoweredCdkFacts(file);
  return { infra, exports: extractExports(ast) };
}
