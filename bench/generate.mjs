/**
 * Writes a realistic, deterministic (seeded) monorepo of N functions for the benchmark: CDK apps
 * split into stacks that stay well under CloudFormation's 500-resource limit, and (30% of the
 * functions by default) SAM, Serverless Framework and Terraform services; handlers of every
 * source kind, and a known mix of correct code and mistakes in every dialect. Returns the
 * manifest of the findings lambda-lint should report, per rule.
 *
 * The infrastructure is plain ES modules (so `app.synth()` can run them for the cdk-nag
 * comparison without a TypeScript step); the handlers are TypeScript.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Functions per stack: about seven resources each keeps a stack near 350 of 500. */
const PER_STACK = 50;
const STACKS_PER_APP = 4;

/** mulberry32: small, fast, deterministic (also seeds the tests' mutations). */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Each variant: the kind, and the findings it must produce (rule id → count). */
const VARIANTS = [
  { id: 'sqs-ok', kind: 'sqs', weight: 16, expect: {} },
  // The loop parses the body (no-whole-batch-throw `parse`) and calls a helper that throws (`call`).
  { id: 'sqs-no-rbif-loop', kind: 'sqs', weight: 4, expect: { 'require-report-batch-item-failures': 1, 'require-batch-item-failures': 1, 'no-whole-batch-throw': 2 } },
  { id: 'sqs-response-ignored', kind: 'sqs', weight: 4, expect: { 'batch-response-ignored': 2 } },
  { id: 'sqs-no-redrive', kind: 'sqs', weight: 3, expect: { 'require-source-queue-redrive': 1 } },
  { id: 'sqs-visibility', kind: 'sqs', weight: 3, expect: { 'sqs-visibility-timeout': 1 } },
  { id: 'sqs-receipt-handle', kind: 'sqs', weight: 3, expect: { 'valid-batch-item-identifier': 1 } },
  { id: 'sqs-function-dlq', kind: 'sqs', weight: 3, expect: { 'no-ineffective-dlq': 1 } },
  { id: 'kinesis-ok', kind: 'kinesis', weight: 8, expect: {} },
  { id: 'kinesis-unbounded', kind: 'kinesis', weight: 3, expect: { 'no-unbounded-stream-retries': 1 } },
  { id: 'dynamodb-ok', kind: 'dynamodb', weight: 8, expect: {} },
  { id: 'dynamodb-rethrow', kind: 'dynamodb', weight: 3, expect: { 'no-whole-batch-throw': 1 } },
  { id: 's3-ok', kind: 's3', weight: 10, expect: {} },
  { id: 's3-no-destination', kind: 's3', weight: 3, expect: { 'require-async-failure-destination': 1 } },
  { id: 's3-dlq', kind: 's3', weight: 3, expect: { 'prefer-destinations-over-dlq': 1 } },
  { id: 'api-ok', kind: 'api', weight: 12, expect: {} },
  { id: 'api-async-payload', kind: 'api', weight: 3, expect: { 'no-async-invoke-result': 1 } },
];

/**
 * For the mistakes cdk-nag's ServerlessChecks has a rule about (the same concern, on the same
 * construct): its rules, and the id of the construct it would flag (the second segment of its
 * construct path), from the function's name. Every other generated mistake is about handler code,
 * partial batch responses, visibility timeouts or a dead-letter queue that cannot work, where
 * ServerlessChecks has nothing to say.
 */
const NAG_COUNTERPARTS = {
  'require-source-queue-redrive': { rules: ['Serverless-SQSRedrivePolicy'], construct: (name) => `${name}Queue` },
  'require-async-failure-destination': { rules: ['Serverless-LambdaDLQ'], construct: (name) => name },
  // The mapping's path is under its function: `<function>/KinesisEventSource:…/Resource`.
  'no-unbounded-stream-retries': { rules: ['Serverless-LambdaEventSourceMappingDestination'], construct: (name) => name },
};

function pick(rand) {
  const total = VARIANTS.reduce((n, v) => n + v.weight, 0);
  let r = rand() * total;
  for (const v of VARIANTS) {
    r -= v.weight;
    if (r < 0) return v;
  }
  return VARIANTS[0];
}

// ---------------------------------------------------------------------------------------------
// Infrastructure, per function

function infra(v, name) {
  const fn = (extra = '') =>
    `new lambda.Function(this, '${name}', { runtime: lambda.Runtime.NODEJS_22_X, code, handler: '${name}.handler', timeout: Duration.seconds(30)${extra} })`;
  switch (v.id) {
    case 'sqs-ok':
    case 'sqs-receipt-handle':
      return `    {
      const queue = new sqs.Queue(this, '${name}Queue', { visibilityTimeout: Duration.seconds(180), deadLetterQueue: { queue: new sqs.Queue(this, '${name}Dlq'), maxReceiveCount: 5 } });
      const fn = ${fn()};
      fn.addEventSource(new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true }));
    }`;
    case 'sqs-no-rbif-loop':
    case 'sqs-response-ignored':
      return `    {
      const queue = new sqs.Queue(this, '${name}Queue', { visibilityTimeout: Duration.seconds(180), deadLetterQueue: { queue: new sqs.Queue(this, '${name}Dlq'), maxReceiveCount: 5 } });
      const fn = ${fn()};
      fn.addEventSource(new SqsEventSource(queue, { batchSize: 10 }));
    }`;
    case 'sqs-no-redrive':
      return `    {
      const queue = new sqs.Queue(this, '${name}Queue', { visibilityTimeout: Duration.seconds(180) });
      const fn = ${fn()};
      fn.addEventSource(new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true }));
    }`;
    case 'sqs-visibility':
      return `    {
      const queue = new sqs.Queue(this, '${name}Queue', { visibilityTimeout: Duration.seconds(60), deadLetterQueue: { queue: new sqs.Queue(this, '${name}Dlq'), maxReceiveCount: 5 } });
      const fn = ${fn()};
      fn.addEventSource(new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true }));
    }`;
    case 'sqs-function-dlq':
      return `    {
      const queue = new sqs.Queue(this, '${name}Queue', { visibilityTimeout: Duration.seconds(180), deadLetterQueue: { queue: new sqs.Queue(this, '${name}Dlq'), maxReceiveCount: 5 } });
      const fn = ${fn(`, deadLetterQueue: new sqs.Queue(this, '${name}FnDlq')`)};
      fn.addEventSource(new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true }));
    }`;
    case 'kinesis-ok':
      return `    {
      const stream = new kinesis.Stream(this, '${name}Stream');
      const fn = ${fn()};
      fn.addEventSource(new KinesisEventSource(stream, { startingPosition: lambda.StartingPosition.LATEST, retryAttempts: 3, bisectBatchOnError: true, onFailure: new SqsDlq(new sqs.Queue(this, '${name}Failures')), reportBatchItemFailures: true }));
    }`;
    case 'kinesis-unbounded':
      return `    {
      const stream = new kinesis.Stream(this, '${name}Stream');
      const fn = ${fn()};
      fn.addEventSource(new KinesisEventSource(stream, { startingPosition: lambda.StartingPosition.LATEST, reportBatchItemFailures: true }));
    }`;
    case 'dynamodb-ok':
    case 'dynamodb-rethrow':
      return `    {
      const table = new dynamodb.Table(this, '${name}Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, stream: dynamodb.StreamViewType.NEW_IMAGE });
      const fn = ${fn()};
      fn.addEventSource(new DynamoEventSource(table, { startingPosition: lambda.StartingPosition.LATEST, retryAttempts: 3, onFailure: new SqsDlq(new sqs.Queue(this, '${name}Failures')), reportBatchItemFailures: true }));
    }`;
    case 's3-ok':
      return `    {
      const fn = ${fn(`, onFailure: new SqsDestination(new sqs.Queue(this, '${name}Failures'))`)};
      uploads.addObjectCreatedNotification(new s3n.LambdaDestination(fn), { prefix: '${name}/' });
    }`;
    case 's3-no-destination':
      return `    {
      const fn = ${fn()};
      uploads.addObjectCreatedNotification(new s3n.LambdaDestination(fn), { prefix: '${name}/' });
    }`;
    case 's3-dlq':
      return `    {
      const fn = ${fn(`, deadLetterQueue: new sqs.Queue(this, '${name}Dlq')`)};
      uploads.addObjectCreatedNotification(new s3n.LambdaDestination(fn), { prefix: '${name}/' });
    }`;
    case 'api-ok':
    case 'api-async-payload':
      return `    {
      const fn = ${fn()};
      api.root.addResource('${name.toLowerCase()}').addMethod('POST', new apigw.LambdaIntegration(fn));
    }`;
    default:
      throw new Error(v.id);
  }
}

// ---------------------------------------------------------------------------------------------
// Handlers

function handler(v) {
  switch (v.kind) {
    case 'sqs': {
      if (v.id === 'sqs-no-rbif-loop') {
        return `import type { SQSHandler } from 'aws-lambda';
import { charge } from '../shared/billing';

export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    await charge(JSON.parse(record.body));
  }
};
`;
      }
      const id = v.id === 'sqs-receipt-handle' ? 'record.receiptHandle' : 'record.messageId';
      return `import type { SQSBatchItemFailure, SQSHandler } from 'aws-lambda';
import { charge } from '../shared/billing';

export const handler: SQSHandler = async (event) => {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const record of event.Records) {
    try {
      await charge(JSON.parse(record.body));
    } catch {
      batchItemFailures.push({ itemIdentifier: ${id} });
    }
  }
  return { batchItemFailures };
};
`;
    }
    case 'kinesis':
      return `import type { KinesisStreamHandler } from 'aws-lambda';
import { index } from '../shared/search';

export const handler: KinesisStreamHandler = async (event) => {
  for (const record of event.Records) {
    try {
      await index(Buffer.from(record.kinesis.data, 'base64').toString());
    } catch {
      // Streams checkpoint at the lowest failure: report the first and stop.
      return { batchItemFailures: [{ itemIdentifier: record.kinesis.sequenceNumber }] };
    }
  }
  return { batchItemFailures: [] };
};
`;
    case 'dynamodb': {
      const onError = v.id === 'dynamodb-rethrow' ? 'throw error;' : "return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };";
      return `import type { DynamoDBStreamHandler } from 'aws-lambda';
import { project } from '../shared/search';

export const handler: DynamoDBStreamHandler = async (event) => {
  for (const record of event.Records) {
    try {
      await project(record.dynamodb?.NewImage);
    } catch (error) {
      ${onError}
    }
  }
  return { batchItemFailures: [] };
};
`;
    }
    case 's3':
      return `import type { S3Handler } from 'aws-lambda';
import { thumbnail } from '../shared/images';

export const handler: S3Handler = async (event) => {
  for (const record of event.Records) {
    await thumbnail(record.s3.bucket.name, record.s3.object.key);
  }
};
`;
    case 'api':
      if (v.id === 'api-async-payload') {
        return `import type { APIGatewayProxyHandler } from 'aws-lambda';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

const lambda = new LambdaClient({});

export const handler: APIGatewayProxyHandler = async (event) => {
  const res = await lambda.send(new InvokeCommand({ FunctionName: process.env.WORKER, InvocationType: 'Event', Payload: Buffer.from(event.body ?? '{}') }));
  return { statusCode: 202, body: Buffer.from(res.Payload ?? new Uint8Array()).toString() };
};
`;
      }
      return `import type { APIGatewayProxyHandler } from 'aws-lambda';

export const handler: APIGatewayProxyHandler = async (event) => {
  const body = JSON.parse(event.body ?? '{}') as { id?: string };
  return { statusCode: body.id ? 200 : 400, body: JSON.stringify(body) };
};
`;
    default:
      throw new Error(v.kind);
  }
}

/**
 * The same handler in Python, with the same mistakes (and so the same expected findings): the
 * helpers it calls are the module's own, as a Python function's code folder holds them.
 */
function pythonHandler(v) {
  const helpers = `import base64
import json

import boto3

lambda_client = boto3.client("lambda")


def charge(order):
    if not order:
        raise ValueError("no order")


def index(doc):
    if doc == "":
        raise ValueError("empty")


def project(image):
    if not image:
        raise ValueError("no image")


def thumbnail(bucket, key):
    if not bucket or not key:
        raise ValueError("bad object")

`;
  const loop = (work, onError) => `${helpers}
def handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            ${work}
        except Exception:
            ${onError}
    return {"batchItemFailures": failures}
`;
  switch (v.kind) {
    case 'sqs':
      if (v.id === 'sqs-no-rbif-loop') return `${helpers}\ndef handler(event, context):\n    for record in event["Records"]:\n        charge(json.loads(record["body"]))\n`;
      return loop('charge(json.loads(record["body"]))', `failures.append({"itemIdentifier": record["${v.id === 'sqs-receipt-handle' ? 'receiptHandle' : 'messageId'}"]})`);
    case 'kinesis':
      // Streams checkpoint at the lowest failure: report the first and stop.
      return loop('index(base64.b64decode(record["kinesis"]["data"]).decode())', 'return {"batchItemFailures": [{"itemIdentifier": record["kinesis"]["sequenceNumber"]}]}');
    case 'dynamodb':
      return loop('project(record["dynamodb"].get("NewImage"))', v.id === 'dynamodb-rethrow' ? 'raise' : 'return {"batchItemFailures": [{"itemIdentifier": record["dynamodb"]["SequenceNumber"]}]}');
    case 's3':
      return `${helpers}\ndef handler(event, context):\n    for record in event["Records"]:\n        thumbnail(record["s3"]["bucket"]["name"], record["s3"]["object"]["key"])\n`;
    case 'api':
      if (v.id === 'api-async-payload') {
        return `${helpers}\ndef handler(event, context):\n    res = lambda_client.invoke(FunctionName="worker", InvocationType="Event", Payload=event.get("body") or "{}")\n    return {"statusCode": 202, "body": res["Payload"].read().decode()}\n`;
      }
      return `${helpers}\ndef handler(event, context):\n    body = json.loads(event.get("body") or "{}")\n    return {"statusCode": 200 if body.get("id") else 400, "body": json.dumps(body)}\n`;
    default:
      throw new Error(v.kind);
  }
}

/** A function's infrastructure with a Python runtime (the dialect's spelling of it). */
function withPythonRuntime(dialect, text, name) {
  if (dialect === 'sam') return text.replace(`Handler: ${name}.handler`, `Handler: ${name}.handler\n      Runtime: python3.12`);
  if (dialect === 'serverless') return text.replace(`handler: handlers/${name}.handler`, `handler: handlers/${name}.handler\n    runtime: python3.12`);
  return text.replace('runtime       = "nodejs22.x"', 'runtime       = "python3.12"');
}

const SHARED = {
  'billing.ts': 'export async function charge(order: unknown): Promise<void> {\n  if (!order) throw new Error(\'no order\');\n}\n',
  'search.ts': 'export async function index(doc: string): Promise<void> {\n  if (doc === \'\') throw new Error(\'empty\');\n}\nexport async function project(image: unknown): Promise<void> {\n  if (!image) throw new Error(\'no image\');\n}\n',
  'images.ts': 'export async function thumbnail(bucket: string, key: string): Promise<void> {\n  if (!bucket || !key) throw new Error(\'bad object\');\n}\n',
};

function stackFile(className, body) {
  return `import { Duration, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, KinesisEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const code = lambda.Code.fromAsset(path.join(path.dirname(fileURLToPath(import.meta.url)), '../handlers'));

export class ${className} extends Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const uploads = new s3.Bucket(this, 'Uploads');
    const api = new apigw.RestApi(this, 'Api');
    api.root.addMethod('GET', new apigw.MockIntegration());
${body}
  }
}
`;
}

// ---------------------------------------------------------------------------------------------
// The same functions written in the other dialects: SAM, Serverless Framework, Terraform

const ARN = 'arn:aws:sqs:us-east-1:123456789012';

/** A CloudFormation source queue and its dead-letter queue, indented for where it goes. */
function queueResources(name, visibility, redrive, indent) {
  const text = `${name}Queue:
  Type: AWS::SQS::Queue
  Properties:
    VisibilityTimeout: ${visibility}${redrive ? `
    RedrivePolicy:
      deadLetterTargetArn: !GetAtt ${name}Dlq.Arn
      maxReceiveCount: 5` : ''}
${name}Dlq:
  Type: AWS::SQS::Queue
`;
  return text.replace(/^(?=.)/gmu, indent);
}

/** One SAM resource block (two-space indented under `Resources:`) per function. */
function samInfra(v, name) {
  const queue = (visibility, redrive) => queueResources(name, visibility, redrive, '  ');
  const fn = (props, events) => `  ${name}:
    Type: AWS::Serverless::Function
    Properties:
      Handler: ${name}.handler${props}
      Events:
${events}
`;
  const sqs = (rbif) => `        Jobs:
          Type: SQS
          Properties:
            Queue: !GetAtt ${name}Queue.Arn
            BatchSize: 10${rbif ? '\n            FunctionResponseTypes: [ReportBatchItemFailures]' : ''}`;
  const stream = (type, source, bounded) => `        Changes:
          Type: ${type}
          Properties:
            Stream: ${source}
            StartingPosition: LATEST
            FunctionResponseTypes: [ReportBatchItemFailures]${bounded ? `
            MaximumRetryAttempts: 3
            BisectBatchOnFunctionError: true
            DestinationConfig:
              OnFailure:
                Type: SQS
                Destination: !GetAtt ${name}Dlq.Arn` : ''}`;
  const failures = `  ${name}Dlq:
    Type: AWS::SQS::Queue
`;
  const s3 = `        Upload:
          Type: S3
          Properties:
            Bucket: !Ref Uploads
            Events: s3:ObjectCreated:*
            Filter:
              S3Key:
                Rules:
                  - Name: prefix
                    Value: ${name}/`;
  switch (v.id) {
    case 'sqs-ok':
    case 'sqs-receipt-handle':
      return queue(180, true) + fn('', sqs(true));
    case 'sqs-no-rbif-loop':
    case 'sqs-response-ignored':
      return queue(180, true) + fn('', sqs(false));
    case 'sqs-no-redrive':
      return queue(180, false) + fn('', sqs(true));
    case 'sqs-visibility':
      return queue(60, true) + fn('', sqs(true));
    case 'sqs-function-dlq':
      return `${queue(180, true)}  ${name}FnDlq:\n    Type: AWS::SQS::Queue\n${fn(`\n      DeadLetterQueue:\n        Type: SQS\n        TargetArn: !GetAtt ${name}FnDlq.Arn`, sqs(true))}`;
    case 'kinesis-ok':
    case 'kinesis-unbounded':
      return `  ${name}Stream:\n    Type: AWS::Kinesis::Stream\n    Properties:\n      ShardCount: 1\n${failures}${fn('', stream('Kinesis', `!GetAtt ${name}Stream.Arn`, v.id === 'kinesis-ok'))}`;
    case 'dynamodb-ok':
    case 'dynamodb-rethrow':
      return `  ${name}Table:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      StreamSpecification:\n        StreamViewType: NEW_IMAGE\n${failures}${fn('', stream('DynamoDB', `!GetAtt ${name}Table.StreamArn`, true))}`;
    case 's3-ok':
      return failures + fn(`\n      EventInvokeConfig:\n        DestinationConfig:\n          OnFailure:\n            Type: SQS\n            Destination: !GetAtt ${name}Dlq.Arn`, s3);
    case 's3-no-destination':
      return fn('', s3);
    case 's3-dlq':
      return failures + fn(`\n      DeadLetterQueue:\n        Type: SQS\n        TargetArn: !GetAtt ${name}Dlq.Arn`, s3);
    case 'api-ok':
    case 'api-async-payload':
      return fn('', `        Post:\n          Type: Api\n          Properties:\n            Path: /${name.toLowerCase()}\n            Method: post`);
    default:
      throw new Error(v.id);
  }
}

function samTemplate(body) {
  return `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs22.x
    CodeUri: handlers/
    Timeout: 30
Resources:
  Uploads:
    Type: AWS::S3::Bucket
${body}`;
}

/** One serverless.yml function (under `functions:`) and its resources (under `Resources:`). */
function slsInfra(v, name) {
  const queue = (visibility, redrive) => queueResources(name, visibility, redrive, '    ');
  const fn = (extra, event) => `  ${name}:
    handler: handlers/${name}.handler${extra}
    events:
      - ${event}
`;
  const sqs = (rbif) => `sqs:
          arn: !GetAtt ${name}Queue.Arn
          batchSize: 10${rbif ? '\n          functionResponseType: ReportBatchItemFailures' : ''}`;
  const stream = (type, arn, bounded) => `stream:
          type: ${type}
          arn: ${arn}
          functionResponseType: ReportBatchItemFailures${bounded ? `
          maximumRetryAttempts: 3
          bisectBatchOnFunctionError: true
          destinations:
            onFailure: ${ARN}:${name}-failures` : ''}`;
  const s3 = `s3:
          bucket: uploads
          event: s3:ObjectCreated:*
          rules:
            - prefix: ${name}/
          existing: true`;
  switch (v.id) {
    case 'sqs-ok':
    case 'sqs-receipt-handle':
      return { fn: fn('', sqs(true)), resources: queue(180, true) };
    case 'sqs-no-rbif-loop':
    case 'sqs-response-ignored':
      return { fn: fn('', sqs(false)), resources: queue(180, true) };
    case 'sqs-no-redrive':
      return { fn: fn('', sqs(true)), resources: queue(180, false) };
    case 'sqs-visibility':
      return { fn: fn('', sqs(true)), resources: queue(60, true) };
    case 'sqs-function-dlq':
      return { fn: fn(`\n    onError: arn:aws:sns:us-east-1:123456789012:${name}-dlq`, sqs(true)), resources: queue(180, true) };
    case 'kinesis-ok':
    case 'kinesis-unbounded':
      return { fn: fn('', stream('kinesis', `!GetAtt ${name}Stream.Arn`, v.id === 'kinesis-ok')), resources: `    ${name}Stream:\n      Type: AWS::Kinesis::Stream\n      Properties:\n        ShardCount: 1\n` };
    case 'dynamodb-ok':
    case 'dynamodb-rethrow':
      return { fn: fn('', stream('dynamodb', `!GetAtt ${name}Table.StreamArn`, true)), resources: `    ${name}Table:\n      Type: AWS::DynamoDB::Table\n      Properties:\n        StreamSpecification:\n          StreamViewType: NEW_IMAGE\n` };
    case 's3-ok':
      return { fn: fn(`\n    destinations:\n      onFailure: ${ARN}:${name}-failures`, s3), resources: '' };
    case 's3-no-destination':
      return { fn: fn('', s3), resources: '' };
    case 's3-dlq':
      return { fn: fn(`\n    onError: arn:aws:sns:us-east-1:123456789012:${name}-dlq`, s3), resources: '' };
    case 'api-ok':
    case 'api-async-payload':
      return { fn: fn('', `httpApi: POST /${name.toLowerCase()}`), resources: '' };
    default:
      throw new Error(v.id);
  }
}

function slsConfig(service, parts) {
  const resources = parts.map((p) => p.resources).join('');
  return `service: ${service}
provider:
  name: aws
  runtime: nodejs22.x
  timeout: 30
functions:
${parts.map((p) => p.fn).join('')}${resources ? `resources:\n  Resources:\n${resources}` : ''}`;
}

/** One Terraform function with its resources; S3-triggered ones are listed for the bucket notification. */
function tfInfra(v, name) {
  const id = name.toLowerCase();
  const fn = (extra = '') => `resource "aws_lambda_function" "${id}" {
  function_name = "${id}"
  filename      = data.archive_file.handlers.output_path
  handler       = "${name}.handler"
  runtime       = "nodejs22.x"
  timeout       = 30
  role          = var.role_arn${extra}
}
`;
  const queue = (visibility, redrive) => `resource "aws_sqs_queue" "${id}" {
  name                       = "${id}"
  visibility_timeout_seconds = ${visibility}${redrive ? `
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.${id}_dlq.arn
    maxReceiveCount     = 5
  })` : ''}
}

resource "aws_sqs_queue" "${id}_dlq" {
  name = "${id}-dlq"
}
`;
  const mapping = (source, body) => `resource "aws_lambda_event_source_mapping" "${id}" {
  event_source_arn = ${source}
  function_name    = aws_lambda_function.${id}.arn
${body}}
`;
  const sqsMapping = (rbif) => mapping(`aws_sqs_queue.${id}.arn`, `  batch_size       = 10\n${rbif ? '  function_response_types = ["ReportBatchItemFailures"]\n' : ''}`);
  const failures = `resource "aws_sqs_queue" "${id}_failures" {\n  name = "${id}-failures"\n}\n`;
  const streamMapping = (source, bounded) =>
    mapping(source, `  starting_position       = "LATEST"\n  function_response_types = ["ReportBatchItemFailures"]\n${bounded ? `  maximum_retry_attempts         = 3\n  bisect_batch_on_function_error = true\n  destination_config {\n    on_failure {\n      destination_arn = aws_sqs_queue.${id}_failures.arn\n    }\n  }\n` : ''}`);
  const dlq = `\n  dead_letter_config {\n    target_arn = aws_sqs_queue.${id}_failures.arn\n  }`;
  switch (v.id) {
    case 'sqs-ok':
    case 'sqs-receipt-handle':
      return { text: queue(180, true) + fn() + sqsMapping(true) };
    case 'sqs-no-rbif-loop':
    case 'sqs-response-ignored':
      return { text: queue(180, true) + fn() + sqsMapping(false) };
    case 'sqs-no-redrive':
      return { text: queue(180, false) + fn() + sqsMapping(true) };
    case 'sqs-visibility':
      return { text: queue(60, true) + fn() + sqsMapping(true) };
    case 'sqs-function-dlq':
      return { text: queue(180, true) + failures + fn(dlq) + sqsMapping(true) };
    case 'kinesis-ok':
    case 'kinesis-unbounded':
      return { text: `resource "aws_kinesis_stream" "${id}" {\n  name        = "${id}"\n  shard_count = 1\n}\n${failures}${fn()}${streamMapping(`aws_kinesis_stream.${id}.arn`, v.id === 'kinesis-ok')}` };
    case 'dynamodb-ok':
    case 'dynamodb-rethrow':
      return {
        text: `resource "aws_dynamodb_table" "${id}" {\n  name             = "${id}"\n  hash_key         = "pk"\n  stream_enabled   = true\n  stream_view_type = "NEW_IMAGE"\n  attribute {\n    name = "pk"\n    type = "S"\n  }\n}\n${failures}${fn()}${streamMapping(`aws_dynamodb_table.${id}.stream_arn`, true)}`,
      };
    case 's3-ok':
      return {
        text: `${failures}${fn()}resource "aws_lambda_function_event_invoke_config" "${id}" {\n  function_name = aws_lambda_function.${id}.function_name\n  destination_config {\n    on_failure {\n      destination = aws_sqs_queue.${id}_failures.arn\n    }\n  }\n}\n`,
        s3: id,
      };
    case 's3-no-destination':
      return { text: fn(), s3: id };
    case 's3-dlq':
      return { text: failures + fn(dlq), s3: id };
    case 'api-ok':
    case 'api-async-payload':
      return {
        text: `${fn()}resource "aws_lambda_permission" "${id}" {\n  action        = "lambda:InvokeFunction"\n  function_name = aws_lambda_function.${id}.function_name\n  principal     = "apigateway.amazonaws.com"\n}\n`,
      };
    default:
      throw new Error(v.id);
  }
}

function tfModule(parts) {
  const s3 = parts.filter((p) => p.s3);
  const notification = s3.length
    ? `resource "aws_s3_bucket_notification" "uploads" {\n  bucket = aws_s3_bucket.uploads.id\n${s3.map((p) => `  lambda_function {\n    lambda_function_arn = aws_lambda_function.${p.s3}.arn\n    events              = ["s3:ObjectCreated:*"]\n    filter_prefix       = "${p.s3}/"\n  }\n`).join('')}}\n`
    : '';
  return `variable "role_arn" {
  type = string
}

data "archive_file" "handlers" {
  type        = "zip"
  source_dir  = "\${path.module}/handlers"
  output_path = "\${path.module}/build/handlers.zip"
}

resource "aws_s3_bucket" "uploads" {
  bucket_prefix = "uploads"
}

${parts.map((p) => p.text).join('\n')}
${notification}`;
}

const DIALECT_WRITERS = ['sam', 'serverless', 'terraform'];

/** Writes `count` functions as services in the three dialects, in turn; returns the files written. */
function writeDialectServices(dir, count, start, rand, expected, pythonEvery, pythonFunctions) {
  let files = 0;
  let written = 0;
  for (let k = 0; written < count; k++) {
    const dialect = DIALECT_WRITERS[k % DIALECT_WRITERS.length];
    const serviceDir = path.join(dir, 'services', `${dialect}${k}`);
    mkdirSync(path.join(serviceDir, 'handlers'), { recursive: true });
    mkdirSync(path.join(serviceDir, 'shared'), { recursive: true });
    for (const [file, text] of Object.entries(SHARED)) writeFileSync(path.join(serviceDir, 'shared', file), text);
    files += Object.keys(SHARED).length;
    const sam = [];
    const sls = [];
    const tf = [];
    for (let f = 0; f < PER_STACK && written < count; f++, written++) {
      const v = pick(rand);
      const name = `Fn${start + written}`;
      // Every `pythonEvery`-th function of the services has a Python handler (the same mistakes).
      const python = pythonEvery > 0 && written % pythonEvery === pythonEvery - 1;
      const py = (text) => (python ? withPythonRuntime(dialect, text, name) : text);
      if (dialect === 'sam') sam.push(py(samInfra(v, name)));
      else if (dialect === 'serverless') {
        const part = slsInfra(v, name);
        sls.push({ ...part, fn: py(part.fn) });
      }
      else {
        const part = tfInfra(v, name);
        tf.push({ ...part, text: py(part.text) });
      }
      // Handlers import '../shared/…' from the service's handlers folder.
      if (python) {
        writeFileSync(path.join(serviceDir, 'handlers', `${name}.py`), pythonHandler(v));
        pythonFunctions.count++;
      } else writeFileSync(path.join(serviceDir, 'handlers', `${name}.ts`), handler(v));
      files++;
      for (const [rule, n] of Object.entries(v.expect)) expected[rule] = (expected[rule] ?? 0) + n;
    }
    if (dialect === 'sam') writeFileSync(path.join(serviceDir, 'template.yaml'), samTemplate(sam.join('')));
    else if (dialect === 'serverless') writeFileSync(path.join(serviceDir, 'serverless.yml'), slsConfig(`service${k}`, sls));
    else writeFileSync(path.join(serviceDir, 'main.tf'), tfModule(tf));
    files++;
  }
  return files;
}

/**
 * Writes the project into `dir` (replaced). Returns `{ functions, apps, expected, expectedCdk,
 * cdkMistakes, files }` where `expected` maps rule ids to the number of findings the generated
 * mistakes must produce (`expectedCdk`: those in the CDK apps, listed one by one in `cdkMistakes`).
 */
export function generate(dir, n, seed = 42, options = {}) {
  // A share of the functions is written as SAM, Serverless and Terraform services; the rest are
  // CDK apps (the part cdk synth and cdk-nag can compare against).
  const dialectShare = options.dialectShare ?? 0.3;
  const dialectFunctions = Math.floor(n * dialectShare);
  const cdkFunctions = n - dialectFunctions;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench-monorepo', private: true, type: 'module' }, null, 2));
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', allowJs: true, noEmit: true } }, null, 2));
  const rand = random(seed);
  const expected = {};
  /** The mistakes in the CDK apps alone (what synth and cdk-nag see). */
  const expectedCdk = {};
  /** Each of those, with the construct it is about and the cdk-nag rules that address it. */
  const cdkMistakes = [];
  const apps = [];
  let files = 2;
  const perApp = PER_STACK * STACKS_PER_APP;
  for (let a = 0; a * perApp < cdkFunctions; a++) {
    const appDir = path.join(dir, 'apps', `app${a}`);
    mkdirSync(path.join(appDir, 'lib'), { recursive: true });
    mkdirSync(path.join(appDir, 'handlers'), { recursive: true });
    mkdirSync(path.join(appDir, 'shared'), { recursive: true });
    for (const [file, text] of Object.entries(SHARED)) writeFileSync(path.join(appDir, 'shared', file), text);
    files += Object.keys(SHARED).length;
    const stacks = [];
    for (let s = 0; s < STACKS_PER_APP && a * perApp + s * PER_STACK < cdkFunctions; s++) {
      const parts = [];
      for (let f = 0; f < PER_STACK && a * perApp + s * PER_STACK + f < cdkFunctions; f++) {
        const v = pick(rand);
        const name = `Fn${a}x${s}x${f}`;
        parts.push(infra(v, name));
        writeFileSync(path.join(appDir, 'handlers', `${name}.ts`), handler(v));
        files++;
        for (const [rule, count] of Object.entries(v.expect)) {
          expected[rule] = (expected[rule] ?? 0) + count;
          expectedCdk[rule] = (expectedCdk[rule] ?? 0) + count;
          const nag = NAG_COUNTERPARTS[rule];
          for (let i = 0; i < count; i++) cdkMistakes.push({ rule, construct: nag?.construct(name) ?? name, nagRules: nag?.rules ?? [] });
        }
      }
      const className = `Stack${s}`;
      writeFileSync(path.join(appDir, 'lib', `stack${s}.mjs`), stackFile(className, parts.join('\n')));
      files++;
      stacks.push(className);
    }
    writeFileSync(
      path.join(appDir, 'app.mjs'),
      `import { App } from 'aws-cdk-lib';\n${stacks.map((c, i) => `import { ${c} } from './lib/stack${i}.mjs';`).join('\n')}\n\nexport function build(appProps) {\n  const app = new App(appProps);\n${stacks.map((c) => `  new ${c}(app, 'App${a}${c}');`).join('\n')}\n  return app;\n}\n`,
    );
    files++;
    apps.push(path.join(appDir, 'app.mjs'));
  }
  // A third of the services' functions have Python handlers.
  const pythonFunctions = { count: 0 };
  if (dialectFunctions > 0) files += writeDialectServices(dir, dialectFunctions, cdkFunctions, rand, expected, options.pythonEvery ?? 3, pythonFunctions);
  // The CDK apps are a workspace of the monorepo with its own package.json: lambda-lint can be
  // run on them as a project of their own, reading exactly what synth reads.
  if (apps.length > 0) writeFileSync(path.join(dir, 'apps', 'package.json'), JSON.stringify({ name: 'cdk-apps', private: true, type: 'module' }, null, 2));
  return { functions: n, cdkFunctions, pythonFunctions: pythonFunctions.count, apps, expected, expectedCdk, cdkMistakes, files };
}
