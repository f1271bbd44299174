/**
 * The external side effects a handler performs, and the idempotency guards that cover them
 * (require-idempotency). Every event source that invokes Lambda asynchronously or through an
 * event source mapping delivers at least once (lambda-facts.md §1.3, §1.4, §1.10), so an
 * unguarded side effect can run twice.
 *
 * What is a side effect is data (SDK_CATALOGUE, LIBRARY_CATALOGUE, the HTTP tables); what guards
 * each one is one of a few argument checks (GuardCheck). A guard whose value the file does not
 * settle is `unknown`, never `unguarded`.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { childNodes, enclosingFunction, isFunction, memberName, NON_VALUE_KEYS, propertyKeyName, spanOf, unwrap, walkOwnCode, type FunctionNode, type Node } from '../../core/ast.js';
import { evaluatePrimitive, ObjectView, producedValues, resolveExpression, returnedValues } from '../../core/values.js';
import type { CalleeRef, HandlerIdempotencyFacts, PowertoolsIdempotencyFact, SideEffectFact } from '../../model/facts.js';
import type { ValueShape } from '../../model/summaries.js';
import type { FileContext } from '../file-context.js';
import { dependsOnParameters, hasHole, objectShape } from './value-shapes.js';
import { calleePath, sdkCallOf, type CalleePath, type SdkCall, type SdkService } from './aws-sdk.js';
import { headersJudgement, HTTP_METHODS, isTokenRequestBody, judgeArguments, UNSAFE_HTTP_METHODS, worst, type CallJudgement, type Freshness, type GuardCheck, type Lookup, type ValueReader } from './guards.js';

interface SdkEntry {
  id: string;
  service: SdkService;
  operations: readonly string[];
  guard: GuardCheck;
}

/** AWS SDK operations that change something outside the function. */
export const SDK_CATALOGUE: readonly SdkEntry[] = [
  { id: 'dynamodb.PutItem', service: 'dynamodb', operations: ['PutItem'], guard: 'put' },
  { id: 'dynamodb.PutItem', service: 'dynamodb-document', operations: ['Put'], guard: 'put' },
  { id: 'dynamodb.UpdateItem', service: 'dynamodb', operations: ['UpdateItem'], guard: 'update' },
  { id: 'dynamodb.UpdateItem', service: 'dynamodb-document', operations: ['Update'], guard: 'update' },
  { id: 'dynamodb.TransactWriteItems', service: 'dynamodb', operations: ['TransactWriteItems'], guard: 'transact' },
  { id: 'dynamodb.TransactWriteItems', service: 'dynamodb-document', operations: ['TransactWrite'], guard: 'transact' },
  { id: 'dynamodb.BatchWriteItem', service: 'dynamodb', operations: ['BatchWriteItem'], guard: 'batch-write' },
  { id: 'dynamodb.BatchWriteItem', service: 'dynamodb-document', operations: ['BatchWrite'], guard: 'batch-write' },
  { id: 'sqs.SendMessage', service: 'sqs', operations: ['SendMessage'], guard: 'queue-dedup' },
  { id: 'sqs.SendMessage', service: 'sqs', operations: ['SendMessageBatch'], guard: 'queue-dedup-batch' },
  { id: 'sns.Publish', service: 'sns', operations: ['Publish'], guard: 'topic-dedup' },
  { id: 'sns.Publish', service: 'sns', operations: ['PublishBatch'], guard: 'topic-dedup-batch' },
  { id: 'ses.SendEmail', service: 'ses', operations: ['SendEmail', 'SendRawEmail', 'SendTemplatedEmail', 'SendBulkTemplatedEmail'], guard: 'none' },
  { id: 'ses.SendEmail', service: 'sesv2', operations: ['SendEmail', 'SendBulkEmail'], guard: 'none' },
  { id: 'eventbridge.PutEvents', service: 'eventbridge', operations: ['PutEvents'], guard: 'none' },
  { id: 'sfn.StartExecution', service: 'sfn', operations: ['StartExecution'], guard: 'execution-name' },
  { id: 'lambda.Invoke', service: 'lambda', operations: ['Invoke'], guard: 'lambda-invoke' },
  { id: 's3.PutObject', service: 's3', operations: ['PutObject'], guard: 'object-key' },
  { id: 's3.CopyObject', service: 's3', operations: ['CopyObject'], guard: 'object-key' },
];

interface LibraryEntry {
  id: string;
  modules: readonly string[];
  /** The end of the callee's path (`()` stands for a call or `new` on the way). */
  tail: readonly string[];
  guard: GuardCheck;
}

/** Third-party APIs, recognised by the import specifier and the call's shape (not by types). */
export const LIBRARY_CATALOGUE: readonly LibraryEntry[] = [
  { id: 'stripe.charges.create', modules: ['stripe'], tail: ['()', 'charges', 'create'], guard: 'stripe-key' },
  { id: 'stripe.paymentIntents.create', modules: ['stripe'], tail: ['()', 'paymentIntents', 'create'], guard: 'stripe-key' },
  { id: 'nodemailer.sendMail', modules: ['nodemailer'], tail: ['createTransport', '()', 'sendMail'], guard: 'none' },
  { id: 'twilio.messages.create', modules: ['twilio'], tail: ['()', 'messages', 'create'], guard: 'none' },
];

/** Modules whose `fetch` (or default export) is the Fetch API. */
const FETCH_MODULES = new Set(['undici', 'node-fetch', 'cross-fetch']);

const POWERTOOLS_IDEMPOTENCY = '@aws-lambda-powertools/idempotency';
const POWERTOOLS_MIDDLEWARE = '@aws-lambda-powertools/idempotency/middleware';

/** Text that a file performing a side effect the catalogue knows contains (a cheap gate before any analysis). */
export const SIDE_EFFECT_MARKERS = [
  '@aws-sdk/',
  'aws-sdk',
  'fetch',
  'axios',
  "'got'",
  '"got"',
  'stripe',
  'nodemailer',
  'twilio',
  POWERTOOLS_IDEMPOTENCY,
  // Handlers typed with @types/aws-lambda: their own side effects may be given as options.
  "'aws-lambda'",
  '"aws-lambda"',
];

// ---------------------------------------------------------------------------------------------
// Values: is a key the same on every delivery?


/** Functions whose result differs on every call: a key made from them changes on every delivery. */
const FRESH_CALLS: readonly { module: string; path: readonly string[] }[] = [
  { module: 'crypto', path: ['randomUUID'] },
  { module: 'node:crypto', path: ['randomUUID'] },
  { module: 'crypto', path: ['randomBytes'] },
  { module: 'node:crypto', path: ['randomBytes'] },
  { module: 'uuid', path: ['v1'] },
  { module: 'uuid', path: ['v4'] },
  { module: 'uuid', path: ['v6'] },
  { module: 'uuid', path: ['v7'] },
  { module: 'nanoid', path: ['nanoid'] },
  { module: 'ulid', path: ['ulid'] },
];

/** Globals whose call differs every time: `Date.now()`, `Math.random()`, `crypto.randomUUID()`. */
const FRESH_GLOBALS = new Set(['Date.now', 'Math.random', 'crypto.randomUUID', 'performance.now']);

/**
 * Whether a value changes between two deliveries of the same event: it contains a random or
 * time-based part, or the invocation's request id (new for every invocation of a mapping).
 * Anything else — the event's fields, constants, values the file does not settle — is `stable`:
 * the check cannot prove it changes, so it does not say so.
 */
function freshness(node: Node, file: FileContext, depth = 0): Freshness {
  if (depth > 12) return 'stable';
  const expr = unwrap(node);
  switch (expr.type) {
    case 'Identifier': {
      const init = file.symbols.constInitializer(expr.name, expr);
      return init && !isFunction(init) ? freshness(init, file, depth + 1) : 'stable';
    }
    case 'MemberExpression':
      if (memberName(expr) === 'awsRequestId') return 'request-id';
      return freshness(expr.object, file, depth + 1);
    case 'ChainExpression':
      return freshness(expr.expression, file, depth + 1);
    case 'NewExpression':
      // `new Date()` is now; `new Date(event.time)` is not.
      if (expr.callee.type === 'Identifier' && expr.callee.name === 'Date' && expr.arguments.length === 0 && !file.symbols.isDeclared('Date')) return 'fresh';
      return worst(expr.arguments.map((a) => freshness(a, file, depth + 1)));
    case 'CallExpression': {
      if (isFreshCall(expr, file)) return 'fresh';
      // A local helper that returns a fresh value (`const newId = () => randomUUID()`).
      const helper = expr.callee.type === 'Identifier' ? localFunction(expr.callee, file) : undefined;
      if (helper && returnedValues(helper).some((v) => freshness(v, file, depth + 1) === 'fresh')) return 'fresh';
      const parts: Node[] = [...expr.arguments];
      if (expr.callee.type === 'MemberExpression') parts.push(expr.callee.object);
      return worst(parts.map((a) => freshness(a, file, depth + 1)));
    }
    case 'TemplateLiteral':
      return worst(expr.expressions.map((e) => freshness(e, file, depth + 1)));
    case 'BinaryExpression':
      return worst([freshness(expr.left, file, depth + 1), freshness(expr.right, file, depth + 1)]);
    case 'LogicalExpression':
      return worst([freshness(expr.left, file, depth + 1), freshness(expr.right, file, depth + 1)]);
    case 'ConditionalExpression':
      return worst([freshness(expr.consequent, file, depth + 1), freshness(expr.alternate, file, depth + 1)]);
    case 'AwaitExpression':
      return freshness(expr.argument, file, depth + 1);
    case 'SpreadElement':
      return freshness(expr.argument, file, depth + 1);
    default:
      return 'stable';
  }
}

/** A function written here, or the one a local `const` or function declaration names. */
function localFunction(node: Node, file: FileContext): FunctionNode | undefined {
  const expr = unwrap(node);
  if (isFunction(expr)) return expr;
  if (expr.type !== 'Identifier') return undefined;
  const binding = file.symbols.binding(expr.name, expr);
  if (binding?.kind === 'function' && isFunction(binding.init)) return binding.init;
  if (binding?.kind === 'const' && binding.init) {
    const init = unwrap(binding.init);
    if (isFunction(init)) return init;
  }
  return undefined;
}

function isFreshCall(call: TSESTree.CallExpression, file: FileContext): boolean {
  const callee = unwrap(call.callee);
  if (callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && !file.symbols.isDeclared(callee.object.name)) {
    if (FRESH_GLOBALS.has(`${callee.object.name}.${memberName(callee) ?? ''}`)) return true;
  }
  const path = calleePath(callee, file);
  if (!path) return false;
  return FRESH_CALLS.some((f) => f.module === path.module && f.path.length === path.path.length && f.path.every((p, i) => p === path.path[i]));
}

function stringOf(node: Node, file: FileContext): string | undefined {
  const r = evaluatePrimitive(node, file.symbols);
  return r.ok && typeof r.value === 'string' ? r.value : undefined;
}

const readers = new WeakMap<FileContext, ValueReader<Node>>();

/** A script's values, for the shared guard judgements (src/analyzers/code/guards.ts). */
function readerOf(file: FileContext): ValueReader<Node> {
  let reader = readers.get(file);
  if (reader) return reader;
  const fresh = new WeakMap<Node, Freshness>();
  reader = {
    view: (node) => ObjectView.of(node, file.symbols),
    string: (node) => stringOf(node, file),
    // Asked again for the parts of a value already judged whole (value shapes): kept per node.
    freshness: (node) => {
      const known = fresh.get(node);
      if (known !== undefined) return known;
      const f = freshness(node, file);
      fresh.set(node, f);
      return f;
    },
    entries: (node) => arrayEntries(node, file),
    properties: (node) => {
      const expr = resolveExpression(node, file.symbols);
      if (expr.type !== 'ObjectExpression') return undefined;
      return expr.properties.map((p): [string | undefined, Node] => (p.type === 'Property' ? [propertyKeyName(p), p.value] : [undefined, p.argument]));
    },
    item: (node) => {
      const expr = resolveExpression(node, file.symbols);
      if (expr.type === 'CallExpression' && expr.arguments[0] && expr.arguments[0].type !== 'SpreadElement') {
        const callee = unwrap(expr.callee);
        const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : undefined;
        if (name === 'marshall') return expr.arguments[0];
      }
      return node;
    },
    text: (node) => file.text.slice(node.range[0], node.range[1]),
  };
  readers.set(file, reader);
  return reader;
}

/** The object literals an `Entries`-like array holds: literal elements, or `.map` callbacks that return a literal. */
function arrayEntries(node: Node, file: FileContext): Node[] | undefined {
  const expr = resolveExpression(node, file.symbols);
  if (expr.type === 'ArrayExpression') {
    const out: Node[] = [];
    for (const el of expr.elements) {
      if (!el || el.type === 'SpreadElement') return undefined;
      out.push(el);
    }
    return out;
  }
  if (expr.type === 'CallExpression' && expr.callee.type === 'MemberExpression' && memberName(expr.callee) === 'map') {
    const cb = expr.arguments[0] ? unwrap(expr.arguments[0]) : undefined;
    if (!isFunction(cb)) return undefined;
    // Each entry is what the callback returns, through the local functions that build it.
    const returns = returnedValues(cb).flatMap((r) => producedValues(r, file.symbols));
    return returns.length > 0 ? returns : undefined;
  }
  return undefined;
}

/** The catalogue calls judged in each file, with their guard check and input: for summaries of what other modules call. */
const judged = new WeakMap<FileContext, { call: TSESTree.CallExpression; guard: GuardCheck; params: Node | undefined }[]>();

/** The catalogue call judged whose range holds `span` (the innermost), with its guard check and input. */
export function judgedCallAt(file: FileContext, span: { range: readonly [number, number] }): { guard: GuardCheck; params: Node | undefined } | undefined {
  let best: { call: TSESTree.CallExpression; guard: GuardCheck; params: Node | undefined } | undefined;
  for (const j of judged.get(file) ?? []) {
    if (j.call.range[0] > span.range[0] || j.call.range[1] < span.range[1]) continue;
    if (!best || j.call.range[1] - j.call.range[0] < best.call.range[1] - best.call.range[0]) best = j;
  }
  return best;
}

/** A catalogue call's parameters (the SDK's input object), judged by the shared guard checks. */
function judgeCall(guard: GuardCheck, params: Node | undefined, call: TSESTree.CallExpression, file: FileContext): CallJudgement | undefined {
  const list = judged.get(file) ?? [];
  if (list.length < MAX_JUDGED) list.push({ call, guard, params });
  judged.set(file, list);
  // A guard that the function's parameters decide (a key its caller gives): not settled here.
  const fn = params ? enclosingFunction(call) : undefined;
  if (params && fn) {
    const shape = valueShape(params, file, fn);
    if (hasHole(shape) && dependsOnParameters(guard, shape)) return { call: 'unknown' };
  }
  const reader = readerOf(file);
  const second = call.arguments[1];
  const options: Lookup<Node> = second === undefined ? { state: 'absent' } : second.type === 'SpreadElement' ? { state: 'unknown' } : { state: 'present', value: second };
  return judgeArguments(guard, params ? reader.view(params) : undefined, reader, options);
}

// ---------------------------------------------------------------------------------------------
// HTTP requests

interface HttpRequest {
  method: string | undefined;
  /** Where headers may be given (fetch's init, axios's config, got's options). */
  options: Node | undefined;
  /** axios's `data` argument (post/put/patch), when given apart from the options. */
  data?: Node | undefined;
  written: string;
}

function httpJudgement(request: HttpRequest, file: FileContext): CallJudgement {
  if (!request.options) return { call: 'unguarded', keyName: 'Idempotency-Key' };
  const headers = ObjectView.of(request.options, file.symbols).get('headers');
  if (headers.state !== 'present') return headersJudgement(headers, readerOf(file));
  const literal = resolveExpression(headers.value, file.symbols);
  // `new Headers({ … })`
  const value = literal.type === 'NewExpression' && literal.arguments[0] && literal.arguments[0].type !== 'SpreadElement' ? literal.arguments[0] : headers.value;
  return headersJudgement({ state: 'present', value }, readerOf(file));
}

function httpRequestOf(call: TSESTree.CallExpression, file: FileContext): HttpRequest | undefined {
  const callee = unwrap(call.callee);
  const arg = (i: number): Node | undefined => {
    const a = call.arguments[i];
    return a && a.type !== 'SpreadElement' ? a : undefined;
  };
  const methodIn = (options: Node | undefined, fallback: string): string | undefined => {
    if (!options) return fallback;
    const m = ObjectView.of(options, file.symbols).get('method');
    if (m.state === 'absent') return fallback;
    if (m.state === 'unknown') return undefined;
    return stringOf(m.value, file)?.toUpperCase();
  };
  if (callee.type === 'Identifier' && callee.name === 'fetch' && !file.symbols.isDeclared('fetch')) {
    return { method: methodIn(arg(1), 'GET'), options: arg(1), written: 'fetch' };
  }
  const path = calleePath(callee, file);
  if (!path) return undefined;
  const rest = path.path;
  const last = rest[rest.length - 1];
  const written = writtenCallee(callee);
  if (FETCH_MODULES.has(path.module)) {
    if (last === 'fetch' || rest.length === 0 || (rest.length === 1 && rest[0] === 'default')) return { method: methodIn(arg(1), 'GET'), options: arg(1), written };
    if (path.module === 'undici' && last === 'request') return { method: methodIn(arg(1), 'GET'), options: arg(1), written };
    return undefined;
  }
  if (path.module !== 'axios' && path.module !== 'got') return undefined;
  // The library itself or an instance of it (`axios.create()`, `got.extend()`), then a method or a call.
  const base = last !== undefined && last !== '()' ? rest.slice(0, -1) : rest;
  if (!base.every((p) => p === 'default' || p === 'create' || p === 'extend' || p === '()')) return undefined;
  if (last === undefined || last === '()' || last === 'default') {
    // `axios(config)`, `axios(url, config)`, `got(url, options)`.
    const first = arg(0);
    const options = first && resolveExpression(first, file.symbols).type === 'ObjectExpression' && path.module === 'axios' ? first : arg(1);
    return { method: methodIn(options, 'GET'), options, written };
  }
  if (last === 'request') return { method: methodIn(arg(0), 'GET'), options: arg(0), written };
  const method = last.toUpperCase();
  if (!HTTP_METHODS.has(method)) return undefined;
  // axios: post/put/patch(url, data, config); got: post(url, options).
  const withData = path.module === 'axios' && (method === 'POST' || method === 'PUT' || method === 'PATCH');
  return { method, options: withData ? arg(2) : arg(1), data: withData ? arg(1) : undefined, written };
}

/**
 * Whether a request sends an OAuth 2 token request: its body (fetch's `body`, axios's data or
 * `data` option, got's `form` / `json`) is an object with a `grant_type` key, or such an object in
 * `new URLSearchParams({…})` / `qs.stringify({…})`, or a form string that starts with `grant_type=`.
 */
function isTokenRequest(request: HttpRequest, file: FileContext): boolean {
  const options = request.options ? ObjectView.of(request.options, file.symbols) : undefined;
  const bodies = [request.data, ...['body', 'data', 'form', 'json'].map((k) => options?.get(k)).map((p) => (p?.state === 'present' ? p.value : undefined))];
  return bodies.some((b) => b !== undefined && grantsToken(b, file));
}

/** The body, or the object a form encoder is given (`new URLSearchParams({…})`, `qs.stringify({…})`). */
function grantsToken(node: Node, file: FileContext): boolean {
  const value = resolveExpression(node, file.symbols);
  const first = value.type === 'NewExpression' || value.type === 'CallExpression' ? value.arguments[0] : undefined;
  const encoded = first && first.type !== 'SpreadElement' ? first : undefined;
  return isTokenRequestBody(value, readerOf(file)) || (encoded !== undefined && isTokenRequestBody(encoded, readerOf(file)));
}

function writtenCallee(node: Node): string {
  const expr = unwrap(node);
  if (expr.type === 'Identifier') return expr.name;
  if (expr.type === 'MemberExpression' && !expr.computed && expr.property.type === 'Identifier') return `${writtenCallee(expr.object)}.${expr.property.name}`;
  if (expr.type === 'CallExpression') return `${writtenCallee(expr.callee)}()`;
  if (expr.type === 'NewExpression') return `new ${writtenCallee(expr.callee)}()`;
  return '…';
}

// ---------------------------------------------------------------------------------------------
// Classifying one call

interface Classified {
  effect: string;
  operation: string;
  judgement: CallJudgement;
}

/** A dedup-store read (`GetItem`), which a check-then-act gates a write on. */
function isDynamoRead(sdk: SdkCall | undefined): boolean {
  return (sdk?.service === 'dynamodb' && sdk.operation === 'GetItem') || (sdk?.service === 'dynamodb-document' && sdk.operation === 'Get');
}

function classify(call: TSESTree.CallExpression, sdk: SdkCall | undefined, file: FileContext): Classified | undefined {
  if (sdk) {
    const entry = SDK_CATALOGUE.find((e) => e.service === sdk.service && e.operations.includes(sdk.operation));
    if (!entry) return undefined;
    const judgement = judgeCall(entry.guard, sdk.params, call, file);
    return judgement ? { effect: entry.id, operation: sdk.written, judgement } : undefined;
  }
  const http = httpRequestOf(call, file);
  if (http) {
    if (http.method === undefined || !UNSAFE_HTTP_METHODS.has(http.method)) return undefined;
    // An OAuth token request (a form with `grant_type`): asking again only gets another token.
    if (isTokenRequest(http, file)) return undefined;
    return { effect: `http.${http.method}`, operation: `${http.written} ${http.method}`, judgement: httpJudgement(http, file) };
  }
  const path = calleePath(call.callee, file);
  if (!path) return undefined;
  for (const entry of LIBRARY_CATALOGUE) {
    if (!entry.modules.includes(path.module) || path.path.length < entry.tail.length) continue;
    const tail = path.path.slice(path.path.length - entry.tail.length);
    if (tail.every((p, i) => p === entry.tail[i])) {
      const judgement = judgeCall(entry.guard, undefined, call, file);
      return judgement ? { effect: entry.id, operation: writtenCallee(call.callee), judgement } : undefined;
    }
  }
  return undefined;
}

/** `sendMail`, `default`, `Mailer.send`: the path inside the module without the calls on the way. */
export function refOf(path: CalleePath): CalleeRef {
  const names = path.path.filter((p) => p !== '()');
  if (path.path[0] === '()' || names.length === 0) names.unshift('default');
  return { module: path.module, name: names.join('.') };
}

// ---------------------------------------------------------------------------------------------
// Powertools idempotency

function isPowertools(call: TSESTree.CallExpression, file: FileContext, name: string): boolean {
  const symbol = file.symbols.resolveImport(call.callee);
  const last = symbol?.path[symbol.path.length - 1];
  return last === name && (symbol?.module === POWERTOOLS_IDEMPOTENCY || symbol?.module === POWERTOOLS_MIDDLEWARE);
}

/** `eventKeyJmesPath` in `{ config: new IdempotencyConfig({ eventKeyJmesPath }) }`. */
function powertoolsKey(options: Node | undefined, file: FileContext): PowertoolsIdempotencyFact['key'] {
  if (!options || options.type === 'SpreadElement') return 'unknown';
  const config = ObjectView.of(options, file.symbols).get('config');
  if (config.state === 'absent') return 'default';
  if (config.state === 'unknown') return 'unknown';
  const created = resolveExpression(config.value, file.symbols);
  if (created.type !== 'NewExpression') return 'unknown';
  const symbol = file.symbols.resolveImport(created.callee);
  if (symbol?.module !== POWERTOOLS_IDEMPOTENCY || symbol.path[symbol.path.length - 1] !== 'IdempotencyConfig') return 'unknown';
  const arg = created.arguments[0];
  if (!arg) return 'default';
  if (arg.type === 'SpreadElement') return 'unknown';
  const key = ObjectView.of(arg, file.symbols).get('eventKeyJmesPath');
  return key.state === 'present' ? 'set' : key.state === 'absent' ? 'default' : 'unknown';
}

const middlewares = new WeakMap<FileContext, TSESTree.CallExpression[]>();

/** The file's `makeHandlerIdempotent(…)` calls, found once per file (not once per handler). */
function middlewaresOf(file: FileContext): TSESTree.CallExpression[] {
  let found = middlewares.get(file);
  if (!found) {
    found = file.text.includes('makeHandlerIdempotent') ? file.callExpressions.filter((c) => isPowertools(c, file, 'makeHandlerIdempotent')) : [];
    middlewares.set(file, found);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Following the handler into the functions it runs

interface Context {
  powertools: boolean;
  wrappers: CalleeRef[];
}

interface Found {
  fact: SideEffectFact;
  call: TSESTree.CallExpression;
  claim: boolean;
}

/** Bounds the functions followed per handler (helpers of helpers, callbacks, wrapped functions). */
const MAX_FUNCTIONS = 40;

export function extractIdempotency(file: FileContext, handler: FunctionNode, exportWrappers: readonly TSESTree.CallExpression[]): HandlerIdempotencyFacts {
  if (exportWrappers.length > 0) return new IdempotencyWalker(file).run(handler, exportWrappers);
  // A function without wrappers is walked once, whether as a handler or as what other modules call.
  let byFunction = unwrappedRuns.get(file);
  if (!byFunction) {
    byFunction = new Map();
    unwrappedRuns.set(file, byFunction);
  }
  let facts = byFunction.get(handler);
  if (!facts) {
    facts = new IdempotencyWalker(file).run(handler, exportWrappers);
    byFunction.set(handler, facts);
  }
  return facts;
}

const unwrappedRuns = new WeakMap<FileContext, Map<FunctionNode, HandlerIdempotencyFacts>>();

class IdempotencyWalker {
  private readonly found: Found[] = [];
  private readonly reads: TSESTree.CallExpression[] = [];
  private readonly powertools = new Map<number, PowertoolsIdempotencyFact>();
  private readonly queue: { fn: FunctionNode; ctx: Context }[] = [];
  private readonly visited = new Set<string>();

  private readonly mentionsMakeIdempotent: boolean;

  constructor(private readonly file: FileContext) {
    this.mentionsMakeIdempotent = file.text.includes('makeIdempotent');
  }

  run(handler: FunctionNode, exportWrappers: readonly TSESTree.CallExpression[]): HandlerIdempotencyFacts {
    const root: Context = { powertools: false, wrappers: [] };
    for (const call of exportWrappers) this.handlerWrapper(call, root);
    Object.assign(root, this.decorators(handler, root, 'handler'));
    // `handler.use(makeHandlerIdempotent(…))` written apart from the export: it may be this handler's.
    for (const call of middlewaresOf(this.file)) {
      if (!this.powertools.has(call.range[0])) {
        this.powertools.set(call.range[0], { span: spanOf(call.callee), scope: 'handler', key: powertoolsKey(call.arguments[0], this.file) });
        root.powertools = true;
      }
    }
    this.queue.push({ fn: handler, ctx: root });
    while (this.queue.length > 0 && this.visited.size < MAX_FUNCTIONS) {
      const { fn, ctx } = this.queue.shift() as { fn: FunctionNode; ctx: Context };
      const key = `${fn.range[0]}:${ctx.powertools}:${ctx.wrappers.map((w) => `${w.module}#${w.name}`).join(',')}`;
      if (this.visited.has(key)) continue;
      this.visited.add(key);
      this.walk(fn.body, ctx);
    }
    return { sideEffects: this.finish(), powertools: [...this.powertools.values()] };
  }

  /** A call the export goes through on its way to the handler function. */
  private handlerWrapper(call: TSESTree.CallExpression, ctx: Context): void {
    if (isPowertools(call, this.file, 'makeIdempotent')) {
      this.powertools.set(call.range[0], { span: spanOf(call.callee), scope: 'handler', key: powertoolsKey(call.arguments[1], this.file) });
      ctx.powertools = true;
    }
    const callee = unwrap(call.callee);
    if (callee.type === 'MemberExpression' && memberName(callee) === 'use') {
      // Middy middlewares: `.use(makeHandlerIdempotent(…))`, or the user's own.
      for (const arg of call.arguments) {
        const inner = arg.type === 'SpreadElement' ? undefined : unwrap(arg);
        if (inner?.type !== 'CallExpression') continue;
        if (isPowertools(inner, this.file, 'makeHandlerIdempotent')) {
          this.powertools.set(inner.range[0], { span: spanOf(inner.callee), scope: 'handler', key: powertoolsKey(inner.arguments[0], this.file) });
          ctx.powertools = true;
        }
        const path = calleePath(inner.callee, this.file);
        if (path) ctx.wrappers.push(refOf(path));
      }
      return;
    }
    const path = calleePath(callee, this.file);
    if (path) ctx.wrappers.push(refOf(path));
  }

  /** `@idempotent(…)` (or a decorator given as a guard) on a class method. */
  private decorators(fn: FunctionNode, ctx: Context, scope: 'handler' | 'record'): Context {
    const method = fn.parent;
    if (method?.type !== 'MethodDefinition' && method?.type !== 'PropertyDefinition') return ctx;
    let out = ctx;
    for (const decorator of method.decorators) {
      const expr = unwrap(decorator.expression);
      const callee = expr.type === 'CallExpression' ? expr.callee : expr;
      const symbol = this.file.symbols.resolveImport(callee);
      if (symbol?.module === POWERTOOLS_IDEMPOTENCY && symbol.path[symbol.path.length - 1] === 'idempotent') {
        this.powertools.set(decorator.range[0], {
          span: spanOf(decorator),
          scope,
          key: expr.type === 'CallExpression' ? powertoolsKey(expr.arguments[0], this.file) : 'default',
        });
        out = { ...out, powertools: true };
      }
      const path = calleePath(callee, this.file);
      if (path) out = { ...out, wrappers: [...out.wrappers, refOf(path)] };
    }
    return out;
  }

  private walk(root: Node, ctx: Context): void {
    const stack: Node[] = [root];
    while (stack.length > 0) {
      const node = stack.pop() as Node;
      if (node.type === 'CallExpression') {
        if (this.wrapped(node, ctx)) {
          // The wrapped function is followed with the guard; its other arguments are walked as usual.
          stack.push(node.callee, ...node.arguments.slice(1));
          continue;
        }
        this.call(node, ctx);
        this.follow(node.callee, ctx);
        for (const arg of node.arguments) this.follow(arg, ctx);
      }
      for (const child of childNodes(node, SKIPPED_KEYS)) stack.push(child);
    }
  }

  /**
   * `makeIdempotent(fn, …)` inside the handler's code (or a `const` that holds it): follows `fn`
   * under the guard and returns true.
   */
  private wrapped(call: TSESTree.CallExpression, ctx: Context): boolean {
    if (!this.mentionsMakeIdempotent || !isPowertools(call, this.file, 'makeIdempotent')) return false;
    const first = call.arguments[0];
    if (!this.powertools.has(call.range[0])) {
      this.powertools.set(call.range[0], { span: spanOf(call.callee), scope: 'record', key: powertoolsKey(call.arguments[1], this.file) });
    }
    const inner = first && first.type !== 'SpreadElement' ? this.functionOf(first) : undefined;
    if (inner) this.queue.push({ fn: inner, ctx: { powertools: true, wrappers: ctx.wrappers } });
    return true;
  }

  private functionOf(node: Node): FunctionNode | undefined {
    return localFunction(node, this.file);
  }

  /** A reference to a function of this file (called, or passed as a callback): follow it. */
  private follow(node: Node, ctx: Context): void {
    const expr = unwrap(node);
    if (expr.type === 'MemberExpression' && expr.object.type === 'ThisExpression') {
      const method = this.methodOf(expr);
      if (method) this.queue.push({ fn: method, ctx: this.decorators(method, ctx, 'record') });
      return;
    }
    if (expr.type !== 'Identifier') return;
    const fn = this.functionOf(expr);
    if (fn) {
      this.queue.push({ fn, ctx });
      return;
    }
    // `const processRecord = makeIdempotent(fn, …)` / `= withRetries(fn)`: the wrapped function, under its wrapper.
    const init = this.file.symbols.constInitializer(expr.name, expr);
    const call = init ? unwrap(init) : undefined;
    if (call?.type !== 'CallExpression') return;
    if (this.wrapped(call, ctx)) return;
    const first = call.arguments[0];
    const inner = first && first.type !== 'SpreadElement' ? this.functionOf(first) : undefined;
    const path = calleePath(call.callee, this.file);
    if (inner && path) this.queue.push({ fn: inner, ctx: { ...ctx, wrappers: [...ctx.wrappers, refOf(path)] } });
  }

  /** `this.name` inside a class: the method of that class. */
  private methodOf(member: TSESTree.MemberExpression): FunctionNode | undefined {
    const name = memberName(member);
    let current: Node | undefined = member.parent;
    while (current && current.type !== 'ClassBody') current = current.parent;
    if (!current || name === undefined) return undefined;
    for (const element of current.body) {
      if ((element.type === 'MethodDefinition' || element.type === 'PropertyDefinition') && !element.static && propertyKeyName(element) === name) {
        const value = element.value ? unwrap(element.value) : undefined;
        if (isFunction(value)) return value;
      }
    }
    return undefined;
  }

  private call(call: TSESTree.CallExpression, ctx: Context): void {
    const sdk = sdkCallOf(call, this.file);
    if (isDynamoRead(sdk)) {
      this.reads.push(call);
      return;
    }
    const classified = classify(call, sdk, this.file);
    if (classified) {
      this.push(call, ctx, classified.effect, classified.operation, classified.judgement, undefined);
      return;
    }
    // Any other imported or local function: the rule's options may name it as a side effect or a guard.
    const path = calleePath(call.callee, this.file);
    if (!path) return;
    this.push(call, ctx, 'call', writtenCallee(call.callee), { call: 'unguarded' }, refOf(path));
  }

  private push(call: TSESTree.CallExpression, ctx: Context, effect: string, operation: string, judgement: CallJudgement, callee: CalleeRef | undefined): void {
    if (this.found.some((f) => f.call === call)) return;
    this.found.push({
      call,
      claim: judgement.claim === true,
      fact: {
        effect,
        operation,
        span: spanOf(call.callee),
        call: judgement.call,
        keyName: judgement.keyName,
        coveredBy: ctx.powertools ? 'powertools' : undefined,
        callee,
        wrappers: [...ctx.wrappers],
        racyCheck: undefined,
      },
    });
  }

  /** Claims cover what runs after them; a plain read that gates a write is a racy check. */
  private finish(): SideEffectFact[] {
    const claims = this.found.filter((f) => f.claim);
    for (const f of this.found) {
      if (f.fact.coveredBy || f.claim) continue;
      const fn = enclosingFunction(f.call);
      if (claims.some((c) => enclosingFunction(c.call) !== fn || c.call.range[0] < f.call.range[0])) {
        f.fact.coveredBy = 'claim';
        continue;
      }
      if (f.fact.call === 'unguarded' && fn) {
        const read = this.reads.find((r) => enclosingFunction(r) === fn && r.range[1] < f.call.range[0] && gatesOn(r, f.call, fn));
        if (read) f.fact.racyCheck = spanOf(read.callee);
      }
    }
    return this.found.map((f) => f.fact);
  }
}

/**
 * Whether an `if` between a read and a write tests the read's result and leaves (return,
 * continue, throw, break) — `if (existing.Item) return;` — so that the write depends on the read.
 */
function gatesOn(read: TSESTree.CallExpression, write: TSESTree.CallExpression, fn: FunctionNode): boolean {
  const names = resultNames(read);
  let gates = false;
  walkOwnCode(fn.body, (node) => {
    if (gates || node.type !== 'IfStatement') return;
    if (node.range[0] < read.range[1] || node.range[0] > write.range[0]) return;
    if (!mentions(node.test, names, read)) return;
    let exits = false;
    walkOwnCode(node.consequent, (n) => {
      if (n.type === 'ReturnStatement' || n.type === 'ContinueStatement' || n.type === 'ThrowStatement' || n.type === 'BreakStatement') exits = true;
    }, SKIPPED_KEYS);
    if (exits) gates = true;
  }, SKIPPED_KEYS);
  return gates;
}

/** The names the read's result is bound to: `const res = await …`, `const { Item } = await …`. */
function resultNames(read: TSESTree.CallExpression): Set<string> {
  const names = new Set<string>();
  let holder: Node = read;
  while (holder.parent && (holder.parent.type === 'AwaitExpression' || holder.parent.type === 'TSAsExpression' || (holder.parent.type === 'MemberExpression' && holder.parent.object === holder))) holder = holder.parent;
  const parent = holder.parent;
  if (parent?.type === 'VariableDeclarator' && parent.init === holder) {
    if (parent.id.type === 'Identifier') names.add(parent.id.name);
    if (parent.id.type === 'ObjectPattern') {
      for (const p of parent.id.properties) if (p.type === 'Property' && p.value.type === 'Identifier') names.add(p.value.name);
    }
  }
  return names;
}

function mentions(test: Node, names: Set<string>, read: TSESTree.CallExpression): boolean {
  let found = false;
  walkOwnCode(test, (n) => {
    if (n === read || (n.type === 'Identifier' && names.has(n.name))) found = true;
  }, SKIPPED_KEYS);
  return found;
}

/** Decorators are guards (`@idempotent`), not side effects: not walked into. */
const SKIPPED_KEYS: ReadonlySet<string> = new Set([...NON_VALUE_KEYS, 'decorators']);


const MAX_JUDGED = 2000;
const MAX_SHAPE_DEPTH = 3;
const MAX_SHAPE_KEYS = 24;

/**
 * What a value is, as far as guards need it (`ValueShape`): an object literal's keys, a scalar's
 * freshness and string, and for a parameter of `fn` (or a property of one) a hole that the callers
 * of `fn` fill. A value that mixes a parameter into something else is not known.
 */
export function valueShape(node: Node, file: FileContext, fn: FunctionNode, depth = 0): ValueShape {
  // What the code itself shows to change per attempt (`context.awsRequestId`) is that, not a hole.
  const own = readerOf(file).freshness(node);
  if (own !== 'stable') return { scalar: own };
  const hole = parameterPath(unwrap(node), file, fn);
  if (hole) return hole;
  let e = resolveExpression(node, file.symbols);
  const resolved = parameterPath(e, file, fn);
  if (resolved) return resolved;
  // What a local function builds (`toItem(record)`), when it returns one object literal.
  if (e.type === 'CallExpression') {
    const produced = producedValues(e, file.symbols);
    const only = produced.length === 1 ? produced[0] : undefined;
    if (only && only !== e && unwrap(only).type === 'ObjectExpression') e = unwrap(only);
  }
  if (e.type === 'ObjectExpression') {
    if (depth >= MAX_SHAPE_DEPTH || e.properties.length > MAX_SHAPE_KEYS) return { unknown: true };
    const object: Record<string, ValueShape> = {};
    const spreads: ValueShape[] = [];
    let open = false;
    for (const p of e.properties) {
      if (p.type === 'SpreadElement') {
        // A spread before the keys written here (`{ ...item, at }`): its keys, under them.
        const spread = valueShape(p.argument, file, fn, depth + 1);
        if (Object.keys(object).length === 0 && ('param' in spread || ('object' in spread && !spread.open))) spreads.push(spread);
        else open = true;
        continue;
      }
      const key = propertyKeyName(p);
      if (key === undefined) open = true;
      else object[key] = valueShape(p.value, file, fn, depth + 1);
    }
    return objectShape(object, spreads, open);
  }
  if (mentionsParameter(e, file, fn)) return { unknown: true };
  const reader = readerOf(file);
  const text = reader.string(e);
  return { scalar: reader.freshness(e), ...(text !== undefined ? { text } : {}) };
}

/** `item`, `props.item.pk`: a parameter of `fn` and the properties read below it. */
function parameterPath(e: Node, file: FileContext, fn: FunctionNode): ValueShape | undefined {
  const path: string[] = [];
  let current = e;
  while (current.type === 'MemberExpression' && !current.computed && current.property.type === 'Identifier') {
    path.unshift(current.property.name);
    current = unwrap(current.object);
  }
  if (current.type !== 'Identifier') return undefined;
  const index = parameterIndex(current, file, fn);
  return index === undefined ? undefined : { param: index, path };
}

function parameterIndex(id: TSESTree.Identifier, file: FileContext, fn: FunctionNode): number | undefined {
  const binding = file.symbols.binding(id.name, id);
  if (binding?.kind !== 'param') return undefined;
  const index = fn.params.findIndex((p) => {
    const target = p.type === 'AssignmentPattern' ? p.left : p.type === 'TSParameterProperty' ? p.parameter : p;
    const name = target.type === 'AssignmentPattern' ? target.left : target;
    return name.type === 'Identifier' && (name === binding.declared || (name.name === id.name && name.range[0] === binding.declared.range[0]));
  });
  return index < 0 ? undefined : index;
}

function mentionsParameter(e: Node, file: FileContext, fn: FunctionNode): boolean {
  let found = false;
  walkOwnCode(e, (n) => {
    if (!found && n.type === 'Identifier' && parameterIndex(n, file, fn) !== undefined) found = true;
  });
  return found;
}
