/**
 * A batch handler that processes records one by one but never reports which ones failed: a
 * caught error is lost (the batch "succeeds"), an uncaught one retries the whole batch.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html (lambda-facts.md §1.8)
 */
import type { Check, CheckInput, Finding } from '../core/check.js';
import type { HandlerFact, SwallowFact } from '../model/facts.js';
import { reportFindings } from '../eslint/report.js';
import { createRule } from '../util/create-rule.js';
import { combinatorSpelling, effectiveSource, handlersOf, isBatchSource, SOURCE_LABEL } from '../util/handler-support.js';

export const RULE_ID = 'require-batch-item-failures';

type MessageId = 'swallowed' | 'swallowedRest' | 'swallowedSettled' | 'swallowedFirst' | 'emptyResponse' | 'wholeBatch';

const SWALLOW_MESSAGE: Readonly<Record<SwallowFact['scope'], MessageId>> = { record: 'swallowed', rest: 'swallowedRest', settled: 'swallowedSettled', 'empty-response': 'emptyResponse', first: 'swallowedFirst' };

export const check: Check<MessageId> = (input) => {
  const findings: Finding<MessageId>[] = [];
  for (const handler of handlersOf(input)) findings.push(...judge(handler, input));
  return findings;
};

function judge(handler: HandlerFact, input: CheckInput): Finding<MessageId>[] {
  const { kind, batchOfOne } = effectiveSource(handler, input);
  if (!isBatchSource(kind)) return [];
  // A catch that drops a record's failure and returns a batch response that does not name it:
  // the record is lost, whatever the batch size and whoever builds the rest of the response.
  const emptied = handler.swallowed.filter((s) => s.scope === 'empty-response');
  if (emptied.length > 0) return emptied.map((s) => ({ messageId: 'emptyResponse', data: { source: SOURCE_LABEL[kind] }, span: s.span }));
  if (batchOfOne) return [];
  // The batch response is built for the handler, or may be: nothing to ask for.
  if (handler.usesPowertoolsBatch || handler.usesMiddyBatchResponse || handler.returnsBatchResponse !== 'no') return [];
  // A loop whose catch passes each failed record on (a hand-made dead letter) neither loses the
  // record nor fails the batch with it.
  const loop = handler.loops.find((l) => l.perRecordWork && !l.catches.some((c) => c.forwards === true));
  if (!loop) return [];
  const data = { source: SOURCE_LABEL[kind], ...combinatorSpelling(input.filePath) };
  // A dropped failure is lost, not retried: say so where it is dropped. Otherwise the loop's
  // failures fail the whole batch.
  if (handler.swallowed.length > 0) return handler.swallowed.map((s) => ({ messageId: SWALLOW_MESSAGE[s.scope], data: s.how ? { ...data, how: s.how, ends: s.how === 'Promise.any' ? 'succeeds' : 'finishes' } : data, span: s.span }));
  // A loop whose every failure is caught (and no catch loses a record: a parse's catch drops what
  // it cannot read on purpose) does not fail the batch.
  const failing = handler.loops.find((l) => l.perRecordWork && !l.catches.some((c) => c.forwards === true) && l.failuresCaught !== true);
  return failing ? [{ messageId: 'wholeBatch', data, span: failing.span }] : [];
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
        'This catch drops the failure of a {{source}} record, and the handler never returns `batchItemFailures`: the failed record is lost (deleted as if it had succeeded, never retried). Collect `{ itemIdentifier }` for each failure and return `{ batchItemFailures }`.',
      swallowedRest:
        'This catch around the processing of the whole {{source}} batch drops the failure: the failed record and every record not yet processed are lost (deleted as if they had succeeded, never retried). Catch per record and return `{ batchItemFailures }`.',
      emptyResponse:
        'This catch drops the failure of a {{source}} record and returns a `batchItemFailures` list that does not name it: Lambda counts the record as processed, so it is lost (never retried, nor sent to a dead-letter queue or failure destination). Add `{ itemIdentifier }` of the failed record to the list (or rethrow).',
      swallowedSettled:
        '{{settled}} never rejects, and the handler never returns `batchItemFailures`: the {{source}} records that failed are lost (deleted as if they had succeeded, never retried). Return the {{rejected}} records as `{ batchItemFailures }`.',
      swallowedFirst:
        "`{{how}}` stops waiting at the first {{source}} record that {{ends}}: the other records' failures are dropped (some records may not even be finished), and the handler never returns `batchItemFailures`, so those records are lost (deleted as if they had succeeded, never retried). Wait for every record with {{settled}} and return the {{rejected}} ones as `{ batchItemFailures }`.",
      wholeBatch:
        'This {{source}} handler processes records one by one but never returns `batchItemFailures`: one failing record retries the whole batch, re-processing the records that succeeded. Catch per record and return `{ batchItemFailures }`.',
    },
  },
  defaultOptions: [],
  create: (context) => reportFindings(context, RULE_ID, check),
});
