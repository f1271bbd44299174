import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The folder that CI report paths (SARIF, GitHub annotations, GitLab Code Quality) are relative
 * to: the CI's checkout (GitHub's `GITHUB_WORKSPACE`, GitLab's `CI_PROJECT_DIR`) when the run is
 * inside it, else the git work tree around the working directory, else the working directory. Code scanning and annotations name files from the
 * repository's root, so a job that runs in a package folder of a monorepo still points at the
 * right files.
 */
export function reportRoot(cwd: string, env: Readonly<Record<string, string | undefined>>): string {
  for (const variable of ['GITHUB_WORKSPACE', 'CI_PROJECT_DIR']) {
    const workspace = env[variable];
    if (!workspace) continue;
    const root = path.resolve(workspace);
    if (isWithin(cwd, root)) return root;
  }
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    // A `.git` folder, or the `.git` file of a worktree or submodule.
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(cwd);
  }
}

/** `file` relative to `root` with `/` separators, or `undefined` when it is outside `root`. */
export function relativeInside(root: string, file: string): string | undefined {
  const rel = path.relative(root, file);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

function isWithin(dir: string, root: string): boolean {
  const rel = path.relative(root, path.resolve(dir));
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
