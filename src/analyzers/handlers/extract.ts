/**
 * The handler engine: finds a file's Lambda handlers and extracts what the handler rules ask
 * about — the event source, how records are processed, where failures go, what is returned.
 * Semantics: lambda-facts.md §1.8 (partial batch responses) and Part 3.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, isFunction, isInside, memberName, propertyKeyName, spanOf, unwrap, type FunctionNode, type Node } from '../../core/ast.js';
import { evaluatePrimitive } from '../../core/values.js';
import type {
  HandlerFact,
  HandlerSourceKind,
  ItemIdentifierFact,
  ItemIdentifierValue,
  PowertoolsProcessorFact,
} from '../../model/facts.js';
import type { FileContext } from '../file-context.js';
import type { EffectSummary, FunctionSummary, Origin } from '../../model/summaries.js';
import { extractIdempotency, judgedCallAt, SIDE_EFFECT_MARKERS, valueShape } from '../code/side-effects.js';
import { hasHole } from '../code/value-shapes.js';
import { extractExports } from '../exports.js';
import { composeHandler, isLibraryModule, type SummaryResolver } from './compose.js';
import { extractSummaries, type FileSummaries, type SummaryOptions } from './summaries.js';
import {
  decideSource,
  EVENT_TYPES,
  HANDLER_TYPES,
  MIDDY_BATCH_MIDDLEWARES,
  POWERTOOLS_BATCH,
  POWERTOOLS_EVENT_TYPES,
  RECORD_TYPES,
  type SourceInfo,
} from './sources.js';

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
  /**
   * Other exports of the same function (`export async function handler` and `export const main =
   * middy(handler)`): one analysis, and the infrastructure may name any of them.
   */
  aliases: string[];
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
    // A factory of this file that returns the handler: `export const handler = makeHandler(deps)`.
    const made = callee.type === 'Identifier' ? returnedFunction(callee, file) : undefined;
    if (made) {
      wrappers.pop();
      return { fn: made, id: undefined };
    }
  }
  return undefined;
}

/** The function a local factory returns (`function make(deps) { return async (event) => … }`), when it returns one. */
function returnedFunction(callee: TSESTree.Identifier, file: FileContext): FunctionNode | undefined {
  const binding = file.symbols.binding(callee.name, callee);
  const init = binding && (binding.kind === 'const' || binding.kind === 'function') ? binding.init : undefined;
  const factory = init ? unwrap(init) : undefined;
  return isFunction(factory) ? functionReturnedBy(factory) : undefined;
}

/** The function a factory returns (its only `return`, or its expression body), if it returns one. */
function functionReturnedBy(factory: FunctionNode): FunctionNode | undefined {
  if (factory.body.type !== 'BlockStatement') {
    const body = unwrap(factory.body);
    return isFunction(body) ? body : undefined;
  }
  const returns = factory.body.body.filter((st): st is TSESTree.ReturnStatement => st.type === 'ReturnStatement');
  const value = returns.length === 1 && returns[0]?.argument ? unwrap(returns[0].argument) : undefined;
  return isFunction(value) ? value : undefined;
}

/** `instance.handler` where `instance` is a `const` holding `new LocalClass()`: the method's function. */
function classMethodOf(member: TSESTree.MemberExpression, file: FileContext): { fn: FunctionNode; id: undefined } | undefined {
  const name = memberName(member);
  const instance = unwrap(member.object);
  if (name === undefined || (instance.type !== 'Identifier' && instance.type !== 'NewExpression')) return undefined;
  // `instance.handler` with a `const instance = new Local()`, or `new Local().handler` itself.
  const created = instance.type === 'NewExpression' ? instance : file.symbols.constInitializer(instance.name, instance);
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
  const seen = new Map<FunctionNode, HandlerCandidate>();
  const add = (exportName: string, value: Node, initialTypes: TSESTree.TypeNode[] = [], id?: TSESTree.Identifier): void => {
    const types = [...initialTypes];
    const wrappers: TSESTree.CallExpression[] = [];
    let resolved = resolveHandlerFunction(value, file, types, wrappers);
    if (!resolved) return;
    // An exported factory (`export default function createHandler(deps): Handler<…> { return async (event) => … }`):
    // Lambda never runs a function that returns a function, so the handler is what it returns,
    // made by a caller in another module (`export const handler = createHandler(container)`).
    const made = functionReturnedBy(resolved.fn);
    if (made) {
      const returnType = resolved.fn.returnType?.typeAnnotation;
      if (returnType) types.push(returnType);
      resolved = { fn: made, id: undefined };
    }
    const known = seen.get(resolved.fn);
    if (known) {
      // The same function exported again, perhaps wrapped: what either export shows applies.
      if (known.exportName !== exportName && !known.aliases.includes(exportName)) known.aliases.push(exportName);
      known.declaredTypes.push(...types.filter((t) => !known.declaredTypes.includes(t)));
      known.wrappers.push(...wrappers.filter((w) => !known.wrappers.includes(w)));
      return;
    }
    const candidate: HandlerCandidate = { exportName, fn: resolved.fn, declaredTypes: types, declarationId: id ?? resolved.id, wrappers, aliases: [] };
    seen.set(resolved.fn, candidate);
    out.push(candidate);
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
// Per-handler analysis: the handler's summary, with its callees' summaries composed in

/** A file's summaries. */
export function fileSummaries(file: FileContext): FileSummaries {
  const summaries = extractSummaries(file, batchResponseCalls(file));
  if (SIDE_EFFECT_MARKERS.some((m) => file.text.includes(m))) attachEffects(file, summaries);
  return summaries;
}

/**
 * Each named function's external side effects (with the local helpers it calls), for handlers of
 * other modules that call it: composed there at the call (require-idempotency). A check-then-act
 * read is not carried: its message points at the read, in this file.
 */
function attachEffects(file: FileContext, summaries: FileSummaries): void {
  const nodeOf = new Map([...summaries.idOf].map(([fn, id]) => [id, fn]));
  // Only what other modules can call: exports, and methods of exported classes (local helpers are
  // followed from them, as the handler's own analysis follows them).
  const exported = new Set<string>();
  const exports = extractExports(file.ast, file.text);
  for (const [name, key] of Object.entries(exports.names)) {
    const local = key.slice(key.indexOf(':') + 1);
    exported.add(name === 'default' ? '<default>' : name);
    exported.add(local);
    // `export const events = new EventRepository()`: the class's methods are called through it.
    for (const cls of exports.instances?.[local] ?? []) exported.add(cls);
  }
  for (const summary of summaries.summaries) {
    const head = summary.name?.split('.')[0];
    const fn = head === undefined || !exported.has(head) ? undefined : nodeOf.get(summary.id);
    if (!fn) continue;
    const effects: EffectSummary[] = [];
    for (const e of extractIdempotency(file, fn, []).sideEffects) {
      if (e.effect === 'call' || e.racyCheck) continue;
      // Not settled here because its input is the function's parameter (`put({ Item: item })`): judged again with each caller's arguments.
      const judged = e.call === 'unknown' ? judgedCallAt(file, e.span) : undefined;
      const shape = judged?.params ? valueShape(judged.params, file, fn) : undefined;
      const guard = judged && shape && hasHole(shape) ? { guard: { check: judged.guard, params: shape } } : {};
      effects.push({ effect: e.effect, operation: e.operation, span: e.span, call: e.call, ...(e.keyName !== undefined ? { keyName: e.keyName } : {}), ...(e.coveredBy ? { coveredBy: e.coveredBy } : {}), ...guard });
    }
    if (effects.length > 0) summary.effects = effects;
  }
}

/** Calls that build a batch response: Powertools' batch utility (its functions, and `processor.response()` in a file that uses it). */
function batchResponseCalls(file: FileContext): SummaryOptions {
  const powertools = file.text.includes(POWERTOOLS_BATCH);
  return {
    isBatchResponseCall: (call) => {
      if (!powertools) return false;
      if (file.symbols.resolveImport(call.callee)?.module === POWERTOOLS_BATCH) return true;
      const callee = unwrap(call.callee);
      return callee.type === 'MemberExpression' && memberName(callee) === 'response';
    },
  };
}

export class HandlerAnalyzer {
  readonly powertoolsKinds: PowertoolsProcessorFact[] = [];
  readonly summaries: FunctionSummary[];
  private readonly idOf: Map<FunctionNode, string>;
  private readonly nodeOf = new Map<string, FunctionNode>();
  private readonly usesPowertoolsBatch: boolean;
  private readonly usesMiddyBatchResponse: boolean;

  constructor(
    private readonly file: FileContext,
    private readonly types: TypeOracle | undefined,
    private readonly extracted: FileSummaries = extractSummaries(file, batchResponseCalls(file)),
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
    this.summaries = extracted.summaries;
    this.idOf = extracted.idOf;
    for (const [fn, id] of this.idOf) this.nodeOf.set(id, fn);
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

  /** Where a value comes from in the function it is in (for `itemIdentifier` provenance). */
  originOf(node: Node): Origin | undefined {
    return this.extracted.originOf(node);
  }

  /** Composes with this file's summaries only: imports of project modules stay unresolved. */
  private readonly fileResolver: SummaryResolver = {
    summariesOf: (file) => (file === this.file.filePath ? this.summaries : undefined),
    imported: (_file, module) => (isLibraryModule(module) ? 'missing' : 'unresolved'),
  };

  analyze(candidate: HandlerCandidate): { fact: HandlerFact; helpers: FunctionNode[] } {
    const { fn } = candidate;
    const id = this.idOf.get(fn);
    const root = this.summaries.find((s) => s.id === id) as FunctionSummary;
    const composition = composeHandler(this.file.filePath, root, this.fileResolver);

    const typeSources: SourceInfo[] = [...composition.typeSources];
    for (const t of candidate.declaredTypes) {
      const s = sourceFromTypeNode(t, HANDLER_TYPES) ?? sourceFromTypeNode(t, EVENT_TYPES);
      if (s) typeSources.push(s);
    }
    const eventParam = fn.params[0];
    const paramSource = sourceFromTypeNode(annotationOf(eventParam), EVENT_TYPES);
    if (paramSource) typeSources.push(paramSource);
    if (this.types) {
      const fromTypes = [
        candidate.declarationId ? this.types.typeNameOf(candidate.declarationId) : undefined,
        eventParam ? this.types.typeNameOf(eventParam) : undefined,
      ];
      for (const name of fromTypes) {
        const s = name === undefined ? undefined : (HANDLER_TYPES[name] ?? EVENT_TYPES[name]);
        if (s) typeSources.push(s);
      }
    }
    const recordTypes = this.recordTypes(fn);
    typeSources.push(...recordTypes);

    const fact: HandlerFact = {
      exportName: candidate.exportName,
      ...(candidate.aliases.length > 0 ? { aliases: candidate.aliases } : {}),
      span: spanOf(fn),
      source: decideSource({ types: typeSources, processors: this.powertoolsKinds, middy: this.usesMiddyBatchResponse, fields: composition.fieldSources, fifoField: composition.fifo }),
      usesPowertoolsBatch: this.usesPowertoolsBatch,
      usesMiddyBatchResponse: this.usesMiddyBatchResponse,
      returnsBatchResponse: composition.returnsBatchResponse,
      batchResponseSpan: composition.batchResponseSpan,
      loops: composition.loops,
      escapingThrows: composition.escapingThrows,
      swallowed: composition.swallowed,
      unprocessed: composition.unprocessed,
      summary: id,
      unresolvedCalls: composition.unresolved,
      bounded: composition.bounded,
      notFollowed: composition.notFollowed,
      idempotency: extractIdempotency(this.file, fn, candidate.wrappers),
    };
    const helpers = composition.reached.filter((r) => r !== id).map((r) => this.nodeOf.get(r)).filter((n): n is FunctionNode => n !== undefined);
    return { fact, helpers };
  }

  /** Record types written on the parameters of callbacks inside the handler (`(record: SQSRecord) => …`). */
  private recordTypes(fn: FunctionNode): SourceInfo[] {
    const out: SourceInfo[] = [];
    for (const s of this.summaries) {
      const node = this.nodeOf.get(s.id);
      if (!node || node === fn || !isInside(node, fn)) continue;
      // A callback written inside the handler (`(record: SQSRecord) => …`).
      const type = s.paramTypes[0];
      const info = type === undefined ? undefined : RECORD_TYPES[type];
      if (info) out.push(info);
    }
    return out;
  }
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
  originOf: (node: Node) => Origin | undefined = () => undefined,
): ItemIdentifierFact[] {
  const ctx: IdentifierContext = { file, originOf };
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
    out.push({ span: spanOf(prop.value), values: identifierValues(prop.value, ctx, 0), source, handlerExport });
  }
  return out;
}

interface IdentifierContext {
  file: FileContext;
  originOf: (node: Node) => Origin | undefined;
}

/**
 * Where a value comes from when it is certainly not a record's identifier: a message body or a
 * stream record's payload (parsed), an item image, a caught error, a service's response.
 */
function provenanceOf(origin: Origin | undefined): Extract<ItemIdentifierValue, { kind: 'derived' }>['from'] | undefined {
  if (!origin) return undefined;
  if ('other' in origin) return origin.other;
  const steps = origin.steps;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if ((step === 'body' || step === 'data' || step === 'Message') && steps[i + 1] === '~') return 'content';
    if (step === 'NewImage' || step === 'OldImage') return 'content';
  }
  return undefined;
}

function identifierValues(node: Node, ctx: IdentifierContext, depth: number): ItemIdentifierValue[] {
  const { file } = ctx;
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
      if (expr.expressions.length === 1 && only && expr.quasis.every((q) => q.value.cooked === '')) return identifierValues(only, ctx, depth + 1);
      return [{ kind: 'unknown' }];
    }
    case 'LogicalExpression':
      // `record.dynamodb?.SequenceNumber ?? ''`: the fallback only runs on malformed records.
      return expr.operator === '&&' ? [{ kind: 'unknown' }] : identifierValues(expr.left, ctx, depth + 1);
    case 'MemberExpression': {
      const from = provenanceOf(ctx.originOf(expr));
      if (from) return [{ kind: 'derived', from, text: textOf(file, expr) }];
      const path = memberPath(expr);
      return path ? [{ kind: 'field', path }] : [{ kind: 'unknown' }];
    }
    case 'CallExpression': {
      const from = provenanceOf(ctx.originOf(expr));
      if (from) return [{ kind: 'derived', from, text: textOf(file, expr) }];
      // `JSON.stringify(x)`: a JSON text, never an identifier (a string comes back quoted).
      const callee = unwrap(expr.callee);
      if (callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'JSON' && !file.symbols.isDeclared('JSON') && memberName(callee) === 'stringify') {
        return [{ kind: 'derived', from: 'serialised', text: textOf(file, expr) }];
      }
      // `String(x)` / `x.toString()` keep the value.
      if (expr.callee.type === 'Identifier' && expr.callee.name === 'String' && expr.arguments[0]) return identifierValues(expr.arguments[0], ctx, depth + 1);
      if (expr.callee.type === 'MemberExpression' && memberName(expr.callee) === 'toString') return identifierValues(expr.callee.object, ctx, depth + 1);
      return [{ kind: 'unknown' }];
    }
    case 'Identifier': {
      if (expr.name === 'undefined' && !file.symbols.isDeclared('undefined')) return [{ kind: 'empty', text: 'undefined' }];
      const binding = file.symbols.binding(expr.name, expr);
      if (!binding) return [{ kind: 'unknown' }];
      if (binding.kind === 'const' && binding.init) return identifierValues(binding.init, ctx, depth + 1);
      if (binding.destructuredKey !== undefined) return [{ kind: 'field', path: [binding.destructuredKey] }];
      return pushedValues(expr, ctx, depth);
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
function pushedValues(id: TSESTree.Identifier, ctx: IdentifierContext, depth: number): ItemIdentifierValue[] {
  const { file } = ctx;
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
      values.push(...identifierValues(arg, ctx, depth + 1));
    }
  }
  return values;
}

function textOf(file: FileContext, node: Node): string {
  const text = file.text.slice(node.range[0], node.range[1]);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
