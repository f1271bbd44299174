/**
 * Resolving an import specifier to a file of the project. Relative specifiers are resolved here
 * (with TypeScript's `.js` → `.ts` convention); bare specifiers (monorepo packages, tsconfig
 * `paths`) go through TypeScript's own module resolution, from ts-morph, with the nearest
 * tsconfig's options. Only files inside the project root are returned.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ts as TS } from 'ts-morph';
import { pythonModuleBases, pythonModuleFiles } from '../analyzers/python/modules.js';

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** `./x.js` in TypeScript source names `./x.ts`. */
const EMITTED_TO_SOURCE: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
  '.jsx': ['.tsx'],
};

let tsModule: typeof TS | undefined;

/** ts-morph (and its TypeScript) is loaded only when a bare specifier needs resolving. */
function typescript(): typeof TS {
  tsModule ??= (createRequire(import.meta.url)('ts-morph') as { ts: typeof TS }).ts;
  return tsModule;
}

/**
 * Folders that hold a build's output (tsc's `outDir`, esbuild's and webpack's `outdir`, Serverless
 * and SAM packaging). `lib` is not among them: in CDK apps it is source.
 */
export const BUILD_OUTPUT_DIRECTORIES: ReadonlySet<string> = new Set(['dist', 'out', 'build', '.build', 'bundle', 'bundles', '.esbuild', '.webpack']);
/**
 * Folders a package's `main` or a subpath may point into that hold a build of its `src`, read only
 * when the build is not there: the build folders, and a package's `lib`, `esm`, `cjs`.
 */
const PACKAGE_BUILD_FOLDERS: ReadonlySet<string> = new Set([...BUILD_OUTPUT_DIRECTORIES, 'lib', 'esm', 'cjs']);
/** Package manifests read, at most, to find the project's own packages. */
const MAX_PACKAGES = 2000;

export class ModuleResolver {
  private readonly cache = new Map<string, string | null>();
  /** Relative imports by the path they name (many files import the same module). */
  private readonly byBase = new Map<string, string | null>();
  private listing: (() => readonly string[]) | undefined;
  private packages: Map<string, string> | undefined;
  private readonly options = new Map<string, TS.CompilerOptions | null>();
  private readonly realInside = new Map<string, boolean>();
  private realRoot: string | undefined;
  private host: (TS.ParseConfigHost & TS.ModuleResolutionHost) | undefined;

  constructor(private readonly root: string) {}

  /** Forgets resolutions (files may have been added or moved since). */
  clear(): void {
    this.cache.clear();
    this.byBase.clear();
    this.packages = undefined;
  }

  /**
   * The project's files, for finding its own packages (a monorepo's workspaces, by the `name` of
   * each package.json) when `node_modules` is not installed.
   */
  useListing(listing: () => readonly string[]): void {
    this.listing = listing;
  }

  resolve(specifier: string, fromFile: string): string | undefined {
    const key = `${fromFile}\0${specifier}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    let found: string | undefined;
    if (fromFile.endsWith('.py')) {
      // A Python import (a CDK app's modules): \`stacks.orders\`, \`.constructs\`.
      found = pythonModuleBases(fromFile, specifier).flatMap(pythonModuleFiles).find(isFile);
      if (found !== undefined && !this.inside(found)) found = undefined;
      this.cache.set(key, found ?? null);
      return found;
    }
    const bare = !specifier.startsWith('.') && !path.isAbsolute(specifier);
    try {
      found = bare ? this.bare(specifier, fromFile) : this.relative(specifier, fromFile);
    } catch {
      found = undefined;
    }
    // `/opt/nodejs/x` (a Lambda layer's path at run time) mapped by tsconfig `paths`: TypeScript
    // applies them to rooted names too.
    if (found === undefined && !bare && !specifier.startsWith('.')) {
      try {
        found = this.bare(specifier, fromFile);
      } catch {
        found = undefined;
      }
    }
    if (found === undefined && bare) found = this.workspacePackage(specifier);
    if (found !== undefined && !this.inside(found)) found = undefined;
    this.cache.set(key, found ?? null);
    return found;
  }

  private relative(specifier: string, fromFile: string): string | undefined {
    const base = path.resolve(path.dirname(fromFile), specifier);
    const known = this.byBase.get(base);
    if (known !== undefined) return known ?? undefined;
    const found = candidatesOf(base).find(isFile);
    this.byBase.set(base, found ?? null);
    return found;
  }

  /**
   * TypeScript's file system, kept inside the root: a path outside it (an `extends` that climbs
   * out, a `paths` entry or a package behind a link to `/`) does not exist, and directories are
   * never listed (only a config's options are needed, not the files it includes: listing follows
   * links, and one to `/` lists the whole file system).
   */
  private guardedHost(): TS.ParseConfigHost & TS.ModuleResolutionHost {
    if (this.host) return this.host;
    const sys = typescript().sys;
    const allowed = (p: string): boolean => this.inside(p) && this.insideReally(p);
    this.host = {
      useCaseSensitiveFileNames: sys.useCaseSensitiveFileNames,
      readDirectory: () => [],
      fileExists: (f) => allowed(f) && sys.fileExists(f),
      readFile: (f) => (allowed(f) ? sys.readFile(f) : undefined),
      directoryExists: (d) => allowed(d) && sys.directoryExists(d),
      realpath: (p) => (allowed(p) && sys.realpath ? sys.realpath(p) : p),
      getCurrentDirectory: () => this.root,
    };
    return this.host;
  }

  /** Whether a path exists and its real path is inside the root's (checked once per path). */
  private insideReally(p: string): boolean {
    let known = this.realInside.get(p);
    if (known === undefined) {
      this.realRoot ??= realpathOrUndefined(this.root) ?? this.root;
      const real = realpathOrUndefined(p);
      const rel = real === undefined ? '..' : path.relative(this.realRoot, real);
      known = rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
      this.realInside.set(p, known);
    }
    return known;
  }

  private bare(specifier: string, fromFile: string): string | undefined {
    const ts = typescript();
    const options = this.compilerOptions(fromFile);
    const result = ts.resolveModuleName(specifier, fromFile, options, this.guardedHost());
    const resolved = result.resolvedModule?.resolvedFileName;
    if (!resolved || resolved.endsWith('.d.ts') || resolved.includes(`${path.sep}node_modules${path.sep}`) && !this.inside(realpathSync(resolved))) return undefined;
    return realpathSync(resolved);
  }

  /**
   * A package of the project itself, by its package.json `name` (`@app/shared`, `@app/shared/lib/x`):
   * its source, also when the specifier or the package's `main` points into a build that is not
   * there (`lib/x` ← `src/x.ts`, `dist/index.js` ← `src/index.ts`).
   */
  private workspacePackage(specifier: string): string | undefined {
    const parts = specifier.split('/');
    const length = specifier.startsWith('@') ? 2 : 1;
    const dir = this.packageDirs().get(parts.slice(0, length).join('/'));
    if (dir === undefined) return undefined;
    const sub = parts.slice(length).join('/');
    const inside = (rel: string): string | undefined => this.relative(`./${rel}`, path.join(dir, 'package.json')) ?? this.fromBuild(dir, rel);
    let manifest: Record<string, unknown> = {};
    try {
      manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    } catch {
      manifest = {};
    }
    // `exports`: the subpath's target (`"./*": "./src/*.ts"`), else the path as written.
    const exported = exportTarget(manifest.exports, sub === '' ? '.' : `./${sub}`);
    if (sub !== '') return (exported === undefined ? undefined : inside(exported.replace(/^\.\//u, ''))) ?? inside(sub);
    const entries = [manifest.source, exported, manifest.main, manifest.module, manifest.types].filter((e): e is string => typeof e === 'string');
    for (const entry of entries) {
      const found = inside(entry.replace(/^\.\//u, ''));
      if (found && !found.endsWith('.d.ts')) return found;
    }
    return this.relative('./src/index', path.join(dir, 'package.json')) ?? this.relative('./index', path.join(dir, 'package.json'));
  }

  /** `lib/app/x` (a build of the package not in the repository) → `src/app/x.ts`. */
  private fromBuild(dir: string, rel: string): string | undefined {
    const [first, ...rest] = rel.split('/');
    if (first === undefined || !PACKAGE_BUILD_FOLDERS.has(first) || rest.length === 0) return undefined;
    const module = rest.join('/').replace(/\.d\.ts$/u, '').replace(/\.[cm]?jsx?$/u, '');
    return this.relative(`./src/${module}`, path.join(dir, 'package.json'));
  }

  /** The project's own packages: `name` → folder, from the package.json files of its listing. */
  private packageDirs(): Map<string, string> {
    if (this.packages) return this.packages;
    const packages = new Map<string, string>();
    const manifests = (this.listing?.() ?? []).filter((f) => path.basename(f) === 'package.json' && !f.includes(`${path.sep}node_modules${path.sep}`)).slice(0, MAX_PACKAGES);
    for (const file of manifests) {
      try {
        const name = (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name;
        if (typeof name === 'string' && name !== '' && !packages.has(name)) packages.set(name, path.dirname(file));
      } catch {
        // not JSON: not a package
      }
    }
    this.packages = packages;
    return packages;
  }

  /** The options of the nearest tsconfig.json between the file and the root. */
  private compilerOptions(fromFile: string): TS.CompilerOptions {
    const ts = typescript();
    let dir = path.dirname(fromFile);
    for (;;) {
      const config = path.join(dir, 'tsconfig.json');
      if (existsSync(config)) {
        const cached = this.options.get(config);
        if (cached !== undefined) return cached ?? {};
        const host = this.guardedHost();
        const read = ts.readConfigFile(config, (f) => host.readFile(f));
        const parsed = read.error ? undefined : ts.parseJsonConfigFileContent(read.config, host, dir, undefined, config);
        const options = parsed?.options ?? { moduleResolution: ts.ModuleResolutionKind.Bundler };
        this.options.set(config, options);
        return options;
      }
      if (dir === this.root || path.dirname(dir) === dir || !this.inside(dir)) break;
      dir = path.dirname(dir);
    }
    return { moduleResolution: ts.ModuleResolutionKind.Bundler, allowJs: true };
  }

  private inside(file: string): boolean {
    // Most paths are already normal and absolute: a prefix test settles them without path.relative.
    if (path.isAbsolute(file) && !file.includes(`${path.sep}..`) && !file.includes(`${path.sep}.${path.sep}`)) {
      const root = this.root.endsWith(path.sep) ? this.root : `${this.root}${path.sep}`;
      return file === this.root || file.startsWith(root);
    }
    const rel = path.relative(this.root, file);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  }
}

/** The files a relative import of `base` may be, in the order Node.js and bundlers try them (a `.js` written for its `.ts` source first). */
function candidatesOf(base: string): string[] {
  const ext = path.extname(base);
  const candidates: string[] = [];
  for (const source of EMITTED_TO_SOURCE[ext] ?? []) candidates.push(base.slice(0, -ext.length) + source);
  if (SOURCE_EXTENSIONS.includes(ext)) candidates.push(base);
  for (const e of SOURCE_EXTENSIONS) candidates.push(base + e);
  for (const e of SOURCE_EXTENSIONS) candidates.push(path.join(base, `index${e}`));
  return candidates;
}

function realpathOrUndefined(p: string): string | undefined {
  try {
    return realpathSync.native(p);
  } catch {
    return undefined;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * What a package's `exports` maps a subpath to (`.`, `./x`, or a `./*` pattern): a string, or the
 * first of the `source`, `import`, `default`, `require` and `types` conditions that is one.
 */
function exportTarget(field: unknown, subpath: string): string | undefined {
  const pick = (value: unknown, star?: string): string | undefined => {
    if (typeof value === 'string') return star === undefined ? value : value.split('*').join(star);
    if (value && typeof value === 'object') {
      const conditions = value as Record<string, unknown>;
      for (const c of ['source', 'import', 'default', 'require', 'node', 'types']) {
        const found = pick(conditions[c], star);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  if (typeof field === 'string') return subpath === '.' ? field : undefined;
  if (!field || typeof field !== 'object') return undefined;
  const map = field as Record<string, unknown>;
  if (!Object.keys(map).some((k) => k.startsWith('.'))) return subpath === '.' ? pick(map) : undefined;
  if (subpath in map) return pick(map[subpath]);
  for (const [key, value] of Object.entries(map)) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const [before, after] = [key.slice(0, star), key.slice(star + 1)];
    if (subpath.startsWith(before) && subpath.endsWith(after) && subpath.length >= before.length + after.length) return pick(value, subpath.slice(before.length, subpath.length - after.length));
  }
  return undefined;
}
