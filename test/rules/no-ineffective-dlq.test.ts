import rule from '../../src/rules/no-ineffective-dlq.js';
import { at, fn, stack } from '../helpers/cdk.js';
import { runRuleTests, type Invalid } from '../helpers/rule-tester.js';

type M = 'sqsSource' | 'streamSource' | 'syncOnly' | 'remove';

function invalid(code: string, messageId: M, needle: string, output: string): Invalid<M> {
  return { code, errors: [{ messageId, ...at(code, needle), suggestions: [{ messageId: 'remove', output }] }] };
}

const sqsOnly = stack(`    const dlq = new sqs.Queue(this, 'Dlq');
    const queue = new sqs.Queue(this, 'Jobs', { deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });
    const worker = ${fn('Worker', 'deadLetterQueue: dlq')};
    worker.addEventSource(new SqsEventSource(queue, { reportBatchItemFailures: true }));`);

const streamOnly = stack(`    const topic = new sns.Topic(this, 'T');
    const stream = new kinesis.Stream(this, 'S');
    const worker = new lambda.Function(this, 'Worker', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('x'),
      deadLetterTopic: topic,
    });
    worker.addEventSource(new KinesisEventSource(stream, { startingPosition: lambda.StartingPosition.LATEST }));`);

const apiOnly = stack(`    const api = ${fn('Api', 'deadLetterQueueEnabled: true')};
    new apigw.LambdaRestApi(this, 'Rest', { handler: api });`);

runRuleTests('no-ineffective-dlq', rule, {
  valid: [
    // Invoked asynchronously too (an S3 notification): the DLQ works.
    stack(`    const dlq = new sqs.Queue(this, 'Dlq');
    const queue = new sqs.Queue(this, 'Jobs');
    const bucket = new s3.Bucket(this, 'B');
    const worker = ${fn('Worker', 'deadLetterQueue: dlq')};
    worker.addEventSource(new SqsEventSource(queue));
    bucket.addObjectCreatedNotification(new s3n.LambdaDestination(worker));`),
    // A redrive DLQ on the queue is the right place: nothing on the function.
    stack(`    const dlq = new sqs.Queue(this, 'Dlq');
    const queue = new sqs.Queue(this, 'Jobs', { deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });
    const worker = ${fn('Worker')};
    worker.addEventSource(new SqsEventSource(queue));`),
    // Its ARN flows into another function's environment: someone may invoke it asynchronously.
    stack(`    const dlq = new sqs.Queue(this, 'Dlq');
    const queue = new sqs.Queue(this, 'Jobs');
    const worker = ${fn('Worker', 'deadLetterQueue: dlq')};
    worker.addEventSource(new SqsEventSource(queue));
    ${fn('Caller', 'environment: { WORKER: worker.functionName }')};`),
    // Handed to code this file does not show.
    stack(`    const dlq = new sqs.Queue(this, 'Dlq');
    const queue = new sqs.Queue(this, 'Jobs');
    const worker = ${fn('Worker', 'deadLetterQueue: dlq')};
    worker.addEventSource(new SqsEventSource(queue));
    wireAlarms(worker);`),
    // Invoke permission granted: the grantee may invoke asynchronously.
    stack(`    const dlq = new sqs.Queue(this, 'Dlq');
    const worker = ${fn('Worker', 'deadLetterQueue: dlq')};
    new apigw.LambdaIntegration(worker);
    worker.grantInvoke(someRole);`),
    // Exported, or a public field: other files may add an asynchronous trigger.
    `import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
const dlq = new sqs.Queue(app, 'Dlq');
export const worker = new lambda.Function(app, 'Worker', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x'), deadLetterQueue: dlq });
worker.addEventSource(new SqsEventSource(new sqs.Queue(app, 'Jobs')));`,
    stack(`    const dlq = new sqs.Queue(this, 'Dlq');
    this.worker = ${fn('Worker', 'deadLetterQueue: dlq')};
    this.worker.addEventSource(new SqsEventSource(new sqs.Queue(this, 'Jobs')));`),
    // No invoker known at all: it may well be invoked asynchronously from elsewhere.
    stack(`    const dlq = new sqs.Queue(this, 'Dlq');
    ${fn('Lonely', 'deadLetterQueue: dlq')};`),
    // An EventBridge rule invokes asynchronously.
    stack(`    const dlq = new sqs.Queue(this, 'Dlq');
    const worker = ${fn('Worker', 'deadLetterQueue: dlq')};
    new events.Rule(this, 'Nightly', { schedule: events.Schedule.rate(Duration.days(1)), targets: [new targets.LambdaFunction(worker)] });`),
  ],
  invalid: [
    invalid(sqsOnly, 'sqsSource', 'deadLetterQueue: dlq', sqsOnly.replace(", deadLetterQueue: dlq }", ' }')),
    invalid(streamOnly, 'streamSource', 'deadLetterTopic: topic', streamOnly.replace('      deadLetterTopic: topic,\n', '')),
    invalid(apiOnly, 'syncOnly', 'deadLetterQueueEnabled: true', apiOnly.replace(', deadLetterQueueEnabled: true', '')),
  ],
});
