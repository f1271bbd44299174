import rule from '../../src/rules/valid-async-invoke-config.js';
import { at, fn, stack } from '../helpers/cdk.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const retries = stack(`    const worker = ${fn('Worker', 'retryAttempts: 3')};`);
const age = stack(`    const worker = ${fn('Worker')};
    worker.configureAsyncInvoke({ maxEventAge: Duration.hours(12) });`);
const tooYoung = stack(`    const worker = ${fn('Worker')};
    new lambda.EventInvokeConfig(this, 'Cfg', { function: worker, maxEventAge: Duration.seconds(30), retryAttempts: -1 });`);
const sqsOnFailure = stack(`    const queue = new sqs.Queue(this, 'Jobs');
    const dlq = new sqs.Queue(this, 'Dlq');
    const worker = ${fn('Worker')};
    worker.addEventSourceMapping('FromJobs', { eventSourceArn: queue.queueArn, onFailure: new SqsDlq(dlq) });`);

const fifoDestination = stack(`    const failures = new sqs.Queue(this, 'Failures', { fifo: true });
    const worker = ${fn('Worker', 'onFailure: new SqsDestination(failures)')};`);
const fifoConfigured = stack(`    const failures = new sqs.Queue(this, 'Failures', { queueName: 'failures.fifo' });
    const worker = ${fn('Worker')};
    worker.configureAsyncInvoke({ onSuccess: new SqsDestination(failures), retryAttempts: 1 });`);
const fifoDlq = stack(`    const dlq = new sqs.Queue(this, 'Dlq', { fifo: true });
    const worker = ${fn('Worker', 'deadLetterQueue: dlq')};`);
const importedFifo = stack(`    const worker = ${fn('Worker', "onFailure: new SqsDestination(sqs.Queue.fromQueueArn(this, 'F', 'arn:aws:sqs:us-east-1:123456789012:failures.fifo'))")};`);

runRuleTests('valid-async-invoke-config', rule, {
  valid: [
    stack(`    ${fn('Worker', 'retryAttempts: 0, maxEventAge: Duration.minutes(1)')};`),
    stack(`    ${fn('Worker', 'retryAttempts: 2, maxEventAge: Duration.hours(6)')};`),
    stack(`    ${fn('Worker', 'retryAttempts: props.retries, maxEventAge: props.age')};`),
    // Stream mappings take -1…10000 retries and an on-failure destination: not async settings.
    stack(`    const stream = new kinesis.Stream(this, 'S');
    const dlq = new sqs.Queue(this, 'Dlq');
    const worker = ${fn('Worker')};
    worker.addEventSource(new KinesisEventSource(stream, { startingPosition: lambda.StartingPosition.LATEST, retryAttempts: 500, onFailure: new SqsDlq(dlq) }));`),
    // Standard destinations and dead-letter queues; FIFO-ness not known.
    stack(`    const failures = new sqs.Queue(this, 'Failures');
    const worker = ${fn('Worker', 'onFailure: new SqsDestination(failures), deadLetterQueue: failures')};`),
    stack(`    const failures = new sqs.Queue(this, 'Failures', { fifo: props.fifo });
    const worker = ${fn('Worker', 'onFailure: new SqsDestination(failures)')};`),
    stack(`    const worker = ${fn('Worker', "onFailure: new SqsDestination(sqs.Queue.fromQueueArn(this, 'F', 'arn:aws:sqs:us-east-1:123456789012:failures'))")};`),
    // A FIFO queue as a stream mapping's on-failure destination is not an asynchronous destination.
    stack(`    const stream = new kinesis.Stream(this, 'S');
    const dlq = new sqs.Queue(this, 'Dlq', { fifo: true });
    const worker = ${fn('Worker')};
    worker.addEventSource(new KinesisEventSource(stream, { startingPosition: lambda.StartingPosition.LATEST, retryAttempts: 5, onFailure: new SqsDlq(dlq) }));`),
    // An EventBridge target's retry policy allows 0–185.
    stack(`    const worker = ${fn('Worker', 'retryAttempts: 1')};
    new events.Rule(this, 'R', { schedule: events.Schedule.rate(Duration.hours(1)), targets: [new targets.LambdaFunction(worker, { retryAttempts: 100 })] });`),
  ],
  invalid: [
    { code: retries, errors: [{ messageId: 'retryRange', ...at(retries, '3 }'), suggestions: [{ messageId: 'clamp', output: retries.replace('retryAttempts: 3', 'retryAttempts: 2') }] }] },
    { code: age, errors: [{ messageId: 'ageRange', ...at(age, 'Duration.hours(12)'), suggestions: [{ messageId: 'clamp', output: age.replace('Duration.hours(12)', 'Duration.seconds(21600)') }] }] },
    {
      code: tooYoung,
      errors: [
        { messageId: 'ageRange', ...at(tooYoung, 'Duration.seconds(30)'), suggestions: [{ messageId: 'clamp', output: tooYoung.replace('Duration.seconds(30)', 'Duration.seconds(60)') }] },
        { messageId: 'retryRange', ...at(tooYoung, '-1'), suggestions: [{ messageId: 'clamp', output: tooYoung.replace('retryAttempts: -1', 'retryAttempts: 0') }] },
      ],
    },
    {
      code: sqsOnFailure,
      errors: [{ messageId: 'sqsOnFailure', ...at(sqsOnFailure, 'onFailure: new SqsDlq(dlq)'), suggestions: [{ messageId: 'removeOnFailure', output: sqsOnFailure.replace(', onFailure: new SqsDlq(dlq)', '') }] }],
    },
    { code: fifoDestination, errors: [{ messageId: 'fifoDestination', ...at(fifoDestination, 'new SqsDestination(failures)') }] },
    { code: fifoConfigured, errors: [{ messageId: 'fifoDestination', ...at(fifoConfigured, 'new SqsDestination(failures)') }] },
    { code: fifoDlq, errors: [{ messageId: 'fifoDeadLetter', ...at(fifoDlq, 'dlq }') }] },
    { code: importedFifo, errors: [{ messageId: 'fifoDestination', ...at(importedFifo, 'new SqsDestination(') }] },
  ],
});
