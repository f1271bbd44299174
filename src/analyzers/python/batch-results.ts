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
import { pySpan, type PyNode } from './parser.js';
import { BOTO3_SERVICES, receiverOf, snake, type PyNames } from './side-effects.js';

/** A function's batch writes whose failures it never reads. */
export function pythonIgnoredBatchFailures(fn: PyNode, names: PyNames, assigned: (name: string) => number): IgnoredBatchFailureFact[] {
  const out: IgnoredBatchFailureFact[] = [];
  const body = fn.childForFieldName('body');
  const walk = (node: PyNode): void => {
    if (node.type === 'function_definition' || node.type === 'lambda' || node.type === 'class_definition' || node.type === 'decorated_definition') return;
    if (node.type === 'call') {
      const write = batchWrite(node, names);
      if (write && body && responseUse(node, write.fields, body, assigned) === 'ignored') out.push({ span: pySpan(node), written: write.written, fields: write.fields, entries: write.entries });
    }
    for (const c of node.namedChildren) if (c) walk(c);
  };
  if (body) walk(body);
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

type Use = 'read' | 'ignored' | 'unknown';

function responseUse(call: PyNode, fields: readonly string[], body: PyNode, assigned: (name: string) => number): Use {
  let holder = call;
  while (holder.parent?.type === 'await' || holder.parent?.type === 'parenthesized_expression') holder = holder.parent;
  const parent = holder.parent;
  if (parent?.type === 'expression_statement') return 'ignored';
  if (isFieldRead(holder, fields)) return 'read';
  if (parent?.type === 'subscript' || parent?.type === 'attribute') return 'ignored';
  const left = parent?.type === 'assignment' ? parent.childForFieldName('left') : undefined;
  if (left?.type !== 'identifier' || assigned(left.text) !== 1) return 'unknown';
  let use: Use = 'ignored';
  for (const id of body.descendantsOfType('identifier')) {
    if (!id || id.text !== left.text || id.id === left.id || id.startIndex < left.startIndex) continue;
    if (isFieldRead(id, fields)) return 'read';
    const p = id.parent;
    // Another field read (`response["ResponseMetadata"]`): not a failure field.
    if ((p?.type === 'subscript' && p.childForFieldName('value')?.id === id.id) || (p?.type === 'attribute' && p.childForFieldName('object')?.id === id.id)) continue;
    use = 'unknown';
  }
  return use;
}

/** `value["Failed"]`, `value.get("Failed")`, `"Failed" in value`, `value["Failed"]` through `.get(…, [])`. */
function isFieldRead(value: PyNode, fields: readonly string[]): boolean {
  const p = value.parent;
  if (!p) return false;
  const named = (n: PyNode | null | undefined): boolean => n?.type === 'string' && fields.includes(n.text.replace(/^[rbuf]*["']{1,3}|["']{1,3}$/giu, ''));
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
  const body = fn.childForFieldName('body');
  if (!body) return out;
  for (const call of body.descendantsOfType('call')) {
    const invoke = call ? asyncInvoke(call, names) : undefined;
    if (!call || !invoke) continue;
    let holder = call;
    while (holder.parent?.type === 'await' || holder.parent?.type === 'parenthesized_expression') holder = holder.parent;
    const direct = payloadRead(holder);
    if (direct) out.push({ span: pySpan(direct), ...invoke });
    const parent = holder.parent;
    const left = parent?.type === 'assignment' ? parent.childForFieldName('left') : undefined;
    if (left?.type !== 'identifier' || assigned(left.text) !== 1) continue;
    for (const id of body.descendantsOfType('identifier')) {
      if (!id || id.text !== left.text || id.startIndex <= left.startIndex) continue;
      const read = payloadRead(id);
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
  for (const a of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (a?.type !== 'keyword_argument' || a.childForFieldName('name')?.text !== 'InvocationType') continue;
    const value = a.childForFieldName('value');
    const text = value?.type === 'string' ? value.text.replace(/^[rbuf]*["']{1,3}|["']{1,3}$/giu, '') : undefined;
    if (value && (text === 'Event' || text === 'DryRun')) return { invocationType: text, invocationTypeSpan: pySpan(value) };
  }
  return undefined;
}

/** \`value["Payload"]\`, \`value.get("Payload")\`: the read, or \`undefined\`. */
function payloadRead(value: PyNode): PyNode | undefined {
  return isFieldRead(value, ['Payload']) ? (value.parent?.type === 'attribute' ? (value.parent.parent ?? undefined) : (value.parent ?? undefined)) : undefined;
}
