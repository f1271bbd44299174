/**
 * The catalogue cases of require-idempotency: for each side effect an unguarded call and a
 * guarded one, written once and rendered as a TypeScript SQS handler and as a CommonJS one.
 * The TypeScript renderings are type-checked against the installed SDK packages
 * (require-idempotency.test.ts), so the cases use the APIs' real names and shapes.
 */

export interface CatalogueCase {
  /** The catalogue entry. */
  effect: string;
  /** Named imports by module. */
  imports: Record<string, string[]>;
  /** Module-level setup (clients). */
  setup: string;
  /** Per-record code without a guard, and where the finding points (the first occurrence of `at` in it). */
  unguarded: string;
  at: string;
  /** The same work, guarded (by its own arguments, or by a guard the case adds). */
  guarded: string;
  /** Extra imports the guarded variant needs. */
  guardedImports?: Record<string, string[]>;
  /** Setup the guarded variant needs. */
  guardedSetup?: string;
  /** The message the unguarded call gets. */
  messageId?: 'unguarded' | 'generatedKey';
}

/** A conditional write that claims the message id before the work (a dedup store). */
const CLAIM_IMPORTS = { '@aws-sdk/client-dynamodb': ['DynamoDBClient', 'PutItemCommand'] };
const CLAIM_SETUP = 'const dedup = new DynamoDBClient({});';
const CLAIM =
  "await dedup.send(new PutItemCommand({ TableName: 'processed', Item: { pk: { S: record.messageId } }, ConditionExpression: 'attribute_not_exists(pk)' }));\n    ";

/** Powertools around the per-record function, keyed on the message id. */
const POWERTOOLS_IMPORTS = {
  '@aws-lambda-powertools/idempotency': ['makeIdempotent', 'IdempotencyConfig'],
  '@aws-lambda-powertools/idempotency/dynamodb': ['DynamoDBPersistenceLayer'],
};

export const SDK_CASES: CatalogueCase[] = [
  {
    effect: 'dynamodb.PutItem (client)',
    imports: { '@aws-sdk/client-dynamodb': ['DynamoDBClient', 'PutItemCommand'] },
    setup: 'const client = new DynamoDBClient({});',
    // Unconditional with a time-based key: a retry writes a second item. (Keyed by the event, it would overwrite the same item.)
    unguarded: "await client.send(new PutItemCommand({ TableName: 'orders', Item: { pk: { S: record.body }, sk: { S: String(Date.now()) } } }));",
    at: 'client.send',
    messageId: 'generatedKey',
    guarded:
      "await client.send(new PutItemCommand({ TableName: 'orders', Item: { pk: { S: record.body }, sk: { S: String(Date.now()) } }, ConditionExpression: 'attribute_not_exists(pk)' }));",
  },
  {
    effect: 'dynamodb.PutItem (document client)',
    imports: { '@aws-sdk/client-dynamodb': ['DynamoDBClient'], '@aws-sdk/lib-dynamodb': ['DynamoDBDocumentClient', 'PutCommand'], 'node:crypto': ['randomUUID'] },
    setup: 'const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
    unguarded: "await doc.send(new PutCommand({ TableName: 'orders', Item: { orderId: randomUUID(), body: record.body } }));",
    at: 'doc.send',
    messageId: 'generatedKey',
    guarded: "await doc.send(new PutCommand({ TableName: 'orders', Item: { orderId: randomUUID(), body: record.body }, ConditionExpression: 'attribute_not_exists(orderId)' }));",
  },
  {
    effect: 'dynamodb.UpdateItem ADD (client)',
    imports: { '@aws-sdk/client-dynamodb': ['DynamoDBClient', 'UpdateItemCommand'] },
    setup: 'const client = new DynamoDBClient({});',
    unguarded:
      "await client.send(new UpdateItemCommand({ TableName: 'stats', Key: { pk: { S: 'orders' } }, UpdateExpression: 'ADD hits :n', ExpressionAttributeValues: { ':n': { N: record.body } } }));",
    at: 'client.send',
    guarded:
      "await client.send(new UpdateItemCommand({ TableName: 'stats', Key: { pk: { S: 'orders' } }, UpdateExpression: 'ADD hits :one, seen :ids', ConditionExpression: 'NOT contains(seen, :id)', ExpressionAttributeValues: { ':one': { N: '1' }, ':ids': { SS: [record.messageId] }, ':id': { S: record.messageId } } }));",
  },
  {
    effect: 'dynamodb.UpdateItem x = x + :n (document client)',
    imports: { '@aws-sdk/client-dynamodb': ['DynamoDBClient'], '@aws-sdk/lib-dynamodb': ['DynamoDBDocumentClient', 'UpdateCommand'] },
    setup: 'const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
    unguarded:
      "await doc.send(new UpdateCommand({ TableName: 'accounts', Key: { pk: 'acct-1' }, UpdateExpression: 'SET balance = balance + :amount', ExpressionAttributeValues: { ':amount': Number(record.body) } }));",
    at: 'doc.send',
    guarded:
      "await doc.send(new UpdateCommand({ TableName: 'accounts', Key: { pk: 'acct-1' }, UpdateExpression: 'SET balance = balance + :amount, version = :next', ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':amount': Number(record.body), ':next': 2, ':expected': 1 } }));",
  },
  {
    effect: 'dynamodb.UpdateItem list_append (document client)',
    imports: { '@aws-sdk/client-dynamodb': ['DynamoDBClient'], '@aws-sdk/lib-dynamodb': ['DynamoDBDocumentClient', 'UpdateCommand'] },
    setup: 'const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
    unguarded:
      "await doc.send(new UpdateCommand({ TableName: 'carts', Key: { pk: 'cart-1' }, UpdateExpression: 'SET #items = list_append(#items, :item)', ExpressionAttributeNames: { '#items': 'items' }, ExpressionAttributeValues: { ':item': [record.body] } }));",
    at: 'doc.send',
    guarded:
      "await doc.send(new UpdateCommand({ TableName: 'carts', Key: { pk: 'cart-1' }, UpdateExpression: 'SET #items = list_append(#items, :item) ADD applied :ids', ConditionExpression: 'NOT contains(applied, :id)', ExpressionAttributeNames: { '#items': 'items' }, ExpressionAttributeValues: { ':item': [record.body], ':ids': new Set([record.messageId]), ':id': record.messageId } }));",
  },
  {
    effect: 'dynamodb.TransactWriteItems (client)',
    imports: { '@aws-sdk/client-dynamodb': ['DynamoDBClient', 'TransactWriteItemsCommand'] },
    setup: 'const client = new DynamoDBClient({});',
    unguarded: "await client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'orders', Item: { pk: { S: record.body } } } }] }));",
    at: 'client.send',
    guarded:
      "await client.send(new TransactWriteItemsCommand({ ClientRequestToken: record.messageId, TransactItems: [{ Put: { TableName: 'orders', Item: { pk: { S: record.body } } } }] }));",
  },
  {
    effect: 'dynamodb.TransactWriteItems (document client)',
    imports: { '@aws-sdk/client-dynamodb': ['DynamoDBClient'], '@aws-sdk/lib-dynamodb': ['DynamoDBDocumentClient', 'TransactWriteCommand'] },
    setup: 'const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
    unguarded:
      "await doc.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: 'orders', Item: { pk: record.body } } }, { Update: { TableName: 'stats', Key: { pk: 'orders' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } } }] }));",
    at: 'doc.send',
    guarded:
      "await doc.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: 'processed', Item: { pk: record.messageId }, ConditionExpression: 'attribute_not_exists(pk)' } }, { Update: { TableName: 'stats', Key: { pk: 'orders' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } } }] }));",
  },
  {
    effect: 'dynamodb.BatchWriteItem (client)',
    imports: { '@aws-sdk/client-dynamodb': ['DynamoDBClient', 'BatchWriteItemCommand', 'PutItemCommand'] },
    setup: 'const client = new DynamoDBClient({});\nconst dedup = client;',
    unguarded: "await client.send(new BatchWriteItemCommand({ RequestItems: { orders: [{ PutRequest: { Item: { pk: { S: record.body }, sk: { N: String(Date.now()) } } } }] } }));",
    at: 'client.send',
    messageId: 'generatedKey',
    guarded: `${CLAIM}await client.send(new BatchWriteItemCommand({ RequestItems: { orders: [{ PutRequest: { Item: { pk: { S: record.body }, sk: { N: String(Date.now()) } } } }] } }));`,
  },
  {
    effect: 'dynamodb.BatchWriteItem (document client)',
    imports: { '@aws-sdk/client-dynamodb': ['DynamoDBClient'], '@aws-sdk/lib-dynamodb': ['DynamoDBDocumentClient', 'BatchWriteCommand'], 'node:crypto': ['randomUUID'] },
    setup: 'const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
    unguarded: "await doc.send(new BatchWriteCommand({ RequestItems: { orders: [{ PutRequest: { Item: { id: randomUUID(), body: record.body } } }] } }));",
    at: 'doc.send',
    messageId: 'generatedKey',
    guarded: `${CLAIM}await doc.send(new BatchWriteCommand({ RequestItems: { orders: [{ PutRequest: { Item: { id: randomUUID(), body: record.body } } }] } }));`,
    guardedImports: { '@aws-sdk/client-dynamodb': ['PutItemCommand'] },
    guardedSetup: CLAIM_SETUP,
  },
  {
    effect: 'sqs.SendMessage',
    imports: { '@aws-sdk/client-sqs': ['SQSClient', 'SendMessageCommand'] },
    setup: 'const sqs = new SQSClient({});',
    unguarded: 'await sqs.send(new SendMessageCommand({ QueueUrl: process.env.OUT_QUEUE_URL, MessageBody: record.body }));',
    at: 'sqs.send',
    guarded: "await sqs.send(new SendMessageCommand({ QueueUrl: process.env.OUT_QUEUE_URL, MessageBody: record.body, MessageGroupId: 'orders', MessageDeduplicationId: record.messageId }));",
  },
  {
    effect: 'sqs.SendMessageBatch',
    imports: { '@aws-sdk/client-sqs': ['SQSClient', 'SendMessageBatchCommand'] },
    setup: 'const sqs = new SQSClient({});',
    unguarded: "await sqs.send(new SendMessageBatchCommand({ QueueUrl: process.env.OUT_QUEUE_URL, Entries: [{ Id: '1', MessageBody: record.body }] }));",
    at: 'sqs.send',
    guarded:
      "await sqs.send(new SendMessageBatchCommand({ QueueUrl: process.env.OUT_QUEUE_URL, Entries: [{ Id: '1', MessageBody: record.body, MessageGroupId: 'orders', MessageDeduplicationId: `${record.messageId}-1` }] }));",
  },
  {
    effect: 'sns.Publish',
    imports: { '@aws-sdk/client-sns': ['SNSClient', 'PublishCommand'] },
    setup: 'const sns = new SNSClient({});',
    unguarded: 'await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: record.body }));',
    at: 'sns.send',
    guarded: "await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: record.body, MessageGroupId: 'orders', MessageDeduplicationId: record.messageId }));",
  },
  {
    effect: 'sns.PublishBatch',
    imports: { '@aws-sdk/client-sns': ['SNSClient', 'PublishBatchCommand'] },
    setup: 'const sns = new SNSClient({});',
    unguarded: "await sns.send(new PublishBatchCommand({ TopicArn: process.env.TOPIC_ARN, PublishBatchRequestEntries: [{ Id: '1', Message: record.body }] }));",
    at: 'sns.send',
    guarded:
      "await sns.send(new PublishBatchCommand({ TopicArn: process.env.TOPIC_ARN, PublishBatchRequestEntries: [{ Id: '1', Message: record.body, MessageGroupId: 'orders', MessageDeduplicationId: `${record.messageId}-1` }] }));",
  },
  {
    effect: 'ses.SendEmail (SES v1)',
    imports: { '@aws-sdk/client-ses': ['SESClient', 'SendEmailCommand'] },
    setup: 'const ses = new SESClient({});',
    unguarded:
      "await ses.send(new SendEmailCommand({ Source: 'shop@example.com', Destination: { ToAddresses: [record.body] }, Message: { Subject: { Data: 'Thanks' }, Body: { Text: { Data: 'Thanks for your order' } } } }));",
    at: 'ses.send',
    guarded: `${CLAIM}await ses.send(new SendEmailCommand({ Source: 'shop@example.com', Destination: { ToAddresses: [record.body] }, Message: { Subject: { Data: 'Thanks' }, Body: { Text: { Data: 'Thanks for your order' } } } }));`,
    guardedImports: CLAIM_IMPORTS,
    guardedSetup: CLAIM_SETUP,
  },
  {
    effect: 'ses.SendRawEmail (SES v1)',
    imports: { '@aws-sdk/client-ses': ['SESClient', 'SendRawEmailCommand'] },
    setup: 'const ses = new SESClient({});',
    unguarded: 'await ses.send(new SendRawEmailCommand({ RawMessage: { Data: new TextEncoder().encode(record.body) } }));',
    at: 'ses.send',
    guarded: `${CLAIM}await ses.send(new SendRawEmailCommand({ RawMessage: { Data: new TextEncoder().encode(record.body) } }));`,
    guardedImports: CLAIM_IMPORTS,
    guardedSetup: CLAIM_SETUP,
  },
  {
    effect: 'ses.SendEmail (SES v2)',
    imports: { '@aws-sdk/client-sesv2': ['SESv2Client', 'SendEmailCommand'] },
    setup: 'const ses = new SESv2Client({});',
    unguarded:
      "await ses.send(new SendEmailCommand({ FromEmailAddress: 'shop@example.com', Destination: { ToAddresses: [record.body] }, Content: { Simple: { Subject: { Data: 'Thanks' }, Body: { Text: { Data: 'Thanks' } } } } }));",
    at: 'ses.send',
    guarded: `${CLAIM}await ses.send(new SendEmailCommand({ FromEmailAddress: 'shop@example.com', Destination: { ToAddresses: [record.body] }, Content: { Simple: { Subject: { Data: 'Thanks' }, Body: { Text: { Data: 'Thanks' } } } } }));`,
    guardedImports: CLAIM_IMPORTS,
    guardedSetup: CLAIM_SETUP,
  },
  {
    effect: 'eventbridge.PutEvents',
    imports: { '@aws-sdk/client-eventbridge': ['EventBridgeClient', 'PutEventsCommand'] },
    setup: 'const events = new EventBridgeClient({});',
    unguarded: "await events.send(new PutEventsCommand({ Entries: [{ Source: 'orders', DetailType: 'OrderPlaced', Detail: record.body }] }));",
    at: 'events.send',
    guarded: `${CLAIM}await events.send(new PutEventsCommand({ Entries: [{ Source: 'orders', DetailType: 'OrderPlaced', Detail: record.body }] }));`,
    guardedImports: CLAIM_IMPORTS,
    guardedSetup: CLAIM_SETUP,
  },
  {
    effect: 'sfn.StartExecution',
    imports: { '@aws-sdk/client-sfn': ['SFNClient', 'StartExecutionCommand'] },
    setup: 'const sfn = new SFNClient({});',
    unguarded: 'await sfn.send(new StartExecutionCommand({ stateMachineArn: process.env.STATE_MACHINE_ARN, input: record.body }));',
    at: 'sfn.send',
    guarded: 'await sfn.send(new StartExecutionCommand({ stateMachineArn: process.env.STATE_MACHINE_ARN, input: record.body, name: record.messageId }));',
  },
  {
    effect: 'lambda.Invoke',
    imports: { '@aws-sdk/client-lambda': ['LambdaClient', 'InvokeCommand'] },
    setup: 'const lambda = new LambdaClient({});',
    unguarded: "await lambda.send(new InvokeCommand({ FunctionName: 'fulfil', InvocationType: 'Event', Payload: new TextEncoder().encode(record.body) }));",
    at: 'lambda.send',
    guarded: `${CLAIM}await lambda.send(new InvokeCommand({ FunctionName: 'fulfil', InvocationType: 'Event', Payload: new TextEncoder().encode(record.body) }));`,
    guardedImports: CLAIM_IMPORTS,
    guardedSetup: CLAIM_SETUP,
  },
  {
    effect: 's3.PutObject',
    imports: { '@aws-sdk/client-s3': ['S3Client', 'PutObjectCommand'], 'node:crypto': ['randomUUID'] },
    setup: 'const s3 = new S3Client({});',
    unguarded: "await s3.send(new PutObjectCommand({ Bucket: 'archive', Key: `orders/${randomUUID()}.json`, Body: record.body }));",
    at: 's3.send',
    guarded: "await s3.send(new PutObjectCommand({ Bucket: 'archive', Key: `orders/${record.messageId}.json`, Body: record.body }));",
    messageId: 'generatedKey',
  },
  {
    effect: 's3.CopyObject',
    imports: { '@aws-sdk/client-s3': ['S3Client', 'CopyObjectCommand'] },
    setup: 'const s3 = new S3Client({});',
    unguarded: "await s3.send(new CopyObjectCommand({ Bucket: 'archive', CopySource: `inbox/${record.body}`, Key: `copies/${Date.now()}-${record.body}` }));",
    at: 's3.send',
    guarded: "await s3.send(new CopyObjectCommand({ Bucket: 'archive', CopySource: `inbox/${record.body}`, Key: `copies/${record.body}` }));",
    messageId: 'generatedKey',
  },
  {
    effect: 'dynamodb.PutItem (v3 aggregated client)',
    imports: { '@aws-sdk/client-dynamodb': ['DynamoDB'] },
    setup: 'const ddb = new DynamoDB({});',
    unguarded: "await ddb.putItem({ TableName: 'orders', Item: { pk: { S: `${record.body}#${Date.now()}` } } });",
    at: 'ddb.putItem',
    messageId: 'generatedKey',
    guarded: "await ddb.putItem({ TableName: 'orders', Item: { pk: { S: `${record.body}#${Date.now()}` } }, ConditionExpression: 'attribute_not_exists(pk)' });",
  },
  {
    effect: 'dynamodb.PutItem (v3 aggregated document client)',
    imports: { '@aws-sdk/client-dynamodb': ['DynamoDBClient'], '@aws-sdk/lib-dynamodb': ['DynamoDBDocument'] },
    setup: 'const doc = DynamoDBDocument.from(new DynamoDBClient({}));',
    unguarded: "await doc.put({ TableName: 'orders', Item: { pk: record.body, sk: new Date().toISOString() } });",
    at: 'doc.put',
    messageId: 'generatedKey',
    guarded: "await doc.put({ TableName: 'orders', Item: { pk: record.body, sk: new Date().toISOString() }, ConditionExpression: 'attribute_not_exists(pk)' });",
  },
  {
    effect: 'sqs.SendMessage (v3 aggregated client, Powertools per record)',
    imports: { '@aws-sdk/client-sqs': ['SQS'] },
    setup: 'const sqs = new SQS({});',
    unguarded: 'await sqs.sendMessage({ QueueUrl: process.env.OUT_QUEUE_URL, MessageBody: record.body });',
    at: 'sqs.sendMessage',
    guarded: 'await sendOnce(record);',
    guardedImports: POWERTOOLS_IMPORTS,
    guardedSetup: `const persistenceStore = new DynamoDBPersistenceLayer({ tableName: 'idempotency' });
const config = new IdempotencyConfig({ eventKeyJmesPath: 'messageId' });
const sendOnce = makeIdempotent(async (record: SQSRecord) => { await sqs.sendMessage({ QueueUrl: process.env.OUT_QUEUE_URL, MessageBody: record.body }); }, { persistenceStore, config });`,
  },
];

/** A module's named imports, as TypeScript or as CommonJS. */
function importLines(imports: Record<string, string[]>, js: boolean): string {
  return Object.entries(imports)
    .map(([module, names]) => (js ? `const { ${names.join(', ')} } = require('${module}');` : `import { ${names.join(', ')} } from '${module}';`))
    .join('\n');
}

function mergeImports(...all: (Record<string, string[]> | undefined)[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const imports of all) {
    for (const [module, names] of Object.entries(imports ?? {})) out[module] = [...new Set([...(out[module] ?? []), ...names])];
  }
  return out;
}

/** An SQS handler that runs `body` for each record, as TypeScript (typed) or CommonJS (record shape). */
export function render(c: CatalogueCase, variant: 'unguarded' | 'guarded', js: boolean): string {
  const imports = variant === 'guarded' ? mergeImports(c.imports, c.guardedImports) : c.imports;
  const setup = variant === 'guarded' && c.guardedSetup ? `${c.setup}\n${c.guardedSetup}` : c.setup;
  let body = variant === 'guarded' ? c.guarded : c.unguarded;
  let setupText = setup;
  if (js) {
    body = body.replace(/: SQSRecord/gu, '');
    setupText = setupText.replace(/: SQSRecord/gu, '');
    // The record's fields tell the source without types.
    return `${importLines(imports, true)}\n${setupText}\nexports.handler = async (event) => {\n  for (const record of event.Records) {\n    ${body}\n  }\n};\n`;
  }
  return `import type { SQSHandler, SQSRecord } from 'aws-lambda';\n${importLines(imports, false)}\n${setupText}\nexport const handler: SQSHandler = async (event) => {\n  for (const record of event.Records) {\n    ${body}\n  }\n};\n`;
}

/** The 1-based line and column of the first `at` inside the handler. */
export function positionOf(code: string, at: string): { line: number; column: number } {
  const start = code.indexOf('exports.handler') >= 0 ? code.indexOf('exports.handler') : code.indexOf('export const handler');
  const index = code.indexOf(at, start);
  if (index < 0) throw new Error(`${at} not in the case`);
  const before = code.slice(0, index).split('\n');
  return { line: before.length, column: (before[before.length - 1] as string).length + 1 };
}
