/**
 * What Python code does with the responses of boto3 calls, for the rules about them.
 *
 * boto3 batch writes whose partial failures are never read (no-ignored-batch-api-failures): the
 * same operations and failure fields as for scripts (src/analyzers/code/batch-results.ts), called
 * as boto3 methods (`send_message_batch`, `put_events`, `put_records`, `batch_write_item`, …).
 * A response is read when a failure field is looked up (`response["Failed"]`,
 * `response.get("FailedEntryCount")`, `"UnprocessedItems" in response`); it is ignored when the
 * call is a statement of its own or its name is only read for other fields; anything else (returned,
 * passed on, reassigned) is not known and not reported.
 */
import type { AsyncInvokeResultReadFact, IgnoredBatchFailureFact } from '../../model/facts.js';
import { BATCH_WRITES } from '../code/batch-results.js';
import { keywordArgument, ownNodes, stringValue, valueHolder } from './nodes.js';
import { pySpan, type PyNode } from './parser.js';
import { BOTO3_SERVICES, receiverOf, snake, type PyNames } from './side-effects.js';

/** A function's batch writes whose failures it never reads. */
export function pythonIgnoredBatchFailures(fn: PyNode, names: PyNames, assigned: (name: string) => number): IgnoredBatchFailureFact[] {
  const out: IgnoredBatchFailureFact[] = [];
  for (const call of ownNodes(fn, 'call')) {
    const write = batchWrite(call, names);
    if (write && responseUse(call, write.fields, fn, assigned) === 'ignored') out.push({ span: pySpan(call), written: write.written, fields: write.fields, entries: write.entries });
  }
  return out;
}

function batchWrite(call: PyNode, names: PyNames): { written: string; fields: string[]; entries: string } | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute') return undefined;
  const object = callee.childForFieldName('object');
  const method = callee.childForFieldName('attribute')?.text ?? '';
  const receiver = object ? receiverOf(object, names) : undefined;
  if (receiver?.kind !== 'client') return undefined;
  const service = BOTO3_SERVICES[receiver.service];
  const operations = service ? BATCH_WRITES[service] : undefined;
  for (const [operation, write] of Object.entries(operations ?? {})) if (snake(operation) === method) return { written: callee.text, ...write };
  return undefined;
}

/**
 * Where a call's response goes: the expression holding it, and, when it is assigned to a name
 * the function assigns once, that name's reads after it (\`undefined\` when it is not so bound).
 */
function responseReads(call: PyNode, fn: PyNode, assigned: (name: string) => number): { holder: PyNode; reads: PyNode[] | undefined } {
  const holder = valueHolder(call);
  const parent = holder.parent;
  const left = parent?.type === 'assignment' ? parent.childForFieldName('left') : undefined;
  if (left?.type !== 'identifier' || assigned(left.text) !== 1) return { holder, reads: undefined };
  return { holder, reads: ownNodes(fn, 'identifier').filter((id) => id.text === left.text && id.startIndex > left.startIndex) };
}

type Use = 'read' | 'ignored' | 'unknown';

function responseUse(call: PyNode, fields: readonly string[], fn: PyNode, assigned: (name: string) => number): Use {
  const { holder, reads } = responseReads(call, fn, assigned);
  const parent = holder.parent;
  if (parent?.type === 'expression_statement') return 'ignored';
  if (isFieldRead(holder, fields)) return 'read';
  if (parent?.type === 'subscript' || parent?.type === 'attribute') return 'ignored';
  if (!reads) return 'unknown';
  let use: Use = 'ignored';
  for (const id of reads) {
    if (isFieldRead(id, fields)) return 'read';
    const p = id.parent;
    // Another field read (\`response["ResponseMetadata"]\`): not a failure field.
    if ((p?.type === 'subscript' && p.childForFieldName('value')?.id === id.id) || (p?.type === 'attribute' && p.childForFieldName('object')?.id === id.id)) continue;
    use = 'unknown';
  }
  return use;
}

/** \`value["Failed"]\`, \`value.get("Failed")\`, \`"Failed" in value\`. */
function isFieldRead(value: PyNode, fields: readonly string[]): boolean {
  const p = value.parent;
  if (!p) return false;
  const named = (n: PyNode | null | undefined): boolean => fields.includes(stringValue(n) ?? '');
  if (p.type === 'subscript' && p.childForFieldName('value')?.id === value.id) return named(p.childForFieldName('subscript'));
  if (p.type === 'attribute' && p.childForFieldName('object')?.id === value.id && p.childForFieldName('attribute')?.text === 'get') {
    const call = p.parent;
    return call?.type === 'call' && named(call.childForFieldName('arguments')?.namedChildren[0]);
  }
  if (p.type === 'comparison_operator' && p.namedChildren[1]?.id === value.id) return named(p.namedChildren[0]);
  return false;
}

/**
 * \`lambda_client.invoke(FunctionName=…, InvocationType="Event")\` (or \`"DryRun"\`) whose \`Payload\`
 * is read (no-async-invoke-result): such an invocation answers without the function's result.
 */
export function pythonAsyncInvokeResultReads(fn: PyNode, names: PyNames, assigned: (name: string) => number): AsyncInvokeResultReadFact[] {
  const out: AsyncInvokeResultReadFact[] = [];
  for (const call of ownNodes(fn, 'call')) {
    const invoke = asyncInvoke(call, names);
    if (!invoke) continue;
    const { holder, reads } = responseReads(call, fn, assigned);
    for (const value of [holder, ...(reads ?? [])]) {
      const read = payloadRead(value);
      if (read) out.push({ span: pySpan(read), ...invoke });
    }
  }
  return out;
}

function asyncInvoke(call: PyNode, names: PyNames): Omit<AsyncInvokeResultReadFact, 'span'> | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'invoke') return undefined;
  const object = callee.childForFieldName('object');
  const receiver = object ? receiverOf(object, names) : undefined;
  if (receiver?.kind !== 'client' || receiver.service !== 'lambda') return undefined;
  const value = keywordArgument(call, 'InvocationType');
  const text = stringValue(value);
  return value && (text === 'Event' || text === 'DryRun') ? { invocationType: text, invocationTypeSpan: pySpan(value) } : undefined;
}

/** \`value["Payload"]\`, \`value.get("Payload")\`: the read, or \`undefined\`. */
function payloadRead(value: PyNode): PyNode | undefined {
  return isFieldRead(value, ['Payload']) ? (value.parent?.type === 'attribute' ? (value.parent.parent ?? undefined) : (value.parent ?? undefined)) : undefined;
}
