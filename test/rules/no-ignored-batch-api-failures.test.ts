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
