/**
 * The handler engine: finds a file's Lambda handlers and extracts what the handler rules ask
 * about — the event source, how records are processed, where failures go, what is returned.
 * Semantics: lambda-facts.md §1.8 (partial batch responses) and Part 3.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { childNodes, isFunction, memberName, propertyKeyName, spanBetween, spanOf, unwrap, type FunctionNode, type Node, type Span } from '../../core/ast.js';
import { evaluatePrimitive } from '../../core/values.js';
import type {
  CatchFact,
  EscapingThrowFact,
  HandlerFact,
  HandlerSource,
  HandlerSourceKind,
  ItemIdentifierFact,
  ItemIdentifierValue,
  PowertoolsProcessorFact,
  RecordLoopFact,
} from '../../model/facts.js';
import type { FileContext } from '../file-context.js';
import { extractIdempotency } from '../code/side-effects.js';
import {
  EVENT_TYPES,
  FIFO_ONLY_ATTRIBUTES,
  HANDLER_TYPES,
  MIDDY_BATCH_MIDDLEWARES,
  POWERTOOLS_BATCH,
  POWERTOOLS_EVENT_TYPES,
  RECORD_FIELDS,
  RECORD_TYPES,
  type SourceInfo,
} from './sources.js';

const MAX_HELPER_DEPTH = 3;

/** Walks a function's own code: nested functions are not entered (their code runs at another time). */
function walkOwn(root: Node, visit: (node: Node) => void | 'skip'): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node !== root && isFunction(node)) continue;
    if (visit(node) === 'skip') continue;
    for (const child of childNodes(node)) stack.push(child);
  }
}

/** Walks everything below `root`, nested functions included. */
function walkAll(root: Node, visit: (node: Node) => void): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    visit(node);
    for (const child of childNodes(node)) stack.push(child);
  }
}


function isInside(node: Node, outer: Node): boolean {
  return node.range[0] >= outer.range[0] && node.range[1] <= outer.range[1];
}

// ---------------------------------------------------------------------------------------------
// Type names

/** The last name of a type reference: `SQSHandler`, `lambda.SQSEvent` → `SQSEvent`. */
function typeRefName(type: TSESTree.TypeNode | undefined): { name: string; args: TSESTree.TypeNode[] } | undefined {
  if (!type) return undefined;
  if (type.type === 'TSTypeReference') {
    const n = type.typeName;
    const name = n.type === 'Identifier' ? n.name : n.type === 'TSQualifiedName' ? n.right.name : undefined;
    return name === undefined ? undefined : { name, args: type.typeArguments?.params ?? [] };
  }
  if (type.type === 'TSArrayType') return typeRefName(type.elementType);
  return undefined;
}

function sourceFromTypeNode(type: TSESTree.TypeNode | undefined, table: Readonly<Record<string, SourceInfo>>): SourceInfo | undefined {
  const ref = typeRefName(type);
  if (!ref) return undefined;
  const direct = table[ref.name];
  if (direct) return direct;
  // `Handler<SQSEvent, …>` and similar generic wrappers: the first type argument is the event.
  if (ref.name === 'Handler' || ref.name === 'Context' || ref.args.length > 0) {
    return sourceFromTypeNode(ref.args[0], EVENT_TYPES);
  }
  return undefined;
}

function annotationOf(node: Node | undefined): TSESTree.TypeNode | undefined {
  if (!node) return undefined;
  const n = node as { typeAnnotation?: TSESTree.TSTypeAnnotation };
  return n.typeAnnotation?.type === 'TSTypeAnnotation' ? n.typeAnnotation.typeAnnotation : undefined;
}

// ---------------------------------------------------------------------------------------------
// Finding exported handlers

export interface HandlerCandidate {
  exportName: string;
  fn: FunctionNode;
  /** Types written where the handler is declared (`const handler: SQSHandler`, `satisfies …`). */
  declaredTypes: TSESTree.TypeNode[];
  /** The identifier the handler is declared as, for type information. */
  declarationId: TSESTree.Identifier | undefined;
  /** The calls the export goes through to reach the function (`makeIdempotent(fn)`, `middy(fn).use(…)`). */
  wrappers: TSESTree.CallExpression[];
}

/**
 * Resolves what an export stands for to a function: follows `const`s and function declarations,
 * and unwraps wrappers whose first argument is the handler (`middy(fn).use(…)`,
 * `makeIdempotent(fn, …)`, `middy().handler(fn)`, `Sentry.wrapHandler(fn)`).
 */
function resolveHandlerFunction(
  node: Node,
  file: FileContext,
  types: TSESTree.TypeNode[],
  wrappers: TSESTree.CallExpression[],
  depth = 0,
): { fn: FunctionNode; id: TSESTree.Identifier | undefined } | undefined {
  if (depth > 8) return undefined;
  if (node.type === 'TSSatisfiesExpression' || node.type === 'TSAsExpression') {
    types.push(node.typeAnnotation);
    return resolveHandlerFunction(node.expression, file, types, wrappers, depth + 1);
  }
  const expr = unwrap(node);
  if (isFunction(expr)) return { fn: expr, id: expr.type === 'FunctionDeclaration' ? (expr.id ?? undefined) : undefined };
  if (expr.type === 'Identifier') {
    const binding = file.symbols.binding(expr.name, expr);
    if (!binding || (binding.kind !== 'const' && binding.kind !== 'function') || !binding.init) return undefined;
    const declarator = binding.init.parent;
    if (declarator?.type === 'VariableDeclarator' && declarator.id.type === 'Identifier') {
      const annotation = annotationOf(declarator.id);
      if (annotation) types.push(annotation);
      const inner = resolveHandlerFunction(binding.init, file, types, wrappers, depth + 1);
      return inner ? { fn: inner.fn, id: inner.id ?? declarator.id } : undefined;
    }
    return resolveHandlerFunction(binding.init, file, types, wrappers, depth + 1);
  }
  if (expr.type === 'MemberExpression') return classMethodOf(expr, file);
  if (expr.type === 'CallExpression') {
    wrappers.push(expr);
    const callee = unwrap(expr.callee);
    // `middy(fn).use(x)` / `.before(…)` … → the chain's base; `middy().handler(fn)` → fn.
    if (callee.type === 'MemberExpression') {
      const method = memberName(callee);
      if (method === 'handler' && expr.arguments[0]) {
        // The middlewares of `middy().use(x).handler(fn)` are on the chain before `.handler`.
        for (let link = unwrap(callee.object); link.type === 'CallExpression'; link = unwrap(link.callee.type === 'MemberExpression' ? link.callee.object : link.callee)) {
          wrappers.push(link);
          if (link.callee.type !== 'MemberExpression') break;
        }
        return resolveHandlerFunction(expr.arguments[0], file, types, wrappers, depth + 1);
      }
      if (method === 'use' || method === 'before' || method === 'after' || method === 'onError') {
        return resolveHandlerFunction(callee.object, file, types, wrappers, depth + 1);
      }
      // `instance.handler.bind(instance)`: the method.
      if (method === 'bind' && callee.object.type === 'MemberExpression') return classMethodOf(callee.object, file);
    }
    const first = expr.arguments[0];
    if (first && first.type !== 'SpreadElement') {
      const inner = resolveHandlerFunction(first, file, types, wrappers, depth + 1);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** `instance.handler` where `instance` is a `const` holding `new LocalClass()`: the method's function. */
function classMethodOf(member: TSESTree.MemberExpression, file: FileContext): { fn: FunctionNode; id: undefined } | undefined {
  const name = memberName(member);
  const instance = unwrap(member.object);
  if (name === undefined || instance.type !== 'Identifier') return undefined;
  const created = file.symbols.constInitializer(instance.name, instance);
  const expr = created ? unwrap(created) : undefined;
  if (expr?.type !== 'NewExpression' || expr.callee.type !== 'Identifier') return undefined;
  const cls = file.symbols.binding(expr.callee.name, expr.callee);
  const decl = cls?.kind === 'class' ? cls.init : undefined;
  if (decl?.type !== 'ClassDeclaration' && decl?.type !== 'ClassExpression') return undefined;
  for (const element of decl.body.body) {
    if ((element.type === 'MethodDefinition' || element.type === 'PropertyDefinition') && !element.static && propertyKeyName(element) === name) {
      const value = element.value ? unwrap(element.value) : undefined;
      if (isFunction(value)) return { fn: value, id: undefined };
    }
  }
  return undefined;
}

export function findHandlers(file: FileContext): HandlerCandidate[] {
  const out: HandlerCandidate[] = [];
  const seen = new Set<FunctionNode>();
  const add = (exportName: string, value: Node, initialTypes: TSESTree.TypeNode[] = [], id?: TSESTree.Identifier): void => {
    const types = [...initialTypes];
    const wrappers: TSESTree.CallExpression[] = [];
    const resolved = resolveHandlerFunction(value, file, types, wrappers);
    if (!resolved || seen.has(resolved.fn)) return;
    seen.add(resolved.fn);
    out.push({ exportName, fn: resolved.fn, declaredTypes: types, declarationId: id ?? resolved.id, wrappers });
  };

  for (const statement of file.ast.body) {
    if (statement.type === 'ExportNamedDeclaration') {
      const decl = statement.declaration;
      if (decl?.type === 'VariableDeclaration') {
        for (const d of decl.declarations) {
          if (d.id.type === 'Identifier' && d.init) {
            const annotation = annotationOf(d.id);
            add(d.id.name, d.init, annotation ? [annotation] : [], d.id);
          }
        }
      } else if (decl?.type === 'FunctionDeclaration' && decl.id) {
        add(decl.id.name, decl, [], decl.id);
      } else if (!statement.source) {
        for (const spec of statement.specifiers) {
          if (spec.type !== 'ExportSpecifier' || spec.local.type !== 'Identifier') continue;
          const exported = spec.exported.type === 'Identifier' ? spec.exported.name : spec.exported.value;
          add(exported, spec.local);
        }
      }
    } else if (statement.type === 'ExportDefaultDeclaration') {
      add('default', statement.declaration);
    } else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
      const { left, right } = statement.expression;
      const target = commonJsExport(left);
      if (target === 'module') {
        const value = unwrap(right);
        if (value.type === 'ObjectExpression') {
          for (const prop of value.properties) {
            if (prop.type !== 'Property') continue;
            const key = propertyKeyName(prop);
            if (key !== undefined) add(key, prop.value);
          }
        } else {
          add('default', right);
        }
      } else if (target !== undefined) {
        add(target, right);
      }
    }
  }
  return out;
}

/** `exports.x` / `module.exports.x` → `'x'`; `module.exports` → `'module'`. */
function commonJsExport(left: Node): string | undefined {
  if (left.type !== 'MemberExpression') return undefined;
  const name = memberName(left);
  const obj = left.object;
  if (obj.type === 'Identifier' && obj.name === 'module' && name === 'exports') return 'module';
  if (obj.type === 'Identifier' && obj.name === 'exports') return name;
  if (obj.type === 'MemberExpression' && obj.object.type === 'Identifier' && obj.object.name === 'module' && memberName(obj) === 'exports') return name;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Type information (ESLint with a TypeScript program)

/** Names the type of an expression (its alias or symbol name), when type information exists. */
export interface TypeOracle {
  typeNameOf(node: Node): string | undefined;
}

// ---------------------------------------------------------------------------------------------
// Per-handler analysis

interface Scope {
  /** Names that hold the event object. */
  events: Set<string>;
  /** Names that hold the records array. */
  records: Set<string>;
}

interface Collected {
  helpers: FunctionNode[];
  loops: RecordLoopFact[];
  throws: EscapingThrowFact[];
  fieldSources: SourceInfo[];
  typeSources: SourceInfo[];
  fifo: boolean;
}

export class HandlerAnalyzer {
  readonly powertoolsKinds: PowertoolsProcessorFact[] = [];
  private readonly usesPowertoolsBatch: boolean;
  private readonly usesMiddyBatchResponse: boolean;

  constructor(
    private readonly file: FileContext,
    private readonly types: TypeOracle | undefined,
  ) {
    let powertools = false;
    let middy = false;
    for (const statement of file.ast.body) {
      if (statement.type === 'ImportDeclaration') {
        if (statement.source.value === POWERTOOLS_BATCH) powertools = true;
        if (MIDDY_BATCH_MIDDLEWARES.has(statement.source.value)) middy = true;
      }
    }
    for (const call of file.callExpressions) {
      if (call.callee.type === 'Identifier' && call.callee.name === 'require') {
        const arg = call.arguments[0];
        if (arg?.type === 'Literal' && arg.value === POWERTOOLS_BATCH) powertools = true;
        if (arg?.type === 'Literal' && typeof arg.value === 'string' && MIDDY_BATCH_MIDDLEWARES.has(arg.value)) middy = true;
      }
    }
    this.usesPowertoolsBatch = powertools;
    this.usesMiddyBatchResponse = middy;
    if (powertools) this.collectPowertoolsProcessors();
  }

  /** `new BatchProcessor(EventType.SQS)`, `new SqsFifoPartialProcessor()`. */
  private collectPowertoolsProcessors(): void {
    for (const expr of this.file.newExpressions) {
      const symbol = this.file.symbols.resolveImport(expr.callee);
      if (symbol?.module !== POWERTOOLS_BATCH) continue;
      const name = symbol.path[symbol.path.length - 1];
      if (name === undefined) continue;
      if (name === 'SqsFifoPartialProcessor' || name === 'SqsFifoPartialProcessorAsync') {
        this.powertoolsKinds.push({ span: spanOf(expr), construct: name, kind: 'sqs', fifo: true });
      } else if (name === 'BatchProcessor' || name === 'BatchProcessorSync') {
        const arg = expr.arguments[0];
        const eventType = arg ? this.file.symbols.resolveImport(arg) : undefined;
        const member = eventType?.path[eventType.path.length - 1];
        const kind = member === undefined ? undefined : POWERTOOLS_EVENT_TYPES[member];
        if (eventType?.module === POWERTOOLS_BATCH && kind) this.powertoolsKinds.push({ span: spanOf(expr), construct: name, kind, fifo: false });
        else if (arg) {
          // `new BatchProcessor('SQS')` with a string works too (EventType's values are strings).
          const literal = evaluatePrimitive(arg, this.file.symbols);
          const k = literal.ok && typeof literal.value === 'string' ? POWERTOOLS_EVENT_TYPES[literal.value] : undefined;
          if (k) this.powertoolsKinds.push({ span: spanOf(expr), construct: name, kind: k, fifo: false });
        }
      }
    }
  }

  /** Set while classifying returns: the first return that is a batch response. */
  private firstBatchResponse: Span | undefined;

  analyze(candidate: HandlerCandidate): { fact: HandlerFact; helpers: FunctionNode[] } {
    const { fn } = candidate;
    this.firstBatchResponse = undefined;
    const scope = this.initialScope(fn);
    const collected: Collected = { helpers: [], loops: [], throws: [], fieldSources: [], typeSources: [], fifo: false };
    this.collect(fn, scope, collected, [], 0);

    for (const t of candidate.declaredTypes) {
      const s = sourceFromTypeNode(t, HANDLER_TYPES) ?? sourceFromTypeNode(t, EVENT_TYPES);
      if (s) collected.typeSources.push(s);
    }
    const eventParam = fn.params[0];
    const paramSource = sourceFromTypeNode(annotationOf(eventParam), EVENT_TYPES);
    if (paramSource) collected.typeSources.push(paramSource);
    if (this.types) {
      const fromTypes = [
        candidate.declarationId ? this.types.typeNameOf(candidate.declarationId) : undefined,
        eventParam ? this.types.typeNameOf(eventParam) : undefined,
      ];
      for (const name of fromTypes) {
        const s = name === undefined ? undefined : (HANDLER_TYPES[name] ?? EVENT_TYPES[name]);
        if (s) collected.typeSources.push(s);
      }
    }

    const fact: HandlerFact = {
      exportName: candidate.exportName,
      span: spanOf(fn),
      source: this.decideSource(collected),
      usesPowertoolsBatch: this.usesPowertoolsBatch,
      usesMiddyBatchResponse: this.usesMiddyBatchResponse,
      returnsBatchResponse: this.returnsBatchResponse(fn, 0),
      batchResponseSpan: this.firstBatchResponse,
      loops: collected.loops,
      escapingThrows: collected.throws,
      idempotency: extractIdempotency(this.file, fn, candidate.wrappers),
    };
    return { fact, helpers: collected.helpers };
  }

  private decideSource(c: Collected): HandlerSource {
    const agree = (list: readonly { kind: HandlerSourceKind }[]): HandlerSourceKind | undefined => {
      const kinds = new Set(list.map((s) => s.kind));
      return kinds.size === 1 ? [...kinds][0] : undefined;
    };
    const powertoolsFifo = this.powertoolsKinds.some((p) => p.fifo);
    const fifo = c.fifo || powertoolsFifo ? true : undefined;
    if (c.typeSources.length > 0) {
      const kind = agree(c.typeSources);
      return { kind: kind ?? 'unknown', fifo: kind === 'sqs' ? fifo : undefined, evidence: kind ? 'type' : 'none' };
    }
    if (this.powertoolsKinds.length > 0) {
      const kind = agree(this.powertoolsKinds);
      return { kind: kind ?? 'unknown', fifo: kind === 'sqs' ? fifo : undefined, evidence: kind ? 'powertools' : 'none' };
    }
    if (this.usesMiddyBatchResponse && c.fieldSources.length === 0) return { kind: 'sqs', fifo: undefined, evidence: 'middy' };
    if (c.fieldSources.length > 0) {
      const kind = agree(c.fieldSources);
      return { kind: kind ?? 'unknown', fifo: kind === 'sqs' ? fifo : undefined, evidence: kind ? 'record-shape' : 'none' };
    }
    return { kind: 'unknown', fifo: undefined, evidence: 'none' };
  }

  private initialScope(fn: FunctionNode): Scope {
    const scope: Scope = { events: new Set(), records: new Set() };
    const param = fn.params[0];
    if (param?.type === 'Identifier') scope.events.add(param.name);
    if (param?.type === 'ObjectPattern') this.bindEventPattern(param, scope);
    return scope;
  }

  /** `{ Records }` or `{ Records: records }` destructured from the event. */
  private bindEventPattern(pattern: TSESTree.ObjectPattern, scope: Scope): void {
    for (const prop of pattern.properties) {
      if (prop.type === 'Property' && propertyKeyName(prop) === 'Records' && prop.value.type === 'Identifier') {
        scope.records.add(prop.value.name);
      }
    }
  }

  private isEvent(node: Node, scope: Scope): boolean {
    const expr = unwrap(node);
    return expr.type === 'Identifier' && scope.events.has(expr.name);
  }

  /** Whether an expression is the batch's records array (or a filtered / sliced copy of it). */
  private isRecords(node: Node, scope: Scope, depth = 0): boolean {
    if (depth > 8) return false;
    const expr = unwrap(node.type === 'ChainExpression' ? node.expression : node);
    if (expr.type === 'Identifier') {
      if (scope.records.has(expr.name)) return true;
      const init = this.file.symbols.constInitializer(expr.name, expr);
      return init !== undefined && this.isRecords(init, scope, depth + 1);
    }
    if (expr.type === 'MemberExpression') {
      return memberName(expr) === 'Records' && this.isEvent(expr.object, scope);
    }
    if (expr.type === 'CallExpression' && expr.callee.type === 'MemberExpression') {
      const method = memberName(expr.callee);
      return (method === 'filter' || method === 'slice' || method === 'concat' || method === 'toSorted') && this.isRecords(expr.callee.object, scope, depth + 1);
    }
    return false;
  }

  /**
   * Collects loops over the records (and throws that escape them) in `fn`, following the
   * records or the event into local helper functions.
   */
  private collect(fn: FunctionNode, scope: Scope, out: Collected, callSites: Node[], depth: number): void {
    // Aliases declared in the body: `const { Records } = event`.
    walkOwn(fn.body, (node) => {
      if (node.type === 'VariableDeclarator' && node.id.type === 'ObjectPattern' && node.init && this.isEvent(node.init, scope)) {
        this.bindEventPattern(node.id, scope);
      }
    });
    walkOwn(fn.body, (node) => {
      if (node.type === 'ForOfStatement' && this.isRecords(node.right, scope)) {
        this.loop(fn, node, node.body, recordNameOf(node.left), annotationOf(declaredId(node.left)), 'for-of', spanBetween(node, node.right), undefined, out, callSites);
      } else if (node.type === 'ForStatement' && node.test && this.testsRecordsLength(node.test, scope)) {
        this.loop(fn, node, node.body, this.indexedRecordName(node.body, scope), undefined, 'for', spanBetween(node, node.test), undefined, out, callSites);
      } else if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && this.isRecords(node.callee.object, scope)) {
        const method = memberName(node.callee);
        const callback = node.arguments[0] ? this.functionOf(node.arguments[0]) : undefined;
        if (!callback) return;
        const style = method === 'forEach' ? 'forEach' : method === 'map' || method === 'flatMap' ? 'map' : method === 'reduce' ? 'reduce' : undefined;
        if (!style) return;
        const recordParam = callback.params[style === 'reduce' ? 1 : 0];
        const concurrency = this.concurrencyOf(node, style, callback);
        this.loop(fn, node, callback.body, recordParam?.type === 'Identifier' ? recordParam.name : undefined, annotationOf(recordParam), style, spanOf(node.callee.property), { callback, call: node, concurrency }, out, callSites);
        if (style === 'map' && concurrency === 'Promise.all') {
          const all = this.promiseAllOf(node);
          if (all && this.escapes(all, fn, callSites)) out.throws.push({ span: spanOf(all), kind: 'promise-all' });
        }
      } else if (node.type === 'CallExpression' && depth < MAX_HELPER_DEPTH) {
        this.followHelper(node, scope, out, callSites, depth);
      }
    });
  }

  /** A call passing the event or the records to a function of this file: analyse it too. */
  private followHelper(call: TSESTree.CallExpression, scope: Scope, out: Collected, callSites: Node[], depth: number): void {
    const helper = call.callee.type === 'Identifier' ? this.functionOf(call.callee) : undefined;
    if (!helper) return;
    const inner: Scope = { events: new Set(), records: new Set() };
    call.arguments.forEach((arg, i) => {
      const param = helper.params[i];
      if (arg.type === 'SpreadElement' || param?.type !== 'Identifier') return;
      if (this.isEvent(arg, scope)) inner.events.add(param.name);
      else if (this.isRecords(arg, scope)) inner.records.add(param.name);
    });
    if (inner.events.size === 0 && inner.records.size === 0) return;
    out.helpers.push(helper);
    this.collect(helper, inner, out, [...callSites, call], depth + 1);
  }

  private testsRecordsLength(test: Node, scope: Scope): boolean {
    let found = false;
    walkOwn(test, (n) => {
      if (n.type === 'MemberExpression' && memberName(n) === 'length' && this.isRecords(n.object, scope)) found = true;
    });
    return found;
  }

  /** `const record = records[i]` inside a counted loop. */
  private indexedRecordName(body: Node, scope: Scope): string | undefined {
    let name: string | undefined;
    walkOwn(body, (n) => {
      if (name === undefined && n.type === 'VariableDeclarator' && n.id.type === 'Identifier' && n.init) {
        const init = unwrap(n.init);
        if (init.type === 'MemberExpression' && init.computed && this.isRecords(init.object, scope)) name = n.id.name;
      }
    });
    return name;
  }

  functionOf(node: Node): FunctionNode | undefined {
    const expr = unwrap(node);
    if (isFunction(expr)) return expr;
    if (expr.type === 'Identifier') {
      const init = this.file.symbols.constInitializer(expr.name, expr);
      const inner = init ? unwrap(init) : undefined;
      return isFunction(inner) ? inner : undefined;
    }
    return undefined;
  }

  /** How a `.map`/`.forEach` over the records runs its callbacks. */
  private concurrencyOf(call: TSESTree.CallExpression, style: RecordLoopFact['style'], callback: FunctionNode): RecordLoopFact['concurrent'] {
    if (style === 'forEach') return callback.async ? 'async-forEach' : undefined;
    if (style !== 'map') return undefined;
    const all = this.promiseAllOf(call);
    if (!all) return undefined;
    const callee = all.callee.type === 'MemberExpression' ? memberName(all.callee) : undefined;
    return callee === 'allSettled' ? 'Promise.allSettled' : callee === 'all' ? 'Promise.all' : undefined;
  }

  /** The `Promise.all(…)` / `Promise.allSettled(…)` that consumes a `.map` result, directly or through a `const`. */
  private promiseAllOf(mapCall: TSESTree.CallExpression): TSESTree.CallExpression | undefined {
    const parent = mapCall.parent;
    if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') {
      const name = parent.id.name;
      if (!this.file.symbols.binding(name, parent.id)) return undefined;
      return this.file.callExpressions.find(
        (c) => isPromiseCombinator(c) && c.arguments[0]?.type === 'Identifier' && c.arguments[0].name === name,
      );
    }
    if (parent?.type === 'CallExpression' && parent.arguments[0] === mapCall && isPromiseCombinator(parent)) return parent;
    return undefined;
  }

  private loop(
    handler: FunctionNode,
    loopNode: Node,
    body: Node,
    recordName: string | undefined,
    recordType: TSESTree.TypeNode | undefined,
    style: RecordLoopFact['style'],
    span: Span,
    callbackInfo: { callback: FunctionNode; call: TSESTree.CallExpression; concurrency: RecordLoopFact['concurrent'] } | undefined,
    out: Collected,
    callSites: Node[],
  ): void {
    const typeSource = sourceFromTypeNode(recordType, RECORD_TYPES);
    if (typeSource) out.typeSources.push(typeSource);
    if (recordName !== undefined) this.readRecordFields(body, recordName, out);

    let perRecordWork = callbackInfo !== undefined && callbackInfo.callback.async && callbackInfo.concurrency !== undefined;
    const catches: CatchFact[] = [];
    walkOwn(body, (node) => {
      if (node.type === 'AwaitExpression' || node.type === 'ThrowStatement') perRecordWork = true;
      if (node.type === 'TryStatement' && node.handler) {
        perRecordWork = true;
        catches.push(catchFact(node.handler, loopNode));
      }
      if (node.type === 'ThrowStatement') {
        const escapes = this.escapesFromLoop(node, handler, callbackInfo, callSites);
        if (escapes) out.throws.push({ span: spanOf(node), kind: isRethrow(node) ? 'rethrow' : 'throw' });
      }
      if (node.type === 'CallExpression' && this.isCallbackError(node, handler)) {
        out.throws.push({ span: spanOf(node), kind: 'callback' });
      }
    });
    if (callbackInfo && callbackInfo.concurrency === 'Promise.all' && !callbackInfo.callback.async) {
      // `records.map((r) => send(r))` under Promise.all: each element is a promise of work.
      perRecordWork = perRecordWork || callbackReturnsCall(callbackInfo.callback);
    }
    out.loops.push({ span, style, perRecordWork, catches, concurrent: callbackInfo?.concurrency });
  }

  /** Record fields read in a loop body: evidence of the source, and of FIFO. */
  private readRecordFields(body: Node, recordName: string, out: Collected): void {
    walkAll(body, (node) => {
      if (node.type !== 'MemberExpression' || node.object.type !== 'Identifier' || node.object.name !== recordName) return;
      const field = memberName(node);
      const source = field === undefined ? undefined : RECORD_FIELDS[field];
      if (source) out.fieldSources.push(source);
      if (field === 'attributes' && node.parent?.type === 'MemberExpression' && node.parent.object === node) {
        const attribute = memberName(node.parent);
        if (attribute !== undefined && FIFO_ONLY_ATTRIBUTES.has(attribute)) out.fifo = true;
      }
    });
    // `for (const { messageId, body } of event.Records)`
  }

  /** `callback(err)` / `callback(new Error())` with the handler's third parameter. */
  private isCallbackError(call: TSESTree.CallExpression, handler: FunctionNode): boolean {
    const cb = handler.params[2];
    if (cb?.type !== 'Identifier' || call.callee.type !== 'Identifier' || call.callee.name !== cb.name) return false;
    const first = call.arguments[0];
    if (!first) return false;
    const value = evaluatePrimitive(first, this.file.symbols);
    return !(value.ok && (value.value === null || value.value === undefined));
  }

  /** Whether a throw inside a loop body leaves the handler. */
  private escapesFromLoop(
    node: Node,
    handler: FunctionNode,
    callbackInfo: { callback: FunctionNode; call: TSESTree.CallExpression; concurrency: RecordLoopFact['concurrent'] } | undefined,
    callSites: Node[],
  ): boolean {
    if (callbackInfo) {
      // Inside the callback: caught there, or it propagates through the call.
      if (!this.escapes(node, callbackInfo.callback, [])) return false;
      if (callbackInfo.call.callee.type === 'MemberExpression' && memberName(callbackInfo.call.callee) === 'forEach') {
        // A synchronous forEach rethrows; an async callback's rejection is not awaited by forEach.
        return !callbackInfo.callback.async && this.escapes(callbackInfo.call, handler, callSites);
      }
      // A map callback's throw is reported once, at the Promise.all that rejects.
      return false;
    }
    return this.escapes(node, handler, callSites);
  }

  /**
   * Whether an exception thrown at `node` leaves `fn` (and, for a helper, each call site up to
   * the handler): no enclosing `try` with a `catch` in between, and no `.catch()` on a promise.
   */
  escapes(node: Node, fn: FunctionNode, callSites: Node[]): boolean {
    let current: Node | undefined = node;
    while (current && current !== fn) {
      const parent: Node | undefined = current.parent;
      if (!parent) return false;
      if (parent.type === 'TryStatement' && parent.block === current && parent.handler) return false;
      if (isFunction(parent) && parent !== fn) return false;
      if (parent.type === 'MemberExpression' && parent.object === current && memberName(parent) === 'catch' && parent.parent?.type === 'CallExpression') return false;
      current = parent;
    }
    if (current !== fn) return false;
    const [site, ...rest] = [...callSites].reverse();
    if (!site) return true;
    const siteFn = enclosingFunction(site);
    return siteFn !== undefined && this.escapes(site, siteFn, rest.reverse());
  }

  /** Whether some path of `fn` returns a `{ batchItemFailures }` response. */
  returnsBatchResponse(fn: FunctionNode, depth: number): 'yes' | 'no' | 'unknown' {
    const results: ('yes' | 'no' | 'unknown')[] = [];
    if (fn.body.type !== 'BlockStatement') {
      const result = this.classifyReturn(fn.body, fn, depth);
      if (result === 'yes' && depth === 0) this.firstBatchResponse ??= spanOf(fn.body);
      results.push(result);
    } else {
      walkOwn(fn.body, (node) => {
        if (node.type !== 'ReturnStatement') return;
        const result = node.argument ? this.classifyReturn(node.argument, fn, depth) : 'no';
        if (result === 'yes' && depth === 0) this.firstBatchResponse ??= spanOf(node);
        results.push(result);
      });
      // Node.js callback handlers: `callback(null, { batchItemFailures })`.
      const cb = fn.params[2];
      if (cb?.type === 'Identifier') {
        walkOwn(fn.body, (node) => {
          if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === cb.name && node.arguments[1]) {
            results.push(this.classifyReturn(node.arguments[1], fn, depth));
          }
        });
      }
    }
    if (results.includes('yes')) return 'yes';
    if (results.includes('unknown')) return 'unknown';
    return 'no';
  }

  private classifyReturn(node: Node, fn: FunctionNode, depth: number): 'yes' | 'no' | 'unknown' {
    const expr = unwrap(node);
    switch (expr.type) {
      case 'AwaitExpression':
        return this.classifyReturn(expr.argument, fn, depth);
      case 'ObjectExpression': {
        for (const prop of expr.properties) {
          if (prop.type === 'SpreadElement') return 'unknown';
          if (propertyKeyName(prop) === 'batchItemFailures') return 'yes';
        }
        return 'no';
      }
      case 'Literal':
        return 'no';
      case 'ConditionalExpression': {
        const a = this.classifyReturn(expr.consequent, fn, depth);
        const b = this.classifyReturn(expr.alternate, fn, depth);
        return a === 'yes' || b === 'yes' ? 'yes' : a === 'unknown' || b === 'unknown' ? 'unknown' : 'no';
      }
      case 'Identifier': {
        if (expr.name === 'undefined') return 'no';
        const binding = this.file.symbols.binding(expr.name, expr);
        if (binding?.init && (binding.kind === 'const' || binding.kind === 'let')) return this.classifyReturn(binding.init, fn, depth);
        return 'unknown';
      }
      case 'CallExpression': {
        const symbol = this.file.symbols.resolveImport(expr.callee);
        if (symbol?.module === POWERTOOLS_BATCH) return 'yes';
        const callee = unwrap(expr.callee);
        if (callee.type === 'MemberExpression' && memberName(callee) === 'response' && this.usesPowertoolsBatch) return 'yes';
        const helper = callee.type === 'Identifier' ? this.functionOf(callee) : undefined;
        if (helper && depth < MAX_HELPER_DEPTH) return this.returnsBatchResponse(helper, depth + 1);
        return 'unknown';
      }
      default:
        return 'unknown';
    }
  }
}

function isPromiseCombinator(call: TSESTree.CallExpression): boolean {
  const callee = call.callee;
  if (callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier' || callee.object.name !== 'Promise') return false;
  const name = memberName(callee);
  return name === 'all' || name === 'allSettled';
}

function callbackReturnsCall(fn: FunctionNode): boolean {
  if (fn.body.type !== 'BlockStatement') return unwrap(fn.body).type === 'CallExpression';
  let found = false;
  walkOwn(fn.body, (n) => {
    if (n.type === 'ReturnStatement' && n.argument && unwrap(n.argument).type === 'CallExpression') found = true;
  });
  return found;
}

function enclosingFunction(node: Node): FunctionNode | undefined {
  let current = node.parent;
  while (current && !isFunction(current)) current = current.parent;
  return current;
}

function recordNameOf(left: TSESTree.ForOfStatement['left']): string | undefined {
  const id = declaredId(left);
  return id?.type === 'Identifier' ? id.name : undefined;
}

function declaredId(left: TSESTree.ForOfStatement['left']): Node | undefined {
  if (left.type === 'VariableDeclaration') return left.declarations[0]?.id;
  return left;
}

/** `catch (e) { throw e; }` or `throw new Error(…, { cause: e })` inside a catch. */
function isRethrow(node: TSESTree.ThrowStatement): boolean {
  let current: Node | undefined = node.parent;
  while (current && !isFunction(current)) {
    if (current.type === 'CatchClause') return true;
    current = current.parent;
  }
  return false;
}

function catchFact(clause: TSESTree.CatchClause, loopNode: Node): CatchFact {
  let rethrows = false;
  let exitsLoop = false;
  let setsOuterState = false;
  walkOwn(clause.body, (node) => {
    if (node.type === 'ThrowStatement') rethrows = true;
    if (node.type === 'ReturnStatement') exitsLoop = true;
    if (node.type === 'BreakStatement' && breaksOut(node, loopNode)) exitsLoop = true;
    if (node.type === 'AssignmentExpression' && node.left.type === 'Identifier') setsOuterState = true;
    if (node.type === 'UpdateExpression') setsOuterState = true;
  });
  return { span: spanOf(clause), rethrows, exitsLoop, setsOuterState };
}

/** Whether a `break` leaves `loop` (not just an inner loop or switch). */
function breaksOut(node: TSESTree.BreakStatement, loop: Node): boolean {
  if (node.label) return true;
  let current: Node | undefined = node.parent;
  while (current && current !== loop) {
    if (
      current.type === 'ForStatement' ||
      current.type === 'ForOfStatement' ||
      current.type === 'ForInStatement' ||
      current.type === 'WhileStatement' ||
      current.type === 'DoWhileStatement' ||
      current.type === 'SwitchStatement'
    ) {
      return false;
    }
    current = current.parent;
  }
  return current === loop;
}

// ---------------------------------------------------------------------------------------------
// itemIdentifier values

/**
 * Every `{ itemIdentifier: … }` entry of the file, with what its value is and which handler's
 * source applies. Follows `const`s, destructured record fields, and
 * `failed.push(record.messageId)` … `failed.map((id) => ({ itemIdentifier: id }))`.
 */
export function extractItemIdentifiers(
  file: FileContext,
  handlers: { fn: FunctionNode; fact: HandlerFact }[],
  helperSources: Map<FunctionNode, { kind: HandlerSourceKind; exportName: string }>,
): ItemIdentifierFact[] {
  const out: ItemIdentifierFact[] = [];
  const fileKinds = new Set(handlers.map((h) => h.fact.source.kind).filter((k) => k !== 'unknown'));
  const fileKind: HandlerSourceKind = fileKinds.size === 1 ? ([...fileKinds][0] as HandlerSourceKind) : 'unknown';
  for (const prop of file.itemIdentifierProperties) {
    const owner = handlers.find((h) => isInside(prop, h.fn));
    let source: HandlerSourceKind = owner ? owner.fact.source.kind : fileKind;
    let handlerExport = owner?.fact.exportName;
    if (!owner) {
      for (const [helper, info] of helperSources) {
        if (isInside(prop, helper)) {
          source = info.kind;
          handlerExport = info.exportName;
        }
      }
    }
    out.push({ span: spanOf(prop.value), values: identifierValues(prop.value, file, 0), source, handlerExport });
  }
  return out;
}

function identifierValues(node: Node, file: FileContext, depth: number): ItemIdentifierValue[] {
  if (depth > 6) return [{ kind: 'unknown' }];
  let expr = unwrap(node);
  if (expr.type === 'ChainExpression') expr = unwrap(expr.expression);
  switch (expr.type) {
    case 'Literal': {
      if (expr.value === null) return [{ kind: 'empty', text: 'null' }];
      if (expr.value === '') return [{ kind: 'empty', text: "''" }];
      return [{ kind: 'literal', text: expr.raw }];
    }
    case 'TemplateLiteral': {
      if (expr.expressions.length === 0) {
        const cooked = expr.quasis[0]?.value.cooked ?? '';
        return [cooked === '' ? { kind: 'empty', text: '``' } : { kind: 'literal', text: `\`${cooked}\`` }];
      }
      const only = expr.expressions[0];
      if (expr.expressions.length === 1 && only && expr.quasis.every((q) => q.value.cooked === '')) return identifierValues(only, file, depth + 1);
      return [{ kind: 'unknown' }];
    }
    case 'LogicalExpression':
      // `record.dynamodb?.SequenceNumber ?? ''`: the fallback only runs on malformed records.
      return expr.operator === '&&' ? [{ kind: 'unknown' }] : identifierValues(expr.left, file, depth + 1);
    case 'MemberExpression': {
      const path = memberPath(expr);
      return path ? [{ kind: 'field', path }] : [{ kind: 'unknown' }];
    }
    case 'CallExpression': {
      // `String(x)` / `x.toString()` keep the value.
      if (expr.callee.type === 'Identifier' && expr.callee.name === 'String' && expr.arguments[0]) return identifierValues(expr.arguments[0], file, depth + 1);
      if (expr.callee.type === 'MemberExpression' && memberName(expr.callee) === 'toString') return identifierValues(expr.callee.object, file, depth + 1);
      return [{ kind: 'unknown' }];
    }
    case 'Identifier': {
      if (expr.name === 'undefined' && !file.symbols.isDeclared('undefined')) return [{ kind: 'empty', text: 'undefined' }];
      const binding = file.symbols.binding(expr.name, expr);
      if (!binding) return [{ kind: 'unknown' }];
      if (binding.kind === 'const' && binding.init) return identifierValues(binding.init, file, depth + 1);
      if (binding.destructuredKey !== undefined) return [{ kind: 'field', path: [binding.destructuredKey] }];
      return pushedValues(expr, file, depth);
    }
    default:
      return [{ kind: 'unknown' }];
  }
}

/** `record.kinesis.sequenceNumber` → `['kinesis', 'sequenceNumber']` (the root is the record). */
function memberPath(node: TSESTree.MemberExpression): string[] | undefined {
  const path: string[] = [];
  let current: Node = node;
  for (;;) {
    current = unwrap(current);
    if (current.type === 'ChainExpression') {
      current = current.expression;
      continue;
    }
    if (current.type === 'MemberExpression') {
      const name = memberName(current);
      if (name === undefined) return undefined;
      path.unshift(name);
      current = current.object;
      continue;
    }
    if (current.type === 'Identifier' || current.type === 'CallExpression' || current.type === 'ThisExpression') return path;
    return undefined;
  }
}

/**
 * A parameter of a `.map` callback over an array the file fills with `.push(…)`: the values
 * pushed. `failed.push(r.messageId)` … `failed.map((id) => ({ itemIdentifier: id }))`.
 */
function pushedValues(id: TSESTree.Identifier, file: FileContext, depth: number): ItemIdentifierValue[] {
  const fn = enclosingFunction(id);
  if (!fn || fn.params[0]?.type !== 'Identifier' || fn.params[0].name !== id.name) return [{ kind: 'unknown' }];
  const call = fn.parent;
  if (call?.type !== 'CallExpression' || call.arguments[0] !== fn || call.callee.type !== 'MemberExpression' || memberName(call.callee) !== 'map') {
    return [{ kind: 'unknown' }];
  }
  const array = unwrap(call.callee.object);
  if (array.type !== 'Identifier') return [{ kind: 'unknown' }];
  const pushes = file.callExpressions.filter(
    (c) => c.callee.type === 'MemberExpression' && memberName(c.callee) === 'push' && unwrap(c.callee.object).type === 'Identifier' && (unwrap(c.callee.object) as TSESTree.Identifier).name === array.name,
  );
  if (pushes.length === 0) return [{ kind: 'unknown' }];
  const values: ItemIdentifierValue[] = [];
  for (const push of pushes) {
    for (const arg of push.arguments) {
      if (arg.type === 'SpreadElement') return [{ kind: 'unknown' }];
      values.push(...identifierValues(arg, file, depth + 1));
    }
  }
  return values;
}
