/**
 * Parsing and traversal shared by both front-ends. The CLI parses with the same parser ESLint
 * uses for TypeScript (typescript-estree), so the fact extractors see the same ESTree shapes
 * whichever front-end runs them.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from '@typescript-eslint/typescript-estree';
import type * as TS from 'typescript';
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
    let code: string | TS.SourceFile = text;
    if (text.length >= COMPLEXITY_CHECK_CHARS) {
      // Parsed by TypeScript first (typescript-estree takes the source file as it is, so the file
      // is parsed once), and measured before it is converted.
      const sourceFile = createSourceFile(text, filePath, jsx);
      const tooComplex = conversionTooCostly(sourceFile);
      if (tooComplex) return { ok: false, ...tooComplex };
      code = sourceFile;
    }
    // typescript-estree's `parse` takes a TypeScript source file as well as text (its types say text only).
    const ast = parse(code as string, {
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

/**
 * typescript-estree converts each string and numeric literal through `node.getText()`, which walks
 * up to the source file: a literal costs its depth. In `1 + 1 + … + 1` (a left-nested chain) or a
 * chain of ternaries, that is quadratic in the length of the chain: 100,000 terms (400 KB) took
 * over eight minutes. Files whose literals would cost more than this in total are reported as too
 * complex instead (about a second of conversion at this bound; ordinary code, and generated data
 * with a few levels of nesting, costs orders of magnitude less).
 */
export const MAX_CONVERSION_COST = 50_000_000;

/** Below this size, no file can reach MAX_CONVERSION_COST (it needs a chain of about 10,000 literals). */
const COMPLEXITY_CHECK_CHARS = 16 * 1024;

let tsModule: typeof TS | undefined;

/** The TypeScript that typescript-estree itself loads (the source file is handed to it). */
function typescript(): typeof TS {
  if (!tsModule) {
    const fromParser = createRequire(createRequire(import.meta.url).resolve('@typescript-eslint/typescript-estree'));
    tsModule = fromParser('typescript') as typeof TS;
  }
  return tsModule;
}

/** The source file typescript-estree would make of the text (same options). */
function createSourceFile(text: string, filePath: string, jsx: boolean): TS.SourceFile {
  const ts = typescript();
  const ext = path.extname(filePath).toLowerCase();
  const kind =
    ext === '.js' || ext === '.mjs' || ext === '.cjs'
      ? ts.ScriptKind.JS
      : ext === '.jsx'
        ? ts.ScriptKind.JSX
        : ext === '.tsx'
          ? ts.ScriptKind.TSX
          : ext === '.ts' || ext === '.mts' || ext === '.cts'
            ? ts.ScriptKind.TS
            : jsx
              ? ts.ScriptKind.TSX
              : ts.ScriptKind.TS;
  const module = ext === '.mjs' || ext === '.mts';
  return ts.createSourceFile(
    filePath,
    text,
    {
      languageVersion: ts.ScriptTarget.Latest,
      jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
      ...(module ? { setExternalModuleIndicator: (file: TS.SourceFile) => Object.assign(file, { externalModuleIndicator: true }) } : {}),
    },
    /* setParentNodes */ true,
    kind,
  );
}

/** What converting the file would cost, when too much: where its deepest literal is, and how deep. */
function conversionTooCostly(sourceFile: TS.SourceFile): { message: string; line: number; column: number } | undefined {
  const ts = typescript();
  const nodes: TS.Node[] = [sourceFile];
  const depths: number[] = [0];
  let cost = 0;
  let deepest: { node: TS.Node; depth: number } | undefined;
  const push = (depth: number) => (child: TS.Node): undefined => {
    nodes.push(child);
    depths.push(depth);
    return undefined;
  };
  while (nodes.length > 0) {
    const node = nodes.pop() as TS.Node;
    const depth = depths.pop() as number;
    if (node.kind === ts.SyntaxKind.StringLiteral || node.kind === ts.SyntaxKind.NumericLiteral) {
      cost += depth;
      if (!deepest || depth >= deepest.depth) deepest = { node, depth };
    }
    ts.forEachChild(node, push(depth + 1));
  }
  if (cost <= MAX_CONVERSION_COST || !deepest) return undefined;
  const at = sourceFile.getLineAndCharacterOfPosition(deepest.node.getStart(sourceFile));
  return {
    message: `the file is too complex to analyse (an expression nested ${String(deepest.depth).replace(/\B(?=(?:\d{3})+$)/gu, ',')} levels deep, as in a very long chain of operators or ternaries)`,
    line: at.line + 1,
    column: at.character + 1,
  };
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

/** Whether `node` lies within `outer`'s source range. */
export function isInside(node: Node, outer: Node): boolean {
  return node.range[0] >= outer.range[0] && node.range[1] <= outer.range[1];
}

/** The function whose code `node` is part of (`undefined` at the top level). */
export function enclosingFunction(node: Node): FunctionNode | undefined {
  let current = node.parent;
  while (current && !isFunction(current)) current = current.parent;
  return current;
}

/** Walks a function's own code below `root`: nested functions are not entered (their code runs at another time). */
export function walkOwnCode(root: Node, visit: (node: Node) => void, skipped: ReadonlySet<string> = NON_VALUE_KEYS): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node !== root && isFunction(node)) continue;
    visit(node);
    for (const child of childNodes(node, skipped)) stack.push(child);
  }
}

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
