/**
 * `.gitignore` files, read as git reads them (https://git-scm.com/docs/gitignore): one pattern a
 * line, `#` comments, `!` to include again, a trailing `/` for folders only, a pattern with a `/`
 * before its end anchored to its file's folder (otherwise matched at any depth), `**` across
 * folders; a nested file's patterns apply below its folder, and the last matching pattern wins.
 * Git cannot include a file again under an ignored folder; folders that are ignored are not walked
 * at all, which gives the same result.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Minimatch } from 'minimatch';

interface Rule {
  matcher: Minimatch;
  negated: boolean;
  directoryOnly: boolean;
}

interface IgnoreFile {
  /** The folder the file is in: patterns are relative to it. */
  dir: string;
  rules: Rule[];
}

/** The patterns of one `.gitignore` text. */
export function parseGitignore(text: string): Rule[] {
  const rules: Rule[] = [];
  for (const raw of text.split(/\r?\n/u)) {
    // Trailing spaces are ignored unless escaped; a leading `\` escapes `#` and `!`.
    let line = raw.replace(/(?<!\\)\s+$/u, '');
    if (line === '' || line.startsWith('#')) continue;
    let negated = false;
    if (line.startsWith('!')) {
      negated = true;
      line = line.slice(1);
    } else if (line.startsWith('\\#') || line.startsWith('\\!')) {
      line = line.slice(1);
    }
    const directoryOnly = line.endsWith('/');
    if (directoryOnly) line = line.slice(0, -1);
    if (line === '') continue;
    // A slash at the start or in the middle anchors the pattern to the file's folder.
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    const pattern = anchored ? line : `**/${line}`;
    rules.push({ matcher: new Minimatch(pattern, { dot: true, nocomment: true, nonegate: true }), negated, directoryOnly });
  }
  return rules;
}

/** The ignore files that apply to a walk: those of the folders above it (up to the git work tree's root) and those found on the way. */
export class GitignoreStack {
  private readonly files: IgnoreFile[] = [];
  private readonly read = new Map<string, IgnoreFile | undefined>();

  /** Starts a walk at `dir`: the `.gitignore` files from the work tree's root (the folder with `.git`) down to `dir`. */
  static from(dir: string): GitignoreStack {
    const stack = new GitignoreStack();
    const chain: string[] = [];
    let root: string | undefined;
    for (let d = path.resolve(dir); ; d = path.dirname(d)) {
      chain.unshift(d);
      if (existsSync(path.join(d, '.git'))) {
        root = d;
        break;
      }
      if (path.dirname(d) === d) break;
    }
    // Outside a git work tree only the walked folder's own files count.
    for (const d of root === undefined ? [path.resolve(dir)] : chain) stack.enter(d);
    return stack;
  }

  /** Reads `dir/.gitignore` (once) and applies it below `dir`. */
  enter(dir: string): void {
    let file = this.read.get(dir);
    if (!this.read.has(dir)) {
      const at = path.join(dir, '.gitignore');
      let text: string | undefined;
      try {
        text = existsSync(at) ? readFileSync(at, 'utf8') : undefined;
      } catch {
        text = undefined; // an unreadable ignore file ignores nothing
      }
      file = text === undefined ? undefined : { dir, rules: parseGitignore(text) };
      this.read.set(dir, file);
    }
    if (file && !this.files.includes(file)) this.files.push(file);
  }

  /** Whether git would ignore `abs` (a folder when `isDirectory`). */
  ignores(abs: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const file of this.files) {
      const rel = path.relative(file.dir, abs);
      if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) continue;
      const posix = rel.split(path.sep).join('/');
      for (const rule of file.rules) {
        if (rule.directoryOnly && !isDirectory) continue;
        if (rule.negated ? ignored && rule.matcher.match(posix) : !ignored && rule.matcher.match(posix)) ignored = !rule.negated;
      }
    }
    return ignored;
  }
}
