import { readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';

/** The deepest folder two paths share (`/` when only the root). */
export function commonFolder(a: string, b: string): string {
  const x = a.split(path.sep);
  const y = b.split(path.sep);
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return x.slice(0, i).join(path.sep) || path.sep;
}

/**
 * The files of folders, breadth first from each start (with the depth it starts at), down to
 * `maxDepth` and over at most `maxFolders` folders, skipping dot-folders and `node_modules`: for
 * files lambda-lint does not analyse but a tool would read (variable files, Terragrunt
 * configurations). An unreadable folder is skipped.
 */
export function walkFiles(starts: readonly [string, number][], limits: { maxDepth: number; maxFolders: number }, visit: (file: string, entry: Dirent) => void): void {
  const queue = [...starts];
  for (let seen = 0; queue.length > 0 && seen < limits.maxFolders; seen++) {
    const [dir, depth] = queue.shift() as [string, number];
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < limits.maxDepth && !entry.name.startsWith('.') && entry.name !== 'node_modules') queue.push([full, depth + 1]);
      } else if (entry.isFile()) visit(full, entry);
    }
  }
}
