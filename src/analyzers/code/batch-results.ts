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
import { enclosingFunction, isFunction, memberName, propertyKeyName, spanOf, traverse, type Node } from '../../core/ast.js';
import type { Binding } from '../../core/symbols.js';
import type { IgnoredBatchFailureFact } from '../../model/facts.js';
import type { FileContext } from '../file-context.js';
import { sdkCallOf, type SdkService } from './aws-sdk.js';

/** Each batch write, the response fields that tell what failed, and what its entries are. */
export const BATCH_WRITES: Partial<Record<SdkService, Record<string, { fields: string[]; entries: string }>>> = {
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

/** How far a response is followed through returns, arrays and bindings. */
const MAX_FLOW = 6;

/** `read` if any use reads a failure field, else `unknown` if any use is not known, else `ignored`. */
function combine(a: Use, b: Use): Use {
  return a === 'read' || b === 'read' ? 'read' : a === 'unknown' || b === 'unknown' ? 'unknown' : 'ignored';
}

/**
 * What the code does with a value that is a response (or, with `array`, an array of responses):
 * reads a failure field (`read`), drops it or reads only other fields (`ignored`), or hands it on
 * where it cannot be followed (`unknown`). Followed generally, as the value flows: awaited, bound
 * to a name, returned from a function of this file to each of its calls, returned from a `map`
 * callback into the array `map` makes, put in an array, gathered by `Promise.all` or `allSettled`.
 */
function responseUse(value: Node, fields: readonly string[], file: FileContext, array = false, depth = 0): Use {
  if (depth > MAX_FLOW) return 'unknown';
  let holder: Node = value;
  while (holder.parent && (holder.parent.type === 'AwaitExpression' || holder.parent.type === 'TSAsExpression' || holder.parent.type === 'TSNonNullExpression')) holder = holder.parent;
  const parent = holder.parent;
  if (!parent) return 'unknown';
  // `await client.send(…);` — the response is dropped (an awaited call: not a promise handed on).
  if (parent.type === 'ExpressionStatement') return holder !== value ? 'ignored' : 'unknown';
  if (parent.type === 'MemberExpression' && parent.object === holder) {
    const name = memberName(parent);
    if (name === 'then' || name === 'catch' || name === 'finally') return 'unknown';
    // An array of responses indexed, iterated, measured: not followed.
    if (array) return 'unknown';
    return name !== undefined && fields.includes(name) ? 'read' : 'ignored';
  }
  if (parent.type === 'VariableDeclarator' && parent.init === holder) return bindingUse(parent.id, fields, file, array, depth);
  // An element of an array: the array holds responses.
  if (parent.type === 'ArrayExpression' && !array) return responseUse(parent, fields, file, true, depth + 1);
  // `Promise.all(responses)`: its value is the array of them.
  if (parent.type === 'CallExpression' && array && parent.arguments[0] === holder && isPromiseGather(parent)) return responseUse(parent, fields, file, true, depth + 1);
  const returned = parent.type === 'ReturnStatement' || (parent.type === 'ArrowFunctionExpression' && parent.body === holder);
  if (returned) return returnedUse(parent.type === 'ReturnStatement' ? enclosingFunction(parent) : parent, fields, file, array, depth);
  return 'unknown';
}

/** `Promise.all(…)` or `Promise.allSettled(…)`. */
function isPromiseGather(call: TSESTree.CallExpression): boolean {
  const callee = call.callee;
  return callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'Promise' && ['all', 'allSettled'].includes(memberName(callee) ?? '');
}

/**
 * A response a function returns: a `map` callback's go into the array `map` makes; a function of
 * this file that is not exported gives it to each of its calls (every reference must be a call).
 */
function returnedUse(fn: Node | undefined, fields: readonly string[], file: FileContext, array: boolean, depth: number): Use {
  if (!fn || !isFunction(fn)) return 'unknown';
  const parent = fn.parent;
  if (parent?.type === 'CallExpression' && parent.arguments[0] === fn && parent.callee.type === 'MemberExpression' && memberName(parent.callee) === 'map') {
    return array ? 'unknown' : responseUse(parent, fields, file, true, depth + 1);
  }
  const id = fn.type === 'FunctionDeclaration' ? fn.id : parent?.type === 'VariableDeclarator' && parent.init === fn ? parent.id : undefined;
  if (id?.type !== 'Identifier') return 'unknown';
  const declaration = fn.type === 'FunctionDeclaration' ? fn : parent?.parent;
  if (declaration?.parent?.type === 'ExportNamedDeclaration' || declaration?.parent?.type === 'ExportDefaultDeclaration') return 'unknown';
  const binding = file.symbols.binding(id.name, id);
  if (!binding || binding.duplicate || binding.reassigned) return 'unknown';
  const calls = referencesOf(binding, id, file);
  if (calls.length === 0) return 'unknown';
  let use: Use = 'ignored';
  for (const ref of calls) {
    const call = ref.parent;
    // Passed as a value, exported, reassigned: where the responses go is not known.
    if (call?.type !== 'CallExpression' || call.callee !== ref) return 'unknown';
    use = combine(use, responseUse(call, fields, file, array, depth + 1));
    if (use === 'read') return use;
  }
  return use;
}

/** The identifiers that refer to a binding, besides its declaration. */
function referencesOf(binding: Binding, declared: Node, file: FileContext): TSESTree.Identifier[] {
  const out: TSESTree.Identifier[] = [];
  traverse(binding.scope, file.keys, (node) => {
    if (node.type !== 'Identifier' || node === declared || node.name !== binding.name || file.symbols.binding(node.name, node) !== binding) return;
    const parent = node.parent;
    // A property name (`x.name`, `{ name: … }`) is no reference.
    if (parent?.type === 'MemberExpression' && parent.property === node && !parent.computed) return;
    if (parent?.type === 'Property' && parent.key === node && !parent.shorthand) return;
    out.push(node);
  });
  return out;
}

function bindingUse(target: Node, fields: readonly string[], file: FileContext, array: boolean, depth: number): Use {
  if (target.type === 'ObjectPattern') return array ? 'unknown' : patternUse(target, fields);
  if (target.type !== 'Identifier') return 'unknown';
  const binding = file.symbols.binding(target.name, target);
  if (!binding) return 'unknown';
  let use: Use = 'ignored';
  for (const node of referencesOf(binding, target, file)) {
    const parent = node.parent;
    if (parent?.type === 'MemberExpression' && parent.object === node && !array) {
      const name = memberName(parent);
      if (name !== undefined && fields.includes(name)) return 'read';
      // A computed member: which field is read is not known. Another field: only that one is read.
      if (name === undefined) use = 'unknown';
    } else {
      // Returned, gathered by `Promise.all`, or passed on, spread, logged, compared.
      use = combine(use, responseUse(node, fields, file, array, depth + 1));
      if (use === 'read') return use;
    }
  }
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

