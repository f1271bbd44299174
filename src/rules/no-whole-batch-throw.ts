/**
 * Throwing out of per-record processing fails the whole batch: SQS returns every message to the
 * queue, streams retry the whole batch and hold the shard.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html (lambda-facts.md §1.6–1.8)
 */
import type { Check, Finding } from '../core/check.js';
import type { EscapingThrowFact } from '../model/facts.js';
import { reportFindings } from '../eslint/report.js';
import { createRule } from '../util/create-rule.js';
import { combinatorSpelling, effectiveSource, handlersOf, isBatchSource, SOURCE_LABEL } from '../util/handler-support.js';

export const RULE_ID = 'no-whole-batch-throw';

type MessageId = EscapingThrowFact['kind'];

export const check: Check<MessageId> = (input) => {
  const findings: Finding<MessageId>[] = [];
  for (const handler of handlersOf(input)) {
    const { kind, batchOfOne } = effectiveSource(handler, input);
    // A batch of one: the throw fails only its own record.
    if (!isBatchSource(kind) || batchOfOne) continue;
    for (const t of handler.escapingThrows) {
      findings.push({ messageId: t.kind, data: { source: SOURCE_LABEL[kind], callee: t.callee ?? '', ...combinatorSpelling(input.filePath) }, span: t.span });
    }
  }
  return findings;
};

export default createRule<[], MessageId>({
  name: RULE_ID,
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow throwing out of per-record processing in SQS, Kinesis and DynamoDB Streams handlers',
      recommended: 'error',
    },
    schema: [],
    messages: {
      throw:
        'This throw leaves the {{source}} handler from inside per-record processing: the whole batch fails and is retried, re-processing the records that succeeded. Catch it per record and report the record in `batchItemFailures`.',
      rethrow:
        'Rethrowing here fails the whole {{source}} batch: every record is retried, including those that succeeded. Report the record in `batchItemFailures` instead of rethrowing.',
      'promise-all':
        "{{all}} over the records {{rejects}} on the first failure and fails the whole {{source}} batch; the other records' outcomes are lost. Use {{settled}} and report the {{rejected}} records in `batchItemFailures`.",
      call:
        'This call throws from inside per-record processing (in a function of another module): the whole {{source}} batch fails and is retried, re-processing the records that succeeded. Catch per record and report the record in `batchItemFailures`.',
      parse:
        '`{{callee}}` throws on a malformed record, and nothing catches it per record: one bad record fails the whole {{source}} batch, and the batch is retried with it again and again. Parse inside the per-record `try` and report the record in `batchItemFailures`.',
      callback:
        '`callback(error)` per record fails the whole {{source}} batch: every record is retried. Collect the failed records and return them in `batchItemFailures`.',
    },
  },
  defaultOptions: [],
  create: (context) => reportFindings(context, RULE_ID, check),
});
