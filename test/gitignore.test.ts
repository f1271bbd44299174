/**
 * What git ignores decides which files a run reads (unless `--no-gitignore`): untracked files its
 * ignore rules exclude. A tracked file is read whatever the patterns say, and a path named on its
 * own is always read.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectFiles } from '../src/files.js';
import { runCli } from './helpers/cli.js';
import { writeProject } from './helpers/project.js';

const HANDLER = "import type { SQSHandler } from 'aws-lambda';\nexport const handler: SQSHandler = async (event) => { for (const r of event.Records) JSON.parse(r.body); };\n";

/** A git work tree with these files, the `tracked` ones committed (force-added when ignored). */
function repository(files: Record<string, string>, tracked: string[]): string {
  const dir = writeProject(files);
  const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, encoding: 'utf8' });
  git('init', '-q');
  if (tracked.length > 0) {
    git('add', '-f', ...tracked);
    git('commit', '-q', '-m', 'x');
  }
  return dir;
}

describe('ignored by git', () => {
  it('skips untracked ignored files and folders (nested .gitignore files too), never tracked ones', () => {
    const dir = repository(
      {
        '.gitignore': 'generated/\nlib/**/*.js\n',
        'packages/a/.gitignore': 'local.ts\n',
        'packages/a/src/h.ts': HANDLER,
        'packages/a/src/local.ts': HANDLER,
        'packages/a/generated/h.ts': HANDLER,
        'lib/app/handler.js': 'exports.handler = async (event) => { for (const r of event.Records) JSON.parse(r.body); };\n',
        'lib/app/stack.js': '',
      },
      // Committed although `lib/**/*.js` matches it.
      ['lib/app/handler.js'],
    );
    const rel = (files: string[]): string[] => files.map((f) => path.relative(dir, f)).sort();
    expect(rel(collectFiles(['.'], dir, []))).toEqual(['lib/app/handler.js', 'packages/a/src/h.ts']);
    expect(rel(collectFiles(['.'], path.join(dir, 'packages/a'), []))).toEqual(['packages/a/src/h.ts']);
    expect(rel(collectFiles(['.'], dir, [], { gitignore: false }))).toHaveLength(5);
    // Named on its own, a path is read.
    expect(rel(collectFiles(['packages/a/src/local.ts'], dir, []))).toEqual(['packages/a/src/local.ts']);
    expect(rel(collectFiles(['packages/a/generated'], dir, []))).toEqual(['packages/a/generated/h.ts']);
  });

  it('outside a git work tree, nothing is skipped', () => {
    const dir = writeProject({ '.gitignore': 'vendor/\n', 'src/h.ts': HANDLER, 'vendor/h.ts': HANDLER });
    expect(collectFiles(['.'], dir, []).map((f) => path.relative(dir, f)).sort()).toEqual(['src/h.ts', 'vendor/h.ts']);
  });

  it('the CLI skips them, and reads them with --no-gitignore', () => {
    const dir = repository({ '.gitignore': 'vendor/\n', 'src/h.ts': HANDLER, 'vendor/h.ts': HANDLER }, []);
    const files = (args: string[]): string[] => (JSON.parse(runCli(['--format', 'json', ...args, '.'], dir).stdout) as { filePath: string }[]).map((r) => path.relative(dir, r.filePath)).sort();
    expect(files([])).toEqual(['src/h.ts']);
    expect(files(['--no-gitignore'])).toEqual(['src/h.ts', 'vendor/h.ts']);
  });
});
