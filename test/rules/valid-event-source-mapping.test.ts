import rule from '../../src/rules/valid-event-source-mapping.js';
import { at, fn, stack } from '../helpers/cdk.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const sqsMapping = (queueProps: string, mappingProps: string): string =>
  stack(`    const queue = new sqs.Queue(this, 'Jobs'${queueProps});
    const worker = ${fn('Worker')};
    worker.addEventSourceMapping('FromJobs', { eventSourceArn: queue.queueArn${mappingProps} });`);

const fifoBatch = sqsMapping(', { fifo: true }', ', batchSize: 20');
const fifoByName = sqsMapping(", { queueName: 'jobs.fifo' }", ', batchSize: 50, reportBatchItemFailures: true');
const fifoWindow = sqsMapping(', { fifo: true }', ', maxBatchingWindow: Duration.seconds(5)');
const huge = sqsMapping('', ', batchSize: 20000, maxBatchingWindow: Duration.minutes(10)');
const kinesis = stack(`    const stream = new kinesis.Stream(this, 'Clicks');
    const worker = ${fn('Worker')};
    worker.addEventSource(new KinesisEventSource(stream, { startingPosition: lambda.StartingPosition.LATEST, batchSize: 10001 }));`);

runRuleTests('valid-event-source-mapping', rule, {
  valid: [
    sqsMapping(', { fifo: true }', ', batchSize: 10'),
    sqsMapping(', { fifo: true }', ''),
    // A standard queue takes up to 10,000 with a window of up to 300 s.
    sqsMapping('', ', batchSize: 10000, maxBatchingWindow: Duration.minutes(5)'),
    sqsMapping(", { queueName: 'jobs' }", ', batchSize: 100, maxBatchingWindow: Duration.seconds(1)'),
    // A zero window is no window.
    sqsMapping(', { fifo: true }', ', maxBatchingWindow: Duration.seconds(0)'),
    // FIFO-ness not known: the standard maximum applies, nothing more is said.
    sqsMapping(', { fifo: props.fifo }', ', batchSize: 20, maxBatchingWindow: Duration.seconds(5)'),
    stack(`    const worker = ${fn('Worker')};
    worker.addEventSourceMapping('FromJobs', { eventSourceArn: props.queueArn, batchSize: 100, maxBatchingWindow: Duration.seconds(5) });`),
    // Not known.
    sqsMapping(', { fifo: true }', ', batchSize: props.size'),
  ],
  invalid: [
    {
      code: fifoBatch,
      errors: [{ messageId: 'fifoBatchSize', data: { size: 20, max: 10 }, ...at(fifoBatch, '20'), suggestions: [{ messageId: 'clamp', output: fifoBatch.replace('batchSize: 20', 'batchSize: 10') }] }],
    },
    {
      // FIFO by its name, the way CDK infers it.
      code: fifoByName,
      errors: [{ messageId: 'fifoBatchSize', ...at(fifoByName, '50'), suggestions: [{ messageId: 'clamp', output: fifoByName.replace('batchSize: 50', 'batchSize: 10') }] }],
    },
    { code: fifoWindow, errors: [{ messageId: 'fifoWindow', data: { seconds: 5 }, ...at(fifoWindow, 'Duration.seconds(5)') }] },
    {
      code: huge,
      errors: [
        { messageId: 'batchSize', data: { size: 20000, max: 10000 }, ...at(huge, '20000'), suggestions: [{ messageId: 'clamp', output: huge.replace('batchSize: 20000', 'batchSize: 10000') }] },
        { messageId: 'window', data: { seconds: 600 }, ...at(huge, 'Duration.minutes(10)') },
      ],
    },
    { code: kinesis, errors: [{ messageId: 'batchSize', ...at(kinesis, '10001'), suggestions: [{ messageId: 'clamp', output: kinesis.replace('10001', '10000') }] }] },
  ],
});
