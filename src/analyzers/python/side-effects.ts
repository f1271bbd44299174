/**
 * A Python function's external side effects and the idempotency guards that cover them
 * (require-idempotency): the same SideEffectFact / PowertoolsIdempotencyFact the script extractor
 * makes. What is a side effect is the shared catalogue (SDK_CATALOGUE: boto3's method names are the
 * API operations in snake_case); what guards it is the shared judgement (src/analyzers/code/guards.ts)
 * read through a ValueReader over Python values (keyword arguments, dicts, names assigned once).
 *
 * Receivers are followed to where they are made — `boto3.client("sqs")`, `boto3.resource(
 * "dynamodb").Table(name)`, a session's `client(…)`, `table.batch_writer()`, `requests.Session()` —
 * through names assigned once in the function, in the module, or on `self` in the class. A receiver
 * that comes from elsewhere (a parameter) is not judged: what it is stays unknown.
 */
import type { PowertoolsIdempotencyFact, SideEffectFact } from '../../model/facts.js';
import { SDK_CATALOGUE } from '../code/side-effects.js';
import { headersJudgement, HTTP_METHODS, isTokenRequestBody, judgeArguments, UNSAFE_HTTP_METHODS, worst, type CallJudgement, type Freshness, type GuardCheck, type Lookup, type ValueReader, type View } from '../code/guards.js';
import { dependsOnParameters, hasHole, objectShape } from '../code/value-shapes.js';
import type { ValueShape } from '../../model/summaries.js';
import type { SdkService } from '../code/aws-sdk.js';
import { keywordArgument, ownNodes, positionalArgs, stringValue } from './nodes.js';
import { pySpan, type PyNode } from './parser.js';

/** What an imported name is: a module (`import boto3`) or a name of one (`from uuid import uuid4`). */
export interface PyImport {
  module: string;
  name: string | undefined;
}

/** How the function's names get their values (the summary walker knows the function's and the module's assignments). */
export interface PyNames {
  /** The one value a name holds where it is read (assigned once in the function, or in the module); `undefined` otherwise. */
  valueOf(id: PyNode): PyNode | undefined;
  /** The one value `self.name` is given in the class's methods. */
  selfAttribute(name: string): PyNode | undefined;
  /** An imported name, when the function does not declare it itself. */
  imported(name: string): PyImport | undefined;
  /** The module's top-level function of that name, when the function does not declare the name itself. */
  functionNamed(name: string): PyNode | undefined;
  /** The index of the parameter of that name (never assigned another value in the function). */
  paramIndex(name: string): number | undefined;
  /** \`self.name\` set in the class's constructor from one of its parameters: which one. */
  selfFromConstructor(name: string): { ctorParam: number; className: string } | undefined;
}

/** A side effect found in a function's own code, and whether it claims a key for what follows (a conditional write). */
export interface PyEffect {
  fact: SideEffectFact;
  claim: boolean;
  /** Its keywords come from the function's parameters (`EffectSummary.guard`). */
  guard?: { check: GuardCheck; params: ValueShape };
}

/** boto3's service names, as the shared catalogue names the service. */
export const BOTO3_SERVICES: Readonly<Record<string, SdkService>> = {
  dynamodb: 'dynamodb',
  sqs: 'sqs',
  sns: 'sns',
  ses: 'ses',
  sesv2: 'sesv2',
  events: 'eventbridge',
  stepfunctions: 'sfn',
  lambda: 'lambda',
  s3: 's3',
  kinesis: 'kinesis',
  firehose: 'firehose',
};

const POWERTOOLS_IDEMPOTENCY = 'aws_lambda_powertools.utilities.idempotency';
const HTTP_MODULES = new Set(['requests', 'httpx', 'urllib3', 'aiohttp']);

/** `PutItem` → `put_item`: boto3's method for an API operation. */
export function snake(operation: string): string {
  return operation.replace(/(?<=[a-z0-9])([A-Z])/gu, '_$1').toLowerCase();
}

/** What a receiver is: a boto3 client or resource object of a service, or an HTTP client. */
export type Receiver =
  | { kind: 'client'; service: string }
  | { kind: 'resource'; service: string }
  /** A resource's sub-object: `Table(name)`, `Bucket(name)`, `Object(bucket, key)`, `Queue(url)`, `Topic(arn)`, and a table's `batch_writer()`. */
  | { kind: 'Table' | 'Bucket' | 'Object' | 'Queue' | 'Topic' | 'batch_writer'; made: PyNode }
  | { kind: 'boto3' }
  | { kind: 'session' }
  | { kind: 'http'; module: string };

const MAX_DEPTH = 8;

/**
 * A call on a receiver the function is given — a parameter (\`def send(sqs, …): sqs.send_message(…)\`)
 * or \`self.name\` set from a constructor's parameter — judged once a caller in the module is seen
 * passing a boto3 client there (\`judgeOnClient\`).
 */
export interface PendingEffect {
  call: PyNode;
  from: { param: number } | { ctorParam: number; className: string };
}

/** The side effects written in a function's own body (not in the functions it calls: those are followed by the caller). */
export function pythonEffects(fn: PyNode, names: PyNames): { effects: PyEffect[]; pending: PendingEffect[] } {
  const out: PyEffect[] = [];
  const pending: PendingEffect[] = [];
  const reader = pythonReader(names);
  for (const call of ownNodes(fn, 'call')) {
    const found = classify(call, names, reader);
    if (found) out.push(found);
    else {
      const given = givenReceiver(call, names);
      if (given) pending.push({ call, from: given });
    }
  }
  return { effects: out, pending };
}

/** Where a call's receiver comes from when the function is given it: a parameter, or a constructor's parameter kept on \`self\`. */
function givenReceiver(call: PyNode, names: PyNames): PendingEffect['from'] | undefined {
  const callee = call.childForFieldName('function');
  const object = callee?.type === 'attribute' ? callee.childForFieldName('object') : undefined;
  if (object?.type === 'identifier') {
    const i = names.paramIndex(object.text);
    return i === undefined ? undefined : { param: i };
  }
  if (object?.type === 'attribute' && object.childForFieldName('object')?.text === 'self') return names.selfFromConstructor(object.childForFieldName('attribute')?.text ?? '');
  return undefined;
}

/** A call on a receiver a caller gives as a boto3 client of \`service\`: judged as on that client. */
export function judgeOnClient(call: PyNode, service: string, names: PyNames): PyEffect | undefined {
  return classify(call, names, pythonReader(names), { kind: 'client', service });
}

/** The service of the boto3 client an expression is (\`boto3.client("sqs")\`, a name holding one). */
export function clientService(node: PyNode, names: PyNames): string | undefined {
  const r = receiverOf(node, names);
  return r?.kind === 'client' ? r.service : undefined;
}

function classify(call: PyNode, names: PyNames, reader: ValueReader<PyNode>, given?: Receiver): PyEffect | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute') return urlopen(call, callee, names, reader);
  const method = callee.childForFieldName('attribute')?.text ?? '';
  const object = callee.childForFieldName('object');
  const receiver = given ?? (object ? (receiverOf(object, names, 0) ?? namedReceiver(object, names)) : undefined);
  if (!receiver) return undefined;
  const written = callee.text.replace(/\s+/gu, '');
  const make = (effect: string, given: CallJudgement | undefined, check?: GuardCheck): PyEffect | undefined => {
    // Not settled here because the keywords come from the function's parameters (a key its caller
    // gives): judged again with each caller's arguments.
    const shape = check !== undefined ? keywordShape(call, names) : undefined;
    const pending = shape !== undefined && check !== undefined && hasHole(shape) && dependsOnParameters(check, shape);
    const judgement: CallJudgement | undefined = pending ? { call: 'unknown' } : given;
    if (judgement === undefined) return undefined;
    return {
      fact: { effect, operation: written, span: pySpan(callee), call: judgement.call, keyName: judgement.keyName, coveredBy: undefined, callee: undefined, wrappers: [], racyCheck: undefined },
      claim: judgement.claim === true,
      ...(shape && check !== undefined && hasHole(shape) ? { guard: { check, params: shape } } : {}),
    };
  };
  const kwargs = keywordView(call, reader);
  const sdk = (service: SdkService, view: View<PyNode>): PyEffect | undefined => {
    const entry = SDK_CATALOGUE.find((e) => e.service === service && e.operations.some((o) => snake(o) === method));
    return entry ? make(entry.id, judge(entry.guard, view, reader), entry.guard) : undefined;
  };
  switch (receiver.kind) {
    case 'client': {
      const service = BOTO3_SERVICES[receiver.service];
      if (!service) return undefined;
      // The S3 transfer methods: `upload_file(Filename, Bucket, Key)`, `upload_fileobj(Fileobj, Bucket, Key)`.
      if (service === 's3' && (method === 'upload_file' || method === 'upload_fileobj')) return make('s3.PutObject', judge('object-key', withPositional(kwargs, call, { Key: 2 }), reader));
      return sdk(service, kwargs);
    }
    case 'Table': {
      if (method === 'put_item') return make('dynamodb.PutItem', judge('put', kwargs, reader), 'put');
      if (method === 'update_item') return make('dynamodb.UpdateItem', judge('update', kwargs, reader), 'update');
      return undefined;
    }
    case 'batch_writer':
      // A batch writer's puts take no condition: each is an unconditional put.
      return method === 'put_item' ? make('dynamodb.BatchWriteItem', judge('put', kwargs, reader), 'put') : undefined;
    case 'Queue': {
      const url = madeArgument(receiver.made, 0, 'url');
      const view = withValue(kwargs, 'QueueUrl', url);
      if (method === 'send_message') return make('sqs.SendMessage', judge('queue-dedup', view, reader));
      if (method === 'send_messages') return make('sqs.SendMessage', judge('queue-dedup-batch', view, reader));
      return undefined;
    }
    case 'Topic':
      return method === 'publish' ? make('sns.Publish', judge('topic-dedup', withValue(kwargs, 'TopicArn', madeArgument(receiver.made, 0, 'arn')), reader)) : undefined;
    case 'Bucket':
      if (method === 'put_object') return make('s3.PutObject', judge('object-key', kwargs, reader));
      if (method === 'upload_file' || method === 'upload_fileobj') return make('s3.PutObject', judge('object-key', withPositional(kwargs, call, { Key: 1 }), reader));
      return undefined;
    case 'Object':
      if (method === 'put' || method === 'upload_file' || method === 'upload_fileobj') return make('s3.PutObject', judge('object-key', withValue(kwargs, 'Key', madeArgument(receiver.made, 1, 'key')), reader));
      return undefined;
    case 'http': {
      const request = httpMethod(receiver.module, method, call, reader);
      if (!request || !UNSAFE_HTTP_METHODS.has(request)) return undefined;
      // An OAuth token request (a form with `grant_type`): asking again only gets another token.
      if (isTokenRequest(call, kwargs, reader)) return undefined;
      const found = make(`http.${request}`, headersJudgement(kwargs.get('headers'), reader));
      return found && { ...found, fact: { ...found.fact, operation: `${written} ${request}` } };
    }
    default:
      return undefined;
  }
}

function judge(guard: GuardCheck, view: View<PyNode>, reader: ValueReader<PyNode>): CallJudgement | undefined {
  return judgeArguments(guard, view, reader);
}

/** Whether an HTTP call sends an OAuth 2 token request: its body (`data=`, `json=`, or the argument after the URL). */
function isTokenRequest(call: PyNode, kwargs: View<PyNode>, reader: ValueReader<PyNode>): boolean {
  const bodies = [kwargs.get('data'), kwargs.get('json')].flatMap((b) => (b.state === 'present' ? [b.value] : []));
  const second = positionalArgs(call)[1];
  return [...bodies, ...(second ? [second] : [])].some((b) => isTokenRequestBody(b, reader));
}

/** `requests.post(…)`, `session.request("POST", …)`, `http.request("PATCH", …)`: the method, when written. */
function httpMethod(module: string, method: string, call: PyNode, reader: ValueReader<PyNode>): string | undefined {
  if (method === 'request' || method === 'urlopen') {
    const first = positionalArgs(call)[0];
    const given = keywordView(call, reader).get('method');
    const value = given.state === 'present' ? given.value : first;
    return value ? reader.string(value)?.toUpperCase() : undefined;
  }
  if (module === 'urllib3' && method !== 'request') return undefined;
  const upper = method.toUpperCase();
  return HTTP_METHODS.has(upper) ? upper : undefined;
}

/** `urllib.request.urlopen(Request(url, data=…, method="POST"))`: a request with data is a POST unless it says otherwise. */
function urlopen(call: PyNode, callee: PyNode | null, names: PyNames, reader: ValueReader<PyNode>): PyEffect | undefined {
  if (!callee) return undefined;
  const ref = importedPath(callee, names);
  if (dotted(ref) !== 'urllib.request.urlopen') return undefined;
  let request = positionalArgs(call)[0];
  for (let i = 0; request?.type === 'identifier' && i < MAX_DEPTH; i++) request = names.valueOf(request);
  if (request?.type !== 'call') return undefined;
  const made = importedPath(request.childForFieldName('function'), names);
  if (dotted(made) !== 'urllib.request.Request') return undefined;
  const args = positionalArgs(request);
  const view = keywordView(request, reader);
  const method = view.get('method');
  const data = view.get('data');
  const verb = method.state === 'present' ? reader.string(method.value)?.toUpperCase() : data.state === 'present' || args[1] ? 'POST' : data.state === 'unknown' ? undefined : 'GET';
  if (verb === undefined || !UNSAFE_HTTP_METHODS.has(verb)) return undefined;
  const headers = view.get('headers');
  const judgement = headersJudgement(headers.state === 'absent' && args[2] ? { state: 'present', value: args[2] } : headers, reader);
  return {
    fact: { effect: `http.${verb}`, operation: `${callee.text} ${verb}`, span: pySpan(callee), call: judgement.call, keyName: judgement.keyName, coveredBy: undefined, callee: undefined, wrappers: [], racyCheck: undefined },
    claim: false,
  };
}

function dotted(ref: { module: string; path: string } | undefined): string | undefined {
  return ref && `${ref.module}.${ref.path}`;
}

/** A dotted callee as its import names it: `urlopen` from `urllib.request`, `urllib.request.urlopen`. */
function importedPath(node: PyNode | null, names: PyNames): { module: string; path: string } | undefined {
  if (!node) return undefined;
  const parts: string[] = [];
  let n: PyNode | null = node;
  while (n?.type === 'attribute') {
    parts.unshift(n.childForFieldName('attribute')?.text ?? '');
    n = n.childForFieldName('object');
  }
  if (n?.type !== 'identifier') return undefined;
  const imported = names.imported(n.text);
  if (!imported) return undefined;
  if (imported.name !== undefined) return { module: imported.module, path: [imported.name, ...parts].join('.') };
  // `import urllib.request` binds `urllib`: the module is as long as the dotted path's prefix that names one.
  const dotted = [imported.module, ...parts];
  return { module: dotted.slice(0, -1).join('.'), path: dotted.at(-1) ?? '' };
}

export function receiverOf(node: PyNode, names: PyNames, depth = 0): Receiver | undefined {
  if (depth > MAX_DEPTH) return undefined;
  switch (node.type) {
    case 'parenthesized_expression':
    case 'await':
      return node.namedChildren[0] ? receiverOf(node.namedChildren[0], names, depth + 1) : undefined;
    case 'boolean_operator':
    case 'conditional_expression': {
      // \`states_client or boto3.client("stepfunctions")\`, \`a if cond else b\`: a client when the
      // operands that show one agree (a caller's client stands in for the same kind).
      const operands = node.type === 'boolean_operator' ? [node.childForFieldName('left'), node.childForFieldName('right')] : [node.namedChildren[0], node.namedChildren[2]];
      const found = operands.map((o) => (o ? receiverOf(o, names, depth + 1) : undefined)).filter((r): r is Receiver => r !== undefined);
      const [first] = found;
      return first && found.every((r) => r.kind === first.kind && ('service' in r ? 'service' in first && r.service === first.service : true)) ? first : undefined;
    }
    case 'identifier': {
      const imported = names.imported(node.text);
      if (imported) {
        const root = imported.module.split('.')[0] ?? '';
        if (imported.name === undefined && (root === 'boto3' || root === 'aioboto3')) return { kind: 'boto3' };
        if (imported.name === undefined && HTTP_MODULES.has(root)) return { kind: 'http', module: root };
        return undefined;
      }
      const value = names.valueOf(node);
      return value ? receiverOf(value, names, depth + 1) : undefined;
    }
    case 'attribute': {
      const object = node.childForFieldName('object');
      const attr = node.childForFieldName('attribute')?.text ?? '';
      if (object?.type === 'identifier' && object.text === 'self') {
        const value = names.selfAttribute(attr);
        return value ? receiverOf(value, names, depth + 1) : undefined;
      }
      const base = object ? receiverOf(object, names, depth + 1) : undefined;
      // `boto3.session`, `aiohttp.ClientSession` read as a path of the module.
      if (base?.kind === 'boto3' && attr === 'session') return base;
      return undefined;
    }
    case 'call': {
      const fn = node.childForFieldName('function');
      if (!fn) return undefined;
      if (fn.type === 'identifier') {
        const imported = names.imported(fn.text);
        const root = imported?.module.split('.')[0] ?? '';
        if (imported && (root === 'boto3' || root === 'aioboto3')) {
          if (imported.name === 'client' || imported.name === 'resource') return serviceCall(imported.name, node);
          if (imported.name === 'Session') return { kind: 'session' };
        }
        if (imported && HTTP_MODULES.has(root) && /^(?:Session|Client|AsyncClient|PoolManager|ClientSession)$/u.test(imported.name ?? '')) return { kind: 'http', module: root };
        // A factory of the module (\`def sqs_client(): return boto3.client("sqs")\`): what every return gives.
        const factory = imported ? undefined : names.functionNamed(fn.text);
        return factory ? factoryReceiver(factory, names, depth) : namedFactory(fn.text, node);
      }
      if (fn.type !== 'attribute') return undefined;
      const method = fn.childForFieldName('attribute')?.text ?? '';
      const object = fn.childForFieldName('object');
      const base = object ? receiverOf(object, names, depth + 1) : undefined;
      if (!base) return namedFactory(method, node);
      if (base.kind === 'boto3' || base.kind === 'session') {
        if (method === 'client' || method === 'resource') return serviceCall(method, node);
        if (method === 'Session') return { kind: 'session' };
        return undefined;
      }
      if (base.kind === 'http') return /^(?:Session|Client|AsyncClient|PoolManager|ClientSession)$/u.test(method) ? base : undefined;
      if (base.kind === 'resource') {
        if (base.service === 'dynamodb' && method === 'Table') return { kind: 'Table', made: node };
        if (base.service === 's3' && (method === 'Bucket' || method === 'Object')) return { kind: method, made: node };
        if (base.service === 'sqs' && (method === 'Queue' || method === 'get_queue_by_name')) return { kind: 'Queue', made: node };
        if (base.service === 'sns' && (method === 'Topic' || method === 'create_topic')) return { kind: 'Topic', made: node };
        return undefined;
      }
      if (base.kind === 'Table' && method === 'batch_writer') return { kind: 'batch_writer', made: node };
      if (base.kind === 'Bucket' && method === 'Object') return { kind: 'Object', made: node };
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The receiver a factory returns, when each of its returns gives the same one (read in the module's names). */
function factoryReceiver(factory: PyNode, names: PyNames, depth: number): Receiver | undefined {
  const values = ownNodes(factory, 'return_statement').flatMap((r) => (r.namedChildren[0] ? [r.namedChildren[0]] : []));
  const found = values.map((v) => receiverOf(v, names, depth + 1));
  const [first] = found;
  if (!first || found.some((r) => r === undefined || JSON.stringify({ ...r, made: undefined }) !== JSON.stringify({ ...first, made: undefined }))) return undefined;
  return first;
}

/**
 * Receivers named for their service (\`sqs\`, \`self.sns_client\`, \`dynamodb_table\`): by boto3's service
 * name, as code names the client it is given. Read only for a receiver the code does not show being
 * made (a parameter, an attribute set from one) whose name is not an import; a method is a side
 * effect only when the named service's API has it, so \`sqs.get_queue_url\` is still nothing.
 */
const NAMED_SERVICES: readonly [RegExp, string][] = [
  [/^_?(?:sqs|queue)(?:_?client)?$/iu, 'sqs'],
  [/^_?sns(?:_?client)?$/iu, 'sns'],
  [/^_?(?:events|eventbridge|event_bridge|eb)(?:_?client)?$/iu, 'events'],
  [/^_?(?:sfn|stepfunctions|step_functions|states)(?:_?client)?$/iu, 'stepfunctions'],
  [/^_?lambda_?client$/iu, 'lambda'],
  [/^_?s3(?:_?client)?$/iu, 's3'],
  [/^_?sesv2(?:_?client)?$/iu, 'sesv2'],
  [/^_?ses(?:_?client)?$/iu, 'ses'],
  [/^_?kinesis(?:_?client)?$/iu, 'kinesis'],
  [/^_?firehose(?:_?client)?$/iu, 'firehose'],
  [/^_?(?:dynamodb|ddb|dynamo)(?:_?client)?$/iu, 'dynamodb'],
];

function namedReceiver(object: PyNode, names: PyNames): Receiver | undefined {
  const name = object.type === 'identifier' ? object.text : object.type === 'attribute' && object.childForFieldName('object')?.text === 'self' ? object.childForFieldName('attribute')?.text : undefined;
  if (!name) return undefined;
  if (object.type === 'identifier' && (names.imported(name) !== undefined || names.paramIndex(name) === undefined)) return undefined;
  if (object.type === 'attribute' && names.selfFromConstructor(name) === undefined) return undefined;
  if (/^_?(?:\w+_)?table$/iu.test(name)) return { kind: 'Table', made: object };
  const service = NAMED_SERVICES.find(([pattern]) => pattern.test(name))?.[1];
  return service ? { kind: 'client', service } : undefined;
}

/** `client("sqs")`, `resource(service_name="dynamodb")`. */
/**
 * A helper of the project or a library that makes clients, called with a boto3 service's name
 * (\`conn.get_client("sns")\`, \`create_resource("dynamodb")\`, \`aws.client("sqs")\`): that service's
 * client (or resource). Both the helper's name and a literal service name are needed.
 */
function namedFactory(name: string, call: PyNode): Receiver | undefined {
  const kind = /^(?:get_|create_|make_|new_|build_)?(?:\w+_)?(client|resource)$/iu.exec(name)?.[1]?.toLowerCase();
  if (kind !== 'client' && kind !== 'resource') return undefined;
  const made = serviceCall(kind, call) ?? serviceCall(kind, call, 'service');
  return made && 'service' in made && Object.hasOwn(BOTO3_SERVICES, made.service) ? made : undefined;
}

function serviceCall(kind: 'client' | 'resource', call: PyNode, keyword = 'service_name'): Receiver | undefined {
  const first = positionalArgs(call)[0] ?? keywordArgument(call, keyword);
  const service = first?.type === 'string' ? stringValue(first) : undefined;
  return service === undefined ? undefined : { kind, service };
}

/** A resource sub-object's argument (`Queue(url)`, `Object(bucket, key)`), by position or keyword. */
function madeArgument(made: PyNode, index: number, keyword: string): PyNode | undefined {
  return positionalArgs(made)[index] ?? keywordArgument(made, keyword);
}


/** A view with a key's value given (a resource object's url or arn stands for the request's key). */
function withValue(view: View<PyNode>, key: string, value: PyNode | undefined): View<PyNode> {
  return { get: (k) => (k === key && value ? { state: 'present', value } : view.get(k)) };
}

/** A view where some keys may be given by position (`upload_file(Filename, Bucket, Key)`). */
function withPositional(view: View<PyNode>, call: PyNode, keys: Readonly<Record<string, number>>): View<PyNode> {
  const args = positionalArgs(call);
  return {
    get: (k) => {
      const i = keys[k];
      const arg = i === undefined ? undefined : args[i];
      return arg ? { state: 'present', value: arg } : view.get(k);
    },
  };
}

/** A call's keyword arguments (`**params` read through when the dict is known). */
function keywordView(call: PyNode, reader: ValueReader<PyNode>): View<PyNode> {
  const list = call.childForFieldName('arguments');
  const entries: [string | undefined, PyNode][] = [];
  for (const a of list?.namedChildren ?? []) {
    if (a?.type === 'keyword_argument') {
      const name = a.childForFieldName('name')?.text;
      const value = a.childForFieldName('value');
      if (name && value) entries.push([name, value]);
    } else if (a?.type === 'dictionary_splat') {
      const inner = a.namedChildren[0];
      const spread = inner ? reader.properties(inner) : undefined;
      if (spread) entries.push(...spread);
      else entries.push([undefined, a]);
    }
  }
  return viewOf(entries);
}

/** A view over written entries: a later entry wins, an unknown one (`**rest`) makes absent keys unknown. */
function viewOf(entries: readonly [string | undefined, PyNode][]): View<PyNode> {
  return {
    get: (key) => {
      let found: Lookup<PyNode> = { state: 'absent' };
      for (const [k, v] of entries) {
        if (k === key) found = { state: 'present', value: v };
        else if (k === undefined) found = { state: 'unknown' };
      }
      return found;
    },
  };
}

/** Calls whose value differs on every call. */
const FRESH_CALLS: readonly { module: string; path: RegExp }[] = [
  { module: 'uuid', path: /^uuid[1467]$/u },
  { module: 'time', path: /^(?:time|time_ns|monotonic|perf_counter)$/u },
  { module: 'datetime', path: /^(?:datetime\.)?(?:now|utcnow|today)$|^date\.today$/u },
  { module: 'random', path: /./u },
  { module: 'secrets', path: /./u },
  { module: 'os', path: /^urandom$/u },
  { module: 'ulid', path: /./u },
];

/** Python values for the shared guard judgements. */
function pythonReader(names: PyNames): ValueReader<PyNode> {
  const resolve = (node: PyNode): PyNode => {
    let n = node;
    for (let i = 0; i < MAX_DEPTH; i++) {
      if (n.type === 'parenthesized_expression' && n.namedChildren[0]) n = n.namedChildren[0];
      else if (n.type === 'identifier') {
        const value = names.valueOf(n);
        if (!value) return n;
        n = value;
      } else return n;
    }
    return n;
  };
  const properties = (node: PyNode): [string | undefined, PyNode][] | undefined => {
    const n = resolve(node);
    if (n.type === 'dictionary') {
      const out: [string | undefined, PyNode][] = [];
      for (const p of n.namedChildren) {
        if (p?.type === 'pair') {
          const key = p.childForFieldName('key');
          const value = p.childForFieldName('value');
          if (key && value) out.push([key.type === 'string' ? stringValue(key) : undefined, value]);
        } else if (p?.type === 'dictionary_splat') {
          const inner = p.namedChildren[0] ? properties(p.namedChildren[0]) : undefined;
          out.push(...(inner ?? [[undefined, p] as [undefined, PyNode]]));
        }
      }
      return out;
    }
    // `dict(Key=…, Value=…)`.
    if (n.type === 'call' && n.childForFieldName('function')?.text === 'dict' && names.imported('dict') === undefined) {
      const out: [string | undefined, PyNode][] = [];
      for (const a of n.childForFieldName('arguments')?.namedChildren ?? []) {
        if (a?.type === 'keyword_argument') {
          const name = a.childForFieldName('name')?.text;
          const value = a.childForFieldName('value');
          if (name && value) out.push([name, value]);
        } else if (a) out.push([undefined, a]);
      }
      return out;
    }
    return undefined;
  };
  const string = (node: PyNode): string | undefined => {
    const n = resolve(node);
    if (n.type === 'string') return stringValue(n);
    if (n.type === 'concatenated_string') {
      const parts = n.namedChildren.map((c) => (c ? stringValue(c) : undefined));
      return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
    }
    return undefined;
  };
  const freshness = (node: PyNode, depth = 0): Freshness => {
    if (depth > 12) return 'stable';
    const n = node;
    switch (n.type) {
      case 'identifier': {
        const value = names.valueOf(n);
        return value ? freshness(value, depth + 1) : 'stable';
      }
      case 'attribute': {
        if (n.childForFieldName('attribute')?.text === 'aws_request_id') return 'request-id';
        const object = n.childForFieldName('object');
        return object ? freshness(object, depth + 1) : 'stable';
      }
      case 'subscript': {
        const value = n.childForFieldName('value');
        return value ? freshness(value, depth + 1) : 'stable';
      }
      case 'call': {
        const fn = n.childForFieldName('function');
        const ref = importedPath(fn, names);
        if (ref && FRESH_CALLS.some((f) => f.module === ref.module.split('.')[0] && f.path.test(ref.path))) return 'fresh';
        const parts: PyNode[] = [...(n.childForFieldName('arguments')?.namedChildren.filter((a): a is PyNode => a !== null) ?? [])];
        if (fn?.type === 'attribute') {
          const object = fn.childForFieldName('object');
          if (object) parts.push(object);
        }
        return worst(parts.map((p) => freshness(p.type === 'keyword_argument' ? (p.childForFieldName('value') ?? p) : p, depth + 1)));
      }
      case 'string':
        return worst(n.namedChildren.filter((c): c is PyNode => c?.type === 'interpolation').map((c) => (c.namedChildren[0] ? freshness(c.namedChildren[0], depth + 1) : 'stable')));
      case 'binary_operator':
      case 'boolean_operator':
      case 'conditional_expression':
      case 'concatenated_string':
      case 'parenthesized_expression':
      case 'await':
        return worst(n.namedChildren.filter((c): c is PyNode => c !== null).map((c) => freshness(c, depth + 1)));
      default:
        return 'stable';
    }
  };
  return {
    view: (node) => {
      const entries = properties(node);
      return entries ? viewOf(entries) : { get: () => ({ state: 'unknown' }) };
    },
    string,
    freshness: (node) => freshness(node),
    entries: (node) => {
      const n = resolve(node);
      if (n.type === 'list' || n.type === 'tuple') {
        const out = n.namedChildren.filter((c): c is PyNode => c !== null);
        return out.some((c) => c.type === 'list_splat') ? undefined : out;
      }
      // `[{"Id": …, "MessageBody": …} for r in records]`: each entry is the element.
      if (n.type === 'list_comprehension') {
        const body = n.childForFieldName('body') ?? n.namedChildren[0];
        return body ? [body] : undefined;
      }
      return undefined;
    },
    properties,
    item: (node) => node,
    text: (node) => resolve(node).text,
  };
}


// ---------------------------------------------------------------------------------------------
// Powertools for AWS Lambda (Python)'s idempotency utility

/**
 * `@idempotent(…)` on a handler, `@idempotent_function(data_keyword_argument=…, …)` on any function
 * (names from the utility's source: `aws_lambda_powertools.utilities.idempotency`), and the key its
 * `IdempotencyConfig(event_key_jmespath=…)` sets; `undefined` when the function has neither.
 */
export function powertoolsGuard(fn: PyNode, names: PyNames): PowertoolsIdempotencyFact | undefined {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  for (const d of decorated?.namedChildren ?? []) {
    if (d?.type !== 'decorator') continue;
    const expr = d.namedChildren[0];
    const call = expr?.type === 'call' ? expr : undefined;
    const ref = importedPath(call ? call.childForFieldName('function') : (expr ?? null), names);
    if (!ref?.module.startsWith(POWERTOOLS_IDEMPOTENCY)) continue;
    const name = ref.path.split('.').at(-1);
    if (name !== 'idempotent' && name !== 'idempotent_function') continue;
    return { span: pySpan(d), scope: name === 'idempotent' ? 'handler' : 'record', key: call ? configKey(call, names) : 'default' };
  }
  return undefined;
}

function configKey(call: PyNode, names: PyNames): PowertoolsIdempotencyFact['key'] {
  let config = keywordArgument(call, 'config');
  if (!config) return call.childForFieldName('arguments')?.namedChildren.some((a) => a?.type === 'dictionary_splat') ? 'unknown' : 'default';
  for (let i = 0; config?.type === 'identifier' && i < MAX_DEPTH; i++) config = names.valueOf(config);
  if (config?.type !== 'call') return 'unknown';
  const made = importedPath(config.childForFieldName('function'), names);
  if (!made?.module.startsWith(POWERTOOLS_IDEMPOTENCY) || made.path.split('.').at(-1) !== 'IdempotencyConfig') return 'unknown';
  if (keywordArgument(config, 'event_key_jmespath')) return 'set';
  return config.childForFieldName('arguments')?.namedChildren.some((a) => a?.type === 'dictionary_splat') ? 'unknown' : 'default';
}

const MAX_PY_SHAPE_DEPTH = 3;

/** A call's keyword arguments as one object (`ValueShape`), `**kwargs` spread into it. */
export function keywordShape(call: PyNode, names: PyNames): ValueShape {
  const object: Record<string, ValueShape> = {};
  for (const a of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (a?.type === 'keyword_argument') {
      const name = a.childForFieldName('name')?.text;
      const value = a.childForFieldName('value');
      if (name && value) object[name] = pyValueShape(value, names);
    } else if (a?.type === 'dictionary_splat') return { object, open: true };
  }
  return { object };
}

/**
 * What a Python value is, as far as guards need it (`ValueShape`): a dict literal's keys, a
 * scalar's freshness and string, and a hole for the function's parameter (`item`, `item["pk"]`,
 * `item.pk`) that its callers fill, by position or by keyword.
 */
export function pyValueShape(node: PyNode, names: PyNames, depth = 0): ValueShape {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildren[0]) n = n.namedChildren[0];
  // What the code itself shows to change per attempt (`context.aws_request_id`) is that, not a hole.
  const own = pythonReader(names).freshness(n);
  if (own !== 'stable') return { scalar: own };
  const hole = pyParameterPath(n, names);
  if (hole) return hole;
  if (n.type === 'identifier') {
    const value = names.valueOf(n);
    if (value && depth < MAX_PY_SHAPE_DEPTH + 2) return pyValueShape(value, names, depth + 1);
  }
  if (n.type === 'dictionary') {
    if (depth >= MAX_PY_SHAPE_DEPTH + 2) return { unknown: true };
    const object: Record<string, ValueShape> = {};
    const spreads: ValueShape[] = [];
    let open = false;
    for (const p of n.namedChildren) {
      if (p?.type === 'pair') {
        const key = p.childForFieldName('key');
        const value = p.childForFieldName('value');
        const name = key?.type === 'string' ? stringValue(key) : undefined;
        if (name === undefined || !value) open = true;
        else object[name] = pyValueShape(value, names, depth + 1);
      } else if (p?.type === 'dictionary_splat' && p.namedChildren[0] && Object.keys(object).length === 0) {
        const spread = pyValueShape(p.namedChildren[0], names, depth + 1);
        if ('param' in spread || ('object' in spread && !spread.open)) spreads.push(spread);
        else open = true;
      } else open = true;
    }
    return objectShape(object, spreads, open);
  }
  if (mentionsPyParameter(n, names)) return { unknown: true };
  const reader = pythonReader(names);
  const text = reader.string(n);
  return { scalar: reader.freshness(n), ...(text !== undefined ? { text } : {}) };
}

/** `item`, `item["pk"]`, `item.pk`: a parameter of the function and the keys read below it. */
function pyParameterPath(node: PyNode, names: PyNames): ValueShape | undefined {
  const path: string[] = [];
  let n = node;
  for (let i = 0; i < 8; i++) {
    if (n.type === 'subscript') {
      const key = n.childForFieldName('subscript');
      const value = n.childForFieldName('value');
      const name = key?.type === 'string' ? stringValue(key) : undefined;
      if (!value || name === undefined) return undefined;
      path.unshift(name);
      n = value;
    } else if (n.type === 'attribute') {
      const attribute = n.childForFieldName('attribute')?.text;
      const object = n.childForFieldName('object');
      if (!object || attribute === undefined) return undefined;
      path.unshift(attribute);
      n = object;
    } else break;
  }
  if (n.type !== 'identifier') return undefined;
  const index = names.paramIndex(n.text);
  return index === undefined ? undefined : { param: index, path, name: n.text };
}

function mentionsPyParameter(node: PyNode, names: PyNames): boolean {
  if (node.type === 'identifier') return names.paramIndex(node.text) !== undefined;
  // Not inside nested functions or comprehensions' own names (their parameters are other names).
  if (node.type === 'lambda') return false;
  return node.namedChildren.some((c) => c !== null && mentionsPyParameter(c, names));
}
