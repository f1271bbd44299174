import rule from '../../src/rules/require-stream-failure-destination.js';
import { at, fn, stack } from '../helpers/cdk.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const kinesisWith = (props: string): string =>
  stack(`    const dlq = new sqs.Queue(this, 'Dlq');
    const stream = new kinesis.Stream(this, 'Clicks');
    const worker = ${fn('Worker')};
    worker.addEventSource(new KinesisEventSource(stream, { startingPosition: lambda.StartingPosition.LATEST${props} }));`);

const dynamoWith = (props: string): string =>
  stack(`    const dlq = new sqs.Queue(this, 'Dlq');
    const worker = ${fn('Worker')};
    worker.addEventSource(new DynamoEventSource(table, { startingPosition: lambda.StartingPosition.TRIM_HORIZON${props} }));`);

const retries = kinesisWith(', retryAttempts: 3');
const noRetries = kinesisWith(', retryAttempts: 0, bisectBatchOnError: true');
const aged = dynamoWith(', maxRecordAge: Duration.hours(1)');
const both = kinesisWith(', retryAttempts: 1, maxRecordAge: Duration.minutes(5)');
const l1 = stack(`    const worker = ${fn('Worker')};
    const stream = new kinesis.Stream(this, 'Clicks');
    new lambda.CfnEventSourceMapping(this, 'Map', { functionName: worker.functionName, eventSourceArn: stream.streamArn, startingPosition: 'LATEST', maximumRetryAttempts: 2 });`);
const mapping = stack(`    const dlq = new sqs.Queue(this, 'Dlq');
    const worker = ${fn('Worker')};
    const stream = new kinesis.Stream(this, 'Clicks');
    worker.addEventSourceMapping('FromClicks', { eventSourceArn: stream.streamArn, startingPosition: lambda.StartingPosition.LATEST, maxRecordAge: Duration.seconds(90) });`);

const addDestination = (code: string, before: string): string =>
  code.replace(before, `${before}, onFailure: new SqsDlq(new sqs.Queue(this, 'KinesisEventSourceFailures'))`);

runRuleTests('require-stream-failure-destination', rule, {
  valid: [
    // Bounded, and what gives up goes to a destination.
    kinesisWith(', retryAttempts: 3, onFailure: new SqsDlq(dlq)'),
    dynamoWith(', maxRecordAge: Duration.hours(1), onFailure: new SqsDlq(dlq)'),
    // Unbounded: the shard blocks instead (no-unbounded-stream-retries' finding, not this one).
    kinesisWith(''),
    kinesisWith(', retryAttempts: -1, maxRecordAge: Duration.seconds(-1)'),
    kinesisWith(', bisectBatchOnError: true'),
    // Not known here: the bound, or the destination.
    kinesisWith(', retryAttempts: props.retries'),
    kinesisWith(', retryAttempts: 3, onFailure: props.failures'),
    kinesisWith(', retryAttempts: 3, ...streamDefaults'),
    // SQS mappings have no destination: the queue's redrive policy keeps what fails.
    stack(`    const queue = new sqs.Queue(this, 'Jobs');
    const worker = ${fn('Worker')};
    worker.addEventSource(new SqsEventSource(queue, { batchSize: 5 }));`),
  ],
  invalid: [
    {
      code: retries,
      errors: [
        {
          messageId: 'discards',
          data: { construct: 'KinesisEventSource', bound: '3 retries', fix: '`onFailure: new SqsDlq(queue)`' },
          ...at(retries, '{ startingPosition'),
          suggestions: [{ messageId: 'addDestination', output: addDestination(retries, 'retryAttempts: 3') }],
        },
      ],
    },
    {
      // No retries at all: the first failure discards the batch.
      code: noRetries,
      errors: [
        {
          messageId: 'discards',
          data: { construct: 'KinesisEventSource', bound: 'the first failure (no retries)', fix: '`onFailure: new SqsDlq(queue)`' },
          ...at(noRetries, '{ startingPosition'),
          suggestions: [{ messageId: 'addDestination', output: addDestination(noRetries, 'bisectBatchOnError: true') }],
        },
      ],
    },
    {
      // A record age alone bounds the retries too.
      code: aged,
      errors: [
        {
          messageId: 'discards',
          data: { construct: 'DynamoEventSource', bound: 'its records are 1 h old', fix: '`onFailure: new SqsDlq(queue)`' },
          ...at(aged, '{ startingPosition'),
          suggestions: [
            {
              messageId: 'addDestination',
              output: aged.replace('maxRecordAge: Duration.hours(1)', "maxRecordAge: Duration.hours(1), onFailure: new SqsDlq(new sqs.Queue(this, 'DynamoEventSourceFailures'))"),
            },
          ],
        },
      ],
    },
    {
      code: both,
      errors: [
        {
          messageId: 'discards',
          data: { construct: 'KinesisEventSource', bound: '1 retry or once its records are 5 min old', fix: '`onFailure: new SqsDlq(queue)`' },
          ...at(both, '{ startingPosition'),
          suggestions: [{ messageId: 'addDestination', output: addDestination(both, 'maxRecordAge: Duration.minutes(5)') }],
        },
      ],
    },
    {
      // The L1 mapping: no suggestion.
      code: l1,
      errors: [{ messageId: 'discards', data: { construct: 'CfnEventSourceMapping', bound: '2 retries', fix: '`onFailure: new SqsDlq(queue)`' }, ...at(l1, '{ functionName'), suggestions: [] }],
    },
    {
      code: mapping,
      errors: [
        {
          messageId: 'discards',
          data: { construct: 'addEventSourceMapping', bound: 'its records are 90 s old', fix: '`onFailure: new SqsDlq(queue)`' },
          ...at(mapping, '{ eventSourceArn'),
          suggestions: [
            {
              messageId: 'addDestination',
              output: mapping.replace('Duration.seconds(90)', "Duration.seconds(90), onFailure: new SqsDlq(new sqs.Queue(this, 'addEventSourceMappingFailures'))"),
            },
          ],
        },
      ],
    },
  ],
});
