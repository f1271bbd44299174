/** A CDK stack file around `body`, for infra rule tests. */
export const CDK_IMPORTS = `import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource, KinesisEventSource, DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
`;

export function stack(body: string): string {
  return `${CDK_IMPORTS}
export class AppStack extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
${body}
  }
}
`;
}

/** `new lambda.Function(this, id, { …required props…, extra })`. */
export function fn(id: string, extra = ''): string {
  return `new lambda.Function(this, '${id}', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x')${extra ? `, ${extra}` : ''} })`;
}

/** The 1-based line and column of the `nth` occurrence of `needle` in `code`. */
export function at(code: string, needle: string, nth = 0): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = code.indexOf(needle, index + 1);
    if (index === -1) throw new Error(`"${needle}" not found`);
  }
  const before = code.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}
