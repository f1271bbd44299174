/**
 * An SQS, Kinesis or DynamoDB Streams mapping that delivers batches without
 * ReportBatchItemFailures retries the whole batch when one record fails.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 * https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html
 * (lambda-facts.md §1.8, §1.9, §2.1.1)
 */
import type { Check, Finding } from '../core/check.js';
import { setPropertyEdit } from '../core/edits.js';
import type { EventSourceKind, EventSourceMappingFact } from '../model/facts.js';
import { effectiveBatchSize, mappingSpan, partialResponsesFix, partialResponsesInstruction, partialResponsesOff } from '../model/infra-model.js';
import { reportFindings } from '../eslint/report.js';
import { createRule } from '../util/create-rule.js';

export const RULE_ID = 'require-report-batch-item-failures';

type MessageId = 'missing' | 'disabled' | 'enable';

/** The consequence of a whole-batch retry, in the words of each source. */
const CONSEQUENCE: Partial<Record<EventSourceKind, string>> = {
  sqs: 'one failed message sends the whole batch back to the queue and every message in it is processed again',
  kinesis: 'one failed record makes Lambda retry the whole batch, re-processing every record in it while the shard waits',
  dynamodb: 'one failed record makes Lambda retry the whole batch, re-processing every record in it while the shard waits',
  stream: 'one failed record makes Lambda retry the whole batch, re-processing every record in it while the shard waits',
};

export const check: Check<MessageId> = (input) => {
  const findings: Finding<MessageId>[] = [];
  for (const mapping of input.facts.infra.mappings) {
    const finding = judge(mapping);
    if (!finding) continue;
    const { project } = input;
    const model = project?.infraModel(input.filePath);
    // When the linked handler already returns batchItemFailures, batch-response-ignored reports
    // this mapping with the sharper message: one finding per mistake. (Asked only now: reading
    // the handler costs a parse.)
    const fn = model?.functionOf(mapping);
    if (fn && project?.handlersOfMapping(fn, input.filePath, mapping).some((h) => h.handler.returnsBatchResponse === 'yes')) continue;
    findings.push(finding);
  }
  return findings;
};

function judge(mapping: EventSourceMappingFact): Finding<MessageId> | undefined {
  const consequence = CONSEQUENCE[mapping.kind];
  if (consequence === undefined) return undefined;
  const rbif = mapping.reportBatchItemFailures;
  if (partialResponsesOff(mapping) !== true) return undefined;
  const batchSize = effectiveBatchSize(mapping);
  // A batch of one fails alone: there is nothing to report partially.
  if (batchSize === undefined || batchSize <= 1) return undefined;

  const existing = rbif.state === 'known' ? rbif.span : undefined;
  const syntax = mapping.reportBatchItemFailuresSyntax;
  const edit = setPropertyEdit(mapping.props, syntax.key, syntax.value, existing);
  const span = rbif.state === 'known' ? rbif.span : mappingSpan(mapping);
  const fix = partialResponsesFix(mapping);
  return {
    messageId: rbif.state === 'known' ? 'disabled' : 'missing',
    data: { construct: mapping.construct, batchSize, consequence, instruction: partialResponsesInstruction(mapping) },
    span,
    ...(edit ? { suggestions: [{ messageId: 'enable' as const, data: { fix }, edits: [edit] }] } : {}),
  };
}

export default createRule<[], MessageId>({
  name: RULE_ID,
  meta: {
    type: 'problem',
    docs: {
      description: 'Require `reportBatchItemFailures` on SQS, Kinesis and DynamoDB Streams event sources that deliver batches',
      recommended: 'error',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      missing:
        'This {{construct}} delivers batches of up to {{batchSize}} without partial batch responses: {{consequence}}. To retry only the failed records, {{instruction}} and return `batchItemFailures` from the handler.',
      disabled:
        'Partial batch responses are off on this {{construct}}, which delivers batches of up to {{batchSize}}: {{consequence}}. To retry only the failed records, {{instruction}} and return `batchItemFailures` from the handler.',
      enable: 'Set `{{fix}}` (the handler must then list its failed records in `batchItemFailures`).',
    },
  },
  defaultOptions: [],
  create: (context) => reportFindings(context, RULE_ID, check),
});
