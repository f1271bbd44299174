/**
 * The project model for rules that need other files, inside ESLint: built on demand per project
 * root (ESLint's cwd), other files' facts cached by modification time, the linted file's facts
 * taken live from the editor when its text differs from the file on disk. One model serves every
 * file of an `eslint .` run; the file listing and modification times are checked again at most
 * every two seconds, so a long-lived editor sees new and changed files.
 * `eslint --cache` can serve stale cross-file results: it skips a file whose own text is unchanged
 * even when the infrastructure it depends on changed.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FileFacts } from '../model/facts.js';
import { CONFIG_FILE_NAME, readConfigFile, validateIgnores } from '../config-file.js';
import { collectFiles } from '../files.js';
import { FactsStore } from '../project/facts-store.js';
import { FactsCache } from '../cache.js';
import { CACHE_FOLDER } from '../util/write-file.js';
import { VERSION } from '../version.js';
import { FACTS_FORMAT } from '../model/facts.js';
import { ModuleResolver } from '../project/modules.js';
import { buildProjectModel, infraMarkersOf } from '../project/build.js';
import { warmAdaptersFor } from '../dialects/index.js';
import type { ProjectModel } from '../project/project.js';

/** How long a listing and its modification times are trusted. */
const REFRESH_MS = 2000;

interface RootState {
  root: string;
  store: FactsStore;
  modules: ModuleResolver;
  checkedAt: number;
  files: string[];
  set: Set<string>;
  /** The model of the files as on disk, and the store version it was built at. */
  model: ProjectModel | undefined;
  modelVersion: number;
}

const roots = new Map<string, RootState>();

function refresh(root: string, state: RootState): void {
  const now = Date.now();
  if (state.model && now - state.checkedAt < REFRESH_MS) return;
  let files: string[] = [];
  try {
    files = collectFiles([root], root, ignoresOf(root));
  } catch {
    files = [];
  }
  const listingChanged = files.length !== state.files.length || files.some((f, i) => f !== state.files[i]);
  state.files = files;
  state.set = new Set(files);
  state.checkedAt = now;
  // Only what the store will read again (a long-lived editor lists the project every few seconds).
  warmAdaptersFor(files.filter((f) => !state.store.isCurrent(f)));
  for (const file of files) {
    const markers = infraMarkersOf(file);
    if (markers.length > 0) state.store.get(file, markers);
  }
  if (listingChanged) state.modules.clear();
  if (!state.model || listingChanged || state.store.version !== state.modelVersion) {
    state.model = buildModel(root, state, undefined, undefined);
    state.modelVersion = state.store.version;
  }
}

/**
 * The `ignores` of the root's lambda-lint.config.json, so that ESLint and the CLI see one project.
 * A broken config is the CLI's to report; ESLint links without it.
 */
function ignoresOf(root: string): string[] {
  const file = path.join(root, CONFIG_FILE_NAME);
  try {
    if (!existsSync(file)) return [];
    const raw = readConfigFile(file, file);
    return typeof raw === 'object' && raw !== null ? validateIgnores((raw as { ignores?: unknown }).ignores, file) : [];
  } catch {
    return [];
  }
}

function buildModel(root: string, state: RootState, currentFile: string | undefined, currentFacts: FileFacts | undefined): ProjectModel {
  return buildProjectModel({
    root,
    files: state.files,
    known: currentFile !== undefined && currentFacts ? new Map([[currentFile, currentFacts]]) : new Map(),
    store: state.store,
    listed: state.set,
    modules: state.modules,
  });
}

/**
 * `settings: { 'lambda-lint': { cache: true } }` in the ESLint config: keep facts between runs in
 * `node_modules/.cache/lambda-lint/eslint-facts.json` under ESLint's working directory (or in
 * `cacheLocation`), keyed on each file's content and lambda-lint's version, like the CLI's
 * `--cache`. Off unless asked for, as ESLint's own cache is.
 */
export interface PluginSettings {
  cache: boolean;
  cacheLocation: string | undefined;
}

export const SETTINGS_KEY = 'lambda-lint';
export const DEFAULT_ESLINT_CACHE = path.join('node_modules', CACHE_FOLDER, 'eslint-facts.json');

export function pluginSettings(settings: Readonly<Record<string, unknown>> | undefined): PluginSettings {
  const own = settings?.[SETTINGS_KEY];
  const raw = typeof own === 'object' && own !== null ? (own as Record<string, unknown>) : {};
  const cacheLocation = typeof raw.cacheLocation === 'string' && raw.cacheLocation !== '' ? raw.cacheLocation : undefined;
  return { cache: raw.cache === true || cacheLocation !== undefined, cacheLocation };
}

/** The project state of a root, made (with its cache, as the first file's settings ask) when first needed. */
function stateOf(root: string, settings: PluginSettings): RootState {
  // Asked for on every linted file: by the root as ESLint gives it first, resolving it only once.
  const known = roots.get(root);
  if (known) return known;
  const resolvedRoot = path.resolve(root);
  let state = roots.get(resolvedRoot);
  if (!state) {
    // Facts hold absolute paths (where a handler is): a cache written for the project in another
    // folder (a CI cache restored elsewhere, a moved checkout) is not used.
    const persisted = settings.cache
      ? { cache: FactsCache.load(path.resolve(resolvedRoot, settings.cacheLocation ?? DEFAULT_ESLINT_CACHE), `${VERSION}+facts.${FACTS_FORMAT}+eslint:${resolvedRoot}`), root: resolvedRoot }
      : undefined;
    state = { root: resolvedRoot, store: new FactsStore(persisted), modules: new ModuleResolver(resolvedRoot), checkedAt: 0, files: [], set: new Set(), model: undefined, modelVersion: -1 };
    roots.set(resolvedRoot, state);
    if (persisted) saveOnExit();
  }
  roots.set(root, state);
  return state;
}

let savingOnExit = false;

/** ESLint has no end-of-run hook for plugins: caches are written when the process ends. */
function saveOnExit(): void {
  if (savingOnExit) return;
  savingOnExit = true;
  process.once('exit', saveCaches);
}

/** Writes every root's cache that changed, dropping entries of files gone from the project. */
export function saveCaches(): void {
  for (const state of new Set(roots.values())) {
    const persisted = state.store.persisted;
    if (!persisted?.cache.changed) continue;
    const listed = new Set([...state.set].map((f) => state.store.persistedKey(f)));
    // Never fails the lint run: a cache that cannot be written is simply not there next time.
    persisted.cache.save((key) => state.set.size === 0 || listed.has(key));
  }
}

/**
 * The facts already known for `file` as it is now (`hash` of its text): read by the project
 * (infrastructure files, handlers they link to) before ESLint reached it, or kept from an earlier
 * run; the rules then need not extract them again from ESLint's AST.
 */
export function factsOnRecord(root: string, settings: PluginSettings, file: string, hash: string): FileFacts | undefined {
  const store = stateOf(root, settings).store;
  return store.factsOfText(file, hash) ?? store.persistedFacts(file, hash);
}

/**
 * Keeps the facts just extracted from ESLint's AST: as the file's own for the project model when
 * the text is the file on disk (so that the model does not parse it again), and for the next run
 * (with the cache on) unless they came from it.
 */
export function recordFacts(root: string, settings: PluginSettings, file: string, hash: string, facts: FileFacts, onRecord = false): void {
  const store = stateOf(root, settings).store;
  store.record(file, hash, facts);
  if (!onRecord) store.persist(file, hash, facts);
}

export function projectFor(root: string, settings: PluginSettings, currentFile: string, currentFacts: FileFacts, currentHash: string): ProjectModel {
  const state = stateOf(root, settings);
  const resolvedRoot = state.root;
  refresh(resolvedRoot, state);
  // The file as ESLint sees it is the file on disk (an `eslint .` run): the shared model serves.
  if (state.set.has(currentFile) && state.store.hashOf(currentFile) === currentHash && state.model) return state.model;
  // Unsaved editor text (a keystroke): the shared model with this file's live facts, when the edit
  // leaves what the infrastructure reads of it (its infrastructure facts, its exports) as on disk.
  if (state.set.has(currentFile) && state.model) {
    const onDisk = state.model.files.get(currentFile) ?? state.store.get(currentFile);
    if (onDisk && sameForInfrastructure(onDisk, currentFacts)) return state.model.withFile(currentFile, currentFacts);
  }
  // Otherwise (a file outside the listing, an edit of the infrastructure): a model of its own.
  return buildModel(resolvedRoot, state, currentFile, currentFacts);
}

/** Whether two versions of a file give the project the same infrastructure and the same exports. */
function sameForInfrastructure(a: FileFacts, b: FileFacts): boolean {
  return JSON.stringify(a.infra) === JSON.stringify(b.infra) && JSON.stringify(a.exports) === JSON.stringify(b.exports);
}
