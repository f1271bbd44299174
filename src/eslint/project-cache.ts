/**
 * The project model for rules that need other files, inside ESLint: built on demand per project
 * root (ESLint's cwd), other files' facts cached by modification time, the linted file's facts
 * taken live from the editor. `eslint --cache` can serve stale cross-file results: it skips a
 * file whose own text is unchanged even when the infrastructure it depends on changed.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FileFacts } from '../model/facts.js';
import { collectFiles } from '../files.js';
import { FactsStore } from '../project/facts-store.js';
import { ModuleResolver } from '../project/modules.js';
import { ProjectModel } from '../project/project.js';

/** How long a directory listing is trusted, so that new files appear while an editor stays open. */
const LISTING_TTL_MS = 2000;

interface RootState {
  store: FactsStore;
  modules: ModuleResolver;
  listing: { at: number; files: string[]; set: Set<string> } | undefined;
}

const roots = new Map<string, RootState>();

function listing(root: string, state: RootState): { files: string[]; set: Set<string> } {
  const now = Date.now();
  if (!state.listing || now - state.listing.at > LISTING_TTL_MS) {
    let files: string[] = [];
    try {
      files = collectFiles([root], root, []);
    } catch {
      files = [];
    }
    state.listing = { at: now, files, set: new Set(files) };
    state.modules.clear();
  }
  return state.listing;
}

export function projectFor(root: string, currentFile: string, currentFacts: FileFacts): ProjectModel {
  const resolvedRoot = path.resolve(root);
  let state = roots.get(resolvedRoot);
  if (!state) {
    state = { store: new FactsStore(), modules: new ModuleResolver(resolvedRoot), listing: undefined };
    roots.set(resolvedRoot, state);
  }
  const { files, set } = listing(resolvedRoot, state);
  const facts = new Map<string, FileFacts>();
  for (const file of files) {
    if (file === currentFile) continue;
    const f = state.store.get(file);
    if (f) facts.set(file, f);
  }
  facts.set(currentFile, currentFacts);
  const store = state.store;
  return new ProjectModel(
    resolvedRoot,
    facts,
    {
      load: (file) => (file === currentFile ? currentFacts : store.get(file)),
      exists: (file) => set.has(file) || existsSync(file),
    },
    state.modules,
  );
}
