/** Shared wording and predicates for the handler rules, and the source a handler really has. */
import type { CheckInput } from '../core/check.js';
import type { HandlerFact, HandlerSourceKind } from '../model/facts.js';
import type { HandlerInvocation } from '../project/project.js';
import { needsComposition } from '../project/handlers.js';
import { effectiveBatchSize, invokersOf, isBatchMapping } from '../model/infra-model.js';

export type BatchSourceKind = 'sqs' | 'kinesis' | 'dynamodb';

export function isBatchSource(kind: HandlerSourceKind): kind is BatchSourceKind {
  return kind === 'sqs' || kind === 'kinesis' || kind === 'dynamodb';
}

export const SOURCE_LABEL: Readonly<Record<BatchSourceKind, string>> = {
  sqs: 'SQS',
  kinesis: 'Kinesis',
  dynamodb: 'DynamoDB Streams',
};

/**
 * The handler as the rules judge it: its facts composed with the summaries of the functions it
 * calls in other modules, when it calls any and the project is there to read them.
 */
export function handlerView(handler: HandlerFact, input: CheckInput): HandlerFact {
  if (!needsComposition(handler)) return handler;
  return input.project?.composedHandler(input.filePath, handler) ?? handler;
}

/** Every handler of the file, as the rules judge it. */
export function handlersOf(input: CheckInput): HandlerFact[] {
  // A file the infrastructure names as a handler, that mentions nothing the handler analysis looks
  // for (it hands the event to another module): its linked exports, read for the project.
  const own = input.facts.handlers.length > 0 ? input.facts.handlers : (input.project?.linkedHandlersIn(input.filePath) ?? []);
  return own.map((h) => handlerView(h, input));
}

export interface EffectiveSource {
  kind: HandlerSourceKind;
  fifo: boolean | undefined;
  /** Every linked mapping delivers one record at a time: nothing to report per record. */
  batchOfOne: boolean;
  /** Whether the infrastructure decided it. */
  fromInfra: boolean;
}

/**
 * The source a handler is fed by: the linked infrastructure when the project links one (it is
 * what is deployed), otherwise what the handler's own file shows.
 */
export function effectiveSource(handler: HandlerFact, input: CheckInput): EffectiveSource {
  // A handler with no loop over records and no batch response has nothing the handler rules
  // could say, whatever its source: do not build the project model for it.
  if (handler.loops.length === 0 && handler.returnsBatchResponse !== 'yes' && !handler.usesPowertoolsBatch) {
    return { kind: handler.source.kind, fifo: handler.source.fifo, batchOfOne: false, fromInfra: false };
  }
  const invocations = input.project?.invocationsOf(input.filePath, handler.exportName) ?? [];
  const linked = linkedSource(invocations);
  if (linked) return linked;
  // A source guessed from the record fields the code reads, for a function the infrastructure
  // shows invoked asynchronously and fed by no event source mapping: the infrastructure wins
  // (the code handles more event shapes than it is given).
  if (handler.source.evidence === 'record-shape' && invocations.length > 0 && invocations.every((i) => i.mappings.length === 0) && invokedAsynchronously(invocations, input)) {
    return { kind: 'other-async', fifo: undefined, batchOfOne: false, fromInfra: true };
  }
  return { kind: handler.source.kind, fifo: handler.source.fifo, batchOfOne: false, fromInfra: false };
}

/** Whether any function running the handler has an asynchronous trigger in the infrastructure. */
function invokedAsynchronously(invocations: readonly HandlerInvocation[], input: CheckInput): boolean {
  return invocations.some((i) => {
    const model = input.project?.infraModel(i.functionFile);
    return (model ? invokersOf(model, i.fn) : i.fn.invokers).async.length > 0;
  });
}

function linkedSource(invocations: HandlerInvocation[]): EffectiveSource | undefined {
  const mappings = invocations.flatMap((i) => i.mappings);
  if (mappings.length === 0) return undefined;
  const kinds = new Set(mappings.map((m) => m.mapping.kind));
  if (kinds.size !== 1) return undefined;
  const kind = [...kinds][0];
  if (kind === undefined || !isBatchMapping(kind)) return undefined;
  const fifos = mappings.map((m) => (m.queue?.fifo.state === 'known' ? m.queue.fifo.value : m.queue?.fifo.state === 'absent' ? false : undefined));
  const fifo = fifos.includes(true) ? true : fifos.every((f) => f === false) ? false : undefined;
  const batchOfOne = mappings.every(({ mapping }) => {
    const size = effectiveBatchSize(mapping);
    return size !== undefined && size <= 1;
  });
  return { kind, fifo, batchOfOne, fromInfra: true };
}

/** A source that may deliver the same event more than once (lambda-facts.md §1.3, §1.4, §1.10). */
export type AtLeastOnceKind = 'sqs' | 'kinesis' | 'dynamodb' | 'kafka' | 'sns' | 's3' | 'eventbridge' | 'other-async' | 'mixed';

const AT_LEAST_ONCE_CODE: ReadonlySet<HandlerSourceKind> = new Set(['sqs', 'kinesis', 'dynamodb', 'sns', 's3', 'eventbridge', 'other-async']);

/**
 * The at-least-once source that feeds a handler: the linked infrastructure when it shows event
 * source mappings or asynchronous triggers, otherwise what the handler's code shows. `undefined`
 * when the handler is invoked synchronously (API Gateway, ALB, Cognito …) or its source is not
 * known. Unlike `effectiveSource`, it always asks the project: a handler with no loop over
 * records (an EventBridge handler, an SQS handler with a batch of one) still counts.
 */
export function atLeastOnceSource(handler: HandlerFact, input: CheckInput): AtLeastOnceKind | undefined {
  const invocations = input.project?.invocationsOf(input.filePath, handler.exportName) ?? [];
  const mappingKinds = new Set(invocations.flatMap((i) => i.mappings.map((m) => m.mapping.kind)));
  if (mappingKinds.size > 0) {
    const only = mappingKinds.size === 1 ? [...mappingKinds][0] : undefined;
    // A stream whose kind is not known is at least once all the same.
    return only === undefined || only === 'unknown' || only === 'stream' ? 'mixed' : only;
  }
  const code = handler.source.kind;
  // Triggers written with the function, or apart from it (a Terraform notification, a Pulumi permission).
  const asyncTriggered = invokedAsynchronously(invocations, input);
  if (AT_LEAST_ONCE_CODE.has(code)) return code as AtLeastOnceKind;
  return asyncTriggered ? 'other-async' : undefined;
}

/** What a handler module is written in, as the rules' messages need to know it. */
export type CodeLanguage = 'script' | 'python';

export function codeLanguage(filePath: string): CodeLanguage {
  return filePath.endsWith('.py') ? 'python' : 'script';
}

/**
 * How each language spells what the rules' messages name — the concurrency combinators, the
 * asynchronous invocation, Powertools' idempotency — so that a rule writes the name through this
 * table, never in its message, and the differences between languages live here alone.
 */
export interface Spelling {
  /** The combinator that fails on the first failure, and the one that never does. */
  all: string;
  settled: string;
  /** What a failed element does there, and what it is then. */
  rejects: string;
  rejected: string;
  /** An asynchronous invocation's argument. */
  asyncInvocation: string;
  /** Powertools idempotency's key setting. */
  idempotencyKey: string;
  /** A combinator a loop runs under, as a message names it. */
  combinator(concurrent: string): string;
  /** Advice written in TypeScript's spelling, in this language's. */
  advice(text: string): string;
}

/** The TypeScript spellings in advice, and Python's (Powertools' Python API, boto3's keyword arguments). */
const PYTHON_ADVICE: readonly [string, string][] = [
  ['Powertools `makeIdempotent` with `eventKeyJmesPath`', 'Powertools `@idempotent_function` with `IdempotencyConfig(event_key_jmespath=…)`'],
  ["`ConditionExpression: 'attribute_not_exists(pk)'`", '`ConditionExpression="attribute_not_exists(pk)"`'],
];

const SPELLINGS: Readonly<Record<CodeLanguage, Spelling>> = {
  script: {
    all: '`Promise.all`',
    settled: '`Promise.allSettled`',
    rejects: 'rejects',
    rejected: 'rejected',
    asyncInvocation: "`InvocationType: 'Event'`",
    idempotencyKey: 'eventKeyJmesPath',
    combinator: (concurrent) => concurrent,
    advice: (text) => text,
  },
  python: {
    all: '`asyncio.gather`',
    settled: '`asyncio.gather(…, return_exceptions=True)`',
    rejects: 'raises',
    rejected: 'failed',
    asyncInvocation: '`InvocationType="Event"`',
    idempotencyKey: 'event_key_jmespath',
    // \`asyncio.gather\` is the one combinator Python handlers are read with.
    combinator: (concurrent) => (concurrent === 'Promise.allSettled' ? 'asyncio.gather(…, return_exceptions=True)' : 'asyncio.gather'),
    advice: (text) => PYTHON_ADVICE.reduce((out, [ts, py]) => out.split(ts).join(py), text),
  },
};

/** The spelling of the language a file is written in. */
export function spellingOf(filePath: string): Spelling {
  return SPELLINGS[codeLanguage(filePath)];
}

/** The combinator names of a file's language, as message data. */
export function combinatorSpelling(filePath: string): { all: string; settled: string; rejects: string; rejected: string } {
  const { all, settled, rejects, rejected } = spellingOf(filePath);
  return { all, settled, rejects, rejected };
}
