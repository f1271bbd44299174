/**
 * A queue's dead-letter queue must be of the queue's own type: FIFO for a FIFO queue, standard for
 * a standard one. SQS rejects the redrive policy otherwise, and the deployment fails.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
 * (lambda-facts.md §1.9)
 */
import type { Check, Finding } from '../core/check.js';
import { infraModelOf, targetFifo } from '../model/infra-model.js';
import type { ConstructKey, QueueFact, TargetRef } from '../model/facts.js';
import { reportFindings } from '../eslint/report.js';
import { createRule } from '../util/create-rule.js';

export const RULE_ID = 'valid-redrive-policy';

type MessageId = 'typeMismatch';

const TYPE = (fifo: boolean): string => (fifo ? 'a FIFO queue' : 'a standard queue');

export const check: Check<MessageId> = (input) => {
  const { facts } = input;
  // A queue's own redrive policy, and separate redrive resources (`aws_sqs_queue_redrive_policy`,
  // `aws.sqs.RedrivePolicy`) whose queue may be defined in another file.
  const pairs: { queue: QueueFact | ConstructKey; target: TargetRef }[] = [
    ...facts.infra.queues.flatMap((q) => (q.redriveTarget ? [{ queue: q, target: q.redriveTarget }] : [])),
    ...(facts.infra.redriveTargets ?? []),
  ];
  // Nothing to judge here: do not build the project model.
  if (pairs.length === 0) return [];
  const model = infraModelOf(input);
  const findings: Finding<MessageId>[] = [];
  for (const { queue: q, target } of pairs) {
    const queue = typeof q === 'string' ? model.queueAt(q) : q;
    if (!queue || queue.fifo.state === 'unknown') continue;
    const fifo = queue.fifo.state === 'known' && queue.fifo.value;
    const dlqFifo = targetFifo(model, target);
    if (dlqFifo === undefined || dlqFifo === fifo) continue;
    findings.push({ messageId: 'typeMismatch', data: { queue: TYPE(fifo), dlq: TYPE(dlqFifo) }, span: target.span });
  }
  return findings;
};

export default createRule<[], MessageId>({
  name: RULE_ID,
  meta: {
    type: 'problem',
    docs: {
      description: "Enforce a dead-letter queue of the same type as its source queue (FIFO for FIFO, standard for standard)",
      recommended: 'error',
    },
    schema: [],
    messages: {
      typeMismatch:
        'This redrive policy sends messages of {{queue}} to {{dlq}}: SQS requires a dead-letter queue of the same type, so the deployment fails. Use {{queue}} as its dead-letter queue.',
    },
  },
  defaultOptions: [],
  create: (context) => reportFindings(context, RULE_ID, check),
});
