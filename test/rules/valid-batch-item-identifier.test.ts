import rule from '../../src/rules/valid-batch-item-identifier.js';
import { runRuleTests, runTypedRuleTests } from '../helpers/rule-tester.js';

const TYPES = "import type { SQSHandler, KinesisStreamHandler, DynamoDBStreamHandler, SQSBatchItemFailure } from 'aws-lambda';\n";

/** An SQS handler whose catch pushes `entry`. */
const sqs = (entry: string): string => `${TYPES}export const handler: SQSHandler = async (event) => {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const record of event.Records) {
    try { await work(record); } catch { batchItemFailures.push(${entry}); }
  }
  return { batchItemFailures };
};`;

const kinesis = (entry: string): string => `${TYPES}export const handler: KinesisStreamHandler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    try { await work(record); } catch { batchItemFailures.push(${entry}); break; }
  }
  return { batchItemFailures };
};`;

const dynamo = (entry: string): string => `${TYPES}export const handler: DynamoDBStreamHandler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    try { await work(record); } catch { batchItemFailures.push(${entry}); }
  }
  return { batchItemFailures };
};`;

// Column of the value inside `batchItemFailures.push({ itemIdentifier: VALUE })` on line 5.
const valueColumn = 82;

runRuleTests('valid-batch-item-identifier', rule, {
  valid: [
    // A test's expected response built with JSON.stringify, outside any handler: not a response Lambda reads.
    {
      code: `import { expect, it } from 'vitest';
it('reports the failed line', () => {
  const expected = { batchItemFailures: [{ itemIdentifier: JSON.stringify({ id: 1 }) }] };
  expect(expected).toBeDefined();
});`,
      filename: 'handler.test.ts',
    },
    sqs('{ itemIdentifier: record.messageId }'),
    // The record's id carried in an object built from the record: not traced, not reported.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  const items = event.Records.map((r) => ({ id: r.messageId, order: JSON.parse(r.body) }));
  for (const item of items) { try { await work(item.order); } catch { batchItemFailures.push({ itemIdentifier: item.id }); } }
  return { batchItemFailures };
};`,
    // A test's expectation: fixed ids outside any handler are no response Lambda reads.
    {
      code: `import { describe, expect, it } from 'vitest';
import { handler } from './handler';
describe('handler', () => {
  it('reports the failed message', async () => {
    expect(await handler(event)).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }, { itemIdentifier: '' }] });
  });
});`,
      filename: 'handler.test.ts',
    },
    // A record found again by its id.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const failedIds = await process(event.Records);
  return { batchItemFailures: failedIds.map((id: string) => ({ itemIdentifier: event.Records.find((r) => r.messageId === id)!.messageId })) };
};`,
    sqs('{ itemIdentifier: String(record.messageId) }'),
    sqs('{ itemIdentifier: `${record.messageId}` }'),
    kinesis('{ itemIdentifier: record.kinesis.sequenceNumber }'),
    dynamo('{ itemIdentifier: record.dynamodb?.SequenceNumber }'),
    dynamo("{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }"),
    dynamo('{ itemIdentifier: record.dynamodb!.SequenceNumber! }'),
    dynamo('{ itemIdentifier: record.dynamodb?.SequenceNumber as string }'),
    // Destructured in the loop head.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const batchItemFailures = [];
  for (const { messageId, body } of event.Records) {
    try { await work(body); } catch { batchItemFailures.push({ itemIdentifier: messageId }); }
  }
  return { batchItemFailures };
};`,
    // Ids collected first, mapped to entries at the end.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const failed: string[] = [];
  for (const r of event.Records) { try { await work(r); } catch { failed.push(r.messageId); } }
  return { batchItemFailures: failed.map((id) => ({ itemIdentifier: id })) };
};`,
    // The value comes from somewhere the file does not show.
    `export function toFailure(id: string) { return { itemIdentifier: id }; }`,
    `${TYPES}import { idOf } from './ids';\n${'export const f = (r: unknown) => ({ itemIdentifier: idOf(r) });'}`,
    // Source unknown, and a field that may be right.
    `export const toEntry = (record) => ({ itemIdentifier: record.messageId });`,
    // A type, not a value.
    `type Failure = { itemIdentifier: string };\nexport const none: Failure[] = [];`,
  ],
  invalid: [
    {
      code: sqs('{ itemIdentifier: record.receiptHandle }'),
      errors: [{ messageId: 'wrongField', line: 5, column: valueColumn, data: { actual: 'receiptHandle', expected: 'messageId', source: 'SQS' } }],
    },
    {
      code: sqs('{ itemIdentifier: record.md5OfBody }'),
      errors: [{ messageId: 'wrongField', line: 5, column: valueColumn }],
    },
    {
      code: sqs("{ itemIdentifier: '' }"),
      errors: [{ messageId: 'empty', line: 5, column: valueColumn }],
    },
    {
      code: sqs('{ itemIdentifier: undefined }'),
      errors: [{ messageId: 'empty', line: 5, column: valueColumn }],
    },
    {
      code: sqs('{ itemIdentifier: null }'),
      errors: [{ messageId: 'empty', line: 5, column: valueColumn }],
    },
    {
      code: sqs("{ itemIdentifier: 'failed' }"),
      errors: [{ messageId: 'literal', line: 5, column: valueColumn }],
    },
    {
      code: kinesis('{ itemIdentifier: record.eventID }'),
      errors: [{ messageId: 'wrongField', line: 5, column: valueColumn, data: { actual: 'eventID', expected: 'kinesis.sequenceNumber', source: 'Kinesis' } }],
    },
    {
      // The right object, the wrong spelling: undefined at run time.
      code: kinesis('{ itemIdentifier: record.kinesis.SequenceNumber }'),
      errors: [{ messageId: 'wrongField', line: 5, column: valueColumn }],
    },
    {
      code: kinesis('{ itemIdentifier: record.messageId }'),
      errors: [{ messageId: 'wrongField', line: 5, column: valueColumn }],
    },
    {
      code: dynamo('{ itemIdentifier: record.eventID! }'),
      errors: [{ messageId: 'wrongField', line: 5, column: valueColumn, data: { actual: 'eventID', expected: 'dynamodb.SequenceNumber', source: 'DynamoDB Streams' } }],
    },
    {
      code: dynamo('{ itemIdentifier: record.dynamodb?.sequenceNumber }'),
      errors: [{ messageId: 'wrongField', line: 5, column: valueColumn }],
    },
    {
      // Followed from the push to the entry.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  const failed: string[] = [];
  for (const r of event.Records) { try { await work(r); } catch { failed.push(r.receiptHandle); } }
  return { batchItemFailures: failed.map((id) => ({ itemIdentifier: id })) };
};`,
      errors: [{ messageId: 'wrongField', line: 5, column: 69 }],
    },
    {
      // Whatever the source, a receipt handle is never an identifier.
      code: `exports.toEntry = (record) => ({ itemIdentifier: record.receiptHandle });`,
      filename: 'entries.cjs',
      errors: [{ messageId: 'wrongFieldAnySource', line: 1, column: 50 }],
    },
    // Identifier provenance: values taken from the record's content, an error or a response.
    { code: sqs('{ itemIdentifier: JSON.parse(record.body).orderId }'), errors: [{ messageId: 'notRecordId', line: 5, column: valueColumn }] },
    {
      code: kinesis("{ itemIdentifier: JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString()).id }"),
      errors: [{ messageId: 'notRecordId', line: 5, column: valueColumn }],
    },
    { code: dynamo('{ itemIdentifier: record.dynamodb?.NewImage?.pk?.S }'), errors: [{ messageId: 'notRecordId', line: 5, column: valueColumn }] },
    // A JSON text is never an identifier, even of the record's own id (it comes back quoted).
    { code: sqs('{ itemIdentifier: JSON.stringify(record.messageId) }'), errors: [{ messageId: 'notRecordId', line: 5, column: valueColumn }] },
    {
      // Serialised in a helper called for each line of a record's body, through a callback.
      code: `${TYPES}async function processLine(line: unknown, failures: SQSBatchItemFailure[]) {
  try { await store(line); } catch { failures.push({ itemIdentifier: JSON.stringify(line) }); }
}
export const handler: SQSHandler = async (event) => {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const record of event.Records) {
    const lines: unknown[] = JSON.parse(record.body);
    await Promise.all(lines.map((line) => processLine(line, batchItemFailures)));
  }
  return { batchItemFailures };
};
declare function store(line: unknown): Promise<void>;`,
      errors: [{ messageId: 'notRecordId', line: 3, column: 70 }],
    },
    {
      // The error's message.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const record of event.Records) {
    try { await work(record); } catch (error) { batchItemFailures.push({ itemIdentifier: (error as Error).message }); }
  }
  return { batchItemFailures };
};`,
      errors: [{ messageId: 'notRecordId', line: 5, column: 90 }],
    },
    {
      // A rejection's reason, in a \`.catch\` per record.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  await Promise.all(event.Records.map((r) => work(r).catch((err) => batchItemFailures.push({ itemIdentifier: err.messageId }))));
  return { batchItemFailures };
};`,
      errors: [{ messageId: 'notRecordId', line: 4, column: 110 }],
    },
    {
      // What SQS answered when the record was forwarded.
      code: `${TYPES}import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const handler: SQSHandler = async (event) => {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const record of event.Records) {
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: record.body }));
    if (!sent.MessageId) batchItemFailures.push({ itemIdentifier: sent.MessageId ?? '' });
  }
  return { batchItemFailures };
};`,
      errors: [{ messageId: 'notRecordId', line: 8, column: 67 }],
    },
    {
      // Pushed from the body, reported later.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  const failed: string[] = [];
  for (const r of event.Records) { try { await work(r); } catch { failed.push(JSON.parse(r.body).id); } }
  return { batchItemFailures: failed.map((id) => ({ itemIdentifier: id })) };
};`,
      errors: [{ messageId: 'notRecordId', line: 5, column: 69 }],
    },
  ],
});

runTypedRuleTests('valid-batch-item-identifier', rule, {
  valid: [],
  invalid: [
    {
      // Without types the record shape says Kinesis and this looks right; the type checker
      // knows the handler is a DynamoDB Streams handler.
      code: `import type { DynamoDBStreamHandler } from 'aws-lambda';
type Audit = DynamoDBStreamHandler;
export const handler: Audit = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    try { await work(record); } catch { batchItemFailures.push({ itemIdentifier: (record as any).kinesis.sequenceNumber }); }
  }
  return { batchItemFailures };
};
async function work(r: unknown) {}`,
      errors: [{ messageId: 'wrongField', line: 6, column: 82 }],
    },
  ],
});
