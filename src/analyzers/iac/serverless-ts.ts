/**
 * `serverless.ts` (and `.js`, `.mjs`, `.cjs`, `.mts`): the Serverless Framework's configuration as
 * a module. The exported object literal is read as the same located tree as `serverless.yml`
 * and handed to the same reader. What the file does not write literally (a spread, a function
 * definition imported from another file, a `handlerPath(__dirname)` call) is unknown.
 */
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { propertyKeyName, spanOf, unwrap, type Node } from '../../core/ast.js';
import { evaluatePrimitive, resolveExpression } from '../../core/values.js';
import type { InfraFacts } from '../../model/facts.js';
import { TreeValues } from '../../dialects/cloudformation.js';
import { readService } from '../../dialects/serverless.js';
import { LineIndex } from '../../dialects/source-text.js';
import type { TEntry, TMap, TNode } from '../../dialects/yaml-tree.js';
import { removalRange } from '../cdk/extract.js';
import type { FileContext } from '../file-context.js';

const NAMES = /^serverless\.(ts|mts|js|mjs|cjs)$/u;

export function isServerlessModule(filePath: string): boolean {
  return NAMES.test(path.basename(filePath));
}

export function extractServerlessModuleFacts(file: FileContext, infra: InfraFacts): void {
  if (!isServerlessModule(file.filePath)) return;
  const exported = exportedObject(file);
  if (!exported) return;
  const root = toTree(exported, file, 0);
  if (root.kind !== 'map') return;
  readService(file.filePath, root, new TreeValues(new LineIndex(file.text)), infra);
}

/** `export default {…}`, `module.exports = {…}`, either through a `const`. */
function exportedObject(file: FileContext): TSESTree.ObjectExpression | undefined {
  for (const statement of file.ast.body) {
    let value: Node | undefined;
    if (statement.type === 'ExportDefaultDeclaration') value = statement.declaration;
    else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
      const left = statement.expression.left;
      if (left.type === 'MemberExpression' && left.object.type === 'Identifier' && left.object.name === 'module' && propertyName(left) === 'exports') value = statement.expression.right;
    }
    if (value) {
      const resolved = resolveExpression(value, file.symbols);
      if (resolved.type === 'ObjectExpression') return resolved;
    }
  }
  return undefined;
}

function propertyName(member: TSESTree.MemberExpression): string | undefined {
  return !member.computed && member.property.type === 'Identifier' ? member.property.name : undefined;
}

const MAX_DEPTH = 64;

/** An expression as the located tree: literals, arrays and objects; anything else an unknown value. */
function toTree(node: Node, file: FileContext, depth: number): TNode {
  const span = spanOf(node);
  const unknownValue: TNode = { kind: 'intrinsic', fn: 'Unknown', arg: undefined, span };
  if (depth > MAX_DEPTH) return unknownValue;
  const e = resolveExpression(node, file.symbols);
  if (e.type === 'ObjectExpression') {
    const map: TMap = { kind: 'map', span, entries: [] };
    for (const p of e.properties) {
      // A spread may set any key: the object is not known.
      if (p.type !== 'Property') return unknownValue;
      const key = propertyKeyName(p);
      if (key === undefined) return unknownValue;
      const entry: TEntry = {
        key,
        keySpan: spanOf(p.key),
        value: p.kind === 'init' ? toTree(p.value, file, depth + 1) : unknownValue,
        span: spanOf(p),
        removeRange: removalRange(file.text, p),
      };
      map.entries.push(entry);
    }
    const only = map.entries.length === 1 ? map.entries[0] : undefined;
    if (only && (only.key === 'Ref' || only.key.startsWith('Fn::'))) return { kind: 'intrinsic', fn: only.key, arg: only.value, span };
    return map;
  }
  if (e.type === 'ArrayExpression') {
    if (e.elements.some((el) => !el || el.type === 'SpreadElement')) return unknownValue;
    return { kind: 'seq', span, items: e.elements.map((el) => toTree(el as Node, file, depth + 1)) };
  }
  const v = evaluatePrimitive(unwrap(e), file.symbols);
  if (v.ok && (typeof v.value === 'string' || typeof v.value === 'number' || typeof v.value === 'boolean' || v.value === null)) return { kind: 'scalar', span, value: v.value };
  return unknownValue;
}
