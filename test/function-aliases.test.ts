/**
 * A function named through a version or an alias (`!Join [':', [!GetAtt Fn.Arn, live]]`,
 * `!Sub '${Fn.Arn}:live'`, SAM's `<Fn>Alias<name>` for `AutoPublishAlias`) is that function:
 * what invokes the alias invokes its code.
 */
import { describe, expect, it } from 'vitest';
import { cliFindings, writeProject } from './helpers/project.js';

const template = (endpoint: string, extra = ''): string => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Topic:
    Type: AWS::SNS::Topic
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: app.handler
      CodeUri: src
      AutoPublishAlias: live
      DeadLetterQueue:
        Type: SQS
        TargetArn: arn:aws:sqs:us-east-1:1:dlq
${extra}  Subscription:
    Type: AWS::SNS::Subscription
    Properties:
      Protocol: lambda
      TopicArn: !Ref Topic
      Endpoint: ${endpoint}
`;
const files = (t: string): Record<string, string> => ({ 'package.json': '{}', 'template.yaml': t, 'src/app.js': 'exports.handler = async (event) => { console.log(event); };\n' });
const rules = ['prefer-destinations-over-dlq', 'require-async-failure-destination'];

describe('functions named through a version or alias', () => {
  it.each([
    ['!Join with the alias name', '!Join [":", [!GetAtt Worker.Arn, live]]'],
    ['!Sub with the alias name', '!Sub "${Worker.Arn}:live"'],
    ["SAM's alias resource", '!Ref WorkerAliaslive'],
  ])('%s: the SNS subscription invokes the function asynchronously', async (_name, endpoint) => {
    const dir = writeProject(files(template(endpoint)));
    expect((await cliFindings(dir, rules)).map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(['template.yaml:13 lambda-lint/prefer-destinations-over-dlq']);
  });

  it('near miss: a !Join that is not an ARN and qualifier stays unknown', async () => {
    const dir = writeProject(files(template('!Join ["", [!GetAtt Worker.Arn, "-x"]]')));
    expect(await cliFindings(dir, rules)).toEqual([]);
  });

  it('near miss: `<id>Alias<name>` of a function SAM does not make aliases for (AWS::Lambda::Function) is not read as that function', async () => {
    const plain = template('!Ref WorkerAliaslive').replace('Type: AWS::Serverless::Function', 'Type: AWS::Lambda::Function');
    const dir = writeProject(files(plain));
    expect(await cliFindings(dir, rules)).toEqual([]);
  });
});

describe('a Lambda permission granted to a topic or rule of the template', () => {
  const withPermission = (subscribed: boolean): string => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Topic:
    Type: AWS::SNS::Topic
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: app.handler
      Code: src
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      Principal: sns.amazonaws.com
      SourceArn: !Ref Topic
      FunctionName: !Join [":", [!GetAtt Worker.Arn, live]]
${subscribed ? '  Subscription:\n    Type: AWS::SNS::Subscription\n    Properties:\n      Protocol: lambda\n      TopicArn: !Ref Topic\n      Endpoint: !GetAtt Worker.Arn\n' : ''}`;

  it('invokes through its subscriptions: one there, the function is invoked asynchronously', async () => {
    const dir = writeProject(files(withPermission(true)));
    expect((await cliFindings(dir, ['require-async-failure-destination'])).map((f) => `${f.file}:${f.line}`)).toEqual(['template.yaml:5']);
  });

  it('near miss: no subscription of the topic names the function (a Step Functions task, say): no asynchronous trigger', async () => {
    const dir = writeProject(files(withPermission(false)));
    expect(await cliFindings(dir, ['require-async-failure-destination'])).toEqual([]);
  });
});
