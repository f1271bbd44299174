/**
 * A queue that feeds a function without a redrive policy receives a poison message forever: it
 * returns after every visibility timeout until the retention period deletes it.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html (lambda-facts.md §1.9)
 */
import type { Check, Finding, Suggestion } from '../core/check.js';
import { propertyText, setPropertyEdit } from '../core/edits.js';
import type { InfraFacts, QueueFact } from '../model/facts.js';
import { infraModelOf } from '../model/infra-model.js';
import { spellingOf } from '../model/spelling.js';
import { reportFindings } from '../eslint/report.js';
import { newQueueText, redrivePolicyText } from '../util/cdk-suggest.js';
import { createRule } from '../util/create-rule.js';

export const RULE_ID = 'require-source-queue-redrive';

type MessageId = 'missing' | 'addRedrive';

export const check: Check<MessageId> = (input) => {
  const { facts } = input;
  // Nothing to judge here: do not build the project model.
  if (facts.infra.queues.length === 0) return [];
  const model = infraModelOf(input);
  const findings: Finding<MessageId>[] = [];
  // Reported on the queue, wherever the mapping that reads it is written.
  for (const queue of facts.infra.queues) {
    if (queue.redrive.state !== 'absent' || model.redrivenElsewhere(queue)) continue;
    if (!model.mappingsFeeding(queue).some((m) => m.kind === 'sqs')) continue;
    const suggestion = suggest(queue, facts.infra);
    findings.push({ messageId: 'missing', data: { fix: spellingOf(queue.dialect, queue.spelling).queueRedrive }, span: queue.headSpan, ...(suggestion ? { suggestions: [suggestion] } : {}) });
  }
  return findings;
};

function suggest(queue: QueueFact, infra: InfraFacts): Suggestion<MessageId> | undefined {
  const fifo = queue.fifo.state === 'known' && queue.fifo.value;
  if (queue.fifo.state === 'unknown') return undefined;
  const dlq = newQueueText(infra.names, queue.scopeText, queue.constructId === undefined ? undefined : `${queue.constructId}Dlq`, fifo);
  if (dlq === undefined) return undefined;
  const policy = redrivePolicyText(infra.names, dlq);
  const edit = policy === undefined ? undefined : setPropertyEdit(queue.props, 'deadLetterQueue', policy);
  return edit ? { messageId: 'addRedrive', data: { count: propertyText(queue.props, 'maxReceiveCount', '5') }, edits: [edit] } : undefined;
}

export default createRule<[], MessageId>({
  name: RULE_ID,
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a redrive policy on SQS queues that feed a Lambda function',
      recommended: 'error',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      missing:
        'This queue feeds a Lambda function but has no redrive policy: a message that always fails is received again after every visibility timeout, costing an invocation each time, until the retention period deletes it. Add {{fix}}.',
      addRedrive: 'Add a dead-letter queue with `{{count}}`.',
    },
  },
  defaultOptions: [],
  create: (context) => reportFindings(context, RULE_ID, check),
});
