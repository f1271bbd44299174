/**
 * A batch handler that ends before it has processed every record: Lambda counts every record of
 * a batch that ends without an error (and without `batchItemFailures`) as processed, so SQS
 * deletes the messages and a stream moves past the records that were never looked at.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html (lambda-facts.md §1.6–1.8)
 */
import type { Check, CheckInput, Finding } from '../core/check.js';
import type { HandlerFact } from '../model/facts.js';
import { effectiveBatchSize, isBatchMapping } from '../model/infra-model.js';
import { reportFindings } from '../eslint/report.js';
import { createRule } from '../util/create-rule.js';
import { effectiveSource, handlersOf, isBatchSource, SOURCE_LABEL } from '../util/handler-support.js';

export const RULE_ID = 'no-unprocessed-records';

type MessageId = 'earlyReturn' | 'firstRecordOnly';

export const check: Check<MessageId> = (input) => {
  const findings: Finding<MessageId>[] = [];
  for (const handler of handlersOf(input)) findings.push(...judge(handler, input));
  return findings;
};

function judge(handler: HandlerFact, input: CheckInput): Finding<MessageId>[] {
  if (handler.unprocessed.length === 0 || handler.usesPowertoolsBatch || handler.usesMiddyBatchResponse) return [];
  const source = effectiveSource(handler, input);
  if (!isBatchSource(source.kind) || source.batchOfOne) return [];
  const data = { source: SOURCE_LABEL[source.kind] };
  const findings: Finding<MessageId>[] = [];
  for (const u of handler.unprocessed) {
    if (u.kind === 'return') {
      findings.push({ messageId: 'earlyReturn', data, span: u.span });
      continue;
    }
    // Reading only the first record is right for a batch of one: say so only when the linked
    // mappings show that more than one record arrives.
    const size = largestBatch(handler, input);
    if (size !== undefined && size > 1) findings.push({ messageId: 'firstRecordOnly', data: { ...data, size }, span: u.span });
  }
  return findings;
}

/** The largest batch the linked mappings deliver; `undefined` when none is linked or a size is not known. */
function largestBatch(handler: HandlerFact, input: CheckInput): number | undefined {
  const mappings = (input.project?.invocationsOf(input.filePath, handler.exportName) ?? []).flatMap((i) => i.mappings).filter((m) => isBatchMapping(m.mapping.kind));
  if (mappings.length === 0) return undefined;
  let largest = 0;
  for (const { mapping } of mappings) {
    const size = effectiveBatchSize(mapping);
    if (size === undefined) return undefined;
    largest = Math.max(largest, size);
  }
  return largest;
}

export default createRule<[], MessageId>({
  name: RULE_ID,
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow SQS, Kinesis and DynamoDB Streams handlers that end before processing every record of the batch',
      recommended: 'error',
    },
    schema: [],
    messages: {
      earlyReturn:
        'This `return` ends the {{source}} handler with records of the batch not yet processed: Lambda counts them as processed, so they are lost (deleted, never retried). Use `continue` to skip one record, or report the unprocessed records in `batchItemFailures`.',
      firstRecordOnly:
        'Only the first record of the {{source}} batch is processed, but the event source mapping delivers up to {{size}} at a time: the other records are lost (counted as processed, never retried). Process every record of `event.Records`, or set the batch size to 1.',
    },
  },
  defaultOptions: [],
  create: (context) => reportFindings(context, RULE_ID, check),
});
