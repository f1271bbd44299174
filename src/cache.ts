/**
 * `--cache`: facts of unchanged files are reused between runs, keyed on each file's content and
 * lambda-lint's version (facts do not depend on configuration: rules run on them afresh). Links
 * between files are always made again, so a changed file changes every finding that depends on it.
 * A missing, corrupt or foreign cache file is simply ignored.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CommentLike } from './core/suppressions.js';
import type { FileFacts } from './model/facts.js';
import type { LintResult } from './results.js';

export const CACHE_FILE_NAME = '.lambda-lint-cache';

type CachedEntry =
  | { hash: string; kind: 'prepared'; facts: FileFacts; directives: CommentLike[] }
  | { hash: string; kind: 'fatal'; result: LintResult };

interface CacheFile {
  tool: 'lambda-lint';
  version: string;
  entries: Record<string, CachedEntry>;
}

export class FactsCache {
  private readonly entries: Record<string, CachedEntry>;
  private readonly used: Record<string, CachedEntry> = {};
  hits = 0;
  /** Whether an entry was added or replaced since the file was read or written. */
  changed = false;

  private constructor(
    private readonly file: string,
    private readonly version: string,
    entries: Record<string, CachedEntry>,
  ) {
    this.entries = entries;
  }

  static load(file: string, version: string): FactsCache {
    try {
      const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheFile>;
      if (raw.tool === 'lambda-lint' && raw.version === version && raw.entries && typeof raw.entries === 'object') {
        return new FactsCache(file, version, raw.entries);
      }
    } catch {
      // No cache yet, or one that cannot be read: start empty.
    }
    return new FactsCache(file, version, {});
  }

  get(path: string, hash: string): CachedEntry | undefined {
    const entry = this.entries[path];
    if (!entry || entry.hash !== hash) return undefined;
    this.used[path] = entry;
    this.hits++;
    return entry;
  }

  set(path: string, entry: CachedEntry): void {
    this.used[path] = entry;
    this.changed = true;
  }

  /**
   * Writes the entries of this run: by default only those (files no longer analysed drop out);
   * with `keep`, also the earlier entries it accepts (a run that read part of the project, as an
   * editor does). Creates the folder. Never fails the run: returns why it could not write.
   */
  save(keep?: (path: string) => boolean): string | undefined {
    const entries: Record<string, CachedEntry> = {};
    if (keep) for (const [p, entry] of Object.entries(this.entries)) if (keep(p)) entries[p] = entry;
    Object.assign(entries, this.used);
    const data: CacheFile = { tool: 'lambda-lint', version: this.version, entries };
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileSync(tmp, JSON.stringify(data));
      renameSync(tmp, this.file);
      this.changed = false;
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
}
