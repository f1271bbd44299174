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

  it('near miss: an alias id of something that is no SAM function is not read as one', async () => {
    const dir = writeProject(files(template('!Ref OtherAliaslive')));
    expect(await cliFindings(dir, rules)).toEqual([]);
  });
});
