/**
 * Handlers whose per-record work lives in other modules of the project: the handler's facts are
 * composed with those modules' function summaries (relative imports, barrels,
 * `export { default as x } from`, tsconfig `paths`, CommonJS), in the CLI and in ESLint 9 and 10
 * alike. Each case states what the handler's file alone could not see.
 */
import { describe, expect, it } from 'vitest';
import { ESLint as ESLint9 } from 'eslint-v9';
import { ESLint } from 'eslint';
import { cliFindings, eslintFindings, writeProject, type ESLintClass } from './helpers/project.js';
import { analyze } from '../src/api.js';
import { buildGraph } from '../src/graph.js';
import { MAX_CALL_DEPTH, MAX_FUNCTIONS } from '../src/analyzers/handlers/compose.js';

const HANDLER_RULES = ['require-batch-item-failures', 'no-whole-batch-throw', 'fifo-stop-on-failure', 'batch-response-ignored', 'require-report-batch-item-failures', 'no-unprocessed-records', 'valid-batch-item-identifier'];

const PKG = { 'package.json': '{ "name": "app", "private": true }' };

/** A helper module that processes one record and throws on a bad one. */
const THROWING_HELPER = `import type { SQSRecord } from 'aws-lambda';
export async function processRecord(record: SQSRecord): Promise<void> {
  const order = JSON.parse(record.body);
  if (!order.id) throw new Error('order without id');
  await save(order);
}
declare function save(order: unknown): Promise<void>;
`;

const LOOP_CALLING = (specifier: string, name = 'processRecord'): string => `import type { SQSHandler } from 'aws-lambda';
import { ${name} } from '${specifier}';
export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    await ${name}(record);
  }
};
`;

/** A SAM function behind an SQS queue, with `BatchSize` given, and partial batch responses on or off. */
const SAM_SQS = (batchSize: number, partialResponses = true): string => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy: { deadLetterTargetArn: arn:aws:sqs:eu-west-1:123456789012:dlq, maxReceiveCount: 3 }
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: handler.handler
      Runtime: nodejs20.x
      Events:
        Jobs:
          Type: SQS
          Properties:
            Queue: !GetAtt Queue.Arn
            BatchSize: ${batchSize}
${partialResponses ? '            FunctionResponseTypes: [ReportBatchItemFailures]\n' : ''}`;

interface Case {
  name: string;
  files: Record<string, string>;
  /** `file:line:column rule messageId`. */
  expected: string[];
}

const CASES: Case[] = [
  {
    name: 'the same helper of another module called twice, once where a catch covers it and once in that catch: reported at the second call',
    files: {
      ...PKG,
      'src/handler.ts': "import type { SQSHandler } from 'aws-lambda';\nimport { processRecord } from './lib/process';\nexport const handler: SQSHandler = async (event) => {\n  for (const record of event.Records) {\n    try {\n      await processRecord(record);\n    } catch (error) {\n      console.error(error);\n      await processRecord(record);\n    }\n  }\n};\n",
      'src/lib/process.ts': THROWING_HELPER,
    },
    // (The first call's failure is caught; the catch's own call escapes: one finding, at that call.)
    expected: ['src/handler.ts:9:13 no-whole-batch-throw call'],
  },
  {
    name: 'a per-record helper imported by a relative path throws',
    files: { ...PKG, 'src/handler.ts': LOOP_CALLING('./lib/process'), 'src/lib/process.ts': THROWING_HELPER },
    expected: ['src/handler.ts:4:3 require-batch-item-failures wholeBatch', 'src/handler.ts:5:11 no-whole-batch-throw call'],
  },
  {
    name: 'through a barrel that re-exports a default export',
    files: {
      ...PKG,
      'src/handler.ts': LOOP_CALLING('./lib'),
      'src/lib/index.ts': "export { default as processRecord } from './process';\n",
      'src/lib/process.ts': `export default async function (record: { body: string }): Promise<void> {
  if (!record.body) throw new Error('empty');
}
`,
    },
    expected: ['src/handler.ts:4:3 require-batch-item-failures wholeBatch', 'src/handler.ts:5:11 no-whole-batch-throw call'],
  },
  {
    name: 'through tsconfig paths',
    files: {
      ...PKG,
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@lib/*': ['src/lib/*'] } } }),
      'src/handler.ts': LOOP_CALLING('@lib/process'),
      'src/lib/process.ts': THROWING_HELPER,
    },
    expected: ['src/handler.ts:4:3 require-batch-item-failures wholeBatch', 'src/handler.ts:5:11 no-whole-batch-throw call'],
  },
  {
    name: 'CommonJS: require and exports.name = function',
    files: {
      ...PKG,
      'src/handler.js': `const { handle } = require('./handle');
exports.handler = async (event) => {
  for (const record of event.Records) await handle(record.body, record.messageId);
};
`,
      'src/handle.js': `exports.handle = async (body, id) => {
  if (!body) throw new Error('empty ' + id);
};
`,
    },
    expected: ['src/handler.js:3:3 require-batch-item-failures wholeBatch', 'src/handler.js:3:45 no-whole-batch-throw call'],
  },
  {
    name: 'the record loop, and the catch that drops failures, are in an imported helper',
    files: {
      ...PKG,
      'src/handler.ts': `import type { SQSHandler } from 'aws-lambda';
import { processAll } from './batch';
export const handler: SQSHandler = async (event) => {
  await processAll(event.Records);
};
`,
      'src/batch.ts': `import type { SQSRecord } from 'aws-lambda';
export async function processAll(records: SQSRecord[]): Promise<void> {
  for (const r of records) {
    try { await save(r.body); } catch (error) { console.error(error); }
  }
}
declare function save(body: string): Promise<void>;
`,
    },
    expected: ['src/handler.ts:4:9 require-batch-item-failures swallowed'],
  },
  {
    name: 'the handler returns an imported HTTP-style response: no batch response',
    files: {
      ...PKG,
      'src/handler.ts': `import type { SQSHandler } from 'aws-lambda';
import { ok } from './http';
export const handler: SQSHandler = async (event) => {
  for (const r of event.Records) {
    try { await save(r.body); } catch (error) { console.error(error); }
  }
  return ok('done');
};
declare function save(body: string): Promise<void>;
`,
      'src/http.ts': "export const ok = (body: string) => ({ statusCode: 200, body });\n",
    },
    expected: ['src/handler.ts:5:33 require-batch-item-failures swallowed'],
  },
  {
    name: 'a batch response built by an imported helper, behind a mapping that ignores it',
    files: {
      ...PKG,
      'template.yaml': SAM_SQS(1, false),
      'src/handler.ts': `import type { SQSHandler } from 'aws-lambda';
import { respond } from './respond';
export const handler: SQSHandler = async (event) => {
  const failed: string[] = [];
  for (const r of event.Records) { try { await save(r.body); } catch { failed.push(r.messageId); } }
  return respond(failed);
};
declare function save(body: string): Promise<void>;
`,
      'src/respond.ts': `export function respond(ids: string[]) {
  return { batchItemFailures: ids.map((itemIdentifier) => ({ itemIdentifier })) };
}
`,
    },
    expected: ['src/handler.ts:6:3 batch-response-ignored handlerResponseIgnored', 'template.yaml:15:9 batch-response-ignored mappingIgnoresResponse'],
  },
  {
    name: 'near miss: the imported helper catches and reports per record',
    files: {
      ...PKG,
      'src/handler.ts': `import type { SQSHandler } from 'aws-lambda';
import { processAll } from './batch';
export const handler: SQSHandler = async (event) => processAll(event.Records);
`,
      'src/batch.ts': `import type { SQSRecord, SQSBatchResponse } from 'aws-lambda';
export async function processAll(records: SQSRecord[]): Promise<SQSBatchResponse> {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const r of records) {
    try { await save(r.body); } catch { batchItemFailures.push({ itemIdentifier: r.messageId }); }
  }
  return { batchItemFailures };
}
declare function save(body: string): Promise<void>;
`,
    },
    expected: [],
  },
  {
    name: 'near miss: the imported helper throws, but the loop catches and reports it',
    files: {
      ...PKG,
      'src/handler.ts': `import type { SQSHandler } from 'aws-lambda';
import { processRecord } from './lib/process';
export const handler: SQSHandler = async (event) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    try { await processRecord(record); } catch { batchItemFailures.push({ itemIdentifier: record.messageId }); }
  }
  return { batchItemFailures };
};
`,
      'src/lib/process.ts': THROWING_HELPER,
    },
    expected: [],
  },
  {
    name: 'near miss: a package import is not followed (and modules that import each other do not loop)',
    files: {
      ...PKG,
      'src/handler.ts': `import type { SQSHandler } from 'aws-lambda';
import { work } from 'some-package';
import { ping } from './a';
export const handler: SQSHandler = async (event) => {
  ping(3);
  for (const r of event.Records) work(r.body);
};
`,
      'src/a.ts': "import { pong } from './b';\nexport function ping(n: number): void { if (n > 0) pong(n - 1); }\n",
      'src/b.ts': "import { ping } from './a';\nexport function pong(n: number): void { if (n > 0) ping(n - 1); }\n",
    },
    expected: [],
  },
  {
    name: 'a handler made by a factory of another module (dependency injection) is the function the factory returns',
    files: {
      ...PKG,
      'template.yaml': SAM_SQS(10),
      'src/handler.js': "import createHandler from './factory.js';\nimport { deps } from './deps.js';\nexport const handler = createHandler(deps);\n",
      'src/deps.js': 'export const deps = { charge: async (body) => body };\n',
      'src/factory.js': `export default function createHandler(deps) {
  return async (event) => {
    for (const record of event.Records) {
      await deps.charge(record.body);
    }
  };
}
`,
    },
    expected: ['src/factory.js:3:5 require-batch-item-failures wholeBatch'],
  },
  {
    name: 'near miss: the same factory, its made handler linked to a mapping of one record at a time',
    files: {
      ...PKG,
      'template.yaml': SAM_SQS(1),
      'src/handler.js': "import createHandler from './factory.js';\nexport const handler = createHandler({ charge: async (body) => body });\n",
      'src/factory.js': `export default function createHandler(deps) {
  return async (event) => {
    for (const record of event.Records) {
      await deps.charge(record.body);
    }
  };
}
`,
    },
    expected: [],
  },
  {
    name: 'a workspace package of the project, without node_modules (package.json exports "./*": "./src/*.ts")',
    files: {
      ...PKG,
      'worker/src/handler.ts': LOOP_CALLING('shared/process'),
      'shared/package.json': '{ "name": "shared", "exports": { "./*": "./src/*.ts" } }',
      'shared/src/process.ts': THROWING_HELPER,
    },
    expected: ['worker/src/handler.ts:4:3 require-batch-item-failures wholeBatch', 'worker/src/handler.ts:5:11 no-whole-batch-throw call'],
  },
  {
    name: "a workspace package's build folder that is not there (@app/core/lib/process ← src/process.ts), linked through an aliased export",
    files: {
      ...PKG,
      'template.yaml': SAM_SQS(1),
      'src/handler.ts': "import { processBatch } from '@app/core/lib/process';\nexport const handler = processBatch;\n",
      'core/package.json': '{ "name": "@app/core", "main": "lib/index.js" }',
      'core/src/process.ts': `import type { SQSEvent } from 'aws-lambda';
export async function processBatch(event: SQSEvent): Promise<void> {
  for (const record of event.Records) {
    if (!record.body) throw new Error('empty');
  }
}
`,
    },
    // Linked to the batch-of-one mapping: a throw fails only its own record.
    expected: [],
  },
  {
    name: 'a function of another module handed the event by the linked handler has its invocations (a batch of one here)',
    files: {
      ...PKG,
      'template.yaml': SAM_SQS(1),
      'src/handler.ts': "import type { SQSEvent } from 'aws-lambda';\nimport { processBatch } from './processor';\nexport async function handler(event: SQSEvent): Promise<void> {\n  await processBatch(event, { retries: 2 });\n}\n",
      'src/processor.ts': `import type { SQSEvent } from 'aws-lambda';
export async function processBatch(event: SQSEvent, options: { retries: number }): Promise<void> {
  for (const record of event.Records) {
    if (!record.body) throw new Error(\`empty after \${options.retries} retries\`);
  }
}
`,
    },
    expected: [],
  },
  {
    name: 'a linked handler file that mentions nothing the analysis looks for (it hands the event on) is judged',
    files: {
      ...PKG,
      'template.yaml': SAM_SQS(10),
      'src/handler.js': "const helper = require('./helper');\nmodule.exports.handler = async (event) => {\n  await helper.processAll(event);\n};\n",
      'src/helper.js': "module.exports.processAll = async (input) => {\n  for (const item of input.Records) await save(item);\n};\nasync function save(item) { return item; }\n",
    },
    // The helper, handed the event by the linked handler, is judged with the same mapping too.
    expected: ['src/handler.js:3:9 require-batch-item-failures wholeBatch', 'src/helper.js:2:3 require-batch-item-failures wholeBatch'],
  },
  {
    name: 'a method of an object another module exports, an instance of one of two classes: each catches, nothing escapes',
    files: { ...PKG, 'src/handler.ts': "import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';\nimport { fileService } from './files';\nexport const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {\n  const results = await Promise.all(\n    event.Records.map(async (record) => {\n      const put = await fileService.putObject(record.body);\n      return put.ok ? undefined : { itemIdentifier: record.messageId };\n    }),\n  );\n  return { batchItemFailures: results.filter((r) => r !== undefined) };\n};\n", 'src/files.ts': 'class S3Service {\n  async putObject(key: string): Promise<{ ok: boolean }> {\n    try { await store(key); return { ok: true }; } catch { return { ok: false }; }\n  }\n}\nclass MemoryService {\n  async putObject(key: string): Promise<{ ok: boolean }> {\n    try { await store(key); return { ok: true }; } catch { return { ok: false }; }\n  }\n}\nexport const fileService = process.env.LOCAL ? new MemoryService() : new S3Service();\ndeclare function store(key: string): Promise<void>;\n' },
    expected: [],
  },
  {
    name: 'the same, one of the classes throws: the whole batch fails',
    files: { ...PKG, 'src/handler.ts': "import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';\nimport { fileService } from './files';\nexport const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {\n  const results = await Promise.all(\n    event.Records.map(async (record) => {\n      const put = await fileService.putObject(record.body);\n      return put.ok ? undefined : { itemIdentifier: record.messageId };\n    }),\n  );\n  return { batchItemFailures: results.filter((r) => r !== undefined) };\n};\n", 'src/files.ts': "class S3Service {\n  async putObject(key: string): Promise<{ ok: boolean }> {\n    try { await store(key); return { ok: true }; } catch { return { ok: false }; }\n  }\n}\nclass MemoryService {\n  async putObject(key: string): Promise<{ ok: boolean }> {\n    if (!key) throw new Error('no key');\n    return { ok: true };\n  }\n}\nexport const fileService = process.env.LOCAL ? new MemoryService() : new S3Service();\ndeclare function store(key: string): Promise<void>;\n" },
    expected: ['src/handler.ts:4:25 no-whole-batch-throw promise-all'],
  },
  {
    name: 'a throw reached only for an eventName DynamoDB Streams never sends (the default of a switch): quiet',
    files: { ...PKG, 'src/handler.ts': "import type { DynamoDBStreamHandler } from 'aws-lambda';\nimport { toEvent } from './to-event';\nexport const handler: DynamoDBStreamHandler = async (event) => {\n  const events = event.Records.map((record) => toEvent(record));\n  await publish(events);\n};\ndeclare function publish(events: string[]): Promise<void>;\n", 'src/to-event.ts': "import type { DynamoDBRecord } from 'aws-lambda';\nexport function toEvent(record: DynamoDBRecord): string {\n  switch (record.eventName) {\n    case 'INSERT':\n    case 'MODIFY':\n      return 'upserted';\n    case 'REMOVE':\n      return 'removed';\n    default:\n      throw new Error(`unknown ${record.eventName}`);\n  }\n}\n" },
    expected: [],
  },
  {
    name: 'the same through an if/else-if chain on the upper-cased eventName: quiet',
    files: { ...PKG, 'src/handler.ts': "import type { DynamoDBStreamHandler } from 'aws-lambda';\nimport { toEvent } from './to-event';\nexport const handler: DynamoDBStreamHandler = async (event) => {\n  const events = event.Records.map((record) => toEvent(record));\n  await publish(events);\n};\ndeclare function publish(events: string[]): Promise<void>;\n", 'src/to-event.ts': "import type { DynamoDBRecord } from 'aws-lambda';\nexport function toEvent(record: DynamoDBRecord): string {\n  const name = record.eventName?.toUpperCase();\n  if (record.eventName?.toUpperCase() === 'INSERT') return 'created';\n  else if (record.eventName?.toUpperCase() === 'MODIFY' || record.eventName?.toUpperCase() === 'REMOVE') return 'changed';\n  else throw new Error(`unknown ${name}`);\n}\n" },
    expected: [],
  },
  {
    name: 'near miss: REMOVE not handled, the default throw is reached by deletions',
    files: { ...PKG, 'src/handler.ts': "import type { DynamoDBStreamHandler } from 'aws-lambda';\nimport { toEvent } from './to-event';\nexport const handler: DynamoDBStreamHandler = async (event) => {\n  const events = event.Records.map((record) => toEvent(record));\n  await publish(events);\n};\ndeclare function publish(events: string[]): Promise<void>;\n", 'src/to-event.ts': "import type { DynamoDBRecord } from 'aws-lambda';\nexport function toEvent(record: DynamoDBRecord): string {\n  switch (record.eventName) {\n    case 'INSERT':\n    case 'MODIFY':\n      return 'upserted';\n    default:\n      throw new Error(`unknown ${record.eventName}`);\n  }\n}\n" },
    expected: ['src/handler.ts:4:32 require-batch-item-failures wholeBatch', 'src/handler.ts:4:48 no-whole-batch-throw call'],
  },
  {
    name: 'a helper that only serialises the record with built-ins (JSON.stringify, Object.keys, Math.max) does no work that can fail',
    files: { ...PKG, 'src/handler.ts': "import type { DynamoDBStreamHandler } from 'aws-lambda';\nimport { toEvent } from './to-event';\nexport const handler: DynamoDBStreamHandler = async (event) => {\n  const events = event.Records.map((record) => toEvent(record));\n  await publish(events);\n};\ndeclare function publish(events: string[]): Promise<void>;\n", 'src/to-event.ts': "import type { DynamoDBRecord } from 'aws-lambda';\nexport function toEvent(record: DynamoDBRecord): string {\n  return JSON.stringify({ keys: Object.keys(record.dynamodb?.Keys ?? {}), at: Math.max(0, Number(record.dynamodb?.ApproximateCreationDateTime)) });\n}\n" },
    expected: [],
  },
];


const FIRST_RECORD = `import type { SQSHandler } from 'aws-lambda';
import { handleOne } from './one';
export const handler: SQSHandler = async (event) => handleOne(event.Records);
`;
const HANDLE_ONE = `import type { SQSRecord } from 'aws-lambda';
export async function handleOne(records: SQSRecord[]): Promise<void> {
  const order = JSON.parse(records[0]!.body);
  await save(order);
}
declare function save(order: unknown): Promise<void>;
`;

CASES.push(
  {
    name: 'only the first record is processed, behind a mapping that delivers ten',
    files: { ...PKG, 'template.yaml': SAM_SQS(10), 'src/handler.ts': FIRST_RECORD, 'src/one.ts': HANDLE_ONE },
    expected: ['src/handler.ts:3:53 no-unprocessed-records firstRecordOnly'],
  },
  {
    name: 'near miss: only the first record, behind a mapping that delivers one',
    files: { ...PKG, 'template.yaml': SAM_SQS(1), 'src/handler.ts': FIRST_RECORD, 'src/one.ts': HANDLE_ONE },
    expected: [],
  },
);

/** A handler that fails its batch with an empty identifier: fine for a batch of one, not for ten. */
const EMPTY_ID = `import type { SQSHandler } from 'aws-lambda';
export const handler: SQSHandler = async (event) => {
  for (const r of event.Records) {
    try { await save(r.body); } catch { return { batchItemFailures: [{ itemIdentifier: '' }] }; }
  }
  return { batchItemFailures: [] };
};
declare function save(body: string): Promise<void>;
`;

CASES.push(
  {
    name: 'an empty itemIdentifier behind a mapping that delivers ten',
    files: { ...PKG, 'template.yaml': SAM_SQS(10), 'src/handler.ts': EMPTY_ID },
    expected: ['src/handler.ts:4:88 valid-batch-item-identifier empty'],
  },
  {
    name: 'near miss: an empty itemIdentifier behind a mapping that delivers one (the batch is that record)',
    files: { ...PKG, 'template.yaml': SAM_SQS(1), 'src/handler.ts': EMPTY_ID },
    expected: [],
  },
);

CASES.push({
  name: "a test step that calls the real handler is not a handler (the record fields it reaches are the handler's)",
  files: {
    ...PKG,
    'src/handler.js': 'exports.handler = async (event) => {\n  for (const r of event.Records) await save(r.dynamodb.NewImage);\n};\n',
    '__tests__/steps.js': "const weInvokeDistribute = async (event = { Records: [] }) => {\n  const handler = require('../src/handler').handler;\n  return await handler(event, {});\n};\nmodule.exports = { weInvokeDistribute };\n",
  },
  expected: ['src/handler.js:2:3 require-batch-item-failures wholeBatch'],
});

const ESLINTS: [string, ESLintClass][] = [
  ['ESLint 10', ESLint],
  ['ESLint 9', ESLint9],
];

describe.each(CASES)('handlers across modules: $name', ({ files, expected }) => {
  const dir = writeProject(files);
  const render = (list: { file: string; line: number; column: number; ruleId: string; messageId?: string | undefined }[]): string[] =>
    list.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId.replace('lambda-lint/', '')} ${f.messageId ?? ''}`).sort();

  it('the CLI engine', async () => {
    expect(render(await cliFindings(dir, HANDLER_RULES))).toEqual([...expected].sort());
  });

  it.each(ESLINTS)('%s agrees on the scripts', async (_name, impl) => {
    const scripts = expected.filter((e) => /\.[cm]?[jt]s:/u.test(e.split(' ')[0] ?? ''));
    expect(render(await eslintFindings(dir, HANDLER_RULES, impl))).toEqual([...scripts].sort());
  });
});

/** A module of the project that sends to a standard SQS queue (no deduplication id). */
const SQS_SENDER = `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
export const sendSqsMessage = async (body: string, queueUrl: string | undefined) => {
  const client = new SQSClient({});
  const message = { QueueUrl: queueUrl, MessageBody: body };
  return client.send(new SendMessageCommand(message));
};
`;

const SENDING_HANDLER = (specifier: string, name = 'sendSqsMessage', wrap = (h: string): string => h): string => `import type { SQSEvent } from 'aws-lambda';
import { ${name} } from '${specifier}';
${wrap(`async (event: SQSEvent): Promise<void> => {
  for (const record of event.Records) {
    await ${name}(record.body, process.env.OUT);
  }
}`)};
`;

const EFFECT_CASES: Case[] = [
  {
    name: 'a side effect in an imported helper is reported at the call in the handler',
    files: { ...PKG, 'src/handler.ts': `${SENDING_HANDLER('./common/sqs.js').replace('async (event', 'export const handler = async (event')}`, 'src/common/sqs.ts': SQS_SENDER },
    expected: ['src/handler.ts:5:11 require-idempotency unguarded'],
  },
  {
    name: 'through two modules (a message builder that calls the sender)',
    files: {
      ...PKG,
      'src/handler.ts': SENDING_HANDLER('./notify', 'notify').replace('async (event', 'export const handler = async (event'),
      'src/notify.ts': "import { sendSqsMessage } from './common/sqs';\nexport async function notify(body: string, url: string | undefined) {\n  await sendSqsMessage(JSON.stringify({ body }), url);\n}\n",
      'src/common/sqs.ts': SQS_SENDER,
    },
    expected: ['src/handler.ts:5:11 require-idempotency unguarded'],
  },
  {
    name: 'each call of the same imported helper is reported (the helper is read once)',
    files: {
      ...PKG,
      'src/handler.ts': `import type { SQSEvent } from 'aws-lambda';
import { sendSqsMessage } from './common/sqs';
async function audit(id: string) {
  await sendSqsMessage(id, process.env.AUDIT);
}
export const handler = async (event: SQSEvent): Promise<void> => {
  for (const record of event.Records) {
    await sendSqsMessage(record.body, process.env.OUT);
    await audit(record.messageId);
  }
};
`,
      'src/common/sqs.ts': SQS_SENDER,
    },
    expected: ['src/handler.ts:4:9 require-idempotency unguarded', 'src/handler.ts:8:11 require-idempotency unguarded'],
  },
  {
    name: 'a handler that delegates to a handler of another module: reported there only',
    files: {
      ...PKG,
      'src/handler.ts': "import type { SQSEvent } from 'aws-lambda';\nimport { processBatch } from './processor';\nexport const handler = async (event: SQSEvent) => processBatch(event);\n",
      'src/processor.ts': `import type { SQSEvent } from 'aws-lambda';
import { sendSqsMessage } from './common/sqs';
export async function processBatch(event: SQSEvent): Promise<void> {
  for (const record of event.Records) {
    await sendSqsMessage(record.body, process.env.OUT);
  }
}
`,
      'src/common/sqs.ts': SQS_SENDER,
    },
    expected: ['src/processor.ts:5:11 require-idempotency unguarded'],
  },
  {
    name: 'near miss: the helper writes an item keyed by its argument (an overwrite)',
    files: {
      ...PKG,
      'src/handler.ts': SENDING_HANDLER('./store', 'save').replace('async (event', 'export const handler = async (event'),
      'src/store.ts': "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';\nconst ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));\nexport async function save(id: string, table: string | undefined) {\n  await ddb.send(new PutCommand({ TableName: table, Item: { pk: id } }));\n}\n",
    },
    expected: [],
  },
  {
    name: 'near miss: the helper sends to a FIFO queue with a deduplication id',
    files: {
      ...PKG,
      'src/handler.ts': SENDING_HANDLER('./common/sqs').replace('async (event', 'export const handler = async (event'),
      'src/common/sqs.ts': SQS_SENDER.replace('MessageBody: body }', "MessageBody: body, MessageGroupId: 'g', MessageDeduplicationId: body }"),
    },
    expected: [],
  },
  {
    name: 'near miss: the handler is made idempotent with Powertools',
    files: {
      ...PKG,
      'src/handler.ts': `import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';\nimport { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';\n${SENDING_HANDLER('./common/sqs', 'sendSqsMessage', (h) => `export const handler = makeIdempotent(${h}, { persistenceStore: new DynamoDBPersistenceLayer({ tableName: 'idempotency' }), config: new IdempotencyConfig({ eventKeyJmesPath: 'Records[0].messageId' }) })`)}`,
      'src/common/sqs.ts': SQS_SENDER,
    },
    expected: [],
  },
  {
    name: 'near miss: a package the project does not hold is not followed',
    files: { ...PKG, 'src/handler.ts': SENDING_HANDLER('@acme/queue').replace('async (event', 'export const handler = async (event') },
    expected: [],
  },
  {
    name: 'methods of an instance and of an object literal another module exports',
    files: { ...PKG, 'src/handler.ts': "import type { SQSEvent } from 'aws-lambda';\nimport { api, events } from './repo';\nexport const handler = async (event: SQSEvent): Promise<void> => {\n  for (const record of event.Records) {\n    await events.record(record.body);\n    await api.notify(record.body);\n  }\n};\n", 'src/repo.ts': "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';\nconst client = DynamoDBDocumentClient.from(new DynamoDBClient({}));\nclass EventRepository {\n  async record(body: string) {\n    await client.send(new PutCommand({ TableName: 'events', Item: { pk: 'event', sk: `${Date.now()}`, body } }));\n  }\n}\nexport const events = new EventRepository();\nexport const api = {\n  async notify(body: string) {\n    await fetch('https://example.com/hooks', { method: 'POST', body });\n  },\n};\n" },
    expected: ['src/handler.ts:5:11 require-idempotency generatedKey', 'src/handler.ts:6:11 require-idempotency unguarded'],
  },
  {
    name: 'a helper that writes the item its caller builds: a key the caller makes fresh (Date.now()) is a second item on a retry',
    files: {
      ...PKG,
      'src/handler.ts': `import type { SQSEvent } from 'aws-lambda';
import { Repository } from './repository';
const repository = new Repository(process.env.TABLE);
function toItem(body: string) {
  return { pk: JSON.parse(body).orderId, sk: \`event#\${Date.now()}\`, body };
}
export const handler = async (event: SQSEvent): Promise<void> => {
  for (const record of event.Records) {
    await repository.save(toItem(record.body));
    await repository.save({ pk: record.messageId, sk: 'event' });
  }
};
`,
      // The client is injected through a typed constructor parameter (an SDK v2 DocumentClient).
      'src/repository.ts': `import { DocumentClient } from 'aws-sdk/clients/dynamodb';
export class Repository {
  private readonly client: DocumentClient;
  constructor(private readonly table: string | undefined, client: DocumentClient = new DocumentClient()) {
    this.client = client;
  }
  async save(item: { pk: string; sk: string }) {
    await this.client.put({ TableName: this.table ?? 'events', Item: { ...item, savedBy: 'worker' } }).promise();
  }
}
`,
    },
    // The second call keys the item on the record's own id: the retry overwrites it (near miss).
    expected: ['src/handler.ts:9:11 require-idempotency generatedKey'],
  },
  {
    name: 'the item passed on through a helper of another module, its key fresh in the handler',
    files: {
      ...PKG,
      'src/handler.ts': `import type { SQSEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { record } from './audit';
export const handler = async (event: SQSEvent): Promise<void> => {
  for (const r of event.Records) {
    await record({ id: randomUUID(), body: r.body });
    await record({ id: r.messageId, body: r.body });
  }
};
`,
      'src/audit.ts': "import { put } from './store';\nexport async function record(entry: { id: string; body: string }) {\n  await put(entry, 'audit');\n}\n",
      'src/store.ts': "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';\nconst ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));\nexport async function put(item: { id: string }, table: string) {\n  await ddb.send(new PutCommand({ TableName: table, Item: item }));\n}\n",
    },
    expected: ['src/handler.ts:6:11 require-idempotency generatedKey'],
  },
  {
    name: 'a layer module imported by its run-time path (/opt/nodejs/…), mapped by tsconfig paths',
    files: {
      'package.json': '{ "name": "layered" }',
      'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "/opt/nodejs/store": ["layers/store/nodejs/store"] } } }\n',
      'src/handler.ts': "import type { SQSEvent } from 'aws-lambda';\nimport { put } from '/opt/nodejs/store';\nexport const handler = async (event: SQSEvent): Promise<void> => {\n  for (const r of event.Records) {\n    await put({ id: `${r.messageId}-${Date.now()}` }, 'audit');\n  }\n};\n",
      'layers/store/nodejs/store.ts': "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';\nconst ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));\nexport async function put(item: { id: string }, table: string) {\n  await ddb.send(new PutCommand({ TableName: table, Item: item }));\n}\n",
    },
    expected: ['src/handler.ts:5:11 require-idempotency generatedKey'],
  },
  {
    name: 'near miss: a run-time layer path that tsconfig does not map is not followed',
    files: {
      'package.json': '{ "name": "layered" }',
      'tsconfig.json': '{ "compilerOptions": { "baseUrl": "." } }\n',
      'src/handler.ts': "import type { SQSEvent } from 'aws-lambda';\nimport { put } from '/opt/nodejs/store';\nexport const handler = async (event: SQSEvent): Promise<void> => {\n  for (const r of event.Records) {\n    await put({ id: `${r.messageId}-${Date.now()}` }, 'audit');\n  }\n};\n",
      'layers/store/nodejs/store.ts': "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';\nconst ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));\nexport async function put(item: { id: string }, table: string) {\n  await ddb.send(new PutCommand({ TableName: table, Item: item }));\n}\n",
    },
    expected: [],
  },
  {
    name: 'a helper keyed by its parameter: fresh at one call (randomUUID()), the record\'s own id at another (an overwrite)',
    files: {
      ...PKG,
      'src/handler.ts': "import type { SQSEvent } from 'aws-lambda';\nimport { randomUUID } from 'node:crypto';\nimport { put } from './store';\nexport const handler = async (event: SQSEvent): Promise<void> => {\n  for (const r of event.Records) {\n    await put(randomUUID(), r.body);\n    await put(r.messageId, r.body);\n  }\n};\n",
      'src/store.ts': "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';\nconst ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));\nexport async function put(id: string, body: string) {\n  await ddb.send(new PutCommand({ TableName: 'audit', Item: { pk: id, body } }));\n}\n",
    },
    expected: ['src/handler.ts:6:11 require-idempotency generatedKey'],
  },
  {
    name: 'a method called on a parameter, in the class the caller passes an instance of (another module\'s, or this one\'s)',
    files: {
      ...PKG,
      'src/handler.ts': "import type { SQSEvent } from 'aws-lambda';\nimport { RunHistory } from './history';\nclass Notes { async add(id: string) { await new RunHistory().record(id); await new RunHistory().start(id); } }\nasync function begin(history: RunHistory, body: string) {\n  await history.start(body);\n}\nasync function note(notes: Notes, id: string) {\n  await notes.add(id);\n}\nexport const handler = async (event: SQSEvent): Promise<void> => {\n  const history = new RunHistory();\n  for (const r of event.Records) {\n    await begin(history, r.body);\n    await note(new Notes(), r.messageId);\n  }\n};\n",
      'src/history.ts': "import { randomUUID } from 'node:crypto';\nimport { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';\nconst ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));\nexport class RunHistory {\n  async start(name: string) {\n    await ddb.send(new PutCommand({ TableName: 'runs', Item: { id: randomUUID(), name } }));\n  }\n  async record(id: string) {\n    await ddb.send(new PutCommand({ TableName: 'runs', Item: { id } }));\n  }\n}\n",
    },
    // \`start\` keys the item with a fresh uuid; \`record\` by the record's own id (an overwrite).
    expected: ['src/handler.ts:3:80 require-idempotency generatedKey', 'src/handler.ts:5:9 require-idempotency generatedKey'],
  },
  {
    name: 'near miss: a parameter whose value the caller does not show to be an instance of a project class is not followed',
    files: {
      ...PKG,
      'src/handler.ts': "import type { SQSEvent } from 'aws-lambda';\nimport { RunHistory, makeHistory } from './history';\nasync function begin(history: RunHistory, body: string) {\n  await history.start(body);\n}\nexport const handler = async (event: SQSEvent): Promise<void> => {\n  const history = makeHistory();\n  for (const r of event.Records) await begin(history, r.body);\n};\n",
      'src/history.ts': "import { randomUUID } from 'node:crypto';\nimport { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';\nconst ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));\nexport class RunHistory {\n  async start(name: string) {\n    await ddb.send(new PutCommand({ TableName: 'runs', Item: { id: randomUUID(), name } }));\n  }\n}\nexport const makeHistory = (): RunHistory => new RunHistory();\n",
    },
    expected: [],
  },
];

describe.each(EFFECT_CASES)('side effects across modules: $name', ({ files, expected }) => {
  const dir = writeProject(files);
  const render = (list: { file: string; line: number; column: number; ruleId: string; messageId?: string | undefined }[]): string[] =>
    list.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId.replace('lambda-lint/', '')} ${f.messageId ?? ''}`).sort();

  it('the CLI engine', async () => {
    expect(render(await cliFindings(dir, ['require-idempotency']))).toEqual([...expected].sort());
  });

  it.each(ESLINTS)('%s agrees', async (_name, impl) => {
    expect(render(await eslintFindings(dir, ['require-idempotency'], impl))).toEqual([...expected].sort());
  });
});

describe('--print-graph says why a handler stayed partly unknown', () => {
  const template = (handler: string): string => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: ${handler}
      Runtime: nodejs20.x
`;

  async function unknownsOf(files: Record<string, string>): Promise<string[] | undefined> {
    const dir = writeProject({ ...PKG, ...files });
    const { project } = await analyze(['.'], { cwd: dir });
    return buildGraph(project, dir).functions[0]?.handler.unknowns;
  }

  it('a function of a package given the records', async () => {
    const unknowns = await unknownsOf({
      'template.yaml': template('handler.handler'),
      'src/handler.ts': "import { processAll } from 'record-kit';\nexport const handler = async (event: { Records: unknown[] }) => processAll(event.Records);\n",
    });
    expect(unknowns).toEqual(['calls record-kit#processAll, which is not in the project: what it does with the records is not known']);
  });

  it('a chain of calls deeper than the bound', async () => {
    const depth = MAX_CALL_DEPTH + 3;
    const helpers = Array.from({ length: depth }, (_, i) => `async function step${i}(r: unknown) { await step${i + 1}(r); }`).join('\n');
    const unknowns = await unknownsOf({
      'template.yaml': template('handler.handler'),
      'src/handler.ts': `${helpers}\nasync function step${depth}(r: unknown) { await save(r); }\ndeclare function save(r: unknown): Promise<void>;\nexport const handler = async (event: { Records: unknown[] }) => { for (const r of event.Records) await step0(r); };\n`,
    });
    expect(unknowns).toEqual([`calls nested deeper than ${MAX_CALL_DEPTH} levels, or more than ${MAX_FUNCTIONS} functions, were not followed`]);
  });

  it('nothing when everything was followed', async () => {
    const unknowns = await unknownsOf({
      'template.yaml': template('handler.handler'),
      'src/handler.ts': "import { save } from './save';\nexport const handler = async (event: { Records: { body: string }[] }) => { for (const r of event.Records) await save(r.body); };\n",
      'src/save.ts': 'export async function save(body: string): Promise<void> { void body; }\n',
    });
    expect(unknowns).toBeUndefined();
  });
});
