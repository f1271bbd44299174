/**
 * Serverless functions defined in their own modules for a serverless.ts to import (the
 * Framework's TypeScript template), and services for other clouds.
 */
import { describe, expect, it } from 'vitest';
import { extractFileFacts } from '../src/analyzers/index.js';
import { defaultVisitorKeys, parseScript } from '../src/core/ast.js';
import type { FileFacts } from '../src/model/facts.js';
import { analyze } from '../src/api.js';
import { buildGraph } from '../src/graph.js';
import { cliFindings, writeProject } from './helpers/project.js';

function facts(text: string, file = '/svc/src/functions/hello/index.ts'): FileFacts {
  const parsed = parseScript(text, file);
  if (!parsed.ok) throw new Error(parsed.message);
  return extractFileFacts(parsed.ast, text, file, defaultVisitorKeys());
}

const HELPER = "import { handlerPath } from '@libs/handler-resolver';\n";

describe('a module that exports a Serverless function definition', () => {
  it('is a function, named after its folder, with its handler beside it and its events', () => {
    const f = facts(`${HELPER}export default {
  handler: \`\${handlerPath(__dirname)}/handler.main\`,
  events: [{ sqs: { arn: 'arn:aws:sqs:us-east-1:1:q', batchSize: 10 } }, { http: { method: 'post', path: 'x' } }],
};
`);
    expect(f.infra.functions.map((fn) => [fn.dialect, fn.constructId, fn.handler, fn.timeout.state])).toEqual([
      // The service's provider.timeout may apply: not known here.
      ['serverless', 'hello', { file: '/svc/src/functions/hello/handler', exportName: 'main' }, 'unknown'],
    ]);
    expect(f.infra.mappings.map((m) => [m.kind, m.batchSize.state === 'known' ? m.batchSize.value : m.batchSize.state])).toEqual([['sqs', 10]]);
  });

  it('reads named exports and CommonJS, with a literal handler path or __dirname itself', () => {
    const named = facts("export const worker = { handler: 'src/worker.run', events: [{ schedule: 'rate(1 hour)' }] };\n", '/svc/src/defs.ts');
    // A literal path is the service folder's, found by the project (the serverless file above).
    expect(named.infra.functions.map((fn) => [fn.constructId, fn.handler.file, fn.handler.fromAppRoot, fn.handler.exportName])).toEqual([['worker', undefined, 'src/worker', 'run']]);
    expect(named.infra.functions[0]?.handler.appRootMarker).toEqual(expect.arrayContaining(['serverless.ts', 'serverless.yml']));
    const cjs = facts('module.exports = { handler: `${__dirname}/handler.main`, events: [{ sns: "arn:aws:sns:us-east-1:1:t" }] };\n', '/svc/src/fns/notify.js');
    expect(cjs.infra.functions.map((fn) => [fn.constructId, fn.handler])).toEqual([['notify', { file: '/svc/src/fns/handler', exportName: 'main' }]]);
  });

  it('is a function without events when its handler is in its own folder (an authorizer)', () => {
    const f = facts(`${HELPER}export default {\n  handler: \`\${handlerPath(__dirname)}/handler.basicAuthorizer\`,\n  timeout: 5,\n};\n`, '/svc/src/functions/basicAuthorizer/index.ts');
    expect(f.infra.functions.map((fn) => [fn.constructId, fn.handler])).toEqual([
      ['basicAuthorizer', { file: '/svc/src/functions/basicAuthorizer/handler', exportName: 'basicAuthorizer' }],
    ]);
    expect(f.infra.mappings).toEqual([]);
  });

  it.each([
    ['a literal handler path', "export default { handler: 'src/auth.main' };\n"],
    ['a key no Serverless function has', `${HELPER}export default { handler: \`\${handlerPath(__dirname)}/handler.main\`, retries: 3 };\n`],
    ['a spread', `${HELPER}const base = { timeout: 5 };\nexport default { ...base, handler: \`\${handlerPath(__dirname)}/handler.main\` };\n`],
    ['a folder path with no export', `${HELPER}export default { handler: \`\${handlerPath(__dirname)}/handler\` };\n`],
  ])('is not a function without events with %s', (_name, text) => {
    expect(facts(text).infra.functions).toEqual([]);
  });

  it.each([
    ['an event key that is no Serverless event', "export default { handler: 'a.b', events: [{ onRetry: 'log' }] };\n"],
    ['no events', "export default { handler: 'a.b', events: [] };\n"],
    ['no handler', "export default { events: [{ sqs: 'arn:aws:sqs:us-east-1:1:q' }] };\n"],
    ['an event with two keys', "export default { handler: 'a.b', events: [{ sqs: 'arn', http: 'x' }] };\n"],
    ['an object that is not exported', "const def = { handler: 'a.b', events: [{ sqs: 'arn:aws:sqs:us-east-1:1:q' }] };\nconsole.log(def);\n"],
  ])('is not read from %s', (_name, text) => {
    expect(facts(text).infra.functions).toEqual([]);
  });

  it('leaves a handler path unknown when the folder is not at its start, or another value is not known', () => {
    const late = facts(`${HELPER}export default { handler: \`dist/\${handlerPath(__dirname)}/handler.main\`, events: [{ sqs: 'arn:aws:sqs:us-east-1:1:q' }] };\n`);
    expect(late.infra.functions[0]?.handler.file).toBeUndefined();
    const other = facts(`${HELPER}export default { handler: \`\${handlerPath(__dirname)}/\${name}.main\`, events: [{ sqs: 'arn:aws:sqs:us-east-1:1:q' }] };\n`);
    expect(other.infra.functions[0]?.handler.file).toBeUndefined();
  });

  it('does not read a serverless.ts as a fragment (it is the service)', () => {
    const f = facts("export default { service: 's', provider: { name: 'aws' }, functions: { a: { handler: 'a.b', events: [{ sqs: 'arn:aws:sqs:us-east-1:1:q' }] } } };\n", '/svc/serverless.ts');
    expect(f.infra.functions.map((fn) => fn.constructId)).toEqual(['a']);
  });
});

describe('provider.name', () => {
  it('is another cloud: the service is not ours', () => {
    const f = facts("export default { service: 's', provider: { name: 'azure' }, functions: { a: { handler: 'a.b', events: [{ queue: 'q' }] } } };\n", '/svc/serverless.ts');
    expect(f.infra.functions).toEqual([]);
  });
});

describe('a function module without events', () => {
  it('is linked, and a missing export is reported', async () => {
    const dir = writeProject({
      'package.json': '{}',
      'serverless.ts': "import { basicAuthorizer, other } from './src/functions';\nexport default { service: 's', provider: { name: 'aws', runtime: 'nodejs20.x' }, functions: { basicAuthorizer, other } };\n",
      'src/functions/index.ts': "export { default as basicAuthorizer } from './basicAuthorizer';\nexport { default as other } from './other';\n",
      'src/functions/basicAuthorizer/index.ts': 'export default { handler: `${__dirname}/handler.basicAuthorizer` };\n',
      'src/functions/basicAuthorizer/handler.ts': 'export const basicAuthorizer = async (event: { authorizationToken?: string }) => ({ principalId: event.authorizationToken ?? "anonymous" });\n',
      'src/functions/other/index.ts': 'export default { handler: `${__dirname}/handler.main` };\n',
      'src/functions/other/handler.ts': 'export const run = async () => 1;\n',
    });
    const { project } = await analyze(['.'], { cwd: dir });
    expect(buildGraph(project, dir).functions.find((f) => f.name === 'other')?.handler.unlinked).toBe('src/functions/other/handler.ts does not export main');
    expect(buildGraph(project, dir).functions.map((f) => [f.name, f.handler.linked, f.handler.file])).toEqual([
      ['basicAuthorizer', true, 'src/functions/basicAuthorizer/handler.ts'],
      ['other', false, 'src/functions/other/handler'],
    ]);
    expect((await cliFindings(dir, ['no-missing-handler-export'])).map((f) => `${f.file}:${f.line}`)).toEqual(['src/functions/other/index.ts:1']);
  });
});

describe('a function module with a literal handler path', () => {
  it('is linked from the service folder, not from the module folder', async () => {
    const dir = writeProject({
      'package.json': '{}',
      'serverless.ts': "import orders from './src/functions/orders';\nexport default { service: 's', provider: { name: 'aws', runtime: 'nodejs20.x' }, functions: { orders } };\n",
      'src/functions/orders.ts': "export default { handler: 'src/handlers/orders.main', events: [{ sqs: { arn: 'arn:aws:sqs:us-east-1:1:q', batchSize: 1 } }] };\n",
      'src/handlers/orders.ts': "import type { SQSEvent } from 'aws-lambda';\nexport const main = async (event: SQSEvent) => { for (const r of event.Records) console.log(r.body); };\n",
    });
    const { project } = await analyze(['.'], { cwd: dir });
    expect(buildGraph(project, dir).functions.map((f) => [f.name, f.handler.linked, f.handler.file])).toEqual([['orders', true, 'src/handlers/orders.ts']]);
  });
});

describe("a function module's timeout is the service's provider.timeout", () => {
  const project = (provider: string, queue: string): string =>
    writeProject({
      'package.json': '{}',
      'serverless.ts': `import orders from './src/functions/orders';
export default {
  service: 's',
  provider: { name: 'aws', runtime: 'nodejs20.x'${provider} },
  functions: { orders },
  resources: { Resources: { OrdersQueue: { Type: 'AWS::SQS::Queue', Properties: { ${queue}RedrivePolicy: { deadLetterTargetArn: 'arn:aws:sqs:us-east-1:1:dlq', maxReceiveCount: 5 } } } } },
};
`,
      'src/functions/orders.ts': "export default { handler: 'src/handlers/orders.main', events: [{ sqs: { arn: { 'Fn::GetAtt': ['OrdersQueue', 'Arn'] }, batchSize: 1 } }] };\n",
    });

  it.each([
    ['provider.timeout 30 s against a 60 s visibility', ", timeout: 30", 'VisibilityTimeout: 60, ', ['serverless.ts:6:102']],
    ["the Framework's default 6 s against the default 30 s visibility", '', '', ['serverless.ts:6:29']],
    ['near miss: provider.timeout 5 s against a 60 s visibility', ', timeout: 5', 'VisibilityTimeout: 60, ', []],
    ['near miss: a provider.timeout not known', ', timeout: process.env.TIMEOUT', '', []],
  ])('%s', async (_name, provider, queue, expected) => {
    const dir = project(provider, queue);
    expect((await cliFindings(dir, ['sqs-visibility-timeout'])).map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual(expected);
  });
});

describe('${self:} variables with a variable inside', () => {
  const service = (arn: string, stage = '${opt:stage, self:provider.stage}'): string => `service: sync
provider:
  name: aws
  runtime: python3.12
custom:
  stage: ${stage}
  streams:
    production: arn:aws:dynamodb:us-west-2:123456789012:table/production-vault/stream/2024-01-01T00:00:00.000
    testing: arn:aws:dynamodb:us-west-2:123456789012:table/testing-vault/stream/2024-01-01T00:00:00.000
functions:
  sync:
    handler: handler.handle
    events:
      - stream:
          arn: ${arn}
          batchSize: 1000
`;
  const run = async (text: string): Promise<string[]> => (await cliFindings(writeProject({ 'package.json': '{}', 'serverless.yml': text }), ['require-report-batch-item-failures', 'no-unbounded-stream-retries'])).map((f) => `${f.line}:${f.column} ${f.ruleId}`);

  it('a stage the file does not settle: the value is one of the map’s children, whose shared part says a DynamoDB stream', async () => {
    expect(await run(service('${self:custom.streams.${self:custom.stage}}'))).toEqual(['14:9 lambda-lint/no-unbounded-stream-retries', '14:9 lambda-lint/require-report-batch-item-failures']);
  });

  it('a stage the file settles picks that child', async () => {
    expect(await run(service('${self:custom.streams.${self:custom.stage}}', 'testing'))).toEqual(['14:9 lambda-lint/no-unbounded-stream-retries', '14:9 lambda-lint/require-report-batch-item-failures']);
  });

  it('stays unknown when the children do not agree on a service, or the path names nothing', async () => {
    const mixed = service('${self:custom.streams.${self:custom.stage}}').replace('testing: arn:aws:dynamodb', 'testing: arn:aws:kinesis');
    expect(await run(mixed)).toEqual([]);
    expect(await run(service('${self:custom.missing.${self:custom.stage}}'))).toEqual([]);
  });
});
