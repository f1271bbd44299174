import rule from '../../src/rules/require-batch-item-failures.js';
import { runRuleTests, runTypedRuleTests } from '../helpers/rule-tester.js';

const TYPES = "import type { SQSHandler, SQSEvent, KinesisStreamHandler, DynamoDBStreamHandler, SNSHandler, APIGatewayProxyHandler } from 'aws-lambda';\n";

runRuleTests('require-batch-item-failures', rule, {
  valid: [
    // The correct pattern: catch per record, report the failure, return the list.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    try {
      await process(record);
    } catch {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};`,
    // The response built by a local helper.
    `${TYPES}function respond(ids: string[]) { return { batchItemFailures: ids.map((id) => ({ itemIdentifier: id })) }; }
export const handler: SQSHandler = async (event) => {
  const failed: string[] = [];
  for (const r of event.Records) { try { await work(r); } catch { failed.push(r.messageId); } }
  return respond(failed);
};`,
    // Powertools builds the response.
    `import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSHandler, SQSRecord } from 'aws-lambda';
const processor = new BatchProcessor(EventType.SQS);
const recordHandler = async (record: SQSRecord) => { await work(record.body); };
export const handler: SQSHandler = async (event, context) => processPartialResponse(event, recordHandler, processor, { context });`,
    // Middy's partial batch middleware builds the response from the settled results.
    `import middy from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import type { SQSEvent } from 'aws-lambda';
const base = async (event: SQSEvent) => Promise.allSettled(event.Records.map(async (r) => work(r.body)));
export const handler = middy(base).use(sqsPartialBatchFailure());`,
    // A whole-batch operation: no per-record work that can fail alone.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  await table.batchWrite(event.Records.map((r) => JSON.parse(r.body)));
};`,
    // A synchronous loop that cannot fail per record.
    `${TYPES}export const handler: SQSHandler = async (event) => { for (const r of event.Records) console.log(r.body); };`,
    // Not a batch source.
    `${TYPES}export const handler: SNSHandler = async (event) => { for (const r of event.Records) await notify(r.Sns.Message); };`,
    `${TYPES}export const handler: APIGatewayProxyHandler = async (event) => { for (const item of JSON.parse(event.body ?? '[]')) await save(item); return { statusCode: 200, body: '' }; };`,
    // The source is not known from this file (no types, no record fields read).
    `export const handler = async (event) => { for (const r of event.Records) await work(r); };`,
    // A return that cannot be followed may be a batch response.
    `${TYPES}import { processBatch } from './batch';
export const handler: SQSHandler = async (event) => { for (const r of event.Records) await warm(r); return processBatch(event); };`,
    // Not exported: not a handler.
    `${TYPES}async function drain(event: SQSEvent) { for (const r of event.Records) await work(r.body); }`,
    // CommonJS with the correct pattern.
    {
      code: `exports.handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    try { await send(JSON.parse(record.body)); } catch { batchItemFailures.push({ itemIdentifier: record.messageId }); }
  }
  return { batchItemFailures };
};`,
      filename: 'handler.cjs',
    },
    // An alias the file alone cannot see through (type information can: see below).
    `import type { SQSHandler } from 'aws-lambda';
type OrdersHandler = SQSHandler;
export const handler: OrdersHandler = async (event) => { for (const r of event.Records) await work(r); };`,
  ],
  invalid: [
    {
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    await charge(JSON.parse(record.body));
  }
};`,
      errors: [{ messageId: 'wholeBatch', line: 3, column: 3, endLine: 3, endColumn: 37 }],
    },
    {
      // Errors caught and logged: the batch succeeds and the failed record is deleted.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    try {
      await charge(record);
    } catch (error) {
      console.error(error);
    }
  }
};`,
      errors: [{ messageId: 'swallowed', line: 3, column: 3 }],
    },
    {
      code: `${TYPES}export const handler: KinesisStreamHandler = async (event) => {
  await Promise.all(event.Records.map(async (record) => put(record.kinesis.data)));
};`,
      errors: [{ messageId: 'wholeBatch', line: 3, column: 35 }],
    },
    {
      code: `${TYPES}export const handler: DynamoDBStreamHandler = async (event) => {
  event.Records.forEach((record) => {
    if (!record.dynamodb?.NewImage) throw new Error('no image');
  });
};`,
      errors: [{ messageId: 'wholeBatch', line: 3, column: 17 }],
    },
    {
      // The source from the record shape alone, in CommonJS.
      code: `exports.handler = async (event) => {
  for (const record of event.Records) {
    await send(JSON.parse(record.body));
  }
};`,
      filename: 'handler.js',
      errors: [{ messageId: 'wholeBatch', line: 2, column: 3 }],
    },
    {
      // ES module JavaScript.
      code: `export async function handler(event) {
  await Promise.all(event.Records.map((record) => index(record.dynamodb.NewImage)));
}`,
      filename: 'handler.mjs',
      errors: [{ messageId: 'wholeBatch', line: 2, column: 35 }],
    },
    {
      code: `${TYPES}export default async function (event: SQSEvent) {
  for (let i = 0; i < event.Records.length; i++) {
    const record = event.Records[i];
    await send(record);
  }
}`,
      errors: [{ messageId: 'wholeBatch', line: 3, column: 3 }],
    },
    {
      // module.exports = { handler }, with the loop in a local helper given the records.
      code: `async function handle(records) {
  for (const r of records) await forward(r.kinesis.data);
}
async function handler(event) { await handle(event.Records); }
module.exports = { handler };`,
      filename: 'handler.cjs',
      errors: [{ messageId: 'wholeBatch', line: 2, column: 3 }],
    },
    {
      // Destructured event, wrapped in middy without a batch middleware.
      code: `import middy from '@middy/core';
import type { SQSEvent } from 'aws-lambda';
const base = async ({ Records }: SQSEvent) => { for (const r of Records) { try { await work(r); } catch {} } };
export const handler = middy(base).use(logger());`,
      errors: [{ messageId: 'swallowed', line: 3, column: 49 }],
    },
  ],
});

runTypedRuleTests('require-batch-item-failures', rule, {
  valid: [
    `import type { SNSHandler } from 'aws-lambda';
type Notify = SNSHandler;
export const handler: Notify = async (event) => { for (const r of event.Records) await work(r); };
async function work(r: unknown) {}`,
  ],
  invalid: [
    {
      // Only the type checker knows that OrdersHandler is an SQSHandler.
      code: `import type { SQSHandler } from 'aws-lambda';
type OrdersHandler = SQSHandler;
export const handler: OrdersHandler = async (event) => { for (const r of event.Records) await work(r); };
async function work(r: unknown) {}`,
      errors: [{ messageId: 'wholeBatch', line: 3, column: 58 }],
    },
  ],
});
