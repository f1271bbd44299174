/**
 * Facts of files read from disk, cached by modification time and size, the way
 * eslint-plugin-import-x caches the modules it parses: a file is parsed again only when it
 * changed. "Cannot be parsed" is cached too.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import type { FactsCache } from '../cache.js';
import { extractFileFacts, handlersOfScript, summariesOfScript } from '../analyzers/index.js';
import type { FunctionSummary } from '../model/summaries.js';
import { defaultVisitorKeys, isScriptFile, parseScript, type Program } from '../core/ast.js';
import { adapterFor } from '../dialects/index.js';
import { withoutBom } from '../dialects/source-text.js';
import type { FileFacts, HandlerFact, InfraFacts } from '../model/facts.js';
import { readTemplateFragment } from '../dialects/cloudformation/template.js';
import { readRegularFile } from '../util/read-file.js';

interface Entry {
  mtimeMs: number;
  size: number;
  /** Whether the file was parsed (a file skipped for not mentioning any marker was not). */
  parsed: boolean;
  facts: FileFacts | undefined;
  /** Hash of the text the facts were read from. */
  hash: string | undefined;
}

/** Larger files are not read for cross-file facts (generated bundles, data). */
const MAX_BYTES = 2 * 1024 * 1024;

/** A regular file's text (without a BOM), when it is one and not too large. */
function textOf(file: string, stat: { isFile(): boolean }): string | undefined {
  try {
    const bytes = stat.isFile() ? readRegularFile(file, MAX_BYTES).bytes : undefined;
    return bytes === undefined ? undefined : withoutBom(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

export function textHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Facts kept on disk between runs, by path relative to `root` and text hash (the ESLint plugin's cache). */
export interface PersistedFacts {
  cache: FactsCache;
  root: string;
}

export class FactsStore {
  private readonly entries = new Map<string, Entry>();
  /** Bumped whenever any file's facts change: a model built at one version is valid until the next. */
  version = 0;

  constructor(readonly persisted?: PersistedFacts) {}

  /** Facts of `file` read from exactly the text hashed `hash`, in an earlier run. */
  persistedFacts(file: string, hash: string): FileFacts | undefined {
    const key = this.persistedKey(file);
    const entry = key === undefined ? undefined : this.persisted?.cache.get(key, hash);
    return entry?.kind === 'prepared' ? entry.facts : undefined;
  }

  /** Keeps facts read from the text hashed `hash` for the next run. */
  persist(file: string, hash: string, facts: FileFacts): void {
    const key = this.persistedKey(file);
    if (key !== undefined) this.persisted?.cache.set(key, { hash, kind: 'prepared', facts, directives: [] });
  }

  /** How the cache names `file`: its path from the project root, with `/` (none outside the root). */
  persistedKey(file: string): string | undefined {
    if (!this.persisted) return undefined;
    const rel = path.relative(this.persisted.root, file);
    return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
  }

  /**
   * The facts of `file`. With `markers`, a file whose text mentions none of them is not parsed
   * (and `undefined` returned): how a project model reads only the infrastructure files eagerly.
   */
  get(file: string, markers?: readonly string[]): FileFacts | undefined {
    let stat;
    try {
      stat = statSync(file);
    } catch {
      if (this.entries.delete(file)) this.version++;
      return undefined;
    }
    const cached = this.entries.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size && (cached.parsed || markers)) return cached.facts;
    return this.read(file, stat, markers, cached);
  }

  private read(file: string, stat: { mtimeMs: number; size: number; isFile(): boolean }, markers: readonly string[] | undefined, cached: Entry | undefined): FileFacts | undefined {
    const text = textOf(file, stat);
    const relevant = text !== undefined && (!markers || markers.some((m) => text.includes(m)));
    const hash = text === undefined ? undefined : textHash(text);
    let facts: FileFacts | undefined;
    if (relevant && text !== undefined && hash !== undefined) {
      facts = this.persistedFacts(file, hash);
      if (!facts) {
        facts = parseFacts(file, text);
        if (facts) this.persist(file, hash, facts);
      }
    }
    this.entries.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, parsed: relevant, facts, hash });
    // A model built before stays valid unless the text it may have read changed (a first read
    // gives what a model reading the file lazily would have read anyway).
    if (cached && cached.hash !== hash) this.version++;
    return facts;
  }

  private readonly fragments = new Map<string, { hashes: string; infra: InfraFacts | undefined }>();

  /**
   * The infrastructure of template `file` read as part of the template `assembler` that lists it
   * (its resources copied in by a build step): cached by both texts.
   */
  fragment(file: string, assembler: string): InfraFacts | undefined {
    const texts = [file, assembler].map((f) => {
      try {
        return textOf(f, statSync(f));
      } catch {
        return undefined;
      }
    });
    const [text, assemblerText] = texts;
    if (text === undefined || assemblerText === undefined) return undefined;
    const key = `${file}\0${assembler}`;
    const hashes = `${textHash(text)}${textHash(assemblerText)}`;
    const cached = this.fragments.get(key);
    if (cached?.hashes === hashes) return cached.infra;
    const infra = readTemplateFragment(file, text, assembler, assemblerText);
    this.fragments.set(key, { hashes, infra });
    return infra;
  }

  /**
   * Facts made elsewhere from `file`'s text (ESLint's AST of the file it lints), kept as the
   * file's when that text is the one on disk: the project then need not parse the file again.
   */
  record(file: string, hash: string, facts: FileFacts): void {
    const cached = this.entries.get(file);
    if (cached?.parsed && cached.hash === hash) return;
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return;
    }
    const text = textOf(file, stat);
    if (text === undefined || textHash(text) !== hash) return;
    this.entries.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, parsed: true, facts, hash });
    if (cached && cached.hash !== hash) this.version++;
  }

  /** Facts made on demand for files the facts skipped (or analysed only in part), by modification time and size. */
  private readonly onDemand = new Map<string, OnDemandEntry>();

  /**
   * The summaries of a script's functions: from its facts when they have them, else read from
   * the file (a module the facts skipped for mentioning nothing the extractors look for).
   */
  summaries(file: string): FunctionSummary[] | undefined {
    const known = this.entries.get(file)?.facts?.summaries;
    if (known) return known;
    const entry = this.onDemandEntry(file);
    if (!entry) return undefined;
    if (!('summaries' in entry.made)) entry.made.summaries = entry.read((parsed) => summariesOfScript(parsed.ast, parsed.text, file, defaultVisitorKeys()));
    return entry.made.summaries;
  }

  /**
   * Handler facts for every export of a script, whatever it mentions: for the file a function's
   * handler is in. Their summaries come with them (`summaries` returns the same ones after).
   */
  handlers(file: string): HandlerFact[] | undefined {
    const entry = this.onDemandEntry(file);
    if (!entry) return undefined;
    if (!('handlers' in entry.made)) {
      const made = entry.read((parsed) => handlersOfScript(parsed.ast, parsed.text, file, defaultVisitorKeys()));
      entry.made.handlers = made?.handlers;
      if (!this.entries.get(file)?.facts?.summaries) entry.made.summaries = made?.summaries;
    }
    return entry.made.handlers;
  }

  private onDemandEntry(file: string): OnDemandEntry | undefined {
    if (!isScriptFile(file)) return undefined;
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return undefined;
    }
    const cached = this.onDemand.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached;
    const entry: OnDemandEntry = {
      mtimeMs: stat.mtimeMs,
      size: stat.size,
      made: {},
      read: <T>(make: (parsed: { ast: Program; text: string }) => T): T | undefined => {
        try {
          const text = textOf(file, stat);
          const parsed = text === undefined ? undefined : parseScript(text, file, { comments: false });
          return parsed?.ok && text !== undefined ? make({ ast: parsed.ast, text }) : undefined;
        } catch {
          return undefined;
        }
      },
    };
    this.onDemand.set(file, entry);
    return entry;
  }

  /** Whether `file` was read as it is now on disk (a `get` would not read it again). */
  isCurrent(file: string): boolean {
    const cached = this.entries.get(file);
    if (!cached) return false;
    try {
      const stat = statSync(file);
      return cached.mtimeMs === stat.mtimeMs && cached.size === stat.size;
    } catch {
      return false;
    }
  }

  /** The facts last read for `file`, when they were read from exactly the text hashed `hash`. */
  factsOfText(file: string, hash: string): FileFacts | undefined {
    const entry = this.entries.get(file);
    return entry?.parsed && entry.hash === hash ? entry.facts : undefined;
  }

  /** The hash of the text last read for `file`, to tell whether an editor's text is the file's. */
  hashOf(file: string): string | undefined {
    return this.entries.get(file)?.hash;
  }
}

interface OnDemandEntry {
  mtimeMs: number;
  size: number;
  made: { summaries?: FunctionSummary[] | undefined; handlers?: HandlerFact[] | undefined };
  /** Parses the file as it is now and makes something of it (`undefined` when it cannot be read or parsed). */
  read<T>(make: (parsed: { ast: Program; text: string }) => T): T | undefined;
}

function parseFacts(file: string, text: string): FileFacts | undefined {
  try {
    const adapter = isScriptFile(file) ? undefined : adapterFor(file);
    if (adapter) {
      const outcome = adapter.read(file, text);
      return outcome.kind === 'facts' ? outcome.facts : undefined;
    }
    const parsed = parseScript(text, file, { comments: false });
    return parsed.ok ? extractFileFacts(parsed.ast, text, file, defaultVisitorKeys()) : undefined;
  } catch {
    return undefined;
  }
}
