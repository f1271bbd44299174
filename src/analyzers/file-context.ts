/**
 * One pass over a file's AST that every fact extractor shares: it links parents, builds the
 * symbol table and indexes the node kinds that extractors look for.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { memberName, propertyKeyName, traverse, type FunctionNode, type Node, type Program, type VisitorKeys } from '../core/ast.js';
import { collectSymbols, SymbolTable } from '../core/symbols.js';

export interface FileContext {
  filePath: string;
  /** Set when the AST was lowered from another language (a CDK app in Python). */
  language?: 'python';
  text: string;
  ast: Program;
  keys: VisitorKeys;
  symbols: SymbolTable;
  newExpressions: TSESTree.NewExpression[];
  callExpressions: TSESTree.CallExpression[];
  /** `{ itemIdentifier: … }` entries. */
  itemIdentifierProperties: TSESTree.Property[];
  /** `x.Payload` reads. */
  payloadReads: TSESTree.MemberExpression[];
  /** Declarations that destructure (`const { Payload } = …`). */
  destructuringDeclarators: TSESTree.VariableDeclarator[];
  /** Every function, in source order. */
  functions: FunctionNode[];
  /** Identifiers assigned or updated after their declaration (`x = …`, `x++`). */
  assignedIdentifiers: TSESTree.Identifier[];
}

export function buildFileContext(ast: Program, text: string, filePath: string, keys: VisitorKeys): FileContext {
  const symbols = new SymbolTable();
  const newExpressions: TSESTree.NewExpression[] = [];
  const callExpressions: TSESTree.CallExpression[] = [];
  const itemIdentifierProperties: TSESTree.Property[] = [];
  const payloadReads: TSESTree.MemberExpression[] = [];
  const destructuringDeclarators: TSESTree.VariableDeclarator[] = [];
  const functions: FunctionNode[] = [];
  const assignedIdentifiers: TSESTree.Identifier[] = [];
  // Targets of destructuring assignments and `for (x of …)` over an existing binding.
  const reassigned: TSESTree.Identifier[] = [];
  traverse(ast, keys, (node) => {
    collectSymbols(symbols, node);
    switch (node.type) {
      case 'NewExpression':
        newExpressions.push(node);
        break;
      case 'CallExpression':
        callExpressions.push(node);
        break;
      case 'Property':
        if (node.parent?.type === 'ObjectExpression' && propertyKeyName(node) === 'itemIdentifier') itemIdentifierProperties.push(node);
        break;
      case 'MemberExpression':
        if (memberName(node) === 'Payload') payloadReads.push(node);
        break;
      case 'VariableDeclarator':
        if (node.id.type === 'ObjectPattern') destructuringDeclarators.push(node);
        break;
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
      case 'FunctionDeclaration':
        functions.push(node);
        break;
      case 'AssignmentExpression':
        if (node.left.type === 'Identifier') assignedIdentifiers.push(node.left);
        else patternTargets(node.left, reassigned);
        break;
      case 'UpdateExpression':
        if (node.argument.type === 'Identifier') assignedIdentifiers.push(node.argument);
        break;
      case 'ForInStatement':
      case 'ForOfStatement':
        if (node.left.type !== 'VariableDeclaration') patternTargets(node.left, reassigned);
        break;
      default:
        break;
    }
  });
  functions.sort((a, b) => a.range[0] - b.range[0]);
  symbols.sealReassignments([...assignedIdentifiers, ...reassigned]);
  return { filePath, text, ast, keys, symbols, newExpressions, callExpressions, itemIdentifierProperties, payloadReads, destructuringDeclarators, functions, assignedIdentifiers };
}

/** The identifiers an assignment pattern writes (`[a, { b }] = …`, `({ c = 1 } = …)`). */
function patternTargets(node: Node, out: TSESTree.Identifier[]): void {
  switch (node.type) {
    case 'Identifier':
      out.push(node);
      return;
    case 'ArrayPattern':
      for (const el of node.elements) if (el) patternTargets(el, out);
      return;
    case 'ObjectPattern':
      for (const p of node.properties) patternTargets(p.type === 'RestElement' ? p.argument : p.value, out);
      return;
    case 'AssignmentPattern':
      patternTargets(node.left, out);
      return;
    case 'RestElement':
      patternTargets(node.argument, out);
      return;
    default:
      return;
  }
}
