import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/batch-processor-mismatch.js';
import { cliFindings, eslintFindings, writeProject } from '../helpers/project.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const RULE = 'batch-processor-mismatch';

const stack = (source: string): string => `import path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { KinesisEventSource, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as sqs from 'aws-cdk-lib/aws-sqs';

export class S extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
    const fn = new NodejsFunction(this, 'Fn', { entry: path.join(__dirname, 'handler.ts') });
    fn.addEventSource(${source});
  }
}
`;

const STANDARD = "new SqsEventSource(new sqs.Queue(this, 'Q'), { reportBatchItemFailures: true })";
const FIFO = "new SqsEventSource(new sqs.Queue(this, 'Q', { fifo: true }), { reportBatchItemFailures: true })";
const KINESIS = "new KinesisEventSource(new kinesis.Stream(this, 'S'), { startingPosition: lambda.StartingPosition.LATEST, reportBatchItemFailures: true })";

const handler = (processor: string): string => `import { BatchProcessor, EventType, SqsFifoPartialProcessor, processPartialResponse } from '@aws-lambda-powertools/batch';
const processor = ${processor};
export const handler = async (event: any, context: any) => processPartialResponse(event, async (r: any) => {}, processor, { context });
`;

runRuleTests('batch-processor-mismatch', rule, {
  // Without the infrastructure the processor is the only evidence: nothing to compare.
  valid: [handler('new BatchProcessor(EventType.KinesisDataStreams)')],
  invalid: [],
});

describe('batch-processor-mismatch across files', () => {
  it.each([
    ['SQS processor on a standard queue', STANDARD, 'new BatchProcessor(EventType.SQS)'],
    ['FIFO processor on a FIFO queue', FIFO, 'new SqsFifoPartialProcessor()'],
    ['Kinesis processor on a stream', KINESIS, 'new BatchProcessor(EventType.KinesisDataStreams)'],
  ])('stays quiet: %s', async (_name, source, processor) => {
    const dir = writeProject({ 'package.json': '{}', 'stack.ts': stack(source), 'handler.ts': handler(processor) });
    expect(await cliFindings(dir, [RULE])).toEqual([]);
    expect(await eslintFindings(dir, [RULE])).toEqual([]);
  });

  it.each([
    ['Kinesis processor on an SQS queue', STANDARD, 'new BatchProcessor(EventType.KinesisDataStreams)', 'wrongEventType'],
    ['SQS processor on a stream', KINESIS, 'new BatchProcessor(EventType.SQS)', 'wrongEventType'],
    ['parallel processor on a FIFO queue', FIFO, 'new BatchProcessor(EventType.SQS)', 'notFifo'],
  ])('reports: %s', async (_name, source, processor, messageId) => {
    const dir = writeProject({ 'package.json': '{}', 'stack.ts': stack(source), 'handler.ts': handler(processor) });
    const expected = [{ file: 'handler.ts', line: 2, column: 19, ruleId: `lambda-lint/${RULE}`, messageId }];
    expect(await cliFindings(dir, [RULE])).toEqual(expected);
    expect(await eslintFindings(dir, [RULE])).toEqual(expected);
  });
});
