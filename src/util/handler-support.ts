/** Shared wording and predicates for the handler rules. */
import type { HandlerSourceKind } from '../model/facts.js';

export type BatchSourceKind = 'sqs' | 'kinesis' | 'dynamodb';

export function isBatchSource(kind: HandlerSourceKind): kind is BatchSourceKind {
  return kind === 'sqs' || kind === 'kinesis' || kind === 'dynamodb';
}

export const SOURCE_LABEL: Readonly<Record<BatchSourceKind, string>> = {
  sqs: 'SQS',
  kinesis: 'Kinesis',
  dynamodb: 'DynamoDB Streams',
};
