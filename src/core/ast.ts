/**
 * Parsing and traversal shared by both front-ends. The CLI parses with the same parser ESLint
 * uses for TypeScript (typescript-estree), so the fact extractors see the same ESTree shapes
 * whichever front-end runs them.
 */
import { parse } from '@typescript-eslint/typescript-estree';
import { visitorKeys as tsVisitorKeys } from '@typescript-eslint/visitor-keys';
import type { TSESTree } from '@typescript-eslint/utils';

export type Node = TSESTree.Node;
export type Program = TSESTree.Program;
export type VisitorKeys = Readonly<Record<string, readonly string[] | undefined>>;

export interface Position {
  /** 1-based line. */
  line: number;
  /** 0-based column, as ESLint's AST locations. */
  column: number;
}

/** A place in a file: serialisable, so facts can cross from the analyzer to any front-end. */
export interface Span {
  range: [number, number];
  loc: { start: Position; end: Position };
}

export function spanOf(node: Node | TSESTree.Token | TSESTree.Comment): Span {
  return {
    range: [node.range[0], node.range[1]],
    loc: {
      start: { line: node.loc.start.line, column: node.loc.start.column },
      end: { line: node.loc.end.line, column: node.loc.end.column },
    },
  };
}

/** The span from `start` to `end` (inclusive of both nodes). */
export function spanBetween(start: Node, end: Node): Span {
  const a = spanOf(start);
  const b = spanOf(end);
  return { range: [a.range[0], b.range[1]], loc: { start: a.loc.start, end: b.loc.end } };
}

export const SCRIPT_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx'] as const;

export function isScriptFile(filePath: string): boolean {
  if (/\.d\.[mc]?ts$/u.test(filePath)) return false;
  return SCRIPT_EXTENSIONS.some((ext) => filePath.endsWith(ext));
}

export type ParseResult =
  | { ok: true; ast: Program }
  | { ok: false; message: string; line: number; column: number };

/**
 * Parses TypeScript or JavaScript without type information. Never throws for bad input.
 * `comments: false` skips collecting comments (only suppressions need them).
 */
export function parseScript(text: string, filePath: string, options: { comments?: boolean } = {}): ParseResult {
  const jsx = /\.(?:[cm]?jsx?|tsx)$/u.test(filePath);
  try {
    const ast = parse(text, {
      loc: true,
      range: true,
      comment: options.comments ?? true,
      tokens: false,
      jsx,
      filePath,
      errorOnUnknownASTType: false,
      // JSDoc is never read (comments still are, for suppressions): skipping it parses faster.
      jsDocParsingMode: 'none',
    });
    return { ok: true, ast };
  } catch (error) {
    const e = error as { message?: unknown; lineNumber?: unknown; column?: unknown };
    // A stack overflow in the parser means input nested deeper than it can follow.
    const message = error instanceof RangeError ? 'the file is nested too deeply to parse' : typeof e.message === 'string' ? e.message : String(error);
    const line = typeof e.lineNumber === 'number' ? e.lineNumber : 1;
    // typescript-estree reports a 0-based column; results use 1-based columns.
    const column = typeof e.column === 'number' ? e.column + 1 : 1;
    return { ok: false, message, line, column };
  }
}

export function defaultVisitorKeys(): VisitorKeys {
  return tsVisitorKeys;
}

/**
 * Depth-first walk that also fills in `parent` (typescript-estree's `parse` leaves it unset,
 * ESLint sets it itself). Iterative, so deeply nested expressions cannot overflow the stack.
 */
export function traverse(
  root: Node,
  keys: VisitorKeys,
  enter: (node: Node) => void,
): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    enter(node);
    const childKeys = keys[node.type] ?? fallbackKeys(node);
    for (let k = childKeys.length - 1; k >= 0; k--) {
      const value = (node as unknown as Record<string, unknown>)[childKeys[k] as string];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          const child: unknown = value[i];
          if (isNode(child)) {
            setParent(child, node);
            stack.push(child);
          }
        }
      } else if (isNode(value)) {
        setParent(value, node);
        stack.push(value);
      }
    }
  }
}

function setParent(child: Node, parent: Node): void {
  if ((child as { parent?: Node }).parent === undefined) {
    (child as { parent?: Node }).parent = parent;
  }
}

export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && Array.isArray((value as { range?: unknown }).range);
}

function fallbackKeys(node: Node): string[] {
  return Object.keys(node).filter((k) => k !== 'parent' && k !== 'loc' && k !== 'range');
}

export type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;

export function isFunction(node: Node | null | undefined): node is FunctionNode {
  return node?.type === 'ArrowFunctionExpression' || node?.type === 'FunctionExpression' || node?.type === 'FunctionDeclaration';
}

/** Strips the wrappers that never change a value: `x as T`, `x!`, `x satisfies T`, `<T>x`. */
export function unwrap(node: Node): Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

export function propertyKeyName(property: TSESTree.Property | TSESTree.PropertyDefinition | TSESTree.MethodDefinition): string | undefined {
  const key = property.key;
  if (!property.computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return key.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

export function memberName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.computed && node.property.type === 'Literal' && typeof node.property.value === 'string') return node.property.value;
  return undefined;
}

/** Keys that never lead to code that runs: links, positions and type annotations. */
export const NON_VALUE_KEYS: ReadonlySet<string> = new Set(['parent', 'loc', 'range', 'typeAnnotation', 'returnType', 'typeParameters', 'typeArguments']);

/** A node's child nodes, in key order, without following the `skipped` keys. */
export function childNodes(node: Node, skipped: ReadonlySet<string> = NON_VALUE_KEYS): Node[] {
  const out: Node[] = [];
  for (const key of Object.keys(node)) {
    if (skipped.has(key)) continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const v of value) if (isNode(v)) out.push(v);
    } else if (isNode(value)) {
      out.push(value);
    }
  }
  return out;
}
