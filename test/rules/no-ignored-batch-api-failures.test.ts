import rule from '../../src/rules/no-ignored-batch-api-failures.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const EB = "import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';\nconst eb = new EventBridgeClient({});\n";
const DOC = "import { DynamoDBDocumentClient, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';\nimport { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nconst ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));\n";
const SQS = "import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';\nconst sqs = new SQSClient({});\n";
const KINESIS = "import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';\nconst kinesis = new KinesisClient({});\n";
const V2 = "import AWS from 'aws-sdk';\nconst sns = new AWS.SNS();\nconst docs = new AWS.DynamoDB.DocumentClient();\n";

const dropped = `${EB}export const handler = async (event: { detail: unknown }) => {
  await eb.send(new PutEventsCommand({ Entries: [{ Source: 'app', DetailType: 'x', Detail: JSON.stringify(event.detail) }] }));
};`;
const unread = `${DOC}export async function save(items: Record<string, unknown>[]) {
  const res = await ddb.send(new BatchWriteCommand({ RequestItems: { t: items.map((Item) => ({ PutRequest: { Item } })) } }));
  console.log('saved', res.$metadata.httpStatusCode);
}`;
const destructured = `${SQS}export async function forward(entries: { Id: string; MessageBody: string }[]) {
  const { $metadata } = await sqs.send(new SendMessageBatchCommand({ QueueUrl: 'q', Entries: entries }));
  return $metadata.httpStatusCode;
}`;
const v2 = `${V2}export async function publish(entries: { Id: string; Message: string }[]) {
  await sns.publishBatch({ TopicArn: 't', PublishBatchRequestEntries: entries }).promise();
  await docs.batchWrite({ RequestItems: {} }).promise();
}`;

runRuleTests('no-ignored-batch-api-failures', rule, {
  valid: [
    // The failures are read.
    `${EB}export async function send(detail: string) {
  const res = await eb.send(new PutEventsCommand({ Entries: [{ Source: 'app', DetailType: 'x', Detail: detail }] }));
  if (res.FailedEntryCount) throw new Error('not all events were sent');
}`,
    `${DOC}export async function save(items: Record<string, unknown>[]) {
  const { UnprocessedItems } = await ddb.send(new BatchWriteCommand({ RequestItems: { t: [] } }));
  return UnprocessedItems;
}`,
    `${KINESIS}export async function put(records: { Data: Uint8Array; PartitionKey: string }[]) {
  if ((await kinesis.send(new PutRecordsCommand({ StreamName: 's', Records: records }))).FailedRecordCount) throw new Error('retry');
}`,
    // Handed on: what the caller does is not known here.
    `${SQS}export const forward = async (entries: { Id: string; MessageBody: string }[]) => sqs.send(new SendMessageBatchCommand({ QueueUrl: 'q', Entries: entries }));`,
    `${SQS}export async function forward(entries: { Id: string; MessageBody: string }[]) {
  const res = await sqs.send(new SendMessageBatchCommand({ QueueUrl: 'q', Entries: entries }));
  check(res);
}
declare function check(r: unknown): void;`,
    `${EB}export function send() {
  return eb.send(new PutEventsCommand({ Entries: [] })).then((r) => r.FailedEntryCount);
}`,
    // Single-entry APIs fail as a whole.
    `import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export async function one(body: string) { await sqs.send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: body })); }
void EventBridgeClient;`,
    // A \`let\` that may hold another value (written through destructuring): not followed.
    `${EB}export async function resend(detail: string, next: () => PutEventsCommand) {
  let command = new PutEventsCommand({ Entries: [{ Source: 'a', DetailType: 'b', Detail: detail }] });
  [command] = [next()];
  await eb.send(command);
}`,
    // Returned by a helper of this file whose caller reads the failures.
    `${EB}async function put(detail: string) {
  return await eb.send(new PutEventsCommand({ Entries: [{ Source: 'a', DetailType: 'b', Detail: detail }] }));
}
export async function handler(event: { detail: string }) {
  const res = await put(event.detail);
  if (res.FailedEntryCount) throw new Error('retry');
}`,
    // One caller of two reads them: the helper's response is checked where it matters.
    `${EB}const put = (detail: string) => eb.send(new PutEventsCommand({ Entries: [{ Source: 'a', DetailType: 'b', Detail: detail }] }));
export async function a(d: string) { await put(d); }
export async function b(d: string) { const { FailedEntryCount } = await put(d); return FailedEntryCount; }`,
    // An exported helper: callers in other modules may read the response.
    `${EB}export async function put(detail: string) {
  return eb.send(new PutEventsCommand({ Entries: [{ Source: 'a', DetailType: 'b', Detail: detail }] }));
}
export async function handler(event: { detail: string }) { await put(event.detail); }`,
    // A helper handed on as a value: where its responses go is not known.
    `${EB}function put(detail: string) { return eb.send(new PutEventsCommand({ Entries: [{ Source: 'a', DetailType: 'b', Detail: detail }] })); }
export const run = (details: string[], each: (f: typeof put) => void) => { each(put); return details; };`,
    // The gathered responses are read.
    `${DOC}export async function save(chunks: Record<string, unknown>[][]) {
  const results = await Promise.all(chunks.map((c) => ddb.send(new BatchWriteCommand({ RequestItems: { t: c.map((Item) => ({ PutRequest: { Item } })) } }))));
  for (const r of results) if (r.UnprocessedItems && Object.keys(r.UnprocessedItems).length > 0) throw new Error('retry');
}`,
    // The array is returned to the caller: not known here.
    `${DOC}export function save(chunks: Record<string, unknown>[][]) {
  return Promise.all(chunks.map((c) => ddb.send(new BatchWriteCommand({ RequestItems: { t: [] } }))));
}`,
    // Not the AWS SDK's command.
    `import { PutEventsCommand } from './commands';
export async function send(client: { send(c: unknown): Promise<unknown> }) { await client.send(new PutEventsCommand({ Entries: [] })); }`,
  ],
  invalid: [
    {
      // A \`let\` assigned the same command class again: each value is that command.
      code: `${EB}export async function resend(detail: string) {
  let command = new PutEventsCommand({ Entries: [] });
  command = new PutEventsCommand({ Entries: [{ Source: 'a', DetailType: 'b', Detail: detail }] });
  await eb.send(command);
}`,
      errors: [{ messageId: 'ignored', line: 6, column: 9 }],
    },
    {
      // A command in a \`let\` never assigned again is read like a \`const\`.
      code: `${EB}export async function send(detail: string) {
  let command = new PutEventsCommand({ Entries: [{ Source: 'a', DetailType: 'b', Detail: detail }] });
  await eb.send(command);
}`,
      errors: [{ messageId: 'ignored', line: 5, column: 9 }],
    },
    {
      // Returned by a helper of this file (not exported) to callers that all drop it.
      code: `${EB}async function putEvents(detail: string) {
  const command = new PutEventsCommand({ Entries: [{ Source: 'a', DetailType: 'b', Detail: detail }] });
  return await eb.send(command);
}
export async function handler(event: { Records: { body: string }[] }) {
  for (const r of event.Records) await putEvents(r.body);
  await putEvents('done');
}`,
      errors: [{ messageId: 'ignored', data: { call: 'PutEventsCommand', fields: '`FailedEntryCount` or `Entries`', entries: 'events' }, line: 5, column: 16 }],
    },
    {
      // Through two helpers, the outer an arrow that returns the inner's promise.
      code: `${SQS}function sendAll(entries: { Id: string; MessageBody: string }[]) { return sqs.send(new SendMessageBatchCommand({ QueueUrl: 'q', Entries: entries })); }
const forward = (entries: { Id: string; MessageBody: string }[]) => sendAll(entries);
export async function handler(event: { Records: { messageId: string; body: string }[] }) {
  const sent = await forward(event.Records.map((r) => ({ Id: r.messageId, MessageBody: r.body })));
  console.log('sent', sent.$metadata);
}`,
      errors: [{ messageId: 'ignored', line: 3, column: 75 }],
    },
    {
      // Mapped into an array that \`Promise.all\` awaits and drops.
      code: `${DOC}export async function remove(chunks: string[][]) {
  const requests = chunks.map((keys) => {
    return ddb.send(new BatchWriteCommand({ RequestItems: { t: keys.map((k) => ({ DeleteRequest: { Key: { pk: k } } })) } }));
  });
  await Promise.all(requests);
}`,
      errors: [{ messageId: 'ignored', line: 6, column: 12 }],
    },
    {
      // An element of an array literal given to \`Promise.all\`; SDK v2's \`.promise()\`.
      code: `${V2}const eb = new AWS.EventBridge();
export async function notify(id: string, disconnect: (id: string) => Promise<void>) {
  await Promise.all([disconnect(id), eb.putEvents({ Entries: [{ Source: 'a', DetailType: 'b', Detail: id }] }).promise()]);
}`,
      errors: [{ messageId: 'ignored', data: { call: 'eb.putEvents', fields: '`FailedEntryCount` or `Entries`', entries: 'events' }, line: 6, column: 38 }],
    },
    {
      // \`allSettled\` results dropped: neither the rejections nor the partial failures are read.
      code: `${KINESIS}export async function put(batches: { Data: Uint8Array; PartitionKey: string }[][]) {
  await Promise.allSettled(batches.map((records) => kinesis.send(new PutRecordsCommand({ StreamName: 's', Records: records }))));
}`,
      errors: [{ messageId: 'ignored', line: 4, column: 53 }],
    },
    {
      code: dropped,
      errors: [{ messageId: 'ignored', data: { call: 'PutEventsCommand', fields: '`FailedEntryCount` or `Entries`', entries: 'events' }, line: 4, column: 9 }],
    },
    { code: unread, errors: [{ messageId: 'ignored', data: { call: 'BatchWriteCommand', fields: '`UnprocessedItems`', entries: 'items' }, line: 5, column: 21 }] },
    { code: destructured, errors: [{ messageId: 'ignored', data: { call: 'SendMessageBatchCommand', fields: '`Failed` or `Successful`', entries: 'messages' }, line: 4, column: 31 }] },
    {
      // SDK v2, through `.promise()`.
      code: v2,
      errors: [
        { messageId: 'ignored', data: { call: 'sns.publishBatch', fields: '`Failed` or `Successful`', entries: 'messages' }, line: 5, column: 9 },
        { messageId: 'ignored', data: { call: 'docs.batchWrite', fields: '`UnprocessedItems`', entries: 'items' }, line: 6, column: 9 },
      ],
    },
  ],
});
