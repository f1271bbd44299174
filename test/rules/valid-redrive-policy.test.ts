import rule from '../../src/rules/valid-redrive-policy.js';
import { at, stack } from '../helpers/cdk.js';
import { runRuleTests } from '../helpers/rule-tester.js';
import { describe, expect, it } from 'vitest';
import { ESLint as ESLint9 } from 'eslint-v9';
import { cliFindings, eslintFindings, writeProject } from '../helpers/project.js';

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

describe('separate redrive resources, the queue in another file', () => {
  it('Terraform: aws_sqs_queue_redrive_policy', async () => {
    const dir = writeProject({
      'package.json': '{}',
      'queues.tf': `resource "aws_sqs_queue" "jobs" {
  name       = "jobs.fifo"
  fifo_queue = true
}
resource "aws_sqs_queue" "dlq" {
  name = "jobs-dlq"
}
resource "aws_sqs_queue" "fifo_dlq" {
  name       = "jobs-dlq.fifo"
  fifo_queue = true
}
`,
      'redrive.tf': `resource "aws_sqs_queue_redrive_policy" "jobs" {
  queue_url      = aws_sqs_queue.jobs.id
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn, maxReceiveCount = 5 })
}
# Near miss: FIFO to FIFO.
resource "aws_sqs_queue_redrive_policy" "jobs_again" {
  queue_url      = aws_sqs_queue.jobs.id
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.fifo_dlq.arn, maxReceiveCount = 5 })
}
`,
    });
    expect(await cliFindings(dir, ['valid-redrive-policy'])).toEqual([{ file: 'redrive.tf', line: 3, column: 3, ruleId: 'lambda-lint/valid-redrive-policy', messageId: 'typeMismatch' }]);
  });

  it('Pulumi: aws.sqs.RedrivePolicy (CLI, ESLint 9 and 10)', async () => {
    const dir = writeProject({
      'package.json': '{}',
      'queues.ts': "import * as aws from '@pulumi/aws';\nexport const jobs = new aws.sqs.Queue('jobs', { fifoQueue: true });\nexport const dlq = new aws.sqs.Queue('dlq');\n",
      'index.ts': `import * as aws from '@pulumi/aws';
import { dlq, jobs } from './queues';
new aws.sqs.RedrivePolicy('jobs', { queueUrl: jobs.id, redrivePolicy: dlq.arn.apply((arn) => JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 5 })) });
`,
    });
    const expected = [{ file: 'index.ts', line: 3, column: 71, ruleId: 'lambda-lint/valid-redrive-policy', messageId: 'typeMismatch' }];
    expect(await cliFindings(dir, ['valid-redrive-policy'])).toEqual(expected);
    expect(await eslintFindings(dir, ['valid-redrive-policy'])).toEqual(expected);
    expect(await eslintFindings(dir, ['valid-redrive-policy'], ESLint9)).toEqual(expected);
  });
});
