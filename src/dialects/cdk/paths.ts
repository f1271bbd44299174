/**
 * Static evaluation of the path expressions CDK apps use to point at handler code:
 * `path.join(__dirname, '../src/handler.ts')`, `path.resolve(…)`, `import.meta.dirname`,
 * `path.dirname(fileURLToPath(import.meta.url))`, `new URL('.', import.meta.url)`, templates.
 */
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { memberName, unwrap, type Node } from '../../core/ast.js';
import { evaluatePrimitive } from '../../core/values.js';
import type { Binding } from '../../core/symbols.js';
import type { FileContext } from '../../analyzers/file-context.js';

const PATH_MODULES = new Set(['path', 'node:path']);
const URL_MODULES = new Set(['url', 'node:url']);

/** An absolute path, or a path relative to the process's working directory, or unknown. */
export type PathValue = { absolute: string } | { relative: string } | undefined;

export interface PathOptions {
  /**
   * `handlerPath(__dirname)`: a call given only `__dirname` stands for that folder (the Serverless
   * template's helper, which turns it into the folder's path from the service).
   */
  dirnameCalls?: boolean;
  /**
   * A parameter of the enclosing function, constructor or method (`pathToSource`, `config.dir`):
   * its key (`param:fn:createLambda:1`), so that the path is a template with a hole there, filled
   * by the project from each call's argument. The keys are collected in `holes`.
   */
  parameter?: ((node: Node) => string | undefined) | undefined;
  holes?: string[] | undefined;
  /** Inside a helper of this file called with known arguments: what each of its parameters is. */
  bindings?: ReadonlyMap<Binding, PathValue> | undefined;
}

/** The text standing for hole `i` of a path template (no path separator, no dot: `path.join` keeps it whole). */
export function holeText(i: number): string {
  return `\u0000${i}\u0000`;
}

/** Fills a path template's holes (`values[i]` for hole `i`); `undefined` when one has no value. */
export function fillHoles(template: string, values: readonly (string | undefined)[]): string | undefined {
  let missing = false;
  const filled = template.replace(/\u0000(\d+)\u0000/gu, (_m, i: string) => {
    const v = values[Number(i)];
    if (v === undefined) missing = true;
    return v ?? '';
  });
  return missing ? undefined : filled;
}

export function evaluatePath(node: Node, file: FileContext, depth = 0, options: PathOptions = {}): PathValue {
  if (depth > 16) return undefined;
  const dir = path.dirname(file.filePath);
  const expr = unwrap(node);
  const literal = evaluatePrimitive(expr, file.symbols);
  if (literal.ok) return typeof literal.value === 'string' ? { relative: literal.value } : undefined;
  if (options.parameter && options.holes && (expr.type === 'Identifier' || expr.type === 'MemberExpression')) {
    const key = options.parameter(expr);
    if (key !== undefined) {
      const at = options.holes.indexOf(key);
      return { relative: holeText(at >= 0 ? at : options.holes.push(key) - 1) };
    }
  }
  switch (expr.type) {
    case 'Identifier': {
      if (options.bindings) {
        const b = file.symbols.binding(expr.name, expr);
        if (b && options.bindings.has(b)) return options.bindings.get(b);
      }
      if (expr.name === '__dirname' && !file.symbols.isDeclared('__dirname')) return { absolute: dir };
      if (expr.name === '__filename' && !file.symbols.isDeclared('__filename')) return { absolute: file.filePath };
      const init = file.symbols.constInitializer(expr.name, expr);
      return init ? evaluatePath(init, file, depth + 1, options) : undefined;
    }
    case 'MemberExpression': {
      // import.meta.dirname / import.meta.filename
      if (expr.object.type === 'MetaProperty') {
        const name = memberName(expr);
        if (name === 'dirname') return { absolute: dir };
        if (name === 'filename') return { absolute: file.filePath };
        if (name === 'url') return { absolute: file.filePath };
      }
      return undefined;
    }
    case 'TemplateLiteral': {
      let out = '';
      let absolute = false;
      for (let i = 0; i < expr.quasis.length; i++) {
        out += expr.quasis[i]?.value.cooked ?? '';
        const e = expr.expressions[i];
        if (!e) continue;
        const v = evaluatePath(e, file, depth + 1, options);
        if (!v) return undefined;
        if ('absolute' in v) {
          if (i !== 0 || out !== '') return undefined;
          absolute = true;
          out += v.absolute;
        } else {
          out += v.relative;
        }
      }
      return absolute ? { absolute: path.normalize(out) } : { relative: out };
    }
    case 'NewExpression': {
      // new URL('./x', import.meta.url)
      if (expr.callee.type === 'Identifier' && expr.callee.name === 'URL' && expr.arguments.length === 2) {
        const [rel, base] = expr.arguments;
        const relative = rel ? evaluatePrimitive(rel, file.symbols) : { ok: false as const };
        if (base && isImportMetaUrl(base) && relative.ok && typeof relative.value === 'string') {
          return { absolute: path.resolve(dir, relative.value) };
        }
      }
      return undefined;
    }
    case 'CallExpression': {
      const only = expr.arguments.length === 1 ? unwrap(expr.arguments[0] as Node) : undefined;
      if (options.dirnameCalls && only?.type === 'Identifier' && only.name === '__dirname' && !file.symbols.isDeclared('__dirname') && pathFunction(expr.callee, file) === undefined) {
        return { absolute: dir };
      }
      const helper = pathHelper(expr.callee, file);
      if (helper) return evaluateHelperCall(expr, helper, file, depth, options);
      return evaluatePathCall(expr, file, depth, options);
    }
    default:
      return undefined;
  }
}

/**
 * The paths an expression may evaluate to: one, or one per branch of a conditional over paths
 * (`isWorkshop ? './workshop/h.ts' : './h.ts'`, also through a `const`). An element is
 * `undefined` where that branch is not a path lambda-lint can evaluate.
 */
export function evaluatePaths(node: Node, file: FileContext, options: PathOptions = {}, depth = 0): PathValue[] {
  const expr = unwrap(node);
  if (depth < 4 && expr.type === 'ConditionalExpression') {
    return [...evaluatePaths(expr.consequent, file, options, depth + 1), ...evaluatePaths(expr.alternate, file, options, depth + 1)];
  }
  if (depth < 4 && expr.type === 'Identifier') {
    const init = file.symbols.constInitializer(expr.name, expr);
    if (init && unwrap(init).type === 'ConditionalExpression') return evaluatePaths(init, file, options, depth + 1);
  }
  return [evaluatePath(expr, file, 0, options)];
}

function isImportMetaUrl(node: Node): boolean {
  const e = unwrap(node);
  return e.type === 'MemberExpression' && e.object.type === 'MetaProperty' && memberName(e) === 'url';
}

interface PathHelper {
  params: { binding: Binding; fallback: Node | undefined }[];
  result: Node;
}

/**
 * A function of this file that computes a path from its parameters
 * (`const entryOf = (name: string) => join(__dirname, '../lambdas', \`${name}.ts\`)`): an arrow
 * with an expression body, or a body of `const` declarations ending in its only `return`.
 * Parameters are plain names, with or without a default.
 */
function pathHelper(callee: Node, file: FileContext): PathHelper | undefined {
  const bare = unwrap(callee);
  if (bare.type !== 'Identifier') return undefined;
  const b = file.symbols.binding(bare.name, bare);
  if (!b || (b.kind !== 'const' && b.kind !== 'function') || !b.init) return undefined;
  const fn = unwrap(b.init);
  if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression' && fn.type !== 'FunctionDeclaration') return undefined;
  if (fn.async || fn.generator) return undefined;
  let result: Node | undefined;
  if (fn.body.type !== 'BlockStatement') result = fn.body;
  else {
    const statements = fn.body.body;
    const last = statements[statements.length - 1];
    if (last?.type !== 'ReturnStatement' || !last.argument) return undefined;
    if (!statements.slice(0, -1).every((st) => st.type === 'VariableDeclaration' && st.kind === 'const')) return undefined;
    result = last.argument;
  }
  const params: PathHelper['params'] = [];
  for (const p of fn.params) {
    const target = p.type === 'AssignmentPattern' ? p.left : p;
    if (target.type !== 'Identifier') return undefined;
    const binding = file.symbols.binding(target.name, result);
    if (!binding || binding.kind !== 'param') return undefined;
    params.push({ binding, fallback: p.type === 'AssignmentPattern' ? p.right : undefined });
  }
  return { params, result };
}

/** A helper's result with its parameters bound to what the call passes (a missing argument takes its default). */
function evaluateHelperCall(call: TSESTree.CallExpression, helper: PathHelper, file: FileContext, depth: number, options: PathOptions): PathValue {
  if (call.arguments.some((a) => a.type === 'SpreadElement')) return undefined;
  const bindings = new Map<Binding, PathValue>();
  helper.params.forEach((p, i) => {
    const arg = call.arguments[i] as Node | undefined;
    if (arg !== undefined) bindings.set(p.binding, evaluatePath(arg, file, depth + 1, options));
    else bindings.set(p.binding, p.fallback ? evaluatePath(p.fallback, file, depth + 1, { dirnameCalls: options.dirnameCalls }) : undefined);
  });
  // The holes of the caller's parameters are already in the arguments' values.
  return evaluatePath(helper.result, file, depth + 1, { dirnameCalls: options.dirnameCalls, bindings });
}

function pathFunction(callee: Node, file: FileContext): string | undefined {
  const symbol = file.symbols.resolveImport(callee);
  if (!symbol) return undefined;
  if (PATH_MODULES.has(symbol.module)) {
    const name = symbol.path[symbol.path.length - 1];
    // `import path from 'path'` + `path.join`, `import { join } from 'path'`, `path.posix.join`.
    return name;
  }
  if (URL_MODULES.has(symbol.module)) return symbol.path[symbol.path.length - 1];
  return undefined;
}

function evaluatePathCall(call: TSESTree.CallExpression, file: FileContext, depth: number, options: PathOptions): PathValue {
  const fn = pathFunction(call.callee, file);
  const args = call.arguments.map((a) => (a.type === 'SpreadElement' ? undefined : evaluatePath(a, file, depth + 1, options)));
  if (args.some((a) => a === undefined)) return fn === 'fileURLToPath' ? fileUrl(call, file, depth) : undefined;
  const values = args as Exclude<PathValue, undefined>[];
  const parts = values.map((v) => ('absolute' in v ? v.absolute : v.relative));
  switch (fn) {
    case 'join': {
      const first = values[0];
      if (!first) return undefined;
      const joined = path.join(...parts);
      return 'absolute' in first ? { absolute: joined } : { relative: joined };
    }
    case 'resolve': {
      const lastAbsolute = values.map((v, i) => ('absolute' in v || path.isAbsolute(parts[i] ?? '') ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
      if (lastAbsolute === -1) return { relative: path.join(...parts) };
      return { absolute: path.resolve(...parts.slice(lastAbsolute)) };
    }
    case 'dirname': {
      const v = values[0];
      if (!v || values.length !== 1) return undefined;
      return 'absolute' in v ? { absolute: path.dirname(v.absolute) } : { relative: path.dirname(v.relative) };
    }
    case 'fileURLToPath':
      return values[0];
    default:
      return undefined;
  }
}

function fileUrl(call: TSESTree.CallExpression, file: FileContext, depth: number): PathValue {
  const arg = call.arguments[0];
  return arg && arg.type !== 'SpreadElement' ? evaluatePath(arg, file, depth + 1) : undefined;
}
