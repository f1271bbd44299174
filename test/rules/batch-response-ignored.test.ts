import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/batch-response-ignored.js';
import { cliFindings, eslintFindings, writeProject } from '../helpers/project.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const RULE = 'batch-response-ignored';

const stack = (sourceProps: string): string => `import path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';

export class S extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
    const queue = new sqs.Queue(this, 'Q');
    const fn = new NodejsFunction(this, 'Fn', { entry: path.join(__dirname, 'handler.ts') });
    fn.addEventSource(new SqsEventSource(queue${sourceProps}));
  }
}
`;

const responding = `import type { SQSHandler } from 'aws-lambda';
export const handler: SQSHandler = async (event) => {
  const batchItemFailures = [];
  for (const r of event.Records) { try { await work(r); } catch { batchItemFailures.push({ itemIdentifier: r.messageId }); } }
  return { batchItemFailures };
};
`;

const silent = `import type { SQSHandler } from 'aws-lambda';
export const handler: SQSHandler = async (event) => { for (const r of event.Records) console.log(r.body); };
`;

// One file alone never links a mapping to its handler: the rule needs the project.
runRuleTests('batch-response-ignored', rule, {
  valid: [stack(''), responding],
  invalid: [],
});

describe('batch-response-ignored across files', () => {
  it.each([
    ['RBIF on', stack(', { reportBatchItemFailures: true }'), responding],
    ['handler returns nothing', stack(''), silent],
    ['RBIF unknown', stack(', { reportBatchItemFailures: flag }'), responding],
  ])('stays quiet: %s', async (_name, infra, handler) => {
    const dir = writeProject({ 'package.json': '{}', 'stack.ts': infra, 'handler.ts': handler });
    expect(await cliFindings(dir, [RULE])).toEqual([]);
    expect(await eslintFindings(dir, [RULE])).toEqual([]);
  });

  it.each([
    // Reported on the construct when it has no options, on the options object when it has.
    ['no options', stack(''), 23],
    ['explicitly off', stack(', { batchSize: 5, reportBatchItemFailures: false }'), 49],
  ])('reports the mapping and the handler: %s', async (_name, infra, column) => {
    const dir = writeProject({ 'package.json': '{}', 'stack.ts': infra, 'handler.ts': responding });
    const expected = [
      { file: 'handler.ts', line: 5, column: 3, ruleId: `lambda-lint/${RULE}`, messageId: 'handlerResponseIgnored' },
      { file: 'stack.ts', line: 12, column, ruleId: `lambda-lint/${RULE}`, messageId: 'mappingIgnoresResponse' },
    ];
    expect(await cliFindings(dir, [RULE])).toEqual(expected);
    expect(await eslintFindings(dir, [RULE])).toEqual(expected);
  });
});
