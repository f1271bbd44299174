import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import rule, { type Options } from '../../src/rules/require-idempotency.js';
import { check } from '../../src/rules/require-idempotency.js';
import { isPrepared, prepareScript } from '../../src/engine.js';
import { analyze } from '../../src/api.js';
import { validateConfig } from '../../src/config.js';
import { textHash } from '../../src/project/facts-store.js';
import { VERSION } from '../../src/version.js';
import { writeFileSync } from 'node:fs';
import { cliFindings, eslintFindings, writeProject } from '../helpers/project.js';
import { runRuleTests, runTypedRuleTests, type Invalid, type Valid } from '../helpers/rule-tester.js';
import { positionOf, render, SDK_CASES } from './require-idempotency.cases.js';

type M = 'unguarded' | 'generatedKey' | 'racyCheck' | 'defaultKey';
type O = [Options];

const SQS_TYPES = "import type { SQSHandler, SQSRecord, SQSEvent, SNSEvent, SNSHandler, S3Handler, EventBridgeEvent, EventBridgeHandler, APIGatewayProxyHandler, Context } from 'aws-lambda';\n";

/** The catalogue, unguarded and guarded, in TypeScript and in JavaScript. */
function catalogue(js: boolean): { valid: Valid<O>[]; invalid: Invalid<M, O>[] } {
  // Not `file.js`: TypeScript keeps only one of two files that differ by extension (`file.ts` wins).
  const filename = js ? 'handler.js' : 'file.ts';
  return {
    valid: SDK_CASES.map((c) => ({ code: render(c, 'guarded', js), filename, name: `${c.effect}: guarded (${js ? 'js' : 'ts'})` })),
    invalid: SDK_CASES.map((c) => {
      const code = render(c, 'unguarded', js);
      return { code, filename, name: `${c.effect}: unguarded (${js ? 'js' : 'ts'})`, errors: [{ messageId: c.messageId ?? 'unguarded', ...positionOf(code, c.at) }] };
    }),
  };
}

const ts_ = catalogue(false);
const js_ = catalogue(true);

/** A typed SQS handler that runs `body` for each record. */
const sqs = (imports: string, setup: string, body: string): string =>
  `${SQS_TYPES}${imports}\n${setup}\nexport const handler: SQSHandler = async (event) => {\n  for (const record of event.Records) {\n    ${body}\n  }\n};\n`;

const DOC = "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient, PutCommand, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';";
const DOC_SETUP = 'const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));';
const SES = "import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';";
const SES_SETUP = 'const ses = new SESv2Client({});';
const EMAIL = "ses.send(new SendEmailCommand({ FromEmailAddress: 'shop@example.com', Destination: { ToAddresses: [record.body] }, Content: { Simple: { Subject: { Data: 'Hi' }, Body: { Text: { Data: 'Hi' } } } } }))";
const POWERTOOLS = `import { makeIdempotent, IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
const persistenceStore = new DynamoDBPersistenceLayer({ tableName: 'idempotency' });`;

/** Cases that do not depend on the SDK's types (third-party APIs, Powertools, sources, helpers, options). */
const valid: (Valid<O> | string)[] = [
  // A `let` that may hold one of two commands, or a value this cannot follow: not known to be one command.
  sqs(
    "import { SNSClient, PublishCommand, PublishBatchCommand } from '@aws-sdk/client-sns';\nimport { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';",
    'const sns = new SNSClient({});\nconst sqs = new SQSClient({});',
    "let command: any = new SendMessageCommand({ QueueUrl: 'https://sqs/q.fifo', MessageBody: record.body, MessageGroupId: 'g', MessageDeduplicationId: record.messageId });\n    if (!record.body) command = new PublishCommand({ TopicArn: 'arn', Message: '{}' });\n    await sqs.send(command);",
  ),
  sqs(
    "import { SNSClient, PublishCommand, PublishBatchCommand } from '@aws-sdk/client-sns';",
    'const sns = new SNSClient({});\ndeclare function pick(): PublishCommand;',
    "let command = new PublishCommand({ TopicArn: 'arn:aws:sns:eu-west-1:1:t.fifo', Message: record.body, MessageGroupId: 'g', MessageDeduplicationId: record.messageId });\n    [command] = [pick()];\n    await sns.send(command);",
  ),
  // A local function builds the command for a FIFO topic with the record's id as deduplication id.
  sqs(
    "import { SNSClient, PublishCommand, PublishBatchCommand } from '@aws-sdk/client-sns';",
    "const sns = new SNSClient({});\nconst buildCommand = (record: SQSRecord) => new PublishCommand({ TopicArn: 'arn:aws:sns:eu-west-1:1:orders.fifo', Message: record.body, MessageGroupId: 'g', MessageDeduplicationId: record.messageId });",
    "await sns.send(buildCommand(record));",
  ),
  // Batch entries made by a local function, each deduplicated by the record's id.
  sqs(
    "import { SNSClient, PublishCommand, PublishBatchCommand } from '@aws-sdk/client-sns';",
    "const sns = new SNSClient({});\nfunction entry(r: SQSRecord) {\n  return { Id: r.messageId, Message: r.body, MessageGroupId: 'g', MessageDeduplicationId: r.messageId };\n}",
    "await sns.send(new PublishBatchCommand({ TopicArn: process.env.TOPIC_ARN, PublishBatchRequestEntries: [record].map(entry) }));",
  ),
  // Powertools makeIdempotent on the per-record function, keyed on the message id, through processPartialResponse.
  `${SQS_TYPES}${SES}\n${POWERTOOLS}
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
${SES_SETUP}
const processor = new BatchProcessor(EventType.SQS);
const config = new IdempotencyConfig({ eventKeyJmesPath: 'messageId' });
const processRecord = makeIdempotent(async (record: SQSRecord) => { await ${EMAIL}; }, { persistenceStore, config });
export const handler: SQSHandler = async (event, context) => {
  config.registerLambdaContext(context);
  return processPartialResponse(event, processRecord, processor, { context });
};`,
  // Powertools makeIdempotent on the handler (an EventBridge event: the whole event is stable).
  `${SQS_TYPES}${SES}\n${POWERTOOLS}
${SES_SETUP}
export const handler = makeIdempotent(async (event: EventBridgeEvent<'OrderPlaced', { email: string }>) => {
  const record = { body: event.detail.email };
  await ${EMAIL};
}, { persistenceStore });`,
  // Powertools on an SQS handler, with eventKeyJmesPath.
  `${SQS_TYPES}${SES}\n${POWERTOOLS}
${SES_SETUP}
export const handler = makeIdempotent(async (event: SQSEvent) => {
  for (const record of event.Records) await ${EMAIL};
}, { persistenceStore, config: new IdempotencyConfig({ eventKeyJmesPath: 'Records[0].messageId' }) });`,
  // makeHandlerIdempotent with Middy.
  `${SQS_TYPES}${SES}
import middy from '@middy/core';
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
${SES_SETUP}
const persistenceStore = new DynamoDBPersistenceLayer({ tableName: 'idempotency' });
const lambdaHandler = async (event: SQSEvent) => {
  for (const record of event.Records) await ${EMAIL};
  return { ok: true };
};
export const handler = middy(lambdaHandler).use(makeHandlerIdempotent({ persistenceStore, config: new IdempotencyConfig({ eventKeyJmesPath: 'Records[0].messageId' }) }));`,
  // The @idempotent decorator on a class handler (an SNS handler, keyed on the message id).
  `${SQS_TYPES}${SES}
import { idempotent, IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
${SES_SETUP}
const persistenceStore = new DynamoDBPersistenceLayer({ tableName: 'idempotency' });
class Lambda {
  @idempotent({ persistenceStore, config: new IdempotencyConfig({ eventKeyJmesPath: 'Records[0].Sns.MessageId' }) })
  public async handler(event: SNSEvent, _context: Context) {
    const record = { body: event.Records[0]?.Sns.Message ?? '' };
    await ${EMAIL};
    return true;
  }
}
const instance = new Lambda();
export const handler = instance.handler.bind(instance);`,
  // A conditional write that claims the message id before the work, in a helper of the same file.
  sqs(
    `${DOC}\n${SES}`,
    `${DOC_SETUP}\n${SES_SETUP}
async function claim(id: string) { await doc.send(new PutCommand({ TableName: 'processed', Item: { pk: id }, ConditionExpression: 'attribute_not_exists(pk)' })); }`,
    `await claim(record.messageId);\n    await ${EMAIL};`,
  ),
  // An update that claims the message id (attribute_not_exists) before the work.
  sqs(
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';\n" + SES,
    `${DOC_SETUP}\n${SES_SETUP}`,
    `await doc.send(new UpdateCommand({ TableName: 'processed', Key: { pk: record.messageId }, UpdateExpression: 'SET processedAt = :t', ConditionExpression: 'attribute_not_exists(processedAt)', ExpressionAttributeValues: { ':t': Date.now() } }));\n    await ${EMAIL};`,
  ),
  // Reads change nothing.
  sqs(
    `${DOC}\nimport { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';\nimport { SQSClient, ReceiveMessageCommand } from '@aws-sdk/client-sqs';`,
    `${DOC_SETUP}\nconst s3 = new S3Client({});\nconst sqs = new SQSClient({});`,
    `await doc.send(new GetCommand({ TableName: 't', Key: { pk: record.messageId } }));
    await doc.send(new QueryCommand({ TableName: 't', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': record.body } }));
    await doc.send(new ScanCommand({ TableName: 't' }));
    await s3.send(new GetObjectCommand({ Bucket: 'b', Key: record.body }));
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: record.body }));`,
  ),
  // An update that sets values repeats harmlessly.
  sqs(
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';",
    DOC_SETUP,
    "await doc.send(new UpdateCommand({ TableName: 'orders', Key: { pk: record.messageId }, UpdateExpression: 'SET #s = :s, updatedAt = :t', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': 'PAID', ':t': record.body } }));",
  ),
  // An update the file does not spell out is not judged.
  sqs(
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';",
    `${DOC_SETUP}\ndeclare const expression: string;`,
    "await doc.send(new UpdateCommand({ TableName: 'orders', Key: { pk: record.messageId }, UpdateExpression: expression }));",
  ),
  // Parameters the file does not show are not judged.
  sqs(DOC, `${DOC_SETUP}\ndeclare function paramsFor(body: string): ConstructorParameters<typeof PutCommand>[0];`, 'await doc.send(new PutCommand(paramsFor(record.body)));'),
  // A DryRun invocation runs nothing.
  sqs(
    "import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';",
    'const lambda = new LambdaClient({});',
    "await lambda.send(new InvokeCommand({ FunctionName: record.body, InvocationType: 'DryRun' }));",
  ),
  // A send to a queue whose name says FIFO, without an explicit id: content-based deduplication.
  sqs(
    "import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';",
    'const sqs = new SQSClient({});',
    "await sqs.send(new SendMessageCommand({ QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders.fifo', MessageBody: record.body, MessageGroupId: 'g' }));",
  ),
  // A message group without the queue's name: FIFO or a fair queue, not known.
  sqs(
    "import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';",
    'const sqs = new SQSClient({});',
    "await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: record.body, MessageGroupId: 'g' }));",
  ),
  // A GET request changes nothing; PUT and DELETE are idempotent by definition.
  sqs(
    "import axios from 'axios';",
    '',
    `await fetch(\`https://api.example.com/orders/\${record.messageId}\`);
    await fetch('https://api.example.com/orders', { method: 'GET' });
    await fetch(\`https://api.example.com/orders/\${record.messageId}\`, { method: 'PUT', body: record.body });
    await axios.delete(\`https://api.example.com/orders/\${record.messageId}\`);
    await axios.get('https://api.example.com/orders');`,
  ),
  // A POST with an Idempotency-Key from the message id.
  sqs(
    "import axios from 'axios';\nimport got from 'got';",
    '',
    `await fetch('https://api.example.com/orders', { method: 'POST', body: record.body, headers: { 'Idempotency-Key': record.messageId } });
    await axios.post('https://api.example.com/orders', record.body, { headers: { 'Idempotency-Key': record.messageId } });
    await got.post('https://api.example.com/orders', { body: record.body, headers: { 'idempotency-key': record.messageId } });`,
  ),
  // An OAuth token request (a form with grant_type): asking again only gets another token.
  sqs(
    "import axios from 'axios';\nimport qs from 'qs';",
    'const form = { grant_type: \'client_credentials\', client_id: process.env.ID };',
    `await fetch('https://auth.example.com/token', { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials' }) });
    await fetch('https://auth.example.com/token', { method: 'POST', body: 'grant_type=client_credentials&scope=x' });
    await axios.post('https://auth.example.com/token', qs.stringify(form));
    await axios.post('https://auth.example.com/token', form);
    await fetch(\`https://api.example.com/orders/\${record.messageId}\`, { method: 'PUT', body: record.body });`,
  ),
  // An HTTP method the file does not settle is not judged.
  sqs('', 'declare const method: string;', "await fetch('https://api.example.com/orders', { method, body: record.body });"),
  // Stripe with an idempotencyKey from the message id.
  sqs(
    "import Stripe from 'stripe';",
    'const stripe = new Stripe(process.env.STRIPE_KEY);',
    `await stripe.charges.create({ amount: 100, currency: 'eur', source: record.body }, { idempotencyKey: record.messageId });
    await stripe.paymentIntents.create({ amount: 100, currency: 'eur' }, { idempotencyKey: \`pi-\${record.messageId}\` });`,
  ),
  // Unconditional puts keyed by the event overwrite the same item on a retry: nothing repeats.
  sqs(DOC, DOC_SETUP, "await doc.send(new PutCommand({ TableName: 'orders', Item: { pk: 'ORDER', sk: JSON.parse(record.body).id, createdAt: Date.now() } }));"),
  sqs(
    "import { DynamoDBClient, PutItemCommand, BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';\nimport { marshall } from '@aws-sdk/util-dynamodb';",
    'const client = new DynamoDBClient({});',
    `await client.send(new PutItemCommand({ TableName: 'orders', Item: marshall({ pk: record.messageId, body: record.body }) }));
    const ids: string[] = JSON.parse(record.body);
    // Puts keyed by the record, and deletes: a BatchWrite that repeats harmlessly.
    await client.send(new BatchWriteItemCommand({ RequestItems: { follows: ids.map((id) => ({ PutRequest: { Item: { userId: { S: id }, tweetId: { S: record.messageId } } } })) } }));
    await client.send(new BatchWriteItemCommand({ RequestItems: { follows: ids.map((id) => ({ DeleteRequest: { Key: { userId: { S: id } } } })) } }));`,
  ),
  // An API Gateway handler is invoked synchronously: the client decides on retries.
  `${SQS_TYPES}${DOC}\n${DOC_SETUP}
export const handler: APIGatewayProxyHandler = async (event) => {
  await doc.send(new PutCommand({ TableName: 'orders', Item: { pk: event.body, sk: Date.now() } }));
  return { statusCode: 201, body: '' };
};`,
  // ALB and Cognito triggers are invoked synchronously.
  `${SQS_TYPES}import type { ALBHandler, PostConfirmationTriggerHandler } from 'aws-lambda';
${DOC}
${DOC_SETUP}
export const alb: ALBHandler = async (event) => {
  await doc.send(new PutCommand({ TableName: 'orders', Item: { pk: event.body, sk: Date.now() } }));
  return { statusCode: 201 };
};
export const confirmed: PostConfirmationTriggerHandler = async (event) => {
  await doc.send(new PutCommand({ TableName: 'users', Item: { pk: event.userName, sk: Date.now() } }));
  return event;
};`,
  // Kinesis records are delivered again unchanged: Powertools' default key (the whole record) is stable there.
  `${SQS_TYPES}import type { KinesisStreamHandler, KinesisStreamRecord } from 'aws-lambda';
${SES}
${POWERTOOLS}
${SES_SETUP}
const processRecord = makeIdempotent(async (r: KinesisStreamRecord) => { const record = { body: r.kinesis.data }; await ${EMAIL}; }, { persistenceStore });
export const handler: KinesisStreamHandler = async (event) => {
  for (const r of event.Records) await processRecord(r);
};`,
  // A function that is not exported is not a handler.
  `${SQS_TYPES}${DOC}\n${DOC_SETUP}
async function drain(event: SQSEvent) { for (const r of event.Records) await doc.send(new PutCommand({ TableName: 'orders', Item: { pk: r.body, sk: Date.now() } })); }
void drain;`,
  // An exported function whose source nothing shows is not judged.
  `${DOC}\n${DOC_SETUP}
export async function saveOrder(order: { id: string }) { await doc.send(new PutCommand({ TableName: 'orders', Item: { pk: order.id, sk: Date.now() } })); }`,
  // A side effect behind an import the rule does not know.
  sqs("import { send } from './send';", '', 'await send(record.body);'),
  // The request id as a key in an asynchronously invoked handler: whether it is kept across Lambda's retries is not documented.
  `${SQS_TYPES}import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
const sfn = new SFNClient({});
export const handler: EventBridgeHandler<'OrderPlaced', { id: string }, void> = async (event, context) => {
  await sfn.send(new StartExecutionCommand({ stateMachineArn: 'arn', input: JSON.stringify(event.detail), name: context.awsRequestId }));
};`,
  // A side effect given as an option, guarded by a guard given as an option (a wrapper from a package).
  {
    code: sqs("import { sendReceipt } from '@acme/mailer';\nimport { once } from '@acme/dedup';", 'const sendOnce = once(async (record: SQSRecord) => { await sendReceipt(record.body); });', 'await sendOnce(record);'),
    options: [{ sideEffects: [{ from: 'package', package: '@acme/mailer', name: 'sendReceipt' }], guards: [{ from: 'package', package: '@acme/dedup', name: 'once' }] }],
  },
  // A guard of the project's own, called before the work.
  {
    code: sqs("import { claimMessage } from '../lib/dedup';", SES_SETUP.replace('const', `${SES}\nconst`), `if (!(await claimMessage(record.messageId))) continue;\n    await ${EMAIL};`),
    filename: 'src/handlers/receipt.ts',
    options: [{ guards: [{ from: 'file', path: 'src/lib/dedup.ts', name: 'claimMessage' }] }],
  },
  // CommonJS: the same guard through require.
  {
    code: `const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const sqs = new SQSClient({});
exports.handler = async (event) => {
  for (const record of event.Records) {
    await sqs.send(new SendMessageCommand({ QueueUrl: process.env.OUT, MessageBody: record.body, MessageGroupId: 'g', MessageDeduplicationId: record.messageId }));
  }
};`,
    filename: 'file.cjs',
  },
];

const invalid: Invalid<M, O>[] = [
  // A `let` given the same command class in each branch: that command is sent.
  {
    code: sqs(
      "import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';",
      'const events = new EventBridgeClient({});',
      "let command;\n    if (record.body) command = new PutEventsCommand({ Entries: [{ Source: 'a', DetailType: 'Found', Detail: record.body }] });\n    else command = new PutEventsCommand({ Entries: [{ Source: 'a', DetailType: 'Empty', Detail: '{}' }] });\n    await events.send(command);",
    ),
    errors: [{ messageId: 'unguarded', line: 9, column: 11 }],
  },
  // The command is built by a local function: the call that sends it publishes on every delivery.
  {
    code: sqs(
      "import { SNSClient, PublishCommand, PublishBatchCommand } from '@aws-sdk/client-sns';",
      "const sns = new SNSClient({});\nfunction buildCommand(body: string, topicArn: string): PublishCommand {\n  return new PublishCommand({ TopicArn: topicArn, Message: body });\n}",
      "await sns.send(buildCommand(record.body, process.env.TOPIC_ARN!));",
    ),
    errors: [{ messageId: 'unguarded', line: 9, column: 11 }],
  },
  // Batch entries made by a local function (through a const it returns): none has a deduplication id.
  {
    code: sqs(
      "import { SNSClient, PublishCommand, PublishBatchCommand } from '@aws-sdk/client-sns';",
      "const sns = new SNSClient({});\nfunction entry(body: string, i: number) {\n  const message = { Id: String(i), Message: body };\n  return message;\n}",
      "await sns.send(new PublishBatchCommand({ TopicArn: process.env.TOPIC_ARN, PublishBatchRequestEntries: [record.body].map((b, i) => entry(b, i)) }));",
    ),
    errors: [{ messageId: 'unguarded', line: 10, column: 11 }],
  },
  // The per-record guard uses the default key: the whole SQS record, which changes per delivery.
  {
    code: `${SQS_TYPES}${SES}\n${POWERTOOLS}
${SES_SETUP}
const processRecord = makeIdempotent(async (record: SQSRecord) => { await ${EMAIL}; }, { persistenceStore });
export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) await processRecord(record);
};`,
    errors: [{ messageId: 'defaultKey', line: 7, column: 23 }],
  },
  // makeHandlerIdempotent with Middy and the default key on an SQS event.
  {
    code: `${SQS_TYPES}${SES}
import middy from '@middy/core';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
${SES_SETUP}
const persistenceStore = new DynamoDBPersistenceLayer({ tableName: 'idempotency' });
const lambdaHandler = async (event: SQSEvent) => {
  for (const record of event.Records) await ${EMAIL};
  return { ok: true };
};
export const handler = middy(lambdaHandler).use(makeHandlerIdempotent({ persistenceStore }));`,
    errors: [{ messageId: 'defaultKey', line: 12, column: 49 }],
  },
  // An SNS handler, and a helper of the same file that sends the email.
  {
    code: `${SQS_TYPES}${SES}\n${SES_SETUP}
async function notify(to: string) {
  const record = { body: to };
  await ${EMAIL};
}
export const handler: SNSHandler = async (event) => {
  for (const r of event.Records) await notify(r.Sns.Message);
};`,
    errors: [{ messageId: 'unguarded', line: 6, column: 9 }],
  },
  // An EventBridge handler (no Records) that publishes.
  {
    code: `${SQS_TYPES}import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
const events = new EventBridgeClient({});
export const handler: EventBridgeHandler<'OrderPlaced', { id: string }, void> = async (event) => {
  await events.send(new PutEventsCommand({ Entries: [{ Source: 'billing', DetailType: 'Invoiced', Detail: JSON.stringify(event.detail) }] }));
};`,
    errors: [{ messageId: 'unguarded', line: 5, column: 9 }],
  },
  // An S3 handler that starts an execution without a name.
  {
    code: `${SQS_TYPES}import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
const sfn = new SFNClient({});
export const handler: S3Handler = async (event) => {
  for (const r of event.Records) await sfn.send(new StartExecutionCommand({ stateMachineArn: 'arn', input: r.s3.object.key }));
};`,
    errors: [{ messageId: 'unguarded', line: 5, column: 40 }],
  },
  // A put whose key a local helper generates: a retry writes a second item.
  {
    code: sqs(
      `${DOC}\nimport { randomUUID } from 'node:crypto';`,
      `${DOC_SETUP}\nconst newId = (): string => {\n  return randomUUID();\n};`,
      "await doc.send(new PutCommand({ TableName: 'events', Item: { id: newId(), event: record.body } }));",
    ),
    errors: [{ messageId: 'generatedKey', line: 11, column: 11 }],
  },
  // A deduplication id that is new on every attempt.
  {
    code: sqs(
      "import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';\nimport { randomUUID } from 'node:crypto';",
      'const sqs = new SQSClient({});',
      "const id = randomUUID();\n    await sqs.send(new SendMessageCommand({ QueueUrl: process.env.OUT, MessageBody: record.body, MessageGroupId: 'g', MessageDeduplicationId: id }));",
    ),
    errors: [{ messageId: 'generatedKey', line: 8, column: 11 }],
  },
  // The request id changes with every invocation of an SQS mapping.
  {
    code: `${SQS_TYPES}import { DynamoDBClient, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export const handler: SQSHandler = async (event, context) => {
  await client.send(new TransactWriteItemsCommand({ ClientRequestToken: context.awsRequestId, TransactItems: event.Records.map((r) => ({ Put: { TableName: 't', Item: { pk: { S: r.body } } } })) }));
};`,
    errors: [{ messageId: 'generatedKey', line: 5, column: 9 }],
  },
  // Check-then-act on a dedup store: a plain read, then the work, then a write.
  {
    code: sqs(
      `${DOC}\n${SES}`,
      `${DOC_SETUP}\n${SES_SETUP}`,
      `const seen = await doc.send(new GetCommand({ TableName: 'processed', Key: { pk: record.messageId } }));
    if (seen.Item) continue;
    await ${EMAIL};
    await doc.send(new PutCommand({ TableName: 'processed', Item: { pk: record.messageId } }));`,
    ),
    // The marker's own put overwrites the same item on a retry: only the email repeats.
    errors: [{ messageId: 'racyCheck', line: 11, column: 11 }],
  },
  // A claim that runs after the work does not guard it.
  {
    code: sqs(
      `${DOC}\n${SES}`,
      `${DOC_SETUP}\n${SES_SETUP}`,
      `await ${EMAIL};\n    await doc.send(new PutCommand({ TableName: 'processed', Item: { pk: record.messageId }, ConditionExpression: 'attribute_not_exists(pk)' }));`,
    ),
    errors: [{ messageId: 'unguarded', line: 9, column: 11 }],
  },
  // HTTP POST and PATCH without an idempotency key: fetch, axios, got, undici.
  {
    code: sqs(
      "import axios from 'axios';\nimport got from 'got';\nimport { request } from 'undici';",
      'const api = axios.create({ baseURL: process.env.API });',
      `await fetch('https://api.example.com/orders', { method: 'POST', body: record.body });
    await api.patch(\`/orders/\${record.messageId}\`, { status: 'paid' });
    await got.post('https://api.example.com/orders', { json: { id: record.messageId } });
    await request('https://api.example.com/orders', { method: 'POST', body: record.body });
    await axios({ method: 'post', url: 'https://api.example.com/orders', data: record.body });`,
    ),
    errors: [
      { messageId: 'unguarded', line: 8, column: 11 },
      { messageId: 'unguarded', line: 9, column: 11 },
      { messageId: 'unguarded', line: 10, column: 11 },
      { messageId: 'unguarded', line: 11, column: 11 },
      { messageId: 'unguarded', line: 12, column: 11 },
    ],
  },
  // An Idempotency-Key that is new on every attempt.
  {
    code: sqs('', '', "await fetch('https://api.example.com/orders', { method: 'POST', body: record.body, headers: { 'Idempotency-Key': crypto.randomUUID() } });"),
    errors: [{ messageId: 'generatedKey', line: 6, column: 11 }],
  },
  // Stripe without an idempotencyKey, and with one made from uuid v4.
  {
    code: sqs(
      "import Stripe from 'stripe';\nimport { v4 as uuid } from 'uuid';",
      'const stripe = new Stripe(process.env.STRIPE_KEY);',
      `await stripe.charges.create({ amount: 100, currency: 'eur', source: record.body });
    await stripe.paymentIntents.create({ amount: 100, currency: 'eur' }, { idempotencyKey: uuid() });`,
    ),
    errors: [
      { messageId: 'unguarded', line: 7, column: 11 },
      { messageId: 'generatedKey', line: 8, column: 11 },
    ],
  },
  // nodemailer and Twilio (CommonJS).
  {
    code: `const nodemailer = require('nodemailer');
const twilio = require('twilio');
const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });
const sms = twilio(process.env.SID, process.env.TOKEN);
exports.handler = async (event) => {
  for (const record of event.Records) {
    await transporter.sendMail({ to: record.body, subject: 'Thanks' });
    await sms.messages.create({ to: record.messageId, from: '+100', body: 'Thanks' });
  }
};`,
    filename: 'file.cjs',
    errors: [
      { messageId: 'unguarded', line: 7, column: 11 },
      { messageId: 'unguarded', line: 8, column: 11 },
    ],
  },
  // SDK v2: DocumentClient put and SQS sendMessage.
  {
    code: `const AWS = require('aws-sdk');
const doc = new AWS.DynamoDB.DocumentClient();
const sqs = new AWS.SQS();
exports.handler = async (event) => {
  for (const record of event.Records) {
    await doc.put({ TableName: 'orders', Item: { pk: record.body, sk: Date.now() } }).promise();
    await sqs.sendMessage({ QueueUrl: process.env.OUT, MessageBody: record.body }).promise();
    // A conditional write guards itself (and, as a claim, what runs after it).
    await doc.put({ TableName: 'orders', Item: { pk: record.messageId }, ConditionExpression: 'attribute_not_exists(pk)' }).promise();
  }
};`,
    filename: 'file.cjs',
    errors: [
      { messageId: 'generatedKey', line: 6, column: 11 },
      { messageId: 'unguarded', line: 7, column: 11 },
    ],
  },
  // SDK v2 per-service import.
  {
    code: `import SNS from 'aws-sdk/clients/sns';
import type { SQSHandler } from 'aws-lambda';
const sns = new SNS();
export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) await sns.publish({ TopicArn: 'arn', Message: record.body }).promise();
};`,
    errors: [{ messageId: 'unguarded', line: 5, column: 45 }],
  },
  // More call shapes: middy().use().handler(fn), the v2 DocumentClient from its own module, Stripe through require, node-fetch, undici's fetch, got with a method option.
  {
    code: `const middy = require('@middy/core');
const { DocumentClient } = require('aws-sdk/clients/dynamodb');
const stripe = require('stripe')(process.env.KEY);
const fetch = require('node-fetch');
const { fetch: undiciFetch } = require('undici');
const got = require('got');
const doc = new DocumentClient();
exports.handler = middy().use(logger()).handler(async (event) => {
  for (const record of event.Records) {
    await doc.update({ TableName: 't', Key: { pk: 'n' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': Number(record.body) } }).promise();
    await stripe.paymentIntents.create({ amount: 1, currency: 'eur' });
    await fetch('https://api.example.com', { method: 'post', body: record.body });
    await undiciFetch('https://api.example.com', { method: 'PATCH', body: record.messageId });
    await got('https://api.example.com', { method: 'POST', body: record.body });
    await got('https://api.example.com', { method: 'POST', body: record.body, headers: { 'Idempotency-Key': record.messageId } });
  }
});`,
    filename: 'file.cjs',
    errors: [
      { messageId: 'unguarded', line: 10, column: 11 },
      { messageId: 'unguarded', line: 11, column: 11 },
      { messageId: 'unguarded', line: 12, column: 11 },
      { messageId: 'unguarded', line: 13, column: 11 },
      { messageId: 'unguarded', line: 14, column: 11 },
    ],
  },
  // A side effect given as an option: from a package, and from a project file.
  {
    code: sqs("import { sendReceipt } from '@acme/mailer';\nimport { charge } from '../lib/payments';", '', 'await sendReceipt(record.body);\n    await charge(record.messageId);'),
    filename: 'src/handlers/receipt.ts',
    options: [{ sideEffects: [{ from: 'package', package: '@acme/mailer', name: 'sendReceipt' }, { from: 'file', path: 'src/lib/payments.ts', name: ['charge', 'refund'] }] }],
    errors: [
      { messageId: 'unguarded', line: 7, column: 11 },
      { messageId: 'unguarded', line: 8, column: 11 },
    ],
  },
  // A helper shared by two handlers is reported once.
  {
    code: `${SQS_TYPES}${SES}\n${SES_SETUP}
async function notify(to: string) {
  const record = { body: to };
  await ${EMAIL};
}
export const fromQueue: SQSHandler = async (event) => { for (const r of event.Records) await notify(r.body); };
export const fromTopic: SNSHandler = async (event) => { for (const r of event.Records) await notify(r.Sns.Message); };`,
    errors: [{ messageId: 'unguarded', line: 6, column: 9 }],
  },
  // Kinesis: a retried batch repeats the events of the records that had succeeded.
  {
    code: `${SQS_TYPES}import type { KinesisStreamHandler } from 'aws-lambda';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
const events = new EventBridgeClient({});
export const handler: KinesisStreamHandler = async (event) => {
  for (const r of event.Records) await events.send(new PutEventsCommand({ Entries: [{ Source: 'x', DetailType: 'y', Detail: r.kinesis.data }] }));
};`,
    errors: [{ messageId: 'unguarded', line: 6, column: 40 }],
  },
  // makeIdempotent around an SNS handler with the default key.
  {
    code: `${SQS_TYPES}${SES}
${POWERTOOLS}
${SES_SETUP}
export const handler = makeIdempotent(async (event: SNSEvent) => {
  const record = { body: event.Records[0]?.Sns.Message ?? '' };
  await ${EMAIL};
}, { persistenceStore });`,
    errors: [{ messageId: 'defaultKey', line: 7, column: 24 }],
  },
  // A class handler: its per-record method is followed through \`this\`; @idempotent with the default key on SQS.
  {
    code: `${SQS_TYPES}${SES}
import { idempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
${SES_SETUP}
const persistenceStore = new DynamoDBPersistenceLayer({ tableName: 'idempotency' });
class Worker {
  public async handler(event: SQSEvent) {
    for (const record of event.Records) {
      await this.record(record);
      await this.notify(record);
    }
  }
  @idempotent({ persistenceStore })
  public async record(record: SQSRecord) { await ${EMAIL}; return true; }
  public async notify(record: SQSRecord) { await ${EMAIL}; }
}
const worker = new Worker();
export const handler = worker.handler.bind(worker);`,
    errors: [
      { messageId: 'defaultKey', line: 14, column: 3 },
      { messageId: 'unguarded', line: 16, column: 50 },
    ],
  },
  // Option names: a method reached through a package's default export, and a function of this file (`from: 'file'` without a path).
  {
    code: sqs(
      "import sms from 'sms-lib';",
      'const client = sms(process.env.SID);\nasync function audit(id: string) { return id; }',
      'await client.messages.create({ to: record.body });\n    await audit(record.messageId);',
    ),
    options: [{ sideEffects: [{ from: 'package', package: 'sms-lib', name: 'default.messages.create' }, { from: 'file', name: 'audit' }] }],
    errors: [
      { messageId: 'unguarded', line: 7, column: 11 },
      { messageId: 'unguarded', line: 8, column: 11 },
    ],
  },
  // A guard option for another package does not cover it.
  {
    code: sqs("import { sendReceipt } from '@acme/mailer';\nimport { once } from '@other/dedup';", 'const sendOnce = once(async (record: SQSRecord) => { await sendReceipt(record.body); });', 'await sendOnce(record);'),
    options: [{ sideEffects: [{ from: 'package', package: '@acme/mailer', name: 'sendReceipt' }], guards: [{ from: 'package', package: '@acme/dedup', name: 'once' }] }],
    errors: [{ messageId: 'unguarded', line: 4, column: 60 }],
  },
];

runRuleTests<M, O>('require-idempotency', rule, {
  valid: [...ts_.valid, ...js_.valid, ...valid],
  invalid: [...ts_.invalid, ...js_.invalid, ...invalid],
});

// The same catalogue with type information: the cases are real code against the installed SDK.
runTypedRuleTests<M, O>('require-idempotency', rule, {
  valid: [...ts_.valid, ...js_.valid],
  invalid: [...ts_.invalid, ...js_.invalid],
});

describe('require-idempotency: the catalogue cases are well-typed against the installed SDK packages', () => {
  it('type-checks every TypeScript rendering', () => {
    const dir = path.resolve(import.meta.dirname, '../fixtures/typed');
    const sources = new Map<string, string>();
    SDK_CASES.forEach((c, i) => {
      sources.set(path.join(dir, `catalogue-${i}-unguarded.ts`), render(c, 'unguarded', false));
      sources.set(path.join(dir, `catalogue-${i}-guarded.ts`), render(c, 'guarded', false));
    });
    const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, noEmit: true, skipLibCheck: true, types: ['node'] };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (f) => sources.get(f) ?? readFile(f);
    host.fileExists = (f) => sources.has(f) || fileExists(f);
    host.getSourceFile = (f, v, onError, create) => {
      const text = sources.get(f);
      return text !== undefined ? ts.createSourceFile(f, text, v) : getSourceFile(f, v, onError, create);
    };
    const program = ts.createProgram([...sources.keys()], options, host);
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file ? path.basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(diagnostics).toEqual([]);
  }, 120_000);
});

describe('require-idempotency with the linked infrastructure', () => {
  const RULE = 'require-idempotency';
  const stack = (wiring: string, imports: string): string => `import path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
${imports}

export class S extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
    const fn = new NodejsFunction(this, 'Fn', { entry: path.join(__dirname, 'handler.ts') });
    ${wiring}
  }
}
`;
  const SQS_MAPPING = stack("fn.addEventSource(new SqsEventSource(new sqs.Queue(this, 'Q')));", "import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';\nimport * as sqs from 'aws-cdk-lib/aws-sqs';");
  const EVENTBRIDGE_RULE = stack(
    "new events.Rule(this, 'R', { eventPattern: { source: ['orders'] }, targets: [new targets.LambdaFunction(fn)] });",
    "import * as events from 'aws-cdk-lib/aws-events';\nimport * as targets from 'aws-cdk-lib/aws-events-targets';",
  );
  const REST_API = stack("new apigateway.LambdaRestApi(this, 'Api', { handler: fn });", "import * as apigateway from 'aws-cdk-lib/aws-apigateway';");
  // Neither its types nor its code say how it is invoked.
  const untyped = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async (event: { detail: { id: string } }) => {
  await doc.send(new PutCommand({ TableName: 'orders', Item: { pk: event.detail.id, sk: Date.now() } }));
};
`;
  // Typed as an API Gateway handler, but wired to a queue.
  const apiTyped = `import type { APIGatewayProxyHandler } from 'aws-lambda';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
const sns = new SNSClient({});
export const handler: APIGatewayProxyHandler = async (event) => {
  await sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:eu-west-1:123456789012:t', Message: String(event.body) }));
  return { statusCode: 200, body: '' };
};
`;

  it.each([
    ['an EventBridge rule invokes an untyped handler', EVENTBRIDGE_RULE, untyped, 5, 9, 'generatedKey'],
    ['an SQS mapping feeds a handler typed for API Gateway', SQS_MAPPING, apiTyped, 5, 9, 'unguarded'],
  ])('reports: %s', async (_name, infra, handler, line, column, messageId) => {
    const dir = writeProject({ 'package.json': '{}', 'stack.ts': infra, 'handler.ts': handler });
    const expected = [{ file: 'handler.ts', line, column, ruleId: `lambda-lint/${RULE}`, messageId }];
    expect(await cliFindings(dir, [RULE])).toEqual(expected);
    expect(await eslintFindings(dir, [RULE])).toEqual(expected);
  });

  it.each([
    ['an untyped handler behind API Gateway only', REST_API, untyped],
    ['an API Gateway handler behind API Gateway', REST_API, apiTyped],
  ])('stays quiet: %s', async (_name, infra, handler) => {
    const dir = writeProject({ 'package.json': '{}', 'stack.ts': infra, 'handler.ts': handler });
    expect(await cliFindings(dir, [RULE])).toEqual([]);
    expect(await eslintFindings(dir, [RULE])).toEqual([]);
  });
});

describe('require-idempotency facts', () => {
  it('are not read from a --cache written before handlers had them', async () => {
    const [first] = SDK_CASES;
    if (!first) throw new Error('no case');
    const text = render(first, 'unguarded', false);
    const dir = writeProject({ 'package.json': '{}', 'handler.ts': text });
    const prepared = prepareScript(path.join(dir, 'handler.ts'), text);
    if (!isPrepared(prepared)) throw new Error('does not parse');
    // The facts of the previous shape, under the version key such a build wrote.
    const old = JSON.parse(JSON.stringify(prepared.facts)) as { handlers: Record<string, unknown>[] };
    for (const h of old.handlers) delete h.idempotency;
    const entries = { [path.join(dir, 'handler.ts')]: { hash: textHash(text), kind: 'prepared', facts: old, directives: [] } };
    writeFileSync(path.join(dir, '.lambda-lint-cache'), JSON.stringify({ tool: 'lambda-lint', version: VERSION, entries }));
    const result = await analyze(['.'], { cwd: dir, cacheFile: '.lambda-lint-cache', rules: { 'require-idempotency': 'error' } });
    expect(result.internalErrorCount).toBe(0);
    expect(result.cache?.hits).toBe(0);
    expect(result.results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'lambda-lint/require-idempotency').map((m) => m.messageId))).toEqual(['generatedKey']);
  });

  it('survive a JSON round trip (the --cache format) with the same findings', () => {
    for (const [i, c] of SDK_CASES.entries()) {
      for (const variant of ['unguarded', 'guarded'] as const) {
        const prepared = prepareScript(`case-${i}.ts`, render(c, variant, false));
        if (!isPrepared(prepared)) throw new Error('does not parse');
        const copy = JSON.parse(JSON.stringify(prepared.facts)) as typeof prepared.facts;
        expect(copy).toEqual(prepared.facts);
        expect(check({ filePath: `case-${i}.ts`, facts: copy })).toEqual(check({ filePath: `case-${i}.ts`, facts: prepared.facts }));
        expect(check({ filePath: `case-${i}.ts`, facts: copy }).length).toBe(variant === 'unguarded' ? 1 : 0);
      }
    }
  });
});

describe('require-idempotency options in lambda-lint.config.json (the CLI)', () => {
  const handler = `import type { SQSHandler } from 'aws-lambda';
import { sendReceipt } from '@acme/mailer';
import { once } from '@acme/dedup';
export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) await sendReceipt(record.body);
};
export const guarded: SQSHandler = async (event) => {
  for (const record of event.Records) await once(record.messageId, () => sendReceipt(record.body));
};
`;
  const options = { sideEffects: [{ from: 'package', package: '@acme/mailer', name: 'sendReceipt' }], guards: [{ from: 'package', package: '@acme/dedup', name: 'once' }] };

  it('reach the check, as in ESLint', async () => {
    const dir = writeProject({
      'package.json': '{}',
      'handler.ts': handler,
      'lambda-lint.config.json': JSON.stringify({ preset: 'recommended', rules: { 'require-idempotency': ['warn', options] } }),
    });
    const { results } = await analyze(['.'], { cwd: dir });
    const got = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'lambda-lint/require-idempotency').map((m) => ({ line: m.line, column: m.column, ruleId: m.ruleId, severity: m.severity, messageId: m.messageId })));
    expect(got).toEqual([{ line: 5, column: 45, ruleId: 'lambda-lint/require-idempotency', severity: 1, messageId: 'unguarded' }]);
  });

  it('without them, the same project has nothing to report', async () => {
    const dir = writeProject({ 'package.json': '{}', 'handler.ts': handler, 'lambda-lint.config.json': JSON.stringify({ rules: { 'require-idempotency': 'warn' } }) });
    const { results } = await analyze(['.'], { cwd: dir });
    expect(results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'lambda-lint/require-idempotency'))).toEqual([]);
  });

  it.each([
    [{ 'require-idempotency': ['warn', { sideEffect: [] }] }, /unknown option "sideEffect"/u],
    [{ 'require-idempotency': ['warn', { guards: [{ from: 'lib', name: 'x' }] }] }, /"from" must be "package" or "file"/u],
    [{ 'require-idempotency': ['warn', { guards: [{ from: 'package', name: 'x' }] }] }, /"package" must be a non-empty string/u],
    [{ 'require-idempotency': ['warn', { sideEffects: [{ from: 'file', name: [] }] }] }, /"name" must be/u],
    [{ 'require-batch-item-failures': ['warn', {}] }, /takes no options/u],
  ])('rejects invalid options: %j', (rules, message) => {
    expect(() => validateConfig({ rules }, 'lambda-lint.config.json')).toThrow(message);
  });
});
