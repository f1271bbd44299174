/**
 * Writing a cache file so that a reader never sees half of it: into a temporary file beside it
 * (unique per process and thread: ESLint's --concurrency runs plugins on several threads of one
 * process), then renamed over it. The folder is created; nothing is left behind on failure.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';

/** The folder lambda-lint keeps its caches in, inside a `node_modules`. */
export const CACHE_FOLDER = path.join('.cache', 'lambda-lint');

export function writeFileAtomic(file: string, data: string | NodeJS.ArrayBufferView): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${threadId}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}
