import rule from '../../src/rules/valid-redrive-policy.js';
import { at, stack } from '../helpers/cdk.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const pair = (queueProps: string, dlqProps: string): string =>
  stack(`    const dlq = new sqs.Queue(this, 'Dlq'${dlqProps});
    const queue = new sqs.Queue(this, 'Jobs', { deadLetterQueue: { queue: dlq, maxReceiveCount: 5 }${queueProps} });`);

const fifoToStandard = pair(', fifo: true', '');
const standardToFifo = pair('', ', { fifo: true }');
const byName = pair(", queueName: 'jobs.fifo'", ", { queueName: 'jobs-dlq' }");
const inline = stack(`    const queue = new sqs.Queue(this, 'Jobs', { fifo: true, deadLetterQueue: { queue: new sqs.Queue(this, 'Dlq'), maxReceiveCount: 3 } });`);
const imported = stack(`    const dlq = sqs.Queue.fromQueueArn(this, 'Dlq', 'arn:aws:sqs:us-east-1:123456789012:jobs-dlq.fifo');
    const queue = new sqs.Queue(this, 'Jobs', { deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });`);

runRuleTests('valid-redrive-policy', rule, {
  valid: [
    pair(', fifo: true', ', { fifo: true }'),
    pair('', ''),
    pair(", queueName: 'jobs.fifo'", ", { contentBasedDeduplication: true }"),
    // Not known: either side.
    pair(', fifo: props.fifo', ''),
    pair(', fifo: true', ', { fifo: props.fifo }'),
    stack(`    const queue = new sqs.Queue(this, 'Jobs', { fifo: true, deadLetterQueue: { queue: props.dlq, maxReceiveCount: 5 } });`),
    stack(`    const dlq = sqs.Queue.fromQueueArn(this, 'Dlq', props.dlqArn);
    const queue = new sqs.Queue(this, 'Jobs', { fifo: true, deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });`),
  ],
  invalid: [
    { code: fifoToStandard, errors: [{ messageId: 'typeMismatch', data: { queue: 'a FIFO queue', dlq: 'a standard queue' }, ...at(fifoToStandard, 'dlq, maxReceiveCount') }] },
    { code: standardToFifo, errors: [{ messageId: 'typeMismatch', data: { queue: 'a standard queue', dlq: 'a FIFO queue' }, ...at(standardToFifo, 'dlq, maxReceiveCount') }] },
    { code: byName, errors: [{ messageId: 'typeMismatch', data: { queue: 'a FIFO queue', dlq: 'a standard queue' }, ...at(byName, 'dlq, maxReceiveCount') }] },
    { code: inline, errors: [{ messageId: 'typeMismatch', ...at(inline, "new sqs.Queue(this, 'Dlq')") }] },
    { code: imported, errors: [{ messageId: 'typeMismatch', data: { queue: 'a standard queue', dlq: 'a FIFO queue' }, ...at(imported, 'dlq, maxReceiveCount') }] },
  ],
});
