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
import { ModuleResolver } from '../project/modules.js';
import { buildProjectModel, infraMarkersOf } from '../project/build.js';
import { warmAdaptersFor } from '../dialects/index.js';
import type { ProjectModel } from '../project/project.js';

/** How long a listing and its modification times are trusted. */
const REFRESH_MS = 2000;

interface RootState {
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
 * The facts the project already read for `file` from this very text (an infrastructure file, or
 * a handler an infrastructure file linked to, read before ESLint reached it): the rules then need
 * not extract them again from ESLint's AST.
 */
export function factsOnRecord(root: string, file: string, hash: string): FileFacts | undefined {
  return roots.get(path.resolve(root))?.store.factsOfText(file, hash);
}

export function projectFor(root: string, currentFile: string, currentFacts: FileFacts, currentHash: string): ProjectModel {
  const resolvedRoot = path.resolve(root);
  let state = roots.get(resolvedRoot);
  if (!state) {
    state = { store: new FactsStore(), modules: new ModuleResolver(resolvedRoot), checkedAt: 0, files: [], set: new Set(), model: undefined, modelVersion: -1 };
    roots.set(resolvedRoot, state);
  }
  refresh(resolvedRoot, state);
  // The file as ESLint sees it is the file on disk (an `eslint .` run): the shared model serves.
  if (state.set.has(currentFile) && state.store.hashOf(currentFile) === currentHash && state.model) return state.model;
  // Unsaved editor text, or a file outside the listing: a model with this file's live facts.
  return buildModel(resolvedRoot, state, currentFile, currentFacts);
}
