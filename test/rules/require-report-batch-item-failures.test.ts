import rule from '../../src/rules/require-report-batch-item-failures.js';
import { at, fn, stack } from '../helpers/cdk.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const l2 = stack(`    const queue = new sqs.Queue(this, 'Jobs');
    const worker = ${fn('Worker')};
    worker.addEventSourceMapping('FromJobs', { eventSourceArn: queue.queueArn, batchSize: 10 });`);
const l2Construct = stack(`    const stream = new kinesis.Stream(this, 'S');
    const worker = ${fn('Worker')};
    new lambda.EventSourceMapping(this, 'FromStream', { target: worker, eventSourceArn: stream.streamArn, startingPosition: lambda.StartingPosition.LATEST });`);
const l1 = stack(`    const queue = new sqs.Queue(this, 'Jobs');
    const worker = ${fn('Worker')};
    new lambda.CfnEventSourceMapping(this, 'FromJobs', { functionName: worker.functionName, eventSourceArn: queue.queueArn, batchSize: 10 });`);

const SQS = "import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';\n";
const STREAMS =
  "import { KinesisEventSource, DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';\nimport { StartingPosition } from 'aws-cdk-lib/aws-lambda';\n";

runRuleTests('require-report-batch-item-failures', rule, {
  valid: [
    // Partial responses on.
    `${SQS}fn.addEventSource(new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true }));`,
    `${SQS}const on = true;\nnew SqsEventSource(queue, { reportBatchItemFailures: on });`,
    `${SQS}const base = { reportBatchItemFailures: true };\nnew SqsEventSource(queue, { ...base, batchSize: 50 });`,
    // A conditional spread that may turn them on: not known.
    `${SQS}new SqsEventSource(queue, { ...(prod ? { reportBatchItemFailures: true } : {}), batchSize: 10 });`,
    `${SQS}new SqsEventSource(queue, { ...(strict && { reportBatchItemFailures: true }), batchSize: 10 });`,
    `${SQS}new SqsEventSource(queue, { ...(prod ? overrides : {}), batchSize: 10 });`,
    // A batch of one fails alone.
    `${SQS}new SqsEventSource(queue, { batchSize: 1 });`,
    `${SQS}const ONE = 1;\nnew SqsEventSource(queue, { batchSize: ONE });`,
    // Cannot tell: stay silent.
    `${SQS}export function wire(queue, props) { return new SqsEventSource(queue, props); }`,
    `${SQS}new SqsEventSource(queue, makeProps());`,
    `${SQS}export function wire(queue, size: number) { return new SqsEventSource(queue, { batchSize: size }); }`,
    `${SQS}export function wire(queue, flag: boolean) { return new SqsEventSource(queue, { reportBatchItemFailures: flag }); }`,
    `${SQS}export function wire(queue, defaults: object) { return new SqsEventSource(queue, { batchSize: 10, ...defaults }); }`,
    `${SQS}new SqsEventSource(...args);`,
    `${SQS}let size = 5;\nsize = 1;\nnew SqsEventSource(queue, { batchSize: size });`,
    // Not CDK's class.
    `class SqsEventSource { constructor(q: unknown, p?: unknown) {} }\nnew SqsEventSource(queue);`,
    `import { SqsEventSource } from './my-constructs';\nnew SqsEventSource(queue);`,
    `new SqsEventSource(queue);`,
    // The import is shadowed by a parameter: the name is not certainly CDK's.
    `${SQS}export function wire(SqsEventSource: any, queue: unknown) { return new SqsEventSource(queue); }`,
    // Not a batch source this rule covers.
    `import { SnsEventSource, S3EventSource } from 'aws-cdk-lib/aws-lambda-event-sources';\nnew SnsEventSource(topic);\nnew S3EventSource(bucket, { events: [] });`,
    `${STREAMS}new KinesisEventSource(stream, { startingPosition: StartingPosition.LATEST, reportBatchItemFailures: true });`,
    `${STREAMS}new DynamoEventSource(table, { startingPosition: StartingPosition.LATEST, batchSize: 1 });`,
    // Other mapping forms, correct or undecidable.
    stack(`    const queue = new sqs.Queue(this, 'Jobs');
    const worker = ${fn('Worker')};
    new lambda.CfnEventSourceMapping(this, 'M', { functionName: worker.functionName, eventSourceArn: queue.queueArn, functionResponseTypes: ['ReportBatchItemFailures'] });`),
    stack(`    const worker = ${fn('Worker')};
    worker.addEventSourceMapping('M', { eventSourceArn: props.sourceArn, batchSize: 10 });`),
    stack(`    const worker = ${fn('Worker')};
    new lambda.CfnEventSourceMapping(this, 'M', { functionName: worker.functionName, eventSourceArn: queueArn, functionResponseTypes: types });`),
    // Suppressed with lambda-lint's own comment (ESLint's own comments are ESLint's business).
    `${SQS}// lambda-lint-disable-next-line require-report-batch-item-failures -- one transaction per batch\nnew SqsEventSource(queue);`,
    `${SQS}new SqsEventSource(queue); // lambda-lint-disable-line lambda-lint/require-report-batch-item-failures`,
    // JavaScript, CommonJS.
    {
      code: "const { SqsEventSource } = require('aws-cdk-lib/aws-lambda-event-sources');\nnew SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true });",
      filename: 'stack.cjs',
    },
  ],
  invalid: [
    {
      // A conditional spread contributes only its branches' keys.
      code: `${SQS}new SqsEventSource(queue, { ...(prod ? { maxConcurrency: 5 } : {}), batchSize: 10 });`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 27,
          suggestions: [{ messageId: 'enable', output: `${SQS}new SqsEventSource(queue, { ...(prod ? { maxConcurrency: 5 } : {}), batchSize: 10, reportBatchItemFailures: true });` }],
        },
      ],
    },
    {
      code: l2,
      errors: [{ messageId: 'missing', ...at(l2, "{ eventSourceArn"), suggestions: [{ messageId: 'enable', output: l2.replace('batchSize: 10 }', 'batchSize: 10, reportBatchItemFailures: true }') }] }],
    },
    {
      code: l2Construct,
      errors: [{ messageId: 'missing', ...at(l2Construct, "{ target"), suggestions: [{ messageId: 'enable', output: l2Construct.replace('StartingPosition.LATEST }', 'StartingPosition.LATEST, reportBatchItemFailures: true }') }] }],
    },
    {
      // The L1 construct spells it as CloudFormation does.
      code: l1,
      errors: [{ messageId: 'missing', ...at(l1, "{ functionName"), suggestions: [{ messageId: 'enable', output: l1.replace('batchSize: 10 }', "batchSize: 10, functionResponseTypes: ['ReportBatchItemFailures'] }") }] }],
    },
    {
      // No options at all: AWS's default batch size of 10 applies.
      code: `${SQS}fn.addEventSource(new SqsEventSource(queue));`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 19,
          suggestions: [
            {
              messageId: 'enable',
              output: `${SQS}fn.addEventSource(new SqsEventSource(queue, { reportBatchItemFailures: true }));`,
            },
          ],
        },
      ],
    },
    {
      code: `${SQS}new SqsEventSource(queue, { batchSize: 25 });`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 27,
          suggestions: [{ messageId: 'enable', output: `${SQS}new SqsEventSource(queue, { batchSize: 25, reportBatchItemFailures: true });` }],
        },
      ],
    },
    {
      // A multi-line object gets the property on its own line, indented like its siblings.
      code: `${SQS}new SqsEventSource(queue, {\n  batchSize: 25,\n  maxBatchingWindow: window,\n});`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 27,
          suggestions: [
            {
              messageId: 'enable',
              output: `${SQS}new SqsEventSource(queue, {\n  batchSize: 25,\n  maxBatchingWindow: window,\n  reportBatchItemFailures: true,\n});`,
            },
          ],
        },
      ],
    },
    {
      code: `${SQS}new SqsEventSource(queue, {});`,
      errors: [
        { messageId: 'missing', line: 2, column: 27, suggestions: [{ messageId: 'enable', output: `${SQS}new SqsEventSource(queue, { reportBatchItemFailures: true });` }] },
      ],
    },
    {
      // Explicitly off: reported on the value, and the suggestion flips it.
      code: `${SQS}new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: false });`,
      errors: [
        {
          messageId: 'disabled',
          line: 2,
          column: 69,
          suggestions: [{ messageId: 'enable', output: `${SQS}new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true });` }],
        },
      ],
    },
    {
      // Values followed through consts and spreads of known objects.
      code: `${SQS}const BATCH = 20;\nconst base = { batchSize: BATCH };\nnew SqsEventSource(queue, { ...base, enabled: true });`,
      errors: [{ messageId: 'missing', line: 4, column: 27, suggestions: [{ messageId: 'enable', output: `${SQS}const BATCH = 20;\nconst base = { batchSize: BATCH };\nnew SqsEventSource(queue, { ...base, enabled: true, reportBatchItemFailures: true });` }] }],
    },
    {
      // Options in a const: reported at the construct, no suggestion (the object is elsewhere).
      code: `${SQS}const props = { batchSize: 5 } as const;\nnew SqsEventSource(queue, props);`,
      errors: [{ messageId: 'missing', line: 3, column: 1, suggestions: [] }],
    },
    {
      code: "import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';\nnew sources.SqsEventSource(queue, { batchSize: 10 });",
      errors: [{ messageId: 'missing', line: 2, column: 35, suggestions: [{ messageId: 'enable', output: "import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';\nnew sources.SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true });" }] }],
    },
    {
      code: "import { aws_lambda_event_sources as les } from 'aws-cdk-lib';\nnew les.SqsEventSource(queue, { batchSize: 10 });",
      errors: [{ messageId: 'missing', line: 2, column: 31, suggestions: [{ messageId: 'enable', output: "import { aws_lambda_event_sources as les } from 'aws-cdk-lib';\nnew les.SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true });" }] }],
    },
    {
      code: "import * as cdk from 'aws-cdk-lib';\nnew cdk.aws_lambda_event_sources.SqsEventSource(queue, { batchSize: 10 });",
      errors: [{ messageId: 'missing', line: 2, column: 56, suggestions: [{ messageId: 'enable', output: "import * as cdk from 'aws-cdk-lib';\nnew cdk.aws_lambda_event_sources.SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true });" }] }],
    },
    {
      code: "import { SqsEventSource as Sqs } from 'aws-cdk-lib/aws-lambda-event-sources';\nnew Sqs(queue, { batchSize: 10 });",
      errors: [{ messageId: 'missing', line: 2, column: 16, suggestions: [{ messageId: 'enable', output: "import { SqsEventSource as Sqs } from 'aws-cdk-lib/aws-lambda-event-sources';\nnew Sqs(queue, { batchSize: 10, reportBatchItemFailures: true });" }] }],
    },
    {
      code: "const { SqsEventSource } = require('aws-cdk-lib/aws-lambda-event-sources');\nnew SqsEventSource(queue, { batchSize: 10 });",
      filename: 'stack.cjs',
      errors: [{ messageId: 'missing', line: 2, column: 27, suggestions: [{ messageId: 'enable', output: "const { SqsEventSource } = require('aws-cdk-lib/aws-lambda-event-sources');\nnew SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true });" }] }],
    },
    {
      code: "const sources = require('aws-cdk-lib/aws-lambda-event-sources');\nnew sources.SqsEventSource(queue);",
      filename: 'stack.js',
      errors: [{ messageId: 'missing', line: 2, column: 1, suggestions: [{ messageId: 'enable', output: "const sources = require('aws-cdk-lib/aws-lambda-event-sources');\nnew sources.SqsEventSource(queue, { reportBatchItemFailures: true });" }] }],
    },
    {
      code: "import * as lambdaEventSources from 'aws-cdk-lib/aws-lambda-event-sources';\nconst { SqsEventSource } = lambdaEventSources;\nnew SqsEventSource(queue);",
      filename: 'stack.mjs',
      errors: [{ messageId: 'missing', line: 3, column: 1, suggestions: [{ messageId: 'enable', output: "import * as lambdaEventSources from 'aws-cdk-lib/aws-lambda-event-sources';\nconst { SqsEventSource } = lambdaEventSources;\nnew SqsEventSource(queue, { reportBatchItemFailures: true });" }] }],
    },
    {
      // CDK v1 has the same construct and the same semantics.
      code: "import { SqsEventSource } from '@aws-cdk/aws-lambda-event-sources';\nnew SqsEventSource(queue, { batchSize: 10 });",
      errors: [{ messageId: 'missing', line: 2, column: 27, suggestions: [{ messageId: 'enable', output: "import { SqsEventSource } from '@aws-cdk/aws-lambda-event-sources';\nnew SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true });" }] }],
    },
    {
      // Stream sources: CDK always sends a batch size of 100 when none is given.
      code: `${STREAMS}new KinesisEventSource(stream, { startingPosition: StartingPosition.LATEST });`,
      errors: [{ messageId: 'missing', line: 3, column: 32, suggestions: [{ messageId: 'enable', output: `${STREAMS}new KinesisEventSource(stream, { startingPosition: StartingPosition.LATEST, reportBatchItemFailures: true });` }] }],
    },
    {
      code: `${STREAMS}new DynamoEventSource(table, { startingPosition: StartingPosition.TRIM_HORIZON, batchSize: 50, reportBatchItemFailures: false });`,
      errors: [{ messageId: 'disabled', line: 3, column: 121, suggestions: [{ messageId: 'enable', output: `${STREAMS}new DynamoEventSource(table, { startingPosition: StartingPosition.TRIM_HORIZON, batchSize: 50, reportBatchItemFailures: true });` }] }],
    },
    {
      // ESLint's own directive for another rule does not hide this one.
      code: `${SQS}// lambda-lint-disable-next-line sqs-visibility-timeout\nnew SqsEventSource(queue);`,
      errors: [{ messageId: 'missing', line: 3, column: 1, suggestions: [{ messageId: 'enable', output: `${SQS}// lambda-lint-disable-next-line sqs-visibility-timeout\nnew SqsEventSource(queue, { reportBatchItemFailures: true });` }] }],
    },
  ],
});
