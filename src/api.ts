/**
 * The programmatic API; the CLI is a thin shell over it.
 *
 *   import { analyze } from 'lambda-lint/api';
 *   const { results } = await analyze(['infra'], { rules: { 'sqs-visibility-timeout': 'off' } });
 */
import './require-typescript.js';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, normaliseRuleId, type LambdaLintConfig } from './config.js';
import { presetSeverities, type Severity } from './configs.js';
import { checkFile, fromFacts, isPrepared, prepareFile, type PreparedFile } from './engine.js';
import { isScriptFile } from './core/ast.js';
import { adapterFor, warmAdaptersFor } from './dialects/index.js';
import { SNIFF_BYTES } from './dialects/adapter.js';
import { decodeUtf8, looseText } from './util/decode.js';
import { FactsCache } from './cache.js';
import { VERSION } from './version.js';
import { FACTS_FORMAT } from './model/facts.js';
import { UsageError } from './errors.js';
import { collectFiles } from './files.js';
import { readRegularFile } from './util/read-file.js';
import { fatalResult, type LintMessage, type LintResult, type NumericSeverity } from './results.js';
import { ruleModules } from './rules/index.js';
import { FactsStore, textHash } from './project/facts-store.js';
import { buildProjectModel } from './project/build.js';
import { applyBaseline, createBaseline, fingerprint, type Baseline } from './baseline.js';
import type { ProjectModel } from './project/project.js';

export { UsageError } from './errors.js';
export type { LintMessage, LintResult } from './results.js';
export type { Severity } from './configs.js';
export type { Baseline } from './baseline.js';
export { buildGraph, graphToMermaid, type Graph } from './graph.js';

export interface AnalyzeOptions {
  /** Base for relative paths and where the config file is looked for. Default: `process.cwd()`. */
  cwd?: string;
  /** A config file to use instead of `lambda-lint.config.json` in `cwd`; `false` for none. */
  configFile?: string | false;
  /** A config object, used instead of any file. */
  config?: Partial<LambdaLintConfig>;
  /** Severity overrides by rule id (with or without the `lambda-lint/` prefix), applied last. */
  rules?: Readonly<Record<string, Severity>>;
  /** Analyse only the `index`-th (1-based) of `count` slices of the files; links still span the project. */
  shard?: { index: number; count: number };
  /** Findings already recorded: reported as suppressed, not as problems. */
  baseline?: Baseline;
  /** Reuse the facts of unchanged files from this cache file (and update it). */
  cacheFile?: string;
  /**
   * A path that matches no file lambda-lint reads (a folder without any, or only ignored files) is
   * a usage error, as in ESLint. Default `true`.
   */
  errorOnUnmatchedPattern?: boolean;
  /** Skip the files `.gitignore` files ignore (a file named on its own is always read). Default `true`. */
  gitignore?: boolean;
  /**
   * Report suppression directives that suppress nothing (`lambda-lint-disable…`, and the
   * `lambda-lint/…` rules an `eslint-disable…` lists), as ESLint's `reportUnusedDisableDirectives`.
   * Default `'off'`.
   */
  reportUnusedDisableDirectives?: Severity;
  /**
   * Analyse this text as the file `filePath` (relative to `cwd`) instead of the given paths, with
   * the rest of the project read from disk for the links (ESLint's `--stdin --stdin-filename`).
   */
  stdin?: { text: string; filePath: string };
  /** Called as files are read and checked. */
  onProgress?: (done: number, total: number, phase: 'reading' | 'checking') => void;
}

export interface AnalyzeResult {
  results: LintResult[];
  errorCount: number;
  warningCount: number;
  fatalErrorCount: number;
  /** Files whose analysis hit a bug in lambda-lint (reported on the file; the CLI exits 2). */
  internalErrorCount: number;
  /** The rules that ran, by bare id, with their severity. */
  enabledRules: ReadonlyMap<string, NumericSeverity>;
  configFile: string | undefined;
  /** The linked project (for `--print-graph`). */
  project: ProjectModel;
  /** How many findings the baseline hid. */
  baselinedCount: number;
  /** With `cacheFile`: how many files came from the cache, and why the cache could not be written. */
  cache: { hits: number; files: number; error: string | undefined } | undefined;
  /** Today's findings as a baseline (for `--write-baseline`). */
  toBaseline(): Baseline;
  /** A fingerprint of the code a message points at (the baseline's), stable when lines above it change. */
  fingerprint(filePath: string, message: LintMessage): string;
}

/**
 * Analyses the files under `paths`. Rejects with `UsageError` for bad arguments or configuration,
 * never for bad files.
 */
export function analyze(paths: readonly string[], options: AnalyzeOptions = {}): Promise<AnalyzeResult> {
  try {
    return Promise.resolve(analyzeSync(paths, options));
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/** `analyze`, synchronously: throws `UsageError` for bad arguments or configuration. */
export function analyzeSync(paths: readonly string[], options: AnalyzeOptions = {}): AnalyzeResult {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const { config, file: configFile } = resolveConfig(cwd, options);
  const enabledRules = enabledRulesOf(config, options.rules ?? {});
  const ruleOptions = new Map(Object.entries(config.ruleOptions ?? {}));
  const unusedSeverity = options.reportUnusedDisableDirectives === 'error' ? 2 : options.reportUnusedDisableDirectives === 'warn' ? 1 : 0;
  const stdinFile = options.stdin ? path.resolve(cwd, options.stdin.filePath) : undefined;
  const all = stdinFile ? [stdinFile] : collectFiles(paths, cwd, config.ignores, { ignoreBase: config.base ?? cwd, errorOnUnmatched: options.errorOnUnmatchedPattern !== false, gitignore: options.gitignore !== false });
  const files = options.shard ? all.filter((f) => inShard(path.relative(cwd, f), options.shard as { index: number; count: number })) : all;

  // Phase one: every file to facts. Phase two: link the project, then check each file.
  const slots: (LintResult | PreparedFile)[] = [];
  let internalErrorCount = 0;
  warmAdaptersFor(files);
  const cache = options.cacheFile === undefined ? undefined : FactsCache.load(path.resolve(cwd, options.cacheFile), `${VERSION}+facts.${FACTS_FORMAT}`);
  for (const [i, file] of files.entries()) {
    const outcome = prepareOne(file, file === stdinFile ? undefined : cache, file === stdinFile ? options.stdin?.text : undefined);
    if (outcome.internal) internalErrorCount++;
    if (outcome.result) slots.push(outcome.result);
    options.onProgress?.(i + 1, files.length, 'reading');
  }
  const cacheError = cache?.save();
  const prepared = slots.filter(isPrepared);
  const root = projectRoot(cwd, paths);
  // Findings are reported for the files given; links are made across the whole project, so
  // that analysing one package still knows the infrastructure that feeds it.
  const projectFiles = collectFiles([root], root, config.ignores, { ignoreBase: config.base ?? cwd, errorOnUnmatched: false, gitignore: options.gitignore !== false });
  const project = buildProjectModel({
    root,
    files: projectFiles,
    known: new Map(prepared.map((p) => [p.filePath, p.facts])),
    store: new FactsStore(),
    listed: new Set(projectFiles),
    edited: new Set(stdinFile === undefined ? [] : [stdinFile]),
  });
  let results: LintResult[] = [];
  for (const [i, slot] of slots.entries()) {
    options.onProgress?.(i + 1, slots.length, 'checking');
    if (!isPrepared(slot)) {
      results.push(slot);
      continue;
    }
    try {
      results.push(checkFile(slot, enabledRules, project, ruleOptions, unusedSeverity));
    } catch (error) {
      internalErrorCount++;
      results.push(fatalResult(slot.filePath, `Internal error in lambda-lint while analysing this file: ${describe(error)}. Please report it.`));
    }
  }
  const texts = new Map(prepared.map((p) => [p.filePath, p.text]));
  const unfiltered = results;
  let baselinedCount = 0;
  if (options.baseline) {
    results = applyBaseline(results, texts, options.baseline, cwd);
    baselinedCount = sum(unfiltered, (r) => r.errorCount + r.warningCount) - sum(results, (r) => r.errorCount + r.warningCount);
  }
  return {
    project,
    baselinedCount,
    cache: cache ? { hits: cache.hits, files: files.length, error: cacheError } : undefined,
    toBaseline: () => createBaseline(unfiltered, texts, cwd),
    fingerprint: (filePath, message) => fingerprint(message, texts.get(filePath)),
    results,
    errorCount: sum(results, (r) => r.errorCount),
    warningCount: sum(results, (r) => r.warningCount),
    fatalErrorCount: sum(results, (r) => r.fatalErrorCount),
    internalErrorCount,
    enabledRules,
    configFile,
  };
}

const PROJECT_MARKERS = ['package.json', 'cdk.json', 'tsconfig.json', '.git'];

/**
 * The root that cross-file links may read inside. The working directory, when it is a project
 * (it has a package.json, cdk.json, tsconfig.json or .git) and holds every path given; otherwise
 * the nearest project folder holding them all. Nothing outside it is ever read.
 */
export function projectRoot(cwd: string, paths: readonly string[]): string {
  const absolute = (paths.length > 0 ? paths : ['.']).map((p) => path.resolve(cwd, p));
  const inside = (dir: string, p: string): boolean => {
    const rel = path.relative(dir, p);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  };
  const isProject = (dir: string): boolean => PROJECT_MARKERS.some((m) => existsSync(path.join(dir, m)));
  if (absolute.every((p) => inside(cwd, p)) && isProject(cwd)) return cwd;
  const first = absolute[0] as string;
  let common = existsSync(first) && statSync(first).isDirectory() ? first : path.dirname(first);
  while (!absolute.every((p) => inside(common, p)) && path.dirname(common) !== common) common = path.dirname(common);
  // The nearest project folder at or above the paths, but never above the working directory
  // when the paths are inside it.
  const limit = absolute.every((p) => inside(cwd, p)) ? cwd : path.parse(common).root;
  for (let dir = common; inside(limit, dir); dir = path.dirname(dir)) {
    if (isProject(dir)) return dir;
    if (dir === limit || path.dirname(dir) === dir) break;
  }
  return common;
}

/** Larger files are reported, not parsed: generated bundles and data, not code to lint. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

const MIB = 1024 * 1024;

/**
 * A size above the limit and the limit, so that the reader sees the one is above the other: in
 * MiB, or in bytes when the size would round to the limit itself ("10.0 MiB; the limit is 10 MiB").
 */
export function tooLarge(size: number, limit = MAX_FILE_BYTES): string {
  const mib = (size / MIB).toFixed(1);
  if (Number(mib) > limit / MIB) return `${mib} MiB; the limit is ${limit / MIB} MiB`;
  return `${grouped(size)} bytes; the limit is ${limit / MIB} MiB, ${grouped(limit)} bytes`;
}

/** 10485761 → 10,485,761. */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(?:\d{3})+$)/gu, ',');
}

/** `result` is `undefined` for a YAML/JSON file that is no dialect's document: not reported at all. */
function prepareOne(file: string, cache: FactsCache | undefined, given?: string): { result: LintResult | PreparedFile | undefined; internal: boolean } {
  if (given !== undefined) return prepareText(file, given, undefined);
  let read: ReturnType<typeof readRegularFile>;
  try {
    // Synchronous: one file after another is faster than awaiting each read on the thread pool.
    // Only a regular file is read: a named pipe given by name would wait for a writer forever.
    read = readRegularFile(file, MAX_FILE_BYTES);
  } catch (error) {
    return { result: fatalResult(file, `Cannot read file: ${describe(error)}`), internal: false };
  }
  const { bytes, size } = read;
  if (bytes === undefined) {
    // A large data file (a lockfile, a fixture) is not reported; a large template is.
    if (!isScriptFile(file) && !looksLikeDocument(file)) return { result: undefined, internal: false };
    return { result: fatalResult(file, `File too large to analyse (${tooLarge(size)}). Add it to "ignores" if it is generated.`), internal: false };
  }
  let text: string;
  try {
    text = decodeUtf8(bytes);
  } catch (error) {
    // A YAML or JSON file that is no template (binary data, a Latin-1 config) is skipped, as it
    // would be if it decoded: whether it is one is decided before it is decoded strictly.
    if (!isScriptFile(file) && !isDialectDocument(file, looseText(bytes))) return { result: undefined, internal: false };
    return { result: fatalResult(file, `Cannot read file: ${describe(error)}`), internal: false };
  }
  return prepareText(file, text, cache);
}

function prepareText(file: string, text: string, cache: FactsCache | undefined): { result: LintResult | PreparedFile | undefined; internal: boolean } {
  const hash = cache ? textHash(text) : '';
  const cached = cache?.get(file, hash);
  if (cached) return { result: cached.kind === 'prepared' ? fromFacts(file, text, cached.facts, cached.directives) : cached.result, internal: false };
  try {
    const result = prepareFile(file, text);
    if (result === undefined) return { result: undefined, internal: false };
    cache?.set(file, isPrepared(result) ? { hash, kind: 'prepared', facts: result.facts, directives: result.directives } : { hash, kind: 'fatal', result });
    return { result, internal: false };
  } catch (error) {
    // A bug in lambda-lint, not in the user's file: say so on the file and keep going.
    return {
      result: fatalResult(file, `Internal error in lambda-lint while analysing this file: ${describe(error)}. Please report it.`),
      internal: true,
    };
  }
}

/** Whether a text is one of its dialect's documents (an adapter that fails on it counts it as one). */
function isDialectDocument(file: string, text: string): boolean {
  const adapter = adapterFor(file);
  if (!adapter) return true;
  try {
    return adapter.read(file, text).kind !== 'skip';
  } catch {
    return true;
  }
}

/** Whether the first bytes of a file carry its dialect's markers. */
function looksLikeDocument(file: string): boolean {
  const adapter = adapterFor(file);
  if (!adapter) return false;
  let head = '';
  try {
    const fd = openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(SNIFF_BYTES);
      head = buffer.subarray(0, readSync(fd, buffer, 0, SNIFF_BYTES, 0)).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
  return adapter.markers.some((m) => head.includes(m));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function resolveConfig(cwd: string, options: AnalyzeOptions): { config: LambdaLintConfig; file: string | undefined } {
  if (options.config) {
    return {
      config: { preset: options.config.preset ?? 'recommended', rules: { ...options.config.rules }, ignores: [...(options.config.ignores ?? [])] },
      file: undefined,
    };
  }
  if (options.configFile === false) return { config: { preset: 'recommended', rules: {}, ignores: [] }, file: undefined };
  return loadConfig(cwd, options.configFile);
}

function enabledRulesOf(config: LambdaLintConfig, overrides: Readonly<Record<string, Severity>>): Map<string, NumericSeverity> {
  const severities: Record<string, Severity> = { ...presetSeverities(config.preset), ...config.rules };
  for (const [key, severity] of Object.entries(overrides)) {
    const id = normaliseRuleId(key);
    if (id === undefined) throw new UsageError(`Unknown rule "${key}" (known rules: ${Object.keys(ruleModules).join(', ')})`);
    severities[id] = severity;
  }
  const enabled = new Map<string, NumericSeverity>();
  for (const id of Object.keys(ruleModules)) {
    const s = severities[id];
    if (s === 'warn') enabled.set(id, 1);
    else if (s === 'error') enabled.set(id, 2);
  }
  return enabled;
}

/** A file's shard: a hash of its path relative to the working directory, so slices are stable. */
export function inShard(relativePath: string, shard: { index: number; count: number }): boolean {
  let hash = 0x811c9dc5;
  for (const char of relativePath.split(path.sep).join('/')) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shard.count === shard.index - 1;
}

function sum(results: LintResult[], pick: (r: LintResult) => number): number {
  return results.reduce((n, r) => n + pick(r), 0);
}
