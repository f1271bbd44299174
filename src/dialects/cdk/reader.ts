/**
 * The CDK reader: reads constructs from an app's source without executing it — TypeScript and
 * JavaScript as written, Python as python/lower.ts lowers it to the same syntax tree, so that the
 * catalogue (catalog.ts) and what each property means are written once for both languages.
 * Property names, defaults and the traps ("DLQ" means four different things): lambda-facts.md
 * §2.1 and Part 3 (aws-cdk-lib@2.276.0).
 */
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, isFunction, memberName, spanBetween, spanOf, traverse, unwrap, type FunctionNode, type Node, type Span } from '../../core/ast.js';
import { literalText, propertyName, propsSiteOf, type PropsSite } from '../../core/edits.js';
import { ABSENT, booleanProp, evaluatePrimitive, known, numberProp, ObjectView, resolveExpression, unknown, type ParamSetting, type Value } from '../../core/values.js';
import type {
  AsyncInvokeConfigFact,
  CallSiteFact,
  ConstructKey,
  EventSourceKind,
  EventSourceMappingFact,
  FunctionFact,
  HandlerLink,
  InfraFacts,
  PropertySpan,
  SuggestionExport,
  TargetRef,
} from '../../model/facts.js';
import { SUGGESTION_EXPORTS } from '../../model/facts.js';
import { fifoOfArn, splitHandler, withRuntime } from '../../model/aws-strings.js';
import type { FileContext } from '../../analyzers/file-context.js';
import {
  ARN_KINDS,
  ASYNC_EVENT_SOURCES,
  ASYNC_TRIGGERS,
  INVOKED_BY_TYPE,
  LIBRARY_FUNCTIONS,
  libraryOf,
  FUNCTION_CONSTRUCTS,
  HARMLESS_FUNCTION_MEMBERS,
  IDENTITY_MEMBERS,
  MAPPING_EVENT_SOURCES,
  QUEUE_CONSTRUCT,
  SYNC_TRIGGERS,
  type EventSourceClass,
} from './catalog.js';
import { evaluatePath, evaluatePaths, type PathOptions, type PathValue } from './paths.js';
import { classKey, creationKey, enclosingClass, thisFieldKey } from '../../analyzers/construct-keys.js';
import { cdkName, resolveCdkName } from './symbols.js';
import { streamByShape, type StreamShapeSetting } from '../../model/infra-model.js';
import { SymbolTable, type Binding } from '../../core/symbols.js';
import { INSTANCE_MARK } from '../../model/facts.js';
import { camelName, KWARGS_PARAM, OPEN_NAME, type PyKeywordsMarker, type PyParamMarker } from './python/lower.js';

type CallSiteArgument = CallSiteFact['args'][number];
/** What `argumentValues` gathers from one argument. */
interface ArgumentParts {
  values: NonNullable<CallSiteArgument['values']>;
  seconds: Record<string, number>;
  numbers: Record<string, number>;
  written: string[];
  /** No spread or computed key in the object literals walked: `written` is every property. */
  closed: boolean;
}

/**
 * Cheap pre-check: what a CDK module mentions — the library, or the `constructs` module alone (a
 * construct that only composes the app's own constructs, passing their resources along). A file
 * that names none has no CDK facts.
 */
export const CDK_MARKERS = ['aws-cdk-lib', '@aws-cdk/', "'constructs'", '"constructs"'];

export function mentionsCdk(text: string): boolean {
  return CDK_MARKERS.some((m) => text.includes(m));
}

export function emptyInfraFacts(): InfraFacts {
  return {
    aliases: {},
    callSites: [],
    functions: [],
    mappings: [],
    queues: [],
    asyncConfigs: [],
    invocations: [],
    names: { written: {}, quote: "'" },
  };
}

export function extractCdkFacts(file: FileContext): InfraFacts {
  if (!mentionsCdk(file.text)) return emptyInfraFacts();
  return new CdkExtractor(file).run();
}

/** The CDK facts of a file another language's reader lowered to ESTree (src/dialects/cdk/python/lower.ts). */
export function extractLoweredCdkFacts(file: FileContext): InfraFacts {
  return new CdkExtractor(file).run();
}

type Props = ObjectView;
/** A construction: `new X(scope, id, props)`, or a subclass's `super(scope, id, props)`. */
type Construction = TSESTree.NewExpression | TSESTree.CallExpression;


/** The props that give the path of a function's handler (a NodejsFunction's, a PythonFunction's). */
const PATH_KEYS = ['entry', 'index'];

/** Rounds of names found to stand for a function (a helper's result handed to another helper, …). */
const MAX_DERIVED_ROUNDS = 4;
/** The CDK's spelling (L2 options and L1 props alike) of the settings that tell a stream mapping from others (\`streamByShape\`). */
const CDK_STREAM_SHAPE: Readonly<Record<StreamShapeSetting, readonly string[]>> = {
  startingPosition: ['startingPosition'],
  topics: ['kafkaTopic', 'topics'],
  queues: ['queues'],
  selfManagedKafka: ['selfManagedKafkaEventSourceConfig', 'selfManagedEventSource', 'kafkaBootstrapServers'],
  managedKafka: ['amazonManagedKafkaEventSourceConfig'],
  documentDb: ['documentDbEventSourceConfig'],
};

/** A helper's calls read one by one, at most (more: one reading for all of them). */
const MAX_HELPER_INSTANCES = 24;

/** An \`undefined\` standing for a parameter a call does not give (no default). */
function undefinedAt(at: Node): Node {
  return { type: 'Identifier', name: 'undefined', range: at.range, loc: at.loc, parent: at.parent, decorators: [], optional: false, typeAnnotation: undefined } as unknown as Node;
}

const DURATION_UNITS: Readonly<Record<string, number>> = { millis: 0.001, seconds: 1, minutes: 60, hours: 3600, days: 86400 };

class CdkExtractor {
  private readonly facts = emptyInfraFacts();
  private readonly functionsByKey = new Map<ConstructKey, FunctionFact>();
  /** Identifier / `this.x` nodes that the extraction already understood (not escapes). */
  private readonly accounted = new Set<Node>();
  /** Event source objects bound to a name, waiting for `fn.addEventSource(name)`. */
  private readonly pendingSources = new Map<ConstructKey, EventSourceMappingFact>();
  private readonly pendingAsyncSources = new Map<ConstructKey, string>();
  /** The file's classes that extend a function construct (their instances are the function). */
  private readonly functionClasses = new Set<ConstructKey>();
  /** Functions created in a helper's `return`, with every call of the helper. */
  private readonly returnedFunctions: { fn: FunctionFact; calls: TSESTree.CallExpression[] }[] = [];
  /**
   * Names that stand for a function besides its own binding, found while classifying its uses: a
   * constant a helper's call that returns it is bound to, a parameter it is passed as.
   */
  private derived = new Map<string, FunctionFact[]>();

  /** How the file's language spells settings (Python: jsii's snake_case keywords). */
  private readonly spelling: { spelling?: 'cdk/python' };
  private readonly language: Pick<PropsSite, 'language'>;

  constructor(private readonly file: FileContext) {
    this.spelling = file.language === 'python' ? { spelling: 'cdk/python' } : {};
    this.language = file.language === 'python' ? { language: 'python' } : {};
  }

  /** Where a call's options are, for suggestions in the file's language. */
  private propsSite(call: Construction, index: number): PropsSite {
    return { ...propsSiteOf(call, index, this.file.text), ...this.language };
  }

  /** How this file turns partial batch responses on: `reportBatchItemFailures: true`, Python's `report_batch_item_failures=True`. */
  private partialResponsesSyntax(key: string, value: boolean | readonly string[]): EventSourceMappingFact['reportBatchItemFailuresSyntax'] {
    return { key: propertyName(this.language, key), value: literalText(this.language, value) };
  }

  run(): InfraFacts {
    const named = this.file.newExpressions.map((expr) => ({ expr, name: resolveCdkName(expr.callee, this.file.symbols) }));
    for (const { expr, name } of named) {
      if (name === undefined) continue;
      if (FUNCTION_CONSTRUCTS[name]) this.functionConstruct(expr, FUNCTION_CONSTRUCTS[name]);
      else if (name === QUEUE_CONSTRUCT) this.queue(expr);
    }
    // The app's own subclasses of a function construct (`class Worker extends NodejsFunction`):
    // the class is the function, its `super(scope, id, props)` the construction, every instance
    // (in any module) an alias of it.
    for (const call of this.file.callExpressions) {
      if (call.callee.type !== 'Super') continue;
      const cls = enclosingClass(call);
      const superClass = cls && (cls.type === 'ClassDeclaration' || cls.type === 'ClassExpression') ? cls.superClass : undefined;
      const name = superClass ? resolveCdkName(superClass, this.file.symbols) : undefined;
      const construct = name === undefined ? undefined : FUNCTION_CONSTRUCTS[name];
      if (!cls || construct === undefined) continue;
      const key = classKey(cls);
      this.functionClasses.add(key);
      this.functionConstruct(call, construct, key);
      const fact = this.functionsByKey.get(key);
      if (fact) fact.subclass = true;
    }
    for (const { expr, name } of named) {
      if (name === undefined) continue;
      const source = MAPPING_EVENT_SOURCES[name];
      if (source) this.eventSource(expr, source);
      else if (ASYNC_EVENT_SOURCES[name]) this.asyncEventSource(expr, ASYNC_EVENT_SOURCES[name]);
      else if (name === 'aws-lambda.EventSourceMapping') this.l2Mapping(expr);
      else if (name === 'aws-lambda.CfnEventSourceMapping') this.l1Mapping(expr);
      else if (name === 'aws-lambda.EventInvokeConfig') this.eventInvokeConfig(expr);
    }
    for (const call of this.file.callExpressions) this.functionMethodCall(call);
    this.collectCallSites();
    this.collectAliases();
    this.collectNames();
    this.classifyFunctionUses(named);
    return this.facts;
  }

  // -------------------------------------------------------------------------------------------
  // Keys: how one construct refers to another

  /** The key of the binding a `new X(…)` is stored in. */
  private creationKey(expr: Node): ConstructKey {
    return creationKey(expr, this.file.symbols);
  }

  /** The key a reference expression points at (`orders`, `this.orders`, `orders.queueArn`). */
  private refKey(node: Node, depth = 0): ConstructKey | undefined {
    if (depth > 8) return undefined;
    const e = unwrap(node);
    if (e.type === 'Identifier') {
      const binding = this.file.symbols.binding(e.name, e);
      if (!binding) return undefined;
      // A constant, or a `let` never assigned again (`let queues = props.queues`): its value's key.
      const initializer = this.file.symbols.constInitializer(e.name, e);
      if (initializer) {
        const init = unwrap(initializer);
        if (init.type !== 'NewExpression') return this.refKey(init, depth + 1);
      }
      const symbol = this.file.symbols.importedAs(e.name, e);
      if (symbol) return symbol.path.length > 0 ? `import:${symbol.module}#${symbol.path.join('.')}` : undefined;
      if (binding.kind === 'param') return this.paramKey(e);
      if (binding.kind === 'class') return `class:${e.name}`;
      if (binding.kind === 'function') return `fn:${e.name}`;
      return SymbolTable.keyOf(binding);
    }
    if (e.type === 'NewExpression') return this.creationKey(e);
    if (e.type === 'ThisExpression') return this.functionClassOf(e);
    if (e.type === 'CallExpression') {
      // A helper of this file that creates the construct: `const q = makeQueue(this, 'Jobs')`,
      // `const fn = this.createLambda('Audit', …)`.
      const helper = this.sameFileCallable(e.callee);
      const created = helper ? constructReturnedBy(helper) : undefined;
      return created ? this.creationKey(created) : undefined;
    }
    if (e.type === 'MemberExpression') {
      const thisKey = thisFieldKey(e);
      if (thisKey) return thisKey;
      const name = memberName(e);
      if (name === undefined) return undefined;
      if (ARN_KINDS[name] || name === 'functionName' || name === 'functionArn') return this.refKey(e.object, depth + 1);
      // `props.jobs` (a parameter's property), `shared.jobs` (an import's), `queues.jobs` (a field
      // of an instance of one of the project's classes).
      const instance = this.instanceClass(e.object);
      const made = instance ? this.instanceKey(e.object) : undefined;
      if (instance) return `inst:${instance}${made === undefined ? '' : `${INSTANCE_MARK}${made}`}.${name}`;
      const base = this.refKey(e.object, depth + 1);
      if (base?.startsWith('param:') || base?.startsWith('import:')) return `${base}.${name}`;
    }
    return undefined;
  }

  /** Inside a subclass of a function construct, `this` is the function: the class's key. */
  private functionClassOf(node: Node): ConstructKey | undefined {
    const cls = enclosingClass(node);
    const key = cls ? classKey(cls) : undefined;
    return key !== undefined && this.functionClasses.has(key) ? key : undefined;
  }

  /**
   * `queues` in `queues.jobs`, when `const queues = new Queues(…)` makes an instance of a project
   * class; or the instance itself, `new ResilientQueue(this, 'Jobs', …).queue`.
   */
  private instanceClass(node: Node): ConstructKey | undefined {
    const made = this.madeInstance(node);
    return made ? this.projectCallable(made.callee) : undefined;
  }

  /**
   * The \`new\` an instance comes from: the expression itself, a constant's initializer, or what a
   * helper of this file returns (\`const fn = this.buildWorker(props)\` where it returns \`new Worker(…)\`).
   */
  private madeInstance(node: Node): TSESTree.NewExpression | undefined {
    const e = unwrap(node);
    if (e.type === 'NewExpression') return e;
    if (e.type !== 'Identifier') return undefined;
    const init = this.file.symbols.constInitializer(e.name, e);
    const value = init ? unwrap(init) : undefined;
    if (value?.type === 'NewExpression') return value;
    const helper = value?.type === 'CallExpression' ? this.sameFileCallable(value.callee) : undefined;
    return helper ? constructReturnedBy(helper) : undefined;
  }


  /** The key of the \`new\` an instance comes from: the binding it is stored in, or the expression itself. */
  private instanceKey(node: Node): ConstructKey | undefined {
    const made = this.madeInstance(node);
    return made ? this.creationKey(made) : undefined;
  }


  /** A class or function of the project (this file's, or imported from a relative path): its key. */
  private projectCallable(callee: Node): ConstructKey | undefined {
    const e = unwrap(callee);
    if (e.type !== 'Identifier') return undefined;
    const binding = this.file.symbols.binding(e.name, e);
    if (!binding) return undefined;
    if (binding.kind === 'class') return `class:${e.name}`;
    if (binding.kind === 'function') return `fn:${e.name}`;
    if (binding.kind === 'const' && binding.init && isFunction(unwrap(binding.init))) return `fn:${e.name}`;
    const imported = this.file.symbols.importedAs(e.name, e);
    if (imported && !isLibrary(imported.module) && imported.path.length === 1) return `import:${imported.module}#${imported.path[0]}`;
    return undefined;
  }

  /** A parameter of a constructor or function of this file: `param:ctor:Worker:2`, `param:fn:wire:1.queue`. */
  private paramKey(id: TSESTree.Identifier): ConstructKey | undefined {
    let current: Node | undefined = id.parent;
    while (current) {
      if (isFunction(current)) {
        const fn = current;
        const index = fn.params.findIndex((p) => declaresName(p, id.name) !== undefined);
        if (index !== -1) {
          const callable = callableKey(fn);
          const param = fn.params[index];
          const key = param ? declaresName(param, id.name) : undefined;
          // A Python parameter can be given by keyword too: its name is part of the key.
          const target = param?.type === 'AssignmentPattern' ? param.left : param;
          const pyName = (target as (Node & PyParamMarker) | undefined)?.pyParam;
          const named = key === '' && this.file.language === 'python' ? `=${pyName === KWARGS_PARAM ? KWARGS_PARAM : camelName(id.name)}` : '';
          return callable && key !== undefined ? `param:${callable}:${index}${named}${key}` : undefined;
        }
      }
      current = current.parent;
    }
    return undefined;
  }

  /**
   * The function of this file a call runs: a function declared here (`makeQueue(…)`, a `const`
   * arrow) or a method of the enclosing class (`this.createLambda(…)`).
   */
  private sameFileCallable(callee: Node): FunctionNode | undefined {
    const e = unwrap(callee);
    if (e.type === 'Identifier') {
      const binding = this.file.symbols.binding(e.name, e);
      if (!binding || binding.imported) return undefined;
      const init = binding.kind === 'function' ? binding.init : this.file.symbols.constInitializer(e.name, e);
      const fn = init ? unwrap(init) : undefined;
      return isFunction(fn) ? fn : undefined;
    }
    if (e.type !== 'MemberExpression' || e.object.type !== 'ThisExpression') return undefined;
    const name = memberName(e);
    const cls = enclosingClass(e);
    if (name === undefined || !cls || (cls.type !== 'ClassDeclaration' && cls.type !== 'ClassExpression')) return undefined;
    for (const member of cls.body.body) {
      if (member.type !== 'MethodDefinition' && member.type !== 'PropertyDefinition') continue;
      if (member.static || member.computed || member.key.type !== 'Identifier' || member.key.name !== name) continue;
      if (member.type === 'MethodDefinition' && member.kind !== 'method') return undefined;
      const value = member.value ? unwrap(member.value) : undefined;
      return isFunction(value) ? value : undefined;
    }
    return undefined;
  }

  /** Every call in this file of each of its own functions and methods (`sameFileCallable`). */
  private callsByCallable(): Map<FunctionNode, TSESTree.CallExpression[]> {
    if (this.sameFileCalls) return this.sameFileCalls;
    const out = new Map<FunctionNode, TSESTree.CallExpression[]>();
    for (const call of this.file.callExpressions) {
      const fn = call.callee.type === 'Super' ? undefined : this.sameFileCallable(call.callee);
      if (!fn) continue;
      const list = out.get(fn) ?? [];
      list.push(call);
      out.set(fn, list);
    }
    this.sameFileCalls = out;
    return out;
  }

  private sameFileCalls: Map<FunctionNode, TSESTree.CallExpression[]> | undefined;

  /**
   * The calls of a function of this file that are all its calls: a method (a construct's helpers
   * are called through `this`), or a function no other module can import. Otherwise undefined:
   * other modules may call it.
   */
  private allCallsOf(fn: FunctionNode): TSESTree.CallExpression[] | undefined {
    const calls = this.callsByCallable().get(fn);
    if (!calls || calls.length === 0) return undefined;
    const parent = fn.parent;
    const isMethod = parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition';
    if (!isMethod && this.importable(fn)) return undefined;
    return calls;
  }

  /** Whether another module can import this function: exported, or a Python module's public top-level function. */
  private importable(fn: FunctionNode): boolean {
    for (let n: Node | undefined = fn.parent; n; n = n.parent) {
      if (n.type === 'ExportNamedDeclaration' || n.type === 'ExportDefaultDeclaration') return true;
      if (isFunction(n) || n.type === 'ClassBody') return false;
    }
    if (this.file.language === 'python') {
      const name = fn.type === 'FunctionDeclaration' ? fn.id?.name : fn.parent?.type === 'VariableDeclarator' && fn.parent.id.type === 'Identifier' ? fn.parent.id.name : undefined;
      return name === undefined || !name.startsWith('_');
    }
    // CommonJS: `module.exports = { make }` and the like name it somewhere else.
    return /\bmodule\.exports\b|\bexports\.\w/u.test(this.file.text);
  }

  // -------------------------------------------------------------------------------------------
  // Values

  private props(expr: TSESTree.NewExpression | TSESTree.CallExpression, index: number): Props {
    if (expr.arguments.slice(0, index + 1).some((a) => a.type === 'SpreadElement')) return ObjectView.unknownObject();
    const arg = expr.arguments[index];
    return arg ? ObjectView.of(arg, this.file.symbols) : ObjectView.empty();
  }

  /**
   * A `Duration` in seconds: `Duration.seconds(30)`, `cdk.Duration.minutes(5)`, a constant holding
   * one (`timeout: padding`), or one `plus`/`minus` another (`limit.plus(Duration.minutes(1))`).
   */
  private duration(props: Props, key: string): Value<number> {
    const p = props.get(key);
    if (p.state === 'absent') return ABSENT;
    if (p.state === 'unknown') return unknown();
    const e = unwrap(p.value);
    if (e.type === 'Identifier' && e.name === 'undefined') return ABSENT;
    const seconds = this.durationSeconds(p.value, 0);
    if (seconds !== undefined) return known(seconds, p.value);
    const param = this.paramDuration(p.value, 0);
    return param ? { state: 'unknown', span: spanOf(p.value), param } : unknown(p.value);
  }

  /**
   * A duration a parameter of the enclosing constructor, function or method gives, for the project
   * to settle from its calls: the parameter itself (a `Duration`: `timeout: props.timeout`), or
   * `Duration.<unit>(p)` (a number); with the default that applies when a call does not give it
   * (`props.timeout ?? Duration.seconds(29)`, `timeout = 900`, `Duration.seconds(p ?? 30)`).
   */
  private paramDuration(node: Node, depth: number): ParamSetting | undefined {
    if (depth > 4) return undefined;
    const e = resolveExpression(node, this.file.symbols);
    if (e.type === 'LogicalExpression' && (e.operator === '??' || e.operator === '||')) {
      const fallback = this.durationSeconds(e.right, 0);
      const inner = fallback === undefined ? undefined : this.paramDuration(e.left, depth + 1);
      return inner && inner.default === undefined ? { key: inner.key, name: inner.name, ...(inner.scale !== undefined ? { scale: inner.scale } : {}), default: fallback } : undefined;
    }
    // Python's `Duration.seconds(d) if d else None`: unset only when the parameter is falsy.
    if (e.type === 'ConditionalExpression') {
      const alternate = unwrap(e.alternate);
      const unset = alternate.type === 'Literal' ? alternate.value === null : alternate.type === 'Identifier' && alternate.name === 'undefined';
      const inner = unset ? this.paramDuration(e.consequent, depth + 1) : undefined;
      return inner && this.refKey(e.test) === inner.key ? inner : undefined;
    }
    const direct = this.refKey(e);
    if (direct?.startsWith('param:')) {
      const declared = this.paramDefault(e);
      const fallback = declared === undefined ? undefined : this.durationSeconds(declared, 0);
      const name = this.file.text.slice(e.range[0], e.range[1]);
      return fallback !== undefined ? { key: direct, name, default: fallback } : declared === undefined ? { key: direct, name, unsetIfNotGiven: true } : undefined;
    }
    if (e.type !== 'CallExpression' || e.callee.type !== 'MemberExpression' || e.arguments.length !== 1 || !e.arguments[0] || e.arguments[0].type === 'SpreadElement') return undefined;
    const method = memberName(e.callee);
    const factor = method === undefined ? undefined : DURATION_UNITS[method];
    if (factor === undefined || resolveCdkName(e.callee.object, this.file.symbols) !== 'core.Duration') return undefined;
    let arg = unwrap(e.arguments[0]);
    let fallback: number | undefined;
    if (arg.type === 'LogicalExpression' && (arg.operator === '??' || arg.operator === '||')) {
      const right = evaluatePrimitive(arg.right, this.file.symbols);
      if (!right.ok || typeof right.value !== 'number') return undefined;
      fallback = right.value;
      arg = unwrap(arg.left);
    }
    const key = this.refKey(arg);
    if (!key?.startsWith('param:')) return undefined;
    if (fallback === undefined) {
      const declared = this.paramDefault(arg);
      const n = declared === undefined ? undefined : evaluatePrimitive(declared, this.file.symbols);
      if (declared !== undefined && !(n?.ok && typeof n.value === 'number')) return undefined;
      if (n?.ok && typeof n.value === 'number') fallback = n.value;
    }
    return { key, name: this.file.text.slice(arg.range[0], arg.range[1]), scale: factor, ...(fallback !== undefined ? { default: fallback * factor } : {}) };
  }

  /** The default a parameter declares (`timeout = 900`, `{ timeout = Duration.seconds(30) }`), for the parameter or a property of it. */
  private paramDefault(node: Node): Node | undefined {
    const e = unwrap(node);
    if (e.type !== 'Identifier') return undefined;
    const binding = this.file.symbols.binding(e.name, e);
    if (binding?.kind !== 'param') return undefined;
    const parent = binding.declared.parent;
    return parent?.type === 'AssignmentPattern' && parent.left === binding.declared ? parent.right : undefined;
  }

  private durationSeconds(node: Node, depth: number): number | undefined {
    if (depth > 6) return undefined;
    const e = resolveExpression(node, this.file.symbols);
    if (e.type !== 'CallExpression' || e.callee.type !== 'MemberExpression' || e.arguments.length !== 1 || !e.arguments[0] || e.arguments[0].type === 'SpreadElement') return undefined;
    const method = memberName(e.callee);
    if (method === undefined) return undefined;
    const factor = DURATION_UNITS[method];
    if (factor !== undefined && resolveCdkName(e.callee.object, this.file.symbols) === 'core.Duration') {
      const n = evaluatePrimitive(e.arguments[0], this.file.symbols);
      return n.ok && typeof n.value === 'number' ? n.value * factor : undefined;
    }
    if (method === 'plus' || method === 'minus') {
      const left = this.durationSeconds(e.callee.object, depth + 1);
      const right = left === undefined ? undefined : this.durationSeconds(e.arguments[0], depth + 1);
      if (left === undefined || right === undefined) return undefined;
      return method === 'plus' ? left + right : left - right;
    }
    return undefined;
  }

  private present(props: Props, key: string): Value<boolean> {
    const p = props.get(key);
    if (p.state === 'absent') return ABSENT;
    if (p.state === 'unknown') return unknown();
    const v = evaluatePrimitive(p.value, this.file.symbols);
    if (v.ok && (v.value === undefined || v.value === null)) return ABSENT;
    return known(true, p.value);
  }

  /**
   * The queue or topic a value names: `dlq`, `this.dlq`, `new sqs.Queue(…)`, a destination
   * `new SqsDestination(dlq)`, or an import by literal ARN (`Queue.fromQueueArn(this, 'Id', 'arn:….fifo')`).
   */
  private targetRef(node: Node, depth = 0): TargetRef | undefined {
    const e = resolveExpression(node, this.file.symbols);
    if (depth < 4 && e.type === 'NewExpression' && e.arguments.length === 1 && e.arguments[0] && e.arguments[0].type !== 'SpreadElement') {
      const name = resolveCdkName(e.callee, this.file.symbols);
      if (name === 'aws-lambda-destinations.SqsDestination' || name === 'aws-lambda-destinations.SnsDestination' || name === 'aws-lambda-event-sources.SqsDlq' || name === 'aws-lambda-event-sources.SnsDlq') {
        const inner = this.targetRef(e.arguments[0], depth + 1);
        return inner ? { ...inner, span: spanOf(node) } : undefined;
      }
    }
    if (e.type === 'CallExpression' && e.callee.type === 'MemberExpression') {
      const method = memberName(e.callee);
      const arn = method === 'fromQueueArn' || method === 'fromTopicArn' ? e.arguments[2] : undefined;
      if (arn && arn.type !== 'SpreadElement') {
        const v = evaluatePrimitive(arn, this.file.symbols);
        return { fifo: v.ok ? fifoOfArn(v.value) : undefined, span: spanOf(node) };
      }
    }
    return { key: this.refKey(node), span: spanOf(node) };
  }

  /** The target of a property that names a queue or topic, when it is given. */
  private targetProp(props: Props, key: string): TargetRef | undefined {
    const p = props.get(key);
    return p.state === 'present' ? this.targetRef(p.value) : undefined;
  }

  /**
   * Props read as if the objects they spread from other modules (\`...defaultLambdaParams\`) set
   * none of their keys, and those objects, as imported: for the project to check where they are defined.
   */
  private lackingImportedSpreads(arg: Node): { view: Props; spreads: { module: string; name: string }[] } {
    const spreads: { module: string; name: string }[] = [];
    const view = ObjectView.of(arg, this.file.symbols, 0, (node) => {
      const inner = unwrap(node);
      const imported = inner.type === 'Identifier' ? this.file.symbols.importedAs(inner.name, inner) : undefined;
      if (!imported || imported.path.length !== 1) return undefined;
      spreads.push({ module: imported.module, name: imported.path[0] as string });
      return ObjectView.empty();
    });
    return { view, spreads };
  }

  private propertySpan(props: Props, key: string): PropertySpan | undefined {
    const p = props.get(key);
    if (p.state !== 'present') return undefined;
    return { property: spanOf(p.property), value: spanOf(p.value), removeRange: removalRange(this.file.text, p.property) };
  }

  /** `new X(scope, 'Id'`: the construct's head, where findings about it point. */
  private headSpan(expr: Construction): Span {
    return spanBetween(expr, expr.arguments[1] ?? expr.arguments[0] ?? expr.callee);
  }

  private scopeText(expr: Construction): string | undefined {
    const arg = expr.arguments[0];
    return arg && arg.type !== 'SpreadElement' ? this.file.text.slice(...arg.range) : undefined;
  }

  private constructId(expr: Construction): string | undefined {
    const arg = expr.arguments[1];
    if (!arg || arg.type === 'SpreadElement') return undefined;
    const v = evaluatePrimitive(arg, this.file.symbols);
    return v.ok && typeof v.value === 'string' ? v.value : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Functions and queues

  private functionConstruct(expr: Construction, construct: string, ownKey?: ConstructKey): void {
    // Made and returned by a helper of this file that is called more than once: one function per
    // call, read with the helper's parameters bound to what that call gives.
    const instances = ownKey === undefined && expr.type === 'NewExpression' ? this.helperInstances(expr) : undefined;
    if (instances) {
      const base = this.creationKey(expr);
      instances.forEach(({ call, values, identity }, i) => {
        this.file.symbols.withParamValues(values, () => this.functionFact(expr, construct, `${base}~${i}`, call));
        // The helper hands out the function's identity (an output of its ARN): others may invoke it.
        const made = this.functionsByKey.get(`${base}~${i}`);
        if (made && identity) made.invokers.mayHaveUnknownCallers = true;
      });
      return;
    }
    this.functionFact(expr, construct, ownKey ?? this.creationKey(expr));
  }

  /**
   * The calls of the helper of this file that makes and returns \`expr\` (directly, or a constant
   * it returns that it uses for nothing else but what neither invokes nor hands on the function),
   * when there are several and all are here, each with what it gives each of the helper's plain
   * parameters (a missing argument: the default, else \`undefined\`). Otherwise undefined.
   */
  private helperInstances(expr: TSESTree.NewExpression): { call: TSESTree.CallExpression; values: Map<Binding, Node>; identity: boolean }[] | undefined {
    let helper = returnedBy(expr);
    let identity = false;
    const declarator = expr.parent?.type === 'VariableDeclarator' && expr.parent.init === expr ? expr.parent : undefined;
    if (!helper && declarator?.id.type === 'Identifier') {
      const fn = enclosingFunction(expr);
      const binding = this.file.symbols.binding(declarator.id.name, declarator.id);
      const use = fn && binding?.kind === 'const' && constructReturnedBy(fn) === expr ? this.onlyReturned(binding, fn) : 'other';
      if (use !== 'other') helper = fn;
      identity = use === 'identity';
    }
    if (!helper) return undefined;
    const calls = this.allCallsOf(helper);
    if (!calls || calls.length < 2 || calls.length > MAX_HELPER_INSTANCES) return undefined;
    const params: { binding: Binding; fallback: Node | undefined; keyword: string }[] = [];
    for (const p of helper.params) {
      const target = p.type === 'AssignmentPattern' ? p.left : p;
      if (target.type !== 'Identifier') return undefined;
      const binding = this.file.symbols.binding(target.name, expr);
      if (binding?.kind !== 'param') return undefined;
      params.push({ binding, fallback: p.type === 'AssignmentPattern' ? p.right : undefined, keyword: this.file.language === 'python' ? camelName(target.name) : target.name });
    }
    const out: { call: TSESTree.CallExpression; values: Map<Binding, Node>; identity: boolean }[] = [];
    for (const call of calls) {
      const last = call.arguments[call.arguments.length - 1];
      const keywords = last?.type === 'ObjectExpression' && (last as PyKeywordsMarker).pyKeywords ? last : undefined;
      const positional = keywords ? call.arguments.slice(0, -1) : call.arguments;
      if (positional.some((a) => a.type === 'SpreadElement') || keywords?.properties.some((p) => p.type !== 'Property' || p.computed)) return undefined;
      const values = new Map<Binding, Node>();
      params.forEach((p, i) => {
        const byKeyword = keywords?.properties.find((k): k is TSESTree.Property => k.type === 'Property' && k.key.type === 'Identifier' && k.key.name === p.keyword);
        const given = (positional[i] as Node | undefined) ?? byKeyword?.value;
        values.set(p.binding, given ?? p.fallback ?? undefinedAt(p.binding.declared));
      });
      out.push({ call, values, identity });
    }
    return out;
  }

  /**
   * How the helper uses the constant holding its function besides returning it: \`harmless\` members
   * only (neither invoke nor hand it on), also its identity (\`functionArn\` in an output: unknown
   * callers may invoke it), or something \`other\`.
   */
  private onlyReturned(binding: Binding, fn: FunctionNode): 'harmless' | 'identity' | 'other' {
    let use: 'harmless' | 'identity' | 'other' = 'harmless';
    traverse(fn, this.file.keys, (node) => {
      if (use === 'other' || node.type !== 'Identifier' || node.name !== binding.name || node === binding.declared) return;
      if (this.file.symbols.binding(node.name, node) !== binding) return;
      const parent = node.parent;
      if (parent?.type === 'ReturnStatement') return;
      if (parent?.type === 'MemberExpression' && parent.object === node) {
        const member = memberName(parent);
        if (member !== undefined && (member === 'node' || HARMLESS_FUNCTION_MEMBERS.has(member) || member.startsWith('metric'))) return;
        if (member !== undefined && IDENTITY_MEMBERS.has(member) && parent.parent?.type !== 'CallExpression') {
          use = 'identity';
          return;
        }
      }
      use = 'other';
    });
    return use;
  }

  private functionFact(expr: Construction, construct: string, key: ConstructKey, instanceOf?: TSESTree.CallExpression): void {
    const props = this.props(expr, 2);
    const { deadLetter, deadLetterSpan: ownSpan, deadLetterTarget } = this.deadLetterSetting(props);
    // The helper's props are shared by every call: an instance's setting has no place of its own to edit.
    const deadLetterSpan = instanceOf ? undefined : ownSpan;
    const asyncKeys = ['onFailure', 'onSuccess', 'retryAttempts', 'maxEventAge'];
    const asyncConfig = asyncKeys.some((k) => props.get(k).state !== 'absent') ? this.asyncConfig(expr, props, key) : undefined;
    if (asyncConfig) this.facts.asyncConfigs.push(asyncConfig);
    // Props that spread objects other modules export (\`...defaultLambdaParams\`): the settings as
    // written when those objects set none of their keys, for the project to check where they are defined.
    const arg = expr.arguments[2];
    const { view: assumed, spreads } = arg && arg.type !== 'SpreadElement' ? this.lackingImportedSpreads(arg) : { view: undefined, spreads: [] };
    const timeout = this.duration(props, 'timeout');
    let ifSpreadsLack: FunctionFact['ifSpreadsLack'];
    if (assumed && spreads.length > 0 && (deadLetter.state === 'unknown' || timeout.state === 'unknown' || asyncConfig)) {
      const lacking = this.deadLetterSetting(assumed);
      const lackingAsync = asyncKeys.some((k) => assumed.get(k).state !== 'absent') ? this.asyncConfig(expr, assumed, key) : undefined;
      ifSpreadsLack = { spreads, deadLetter: lacking.deadLetter, timeout: this.duration(assumed, 'timeout'), ...(lackingAsync ? { asyncConfig: lackingAsync } : {}) };
    }
    const fact: FunctionFact = {
      dialect: 'cdk',
      key,
      construct,
      constructId: this.constructId(expr),
      span: spanOf(expr),
      // One of a helper's instances: found at the call that makes it; its props are the helper's,
      // shared by every call, so no suggestion edits them.
      headSpan: instanceOf ? spanBetween(instanceOf, instanceOf.arguments[0] ?? instanceOf.callee) : this.headSpan(expr),
      scopeText: this.scopeText(expr),
      props: instanceOf ? { kind: 'other', span: spanOf(instanceOf) } : this.propsSite(expr, 2),
      ...this.spelling,
      timeout,
      defaultTimeout: LIBRARY_FUNCTIONS[construct]?.defaultTimeout ?? 3,
      deadLetter,
      deadLetterSpan,
      ...(deadLetterTarget ? { deadLetterTarget } : {}),
      asyncConfig,
      ...(ifSpreadsLack ? { ifSpreadsLack } : {}),
      invokers: { mappings: 0, async: [], sync: 0, objectEscapes: false, mayHaveUnknownCallers: false },
      handler: this.linkOfProps(expr, construct, props),
    };
    const library = LIBRARY_FUNCTIONS[construct];
    if (library?.asyncPerEntry && props.get(library.asyncPerEntry.prop).state !== 'absent') fact.invokers.async.push(library.asyncPerEntry.label);
    if (library?.sync) fact.invokers.sync++;
    this.registerFunction(expr, key, fact, props, instanceOf);
  }

  /** A function's dead-letter setting: \`deadLetterQueue\`, \`deadLetterTopic\` or \`deadLetterQueueEnabled: true\`. */
  private deadLetterSetting(props: Props): { deadLetter: Value<'queue' | 'topic' | 'enabled'>; deadLetterSpan: PropertySpan | undefined; deadLetterTarget: TargetRef | undefined } {
    const deadLetterQueue = this.present(props, 'deadLetterQueue');
    const deadLetterTopic = this.present(props, 'deadLetterTopic');
    const enabled = booleanProp(props, 'deadLetterQueueEnabled', this.file.symbols);
    let deadLetter: Value<'queue' | 'topic' | 'enabled'>;
    let deadLetterSpan: PropertySpan | undefined;
    let deadLetterTarget: TargetRef | undefined;
    if (deadLetterQueue.state === 'known') {
      deadLetter = known('queue', this.valueNode(props, 'deadLetterQueue'));
      deadLetterSpan = this.propertySpan(props, 'deadLetterQueue');
      deadLetterTarget = this.targetProp(props, 'deadLetterQueue');
    } else if (deadLetterTopic.state === 'known') {
      deadLetter = known('topic', this.valueNode(props, 'deadLetterTopic'));
      deadLetterSpan = this.propertySpan(props, 'deadLetterTopic');
      deadLetterTarget = this.targetProp(props, 'deadLetterTopic');
    } else if (enabled.state === 'known' && enabled.value) {
      deadLetter = known('enabled', this.valueNode(props, 'deadLetterQueueEnabled'));
      deadLetterSpan = this.propertySpan(props, 'deadLetterQueueEnabled');
    } else if (deadLetterQueue.state === 'unknown' || deadLetterTopic.state === 'unknown' || enabled.state === 'unknown') {
      deadLetter = unknown();
    } else {
      deadLetter = ABSENT;
    }
    return { deadLetter, deadLetterSpan, deadLetterTarget };
  }

  /** Records a function fact, and how its uses are to be followed. */
  private registerFunction(expr: Construction, key: ConstructKey, fact: FunctionFact, props: Props, instanceOf?: TSESTree.CallExpression): void {
    // Returned by a helper of this file whose calls are all here (`return new Function(…)`): what
    // each call's result is used for (classifyFunctionUses); an instance, its own call's.
    const returner = instanceOf ? [instanceOf] : key.startsWith('node:') ? this.returningHelper(expr) : undefined;
    if (returner) this.returnedFunctions.push({ fn: fact, calls: returner });
    // Created without a name (returned from a helper, passed along): its uses cannot be followed.
    else if (key.startsWith('node:') && expr.parent?.type !== 'ExpressionStatement') {
      fact.invokers.objectEscapes = true;
      fact.invokers.mayHaveUnknownCallers = true;
    }
    // A class field or an exported binding is reachable from other files, which may add triggers.
    const declarator = expr.parent?.type === 'VariableDeclarator' ? expr.parent : undefined;
    if (key.startsWith('class:') || declarator?.parent?.parent?.type === 'ExportNamedDeclaration') {
      fact.invokers.mayHaveUnknownCallers = true;
    }
    this.facts.functions.push(fact);
    this.functionsByKey.set(key, fact);
    // `events: [new SqsEventSource(q)]` in the function's own props.
    const events = props.get('events');
    if (events.state === 'present' && unwrap(events.value).type === 'ArrayExpression') {
      for (const el of (unwrap(events.value) as TSESTree.ArrayExpression).elements) {
        if (el && el.type !== 'SpreadElement') this.registerEventSourceTarget(el, key);
      }
    } else if (events.state !== 'absent') {
      fact.invokers.mayHaveUnknownCallers = true;
    }
  }

  /** The calls of the helper of this file that returns `expr` (`return expr`, `() => expr`), when they are all its calls. */
  private returningHelper(expr: Node): TSESTree.CallExpression[] | undefined {
    const helper = returnedBy(expr);
    return helper ? this.allCallsOf(helper) : undefined;
  }

  private valueNode(props: Props, key: string): Node {
    const p = props.get(key);
    if (p.state !== 'present') throw new Error(`${key} is not present`);
    return p.value;
  }

  /**
   * The function's handler link, and, when its props spread objects imported from other modules
   * (\`...defaultLambdaParams\`) that this file cannot see, the link they give if they set none of
   * the keys that place the handler (the project reads their keys where they are defined).
   */
  private linkOfProps(expr: Construction, construct: string, props: Props): HandlerLink {
    const link = withRuntime(this.handlerLink(expr, construct, props), this.runtimeOf(construct, props));
    const arg = expr.arguments[2];
    if (!arg || arg.type === 'SpreadElement' || link.unknown === undefined) return link;
    // `{ runtime, ...props }` of a parameter (a subclass's constructor, a helper): the keys that
    // place the handler are the caller's, filled from each call as the parameter's own are.
    // (The entry is a path the call gives; the export, when the call names one, is read there too.)
    const spread: Node[] = [];
    const fromParams = ObjectView.of(arg, this.file.symbols, 0, (node) => {
      const inner = unwrap(node);
      if (inner.type !== 'Identifier' || this.file.symbols.binding(inner.name, inner)?.kind !== 'param') return undefined;
      spread.push(inner);
      return ObjectView.ofMembers(inner, PATH_KEYS);
    });
    const [param] = spread;
    if (spread.length === 1 && param && (construct === 'NodejsFunction' || construct === 'PythonFunction')) {
      const filled = withRuntime(this.handlerLink(expr, construct, fromParams), this.runtimeOf(construct, fromParams));
      const base = this.refKey(param);
      if (filled.template && base?.startsWith('param:') && props.get('handler').state !== 'present') return { ...filled, template: { ...filled.template, exportParam: `${base}.handler` } };
      if (filled.unknown === undefined && !filled.template) return filled;
    }
    const { view: assumed, spreads } = this.lackingImportedSpreads(arg);
    if (spreads.length === 0) return link;
    const ifLacking = withRuntime(this.handlerLink(expr, construct, assumed), this.runtimeOf(construct, assumed));
    return ifLacking.unknown === undefined ? { ...link, ifSpreadsLack: { spreads, link: ifLacking } } : link;
  }

  private handlerLink(expr: Construction, construct: string, props: Props): HandlerLink {
    const handler = props.get('handler');
    const handlerString = this.stringProp(props, 'handler');
    const code = props.get('code');
    const library = LIBRARY_FUNCTIONS[construct];
    if (library) {
      const artifact = this.stringProp(props, library.artifact);
      const split = handlerString === undefined ? undefined : splitHandler(handlerString);
      return {
        file: undefined,
        exportName: split?.exportName,
        ...(artifact !== undefined && split ? { fromArtifact: { name: artifact, modulePath: split.modulePath } } : {}),
        unknown:
          artifact === undefined
            ? `the code is the artifact ${library.artifact} names, which the build uploads to a bucket (${construct}): not a literal file name`
            : `the code is the artifact ${artifact}, which the build uploads to a bucket (${construct}): no zip command of the project's GitHub Actions steps or package.json scripts makes it${split ? ` with ${split.modulePath}` : ''}`,
      };
    }
    // A NodejsFunction given `code` is not bundled from `entry`: its handler is `file.export` in that code.
    if (construct === 'NodejsFunction' && code.state === 'absent') {
      const exportName = handler.state === 'absent' ? 'handler' : handlerString?.includes('.') ? handlerString.slice(handlerString.lastIndexOf('.') + 1) : handlerString;
      const entry = props.get('entry');
      if (entry.state === 'absent') {
        // Default entry: <defining file without extension>.<construct id>.(ts|js|…)
        const id = this.constructId(expr);
        const base = this.file.filePath.slice(0, this.file.filePath.length - path.extname(this.file.filePath).length);
        return id === undefined ? { file: undefined, exportName, unknown: 'no entry, and the construct id (which names the default entry) is not a literal' } : { file: `${base}.${id}`, exportName };
      }
      const holes: string[] = [];
      const paths = entry.state === 'unknown' ? [undefined] : evaluatePaths(entry.value, this.file, this.templateOptions(holes));
      return oneOf(
        paths.map((p): HandlerLink => {
          if (p === undefined) return { file: undefined, exportName, unknown: 'entry is not a path lambda-lint can evaluate' };
          if (holes.length > 0) return { file: undefined, exportName, template: templateOf(p, holes) };
          // CDK tests `fs.existsSync(entry)` on the string as given: a relative entry is relative to
          // where `cdk synth` runs (the folder with cdk.json), not to this file; the project resolves it.
          return 'absolute' in p ? { file: p.absolute, exportName } : { file: undefined, fromAppRoot: p.relative, exportName };
        }),
      );
    }
    // PythonFunction: `entry` (a folder; a relative one from where `cdk synth` runs, as CDK
    // `path.resolve`s it), the module `index` in it (default `index.py`) and the function `handler`
    // (default `handler`), as @aws-cdk/aws-lambda-python-alpha's constructor reads them.
    if (construct === 'PythonFunction') return this.pythonFunctionLink(props);
    // Function + Code.fromAsset(dir) + handler 'path/file.export'.
    const split = handlerString === undefined ? undefined : splitHandler(handlerString);
    if (!split && handlerString === undefined && handler.state === 'present') {
      // \`handler: props.handler\` in a construct or helper: the module and export each call names.
      const param = this.refKey(handler.value);
      const dir = param?.startsWith('param:') && code.state === 'present' ? this.assetDirectory(resolveExpression(code.value, this.file.symbols)) : undefined;
      if (param && dir) return withHandlerParam(this.inDirectory(dir, '', undefined, 'the asset directory'), param);
    }
    if (!split) return { file: undefined, exportName: undefined, unknown: handlerString === undefined ? 'handler is not a literal' : `handler ${handlerString} is not of the form file.export` };
    const { modulePath, exportName } = split;
    if (code.state !== 'present') return { file: undefined, exportName, unknown: 'code is not given literally' };
    const codeExpr = resolveExpression(code.value, this.file.symbols);
    // Inline code read from a file of the app when it is synthesised: that file is the handler's module.
    const inlineFile = this.inlineSourceFile(codeExpr);
    if (inlineFile) return this.inDirectory(inlineFile, '', exportName, 'the file the inline code is read from');
    const dirArg = this.assetDirectory(codeExpr);
    if (!dirArg) return { file: undefined, exportName, unknown: codeKind(codeExpr) };
    return this.inDirectory(dirArg, modulePath, exportName, 'the asset directory');
  }

  /**
   * The handler file \`inside\` a folder the code names (an asset directory, a PythonFunction's
   * entry; `''` for the file the path itself names, inline code read from it): a relative path
   * is relative to where `cdk synth` runs, which the project resolves.
   */
  private inDirectory(dir: Node, inside: string, exportName: string | undefined, what: string): HandlerLink {
    const holes: string[] = [];
    return oneOf(
      evaluatePaths(dir, this.file, this.templateOptions(holes)).map((d): HandlerLink => {
        if (d && holes.length > 0) return { file: undefined, exportName, template: templateOf(d, holes, inside) };
        if (d && 'absolute' in d) return { file: path.join(d.absolute, inside), exportName };
        if (!d) return { file: undefined, exportName, unknown: `${what} is not a path lambda-lint can evaluate` };
        return { file: undefined, fromAppRoot: path.join(d.relative, inside), exportName };
      }),
    );
  }

  /**
   * The path of the file inline code is read from: \`Code.fromInline(readFileSync(p, 'utf8'))\`, \`new
   * InlineCode(fs.readFileSync(p).toString())\`, and Python's \`InlineCode(open(p).read())\` (also
   * through \`with open(p) as f: code = f.read()\`). CDK deploys it as the function's only module.
   */
  private inlineSourceFile(c: Node): Node | undefined {
    let arg: Node | undefined;
    if (c.type === 'CallExpression' && c.callee.type === 'MemberExpression') {
      const method = memberName(c.callee);
      if ((method === 'fromInline' || method === 'inline') && CODE_CLASSES.has(resolveCdkName(c.callee.object, this.file.symbols) ?? '')) arg = c.arguments[0];
    } else if (c.type === 'NewExpression' && resolveCdkName(c.callee, this.file.symbols) === 'aws-lambda.InlineCode') {
      arg = c.arguments[0];
    }
    if (!arg || arg.type === 'SpreadElement') return undefined;
    let text = resolveExpression(arg, this.file.symbols);
    // `….toString()`, `….read()` of what `open(p)` gives.
    for (let i = 0; i < 3 && text.type === 'CallExpression' && text.callee.type === 'MemberExpression'; i++) {
      const method = memberName(text.callee);
      if (method !== 'toString' && method !== 'read') break;
      text = resolveExpression(text.callee.object, this.file.symbols);
    }
    if (text.type !== 'CallExpression' || !text.arguments[0] || text.arguments[0].type === 'SpreadElement') return undefined;
    const callee = unwrap(text.callee);
    if (callee.type === 'Identifier' && callee.name === OPEN_NAME && this.file.language === 'python') return text.arguments[0];
    const imported = this.file.symbols.resolveImport(text.callee);
    return imported && (imported.module === 'fs' || imported.module === 'node:fs') && imported.path[imported.path.length - 1] === 'readFileSync' ? text.arguments[0] : undefined;
  }

  /**
   * The function's runtime: \`Runtime.PYTHON_3_12\` (the member's name), \`new Runtime('python3.12')\`;
   * a NodejsFunction runs Node.js and a PythonFunction Python whatever runtime they are given.
   */
  private runtimeOf(construct: string, props: Props): string | undefined {
    if (construct === 'NodejsFunction') return 'nodejs';
    if (construct === 'PythonFunction') return 'python';
    const runtime = props.get('runtime');
    if (runtime.state !== 'present') return undefined;
    const expr = resolveExpression(runtime.value, this.file.symbols);
    if (expr.type === 'MemberExpression') {
      const name = resolveCdkName(expr, this.file.symbols);
      return name?.startsWith('aws-lambda.Runtime.') ? name.slice('aws-lambda.Runtime.'.length) : undefined;
    }
    if (expr.type === 'NewExpression' && resolveCdkName(expr.callee, this.file.symbols) === 'aws-lambda.Runtime' && expr.arguments[0]) {
      const name = evaluatePrimitive(expr.arguments[0], this.file.symbols);
      return name.ok && typeof name.value === 'string' ? name.value : undefined;
    }
    return undefined;
  }

  /** A prop's string value when the file settles it; \`fallback\` when the prop is not given (CDK's default). */
  private stringProp(props: Props, key: string, fallback?: string): string | undefined {
    const p = props.get(key);
    if (p.state === 'absent') return fallback;
    if (p.state === 'unknown') return undefined;
    const r = evaluatePrimitive(p.value, this.file.symbols);
    return r.ok && typeof r.value === 'string' ? r.value : undefined;
  }

  private pythonFunctionLink(props: Props): HandlerLink {
    const index = this.stringProp(props, 'index', 'index.py');
    const exportName = this.stringProp(props, 'handler', 'handler');
    if (index === undefined || exportName === undefined) return { file: undefined, exportName, unknown: `${index === undefined ? 'index' : 'handler'} is not a literal` };
    const entry = props.get('entry');
    if (entry.state !== 'present') return { file: undefined, exportName, unknown: 'entry is not given literally' };
    return this.inDirectory(entry.value, index, exportName, 'entry');
  }

  /** Path evaluation that leaves a hole for each parameter of the enclosing callable it reads. */
  private templateOptions(holes: string[]): PathOptions {
    return {
      holes,
      parameter: (node) => {
        const key = this.refKey(node);
        return key?.startsWith('param:') ? key : undefined;
      },
    };
  }

  /**
   * The directory argument of `Code.fromAsset(dir)`, `Code.asset(dir)` (CDK v1) or `new
   * AssetCode(dir)`. The static methods are `Code`'s, inherited by its subclasses: aws-cdk-lib's
   * `AssetCode.fromAsset(dir)` is `Code.fromAsset(dir)`. `Code.fromCustomCommand(output, command)`
   * runs the command where `cdk synth` runs and is then \`new AssetCode(output)\`: the folder is its
   * output (a build's, found from the project's bundler scripts when it is not in the repository).
   */
  private assetDirectory(c: Node): Node | undefined {
    let arg: Node | undefined;
    if (c.type === 'CallExpression' && c.callee.type === 'MemberExpression') {
      const method = memberName(c.callee);
      if ((method === 'fromAsset' || method === 'asset' || method === 'fromCustomCommand') && CODE_CLASSES.has(resolveCdkName(c.callee.object, this.file.symbols) ?? '')) arg = c.arguments[0];
    } else if (c.type === 'NewExpression' && resolveCdkName(c.callee, this.file.symbols) === 'aws-lambda.AssetCode') {
      arg = c.arguments[0];
    }
    return arg && arg.type !== 'SpreadElement' ? arg : undefined;
  }

  private queue(expr: TSESTree.NewExpression): void {
    const props = this.props(expr, 2);
    const fifoProp = booleanProp(props, 'fifo', this.file.symbols);
    const name = props.get('queueName');
    const nameValue = name.state === 'present' ? evaluatePrimitive(name.value, this.file.symbols) : undefined;
    const cbd = booleanProp(props, 'contentBasedDeduplication', this.file.symbols);
    let fifo: Value<boolean>;
    if (fifoProp.state === 'known') fifo = fifoProp;
    else if (nameValue?.ok && typeof nameValue.value === 'string' && nameValue.value.endsWith('.fifo')) fifo = known(true, (name as { value: Node }).value);
    else if (cbd.state === 'known' && cbd.value) fifo = cbd;
    else if (fifoProp.state === 'unknown' || name.state === 'unknown' || (name.state === 'present' && !nameValue?.ok) || cbd.state === 'unknown') fifo = unknown();
    else fifo = ABSENT;
    this.facts.names.queueCallee ??= this.file.text.slice(...expr.callee.range);
    this.facts.queues.push({
      dialect: 'cdk',
      key: this.creationKey(expr),
      constructId: this.constructId(expr),
      span: spanOf(expr),
      headSpan: this.headSpan(expr),
      props: this.propsSite(expr, 2),
      ...this.spelling,
      fifo,
      visibilityTimeout: this.duration(props, 'visibilityTimeout'),
      ...this.timeoutReference(props, 'visibilityTimeout'),
      visibilityTimeoutSpan: this.propertySpan(props, 'visibilityTimeout'),
      redrive: this.present(props, 'deadLetterQueue'),
      ...this.redriveTarget(props),
      scopeText: this.scopeText(expr),
    });
  }

  /** `visibilityTimeout: worker.timeout`: the function whose timeout it is. */
  private timeoutReference(props: Props, key: string): { visibilityFromTimeoutOf?: ConstructKey } {
    const p = props.get(key);
    if (p.state !== 'present') return {};
    const e = unwrap(p.value);
    if (e.type !== 'MemberExpression' || memberName(e) !== 'timeout') return {};
    const fn = this.refKey(e.object);
    return fn === undefined ? {} : { visibilityFromTimeoutOf: fn };
  }

  /** `deadLetterQueue: { queue: dlq, maxReceiveCount }`: the queue it names. */
  private redriveTarget(props: Props): { redriveTarget?: TargetRef } {
    const p = props.get('deadLetterQueue');
    if (p.state !== 'present') return {};
    const target = this.targetProp(ObjectView.of(p.value, this.file.symbols), 'queue');
    return target ? { redriveTarget: target } : {};
  }

  // -------------------------------------------------------------------------------------------
  // Event source mappings

  private streamSettings(props: Props): Pick<EventSourceMappingFact, 'retryAttempts' | 'maxRecordAge' | 'bisectBatchOnError' | 'onFailure' | 'onFailureSpan' | 'maxBatchingWindow'> {
    return {
      retryAttempts: numberProp(props, 'retryAttempts', this.file.symbols),
      maxRecordAge: this.duration(props, 'maxRecordAge'),
      bisectBatchOnError: booleanProp(props, 'bisectBatchOnError', this.file.symbols),
      onFailure: this.present(props, 'onFailure'),
      onFailureSpan: this.propertySpan(props, 'onFailure'),
      maxBatchingWindow: this.duration(props, 'maxBatchingWindow'),
    };
  }

  private eventSource(expr: TSESTree.NewExpression, source: EventSourceClass): void {
    const props = this.props(expr, 1);
    const sourceArg = expr.arguments[0];
    const fact: EventSourceMappingFact = {
      dialect: 'cdk',
      kind: source.kind,
      construct: source.construct,
      span: spanOf(expr),
      props: this.propsSite(expr, 1),
      ...this.spelling,
      functionKey: undefined,
      sourceKey: sourceArg && sourceArg.type !== 'SpreadElement' ? this.refKey(sourceArg) : undefined,
      batchSize: numberProp(props, 'batchSize', this.file.symbols),
      defaultBatchSize: source.defaultBatchSize,
      reportBatchItemFailures: booleanProp(props, 'reportBatchItemFailures', this.file.symbols),
      reportBatchItemFailuresSyntax: this.partialResponsesSyntax('reportBatchItemFailures', true),
      ...this.streamSettings(props),
    };
    this.facts.mappings.push(fact);
    this.pendingSources.set(this.creationKey(expr), fact);
  }

  private asyncEventSource(expr: TSESTree.NewExpression, label: string): void {
    this.pendingAsyncSources.set(this.creationKey(expr), label);
  }

  /** An event source object reaching a function (`fn.addEventSource(x)`, `events: [x]`). */
  private registerEventSourceTarget(node: Node, functionKey: ConstructKey | undefined): void {
    const key = this.refKey(node);
    const fn = functionKey === undefined ? undefined : this.functionsByKey.get(functionKey);
    const mapping = key === undefined ? undefined : this.pendingSources.get(key);
    const asyncLabel = key === undefined ? undefined : this.pendingAsyncSources.get(key);
    if (mapping) {
      mapping.functionKey = functionKey;
      if (fn) fn.invokers.mappings++;
    } else if (asyncLabel) {
      if (fn) fn.invokers.async.push(asyncLabel);
      else if (functionKey !== undefined) this.facts.invocations.push({ functionKey, kind: 'async', label: asyncLabel });
    } else if (fn) {
      // An event source this file does not define: could be anything, sync or async.
      fn.invokers.mayHaveUnknownCallers = true;
    }
  }

  private l2Mapping(expr: TSESTree.NewExpression): void {
    const props = this.props(expr, 2);
    const target = props.get('target');
    const functionKey = target.state === 'present' ? this.refKey(target.value) : undefined;
    if (target.state === 'present') this.markAccounted(target.value);
    this.optionsMapping(expr, props, 2, functionKey, 'EventSourceMapping');
  }

  /** What `eventSourceArn: queue.queueArn` (or `streamArn`, `tableStreamArn`) reads from. */
  private eventSourceArn(props: Props): { kind: EventSourceKind; key: ConstructKey | undefined } {
    const arn = props.get('eventSourceArn');
    if (arn.state !== 'present') return { kind: 'unknown', key: undefined };
    const e = unwrap(arn.value);
    const attr = e.type === 'MemberExpression' ? memberName(e) : undefined;
    const kind = attr === undefined ? undefined : ARN_KINDS[attr];
    if (kind) return { kind, key: this.refKey(e) };
    // An ARN not evaluated here, on a mapping shaped like a stream's (a starting position, no Kafka or other source settings).
    const written = (keys: readonly string[]): 'present' | 'absent' | 'unknown' => {
      const states = keys.map((k) => props.get(k).state);
      return states.includes('present') ? 'present' : states.includes('unknown') ? 'unknown' : 'absent';
    };
    return { kind: streamByShape((s) => written(CDK_STREAM_SHAPE[s])) ? 'stream' : 'unknown', key: undefined };
  }

  /** `fn.addEventSourceMapping(id, options)` and `new EventSourceMapping(scope, id, { target, … })`. */
  private optionsMapping(call: TSESTree.NewExpression | TSESTree.CallExpression, props: Props, index: number, functionKey: ConstructKey | undefined, construct: string): void {
    const source = this.eventSourceArn(props);
    const kind: EventSourceKind = props.get('kafkaTopic').state === 'present' ? 'kafka' : source.kind;
    const sourceKey = source.key;
    const fact: EventSourceMappingFact = {
      dialect: 'cdk',
      kind,
      construct,
      span: spanOf(call),
      props: this.propsSite(call, index),
      ...this.spelling,
      functionKey,
      sourceKey,
      batchSize: numberProp(props, 'batchSize', this.file.symbols),
      defaultBatchSize: kind === 'sqs' ? 10 : 100,
      reportBatchItemFailures: booleanProp(props, 'reportBatchItemFailures', this.file.symbols),
      reportBatchItemFailuresSyntax: this.partialResponsesSyntax('reportBatchItemFailures', true),
      ...this.streamSettings(props),
    };
    this.facts.mappings.push(fact);
    const fn = functionKey === undefined ? undefined : this.functionsByKey.get(functionKey);
    if (fn) fn.invokers.mappings++;
  }

  /** `new CfnEventSourceMapping(scope, id, { functionName, eventSourceArn, functionResponseTypes, … })`. */
  private l1Mapping(expr: TSESTree.NewExpression): void {
    const props = this.props(expr, 2);
    const fnProp = props.get('functionName');
    const functionKey = fnProp.state === 'present' ? this.refKey(fnProp.value) : undefined;
    if (fnProp.state === 'present') this.markAccounted(fnProp.value);
    const { kind, key: sourceKey } = this.eventSourceArn(props);
    const types = props.get('functionResponseTypes');
    let rbif: Value<boolean> = ABSENT;
    if (types.state === 'unknown') rbif = unknown();
    else if (types.state === 'present') {
      const arr = unwrap(types.value);
      if (arr.type !== 'ArrayExpression') rbif = unknown(types.value);
      else {
        const values = arr.elements.map((el) => (el && el.type !== 'SpreadElement' ? evaluatePrimitive(el, this.file.symbols) : { ok: false as const }));
        if (values.some((v) => !v.ok)) rbif = unknown(types.value);
        else rbif = known(values.some((v) => v.ok && v.value === 'ReportBatchItemFailures'), types.value);
      }
    }
    const destination = props.get('destinationConfig');
    let onFailure: Value<boolean> = ABSENT;
    if (destination.state === 'unknown') onFailure = unknown();
    else if (destination.state === 'present') onFailure = this.present(ObjectView.of(destination.value, this.file.symbols), 'onFailure');
    const fact: EventSourceMappingFact = {
      dialect: 'cdk',
      kind,
      construct: 'CfnEventSourceMapping',
      span: spanOf(expr),
      props: this.propsSite(expr, 2),
      ...this.spelling,
      functionKey,
      sourceKey,
      batchSize: numberProp(props, 'batchSize', this.file.symbols),
      defaultBatchSize: kind === 'sqs' ? 10 : 100,
      reportBatchItemFailures: rbif,
      reportBatchItemFailuresSyntax: this.partialResponsesSyntax('functionResponseTypes', ['ReportBatchItemFailures']),
      retryAttempts: numberProp(props, 'maximumRetryAttempts', this.file.symbols),
      maxRecordAge: numberProp(props, 'maximumRecordAgeInSeconds', this.file.symbols),
      bisectBatchOnError: booleanProp(props, 'bisectBatchOnFunctionError', this.file.symbols),
      onFailure,
      onFailureSpan: this.propertySpan(props, 'destinationConfig'),
      maxBatchingWindow: numberProp(props, 'maximumBatchingWindowInSeconds', this.file.symbols),
    };
    this.facts.mappings.push(fact);
    const fn = functionKey === undefined ? undefined : this.functionsByKey.get(functionKey);
    if (fn) fn.invokers.mappings++;
  }

  // -------------------------------------------------------------------------------------------
  // Asynchronous invocation settings

  private asyncConfig(node: TSESTree.NewExpression | TSESTree.CallExpression, props: Props, functionKey: ConstructKey | undefined): AsyncInvokeConfigFact {
    const retry = props.get('retryAttempts');
    const age = props.get('maxEventAge');
    return {
      span: spanOf(node),
      functionKey,
      retryAttempts: numberProp(props, 'retryAttempts', this.file.symbols),
      retryAttemptsSpan: retry.state === 'present' ? spanOf(retry.value) : undefined,
      maxEventAge: this.duration(props, 'maxEventAge'),
      maxEventAgeSpan: age.state === 'present' ? spanOf(age.value) : undefined,
      onFailure: this.present(props, 'onFailure'),
      onSuccess: this.present(props, 'onSuccess'),
      destinationTargets: [this.targetProp(props, 'onFailure'), this.targetProp(props, 'onSuccess')].filter((t): t is TargetRef => t !== undefined),
    };
  }

  private eventInvokeConfig(expr: TSESTree.NewExpression): void {
    const props = this.props(expr, 2);
    const fnProp = props.get('function');
    const functionKey = fnProp.state === 'present' ? this.refKey(fnProp.value) : undefined;
    if (fnProp.state === 'present') this.markAccounted(fnProp.value);
    this.facts.asyncConfigs.push(this.asyncConfig(expr, props, functionKey));
  }

  /** `fn.addEventSource(x)`, `fn.addEventSourceMapping(id, opts)`, `fn.configureAsyncInvoke(opts)`. */
  private functionMethodCall(call: TSESTree.CallExpression): void {
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression') return;
    const method = memberName(callee);
    if (method !== 'addEventSource' && method !== 'addEventSourceMapping' && method !== 'configureAsyncInvoke') return;
    const functionKey = this.refKey(callee.object);
    if (functionKey === undefined || !this.isFunctionKey(functionKey)) return;
    this.markAccounted(callee.object);
    const arg = call.arguments[method === 'addEventSourceMapping' ? 1 : 0];
    if (method === 'addEventSource') {
      if (arg && arg.type !== 'SpreadElement') this.registerEventSourceTarget(arg, functionKey);
    } else if (method === 'addEventSourceMapping') {
      this.optionsMapping(call, this.props(call, 1), 1, functionKey, 'addEventSourceMapping');
    } else {
      this.facts.asyncConfigs.push(this.asyncConfig(call, this.props(call, 0), functionKey));
    }
  }

  /** A key names a function when this file creates it, or when it cannot tell (a parameter, a field). */
  private isFunctionKey(key: ConstructKey): boolean {
    if (this.functionsByKey.has(key)) return true;
    return !this.facts.queues.some((q) => q.key === key);
  }

  private markAccounted(node: Node): void {
    const e = unwrap(node);
    if (e.type === 'Identifier' || (e.type === 'MemberExpression' && e.object.type === 'ThisExpression')) this.accounted.add(e);
    else if (e.type === 'MemberExpression') this.markAccounted(e.object);
  }

  // -------------------------------------------------------------------------------------------
  // Who invokes each function

  private classifyFunctionUses(named: { expr: TSESTree.NewExpression; name: string | undefined }[]): void {
    const byKey = new Map<string, FunctionFact>();
    for (const fn of this.facts.functions) if (fn.key.startsWith('id:') || fn.key.startsWith('class:')) byKey.set(fn.key, fn);
    const triggerOf = new Map<Node, { kind: 'async'; label: string } | { kind: 'sync' }>();
    for (const { expr, name } of named) {
      if (name === undefined) continue;
      const asyncLabel = ASYNC_TRIGGERS[name];
      if (asyncLabel) {
        const arg = expr.arguments[0];
        if (arg) triggerOf.set(unwrap(arg), { kind: 'async', label: asyncLabel });
      }
      // A Step Functions task, an SES receipt rule's Lambda action: how the function is invoked
      // follows from `invocationType` (a value neither names: the use stays unclassified).
      const byType = INVOKED_BY_TYPE[name];
      if (byType) {
        const arg = expr.arguments[byType.arg];
        const props = arg && arg.type !== 'SpreadElement' ? ObjectView.of(arg, this.file.symbols) : undefined;
        const fn = props?.get(byType.functionProp);
        const type = props?.get('invocationType');
        const enumPrefix = `${name.slice(0, name.indexOf('.'))}.LambdaInvocationType.`;
        const typeName = type?.state === 'present' ? resolveCdkName(type.value, this.file.symbols) : undefined;
        const invocation = type?.state === 'absent' ? byType.default : typeName?.startsWith(enumPrefix) ? typeName.slice(enumPrefix.length) : undefined;
        if (fn?.state === 'present' && invocation !== undefined && byType.async.includes(invocation)) triggerOf.set(unwrap(fn.value), { kind: 'async', label: byType.label });
        else if (fn?.state === 'present' && invocation !== undefined && byType.sync.includes(invocation)) triggerOf.set(unwrap(fn.value), { kind: 'sync' });
      }
      const sync = SYNC_TRIGGERS[name];
      if (sync) {
        const arg = expr.arguments[sync.arg];
        if (arg && sync.prop === undefined) triggerOf.set(unwrap(arg), { kind: 'sync' });
        else if (arg && sync.prop !== undefined && arg.type !== 'SpreadElement') {
          const p = ObjectView.of(arg, this.file.symbols).get(sync.prop);
          if (p.state === 'present') triggerOf.set(unwrap(p.value), { kind: 'sync' });
        }
      }
    }
    this.externalInvocations(triggerOf);
    for (const { fn, calls } of this.returnedFunctions) for (const call of calls) this.classifyResult(call, fn, triggerOf);
    // Uses of the functions' own names, then of the names found to stand for them while classifying
    // (a helper's result, a parameter it is passed as: a few rounds, each name classified once).
    let round = new Map<string, FunctionFact[]>([...byKey].map(([k, fn]) => [k, [fn]]));
    for (const [k, fns] of this.derived) round.set(k, [...(round.get(k) ?? []), ...fns]);
    const seen = new Set<string>();
    for (let depth = 0; depth < MAX_DERIVED_ROUNDS && round.size > 0; depth++) {
      this.derived = new Map();
      const current = round;
      const roundNames = new Set([...current.keys()].filter((k) => k.startsWith('id:')).map((k) => k.slice(3).split('@')[0] as string));
      traverse(this.file.ast, this.file.keys, (node) => {
        let fns: FunctionFact[] | undefined;
        if (node.type === 'Identifier') {
          if (!roundNames.has(node.name) || isDeclarationOrKey(node)) return;
          // The use must refer to the function's own declaration, not to another of the same name.
          const binding = this.file.symbols.binding(node.name, node);
          fns = binding ? current.get(SymbolTable.keyOf(binding)) : undefined;
        } else if (node.type === 'ThisExpression' && !(node.parent?.type === 'MemberExpression' && node.parent.object === node)) {
          const key = this.functionClassOf(node);
          fns = key === undefined ? undefined : current.get(key);
        } else if (node.type === 'MemberExpression' && node.object.type === 'ThisExpression') {
          const key = thisFieldKey(node);
          fns = key === undefined ? undefined : current.get(key);
          if (fns && node.parent?.type === 'AssignmentExpression' && node.parent.left === node) return;
        }
        if (!fns || this.accounted.has(node)) return;
        for (const fn of fns) this.classifyUse(node, fn, triggerOf);
      });
      for (const k of current.keys()) seen.add(k);
      round = new Map([...this.derived].filter(([k]) => !seen.has(k)));
    }
    this.derived = new Map();
  }

  /** A name found to stand for a function (`derived`), for the next round of classifyFunctionUses. */
  private derive(key: ConstructKey, fn: FunctionFact): void {
    const list = this.derived.get(key) ?? [];
    if (!list.includes(fn)) list.push(fn);
    this.derived.set(key, list);
  }

  /** What the result of a call of a helper that returns the function is used for. */
  private classifyResult(call: TSESTree.CallExpression, fn: FunctionFact, triggerOf: Map<Node, { kind: 'async'; label: string } | { kind: 'sync' }>): void {
    const parent = call.parent;
    if (parent?.type === 'ExpressionStatement') return;
    if (parent?.type === 'VariableDeclarator' && parent.init === call && parent.id.type === 'Identifier') {
      const binding = this.file.symbols.binding(parent.id.name, parent.id);
      if (binding && (binding.kind === 'const' || this.file.symbols.constInitializer(parent.id.name, parent.id))) {
        this.derive(SymbolTable.keyOf(binding), fn);
        return;
      }
    }
    if (parent?.type === 'AssignmentExpression' && parent.operator === '=' && parent.right === call) {
      const field = thisFieldKey(parent.left);
      if (field !== undefined) {
        this.derive(field, fn);
        return;
      }
    }
    this.classifyUse(call, fn, triggerOf);
  }

  /**
   * A use that hands the function to code of this file that can be followed: returned by a helper
   * whose calls are all here (its calls' results are the function), or passed to a function or
   * method of this file (its parameter is the function). False when the use is something else.
   */
  private handedOn(use: Node, fn: FunctionFact, triggerOf: Map<Node, { kind: 'async'; label: string } | { kind: 'sync' }>): boolean {
    const parent = use.parent;
    if (returnedBy(use)) {
      const calls = this.returningHelper(use);
      if (!calls) return false;
      for (const call of calls) this.classifyResult(call, fn, triggerOf);
      return true;
    }
    // Python's keyword arguments are one object literal (`self.wire(target=fn)`).
    const keyword = parent?.type === 'Property' && parent.value === use && !parent.computed && parent.key.type === 'Identifier' && (parent.parent as PyKeywordsMarker | undefined)?.pyKeywords ? parent : undefined;
    const call = keyword ? parent?.parent?.parent : parent;
    if (call?.type !== 'CallExpression' || call.callee === use) return false;
    const callee = call.callee.type === 'Super' ? undefined : this.sameFileCallable(call.callee);
    if (!callee) return false;
    let param: Node | undefined;
    if (keyword && keyword.key.type === 'Identifier') {
      const name = keyword.key.name;
      param = callee.params.find((p) => {
        const id = p.type === 'AssignmentPattern' ? p.left : p;
        return id.type === 'Identifier' && id.name === name;
      });
    } else {
      const index = call.arguments.indexOf(use as TSESTree.CallExpressionArgument);
      if (index < 0 || call.arguments.slice(0, index).some((a) => a.type === 'SpreadElement')) return false;
      param = callee.params[index];
    }
    const id = param?.type === 'AssignmentPattern' ? param.left : param;
    if (id?.type !== 'Identifier') return false;
    const binding = this.file.symbols.binding(id.name, id);
    if (!binding || binding.kind !== 'param') return false;
    this.derive(SymbolTable.keyOf(binding), fn);
    return true;
  }

  /**
   * Triggers of functions this file does not create (a field of one of the app's constructs, a
   * parameter, an import): recorded for the project, which finds the function wherever it is.
   */
  private externalInvocations(triggerOf: Map<Node, { kind: 'async'; label: string } | { kind: 'sync' }>): void {
    for (const [node, trigger] of triggerOf) {
      const key = this.refKey(node);
      if (key === undefined || this.functionsByKey.has(key) || this.facts.queues.some((q) => q.key === key)) continue;
      this.facts.invocations.push(trigger.kind === 'async' ? { functionKey: key, kind: 'async', label: trigger.label } : { functionKey: key, kind: 'sync' });
    }
  }

  private classifyUse(use: Node, fn: FunctionFact, triggerOf: Map<Node, { kind: 'async'; label: string } | { kind: 'sync' }>): void {
    const trigger = triggerOf.get(use);
    if (trigger?.kind === 'async') {
      fn.invokers.async.push(trigger.label);
      return;
    }
    if (trigger?.kind === 'sync') {
      fn.invokers.sync++;
      return;
    }
    const parent = use.parent;
    if (parent?.type === 'MemberExpression' && parent.object === use) {
      const member = memberName(parent);
      if (member === undefined) {
        fn.invokers.mayHaveUnknownCallers = true;
        return;
      }
      if (HARMLESS_FUNCTION_MEMBERS.has(member) || member.startsWith('metric')) return;
      if (member === 'addFunctionUrl') {
        fn.invokers.sync++;
        return;
      }
      if (IDENTITY_MEMBERS.has(member)) {
        fn.invokers.mayHaveUnknownCallers = true;
        return;
      }
      // Any other member: cannot tell what it does with the function.
      fn.invokers.mayHaveUnknownCallers = true;
      return;
    }
    // Given as the grantee of a `grant*` method (`table.grantReadWriteData(fn)`): that gives the
    // function's role permissions, and neither invokes it nor configures it.
    if (parent?.type === 'CallExpression' && parent.arguments.includes(use as TSESTree.CallExpressionArgument) && parent.callee.type === 'MemberExpression') {
      const method = memberName(parent.callee);
      if (method !== undefined && /^grant[A-Z]/u.test(method) && unwrap(parent.callee.object) !== use) return;
    }
    if (this.handedOn(use, fn, triggerOf)) return;
    // Passed, returned, exported or stored somewhere the adapter does not follow.
    fn.invokers.objectEscapes = true;
    fn.invokers.mayHaveUnknownCallers = true;
  }

  // -------------------------------------------------------------------------------------------
  // How this file connects to others

  private collectCallSites(): void {
    const calls: (TSESTree.NewExpression | TSESTree.CallExpression)[] = [...this.file.newExpressions, ...this.file.callExpressions];
    for (const call of calls) {
      const callee = this.projectCallable(call.callee) ?? this.thisMethod(call.callee);
      if (!callee) continue;
      const last = call.arguments[call.arguments.length - 1];
      // Python's keyword arguments (lowered into one object): by the parameter they name.
      const keywordObject = last?.type === 'ObjectExpression' && (last as PyKeywordsMarker).pyKeywords ? last : undefined;
      const positional = keywordObject ? call.arguments.slice(0, -1) : call.arguments;
      const args = positional.map((arg) => (arg.type === 'SpreadElement' ? {} : this.argumentFact(arg)));
      const keywords: Record<string, CallSiteArgument> = {};
      for (const prop of keywordObject?.properties ?? []) {
        if (prop.type === 'Property' && !prop.computed && prop.key.type === 'Identifier') keywords[prop.key.name] = this.argumentFact(prop.value);
      }
      const open = positional.some((a) => a.type === 'SpreadElement') || (keywordObject?.properties ?? []).some((p) => p.type !== 'Property' || p.computed);
      // Every call is kept, those that give nothing too: a setting taken from a parameter is
      // settled from all the calls (a call that leaves it out gets the default).
      // A \`new\` of a class: the instance it makes, by where it is stored (what keys of its members name).
      const instance = call.type === 'NewExpression' ? this.creationKey(call) : undefined;
      this.facts.callSites.push({ callee, args, ...(Object.keys(keywords).length > 0 ? { keywords } : {}), ...(open ? { open: true as const } : {}), ...(instance ? { instance } : {}) });
    }
  }

  /** What one argument of a call into the project gives: the construct it names, its object's properties, its strings, durations and numbers. */
  private argumentFact(arg: Node): CallSiteArgument {
    const value = unwrap(arg);
    const parts: ArgumentParts = { values: {}, seconds: {}, numbers: {}, written: [], closed: true };
    this.argumentValues(value, '', parts, 0);
    const given = {
      ...(Object.keys(parts.values).length > 0 ? { values: parts.values } : {}),
      ...(Object.keys(parts.seconds).length > 0 ? { seconds: parts.seconds } : {}),
      ...(Object.keys(parts.numbers).length > 0 ? { numbers: parts.numbers } : {}),
      ...(value.type === 'ObjectExpression' && parts.closed ? { given: parts.written } : {}),
    };
    if (value.type === 'ObjectExpression') {
      const props: Record<string, ConstructKey> = {};
      for (const prop of value.properties) {
        if (prop.type !== 'Property') continue;
        const name = prop.computed ? undefined : prop.key.type === 'Identifier' ? prop.key.name : undefined;
        const key = name === undefined ? undefined : this.refKey(prop.value);
        if (name !== undefined && key !== undefined) props[name] = key;
      }
      return { props, ...given };
    }
    const key = this.refKey(value);
    return key === undefined ? given : { key, ...given };
  }

  /** `this.createLambda(…)` inside a class: the method's key (`method:Api.createLambda`). */
  private thisMethod(callee: Node): ConstructKey | undefined {
    const e = unwrap(callee);
    if (e.type !== 'MemberExpression' || e.object.type !== 'ThisExpression') return undefined;
    const name = memberName(e);
    const cls = enclosingClass(e);
    return name === undefined || !cls ? undefined : `method:${classKey(cls).slice('class:'.length)}.${name}`;
  }

  /**
   * What an argument gives, by property path (`''` for itself), two levels deep: strings (literals
   * and evaluated paths), durations in seconds, numbers, and which properties an object writes.
   */
  private argumentValues(node: Node, at: string, out: ArgumentParts, depth: number): void {
    const e = unwrap(node);
    if (e.type === 'ObjectExpression') {
      if (depth >= 2) return;
      for (const prop of e.properties) {
        if (prop.type !== 'Property' || prop.computed || prop.key.type !== 'Identifier') {
          out.closed = false;
          continue;
        }
        const path = at === '' ? prop.key.name : `${at}.${prop.key.name}`;
        out.written.push(path);
        this.argumentValues(prop.value, path, out, depth + 1);
      }
      return;
    }
    if (e.type === 'Literal' || e.type === 'TemplateLiteral' || e.type === 'Identifier' || e.type === 'CallExpression' || e.type === 'BinaryExpression') {
      const p = evaluatePath(e, this.file);
      if (p) out.values[at] = 'absolute' in p ? { text: p.absolute, absolute: true } : { text: p.relative };
    }
    if (e.type === 'CallExpression' || e.type === 'Identifier' || e.type === 'MemberExpression') {
      const seconds = this.durationSeconds(e, 0);
      if (seconds !== undefined) out.seconds[at] = seconds;
    }
    const n = evaluatePrimitive(e, this.file.symbols);
    if (n.ok && typeof n.value === 'number') out.numbers[at] = n.value;
  }

  /** `this.jobs = props.jobs` and `readonly jobs = props.jobs`: the field stands for another key. */
  private collectAliases(): void {
    const record = (target: ConstructKey | undefined, value: Node): void => {
      const v = unwrap(value);
      if (target === undefined) return;
      // An instance of one of the app's classes stands for the class: when the class extends a
      // function construct, the class is that function (wherever it is defined).
      const key = v.type === 'NewExpression' ? this.projectCallable(v.callee) : this.refKey(v);
      if (key !== undefined && key !== target && !key.startsWith('fn:')) this.facts.aliases[target] = key;
    };
    traverse(this.file.ast, this.file.keys, (node) => {
      if (node.type === 'VariableDeclarator' && node.init && unwrap(node.init).type === 'NewExpression' && node.id.type === 'Identifier') {
        record(this.creationKey(unwrap(node.init)), node.init);
      } else if (node.type === 'AssignmentExpression' && node.operator === '=') record(thisFieldKey(node.left), node.right);
      else if (node.type === 'PropertyDefinition' && node.value && !node.computed && node.key.type === 'Identifier') {
        const cls = enclosingClass(node);
        if (cls) record(`${classKey(cls)}.${node.key.name}`, node.value);
      }
    });
  }

  // -------------------------------------------------------------------------------------------
  // Names for suggestions

  private collectNames(): void {
    const names = this.facts.names;
    const wanted = Object.keys(SUGGESTION_EXPORTS) as SuggestionExport[];
    for (const statement of this.file.ast.body) {
      if (statement.type !== 'ImportDeclaration') continue;
      for (const spec of statement.specifiers) {
        const cdk = resolveCdkName(spec.local, this.file.symbols);
        if (cdk === undefined) continue;
        for (const name of wanted) {
          const home = cdkName({ module: SUGGESTION_EXPORTS[name], path: [name] });
          if (cdk === home) names.written[name] ??= spec.local.name;
          else if (home?.startsWith(`${cdk}.`) && spec.type !== 'ImportSpecifier') names.written[name] ??= `${spec.local.name}.${name}`;
          else if (cdk === 'core' && spec.type !== 'ImportSpecifier' && home?.startsWith('aws-')) {
            // `import * as cdk from 'aws-cdk-lib'` reaches every module: cdk.aws_lambda_destinations.SqsDestination
            const submodule = home.slice(0, home.lastIndexOf('.')).replace(/-/gu, '_');
            names.written[name] ??= `${spec.local.name}.${submodule}.${name}`;
          } else if (cdk === 'core' && spec.type !== 'ImportSpecifier' && home === 'core.Duration') {
            names.written[name] ??= `${spec.local.name}.Duration`;
          }
        }
      }
    }
    const text = this.file.text;
    names.quote = (text.match(/"/gu)?.length ?? 0) > (text.match(/'/gu)?.length ?? 0) ? '"' : "'";
    if (this.file.language) names.language = this.file.language;
    // An ES module can gain an import line after its last one; a CommonJS file gets none.
    const lastImport = [...this.file.ast.body].reverse().find((s) => s.type === 'ImportDeclaration');
    if (lastImport) names.importInsertAt = lastImport.range[1];
  }
}

/** `ctor:Worker` for a class constructor, `fn:wire` for a named function or a function in a const. */
function callableKey(fn: TSESTree.FunctionLike): ConstructKey | undefined {
  const parent = fn.parent;
  if (parent?.type === 'MethodDefinition' && parent.kind === 'constructor') {
    const cls = enclosingClass(parent);
    return cls ? `ctor:${classKey(cls).slice('class:'.length)}` : undefined;
  }
  if (fn.type === 'FunctionDeclaration' && fn.id) return `fn:${fn.id.name}`;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return `fn:${parent.id.name}`;
  // A method (or an arrow in a class field): called as `this.name(…)` in its class.
  if ((parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') && !parent.static && !parent.computed && parent.key.type === 'Identifier') {
    const cls = enclosingClass(parent);
    return cls ? `method:${classKey(cls).slice('class:'.length)}.${parent.key.name}` : undefined;
  }
  return undefined;
}

/** The function that returns `expr` (`return expr`, `() => expr`), if it is returned. */
function returnedBy(expr: Node): FunctionNode | undefined {
  const parent = expr.parent;
  if (parent?.type === 'ReturnStatement') return enclosingFunction(parent);
  return isFunction(parent) && parent.body === expr ? parent : undefined;
}

/** The `new X(…)` a function always returns (its only top-level return), if any. */
function constructReturnedBy(fn: FunctionNode): TSESTree.NewExpression | undefined {
  if (fn.body.type !== 'BlockStatement') {
    const body = unwrap(fn.body);
    return body.type === 'NewExpression' ? body : undefined;
  }
  const returns = fn.body.body.filter((s): s is TSESTree.ReturnStatement => s.type === 'ReturnStatement');
  const only = returns.length === 1 ? returns[0]?.argument : undefined;
  const value = only ? unwrap(only) : undefined;
  if (value?.type === 'NewExpression') return value;
  if (value?.type === 'Identifier') {
    const local = fn.body.body.find((s): s is TSESTree.VariableDeclaration => s.type === 'VariableDeclaration' && s.declarations.some((d) => d.id.type === 'Identifier' && d.id.name === value.name));
    const init = local?.declarations.find((d) => d.id.type === 'Identifier' && d.id.name === value.name)?.init;
    return init && unwrap(init).type === 'NewExpression' ? (unwrap(init) as TSESTree.NewExpression) : undefined;
  }
  return undefined;
}

/** Whether a parameter declares `name`: `''` for the parameter itself, `.key` for `{ key }` destructuring. */
function declaresName(param: TSESTree.Parameter, name: string): string | undefined {
  const p = param.type === 'TSParameterProperty' ? param.parameter : param;
  const target = p.type === 'AssignmentPattern' ? p.left : p;
  if (target.type === 'Identifier') return target.name === name ? '' : undefined;
  if (target.type === 'ObjectPattern') {
    for (const prop of target.properties) {
      if (prop.type !== 'Property' || prop.computed || prop.key.type !== 'Identifier') continue;
      const value = prop.value.type === 'AssignmentPattern' ? prop.value.left : prop.value;
      if (value.type === 'Identifier' && value.name === name) return `.${prop.key.name}`;
    }
  }
  return undefined;
}

/** Modules that are certainly libraries, not the project: their classes are never followed. */
function isLibrary(module: string): boolean {
  return (
    module.startsWith('aws-cdk-lib') ||
    module.startsWith('@aws-cdk/') ||
    module === 'constructs' ||
    module.startsWith('node:') ||
    module.startsWith('@aws-sdk/') ||
    module.startsWith('@aws-lambda-powertools/') ||
    // Construct libraries lambda-lint reads from its catalogue (catalog.ts), not from their code.
    libraryOf(module) !== undefined
  );
}

/** The identifier is a declaration, a property key or a member name, not a use of the binding. */
function isDeclarationOrKey(node: TSESTree.Identifier): boolean {
  const parent = node.parent;
  if (!parent) return true;
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.id === node;
    case 'MemberExpression':
      return parent.property === node && !parent.computed;
    case 'Property':
      return parent.key === node && !parent.computed && !parent.shorthand;
    case 'PropertyDefinition':
    case 'MethodDefinition':
      return parent.key === node;
    case 'ImportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
    case 'ExportSpecifier':
      return true;
    case 'FunctionDeclaration':
    case 'ClassDeclaration':
      return parent.id === node || (parent.type === 'FunctionDeclaration' && parent.params.includes(node));
    // A parameter (`(target) =>`, `target = x`, `private target: T`).
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return parent.params.includes(node);
    case 'AssignmentPattern':
      return parent.left === node && isFunction(parent.parent) && parent.parent.params.includes(parent);
    case 'TSParameterProperty':
      return true;
    default:
      return false;
  }
}

/**
 * The range that removes a property cleanly: with the comma after it (or, for the last one, the
 * comma before it), and with its whole line when it stands alone on it.
 */
export function removalRange(text: string, property: Node): [number, number] {
  let start = property.range[0];
  let end = property.range[1];
  let i = end;
  while (i < text.length && /[ \t]/u.test(text[i] ?? '')) i++;
  if (text[i] === ',') {
    end = i + 1;
  } else {
    let j = start - 1;
    while (j >= 0 && /\s/u.test(text[j] ?? '')) j--;
    if (text[j] === ',') start = j;
  }
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end);
  const before = text.slice(lineStart, start);
  const after = text.slice(end, lineEnd === -1 ? text.length : lineEnd);
  if (/^\s*$/u.test(before) && /^\s*$/u.test(after) && text[start] !== ',') {
    return [lineStart, lineEnd === -1 ? text.length : lineEnd + 1];
  }
  return [start, end];
}

/** `Code` and its subclasses in aws-cdk-lib/aws-lambda (their static factories are `Code`'s). */
const CODE_CLASSES = new Set(['aws-lambda.Code', 'aws-lambda.AssetCode', 'aws-lambda.InlineCode', 'aws-lambda.S3Code', 'aws-lambda.S3CodeV2', 'aws-lambda.CfnParametersCode', 'aws-lambda.EcrImageCode', 'aws-lambda.AssetImageCode']);

/** What a function's `code` is, in words, when it is not a local asset directory. */
function codeKind(code: Node): string {
  const method = code.type === 'CallExpression' && code.callee.type === 'MemberExpression' ? memberName(code.callee) : undefined;
  switch (method) {
    case 'fromInline':
    case 'inline':
      return 'inline code (Code.fromInline)';
    case 'fromBucket':
    case 'fromBucketV2':
    case 'bucket':
      return 'code from an S3 bucket (Code.fromBucket)';
    case 'fromEcrImage':
    case 'fromAssetImage':
      return 'a container image';
    case 'fromCustomCommand':
      return 'code built by a custom command (Code.fromCustomCommand): the handler is in its output';
    case 'fromDockerBuild':
      return 'code built in Docker (Code.fromDockerBuild)';
    case 'fromCfnParameters':
      return 'code given as stack parameters';
    default:
      return 'code is not a local asset directory (Code.fromAsset) lambda-lint can read';
  }
}

/** A path with holes for parameters: the template the project fills from each call. */
function templateOf(p: Exclude<PathValue, undefined>, holes: readonly string[], modulePath?: string): NonNullable<HandlerLink['template']> {
  const base = 'absolute' in p ? p.absolute : p.relative;
  return { path: modulePath === undefined ? base : path.join(base, modulePath), absolute: 'absolute' in p, params: [...holes] };
}

/**
 * A link whose handler string a parameter gives: its folder (a template, or a path without holes)
 * becomes a template with \`handlerParam\`, which the project fills from each call.
 */
function withHandlerParam(link: HandlerLink, param: ConstructKey): HandlerLink {
  if (link.alternatives) return { ...link, alternatives: link.alternatives.map((a) => withHandlerParam(a, param)) };
  if (link.unknown !== undefined) return link;
  const template = link.template ?? (link.file !== undefined ? { path: link.file, absolute: true, params: [] } : link.fromAppRoot !== undefined ? { path: link.fromAppRoot, absolute: false, params: [] } : undefined);
  if (!template) return link;
  return { file: undefined, exportName: undefined, ...(link.runtime === undefined ? {} : { runtime: link.runtime }), template: { ...template, handlerParam: param } };
}

/** One link, or the alternatives a conditional path gives (each linked as a handler the function may run). */
function oneOf(links: HandlerLink[]): HandlerLink {
  const [first] = links;
  if (links.length === 1 && first) return first;
  return { file: undefined, exportName: first?.exportName, alternatives: links };
}
