/**
 * Templates made from another source the project holds — the output of `sam package` (code in
 * S3) and templates synthesised by CDK (`aws:cdk:path` metadata) — repeat the source's findings:
 * they are reported on the source only, and alone they are still read.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/api.js';
import { buildGraph } from '../src/graph.js';
import { cliFindings, writeProject } from './helpers/project.js';

const sam = (codeUri: string): string => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Thumbnails:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ${codeUri}
      Handler: thumbs.handler
      Runtime: nodejs22.x
      Events:
        Upload:
          Type: S3
          Properties: { Bucket: !Ref Uploads, Events: s3:ObjectCreated:* }
  Uploads:
    Type: AWS::S3::Bucket
`;

const synthesised = JSON.stringify(
  {
    Resources: {
      WorkerD1E4A5B2: {
        Type: 'AWS::Lambda::Function',
        Properties: { Code: { S3Bucket: 'cdk-assets', S3Key: 'abc.zip' }, Handler: 'index.handler', Runtime: 'nodejs22.x', Role: 'arn:aws:iam::1:role/r' },
        Metadata: { 'aws:cdk:path': 'AppStack/Worker/Resource' },
      },
      WorkerEventInvokeConfig: {
        Type: 'AWS::Lambda::EventInvokeConfig',
        Properties: { FunctionName: { Ref: 'WorkerD1E4A5B2' }, Qualifier: '$LATEST', MaximumRetryAttempts: 5 },
        Metadata: { 'aws:cdk:path': 'AppStack/Worker/EventInvokeConfig/Resource' },
      },
    },
  },
  null,
  2,
);

const stack = `import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
export class AppStack extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
    new lambda.Function(this, 'Worker', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x'), retryAttempts: 5 });
  }
}
`;

const RULES = ['require-async-failure-destination', 'valid-async-invoke-config'];

describe('a packaged template (sam package output)', () => {
  it('is reported on the template it copies only, and --print-graph says so', async () => {
    const dir = writeProject({ 'package.json': '{}', 'template.yaml': sam('src/'), 'packaged.yaml': sam('s3://bucket/abc123') });
    expect(await cliFindings(dir, RULES)).toEqual([expect.objectContaining({ file: 'template.yaml', line: 4, ruleId: 'lambda-lint/require-async-failure-destination' })]);
    const { project } = await analyze(['.'], { cwd: dir });
    expect(buildGraph(project, dir).functions.map((f) => [f.file, f.copyOf])).toEqual([
      ['packaged.yaml', 'template.yaml'],
      ['template.yaml', undefined],
    ]);
  });

  it('is read like any template when its source is not in the project, or defines other functions', async () => {
    const alone = writeProject({ 'package.json': '{}', 'packaged.yaml': sam('s3://bucket/abc123') });
    expect(await cliFindings(alone, RULES)).toEqual([expect.objectContaining({ file: 'packaged.yaml', line: 4 })]);
    const other = writeProject({ 'package.json': '{}', 'template.yaml': sam('src/').replace(/Thumbnails/gu, 'Resizer'), 'packaged.yaml': sam('s3://bucket/abc123') });
    expect((await cliFindings(other, RULES)).map((f) => f.file)).toEqual(['packaged.yaml', 'template.yaml']);
  });
});

describe('a packaged template written before its source changed (a stale copy)', () => {
  /** Three S3-notified functions named `names`, with the code at `codeUri`. */
  const functions = (names: string[], codeUri: string): string =>
    `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n  Uploads:\n    Type: AWS::S3::Bucket\n${names
      .map((n) => `  ${n}:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: ${codeUri}\n      Handler: ${n.toLowerCase()}.handler\n      Runtime: nodejs22.x\n      Events:\n        Upload:\n          Type: S3\n          Properties: { Bucket: !Ref Uploads, Events: s3:ObjectCreated:* }\n`)
      .join('')}`;

  it('is a copy when most of its functions (two at least) are the source template\'s', async () => {
    const dir = writeProject({ 'package.json': '{}', 'template.yaml': functions(['Thumbs', 'Resize'], 'src/'), 'packaged.yaml': functions(['Thumbs', 'Resize', 'Legacy'], 's3://bucket/abc123') });
    expect((await cliFindings(dir, RULES)).map((f) => f.file)).toEqual(['template.yaml', 'template.yaml']);
  });

  it('is read like any template when it shares only one function, or fewer than half', async () => {
    const one = writeProject({ 'package.json': '{}', 'template.yaml': functions(['Thumbs'], 'src/'), 'packaged.yaml': functions(['Thumbs', 'Legacy'], 's3://bucket/abc123') });
    expect((await cliFindings(one, RULES)).map((f) => f.file)).toEqual(['packaged.yaml', 'packaged.yaml', 'template.yaml']);
    const few = writeProject({ 'package.json': '{}', 'template.yaml': functions(['Thumbs', 'Resize'], 'src/'), 'packaged.yaml': functions(['Thumbs', 'Resize', 'Old1', 'Old2'], 's3://bucket/abc123') });
    expect((await cliFindings(few, RULES)).map((f) => f.file)).toEqual(['packaged.yaml', 'packaged.yaml', 'packaged.yaml', 'packaged.yaml', 'template.yaml', 'template.yaml']);
  });
});

describe('a template synthesised by CDK', () => {
  it('is reported on the CDK source only', async () => {
    const dir = writeProject({ 'package.json': '{}', 'cdk.json': '{}', 'lib/stack.ts': stack, 'templates/AppStack.template.json': synthesised });
    expect((await cliFindings(dir, RULES)).map((f) => `${f.file} ${f.ruleId}`)).toEqual(['lib/stack.ts lambda-lint/valid-async-invoke-config']);
  });

  it('is read alone when the project does not hold its CDK app', async () => {
    const dir = writeProject({ 'package.json': '{}', 'templates/AppStack.template.json': synthesised });
    expect((await cliFindings(dir, RULES)).map((f) => `${f.file} ${f.ruleId}`)).toEqual(['templates/AppStack.template.json lambda-lint/valid-async-invoke-config']);
  });
});
