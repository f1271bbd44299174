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

export type BindingKind = 'const' | 'let' | 'function' | 'import' | 'class' | 'param' | 'other';

export interface BindingInfo {
  kind: BindingKind;
  /** `const`/`let` initialiser, or the function declaration itself. */
  init?: Node | undefined;
  imported?: ImportedSymbol | undefined;
  /** For a name bound by `{ key: name }` destructuring: the key. */
  destructuredKey?: string | undefined;
}

interface Binding extends BindingInfo {
  count: number;
}

export class SymbolTable {
  private readonly bindings = new Map<string, Binding>();

  /** Records one declaration of `name`. */
  declare(name: string, info: BindingInfo = { kind: 'other' }): void {
    const existing = this.bindings.get(name);
    if (existing) {
      existing.count++;
      return;
    }
    this.bindings.set(name, { count: 1, ...info });
  }

  /** The one declaration of `name`, or nothing when it is declared more than once (or never). */
  binding(name: string): BindingInfo | undefined {
    const b = this.bindings.get(name);
    return b && b.count === 1 ? b : undefined;
  }

  /** The initialiser of a `const` (or a function declaration) declared exactly once in the file. */
  constInitializer(name: string): Node | undefined {
    const b = this.binding(name);
    return b && (b.kind === 'const' || b.kind === 'function') ? b.init : undefined;
  }

  importedAs(name: string): ImportedSymbol | undefined {
    return this.binding(name)?.imported;
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
  kind: BindingKind,
  destructuredKey?: string,
): void {
  switch (pattern.type) {
    case 'Identifier':
      table.declare(pattern.name, { kind, init, destructuredKey });
      return;
    case 'ObjectPattern': {
      // `const { A, B: C } = require('m')` or `= ns` (a namespace import): each name is an import.
      const base = init ? table.resolveImport(init) : undefined;
      for (const prop of pattern.properties) {
        if (prop.type === 'RestElement') {
          declarePattern(table, prop.argument, undefined, 'other');
          continue;
        }
        const key = propertyKeyName(prop);
        const target = prop.value.type === 'AssignmentPattern' ? prop.value.left : prop.value;
        if (base && key !== undefined && target.type === 'Identifier' && prop.value.type !== 'AssignmentPattern') {
          table.declare(target.name, { kind: 'import', imported: { module: base.module, path: [...base.path, key] } });
        } else {
          declarePattern(table, target, undefined, 'other', key);
        }
      }
      return;
    }
    case 'ArrayPattern':
      for (const el of pattern.elements) if (el) declarePattern(table, el, undefined, 'other');
      return;
    case 'RestElement':
      declarePattern(table, pattern.argument, undefined, 'other');
      return;
    case 'AssignmentPattern':
      declarePattern(table, pattern.left, undefined, 'other', destructuredKey);
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
          table.declare(spec.local.name, { kind: 'import', imported: { module, path: [imported] } });
        } else {
          // Namespace and default imports both stand for the module object (CDK modules are
          // CommonJS, so a default import under esModuleInterop is the namespace).
          table.declare(spec.local.name, { kind: 'import', imported: { module, path: [] } });
        }
      }
      return;
    }
    case 'TSImportEqualsDeclaration': {
      const ref = node.moduleReference;
      if (ref.type === 'TSExternalModuleReference' && ref.expression.type === 'Literal' && typeof ref.expression.value === 'string') {
        table.declare(node.id.name, { kind: 'import', imported: { module: ref.expression.value, path: [] } });
      } else {
        table.declare(node.id.name);
      }
      return;
    }
    case 'VariableDeclaration':
      for (const decl of node.declarations) {
        declarePattern(table, decl.id, decl.init ?? undefined, node.kind === 'const' ? 'const' : node.kind === 'let' || node.kind === 'var' ? 'let' : 'other');
      }
      return;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      if (node.type === 'FunctionDeclaration' && node.id) table.declare(node.id.name, { kind: 'function', init: node });
      else if (node.type === 'FunctionExpression' && node.id) table.declare(node.id.name);
      for (const param of node.params) declarePattern(table, param.type === 'TSParameterProperty' ? param.parameter : param, undefined, 'param');
      return;
    case 'ClassDeclaration':
    case 'ClassExpression':
      if (node.id) table.declare(node.id.name, { kind: 'class', init: node });
      return;
    case 'CatchClause':
      if (node.param) declarePattern(table, node.param, undefined, 'other');
      return;
    case 'TSEnumDeclaration':
    case 'TSModuleDeclaration':
      if (node.id.type === 'Identifier') table.declare(node.id.name);
      return;
    default:
      return;
  }
}
