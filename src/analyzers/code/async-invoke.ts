/**
 * Invocations of a Lambda function with `InvocationType: 'Event'` (or `'DryRun'`) whose response
 * `Payload` is then read. Lambda answers an Event invoke with 202 and a DryRun with 204, and
 * neither carries the function's result (lambda-facts.md §1.1, Part 3 #12).
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { memberName, propertyKeyName, spanOf, unwrap, type Node, type Span } from '../../core/ast.js';
import { evaluatePrimitive, ObjectView } from '../../core/values.js';
import type { AsyncInvokeResultReadFact } from '../../model/facts.js';
import type { FileContext } from '../file-context.js';
import { sdkCallOf } from './aws-sdk.js';

const CLIENT_LAMBDA = '@aws-sdk/client-lambda';

interface NoPayloadInvocation {
  /** The expression whose value is the response (after `await`, `.promise()`). */
  call: Node;
  invocationType: 'Event' | 'DryRun';
  invocationTypeSpan: Span;
}

/** Every invocation this extractor judges names its invocation type in the file. */
export const ASYNC_INVOKE_MARKERS = ['InvocationType'];

export function extractAsyncInvokeResultReads(file: FileContext): AsyncInvokeResultReadFact[] {
  if (!ASYNC_INVOKE_MARKERS.some((m) => file.text.includes(m))) return [];
  const out: AsyncInvokeResultReadFact[] = [];
  for (const invocation of findInvocations(file)) {
    for (const read of payloadReadsOf(invocation.call, file)) {
      out.push({ span: spanOf(read), invocationType: invocation.invocationType, invocationTypeSpan: invocation.invocationTypeSpan });
    }
  }
  return out;
}

function findInvocations(file: FileContext): NoPayloadInvocation[] {
  const out: NoPayloadInvocation[] = [];
  for (const call of file.callExpressions) {
    if (call.callee.type !== 'MemberExpression') continue;
    const method = memberName(call.callee);
    const arg = call.arguments[0];
    if (!arg || arg.type === 'SpreadElement') continue;
    let params: Node | undefined;
    if (method === 'send') {
      // v3: client.send(new InvokeCommand(params)), directly or through a const.
      const sdk = sdkCallOf(call, file);
      if (sdk?.service === 'lambda' && sdk.operation === 'Invoke') params = sdk.params;
    } else if (method === 'invoke') {
      // v2 `lambda.invoke(params)` and v3's aggregated `Lambda#invoke(params)`: the params name a function.
      const view = ObjectView.of(arg, file.symbols);
      if (view.get('FunctionName').state === 'present') params = arg;
    }
    if (!params || params.type === 'SpreadElement') continue;
    const type = invocationTypeOf(params, file);
    if (!type) continue;
    // `.promise()` (SDK v2) resolves to the response.
    let result: Node = call;
    const parent = call.parent;
    if (parent?.type === 'MemberExpression' && parent.object === call && memberName(parent) === 'promise' && parent.parent?.type === 'CallExpression') {
      result = parent.parent;
    }
    out.push({ call: result, ...type });
  }
  return out;
}

function invocationTypeOf(params: Node, file: FileContext): { invocationType: 'Event' | 'DryRun'; invocationTypeSpan: Span } | undefined {
  const prop = ObjectView.of(params, file.symbols).get('InvocationType');
  if (prop.state !== 'present') return undefined;
  let value: unknown;
  const literal = evaluatePrimitive(prop.value, file.symbols);
  if (literal.ok) {
    value = literal.value;
  } else {
    // `InvocationType.Event` from @aws-sdk/client-lambda.
    const symbol = file.symbols.resolveImport(prop.value);
    if (symbol?.module === CLIENT_LAMBDA && symbol.path[0] === 'InvocationType') value = symbol.path[1];
  }
  if (value !== 'Event' && value !== 'DryRun') return undefined;
  return { invocationType: value, invocationTypeSpan: spanOf(prop.value) };
}

/** Where the response's `Payload` is read: `res.Payload`, `{ Payload } = res`, `(await …).Payload`, `.then((r) => r.Payload)`. */
function payloadReadsOf(call: Node, file: FileContext): Node[] {
  let holder: Node = call;
  while (holder.parent?.type === 'AwaitExpression' || holder.parent?.type === 'TSAsExpression' || holder.parent?.type === 'TSNonNullExpression') holder = holder.parent;
  const parent = holder.parent;
  if (!parent) return [];
  if (parent.type === 'MemberExpression' && parent.object === holder) {
    const name = memberName(parent);
    if (name === 'Payload') return [parent];
    if (name === 'then' && parent.parent?.type === 'CallExpression') {
      const cb = unwrap(parent.parent.arguments[0] ?? parent);
      if ((cb.type === 'ArrowFunctionExpression' || cb.type === 'FunctionExpression') && cb.params[0]) return readsOfBinding(cb.params[0], file);
    }
    return [];
  }
  if (parent.type === 'VariableDeclarator' && parent.init === holder) return readsOfBinding(parent.id, file);
  return [];
}

function readsOfBinding(target: Node, file: FileContext): Node[] {
  if (target.type === 'ObjectPattern') return payloadProperty(target);
  if (target.type !== 'Identifier') return [];
  const name = target.name;
  const binding = file.symbols.binding(name, target);
  if (!binding) return []; // declared twice in one scope: cannot tell which is read
  // A read of the same declaration (not of another variable of the same name elsewhere).
  const same = (node: Node): boolean => node.type === 'Identifier' && node.name === name && file.symbols.binding(name, node) === binding;
  const reads: Node[] = file.payloadReads.filter((m) => same(unwrap(m.object)));
  for (const d of file.destructuringDeclarators) {
    if (d.init && same(unwrap(d.init)) && d.id.type === 'ObjectPattern') reads.push(...payloadProperty(d.id));
  }
  return reads;
}

function payloadProperty(pattern: TSESTree.ObjectPattern): Node[] {
  return pattern.properties.filter((p): p is TSESTree.Property => p.type === 'Property' && propertyKeyName(p) === 'Payload');
}
