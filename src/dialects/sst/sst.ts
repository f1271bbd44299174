/**
 * The SST v3 adapter (`sst.config.ts` and the files it imports; `sst` is a global there):
 * `sst.aws.Queue` (`subscribe` with `batch.partialResponses`, `dlq`), `sst.aws.Function`,
 * `sst.aws.Dynamo` and `sst.aws.KinesisStream` subscribers, `sst.aws.SnsTopic` and
 * `sst.aws.Bus` subscribers, `sst.aws.Bucket` notifications and `sst.aws.Cron` jobs. Defaults
 * (lambda-facts.md §2.7): function timeout 20 s, queue visibility 30 s, batch size 10, partial
 * responses off; Dynamo and Kinesis subscribers set no retry limit, bisection or destination
 * unless `transform.eventSourceMapping` does. Handler paths are relative to the app's folder
 * (the one with `sst.config.ts`).
 */
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { spanOf, unwrap, type Node } from '../../core/ast.js';
import { ABSENT, evaluatePrimitive, known, unknown, type Value } from '../../core/values.js';
import type { EventSourceKind, FunctionFact, HandlerLink, InfraFacts } from '../../model/facts.js';
import type { FileContext } from '../../analyzers/file-context.js';
import { splitHandler } from '../../model/aws-strings.js';
import { creationKey, durationSeconds, headSpan, isExported, Options, ScriptIacExtractor, stringArgument } from '../script-support.js';

export const SST_MARKERS = ['sst.aws.'];

const DEFAULT_TIMEOUT = 20;

/** The components whose `subscribe` creates an event source mapping, and the source kind. */
const MAPPING_SOURCES: Readonly<Record<string, EventSourceKind>> = { Queue: 'sqs', Dynamo: 'dynamodb', KinesisStream: 'kinesis' };

/** The components whose `subscribe` invokes the function asynchronously. */
const ASYNC_SOURCES: Readonly<Record<string, string>> = { SnsTopic: 'SNS subscription', Bus: 'EventBridge rule', Bucket: 'S3 notification' };

export function extractSstFacts(file: FileContext, infra: InfraFacts): void {
  if (!SST_MARKERS.some((m) => file.text.includes(m))) return;
  new SstExtractor(file, infra).run();
}

class SstExtractor extends ScriptIacExtractor {
  /** Component (`Queue`) by key. */
  private readonly components = new Map<string, string>();

  /** `sst.aws.Queue` with `sst` the global (not a local binding): `Queue`. */
  private componentName(callee: Node): string | undefined {
    const e = unwrap(callee);
    if (e.type !== 'MemberExpression' || e.computed || e.property.type !== 'Identifier') return undefined;
    const mid = unwrap(e.object);
    if (mid.type !== 'MemberExpression' || mid.computed || mid.property.type !== 'Identifier' || mid.property.name !== 'aws') return undefined;
    const root = unwrap(mid.object);
    if (root.type !== 'Identifier' || root.name !== 'sst' || this.file.symbols.binding('sst', root)) return undefined;
    return e.property.name;
  }

  run(): void {
    const created = this.file.newExpressions.map((expr) => ({ expr, name: this.componentName(expr.callee) })).filter((c): c is { expr: TSESTree.NewExpression; name: string } => c.name !== undefined);
    for (const { expr, name } of created) {
      const key = creationKey(expr, this.file.symbols);
      this.components.set(key, name);
      if (name === 'Function') this.standaloneFunction(expr, key);
      else if (name === 'Queue') this.queue(expr, key);
      else if (name === 'Cron') this.cron(expr);
    }
    for (const call of this.file.callExpressions) this.method(call);
    this.markEscapes();
  }

  // ---------------------------------------------------------------------------------------------

  private standaloneFunction(expr: TSESTree.NewExpression, key: string): void {
    const args = this.options(expr, 1);
    const fact = this.functionFact(key, 'sst.aws.Function', expr, args);
    if (args.present('url').state === 'known') fact.invokers.sync++;
    if (isExported(expr)) fact.invokers.mayHaveUnknownCallers = true;
    this.functions.set(key, fact);
  }

  /**
   * A function from a subscriber: a handler string, `FunctionArgs`, or a reference to an
   * `sst.aws.Function` (its `arn`). `undefined` for an ARN string (a function defined elsewhere).
   */
  private subscriberFunction(node: Node | undefined, at: TSESTree.CallExpression | TSESTree.NewExpression, construct: string): FunctionFact | undefined {
    if (!node) return undefined;
    const referenced = this.ref(node);
    if (referenced !== undefined && this.functions.has(referenced)) return this.functions.get(referenced);
    const value = unwrap(node);
    const literal = evaluatePrimitive(value, this.file.symbols);
    if (literal.ok && typeof literal.value === 'string') {
      if (literal.value.startsWith('arn:')) return undefined;
      return this.functionFact(`node:${at.range[0]}`, construct, at, undefined, literal.value);
    }
    if (value.type === 'ObjectExpression' || (value.type === 'Identifier' && referenced === undefined)) {
      return this.functionFact(`node:${at.range[0]}`, construct, at, new Options(node, this.file));
    }
    return undefined;
  }

  private functionFact(key: string, construct: string, at: TSESTree.CallExpression | TSESTree.NewExpression, args: Options | undefined, handler?: string): FunctionFact {
    const handlerValue: Value<string> = handler !== undefined ? known(handler, at) : (args?.string('handler') ?? ABSENT);
    const fact: FunctionFact = {
      dialect: 'sst',
      key,
      construct,
      constructId: at.type === 'NewExpression' ? stringArgument(at, 0, this.file.symbols) : undefined,
      span: spanOf(at),
      headSpan: headSpan(at),
      scopeText: undefined,
      props: { kind: 'other', span: spanOf(at) },
      timeout: args ? this.duration(args, 'timeout') : ABSENT,
      defaultTimeout: DEFAULT_TIMEOUT,
      deadLetter: ABSENT,
      deadLetterSpan: undefined,
      asyncConfig: undefined,
      invokers: { mappings: 0, async: [], sync: 0, objectEscapes: false, mayHaveUnknownCallers: false },
      handler: this.handlerLink(handlerValue),
    };
    this.infra.functions.push(fact);
    return fact;
  }

  /** `"src/orders.handler"`: relative to the app's folder (the one with sst.config.ts). */
  private handlerLink(handler: Value<string>): HandlerLink {
    const split = handler.state === 'known' ? splitHandler(handler.value) : undefined;
    if (!split) return { file: undefined, exportName: undefined };
    const { modulePath, exportName } = split;
    if (path.basename(this.file.filePath) === 'sst.config.ts') return { file: path.resolve(path.dirname(this.file.filePath), modulePath), exportName };
    return { file: undefined, fromAppRoot: modulePath, appRootMarker: 'sst.config.ts', exportName };
  }

  /** `"30 seconds"` durations. */
  private duration(args: Options, key: string): Value<number> {
    const s = args.string(key);
    if (s.state !== 'known') return s.state === 'absent' ? ABSENT : unknown();
    const seconds = durationSeconds(s.value);
    return seconds === undefined ? { state: 'unknown', span: s.span } : { state: 'known', value: seconds, span: s.span };
  }

  private queue(expr: TSESTree.NewExpression, key: string): void {
    const args = this.options(expr, 1);
    this.infra.queues.push({
      dialect: 'sst',
      key,
      constructId: stringArgument(expr, 0, this.file.symbols),
      span: spanOf(expr),
      headSpan: headSpan(expr),
      props: { kind: 'other', span: spanOf(expr) },
      fifo: args.boolean('fifo'),
      visibilityTimeout: this.duration(args, 'visibilityTimeout'),
      visibilityTimeoutSpan: args.propertySpan('visibilityTimeout'),
      // `transform.queue` may set a redrive policy too.
      redrive: args.present('transform').state === 'known' && args.present('dlq').state === 'absent' ? unknown() : args.present('dlq'),
      // `dlq: dlq.arn`, or `dlq: { queue: dlq.arn, retry }`.
      redriveTarget: this.target(args.nested('dlq')?.node('queue') ?? args.node('dlq')),
      scopeText: undefined,
    });
  }

  private cron(expr: TSESTree.NewExpression): void {
    const args = this.options(expr, 1);
    const job = args.node('function') ?? args.node('job');
    const fn = this.subscriberFunction(job, expr, 'sst.aws.Cron job');
    if (fn) fn.invokers.async.push('EventBridge rule');
  }

  /** `queue.subscribe(…)`, `table.subscribe(…)`, `topic.subscribe(…)`, `bucket.notify(…)`. */
  private method(call: TSESTree.CallExpression): void {
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return;
    const method = callee.property.name;
    if (method !== 'subscribe' && method !== 'notify') return;
    const target = this.ref(callee.object);
    const component = target === undefined ? undefined : this.components.get(target);
    if (component === undefined) return;
    if (method === 'notify' && component === 'Bucket') {
      const list = this.options(call, 0).node('notifications');
      const items = list && unwrap(list).type === 'ArrayExpression' ? (unwrap(list) as TSESTree.ArrayExpression).elements : [];
      for (const item of items) {
        if (!item || item.type === 'SpreadElement') continue;
        const fn = this.subscriberFunction(new Options(item, this.file).node('function'), call, 'bucket notification');
        if (fn) fn.invokers.async.push('S3 notification');
      }
      return;
    }
    // `subscribe(subscriber, args)` or, in later versions, `subscribe(name, subscriber, args)`.
    const named = call.arguments.length >= 2 && this.isSubscriber(call.arguments[1]);
    const subscriberArg = call.arguments[named ? 1 : 0];
    const subscriber = subscriberArg && subscriberArg.type !== 'SpreadElement' ? subscriberArg : undefined;
    const argsIndex = named ? 2 : 1;
    const kind = MAPPING_SOURCES[component];
    if (kind !== undefined) {
      const fn = this.subscriberFunction(subscriber, call, `${component} subscriber`);
      this.mapping(call, kind, target as string, fn, this.options(call, argsIndex));
      return;
    }
    const label = ASYNC_SOURCES[component];
    if (label !== undefined) {
      const fn = this.subscriberFunction(subscriber, call, `${component} subscriber`);
      if (fn) fn.invokers.async.push(label);
    }
  }

  /** A handler string, FunctionArgs or an ARN: not the options object. */
  private isSubscriber(arg: TSESTree.CallExpressionArgument | undefined): boolean {
    if (!arg || arg.type === 'SpreadElement') return false;
    const v = unwrap(arg);
    if (v.type === 'ObjectExpression') return v.properties.some((p) => p.type === 'Property' && p.key.type === 'Identifier' && p.key.name === 'handler');
    return true;
  }

  private mapping(call: TSESTree.CallExpression, kind: EventSourceKind, sourceKey: string, fn: FunctionFact | undefined, args: Options): void {
    const batch = args.nested('batch');
    const transformed = args.nested('transform')?.present('eventSourceMapping').state === 'known';
    const orTransformed = <T>(v: Value<T>): Value<T> => (transformed && v.state === 'absent' ? unknown() : v);
    const windowSeconds = batch ? this.duration(batch, 'window') : ABSENT;
    this.infra.mappings.push({
      dialect: 'sst',
      kind,
      construct: `${kind === 'sqs' ? 'queue' : kind === 'dynamodb' ? 'Dynamo' : 'KinesisStream'} subscriber`,
      span: headSpan(call),
      props: { kind: 'other', span: spanOf(call) },
      functionKey: fn?.key,
      sourceKey,
      batchSize: orTransformed(batch ? batch.number('size') : ABSENT),
      defaultBatchSize: kind === 'sqs' ? 10 : 100,
      reportBatchItemFailures: orTransformed(kind === 'sqs' && batch ? batch.boolean('partialResponses') : ABSENT),
      reportBatchItemFailuresSyntax: kind === 'sqs' ? { key: 'batch.partialResponses', value: 'true' } : { key: 'transform.eventSourceMapping.functionResponseTypes', value: '["ReportBatchItemFailures"]' },
      retryAttempts: orTransformed(ABSENT),
      maxRecordAge: orTransformed(ABSENT),
      bisectBatchOnError: orTransformed(ABSENT),
      onFailure: orTransformed(ABSENT),
      onFailureSpan: undefined,
      maxBatchingWindow: orTransformed(windowSeconds),
    });
    if (fn) fn.invokers.mappings++;
  }
}
