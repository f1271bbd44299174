/**
 * The Python parser: tree-sitter's Python grammar, compiled to WebAssembly (`tree-sitter-python`),
 * run by `web-tree-sitter` — no native build, the same on every platform. Loading the grammar is
 * asynchronous, so it happens once, when this module is first imported (a top-level `await`);
 * parsing is synchronous after that, as the rest of the pipeline is. Why this parser:
 * docs/python.md.
 *
 * Positions: tree-sitter's indices and columns here are in UTF-16 code units, as JavaScript
 * strings and the rest of lambda-lint count them.
 */
import { createRequire } from 'node:module';
import { Language, Parser, type Node as TsNode, type Tree } from 'web-tree-sitter';
import type { Span } from '../../core/ast.js';

export type PyNode = TsNode;
export type PyTree = Tree;

const require = createRequire(import.meta.url);

async function load(): Promise<Parser> {
  await Parser.init({ locateFile: () => require.resolve('web-tree-sitter/tree-sitter.wasm') });
  const language = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

const parser = await load();

export type PythonParse = { ok: true; tree: PyTree } | { ok: false; message: string; line: number; column: number };

/** Parses a module. A tree with a syntax error is a failure, at the first error (1-based line and column). */
export function parsePython(text: string): PythonParse {
  const tree = parser.parse(text);
  if (!tree) return { ok: false, message: 'the Python parser gave no tree', line: 1, column: 1 };
  if (!tree.rootNode.hasError) return { ok: true, tree };
  const bad = firstError(tree.rootNode);
  const at = bad?.startPosition ?? { row: 0, column: 0 };
  const message = bad?.isMissing ? `'${bad.type}' expected` : `invalid syntax${bad && bad.text.length > 0 && bad.text.length < 40 ? ` near \`${bad.text.split('\n')[0]}\`` : ''}`;
  tree.delete();
  return { ok: false, message, line: at.row + 1, column: at.column + 1 };
}

/** The first node (in source order) that is an error or a missing token. */
function firstError(node: PyNode): PyNode | undefined {
  if (node.isError || node.isMissing) return node;
  for (const child of node.children) {
    if (!child?.hasError && !child?.isMissing) continue;
    const found = firstError(child);
    if (found) return found;
  }
  return undefined;
}

/** A node's span in lambda-lint's form (0-based columns, 1-based lines). */
export function pySpan(node: PyNode): Span {
  return {
    range: [node.startIndex, node.endIndex],
    loc: { start: { line: node.startPosition.row + 1, column: node.startPosition.column }, end: { line: node.endPosition.row + 1, column: node.endPosition.column } },
  };
}
