/**
 * End to end on fixture projects: the built CLI, exact findings, and ESLint agreeing.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../src/results.js';
import { ROOT, runCli } from './helpers/cli.js';
import { eslintFindings } from './helpers/project.js';

function findings(stdout: string, base: string): string[] {
  return (JSON.parse(stdout) as LintResult[])
    .flatMap((r) => r.messages.map((m) => `${path.relative(base, r.filePath)}:${m.line}:${m.column} ${m.ruleId ?? 'fatal'}`))
    .sort();
}

describe('a project whose queue, function and mapping live in three files', () => {
  const dir = path.join(ROOT, 'test/fixtures/projects/three-files');
  const expected = [
    'lib/queues.ts:10:17 lambda-lint/require-source-queue-redrive',
    'lib/queues.ts:10:66 lambda-lint/sqs-visibility-timeout',
    'lib/wiring.ts:12:67 lambda-lint/batch-response-ignored',
    'src/worker.ts:12:3 lambda-lint/batch-response-ignored',
  ];

  it('the CLI links them and reports each finding in the file it belongs to', () => {
    const r = runCli(['--format', 'json', '.'], dir);
    expect(r.code).toBe(1);
    expect(findings(r.stdout, dir)).toEqual(expected);
  });

  it('ESLint reports the same from the editor-side project cache', async () => {
    const got = (await eslintFindings(dir, ['require-source-queue-redrive', 'sqs-visibility-timeout', 'batch-response-ignored'])).map(
      (f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`,
    );
    expect(got.sort()).toEqual(expected);
  });
});

describe('a monorepo: tsconfig paths, a barrel with a renamed re-export, an L3 construct passing props', () => {
  const dir = path.join(ROOT, 'test/fixtures/projects/monorepo');

  it('knows the handler is fed by a FIFO queue three packages away', () => {
    const r = runCli(['--format', 'json', '.'], dir);
    expect(findings(r.stdout, dir)).toEqual(['packages/handlers/src/ledger.ts:9:7 lambda-lint/fifo-stop-on-failure']);
  });

  it('links across the whole project when only the handlers are analysed, and reports only on them', () => {
    const r = runCli(['--format', 'json', 'packages/handlers'], dir);
    expect((JSON.parse(r.stdout) as LintResult[]).map((x) => path.relative(dir, x.filePath))).toEqual(['packages/handlers/src/ledger.ts']);
    expect(findings(r.stdout, dir)).toEqual(['packages/handlers/src/ledger.ts:9:7 lambda-lint/fifo-stop-on-failure']);
  });
});
