/**
 * An asynchronously invoked function without a dead-letter queue or an on-failure destination
 * loses every event that still fails after Lambda's retries (two by default) or outlives the
 * maximum event age (six hours by default).
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html (lambda-facts.md §1.3, Part 3 #10, #11)
 */
import type { Check, Finding, Suggestion } from '../core/check.js';
import { propertyName, setPropertyEdit } from '../core/edits.js';
import type { FunctionFact, InfraFacts } from '../model/facts.js';
import { asyncWithoutDestination } from '../model/infra-model.js';
import { reportFindings } from '../eslint/report.js';
import { constructText, describeTriggers, newQueueText, writeName } from '../util/cdk-suggest.js';
import { createRule } from '../util/create-rule.js';
import { spellingOf } from '../model/spelling.js';

export const RULE_ID = 'require-async-failure-destination';

type MessageId = 'missing' | 'addDestination';

export const check: Check<MessageId> = (input) => {
  const findings: Finding<MessageId>[] = [];
  for (const { fn, triggers, model } of asyncWithoutDestination(input)) {
    if (model.deadLetterOf(fn).state !== 'absent') continue;
    const suggestion = suggest(fn, input.facts.infra);
    findings.push({
      messageId: 'missing',
      data: { triggers: describeTriggers(triggers), fix: spellingOf(fn.dialect, fn.spelling).asyncOnFailure },
      span: fn.headSpan,
      ...(suggestion ? { suggestions: [suggestion] } : {}),
    });
  }
  return findings;
};

function suggest(fn: FunctionFact, infra: InfraFacts): Suggestion<MessageId> | undefined {
  const destination = writeName(infra.names, 'SqsDestination');
  const queue = newQueueText(infra.names, fn.scopeText, fn.constructId === undefined ? undefined : `${fn.constructId}Failures`);
  if (!destination || queue === undefined) return undefined;
  const edit = setPropertyEdit(fn.props, 'onFailure', constructText(infra.names, destination.text, [queue]));
  return edit ? { messageId: 'addDestination', data: { setting: propertyName(fn.props, 'onFailure') }, edits: [...destination.edits, edit] } : undefined;
}

export default createRule<[], MessageId>({
  name: RULE_ID,
  meta: {
    type: 'problem',
    docs: {
      description: 'Require an on-failure destination or a dead-letter queue on asynchronously invoked functions',
      recommended: 'error',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      missing:
        'This function is invoked asynchronously ({{triggers}}) with neither an on-failure destination nor a dead-letter queue: an event that still fails after the retries (two by default), or waits longer than the maximum event age, is discarded. Add {{fix}}. Delivery DLQs on SNS subscriptions or EventBridge targets do not catch function errors.',
      addDestination: 'Add `{{setting}}` with a new SQS queue for failed events.',
    },
  },
  defaultOptions: [],
  create: (context) => reportFindings(context, RULE_ID, check),
});
