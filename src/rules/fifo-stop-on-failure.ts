/**
 * An SQS FIFO handler must stop at the first failure and report it with every message not yet
 * processed; processing on, or in parallel, delivers later messages of a group before earlier ones.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html (lambda-facts.md §1.8, Part 3 #5)
 */
import type { Check, Finding } from '../core/check.js';
import { reportFindings } from '../eslint/report.js';
import { createRule } from '../util/create-rule.js';
import { effectiveSource, handlersOf, spellingOf } from '../util/handler-support.js';

export const RULE_ID = 'fifo-stop-on-failure';

type MessageId = 'continues' | 'concurrent';

export const check: Check<MessageId> = (input) => {
  const findings: Finding<MessageId>[] = [];
  for (const handler of handlersOf(input)) {
    const source = effectiveSource(handler, input);
    if (source.kind !== 'sqs' || source.fifo !== true || source.batchOfOne) continue;
    for (const loop of handler.loops) {
      if (loop.concurrent) {
        findings.push({ messageId: 'concurrent', data: { how: spellingOf(input.filePath).combinator(loop.concurrent) }, span: loop.span });
        continue;
      }
      for (const c of loop.catches) {
        // A catch that sets a flag may stop the loop itself: cannot tell, stay silent.
        if (!c.rethrows && !c.exitsLoop && !c.setsOuterState) findings.push({ messageId: 'continues', span: c.span });
      }
    }
  }
  return findings;
};

export default createRule<[], MessageId>({
  name: RULE_ID,
  meta: {
    type: 'problem',
    docs: {
      description: 'Require SQS FIFO handlers to stop at the first failure and process messages in order',
      recommended: 'error',
    },
    schema: [],
    messages: {
      continues:
        'This FIFO handler keeps processing after a message fails: later messages of the same group run before the failed one is retried, breaking order. Stop here and report this message and every unprocessed one in `batchItemFailures` (or use Powertools `SqsFifoPartialProcessor`).',
      concurrent:
        'FIFO messages processed concurrently ({{how}}) run out of order within a message group. Process them one by one and stop at the first failure (or use Powertools `SqsFifoPartialProcessor`).',
    },
  },
  defaultOptions: [],
  create: (context) => reportFindings(context, RULE_ID, check),
});
