/**
 * A batch handler that processes records one by one but never reports which ones failed: a
 * caught error is lost (the batch "succeeds"), an uncaught one retries the whole batch.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html (lambda-facts.md §1.8)
 */
import type { Check, CheckInput, Finding } from '../core/check.js';
import type { HandlerFact } from '../model/facts.js';
import { reportFindings } from '../eslint/report.js';
import { createRule } from '../util/create-rule.js';
import { effectiveSource, isBatchSource, SOURCE_LABEL } from '../util/handler-support.js';

export const RULE_ID = 'require-batch-item-failures';

type MessageId = 'swallowed' | 'wholeBatch';

export const check: Check<MessageId> = (input) => {
  const findings: Finding<MessageId>[] = [];
  for (const handler of input.facts.handlers) findings.push(...judge(handler, input));
  return findings;
};

function judge(handler: HandlerFact, input: CheckInput): Finding<MessageId>[] {
  const { kind, batchOfOne } = effectiveSource(handler, input);
  if (!isBatchSource(kind) || batchOfOne) return [];
  // The batch response is built for the handler, or may be: nothing to ask for.
  if (handler.usesPowertoolsBatch || handler.usesMiddyBatchResponse || handler.returnsBatchResponse !== 'no') return [];
  const loop = handler.loops.find((l) => l.perRecordWork);
  if (!loop) return [];
  const swallows = handler.loops.some((l) => l.catches.some((c) => !c.rethrows));
  return [
    {
      messageId: swallows ? 'swallowed' : 'wholeBatch',
      data: { source: SOURCE_LABEL[kind] },
      span: loop.span,
    },
  ];
}

export default createRule<[], MessageId>({
  name: RULE_ID,
  meta: {
    type: 'problem',
    docs: {
      description: 'Require SQS, Kinesis and DynamoDB Streams handlers that process records one by one to return `batchItemFailures`',
      recommended: 'error',
    },
    schema: [],
    messages: {
      swallowed:
        'This {{source}} handler catches per-record errors but never returns `batchItemFailures`: failed records are deleted as if they succeeded. Collect `{ itemIdentifier }` for each failure and return `{ batchItemFailures }`.',
      wholeBatch:
        'This {{source}} handler processes records one by one but never returns `batchItemFailures`: one failing record retries the whole batch, re-processing the records that succeeded. Catch per record and return `{ batchItemFailures }`.',
    },
  },
  defaultOptions: [],
  create: (context) => reportFindings(context, RULE_ID, check),
});
