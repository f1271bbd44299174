/**
 * Bundler configurations that say which source a build's output comes from, for a function
 * whose code the infrastructure gives as that output (`CodeUri: out/orders/orders.zip`,
 * `filename = "../dist/clean.zip"`): esbuild's `build` / `buildSync` / `context` calls
 * (`entryPoints` with `outfile` or `outdir`) and webpack configurations (`entry` with
 * `output.path` and `output.filename`). Paths are kept as written; the project resolves relative
 * ones from the package the script belongs to (where `npm run` runs it).
 */
import path from 'node:path';
import { unwrap, type Node } from '../../core/ast.js';
import { ObjectView, evaluatePrimitive, resolveExpression } from '../../core/values.js';
import type { BundleFact, BundlePath } from '../../model/facts.js';
import { evaluatePath } from '../../dialects/cdk/paths.js';
import { exportedValues } from '../exports.js';
import type { FileContext } from '../file-context.js';

/** Text of a script that may configure a bundler. */
export const BUNDLE_MARKERS = ['esbuild', 'webpack'];

const ESBUILD_CALLS = new Set(['build', 'buildSync', 'context']);
const WEBPACK_CONFIG = /^webpack\.config\.(?:[cm]?js|[cm]?ts)$/u;

/** A webpack configuration, known by its name (its text need not mention webpack). */
export function isBundlerConfig(filePath: string): boolean {
  return WEBPACK_CONFIG.test(path.basename(filePath));
}

export function extractBundles(file: FileContext): BundleFact[] {
  if (!BUNDLE_MARKERS.some((m) => file.text.includes(m)) && !isBundlerConfig(file.filePath)) return [];
  const out: BundleFact[] = [];
  for (const call of file.callExpressions) {
    const symbol = file.symbols.resolveImport(call.callee);
    if (symbol?.module !== 'esbuild' || symbol.path.length !== 1 || !ESBUILD_CALLS.has(symbol.path[0] as string)) continue;
    const arg = call.arguments[0];
    if (!arg || arg.type === 'SpreadElement') continue;
    const bundle = esbuildBundle(ObjectView.of(arg, file.symbols), file);
    if (bundle) out.push(bundle);
  }
  if (WEBPACK_CONFIG.test(path.basename(file.filePath))) {
    for (const config of exportedConfigs(file)) {
      const bundle = webpackBundle(ObjectView.of(config, file.symbols), file);
      if (bundle) out.push(bundle);
    }
  }
  return out;
}

function pathOf(node: Node, file: FileContext): BundlePath | undefined {
  const v = evaluatePath(node, file);
  return v === undefined ? undefined : 'absolute' in v ? { absolute: v.absolute } : { relative: v.relative };
}

/** `['./src/a.ts']`, `{ orders: './src/orders.ts' }`, `'./src/a.ts'` (webpack: also `{ orders: { import: … } }`). */
function entriesOf(node: Node, file: FileContext, defaultName?: string): BundleFact['entries'] | undefined {
  const e = resolveExpression(node, file.symbols);
  if (e.type === 'ArrayExpression') {
    const entries: BundleFact['entries'] = [];
    for (const el of e.elements) {
      const p = el && el.type !== 'SpreadElement' ? pathOf(el, file) : undefined;
      if (!p) return undefined;
      entries.push({ ...(defaultName === undefined ? {} : { name: defaultName }), path: p });
    }
    return entries;
  }
  if (e.type === 'ObjectExpression') {
    const entries: BundleFact['entries'] = [];
    for (const prop of e.properties) {
      if (prop.type !== 'Property' || prop.computed) return undefined;
      const name = prop.key.type === 'Identifier' ? prop.key.name : prop.key.type === 'Literal' ? String(prop.key.value) : undefined;
      const value = resolveExpression(prop.value, file.symbols);
      const target = value.type === 'ObjectExpression' ? ObjectView.of(value, file.symbols).get('import') : undefined;
      const p = target ? (target.state === 'present' ? pathOf(target.value, file) : undefined) : pathOf(prop.value, file);
      if (name === undefined || !p) return undefined;
      entries.push({ name, path: p });
    }
    return entries;
  }
  const single = pathOf(e, file);
  return single ? [{ ...(defaultName === undefined ? {} : { name: defaultName }), path: single }] : undefined;
}

function esbuildBundle(options: ObjectView, file: FileContext): BundleFact | undefined {
  const entryPoints = options.get('entryPoints');
  if (entryPoints.state !== 'present') return undefined;
  const entries = entriesOf(entryPoints.value, file);
  if (!entries || entries.length === 0) return undefined;
  const outfile = options.get('outfile');
  const outdir = options.get('outdir');
  const outbase = options.get('outbase');
  // An outbase, entry names or another working folder change the output paths: not followed.
  if (outbase.state !== 'absent' || options.get('entryNames').state !== 'absent' || options.get('absWorkingDir').state !== 'absent') return undefined;
  const outfilePath = outfile.state === 'present' ? pathOf(outfile.value, file) : undefined;
  const outdirPath = outdir.state === 'present' ? pathOf(outdir.value, file) : undefined;
  if (outfilePath && entries.length === 1) return { tool: 'esbuild', entries, outfile: outfilePath };
  if (outdirPath) return { tool: 'esbuild', entries, outdir: outdirPath };
  return undefined;
}

function webpackBundle(config: ObjectView, file: FileContext): BundleFact | undefined {
  const entry = config.get('entry');
  if (entry.state !== 'present') return undefined;
  const entries = entriesOf(entry.value, file, 'main');
  if (!entries || entries.length === 0) return undefined;
  const output = config.get('output');
  if (output.state === 'unknown') return undefined;
  const view = output.state === 'present' ? ObjectView.of(output.value, file.symbols) : ObjectView.empty();
  const dir = view.get('path');
  const name = view.get('filename');
  if (dir.state === 'unknown' || name.state === 'unknown') return undefined;
  const outdir = dir.state === 'present' ? pathOf(dir.value, file) : { relative: 'dist' };
  const filename = name.state === 'present' ? evaluatePrimitive(name.value, file.symbols) : { ok: true as const, value: '[name].js' };
  if (!outdir || !filename.ok || typeof filename.value !== 'string') return undefined;
  return { tool: 'webpack', entries, outdir, filename: filename.value };
}

/** `export default {…}`, `module.exports = {…}`, or a function of the environment returning one. */
function exportedConfigs(file: FileContext): Node[] {
  const out: Node[] = [];
  const add = (node: Node): void => {
    const e = unwrap(resolveExpression(node, file.symbols));
    if (e.type === 'ObjectExpression') out.push(e);
    else if ((e.type === 'ArrowFunctionExpression' || e.type === 'FunctionExpression') && e.body.type !== 'BlockStatement') add(e.body);
    else if (e.type === 'ArrayExpression') for (const el of e.elements) if (el && el.type !== 'SpreadElement') add(el);
  };
  for (const { name, value } of exportedValues(file.ast)) if (name === undefined) add(value);
  return out;
}
