import rule from '../../src/rules/no-unbounded-stream-retries.js';
import { at, fn, stack } from '../helpers/cdk.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const kinesisWith = (props: string): string =>
  stack(`    const dlq = new sqs.Queue(this, 'Dlq');
    const stream = new kinesis.Stream(this, 'Clicks');
    const worker = ${fn('Worker')};
    worker.addEventSource(new KinesisEventSource(stream, { startingPosition: lambda.StartingPosition.LATEST${props} }));`);

const bare = kinesisWith('');
const l1 = stack(`    const worker = ${fn('Worker')};
    const stream = new kinesis.Stream(this, 'Clicks');
    new lambda.CfnEventSourceMapping(this, 'Map', { functionName: worker.functionName, eventSourceArn: stream.streamArn, startingPosition: 'LATEST', maximumRetryAttempts: -1 });`);

runRuleTests('no-unbounded-stream-retries', rule, {
  valid: [
    kinesisWith(', retryAttempts: 3'),
    kinesisWith(', maxRecordAge: Duration.hours(1)'),
    kinesisWith(', onFailure: new SqsDlq(dlq)'),
    kinesisWith(', bisectBatchOnError: true'),
    // Not known here.
    kinesisWith(', retryAttempts: props.retries'),
    kinesisWith(', ...streamDefaults'),
    // SQS mappings have no such settings: the queue's redrive policy bounds them.
    stack(`    const queue = new sqs.Queue(this, 'Jobs');
    const worker = ${fn('Worker')};
    worker.addEventSource(new SqsEventSource(queue));`),
  ],
  invalid: [
    {
      code: bare,
      errors: [
        {
          messageId: 'unbounded',
          ...at(bare, '{ startingPosition'),
          suggestions: [
            {
              messageId: 'boundRetries',
              output: bare.replace(
                'startingPosition: lambda.StartingPosition.LATEST }',
                "startingPosition: lambda.StartingPosition.LATEST, retryAttempts: 3, bisectBatchOnError: true, onFailure: new SqsDlq(new sqs.Queue(this, 'KinesisEventSourceFailures')) }",
              ),
            },
          ],
        },
      ],
    },
    {
      // Explicit -1 is the same as the default.
      code: kinesisWith(', retryAttempts: -1, maxRecordAge: undefined'),
      errors: [{ messageId: 'unbounded', ...at(kinesisWith(', retryAttempts: -1, maxRecordAge: undefined'), '{ startingPosition'), suggestions: [{ messageId: 'boundRetries', output: kinesisWith(', retryAttempts: -1, maxRecordAge: undefined').replace('retryAttempts: -1', "retryAttempts: 3, bisectBatchOnError: true, onFailure: new SqsDlq(new sqs.Queue(this, 'KinesisEventSourceFailures'))") }] }],
    },
    {
      // DynamoDB Streams through the L1 mapping (no suggestion for L1).
      code: l1,
      errors: [{ messageId: 'unbounded', ...at(l1, "{ functionName"), suggestions: [] }],
    },
  ],
});
