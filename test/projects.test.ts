/**
 * End to end on fixture projects: the built CLI, exact findings, and ESLint agreeing.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../src/results.js';
import { ROOT, runCli } from './helpers/cli.js';
import { eslintFindings, writeProject } from './helpers/project.js';

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
    // And an HTTP POST per record, delivered at least once (a warning in recommended).
    expect(findings(r.stdout, dir)).toEqual([...expected, 'src/worker.ts:7:13 lambda-lint/require-idempotency']);
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

describe('a CommonJS project without a tsconfig: classes exported with module.exports and exports.X', () => {
  const dir = path.join(ROOT, 'test/fixtures/projects/commonjs');

  it('links the three files, and knows the handler runs with a batch size of 1', () => {
    const r = runCli(['--format', 'json', '.'], dir);
    // The handler throws per record, but a batch of one fails only that record: no finding there.
    expect(findings(r.stdout, dir)).toEqual([
      'lib/queues.js:8:17 lambda-lint/require-source-queue-redrive',
      'lib/queues.js:8:66 lambda-lint/sqs-visibility-timeout',
      // A batch of one is still delivered at least once: the POST may repeat.
      'src/worker.js:5:11 lambda-lint/require-idempotency',
    ]);
  });

  it('reports the handler when it is analysed alone, without its infrastructure', () => {
    // Run from inside src/, which is no project of its own: the infrastructure is out of reach.
    const src = path.join(dir, 'src');
    const r = runCli(['--format', 'json', 'worker.js'], src);
    expect(findings(r.stdout, src)).toEqual(['worker.js:3:3 lambda-lint/require-batch-item-failures', 'worker.js:4:23 lambda-lint/no-whole-batch-throw', 'worker.js:5:11 lambda-lint/require-idempotency']);
  });
});

const CDK_INIT_APP = {
      'package.json': '{ "name": "app", "private": true }',
      'cdk.json': '{ "app": "npx ts-node bin/app.ts" }',
      'lib/stack.ts': `import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
export class AppStack extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
    const fn = new lambda.Function(this, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, code: lambda.Code.fromAsset('lambda'), handler: 'index.handler' });
    fn.addEventSource(new SqsEventSource(new sqs.Queue(this, 'Q', { deadLetterQueue: { queue: new sqs.Queue(this, 'D'), maxReceiveCount: 5 } }), { batchSize: 10 }));
  }
}
`,
      'lambda/index.ts': `export const handler = async (event: any) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) { try { await fetch(record.body); } catch { batchItemFailures.push({ itemIdentifier: record.messageId }); } }
  return { batchItemFailures };
};
`,
};

describe('a cdk init style app: Code.fromAsset("lambda") relative to the folder with cdk.json', () => {
  it('links the handler through the app root, from the CLI and from ESLint', async () => {
    const dir = writeProject(CDK_INIT_APP);
    const expected = ['lambda/index.ts:4:3 lambda-lint/batch-response-ignored', 'lib/stack.ts:9:146 lambda-lint/batch-response-ignored'];
    expect(findings(runCli(['--format', 'json', '.'], dir).stdout, dir)).toEqual(expected);
    const fromEslint = await eslintFindings(dir, ['batch-response-ignored']);
    expect(fromEslint.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`).sort()).toEqual(expected);
  });
});

describe('a NodejsFunction with a relative entry: relative to the folder with cdk.json, not to the stack file', () => {
  const STACK = `import { Stack } from 'aws-cdk-lib';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
export class AppStack extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
    const fn = new NodejsFunction(this, 'Fn', { entry: 'lambda/worker.ts' });
    fn.addEventSource(new SqsEventSource(new sqs.Queue(this, 'Q', { deadLetterQueue: { queue: new sqs.Queue(this, 'D'), maxReceiveCount: 5 } }), { batchSize: 10 }));
  }
}
`;
  const HANDLER = CDK_INIT_APP['lambda/index.ts'];
  it('links lambda/worker.ts from lib/stack.ts through the app root, from the CLI and from ESLint', async () => {
    const dir = writeProject({ 'package.json': CDK_INIT_APP['package.json'], 'cdk.json': CDK_INIT_APP['cdk.json'], 'lib/stack.ts': STACK, 'lambda/worker.ts': HANDLER });
    const expected = ['lambda/worker.ts:4:3 lambda-lint/batch-response-ignored', 'lib/stack.ts:9:146 lambda-lint/batch-response-ignored'];
    expect(findings(runCli(['--format', 'json', '.'], dir).stdout, dir)).toEqual(expected);
    const fromEslint = await eslintFindings(dir, ['batch-response-ignored']);
    expect(fromEslint.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`).sort()).toEqual(expected);
  });
  it('does not link a file at the same path under the stack folder (CDK would not find it there)', () => {
    const dir = writeProject({ 'package.json': CDK_INIT_APP['package.json'], 'cdk.json': CDK_INIT_APP['cdk.json'], 'lib/stack.ts': STACK, 'lib/lambda/worker.ts': HANDLER });
    // The handler is unknown: the mapping gets the general advice, the file nothing.
    expect(findings(runCli(['--format', 'json', '.'], dir).stdout, dir)).toEqual(['lib/stack.ts:9:146 lambda-lint/require-report-batch-item-failures']);
    const graph = JSON.parse(runCli(['--print-graph', 'json', '.'], dir).stdout) as { functions: { handler: { file: string; linked: boolean } }[] };
    expect(graph.functions.map((f) => f.handler)).toEqual([expect.objectContaining({ file: 'lambda/worker.ts', linked: false })]);
  });
});

describe('lambda-lint.config.json ignores', () => {
  it('keep the ignored infrastructure out of the project for both front-ends', async () => {
    const dir = writeProject({ ...CDK_INIT_APP, 'lambda-lint.config.json': '{ "ignores": ["lib/**"] }' });
    const cli = runCli(['--format', 'json', '.'], dir);
    expect(findings(cli.stdout, dir)).toEqual([]);
    expect(await eslintFindings(dir, ['batch-response-ignored'])).toEqual([
      // ESLint still lints lib/ (its own ignores decide that); the handler no longer sees it.
      expect.objectContaining({ file: 'lib/stack.ts', ruleId: 'lambda-lint/batch-response-ignored' }),
    ]);
  });
});
