/**
 * Baselines, for adopting lambda-lint on a large codebase gradually: `--write-baseline FILE`
 * records today's findings, `--baseline FILE` reports only the others. A finding is matched by
 * rule, file and a fingerprint of the code it points at — not by line number, so findings keep
 * matching when code above them moves. The same code reported twice is counted.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { UsageError } from './errors.js';
import { readRegularText } from './util/read-file.js';
import type { LintMessage, LintResult } from './results.js';

export interface BaselineEntry {
  ruleId: string;
  /** Relative to the working directory, with `/`. */
  file: string;
  fingerprint: string;
  count: number;
}

export interface Baseline {
  version: 1;
  findings: BaselineEntry[];
}

/** The code a message points at, whitespace-folded: stable when lines above it change. */
export function fingerprint(message: LintMessage, text: string | undefined): string {
  const hash = createHash('sha256');
  hash.update(`${message.ruleId ?? ''}\0${message.messageId ?? ''}\0`);
  if (text !== undefined) {
    const lines = text.split(/\r?\n/u);
    const code = lines.slice(message.line - 1, message.endLine ?? message.line).join('\n').replace(/\s+/gu, ' ').trim();
    hash.update(code);
  } else {
    hash.update(message.message);
  }
  return hash.digest('hex').slice(0, 20);
}

function relative(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}

export function createBaseline(results: readonly LintResult[], texts: ReadonlyMap<string, string>, cwd: string): Baseline {
  const counts = new Map<string, BaselineEntry>();
  for (const result of results) {
    for (const message of result.messages) {
      if (message.ruleId === null) continue; // parse errors are never baselined
      const entry = { ruleId: message.ruleId, file: relative(cwd, result.filePath), fingerprint: fingerprint(message, texts.get(result.filePath)), count: 1 };
      const key = `${entry.ruleId}\0${entry.file}\0${entry.fingerprint}`;
      const existing = counts.get(key);
      if (existing) existing.count++;
      else counts.set(key, entry);
    }
  }
  const findings = [...counts.values()].sort((a, b) => `${a.file}${a.ruleId}${a.fingerprint}`.localeCompare(`${b.file}${b.ruleId}${b.fingerprint}`));
  return { version: 1, findings };
}

export function readBaseline(file: string): Baseline {
  let raw: unknown;
  try {
    // Only a regular file: a named pipe would wait for a writer forever.
    raw = JSON.parse(readRegularText(file));
  } catch (error) {
    throw new UsageError(`Cannot read baseline ${file}: ${(error as Error).message}`);
  }
  const b = raw as Partial<Baseline> | null;
  if (typeof b !== 'object' || b === null || b.version !== 1 || !Array.isArray(b.findings)) throw new UsageError(`${file} is not a lambda-lint baseline (version 1)`);
  for (const [i, entry] of b.findings.entries()) {
    if (!isEntry(entry)) {
      throw new UsageError(`${file}: findings[${i}] is not a baseline entry ({ "ruleId", "file", "fingerprint": strings, "count": a whole number above 0 }): ${preview(entry)}`);
    }
  }
  return b as Baseline;
}

function isEntry(entry: unknown): entry is BaselineEntry {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return false;
  const e = entry as Record<string, unknown>;
  return typeof e.ruleId === 'string' && typeof e.file === 'string' && typeof e.fingerprint === 'string' && Number.isInteger(e.count) && (e.count as number) > 0;
}

/** A value as JSON, cut short: enough to find it in the file. */
function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Moves the findings the baseline records to `suppressedMessages`; returns the results with fresh totals. */
export function applyBaseline(results: LintResult[], texts: ReadonlyMap<string, string>, baseline: Baseline, cwd: string): LintResult[] {
  const remaining = new Map<string, number>();
  for (const e of baseline.findings) remaining.set(`${e.ruleId}\0${e.file}\0${e.fingerprint}`, e.count);
  return results.map((result) => {
    const kept: LintMessage[] = [];
    const suppressed = [...result.suppressedMessages];
    for (const message of result.messages) {
      if (message.ruleId === null) {
        kept.push(message);
        continue;
      }
      const key = `${message.ruleId}\0${relative(cwd, result.filePath)}\0${fingerprint(message, texts.get(result.filePath))}`;
      const left = remaining.get(key) ?? 0;
      if (left > 0) {
        remaining.set(key, left - 1);
        suppressed.push({ ...message, suppressions: [{ kind: 'baseline', justification: '' }] } as LintMessage);
      } else {
        kept.push(message);
      }
    }
    return {
      ...result,
      messages: kept,
      suppressedMessages: suppressed,
      errorCount: kept.filter((m) => m.severity === 2).length,
      fatalErrorCount: kept.filter((m) => m.fatal).length,
      warningCount: kept.filter((m) => m.severity === 1).length,
    };
  });
}
