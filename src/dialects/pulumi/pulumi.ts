/**
 * The Pulumi adapter (`@pulumi/aws`, TypeScript and JavaScript): `aws.lambda.Function`,
 * `aws.lambda.EventSourceMapping`, `aws.lambda.FunctionEventInvokeConfig`, `aws.sqs.Queue` (and
 * `aws.sqs.RedrivePolicy`), the triggers that invoke a function, and `queue.onEvent(…)`, whose
 * mapping never enables partial batch responses. Argument names and defaults: lambda-facts.md
 * §2.6 (the camelCase of Terraform's).
 */
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { spanOf, unwrap, type Node } from '../../core/ast.js';
import { ABSENT, known, ObjectView, resolveExpression, type Value } from '../../core/values.js';
import type { EventSourceKind, FunctionFact, HandlerLink, InfraFacts, InvocationFact, TargetRef } from '../../model/facts.js';
import type { FileContext } from '../../analyzers/file-context.js';
import { creationKey, headSpan, isExported, Options, ScriptIacExtractor, stringArgument } from '../script-support.js';
import { INVOKING_PRINCIPALS } from '../../model/principals.js';
import { sourceKindOfArn, splitHandler } from '../../model/aws-strings.js';
import { streamByShape, type StreamShapeSetting } from '../../model/infra-model.js';

export const PULUMI_MARKERS = ['@pulumi/aws'];

const SOURCE_KINDS: Readonly<Record<string, EventSourceKind>> = {
  'sqs.Queue': 'sqs',
  'kinesis.Stream': 'kinesis',
  'dynamodb.Table': 'dynamodb',
  'msk.Cluster': 'kafka',
  'msk.ServerlessCluster': 'kafka',
};

/** `topic.onEvent(name, fn)`, `bucket.onObjectCreated(name, fn)`: the event mixins that subscribe a function. */
const ASYNC_MIXINS: Readonly<Record<string, string>> = {
  onObjectCreated: 'S3 notification',
  onObjectRemoved: 'S3 notification',
  onEvent: 'SNS subscription',
  onSchedule: 'EventBridge rule',
};

export function extractPulumiFacts(file: FileContext, infra: InfraFacts): void {
  if (!PULUMI_MARKERS.some((m) => file.text.includes(m))) return;
  new PulumiExtractor(file, infra).run();
}

class PulumiExtractor extends ScriptIacExtractor {
  /** Resource kind (`sqs.Queue`) by key. */
  private readonly kinds = new Map<string, string>();

  private pulumiName(callee: Node): string | undefined {
    const symbol = this.file.symbols.resolveImport(callee);
    if (!symbol) return undefined;
    if (symbol.module === '@pulumi/aws') return symbol.path.join('.');
    if (symbol.module.startsWith('@pulumi/aws/')) return [symbol.module.slice('@pulumi/aws/'.length), ...symbol.path].join('.');
    return undefined;
  }

  run(): void {
    const named = this.file.newExpressions.map((expr) => ({ expr, name: this.pulumiName(expr.callee) })).filter((n): n is { expr: TSESTree.NewExpression; name: string } => n.name !== undefined);
    for (const { expr, name } of named) {
      const key = creationKey(expr, this.file.symbols);
      this.kinds.set(key, name);
      if (name === 'lambda.Function' || name === 'lambda.CallbackFunction') this.fn(expr, key, name);
      else if (name === 'sqs.Queue') this.queue(expr, key);
    }
    for (const { expr, name } of named) {
      if (name === 'lambda.EventSourceMapping') this.mapping(expr);
      else if (name === 'lambda.FunctionEventInvokeConfig') this.asyncConfig(expr);
      else if (name === 'sqs.RedrivePolicy') this.redrivePolicy(expr);
      else this.trigger(expr, name);
    }
    for (const call of this.file.callExpressions) this.mixin(call);
    this.markEscapes();
  }

  private fn(expr: TSESTree.NewExpression, key: string, name: string): void {
    const args = this.options(expr, 1);
    const dlq = args.nested('deadLetterConfig');
    const target = dlq ? this.ref(dlq.node('targetArn')) : undefined;
    const targetKind = target === undefined ? undefined : this.kinds.get(target);
    const fact: FunctionFact = {
      dialect: 'pulumi',
      key,
      construct: `aws.${name}`,
      constructId: stringArgument(expr, 0, this.file.symbols),
      span: spanOf(expr),
      headSpan: headSpan(expr),
      scopeText: undefined,
      props: { kind: 'other', span: spanOf(expr) },
      timeout: this.timeout(args, name),
      defaultTimeout: 3,
      deadLetter: dlq ? (args.present('deadLetterConfig').state === 'known' ? known(targetKind === 'sns.Topic' ? 'topic' : 'queue', expr) : ABSENT) : ABSENT,
      deadLetterSpan: args.propertySpan('deadLetterConfig'),
      deadLetterTarget: this.target(dlq?.node('targetArn')),
      asyncConfig: undefined,
      invokers: { mappings: 0, async: [], sync: 0, objectEscapes: false, mayHaveUnknownCallers: false },
      handler: name === 'lambda.Function' ? this.handlerLink(args) : { file: undefined, exportName: undefined },
    };
    if (isExported(expr)) fact.invokers.mayHaveUnknownCallers = true;
    if (fact.deadLetter.state === 'known') fact.deadLetter = { ...fact.deadLetter, span: args.propertySpan('deadLetterConfig')?.property ?? fact.headSpan };
    this.infra.functions.push(fact);
    this.functions.set(key, fact);
  }

  /** Lambda's default (3 s) applies to `aws.lambda.Function`; `CallbackFunction` has defaults of its own, not assumed here. */
  private timeout(args: Options, name: string): Value<number> {
    const t = args.number('timeout');
    return t.state === 'absent' && name !== 'lambda.Function' ? { state: 'unknown' } : t;
  }

  /** `handler: 'index.handler'` in `code: new pulumi.asset.FileArchive('./app')`, relative to the Pulumi project (Pulumi.yaml). */
  private handlerLink(args: Options): HandlerLink {
    const handler = args.string('handler');
    const split = handler.state === 'known' ? splitHandler(handler.value) : undefined;
    if (!split) return { file: undefined, exportName: undefined, unknown: handler.state === 'known' ? `handler ${handler.value} is not of the form file.export` : 'handler is not a literal' };
    const { modulePath, exportName } = split;
    const code = args.node('code');
    let c = code ? resolveExpression(code, this.file.symbols) : undefined;
    if (c?.type !== 'NewExpression') return { file: undefined, exportName, unknown: 'code is not a pulumi.asset.FileArchive' };
    // `new AssetArchive({ '.': new FileArchive(dir) })`: the archive's root is that folder.
    if (this.pulumiAsset(c) === 'asset.AssetArchive') {
      const root = c.arguments[0] && c.arguments[0].type !== 'SpreadElement' ? ObjectView.of(c.arguments[0], this.file.symbols).get('.') : undefined;
      const inner = root?.state === 'present' ? resolveExpression(root.value, this.file.symbols) : undefined;
      if (inner?.type !== 'NewExpression') return { file: undefined, exportName, unknown: "code is an AssetArchive without a FileArchive at '.'" };
      c = inner;
    }
    if (this.pulumiAsset(c) !== 'asset.FileArchive') return { file: undefined, exportName, unknown: 'code is not a pulumi.asset.FileArchive' };
    const dir = stringArgument(c, 0, this.file.symbols);
    if (dir === undefined) return { file: undefined, exportName, unknown: "the FileArchive's folder is not a literal" };
    if (path.isAbsolute(dir)) return { file: path.join(dir, modulePath), exportName };
    return { file: undefined, fromAppRoot: path.join(dir, modulePath), appRootMarker: 'Pulumi.yaml', exportName };
  }

  /** `asset.FileArchive`, `asset.AssetArchive`: what a `new` of `@pulumi/pulumi` makes. */
  private pulumiAsset(expr: TSESTree.NewExpression): string | undefined {
    const symbol = this.file.symbols.resolveImport(expr.callee);
    return symbol?.module === '@pulumi/pulumi' ? symbol.path.join('.') : undefined;
  }

  private queue(expr: TSESTree.NewExpression, key: string): void {
    const args = this.options(expr, 1);
    this.infra.queues.push({
      dialect: 'pulumi',
      key,
      constructId: stringArgument(expr, 0, this.file.symbols),
      span: spanOf(expr),
      headSpan: headSpan(expr),
      props: { kind: 'other', span: spanOf(expr) },
      fifo: args.boolean('fifoQueue'),
      visibilityTimeout: args.number('visibilityTimeoutSeconds'),
      visibilityTimeoutSpan: args.propertySpan('visibilityTimeoutSeconds'),
      redrive: args.present('redrivePolicy'),
      redriveTarget: this.target(args.node('redrivePolicy')),
      scopeText: undefined,
    });
  }

  /** `new aws.sqs.RedrivePolicy(name, { queueUrl: queue.id, … })` sets a queue's redrive policy. */
  private redrivePolicy(expr: TSESTree.NewExpression): void {
    const args = this.options(expr, 1);
    const key = this.ref(args.node('queueUrl'));
    if (key === undefined) return;
    (this.infra.redrivePolicies ??= []).push(key);
    const target = this.target(args.node('redrivePolicy'));
    if (target) (this.infra.redriveTargets ??= []).push({ queue: key, target });
  }

  private mapping(expr: TSESTree.NewExpression): void {
    const args = this.options(expr, 1);
    const fnKey = this.ref(args.node('functionName'));
    const sourceKey = this.ref(args.node('eventSourceArn'));
    const sourceKind = sourceKey === undefined ? undefined : this.kinds.get(sourceKey);
    const arn = args.string('eventSourceArn');
    const kind: EventSourceKind =
      args.present('topics').state === 'known' || args.present('selfManagedEventSource').state === 'known'
        ? 'kafka'
        : sourceKind !== undefined
          ? (SOURCE_KINDS[sourceKind] ?? 'unknown')
          : sourceKindOfArn(arn.state === 'known' ? arn.value : undefined);
    const destination = args.nested('destinationConfig')?.nested('onFailure');
    this.infra.mappings.push({
      dialect: 'pulumi',
      kind: kind === 'unknown' && sourceKey !== undefined ? kindFromShape(args) : kind,
      construct: 'aws.lambda.EventSourceMapping',
      span: headSpan(expr),
      props: { kind: 'other', span: spanOf(expr) },
      functionKey: fnKey,
      sourceKey,
      batchSize: args.number('batchSize'),
      defaultBatchSize: kind === 'sqs' ? 10 : 100,
      reportBatchItemFailures: args.listContains('functionResponseTypes', 'ReportBatchItemFailures'),
      reportBatchItemFailuresSyntax: { key: 'functionResponseTypes', value: '["ReportBatchItemFailures"]' },
      retryAttempts: args.number('maximumRetryAttempts'),
      maxRecordAge: args.number('maximumRecordAgeInSeconds'),
      bisectBatchOnError: args.boolean('bisectBatchOnFunctionError'),
      onFailure: destination ? destination.present('destinationArn') : ABSENT,
      onFailureSpan: args.propertySpan('destinationConfig'),
      maxBatchingWindow: args.number('maximumBatchingWindowInSeconds'),
    });
  }

  private asyncConfig(expr: TSESTree.NewExpression): void {
    const args = this.options(expr, 1);
    const destinations = args.nested('destinationConfig');
    const retries = args.propertySpan('maximumRetryAttempts');
    const age = args.propertySpan('maximumEventAgeInSeconds');
    this.infra.asyncConfigs.push({
      span: headSpan(expr),
      functionKey: this.ref(args.node('functionName')),
      retryAttempts: args.number('maximumRetryAttempts'),
      retryAttemptsSpan: retries?.value,
      maxEventAge: args.number('maximumEventAgeInSeconds'),
      maxEventAgeSpan: age?.value,
      onFailure: destinations?.nested('onFailure')?.present('destination') ?? ABSENT,
      onSuccess: destinations?.nested('onSuccess')?.present('destination') ?? ABSENT,
      destinationTargets: ['onFailure', 'onSuccess']
        .map((which) => this.target(destinations?.nested(which)?.node('destination')))
        .filter((t): t is TargetRef => t !== undefined),
    });
  }

  /** Resources that invoke a function: recorded as invocations (the function may be in another file). */
  private trigger(expr: TSESTree.NewExpression, name: string): void {
    const args = this.options(expr, 1);
    const note = (node: Node | undefined, kind: InvocationFact['kind'], label?: string): void => {
      const key = this.ref(node);
      if (key !== undefined && (this.kinds.get(key) ?? 'lambda.Function').startsWith('lambda.')) {
        this.infra.invocations.push({ functionKey: key, kind, ...(label === undefined ? {} : { label }) });
      }
    };
    switch (name) {
      case 'lambda.Permission': {
        const principal = args.string('principal');
        const who = principal.state === 'known' ? INVOKING_PRINCIPALS[principal.value] : undefined;
        note(args.node('function'), who === undefined ? 'unknown' : who === 'sync' ? 'sync' : 'async', who !== undefined && who !== 'sync' ? who.async : undefined);
        break;
      }
      case 's3.BucketNotification': {
        const list = args.node('lambdaFunctions');
        const items = list && unwrap(list).type === 'ArrayExpression' ? (unwrap(list) as TSESTree.ArrayExpression).elements : [];
        for (const item of items) if (item && item.type !== 'SpreadElement') note(new Options(item, this.file).node('lambdaFunctionArn'), 'async', 'S3 notification');
        break;
      }
      case 'sns.TopicSubscription': {
        const protocol = args.string('protocol');
        if (protocol.state === 'known' && protocol.value === 'lambda') note(args.node('endpoint'), 'async', 'SNS subscription');
        break;
      }
      case 'cloudwatch.EventTarget':
        note(args.node('arn'), 'async', 'EventBridge rule');
        break;
      case 'lambda.FunctionUrl':
        note(args.node('functionName'), 'sync');
        break;
      default:
        break;
    }
  }

  /** `queue.onEvent(name, callback, args)`, `topic.onEvent(name, fn)`, `bucket.onObjectCreated(name, fn)`. */
  private mixin(call: TSESTree.CallExpression): void {
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return;
    const method = callee.property.name;
    const label = ASYNC_MIXINS[method];
    if (label === undefined) return;
    const target = this.ref(callee.object);
    const targetKind = target === undefined ? undefined : this.kinds.get(target);
    if (targetKind === undefined) return;
    const handlerArg = call.arguments[1];
    const handler = handlerArg && handlerArg.type !== 'SpreadElement' ? handlerArg : undefined;
    if (targetKind === 'sqs.Queue' && method === 'onEvent') {
      this.onQueueEvent(call, target as string, handler);
      return;
    }
    const fnKey = handler ? this.ref(handler) : undefined;
    if (fnKey !== undefined && this.functions.has(fnKey)) this.infra.invocations.push({ functionKey: fnKey, kind: 'async', label });
  }

  /** A queue subscription through the mixin: a mapping without `functionResponseTypes`, ever. */
  private onQueueEvent(call: TSESTree.CallExpression, queueKey: string, handler: Node | undefined): void {
    const args = this.options(call, 2);
    let fnKey = handler ? this.ref(handler) : undefined;
    if (fnKey === undefined || !this.functions.has(fnKey)) {
      // An inline callback: its own function (the callback is the handler).
      fnKey = `node:${call.range[0]}`;
      const fact: FunctionFact = {
        dialect: 'pulumi',
        key: fnKey,
        construct: 'queue.onEvent callback',
        constructId: stringArgument(call, 0, this.file.symbols),
        span: spanOf(call),
        headSpan: headSpan(call),
        scopeText: undefined,
        props: { kind: 'other', span: spanOf(call) },
        timeout: { state: 'unknown' },
        defaultTimeout: 3,
        deadLetter: ABSENT,
        deadLetterSpan: undefined,
        asyncConfig: undefined,
        invokers: { mappings: 0, async: [], sync: 0, objectEscapes: false, mayHaveUnknownCallers: false },
        handler: { file: undefined, exportName: undefined, unknown: 'a callback function: its code is the callback' },
      };
      this.infra.functions.push(fact);
      this.functions.set(fnKey, fact);
    }
    const batchSize = args.number('batchSize');
    this.infra.mappings.push({
      dialect: 'pulumi',
      kind: 'sqs',
      construct: '`queue.onEvent` subscription',
      span: headSpan(call),
      props: { kind: 'other', span: spanOf(call) },
      functionKey: fnKey,
      sourceKey: queueKey,
      batchSize,
      defaultBatchSize: 10,
      reportBatchItemFailures: ABSENT,
      reportBatchItemFailuresSyntax: {
        key: 'functionResponseTypes',
        value: '["ReportBatchItemFailures"]',
        unsupported: 'replace `queue.onEvent` (which cannot turn them on) with an `aws.lambda.EventSourceMapping` that sets `functionResponseTypes: ["ReportBatchItemFailures"]`',
      },
      retryAttempts: ABSENT,
      maxRecordAge: ABSENT,
      bisectBatchOnError: ABSENT,
      onFailure: ABSENT,
      onFailureSpan: undefined,
      maxBatchingWindow: args.number('maximumBatchingWindowInSeconds'),
    });
    const fn = this.functions.get(fnKey);
    if (fn) fn.invokers.mappings++;
  }
}

/**
 * The kind of a mapping whose source is defined elsewhere (imported): streams, Kafka, MQ and
 * DocumentDB need settings an SQS mapping must not have (AWS: StartingPosition is required for
 * Kinesis and DynamoDB Streams and must not be given for SQS), so a mapping with none of them
 * reads a queue. Anything else stays unknown.
 */
function kindFromShape(args: Options): EventSourceKind {
  // None of the settings of a stream or another source: an SQS queue.
  if (Object.values(PULUMI_STREAM_SHAPE).every((key) => args.present(key).state === 'absent')) return 'sqs';
  const written = (key: string): 'present' | 'absent' | 'unknown' => {
    const state = args.present(key).state;
    return state === 'known' ? 'present' : state;
  };
  return streamByShape((s) => written(PULUMI_STREAM_SHAPE[s])) ? 'stream' : 'unknown';
}

/** Pulumi's spelling of the settings that tell a stream mapping from others (\`streamByShape\`). */
const PULUMI_STREAM_SHAPE: Readonly<Record<StreamShapeSetting, string>> = {
  startingPosition: 'startingPosition',
  topics: 'topics',
  queues: 'queues',
  selfManagedKafka: 'selfManagedEventSource',
  managedKafka: 'amazonManagedKafkaEventSourceConfig',
  documentDb: 'documentDbEventSourceConfig',
};
