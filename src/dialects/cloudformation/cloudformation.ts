/**
 * CloudFormation resources (raw templates, SAM templates, and the `resources` section of a
 * serverless.yml) read into the infra model. Property names and defaults: lambda-facts.md §2.2
 * (SAM) and §2.3 (CloudFormation). A resource is keyed `cfn:<LogicalId>`, and `!Ref` /
 * `!GetAtt` / `${X.Arn}` follow those keys; anything else (parameters, imports, conditions) is
 * unknown, never guessed.
 */
import path from 'node:path';
import type { Span } from '../../core/ast.js';
import { ABSENT, type Value } from '../../core/values.js';
import type {
  AsyncInvokeConfigFact,
  ConstructKey,
  Dialect,
  EventSourceKind,
  EventSourceMappingFact,
  FunctionFact,
  HandlerLink,
  InfraFacts,
  PropertySpan,
  QueueFact,
  TargetRef,
} from '../../model/facts.js';
import type { LineIndex } from '../source-text.js';
import { entryOf, get, getPath, respanned, stringOf, walk, type TEntry, type TMap, type TNode } from '../yaml/yaml-tree.js';
import { INVOKING_PRINCIPALS } from '../../model/principals.js';
import { arnService, fifoOfArn, sourceKindOfArn, splitHandler, withoutScriptExtension, withRuntime } from '../../model/aws-strings.js';
import { streamByShape, type StreamShapeSetting } from '../../model/infra-model.js';

export const CFN_KEY_PREFIX = 'cfn:';

export function emptyInfra(): InfraFacts {
  return { aliases: {}, callSites: [], functions: [], mappings: [], queues: [], asyncConfigs: [], invocations: [], names: { written: {}, quote: "'" } };
}

/** Located values of a YAML/JSON tree, in the three states rules understand. */
export class TreeValues {
  constructor(readonly lines: LineIndex) {}

  number(entry: TEntry | undefined): Value<number> {
    if (!entry) return ABSENT;
    const v = entry.value;
    if (v?.kind === 'scalar') {
      const n = typeof v.value === 'number' ? v.value : typeof v.value === 'string' && /^-?\d+(\.\d+)?$/u.test(v.value.trim()) ? Number(v.value) : undefined;
      if (n !== undefined) return { state: 'known', value: n, span: entry.span };
    }
    return { state: 'unknown', span: entry.span };
  }

  boolean(entry: TEntry | undefined): Value<boolean> {
    if (!entry) return ABSENT;
    const v = entry.value;
    if (v?.kind === 'scalar') {
      const b = v.value === true || v.value === 'true' ? true : v.value === false || v.value === 'false' ? false : undefined;
      if (b !== undefined) return { state: 'known', value: b, span: entry.span };
    }
    return { state: 'unknown', span: entry.span };
  }

  /** Whether a setting is given at all (a destination, a redrive policy): `unknown` behind a condition. */
  present(entry: TEntry | undefined): Value<boolean> {
    if (!entry || entry.value === undefined) return ABSENT;
    const v = entry.value;
    if (v.kind === 'intrinsic' && (v.fn === 'Fn::If' || v.fn === 'Ref')) {
      // `!If [cond, value, !Ref AWS::NoValue]` and `!Ref AWS::NoValue` may remove it.
      return { state: 'unknown', span: entry.span };
    }
    if (v.kind === 'scalar' && (v.value === null || v.value === '')) return ABSENT;
    return { state: 'known', value: true, span: entry.span };
  }

  propertySpan(entry: TEntry | undefined): PropertySpan | undefined {
    if (!entry) return undefined;
    return {
      property: entry.span,
      value: entry.value?.span ?? entry.keySpan,
      removeRange: entry.removeRange ?? this.lines.linesRange(entry.span.loc.start.line, entry.span.loc.end.line),
    };
  }
}

/** The logical id a value refers to: `!Ref X`, `!GetAtt X.Arn`, `[X, Arn]`, `!Sub '${X.Arn}'`. */
export function referencedId(node: TNode | undefined): string | undefined {
  if (node?.kind !== 'intrinsic') return undefined;
  const arg = node.arg;
  if (node.fn === 'Ref') return stringOf(arg);
  if (node.fn === 'Fn::GetAtt') {
    if (arg?.kind === 'seq') return stringOf(arg.items[0]);
    const s = stringOf(arg);
    return s?.split('.')[0];
  }
  if (node.fn === 'Fn::Sub') {
    const s = stringOf(arg);
    const m = s === undefined ? null : /^\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}$/u.exec(s);
    return m?.[1];
  }
  return undefined;
}

/**
 * The function a value names where a function is expected (`FunctionName`, an SNS `Endpoint`, a
 * target's `Arn`): as `referencedId`, or a version or alias of it, which runs its code —
 * `!Join [':', [!GetAtt Fn.Arn, live]]`, `!Sub '${Fn.Arn}:live'`.
 */
export function functionReferencedId(node: TNode | undefined): string | undefined {
  const id = referencedId(node);
  if (id !== undefined || node?.kind !== 'intrinsic') return id;
  if (node.fn === 'Fn::Join' && node.arg?.kind === 'seq') {
    const [delimiter, list] = node.arg.items;
    const [base, qualifier] = list?.kind === 'seq' && list.items.length === 2 ? list.items : [];
    if (stringOf(delimiter) === ':' && base?.kind === 'intrinsic' && (base.fn === 'Ref' || base.fn === 'Fn::GetAtt') && qualifier !== undefined && /^[A-Za-z0-9$_-]+$/u.test(stringOf(qualifier) ?? '')) {
      return referencedId(base);
    }
    return undefined;
  }
  if (node.fn === 'Fn::Sub') {
    const m = /^\$\{([A-Za-z0-9]+)(?:\.Arn)?\}:[A-Za-z0-9$_-]+$/u.exec(stringOf(node.arg) ?? '');
    return m?.[1];
  }
  return undefined;
}

export function keyOf(id: string): ConstructKey {
  return `${CFN_KEY_PREFIX}${id}`;
}

/** Every logical id a node mentions (in `Ref`, `GetAtt`, and `${…}` of `Sub`). */
export function mentionedIds(node: TNode | undefined): Set<string> {
  const out = new Set<string>();
  for (const n of walk(node)) {
    if (n.kind !== 'intrinsic') continue;
    const id = referencedId(n);
    if (id !== undefined) out.add(id);
    if (n.fn === 'Fn::Sub') {
      const s = stringOf(n.arg?.kind === 'seq' ? n.arg.items[0] : n.arg);
      for (const m of (s ?? '').matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/gu)) if (m[1] !== undefined) out.add(m[1]);
    }
  }
  return out;
}

/**
 * The queue or topic a value names: the resource of a `Ref` / `GetAtt` / `Sub` (a `cfn:` key),
 * or a literal ARN, whose name says whether it is FIFO (a `Sub` whose name part is literal too).
 */
export function targetOf(node: TNode | undefined): TargetRef | undefined {
  if (node === undefined) return undefined;
  const id = referencedId(node);
  if (id !== undefined) return { key: keyOf(id), span: node.span };
  let text = stringOf(node);
  if (text === undefined && node.kind === 'intrinsic' && node.fn === 'Fn::Sub') {
    const template = stringOf(node.arg?.kind === 'seq' ? node.arg.items[0] : node.arg);
    // `arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:orders.fifo`: the variables
    // stand for parts the name does not depend on, unless one ends it.
    text = template === undefined || template.endsWith('}') ? undefined : template.replace(/\$\{[^}]*\}/gu, 'x');
  }
  const fifo = fifoOfArn(text);
  return fifo === undefined ? undefined : { fifo, span: node.span };
}

/** The service of a literal ARN written in the tree (`arn:aws:sqs:…` → `sqs`). */
export function arnServiceOf(node: TNode | undefined): string | undefined {
  return arnService(stringOf(node));
}

const STREAM_TYPES: Readonly<Record<string, EventSourceKind>> = {
  'AWS::SQS::Queue': 'sqs',
  'AWS::Kinesis::Stream': 'kinesis',
  'AWS::Kinesis::StreamConsumer': 'kinesis',
  'AWS::DynamoDB::Table': 'dynamodb',
  'AWS::DynamoDB::GlobalTable': 'dynamodb',
  'AWS::MSK::Cluster': 'kafka',
  'AWS::MSK::ServerlessCluster': 'kafka',
};

/** SAM event types: a mapping, an asynchronous trigger, or a synchronous one. */
const SAM_EVENTS: Readonly<Record<string, { mapping: EventSourceKind } | { async: string } | 'sync'>> = {
  SQS: { mapping: 'sqs' },
  Kinesis: { mapping: 'kinesis' },
  DynamoDB: { mapping: 'dynamodb' },
  MSK: { mapping: 'kafka' },
  SelfManagedKafka: { mapping: 'kafka' },
  MQ: { mapping: 'unknown' },
  DocumentDB: { mapping: 'unknown' },
  S3: { async: 'S3 notification' },
  SNS: { async: 'SNS subscription' },
  EventBridgeRule: { async: 'EventBridge rule' },
  CloudWatchEvent: { async: 'EventBridge rule' },
  Schedule: { async: 'EventBridge rule' },
  ScheduleV2: { async: 'EventBridge Scheduler schedule' },
  CloudWatchLogs: { async: 'CloudWatch Logs subscription' },
  IoTRule: { async: 'IoT rule' },
  Api: 'sync',
  HttpApi: 'sync',
  Cognito: 'sync',
  AlexaSkill: 'sync',
};

/** Resources whose reference to a function is not an invocation. */
const HARMLESS_REFERRERS = new Set(['AWS::Logs::LogGroup', 'AWS::Lambda::Version', 'AWS::Lambda::Alias', 'AWS::CloudWatch::Alarm', 'AWS::Logs::MetricFilter']);

export interface TemplateContext {
  file: string;
  values: TreeValues;
  /** How the facts name their dialect. */
  dialect: Dialect;
  /** The template's `Globals` section (SAM). */
  globals?: TNode | undefined;
  /** Whether `globals` is another file's (an assembling template's): its settings are shown on each function they reach. */
  globalsElsewhere?: boolean;
  /** The folder code paths are relative to, when not the template's own (an assembling template's). */
  codeBase?: string;
}

/** Reads a `Resources` map into `facts`. */
export class ResourceReader {
  private readonly types = new Map<string, string>();
  private readonly functions = new Map<string, FunctionFact>();
  /** References to each function that are understood, by the resource that makes them. */
  private readonly understood = new Set<string>();

  constructor(
    private readonly ctx: TemplateContext,
    readonly facts: InfraFacts,
    private readonly resources: TMap,
  ) {
    for (const e of resources.entries) {
      const type = stringOf(get(e.value, 'Type'));
      if (type !== undefined) this.types.set(e.key, type);
    }
  }

  typeOf(id: string | undefined): string | undefined {
    return id === undefined ? undefined : this.types.get(id);
  }

  /**
   * The function a value names: itself, a version or alias of it, or the alias SAM makes for
   * `AutoPublishAlias: live` (`!Ref WorkerAliaslive`, logical id `<function>Alias<name>`).
   */
  functionIdOf(node: TNode | undefined): string | undefined {
    const id = functionReferencedId(node);
    if (id === undefined || this.functions.has(id) || this.types.has(id)) return id;
    const alias = /^(.+)Alias[A-Za-z0-9]+$/u.exec(id);
    return alias && this.types.get(alias[1] as string) === 'AWS::Serverless::Function' ? alias[1] : id;
  }

  /** Functions defined outside `Resources` (Serverless `functions`) that resources may refer to. */
  addFunction(id: string, fn: FunctionFact): void {
    this.functions.set(id, fn);
  }

  read(): void {
    const byType = (type: string): TEntry[] => this.resources.entries.filter((e) => this.types.get(e.key) === type);
    for (const e of byType('AWS::Lambda::Function')) this.lambdaFunction(e);
    for (const e of byType('AWS::Serverless::Function')) this.samFunction(e);
    for (const e of byType('AWS::SQS::Queue')) this.queue(e);
    for (const e of byType('AWS::Lambda::EventSourceMapping')) this.eventSourceMapping(e);
    for (const e of byType('AWS::Lambda::EventInvokeConfig')) this.eventInvokeConfig(e);
    this.invokers();
  }

  // ---------------------------------------------------------------------------------------------
  // Functions

  private lambdaFunction(e: TEntry): void {
    const props = get(e.value, 'Properties');
    const dlq = entryOf(get(props, 'DeadLetterConfig'), 'TargetArn');
    const fact = this.functionFact(e, 'AWS::Lambda::Function', props, {
      deadLetter: this.deadLetterKind(dlq, undefined),
      deadLetterSpan: this.ctx.values.propertySpan(entryOf(props, 'DeadLetterConfig')),
      deadLetterTarget: targetOf(dlq?.value),
      // A local `Code` path is what `aws cloudformation package` uploads; `ZipFile` and S3 code have no file here.
      handler: withRuntime(this.handlerLink(stringOf(get(props, 'Handler')), stringOf(get(props, 'Code')), undefined), stringOf(get(props, 'Runtime'))),
    });
    this.facts.functions.push(fact);
    this.functions.set(e.key, fact);
  }

  private samFunction(e: TEntry): void {
    const globals = get(this.ctx.globals, 'Function');
    const props = mergeGlobals(this.ctx.globalsElsewhere ? respanned(globals, e.keySpan) : globals, get(e.value, 'Properties'));
    const dlqEntry = entryOf(props, 'DeadLetterQueue');
    const dlqType = stringOf(get(dlqEntry?.value, 'Type'));
    const inline = get(props, 'InlineCode') !== undefined;
    // Without `CodeUri` (here or in Globals), SAM builds the template's own folder: aws-sam-cli's
    // SamBaseProvider.DEFAULT_CODEURI is ".".
    const codeUri = get(props, 'CodeUri') === undefined ? '.' : stringOf(get(props, 'CodeUri'));
    const fact = this.functionFact(e, 'AWS::Serverless::Function', props, {
      deadLetter: dlqEntry ? this.deadLetterKind(entryOf(dlqEntry.value, 'TargetArn') ?? dlqEntry, dlqType) : ABSENT,
      deadLetterSpan: this.ctx.values.propertySpan(dlqEntry),
      deadLetterTarget: targetOf(get(dlqEntry?.value, 'TargetArn')),
      handler: inline
        ? { file: undefined, exportName: undefined, unknown: 'inline code (InlineCode)' }
        : stringOf(get(props, 'PackageType')) === 'Image'
          ? { file: undefined, exportName: undefined, unknown: 'a container image (PackageType: Image)' }
          : withRuntime(this.handlerLink(stringOf(get(props, 'Handler')), codeUri, get(e.value, 'Metadata')), stringOf(get(props, 'Runtime'))),
    });
    const invokeConfig = entryOf(props, 'EventInvokeConfig');
    if (invokeConfig) {
      fact.asyncConfig = this.asyncConfig(invokeConfig.keySpan, fact.key, invokeConfig.value);
      this.facts.asyncConfigs.push(fact.asyncConfig);
    }
    if (get(props, 'FunctionUrlConfig') !== undefined) fact.invokers.sync++;
    const events = get(e.value, 'Properties') === undefined ? undefined : get(get(e.value, 'Properties'), 'Events');
    if (events?.kind === 'map') {
      for (const event of events.entries) this.samEvent(fact, event);
    } else if (events !== undefined) {
      fact.invokers.mayHaveUnknownCallers = true;
    }
    this.facts.functions.push(fact);
    this.functions.set(e.key, fact);
  }

  private samEvent(fn: FunctionFact, event: TEntry): void {
    const type = stringOf(get(event.value, 'Type'));
    const kind = type === undefined ? undefined : SAM_EVENTS[type];
    if (kind === undefined) {
      fn.invokers.mayHaveUnknownCallers = true;
      return;
    }
    if (kind === 'sync') {
      fn.invokers.sync++;
      return;
    }
    if ('async' in kind) {
      fn.invokers.async.push(kind.async);
      return;
    }
    const props = get(event.value, 'Properties');
    const source = kind.mapping === 'sqs' ? get(props, 'Queue') : kind.mapping === 'kinesis' || kind.mapping === 'dynamodb' ? get(props, 'Stream') : undefined;
    const mapping = this.mappingFact({
      kind: kind.mapping,
      construct: `${type} event`,
      span: event.keySpan,
      whole: event.span,
      props,
      functionKey: fn.key,
      source,
    });
    this.facts.mappings.push(mapping);
    fn.invokers.mappings++;
  }

  private functionFact(
    e: TEntry,
    construct: string,
    props: TNode | undefined,
    parts: { deadLetter: FunctionFact['deadLetter']; deadLetterSpan: PropertySpan | undefined; deadLetterTarget: TargetRef | undefined; handler: HandlerLink },
  ): FunctionFact {
    return {
      dialect: this.ctx.dialect,
      key: keyOf(e.key),
      construct,
      constructId: e.key,
      span: e.span,
      headSpan: e.keySpan,
      scopeText: undefined,
      props: { kind: 'other', span: e.span },
      timeout: this.ctx.values.number(entryOf(props, 'Timeout')),
      defaultTimeout: 3,
      deadLetter: parts.deadLetter,
      deadLetterSpan: parts.deadLetterSpan,
      ...(parts.deadLetterTarget ? { deadLetterTarget: parts.deadLetterTarget } : {}),
      asyncConfig: undefined,
      invokers: { mappings: 0, async: [], sync: 0, objectEscapes: false, mayHaveUnknownCallers: false },
      handler: parts.handler,
    };
  }

  /** `queue` or `topic` from SAM's `Type`, the referenced resource, or the ARN. */
  private deadLetterKind(target: TEntry | undefined, samType: string | undefined): FunctionFact['deadLetter'] {
    if (!target) return ABSENT;
    const value = target.value;
    const type = this.typeOf(referencedId(value));
    const service = arnServiceOf(value);
    const kind =
      samType === 'SQS' || type === 'AWS::SQS::Queue' || service === 'sqs'
        ? 'queue'
        : samType === 'SNS' || type === 'AWS::SNS::Topic' || service === 'sns'
          ? 'topic'
          : 'enabled';
    if (value?.kind === 'intrinsic' && value.fn === 'Fn::If') return { state: 'unknown', span: target.span };
    return { state: 'known', value: kind, span: target.span };
  }

  /**
   * `Handler: app.handler` relative to the code folder (`CodeUri`, or a local `Code` path that
   * `cloudformation package` uploads). With SAM's esbuild build, the handler names the bundle and
   * the source is the matching entry point.
   */
  handlerLink(handler: string | undefined, codeDir: string | undefined, metadata: TNode | undefined): HandlerLink {
    if (handler === undefined) return { file: undefined, exportName: undefined, unknown: 'Handler is not given as a literal' };
    if (codeDir === undefined) return { file: undefined, exportName: undefined, unknown: 'the code location (CodeUri / Code) is not a literal path' };
    if (/^(s3|https?):\/\//u.test(codeDir)) return { file: undefined, exportName: undefined, unknown: `the code is uploaded from ${codeDir}` };
    const split = splitHandler(handler);
    if (!split) return { file: undefined, exportName: undefined, unknown: `Handler ${handler} is not of the form file.export` };
    const { modulePath, exportName } = split;
    const base = path.resolve(this.ctx.codeBase ?? path.dirname(this.ctx.file), codeDir);
    let file = path.resolve(base, modulePath);
    if (stringOf(get(metadata, 'BuildMethod')) === 'esbuild') {
      const entries = get(getPath(metadata, ['BuildProperties']), 'EntryPoints');
      const list = entries?.kind === 'seq' ? entries.items.map(stringOf).filter((s): s is string => s !== undefined) : [];
      const match = list.find((entry) => withoutScriptExtension(path.basename(entry)) === path.basename(modulePath)) ?? (list.length === 1 ? list[0] : undefined);
      if (match !== undefined) file = path.resolve(base, match);
    }
    return { file, exportName };
  }

  // ---------------------------------------------------------------------------------------------
  // Queues, mappings, async configs

  private queue(e: TEntry): void {
    const props = get(e.value, 'Properties');
    const visibility = entryOf(props, 'VisibilityTimeout');
    const fact: QueueFact = {
      dialect: this.ctx.dialect,
      key: keyOf(e.key),
      constructId: e.key,
      span: e.span,
      headSpan: e.keySpan,
      props: { kind: 'other', span: e.span },
      fifo: this.ctx.values.boolean(entryOf(props, 'FifoQueue')),
      visibilityTimeout: this.ctx.values.number(visibility),
      visibilityTimeoutSpan: this.ctx.values.propertySpan(visibility),
      ...this.redrive(entryOf(props, 'RedrivePolicy')),
      scopeText: undefined,
    };
    this.facts.queues.push(fact);
  }

  /**
   * `RedrivePolicy` as an object or a JSON string: whether it names a dead-letter target, and the
   * queue it names (parsed once for both).
   */
  private redrive(entry: TEntry | undefined): Pick<QueueFact, 'redrive' | 'redriveTarget'> {
    const given = this.ctx.values.present(entry);
    if (given.state !== 'known' || !entry) return { redrive: given };
    const v = entry.value;
    if (v?.kind === 'scalar' && typeof v.value === 'string') {
      try {
        const parsed: unknown = JSON.parse(v.value);
        const ok = typeof parsed === 'object' && parsed !== null && 'deadLetterTargetArn' in parsed;
        const fifo = ok ? fifoOfArn((parsed as { deadLetterTargetArn?: unknown }).deadLetterTargetArn) : undefined;
        return { redrive: { state: 'known', value: ok, span: entry.span }, ...(fifo === undefined ? {} : { redriveTarget: { fifo, span: v.span } }) };
      } catch {
        return { redrive: { state: 'unknown', span: entry.span } };
      }
    }
    const target = targetOf(get(v, 'deadLetterTargetArn'));
    return { redrive: given, ...(target ? { redriveTarget: target } : {}) };
  }

  private eventSourceMapping(e: TEntry): void {
    const props = get(e.value, 'Properties');
    const functionName = get(props, 'FunctionName');
    const fnId = this.functionIdOf(functionName);
    const source = get(props, 'EventSourceArn');
    const kafka = get(props, 'Topics') !== undefined || get(props, 'SelfManagedEventSource') !== undefined;
    const kind = kafka ? 'kafka' : this.sourceKind(source);
    const mapping = this.mappingFact({
      kind: kind === 'unknown' && streamByShape((s) => (get(props, CFN_STREAM_SHAPE[s]) === undefined ? 'absent' : 'present')) ? 'stream' : kind,
      construct: 'AWS::Lambda::EventSourceMapping',
      span: e.keySpan,
      whole: e.span,
      props,
      functionKey: fnId === undefined ? undefined : keyOf(fnId),
      source,
    });
    this.facts.mappings.push(mapping);
    this.noteInvoker(e.key, fnId, (fn) => fn.invokers.mappings++);
  }

  private sourceKind(source: TNode | undefined): EventSourceKind {
    const type = this.typeOf(referencedId(source));
    if (type !== undefined) return STREAM_TYPES[type] ?? 'unknown';
    return sourceKindOfArn(stringOf(source));
  }

  /** An event source mapping's settings, in CloudFormation's (and SAM's) spelling. */
  mappingFact(m: {
    kind: EventSourceKind;
    construct: string;
    span: Span;
    whole: Span;
    props: TNode | undefined;
    functionKey: ConstructKey | undefined;
    source: TNode | undefined;
  }): EventSourceMappingFact {
    const { values } = this.ctx;
    const props = m.props;
    const responseTypes = entryOf(props, 'FunctionResponseTypes');
    const onFailure = entryOf(get(props, 'DestinationConfig'), 'OnFailure');
    const sourceId = referencedId(m.source);
    return {
      dialect: this.ctx.dialect,
      kind: m.kind,
      construct: m.construct,
      span: m.span,
      props: { kind: 'other', span: m.whole },
      functionKey: m.functionKey,
      sourceKey: sourceId === undefined ? undefined : keyOf(sourceId),
      batchSize: values.number(entryOf(props, 'BatchSize')),
      defaultBatchSize: m.kind === 'sqs' ? 10 : 100,
      reportBatchItemFailures: listContains(responseTypes, 'ReportBatchItemFailures'),
      reportBatchItemFailuresSyntax: { key: 'FunctionResponseTypes', value: '[ReportBatchItemFailures]' },
      retryAttempts: values.number(entryOf(props, 'MaximumRetryAttempts')),
      maxRecordAge: values.number(entryOf(props, 'MaximumRecordAgeInSeconds')),
      bisectBatchOnError: values.boolean(entryOf(props, 'BisectBatchOnFunctionError')),
      onFailure: values.present(onFailure),
      onFailureSpan: values.propertySpan(entryOf(props, 'DestinationConfig')),
      maxBatchingWindow: values.number(entryOf(props, 'MaximumBatchingWindowInSeconds')),
    };
  }

  private eventInvokeConfig(e: TEntry): void {
    const props = get(e.value, 'Properties');
    const fnId = this.functionIdOf(get(props, 'FunctionName'));
    const config = this.asyncConfig(e.keySpan, fnId === undefined ? undefined : keyOf(fnId), props);
    this.facts.asyncConfigs.push(config);
    this.noteInvoker(e.key, fnId, () => undefined);
  }

  /** `EventInvokeConfig` (SAM) or the properties of `AWS::Lambda::EventInvokeConfig`. */
  asyncConfig(span: Span, functionKey: ConstructKey | undefined, props: TNode | undefined): AsyncInvokeConfigFact {
    const { values } = this.ctx;
    const retries = entryOf(props, 'MaximumRetryAttempts');
    const age = entryOf(props, 'MaximumEventAgeInSeconds');
    const destinations = get(props, 'DestinationConfig');
    return {
      span,
      functionKey,
      retryAttempts: values.number(retries),
      retryAttemptsSpan: retries?.value?.span,
      maxEventAge: values.number(age),
      maxEventAgeSpan: age?.value?.span,
      onFailure: values.present(entryOf(destinations, 'OnFailure')),
      onSuccess: values.present(entryOf(destinations, 'OnSuccess')),
      destinationTargets: ['OnFailure', 'OnSuccess']
        .map((which) => targetOf(get(get(destinations, which), 'Destination')))
        .filter((t): t is TargetRef => t !== undefined),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Who invokes each function

  private noteInvoker(referrer: string, fnId: string | undefined, update: (fn: FunctionFact) => void): void {
    if (fnId === undefined) return;
    this.understood.add(`${referrer}>${fnId}`);
    const fn = this.functions.get(fnId);
    if (fn) update(fn);
  }

  private invokers(): void {
    for (const e of this.resources.entries) {
      const type = this.types.get(e.key);
      const props = get(e.value, 'Properties');
      if (type === 'AWS::Lambda::Permission') {
        const principal = stringOf(get(props, 'Principal'));
        const who = principal === undefined ? undefined : INVOKING_PRINCIPALS[principal];
        // A grant to a topic or rule of this template: what invokes the function is that
        // resource's subscriptions and targets, read themselves (none: the grant invokes nothing).
        const grantedTo = this.typeOf(referencedId(get(props, 'SourceArn')));
        const throughResource = grantedTo === 'AWS::SNS::Topic' || grantedTo === 'AWS::Events::Rule';
        this.noteInvoker(e.key, this.functionIdOf(get(props, 'FunctionName')), (fn) => {
          if (throughResource) return;
          if (who === undefined) fn.invokers.mayHaveUnknownCallers = true;
          else if (who === 'sync') fn.invokers.sync++;
          else fn.invokers.async.push(who.async);
        });
      } else if (type === 'AWS::SNS::Subscription') {
        if (stringOf(get(props, 'Protocol')) === 'lambda') this.noteAsync(e.key, get(props, 'Endpoint'), 'SNS subscription');
      } else if (type === 'AWS::SNS::Topic') {
        for (const sub of seqItems(get(props, 'Subscription'))) {
          if (stringOf(get(sub, 'Protocol')) === 'lambda') this.noteAsync(e.key, get(sub, 'Endpoint'), 'SNS subscription');
        }
      } else if (type === 'AWS::Events::Rule') {
        for (const target of seqItems(get(props, 'Targets'))) this.noteAsync(e.key, get(target, 'Arn'), 'EventBridge rule');
      } else if (type === 'AWS::Scheduler::Schedule') {
        this.noteAsync(e.key, getPath(props, ['Target', 'Arn']), 'EventBridge Scheduler schedule');
      } else if (type === 'AWS::S3::Bucket') {
        for (const c of seqItems(getPath(props, ['NotificationConfiguration', 'LambdaConfigurations']))) this.noteAsync(e.key, get(c, 'Function'), 'S3 notification');
      } else if (type === 'AWS::Logs::SubscriptionFilter') {
        this.noteAsync(e.key, get(props, 'DestinationArn'), 'CloudWatch Logs subscription');
      } else if (type === 'AWS::Lambda::Url') {
        this.noteInvoker(e.key, this.functionIdOf(get(props, 'TargetFunctionArn')), (fn) => fn.invokers.sync++);
      }
    }
    // Any other reference hands the function's identity to something this reader does not
    // model (an output, an environment variable, a policy, a state machine): unknown callers.
    const sections: [string, TNode | undefined][] = this.resources.entries.map((e) => [e.key, e.value]);
    for (const [referrer, node] of sections) {
      if (HARMLESS_REFERRERS.has(this.types.get(referrer) ?? '')) continue;
      for (const id of mentionedIds(node)) {
        const fn = this.functions.get(id);
        if (fn && id !== referrer && !this.understood.has(`${referrer}>${id}`)) fn.invokers.mayHaveUnknownCallers = true;
      }
    }
  }

  /** Outputs, or sections outside `Resources`, that mention functions. */
  noteOtherReferences(node: TNode | undefined): void {
    for (const id of mentionedIds(node)) {
      const fn = this.functions.get(id);
      if (fn) fn.invokers.mayHaveUnknownCallers = true;
    }
  }

  private noteAsync(referrer: string, target: TNode | undefined, label: string): void {
    this.noteInvoker(referrer, this.functionIdOf(target), (fn) => fn.invokers.async.push(label));
  }
}

function seqItems(node: TNode | undefined): TNode[] {
  return node?.kind === 'seq' ? node.items : [];
}

/** Whether a list setting contains `value`: known from a literal list, unknown behind intrinsics. */
export function listContains(entry: TEntry | undefined, value: string): Value<boolean> {
  if (!entry) return ABSENT;
  const v = entry.value;
  if (v?.kind === 'seq') {
    if (v.items.some((i) => stringOf(i) === value)) return { state: 'known', value: true, span: entry.span };
    if (v.items.every((i) => i.kind === 'scalar')) return { state: 'known', value: false, span: entry.span };
  }
  if (v?.kind === 'scalar') return { state: 'known', value: v.value === value, span: entry.span };
  return { state: 'unknown', span: entry.span };
}

/**
 * SAM's `Globals.Function` merged under a function's properties: the function's own value wins
 * for scalars, maps merge key by key, lists are concatenated (lambda-facts.md §2.2). Entries keep
 * their spans, so a finding about a global setting points at `Globals`.
 */
export function mergeGlobals(global: TNode | undefined, local: TNode | undefined): TNode | undefined {
  if (global?.kind !== 'map') return local;
  if (local === undefined) return global;
  if (local.kind !== 'map') return local;
  const entries: TEntry[] = [];
  for (const g of global.entries) {
    if (g.key === 'Events' || g.key === 'Role' || g.key === 'Policies' || g.key === 'FunctionName') continue;
    const l = entryOf(local, g.key);
    if (!l) entries.push(g);
    else if (g.value?.kind === 'map' && l.value?.kind === 'map') entries.push({ ...l, value: mergeGlobals(g.value, l.value) });
    else if (g.value?.kind === 'seq' && l.value?.kind === 'seq') entries.push({ ...l, value: { ...l.value, items: [...g.value.items, ...l.value.items] } });
    else entries.push(l);
  }
  for (const l of local.entries) if (!entryOf(global, l.key)) entries.push(l);
  return { ...local, entries };
}

/** CloudFormation's spelling of the settings that tell a stream mapping from others (\`streamByShape\`). */
const CFN_STREAM_SHAPE: Readonly<Record<StreamShapeSetting, string>> = {
  startingPosition: 'StartingPosition',
  topics: 'Topics',
  queues: 'Queues',
  selfManagedKafka: 'SelfManagedKafkaEventSourceConfig',
  managedKafka: 'AmazonManagedKafkaEventSourceConfig',
  documentDb: 'DocumentDBEventSourceConfig',
};
