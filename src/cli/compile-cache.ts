/**
 * Every CLI run loads TypeScript's compiler (a 9 MB module, through the parser), and compiling it
 * is about a tenth of a run on a large project. V8 can keep compiled code between runs:
 *
 * - Node 22.1 and later: `module.enableCompileCache`, for every module.
 * - Node 20: TypeScript alone is compiled here through `vm.Script` with V8's code cache, and put
 *   in `require.cache` where the parser's `require('typescript')` finds it.
 *
 * The cache lives in `node_modules/.cache/lambda-lint/` of the installation (as trusted as the
 * code it caches; never a shared temporary folder). V8 checks each entry against the source, its
 * own version and flags, and compiles afresh when one does not fit. Any failure just means no
 * cache. `LAMBDA_LINT_NO_COMPILE_CACHE=1` turns it off. Only the CLI uses it: in ESLint, the
 * parser is loaded before any plugin.
 */
import { existsSync, readFileSync } from 'node:fs';
import module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { CACHE_FOLDER, writeFileAtomic } from '../util/write-file.js';

/** `node_modules/.cache/lambda-lint` of the node_modules lambda-lint is installed in (or of this checkout). */
export function compileCacheDir(packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')): string | undefined {
  const parent = path.dirname(packageRoot);
  const nodeModules =
    path.basename(parent) === 'node_modules'
      ? parent
      : path.basename(path.dirname(parent)) === 'node_modules' && path.basename(parent).startsWith('@')
        ? path.dirname(parent)
        : path.join(packageRoot, 'node_modules');
  return existsSync(nodeModules) ? path.join(nodeModules, CACHE_FOLDER) : undefined;
}

type EnableCompileCache = (dir: string) => unknown;

/** Call before the parser is first imported. Returns how TypeScript was loaded (for tests). */
export function useCompileCache(dir = compileCacheDir()): 'off' | 'node' | 'already loaded' | 'hit' | 'written' | 'failed' {
  if (process.env.LAMBDA_LINT_NO_COMPILE_CACHE) return 'off';
  if (!dir) return 'off';
  const enable = (module as unknown as { enableCompileCache?: EnableCompileCache }).enableCompileCache;
  if (typeof enable === 'function') {
    enable(path.join(dir, 'node'));
    return 'node';
  }
  try {
    return loadTypeScriptCached(dir);
  } catch {
    return 'failed';
  }
}

function loadTypeScriptCached(dir: string): 'already loaded' | 'hit' | 'written' | 'failed' {
  // The copy the parser itself would load.
  const fromParser = createRequire(createRequire(import.meta.url).resolve('@typescript-eslint/typescript-estree'));
  const filename = fromParser.resolve('typescript');
  const require = createRequire(filename);
  if (require.cache[filename]) return 'already loaded';
  const { version: tsVersion } = require('../package.json') as { version: string };
  const cacheFile = path.join(dir, `typescript-${tsVersion}-node${process.version}-${process.arch}.v8cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const source = readFileSync(filename, 'utf8');
  const script = new vm.Script(module.wrap(source), { filename, cachedData });
  const compiled = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  const loaded = new module.Module(filename);
  loaded.filename = filename;
  compiled.call(loaded.exports, loaded.exports, require, loaded, filename, path.dirname(filename));
  loaded.loaded = true;
  require.cache[filename] = loaded;
  if (cachedData && !script.cachedDataRejected) return 'hit';
  // Made now, before anything changes V8's flags (the HCL parser's thread does), which would make
  // the entry unusable on the next run.
  try {
    writeFileAtomic(cacheFile, script.createCachedData());
    return 'written';
  } catch {
    return 'failed';
  }
}
