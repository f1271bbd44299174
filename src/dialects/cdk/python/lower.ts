/**
 * A CDK app in Python, read as the same construct calls a TypeScript app makes: the module is
 * lowered to the ESTree shapes the CDK reader (src/dialects/cdk/reader.ts) understands, so the
 * catalogue of constructs, what each property means and how constructs reach each other are
 * written once, for both languages. What differs between the languages is data here:
 *
 * - names: the jsii mapping. Python's `report_batch_item_failures=True` is TypeScript's
 *   `reportBatchItemFailures: true`, `fn.add_event_source(…)` is `fn.addEventSource(…)`; module
 *   `aws_cdk.aws_lambda_event_sources` is `aws-cdk-lib/aws-lambda-event-sources`.
 * - calls: a class called is a construction (`sqs.Queue(self, "Jobs")` is `new sqs.Queue(this,
 *   'Jobs')`); the keyword arguments of a call into the CDK are its props object (jsii lifts the
 *   last struct parameter into keywords); a struct called (`sqs.DeadLetterQueue(queue=…,
 *   max_receive_count=5)`) is an object literal (jsii.ts says which, from aws-cdk-lib's jsii
 *   manifest).
 * - calls into the project keep their keywords apart (`pyKeywords` on the object that holds
 *   them), and the project's parameters keep their names, so that the project's links match a
 *   keyword to the parameter it names, whatever its position.
 * - scoping: a name assigned once at a function's top level is a `const`; any other assigned
 *   name is a `var` (Python's names are function-scoped); `self` is `this`.
 * - paths: `os.path.join`, `os.path.dirname(__file__)`, `pathlib.Path(__file__).parent / "x"`
 *   are the `path` module's calls on `__filename`.
 *
 * Nothing here is executed; what the lowering cannot express becomes an identifier that has no
 * binding, which every reader treats as unknown.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { PyNode, PyTree } from '../../../analyzers/python/parser.js';
import { cdkConstructorParameters, cdkFactoryParameters, cdkMethodParameters, isCdkStruct } from './jsii.js';

type N = TSESTree.Node;
type Expr = TSESTree.Expression;
type Stmt = TSESTree.Statement;

/** A lowered node that came from a Python keyword argument list of a call into the project. */
export interface PyKeywordsMarker {
  pyKeywords?: true;
}

/** A parameter lowered from Python: its name, for keyword arguments (`KWARGS_PARAM` for `**kwargs`). */
export interface PyParamMarker {
  pyParam?: string;
}

/** The name a `**kwargs` parameter's keys have: the keywords of a call that no other parameter takes. */
export const KWARGS_PARAM = '__kwargs__';

/** The identifier the lowering gives to what it cannot express: never bound, so always unknown. */
export const UNKNOWN_NAME = '__lambda_lint_unknown__';
/** Python's `open(path)`, lowered to a call of this name with the path (src/dialects/cdk/reader.ts reads it). */
export const OPEN_NAME = '__lambda_lint_open__';
/** `os.path`, lowered to Node's `path` module under this name. */
const PATH_LOCAL = '__lambda_lint_os_path__';

/** A Python module, as the CDK reader names TypeScript's modules. */
export function moduleSpecifier(module: string): string {
  if (module === 'aws_cdk' || module === 'aws_cdk.core') return 'aws-cdk-lib';
  // `aws_cdk.aws_lambda`, `aws_cdk.triggers`, `aws_cdk.aws_lambda_python_alpha` (a submodule is lower-case).
  const cdk = /^aws_cdk\.([a-z][a-z0-9_]*)$/u.exec(module);
  if (cdk?.[1]) {
    const dashed = cdk[1].replace(/_/gu, '-');
    return dashed.endsWith('-alpha') ? `@aws-cdk/${dashed}` : `aws-cdk-lib/${dashed}`;
  }
  if (module === 'os.path' || module === 'posixpath') return 'node:path';
  return module;
}

/** `report_batch_item_failures` → `reportBatchItemFailures`; CDK module names (`aws_lambda`), constants and class names stay. */
export function camelName(name: string): string {
  if (!/^_*[a-z][a-z0-9]*(?:_[a-z0-9]+)+_*$/u.test(name) || /^_*aws_/u.test(name)) return name;
  const lead = /^_*/u.exec(name)?.[0] ?? '';
  const trail = /_*$/u.exec(name)?.[0] ?? '';
  const core = name.slice(lead.length, name.length - trail.length);
  return lead + core.replace(/_([a-z0-9])/gu, (_, c: string) => c.toUpperCase()) + trail;
}

/** Python's `os.path` functions, by the `path` function that computes the same. */
const OS_PATH_FUNCTIONS: Readonly<Record<string, string>> = { join: 'join', dirname: 'dirname', abspath: 'resolve', realpath: 'resolve', normpath: 'join' };

interface Imported {
  module: string;
  /** The name imported from it (`from m import name`), or none for the module itself. */
  name?: string;
}

interface Scope {
  /** Names assigned once, at the function's top level: `const` where they are assigned. */
  constants: Set<string>;
  /** Other assigned names: a `var` declared at their first assignment. */
  variables: Set<string>;
  declared: Set<string>;
  /** The names of the enclosing method's `self` (none outside methods). */
  self: string | undefined;
  params: Set<string>;
}

export function lowerPythonModule(tree: PyTree, text: string): TSESTree.Program {
  return new Lowering(text).module(tree.rootNode);
}

/** The text every Python module of a CDK app holds (a cheap test before parsing). */
export const PYTHON_CDK_MARKER = 'aws_cdk';

/** Whether a Python module is a CDK app's: it imports `aws_cdk` (v2, or v1's `aws_cdk.*` packages). */
export function importsCdk(text: string): boolean {
  return /^\s*(?:from\s+aws_cdk\b|import\s+aws_cdk\b)/mu.test(text);
}

class Lowering {
  private readonly imports = new Map<string, Imported>();
  private readonly scopes: Scope[] = [];
  private usesOsPath = false;
  /** The qualified names of the classes being lowered's base classes (innermost last). */
  private readonly superclasses: (string | undefined)[] = [];

  constructor(private readonly text: string) {}

  module(root: PyNode): TSESTree.Program {
    const scope = this.scopeOf(root, undefined, []);
    this.scopes.push(scope);
    const body: N[] = [];
    for (const child of root.namedChildren) {
      if (!child) continue;
      for (const s of this.statement(child)) body.push(exported(s));
    }
    this.scopes.pop();
    if (this.usesOsPath) body.unshift(this.pathImport(root));
    return { ...this.base('Program', root), body, sourceType: 'module', comments: [], tokens: [] } as unknown as TSESTree.Program;
  }

  // -------------------------------------------------------------------------------------------
  // Nodes

  private base(type: string, at: PyNode): { type: string; range: [number, number]; loc: TSESTree.SourceLocation } {
    return {
      type,
      range: [at.startIndex, at.endIndex],
      loc: { start: { line: at.startPosition.row + 1, column: at.startPosition.column }, end: { line: at.endPosition.row + 1, column: at.endPosition.column } },
    };
  }

  /** An ESTree node of \`type\` at a Python node's position (T: what the caller holds it as). */
  private node<T = Expr>(type: string, at: PyNode, fields: Record<string, unknown>): T {
    return { ...this.base(type, at), ...fields } as unknown as T;
  }

  private id(name: string, at: PyNode): TSESTree.Identifier {
    return this.node<TSESTree.Identifier>('Identifier', at, { name, optional: false, decorators: [] });
  }

  private unknownExpr(at: PyNode): Expr {
    return this.id(UNKNOWN_NAME, at);
  }

  private literal(value: string | number | boolean | null, at: PyNode): TSESTree.Literal {
    return this.node<TSESTree.Literal>('Literal', at, { value, raw: at.text });
  }

  private member(object: Expr, property: string, at: PyNode, propertyAt: PyNode = at): TSESTree.MemberExpression {
    return this.node<TSESTree.MemberExpression>('MemberExpression', at, { object, property: this.id(property, propertyAt), computed: false, optional: false });
  }

  private call(callee: Expr, args: N[], at: PyNode, construct: boolean): Expr {
    const type = construct ? 'NewExpression' : 'CallExpression';
    return this.node<TSESTree.CallExpression>(type, at, { callee, arguments: args, optional: false });
  }

  private pathImport(at: PyNode): N {
    const local = this.id(PATH_LOCAL, at);
    const spec = this.node('ImportNamespaceSpecifier', at, { local });
    const source = this.literal('node:path', at);
    return this.node('ImportDeclaration', at, { specifiers: [spec], source, importKind: 'value', attributes: [] });
  }

  // -------------------------------------------------------------------------------------------
  // Scopes

  /** What a function's (or the module's) body assigns, and how often. */
  private scopeOf(body: PyNode | null, self: string | undefined, params: string[]): Scope {
    const counts = new Map<string, number>();
    const topLevel = new Set<string>();
    const walk = (node: PyNode, top: boolean): void => {
      if (node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'lambda') return;
      const targets: PyNode[] = [];
      if (node.type === 'assignment' || node.type === 'augmented_assignment') {
        const left = node.childForFieldName('left');
        if (left) targets.push(left);
      } else if (node.type === 'for_statement' || node.type === 'for_in_clause') {
        const left = node.childForFieldName('left');
        if (left) targets.push(left);
      } else if (node.type === 'named_expression') {
        const name = node.childForFieldName('name');
        if (name) targets.push(name);
      }
      for (const t of targets) {
        for (const name of targetNames(t)) {
          counts.set(name, (counts.get(name) ?? 0) + (node.type === 'augmented_assignment' || node.type === 'for_statement' || t.type !== 'identifier' ? 2 : 1));
          if (top && node.type === 'assignment' && t.type === 'identifier') topLevel.add(name);
        }
      }
      const nestedTop = top && (node.type === 'expression_statement' || node.type === 'module' || node.type === 'block' || node.type === 'assignment');
      for (const c of node.namedChildren) if (c) walk(c, nestedTop && (node.type !== 'assignment' || c === node.childForFieldName('right')));
    };
    if (body) for (const c of body.namedChildren) if (c) walk(c, true);
    const constants = new Set<string>();
    const variables = new Set<string>();
    for (const [name, n] of counts) {
      if (params.includes(name)) continue;
      if (n === 1 && topLevel.has(name)) constants.add(name);
      else variables.add(name);
    }
    return { constants, variables, declared: new Set(), self, params: new Set(params) };
  }

  private get scope(): Scope {
    return this.scopes[this.scopes.length - 1] as Scope;
  }

  private isSelf(name: string): boolean {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const s = this.scopes[i] as Scope;
      if (s.self === name) return true;
      if (s.params.has(name) || s.constants.has(name) || s.variables.has(name)) return false;
    }
    return false;
  }

  // -------------------------------------------------------------------------------------------
  // Statements

  private block(node: PyNode | null): TSESTree.BlockStatement {
    const body: Stmt[] = [];
    for (const c of node?.namedChildren ?? []) if (c) body.push(...(this.statement(c) as Stmt[]));
    return this.node<TSESTree.BlockStatement>('BlockStatement', node ?? ({} as PyNode), { body });
  }

  private statement(node: PyNode): N[] {
    switch (node.type) {
      case 'import_statement':
        return this.importStatement(node);
      case 'import_from_statement':
        return this.importFrom(node);
      case 'class_definition':
        return [this.classDefinition(node)];
      case 'function_definition':
        return [this.functionDefinition(node)];
      case 'decorated_definition': {
        const def = node.childForFieldName('definition');
        return def ? this.statement(def) : [];
      }
      case 'expression_statement':
        return node.namedChildren.filter((c): c is PyNode => c !== null).map((c) => this.expressionStatement(c));
      case 'if_statement':
        return [this.ifStatement(node)];
      case 'for_statement': {
        const left = node.childForFieldName('left');
        const names = left ? targetNames(left) : [];
        const pattern = left?.type === 'identifier' ? this.id(left.text, left) : this.unknownExpr(node);
        for (const n of names) this.scope.declared.add(n);
        const decl = this.node('VariableDeclaration', left ?? node, { kind: 'var', declare: false, declarations: [this.node('VariableDeclarator', left ?? node, { id: pattern, init: null, definite: false })] });
        const right = node.childForFieldName('right');
        return [this.node('ForOfStatement', node, { left: decl, right: right ? this.expression(right) : this.unknownExpr(node), body: this.block(node.childForFieldName('body')), await: false })];
      }
      case 'while_statement': {
        const cond = node.childForFieldName('condition');
        return [this.node('WhileStatement', node, { test: cond ? this.expression(cond) : this.unknownExpr(node), body: this.block(node.childForFieldName('body')) })];
      }
      case 'with_statement': {
        // `with open(path) as f:`: `f` is what `open` gives (its `read()` is the file's text), a
        // constant of the block (two `with … as f` in a function are two files).
        const bindings: Stmt[] = [];
        for (const item of node.namedChildren.find((c) => c?.type === 'with_clause')?.namedChildren ?? []) {
          const pattern = item?.namedChildren.find((c) => c?.type === 'as_pattern');
          const value = pattern?.namedChildren[0];
          const target = pattern?.namedChildren.find((c) => c?.type === 'as_pattern_target')?.namedChildren[0];
          if (!pattern || !value || target?.type !== 'identifier') continue;
          bindings.push(this.node<Stmt>('VariableDeclaration', pattern, { kind: 'const', declare: false, declarations: [this.node('VariableDeclarator', pattern, { id: this.id(target.text, target), init: this.expression(value), definite: false })] }));
        }
        const block = this.block(node.childForFieldName('body'));
        return [{ ...block, body: [...bindings, ...block.body] }];
      }
      case 'try_statement': {
        const out: N[] = [this.block(node.childForFieldName('body'))];
        for (const c of node.namedChildren) {
          if (!c) continue;
          if (c.type === 'except_clause' || c.type === 'except_group_clause' || c.type === 'else_clause' || c.type === 'finally_clause') {
            const body = c.namedChildren.find((x) => x?.type === 'block') ?? null;
            out.push(this.block(body));
          }
        }
        return out;
      }
      case 'return_statement': {
        const value = node.namedChildren.find((c) => c !== null) ?? null;
        return [this.node('ReturnStatement', node, { argument: value ? this.expression(value) : null })];
      }
      default:
        return [];
    }
  }

  private importStatement(node: PyNode): N[] {
    const out: N[] = [];
    for (const c of node.childrenForFieldName('name')) {
      const dotted = c.type === 'aliased_import' ? c.childForFieldName('name') : c;
      const alias = c.type === 'aliased_import' ? c.childForFieldName('alias') : null;
      if (!dotted) continue;
      const module = dotted.text;
      // `import aws_cdk.aws_lambda as lambda_` binds the submodule; `import aws_cdk.aws_lambda` binds `aws_cdk`.
      const bound = alias ? module : (module.split('.')[0] as string);
      const local = alias?.text ?? bound;
      this.imports.set(local, { module: bound });
      out.push(this.importDeclaration(moduleSpecifier(bound), [{ local, at: alias ?? dotted }], node));
    }
    return out;
  }

  private importFrom(node: PyNode): N[] {
    const moduleNode = node.childForFieldName('module_name');
    if (!moduleNode) return [];
    const module = moduleNode.text.replace(/\s+/gu, '');
    const specs: { local: string; imported?: string; at: PyNode }[] = [];
    for (const c of node.childrenForFieldName('name')) {
      const name = c.type === 'aliased_import' ? c.childForFieldName('name') : c;
      const alias = c.type === 'aliased_import' ? c.childForFieldName('alias') : null;
      if (!name) continue;
      const local = alias?.text ?? name.text;
      this.imports.set(local, { module, name: name.text });
      specs.push({ local, imported: name.text, at: alias ?? name });
    }
    if (specs.length === 0) return [];
    // `from aws_cdk import aws_lambda as lambda_`: the submodule, as `import * as lambda_ from 'aws-cdk-lib/aws-lambda'` names it.
    const out: N[] = [];
    const plain: typeof specs = [];
    for (const s of specs) {
      const sub = `${module}.${s.imported}`;
      if (module === 'aws_cdk' && s.imported !== undefined && /^[a-z]/u.test(s.imported)) out.push(this.importDeclaration(moduleSpecifier(sub), [{ local: s.local, at: s.at }], node));
      else if (module === 'os' && s.imported === 'path') out.push(this.importDeclaration('node:path', [{ local: s.local, at: s.at }], node));
      else plain.push(s);
    }
    if (plain.length > 0) out.push(this.importDeclaration(moduleSpecifier(module), plain, node));
    return out;
  }

  private importDeclaration(source: string, specs: { local: string; imported?: string; at: PyNode }[], at: PyNode): N {
    const specifiers = specs.map((s) =>
      s.imported === undefined
        ? this.node('ImportNamespaceSpecifier', s.at, { local: this.id(s.local, s.at) })
        : this.node('ImportSpecifier', s.at, { local: this.id(s.local, s.at), imported: this.id(s.imported, s.at), importKind: 'value' }),
    );
    return this.node('ImportDeclaration', at, { specifiers, source: this.literal(source, at), importKind: 'value', attributes: [] });
  }

  private classDefinition(node: PyNode): N {
    const nameNode = node.childForFieldName('name');
    const supers = node.childForFieldName('superclasses');
    const first = supers?.namedChildren.find((c) => c !== null && c.type !== 'keyword_argument') ?? null;
    const members: N[] = [];
    const body = node.childForFieldName('body');
    this.superclasses.push(first ? this.qualified(first) : undefined);
    for (const c of body?.namedChildren ?? []) {
      const def = c?.type === 'decorated_definition' ? c.childForFieldName('definition') : c;
      if (def?.type !== 'function_definition') continue;
      const isStatic = c?.type === 'decorated_definition' && c.namedChildren.some((d) => d?.type === 'decorator' && /^@(?:staticmethod|classmethod)\b/u.test(d.text));
      const name = def.childForFieldName('name')?.text ?? '';
      const fn = this.functionExpression(def, !isStatic);
      const kind = name === '__init__' ? 'constructor' : 'method';
      members.push(this.node('MethodDefinition', def, { key: this.id(kind === 'constructor' ? 'constructor' : camelName(name), def.childForFieldName('name') ?? def), value: fn, kind, computed: false, static: isStatic, override: false, optional: false, decorators: [] }));
    }
    this.superclasses.pop();
    const classBody = this.node('ClassBody', body ?? node, { body: members });
    return this.node('ClassDeclaration', node, {
      id: nameNode ? this.id(nameNode.text, nameNode) : null,
      superClass: first ? this.expression(first) : null,
      body: classBody,
      decorators: [],
      implements: [],
      abstract: false,
      declare: false,
    });
  }

  private functionDefinition(node: PyNode): N {
    const nameNode = node.childForFieldName('name');
    const fn = this.functionExpression(node, false) as unknown as Record<string, unknown>;
    return { ...fn, type: 'FunctionDeclaration', id: nameNode ? this.id(nameNode.text, nameNode) : null } as unknown as N;
  }

  /** A function's parameters (the method's `self` dropped: it is `this`) and body. */
  private functionExpression(node: PyNode, method: boolean): N {
    const params: { name: string; at: PyNode; value?: PyNode }[] = [];
    for (const p of node.childForFieldName('parameters')?.namedChildren ?? []) {
      if (!p) continue;
      if (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern' || p.type === 'keyword_separator' || p.type === 'positional_separator') continue;
      const nameNode = p.type === 'identifier' ? p : (p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier') ?? null);
      if (!nameNode) continue;
      params.push({ name: nameNode.text, at: p, value: p.childForFieldName('value') ?? undefined });
    }
    const self = method ? params.shift()?.name : undefined;
    const body = node.childForFieldName('body');
    // `**kwargs`, last: the keyword arguments no other parameter takes (followed when the body only
    // passes it on, never writes into it).
    const splat = node.childForFieldName('parameters')?.namedChildren.find((c) => c?.type === 'dictionary_splat_pattern');
    const kwargs = splat?.namedChildren.find((c) => c?.type === 'identifier');
    const kwargsFollowed = kwargs !== undefined && kwargs !== null && body !== null && !writesInto(body, kwargs.text);
    if (kwargsFollowed && splat) params.push({ name: kwargs.text, at: splat });
    const scope = this.scopeOf(body, self, params.map((p) => p.name));
    // Defaults are evaluated where the function is defined.
    const lowered = params.map((p, i) => {
      const id = this.id(p.name, p.at) as TSESTree.Identifier & PyParamMarker;
      id.pyParam = kwargsFollowed && i === params.length - 1 ? KWARGS_PARAM : p.name;
      return p.value ? this.node('AssignmentPattern', p.at, { left: id, right: this.expression(p.value), decorators: [], optional: false }) : id;
    });
    this.scopes.push(scope);
    const block = this.block(body);
    this.scopes.pop();
    const isAsync = node.children.some((c) => c?.type === 'async');
    return this.node('FunctionExpression', node, { id: null, params: lowered, body: block, async: isAsync, generator: false, expression: false, declare: false });
  }

  private ifStatement(node: PyNode): N {
    const cond = node.childForFieldName('condition');
    const consequent = this.block(node.childForFieldName('consequence'));
    const alternatives = node.childrenForFieldName('alternative');
    let alternate: N | null = null;
    for (let i = alternatives.length - 1; i >= 0; i--) {
      const alt = alternatives[i] as PyNode;
      if (alt.type === 'else_clause') alternate = this.block(alt.childForFieldName('body'));
      else {
        const c = alt.childForFieldName('condition');
        alternate = this.node('IfStatement', alt, { test: c ? this.expression(c) : this.unknownExpr(alt), consequent: this.block(alt.childForFieldName('consequence')), alternate });
      }
    }
    return this.node('IfStatement', node, { test: cond ? this.expression(cond) : this.unknownExpr(node), consequent, alternate });
  }

  private expressionStatement(node: PyNode): N {
    if (node.type === 'assignment' || node.type === 'augmented_assignment') return this.assignment(node);
    return this.node('ExpressionStatement', node, { expression: this.expression(node), directive: undefined });
  }

  private assignment(node: PyNode): N {
    const left = node.childForFieldName('left');
    const rightNode = node.childForFieldName('right');
    // `a = b = value`: the inner assignment is the value.
    const right = rightNode?.type === 'assignment' ? this.assignmentValue(rightNode) : rightNode ? this.expression(rightNode) : null;
    const statement = (expression: N): N => this.node('ExpressionStatement', node, { expression, directive: undefined });
    if (!left) return statement(this.unknownExpr(node));
    if (node.type === 'assignment' && left.type === 'identifier' && right) {
      const name = left.text;
      const scope = this.scope;
      if (!scope.declared.has(name) && (scope.constants.has(name) || scope.variables.has(name))) {
        scope.declared.add(name);
        const kind = scope.constants.has(name) ? 'const' : 'var';
        return this.node('VariableDeclaration', node, { kind, declare: false, declarations: [this.node('VariableDeclarator', node, { id: this.id(name, left), init: right, definite: false })] });
      }
    }
    if (!right && node.type === 'assignment') return statement(this.unknownExpr(node));
    const target = left.type === 'identifier' || left.type === 'attribute' || left.type === 'subscript' ? (this.expression(left)) : this.unknownExpr(left);
    const operator = node.type === 'augmented_assignment' ? `${(node.childForFieldName('operator')?.text ?? '+=').replace(/^\/\/=$|^\*\*=$|^@=$/u, '=')}` : '=';
    return statement(this.node('AssignmentExpression', node, { left: target, right: right ?? this.unknownExpr(node), operator: left.type === 'identifier' || left.type === 'attribute' ? operator : '=' }));
  }

  private assignmentValue(node: PyNode): Expr {
    const right = node.childForFieldName('right');
    if (!right) return this.unknownExpr(node);
    return right.type === 'assignment' ? this.assignmentValue(right) : this.expression(right);
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  private expression(node: PyNode): Expr {
    switch (node.type) {
      case 'identifier':
        return this.identifier(node);
      case 'attribute':
        return this.attribute(node);
      case 'call':
        return this.callExpression(node);
      case 'string':
        return this.string(node);
      case 'concatenated_string': {
        const parts = node.namedChildren.filter((c): c is PyNode => c !== null).map((c) => this.string(c));
        return parts.reduce((a, b) => this.node<TSESTree.BinaryExpression>('BinaryExpression', node, { left: a, right: b, operator: '+' }));
      }
      case 'integer':
      case 'float': {
        const n = Number(node.text.replace(/_/gu, ''));
        return Number.isFinite(n) ? this.literal(n, node) : this.unknownExpr(node);
      }
      case 'true':
        return this.literal(true, node);
      case 'false':
        return this.literal(false, node);
      case 'none':
        return this.literal(null, node);
      case 'parenthesized_expression': {
        const inner = node.namedChildren.find((c) => c !== null && c.type !== 'comment');
        return inner ? this.expression(inner) : this.unknownExpr(node);
      }
      case 'list':
      case 'tuple':
        return this.node('ArrayExpression', node, {
          elements: node.namedChildren.filter((c): c is PyNode => c !== null && c.type !== 'comment').map((c) => (c.type === 'list_splat' ? this.node('SpreadElement', c, { argument: this.expressionOf(c) }) : this.expression(c))),
        });
      case 'dictionary':
        return this.dictionary(node);
      case 'conditional_expression': {
        const [consequent, test, alternate] = node.namedChildren.filter((c): c is PyNode => c !== null && c.type !== 'comment');
        if (!consequent || !test || !alternate) return this.unknownExpr(node);
        return this.node('ConditionalExpression', node, { test: this.expression(test), consequent: this.expression(consequent), alternate: this.expression(alternate) });
      }
      case 'boolean_operator': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const op = node.childForFieldName('operator')?.text === 'and' ? '&&' : '||';
        if (!left || !right) return this.unknownExpr(node);
        return this.node('LogicalExpression', node, { left: this.expression(left), right: this.expression(right), operator: op });
      }
      case 'not_operator': {
        const arg = node.childForFieldName('argument');
        return arg ? (this.node('UnaryExpression', node, { operator: '!', argument: this.expression(arg), prefix: true })) : this.unknownExpr(node);
      }
      case 'binary_operator':
        return this.binary(node);
      case 'subscript': {
        const value = node.childForFieldName('value');
        const index = node.childForFieldName('subscript');
        if (!value || !index) return this.unknownExpr(node);
        return this.node('MemberExpression', node, { object: this.expression(value), property: this.expression(index), computed: true, optional: false });
      }
      case 'await': {
        const inner = node.namedChildren.find((c) => c !== null);
        return inner ? this.expression(inner) : this.unknownExpr(node);
      }
      default:
        return this.unknownExpr(node);
    }
  }

  /** The expression a splat or keyword argument holds. */
  private expressionOf(node: PyNode): Expr {
    const inner = node.namedChildren.find((c) => c !== null && c.type !== 'comment');
    return inner ? this.expression(inner) : this.unknownExpr(node);
  }

  private identifier(node: PyNode): Expr {
    const name = node.text;
    if (this.isSelf(name)) return this.node('ThisExpression', node, {});
    if (name === '__file__') return this.id('__filename', node);
    return this.id(name, node);
  }

  /** The Python module a dotted expression names through the imports (`lambda_.Function` → `aws_cdk.aws_lambda.Function`). */
  private qualified(node: PyNode): string | undefined {
    if (node.type === 'identifier') {
      const imported = this.imports.get(node.text);
      if (!imported) return undefined;
      return imported.name === undefined ? imported.module : `${imported.module}.${imported.name}`;
    }
    if (node.type === 'attribute') {
      const object = node.childForFieldName('object');
      const attr = node.childForFieldName('attribute');
      const base = object ? this.qualified(object) : undefined;
      return base !== undefined && attr ? `${base}.${attr.text}` : undefined;
    }
    return undefined;
  }

  private attribute(node: PyNode): Expr {
    const object = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute');
    if (!object || !attr) return this.unknownExpr(node);
    const base = this.qualified(object);
    if (base === 'os' && attr.text === 'path') {
      this.usesOsPath = true;
      return this.id(PATH_LOCAL, node);
    }
    if (base === 'os.path' || base === 'posixpath') {
      const fn = OS_PATH_FUNCTIONS[attr.text];
      return fn ? this.member(this.expression(object), fn, node, attr) : this.unknownExpr(node);
    }
    // `Path(…).parent`: the folder of a path.
    if (attr.text === 'parent' && this.isPathValue(object)) return this.pathCall('dirname', [this.expression(object)], node);
    return this.member(this.expression(object), camelName(attr.text), node, attr);
  }

  /** Whether an expression is a `pathlib.Path` (so that `/` joins and `.parent` is the folder). */
  private isPathValue(node: PyNode): boolean {
    if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      if (!fn) return false;
      const q = this.qualified(fn);
      if (q === 'pathlib.Path' || q === 'pathlib.PurePath' || q === 'pathlib.PosixPath') return true;
      if (fn.type === 'attribute') {
        const method = fn.childForFieldName('attribute')?.text;
        const object = fn.childForFieldName('object');
        return (method === 'resolve' || method === 'absolute' || method === 'joinpath') && object !== null && this.isPathValue(object);
      }
      return false;
    }
    if (node.type === 'attribute') {
      const object = node.childForFieldName('object');
      return node.childForFieldName('attribute')?.text === 'parent' && object !== null && this.isPathValue(object);
    }
    if (node.type === 'binary_operator') {
      const left = node.childForFieldName('left');
      return node.childForFieldName('operator')?.text === '/' && left !== null && this.isPathValue(left);
    }
    if (node.type === 'parenthesized_expression') {
      const inner = node.namedChildren.find((c) => c !== null);
      return inner ? this.isPathValue(inner) : false;
    }
    return false;
  }

  private pathCall(fn: string, args: Expr[], at: PyNode): Expr {
    this.usesOsPath = true;
    return this.call(this.member(this.id(PATH_LOCAL, at), fn, at), args, at, false);
  }

  private binary(node: PyNode): Expr {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const op = node.childForFieldName('operator')?.text ?? '';
    if (!left || !right) return this.unknownExpr(node);
    if (op === '/' && this.isPathValue(left)) return this.pathCall('join', [this.expression(left), this.expression(right)], node);
    const operator = op === '//' ? '/' : op === '**' ? '**' : op;
    if (!['+', '-', '*', '/', '%', '**'].includes(operator)) return this.unknownExpr(node);
    return this.node('BinaryExpression', node, { left: this.expression(left), right: this.expression(right), operator });
  }

  private dictionary(node: PyNode): Expr {
    const properties: N[] = [];
    for (const c of node.namedChildren) {
      if (!c || c.type === 'comment') continue;
      if (c.type === 'dictionary_splat') {
        properties.push(this.node('SpreadElement', c, { argument: this.expressionOf(c) }));
        continue;
      }
      if (c.type !== 'pair') continue;
      const key = c.childForFieldName('key');
      const value = c.childForFieldName('value');
      if (!key || !value) continue;
      const keyText = key.type === 'string' ? stringText(key) : undefined;
      const computed = keyText === undefined;
      properties.push(
        this.node('Property', c, {
          key: computed ? this.expression(key) : this.literal(keyText, key),
          value: this.expression(value),
          computed,
          kind: 'init',
          method: false,
          shorthand: false,
          optional: false,
        }),
      );
    }
    return this.node('ObjectExpression', node, { properties });
  }

  private string(node: PyNode): Expr {
    if (node.type !== 'string') return this.expression(node);
    const interpolations = node.namedChildren.filter((c) => c?.type === 'interpolation');
    if (interpolations.length === 0) {
      const value = stringText(node);
      return value === undefined ? this.unknownExpr(node) : this.literal(value, node);
    }
    // `f"{fn.function_name}"`: the value itself, as a string.
    const only = node.namedChildren.filter((c) => c !== null && c.type !== 'string_start' && c.type !== 'string_end');
    if (only.length === 1 && only[0]?.type === 'interpolation' && !only[0].namedChildren.some((x) => x?.type === 'format_specifier' || x?.type === 'type_conversion')) {
      const expr = only[0].childForFieldName('expression') ?? only[0].namedChildren.find((x) => x !== null) ?? null;
      if (expr) return this.expression(expr);
    }
    // An f-string: a template literal of its text and interpolations.
    const quasis: N[] = [];
    const expressions: Expr[] = [];
    let current = '';
    const raw = isRawString(node);
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === 'string_content') current += raw ? c.text : unescape(c.text);
      else if (c.type === 'escape_sequence') current += unescape(c.text);
      else if (c.type === 'interpolation') {
        quasis.push(this.node('TemplateElement', c, { value: { raw: current, cooked: current }, tail: false }));
        current = '';
        const expr = c.childForFieldName('expression') ?? c.namedChildren.find((x) => x !== null) ?? null;
        const hasFormat = c.namedChildren.some((x) => x?.type === 'format_specifier' || x?.type === 'type_conversion');
        expressions.push(expr && !hasFormat ? this.expression(expr) : this.unknownExpr(c));
      }
    }
    quasis.push(this.node('TemplateElement', node, { value: { raw: current, cooked: current }, tail: true }));
    return this.node('TemplateLiteral', node, { quasis, expressions });
  }

  private callExpression(node: PyNode): Expr {
    const fnNode = node.childForFieldName('function');
    const argsNode = node.childForFieldName('arguments');
    if (!fnNode) return this.unknownExpr(node);
    // `super().__init__(scope, id, …)`: the base class's constructor (a CDK class's: its props).
    const superInit = isSuperInit(fnNode);
    const qualified = superInit ? this.superclasses[this.superclasses.length - 1] : this.qualified(fnNode);
    const positional: N[] = [];
    const keywords: N[] = [];
    for (const a of argsNode?.type === 'argument_list' ? argsNode.namedChildren : []) {
      if (!a || a.type === 'comment') continue;
      if (a.type === 'keyword_argument') {
        const name = a.childForFieldName('name');
        const value = a.childForFieldName('value');
        if (!name || !value) continue;
        keywords.push(this.node('Property', a, { key: this.id(camelName(name.text), name), value: this.expression(value), computed: false, kind: 'init', method: false, shorthand: false, optional: false }));
      } else if (a.type === 'dictionary_splat') {
        // First: a keyword written at the call cannot also be in the dict (Python raises), so it
        // wins over the dict as a property written after a spread does.
        keywords.unshift(this.node('SpreadElement', a, { argument: this.expressionOf(a) }));
      } else if (a.type === 'list_splat') {
        positional.push(this.node('SpreadElement', a, { argument: this.expressionOf(a) }));
      } else {
        positional.push(this.expression(a));
      }
    }
    const onlyArg = positional.length === 1 && keywords.length === 0 ? (positional[0] as Expr) : undefined;
    // Builtins and the path helpers: `str(p)` is `p`; `Path(p)` is `p`; `os.getcwd()` is where `cdk synth` runs.
    if (fnNode.type === 'identifier' && fnNode.text === 'str' && !this.imports.has('str') && onlyArg && argsNode) return onlyArg;
    if ((qualified === 'pathlib.Path' || qualified === 'pathlib.PurePath' || qualified === 'pathlib.PosixPath') && onlyArg) return onlyArg;
    if (qualified === 'os.getcwd' && positional.length === 0) return this.literal('.', node);
    // `open(path)`: the file, whose `read()` is its text (inline code read from a file of the app).
    if (fnNode.type === 'identifier' && fnNode.text === 'open' && !this.imports.has('open') && positional[0] && positional[0].type !== 'SpreadElement') {
      return this.call(this.id(OPEN_NAME, fnNode), [positional[0]], node, false);
    }
    // `dict(runtime=…, timeout=…)`: the dict literal.
    if (fnNode.type === 'identifier' && fnNode.text === 'dict' && !this.imports.has('dict') && positional.length === 0) return this.node('ObjectExpression', node, { properties: keywords });
    if (fnNode.type === 'attribute' && this.isPathValue(fnNode.childForFieldName('object') ?? fnNode)) {
      const method = fnNode.childForFieldName('attribute')?.text;
      const object = fnNode.childForFieldName('object');
      if (object && (method === 'resolve' || method === 'absolute') && positional.length === 0) return this.pathCall('resolve', [this.expression(object)], node);
      if (object && method === 'joinpath' && keywords.length === 0) return this.pathCall('join', [this.expression(object), ...(positional as Expr[])], node);
    }
    const cdk = qualified !== undefined && (qualified.startsWith('aws_cdk.') || qualified === 'aws_cdk' || qualified.startsWith('constructs.'));
    if (cdk && isCdkStruct(qualified)) {
      // A struct: the object literal TypeScript writes.
      return this.node('ObjectExpression', node, { properties: keywords });
    }
    const lastName = superInit ? (qualified?.split('.').pop() ?? '') : fnNode.type === 'attribute' ? (fnNode.childForFieldName('attribute')?.text ?? '') : fnNode.text;
    const construct = (/^_*[A-Z]/u.test(lastName) && !/^[A-Z0-9_]+$/u.test(lastName.replace(/^_+/u, ''))) || (lastName.length === 1 && /[A-Z]/u.test(lastName));
    // Positional parameters given by keyword (`Function(self, id="Fn", …)`, `LambdaFunction(handler=fn)`): in their place.
    const parameters =
      cdk && construct
        ? cdkConstructorParameters(qualified)
        : cdk && fnNode.type === 'attribute'
          ? cdkFactoryParameters(`${qualified.slice(0, qualified.lastIndexOf('.'))}.${camelName(lastName)}`)
          : fnNode.type === 'attribute' && qualified === undefined
            ? cdkMethodParameters(camelName(lastName))
            : undefined;
    if (parameters && !positional.some((p) => p.type === 'SpreadElement')) {
      for (let i = positional.length; i < parameters.length; i++) {
        const at = keywords.findIndex((k) => k.type === 'Property' && k.key.type === 'Identifier' && k.key.name === camelName(parameters[i] as string));
        if (at === -1) break;
        const [given] = keywords.splice(at, 1);
        positional.push((given as TSESTree.Property).value);
      }
    }
    const args = [...positional];
    if (keywords.length > 0) {
      const object = this.node<TSESTree.ObjectExpression>('ObjectExpression', argsNode ?? node, { properties: keywords }) as TSESTree.ObjectExpression & PyKeywordsMarker;
      // Keywords of a call into the project name its parameters; into the CDK, they are its props.
      if (!cdk) object.pyKeywords = true;
      args.push(object);
    }
    if (superInit) return this.call(this.node('Super', fnNode, {}), args, node, false);
    return this.call(this.expression(fnNode), args, node, construct);
  }
}

/** Whether a function body writes into a name's value (`kwargs["handler"] = …`, `kwargs.update(…)`, `kwargs.pop(…)`). */
function writesInto(body: PyNode, name: string): boolean {
  const walk = (n: PyNode): boolean => {
    if (n.type === 'assignment' || n.type === 'augmented_assignment') {
      const left = n.childForFieldName('left');
      if ((left?.type === 'subscript' && left.childForFieldName('value')?.text === name) || (left?.type === 'identifier' && left.text === name)) return true;
    }
    if (n.type === 'call') {
      const fn = n.childForFieldName('function');
      if (fn?.type === 'attribute' && fn.childForFieldName('object')?.text === name && /^(?:update|pop|setdefault|clear|popitem)$/u.test(fn.childForFieldName('attribute')?.text ?? '')) return true;
    }
    if (n.type === 'delete_statement' && n.text.includes(name)) return true;
    return n.namedChildren.some((c) => c !== null && walk(c));
  };
  return walk(body);
}

/** `super().__init__` (or `super(Cls, self).__init__`). */
function isSuperInit(fn: PyNode): boolean {
  if (fn.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== '__init__') return false;
  const object = fn.childForFieldName('object');
  return object?.type === 'call' && object.childForFieldName('function')?.text === 'super';
}

/** `export` for a top-level class, function or constant: every module-level name is importable in Python. */
function exported(statement: N): N {
  if (statement.type !== 'ClassDeclaration' && statement.type !== 'FunctionDeclaration' && statement.type !== 'VariableDeclaration') return statement;
  return { type: 'ExportNamedDeclaration', range: statement.range, loc: statement.loc, declaration: statement, specifiers: [], source: null, exportKind: 'value', attributes: [] } as unknown as N;
}

/** The names an assignment target binds (`a`, `a, b`, `(a, [b, c])`). */
function targetNames(node: PyNode): string[] {
  if (node.type === 'identifier') return [node.text];
  if (node.type === 'pattern_list' || node.type === 'tuple_pattern' || node.type === 'list_pattern' || node.type === 'tuple' || node.type === 'list' || node.type === 'parenthesized_expression') {
    return node.namedChildren.flatMap((c) => (c ? targetNames(c) : []));
  }
  if (node.type === 'list_splat_pattern') return node.namedChildren.flatMap((c) => (c ? targetNames(c) : []));
  return [];
}

function isRawString(node: PyNode): boolean {
  const start = node.namedChildren.find((c) => c?.type === 'string_start') ?? node.children[0];
  return /r/iu.test((start?.text ?? '').replace(/["']/gu, ''));
}

/** A string literal's value (no interpolation), or undefined. */
function stringText(node: PyNode): string | undefined {
  if (node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  const raw = isRawString(node);
  let out = '';
  for (const c of node.namedChildren) {
    if (c?.type === 'string_content') out += raw ? c.text : unescape(c.text);
    else if (c?.type === 'escape_sequence') out += unescape(c.text);
  }
  return out;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

function unescape(text: string): string {
  return text.replace(/\\(.)/gsu, (whole, c: string) => ESCAPES[c] ?? whole);
}
