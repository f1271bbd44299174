/**
 * The Lambda graph of one file (and, through the project analyzer, of a project): functions
 * with the mappings, queues and async settings that belong to them. Built from facts by
 * following construct keys; a key that points nowhere leaves the link unknown.
 */
import type { AsyncInvokeConfigFact, ConstructKey, EventSourceKind, EventSourceMappingFact, FunctionFact, FunctionInvokers, InfraFacts, InvocationFact, QueueFact, TargetRef } from './facts.js';
import type { Value } from '../core/values.js';
import type { Span } from '../core/ast.js';
import { assignment } from './spelling.js';

export interface InfraModel {
  facts: InfraFacts;
  functionOf(mapping: EventSourceMappingFact): FunctionFact | undefined;
  queueOf(mapping: EventSourceMappingFact): QueueFact | undefined;
  /** The queue a key written in this file names, wherever it is defined. */
  queueAt(key: ConstructKey | undefined): QueueFact | undefined;
  /** The function a key written in this file names, wherever it is defined. */
  functionAt(key: ConstructKey | undefined): FunctionFact | undefined;
  mappingsOf(fn: FunctionFact): EventSourceMappingFact[];
  /** The mappings that read a queue. */
  mappingsFeeding(queue: QueueFact): EventSourceMappingFact[];
  /** Every async invoke config that targets the function (props, `configureAsyncInvoke`, `EventInvokeConfig`). */
  asyncConfigsOf(fn: FunctionFact): AsyncInvokeConfigFact[];
  /** Triggers recorded apart from the function (`InvocationFact`), wherever they are written. */
  invocationsOf(fn: FunctionFact): InvocationFact[];
  /** Whether a separate resource, wherever it is written, gives the queue a redrive policy. */
  redrivenElsewhere(queue: QueueFact): boolean;
  /** The function's timeout in seconds, with what its Serverless service sets for it (`absent`: the dialect's default). */
  timeoutOf(fn: FunctionFact): Value<number>;
  /** The queue's visibility timeout in seconds, settled from the calls of its construct when a parameter gives it. */
  visibilityOf(queue: QueueFact): Value<number>;
  /** The function's dead-letter setting, with what its props write when the objects they spread from other modules set none of its keys. */
  deadLetterOf(fn: FunctionFact): FunctionFact['deadLetter'];
}

const cache = new WeakMap<InfraFacts, InfraModel>();

export function linkInfra(facts: InfraFacts): InfraModel {
  const cached = cache.get(facts);
  if (cached) return cached;
  const functions = new Map(facts.functions.map((f) => [f.key, f]));
  const queues = new Map(facts.queues.map((q) => [q.key, q]));
  const model: InfraModel = {
    facts,
    functionOf: (m) => (m.functionKey === undefined ? undefined : functions.get(m.functionKey)),
    queueOf: (m) => (m.sourceKey === undefined ? undefined : queues.get(m.sourceKey)),
    queueAt: (key) => (key === undefined ? undefined : queues.get(key)),
    functionAt: (key) => (key === undefined ? undefined : functions.get(key)),
    mappingsOf: (fn) => facts.mappings.filter((m) => m.functionKey === fn.key),
    mappingsFeeding: (queue) => facts.mappings.filter((m) => m.sourceKey === queue.key),
    asyncConfigsOf: (fn) => facts.asyncConfigs.filter((c) => c.functionKey === fn.key),
    invocationsOf: (fn) => facts.invocations.filter((i) => i.functionKey === fn.key),
    redrivenElsewhere: (queue) => facts.redrivePolicies?.includes(queue.key) === true,
    timeoutOf: (fn) => fn.timeout,
    visibilityOf: (queue) => queue.visibilityTimeout,
    deadLetterOf: (fn) => fn.deadLetter,
  };
  cache.set(facts, model);
  return model;
}

/** Whether some async config of the function sets an on-failure destination: known, absent or unknown. */
export function onFailureOf(model: InfraModel, fn: FunctionFact): Value<boolean>['state'] {
  const states = model.asyncConfigsOf(fn).map((c) => c.onFailure.state);
  if (states.includes('known')) return 'known';
  if (states.includes('unknown')) return 'unknown';
  // Another file may configure it when the function object leaves this one.
  return fn.invokers.objectEscapes ? 'unknown' : 'absent';
}

/**
 * Whether a target is a FIFO queue or topic: from the reference itself (a literal ARN or name),
 * else from the queue it names (`undefined` when neither tells).
 */
export function targetFifo(model: InfraModel, target: TargetRef): boolean | undefined {
  if (target.fifo !== undefined) return target.fifo;
  const fifo = model.queueAt(target.key)?.fifo;
  if (fifo === undefined || fifo.state === 'unknown') return undefined;
  return fifo.state === 'known' ? fifo.value : false;
}

/** The infra model a check sees: the project's when there is one, else the file's own. */
export function infraModelOf(input: { filePath: string; facts: { infra: InfraFacts }; project?: { infraModel(file: string): InfraModel | undefined } | undefined }): InfraModel {
  return input.project?.infraModel(input.filePath) ?? linkInfra(input.facts.infra);
}

/** Kinesis or DynamoDB Streams (or a stream of either, which one not known): retried until the records expire, in order per shard. */
export function isStreamMapping(kind: EventSourceKind): boolean {
  return kind === 'kinesis' || kind === 'dynamodb' || kind === 'stream';
}

/**
 * A mapping with a starting position and none of the settings only Kafka, Amazon MQ or DocumentDB
 * sources have reads a Kinesis or DynamoDB stream: its kind when the source's ARN does not say.
 * \`written\` tells whether the dialect's spelling of each setting is written (\`unknown\`: it may be).
 */
export function streamByShape(written: (setting: StreamShapeSetting) => 'present' | 'absent' | 'unknown'): boolean {
  return written('startingPosition') === 'present' && OTHER_SOURCE_SETTINGS.every((s) => written(s) === 'absent');
}

export type StreamShapeSetting = 'startingPosition' | 'topics' | 'queues' | 'selfManagedKafka' | 'managedKafka' | 'documentDb';
const OTHER_SOURCE_SETTINGS: readonly StreamShapeSetting[] = ['topics', 'queues', 'selfManagedKafka', 'managedKafka', 'documentDb'];

/** The sources that deliver batches and accept partial batch responses. */
export function isBatchMapping(kind: EventSourceKind): kind is 'sqs' | 'kinesis' | 'dynamodb' {
  return kind === 'sqs' || kind === 'kinesis' || kind === 'dynamodb';
}

/** Partial batch responses are off: not set, or set to false (`undefined` when not known). */
export function partialResponsesOff(mapping: EventSourceMappingFact): boolean | undefined {
  const v = mapping.reportBatchItemFailures;
  return v.state === 'unknown' ? undefined : v.state === 'absent' || !v.value;
}

/** The batch size that applies: the one written, or the dialect's default (`undefined` when not known). */
export function effectiveBatchSize(mapping: EventSourceMappingFact): number | undefined {
  const size = mapping.batchSize;
  return size.state === 'known' ? size.value : size.state === 'absent' ? mapping.defaultBatchSize : undefined;
}

/** How the mapping's dialect writes partial batch responses on (`reportBatchItemFailures: true`, `function_response_types = [...]`). */
export function partialResponsesFix(mapping: EventSourceMappingFact): string {
  const { key, value } = mapping.reportBatchItemFailuresSyntax;
  return assignment(mapping.dialect, key, value, mapping.spelling);
}

/** What to do to turn partial batch responses on, for a message: "set `…`", or the form's own advice. */
export function partialResponsesInstruction(mapping: EventSourceMappingFact): string {
  return mapping.reportBatchItemFailuresSyntax.unsupported ?? `set \`${partialResponsesFix(mapping)}\``;
}

/**
 * Where a finding about a mapping as a whole points: its options object when written inline
 * (CDK), else the mapping itself (the resource, the SAM or Serverless event, the HCL block).
 */
export function mappingSpan(mapping: EventSourceMappingFact): Span {
  return mapping.props.kind === 'inline' ? mapping.props.span : mapping.span;
}

/**
 * Everything known to invoke a function: what is written with it, the mappings that read into it
 * (in any file) and the triggers recorded apart from it.
 */
export function invokersOf(model: InfraModel, fn: FunctionFact): FunctionInvokers {
  const out: FunctionInvokers = { ...fn.invokers, async: [...fn.invokers.async] };
  out.mappings = Math.max(out.mappings, model.mappingsOf(fn).length);
  for (const i of model.invocationsOf(fn)) {
    if (i.kind === 'async') out.async.push(i.label ?? 'asynchronous trigger');
    else if (i.kind === 'sync') out.sync++;
    else out.mayHaveUnknownCallers = true;
  }
  return out;
}

/**
 * The file's functions that something invokes asynchronously and that have no on-failure
 * destination, with the triggers that invoke them: where a failed event can only be kept by a
 * dead-letter queue, or is lost.
 */
export function asyncWithoutDestination(input: Parameters<typeof infraModelOf>[0]): { fn: FunctionFact; triggers: string[]; model: InfraModel }[] {
  const { functions } = input.facts.infra;
  // Nothing to judge here: do not build the project model.
  if (functions.length === 0) return [];
  const model = infraModelOf(input);
  const out: { fn: FunctionFact; triggers: string[]; model: InfraModel }[] = [];
  for (const fn of functions) {
    const triggers = invokersOf(model, fn).async;
    if (triggers.length > 0 && onFailureOf(model, fn) === 'absent') out.push({ fn, triggers, model });
  }
  return out;
}
