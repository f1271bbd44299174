/**
 * no-missing-handler-export, and the linking it rests on: handler files that re-export the handler
 * (at any depth), extensionless module paths and `index.*`, handler files that mention nothing the
 * handler rules look for, and `--print-graph`'s reason for every function that is not linked.
 */
import { describe, expect, it } from 'vitest';
import { ESLint as ESLint9 } from 'eslint-v9';
import rule from '../../src/rules/no-missing-handler-export.js';
import { analyze } from '../../src/api.js';
import { buildGraph } from '../../src/graph.js';
import { cliFindings, eslintFindings, writeProject } from '../helpers/project.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const RULE = 'no-missing-handler-export';

/** A SAM function with `Handler: <handler>` in `src/`. */
const sam = (handler: string, codeUri = 'src/'): string => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ${codeUri}
      Handler: ${handler}
      Runtime: nodejs22.x
`;

const cdk = (props: string): string => `import path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
export class S extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
    new NodejsFunction(this, 'Worker', { entry: path.join(__dirname, 'src/worker.ts')${props} });
  }
}
`;

const SQS_HANDLER = `import type { SQSEvent } from 'aws-lambda';
export const handler = async (event: SQSEvent) => { for (const r of event.Records) console.log(r.body); };
`;

async function graphOf(dir: string): Promise<{ linked: boolean; unlinked?: string | undefined; file?: string | undefined }[]> {
  const { project } = await analyze(['.'], { cwd: dir });
  return buildGraph(project, dir).functions.map((f) => ({ linked: f.handler.linked, unlinked: f.handler.unlinked, file: f.handler.file }));
}

// One file alone never links a function to its handler: the rule needs the project.
runRuleTests(RULE, rule, { valid: [cdk(''), SQS_HANDLER], invalid: [] });

describe('no-missing-handler-export', () => {
  it.each([
    ['SAM: the file exports another name', { 'template.yaml': sam('worker.handler'), 'src/worker.ts': 'export const process = async () => {};\n' }, 'template.yaml', 4, '`process`'],
    ['CDK: the default handler name, the entry exports main', { 'stack.ts': cdk(''), 'src/worker.ts': 'export async function main() {}\n' }, 'stack.ts', 7, '`main`'],
    ['CDK: handler given, not exported', { 'stack.ts': cdk(", handler: 'run'"), 'src/worker.ts': 'export const handler = async () => {};\n' }, 'stack.ts', 7, '`handler`'],
    ['CommonJS: exports.x and module.exports.y', { 'template.yaml': sam('worker.handler'), 'src/worker.js': 'exports.main = async () => {};\nmodule.exports.other = 1;\n' }, 'template.yaml', 4, '`main`, `other`'],
    ['a barrel whose modules do not export it', { 'template.yaml': sam('worker.handler'), 'src/worker.ts': "export * from './a';\nexport { b } from './b';\n", 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'export const b = 1;\n' }, 'template.yaml', 4, '`b`'],
    ['a file that exports nothing', { 'template.yaml': sam('worker.handler'), 'src/worker.ts': 'const handler = async () => {};\n' }, 'template.yaml', 4, 'it exports nothing'],
  ])('reports %s (from the CLI, and ESLint 9 and 10 for a script)', async (_name, files, file, line, exportsText) => {
    const dir = writeProject({ 'package.json': '{}', ...files });
    const expected = [{ file, line, column: expect.any(Number) as number, ruleId: `lambda-lint/${RULE}`, messageId: 'missingExport' }];
    expect(await cliFindings(dir, [RULE])).toEqual(expected);
    // The ESLint plugin lints scripts: a template's findings come from the CLI.
    const fromEslint = file.endsWith('.ts') ? expected : [];
    expect(await eslintFindings(dir, [RULE])).toEqual(fromEslint);
    expect(await eslintFindings(dir, [RULE], ESLint9)).toEqual(fromEslint);
    const { results } = await analyze(['.'], { cwd: dir });
    expect(results.flatMap((r) => r.messages.filter((m) => m.ruleId === `lambda-lint/${RULE}`).map((m) => m.message))[0]).toContain(exportsText);
  });

  it.each([
    ['exported directly', { 'template.yaml': sam('worker.handler'), 'src/worker.ts': SQS_HANDLER }],
    ['re-exported by name', { 'template.yaml': sam('worker.handler'), 'src/worker.ts': "export { handler } from './real';\n", 'src/real.ts': SQS_HANDLER }],
    ['re-exported as the default of another module, two barrels deep', { 'template.yaml': sam('worker.handler'), 'src/worker.ts': "export { handler } from './sqs';\n", 'src/sqs/index.ts': "export { default as handler } from './receiver';\n", 'src/sqs/receiver.ts': 'export default async function (event: unknown) {}\n' }],
    ['through export *', { 'template.yaml': sam('worker.handler'), 'src/worker.ts': "export * from './real';\n", 'src/real.ts': SQS_HANDLER }],
    ['a CommonJS object of exports', { 'template.yaml': sam('worker.handler'), 'src/worker.js': 'const handler = async () => {};\nmodule.exports = { handler, other: () => 1 };\n' }],
    ['an export that is not a function lambda-lint reads', { 'template.yaml': sam('worker.handler'), 'src/worker.ts': "import { make } from 'some-framework';\nexport const handler = make({ name: 'x' });\n" }],
    ['the handler path names a folder with an index', { 'template.yaml': sam('worker.handler'), 'src/worker/index.ts': SQS_HANDLER }],
  ])('links %s, and stays quiet', async (_name, files) => {
    const dir = writeProject({ 'package.json': '{}', ...files });
    expect(await cliFindings(dir, [RULE])).toEqual([]);
    expect(await eslintFindings(dir, [RULE])).toEqual([]);
  });

  it.each([
    ['module.exports = a call', 'const make = require("x");\nmodule.exports = make();\n', '.js'],
    ['exports[name] = …', 'for (const n of ["handler"]) exports[n] = async () => {};\n', '.js'],
    ['TypeScript export =', 'const o = { handler: async () => {} };\nexport = o;\n', '.ts'],
    ['export * from a package', "export * from 'some-package';\n", '.ts'],
    ['export * from a module that cannot be resolved', "export * from './missing';\n", '.ts'],
  ])('stays quiet when the exports cannot all be known: %s', async (_name, text, ext) => {
    const dir = writeProject({ 'package.json': '{}', 'template.yaml': sam('worker.handler'), [`src/worker${ext}`]: text });
    expect(await cliFindings(dir, [RULE])).toEqual([]);
    const graph = await graphOf(dir);
    expect(graph).toEqual([expect.objectContaining({ linked: false, unlinked: expect.stringContaining('(as far as its exports can be read)') as string })]);
  });

  it('stays quiet when the handler file does not exist, is in another language, or is a Python module whose names are not all known', async () => {
    const python = sam('worker.handler').replace('nodejs22.x', 'python3.12');
    for (const [template, files] of [
      [sam('worker.handler'), {}],
      [sam('worker.handler'), { 'src/worker.rb': 'def handler(event:, context:); end\n' }],
      // A module that makes names its statements do not show.
      [python, { 'src/worker.py': 'from impl import *\n\ndef main(event, context):\n    pass\n' }],
      [python, { 'src/worker.py': 'def setup():\n    global handler\n    handler = make()\n' }],
      // Names it does show: an import, an assignment (not a function lambda-lint reads, but there).
      [python, { 'src/worker.py': 'from impl import handler\n' }],
      [python, { 'src/worker.py': 'handler = Mangum(app)\n' }],
    ] as [string, Record<string, string>][]) {
      const dir = writeProject({ 'package.json': '{}', 'template.yaml': template, ...files });
      expect(await cliFindings(dir, [RULE])).toEqual([]);
    }
  });

  it('reports a Python module that does not define the handler the function names', async () => {
    const dir = writeProject({ 'package.json': '{}', 'template.yaml': sam('worker.handler').replace('nodejs22.x', 'python3.12'), 'src/worker.py': 'import json\n\nclass Worker:\n    pass\n\ndef main(event, context):\n    pass\n' });
    expect((await cliFindings(dir, [RULE])).map((f) => `${f.file}:${f.line}`)).toHaveLength(1);
  });
});

describe('--print-graph: why a function is not linked', () => {
  it.each([
    ['the file is missing', { 'template.yaml': sam('worker.handler') }, 'no file src/worker.{ts,js,mjs,cjs,…} in the project'],
    ['the handler is Ruby', { 'template.yaml': sam('worker.handler'), 'src/worker.rb': '' }, 'the handler is src/worker.rb, in a language lambda-lint does not read (it reads JavaScript, TypeScript and Python)'],
    ['the Python module does not define it', { 'template.yaml': sam('worker.handler').replace('nodejs22.x', 'python3.12'), 'src/worker.py': 'def main(event, context):\n    pass\n' }, 'src/worker.py does not export handler'],
    ['a Node.js function whose path holds a Python module', { 'template.yaml': sam('worker.handler'), 'src/worker.py': 'def handler(event, context):\n    pass\n' }, "the file at the handler's path is src/worker.py, which its runtime nodejs22.x does not run"],
    ['a Python function whose path holds a script', { 'template.yaml': sam('worker.handler').replace('nodejs22.x', 'python3.12'), 'src/worker.ts': 'export const handler = async () => {};\n' }, "the file at the handler's path is src/worker.ts, which its runtime python3.12 does not run"],
    ['a Python function whose module is missing', { 'template.yaml': sam('worker.handler').replace('nodejs22.x', 'python3.12') }, 'no file src/worker.py (or a package of that name) in the project'],
    ['the export is missing', { 'template.yaml': sam('worker.handler'), 'src/worker.ts': 'export const main = 1;\n' }, 'src/worker.ts does not export handler'],
    ['the code is an image', { 'template.yaml': sam('worker.handler').replace('      Runtime: nodejs22.x\n', '      PackageType: Image\n') }, 'where the handler\'s code is is not known: a container image (PackageType: Image)'],
    ['the code is in S3', { 'template.yaml': sam('worker.handler', 's3://bucket/code.zip') }, 'where the handler\'s code is is not known: the code is uploaded from s3://bucket/code.zip'],
    ['the export is a value, not a function', { 'template.yaml': sam('worker.handler'), 'src/worker.ts': 'export const handler = 42;\n' }, 'src/worker.ts exports handler, but not as a function lambda-lint can read'],
    // The project's own factory, whose result is not a function lambda-lint reads: its code is here, so no guess.
    ['the export is made by a project factory that returns no function', { 'template.yaml': sam('worker.handler'), 'src/worker.ts': "import { make } from './make';\nexport const handler = make();\n", 'src/make.ts': 'declare const settings: { make(): unknown };\nexport const make = settings.make;\n' }, 'src/worker.ts exports handler, but not as a function lambda-lint can read'],
  ])('%s', async (_name, files, reason) => {
    const dir = writeProject({ 'package.json': '{}', ...files });
    expect(await graphOf(dir)).toEqual([expect.objectContaining({ linked: false, unlinked: reason })]);
  });

  describe("a handler a package's function makes: linked, its code not read", () => {
    const made = async (dir: string): Promise<unknown[]> => {
      const { project } = await analyze(['.'], { cwd: dir });
      return buildGraph(project, dir).functions.map((f) => ({ linked: f.handler.linked, madeBy: f.handler.madeBy, unknowns: f.handler.unknowns, returnsBatchResponse: f.handler.returnsBatchResponse }));
    };
    it.each([
      ['an ES import', "import { handle } from 'hono/aws-lambda';\nimport { app } from './app';\nexport const handler = handle(app);\n", 'handle (hono/aws-lambda)', 'handle of hono/aws-lambda'],
      ['a default import, through a constant', "import serverless from 'serverless-http';\nimport { app } from './app';\nconst wrapped = serverless(app);\nexport { wrapped as handler };\n", 'serverless-http', 'serverless-http'],
      ['CommonJS: a required module, exported by assignment', "const serverless = require('serverless-http');\nconst app = require('./app');\nmodule.exports.handler = serverless(app());\n", 'serverless-http', 'serverless-http'],
      ['CommonJS: a destructured require, exports.x', "const { createHandler } = require('@webiny/handler-aws');\nexports.handler = createHandler({ plugins: [] });\n", 'createHandler (@webiny/handler-aws)', 'createHandler of @webiny/handler-aws'],
    ])('%s', async (_name, text, madeBy, said) => {
      const dir = writeProject({ 'package.json': '{}', 'template.yaml': sam('worker.handler'), 'src/worker.ts': text, 'src/app.ts': 'export const app = {};\n' });
      expect(await made(dir)).toEqual([
        { linked: true, madeBy, returnsBatchResponse: 'unknown', unknowns: [`the handler is made by ${said}, a package lambda-lint does not read: what it does with the event is not known`] },
      ]);
    });

    it('a module the tsconfig paths map into the project is not a package: its factory is read, or the export is not linked', async () => {
      const dir = writeProject({
        'package.json': '{}',
        'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@lib/*': ['lib/*'] } } }),
        'template.yaml': sam('worker.handler'),
        'src/worker.ts': "import { make } from '@lib/make';\nexport const handler = make();\n",
        'lib/make.ts': 'declare const settings: { make(): unknown };\nexport const make = settings.make;\n',
      });
      expect(await graphOf(dir)).toEqual([expect.objectContaining({ linked: false, unlinked: 'src/worker.ts exports handler, but not as a function lambda-lint can read' })]);
    });

    it('behind an SQS mapping: no rule decides on what the package does, and the export is not missing', async () => {
      const template = `${sam('worker.handler')}      Events:
        Jobs:
          Type: SQS
          Properties: { Queue: arn:aws:sqs:eu-west-1:123456789012:jobs, BatchSize: 10, FunctionResponseTypes: [ReportBatchItemFailures] }
`;
      const dir = writeProject({ 'package.json': '{}', 'template.yaml': template, 'src/worker.ts': "import { createHandler } from 'fw';\nexport const handler = createHandler({ plugins: [] });\n" });
      expect(await made(dir)).toEqual([expect.objectContaining({ linked: true, madeBy: 'createHandler (fw)' })]);
      expect(await cliFindings(dir, [RULE, 'require-batch-item-failures', 'batch-response-ignored', 'no-whole-batch-throw', 'require-idempotency'])).toEqual([]);
    });
  });

  it('links a handler file that mentions no record field: its wrapper calls the real handler in another module', async () => {
    const dir = writeProject({
      'package.json': '{}',
      'template.yaml': sam('worker.handler'),
      'src/worker.ts': "import { run } from './impl';\nexport const handler = async (event: unknown) => run(event);\n",
      'src/impl.ts': SQS_HANDLER.replace('export const handler', 'export const run'),
    });
    expect(await graphOf(dir)).toEqual([{ linked: true, unlinked: undefined, file: 'src/worker.ts' }]);
  });

  it('links an export that wraps another export of the same function, and the handler rules see its mapping', async () => {
    const template = `${sam('worker.main')}      Events:
        Jobs:
          Type: SQS
          Properties: { Queue: arn:aws:sqs:eu-west-1:123456789012:jobs, BatchSize: 10 }
`;
    const handler = `import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import middy from '@middy/core';
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const r of event.Records) { try { await work(r.body); } catch { batchItemFailures.push({ itemIdentifier: r.messageId }); } }
  return { batchItemFailures };
}
export const main = middy(handler);
declare function work(body: string): Promise<void>;
`;
    const dir = writeProject({ 'package.json': '{}', 'template.yaml': template, 'src/worker.ts': handler });
    expect(await graphOf(dir)).toEqual([{ linked: true, unlinked: undefined, file: 'src/worker.ts' }]);
    expect(await cliFindings(dir, ['batch-response-ignored'])).toEqual([
      { file: 'src/worker.ts', line: 6, column: 3, ruleId: 'lambda-lint/batch-response-ignored', messageId: 'handlerResponseIgnored' },
      { file: 'template.yaml', line: 11, column: 9, ruleId: 'lambda-lint/batch-response-ignored', messageId: 'mappingIgnoresResponse' },
    ]);
  });

  it('links a method bound on an instance made in place: new Handler().handle.bind(…)', async () => {
    const dir = writeProject({
      'package.json': '{}',
      'template.yaml': sam('worker.lambdaHandler'),
      'src/worker.ts': 'class Session { async handler(event: unknown) { return event; } }\nconst lambdaHandler = new Session().handler.bind(new Session());\nexport { lambdaHandler };\n',
    });
    expect(await graphOf(dir)).toEqual([{ linked: true, unlinked: undefined, file: 'src/worker.ts' }]);
  });

  it('links through a re-export at the defining module', async () => {
    const dir = writeProject({ 'package.json': '{}', 'template.yaml': sam('worker.handler'), 'src/worker.ts': "export { handler } from './real';\n", 'src/real.ts': SQS_HANDLER });
    expect(await graphOf(dir)).toEqual([{ linked: true, unlinked: undefined, file: 'src/real.ts' }]);
  });
});

describe("a handler path into a build's output that is not in the repository", () => {
  const RETURNS_FAILURES = `import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const r of event.Records) { try { await work(r.body); } catch { batchItemFailures.push({ itemIdentifier: r.messageId }); } }
  return { batchItemFailures };
};
declare function work(body: string): Promise<void>;
`;
  const withQueue = (template: string): string => `${template}      Events:
        Jobs:
          Type: SQS
          Properties: { Queue: arn:aws:sqs:eu-west-1:123456789012:jobs, BatchSize: 10 }
`;

  it('links the one source whose path ends like the output, and the cross-file rules see it (CLI, ESLint 9 and 10)', async () => {
    const dir = writeProject({
      'package.json': '{}',
      'template.yaml': withQueue(sam('handler.handler', 'dist/orders/')),
      'src/lambdas/orders/handler.ts': RETURNS_FAILURES,
      // Another function's handler, and a test: not the same path.
      'src/lambdas/payments/handler.ts': RETURNS_FAILURES,
      'src/lambdas/orders/handler.test.ts': "import { handler } from './handler';\nvoid handler;\n",
    });
    const { project } = await analyze(['.'], { cwd: dir });
    expect(buildGraph(project, dir).functions.map((f) => f.handler)).toEqual([
      expect.objectContaining({ linked: true, file: 'src/lambdas/orders/handler.ts', builtFrom: 'dist/orders/handler' }),
    ]);
    const expected = [
      { file: 'src/lambdas/orders/handler.ts', line: 5, column: 3, ruleId: 'lambda-lint/batch-response-ignored', messageId: 'handlerResponseIgnored' },
      { file: 'template.yaml', line: 11, column: 9, ruleId: 'lambda-lint/batch-response-ignored', messageId: 'mappingIgnoresResponse' },
    ];
    expect(await cliFindings(dir, ['batch-response-ignored'])).toEqual(expected);
    // ESLint lints the scripts: the handler's half of the finding.
    expect(await eslintFindings(dir, ['batch-response-ignored'])).toEqual(expected.slice(0, 1));
    expect(await eslintFindings(dir, ['batch-response-ignored'], ESLint9)).toEqual(expected.slice(0, 1));
  });

  it.each([
    ['a folder built to its index (dist/orders/index ← src/orders.ts)', { 'template.yaml': sam('index.handler', 'dist/orders/'), 'src/orders.ts': SQS_HANDLER }, 'src/orders.ts'],
    [
      'a zip of a build folder (out/orders/orders.zip with index.handler ← src/adapters/orders.ts)',
      { 'template.yaml': sam('index.handler', './out/orders/orders.zip'), 'src/adapters/orders.ts': SQS_HANDLER, 'src/adapters/payments.ts': SQS_HANDLER },
      'src/adapters/orders.ts',
    ],
    ['a shorter tail (dist/frontend/frontend-handler ← src/handlers/frontend-handler.ts)', { 'template.yaml': sam('frontend-handler.handler', 'dist/frontend/'), 'src/handlers/frontend-handler.ts': SQS_HANDLER }, 'src/handlers/frontend-handler.ts'],
    [
      'a Terraform archive of a tsc outDir, within its package',
      {
        'main.tf': `data "archive_file" "code" {
  type        = "zip"
  source_dir  = "\${path.module}/lambda/code/dist"
  output_path = "/tmp/code.zip"
}
resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/x"
  runtime       = "nodejs22.x"
  handler       = "main.handler"
  filename      = data.archive_file.code.output_path
}
`,
        'lambda/code/main.ts': SQS_HANDLER,
        'other/main.ts': SQS_HANDLER,
      },
      'lambda/code/main.ts',
    ],
  ])('%s', async (_name, files, file) => {
    const dir = writeProject({ 'package.json': '{}', ...files });
    expect(await graphOf(dir)).toEqual([{ linked: true, unlinked: undefined, file }]);
  });

  it('is not known when more than one source could be it, and says which', async () => {
    const dir = writeProject({ 'package.json': '{}', 'template.yaml': sam('index.handler', 'dist/'), 'src/a/index.ts': SQS_HANDLER, 'src/b/index.ts': SQS_HANDLER });
    expect(await graphOf(dir)).toEqual([
      expect.objectContaining({ linked: false, unlinked: "no file dist/index.{ts,js,mjs,cjs,…} in the project; it is a build's output, and more than one source could be it (src/a/index.ts, src/b/index.ts)" }),
    ]);
  });

  it('does not call a missing export certain: the bundle may rename or wrap it', async () => {
    const dir = writeProject({ 'package.json': '{}', 'template.yaml': sam('worker.handler', 'dist/'), 'src/worker.ts': 'export const main = async () => {};\n' });
    expect(await graphOf(dir)).toEqual([
      expect.objectContaining({ linked: false, unlinked: "dist/worker is a build's output; its source src/worker.ts does not export handler" }),
    ]);
    expect(await cliFindings(dir, [RULE])).toEqual([]);
  });

  it('links the built file itself when it is in the repository, and looks for no source outside build folders', async () => {
    const committed = writeProject({ 'package.json': '{}', 'template.yaml': sam('worker.handler', 'dist/'), 'dist/worker.js': 'exports.handler = async () => {};\n', 'src/worker.ts': SQS_HANDLER });
    expect(await graphOf(committed)).toEqual([{ linked: true, unlinked: undefined, file: 'dist/worker.js' }]);
    const notBuilt = writeProject({ 'package.json': '{}', 'template.yaml': sam('worker.handler', 'app/'), 'src/worker.ts': SQS_HANDLER });
    expect(await graphOf(notBuilt)).toEqual([expect.objectContaining({ linked: false, unlinked: 'no file app/worker.{ts,js,mjs,cjs,…} in the project' })]);
  });
});
