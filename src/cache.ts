/**
 * `--cache`: facts of unchanged files are reused between runs, keyed on each file's content and
 * lambda-lint's version (facts do not depend on configuration: rules run on them afresh). Links
 * between files are always made again, so a changed file changes every finding that depends on it.
 * A missing, corrupt or foreign cache file is simply ignored.
 */
import { closeSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CommentLike } from './core/suppressions.js';
import { FACTS_SHAPE, type FileFacts } from './model/facts.js';
import type { LintResult } from './results.js';
import { readRegularText } from './util/read-file.js';
import { writeFileAtomic } from './util/write-file.js';

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
    const { entries, dropped } = readEntries(file, version);
    const cache = new FactsCache(file, version, entries);
    // Entries that were dropped are written out of the file even when nothing else changes.
    cache.changed = dropped > 0;
    return cache;
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
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      // With `keep`, other runs may be writing the same file (ESLint's threads each keep a cache
      // of the same project): read what they wrote and write the union under a lock.
      return keep ? withLock(this.file, () => this.write(keep)) : this.write(undefined);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  private write(keep: ((path: string) => boolean) | undefined): undefined {
    const entries: Record<string, CachedEntry> = {};
    if (keep) {
      // What this run read, then what other runs wrote since, then what this one used.
      const sources = [this.entries, readEntries(this.file, this.version).entries];
      for (const source of sources) for (const [p, entry] of Object.entries(source)) if (keep(p)) entries[p] = entry;
    }
    Object.assign(entries, this.used);
    const data: CacheFile = { tool: 'lambda-lint', version: this.version, entries };
    writeFileAtomic(this.file, JSON.stringify(data));
    this.changed = false;
    return undefined;
  }
}

/** How long a writer waits for another, and when a lock left behind (a killed process) is taken over. */
const LOCK_WAIT_MS = 2000;
const STALE_LOCK_MS = 10_000;

/** Runs `write` holding `<file>.lock`; after waiting in vain, or where no lock can be made, writes anyway. */
function withLock<T>(file: string, write: () => T): T {
  const lock = `${file}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  let fd: number | undefined;
  while (fd === undefined) {
    try {
      fd = openSync(lock, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || Date.now() > deadline) break;
      if (isStale(lock)) rmSync(lock, { force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
  try {
    return write();
  } finally {
    if (fd !== undefined) {
      closeSync(fd);
      rmSync(lock, { force: true });
    }
  }
}

function isStale(lock: string): boolean {
  try {
    return Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS;
  } catch {
    return false;
  }
}

/**
 * The entries of a cache file of this version; none when it is missing, unreadable or foreign.
 * Entries that do not have an entry's shape (a file edited by hand, cut short, or written by a
 * build with a bug) are left out, and `dropped` counts them: they are read again from their
 * files, and the cache is written anew.
 */
function readEntries(file: string, version: string): { entries: Record<string, CachedEntry>; dropped: number } {
  let raw: Partial<CacheFile> | null;
  try {
    // Only a regular file: a named pipe in its place would wait for a writer forever.
    raw = JSON.parse(readRegularText(file)) as Partial<CacheFile> | null;
  } catch {
    return { entries: {}, dropped: 0 }; // No cache yet, or one that cannot be read.
  }
  if (!isObject(raw) || raw.tool !== 'lambda-lint' || raw.version !== version || !isObject(raw.entries)) return { entries: {}, dropped: 0 };
  const entries: Record<string, CachedEntry> = {};
  let dropped = 0;
  for (const [key, entry] of Object.entries(raw.entries)) {
    if (isEntry(entry)) entries[key] = entry;
    else dropped++;
  }
  return { entries, dropped };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const SHAPE = Object.entries(FACTS_SHAPE).map(([key, kind]) => ({ key, array: kind.startsWith('array'), optional: kind.endsWith('?') }));

/** The top-level shape of an entry and of its facts (what is inside them is FACTS_FORMAT's to vouch for). */
function isEntry(entry: unknown): entry is CachedEntry {
  if (!isObject(entry) || typeof entry.hash !== 'string') return false;
  if (entry.kind === 'prepared') {
    const { facts, directives } = entry;
    return (
      isObject(facts) &&
      SHAPE.every(({ key, array, optional }) => (facts[key] === undefined ? optional : array ? Array.isArray(facts[key]) : isObject(facts[key]))) &&
      Array.isArray(directives) &&
      directives.every((d) => isObject(d) && typeof d.value === 'string' && typeof d.startLine === 'number' && typeof d.endLine === 'number')
    );
  }
  if (entry.kind === 'fatal') {
    const { result } = entry;
    return (
      isObject(result) &&
      typeof result.filePath === 'string' &&
      Array.isArray(result.messages) &&
      result.messages.every(isObject) &&
      Array.isArray(result.suppressedMessages) &&
      typeof result.errorCount === 'number'
    );
  }
  return false;
}
