/**
 * Keys for the constructs and resources a script creates, shared by the CDK reader and the other
 * TypeScript dialects (Pulumi, SST): the binding a value is stored in, or the class field.
 */
import { memberName, unwrap, type Node } from '../core/ast.js';
import { SymbolTable } from '../core/symbols.js';
import type { ConstructKey } from '../model/facts.js';

/** `class:Name` for a named class (or a class assigned to a const), else its position. */
export function classKey(cls: Node): ConstructKey {
  if ((cls.type === 'ClassDeclaration' || cls.type === 'ClassExpression') && cls.id) return `class:${cls.id.name}`;
  const parent = cls.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return `class:${parent.id.name}`;
  return `class:@${cls.range[0]}`;
}

export function enclosingClass(node: Node): Node | undefined {
  let current = node.parent;
  while (current && current.type !== 'ClassDeclaration' && current.type !== 'ClassExpression') current = current.parent;
  return current;
}

/** `this.table` inside a class: the class field's key (`class:Search.table`). */
export function thisFieldKey(node: Node): ConstructKey | undefined {
  const e = unwrap(node);
  if (e.type !== 'MemberExpression' || e.object.type !== 'ThisExpression') return undefined;
  const name = memberName(e);
  const cls = enclosingClass(e);
  return name !== undefined && cls ? `${classKey(cls)}.${name}` : undefined;
}

/**
 * The key of what `expr` creates: the binding it is stored in (`const queue = new …`), the class
 * field (`this.table = new …`, `table = new …` in a class body), else its position.
 */
export function creationKey(expr: Node, symbols: SymbolTable): ConstructKey {
  const parent = expr.parent;
  if (parent?.type === 'VariableDeclarator' && parent.init === expr && parent.id.type === 'Identifier') {
    const binding = symbols.binding(parent.id.name, parent.id);
    if (binding) return SymbolTable.keyOf(binding);
  }
  if (parent?.type === 'AssignmentExpression' && parent.right === expr && parent.operator === '=') {
    const key = thisFieldKey(parent.left);
    if (key) return key;
  }
  if (parent?.type === 'PropertyDefinition' && parent.value === expr && !parent.computed && parent.key.type === 'Identifier') {
    const cls = enclosingClass(parent);
    if (cls) return `${classKey(cls)}.${parent.key.name}`;
  }
  return `node:${expr.range[0]}`;
}
