/**
 * A file's symbol table, built in one pass: which names are imported from which module, and which
 * are bound to a `const` initialiser, with the scope each declaration lives in. A reference
 * resolves to the declaration of the nearest enclosing scope, as JavaScript does; asked by name
 * alone, a name resolves only when it is declared once in the file. Two declarations of a name in
 * one scope resolve to nothing: a value is only followed when there is no doubt.
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
  /** `const { A } = ns` or `= require('m')`: the object destructured (resolved when looked up). */
  destructuredFrom?: Node | undefined;
}

export interface Binding extends BindingInfo {
  name: string;
  /** The node whose subtree the declaration is visible in (a block, a function, the program…). */
  scope: Node;
  /** The declaring identifier (or declaration): its position makes block-scoped keys unique. */
  declared: Node;
  /** Another declaration of the same name in the same scope: ambiguous. */
  duplicate: boolean;
  /** A `let`/`var` that is assigned again after its declaration (known once `sealReassignments` has run). */
  reassigned?: boolean;
  /** The values its plain assignments (`x = value`) give it; `null` once another write (`x += …`, `[x] = …`, `x++`) is seen. */
  assigned?: Node[] | null;
}

export class SymbolTable {
  /** Each name's declarations, by the scope they are in (minified code declares `e` thousands of times: lookups must not scan them). */
  private readonly bindings = new Map<string, Map<Node, Binding>>();

  /**
   * While a function's body is read for one of its calls: the expression the call gives each
   * parameter (or its default), which reads of the parameter then stand for, like a constant's.
   */
  private paramValues: ReadonlyMap<Binding, Node> | undefined;

  /** Runs \`read\` with the parameters bound to \`values\` (see \`paramValues\`). */
  withParamValues<T>(values: ReadonlyMap<Binding, Node>, read: () => T): T {
    const outer = this.paramValues;
    this.paramValues = new Map([...(outer ?? []), ...values]);
    try {
      return read();
    } finally {
      this.paramValues = outer;
    }
  }

  /** Records one declaration of `name`, visible in `scope`. */
  declare(name: string, info: BindingInfo, scope: Node, declared: Node): void {
    let byScope = this.bindings.get(name);
    if (!byScope) {
      byScope = new Map();
      this.bindings.set(name, byScope);
    }
    const same = byScope.get(scope);
    if (same) {
      same.duplicate = true;
      return;
    }
    byScope.set(scope, { name, ...info, scope, declared, duplicate: false });
  }

  /**
   * The declaration `name` refers to at `at` (the nearest enclosing scope that declares it), or,
   * without `at`, the only declaration of `name` in the file.
   */
  binding(name: string, at?: Node): Binding | undefined {
    const byScope = this.bindings.get(name);
    if (!byScope) return undefined;
    if (at === undefined) {
      const only = byScope.size === 1 ? byScope.values().next().value : undefined;
      return only && !only.duplicate ? only : undefined;
    }
    for (let n: Node | undefined = at; n; n = n.parent) {
      const found = byScope.get(n);
      if (found) return found.duplicate ? undefined : found;
    }
    return undefined;
  }

  private reassignmentsKnown = false;

  /**
   * Records every assignment target of the file (`x = …`, `x++`, `[x] = …`, `for (x of …)`): a
   * `let` or `var` never assigned again is read like a `const` from then on.
   */
  sealReassignments(targets: readonly TSESTree.Identifier[]): void {
    for (const id of targets) {
      const b = this.binding(id.name, id);
      if (!b) continue;
      b.reassigned = true;
      const write = id.parent;
      const value = write?.type === 'AssignmentExpression' && write.operator === '=' && write.left === id ? write.right : undefined;
      if (value === undefined || b.assigned === null) b.assigned = null;
      else (b.assigned ??= []).push(value);
    }
    this.reassignmentsKnown = true;
  }

  /**
   * Every value a `let`/`var` assigned again can hold: its initialiser (when it has one) and the
   * values of its plain assignments. `undefined` when another write (`+=`, `++`, destructuring,
   * `for (x of …)`) can give it a value this does not know.
   */
  assignedValues(name: string, at?: Node): Node[] | undefined {
    const b = this.binding(name, at);
    if (!b || b.kind !== 'let' || !this.reassignmentsKnown || !b.reassigned || !b.assigned) return undefined;
    return b.init ? [b.init, ...b.assigned] : [...b.assigned];
  }

  /** The initialiser of the `const` (or function declaration, or `let` never assigned again) `name` refers to. */
  constInitializer(name: string, at?: Node): Node | undefined {
    const b = this.binding(name, at);
    if (!b) return undefined;
    if (b.kind === 'param' && this.paramValues) return this.paramValues.get(b);
    if (b.kind === 'const' || b.kind === 'function') return b.init;
    return b.kind === 'let' && this.reassignmentsKnown && !b.reassigned ? b.init : undefined;
  }

  importedAs(name: string, at?: Node): ImportedSymbol | undefined {
    const b = this.binding(name, at);
    if (!b) return undefined;
    if (b.imported) return b.imported;
    // `const { SqsEventSource } = require('…')` or `= lambdaEventSources` (a namespace import).
    if (b.destructuredFrom && b.destructuredKey !== undefined) {
      const base = this.resolveImport(b.destructuredFrom);
      return base ? { module: base.module, path: [...base.path, b.destructuredKey] } : undefined;
    }
    return undefined;
  }

  /** A key for a declaration that is unique in the file: `id:name` at top level, `id:name@offset` in a block. */
  static keyOf(binding: Binding): string {
    return binding.scope.type === 'Program' ? `id:${binding.name}` : `id:${binding.name}@${binding.declared.range[0]}`;
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
      const direct = this.importedAs(node.name, node);
      if (direct) return direct;
      const init = this.constInitializer(node.name, node);
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
  scope: Node,
  destructuredKey?: string,
): void {
  switch (pattern.type) {
    case 'Identifier':
      table.declare(pattern.name, { kind, init, destructuredKey }, scope, pattern);
      return;
    case 'ObjectPattern': {
      // `const { A, B: C } = require('m')` or `= ns`: each name may be an import, which is
      // decided when it is looked up (parents are not all linked yet during the traversal).
      for (const prop of pattern.properties) {
        if (prop.type === 'RestElement') {
          declarePattern(table, prop.argument, undefined, 'other', scope);
          continue;
        }
        const key = propertyKeyName(prop);
        const target = prop.value.type === 'AssignmentPattern' ? prop.value.left : prop.value;
        if (init && key !== undefined && target.type === 'Identifier' && prop.value.type !== 'AssignmentPattern') {
          table.declare(target.name, { kind: kind === 'const' ? 'const' : 'other', destructuredKey: key, destructuredFrom: init }, scope, target);
        } else {
          declarePattern(table, target, undefined, kind === 'param' ? 'param' : 'other', scope, key);
        }
      }
      return;
    }
    case 'ArrayPattern':
      for (const el of pattern.elements) if (el) declarePattern(table, el, undefined, 'other', scope);
      return;
    case 'RestElement':
      declarePattern(table, pattern.argument, undefined, 'other', scope);
      return;
    case 'AssignmentPattern':
      declarePattern(table, pattern.left, undefined, kind, scope, destructuredKey);
      return;
    default:
      return;
  }
}

/**
 * Visits one node for the symbol table. Called for every node of the file during the single
 * fact-extraction traversal.
 */
/** The nearest enclosing node that is a block scope (for `let`, `const`, classes, functions). */
function blockScope(node: Node): Node {
  let current = node.parent;
  while (current) {
    switch (current.type) {
      case 'BlockStatement':
      case 'Program':
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'SwitchStatement':
      case 'StaticBlock':
      case 'TSModuleBlock':
        return current;
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
      case 'FunctionDeclaration':
        // An arrow's expression body has no block: the function is the scope.
        return current;
      default:
        current = current.parent;
    }
  }
  return node;
}

/** The nearest enclosing function (or the program): where `var` lives. */
function functionScope(node: Node): Node {
  let current = node.parent;
  while (current) {
    if (current.type === 'Program' || current.type === 'ArrowFunctionExpression' || current.type === 'FunctionExpression' || current.type === 'FunctionDeclaration') {
      return current;
    }
    current = current.parent;
  }
  return node;
}

/**
 * Visits one node for the symbol table. Called for every node of the file during the single
 * fact-extraction traversal, after `parent` links are set.
 */
export function collectSymbols(table: SymbolTable, node: Node): void {
  switch (node.type) {
    case 'ImportDeclaration': {
      const module = node.source.value;
      const program = functionScope(node);
      for (const spec of node.specifiers) {
        if (spec.type === 'ImportSpecifier') {
          const imported = spec.imported.type === 'Identifier' ? spec.imported.name : spec.imported.value;
          table.declare(spec.local.name, { kind: 'import', imported: { module, path: [imported] } }, program, spec.local);
        } else {
          // Namespace and default imports both stand for the module object (CDK modules are
          // CommonJS, so a default import under esModuleInterop is the namespace).
          table.declare(spec.local.name, { kind: 'import', imported: { module, path: [] } }, program, spec.local);
        }
      }
      return;
    }
    case 'TSImportEqualsDeclaration': {
      const ref = node.moduleReference;
      const scope = blockScope(node);
      if (ref.type === 'TSExternalModuleReference' && ref.expression.type === 'Literal' && typeof ref.expression.value === 'string') {
        table.declare(node.id.name, { kind: 'import', imported: { module: ref.expression.value, path: [] } }, scope, node.id);
      } else {
        table.declare(node.id.name, { kind: 'other' }, scope, node.id);
      }
      return;
    }
    case 'VariableDeclaration': {
      const scope = node.kind === 'var' ? functionScope(node) : blockScope(node);
      const kind: BindingKind = node.kind === 'const' ? 'const' : node.kind === 'let' || node.kind === 'var' ? 'let' : 'other';
      for (const decl of node.declarations) declarePattern(table, decl.id, decl.init ?? undefined, kind, scope);
      return;
    }
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      if (node.type === 'FunctionDeclaration' && node.id) table.declare(node.id.name, { kind: 'function', init: node }, blockScope(node), node.id);
      else if (node.type === 'FunctionExpression' && node.id) table.declare(node.id.name, { kind: 'other' }, node, node.id);
      for (const param of node.params) declarePattern(table, param.type === 'TSParameterProperty' ? param.parameter : param, undefined, 'param', node);
      return;
    case 'ClassDeclaration':
    case 'ClassExpression':
      if (node.id) table.declare(node.id.name, { kind: 'class', init: node }, node.type === 'ClassDeclaration' ? blockScope(node) : node, node.id);
      return;
    case 'CatchClause':
      if (node.param) declarePattern(table, node.param, undefined, 'other', node);
      return;
    case 'TSEnumDeclaration':
    case 'TSModuleDeclaration':
      if (node.id.type === 'Identifier') table.declare(node.id.name, { kind: 'other' }, blockScope(node), node.id);
      return;
    default:
      return;
  }
}
