/**
 * Which files a run reads. Walks directories without following links (no loops, nothing outside
 * the tree), skips dependency and build-output folders, and skips a `.js` that sits beside the
 * `.ts` it was compiled from (CDK apps compile in place), so nothing is reported twice. What git
 * ignores (untracked, excluded by its ignore rules) is skipped too, unless told otherwise.
 */
import { existsSync, lstatSync, readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { Minimatch } from 'minimatch';
import { isScriptFile } from './core/ast.js';
import { UsageError } from './errors.js';
import { adapterFor } from './dialects/index.js';
import { GitIgnored } from './gitignore.js';

/** Folders never walked into: dependencies, VCS data, tool caches and deployment artefacts. */
export const SKIPPED_DIRECTORIES = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  'cdk.out',
  '.serverless',
  '.aws-sam',
  '.sst',
  '.terraform',
  'coverage',
  // Yarn's own release, plugins, cache and unplugged packages: dependencies, never project code.
  '.yarn',
]);

const COMPILED_FROM: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

/** Scripts, and the files a dialect adapter claims (templates, serverless.yml, `.tf`). */
export function isAnalysable(filePath: string): boolean {
  return isScriptFile(filePath) || adapterFor(filePath) !== undefined;
}

export interface CollectOptions {
  /** What `ignores` patterns are relative to: the config file's folder (default: `cwd`). */
  ignoreBase?: string;
  /** A path that matches no file is a usage error (ESLint's "No files matching the pattern"). */
  errorOnUnmatched?: boolean;
  /** Skip what git ignores (untracked files its ignore rules exclude; default `true`); a path named on its own is always read. */
  gitignore?: boolean;
}

export function collectFiles(paths: readonly string[], cwd: string, ignores: readonly string[], options: CollectOptions = {}): string[] {
  const base = options.ignoreBase ?? cwd;
  const matchers = ignores.map((glob) => new Minimatch(glob, { dot: true }));
  const ignored = (abs: string): boolean => {
    const rel = path.relative(base, abs).split(path.sep).join('/');
    return matchers.some((m) => m.match(rel) || m.match(`${rel}/`));
  };
  const named = new Set<string>();
  const walked = new Set<string>();
  for (const given of paths.length > 0 ? paths : ['.']) {
    const abs = path.resolve(cwd, given);
    if (!existsSync(abs)) throw new UsageError(`No such file or directory: ${given}`);
    if (!statSync(abs).isDirectory()) {
      if (!ignored(abs)) named.add(abs);
      continue;
    }
    const before = walked.size;
    walk(abs, walked, ignored, options.gitignore === false ? undefined : GitIgnored.around(abs));
    if (options.errorOnUnmatched === true && walked.size === before && !alreadyFound(abs, walked, named)) {
      throw new UsageError(
        `No files matching "${given}" were found: it holds no file lambda-lint reads (scripts, CloudFormation/SAM templates, serverless.yml, Terraform), or they are all ignored. Pass --no-error-on-unmatched-pattern to allow it.`,
      );
    }
  }
  const files = new Set(named);
  for (const file of walked) if (!isCompiledCopy(file, walked)) files.add(file);
  return [...files].sort();
}

/** A path given twice (`src src/a.ts`) matches what an earlier one already found. */
function alreadyFound(abs: string, walked: ReadonlySet<string>, named: ReadonlySet<string>): boolean {
  if (named.has(abs) || walked.has(abs)) return true;
  const prefix = abs.endsWith(path.sep) ? abs : `${abs}${path.sep}`;
  for (const f of walked) if (f.startsWith(prefix)) return true;
  return false;
}

function walk(dir: string, found: Set<string>, ignored: (abs: string) => boolean, git: GitIgnored | undefined): void {
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    let entries: Dirent[];
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: nothing in it can be analysed, and nothing else is affected
    }
    for (const entry of entries) {
      const abs = path.join(current, entry.name);
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !ignored(abs) && !git?.ignores(abs, true)) stack.push(abs);
      } else if (entry.isFile() && isAnalysable(abs) && !ignored(abs) && !git?.ignores(abs, false)) {
        found.add(abs);
      }
    }
  }
}

function isCompiledCopy(file: string, found: Set<string>): boolean {
  const ext = path.extname(file);
  const sources = COMPILED_FROM[ext];
  if (!sources) return false;
  const base = file.slice(0, -ext.length);
  return sources.some((src) => found.has(base + src) || safeIsFile(base + src));
}

function safeIsFile(file: string): boolean {
  try {
    return lstatSync(file).isFile();
  } catch {
    return false;
  }
}
