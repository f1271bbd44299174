/**
 * `.gitignore` files, read as git reads them, decide which files a run reads (unless
 * `--no-gitignore`); a file named on its own is read whatever they say.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectFiles } from '../src/files.js';
import { parseGitignore, GitignoreStack } from '../src/gitignore.js';
import { runCli } from './helpers/cli.js';
import { writeProject } from './helpers/project.js';

const HANDLER = "import type { SQSHandler } from 'aws-lambda';\nexport const handler: SQSHandler = async (event) => { for (const r of event.Records) JSON.parse(r.body); };\n";

describe('.gitignore', () => {
  it('patterns: anchored or at any depth, folders only, negation, comments, escapes', () => {
    const dir = writeProject({
      '.gitignore': '# generated\n*.gen.ts\n/build\nlogs/\n!keep.gen.ts\n\\#odd.ts\nsrc/**/fixtures\n',
      'a.ts': '',
    });
    mkdirSync(path.join(dir, '.git'));
    const git = GitignoreStack.from(dir);
    const at = (rel: string, isDirectory = false): boolean => git.ignores(path.join(dir, rel), isDirectory);
    expect(at('x.gen.ts')).toBe(true);
    expect(at('deep/down/x.gen.ts')).toBe(true);
    expect(at('deep/keep.gen.ts')).toBe(false);
    expect(at('build', true)).toBe(true);
    expect(at('pkg/build', true)).toBe(false);
    expect(at('pkg/logs', true)).toBe(true);
    expect(at('pkg/logs')).toBe(false); // a file named logs: the pattern is for folders
    expect(at('#odd.ts')).toBe(true);
    expect(at('src/a/b/fixtures', true)).toBe(true);
    expect(at('a.ts')).toBe(false);
    expect(parseGitignore('\n# c\n   \n')).toEqual([]);
  });

  it('applies the files of the folders above the walk (up to the work tree) and nested ones below their folder', () => {
    const dir = writeProject({
      '.gitignore': 'generated/\n',
      'packages/a/.gitignore': 'local.ts\n',
      'packages/a/src/h.ts': HANDLER,
      'packages/a/src/local.ts': HANDLER,
      'packages/a/generated/h.ts': HANDLER,
      'packages/b/local.ts': HANDLER,
    });
    mkdirSync(path.join(dir, '.git'));
    const rel = (files: string[]): string[] => files.map((f) => path.relative(dir, f)).sort();
    expect(rel(collectFiles(['.'], path.join(dir, 'packages/a'), []))).toEqual(['packages/a/src/h.ts']);
    expect(rel(collectFiles(['.'], dir, []))).toEqual(['packages/a/src/h.ts', 'packages/b/local.ts']);
    expect(rel(collectFiles(['.'], dir, [], { gitignore: false }))).toHaveLength(4);
    // Named on its own, a file is read.
    expect(rel(collectFiles(['packages/a/src/local.ts'], dir, []))).toEqual(['packages/a/src/local.ts']);
  });

  it('the CLI skips ignored files, and reads them with --no-gitignore', () => {
    const dir = writeProject({ '.gitignore': 'vendor/\n', 'src/h.ts': HANDLER, 'vendor/h.ts': HANDLER });
    mkdirSync(path.join(dir, '.git'));
    const files = (args: string[]): string[] => (JSON.parse(runCli(['--format', 'json', ...args, '.'], dir).stdout) as { filePath: string }[]).map((r) => path.relative(dir, r.filePath)).sort();
    expect(files([])).toEqual(['src/h.ts']);
    expect(files(['--no-gitignore'])).toEqual(['src/h.ts', 'vendor/h.ts']);
  });
});
