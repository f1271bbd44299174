/**
 * Resolving an import specifier to a file of the project. Relative specifiers are resolved here
 * (with TypeScript's `.js` → `.ts` convention); bare specifiers (monorepo packages, tsconfig
 * `paths`) go through TypeScript's own module resolution, from ts-morph, with the nearest
 * tsconfig's options. Only files inside the project root are returned.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ts as TS } from 'ts-morph';

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

export class ModuleResolver {
  private readonly cache = new Map<string, string | null>();
  private readonly options = new Map<string, TS.CompilerOptions | null>();
  private readonly realInside = new Map<string, boolean>();
  private realRoot: string | undefined;
  private host: (TS.ParseConfigHost & TS.ModuleResolutionHost) | undefined;

  constructor(private readonly root: string) {}

  /** Forgets resolutions (files may have been added or moved since). */
  clear(): void {
    this.cache.clear();
  }

  resolve(specifier: string, fromFile: string): string | undefined {
    const key = `${fromFile}\0${specifier}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    let found: string | undefined;
    try {
      found = specifier.startsWith('.') || path.isAbsolute(specifier) ? this.relative(specifier, fromFile) : this.bare(specifier, fromFile);
    } catch {
      found = undefined;
    }
    if (found !== undefined && !this.inside(found)) found = undefined;
    this.cache.set(key, found ?? null);
    return found;
  }

  private relative(specifier: string, fromFile: string): string | undefined {
    const base = path.resolve(path.dirname(fromFile), specifier);
    const ext = path.extname(base);
    const candidates: string[] = [];
    for (const source of EMITTED_TO_SOURCE[ext] ?? []) candidates.push(base.slice(0, -ext.length) + source);
    if (SOURCE_EXTENSIONS.includes(ext)) candidates.push(base);
    for (const e of SOURCE_EXTENSIONS) candidates.push(base + e);
    for (const e of SOURCE_EXTENSIONS) candidates.push(path.join(base, `index${e}`));
    return candidates.find(isFile);
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
    const rel = path.relative(this.root, file);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  }
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
