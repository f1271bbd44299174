/**
 * What a module exports, as construct keys, so the project can follow `import` across files
 * (and through `export … from` barrels). Reads only top-level statements.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { spanOf, unwrap, type Program } from '../core/ast.js';
import type { ConstructKey, ExportsFact } from '../model/facts.js';

/** `module.exports`. */
function isModuleExports(n: TSESTree.Node): boolean {
  return n.type === 'MemberExpression' && !n.computed && n.object.type === 'Identifier' && n.object.name === 'module' && n.property.type === 'Identifier' && n.property.name === 'exports';
}

/**
 * The values a module exports whole, as written at top level: `export default x` and
 * `module.exports = x` (`name` undefined), `export const name = x`.
 */
export function exportedValues(ast: Program): { name: string | undefined; value: TSESTree.Node }[] {
  const out: { name: string | undefined; value: TSESTree.Node }[] = [];
  for (const statement of ast.body) {
    if (statement.type === 'ExportDefaultDeclaration') out.push({ name: undefined, value: statement.declaration });
    else if (statement.type === 'ExportNamedDeclaration' && statement.declaration?.type === 'VariableDeclaration') {
      for (const d of statement.declaration.declarations) if (d.id.type === 'Identifier' && d.init) out.push({ name: d.id.name, value: d.init });
    } else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression' && isModuleExports(statement.expression.left)) {
      out.push({ name: undefined, value: statement.expression.right });
    }
  }
  return out;
}

export function extractExports(ast: Program, text?: string): ExportsFact {
  const exports: ExportsFact = { names: {}, reexports: [] };
  let commonJs = 0;
  const kinds = new Map<string, 'class' | 'fn' | 'id'>();
  for (const statement of ast.body) {
    const decl = statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' ? statement.declaration : statement;
    if (decl?.type === 'ClassDeclaration' && decl.id) kinds.set(decl.id.name, 'class');
    else if (decl?.type === 'FunctionDeclaration' && decl.id) kinds.set(decl.id.name, 'fn');
    else if (decl?.type === 'VariableDeclaration') {
      for (const d of decl.declarations) {
        if (d.id.type !== 'Identifier') continue;
        const init = d.init;
        kinds.set(d.id.name, init?.type === 'ArrowFunctionExpression' || init?.type === 'FunctionExpression' ? 'fn' : init?.type === 'ClassExpression' ? 'class' : 'id');
      }
    }
  }
  const localKey = (name: string): ConstructKey => `${kinds.get(name) ?? 'id'}:${name}`;
  const made = madeByImports(ast);
  const madeAs = (exported: string, local: string | TSESTree.Node | null | undefined): void => {
    const by = typeof local === 'string' ? made.byName.get(local) : local ? made.byCall(local) : undefined;
    if (by) (exports.made ??= {})[exported] = by;
  };
  for (const statement of ast.body) {
    if (statement.type === 'ExportNamedDeclaration') {
      const decl = statement.declaration;
      if (decl?.type === 'VariableDeclaration') {
        for (const d of decl.declarations) {
          if (d.id.type !== 'Identifier') continue;
          // `export const handler = imported`: a re-export under another name.
          const alias = d.init?.type === 'Identifier' && decl.kind === 'const' ? made.imports.get(d.init.name) : undefined;
          if (alias) {
            exports.reexports.push({ specifier: alias.module, names: { [d.id.name]: alias.name } });
            continue;
          }
          exports.names[d.id.name] = localKey(d.id.name);
          madeAs(d.id.name, d.init);
        }
      } else if ((decl?.type === 'ClassDeclaration' || decl?.type === 'FunctionDeclaration') && decl.id) {
        exports.names[decl.id.name] = localKey(decl.id.name);
      }
      const names: Record<string, string> = {};
      for (const spec of statement.specifiers) {
        if (spec.type !== 'ExportSpecifier') continue;
        const local = spec.local.type === 'Identifier' ? spec.local.name : spec.local.value;
        const exported = spec.exported.type === 'Identifier' ? spec.exported.name : spec.exported.value;
        if (statement.source) names[exported] = local;
        else {
          exports.names[exported] = localKey(local);
          madeAs(exported, local);
        }
      }
      if (statement.source) exports.reexports.push({ specifier: statement.source.value, names });
    } else if (statement.type === 'ExportAllDeclaration' && !statement.exported) {
      exports.reexports.push({ specifier: statement.source.value, names: '*' });
    } else if (statement.type === 'ExportAllDeclaration' && statement.exported) {
      // `export * as ns from './x'`: a namespace object.
      const exported = statement.exported as { type: string; name?: string; value?: unknown };
      exports.names[exported.name ?? String(exported.value)] = 'id:*';
    } else if (statement.type === 'TSExportAssignment') {
      exports.open = true;
    } else if (statement.type === 'ExportDefaultDeclaration') {
      const decl = statement.declaration;
      if ((decl.type === 'ClassDeclaration' || decl.type === 'FunctionDeclaration') && decl.id) exports.names.default = localKey(decl.id.name);
      else if (decl.type === 'Identifier') {
        exports.names.default = localKey(decl.name);
        madeAs('default', decl.name);
      }
      // An anonymous function: its summary is named `<default>`.
      else if (decl.type === 'FunctionDeclaration' || decl.type === 'ArrowFunctionExpression' || decl.type === 'FunctionExpression') exports.names.default = 'fn:<default>';
      else madeAs('default', decl);
    } else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
      if (commonJsExport(statement.expression, exports, localKey)) commonJs++;
      // `module.exports.httpApp = serverless(app)`, `exports.handler = local`.
      const { left, right } = statement.expression;
      const named = left.type === 'MemberExpression' && !left.computed && left.property.type === 'Identifier' && !isModuleExports(left) ? left : undefined;
      const target = named?.object;
      if (named && target && ((target.type === 'Identifier' && target.name === 'exports') || isModuleExports(target))) {
        madeAs((named.property as TSESTree.Identifier).name, right.type === 'Identifier' ? right.name : right);
      }
    }
  }
  // `const fileService = useS3 ? new S3Service(client) : new MemoryService()`: the module's
  // classes a top-level constant holds, whose methods a caller of `fileService.put(…)` runs.
  for (const statement of ast.body) {
    const decl = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (decl?.type !== 'VariableDeclaration' || decl.kind !== 'const') continue;
    for (const d of decl.declarations) {
      const classes = d.id.type === 'Identifier' && d.init ? instanceClasses(d.init, kinds) : undefined;
      if (classes && d.id.type === 'Identifier') (exports.instances ??= {})[d.id.name] = classes;
      // `const defaultLambdaParams = { runtime: …, bundling: … }`: the keys an importer's spread sets.
      const literal = d.init ? unwrap(d.init) : undefined;
      if (d.id.type === 'Identifier' && literal?.type === 'ObjectExpression') {
        const keys = literal.properties.map((p) => (p.type === 'Property' && !p.computed ? (p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : undefined) : undefined));
        if (keys.every((k): k is string => k !== undefined)) (exports.objects ??= {})[d.id.name] = keys;
      }
    }
  }
  // Every mention of `exports` must be one of the assignments read above, or the module may
  // export more than they say.
  if (text !== undefined && !exports.open && (text.match(/\bexports\b/gu)?.length ?? 0) > commonJs) exports.open = true;
  return exports;
}

/** The classes of the module a value is an instance of: `new C(…)`, or each branch of a conditional; `undefined` for anything else. */
function instanceClasses(value: TSESTree.Node, kinds: ReadonlyMap<string, 'class' | 'fn' | 'id'>, depth = 0): string[] | undefined {
  const expr = unwrap(value);
  if (depth > 4) return undefined;
  if (expr.type === 'NewExpression') return expr.callee.type === 'Identifier' && kinds.get(expr.callee.name) === 'class' ? [expr.callee.name] : undefined;
  if (expr.type === 'ConditionalExpression') {
    const yes = instanceClasses(expr.consequent, kinds, depth + 1);
    const no = instanceClasses(expr.alternate, kinds, depth + 1);
    return yes && no ? [...new Set([...yes, ...no])] : undefined;
  }
  return undefined;
}

/**
 * `exports.X = local`, `module.exports.X = local`, `module.exports = { X, Y: local }`. Whether the
 * assignment is a CommonJS export whose names are all known.
 */
function commonJsExport(assignment: TSESTree.AssignmentExpression, exports: ExportsFact, localKey: (name: string) => ConstructKey): boolean {
  const { left, right } = assignment;
  if (left.type !== 'MemberExpression' || left.computed || left.property.type !== 'Identifier') return false;
  const target = left.object;
  if (isModuleExports(left)) {
    if (right.type !== 'ObjectExpression') return false;
    let complete = true;
    for (const prop of right.properties) {
      if (prop.type !== 'Property' || prop.computed || prop.key.type !== 'Identifier') {
        complete = false;
        continue;
      }
      // `{ handler }`, `{ handler: local }`; any other value is exported without a local binding.
      exports.names[prop.key.name] = prop.value.type === 'Identifier' ? localKey(prop.value.name) : 'id:*';
    }
    return complete;
  }
  const isExports = (target.type === 'Identifier' && target.name === 'exports') || isModuleExports(target);
  if (!isExports) return false;
  if (right.type === 'Identifier') exports.names[left.property.name] = localKey(right.name);
  // `exports.handle = async (…) => …`: a function whose summary takes the export's name.
  else if (right.type === 'ArrowFunctionExpression' || right.type === 'FunctionExpression') exports.names[left.property.name] ??= `fn:${left.property.name}`;
  else exports.names[left.property.name] ??= 'id:*';
  return true;
}

type Made = NonNullable<ExportsFact['made']>[string];

/** The module a \`require('m')\` names. */
function requiredModule(node: TSESTree.Node): string | undefined {
  const e = unwrap(node);
  if (e.type !== 'CallExpression' || e.callee.type !== 'Identifier' || e.callee.name !== 'require' || e.arguments.length !== 1) return undefined;
  const arg = e.arguments[0];
  return arg?.type === 'Literal' && typeof arg.value === 'string' ? arg.value : undefined;
}

/**
 * The top-level values made by calling an imported function (`createHandler(container)`), by the
 * `const` that holds them and by the call itself: the import's module and name.
 */
function madeByImports(ast: Program): {
  imports: Map<string, { module: string; name: string }>;
  byName: Map<string, Made>;
  byCall: (node: TSESTree.Node) => Made | undefined;
} {
  const imports = new Map<string, { module: string; name: string }>();
  for (const statement of ast.body) {
    if (statement.type === 'VariableDeclaration' && statement.kind === 'const') {
      // CommonJS: `const serverless = require('serverless-http')` (the module's own export,
      // called as a function: `default`), `const { handle } = require('m')`.
      for (const d of statement.declarations) {
        const module = d.init ? requiredModule(d.init) : undefined;
        if (module === undefined) continue;
        if (d.id.type === 'Identifier') imports.set(d.id.name, { module, name: 'default' });
        else if (d.id.type === 'ObjectPattern') {
          for (const p of d.id.properties) {
            if (p.type === 'Property' && !p.computed && p.key.type === 'Identifier' && p.value.type === 'Identifier') imports.set(p.value.name, { module, name: p.key.name });
          }
        }
      }
    }
    if (statement.type !== 'ImportDeclaration' || statement.importKind === 'type') continue;
    for (const spec of statement.specifiers) {
      if (spec.type === 'ImportDefaultSpecifier') imports.set(spec.local.name, { module: statement.source.value, name: 'default' });
      else if (spec.type === 'ImportSpecifier') imports.set(spec.local.name, { module: statement.source.value, name: spec.imported.type === 'Identifier' ? spec.imported.name : spec.imported.value });
    }
  }
  const byCall = (node: TSESTree.Node): Made | undefined => {
    let e = unwrap(node);
    if (e.type === 'AwaitExpression') e = unwrap(e.argument);
    if (e.type !== 'CallExpression' || e.callee.type !== 'Identifier') return undefined;
    const imported = imports.get(e.callee.name);
    return imported ? { ...imported, span: spanOf(e) } : undefined;
  };
  const byName = new Map<string, Made>();
  if (imports.size === 0) return { imports, byName, byCall };
  for (const statement of ast.body) {
    const decl = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (decl?.type !== 'VariableDeclaration' || decl.kind !== 'const') continue;
    for (const d of decl.declarations) {
      const by = d.id.type === 'Identifier' && d.init ? byCall(d.init) : undefined;
      if (by && d.id.type === 'Identifier') byName.set(d.id.name, by);
    }
  }
  return { imports, byName, byCall };
}
