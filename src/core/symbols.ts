/**
 * A file's symbol table, built in one pass: which names are imported from which module, and which
 * names are bound exactly once to a `const` initialiser. Deliberately simple: a name declared more
 * than once anywhere in the file (shadowing) resolves to nothing, so a value is only ever followed
 * when there is no doubt which declaration it refers to.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { memberName, propertyKeyName, unwrap, type Node } from './ast.js';

/** Where a local name comes from: a module, and the export path inside it (`[]` = the module object). */
export interface ImportedSymbol {
  module: string;
  path: string[];
}

interface Binding {
  count: number;
  constInit: Node | undefined;
  imported: ImportedSymbol | undefined;
}

export class SymbolTable {
  private readonly bindings = new Map<string, Binding>();

  /** Records one declaration of `name`. */
  declare(name: string, info: { constInit?: Node; imported?: ImportedSymbol } = {}): void {
    const existing = this.bindings.get(name);
    if (existing) {
      existing.count++;
      existing.constInit = undefined;
      existing.imported = undefined;
      return;
    }
    this.bindings.set(name, { count: 1, constInit: info.constInit, imported: info.imported });
  }

  /** The initialiser of a `const` declared exactly once in the file. */
  constInitializer(name: string): Node | undefined {
    const b = this.bindings.get(name);
    return b && b.count === 1 ? b.constInit : undefined;
  }

  importedAs(name: string): ImportedSymbol | undefined {
    const b = this.bindings.get(name);
    return b && b.count === 1 ? b.imported : undefined;
  }

  isDeclared(name: string): boolean {
    return this.bindings.has(name);
  }

  /**
   * Resolves an expression such as `SqsEventSource`, `sources.SqsEventSource` or
   * `cdk.aws_lambda_event_sources.SqsEventSource` to the module export it names.
   */
  resolveImport(expression: Node, depth = 0): ImportedSymbol | undefined {
    if (depth > 16) return undefined;
    const node = unwrap(expression);
    if (node.type === 'Identifier') {
      const direct = this.importedAs(node.name);
      if (direct) return direct;
      const init = this.constInitializer(node.name);
      return init ? this.resolveImport(init, depth + 1) : undefined;
    }
    if (node.type === 'MemberExpression') {
      const name = memberName(node);
      if (name === undefined) return undefined;
      const base = this.resolveImport(node.object, depth + 1);
      return base ? { module: base.module, path: [...base.path, name] } : undefined;
    }
    if (node.type === 'CallExpression') {
      const source = requireSource(node);
      return source === undefined ? undefined : { module: source, path: [] };
    }
    return undefined;
  }
}

/** `require('x')` → `'x'`. */
export function requireSource(node: TSESTree.CallExpression): string | undefined {
  if (node.callee.type !== 'Identifier' || node.callee.name !== 'require') return undefined;
  const arg = node.arguments[0];
  if (node.arguments.length !== 1 || !arg || arg.type !== 'Literal' || typeof arg.value !== 'string') return undefined;
  return arg.value;
}

/** Declares every name a binding pattern introduces; for `const` with a simple identifier, keeps the initialiser. */
export function declarePattern(
  table: SymbolTable,
  pattern: Node,
  init: Node | undefined,
  isConst: boolean,
): void {
  switch (pattern.type) {
    case 'Identifier':
      table.declare(pattern.name, isConst && init ? { constInit: init } : {});
      return;
    case 'ObjectPattern': {
      // `const { A, B: C } = require('m')` or `= ns` (a namespace import): each name is an import.
      const base = init ? table.resolveImport(init) : undefined;
      for (const prop of pattern.properties) {
        if (prop.type === 'RestElement') {
          declarePattern(table, prop.argument, undefined, false);
          continue;
        }
        const key = propertyKeyName(prop);
        const target = prop.value.type === 'AssignmentPattern' ? prop.value.left : prop.value;
        if (base && key !== undefined && target.type === 'Identifier' && prop.value.type !== 'AssignmentPattern') {
          table.declare(target.name, { imported: { module: base.module, path: [...base.path, key] } });
        } else {
          declarePattern(table, target, undefined, false);
        }
      }
      return;
    }
    case 'ArrayPattern':
      for (const el of pattern.elements) if (el) declarePattern(table, el, undefined, false);
      return;
    case 'RestElement':
      declarePattern(table, pattern.argument, undefined, false);
      return;
    case 'AssignmentPattern':
      declarePattern(table, pattern.left, undefined, false);
      return;
    default:
      return;
  }
}

/**
 * Visits one node for the symbol table. Called for every node of the file during the single
 * fact-extraction traversal.
 */
export function collectSymbols(table: SymbolTable, node: Node): void {
  switch (node.type) {
    case 'ImportDeclaration': {
      const module = node.source.value;
      for (const spec of node.specifiers) {
        if (spec.type === 'ImportSpecifier') {
          const imported = spec.imported.type === 'Identifier' ? spec.imported.name : spec.imported.value;
          table.declare(spec.local.name, { imported: { module, path: [imported] } });
        } else {
          // Namespace and default imports both stand for the module object (CDK modules are
          // CommonJS, so a default import under esModuleInterop is the namespace).
          table.declare(spec.local.name, { imported: { module, path: [] } });
        }
      }
      return;
    }
    case 'TSImportEqualsDeclaration': {
      const ref = node.moduleReference;
      if (ref.type === 'TSExternalModuleReference' && ref.expression.type === 'Literal' && typeof ref.expression.value === 'string') {
        table.declare(node.id.name, { imported: { module: ref.expression.value, path: [] } });
      } else {
        table.declare(node.id.name);
      }
      return;
    }
    case 'VariableDeclaration':
      for (const decl of node.declarations) {
        declarePattern(table, decl.id, decl.init ?? undefined, node.kind === 'const');
      }
      return;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      if (node.type !== 'ArrowFunctionExpression' && node.id) table.declare(node.id.name);
      for (const param of node.params) declarePattern(table, param, undefined, false);
      return;
    case 'ClassDeclaration':
    case 'ClassExpression':
      if (node.id) table.declare(node.id.name);
      return;
    case 'CatchClause':
      if (node.param) declarePattern(table, node.param, undefined, false);
      return;
    case 'TSEnumDeclaration':
    case 'TSModuleDeclaration':
      if (node.id.type === 'Identifier') table.declare(node.id.name);
      return;
    default:
      return;
  }
}
