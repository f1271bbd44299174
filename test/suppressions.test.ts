/**
 * Suppression directives: blocks and file-level directives as ESLint reads them, the same in the
 * CLI as in ESLint (which applies its own `eslint-disable` comments), in YAML and HCL too, and
 * unused directives reported on request.
 */
import { ESLint } from 'eslint';
import { ESLint as ESLint9 } from 'eslint-v9';
import { describe, expect, it } from 'vitest';
import { Suppressions } from '../src/core/suppressions.js';
import { runCli } from './helpers/cli.js';
import { cliFindings, eslintFindings, samSqsTemplate, writeProject, type ESLintClass } from './helpers/project.js';

const T = 'no-whole-batch-throw';
const R = 'require-batch-item-failures';

/** A handler whose record loop throws at line `at + 3`: findings of both rules there (the loop at `at + 2`). */
const handler = (before = '', inside = ''): string => `import type { SQSHandler } from 'aws-lambda';
${before}
export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    ${inside}if (!record.body) throw new Error('empty');
  }
};
`;

const FILES: Record<string, string> = {
  'plain.ts': handler(),
  // The whole file, from the top.
  'file.ts': `/* lambda-lint-disable -- generated code */\n${handler()}`,
  'file-eslint.ts': `/* eslint-disable lambda-lint/${T} */\n${handler()}`,
  // One rule in a block, then enabled again before the throw: only the loop's finding is inside.
  'block.ts': handler(`/* lambda-lint-disable ${R} */`, `/* lambda-lint-enable ${R} */ `),
  // Every rule disabled, one enabled again.
  'except.ts': handler('/* lambda-lint-disable */', `/* lambda-lint-enable lambda-lint/${T} */ `),
  // A line comment is not a block directive (as in ESLint).
  'line-comment.ts': `// lambda-lint-disable\n${handler()}`,
  'next-line.ts': handler('', `// lambda-lint-disable-next-line ${T} -- checked by hand\n    `),
  'eslint-next-line.ts': handler('', `// eslint-disable-next-line lambda-lint/${T}\n    `),
};

async function both(ESLintImpl: ESLintClass): Promise<{ cli: string[]; eslint: string[] }> {
  const dir = writeProject(FILES);
  const show = (f: { file: string; line: number; ruleId: string }): string => `${f.file}:${f.line} ${f.ruleId.replace('lambda-lint/', '')}`;
  return { cli: (await cliFindings(dir, [T, R])).map(show), eslint: (await eslintFindings(dir, [T, R], ESLintImpl)).map(show) };
}

describe('suppression directives', () => {
  it.each([
    ['ESLint 10', ESLint],
    ['ESLint 9', ESLint9 as unknown as ESLintClass],
  ])('are read by the CLI as %s reads them', async (_name, ESLintImpl) => {
    const { cli, eslint } = await both(ESLintImpl);
    expect(cli).toEqual(eslint);
    // And they do suppress: a plain file has both findings, a disabled file none.
    expect(cli.filter((f) => f.startsWith('plain.ts'))).toHaveLength(2);
    expect(cli.filter((f) => f.startsWith('file.ts') || f.startsWith('file-eslint.ts:') && f.endsWith(T))).toEqual([]);
    expect(cli.filter((f) => f.startsWith('block.ts'))).toEqual([`block.ts:5 ${T}`]);
    expect(cli.filter((f) => f.startsWith('except.ts'))).toEqual([`except.ts:5 ${T}`]);
    expect(cli.filter((f) => f.startsWith('line-comment.ts'))).toHaveLength(2);
  });

  it('follow disable/enable pairs as ESLint does', () => {
    const s = new Suppressions(
      [
        { value: ' lambda-lint-disable a, b', startLine: 2, endLine: 2 },
        { value: ' lambda-lint-enable a', startLine: 4, endLine: 4 },
        { value: ' lambda-lint-disable', startLine: 6, endLine: 6 },
        { value: ' lambda-lint-enable b -- fixed', startLine: 8, endLine: 8 },
        { value: ' lambda-lint-enable', startLine: 10, endLine: 10 },
      ],
      { includeEslintDirectives: true },
    );
    const at = (rule: string): number[] => [1, 3, 5, 7, 9, 11].filter((line) => s.isSuppressed(rule, line));
    expect(at('a')).toEqual([3, 7, 9]);
    expect(at('b')).toEqual([3, 5, 7]);
    expect(at('c')).toEqual([7, 9]);
  });

  it('work in YAML and HCL as line comments, blocks included', () => {
    const template = (directive: string): string => samSqsTemplate({ before: directive === '' ? '' : `${directive}\n`, code: ['InlineCode: "exports.handler = async () => {};"'], batchSize: 10 });
    const tf = 'resource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n}\n\nresource "aws_lambda_event_source_mapping" "jobs" {\n  event_source_arn = aws_sqs_queue.jobs.arn\n  function_name    = "worker"\n  batch_size       = 10\n}\n';
    const dir = writeProject({
      'a/template.yaml': template(''),
      'b/template.yaml': template('# lambda-lint-disable require-report-batch-item-failures -- legacy'),
      'c/main.tf': tf,
      'd/main.tf': `// lambda-lint-disable require-report-batch-item-failures\n${tf}`,
      'e/main.tf': `# lambda-lint-disable\n# lambda-lint-enable require-report-batch-item-failures\n${tf}`,
    });
    const count = (sub: string): number => (JSON.parse(runCli(['--format', 'json', '--rule', 'require-report-batch-item-failures:error', sub], dir).stdout) as { messages: { ruleId: string }[] }[]).flatMap((r) => r.messages).filter((m) => m.ruleId === 'lambda-lint/require-report-batch-item-failures').length;
    expect(count('a')).toBe(1);
    expect(count('b')).toBe(0);
    expect(count('c')).toBe(1);
    expect(count('d')).toBe(0);
    expect(count('e')).toBe(1);
    // Unused ones are reported there too (and a used one is not).
    const used = runCli(['--format', 'json', '--report-unused-disable-directives', 'b', 'd'], dir);
    expect((JSON.parse(used.stdout) as { messages: { ruleId: string | null }[] }[]).flatMap((r) => r.messages).filter((m) => m.ruleId === null)).toEqual([]);
    const none = writeProject({ 'template.yaml': template('# lambda-lint-disable-next-line no-ineffective-dlq'), 'main.tf': `# lambda-lint-disable sqs-visibility-timeout\n${tf}` });
    const reported = (JSON.parse(runCli(['--format', 'json', '--report-unused-disable-directives', '--rule', 'require-report-batch-item-failures:off', '.'], none).stdout) as { messages: { ruleId: string | null; message: string }[] }[]).flatMap((r) => r.messages);
    expect(reported.filter((m) => m.ruleId === null).map((m) => m.message).sort()).toEqual([
      "Unused lambda-lint-disable directive (no problems were reported from 'lambda-lint/no-ineffective-dlq').",
      "Unused lambda-lint-disable directive (no problems were reported from 'lambda-lint/sqs-visibility-timeout').",
    ]);
  });

  it('that suppress nothing are reported with --report-unused-disable-directives', () => {
    const dir = writeProject({
      'used.ts': handler('', `// lambda-lint-disable-next-line ${T}\n    `),
      'unused.ts': `// lambda-lint-disable-next-line ${T}, ${R}\nexport const x = 1;\n/* eslint-disable lambda-lint/${T}, no-console */\n`,
    });
    const r = runCli(['--format', 'json', '--report-unused-disable-directives', '.'], dir);
    const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string | null; severity: number; message: string; line: number }[] }[];
    const unused = results.find((x) => x.filePath.endsWith('unused.ts'))?.messages ?? [];
    expect(unused).toEqual([
      expect.objectContaining({ ruleId: null, severity: 2, line: 1, message: `Unused lambda-lint-disable directive (no problems were reported from 'lambda-lint/${T}').` }),
      expect.objectContaining({ ruleId: null, severity: 2, line: 1, message: `Unused lambda-lint-disable directive (no problems were reported from 'lambda-lint/${R}').` }),
      expect.objectContaining({ ruleId: null, severity: 2, line: 3, message: `Unused eslint-disable directive (no problems were reported from 'lambda-lint/${T}').` }),
    ]);
    expect(results.find((x) => x.filePath.endsWith('/used.ts'))?.messages.filter((m) => m.ruleId === null)).toEqual([]);
    const warn = runCli(['--format', 'json', '--report-unused-disable-directives-severity', 'warn', 'unused.ts'], dir);
    expect((JSON.parse(warn.stdout) as { messages: { severity: number }[] }[])[0]?.messages.map((m) => m.severity)).toEqual([1, 1, 1]);
    // Off by default.
    expect((JSON.parse(runCli(['--format', 'json', 'unused.ts'], dir).stdout) as { messages: unknown[] }[])[0]?.messages).toEqual([]);
  });
});
