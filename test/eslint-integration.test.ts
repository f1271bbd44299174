/**
 * The plugin as users run it: the built package, a flat config with
 * `lambdaLint.configs.recommended`, on ESLint 10 and on ESLint 9 (installed as `eslint-v9`).
 * Its findings must be the CLI's findings.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers/cli.js';
import type { LintResult } from '../src/results.js';

const EXAMPLE = path.join(ROOT, 'examples/orders-app');

interface ESLintLike {
  lintFiles(patterns: string[]): Promise<{ filePath: string; messages: { ruleId: string | null; line: number; column: number; message: string; fatal?: boolean }[] }[]>;
}
type ESLintCtor = new (options: Record<string, unknown>) => ESLintLike;

const versions: [string, () => Promise<{ ESLint: ESLintCtor; version: string }>][] = [
  ['eslint 10', async () => { const m = (await import('eslint')) as unknown as { ESLint: ESLintCtor & { version: string } }; return { ESLint: m.ESLint, version: m.ESLint.version }; }],
  ['eslint 9', async () => { const m = (await import('eslint-v9')) as unknown as { ESLint: ESLintCtor & { version: string } }; return { ESLint: m.ESLint, version: m.ESLint.version }; }],
];

function summarise(results: { filePath: string; messages: { ruleId: string | null; line: number; column: number; message: string }[] }[]): string[] {
  return results
    .flatMap((r) => r.messages.map((m) => `${path.relative(EXAMPLE, r.filePath)}:${m.line}:${m.column} ${m.ruleId ?? 'fatal'} ${m.message}`))
    .sort();
}

describe.each(versions)('%s with lambdaLint.configs.recommended', (_name, load) => {
  it('reports what the CLI reports on the example app', async () => {
    const { ESLint, version } = await load();
    expect(version).toMatch(_name === 'eslint 9' ? /^9\./u : /^10\./u);
    const { default: lambdaLint } = (await import('lambda-lint')) as { default: { configs: { recommended: object } } };
    const eslint = new ESLint({
      cwd: EXAMPLE,
      overrideConfigFile: true,
      overrideConfig: [lambdaLint.configs.recommended],
    });
    const eslintFindings = summarise(await eslint.lintFiles(['.']));

    const cli = runCli(['--format', 'json', '.'], EXAMPLE);
    const cliFindings = summarise(JSON.parse(cli.stdout) as LintResult[]);

    expect(eslintFindings.length).toBeGreaterThan(0);
    // ESLint lints scripts; the CLI also reports in the SAM template and serverless.yml.
    expect(eslintFindings).toEqual(cliFindings.filter((f) => /\.[cm]?[jt]sx?:/u.test(f.split(' ')[0] ?? '')));
    expect(cliFindings.filter((f) => !/\.[cm]?[jt]sx?:/u.test(f.split(' ')[0] ?? '')).map((f) => f.split(' ').slice(0, 2).join(' '))).toEqual([
      'sam/template.yaml:31:9 lambda-lint/batch-response-ignored',
      'serverless.yml:15:9 lambda-lint/batch-response-ignored',
    ]);
    expect(eslintFindings.join('\n')).toContain('lib/orders-stack.ts:32:34 lambda-lint/require-report-batch-item-failures');
    // The cross-file finding, on both sides of the link, from ESLint too.
    expect(eslintFindings.filter((f) => f.includes('lambda-lint/batch-response-ignored')).map((f) => f.split(' ')[0])).toEqual([
      'lib/orders-stack.ts:67:61',
      'src/handlers/invoice-orders.ts:14:3',
      'src/handlers/notify.ts:16:3',
      'src/handlers/refund-orders.ts:19:3',
    ]);
  });
});
