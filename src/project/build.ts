/**
 * The one way both front-ends build a project model: the facts they already have (the CLI's
 * analysed files, the editor's current file), the infrastructure files of the project read up
 * front, and everything else (handlers, imported modules) read when a link reaches it.
 */
import { PYTHON_CDK_MARKER } from '../dialects/cdk/python/extract.js';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { INFRA_SCRIPT_MARKERS } from '../analyzers/index.js';
import { isServerlessModule, SERVERLESS_FRAGMENT_MARKERS } from '../dialects/serverless/typescript.js';
import { isScriptFile } from '../core/ast.js';
import { isBundlerConfig } from '../analyzers/code/bundles.js';
import { adapterFor } from '../dialects/index.js';
import type { FileFacts } from '../model/facts.js';
import type { FactsStore } from './facts-store.js';
import type { ModuleResolver } from './modules.js';
import { ProjectModel } from './project.js';
import { instantiateTerraformModules } from './terraform-instances.js';

/** Scripts that may hold infrastructure: CDK, Pulumi, SST, and Serverless functions defined apart from serverless.ts. */
const SCRIPT_MARKERS = [...INFRA_SCRIPT_MARKERS, ...SERVERLESS_FRAGMENT_MARKERS];

/** What marks a file as infrastructure, to be read before any link is followed: by its dialect. */
const PYTHON_CDK_MARKERS = [PYTHON_CDK_MARKER];

export function infraMarkersOf(file: string): readonly string[] {
  if (isServerlessModule(file)) return ['functions'];
  if (isBundlerConfig(file)) return ['entry'];
  if (isScriptFile(file)) return SCRIPT_MARKERS;
  // Python modules are handler code, read when a function links them (or a check asks), unless
  // they are a CDK app's (they import aws_cdk).
  if (path.extname(file).toLowerCase() === '.py') return PYTHON_CDK_MARKERS;
  return adapterFor(file)?.markers ?? [];
}

export interface ProjectInput {
  root: string;
  /** Every file of the project (the listing under the root, after ignores). */
  files: readonly string[];
  /** Facts the caller already has; they win over the store's. */
  known: ReadonlyMap<string, FileFacts>;
  store: FactsStore;
  /** A cheaper existence test than the file system, when the caller has a listing. */
  listed?: ReadonlySet<string>;
  modules?: ModuleResolver;
  /** Files of `known` read from a text that is not the one on disk (standard input). */
  edited?: ReadonlySet<string>;
}

/**
 * Whether a file is inside the project once links are resolved: a handler or a module that is a
 * symbolic link to a file outside the root is not read. Files of the listing are inside (the
 * listing is walked from the root without following links); others are checked by their real
 * path, once each.
 */
export class RealPathGuard {
  private readonly realRoot: string | undefined;
  private readonly checked = new Map<string, boolean>();

  constructor(
    root: string,
    private readonly listed: ReadonlySet<string> | undefined,
  ) {
    this.realRoot = realPath(root);
  }

  allows(file: string): boolean {
    if (this.listed?.has(file)) return true;
    let allowed = this.checked.get(file);
    if (allowed === undefined) {
      const real = realPath(file);
      const rel = real === undefined || this.realRoot === undefined ? '..' : path.relative(this.realRoot, real);
      allowed = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
      this.checked.set(file, allowed);
    }
    return allowed;
  }
}

function realPath(file: string): string | undefined {
  try {
    return realpathSync.native(file);
  } catch {
    return undefined;
  }
}

/**
 * Templates a build step assembles from others (`Resources: !YAMLInclude a.yaml, b.yaml`): each
 * listed template of the project is read as part of the one listing it (its Globals, code folder).
 */
function assembleTemplates(facts: Map<string, FileFacts>, store: FactsStore, edited: ReadonlySet<string>): void {
  for (const [assembler, f] of [...facts]) {
    for (const fragment of f.infra.template?.fragments ?? []) {
      // A text given in place of the file's (standard input) is read as it is given.
      if (edited.has(fragment)) continue;
      const own = facts.get(fragment);
      const infra = own?.infra.template ? store.fragment(fragment, assembler) : undefined;
      if (own && infra) facts.set(fragment, { ...own, infra });
    }
  }
}

export function buildProjectModel(input: ProjectInput): ProjectModel {
  const { known, store, listed } = input;
  const guard = new RealPathGuard(input.root, listed);
  const facts = new Map(known);
  for (const file of input.files) {
    if (facts.has(file)) continue;
    const markers = infraMarkersOf(file);
    if (markers.length === 0) continue;
    const f = store.get(file, markers);
    if (f) facts.set(file, f);
  }
  assembleTemplates(facts, store, input.edited ?? new Set());
  const terraform = instantiateTerraformModules(facts, input.files, input.root);
  const model = new ProjectModel(
    input.root,
    facts,
    {
      load: (file) => known.get(file) ?? (guard.allows(file) ? store.get(file) : undefined),
      exists: (file) => listed?.has(file) === true || (existsSync(file) && guard.allows(file)),
      listing: () => input.files,
      summaries: (file) => (guard.allows(file) ? store.summaries(file) : undefined),
      handlers: (file) => (guard.allows(file) ? store.handlers(file) : undefined),
    },
    input.modules,
  );
  model.terraformModules = terraform;
  return model;
}
