import path from 'node:path';
import type { AnalyzeResult } from '../../api.js';
import type { LintMessage } from '../../results.js';
import { gitWorkTree } from '../../util/find-up.js';

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
  return gitWorkTree(cwd) ?? path.resolve(cwd);
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

/**
 * Each message's code fingerprint (the baseline's: stable when lines above it move) with its
 * occurrence among messages of the same rule, file and code, so that two identical findings in a
 * file stay two issues in code scanning and GitLab. Call it on the messages in report order.
 */
export function occurrenceFingerprints(result: AnalyzeResult): (filePath: string, message: LintMessage) => { code: string; nth: number } {
  const seen = new Map<string, number>();
  return (filePath, message) => {
    const code = result.fingerprint(filePath, message);
    const key = `${message.ruleId ?? ''}\0${filePath}\0${code}`;
    const nth = (seen.get(key) ?? 0) + 1;
    seen.set(key, nth);
    return { code, nth };
  };
}
