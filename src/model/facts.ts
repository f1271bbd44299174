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

export interface FileFacts {
  infra: InfraFacts;
}
