/**
 * Facts: plain, serialisable data extracted from one file, with source locations. Values that
 * the file does not settle are `unknown`, never guessed.
 */
import type { Span } from '../core/ast.js';
import type { PropsSite } from '../core/edits.js';
import type { Value } from '../core/values.js';

export type Dialect = 'cdk';

export type EventSourceKind = 'sqs' | 'kinesis' | 'dynamodb' | 'kafka' | 'unknown';

/** An event source mapping: a poller that reads a queue or stream and invokes a function synchronously. */
export interface EventSourceMappingFact {
  dialect: Dialect;
  kind: EventSourceKind;
  /** How the file writes it, e.g. `SqsEventSource`. */
  construct: string;
  /** The expression that creates the mapping. */
  span: Span;
  /** Where its options are written, for suggestions. */
  props: PropsSite;
  batchSize: Value<number>;
  /** The batch size that applies when none is given, in this dialect (tools' defaults differ from AWS's). */
  defaultBatchSize: number;
  reportBatchItemFailures: Value<boolean>;
}

export interface InfraFacts {
  mappings: EventSourceMappingFact[];
}

/** The event source a handler's code shows (or, once linked, its infrastructure). */
export type HandlerSourceKind =
  | 'sqs'
  | 'kinesis'
  | 'dynamodb'
  | 'sns'
  | 's3'
  | 'eventbridge'
  | 'other-async'
  | 'other-sync'
  | 'unknown';

export interface HandlerSource {
  kind: HandlerSourceKind;
  /** SQS FIFO: `true` only on positive evidence, `undefined` when not known. */
  fifo: boolean | undefined;
  /** What decided it, for messages and `--print-graph`. */
  evidence: 'type' | 'powertools' | 'middy' | 'record-shape' | 'none';
}

/** A per-record `try { … } catch { … }` inside a loop over the batch. */
export interface CatchFact {
  span: Span;
  rethrows: boolean;
  /** `break` or `return` leaves the loop. */
  exitsLoop: boolean;
  /** Assigns a variable declared outside the loop (e.g. a "failed" flag): the loop may stop by itself. */
  setsOuterState: boolean;
}

/** A loop (or array callback) that processes the batch record by record. */
export interface RecordLoopFact {
  /** The loop's head (`for (… of event.Records)`, or the `.map`/`.forEach` name): where findings point. */
  span: Span;
  style: 'for-of' | 'for' | 'forEach' | 'map' | 'reduce' | 'other';
  /** Awaited calls, throws or a try/catch per record: work that can fail for one record. */
  perRecordWork: boolean;
  catches: CatchFact[];
  /** Records processed concurrently (`Promise.all`, `Promise.allSettled`, async `forEach`). */
  concurrent: 'Promise.all' | 'Promise.allSettled' | 'async-forEach' | undefined;
}

/** A throw, rethrow or rejection inside per-record processing that leaves the handler. */
export interface EscapingThrowFact {
  span: Span;
  kind: 'throw' | 'rethrow' | 'promise-all' | 'callback';
}

export interface HandlerFact {
  /** `handler`, `default`, … */
  exportName: string;
  /** The handler function itself. */
  span: Span;
  source: HandlerSource;
  /** The file builds its response with Powertools' batch utility. */
  usesPowertoolsBatch: boolean;
  /** A Middy middleware builds the batch response (`@middy/sqs-partial-batch-failure` …). */
  usesMiddyBatchResponse: boolean;
  /** Whether some path returns `{ batchItemFailures }`: `unknown` when a return cannot be followed. */
  returnsBatchResponse: 'yes' | 'no' | 'unknown';
  loops: RecordLoopFact[];
  escapingThrows: EscapingThrowFact[];
}

/** What an `itemIdentifier` value is, as far as the file shows. */
export type ItemIdentifierValue =
  /** A record field, e.g. `['kinesis', 'sequenceNumber']` (the chain after the record). */
  | { kind: 'field'; path: string[] }
  | { kind: 'literal'; text: string }
  /** `''`, `null` or `undefined`. */
  | { kind: 'empty'; text: string }
  | { kind: 'unknown' };

export interface ItemIdentifierFact {
  /** The value expression. */
  span: Span;
  values: ItemIdentifierValue[];
  /** The source of the handler the entry belongs to (`unknown` when not clear). */
  source: HandlerSourceKind;
}

/** A Lambda invocation whose response payload is read although the invocation returns none. */
export interface AsyncInvokeResultReadFact {
  /** The `Payload` read. */
  span: Span;
  invocationType: 'Event' | 'DryRun';
  /** Where the invocation type is set. */
  invocationTypeSpan: Span;
}

export interface FileFacts {
  infra: InfraFacts;
  handlers: HandlerFact[];
  itemIdentifiers: ItemIdentifierFact[];
  asyncInvokeResultReads: AsyncInvokeResultReadFact[];
}
