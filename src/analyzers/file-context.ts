/**
 * One pass over a file's AST that every fact extractor shares: it links parents, builds the
 * symbol table and indexes the node kinds that extractors look for.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { traverse, type Program, type VisitorKeys } from '../core/ast.js';
import { collectSymbols, SymbolTable } from '../core/symbols.js';

export interface FileContext {
  filePath: string;
  text: string;
  ast: Program;
  symbols: SymbolTable;
  newExpressions: TSESTree.NewExpression[];
  callExpressions: TSESTree.CallExpression[];
}

export function buildFileContext(ast: Program, text: string, filePath: string, keys: VisitorKeys): FileContext {
  const symbols = new SymbolTable();
  const newExpressions: TSESTree.NewExpression[] = [];
  const callExpressions: TSESTree.CallExpression[] = [];
  traverse(ast, keys, (node) => {
    collectSymbols(symbols, node);
    if (node.type === 'NewExpression') newExpressions.push(node);
    else if (node.type === 'CallExpression') callExpressions.push(node);
  });
  return { filePath, text, ast, symbols, newExpressions, callExpressions };
}
