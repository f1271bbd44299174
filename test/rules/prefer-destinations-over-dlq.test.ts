import rule from '../../src/rules/prefer-destinations-over-dlq.js';
import { at, fn, stack } from '../helpers/cdk.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const s3Worker = (extra: string, more = ''): string =>
  stack(`    const dlq = new sqs.Queue(this, 'Dlq');
    const topic = new sns.Topic(this, 'Alerts');
    const bucket = new s3.Bucket(this, 'Uploads');
    const worker = ${fn('Worker', extra)};
    bucket.addObjectCreatedNotification(new s3n.LambdaDestination(worker));${more}`);

const withQueue = s3Worker('deadLetterQueue: dlq');
const withTopic = s3Worker('deadLetterTopic: topic');

runRuleTests('prefer-destinations-over-dlq', rule, {
  valid: [
    // Already has an on-failure destination (keeping a DLQ as well is allowed).
    s3Worker('deadLetterQueue: dlq, onFailure: new SqsDestination(dlq)'),
    s3Worker('deadLetterQueue: dlq', `\n    worker.configureAsyncInvoke({ onFailure: new SqsDestination(dlq) });`),
    s3Worker('deadLetterQueue: dlq', `\n    new lambda.EventInvokeConfig(this, 'Cfg', { function: worker, onFailure: new SqsDestination(dlq) });`),
    // Not invoked asynchronously (that is no-ineffective-dlq's business).
    stack(`    const dlq = new sqs.Queue(this, 'Dlq');
    const queue = new sqs.Queue(this, 'Jobs');
    const worker = ${fn('Worker', 'deadLetterQueue: dlq')};
    worker.addEventSource(new SqsEventSource(queue));`),
    // A queue's redrive DLQ is not a function DLQ.
    stack(`    const dlq = new sqs.Queue(this, 'Dlq');
    new sqs.Queue(this, 'Jobs', { deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });`),
    // The function object leaves the file: its async config may be set elsewhere.
    s3Worker('deadLetterQueue: dlq', `\n    configureFailures(worker);`),
    // An SNS subscription's delivery DLQ is not the function's DLQ.
    stack(`    const dlq = new sqs.Queue(this, 'Dlq');
    const topic = new sns.Topic(this, 'T');
    const worker = ${fn('Worker', "onFailure: new SqsDestination(dlq)")};
    topic.addSubscription(new subs.LambdaSubscription(worker, { deadLetterQueue: dlq }));`),
  ],
  invalid: [
    {
      code: withQueue,
      errors: [
        {
          messageId: 'preferDestination',
          ...at(withQueue, 'deadLetterQueue: dlq'),
          suggestions: [{ messageId: 'useDestination', output: withQueue.replace('deadLetterQueue: dlq', 'onFailure: new SqsDestination(dlq)') }],
        },
      ],
    },
    {
      // SnsDestination is not imported yet: the suggestion imports it.
      code: withTopic,
      errors: [
        {
          messageId: 'preferDestination',
          ...at(withTopic, 'deadLetterTopic: topic'),
          suggestions: [
            {
              messageId: 'useDestination',
              output: withTopic
                .replace("from 'aws-cdk-lib/aws-lambda-event-sources';\n", "from 'aws-cdk-lib/aws-lambda-event-sources';\nimport { SnsDestination } from 'aws-cdk-lib/aws-lambda-destinations';\n")
                .replace('deadLetterTopic: topic', 'onFailure: new SnsDestination(topic)'),
            },
          ],
        },
      ],
    },
    {
      // deadLetterQueueEnabled creates a queue the file cannot name: no suggestion.
      code: s3Worker('deadLetterQueueEnabled: true'),
      errors: [{ messageId: 'preferDestination', ...at(s3Worker('deadLetterQueueEnabled: true'), 'deadLetterQueueEnabled: true'), suggestions: [] }],
    },
  ],
});
