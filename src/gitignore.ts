/**
 * What git ignores, asked of git itself: the untracked files and folders its ignore rules exclude
 * (`.gitignore` files at any depth, `.git/info/exclude`, the user's global excludes). A tracked
 * file is never ignored, whatever a pattern says: projects commit handlers that their
 * `.gitignore` matches (a CDK app's `lib/**\/*.js` beside committed JavaScript handlers), and only
 * git's index knows them. Outside a git work tree, or without git, nothing is ignored.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { gitWorkTree } from './util/find-up.js';

export class GitIgnored {
  private constructor(
    private readonly root: string,
    /** Paths relative to the root, `/`-separated; folders end with `/`. */
    private readonly ignored: ReadonlySet<string>,
  ) {}

  /** What git ignores in the work tree around `dir`, or `undefined` outside one (or when git cannot say). */
  static around(dir: string): GitIgnored | undefined {
    const root = gitWorkTree(dir);
    if (root === undefined) return undefined;
    const listed = spawnSync('git', ['-C', root, 'ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory'], {
      encoding: 'utf8',
      timeout: 20_000,
      maxBuffer: 1 << 28,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    if (listed.status !== 0 || typeof listed.stdout !== 'string') return undefined;
    return new GitIgnored(root, new Set(listed.stdout.split('\0').filter((p) => p.length > 0)));
  }

  /** Whether git ignores `abs` (a folder when `isDirectory`). */
  ignores(abs: string, isDirectory: boolean): boolean {
    const rel = path.relative(this.root, abs);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
    const posix = rel.split(path.sep).join('/');
    return this.ignored.has(isDirectory ? `${posix}/` : posix);
  }
}
