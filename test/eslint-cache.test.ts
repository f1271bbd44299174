/**
 * The ESLint plugin's facts cache (`settings['lambda-lint'].cache`): written when ESLint's
 * process ends, read by the next run, keyed on each file's text. Each run is its own process
 * (the cache is written on exit), through the built plugin, as `eslint` runs it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';
import { writeProject } from './helpers/project.js';
import { FactsCache } from '../src/cache.js';
import type { FileFacts } from '../src/model/facts.js';

const STACK = `import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
export class AppStack extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
    const fn = new lambda.Function(this, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, code: lambda.Code.fromAsset('lambda'), handler: 'index.handler' });
    const dlq = new sqs.Queue(this, 'D');
    fn.addEventSource(new SqsEventSource(new sqs.Queue(this, 'Q', { deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } }), { batchSize: 10 }));
  }
}
`;

const HANDLER = `export const handler = async (event: any) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) { try { await fetch(record.body); } catch { batchItemFailures.push({ itemIdentifier: record.messageId }); } }
  return { batchItemFailures };
};
`;

const PROJECT = {
  'package.json': '{ "name": "app", "private": true }',
  'cdk.json': '{ "app": "npx ts-node bin/app.ts" }',
  'lib/stack.ts': STACK,
  'lambda/index.ts': HANDLER,
};

const DEFAULT_CACHE = path.join('node_modules', '.cache', 'lambda-lint', 'eslint-facts.json');

/** One `eslint .` in its own process, with the plugin's settings; the findings as `file:line rule`. */
function eslintRun(dir: string, settings: Record<string, unknown>): string[] {
  const script = `
    const { ESLint } = await import(${JSON.stringify(path.join(ROOT, 'node_modules', 'eslint', 'lib', 'api.js'))});
    const { default: plugin } = await import(${JSON.stringify(path.join(ROOT, 'dist', 'index.js'))});
    const eslint = new ESLint({ cwd: process.cwd(), overrideConfigFile: true,
      overrideConfig: [plugin.configs.recommended, { settings: { 'lambda-lint': ${JSON.stringify(settings)} } }] });
    const results = await eslint.lintFiles(['.']);
    const out = results.flatMap((r) => r.messages.map((m) => r.filePath.slice(process.cwd().length + 1) + ':' + m.line + ' ' + m.ruleId));
    console.log(JSON.stringify(out.sort()));`;
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' });
  return JSON.parse(stdout) as string[];
}

interface CacheFile {
  version: string;
  entries: Record<string, { hash: string; facts: { infra: { mappings: unknown[] } } }>;
}

const readCache = (file: string): CacheFile => JSON.parse(readFileSync(file, 'utf8')) as CacheFile;

const EXPECTED = ['lambda/index.ts:4 lambda-lint/batch-response-ignored', 'lib/stack.ts:10 lambda-lint/batch-response-ignored'];

describe("the ESLint plugin's facts cache", () => {
  it('is off unless asked for', () => {
    const dir = writeProject(PROJECT);
    expect(eslintRun(dir, {})).toEqual(EXPECTED);
    expect(existsSync(path.join(dir, 'node_modules'))).toBe(false);
  });

  it('keeps every file’s facts, by path and text, and the next run reads them instead of the files', () => {
    const dir = writeProject(PROJECT);
    expect(eslintRun(dir, { cache: true })).toEqual(EXPECTED);
    const cacheFile = path.join(dir, DEFAULT_CACHE);
    const cache = readCache(cacheFile);
    expect(Object.keys(cache.entries).sort()).toEqual(['lambda/index.ts', 'lib/stack.ts']);
    expect(cache.version).toMatch(/\+eslint:/u);

    // Proof that the next run takes the stack's facts from the cache: with the mapping taken out
    // of them (the text, and so the key, unchanged), neither finding can be made.
    const entry = cache.entries['lib/stack.ts'];
    if (!entry) throw new Error('no entry for the stack');
    entry.facts.infra.mappings = [];
    writeFileSync(cacheFile, JSON.stringify(cache));
    expect(eslintRun(dir, { cache: true })).toEqual([]);

    // A file whose text changed is read again (and its new facts kept).
    writeFileSync(path.join(dir, 'lib/stack.ts'), `${STACK}// changed\n`);
    expect(eslintRun(dir, { cache: true })).toEqual(EXPECTED);
    expect(readCache(cacheFile).entries['lib/stack.ts']?.facts.infra.mappings).toHaveLength(1);
  });

  it('is not used for the project in another folder (facts say where handlers are)', () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-moved-'));
    const first = path.join(base, 'first');
    renameSync(writeProject(PROJECT), first);
    expect(eslintRun(first, { cache: true })).toEqual(EXPECTED);
    const moved = path.join(base, 'moved');
    renameSync(first, moved);
    // The cache of the old folder has the handler where it no longer is; read, it would unlink it.
    expect(eslintRun(moved, { cache: true })).toEqual(EXPECTED);
    expect(readCache(path.join(moved, DEFAULT_CACHE)).version).toContain(moved);
  });

  it('drops the entries of files no longer in the project', () => {
    const dir = writeProject({ ...PROJECT, 'lambda/old.ts': HANDLER });
    eslintRun(dir, { cache: true });
    const cacheFile = path.join(dir, DEFAULT_CACHE);
    expect(Object.keys(readCache(cacheFile).entries)).toContain('lambda/old.ts');
    rmSync(path.join(dir, 'lambda/old.ts'));
    writeFileSync(path.join(dir, 'lambda/index.ts'), `${HANDLER}// changed\n`);
    eslintRun(dir, { cache: true });
    expect(Object.keys(readCache(cacheFile).entries).sort()).toEqual(['lambda/index.ts', 'lib/stack.ts']);
  });

  it('drops an entry whose facts do not have their shape, instead of crashing every run on it', () => {
    const dir = writeProject(PROJECT);
    expect(eslintRun(dir, { cache: true })).toEqual(EXPECTED);
    const cacheFile = path.join(dir, DEFAULT_CACHE);
    const cache = readCache(cacheFile);
    const entry = cache.entries['lib/stack.ts'] as unknown as Record<string, unknown>;
    entry.facts = {};
    writeFileSync(cacheFile, JSON.stringify(cache));
    // This run reads the stack again (and writes its facts back), and so does every later one.
    expect(eslintRun(dir, { cache: true })).toEqual(EXPECTED);
    expect(readCache(cacheFile).entries['lib/stack.ts']?.facts.infra.mappings).toHaveLength(1);
    expect(eslintRun(dir, { cache: true })).toEqual(EXPECTED);
  });

  it('is written where cacheLocation says', () => {
    const dir = writeProject(PROJECT);
    expect(eslintRun(dir, { cacheLocation: '.cache/facts.json' })).toEqual(EXPECTED);
    expect(Object.keys(readCache(path.join(dir, '.cache/facts.json')).entries)).toHaveLength(2);
    expect(existsSync(path.join(dir, DEFAULT_CACHE))).toBe(false);
  });

  it('is ignored when it cannot be read or written: same findings, no error', () => {
    const dir = writeProject(PROJECT);
    mkdirSync(path.join(dir, 'node_modules/.cache/lambda-lint'), { recursive: true });
    writeFileSync(path.join(dir, DEFAULT_CACHE), '{ not json');
    expect(eslintRun(dir, { cache: true })).toEqual(EXPECTED);
    // A folder where the file should be: the cache cannot be written (whatever the user's rights).
    rmSync(path.join(dir, DEFAULT_CACHE));
    mkdirSync(path.join(dir, DEFAULT_CACHE));
    expect(eslintRun(dir, { cache: true })).toEqual(EXPECTED);
    // Nothing left behind: no temporary file, no lock.
    expect(readdirSync(path.join(dir, 'node_modules/.cache/lambda-lint'))).toEqual(['eslint-facts.json']);
  });
});

describe("the ESLint plugin's facts cache with ESLint's --concurrency", () => {
  it('keeps what every thread read', () => {
    // Enough files that both threads get some.
    const handlers = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`lambda/h${i}.ts`, HANDLER]));
    const dir = writeProject({ ...PROJECT, ...handlers });
    writeFileSync(
      path.join(dir, 'eslint.config.mjs'),
      `import plugin from ${JSON.stringify(path.join(ROOT, 'dist', 'index.js'))};\nexport default [plugin.configs.recommended, { settings: { 'lambda-lint': { cache: true } } }];\n`,
    );
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--concurrency', '2', '.'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      // Exit code 1: the findings.
      expect((error as { status?: number }).status).toBe(1);
    }
    expect(Object.keys(readCache(path.join(dir, DEFAULT_CACHE)).entries).sort()).toEqual(
      ['eslint.config.mjs', 'lambda/index.ts', 'lib/stack.ts', ...Object.keys(handlers)].sort(),
    );
  });
});

describe('writing a shared cache file', () => {
  const facts = (label: string) =>
    ({ exports: { names: {}, reexports: [] }, summaries: [], infra: {}, handlers: [], itemIdentifiers: [], asyncInvokeResultReads: [], powertoolsProcessors: [], label }) as unknown as FileFacts;

  it('merges what another writer saved in between, and takes over a lock left behind', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-cache-'));
    const file = path.join(dir, 'facts.json');
    const a = FactsCache.load(file, 'v');
    const b = FactsCache.load(file, 'v');
    a.set('a.ts', { hash: '1', kind: 'prepared', facts: facts('a'), directives: [] });
    b.set('b.ts', { hash: '2', kind: 'prepared', facts: facts('b'), directives: [] });
    expect(a.save(() => true)).toBeUndefined();
    // A lock from a writer that died long ago.
    writeFileSync(`${file}.lock`, '');
    utimesSync(`${file}.lock`, new Date(0), new Date(0));
    expect(b.save(() => true)).toBeUndefined();
    expect(Object.keys(readCache(file).entries).sort()).toEqual(['a.ts', 'b.ts']);
    expect(readdirSync(dir)).toEqual(['facts.json']);
  });

  it('writes anyway when a live lock is not released in time', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-cache-'));
    const file = path.join(dir, 'facts.json');
    writeFileSync(`${file}.lock`, '');
    const cache = FactsCache.load(file, 'v');
    cache.set('a.ts', { hash: '1', kind: 'prepared', facts: facts('a'), directives: [] });
    const started = Date.now();
    expect(cache.save(() => true)).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(Object.keys(readCache(file).entries)).toEqual(['a.ts']);
  });
});
