import { existsSync } from 'node:fs';
import path from 'node:path';

/** `name` in `from` or the nearest folder above it that has one, or `undefined`. */
export function findUpward(from: string, name: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The root of the git work tree around `from`: the nearest folder with a `.git` folder (or a worktree's or submodule's `.git` file). */
export function gitWorkTree(from: string): string | undefined {
  const git = findUpward(from, '.git');
  return git === undefined ? undefined : path.dirname(git);
}
