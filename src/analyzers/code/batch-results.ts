/**
 * Batch writes of the AWS SDK succeed when some of their entries fail: `BatchWriteItem` returns
 * `UnprocessedItems`, `PutEvents` `FailedEntryCount`, `SendMessageBatch` and `PublishBatch`
 * `Failed`, `PutRecords` `FailedRecordCount`, `PutRecordBatch` `FailedPutCount`. Code that never
 * reads them reports success for entries that were never written.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html
 * https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html
 * https://docs.aws.amazon.com/firehose/latest/APIReference/API_PutRecordBatch.html
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { memberName, propertyKeyName, spanOf, traverse, type Node } from '../../core/ast.js';
import type { IgnoredBatchFailureFact } from '../../model/facts.js';
import type { FileContext } from '../file-context.js';
import { sdkCallOf, type SdkService } from './aws-sdk.js';

/** Each batch write, the response fields that tell what failed, and what its entries are. */
const BATCH_WRITES: Partial<Record<SdkService, Record<string, { fields: string[]; entries: string }>>> = {
  dynamodb: { BatchWriteItem: { fields: ['UnprocessedItems'], entries: 'items' } },
  'dynamodb-document': { BatchWrite: { fields: ['UnprocessedItems'], entries: 'items' } },
  eventbridge: { PutEvents: { fields: ['FailedEntryCount', 'Entries'], entries: 'events' } },
  sqs: { SendMessageBatch: { fields: ['Failed', 'Successful'], entries: 'messages' } },
  sns: { PublishBatch: { fields: ['Failed', 'Successful'], entries: 'messages' } },
  kinesis: { PutRecords: { fields: ['FailedRecordCount', 'Records'], entries: 'records' } },
  firehose: { PutRecordBatch: { fields: ['FailedPutCount', 'RequestResponses'], entries: 'records' } },
};

/** Text a file must contain to make one of these calls (the operation, as a command or a method). */
export const BATCH_WRITE_MARKERS = ['BatchWrite', 'batchWrite', 'PutEvents', 'putEvents', 'MessageBatch', 'messageBatch', 'PublishBatch', 'publishBatch', 'PutRecord', 'putRecord'];

export function extractIgnoredBatchFailures(file: FileContext): IgnoredBatchFailureFact[] {
  if (!BATCH_WRITE_MARKERS.some((m) => file.text.includes(m))) return [];
  const out: IgnoredBatchFailureFact[] = [];
  for (const call of file.callExpressions) {
    const sdk = sdkCallOf(call, file);
    const write = sdk ? BATCH_WRITES[sdk.service]?.[sdk.operation] : undefined;
    if (!sdk || !write) continue;
    if (responseUse(responseOf(call), write.fields, file) === 'ignored') out.push({ span: spanOf(call), written: sdk.written, fields: write.fields, entries: write.entries });
  }
  return out;
}

/** The expression whose value is the response: the call, or SDK v2's `.promise()` on it. */
function responseOf(call: TSESTree.CallExpression): Node {
  const parent = call.parent;
  if (parent?.type === 'MemberExpression' && parent.object === call && memberName(parent) === 'promise' && parent.parent?.type === 'CallExpression') return parent.parent;
  return call;
}

type Use = 'read' | 'ignored' | 'unknown';

/**
 * What the code does with a response: reads a failure field (`read`), drops it or reads only
 * other fields (`ignored`), or hands it on (returned, passed, stored: `unknown`).
 */
function responseUse(response: Node, fields: readonly string[], file: FileContext): Use {
  let holder: Node = response;
  while (holder.parent && (holder.parent.type === 'AwaitExpression' || holder.parent.type === 'TSAsExpression' || holder.parent.type === 'TSNonNullExpression')) holder = holder.parent;
  const parent = holder.parent;
  if (!parent) return 'unknown';
  // `await client.send(…);` — the response is dropped (an awaited call: not a promise handed on).
  if (parent.type === 'ExpressionStatement') return holder !== response ? 'ignored' : 'unknown';
  if (parent.type === 'MemberExpression' && parent.object === holder) {
    const name = memberName(parent);
    return name !== undefined && fields.includes(name) ? 'read' : name === 'then' || name === 'catch' || name === 'finally' ? 'unknown' : 'ignored';
  }
  if (parent.type === 'VariableDeclarator' && parent.init === holder) return bindingUse(parent.id, fields, file);
  return 'unknown';
}

function bindingUse(target: Node, fields: readonly string[], file: FileContext): Use {
  if (target.type === 'ObjectPattern') return patternUse(target, fields);
  if (target.type !== 'Identifier') return 'unknown';
  const binding = file.symbols.binding(target.name, target);
  if (!binding) return 'unknown';
  let use: Use = 'ignored';
  traverse(binding.scope, file.keys, (node) => {
    if (use === 'read' || node.type !== 'Identifier' || node === target || node.name !== target.name || file.symbols.binding(node.name, node) !== binding) return;
    const parent = node.parent;
    if (parent?.type === 'MemberExpression' && parent.object === node) {
      const name = memberName(parent);
      if (name !== undefined && fields.includes(name)) use = 'read';
      // A computed member: which field is read is not known. Another field: only that one is read.
      else if (name === undefined) use = 'unknown';
    } else if (!(parent?.type === 'MemberExpression' && parent.property === node && !parent.computed) && !(parent?.type === 'Property' && parent.key === node && !parent.shorthand)) {
      // Passed on, returned, spread, logged, compared: what happens next is not known.
      use = 'unknown';
    }
  });
  return use;
}

function patternUse(pattern: TSESTree.ObjectPattern, fields: readonly string[]): Use {
  if (pattern.properties.some((p) => p.type === 'RestElement')) return 'unknown';
  for (const p of pattern.properties) {
    const key = p.type === 'Property' ? propertyKeyName(p) : undefined;
    if (key === undefined) return 'unknown';
    if (fields.includes(key)) return 'read';
  }
  return 'ignored';
}

