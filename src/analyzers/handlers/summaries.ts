/**
 * The TypeScript/JavaScript extractor of per-function summaries (src/model/summaries.ts): one
 * pass over each function's own code (nested functions have summaries of their own), recording
 * what the function does with its parameters — loops over collections, calls and what they are
 * given, throws, catches, returns, record fields read — in terms of those parameters.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { childNodes, enclosingFunction, isFunction, isInside, walkOwnCode, memberName, NON_VALUE_KEYS, propertyKeyName, spanBetween, spanOf, unwrap, type FunctionNode, type Node, type Span } from '../../core/ast.js';
import type { Binding } from '../../core/symbols.js';
import { evaluatePrimitive } from '../../core/values.js';
import { deriveOrigin, emptySummary, extendOrigin, type ArgSummary, type CalleeTarget, type CatchSummary, type FunctionSummary, type LoopSummary, type OpContext, type Origin, type ReturnValue, type ThrowSummary, type ValueShape } from '../../model/summaries.js';
import { valueShape } from '../code/side-effects.js';
import { isInformative } from '../code/value-shapes.js';
import { isLibraryModule } from './compose.js';
import type { FileContext } from '../file-context.js';

/** Library calls that throw on malformed input: a record that fails to parse fails here. */
const THROWING_CALLS = new Set(['JSON.parse']);
/** `OrderSchema.parse(x)`: a validation schema's `parse` (zod's, by the naming convention) throws on invalid input; `safeParse` does not. */
const SCHEMA_PARSE = /(?:^|\.)[A-Za-z_$][\w$]*[Ss]chema\.parse$/u;
/** Node's assertion modules: each of their functions throws when its check fails. */
const ASSERT_MODULES = new Set(['assert', 'node:assert', 'assert/strict', 'node:assert/strict']);
/** Array methods that keep the elements (a filtered or reordered collection is still the records). */
const SAME_COLLECTION = new Set(['filter', 'slice', 'concat', 'toSorted', 'sort', 'reverse', 'toReversed', 'splice']);
/** Array methods that give an element. */
const ELEMENT_OF = new Set(['find', 'findLast', 'at', 'shift', 'pop']);
/** Array methods that run a callback per element, by the callback's element parameter. */
const ITERATING: Readonly<Record<string, { style: LoopSummary['style']; elementParam: number }>> = {
  forEach: { style: 'forEach', elementParam: 0 },
  map: { style: 'map', elementParam: 0 },
  flatMap: { style: 'map', elementParam: 0 },
  reduce: { style: 'reduce', elementParam: 1 },
};
/** Calls whose result is computed from their first argument (for record-derived values). */
const DERIVING_CALLS = new Set(['JSON.parse', 'Buffer.from', 'unmarshall', 'DynamoDB.Converter.unmarshall', 'AWS.DynamoDB.Converter.unmarshall', 'Array.from', 'Object.values', 'structuredClone']);

/** Methods of schema libraries that check a value and give it back (zod, valibot's and yup's spellings alike). */
const SCHEMA_CHECKS = new Set(['parse', 'parseAsync', 'safeParse', 'safeParseAsync', 'validateSync']);
/** The step of an origin that stands for `safeParse`'s result wrapping the value. */
const VALIDATED = '#validated';

export interface SummaryOptions {
  /** Whether a call builds a batch response (Powertools' batch utility). */
  isBatchResponseCall(call: TSESTree.CallExpression): boolean;
}

export interface FileSummaries {
  summaries: FunctionSummary[];
  idOf: Map<FunctionNode, string>;
  /** Where the value of an expression comes from, relative to the parameters of the function it is in. */
  originOf(node: Node): Origin | undefined;
}

/** Summaries of every function of the file, and the id of each function node. */
export function extractSummaries(file: FileContext, options: SummaryOptions): FileSummaries {
  const functions = file.functions;
  const idOf = new Map(functions.map((fn) => [fn, `f${fn.range[0]}`]));
  const reassigned = reassignedBindings(file);
  const summaries = functions.map((fn) => new FunctionExtractor(file, fn, idOf, reassigned, options).run());
  const originOf = (node: Node): Origin | undefined => {
    const fn = enclosingFunction(node);
    return fn ? new FunctionExtractor(file, fn, idOf, reassigned, options).originOf(node) : undefined;
  };
  return { summaries, idOf, originOf };
}

/** Bindings assigned after their declaration: their initialiser does not tell their value. */
function reassignedBindings(file: FileContext): Set<Binding> {
  const out = new Set<Binding>();
  for (const target of file.assignedIdentifiers) {
    const b = file.symbols.binding(target.name, target);
    if (b) out.add(b);
  }
  return out;
}

/** The name a file gives a function: its declaration, variable, object key or class member. */
function nameOf(fn: FunctionNode): string | undefined {
  if (fn.type === 'FunctionDeclaration') return fn.id?.name ?? (fn.parent?.type === 'ExportDefaultDeclaration' ? '<default>' : undefined);
  const parent = fn.parent;
  if (!parent) return undefined;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent.type === 'ExportDefaultDeclaration') return '<default>';
  // `exports.name = …`, `module.exports.name = …`.
  if (parent.type === 'AssignmentExpression' && parent.right === fn && parent.left.type === 'MemberExpression') {
    const target = parent.left.object;
    const isExports =
      (target.type === 'Identifier' && target.name === 'exports') ||
      (target.type === 'MemberExpression' && target.object.type === 'Identifier' && target.object.name === 'module' && memberName(target) === 'exports');
    if (isExports) return memberName(parent.left);
  }
  if ((parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') && !parent.static) {
    const cls = parent.parent?.parent;
    const clsName = cls && (cls.type === 'ClassDeclaration' || cls.type === 'ClassExpression') ? classNameOf(cls) : undefined;
    const key = propertyKeyName(parent);
    return clsName !== undefined && key !== undefined ? `${clsName}.${key}` : undefined;
  }
  if (parent.type === 'Property' && parent.parent?.type === 'ObjectExpression') {
    const holder = parent.parent.parent;
    const key = propertyKeyName(parent);
    if (holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier' && key !== undefined) return `${holder.id.name}.${key}`;
  }
  return undefined;
}

function classNameOf(cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression): string | undefined {
  if (cls.id) return cls.id.name;
  const parent = cls.parent;
  return parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : undefined;
}

function paramTypesOf(fn: FunctionNode): Record<number, string> {
  const out: Record<number, string> = {};
  fn.params.forEach((p, i) => {
    const name = typeName(p.type === 'TSParameterProperty' ? p.parameter : p);
    if (name !== undefined) out[i] = name;
  });
  return out;
}

function typeName(node: Node | undefined): string | undefined {
  const n = node as { typeAnnotation?: TSESTree.TSTypeAnnotation } | undefined;
  const type = n?.typeAnnotation?.type === 'TSTypeAnnotation' ? n.typeAnnotation.typeAnnotation : undefined;
  if (type?.type !== 'TSTypeReference') return undefined;
  const t = type.typeName;
  return t.type === 'Identifier' ? t.name : t.type === 'TSQualifiedName' ? t.right.name : undefined;
}

const NO_CONTEXT: OpContext = { caughtBy: [] };
/** Field reads kept per function: enough to tell the source, bounded for generated code. */
const MAX_READS = 64;

class FunctionExtractor {
  private readonly summary: FunctionSummary;
  private readonly id: string;
  private readonly readKeys = new Set<string>();
  /** Loop statements of this function, by node, with their index. */
  private readonly loopIndex = new Map<Node, number>();
  /** Where each call of this function's own code sits. */
  private readonly callContexts = new Map<Node, OpContext>();
  /** Loops whose results a `Promise.all` consumes: its context is known once the walk is done. */
  private readonly combinators: { loop: LoopSummary; call: TSESTree.CallExpression }[] = [];

  constructor(
    private readonly file: FileContext,
    private readonly fn: FunctionNode,
    private readonly idOf: Map<FunctionNode, string>,
    private readonly reassigned: Set<Binding>,
    private readonly options: SummaryOptions,
  ) {
    this.id = idOf.get(fn) as string;
    this.summary = emptySummary({
      id: this.id,
      name: nameOf(fn),
      span: spanOf(fn),
      async: fn.async,
      params: fn.params.length,
      paramTypes: paramTypesOf(fn),
    });
  }

  /**
   * What a call into the project's own code (a function of this file or of another module) passes,
   * where it tells a guard anything: an object literal, a fresh or settled scalar, a parameter of
   * this function (require-idempotency judges the callee's side effects with them).
   */
  private argShapes(node: TSESTree.CallExpression, target: CalleeTarget): ValueShape[] | undefined {
    if (!('local' in target) && !('module' in target)) return undefined;
    if (node.arguments.length === 0 || node.arguments.some((a) => a.type === 'SpreadElement')) return undefined;
    const shapes = node.arguments.map((a) => valueShape(a, this.file, this.fn));
    return shapes.some(isInformative) ? shapes : undefined;
  }

  run(): FunctionSummary {
    this.visit(this.fn.body, NO_CONTEXT);
    if (this.fn.body.type !== 'BlockStatement') {
      this.summary.returns.push({ span: spanOf(this.fn.body), value: this.returnValue(this.fn.body, 0) });
      this.markReturned(this.fn.body);
    }
    for (const { loop, call } of this.combinators) {
      if (loop.combinator) loop.combinator.ctx = this.callContexts.get(call) ?? loop.ctx;
    }
    return this.summary;
  }

  // -------------------------------------------------------------------------------------------
  // Origins

  /** Where an expression's value comes from, relative to parameters (this function's or an enclosing one's). */
  originOf(node: Node, depth = 0): Origin | undefined {
    if (depth > 12) return undefined;
    const expr = unwrap(node);
    switch (expr.type) {
      case 'ChainExpression':
        return this.originOf(expr.expression, depth + 1);
      case 'AwaitExpression':
        return this.originOf(expr.argument, depth + 1);
      case 'LogicalExpression':
        return expr.operator === '&&' ? undefined : this.originOf(expr.left, depth + 1);
      case 'Identifier':
        return this.identifierOrigin(expr, depth);
      case 'MemberExpression': {
        const base = this.originOf(expr.object, depth + 1);
        if (!base) return undefined;
        // A field of an error or of a service's response is still one.
        if (!('fn' in base)) return base;
        const name = memberName(expr);
        // `safeParse(…)`'s result: its `data` is the value checked; its other fields are not of it.
        if (base.steps.at(-1) === VALIDATED) return name === 'data' ? { ...base, steps: base.steps.slice(0, -1) } : undefined;
        if (name !== undefined) return extend(base, name === 'length' ? '#length' : name);
        if (expr.computed && expr.property.type === 'Literal' && typeof expr.property.value === 'number') {
          return extend(base, expr.property.value === 0 ? '[0]' : '[]');
        }
        return expr.computed ? extend(base, '[]') : undefined;
      }
      case 'CallExpression': {
        const callee = unwrap(expr.callee);
        if (callee.type === 'MemberExpression') {
          const method = memberName(callee);
          const text = calleeText(callee);
          if (text !== undefined && DERIVING_CALLS.has(text) && expr.arguments[0]) return derive(this.originOf(expr.arguments[0], depth + 1));
          if (method === undefined) return undefined;
          // A schema's check of a value (zod's `Schema.parse(event)`, `Schema.safeParse(event).data`):
          // the same value, validated.
          if (SCHEMA_CHECKS.has(method) && expr.arguments.length === 1 && expr.arguments[0]?.type !== 'SpreadElement') {
            const checked = this.originOf(expr.arguments[0] as Node, depth + 1);
            if (checked && 'fn' in checked) return method.startsWith('safe') ? extend(checked, VALIDATED) : checked;
            return undefined;
          }
          // `client.send(command)`, `sqs.sendMessage(…).promise()`: what a service answered.
          if (method === 'send' || method === 'promise') return { other: 'response' };
          const base = this.originOf(callee.object, depth + 1);
          if (SAME_COLLECTION.has(method)) return base;
          if (ELEMENT_OF.has(method)) return base && 'fn' in base ? extend(base, '[]') : undefined;
          if (method === 'map' || method === 'flatMap') return derive(base);
          if (method === 'toString' || method === 'trim') return base;
          return undefined;
        }
        if (callee.type === 'Identifier') {
          if ((callee.name === 'String' || callee.name === 'unmarshall') && expr.arguments[0]) {
            const inner = this.originOf(expr.arguments[0], depth + 1);
            return callee.name === 'String' ? inner : derive(inner);
          }
          const imported = this.file.symbols.importedAs(callee.name, callee);
          if (imported && imported.path[imported.path.length - 1] === 'unmarshall' && expr.arguments[0]) return derive(this.originOf(expr.arguments[0], depth + 1));
        }
        return undefined;
      }
      case 'NewExpression':
        // `new Buffer(record.kinesis.data, 'base64')` (the deprecated spelling of `Buffer.from`).
        if (expr.callee.type === 'Identifier' && expr.callee.name === 'Buffer' && !this.file.symbols.isDeclared('Buffer') && expr.arguments[0]) {
          return derive(this.originOf(expr.arguments[0], depth + 1));
        }
        return undefined;
      default:
        return undefined;
    }
  }

  private identifierOrigin(id: TSESTree.Identifier, depth: number): Origin | undefined {
    const b = this.file.symbols.binding(id.name, id);
    if (!b) return undefined;
    if (b.kind === 'param' && isFunction(b.scope)) {
      // The callback of `.catch(fn)` / `.then(ok, fn)` receives the error.
      if (isRejectionHandler(b.scope) && isInside(b.declared, b.scope.params[0] as Node)) return { other: 'error' };
      return paramOrigin(b, b.scope, this.idOf);
    }
    const scope = b.scope;
    // A loop variable: an element of what the loop iterates.
    if ((scope.type === 'ForOfStatement' || scope.type === 'ForInStatement') && isInside(b.declared, scope.left)) {
      if (scope.type === 'ForInStatement') return undefined;
      const over = this.originOf(scope.right, depth + 1);
      if (!over || !('fn' in over)) return undefined;
      const element = extend(over, '[]');
      return b.destructuredKey !== undefined ? extend(element, b.destructuredKey) : element;
    }
    if (this.reassigned.has(b)) return undefined;
    if ((b.kind === 'const' || b.kind === 'let') && b.init) return this.originOf(b.init, depth + 1);
    if (b.destructuredFrom && b.destructuredKey !== undefined) {
      const from = this.originOf(b.destructuredFrom, depth + 1);
      return from && 'fn' in from ? extend(from, b.destructuredKey) : undefined;
    }
    if (b.kind === 'other' && b.destructuredKey !== undefined && b.declared.parent) {
      // `const { body } = record` (a non-const destructuring, or a nested pattern).
      const declarator = enclosingDeclarator(b.declared);
      if (declarator?.init && !this.reassigned.has(b)) {
        const from = this.originOf(declarator.init, depth + 1);
        return from && 'fn' in from ? extend(from, b.destructuredKey) : undefined;
      }
    }
    if (b.kind === 'other' && isCatchParam(b)) return { other: 'error' };
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Callees

  calleeOf(node: Node, depth = 0): CalleeTarget {
    const expr = unwrap(node);
    if (depth > 8) return { unknown: '?' };
    if (isFunction(expr)) return { local: this.idOf.get(expr) as string };
    if (expr.type === 'Identifier') {
      const b = this.file.symbols.binding(expr.name, expr);
      if (!b) return { unknown: expr.name };
      if (b.kind === 'function' && b.init && isFunction(b.init)) return { local: this.idOf.get(b.init) as string };
      if (b.kind === 'param' && isFunction(b.scope)) {
        const o = paramOrigin(b, b.scope, this.idOf);
        if (o && 'fn' in o && o.steps.length === 0) return { param: { fn: o.fn, i: o.i } };
        return { unknown: expr.name };
      }
      const imported = this.file.symbols.importedAs(expr.name, expr);
      if (imported) return imported.path.length <= 1 ? { module: imported.module, name: imported.path[0] ?? 'default' } : { unknown: expr.name };
      if ((b.kind === 'const' || (b.kind === 'let' && !this.reassigned.has(b))) && b.init) {
        const init = unwrap(b.init);
        if (isFunction(init) || init.type === 'Identifier' || init.type === 'MemberExpression') return this.calleeOf(init, depth + 1);
        // `const work = wrap(async (r) => …)`: the wrapped function runs when it is called.
        if (init.type === 'CallExpression' && init.arguments.length >= 1) {
          const first = init.arguments[init.arguments.length - 1];
          if (first && isFunction(unwrap(first))) return this.calleeOf(first, depth + 1);
        }
      }
      return { unknown: expr.name };
    }
    if (expr.type === 'MemberExpression') {
      const text = calleeText(expr);
      if (text !== undefined && (THROWING_CALLS.has(text) || SCHEMA_PARSE.test(text))) return { throwing: text };
      const name = memberName(expr);
      if (name !== undefined) {
        const object = unwrap(expr.object);
        if (object.type === 'ThisExpression') {
          const method = this.methodOfEnclosingClass(expr, name);
          if (method) return { local: method };
        }
        if (object.type === 'Identifier') {
          const member = this.memberFunction(object, name);
          if (member) return member;
          // \`store.save(…)\` on a parameter: a method of the instance the caller passes (the composer binds it).
          const b = this.file.symbols.binding(object.name, object);
          if (b?.kind === 'param' && isFunction(b.scope) && !this.reassigned.has(b)) {
            const o = paramOrigin(b, b.scope, this.idOf);
            if (o && 'fn' in o && o.steps.length === 0) return { param: { fn: o.fn, i: o.i, method: name } };
          }
        }
        // `new Worker(deps).run(event)`: of this module's class, or of one imported.
        if (object.type === 'NewExpression') {
          const made = this.classMade(object);
          if (made && 'decl' in made) {
            const method = this.methodOfClass(made.decl.body, name);
            if (method) return { local: method };
          } else if (made && !isLibraryModule(made.module)) return { module: made.module, name: `${made.name}.${name}` };
        }
        // \`save(…)\` of a module imported whole, \`fileService.putObject(…)\` of an object a module exports.
        const imported = this.file.symbols.resolveImport(expr);
        if (imported && imported.path.length >= 1) return { module: imported.module, name: imported.path.join('.') };
      }
      return { unknown: text ?? name ?? '?' };
    }
    return { unknown: '?' };
  }

  /**
   * For a \`throw\` in the last \`else\` of an \`if\`/\`else if\` chain, or the \`default\` of a
   * \`switch\`, whose every test compares one value with string literals (\`x === 'A'\`, \`x === 'B' ||
   * x === 'C'\`, \`case 'D':\`; also after \`.toUpperCase()\`): that value and the literals, so that a
   * caller who knows the value's possible contents knows whether the \`throw\` can be reached.
   */
  private reachedUnless(thrown: Node): ThrowSummary['unless'] {
    let child: Node = thrown;
    for (let n = thrown.parent; n && n !== this.fn; child = n, n = n.parent) {
      if (isFunction(n)) return undefined;
      if (n.type === 'SwitchCase' && n.test === null && n.parent?.type === 'SwitchStatement') {
        const cases = n.parent.cases.filter((c) => c !== n);
        const values = cases.map((c) => (c.test ? stringLiteral(c.test) : undefined));
        if (values.some((v) => v === undefined)) return undefined;
        return this.unlessOf([{ subject: n.parent.discriminant, values: values as string[] }]);
      }
      if (n.type === 'IfStatement' && n.alternate === child) {
        // The chain's tests, from its first \`if\` down to this \`else\`.
        const tests: Node[] = [];
        let top: TSESTree.IfStatement = n;
        while (top.parent?.type === 'IfStatement' && top.parent.alternate === top) top = top.parent;
        for (let i: TSESTree.Node | null = top; i?.type === 'IfStatement'; i = i.alternate) {
          tests.push(i.test);
          if (i === n) break;
        }
        const parsed = tests.map(literalTests);
        if (parsed.some((p) => p === undefined)) return undefined;
        return this.unlessOf(parsed.flat() as { subject: Node; values: string[] }[]);
      }
      if (n.type !== 'BlockStatement') return undefined;
    }
    return undefined;
  }

  private unlessOf(tests: readonly { subject: Node; values: string[] }[]): ThrowSummary['unless'] {
    let subject: string | undefined;
    let caseless = false;
    let origin: Origin | undefined;
    const values: string[] = [];
    for (const test of tests) {
      const { node, caseless: c } = uncased(test.subject);
      const text = this.file.text.slice(node.range[0], node.range[1]);
      if (subject !== undefined && text !== subject) return undefined;
      subject ??= text;
      origin ??= this.originOf(node);
      caseless ||= c;
      values.push(...test.values);
    }
    return origin && 'fn' in origin && values.length > 0 ? { origin, values, ...(caseless ? { caseless: true as const } : {}) } : undefined;
  }

  /** `this.name` inside a class method: the class's method. */
  private methodOfEnclosingClass(at: Node, name: string): string | undefined {
    for (let n: Node | undefined = at.parent; n; n = n.parent) {
      if (n.type === 'ClassBody') return this.methodOfClass(n, name);
    }
    return undefined;
  }

  private methodOfClass(body: TSESTree.ClassBody, name: string): string | undefined {
    for (const element of body.body) {
      if ((element.type === 'MethodDefinition' || element.type === 'PropertyDefinition') && !element.static && propertyKeyName(element) === name) {
        const value = element.value ? unwrap(element.value) : undefined;
        if (isFunction(value)) return this.idOf.get(value);
      }
    }
    return undefined;
  }

  /** `worker.handle` where `worker` is `new LocalClass()` or an object literal of this file. */
  private memberFunction(object: TSESTree.Identifier, name: string): CalleeTarget | undefined {
    const b = this.file.symbols.binding(object.name, object);
    if (!b || this.reassigned.has(b)) return undefined;
    let init = b.kind === 'const' || b.kind === 'let' ? b.init : undefined;
    if (b.kind === 'class' && b.init) init = b.init;
    const value = init ? unwrap(init) : undefined;
    if (value?.type === 'ObjectExpression') {
      for (const prop of value.properties) {
        if (prop.type === 'Property' && propertyKeyName(prop) === name) {
          const v = unwrap(prop.value);
          if (isFunction(v)) return { local: this.idOf.get(v) as string };
          if (v.type === 'Identifier') return this.calleeOf(v, 1);
        }
      }
      return undefined;
    }
    const made = value?.type === 'NewExpression' ? this.classMade(value) : undefined;
    if (made && 'decl' in made) {
      const method = this.methodOfClass(made.decl.body, name);
      return method ? { local: method } : undefined;
    }
    if (made) return { module: made.module, name: `${made.name}.${name}` };
    return undefined;
  }

  private argOf(arg: TSESTree.CallExpressionArgument): ArgSummary {
    if (arg.type === 'SpreadElement') return {};
    const expr = unwrap(arg);
    const out: ArgSummary = {};
    const origin = this.originOf(expr);
    if (origin) out.origin = origin;
    if (isFunction(expr) || expr.type === 'Identifier' || expr.type === 'MemberExpression') {
      const target = this.calleeOf(expr);
      if (!('unknown' in target)) out.fn = target;
    }
    if (!out.fn) {
      const instance = this.instanceOf(expr);
      if (instance) out.instance = instance;
    }
    return out;
  }

  /** The project class a value is an instance of: \`new Store()\`, or a name bound once to one (this module's class, or one imported). */
  private instanceOf(expr: Node, depth = 0): ArgSummary['instance'] {
    const e = unwrap(expr);
    if (e.type === 'Identifier' && depth === 0) {
      const b = this.file.symbols.binding(e.name, e);
      if (!b || this.reassigned.has(b) || (b.kind !== 'const' && b.kind !== 'let') || !b.init) return undefined;
      return this.instanceOf(b.init, depth + 1);
    }
    const made = e.type === 'NewExpression' ? this.classMade(e) : undefined;
    if (made && 'decl' in made) return made.decl.id ? { local: made.decl.id.name } : undefined;
    return made && !isLibraryModule(made.module) ? made : undefined;
  }

  /** The class \`new X(…)\` makes: this module's declaration, or the name another module exports (\`default\` for its default). */
  private classMade(e: TSESTree.NewExpression): { decl: TSESTree.ClassDeclaration | TSESTree.ClassExpression } | { module: string; name: string } | undefined {
    if (e.callee.type !== 'Identifier') return undefined;
    const cls = this.file.symbols.binding(e.callee.name, e.callee);
    const decl = cls?.kind === 'class' ? cls.init : undefined;
    if (decl?.type === 'ClassDeclaration' || decl?.type === 'ClassExpression') return { decl };
    const imported = this.file.symbols.importedAs(e.callee.name, e.callee);
    return imported && imported.path.length <= 1 ? { module: imported.module, name: imported.path[0] ?? 'default' } : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // The walk

  private visit(node: Node, ctx: OpContext): void {
    if (node !== this.fn && isFunction(node)) return;
    if (ctx.loop !== undefined) this.markLoops(node, ctx.loop);
    switch (node.type) {
      case 'TryStatement':
        return this.tryStatement(node, ctx);
      case 'ForOfStatement':
      case 'ForInStatement':
      case 'ForStatement':
      case 'WhileStatement':
      case 'DoWhileStatement':
        return this.loopStatement(node, ctx);
      case 'ThrowStatement': {
        const unless = this.reachedUnless(node);
        this.summary.throws.push({ span: spanOf(node), kind: insideCatchClause(node, this.fn) ? 'rethrow' : 'throw', ctx, ...(unless ? { unless } : {}) });
        break;
      }
      case 'ReturnStatement':
        if (node.argument) {
          this.summary.returns.push({ span: spanOf(node), value: this.returnValue(node.argument, 0) });
          this.visit(node.argument, ctx);
          this.markReturned(node.argument);
          return;
        }
        this.summary.returns.push({ span: spanOf(node), value: { kind: 'none' } });
        break;
      case 'CallExpression':
        if (this.call(node, ctx)) return;
        break;
      case 'MemberExpression':
        this.read(node);
        break;
      default:
        break;
    }
    this.visitChildren(node, ctx);
  }

  /** The node's children by the parser's visitor keys (faster than reading every property), without types. */
  private visitChildren(node: Node, ctx: OpContext): void {
    const keys = this.file.keys[node.type];
    if (!keys) {
      for (const child of childNodes(node, NON_VALUE_KEYS)) this.visit(child, ctx);
      return;
    }
    const record = node as unknown as Record<string, unknown>;
    for (const key of keys) {
      if (NON_VALUE_KEYS.has(key)) continue;
      const value = record[key];
      if (Array.isArray(value)) {
        for (const v of value) if (v && typeof v === 'object' && 'type' in v) this.visit(v as Node, ctx);
      } else if (value && typeof value === 'object' && 'type' in value) this.visit(value as Node, ctx);
    }
  }

  /** Work that can fail for one record, and `return`s that leave with records unprocessed, in the loops around `node`. */
  private markLoops(node: Node, innermost: number): void {
    const work = node.type === 'AwaitExpression' || node.type === 'ThrowStatement' || (node.type === 'TryStatement' && node.handler !== null);
    // A `return` in a catch handles a failure (how a FIFO handler stops); one that returns a batch response reports the rest.
    const exit = node.type === 'ReturnStatement' && !insideCatchClause(node, this.fn) && !(node.argument && this.returnValue(node.argument, 0).kind === 'batch');
    if (!work && !exit) return;
    for (let l: number | undefined = innermost; l !== undefined; l = this.summary.loops[l]?.ctx.loop) {
      const loop = this.summary.loops[l];
      if (!loop) break;
      if (work) loop.ownWork = true;
      if (exit) (loop.exits ??= []).push(spanOf(node));
    }
  }

  private read(node: TSESTree.MemberExpression): void {
    // Only the outermost member of a chain, and only record-level reads: evidence of the source.
    if (node.parent?.type === 'MemberExpression' && node.parent.object === node) return;
    const origin = this.originOf(node);
    if (!origin || !('fn' in origin) || origin.steps.length === 0 || this.summary.reads.length >= MAX_READS) return;
    const key = `${origin.fn}:${origin.i}:${origin.steps.join('.')}`;
    if (this.readKeys.has(key)) return;
    this.readKeys.add(key);
    this.summary.reads.push({ origin, span: spanOf(node) });
  }

  private tryStatement(node: TSESTree.TryStatement, ctx: OpContext): void {
    if (!node.handler) {
      this.visit(node.block, ctx);
      if (node.finalizer) this.visit(node.finalizer, ctx);
      return;
    }
    const clause = node.handler;
    const index = this.summary.catches.length;
    const loopsBefore = this.summary.loops.length;
    const fact: CatchSummary = { span: spanOf(clause), kind: 'try', ...catchBehaviour(clause.body), ctx, loopsInside: [] };
    this.summary.catches.push(fact);
    this.visit(node.block, { loop: ctx.loop, caughtBy: [index, ...ctx.caughtBy] });
    for (let l = loopsBefore; l < this.summary.loops.length; l++) fact.loopsInside.push(l);
    this.visit(clause.body, ctx);
    if (node.finalizer) this.visit(node.finalizer, ctx);
  }

  private loopStatement(node: TSESTree.ForOfStatement | TSESTree.ForInStatement | TSESTree.ForStatement | TSESTree.WhileStatement | TSESTree.DoWhileStatement, ctx: OpContext): void {
    const index = this.summary.loops.length;
    let over: Origin | undefined;
    let style: LoopSummary['style'] = 'other';
    let span: ReturnType<typeof spanOf>;
    if (node.type === 'ForOfStatement' || node.type === 'ForInStatement') {
      over = this.originOf(node.right);
      style = node.type === 'ForOfStatement' ? 'for-of' : 'for-in';
      span = spanBetween(node, node.right);
    } else if (node.type === 'ForStatement') {
      over = node.test ? this.lengthTested(node.test) : undefined;
      style = 'for';
      span = node.test ? spanBetween(node, node.test) : spanOf(node);
    } else {
      over = this.lengthTested(node.test) ?? this.elementTaken(node.body);
      style = 'while';
      span = node.type === 'WhileStatement' ? spanBetween(node, node.test) : spanOf(node);
    }
    // `ownWork` and `exits` are filled in as the body is visited (markLoops).
    this.summary.loops.push({ span, style, over: over && 'fn' in over ? over : undefined, ownWork: node.type === 'ForOfStatement' && node.await, ctx });
    this.loopIndex.set(node, index);
    const inner: OpContext = { loop: index, caughtBy: ctx.caughtBy };
    if (node.type === 'ForStatement') {
      if (node.init) this.visit(node.init, ctx);
      if (node.test) this.visit(node.test, ctx);
      if (node.update) this.visit(node.update, inner);
    } else if (node.type === 'ForOfStatement' || node.type === 'ForInStatement') {
      this.visit(node.right, ctx);
    } else {
      this.visit(node.test, inner);
    }
    this.visit(node.body, inner);
  }

  /** `i < records.length`, `records.length > 0`: the collection whose length bounds the loop. */
  private lengthTested(test: Node): Origin | undefined {
    let found: Origin | undefined;
    walkOwnCode(test, (n) => {
      if (found || n.type !== 'MemberExpression' || memberName(n) !== 'length') return;
      const o = this.originOf(n.object);
      if (o && 'fn' in o) found = o;
    });
    return found;
  }

  /** `const r = records.shift()` in a `while` body: the collection it drains. */
  private elementTaken(body: Node): Origin | undefined {
    let found: Origin | undefined;
    walkOwnCode(body, (n) => {
      if (found || n.type !== 'CallExpression' || n.callee.type !== 'MemberExpression') return;
      const method = memberName(n.callee);
      if (method !== 'shift' && method !== 'pop') return;
      const o = this.originOf(n.callee.object);
      if (o && 'fn' in o) found = o;
    });
    return found;
  }

  /** Handles a call; `true` when its parts were visited here. */
  private call(node: TSESTree.CallExpression, ctx: OpContext): boolean {
    this.callContexts.set(node, ctx);
    const callee = unwrap(node.callee);
    const method = callee.type === 'MemberExpression' ? memberName(callee) : undefined;
    // Promise chains: `p.catch(fn)`, `p.then(ok, fail)`, `p.finally(fn)`.
    if (callee.type === 'MemberExpression' && (method === 'catch' || method === 'then' || method === 'finally')) {
      const failArg = method === 'catch' ? node.arguments[0] : method === 'then' ? node.arguments[1] : undefined;
      let inner = ctx;
      if (failArg && failArg.type !== 'SpreadElement') {
        const index = this.summary.catches.length;
        const handler = this.calleeOf(failArg);
        const fnNode = unwrap(failArg);
        const behaviour = isFunction(fnNode) ? functionCatchBehaviour(fnNode) : { rethrows: false, exitsLoop: false, setsOuterState: false };
        this.summary.catches.push({ span: spanOf(node), kind: 'promise', ...behaviour, handler, ctx, loopsInside: [] });
        inner = { loop: ctx.loop, caughtBy: [index, ...ctx.caughtBy] };
      }
      this.visit(callee.object, inner);
      // The fulfilment callbacks run as part of the chain: their failures reject it.
      const okArg = method === 'catch' ? undefined : node.arguments[0];
      if (okArg && okArg.type !== 'SpreadElement') {
        const target = this.calleeOf(okArg);
        if (!('unknown' in target)) this.summary.calls.push({ span: spanOf(okArg), callee: target, args: [], awaited: this.isAwaited(node), ctx: inner, returned: false });
      }
      if (failArg && failArg.type !== 'SpreadElement') {
        const target = this.calleeOf(failArg);
        if (!('unknown' in target)) this.summary.calls.push({ span: spanOf(failArg), callee: target, args: [], awaited: this.isAwaited(node), ctx, returned: false });
      }
      return true;
    }
    // Array methods with a callback over a collection: a loop whose body is the callback.
    const iterating = method === undefined ? undefined : ITERATING[method];
    const first = node.arguments[0];
    if (callee.type === 'MemberExpression' && iterating && first && first.type !== 'SpreadElement') {
      const target = this.calleeOf(first);
      const over = this.originOf(callee.object);
      const fnNode = unwrap(first);
      const async = isFunction(fnNode) ? fnNode.async : undefined;
      const loop: LoopSummary = {
        span: spanOf(callee.property),
        style: iterating.style,
        over: over && 'fn' in over ? over : undefined,
        callback: 'unknown' in target ? undefined : { target, elementParam: iterating.elementParam, async },
        ownWork: false,
        ctx,
      };
      if (iterating.style === 'forEach' && async) loop.concurrent = 'async-forEach';
      if (iterating.style === 'map') {
        const combinator = this.combinatorOf(node);
        if (combinator) {
          loop.concurrent = combinator.name;
          loop.combinator = { span: spanOf(combinator.call), ctx };
          this.combinators.push({ loop, call: combinator.call });
        }
        if (isFunction(fnNode)) loop.callbackReturnsCall = returnsCall(fnNode);
        else loop.callbackReturnsCall = !('unknown' in target);
      }
      this.summary.loops.push(loop);
      this.visit(callee.object, ctx);
      for (const arg of node.arguments.slice(1)) this.visit(arg, ctx);
      return true;
    }
    const target = this.calleeOf(callee);
    // `assert(x)`, `assert.ok(x)`, `assert.equal(…)` (node:assert): a throw when the check fails.
    if ('module' in target && ASSERT_MODULES.has(target.module)) {
      this.summary.throws.push({ span: spanOf(node), kind: 'throw', ctx });
      return false;
    }
    // `callback(error)` through a parameter (a Node.js callback handler), or `callback(null, result)`.
    if ('param' in target && target.param.method === undefined) {
      const firstArg = node.arguments[0];
      const isError = firstArg !== undefined && !isNullish(firstArg, this.file);
      if (isError) this.summary.callbackErrors.push({ param: target.param.i, span: spanOf(node), ctx });
      else if (target.param.fn === this.id && node.arguments[1] && node.arguments[1].type !== 'SpreadElement') {
        this.summary.returns.push({ span: spanOf(node), value: this.returnValue(node.arguments[1], 0), callbackParam: target.param.i });
      }
    }
    if (!('unknown' in target) || (this.isAwaited(node) && !isLogging(callee) && !isSyncBuiltin(callee))) {
      const pushedTo = this.pushedTo(node);
      const argShapes = this.argShapes(node, target);
      this.summary.calls.push({ span: spanOf(node), callee: target, args: node.arguments.map((a) => this.argOf(a)), awaited: this.isAwaited(node), ctx, returned: false, ...(pushedTo ? { pushedTo } : {}), ...(argShapes ? { argShapes } : {}) });
    }
    return false;
  }

  /** The `Promise.all(…)` / `allSettled(…)` that consumes a `.map` result, directly or through a variable. */
  private combinatorOf(mapCall: TSESTree.CallExpression): { call: TSESTree.CallExpression; name: NonNullable<ReturnType<typeof combinatorName>> } | undefined {
    let consumer: Node | undefined = mapCall.parent;
    let value: Node = mapCall;
    if (consumer?.type === 'VariableDeclarator' && consumer.id.type === 'Identifier') {
      const name = consumer.id.name;
      const decl = consumer.id;
      const b = this.file.symbols.binding(name, decl);
      const use = this.file.callExpressions.find((c) => combinatorName(c) !== undefined && c.arguments[0]?.type === 'Identifier' && c.arguments[0].name === name && this.file.symbols.binding(name, c) === b);
      if (!use) return undefined;
      consumer = use;
      value = use.arguments[0] as Node;
    }
    if (consumer?.type === 'CallExpression' && consumer.arguments[0] === value) {
      const name = combinatorName(consumer);
      return name ? { call: consumer, name } : undefined;
    }
    return undefined;
  }

  private isAwaited(node: Node): boolean {
    let current: Node = node;
    let parent = current.parent;
    for (;;) {
      while (parent && (parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression' || parent.type === 'ChainExpression')) {
        current = parent;
        parent = parent.parent;
      }
      // `p.then(…)` / `.catch(…)` / `.finally(…)`: the chain is awaited when its end is.
      const chained = parent?.type === 'MemberExpression' && parent.object === current ? memberName(parent) : undefined;
      if (parent && (chained === 'then' || chained === 'catch' || chained === 'finally') && parent.parent?.type === 'CallExpression' && parent.parent.callee === parent) {
        current = parent.parent;
        parent = current.parent;
        continue;
      }
      break;
    }
    if (!parent) return false;
    if (parent.type === 'AwaitExpression') return true;
    // `promises.push(send(r))` … `await Promise.all(promises)`: awaited where the array is combined.
    if (parent.type === 'CallExpression' && parent.arguments.includes(current as TSESTree.CallExpressionArgument) && this.pushedToCombined(parent)) return true;
    if (parent.type === 'ReturnStatement' || (parent === this.fn && this.fn.body === current)) return true;
    if (parent.type === 'ForOfStatement' && parent.await) return true;
    return false;
  }

  /**
   * `list.push(…)` where `list` is given to `Promise.all` where it is declared: in this function,
   * or around it (`records.forEach((r) => tasks.push(send(r)))` … `await Promise.all(tasks)`).
   */
  private pushedToCombined(push: TSESTree.CallExpression): boolean {
    return this.combinedBy(push) !== undefined;
  }

  /** The `Promise.all(list)` that combines what `list.push(…)` pushes, and the scope `list` is declared in. */
  private combinedBy(push: TSESTree.CallExpression): { call: TSESTree.CallExpression; scope: Node } | undefined {
    const callee = unwrap(push.callee);
    if (callee.type !== 'MemberExpression' || memberName(callee) !== 'push') return undefined;
    const list = unwrap(callee.object);
    if (list.type !== 'Identifier') return undefined;
    const b = this.file.symbols.binding(list.name, list);
    if (!b) return undefined;
    const call = this.file.callExpressions.find((c) => {
      if (combinatorName(c) !== 'Promise.all' || !(isInside(c, this.fn) || isInside(c, b.scope))) return false;
      const arg = c.arguments[0];
      return arg?.type === 'Identifier' && arg.name === list.name && this.file.symbols.binding(arg.name, arg) === b;
    });
    return call ? { call, scope: b.scope } : undefined;
  }

  /**
   * For a call whose promise is pushed to a list (`locks.push(send(r))` … `await Promise.all(locks)`):
   * the `Promise.all` where its rejection surfaces, unless a `try` or a `.catch` there handles it
   * (a `try` around the push does not: the promise rejects later).
   */
  private pushedTo(node: TSESTree.CallExpression): Span | undefined {
    let current: Node = node;
    while (current.parent && (current.parent.type === 'TSAsExpression' || current.parent.type === 'TSNonNullExpression')) current = current.parent;
    const push = current.parent;
    if (push?.type !== 'CallExpression' || !push.arguments.includes(current)) return undefined;
    const combined = this.combinedBy(push);
    if (!combined) return undefined;
    let at: Node = combined.call;
    while (at !== combined.scope && at.parent && !isFunction(at)) {
      const p: Node = at.parent;
      if (p.type === 'TryStatement' && p.block === at && p.handler) return undefined;
      if (p.type === 'MemberExpression' && p.object === at && (memberName(p) === 'catch' || memberName(p) === 'then')) return undefined;
      at = p;
    }
    return spanOf(combined.call);
  }

  /** Marks the call a `return` gives back, so a caller that awaits this function awaits it too. */
  private markReturned(node: Node): void {
    const expr = unwrap(node.type === 'AwaitExpression' ? node.argument : node);
    if (expr.type !== 'CallExpression') return;
    for (const c of this.summary.calls) if (c.span.range[0] === expr.range[0] && c.span.range[1] === expr.range[1]) c.returned = true;
  }

  returnValue(node: Node, depth: number): ReturnValue {
    if (depth > 6) return { kind: 'unknown' };
    const expr = unwrap(node);
    switch (expr.type) {
      case 'AwaitExpression':
        return this.returnValue(expr.argument, depth + 1);
      case 'ObjectExpression': {
        for (const prop of expr.properties) {
          if (prop.type === 'SpreadElement') return { kind: 'unknown' };
          if (propertyKeyName(prop) === 'batchItemFailures') {
            const list = prop.value.type === 'ArrayExpression' || prop.value.type === 'TSAsExpression' ? unwrap(prop.value) : undefined;
            return list?.type === 'ArrayExpression' && list.elements.length === 0 ? { kind: 'batch', empty: true } : { kind: 'batch' };
          }
        }
        return { kind: 'none' };
      }
      case 'Literal':
      case 'TemplateLiteral':
      case 'ArrayExpression':
        return { kind: 'none' };
      case 'ConditionalExpression': {
        const a = this.returnValue(expr.consequent, depth + 1);
        const b = this.returnValue(expr.alternate, depth + 1);
        if (a.kind === 'batch' || b.kind === 'batch') return { kind: 'batch' };
        if (a.kind === 'none' && b.kind === 'none') return { kind: 'none' };
        return { kind: 'unknown' };
      }
      case 'Identifier': {
        if (expr.name === 'undefined') return { kind: 'none' };
        const b = this.file.symbols.binding(expr.name, expr);
        if (b?.init && (b.kind === 'const' || b.kind === 'let')) return this.returnValue(b.init, depth + 1);
        // `catch (e) { …; return e; }`: an error object is not a batch response.
        if (b?.declared.parent?.type === 'CatchClause') return { kind: 'none' };
        return { kind: 'unknown' };
      }
      case 'CallExpression': {
        if (this.options.isBatchResponseCall(expr)) return { kind: 'batch' };
        const callee = unwrap(expr.callee);
        if (callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'Promise') {
          const m = memberName(callee);
          if (m === 'resolve') return expr.arguments[0] && expr.arguments[0].type !== 'SpreadElement' ? this.returnValue(expr.arguments[0], depth + 1) : { kind: 'none' };
        }
        const target = this.calleeOf(callee);
        return 'unknown' in target || 'throwing' in target ? { kind: 'unknown' } : { kind: 'call', callee: target };
      }
      default:
        return { kind: 'unknown' };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

const extend = extendOrigin;
const derive = deriveOrigin;

function paramOrigin(b: Binding, fn: FunctionNode, idOf: Map<FunctionNode, string>): Origin | undefined {
  const index = fn.params.findIndex((p) => isInside(b.declared, p));
  const id = idOf.get(fn);
  if (index < 0 || id === undefined) return undefined;
  const param = fn.params[index] as Node;
  const inner = param.type === 'TSParameterProperty' ? param.parameter : param;
  const direct = inner.type === 'Identifier' || (inner.type === 'AssignmentPattern' && inner.left.type === 'Identifier');
  if (direct) return { fn: id, i: index, steps: [] };
  // `({ Records })`, `({ body, messageId })`: one level of destructuring.
  if (b.destructuredKey !== undefined && inner.type === 'ObjectPattern') return { fn: id, i: index, steps: [b.destructuredKey] };
  return undefined;
}

function enclosingDeclarator(node: Node): TSESTree.VariableDeclarator | undefined {
  for (let n: Node | undefined = node.parent; n; n = n.parent) {
    if (n.type === 'VariableDeclarator') return n;
    if (n.type !== 'Property' && n.type !== 'ObjectPattern' && n.type !== 'AssignmentPattern') return undefined;
  }
  return undefined;
}

function isRejectionHandler(fn: FunctionNode): boolean {
  const call = fn.parent;
  if (call?.type !== 'CallExpression' || call.callee.type !== 'MemberExpression') return false;
  const method = memberName(call.callee);
  return (method === 'catch' && call.arguments[0] === fn) || (method === 'then' && call.arguments[1] === fn);
}

function isCatchParam(b: Binding): boolean {
  return b.scope.type === 'CatchClause';
}

function calleeText(node: Node): string | undefined {
  const expr = unwrap(node);
  if (expr.type === 'Identifier') return expr.name;
  if (expr.type === 'MemberExpression') {
    const name = memberName(expr);
    const base = calleeText(expr.object);
    return name !== undefined && base !== undefined ? `${base}.${name}` : undefined;
  }
  if (expr.type === 'ThisExpression') return 'this';
  return undefined;
}

/** Logging never fails a record: `console.error(e)`, `logger.warn(…)`, `log.info(…)`. */
const LOG_METHODS = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'fatal']);

/**
 * JavaScript's built-ins that compute a value synchronously and do no I/O (\`JSON.stringify\`,
 * \`Object.keys\`, \`Math.max\`, \`String(x)\`): a call of one, even returned, hands on no promise.
 */
const SYNC_BUILTIN = /^(?:JSON\.stringify|String|Number|Boolean|BigInt|parseInt|parseFloat|encodeURIComponent|decodeURIComponent|encodeURI|decodeURI|structuredClone|(?:Object|Array|Math|Number|String|Date)\.[A-Za-z]+|Buffer\.(?:from|alloc|concat|byteLength|isBuffer))$/u;

function isSyncBuiltin(callee: Node): boolean {
  const text = calleeText(unwrap(callee));
  return text !== undefined && SYNC_BUILTIN.test(text);
}

function isLogging(callee: Node): boolean {
  if (callee.type !== 'MemberExpression') return false;
  const name = memberName(callee);
  const object = unwrap(callee.object);
  if (object.type === 'Identifier' && object.name === 'console') return true;
  return name !== undefined && LOG_METHODS.has(name) && (object.type === 'Identifier' || object.type === 'MemberExpression' || object.type === 'ThisExpression');
}

function combinatorName(call: TSESTree.CallExpression): 'Promise.all' | 'Promise.allSettled' | 'Promise.any' | 'Promise.race' | undefined {
  const callee = call.callee;
  if (callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier' || callee.object.name !== 'Promise') return undefined;
  const name = memberName(callee);
  return name === 'all' || name === 'allSettled' || name === 'any' || name === 'race' ? `Promise.${name}` : undefined;
}

function isNullish(node: TSESTree.CallExpressionArgument, file: FileContext): boolean {
  if (node.type === 'SpreadElement') return false;
  const value = evaluatePrimitive(node, file.symbols);
  return value.ok && (value.value === null || value.value === undefined);
}

function insideCatchClause(node: Node, fn: FunctionNode): boolean {
  for (let n: Node | undefined = node.parent; n && n !== fn; n = n.parent) {
    if (n.type === 'CatchClause') return true;
  }
  return false;
}

function returnsCall(fn: FunctionNode): boolean {
  if (fn.body.type !== 'BlockStatement') return unwrap(fn.body).type === 'CallExpression';
  let found = false;
  walkOwnCode(fn.body, (n) => {
    if (n.type === 'ReturnStatement' && n.argument && unwrap(n.argument).type === 'CallExpression') found = true;
  });
  return found;
}

/** What a catch clause does with the error. */
function catchBehaviour(body: Node): { rethrows: boolean; exitsLoop: boolean; setsOuterState: boolean; returnsValue?: true } {
  let rethrows = false;
  let exitsLoop = false;
  let setsOuterState = false;
  let returnsValue = false;
  walkOwnCode(body, (node) => {
    if (node.type === 'ThrowStatement') rethrows = true;
    if (node.type === 'ReturnStatement') {
      exitsLoop = true;
      const arg = node.argument ? unwrap(node.argument) : undefined;
      // `return Promise.reject(e)` fails as a throw does.
      if (arg?.type === 'CallExpression' && arg.callee.type === 'MemberExpression' && memberName(arg.callee) === 'reject') rethrows = true;
      else if (arg && !(arg.type === 'Identifier' && arg.name === 'undefined') && !(arg.type === 'UnaryExpression' && arg.operator === 'void')) returnsValue = true;
    }
    if (node.type === 'BreakStatement' && (node.label || !insideInnerLoop(node, body))) exitsLoop = true;
    if (node.type === 'AssignmentExpression' && node.left.type === 'Identifier') setsOuterState = true;
    if (node.type === 'UpdateExpression') setsOuterState = true;
  });
  return { rethrows, exitsLoop, setsOuterState, ...(returnsValue ? { returnsValue: true as const } : {}) };
}

/** A `.catch(fn)` callback: what it does with the error. */
function functionCatchBehaviour(fn: FunctionNode): { rethrows: boolean; exitsLoop: boolean; setsOuterState: boolean } {
  const b = catchBehaviour(fn.body);
  // A callback's `return` is its value, not a loop exit; `() => Promise.reject(e)` rethrows.
  let rethrows = b.rethrows;
  if (fn.body.type !== 'BlockStatement') {
    const body = unwrap(fn.body);
    if (body.type === 'CallExpression' && body.callee.type === 'MemberExpression' && memberName(body.callee) === 'reject') rethrows = true;
  }
  return { rethrows, exitsLoop: false, setsOuterState: b.setsOuterState };
}

/** Whether a `break` sits in a loop or switch inside `body` (and so does not leave the outer loop). */
function insideInnerLoop(node: Node, body: Node): boolean {
  for (let n: Node | undefined = node.parent; n && n !== body; n = n.parent) {
    if (n.type === 'ForStatement' || n.type === 'ForOfStatement' || n.type === 'ForInStatement' || n.type === 'WhileStatement' || n.type === 'DoWhileStatement' || n.type === 'SwitchStatement') return true;
  }
  return false;
}

/** A string literal's value (a template literal without expressions too). */
function stringLiteral(node: Node): string | undefined {
  const expr = unwrap(node);
  if (expr.type === 'Literal' && typeof expr.value === 'string') return expr.value;
  if (expr.type === 'TemplateLiteral' && expr.expressions.length === 0) return expr.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** \`x === 'A'\` (or \`==\`, either side), \`x === 'A' || x === 'B'\`: the values compared with string literals; \`undefined\` for any other test. */
function literalTests(test: Node): { subject: Node; values: string[] }[] | undefined {
  const expr = unwrap(test);
  if (expr.type === 'LogicalExpression' && expr.operator === '||') {
    const left = literalTests(expr.left);
    const right = literalTests(expr.right);
    return left && right ? [...left, ...right] : undefined;
  }
  if (expr.type !== 'BinaryExpression' || (expr.operator !== '===' && expr.operator !== '==')) return undefined;
  const l = stringLiteral(expr.left);
  const r = stringLiteral(expr.right);
  if (r !== undefined && l === undefined) return [{ subject: expr.left, values: [r] }];
  if (l !== undefined && r === undefined) return [{ subject: expr.right, values: [l] }];
  return undefined;
}

/** \`x.toUpperCase()\` (or \`toLowerCase\`): \`x\`, compared whatever its case. */
function uncased(node: Node): { node: Node; caseless: boolean } {
  const outer = unwrap(node);
  // `record.eventName?.toUpperCase()`.
  const expr = outer.type === 'ChainExpression' ? unwrap(outer.expression) : outer;
  if (expr.type === 'CallExpression' && expr.arguments.length === 0 && expr.callee.type === 'MemberExpression') {
    const name = memberName(expr.callee);
    if (name === 'toUpperCase' || name === 'toLowerCase' || name === 'toLocaleUpperCase' || name === 'toLocaleLowerCase') return { node: expr.callee.object, caseless: true };
  }
  return { node: expr, caseless: false };
}
