/**
 * Real code that is not (mostly) Lambda handlers: every .js file of aws-cdk-lib, and the
 * Powertools and Middy packages' own code. No rule may crash, and no finding may appear.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/api.js';
import { parseScript } from '../src/core/ast.js';
import lambdaLint from '../src/index.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const modules = (...names: string[]): string[] => names.map((n) => path.join(ROOT, 'node_modules', n));

describe('corpus: installed packages', () => {
  it('aws-cdk-lib: no crash, no finding, fatal only where the parser itself fails', async () => {
    const result = await analyze(modules('aws-cdk-lib'), { cwd: ROOT, config: { preset: 'strict' } });
    expect(result.results.length).toBeGreaterThan(2500);
    expect(result.internalErrorCount).toBe(0);
    const findings = result.results.flatMap((r) => r.messages.filter((m) => !m.fatal).map((m) => `${r.filePath}:${m.line} ${m.ruleId}`));
    expect(findings).toEqual([]);
    for (const r of result.results.filter((x) => x.fatalErrorCount > 0)) {
      // The same parser, alone, cannot parse it either (e.g. a generated file nested too deep).
      expect(parseScript(readFileSync(r.filePath, 'utf8'), r.filePath).ok).toBe(false);
    }
  }, 300_000);

  it('aws-cdk-lib through ESLint (the Lambda, SQS and event-source modules) with the strict config: no crash, no finding', async () => {
    // The whole package takes ESLint about two minutes: the CLI test above covers every file; this
    // runs the plugin's own path (ESLint's parser, the project cache) over the modules that matter.
    const eslint = new ESLint({
      cwd: path.join(ROOT, 'node_modules', 'aws-cdk-lib'),
      overrideConfigFile: true,
      overrideConfig: [lambdaLint.configs.strict, { linterOptions: { reportUnusedDisableDirectives: 'off' } }],
    });
    const modules = ['aws-lambda', 'aws-lambda-event-sources', 'aws-lambda-destinations', 'aws-lambda-nodejs', 'aws-sqs', 'aws-sns-subscriptions', 'aws-s3-notifications'];
    const results = await eslint.lintFiles(modules.map((m) => `${m}/**/*.js`));
    expect(results.length).toBeGreaterThan(80);
    expect(results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId ?? 'fatal'} ${m.message}`))).toEqual([]);
  }, 120_000);

  it('Powertools and Middy through ESLint with the strict config: no crash, no finding', async () => {
    const results = [];
    // Each package as its own cwd: ESLint never lints below a node_modules folder of its cwd.
    for (const dir of modules('@aws-lambda-powertools/batch', '@aws-lambda-powertools/idempotency', '@middy/core', '@middy/sqs-partial-batch-failure')) {
      const eslint = new ESLint({
        cwd: dir,
        overrideConfigFile: true,
        overrideConfig: [lambdaLint.configs.strict, { linterOptions: { reportUnusedDisableDirectives: 'off' } }],
      });
      results.push(...(await eslint.lintFiles(['**/*.js'])));
    }
    expect(results.length).toBeGreaterThan(50);
    const messages = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId ?? 'fatal'} ${m.message}`));
    expect(messages).toEqual([]);
  }, 300_000);
});
