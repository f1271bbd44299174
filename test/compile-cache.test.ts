/**
 * The CLI's compile cache for TypeScript's compiler: where it lives, that a second process reads
 * it, that a damaged entry is replaced, and that TypeScript loaded through it is the one the
 * parser uses. Each load is its own process (a module loads once per process).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import nodeModule from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCacheDir } from '../src/cli/compile-cache.js';
import { ROOT } from './helpers/cli.js';

/** Node 22.1+ caches every module itself (`module.enableCompileCache`); Node 20 takes the TypeScript-only path. */
const NODE_HAS_ITS_OWN = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';

/** Loads TypeScript through the cache in `dir` in a new process, then parses with the parser. */
function loadIn(dir: string, env: Record<string, string> = {}): { outcome: string; parsed: string; same: boolean } {
  const script = `
    const { useCompileCache } = await import(${JSON.stringify(path.join(ROOT, 'dist', 'cli', 'compile-cache.js'))});
    const outcome = useCompileCache(${JSON.stringify(dir)});
    const { createRequire } = await import('node:module');
    const fromParser = createRequire(createRequire(import.meta.url).resolve('@typescript-eslint/typescript-estree'));
    const filename = fromParser.resolve('typescript');
    // Loaded through the cache: in require.cache before the parser ever asked for it.
    const entry = fromParser.cache[filename];
    const { parseScript } = await import(${JSON.stringify(path.join(ROOT, 'dist', 'core', 'ast.js'))});
    const parsed = parseScript('export const x: number = 1;', 'x.ts');
    const same = entry !== undefined && fromParser.cache[filename] === entry && typeof entry.exports.createSourceFile === 'function';
    console.log(JSON.stringify({ outcome, parsed: parsed.ok ? parsed.ast.body[0].type : 'failed', same }));`;
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  return JSON.parse(stdout) as { outcome: string; parsed: string; same: boolean };
}

describe('the compile cache', () => {
  it('lives in node_modules/.cache of the installation, never outside one', () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-cc-'));
    mkdirSync(path.join(base, 'app', 'node_modules', 'lambda-lint'), { recursive: true });
    mkdirSync(path.join(base, 'app', 'node_modules', '@acme', 'lambda-lint'), { recursive: true });
    mkdirSync(path.join(base, 'checkout', 'node_modules'), { recursive: true });
    mkdirSync(path.join(base, 'bare'), { recursive: true });
    expect(compileCacheDir(path.join(base, 'app', 'node_modules', 'lambda-lint'))).toBe(path.join(base, 'app', 'node_modules', '.cache', 'lambda-lint'));
    expect(compileCacheDir(path.join(base, 'app', 'node_modules', '@acme', 'lambda-lint'))).toBe(path.join(base, 'app', 'node_modules', '.cache', 'lambda-lint'));
    expect(compileCacheDir(path.join(base, 'checkout'))).toBe(path.join(base, 'checkout', 'node_modules', '.cache', 'lambda-lint'));
    expect(compileCacheDir(path.join(base, 'bare'))).toBeUndefined();
  });

  it('is written by one run and read by the next; the parser gets the same TypeScript', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-cc-'));
    const first = loadIn(dir);
    const second = loadIn(dir);
    expect(first.parsed).toBe('ExportNamedDeclaration');
    expect(second.parsed).toBe('ExportNamedDeclaration');
    if (NODE_HAS_ITS_OWN) {
      expect([first.outcome, second.outcome]).toEqual(['node', 'node']);
    } else {
      expect(first.same && second.same).toBe(true);
      expect([first.outcome, second.outcome]).toEqual(['written', 'hit']);
      expect(readdirSync(dir)).toEqual([expect.stringMatching(/^typescript-[\d.]+-node/u)]);
    }
  });

  // Node 22.1+ keeps its own cache (its entries are Node's to check): this is the Node 20 path.
  it.skipIf(NODE_HAS_ITS_OWN)('replaces a damaged entry, and can be turned off', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-cc-'));
    loadIn(dir);
    const [name] = readdirSync(dir);
    writeFileSync(path.join(dir, name as string), Buffer.from('not a V8 code cache'));
    expect(loadIn(dir)).toMatchObject({ outcome: 'written', parsed: 'ExportNamedDeclaration' });
    expect(loadIn(dir).outcome).toBe('hit');
    expect(loadIn(dir, { LAMBDA_LINT_NO_COMPILE_CACHE: '1' }).outcome).toBe('off');
  });
});
