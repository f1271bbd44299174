/**
 * Reading Python syntax the same way in every extractor (summaries, side effects, response
 * uses): string literals, a call's arguments, a parameter's name, the nodes of a function's own
 * body, and the expression that holds a call's value.
 */
import type { PyNode } from './parser.js';

/** The text of a string literal (escape sequences as written, no interpolation), or `undefined`. */
export function stringValue(node: PyNode | null | undefined): string | undefined {
  if (node?.type !== 'string' || node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  return node.namedChildren
    .filter((c) => c?.type === 'string_content' || c?.type === 'escape_sequence')
    .map((c) => c?.text ?? '')
    .join('');
}

/** The positional arguments of a call (`*args` spread and keywords left out). */
export function positionalArgs(call: PyNode): PyNode[] {
  const list = call.childForFieldName('arguments');
  if (!list || list.type !== 'argument_list') return list ? [list] : [];
  return list.namedChildren.filter((a): a is PyNode => a !== null && a.type !== 'keyword_argument' && a.type !== 'list_splat' && a.type !== 'dictionary_splat' && a.type !== 'comment');
}

/** The value of a call's keyword argument `name=…`. */
export function keywordArgument(call: PyNode, name: string): PyNode | undefined {
  for (const a of call.childForFieldName('arguments')?.namedChildren ?? []) if (a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === name) return a.childForFieldName('value') ?? undefined;
  return undefined;
}

/** A parameter's name (`x`, `x: int`, `x=1`, `*args`). */
export function paramName(p: PyNode): string | undefined {
  if (p.type === 'identifier') return p.text;
  const named = p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier');
  return named?.text;
}

const NESTED = new Set(['function_definition', 'lambda', 'class_definition', 'decorated_definition']);

/** The nodes of a type in a function's own body (not in the functions and classes nested in it), in order. */
export function ownNodes(fn: PyNode, type: string): PyNode[] {
  const out: PyNode[] = [];
  const walk = (node: PyNode): void => {
    if (NESTED.has(node.type)) return;
    if (node.type === type) out.push(node);
    for (const c of node.namedChildren) if (c) walk(c);
  };
  const body = fn.childForFieldName('body');
  if (body) walk(body);
  return out;
}

/** The expression that holds a call's value: the call itself, or the `await` / parentheses around it. */
export function valueHolder(call: PyNode): PyNode {
  let holder = call;
  while (holder.parent?.type === 'await' || holder.parent?.type === 'parenthesized_expression') holder = holder.parent;
  return holder;
}
