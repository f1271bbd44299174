/**
 * Python modules: handler code, and the modules of CDK apps written in Python (src/dialects/cdk/python/). Parsed with
 * tree-sitter's Python grammar (src/analyzers/python/parser.ts); a module that does not parse is a
 * fatal message on it, as a script that does not parse is.
 */
import path from 'node:path';
import { DIRECTIVE_WORDS, type CommentLike } from '../core/suppressions.js';
import { extractPythonFacts } from '../analyzers/python/extract.js';
import { parsePython, type PyTree } from '../analyzers/python/parser.js';
import { extractPythonCdkFacts, importsCdk, PYTHON_CDK_MARKER } from './cdk/python/extract.js';
import type { DialectAdapter } from './adapter.js';
import type { ExportsFact } from '../model/facts.js';

export const pythonAdapter: DialectAdapter = {
  name: 'Python',
  claims: (file) => path.extname(file).toLowerCase() === '.py',
  markers: ['def ', PYTHON_CDK_MARKER],
  read(filePath, text) {
    const parsed = parsePython(text);
    if (!parsed.ok) return { kind: 'fatal', message: `Parsing error: ${parsed.message}`, line: parsed.line, column: parsed.column };
    try {
      const facts = extractPythonFacts(parsed.tree, filePath);
      reexportImports(facts.exports);
      if (importsCdk(text)) {
        // A CDK app's module: its constructs, and the names other modules of the app import.
        const cdk = extractPythonCdkFacts(parsed.tree, text, filePath);
        facts.infra = cdk.infra;
        facts.exports = { ...facts.exports, names: { ...facts.exports.names, ...cdk.exports.names } };
      }
      return { kind: 'facts', facts, directives: commentDirectives(parsed.tree, text) };
    } finally {
      // tree-sitter's trees live in WebAssembly memory: freed when done.
      parsed.tree.delete();
    }
  },
};

/**
 * A name a module imports from another (\`from .project_lambdas import Lambdas\`) is importable from
 * it, as what it is there: a re-export, so that the project follows \`from lambdas import Lambdas\`
 * through a package's \`__init__.py\` to the construct or function it names.
 */
function reexportImports(exports: ExportsFact): void {
  for (const [local, imported] of Object.entries(exports.imported ?? {})) {
    if (imported.name === undefined || imported.name === '*') continue;
    delete exports.names[local];
    exports.reexports.push({ specifier: imported.module, names: { [local]: imported.name } });
  }
}

/** Suppression comments (`# lambda-lint-disable-next-line …`): comment nodes, never text inside strings. */
function commentDirectives(tree: PyTree, text: string): CommentLike[] {
  if (!DIRECTIVE_WORDS.test(text)) return [];
  const out: CommentLike[] = [];
  for (const comment of tree.rootNode.descendantsOfType('comment')) {
    if (!comment || !DIRECTIVE_WORDS.test(comment.text)) continue;
    out.push({ value: comment.text.replace(/^#/u, ''), startLine: comment.startPosition.row + 1, endLine: comment.endPosition.row + 1, startColumn: comment.startPosition.column + 1 });
  }
  return out;
}
