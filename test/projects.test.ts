/**
 * End to end on fixture projects: the built CLI, exact findings, and ESLint agreeing.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../src/results.js';
import { analyze, buildGraph } from '../src/api.js';
import { ROOT, runCli } from './helpers/cli.js';
import { cliFindings, eslintFindings, writeProject } from './helpers/project.js';

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

describe('a CDK entry chosen by a condition when the app is synthesised: the function runs either handler', () => {
  const stack = (workshopFile: string): string => `import path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue } from 'aws-cdk-lib/aws-sqs';
const isWorkshop = process.env.WORKSHOP_BUILD === 'true';
export class S extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
    const entry = isWorkshop ? path.join(__dirname, '${workshopFile}') : path.join(__dirname, 'src/worker.js');
    const worker = new NodejsFunction(this, 'Worker', { entry, timeout: Duration.seconds(10) });
    const dlq = new Queue(this, 'Dead');
    const jobs = new Queue(this, 'Jobs', { visibilityTimeout: Duration.seconds(60), deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });
    worker.addEventSource(new SqsEventSource(jobs, { batchSize: 10, reportBatchItemFailures: true }));
  }
}
`;
  // Neither file shows its source (no types, no record field read): only the linked mapping does.
  const GOOD = `export const handler = async (event) => {
  const batchItemFailures = [];
  for (const r of event.Records) {
    try { await work(r); } catch { batchItemFailures.push({ itemIdentifier: r.messageId }); }
  }
  return { batchItemFailures };
};
async function work(r) { return r; }
`;
  const WHOLE_BATCH = `export const handler = async (event) => {
  for (const r of event.Records) await work(r);
};
async function work(r) { return r; }
`;
  const files = { 'package.json': '{}', 'stack.ts': stack('src/workshop/worker.ts'), 'src/worker.js': GOOD, 'src/workshop/worker.js': WHOLE_BATCH };
  const rules = ['require-batch-item-failures', 'no-missing-handler-export'];

  it('reports the alternative that fails the whole batch, not the other, from the CLI and from ESLint', async () => {
    const dir = writeProject({ ...files, 'stack.ts': stack('src/workshop/worker.js') });
    const r = runCli(['--format', 'json', '--rule', 'require-batch-item-failures:error', '.'], dir);
    expect(findings(r.stdout, dir).filter((f) => f.includes('require-batch-item-failures'))).toEqual(['src/workshop/worker.js:2:3 lambda-lint/require-batch-item-failures']);
    const got = (await eslintFindings(dir, rules)).map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);
    expect(got).toEqual(['src/workshop/worker.js:2:3 lambda-lint/require-batch-item-failures']);
  });

  it('lists both handlers in --print-graph, and a missing one is a missing export', () => {
    const dir = writeProject({ ...files, 'stack.ts': stack('src/workshop/worker.js'), 'src/workshop/worker.js': 'export const main = async () => {};\n' });
    const graph = JSON.parse(runCli(['--print-graph', 'json'], dir).stdout) as { functions: { handler: { linked: boolean; alternatives?: { file: string; linked: boolean }[] } }[] };
    const handler = graph.functions[0]?.handler;
    expect(handler?.linked).toBe(false);
    expect(handler?.alternatives?.map((a) => `${a.file} ${a.linked}`)).toEqual(['src/workshop/worker.js false', 'src/worker.js true']);
    const r = runCli(['--format', 'json', '.'], dir);
    expect(findings(r.stdout, dir)).toContain('stack.ts:11:20 lambda-lint/no-missing-handler-export');
  });
});

describe('CDK functions made by a helper from its parameters: one handler per call', () => {
  const api = (second: string): string => `import path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue } from 'aws-cdk-lib/aws-sqs';
export class Api extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.createLambda('Orders', '../handlers/orders.js');
    this.createLambda('Audit', ${second});
  }
  private createLambda(name: string, pathToSource: string): NodejsFunction {
    const fn = new NodejsFunction(this, name, { entry: path.join(__dirname, pathToSource), timeout: Duration.seconds(10) });
    const dlq = new Queue(this, name + 'Dead');
    const queue = new Queue(this, name + 'Jobs', { visibilityTimeout: Duration.seconds(60), deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });
    fn.addEventSource(new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true }));
    return fn;
  }
}
`;
  const WHOLE_BATCH = 'export const handler = async (event) => {\n  for (const r of event.Records) await work(r);\n};\nasync function work(r) { return r; }\n';
  const files = { 'package.json': '{}', 'lib/api.ts': api("'../handlers/audit.js'"), 'handlers/orders.js': WHOLE_BATCH, 'handlers/audit.js': WHOLE_BATCH };

  it('links each call to its handler, and the mapping the helper adds feeds both, from the CLI and from ESLint', async () => {
    const dir = writeProject(files);
    const r = runCli(['--format', 'json', '.'], dir);
    const expected = ['handlers/audit.js:2:3 lambda-lint/require-batch-item-failures', 'handlers/orders.js:2:3 lambda-lint/require-batch-item-failures'];
    expect(findings(r.stdout, dir).filter((f) => f.includes('require-batch-item-failures'))).toEqual(expected);
    const got = (await eslintFindings(dir, ['require-batch-item-failures'])).map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);
    expect(got.sort()).toEqual(expected);
    const graph = JSON.parse(runCli(['--print-graph', 'json'], dir).stdout) as { functions: { handler: { linked: boolean; alternatives?: { file: string }[] } }[] };
    expect(graph.functions[0]?.handler.linked).toBe(true);
    expect(graph.functions[0]?.handler.alternatives?.map((a) => a.file)).toEqual(['handlers/orders.js', 'handlers/audit.js']);
  });

  it('a call whose argument is not a literal leaves that function unlinked, and says why', () => {
    const dir = writeProject({ ...files, 'lib/api.ts': api('process.env.AUDIT_PATH as string') });
    const graph = JSON.parse(runCli(['--print-graph', 'json'], dir).stdout) as { functions: { handler: { linked: boolean; alternatives?: { file?: string; unlinked?: string }[] } }[] };
    const alternatives = graph.functions[0]?.handler.alternatives ?? [];
    expect(alternatives.map((a) => a.file ?? a.unlinked)).toEqual([
      'handlers/orders.js',
      "where the handler's code is is not known: the handler's path is made from parameters of method Api.createLambda, and a call gives them as values lambda-lint cannot evaluate",
    ]);
  });

  it('a helper of another module given an object: entry relative to the folder with cdk.json', () => {
    const dir = writeProject({
      'package.json': '{}',
      'infra/cdk.json': '{ "app": "npx ts-node bin/app.ts" }',
      'infra/lib/factory.ts': `import { Construct } from 'constructs';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
export interface FunctionConfig { name: string; filenamePath: string }
export const lambdaFactory = (scope: Construct, config: FunctionConfig): NodejsFunction =>
  new NodejsFunction(scope, config.name, { entry: \`src/functions/\${config.filenamePath}/index.ts\` });
`,
      'infra/lib/stack.ts': `import { Stack } from 'aws-cdk-lib';
import { lambdaFactory } from './factory';
export class S extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
    lambdaFactory(this, { name: 'GetPost', filenamePath: 'posts/get' });
  }
}
`,
      'infra/src/functions/posts/get/index.ts': 'export const handler = async () => ({ statusCode: 200 });\n',
    });
    const graph = JSON.parse(runCli(['--print-graph', 'json'], dir).stdout) as { functions: { handler: { linked: boolean; file?: string } }[] };
    expect(graph.functions.map((f) => `${f.handler.file} ${f.handler.linked}`)).toEqual(['infra/src/functions/posts/get/index.ts true']);
  });
});

describe('CDK entries computed by a path helper of the same file', () => {
  const stack = (helper: string, entries: string): string => `import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
${helper}
export class S extends Stack {
  constructor(scope: any, id: string, props: { name: string }) {
    super(scope, id);
${entries}
  }
}
`;
  const graphOf = (dir: string): string[] =>
    (JSON.parse(runCli(['--print-graph', 'json'], dir).stdout) as { functions: { name?: string; construct: string; handler: { linked: boolean; file?: string; unlinked?: string; alternatives?: { file?: string; linked: boolean }[] } }[] }).functions.map(
      (f) => `${f.handler.alternatives ? f.handler.alternatives.map((a) => `${a.file} ${a.linked}`).join(', ') : `${f.handler.file ?? f.handler.unlinked} ${f.handler.linked}`}`,
    );
  const handlers = { 'package.json': '{}', 'lambdas/cleanup.ts': 'export const handler = async () => {};\n', 'lambdas/notify.ts': 'export const handler = async () => {};\n' };

  it.each([
    ['an arrow with an expression body', "const entryOf = (name: string) => join(__dirname, '../lambdas', `${name}.ts`);"],
    ['a function declaration with consts before its return', "function entryOf(name: string, dir = '../lambdas') {\n  const file = `${name}.ts`;\n  return join(__dirname, dir, file);\n}"],
  ])('links each call: %s', (_name, helper) => {
    const dir = writeProject({ ...handlers, 'lib/stack.ts': stack(helper, "    new NodejsFunction(this, 'Cleanup', { entry: entryOf('cleanup') });\n    new NodejsFunction(this, 'Notify', { entry: entryOf('notify') });") });
    expect(graphOf(dir)).toEqual(['lambdas/cleanup.ts true', 'lambdas/notify.ts true']);
  });

  it("a helper given the constructor's parameter: filled from each construction", () => {
    const dir = writeProject({
      ...handlers,
      'lib/stack.ts': stack("const entryOf = (name: string) => join(__dirname, '../lambdas', `${name}.ts`);", '    new NodejsFunction(this, props.name, { entry: entryOf(props.name) });'),
      'bin/app.ts': "import { App } from 'aws-cdk-lib';\nimport { S } from '../lib/stack';\nconst app = new App();\nnew S(app, 'A', { name: 'cleanup' });\nnew S(app, 'B', { name: 'notify' });\n",
    });
    expect(graphOf(dir)).toEqual(['lambdas/cleanup.ts true, lambdas/notify.ts true']);
  });

  it.each([
    ['a helper with a branch', "function entryOf(name: string) {\n  if (name === 'x') return 'a.ts';\n  return join(__dirname, '../lambdas', `${name}.ts`);\n}"],
    ['an argument that is not known', "const entryOf = (name: string) => join(__dirname, '../lambdas', `${name}.ts`);\nconst fromEnv = process.env.NAME as string;"],
    ['a destructured parameter', "const entryOf = ({ name }: { name: string }) => join(__dirname, '../lambdas', `${name}.ts`);"],
  ])('near miss: %s stays unknown', (name, helper) => {
    const call = name.startsWith('an argument') ? 'entryOf(fromEnv)' : name.startsWith('a destructured') ? "entryOf({ name: 'cleanup' })" : "entryOf('cleanup')";
    const dir = writeProject({ ...handlers, 'lib/stack.ts': stack(helper, `    new NodejsFunction(this, 'Cleanup', { entry: ${call} });`) });
    const [only] = graphOf(dir);
    expect(only).toMatch(/^where the handler's code is is not known.* false$/u);
    expect(only).not.toContain('lambdas/cleanup.ts');
  });
});

describe('inline code read from a file when the app is synthesised (Code.fromInline(readFileSync(…)))', () => {
  it('links the function to that file', async () => {
    const dir = writeProject({
      'package.json': '{ "name": "inline-app" }',
      'cdk.json': '{ "app": "npx ts-node bin/app.ts" }',
      'lib/stack.ts': `import { readFileSync } from 'node:fs';
import * as fs from 'fs';
import path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export class S extends Stack {
  constructor(scope: never, id: string) {
    super(scope, id);
    new lambda.Function(this, 'One', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline(readFileSync(path.join(__dirname, '../src/one.js'), 'utf8')) });
    new lambda.Function(this, 'Two', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: new lambda.InlineCode(fs.readFileSync(path.join(__dirname, '../src/two.js')).toString()) });
    new lambda.Function(this, 'Three', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}') });
  }
}
`,
      'src/one.js': 'exports.handler = async () => {};\n',
      'src/two.js': 'exports.handler = async () => {};\n',
    });
    const { project } = await analyze(['.'], { cwd: dir, config: { preset: 'strict', rules: {} } });
    expect(buildGraph(project, dir).functions.map((f) => [f.handler.file, f.handler.linked])).toEqual([
      ['src/one.js', true],
      ['src/two.js', true],
      [undefined, false],
    ]);
  });
});

describe('a subclass of a function construct (class Worker extends NodejsFunction)', () => {
  const WORKER = `import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export class Worker extends NodejsFunction {
  constructor(scope: Construct, id: string, props: NodejsFunctionProps & { queue: sqs.IQueue }) {
    super(scope, id, { runtime: lambda.Runtime.NODEJS_22_X, timeout: Duration.seconds(30), ...props });
    this.addEventSource(new SqsEventSource(props.queue, { batchSize: 10 }));
  }
}
`;
  const HANDLER = `import type { SQSEvent } from 'aws-lambda';
export const main = async (event: SQSEvent) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const r of event.Records) { try { await fetch(r.body); } catch { batchItemFailures.push({ itemIdentifier: r.messageId }); } }
  return { batchItemFailures };
};
`;
  const stack = (instances: string): string => `import path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Worker } from './worker';

export class S extends Stack {
  constructor(scope: never, id: string) {
    super(scope, id);
    const q = new sqs.Queue(this, 'Q', { visibilityTimeout: Duration.seconds(180), deadLetterQueue: { queue: new sqs.Queue(this, 'D'), maxReceiveCount: 3 } });
${instances}
  }
}
`;
  const app = (instances: string): string =>
    writeProject({
      'package.json': '{ "name": "subclass-app" }',
      'cdk.json': '{ "app": "npx ts-node bin/app.ts" }',
      'lib/worker.ts': WORKER,
      'lib/stack.ts': stack(instances),
      'src/worker.ts': HANDLER,
    });
  it('is the function its one instance makes: the handler from the call (entry and export), the sources from the class', async () => {
    const dir = app("    new Worker(this, 'W', { queue: q, entry: path.join(__dirname, '../src/worker.ts'), handler: 'main' });");
    const { project, results } = await analyze(['.'], { cwd: dir, config: { preset: 'strict', rules: {} } });
    const [fn] = buildGraph(project, dir).functions;
    expect(fn?.handler).toEqual(expect.objectContaining({ file: 'src/worker.ts', export: 'main', linked: true }));
    expect(fn?.eventSources.map((e) => e.kind)).toEqual(['sqs']);
    // The handler returns batchItemFailures; the class's mapping does not ask for them.
    expect(results.flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line} ${m.ruleId}`)).sort()).toEqual([
      'lib/worker.ts:11 lambda-lint/batch-response-ignored',
      'src/worker.ts:5 lambda-lint/batch-response-ignored',
    ]);
  });

  it('made twice: each instance is linked to the handler its call gives (the missing one says so)', async () => {
    const dir = app("    new Worker(this, 'A', { queue: q, entry: path.join(__dirname, '../src/worker.ts'), handler: 'main' });\n    new Worker(this, 'B', { queue: q, entry: path.join(__dirname, '../src/other.ts') });");
    const { project } = await analyze(['.'], { cwd: dir, config: { preset: 'strict', rules: {} } });
    const [fn] = buildGraph(project, dir).functions;
    expect(fn?.handler.alternatives?.map((a) => [a.file, a.linked])).toEqual([
      ['src/worker.ts', true],
      ['src/other.ts', false],
    ]);
    // The class's own mapping is every instance's: no alternative lists its own.
    expect(fn?.handler.alternatives?.map((a) => a.eventSources)).toEqual([undefined, undefined]);
  });

  it('near miss: made by a helper that forwards its parameters, called twice: not linked to either (and --print-graph says why)', async () => {
    const dir = app(
      "    this.make('A', path.join(__dirname, '../src/worker.ts'));\n    this.make('B', path.join(__dirname, '../src/other.ts'));\n  }\n  make(id: string, entry: string) {\n    return new Worker(this, id, { queue: undefined as never, entry });",
    );
    const { project } = await analyze(['.'], { cwd: dir, config: { preset: 'strict', rules: {} } });
    const [fn] = buildGraph(project, dir).functions;
    expect(fn?.handler.linked).toBe(false);
    expect(fn?.handler.unlinked).toMatch(/made from parameters of ctor Worker, and a call gives them as values lambda-lint cannot evaluate/u);
  });
});

describe('a wrapper construct made in several modules, each instance with its own handler (`new Worker(this, id, { handler }).fn`)', () => {
  const WORKER = `import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface WorkerProps { handler: string; outDir: string }
export class Worker extends Construct {
  fn: lambda.Function;
  constructor(scope: Construct, id: string, props: WorkerProps) {
    super(scope, id);
    const dir = props.outDir;
    this.fn = new lambda.Function(this, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, timeout: Duration.seconds(10), handler: props.handler, CODE });
  }
}
`;
  const ORDERS = `import { Duration, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Worker } from './constructs/worker';

export class Orders extends Stack {
  constructor(scope: never, id: string) {
    super(scope, id);
    const q = new sqs.Queue(this, 'Q', { visibilityTimeout: Duration.seconds(60), deadLetterQueue: { queue: new sqs.Queue(this, 'D'), maxReceiveCount: 3 } });
    const worker = this.buildWorker();
    worker.fn.addEventSource(new SqsEventSource(q, { batchSize: 10 }));
  }
  buildWorker(): Worker {
    const worker = new Worker(this, 'Orders', { handler: 'orders.main', outDir: 'DIR' });
    return worker;
  }
}
`;
  const API = `import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Worker } from './constructs/worker';

export class Api extends Stack {
  api: lambda.Function;
  constructor(scope: never, id: string) {
    super(scope, id);
    this.api = new Worker(this, 'Api', { handler: 'api.main', outDir: 'DIR' }).fn;
  }
}
`;
  // Both return batchItemFailures: the SQS mapping that does not ask for them is the orders worker's only.
  const HANDLER = `export const main = async (event: { Records: { messageId: string; body: string }[] }) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const r of event.Records) { try { await fetch(r.body); } catch { batchItemFailures.push({ itemIdentifier: r.messageId }); } }
  return { batchItemFailures };
};
`;
  const files = (code: string, dir: string, extra: Record<string, string> = {}): Record<string, string> => ({
    'package.json': '{ "name": "wrapper-app" }',
    'cdk.json': '{ "app": "npx ts-node bin/app.ts" }',
    'lib/constructs/worker.ts': WORKER.replace('CODE', code),
    'lib/orders.ts': ORDERS.replace('DIR', dir),
    'lib/api.ts': API.replace('DIR', dir),
    ...extra,
  });
  type Alternative = { file?: string; linked: boolean; unlinked?: string; instances?: number; eventSources?: string[] };
  type GraphFunction = { handler: { builtFrom?: string; alternatives?: Alternative[] }; eventSources: unknown[] };
  const graphOf = (dir: string): GraphFunction =>
    (JSON.parse(runCli(['--print-graph', 'json'], dir).stdout) as { functions: [GraphFunction] }).functions[0];

  it("links each instance to its handler, and a mapping added on one instance feeds that instance's handler only, from the CLI and from ESLint", async () => {
    const dir = writeProject(files('code: lambda.Code.fromAsset(dir)', 'src', { 'src/orders.ts': HANDLER, 'src/api.ts': HANDLER }));
    const fn = graphOf(dir);
    expect(fn.eventSources).toHaveLength(1);
    expect(fn.handler.alternatives?.map((a) => a.instances)).toEqual([1, 1]);
    expect(fn.handler.alternatives?.map((a) => [a.file, a.linked, a.eventSources])).toEqual([
      ['src/api.ts', true, []],
      ['src/orders.ts', true, ['lib/orders.ts:11']],
    ]);
    const expected = ['lib/orders.ts:11:52 lambda-lint/batch-response-ignored', 'src/orders.ts:4:3 lambda-lint/batch-response-ignored'];
    const r = runCli(['--format', 'json', '.'], dir);
    expect(findings(r.stdout, dir).filter((f) => f.includes('batch-response-ignored'))).toEqual(expected);
    const got = (await eslintFindings(dir, ['batch-response-ignored'])).map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);
    expect(got.sort()).toEqual(expected);
  });

  it('code a custom command builds (Code.fromCustomCommand): each handler is the source the esbuild script bundles into its output', () => {
    const script = (name: string): string => `const esbuild = require('esbuild');\nesbuild.build({ entryPoints: ['./src/${name}.ts'], bundle: true, outfile: 'out/${name}/index.js', platform: 'node' });\n`;
    const dir = writeProject(
      files("code: lambda.Code.fromCustomCommand(dir, ['node', 'build.js'])", 'out/NAME', {
        'src/orders.ts': HANDLER,
        'src/api.ts': HANDLER,
        'scripts/build-orders.js': script('orders'),
        'scripts/build-api.js': script('api'),
      }),
    );
    // Each call's output folder: out/orders and out/api, with the handler string's module `index`.
    writeFileSync(path.join(dir, 'lib/orders.ts'), ORDERS.replace('DIR', 'out/orders').replace("'orders.main'", "'index.main'"));
    writeFileSync(path.join(dir, 'lib/api.ts'), API.replace('DIR', 'out/api').replace("'api.main'", "'index.main'"));
    const fn = graphOf(dir);
    expect(fn.handler.alternatives?.map((a) => [a.file, a.linked, a.eventSources])).toEqual([
      ['src/api.ts', true, []],
      ['src/orders.ts', true, ['lib/orders.ts:11']],
    ]);
  });

  it('near miss: a call whose handler is not a literal leaves that instance unlinked, and says why; the other stays linked', () => {
    const dir = writeProject({
      ...files('code: lambda.Code.fromAsset(dir)', 'src', { 'src/orders.ts': HANDLER, 'src/api.ts': HANDLER }),
      'lib/api.ts': API.replace('DIR', 'src').replace("'api.main'", 'process.env.API_HANDLER as string'),
    });
    const fn = graphOf(dir);
    // Each instance is a function of its own in the CLI's closing line.
    expect(runCli(['.'], dir).stderr).toMatch(/1 of 2 function\(s\) not linked/u);
    expect(fn.handler.alternatives?.map((a) => a.file ?? a.unlinked)).toEqual([
      "where the handler's code is is not known: the handler's path is made from parameters of ctor Worker, and a call gives them as values lambda-lint cannot evaluate",
      'src/orders.ts',
    ]);
  });
});

describe("a resource reached through constructs that hand each other along (`props.sqs.jobs`, `this.sqs = new SqsPart(…)`)", () => {
  const SQS = `import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as sqs from 'aws-cdk-lib/aws-sqs';

export class SqsPart extends Construct {
  readonly jobs: sqs.Queue;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const dlq = new sqs.Queue(this, 'Dlq');
    this.jobs = new sqs.Queue(this, 'Jobs', { visibilityTimeout: Duration.minutes(15), deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });
  }
}
`;
  const WORKER = `import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { SqsPart } from './sqs';

export interface WorkerProps { readonly sqsPart: SqsPart }
export class WorkerPart extends Construct {
  constructor(scope: Construct, id: string, props: WorkerProps) {
    super(scope, id);
    let sqsPart = props.sqsPart;
    const fn = new lambda.Function(this, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, timeout: Duration.minutes(15), handler: 'worker.handler', code: lambda.Code.fromAsset(path.join(__dirname, '../src')) });
    fn.addEventSource(new SqsEventSource(sqsPart.jobs, { batchSize: 1 }));
  }
}
`;
  // Imports only \`constructs\` and the app's own constructs: still a CDK module.
  const MIDDLE = `import { Construct } from 'constructs';
import type { SqsPart } from './sqs';
import { WorkerPart } from './worker';

export class Middle extends Construct {
  constructor(scope: Construct, id: string, props: { sqsPart: SqsPart }) {
    super(scope, id);
    const sqsPart = props.sqsPart;
    new WorkerPart(this, 'W', { sqsPart: sqsPart });
  }
}
`;
  const STACK = `import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { SqsPart } from './sqs';
import { Middle } from './middle';

export class S extends Stack {
  readonly sqsPart: SqsPart;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.sqsPart = new SqsPart(this, 'Sqs');
    new Middle(this, 'M', { sqsPart: this.sqsPart });
  }
}
`;
  const files = (stack: string): Record<string, string> => ({
    'package.json': '{ "name": "handed-along" }',
    'cdk.json': '{ "app": "npx ts-node bin/app.ts" }',
    'lib/sqs.ts': SQS,
    'lib/worker.ts': WORKER,
    'lib/middle.ts': MIDDLE,
    'lib/stack.ts': stack,
    'src/worker.ts': 'export const handler = async (event: { Records: { body: string }[] }) => { console.log(event.Records.length); };\n',
  });

  it('the mapping reads the queue three constructs away: its visibility is below six times the timeout, from the CLI and from ESLint', async () => {
    const dir = writeProject(files(STACK));
    const expected = ['lib/sqs.ts:10 lambda-lint/sqs-visibility-timeout'];
    expect((await cliFindings(dir, ['sqs-visibility-timeout'])).map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(expected);
    expect((await eslintFindings(dir, ['sqs-visibility-timeout'])).map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(expected);
    const { project } = await analyze(['.'], { cwd: dir, config: { preset: 'strict', rules: {} } });
    expect(buildGraph(project, dir).functions[0]?.eventSources[0]?.queue).toMatch(/lib\/sqs\.ts#class:SqsPart\.jobs$/u);
  });

  it('near miss: a part handed along that is not the queue construct (a field of another class) stays unknown', async () => {
    const other = STACK.replace("this.sqsPart = new SqsPart(this, 'Sqs');", "this.sqsPart = makeSqs(this);").replace("import { Middle } from './middle';", "import { Middle } from './middle';\ndeclare function makeSqs(scope: Construct): SqsPart;");
    const dir = writeProject(files(other));
    expect(await cliFindings(dir, ['sqs-visibility-timeout'])).toEqual([]);
    const { project } = await analyze(['.'], { cwd: dir, config: { preset: 'strict', rules: {} } });
    expect(buildGraph(project, dir).functions[0]?.eventSources[0]?.queue).toBeUndefined();
  });
});

describe('durations a construct takes from its parameters, settled from its calls', () => {
  // A construct of the app that makes the queue and the worker, its durations from its props.
  const worker = (visibility: string, timeout: string, params = 'props: { timeout?: Duration; visibility?: Duration }'): string => `import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';

export class QueueWorker extends Construct {
  constructor(scope: Construct, id: string, ${params}) {
    super(scope, id);
    const queue = new sqs.Queue(this, 'Jobs', { visibilityTimeout: ${visibility} });
    const fn = new lambda.Function(this, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, timeout: ${timeout}, handler: 'worker.handler', code: lambda.Code.fromAsset(path.join(__dirname, '../src')) });
    fn.addEventSource(new SqsEventSource(queue, { batchSize: 1 }));
  }
}
`;
  const stack = (calls: string): string => `import { Duration, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { QueueWorker } from './worker';
declare const settings: { timeout: number };

export class S extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
${calls}
  }
}
`;
  const project = (workerFile: string, calls: string): string =>
    writeProject({
      'package.json': '{ "name": "param-durations" }',
      'cdk.json': '{ "app": "npx ts-node bin/app.ts" }',
      'lib/worker.ts': workerFile,
      'lib/stack.ts': stack(calls),
      'src/worker.ts': 'export const handler = async (event: { Records: { body: string }[] }) => { console.log(event.Records.length); };\n',
    });
  const report = async (dir: string): Promise<string[]> => {
    const { results } = await analyze(['.'], { cwd: dir, config: { preset: 'strict', rules: {} }, rules: { 'sqs-visibility-timeout': 'error' } });
    return results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'lambda-lint/sqs-visibility-timeout').map((m) => `${path.relative(dir, r.filePath)}:${m.line} ${m.message.split(':')[0]}`));
  };

  it('every call gives the same timeout: the queue is judged against it, from the CLI and from ESLint', async () => {
    const dir = project(worker('Duration.seconds(180)', 'props.timeout'), "    new QueueWorker(this, 'A', { timeout: Duration.minutes(1) });\n    new QueueWorker(this, 'B', { timeout: Duration.seconds(60) });");
    const expected = ["lib/worker.ts:11 The queue's visibility timeout (180 s) is below six times the function timeout (60 s) plus the batching window (0 s)"];
    expect(await report(dir)).toEqual(expected);
    expect((await eslintFindings(dir, ['sqs-visibility-timeout'])).map((f) => `${f.file}:${f.line} ${f.messageId}`)).toEqual(['lib/worker.ts:11 belowSixTimes']);
  });

  it('a default where the call gives nothing (`props.timeout ?? Duration.seconds(60)`), and a setting a call leaves unset (CDK’s 3 s)', async () => {
    const fallback = project(worker('Duration.seconds(180)', 'props.timeout ?? Duration.seconds(60)'), "    new QueueWorker(this, 'A', {});");
    expect(await report(fallback)).toEqual(["lib/worker.ts:11 The queue's visibility timeout (180 s) is below six times the function timeout (60 s) plus the batching window (0 s)"]);
    const unset = project(worker('Duration.seconds(10)', 'props.timeout'), "    new QueueWorker(this, 'A', { visibility: Duration.seconds(10) });");
    expect(await report(unset)).toEqual(["lib/worker.ts:11 The queue's visibility timeout (10 s) is below six times the function timeout (3 s) plus the batching window (0 s)"]);
  });

  it('the visibility from a positional number parameter (`Duration.seconds(visibility)`), forwarded through another construct', async () => {
    const positional = worker('Duration.seconds(visibility)', 'Duration.seconds(30)', 'visibility: number');
    expect(await report(project(positional, "    new QueueWorker(this, 'A', 60);"))).toEqual(["lib/worker.ts:11 The queue's visibility timeout (60 s) is below six times the function timeout (30 s) plus the batching window (0 s)"]);
    // Given by a wrapper that takes it from its own props.
    const wrapped = writeProject({
      'package.json': '{ "name": "param-durations" }',
      'cdk.json': '{ "app": "npx ts-node bin/app.ts" }',
      'lib/worker.ts': positional,
      'lib/wrapper.ts': "import { Construct } from 'constructs';\nimport { QueueWorker } from './worker';\nexport class Wrapper extends Construct {\n  constructor(scope: Construct, id: string, props: { visibility: number }) {\n    super(scope, id);\n    new QueueWorker(this, 'W', props.visibility);\n  }\n}\n",
      'lib/stack.ts': stack("    new Wrapper(this, 'A', { visibility: 90 });").replace("import { QueueWorker } from './worker';", "import { Wrapper } from './wrapper';"),
      'src/worker.ts': 'export const handler = async (event: { Records: { body: string }[] }) => { console.log(event.Records.length); };\n',
    });
    expect(await report(wrapped)).toEqual(["lib/worker.ts:11 The queue's visibility timeout (90 s) is below six times the function timeout (30 s) plus the batching window (0 s)"]);
  });

  it('both from one parameter: below six times whatever the calls give', async () => {
    const same = worker('Duration.seconds(timeout)', 'Duration.seconds(timeout)', 'timeout: number = 900');
    expect(await report(project(same, "    new QueueWorker(this, 'A', settings.timeout);"))).toEqual(["lib/worker.ts:11 The queue's visibility timeout and the function timeout both come from `timeout`, the visibility 1 times the timeout"]);
    // Minutes against seconds of the same number: 60 times, enough.
    expect(await report(project(worker('Duration.minutes(timeout)', 'Duration.seconds(timeout)', 'timeout: number = 900'), "    new QueueWorker(this, 'A', settings.timeout);"))).toEqual([]);
  });

  it('near misses stay quiet: calls that disagree, a value not evaluated, a spread, no call, different defaults', async () => {
    const fromProps = worker('Duration.seconds(180)', 'props.timeout');
    // One instance is wrong, the other is not: the instances share one fact, which cannot say which.
    const disagree = project(fromProps, "    new QueueWorker(this, 'A', { timeout: Duration.seconds(60) });\n    new QueueWorker(this, 'B', { timeout: Duration.seconds(10) });");
    expect(await report(disagree)).toEqual([]);
    // --print-graph says why the timeout stayed unknown.
    const graph = buildGraph((await analyze(['.'], { cwd: disagree, config: { preset: 'strict', rules: {} } })).project, disagree);
    expect(graph.functions[0]?.timeoutUnknown).toBe('it is given by `props.timeout`, and the calls give different values (60 s, 10 s), whose instances lambda-lint does not tell apart yet');
    expect(graph.queues[0]?.visibilityTimeoutSeconds).toBe(180);
    expect(await report(project(fromProps, "    new QueueWorker(this, 'A', { timeout: Duration.seconds(settings.timeout) });"))).toEqual([]);
    expect(await report(project(fromProps, "    const shared = { timeout: Duration.seconds(10) };\n    new QueueWorker(this, 'A', { ...shared });"))).toEqual([]);
    expect(await report(project(fromProps, '    // no call'))).toEqual([]);
    // No props at all: `props.timeout` is not read from anything the file shows.
    expect(await report(project(worker('Duration.seconds(10)', 'props.timeout', 'props?: { timeout?: Duration }'), "    new QueueWorker(this, 'A');"))).toEqual([]);
    // One parameter, but each with its own default: a call that gives nothing gets 600 s against 30 s.
    const defaults = worker('props.timeout ?? Duration.seconds(600)', 'props.timeout ?? Duration.seconds(30)');
    expect(await report(project(defaults, "    new QueueWorker(this, 'A', { timeout: Duration.seconds(settings.timeout) });"))).toEqual([]);
  });
});

describe('a field of a construct made inline (`new ResilientQueue(this, …).queue`)', () => {
  const QUEUE = `import { Construct } from 'constructs';
import { Queue } from 'aws-cdk-lib/aws-sqs';

export class ResilientQueue extends Construct {
  readonly queue: Queue;
  readonly other: Queue;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.queue = new Queue(this, 'Queue');
    this.other = new Queue(this, 'Other', { visibilityTimeout: props.visibility });
  }
}
declare const props: { visibility: any };
`;
  const stack = (field: string): string => `import * as path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { ResilientQueue } from './queue';

export class S extends Stack {
  readonly jobs: Queue;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.jobs = new ResilientQueue(this, 'Jobs').${field};
    const fn = new lambda.Function(this, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, timeout: Duration.seconds(29), handler: 'worker.handler', code: lambda.Code.fromAsset(path.join(__dirname, '../src')) });
    fn.addEventSource(new SqsEventSource(this.jobs, { batchSize: 1 }));
  }
}
`;
  const files = (field: string): Record<string, string> => ({
    'package.json': '{ "name": "inline-construct" }',
    'cdk.json': '{ "app": "npx ts-node bin/app.ts" }',
    'lib/queue.ts': QUEUE,
    'lib/stack.ts': stack(field),
    'src/worker.ts': 'export const handler = async (event: { Records: { body: string }[] }) => { console.log(event.Records.length); };\n',
  });

  it('the mapping reads that field: the default 30 s visibility is below six times 29 s, from the CLI and from ESLint', async () => {
    const dir = writeProject(files('queue'));
    const expected = ['lib/queue.ts:9 lambda-lint/sqs-visibility-timeout'];
    expect((await cliFindings(dir, ['sqs-visibility-timeout'])).map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(expected);
    expect((await eslintFindings(dir, ['sqs-visibility-timeout'])).map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(expected);
  });

  it('near miss: the other field, whose visibility is not known, stays quiet', async () => {
    expect(await cliFindings(writeProject(files('other')), ['sqs-visibility-timeout'])).toEqual([]);
  });
});

describe('function props that spread an object another module exports (`...defaultLambdaParams`)', () => {
  const stack = (extra = ''): string => `import * as path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { defaults } from './defaults';

export class S extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const fn = new lambda.Function(this, 'Fn', { ...defaults, handler: 'worker.handler', code: lambda.Code.fromAsset(path.join(__dirname, '../src'))${extra} });
    new s3.Bucket(this, 'Uploads').addObjectCreatedNotification(new s3n.LambdaDestination(fn));
    const jobs = new sqs.Queue(this, 'Jobs', { visibilityTimeout: Duration.seconds(10) });
    fn.addEventSource(new SqsEventSource(jobs, { batchSize: 1 }));
  }
}
`;
  const run = async (defaults: string, extra = ''): Promise<string[]> =>
    (
      await cliFindings(
        writeProject({
          'package.json': '{ "name": "spread-defaults" }',
          'cdk.json': '{ "app": "npx ts-node bin/app.ts" }',
          'lib/defaults.ts': `import * as lambda from 'aws-cdk-lib/aws-lambda';\nimport { Duration } from 'aws-cdk-lib';\nexport const defaults: Partial<lambda.FunctionProps> = ${defaults};\n`,
          'lib/stack.ts': stack(extra),
          'src/worker.ts': 'export const handler = async (event: { Records: { body: string }[] }) => { console.log(event.Records.length); };\n',
        }),
        ['require-async-failure-destination', 'sqs-visibility-timeout'],
      )
    ).map((f) => `${f.file}:${f.line} ${f.ruleId.replace('lambda-lint/', '')}`);

  it('an object that sets none of the settings: no destination, and the default 3 s timeout (10 s visibility < 18 s)', async () => {
    expect(await run('{ runtime: lambda.Runtime.NODEJS_22_X, memorySize: 512 }')).toEqual(['lib/stack.ts:14 require-async-failure-destination', 'lib/stack.ts:16 sqs-visibility-timeout']);
  });

  it('near misses: the object sets a dead-letter queue, an on-failure destination, the timeout; or it is not an object literal the project can read', async () => {
    expect(await run('{ runtime: lambda.Runtime.NODEJS_22_X, deadLetterQueueEnabled: true }')).toEqual(['lib/stack.ts:16 sqs-visibility-timeout']);
    expect(await run("{ runtime: lambda.Runtime.NODEJS_22_X, onFailure: undefined as any }")).toEqual(['lib/stack.ts:16 sqs-visibility-timeout']);
    expect(await run('{ runtime: lambda.Runtime.NODEJS_22_X, timeout: Duration.seconds(1) }')).toEqual(['lib/stack.ts:14 require-async-failure-destination']);
    expect(await run('makeDefaults()\nfunction makeDefaults(): Partial<lambda.FunctionProps> { return {}; }')).toEqual([]);
  });
});

describe("a helper of the stack that makes and returns a function, called several times: one function per call", () => {
  const stack = (helperBody = ''): string => `import * as path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';

export class S extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const failures = new sqs.Queue(this, 'Failures');
    const status = this.createLambda('Status', 'status');
    new events.Rule(this, 'Nightly', { schedule: events.Schedule.rate(Duration.days(1)), targets: [new targets.LambdaFunction(status)] });
    const ingest = this.createLambda('Ingest', 'ingest', 60, failures);
    new s3.Bucket(this, 'Uploads').addObjectCreatedNotification(new s3n.LambdaDestination(ingest));
    const api = this.createLambda('Api', 'api');
    new apigw.LambdaRestApi(this, 'Rest', { handler: api });
  }

  private createLambda(id: string, source: string, timeoutSeconds = 30, dlq?: sqs.Queue): lambda.Function {
    const made = new lambda.Function(this, id, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(__dirname, '../src', source)),
      timeout: Duration.seconds(timeoutSeconds),
      deadLetterQueue: dlq ? dlq : undefined,
      deadLetterQueueEnabled: dlq ? true : false,
    });
${helperBody}    return made;
  }
}
`;
  const files = (body?: string): Record<string, string> => ({
    'package.json': '{ "name": "helper-instances" }',
    'cdk.json': '{ "app": "npx ts-node bin/app.ts" }',
    'lib/stack.ts': stack(body),
    'src/status/index.ts': 'export const handler = async () => {};\n',
    'src/ingest/index.ts': 'export const handler = async () => {};\n',
    'src/api/index.ts': 'export const handler = async () => {};\n',
  });
  const RULES = ['require-async-failure-destination', 'prefer-destinations-over-dlq', 'no-ineffective-dlq'];

  it('each call is judged with what it gives and what its result is used for, from the CLI and from ESLint', async () => {
    const dir = writeProject(files());
    // The scheduled one has no DLQ (its call gives none); the S3-notified one has one but no destination; the API's is synchronous.
    const expected = ['lib/stack.ts:16 lambda-lint/require-async-failure-destination', 'lib/stack.ts:18 lambda-lint/prefer-destinations-over-dlq'];
    expect((await cliFindings(dir, RULES)).map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(expected);
    expect((await eslintFindings(dir, RULES)).map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(expected);
    const { project } = await analyze(['.'], { cwd: dir, config: { preset: 'strict', rules: {} } });
    const graph = buildGraph(project, dir);
    expect(graph.functions.map((f) => [f.name, f.timeoutSeconds, f.handler.file, f.asyncTriggers])).toEqual([
      ['Status', 30, 'src/status/index.ts', ['EventBridge rule']],
      ['Ingest', 60, 'src/ingest/index.ts', ['S3 notification']],
      ['Api', 30, 'src/api/index.ts', []],
    ]);
  });

  it("a helper that also outputs the function's ARN still makes one function per call", async () => {
    const dir = writeProject(files("    new (require('aws-cdk-lib').CfnOutput)(this, id + 'Arn', { value: made.functionArn });\n"));
    expect((await cliFindings(dir, RULES)).map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(['lib/stack.ts:16 lambda-lint/require-async-failure-destination', 'lib/stack.ts:18 lambda-lint/prefer-destinations-over-dlq']);
  });

  it('near miss: a helper that also wires the function it makes (an event source) stays one function for all calls', async () => {
    const dir = writeProject(files("    made.addEventSource(new (require('aws-cdk-lib/aws-lambda-event-sources').SqsEventSource)(new sqs.Queue(this, id + 'Q')));\n"));
    const { project } = await analyze(['.'], { cwd: dir, config: { preset: 'strict', rules: {} } });
    expect(buildGraph(project, dir).functions).toHaveLength(1);
  });
});

describe('a template whose Resources a build step assembles from other templates (Resources: !YAMLInclude a.yaml, b.yaml)', () => {
  const ASSEMBLER = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    'Globals:',
    '  Function:',
    '    Runtime: nodejs20.x',
    '    Timeout: 30',
    '    CodeUri: src/',
    'Resources: !YAMLInclude ./cf/orders.yaml,',
    '  ./cf/other.yaml#NO_LOCAL',
    '',
  ].join('\n');
  const FRAGMENT = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  OrdersQueue:',
    '    Type: AWS::SQS::Queue',
    '  OrdersFunction:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Handler: orders.handler',
    '      Events:',
    '        Orders:',
    '          Type: SQS',
    '          Properties:',
    '            Queue: !GetAtt OrdersQueue.Arn',
    '            BatchSize: 1',
    '',
  ].join('\n');
  const HANDLER = 'export const handler = async (event: { Records: { body: string }[] }) => {\n  for (const r of event.Records) JSON.parse(r.body);\n};\n';
  const OTHER = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n";

  it("reads each listed template with the assembling template's Globals and code folder", () => {
    const dir = writeProject({ 'template-source.yaml': ASSEMBLER, 'cf/orders.yaml': FRAGMENT, 'cf/other.yaml': OTHER, 'src/orders.ts': HANDLER });
    const graph = JSON.parse(runCli(['--print-graph', 'json'], dir).stdout) as { functions: [{ handler: { file?: string; linked: boolean } }] };
    expect(graph.functions[0].handler).toMatchObject({ file: 'src/orders.ts', linked: true });
    const r = runCli(['--format', 'json', '.'], dir);
    // The queue's default 30 s visibility against the 30 s timeout the Globals set.
    expect(findings(r.stdout, dir).filter((f) => f.includes('sqs-visibility-timeout'))).toEqual(['cf/orders.yaml:4:3 lambda-lint/sqs-visibility-timeout']);
    expect(r.stdout).not.toContain('Unknown tag');
  });

  it('near miss: a template nothing lists is read on its own (its folder, no Globals), and another unknown tag stays a parsing error', () => {
    const dir = writeProject({
      'template-source.yaml': ASSEMBLER.replace('./cf/orders.yaml,', './cf/billing.yaml,'),
      'cf/orders.yaml': FRAGMENT,
      'cf/other.yaml': OTHER,
      'src/orders.ts': HANDLER,
      'broken.yaml': "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Topic: !Custom thing\n",
    });
    const graph = JSON.parse(runCli(['--print-graph', 'json'], dir).stdout) as { functions: [{ handler: { file?: string; linked: boolean } }] };
    expect(graph.functions[0].handler).toMatchObject({ file: 'cf/orders', linked: false });
    const r = runCli(['--format', 'json', '.'], dir);
    expect(findings(r.stdout, dir).filter((f) => f.includes('sqs-visibility-timeout'))).toEqual([]);
    expect(r.stdout).toContain('Unknown tag !Custom');
  });
});
