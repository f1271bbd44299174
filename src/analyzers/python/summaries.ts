/**
 * Per-function summaries of a Python module: the same language-neutral facts the TypeScript
 * extractor makes (src/model/summaries.ts), so that the composition and every handler rule work
 * on Python unchanged. What differs is the language's shapes:
 *
 * - `for record in event["Records"]`, `event.get("Records", [])`, comprehensions (a loop of the
 *   function itself), record-derived collections (`[json.loads(r["body"]) for r in …]`);
 * - `try/except` (a catch per `try`: it rethrows only when every `except` clause raises), `raise`,
 *   `raise … from e`;
 * - any call can raise: a call is work that can fail unless it is one that does not do I/O
 *   (logging, building values, collection methods);
 * - `return {"batchItemFailures": failures}`;
 * - calls of the module's functions, of methods through `self`, and of imported functions
 *   (`from .util import save`, `import util` then `util.save(…)`), followed by the composition.
 */
import type { Span } from '../../core/ast.js';
import type { ItemIdentifierValue } from '../../model/facts.js';
import { deriveOrigin, emptySummary, extendOrigin, type ArgSummary, type CallSummary, type CalleeTarget, type CatchSummary, type FunctionSummary, type LoopSummary, type OpContext, type Origin, type ReturnValue, type ThrowSummary } from '../../model/summaries.js';
import type { AsyncInvokeResultReadFact, IgnoredBatchFailureFact, PowertoolsIdempotencyFact } from '../../model/facts.js';
import { pythonAsyncInvokeResultReads, pythonIgnoredBatchFailures } from './batch-results.js';
import { isPythonLibrary } from './modules.js';
import { keywordArgument, ownNodes, paramName, positionalArgs, stringValue } from './nodes.js';
import { pySpan, type PyNode } from './parser.js';
import { isInformative } from '../code/value-shapes.js';
import { clientService, judgeOnClient, powertoolsGuard, keywordShape, pythonEffects, pyValueShape, type PendingEffect, type PyEffect, type PyImport, type PyNames } from './side-effects.js';

/** A function of the module and how it is named (`save`, `Worker.handle`). */
interface PyFunction {
  node: PyNode;
  id: string;
  name: string;
  /** The class it is a method of (its first parameter, `self`, is not counted). */
  className: string | undefined;
  /** The function it is nested in, for closures. */
  outer: PyFunction | undefined;
}

/** What an imported name is: a module (`import util`) or a name of one (`from .util import save`). */
export type Imported = PyImport;

/** Calls that do no I/O and fail only on programming errors: not work that can fail for a record. */
const PURE_CALLS = new Set([
  'print', 'len', 'str', 'int', 'float', 'bool', 'dict', 'list', 'set', 'tuple', 'frozenset', 'isinstance', 'issubclass', 'range', 'enumerate', 'zip',
  'sorted', 'reversed', 'min', 'max', 'sum', 'any', 'all', 'getattr', 'hasattr', 'repr', 'format', 'type', 'id', 'hash', 'iter', 'next', 'abs', 'round',
  'map', 'filter', 'vars', 'locals', 'globals', 'callable', 'super', 'object',
]);
/** Methods of built-in values (collections, strings) that do no I/O. */
const PURE_METHODS = new Set([
  'append', 'extend', 'insert', 'add', 'update', 'get', 'items', 'keys', 'values', 'pop', 'popitem', 'setdefault', 'copy', 'clear', 'remove', 'discard', 'count', 'index',
  'format', 'join', 'split', 'rsplit', 'strip', 'lstrip', 'rstrip', 'lower', 'upper', 'startswith', 'endswith', 'replace', 'encode', 'decode', 'splitlines', 'isdigit', 'title',
  'capitalize', 'casefold', 'swapcase', 'zfill', 'center', 'ljust', 'rjust', 'partition', 'rpartition', 'find', 'rfind', 'isalpha', 'isalnum', 'isnumeric', 'isdecimal', 'isspace',
  'isupper', 'islower', 'istitle', 'removeprefix', 'removesuffix', 'sort', 'reverse', 'isoformat', 'strftime', 'timestamp', 'hexdigest', 'digest',
  // A (de)serialiser's conversion of a value (boto3's TypeDeserializer, marshmallow, pydantic).
  'deserialize', 'serialize', 'model_dump', 'dict', 'json', 'to_dict',
]);
/** Functions of the standard library that compute a value and do no I/O (written as the code calls them). */
const PURE_LIBRARY_CALLS = new Set([
  'json.dumps', 'os.getenv', 'os.environ.get', 'os.path.join', 'os.path.basename', 'os.path.dirname', 'os.path.splitext', 'datetime.now', 'datetime.utcnow', 'datetime.datetime.now', 'datetime.datetime.utcnow',
  'datetime.fromisoformat', 'datetime.datetime.fromisoformat', 'datetime.timedelta', 'timedelta', 'time.time', 'time.time_ns', 'uuid.uuid4', 'uuid.uuid1', 'uuid4', 'copy.deepcopy', 'copy.copy', 'deepcopy',
  're.match', 're.search', 're.sub', 're.compile', 're.findall', 're.fullmatch', 're.split', 'hashlib.sha256', 'hashlib.md5', 'base64.b64encode', 'urllib.parse.quote', 'urllib.parse.unquote', 'urllib.parse.unquote_plus',
  'unquote_plus', 'unquote', 'quote', 'Decimal', 'decimal.Decimal', 'collections.OrderedDict', 'collections.defaultdict', 'collections.Counter', 'OrderedDict', 'defaultdict', 'Counter',
  'time.sleep',
]);
/** Receivers whose every method is logging, metrics or tracing. */
const LOGGING = /^(?:log|logger|logging|_?LOGGER|_?log|LOG|metrics|tracer|console|warnings|traceback)$/u;
/** Calls that raise on malformed input (a record that does not parse). */
const THROWING = new Set(['json.loads', 'base64.b64decode', 'base64.standard_b64decode']);
/** Calls whose value is computed from their argument (the parsed body is the record's content). */
const DERIVING = new Set(['json.loads', 'base64.b64decode', 'base64.standard_b64decode', 'list', 'tuple', 'sorted', 'reversed', 'deserialize', 'TypeDeserializer().deserialize']);

const NO_CONTEXT: OpContext = { caughtBy: [] };

/** An \`itemIdentifier\` entry, in the function (summary id) that writes it. */
export interface PythonItemIdentifier {
  fn: string;
  span: Span;
  value: ItemIdentifierValue;
}

export interface PythonSummaries {
  summaries: FunctionSummary[];
  itemIdentifiers: PythonItemIdentifier[];
  /** Top-level functions by name (the module's exports). */
  functions: Map<string, PyFunction>;
  imports: Map<string, Imported>;
  /** Each function's own side effects (require-idempotency), by summary id. */
  effects: Map<string, PyEffect[]>;
  /** Powertools idempotency decorators, by the summary id of the function they decorate. */
  guards: Map<string, PowertoolsIdempotencyFact>;
  /** The module's functions each function calls or passes on (a callback, \`record_handler=…\`), by summary id. */
  refs: Map<string, Set<string>>;
  /** Batch writes whose partial failures are never read (no-ignored-batch-api-failures). */
  ignoredBatchFailures: IgnoredBatchFailureFact[];
  /** Reads of an asynchronous or dry-run invocation's \`Payload\` (no-async-invoke-result). */
  asyncInvokeResultReads: AsyncInvokeResultReadFact[];
  /** The module's top-level classes and assigned names (its other names). */
  classes: Set<string>;
  globals: Map<string, PyNode[]>;
}

/** Summaries of every function of a module (top level, nested, methods). */
export function pythonSummaries(root: PyNode): PythonSummaries {
  const all: PyFunction[] = [];
  const functions = new Map<string, PyFunction>();
  const methods = new Map<string, PyFunction>();
  const imports = new Map<string, Imported>();
  const classes = new Set<string>();
  /** Names the module assigns at its top level, and what (more than one value: not followed). */
  const globals = new Map<string, PyNode[]>();
  const collect = (node: PyNode, className: string | undefined, outer: PyFunction | undefined, topLevel: boolean): void => {
    for (const child of node.namedChildren) {
      if (!child) continue;
      const inner = child.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
      if (!inner) continue;
      if (inner.type === 'function_definition') {
        const name = inner.childForFieldName('name')?.text ?? '<anonymous>';
        const fn: PyFunction = { node: inner, id: `f${inner.startIndex}`, name: className ? `${className}.${name}` : outer ? `${outer.name}.${name}` : name, className, outer };
        all.push(fn);
        if (topLevel && !className) functions.set(name, fn);
        if (className) methods.set(fn.name, fn);
        const body = inner.childForFieldName('body');
        if (body) collect(body, undefined, fn, false);
      } else if (inner.type === 'class_definition' && topLevel) {
        const body = inner.childForFieldName('body');
        const name = inner.childForFieldName('name')?.text;
        if (name) classes.add(name);
        if (body) collect(body, name, undefined, false);
      } else if (topLevel && (inner.type === 'import_statement' || inner.type === 'import_from_statement')) {
        readImport(inner, imports);
      } else if (topLevel && inner.type === 'expression_statement') {
        for (const a of inner.namedChildren) if (a?.type === 'assignment') assignTo(globals, a);
      } else if (inner.type !== 'function_definition' && inner.type !== 'class_definition' && inner.type !== 'lambda') {
        // Functions inside blocks (`if`, `try` at module level): still the module's.
        if (topLevel && ['if_statement', 'try_statement', 'block', 'else_clause', 'except_clause', 'with_statement'].includes(inner.type)) collect(inner, className, outer, true);
      }
    }
  };
  collect(root, undefined, undefined, true);
  const selfAttributes = new Map<string, PyNode[]>();
  for (const fn of all) if (fn.className) collectSelfAttributes(fn, selfAttributes);
  const scope: ModuleScope = { functions, classes, methods, imports, globals, selfAttributes };
  const itemIdentifiers: PythonItemIdentifier[] = [];
  const guards = new Map<string, PowertoolsIdempotencyFact>();
  const effects = new Map<string, PyEffect[]>();
  const refs = new Map<string, Set<string>>();
  const ignoredBatchFailures: IgnoredBatchFailureFact[] = [];
  const pending: { fn: PyFunction; walker: FunctionWalker; effect: PendingEffect }[] = [];
  const clientArgs: ClientArg[] = [];
  const asyncInvokeResultReads: AsyncInvokeResultReadFact[] = [];
  const summaries = all.map((fn) => {
    const walker = new FunctionWalker(fn, scope);
    const summary = walker.run();
    itemIdentifiers.push(...walker.itemIdentifiers);
    const found = pythonEffects(fn.node, walker);
    if (found.effects.length > 0) effects.set(fn.id, found.effects);
    for (const p of found.pending) pending.push({ fn, walker, effect: p });
    clientArgs.push(...walker.clientArgs);
    const guard = powertoolsGuard(fn.node, walker);
    if (guard) guards.set(fn.id, guard);
    refs.set(fn.id, walker.references(summary));
    ignoredBatchFailures.push(...pythonIgnoredBatchFailures(fn.node, walker, (name) => walker.assignments(name)));
    asyncInvokeResultReads.push(...pythonAsyncInvokeResultReads(fn.node, walker, (name) => walker.assignments(name)));
    return summary;
  });
  // Calls on a receiver a function is given, judged for each boto3 client the module passes there.
  for (const { fn, walker, effect } of pending) {
    const services = new Set(
      clientArgs
        .filter((a) => ('param' in effect.from ? a.callee === fn.id && a.index === effect.from.param : a.className === effect.from.className && a.index === effect.from.ctorParam))
        .map((a) => a.service),
    );
    for (const service of services) {
      const judged = judgeOnClient(effect.call, service, walker);
      if (judged) effects.set(fn.id, [...(effects.get(fn.id) ?? []), judged]);
    }
  }
  // What Powertools' idempotency covers: the decorated functions and everything they run.
  const covered = reachable([...guards.keys()], refs);
  for (const summary of summaries) {
    const own = effects.get(summary.id);
    if (!own) continue;
    if (covered.has(summary.id)) for (const e of own) e.fact.coveredBy = 'powertools';
    const carried = own.filter((e) => e.fact.effect !== 'call');
    if (carried.length > 0) summary.effects = carried.map(({ fact: e, guard }) => ({ effect: e.effect, operation: e.operation, span: e.span, call: e.call, ...(e.keyName !== undefined ? { keyName: e.keyName } : {}), ...(e.coveredBy ? { coveredBy: e.coveredBy } : {}), ...(guard ? { guard } : {}) }));
  }
  return { summaries, functions, imports, itemIdentifiers, effects, guards, refs, ignoredBatchFailures, asyncInvokeResultReads, classes, globals };
}

/** The functions reachable from \`roots\` (themselves included) through calls and references. */
export function reachable(roots: readonly string[], refs: ReadonlyMap<string, ReadonlySet<string>>): Set<string> {
  const out = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (out.has(id)) continue;
    out.add(id);
    for (const next of refs.get(id) ?? []) queue.push(next);
  }
  return out;
}

function assignTo(map: Map<string, PyNode[]>, assignment: PyNode): void {
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  if (left?.type === 'identifier' && right) map.set(left.text, [...(map.get(left.text) ?? []), right]);
  else if (left) for (const id of left.descendantsOfType('identifier')) if (id) map.set(id.text, [...(map.get(id.text) ?? []), left]);
}

/** \`self.client = boto3.client("sqs")\` in a method: the class's attribute (by \`Class.name\`). */
function collectSelfAttributes(fn: PyFunction, out: Map<string, PyNode[]>): void {
  for (const a of ownNodes(fn.node, 'assignment')) {
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (left?.type !== 'attribute' || !right || left.childForFieldName('object')?.text !== 'self') continue;
    const key = `${fn.className}.${left.childForFieldName('attribute')?.text ?? ''}`;
    out.set(key, [...(out.get(key) ?? []), right]);
  }
}

function readImport(node: PyNode, imports: Map<string, Imported>): void {
  if (node.type === 'import_statement') {
    for (const n of node.namedChildren) {
      if (!n) continue;
      if (n.type === 'dotted_name') imports.set(n.text.split('.')[0] as string, { module: n.text.split('.')[0] as string, name: undefined });
      else if (n.type === 'aliased_import') {
        const module = n.childForFieldName('name')?.text;
        const alias = n.childForFieldName('alias')?.text;
        if (module && alias) imports.set(alias, { module, name: undefined });
      }
    }
    return;
  }
  const module = node.childForFieldName('module_name')?.text;
  if (!module) return;
  for (const n of node.childrenForFieldName('name')) {
    if (!n) continue;
    if (n.type === 'dotted_name') imports.set(n.text, { module, name: n.text });
    else if (n.type === 'aliased_import') {
      const name = n.childForFieldName('name')?.text;
      const alias = n.childForFieldName('alias')?.text;
      if (name && alias) imports.set(alias, { module, name });
    }
  }
}

/** A boto3 client given to a function of the module (\`callee\`: its summary id) or to a class's constructor. */
interface ClientArg {
  callee?: string;
  className?: string;
  index: number;
  service: string;
}

interface ModuleScope {
  functions: Map<string, PyFunction>;
  /** The module's top-level classes. */
  classes: Set<string>;
  methods: Map<string, PyFunction>;
  imports: Map<string, Imported>;
  globals: Map<string, PyNode[]>;
  /** \`Class.name\`: what the class's methods assign to \`self.name\`. */
  selfAttributes: Map<string, PyNode[]>;
}

class FunctionWalker implements PyNames {
  private readonly summary: FunctionSummary;
  /** Parameter names, by index. */
  private readonly params: string[] = [];
  /** Local names and what is assigned to them (more than one value: not followed). */
  private readonly assigned = new Map<string, PyNode[]>();
  /** Loop variables: the loop's iterable. */
  private readonly loopVars = new Map<string, PyNode>();
  /** Keys set on a local value after it is made (\`response["batchItemFailures"] = …\`). */
  private readonly keysSet = new Map<string, string[]>();
  /** \`{"itemIdentifier": …}\` entries written in this function. */
  readonly itemIdentifiers: PythonItemIdentifier[] = [];
  /** The boto3 clients this function passes to the module's functions and constructors. */
  readonly clientArgs: ClientArg[] = [];
  /**
   * Comprehensions of coroutines that \`asyncio.gather\` runs concurrently (by node id): the gather
   * call, the loop the comprehension made and where the gather sits, whichever is walked first.
   */
  private readonly gathered = new Map<number, { call: PyNode; settled: boolean; loop?: number; ctx?: OpContext }>();

  constructor(
    private readonly fn: PyFunction,
    private readonly scope: ModuleScope,
  ) {
    const node = fn.node;
    const parameters = node.childForFieldName('parameters')?.namedChildren.filter((p): p is PyNode => p !== null) ?? [];
    const types: Record<number, string> = {};
    let index = 0;
    for (const [k, p] of parameters.entries()) {
      if (k === 0 && fn.className && !isStatic(node)) continue;
      const name = paramName(p);
      this.params.push(name ?? `<${index}>`);
      const type = p.childForFieldName('type')?.text;
      if (type) types[index] = type.split('.').at(-1)?.replace(/\[.*$/u, '') ?? type;
      index++;
    }
    this.summary = emptySummary({
      id: fn.id,
      name: fn.name,
      span: pySpan(node),
      async: node.children.some((c) => c?.type === 'async'),
      params: this.params.length,
      paramTypes: types,
    });
    const body = node.childForFieldName('body');
    if (body) this.collectAssignments(body);
  }

  run(): FunctionSummary {
    const body = this.fn.node.childForFieldName('body');
    if (body) {
      this.findGathers();
      this.visit(body, NO_CONTEXT);
    }
    return this.summary;
  }

  /** \`asyncio.gather(*[work(r) for r in records])\`, or of a name assigned such a comprehension once. */
  private findGathers(): void {
    for (const call of ownNodes(this.fn.node, 'call')) {
      if (!this.isAsyncio(call.childForFieldName('function'), 'gather')) continue;
      const settled = keywordArgument(call, 'return_exceptions')?.type === 'true';
      for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
        let value = arg?.type === 'list_splat' ? arg.namedChildren[0] : undefined;
        if (value?.type === 'identifier') value = this.valueOf(value);
        while (value?.type === 'parenthesized_expression') value = value.namedChildren[0];
        if (value && (value.type === 'list_comprehension' || value.type === 'generator_expression')) this.gathered.set(value.id, { call, settled });
      }
    }
  }

  /** \`asyncio.<name>\` (\`import asyncio\`) or \`<name>\` imported from it. */
  private isAsyncio(callee: PyNode | null | undefined, name: string): boolean {
    if (callee?.type === 'attribute') {
      const object = callee.childForFieldName('object');
      const imported = object?.type === 'identifier' ? this.imported(object.text) : undefined;
      return callee.childForFieldName('attribute')?.text === name && imported?.module === 'asyncio' && imported.name === undefined;
    }
    const imported = callee?.type === 'identifier' ? this.imported(callee.text) : undefined;
    return imported?.module === 'asyncio' && imported.name === name;
  }

  /** \`asyncio.run(coro)\`, \`loop.run_until_complete(coro)\`: runs a coroutine and gives back its result. */
  private runsCoroutine(callee: PyNode | null | undefined): boolean {
    return this.isAsyncio(callee, 'run') || (callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'run_until_complete');
  }

  /** The gather's place, once both the comprehension's loop and the gather call have been walked. */
  private combine(entry: { call: PyNode; loop?: number; ctx?: OpContext }): void {
    const loop = entry.loop === undefined ? undefined : this.summary.loops[entry.loop];
    if (loop && entry.ctx) loop.combinator = { span: pySpan(entry.call), ctx: entry.ctx };
  }

  // -------------------------------------------------------------------------------------------
  // Names

  private collectAssignments(node: PyNode): void {
    for (const child of node.namedChildren) {
      if (!child || child.type === 'function_definition' || child.type === 'class_definition' || child.type === 'decorated_definition' || child.type === 'lambda') continue;
      if (child.type === 'assignment' || child.type === 'augmented_assignment') {
        const left = child.childForFieldName('left');
        const right = child.childForFieldName('right');
        if (left?.type === 'identifier') {
          const list = this.assigned.get(left.text) ?? [];
          // `x += …`: another value.
          if (right) list.push(child.type === 'assignment' ? right : child);
          this.assigned.set(left.text, list);
        } else if (left?.type === 'subscript' || left?.type === 'attribute') {
          // \`response["batchItemFailures"] = failures\`: a key of the value, not another value.
          const base = left.childForFieldName(left.type === 'subscript' ? 'value' : 'object');
          const key = left.type === 'subscript' ? left.childForFieldName('subscript') : left.childForFieldName('attribute');
          const name = key ? (left.type === 'subscript' ? stringValue(key) : key.text) : undefined;
          if (base?.type === 'identifier' && name !== undefined) this.keysSet.set(base.text, [...(this.keysSet.get(base.text) ?? []), name]);
        } else if (left) {
          // Unpacking: each name gets a value that is not followed.
          for (const id of left.descendantsOfType('identifier')) if (id) this.assigned.set(id.text, [...(this.assigned.get(id.text) ?? []), left]);
        }
      }
      if (child.type === 'as_pattern' && child.parent?.type === 'with_item') {
        // \`with table.batch_writer() as batch:\`: the name holds what the context manager gives (taken as the value itself).
        const value = child.namedChildren[0];
        const alias = child.childForFieldName('alias')?.namedChildren[0] ?? child.namedChildren.find((c) => c?.type === 'as_pattern_target')?.namedChildren[0];
        if (value && alias?.type === 'identifier') this.assigned.set(alias.text, [...(this.assigned.get(alias.text) ?? []), value]);
      }
      if (child.type === 'for_statement') {
        const left = child.childForFieldName('left');
        const right = child.childForFieldName('right');
        if (left?.type === 'identifier' && right) this.loopVars.set(left.text, right);
      }
      this.collectAssignments(child);
    }
  }

  /** How many values the function assigns to a local name. */
  assignments(name: string): number {
    return this.assigned.get(name)?.length ?? 0;
  }

  valueOf(id: PyNode): PyNode | undefined {
    const name = id.text;
    const values = this.declaring(name) === this ? this.assigned.get(name) : this.scope.globals.get(name);
    return values?.length === 1 ? values[0] : undefined;
  }

  selfAttribute(name: string): PyNode | undefined {
    const values = this.fn.className ? this.scope.selfAttributes.get(`${this.fn.className}.${name}`) : undefined;
    return values?.length === 1 ? values[0] : undefined;
  }

  imported(name: string): Imported | undefined {
    return this.declaring(name) === undefined && !this.scope.globals.has(name) ? this.scope.imports.get(name) : undefined;
  }

  paramIndex(name: string): number | undefined {
    const i = this.params.indexOf(name);
    return i >= 0 && !this.assigned.has(name) ? i : undefined;
  }

  selfFromConstructor(name: string): { ctorParam: number; className: string } | undefined {
    const className = this.fn.className;
    const value = this.selfAttribute(name);
    const ctor = className ? this.scope.methods.get(`${className}.__init__`) : undefined;
    if (!className || !ctor || value?.type !== 'identifier') return undefined;
    const params = (ctor.node.childForFieldName('parameters')?.namedChildren ?? []).filter((p): p is PyNode => p !== null).slice(1).map((p) => paramName(p));
    const i = params.indexOf(value.text);
    return i >= 0 ? { ctorParam: i, className } : undefined;
  }

  functionNamed(name: string): PyNode | undefined {
    return this.declaring(name) === undefined ? this.scope.functions.get(name)?.node : undefined;
  }

  /** The module's functions this one calls (as its summary resolves them) or names as a value (a callback). */
  references(summary: FunctionSummary): Set<string> {
    const out = new Set<string>();
    for (const c of summary.calls) if ('local' in c.callee) out.add(c.callee.local);
    for (const id of ownNodes(this.fn.node, 'identifier')) {
      if (this.declaring(id.text) !== undefined) continue;
      const fn = this.scope.functions.get(id.text);
      if (fn) out.add(fn.id);
    }
    return out;
  }

  /** The function that declares a name: this one, an enclosing one, or none (a global). */
  private declaring(name: string): FunctionWalker | undefined {
    if (this.params.includes(name) || this.assigned.has(name) || this.loopVars.has(name)) return this;
    return undefined;
  }

  /** Origins found, by node id: each expression is followed once (names assigned in branches fan out). */
  private readonly origins = new Map<number, Origin | undefined>();
  /** Expressions being followed: a name whose value reads itself (\`x = x.strip()\` in a loop) ends there. */
  private readonly following = new Set<number>();

  originOf(node: PyNode | null | undefined, depth = 0): Origin | undefined {
    if (!node || depth > 64 || this.following.has(node.id)) return undefined;
    if (this.origins.has(node.id)) return this.origins.get(node.id);
    this.following.add(node.id);
    const origin = this.originOfNode(node, depth);
    this.following.delete(node.id);
    this.origins.set(node.id, origin);
    return origin;
  }

  private originOfNode(node: PyNode, depth: number): Origin | undefined {
    switch (node.type) {
      case 'parenthesized_expression':
        return this.originOf(node.namedChildren[0], depth + 1);
      case 'await':
        return this.originOf(node.namedChildren[0], depth + 1);
      case 'identifier': {
        const name = node.text;
        const i = this.params.indexOf(name);
        if (i >= 0 && !this.assigned.has(name)) return { fn: this.fn.id, i, steps: [] };
        const loop = this.loopVars.get(name);
        if (loop && !this.assigned.has(name)) {
          const over = this.originOf(loop, depth + 1);
          return over && 'fn' in over ? extend(over, '[]') : undefined;
        }
        const values = this.assigned.get(name);
        if (values?.length === 1) return this.originOf(values[0], depth + 1);
        // Assigned in branches (\`records = event["Records"]\` or \`fetch_messages(…)\` when scheduled):
        // the event's part it may hold, when every value that comes from a parameter is the same one.
        if (values && values.length > 1) {
          const origins = values.map((v) => this.originOf(v, depth + 1)).filter((o): o is Extract<Origin, { fn: string }> => o !== undefined && 'fn' in o);
          const [first] = origins;
          if (first && origins.every((o) => o.fn === first.fn && o.i === first.i && o.steps.join('\u0000') === first.steps.join('\u0000'))) return first;
        }
        // A comprehension's variable, read inside it.
        const comprehension = comprehensionBinding(node);
        if (comprehension) {
          const over = this.originOf(comprehension, depth + 1);
          return over && 'fn' in over ? extend(over, '[]') : undefined;
        }
        return undefined;
      }
      case 'subscript': {
        const base = this.originOf(node.childForFieldName('value'), depth + 1);
        if (!base || !('fn' in base)) return base;
        const key = node.childForFieldName('subscript');
        const text = key ? stringValue(key) : undefined;
        if (text !== undefined) return extend(base, text);
        if (key?.type === 'integer') return extend(base, key.text === '0' ? '[0]' : '[]');
        return extend(base, '[]');
      }
      case 'attribute': {
        const base = this.originOf(node.childForFieldName('object'), depth + 1);
        if (!base || !('fn' in base)) return base;
        const attr = node.childForFieldName('attribute')?.text;
        return attr ? extend(base, attr) : undefined;
      }
      case 'call': {
        const callee = node.childForFieldName('function');
        const args = positionalArgs(node);
        const text = callee?.text;
        if (text && DERIVING.has(text) && args[0]) return derive(this.originOf(args[0], depth + 1));
        if (callee?.type === 'attribute') {
          const method = callee.childForFieldName('attribute')?.text;
          const base = this.originOf(callee.childForFieldName('object'), depth + 1);
          // `event.get("Records", [])`: the field.
          if (method === 'get' && args[0] && base && 'fn' in base) {
            const key = stringValue(args[0]);
            return key === undefined ? undefined : extend(base, key);
          }
          if ((method === 'loads' || method === 'decode') && base === undefined && args[0]) return derive(this.originOf(args[0], depth + 1));
          if (method === 'copy' || method === 'strip') return base;
          // \`payload.decode("utf-8")\`, \`body.lower()\`: a value computed from the record's.
          if (base && 'fn' in base && method !== undefined && PURE_METHODS.has(method)) return derive(base);
        }
        if (callee?.type === 'identifier' && (callee.text === 'list' || callee.text === 'tuple' || callee.text === 'filter') && args.length > 0) return this.originOf(args.at(-1), depth + 1);
        return undefined;
      }
      case 'list_comprehension':
      case 'generator_expression':
      case 'set_comprehension': {
        const over = comprehensionIterable(node);
        return derive(this.originOf(over, depth + 1));
      }
      case 'dictionary': {
        // \`{**base, "diagnostics": …}\` built from a record: a value computed from it.
        for (const entry of node.namedChildren) {
          const value = entry?.type === 'pair' ? entry.childForFieldName('value') : entry?.type === 'dictionary_splat' ? entry.namedChildren[0] : undefined;
          const origin = value ? this.originOf(value, depth + 1) : undefined;
          if (origin && 'fn' in origin) return derive(origin);
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  // -------------------------------------------------------------------------------------------
  // The walk

  private visit(node: PyNode, ctx: OpContext): void {
    switch (node.type) {
      case 'function_definition':
      case 'class_definition':
      case 'decorated_definition':
      case 'lambda':
        return;
      case 'try_statement':
        return this.tryStatement(node, ctx);
      case 'for_statement':
      case 'while_statement':
        return this.loop(node, ctx);
      case 'list_comprehension':
      case 'generator_expression':
      case 'set_comprehension':
      case 'dictionary_comprehension':
        return this.comprehension(node, ctx);
      case 'raise_statement': {
        this.markWork(ctx);
        const unless = this.reachedUnless(node);
        this.summary.throws.push({ span: pySpan(node), kind: insideExcept(node, this.fn.node) ? 'rethrow' : 'throw', ctx, ...(unless ? { unless } : {}) });
        break;
      }
      case 'return_statement': {
        const value = node.namedChildren[0];
        this.summary.returns.push({ span: pySpan(node), value: value ? this.returnValue(value, 0) : { kind: 'none' } });
        if (value) this.visitExpression(value, ctx, true);
        if (ctx.loop !== undefined && !insideExcept(node, this.fn.node) && !(value && this.returnValue(value, 0).kind === 'batch')) this.markExit(ctx, pySpan(node));
        return;
      }
      case 'call':
        this.call(node, ctx, false);
        return;
      case 'subscript':
      case 'attribute':
        this.read(node);
        break;
      case 'dictionary':
        this.itemIdentifier(node);
        break;
      default:
        break;
    }
    for (const child of node.namedChildren) if (child) this.visit(child, ctx);
  }

  /** \`{"itemIdentifier": value}\`: what the value is, as far as this function shows. */
  private itemIdentifier(dict: PyNode): void {
    for (const pair of dict.namedChildren) {
      if (pair?.type !== 'pair') continue;
      const key = pair.childForFieldName('key');
      const value = pair.childForFieldName('value');
      if (!key || !value || stringValue(key) !== 'itemIdentifier') continue;
      this.itemIdentifiers.push({ fn: this.fn.id, span: pySpan(value), value: this.identifierValue(value) });
    }
  }

  private identifierValue(node: PyNode): ItemIdentifierValue {
    if (node.type === 'none') return { kind: 'empty', text: 'None' };
    if (node.type === 'string') {
      const text = stringValue(node);
      if (text === undefined) return { kind: 'unknown' };
      return text === '' ? { kind: 'empty', text: node.text } : { kind: 'literal', text: node.text };
    }
    if (node.type === 'call') {
      const callee = node.childForFieldName('function')?.text;
      if (callee === 'json.dumps') return { kind: 'derived', from: 'serialised', text: node.text };
      // \`str(error)\` of the caught exception.
      const arg = positionalArgs(node)[0];
      if (callee === 'str' && arg?.type === 'identifier' && this.isExceptionName(arg)) return { kind: 'derived', from: 'error', text: node.text };
      if (callee === 'str' && arg) return this.identifierValue(arg);
    }
    if (node.type === 'identifier' && this.isExceptionName(node)) return { kind: 'derived', from: 'error', text: node.text };
    const origin = this.originOf(node);
    if (!origin) return { kind: 'unknown' };
    if (!('fn' in origin)) return origin.other === 'error' ? { kind: 'derived', from: 'error', text: node.text } : { kind: 'derived', from: 'response', text: node.text };
    // The chain below the record: after the element of \`Records\`, or the whole chain of a parameter that is the record.
    const element = origin.steps.indexOf('[]') >= 0 ? origin.steps.indexOf('[]') : origin.steps.indexOf('[0]');
    const below = element >= 0 ? origin.steps.slice(element + 1) : origin.steps;
    if (below.includes('~')) return { kind: 'derived', from: 'content', text: node.text };
    if (below.some((s) => s.startsWith('[') || s.startsWith('#'))) return { kind: 'unknown' };
    return below.length > 0 ? { kind: 'field', path: below } : { kind: 'unknown' };
  }

  /** A name bound by an \`except … as name\` clause of this function. */
  private isExceptionName(id: PyNode): boolean {
    for (const clause of this.fn.node.descendantsOfType('except_clause')) {
      const target = clause?.descendantsOfType('as_pattern_target')[0];
      if (target?.text === id.text) return true;
    }
    return false;
  }

  private visitExpression(node: PyNode, ctx: OpContext, returned: boolean): void {
    const inner = node.type === 'await' ? node.namedChildren[0] : node;
    if (inner?.type === 'call') this.call(inner, ctx, returned);
    else if (inner) this.visit(inner, ctx);
  }

  private read(node: PyNode): void {
    const origin = this.originOf(node);
    if (origin && 'fn' in origin && origin.steps.length > 0) this.summary.reads.push({ origin, span: pySpan(node) });
  }

  private markWork(ctx: OpContext): void {
    for (let l = ctx.loop; l !== undefined; l = this.summary.loops[l]?.ctx.loop) {
      const loop = this.summary.loops[l];
      if (!loop) break;
      loop.ownWork = true;
    }
  }

  private markExit(ctx: OpContext, span: Span): void {
    for (let l = ctx.loop; l !== undefined; l = this.summary.loops[l]?.ctx.loop) {
      const loop = this.summary.loops[l];
      if (!loop) break;
      (loop.exits ??= []).push(span);
    }
  }

  private loop(node: PyNode, ctx: OpContext): void {
    const over = node.type === 'for_statement' ? node.childForFieldName('right') : null;
    if (over) this.visit(over, ctx);
    const loop: LoopSummary = { span: pySpan(node.type === 'for_statement' ? node : node), style: node.type === 'for_statement' ? 'for-of' : 'while', over: over ? this.originOf(over) : undefined, ownWork: false, ctx };
    // Only the loop's head: findings point at `for record in …`.
    const head = node.childForFieldName('body');
    if (head) loop.span = spanBetween(node, head);
    const index = this.summary.loops.push(loop) - 1;
    const inner: OpContext = { loop: index, caughtBy: ctx.caughtBy };
    const condition = node.childForFieldName('condition');
    if (condition) this.visit(condition, inner);
    const body = node.childForFieldName('body');
    if (body) this.visit(body, inner);
    const alternative = node.childForFieldName('alternative');
    if (alternative) this.visit(alternative, ctx);
  }

  private comprehension(node: PyNode, ctx: OpContext): void {
    const over = comprehensionIterable(node);
    if (over) this.visit(over, ctx);
    const loop: LoopSummary = { span: pySpan(node), style: 'map', over: this.originOf(over), ownWork: false, ctx };
    const index = this.summary.loops.push(loop) - 1;
    const inner: OpContext = { loop: index, caughtBy: ctx.caughtBy };
    const gathered = this.gathered.get(node.id);
    const element = node.namedChildren[0];
    if (gathered && element?.type === 'call') {
      // Coroutines run concurrently by \`asyncio.gather\`: as \`Promise.all\` over a \`map\` whose
      // callback is the called function (each record is its element parameter); with
      // \`return_exceptions=True\`, as \`Promise.allSettled\` (failures come back as results).
      loop.concurrent = gathered.settled ? 'Promise.allSettled' : 'Promise.all';
      loop.callbackReturnsCall = true;
      gathered.loop = index;
      this.combine(gathered);
      const variable = node.namedChildren.find((c) => c?.type === 'for_in_clause')?.childForFieldName('left')?.text;
      const elementParam = positionalArgs(element).findIndex((a) => a.type === 'identifier' && a.text === variable);
      const target = this.calleeOf(element.childForFieldName('function'));
      if (elementParam >= 0 && ('local' in target || 'module' in target || 'param' in target)) {
        loop.callback = { target, elementParam, async: true };
        // The call is the callback's run, not a call of this function's own; its arguments are read here.
        for (const child of node.namedChildren) {
          if (!child || child.id === over?.id) continue;
          if (child.id === element.id) {
            const list = element.childForFieldName('arguments');
            if (list) for (const a of list.namedChildren) if (a) this.visit(a, inner);
          } else if (child.type === 'for_in_clause') {
            const left = child.childForFieldName('left');
            for (const c of child.namedChildren) if (c && c.id !== left?.id && c.id !== over?.id) this.visit(c, inner);
          } else this.visit(child, inner);
        }
        return;
      }
    }
    // tree-sitter's node objects are made afresh on each access: nodes are compared by id.
    for (const child of node.namedChildren) {
      if (!child || child.id === over?.id) continue;
      if (child.type === 'for_in_clause') {
        // Further `for … in` clauses iterate what the first one gives.
        const left = child.childForFieldName('left');
        for (const c of child.namedChildren) if (c && c.id !== left?.id && c.id !== over?.id) this.visit(c, inner);
      } else this.visit(child, inner);
    }
  }

  private tryStatement(node: PyNode, ctx: OpContext): void {
    const clauses = node.namedChildren.filter((c): c is PyNode => c !== null && (c.type === 'except_clause' || c.type === 'except_group_clause'));
    const body = node.childForFieldName('body');
    if (clauses.length === 0) {
      for (const child of node.namedChildren) if (child) this.visit(child, ctx);
      return;
    }
    // A retry loop (`for attempt in range(3): try: …; break / except: sleep(…)` with an `else:
    // raise`): a clause that lets the loop go on hands the failure to the raise after the last attempt.
    const retried = raisesAfterRetries(node);
    const behaviours = clauses.map((c) => {
      const b = exceptBehaviour(c);
      return retried && !b.exitsLoop ? { ...b, rethrows: true } : b;
    });
    const catchFact: CatchSummary = {
      span: spanBetween(clauses[0] as PyNode, undefined, clauses.at(-1)),
      kind: 'try',
      // Rethrows only when every clause raises: one that does not may drop the failure.
      rethrows: behaviours.every((b) => b.rethrows),
      exitsLoop: behaviours.some((b) => b.exitsLoop),
      setsOuterState: behaviours.some((b) => b.setsOuterState),
      ...(behaviours.some((b) => b.returnsValue) ? { returnsValue: true as const } : {}),
      ctx,
      loopsInside: [],
    };
    const k = this.summary.catches.push(catchFact) - 1;
    const loopsBefore = this.summary.loops.length;
    if (body) this.visit(body, { loop: ctx.loop, caughtBy: [k, ...ctx.caughtBy] });
    for (let l = loopsBefore; l < this.summary.loops.length; l++) if (this.summary.loops[l]?.ctx.caughtBy.includes(k)) catchFact.loopsInside.push(l);
    // A `try` does work that can fail, and the handlers and `else`/`finally` run outside it.
    this.markWork(ctx);
    for (const child of node.namedChildren) if (child && child.id !== body?.id) this.visit(child, ctx);
  }

  /**
   * What a call into the module's or the project's functions passes, by position and by keyword,
   * where it tells a guard anything (require-idempotency judges the callee's side effects with it).
   */
  private argShapes(node: PyNode, args: readonly PyNode[]): Pick<CallSummary, 'argShapes' | 'argKeywords'> | undefined {
    const argShapes = args.map((a) => pyValueShape(a, this));
    const written = keywordShape(node, this);
    const argKeywords = 'object' in written ? written.object : {};
    const keywords = Object.values(argKeywords).some(isInformative);
    if (!argShapes.some(isInformative) && !keywords) return undefined;
    return { argShapes, ...(keywords ? { argKeywords } : {}) };
  }

  private call(node: PyNode, ctx: OpContext, returned: boolean): void {
    const calleeNode = node.childForFieldName('function');
    for (const entry of this.gathered.values()) {
      if (entry.call.id !== node.id) continue;
      entry.ctx = ctx;
      this.combine(entry);
    }
    const args = positionalArgs(node);
    const callee = this.calleeOf(calleeNode);
    const argSummaries: ArgSummary[] = args.map((a) => {
      const fn = this.functionRef(a);
      const instance = fn ? undefined : this.classOf(a);
      return { origin: this.originOf(a), ...(fn ? { fn } : {}), ...(instance ? { instance } : {}) };
    });
    // A boto3 client handed to a function or a class of the module: its calls on it are judged as on that client.
    const made = this.classOf(node);
    const constructed = made && 'local' in made ? made.local : undefined;
    if ('local' in callee || constructed) {
      args.forEach((a, index) => {
        const service = clientService(a, this);
        if (service) this.clientArgs.push({ ...('local' in callee ? { callee: callee.local } : { className: constructed }), index, service });
      });
    }
    // A call that builds a comprehension's element transforms a record (as a synchronous \`map\`
    // does in a script): not work of its own, unless the function it calls does work (followed).
    const pure = isPure(calleeNode) || (ctx.loop !== undefined && this.summary.loops[ctx.loop]?.style === 'map');
    // \`return asyncio.run(main(event))\`: what is returned is the coroutine's result.
    const coroutine = this.runsCoroutine(calleeNode) && returned && args[0]?.type === 'call' ? args[0] : undefined;
    if (!pure || 'throwing' in callee || 'local' in callee || 'module' in callee) {
      // Any call can raise in Python: one that does I/O is work that can fail, as an awaited call is.
      const shapes = 'local' in callee || 'module' in callee || ('param' in callee && callee.param.method !== undefined) ? this.argShapes(node, args) : undefined;
      this.summary.calls.push({ span: pySpan(node), callee, args: argSummaries, awaited: !pure, ctx, returned: returned && !coroutine, ...shapes });
      // A call of the module's or the project's function is work only if that function's own work can fail (the composition decides).
      if (!pure && !('throwing' in callee) && !('local' in callee) && !('module' in callee)) this.markWork(ctx);
    }
    // A function of the project handed to a library that runs it (\`Thread(target=self._post)\`,
    // \`executor.submit(save, r)\`): called there, its failure kept by the library.
    if ('unknown' in callee || ('module' in callee && isPythonLibrary(callee.module))) {
      for (const a of node.childForFieldName('arguments')?.namedChildren ?? []) {
        const value = a?.type === 'keyword_argument' ? a.childForFieldName('value') : a;
        const ref = value ? this.functionRef(value) : undefined;
        if (ref) this.summary.calls.push({ span: pySpan(value as PyNode), callee: ref, args: [], awaited: false, ctx, returned: false, detached: true });
      }
    }
    // The callee's own reads (`record["body"].strip()`), and calls in the arguments.
    if (calleeNode) this.visit(calleeNode, ctx);
    const list = node.childForFieldName('arguments');
    for (const a of list?.namedChildren ?? []) {
      if (!a) continue;
      if (a.id === coroutine?.id) this.call(a, ctx, true);
      else this.visit(a, ctx);
    }
  }

  /**
   * For a \`raise\` in the \`else\` of an \`if\`/\`elif\` chain whose every condition compares one
   * value with string literals (\`x == "A"\`, \`x in ("B", "C")\`, also after \`.upper()\`): that
   * value and the literals, so that a caller who knows the value's possible contents knows
   * whether the \`raise\` can be reached.
   */
  private reachedUnless(raise: PyNode): ThrowSummary['unless'] {
    let elseClause: PyNode | undefined;
    for (let n = raise.parent; n && n.id !== this.fn.node.id; n = n.parent) {
      if (n.type === 'function_definition' || n.type === 'lambda' || n.type === 'class_definition') return undefined;
      if (n.type === 'else_clause' && n.parent?.type === 'if_statement') {
        elseClause = n;
        break;
      }
    }
    const chain = elseClause?.parent;
    if (!chain) return undefined;
    const conditions = [chain.childForFieldName('condition'), ...chain.namedChildren.filter((c) => c?.type === 'elif_clause').map((c) => c?.childForFieldName('condition') ?? null)];
    let subject: string | undefined;
    let origin: Origin | undefined;
    let caseless = false;
    const values: string[] = [];
    for (const condition of conditions) {
      const test = condition ? literalTest(condition) : undefined;
      if (!test) return undefined;
      if (subject !== undefined && test.subject.text !== subject) return undefined;
      subject ??= test.subject.text;
      origin ??= this.originOf(test.subject);
      caseless ||= test.caseless;
      values.push(...test.values);
    }
    return origin && 'fn' in origin && values.length > 0 ? { origin, values, ...(caseless ? { caseless: true as const } : {}) } : undefined;
  }

  /** The function an expression is (not a call of it): a function of the module, or \`self.method\` in a method. */
  private functionRef(node: PyNode): CalleeTarget | undefined {
    if (node.type === 'attribute' && node.childForFieldName('object')?.text === 'self' && this.fn.className) {
      const method = this.scope.methods.get(`${this.fn.className}.${node.childForFieldName('attribute')?.text ?? ''}`);
      return method ? { local: method.id } : undefined;
    }
    if (node.type !== 'identifier') return undefined;
    const fn = this.scope.functions.get(node.text);
    return fn && this.declaring(node.text) === undefined ? { local: fn.id } : undefined;
  }

  private calleeOf(node: PyNode | null): CalleeTarget {
    if (!node) return { unknown: '?' };
    const text = node.text;
    if (THROWING.has(text)) return { throwing: text };
    if (node.type === 'identifier') {
      const param = this.params.indexOf(text);
      if (param >= 0) return { param: { fn: this.fn.id, i: param } };
      if (this.declaring(text) === undefined) {
        const local = this.scope.functions.get(text);
        if (local) return { local: local.id };
        const imported = this.scope.imports.get(text);
        if (imported?.name !== undefined) return { module: imported.module, name: imported.name };
      }
      return { unknown: text };
    }
    if (node.type === 'attribute') {
      const object = node.childForFieldName('object');
      const attr = node.childForFieldName('attribute')?.text;
      if (object?.type === 'identifier' && attr) {
        // `self.save(…)` in a method: the class's method.
        if (object.text === 'self' && this.fn.className) {
          const method = this.scope.methods.get(`${this.fn.className}.${attr}`);
          if (method) return { local: method.id };
        }
        // \`worker = Worker()\` … \`worker.run(…)\`: a method of the module's class, or of a class
        // another module of the project defines (\`from .helpers import SqsHelper\`).
        const method = this.methodOf(object, attr);
        if (method) return method;
        const imported = this.declaring(object.text) === undefined ? this.scope.imports.get(object.text) : undefined;
        if (imported && imported.name === undefined) return { module: imported.module, name: attr };
        if (imported?.name !== undefined) return { module: imported.module, name: `${imported.name}.${attr}` };
      }
      // \`Worker().run(…)\`, \`self.store.put(…)\`.
      const method = object && attr ? this.methodOf(object, attr) : undefined;
      if (method) return method;
      // \`store.save(…)\` on a parameter: a method of what the caller passes (the composer binds it).
      const param = object?.type === 'identifier' && attr ? this.params.indexOf(object.text) : -1;
      if (param >= 0 && attr) return { param: { fn: this.fn.id, i: param, method: attr } };
      // \`pkg.mod.save(…)\` after \`import pkg\`: the function of that submodule.
      const module = object?.type === 'attribute' ? this.moduleNamed(object) : undefined;
      if (module !== undefined && attr) return { module, name: attr };
    }
    return { unknown: text };
  }

  /**
   * The project module a dotted expression names: \`pkg\` after \`import pkg\`, \`mod\` after
   * \`from pkg import mod\` (\`pkg.mod\`), and the submodules below either (\`pkg.mod.sub\`); a library's are not the project's.
   */
  private moduleNamed(node: PyNode): string | undefined {
    if (node.type === 'identifier') {
      const imported = this.imported(node.text);
      if (!imported || isPythonLibrary(imported.module)) return undefined;
      return imported.name === undefined ? imported.module : `${imported.module}.${imported.name}`;
    }
    if (node.type !== 'attribute') return undefined;
    const object = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute')?.text;
    const base = object ? this.moduleNamed(object) : undefined;
    return base !== undefined && attr ? `${base}.${attr}` : undefined;
  }

  /** The method \`attr\` of the class an expression is an instance of, in this module or another of the project. */
  private methodOf(object: PyNode, attr: string): CalleeTarget | undefined {
    const constructed = this.classOf(object);
    if (!constructed) return undefined;
    if ('local' in constructed) {
      const method = this.scope.methods.get(`${constructed.local}.${attr}`);
      return method ? { local: method.id } : undefined;
    }
    return { module: constructed.module, name: `${constructed.name}.${attr}` };
  }

  /**
   * The class an expression is an instance of: \`Worker()\` of the module's class, \`SqsHelper(…)\`
   * imported from a module of the project (\`from .helpers import SqsHelper\`, \`helpers.SqsHelper(…)\`),
   * through a name assigned once (in the function, or at the module's top level) or \`self.name\`.
   */
  private classOf(node: PyNode, depth = 0): { local: string } | { module: string; name: string } | undefined {
    if (depth > 3) return undefined;
    if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      if (fn?.type === 'identifier' && this.declaring(fn.text) === undefined) {
        if (this.scope.classes.has(fn.text)) return { local: fn.text };
        const imported = this.imported(fn.text);
        if (imported?.name !== undefined && isClassName(imported.name) && !isPythonLibrary(imported.module)) return { module: imported.module, name: imported.name };
      }
      if (fn?.type === 'attribute') {
        // \`helpers.SqsHelper(…)\`, \`pkg.helpers.SqsHelper(…)\`: a class of that module.
        const object = fn.childForFieldName('object');
        const name = fn.childForFieldName('attribute')?.text ?? '';
        const module = object && isClassName(name) ? this.moduleNamed(object) : undefined;
        if (module !== undefined) return { module, name };
      }
      return undefined;
    }
    if (node.type === 'identifier' || (node.type === 'attribute' && node.childForFieldName('object')?.text === 'self')) {
      const value = node.type === 'identifier' ? this.valueOf(node) : this.selfAttribute(node.childForFieldName('attribute')?.text ?? '');
      return value ? this.classOf(value, depth + 1) : undefined;
    }
    return undefined;
  }

  /** What an expression a function returns is. */
  private returnValue(node: PyNode, depth: number): ReturnValue {
    if (depth > 4) return { kind: 'unknown' };
    const inner = node.type === 'parenthesized_expression' || node.type === 'await' ? node.namedChildren[0] : node;
    if (!inner) return { kind: 'unknown' };
    if (inner.type === 'none') return { kind: 'none' };
    // A list, a string, a number, a boolean: not a batch response (Lambda reads a dict's key).
    if (['list', 'tuple', 'string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'list_comprehension'].includes(inner.type)) return { kind: 'none' };
    if (inner.type === 'dictionary') {
      for (const pair of inner.namedChildren) {
        if (pair?.type !== 'pair') continue;
        const key = pair.childForFieldName('key');
        if (key && stringValue(key) === 'batchItemFailures') {
          const value = pair.childForFieldName('value');
          return { kind: 'batch', ...(value?.type === 'list' && value.namedChildren.length === 0 ? { empty: true } : {}) };
        }
      }
      // A dict written without the key (\`{"statusCode": 200}\`) is not a batch response; one that
      // spreads another (\`{**base}\`) may be.
      return inner.namedChildren.some((c) => c?.type === 'dictionary_splat') ? { kind: 'unknown' } : { kind: 'none' };
    }
    if (inner.type === 'call') {
      const fn = inner.childForFieldName('function');
      if (fn && isPowertoolsResponse(fn, this.scope.imports)) return { kind: 'batch' };
      // \`asyncio.run(main(event))\`, \`loop.run_until_complete(main(event))\`: what the coroutine returns.
      const coroutine = positionalArgs(inner)[0];
      if (coroutine && this.runsCoroutine(fn)) return this.returnValue(coroutine, depth + 1);
      return { kind: 'call', callee: this.calleeOf(fn) };
    }
    if (inner.type === 'identifier') {
      if (this.keysSet.get(inner.text)?.includes('batchItemFailures')) return { kind: 'batch' };
      const values = this.assigned.get(inner.text);
      if (values?.length === 1 && values[0]) return this.returnValue(values[0], depth + 1);
    }
    return { kind: 'unknown' };
  }
}

// ---------------------------------------------------------------------------------------------

/** \`x == "A"\`, \`"A" == x\`, \`x in ("A", "B")\` (\`x\` possibly \`y.upper()\`): the value compared and the literals. */
function literalTest(condition: PyNode): { subject: PyNode; values: string[]; caseless: boolean } | undefined {
  const inner = condition.type === 'parenthesized_expression' ? condition.namedChildren[0] : condition;
  if (inner?.type !== 'comparison_operator' || inner.namedChildren.length !== 2) return undefined;
  const operator = inner.children.find((c) => c && !c.isNamed)?.text;
  const [left, right] = inner.namedChildren as [PyNode, PyNode];
  let subject: PyNode;
  let values: string[] | undefined;
  if (operator === '==') {
    const l = stringValue(left);
    const r = stringValue(right);
    if (r !== undefined && l === undefined) [subject, values] = [left, [r]];
    else if (l !== undefined && r === undefined) [subject, values] = [right, [l]];
    else return undefined;
  } else if (operator === 'in' && ['tuple', 'list', 'set'].includes(right.type)) {
    subject = left;
    values = right.namedChildren.map((c) => (c ? stringValue(c) : undefined)).filter((v): v is string => v !== undefined);
    if (values.length !== right.namedChildren.length) return undefined;
  } else return undefined;
  // \`x.upper() == "INSERT"\`: the comparison of \`x\`, whatever its case.
  const fn = subject.type === 'call' ? subject.childForFieldName('function') : undefined;
  if (fn?.type === 'attribute' && ['upper', 'lower', 'casefold'].includes(fn.childForFieldName('attribute')?.text ?? '') && positionalArgs(subject).length === 0) {
    const object = fn.childForFieldName('object');
    if (object) return { subject: object, values, caseless: true };
  }
  return { subject, values, caseless: false };
}

/** Powertools for AWS Lambda (Python)'s batch utility (its processors, `process_partial_response`, `@batch_processor`). */
export const POWERTOOLS_BATCH_MODULE = 'aws_lambda_powertools.utilities.batch';

/** Whether names of a module come from Powertools' batch utility (or one of its submodules). */
export function isPowertoolsBatchModule(module: string): boolean {
  return module === POWERTOOLS_BATCH_MODULE || module.startsWith(`${POWERTOOLS_BATCH_MODULE}.`);
}

/**
 * A call that makes the batch response: \`process_partial_response(…)\`, its async twin, or
 * \`processor.response()\` in a module that uses the batch utility.
 */
function isPowertoolsResponse(callee: PyNode, imports: ReadonlyMap<string, Imported>): boolean {
  const usesBatch = [...imports.values()].some((i) => isPowertoolsBatchModule(i.module));
  if (!usesBatch) return false;
  if (callee.type === 'identifier') {
    const imported = imports.get(callee.text);
    return imported !== undefined && isPowertoolsBatchModule(imported.module) && (imported.name === 'process_partial_response' || imported.name === 'async_process_partial_response');
  }
  return callee.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'response';
}

/** A name written as a class's (\`SqsHelper\`), by Python's naming convention (PEP 8). */
function isClassName(name: string): boolean {
  return /^_?[A-Z][A-Za-z0-9]*$/u.test(name) && !/^[A-Z0-9_]+$/u.test(name);
}

function isStatic(fn: PyNode): boolean {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  return decorated?.namedChildren.some((d) => d?.type === 'decorator' && /\bstaticmethod\b/u.test(d.text)) === true;
}


/** A call that does no I/O: a built-in, a method of a value, logging. */
const EXCEPTION_CLASS = /^[A-Z]\w*(?:Error|Exception)$/u;

function isPure(callee: PyNode | null): boolean {
  if (!callee) return false;
  if (PURE_LIBRARY_CALLS.has(callee.text)) return true;
  // Making an exception (\`ValueError("…")\`, \`errors.InvalidRecordError(…)\`) does no I/O: raising it is what fails.
  if (EXCEPTION_CLASS.test(callee.type === 'attribute' ? (callee.childForFieldName('attribute')?.text ?? '') : callee.text)) return true;
  if (callee.type === 'identifier') return PURE_CALLS.has(callee.text);
  if (callee.type !== 'attribute') return false;
  const attr = callee.childForFieldName('attribute')?.text ?? '';
  const object = callee.childForFieldName('object');
  if (object?.type === 'identifier' && LOGGING.test(object.text)) return true;
  if (object?.type === 'string' || object?.type === 'list' || object?.type === 'dictionary') return true;
  return PURE_METHODS.has(attr) || /^(?:debug|info|warning|warn|error|exception|critical)$/u.test(attr);
}


function comprehensionIterable(node: PyNode): PyNode | undefined {
  const clause = node.namedChildren.find((c) => c?.type === 'for_in_clause');
  return clause?.childForFieldName('right') ?? undefined;
}

/** The iterable a comprehension binds `name` to, when `id` is read inside that comprehension. */
function comprehensionBinding(id: PyNode): PyNode | undefined {
  for (let n = id.parent; n; n = n.parent) {
    if (n.type === 'function_definition') return undefined;
    if (n.type === 'list_comprehension' || n.type === 'generator_expression' || n.type === 'set_comprehension' || n.type === 'dictionary_comprehension') {
      for (const clause of n.namedChildren) {
        if (clause?.type !== 'for_in_clause') continue;
        const left = clause.childForFieldName('left');
        if (left?.type === 'identifier' && left.text === id.text) return clause.childForFieldName('right') ?? undefined;
      }
    }
  }
  return undefined;
}

function insideExcept(node: PyNode, fn: PyNode): boolean {
  for (let n = node.parent; n && n.id !== fn.id; n = n.parent) {
    if (n.type === 'except_clause' || n.type === 'except_group_clause') return true;
    if (n.type === 'function_definition' || n.type === 'lambda') return false;
  }
  return false;
}

/**
 * Whether a `try` is the body of a retry loop that raises when the attempts run out: the nearest
 * loop around it has an `else:` that raises, and its body leaves the loop with `break` on success.
 */
function raisesAfterRetries(tryNode: PyNode): boolean {
  let loop: PyNode | null = tryNode.parent;
  while (loop && loop.type !== 'for_statement' && loop.type !== 'while_statement') {
    if (loop.type === 'function_definition' || loop.type === 'class_definition' || loop.type === 'lambda') return false;
    loop = loop.parent;
  }
  if (!loop) return false;
  const otherwise = loop.childForFieldName('alternative');
  if (otherwise?.type !== 'else_clause' || !containsOwn(otherwise, 'raise_statement')) return false;
  const body = loop.childForFieldName('body');
  return body !== null && containsOwn(body, 'break_statement');
}

/** Whether a node holds one of `type` outside the functions, classes and loops nested in it. */
function containsOwn(node: PyNode, type: string): boolean {
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === type) return true;
    if (c.type === 'function_definition' || c.type === 'class_definition' || c.type === 'lambda' || c.type === 'for_statement' || c.type === 'while_statement') continue;
    if (containsOwn(c, type)) return true;
  }
  return false;
}

/** What an `except` clause does with the failure. */
function exceptBehaviour(clause: PyNode): { rethrows: boolean; exitsLoop: boolean; setsOuterState: boolean; returnsValue: boolean } {
  let rethrows = false;
  let exitsLoop = false;
  let setsOuterState = false;
  let returnsValue = false;
  const walk = (n: PyNode): void => {
    if (n.type === 'function_definition' || n.type === 'lambda' || n.type === 'class_definition') return;
    if (n.type === 'raise_statement') rethrows = true;
    if (n.type === 'return_statement') {
      exitsLoop = true;
      const value = n.namedChildren[0];
      if (value && value.type !== 'none') returnsValue = true;
    }
    if (n.type === 'break_statement') exitsLoop = true;
    if (n.type === 'assignment' || n.type === 'augmented_assignment') setsOuterState = true;
    for (const c of n.namedChildren) if (c) walk(c);
  };
  const body = clause.namedChildren.find((c) => c?.type === 'block');
  if (body) walk(body);
  // \`except ProgrammingError: pass\` (\`KeyError\`, \`StopIteration\` …): the code expects that one
  // exception (no rows to fetch, a missing key) and has nothing to do for it; it drops no failure
  // of the record's processing, and any other exception goes on as if the clause were not there.
  // (A broad clause, \`except Exception\`, \`except ClientError\`, or one that logs, is judged as written.)
  if (!rethrows && body && body.namedChildren.every((s) => s === null || s.type === 'pass_statement' || s.type === 'comment') && catchesOnlyNarrow(clause)) rethrows = true;
  return { rethrows, exitsLoop, setsOuterState, returnsValue };
}

/** Exception classes that stand for any failure of the work in a \`try\`: catching one of them is catching the failure. */
const BROAD_EXCEPTIONS = new Set(['Exception', 'BaseException', 'ClientError', 'BotoCoreError', 'Boto3Error', 'RuntimeError', 'OSError', 'IOError']);

/** Whether an \`except\` clause names its exception classes, none of them a broad one. */
function catchesOnlyNarrow(clause: PyNode): boolean {
  const type = clause.namedChildren.find((c) => c !== null && c.type !== 'block' && c.type !== 'comment');
  if (!type) return false;
  // \`except X as e\`: the class is the first child of the \`as_pattern\`.
  const classes = type.type === 'as_pattern' ? type.namedChildren[0] : type;
  if (!classes) return false;
  const names = classes.type === 'tuple' || classes.type === 'parenthesized_expression' ? classes.namedChildren.filter((c): c is PyNode => c !== null) : [classes];
  return names.length > 0 && names.every((n) => (n.type === 'identifier' || n.type === 'attribute') && !BROAD_EXCEPTIONS.has(n.text.split('.').at(-1) ?? ''));
}

/** From a node's start to the start of `until` (a loop's head), or to the end of `last`. */
function spanBetween(node: PyNode, until: PyNode | undefined, last?: PyNode | null): Span {
  const full = pySpan(node);
  if (until) {
    const head = pySpan(until);
    return { range: [full.range[0], head.range[0]], loc: { start: full.loc.start, end: head.loc.start } };
  }
  if (last) {
    const end = pySpan(last);
    return { range: [full.range[0], end.range[1]], loc: { start: full.loc.start, end: end.loc.end } };
  }
  return full;
}

const extend = extendOrigin;
const derive = deriveOrigin;
