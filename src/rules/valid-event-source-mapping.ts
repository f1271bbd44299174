/**
 * Event source mapping settings AWS rejects at deployment: a batch size above the source's
 * maximum (10 for an SQS FIFO queue, 10,000 otherwise), a batching window above 300 seconds, or
 * any batching window on a FIFO queue.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html
 * https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html (lambda-facts.md §1.9, Part 3 #5)
 */
import type { Check, Finding } from '../core/check.js';
import type { EventSourceMappingFact } from '../model/facts.js';
import { infraModelOf, type InfraModel } from '../model/infra-model.js';
import { reportFindings } from '../eslint/report.js';
import { createRule } from '../util/create-rule.js';

export const RULE_ID = 'valid-event-source-mapping';

type MessageId = 'fifoBatchSize' | 'batchSize' | 'fifoWindow' | 'window' | 'clamp';

/** The largest batch each source accepts (Kafka and MQ are not judged). */
const MAX_BATCH: Partial<Record<EventSourceMappingFact['kind'], number>> = { sqs: 10_000, kinesis: 10_000, dynamodb: 10_000 };
const FIFO_MAX_BATCH = 10;
const MAX_WINDOW = 300;

/** Whether the mapping reads a FIFO queue: `undefined` when the queue is not known. */
function readsFifo(model: InfraModel, m: EventSourceMappingFact): boolean | undefined {
  if (m.kind !== 'sqs') return false;
  const fifo = model.queueOf(m)?.fifo;
  if (fifo === undefined || fifo.state === 'unknown') return undefined;
  return fifo.state === 'known' && fifo.value;
}

export const check: Check<MessageId> = (input) => {
  const { facts } = input;
  const mappings = facts.infra.mappings.filter((m) => MAX_BATCH[m.kind] !== undefined && (m.batchSize.state === 'known' || m.maxBatchingWindow.state === 'known'));
  // Nothing to judge here: do not build the project model.
  if (mappings.length === 0) return [];
  const model = infraModelOf(input);
  const findings: Finding<MessageId>[] = [];
  for (const m of mappings) {
    const fifo = readsFifo(model, m);
    const size = m.batchSize;
    if (size.state === 'known') {
      const max = fifo === true ? FIFO_MAX_BATCH : (MAX_BATCH[m.kind] as number);
      if (size.value > max) {
        findings.push({
          messageId: fifo === true ? 'fifoBatchSize' : 'batchSize',
          data: { size: size.value, max },
          span: size.span,
          // The value is a plain number in every TypeScript dialect; elsewhere the edit is left to the user.
          ...(m.dialect === 'cdk' || m.dialect === 'pulumi' ? { suggestions: [{ messageId: 'clamp' as const, data: { to: String(max) }, edits: [{ range: size.span.range, text: String(max) }] }] } : {}),
        });
      }
    }
    const window = m.maxBatchingWindow;
    if (window.state === 'known') {
      if (fifo === true && window.value > 0) findings.push({ messageId: 'fifoWindow', data: { seconds: window.value }, span: window.span });
      else if (window.value > MAX_WINDOW) findings.push({ messageId: 'window', data: { seconds: window.value }, span: window.span });
    }
  }
  return findings;
};

export default createRule<[], MessageId>({
  name: RULE_ID,
  meta: {
    type: 'problem',
    docs: {
      description: 'Enforce event source mapping batch sizes and batching windows that AWS accepts, FIFO queues included',
      recommended: 'error',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      fifoBatchSize:
        'This mapping reads an SQS FIFO queue, whose batches hold at most {{max}} messages, not {{size}}: the deployment fails.',
      batchSize: 'The batch size is at most {{max}}, not {{size}}: the deployment fails.',
      fifoWindow:
        'SQS FIFO queues do not support a batching window ({{seconds}} s here): the deployment fails. Remove it; a FIFO mapping invokes as soon as messages are available.',
      window: 'The batching window is at most 300 seconds, not {{seconds}}: the deployment fails.',
      clamp: 'Use {{to}}.',
    },
  },
  defaultOptions: [],
  create: (context) => reportFindings(context, RULE_ID, check),
});
