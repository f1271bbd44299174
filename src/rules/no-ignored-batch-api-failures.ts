/**
 * Batch writes of the AWS SDK do not fail when some entries fail: they return them
 * (`UnprocessedItems`, `FailedEntryCount`, `Failed`, `FailedRecordCount`, `FailedPutCount`). Code
 * that never reads them goes on as if every entry was written; in a Lambda handler the invocation
 * succeeds and the event or the batch's records are not retried.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html (and the other
 * services' batch APIs, see src/analyzers/code/batch-results.ts)
 */
import type { Check } from '../core/check.js';
import { reportFindings } from '../eslint/report.js';
import { createRule } from '../util/create-rule.js';

export const RULE_ID = 'no-ignored-batch-api-failures';

type MessageId = 'ignored';

const list = (fields: readonly string[]): string => fields.map((f) => `\`${f}\``).join(' or ');

export const check: Check<MessageId> = ({ facts }) =>
  (facts.ignoredBatchFailures ?? []).map((f) => ({
    messageId: 'ignored',
    data: { call: f.written, fields: list(f.fields), entries: f.entries },
    span: f.span,
  }));

export default createRule<[], MessageId>({
  name: RULE_ID,
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow AWS SDK batch writes whose partial failures are never checked',
      recommended: 'warn',
    },
    schema: [],
    messages: {
      ignored:
        '`{{call}}` does not fail when some of its {{entries}} fail: it returns them in {{fields}}, which this code never reads, so it goes on as if they were written and they are lost. Check the response and retry the failed {{entries}}, or fail (in a batch handler, report the records they came from in `batchItemFailures`).',
    },
  },
  defaultOptions: [],
  create: (context) => reportFindings(context, RULE_ID, check),
});
