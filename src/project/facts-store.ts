/**
 * Facts of files read from disk, cached by modification time and size, the way
 * eslint-plugin-import-x caches the modules it parses: a file is parsed again only when it
 * changed. "Cannot be parsed" is cached too.
 */
import { readFileSync, statSync } from 'node:fs';
import { extractFileFacts } from '../analyzers/index.js';
import { defaultVisitorKeys, parseScript } from '../core/ast.js';
import type { FileFacts } from '../model/facts.js';

interface Entry {
  mtimeMs: number;
  size: number;
  facts: FileFacts | undefined;
}

/** Larger files are not read for cross-file facts (generated bundles, data). */
const MAX_BYTES = 2 * 1024 * 1024;

export class FactsStore {
  private readonly entries = new Map<string, Entry>();

  get(file: string): FileFacts | undefined {
    let stat;
    try {
      stat = statSync(file);
    } catch {
      this.entries.delete(file);
      return undefined;
    }
    const cached = this.entries.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.facts;
    const facts = stat.isFile() && stat.size <= MAX_BYTES ? parseFacts(file) : undefined;
    this.entries.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, facts });
    return facts;
  }
}

function parseFacts(file: string): FileFacts | undefined {
  try {
    const text = readFileSync(file, 'utf8');
    const parsed = parseScript(text, file);
    return parsed.ok ? extractFileFacts(parsed.ast, text, file, defaultVisitorKeys()) : undefined;
  } catch {
    return undefined;
  }
}
