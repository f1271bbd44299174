/**
 * The Serverless Framework adapter (v3 and v4 share these keys): `serverless.yml`, `.yaml` and
 * `.json`. Functions, their `events`, async settings (`destinations`, `maximumRetryAttempts`,
 * `maximumEventAge`, `onError`), and the `resources` section read as CloudFormation, so that
 * `!GetAtt OrdersQueue.Arn` in an event links to the queue defined there. `${self:…}` variables
 * are resolved within the file; the others (`${opt:…}`, `${env:…}`, `${ssm:…}` …) are unknown.
 * Names and defaults: lambda-facts.md §2.4 (batch size 10 for both SQS and streams; function
 * timeout `provider.timeout` or 6 s; `functionResponseType` is a single string).
 */
import path from 'node:path';
import { ABSENT, type Value } from '../../core/values.js';
import type { EventSourceKind, FunctionFact, InfraFacts, TargetRef } from '../../model/facts.js';
import { factsOf, type AdapterOutcome, type DialectAdapter } from '../adapter.js';
import { arnServiceOf, emptyInfra, keyOf, ResourceReader, TreeValues, referencedId, targetOf } from '../cloudformation/cloudformation.js';
import { lineCommentDirectives } from '../source-text.js';
import { splitHandler, withRuntime } from '../../model/aws-strings.js';
import { entryOf, get, getPath, parseYamlTree, stringOf, type TEntry, type TMap, type TNode, type TScalar } from '../yaml/yaml-tree.js';

const FILE_NAMES = new Set(['serverless.yml', 'serverless.yaml', 'serverless.json']);

export function isServerlessConfig(file: string): boolean {
  return FILE_NAMES.has(path.basename(file).toLowerCase());
}

/** The Framework's default function timeout (`provider.timeout || 6`). */
const DEFAULT_TIMEOUT = 6;

export const serverlessAdapter: DialectAdapter = {
  name: 'Serverless Framework',
  claims: isServerlessConfig,
  markers: ['functions', 'resources'],
  read: readServerless,
};

function readServerless(file: string, text: string): AdapterOutcome {
  const parsed = parseYamlTree(text);
  if (!parsed.ok) return { kind: 'fatal', message: `Parsing error: ${parsed.message}`, line: parsed.line, column: parsed.column };
  const root = parsed.root;
  if (root?.kind !== 'map') return { kind: 'skip' };
  const infra = emptyInfra();
  readService(file, root, new TreeValues(parsed.lines), infra);
  return { kind: 'facts', facts: factsOf(infra), directives: lineCommentDirectives(text) };
}

/** The logical id the Framework gives a function's `AWS::Lambda::Function` (its naming module). */
export function functionLogicalId(name: string): string {
  const normalised = name.replace(/-/gu, 'Dash').replace(/_/gu, 'Underscore');
  return `${normalised.charAt(0).toUpperCase()}${normalised.slice(1)}LambdaFunction`;
}

/** `${self:custom.batchSize}`, or `${self:custom.batchSize, 10}` with a default. */
const SELF_REFERENCE = /^\$\{self:([\w.-]+)(?:\s*,\s*([^{}]+))?\}$/u;
const MAX_HOPS = 10;

/**
 * The service with its `${self:…}` variables replaced by what they name in the same file (or
 * their default when it names nothing): the variables the Framework resolves from the file
 * itself. Others (`${opt:…}`, `${env:…}`, `${ssm:…}`, `${file(…)}`) stay as written: unknown.
 */
export function resolveSelfReferences(root: TMap): TMap {
  const done = new Map<TNode, TNode>();
  const deref = (node: TNode, hops: number): TNode => {
    if (node.kind !== 'scalar' || typeof node.value !== 'string' || hops >= MAX_HOPS) return node;
    const m = SELF_REFERENCE.exec(node.value.trim());
    if (!m) return nestedReference(node, hops);
    const target = getPath(root, (m[1] as string).split('.'));
    if (target) return deref(target, hops + 1);
    const fallback = m[2]?.trim();
    if (fallback === undefined) return node;
    const literal = /^-?\d+(\.\d+)?$/u.test(fallback) ? Number(fallback) : fallback === 'true' ? true : fallback === 'false' ? false : fallback.replace(/^(['"])(.*)\1$/u, '$2');
    return { kind: 'scalar', span: node.span, value: literal };
  };
  /**
   * \`\${self:custom.arns.\${self:custom.stage}}\`: a path with a variable in it. A part the file
   * settles is read; a part it does not (\`\${opt:stage}\`) may be any key of the map there, so the
   * value is one of those children: the one value when they agree, else what they share — the
   * text they all begin with, and an unknown rest (\`arn:aws:dynamodb:…:table/\${…}\`: a DynamoDB
   * stream, of some table).
   */
  const nestedReference = (node: TScalar, hops: number): TNode => {
    const text = (node.value as string).trim();
    if (!text.startsWith('${self:') || !text.endsWith('}') || !text.slice(2, -1).includes('${')) return node;
    const parts = splitPath(text.slice('${self:'.length, -1));
    if (!parts) return node;
    let candidates: TNode[] = [root];
    for (const part of parts) {
      let key: string | undefined = part;
      if (part.startsWith('${')) {
        const inner = deref({ kind: 'scalar', span: node.span, value: part }, hops + 1);
        key = inner.kind === 'scalar' && (typeof inner.value === 'string' || typeof inner.value === 'number') && !String(inner.value).includes('${') ? String(inner.value) : undefined;
      }
      candidates = candidates.flatMap((c) => (key === undefined ? (c.kind === 'map' ? c.entries.map((e) => e.value).filter((v): v is TNode => v !== undefined) : []) : [get(c, key)].filter((v): v is TNode => v !== undefined)));
      if (candidates.length === 0 || candidates.length > 50) return node;
    }
    const values = candidates.map((c) => deref(c, hops + 1)).map((c) => (c.kind === 'scalar' && typeof c.value === 'string' ? c.value : undefined));
    if (values.some((v) => v === undefined)) return candidates.length === 1 ? (candidates[0] as TNode) : node;
    const distinct = [...new Set(values as string[])];
    if (distinct.length === 1) return { kind: 'scalar', span: node.span, value: distinct[0] as string };
    let prefix = distinct[0] as string;
    for (const v of distinct) while (!v.startsWith(prefix)) prefix = prefix.slice(0, -1);
    return prefix.length === 0 ? node : { kind: 'scalar', span: node.span, value: `${prefix}\${one of ${distinct.length}}` };
  };
  const visit = (node: TNode): TNode => {
    const seen = done.get(node);
    if (seen) return seen;
    if (node.kind === 'map') {
      const map: TMap = { ...node, entries: [] };
      done.set(node, map);
      for (const e of node.entries) map.entries.push(e.value ? { ...e, value: visit(deref(e.value, 0)) } : e);
      return map;
    }
    if (node.kind === 'seq') {
      const seq = { ...node, items: [] as TNode[] };
      done.set(node, seq);
      for (const item of node.items) seq.items.push(visit(deref(item, 0)));
      return seq;
    }
    if (node.kind === 'intrinsic' && node.arg) {
      const intrinsic = { ...node, arg: visit(node.arg) };
      done.set(node, intrinsic);
      return intrinsic;
    }
    return node;
  };
  return visit(root) as TMap;
}

/** \`a.b.\${x}.c\` → \`['a', 'b', '\${x}', 'c']\` (a variable is one part, dots and all); \`undefined\` when the braces do not balance. */
function splitPath(path: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < path.length; i++) {
    const ch = path[i] as string;
    if (ch === '$' && path[i + 1] === '{') depth++;
    if (ch === '}') depth--;
    if (depth < 0) return undefined;
    if (ch === '.' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (depth !== 0) return undefined;
  parts.push(current);
  return parts;
}

/** Reads a service definition (from YAML, or from the object literal of a `serverless.ts`). */
export function readService(file: string, written: TMap, values: TreeValues, infra: InfraFacts): void {
  const root = resolveSelfReferences(written);
  const resourcesSection = get(get(root, 'resources'), 'Resources');
  const resources: TMap = resourcesSection?.kind === 'map' ? resourcesSection : { kind: 'map', span: root.span, entries: [] };
  const reader = new ResourceReader({ file, values, dialect: 'serverless' }, infra, resources);
  const provider = get(root, 'provider');
  // `provider.name` is the cloud: a service for another provider is not ours.
  const cloud = stringOf(get(provider, 'name'));
  if (cloud !== undefined && cloud !== 'aws') return;
  const functions = get(root, 'functions');
  const providerTimeout = entryOf(provider, 'timeout');
  infra.serviceTimeout = providerTimeout ? values.number(providerTimeout) : ABSENT;
  const service = new ServiceReader(file, values, infra, reader, providerTimeout, stringOf(get(provider, 'runtime')));
  if (functions?.kind === 'map') for (const fn of functions.entries) service.fn(fn);
  if (functions?.kind === 'map') service.destinationsToFunctions(functions);
  reader.read();
  reader.noteOtherReferences(get(get(root, 'resources'), 'Outputs'));
  // A function named anywhere else in the service (another function's environment or policies,
  // a Step Functions definition, the provider's IAM statements) may be invoked by what gets it.
  for (const e of root.entries) if (e.key !== 'resources') reader.noteOtherReferences(e.value);
}

class ServiceReader {
  constructor(
    private readonly file: string,
    private readonly values: TreeValues,
    private readonly infra: InfraFacts,
    private readonly reader: ResourceReader,
    private readonly providerTimeout: TEntry | undefined,
    /** \`provider.runtime\`: the runtime of every function that sets none. */
    private readonly providerRuntime: string | undefined,
  ) {}

  fn(e: TEntry): void {
    const props = e.value;
    if (props?.kind !== 'map') return;
    const logicalId = functionLogicalId(e.key);
    const onError = entryOf(props, 'onError');
    const handler = stringOf(get(props, 'handler'));
    const timeoutEntry = entryOf(props, 'timeout');
    // `provider.timeout` applies to every function that sets none.
    const timeout = timeoutEntry ? this.values.number(timeoutEntry) : this.providerTimeout ? this.values.number(this.providerTimeout) : ABSENT;
    const fact: FunctionFact = {
      dialect: 'serverless',
      key: keyOf(logicalId),
      construct: 'function',
      constructId: e.key,
      span: e.span,
      headSpan: e.keySpan,
      scopeText: undefined,
      props: { kind: 'other', span: e.span },
      timeout,
      defaultTimeout: DEFAULT_TIMEOUT,
      deadLetter: onError ? this.onErrorKind(onError) : ABSENT,
      deadLetterSpan: this.values.propertySpan(onError),
      deadLetterTarget: targetOf(onError?.value),
      asyncConfig: undefined,
      invokers: { mappings: 0, async: [], sync: 0, objectEscapes: false, mayHaveUnknownCallers: false },
      handler: withRuntime(this.handlerLink(handler), stringOf(get(props, 'runtime')) ?? this.providerRuntime),
    };
    const destinations = entryOf(props, 'destinations');
    const retries = entryOf(props, 'maximumRetryAttempts');
    const age = entryOf(props, 'maximumEventAge');
    if (destinations || retries || age) {
      fact.asyncConfig = {
        span: (destinations ?? retries ?? age ?? e).keySpan,
        functionKey: fact.key,
        retryAttempts: this.values.number(retries),
        retryAttemptsSpan: retries?.value?.span,
        maxEventAge: this.values.number(age),
        maxEventAgeSpan: age?.value?.span,
        onFailure: this.values.present(entryOf(destinations?.value, 'onFailure')),
        onSuccess: this.values.present(entryOf(destinations?.value, 'onSuccess')),
        // `onFailure: arn:…`, `onFailure: { type: sqs, arn: !GetAtt Failures.Arn }` (a function's name is not a queue).
        destinationTargets: ['onFailure', 'onSuccess']
          .map((which) => get(destinations?.value, which))
          .map((d) => targetOf(d?.kind === 'map' ? get(d, 'arn') : d))
          .filter((t): t is TargetRef => t !== undefined),
      };
      this.infra.asyncConfigs.push(fact.asyncConfig);
    }
    const events = get(props, 'events');
    if (events?.kind === 'seq') for (const event of events.items) this.event(fact, event);
    else if (events !== undefined) fact.invokers.mayHaveUnknownCallers = true;
    if (get(props, 'url') !== undefined) fact.invokers.sync++;
    this.infra.functions.push(fact);
    this.reader.addFunction(logicalId, fact);
  }

  /**
   * `destinations: { onFailure: otherFunction }` naming a function of the service: Lambda invokes
   * that function asynchronously with the failed event.
   */
  destinationsToFunctions(functions: TMap): void {
    const byName = new Map(this.infra.functions.filter((f) => f.dialect === 'serverless').map((f) => [f.constructId, f]));
    for (const e of functions.entries) {
      const destinations = get(e.value, 'destinations');
      for (const key of ['onSuccess', 'onFailure']) {
        const target = stringOf(get(destinations, key)) ?? stringOf(get(get(destinations, key), 'arn'));
        const fn = target === undefined ? undefined : byName.get(target);
        if (fn) fn.invokers.async.push('Lambda destination');
      }
    }
  }

  /** `handler: src/orders.main` relative to the service folder. */
  private handlerLink(handler: string | undefined): FunctionFact['handler'] {
    if (handler === undefined) return { file: undefined, exportName: undefined, unknown: 'handler is not given as a literal (or the function is an image)' };
    const split = handler.includes('${') ? undefined : splitHandler(handler);
    if (!split) return { file: undefined, exportName: undefined, unknown: handler.includes('${') ? `handler ${handler} has a variable` : `handler ${handler} is not of the form file.export` };
    return { file: path.resolve(path.dirname(this.file), split.modulePath), exportName: split.exportName };
  }

  /** `onError` takes an SNS topic ARN (or an intrinsic naming a queue or topic). */
  private onErrorKind(entry: TEntry): FunctionFact['deadLetter'] {
    const value = entry.value;
    const s = stringOf(value);
    if (s !== undefined && s.includes('${')) return { state: 'unknown', span: entry.span };
    const type = this.reader.typeOf(referencedId(value));
    const service = arnServiceOf(value);
    const kind = type === 'AWS::SQS::Queue' || service === 'sqs' ? 'queue' : type === 'AWS::SNS::Topic' || service === 'sns' ? 'topic' : 'enabled';
    return { state: 'known', value: kind, span: entry.span };
  }

  private event(fn: FunctionFact, event: TNode): void {
    const entry = event.kind === 'map' && event.entries.length === 1 ? event.entries[0] : undefined;
    if (!entry) {
      fn.invokers.mayHaveUnknownCallers = true;
      return;
    }
    switch (entry.key) {
      case 'sqs':
        this.mapping(fn, entry, 'sqs');
        return;
      case 'stream':
        this.mapping(fn, entry, this.streamKind(entry.value));
        return;
      case 'msk':
      case 'kafka':
        this.mapping(fn, entry, 'kafka');
        return;
      case 'activemq':
      case 'rabbitmq':
        fn.invokers.mappings++;
        return;
      case 's3':
        fn.invokers.async.push('S3 notification');
        return;
      case 'sns':
        fn.invokers.async.push('SNS subscription');
        return;
      case 'eventBridge':
      case 'cloudwatchEvent':
      case 'schedule':
        fn.invokers.async.push('EventBridge rule');
        return;
      case 'cloudwatchLog':
        fn.invokers.async.push('CloudWatch Logs subscription');
        return;
      case 'iot':
        fn.invokers.async.push('IoT rule');
        return;
      case 'http':
      case 'httpApi':
      case 'websocket':
      case 'alb':
      case 'cognitoUserPool':
      case 'alexaSkill':
      case 'alexaSmartHome':
        fn.invokers.sync++;
        return;
      default:
        fn.invokers.mayHaveUnknownCallers = true;
    }
  }

  /** `type: dynamodb|kinesis`, or the service of the ARN, or of the resource it names. */
  private streamKind(value: TNode | undefined): EventSourceKind {
    const type = stringOf(get(value, 'type'));
    if (type === 'dynamodb' || type === 'kinesis') return type;
    const arn = value?.kind === 'map' ? get(value, 'arn') : value;
    const service = arnServiceOf(arn);
    if (service === 'dynamodb' || service === 'kinesis') return service;
    const resourceType = this.reader.typeOf(referencedId(arn));
    if (resourceType?.startsWith('AWS::DynamoDB::')) return 'dynamodb';
    if (resourceType?.startsWith('AWS::Kinesis::')) return 'kinesis';
    return 'unknown';
  }

  private mapping(fn: FunctionFact, entry: TEntry, kind: EventSourceKind): void {
    // The short form `- sqs: arn:aws:sqs:…` takes every default.
    const props = entry.value?.kind === 'map' && get(entry.value, 'arn') !== undefined ? entry.value : undefined;
    const arn = props ? get(props, 'arn') : entry.value;
    const sourceId = referencedId(arn);
    const onFailure = entryOf(get(props, 'destinations'), 'onFailure');
    const responseType = entryOf(props, 'functionResponseType');
    this.infra.mappings.push({
      dialect: 'serverless',
      kind,
      construct: `${entry.key} event`,
      span: entry.keySpan,
      props: { kind: 'other', span: entry.span },
      functionKey: fn.key,
      sourceKey: sourceId === undefined ? undefined : keyOf(sourceId),
      batchSize: this.values.number(entryOf(props, 'batchSize')),
      defaultBatchSize: 10,
      reportBatchItemFailures: this.responseType(responseType),
      reportBatchItemFailuresSyntax: { key: 'functionResponseType', value: 'ReportBatchItemFailures' },
      retryAttempts: this.values.number(entryOf(props, 'maximumRetryAttempts')),
      maxRecordAge: this.values.number(entryOf(props, 'maximumRecordAgeInSeconds')),
      bisectBatchOnError: this.values.boolean(entryOf(props, 'bisectBatchOnFunctionError')),
      onFailure: this.values.present(onFailure),
      onFailureSpan: this.values.propertySpan(entryOf(props, 'destinations')),
      maxBatchingWindow: this.values.number(entryOf(props, kind === 'sqs' ? 'maximumBatchingWindow' : 'batchWindow')),
    });
    fn.invokers.mappings++;
  }

  private responseType(entry: TEntry | undefined): Value<boolean> {
    if (!entry) return ABSENT;
    const s = stringOf(entry.value);
    if (s === undefined || s.includes('${')) return { state: 'unknown', span: entry.span };
    return { state: 'known', value: s === 'ReportBatchItemFailures', span: entry.span };
  }
}

