import rule from '../../src/rules/require-source-queue-redrive.js';
import { at, fn, stack } from '../helpers/cdk.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const feeds = (queueProps: string, extra = ''): string =>
  stack(`    const queue = new sqs.Queue(this, 'Jobs'${queueProps});
    const worker = ${fn('Worker')};
    worker.addEventSource(new SqsEventSource(queue${extra}));`);

const bare = feeds('');
const withProps = feeds(', { visibilityTimeout: Duration.seconds(60) }');
const fifo = feeds(", { fifo: true }");
const l2 = stack(`    const queue = new sqs.Queue(this, 'Jobs', {});
    const worker = ${fn('Worker')};
    worker.addEventSourceMapping('FromJobs', { eventSourceArn: queue.queueArn, batchSize: 1 });`);

runRuleTests('require-source-queue-redrive', rule, {
  valid: [
    feeds(", { deadLetterQueue: { queue: new sqs.Queue(this, 'Dlq'), maxReceiveCount: 5 } }"),
    // Defined elsewhere or not known: silent.
    stack(`    const queue = sqs.Queue.fromQueueArn(this, 'Jobs', arn);
    const worker = ${fn('Worker')};
    worker.addEventSource(new SqsEventSource(queue));`),
    feeds(', props.queueProps'),
    feeds(', { ...defaults }'),
    // Not feeding a function.
    stack(`    new sqs.Queue(this, 'Outbox');`),
  ],
  invalid: [
    {
      code: bare,
      errors: [
        {
          messageId: 'missing',
          ...at(bare, "new sqs.Queue(this, 'Jobs'"),
          suggestions: [{ messageId: 'addRedrive', output: bare.replace("new sqs.Queue(this, 'Jobs')", "new sqs.Queue(this, 'Jobs', { deadLetterQueue: { queue: new sqs.Queue(this, 'JobsDlq'), maxReceiveCount: 5 } })") }],
        },
      ],
    },
    {
      code: withProps,
      errors: [{ messageId: 'missing', ...at(withProps, "new sqs.Queue(this, 'Jobs'"), suggestions: [{ messageId: 'addRedrive', output: withProps.replace('Duration.seconds(60) }', "Duration.seconds(60), deadLetterQueue: { queue: new sqs.Queue(this, 'JobsDlq'), maxReceiveCount: 5 } }") }] }],
    },
    {
      // A FIFO queue needs a FIFO dead-letter queue.
      code: fifo,
      errors: [{ messageId: 'missing', ...at(fifo, "new sqs.Queue(this, 'Jobs'"), suggestions: [{ messageId: 'addRedrive', output: fifo.replace('fifo: true }', "fifo: true, deadLetterQueue: { queue: new sqs.Queue(this, 'JobsDlq', { fifo: true }), maxReceiveCount: 5 } }") }] }],
    },
    {
      // Through addEventSourceMapping and the queue's ARN.
      code: l2,
      errors: [{ messageId: 'missing', ...at(l2, "new sqs.Queue(this, 'Jobs'"), suggestions: [{ messageId: 'addRedrive', output: l2.replace("'Jobs', {}", "'Jobs', { deadLetterQueue: { queue: new sqs.Queue(this, 'JobsDlq'), maxReceiveCount: 5 } }") }] }],
    },
  ],
});
