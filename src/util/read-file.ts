/**
 * Reading the files a run is given or finds: only regular files. Opening a named pipe (FIFO) to
 * read waits for a writer, forever when there is none; a device or a socket is no source text.
 * The file is opened without blocking and checked on the open descriptor, so that what is checked
 * is what is read.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';

/** A path that names something other than a regular file. */
export class NotRegularFileError extends Error {
  constructor(readonly what: string) {
    super(`not a regular file (${what})`);
    this.name = 'NotRegularFileError';
  }
}

/** What a non-regular file is, in words. */
export function kindOf(stat: Stats): string {
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isDirectory()) return 'a directory';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'not a file';
}

/** O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer (absent on Windows, where none is needed). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * The bytes of a regular file, with its size checked first: `maxBytes` larger files are not read
 * (`undefined` with their size). Throws `NotRegularFileError` for anything else, and the file
 * system's error when it cannot be opened.
 */
export function readRegularFile(file: string, maxBytes = Infinity): { bytes: Buffer; size: number } | { bytes: undefined; size: number } {
  const fd = openSync(file, OPEN_FLAGS);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new NotRegularFileError(kindOf(stat));
    if (stat.size > maxBytes) return { bytes: undefined, size: stat.size };
    return { bytes: readFileSync(fd), size: stat.size };
  } finally {
    closeSync(fd);
  }
}

/** A regular file's text, as UTF-8 (throws as `readRegularFile` does). */
export function readRegularText(file: string): string {
  return (readRegularFile(file).bytes as Buffer).toString('utf8');
}
