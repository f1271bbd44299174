/**
 * A Powertools batch processor built for another event source than the function's, or a
 * parallel processor on a FIFO queue.
 * https://docs.powertools.aws.dev/lambda/typescript/latest/features/batch/ (lambda-facts.md Part 5, Part 3 #5)
 */
import type { Check, Finding } from '../core/check.js';
import type { HandlerSourceKind } from '../model/facts.js';
import { reportFindings } from '../eslint/report.js';
import { createRule } from '../util/create-rule.js';
import { effectiveSource, isBatchSource, SOURCE_LABEL } from '../util/handler-support.js';

export const RULE_ID = 'batch-processor-mismatch';

type MessageId = 'wrongEventType' | 'notFifo';

const EVENT_TYPE: Readonly<Record<string, string>> = { sqs: 'EventType.SQS', kinesis: 'EventType.KinesisDataStreams', dynamodb: 'EventType.DynamoDBStreams' };

export const check: Check<MessageId> = (input) => {
  const { facts } = input;
  // Before asking for the project: building it is the expensive part.
  if (facts.powertoolsProcessors.length === 0 || !input.project) return [];
  // The infrastructure's view of the file's handlers that use Powertools.
  const sources = facts.handlers
    .filter((h) => h.usesPowertoolsBatch)
    .map((h) => effectiveSource(h, input))
    .filter((s) => s.fromInfra);
  const kinds = new Set<HandlerSourceKind>(sources.map((s) => s.kind));
  if (kinds.size !== 1) return [];
  const kind = [...kinds][0] as HandlerSourceKind;
  if (!isBatchSource(kind)) return [];
  const fifo = sources.some((s) => s.fifo === true);
  const findings: Finding<MessageId>[] = [];
  for (const processor of facts.powertoolsProcessors) {
    if (isBatchSource(processor.kind) && processor.kind !== kind) {
      findings.push({
        messageId: 'wrongEventType',
        data: { construct: processor.construct, processorSource: SOURCE_LABEL[processor.kind], source: SOURCE_LABEL[kind], eventType: EVENT_TYPE[kind] ?? kind },
        span: processor.span,
      });
    } else if (fifo && !processor.fifo) {
      findings.push({ messageId: 'notFifo', data: { construct: processor.construct }, span: processor.span });
    }
  }
  return findings;
};

export default createRule<[], MessageId>({
  name: RULE_ID,
  meta: {
    type: 'problem',
    docs: {
      description: "Enforce that a Powertools batch processor matches the function's real event source",
      recommended: 'error',
    },
    schema: [],
    messages: {
      wrongEventType:
        "This {{construct}} is built for {{processorSource}} records, but the function is fed by {{source}}: the failed records' identifiers are read from the wrong fields, so Lambda cannot match them and the failures are not retried as intended. Use `{{eventType}}`.",
      notFifo:
        '{{construct}} processes records in parallel and keeps going after a failure, but the function is fed by a FIFO queue: messages of a group are processed out of order. Use `SqsFifoPartialProcessor`.',
    },
  },
  defaultOptions: [],
  create: (context) => reportFindings(context, RULE_ID, check),
});
