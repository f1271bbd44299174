/**
 * A function-level dead-letter queue keeps only the event (and a 1 KB error message); an
 * on-failure destination receives an invocation record with the request, the response and the
 * error. https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
 * (lambda-facts.md §1.5)
 */
import type { Check, Finding, Suggestion } from '../core/check.js';
import type { FunctionFact, InfraFacts } from '../model/facts.js';
import { asyncWithoutDestination } from '../model/infra-model.js';
import { reportFindings } from '../eslint/report.js';
import { propertyText } from '../core/edits.js';
import { constructText, describeTriggers, writeName } from '../util/cdk-suggest.js';
import { createRule } from '../util/create-rule.js';

export const RULE_ID = 'prefer-destinations-over-dlq';

type MessageId = 'preferDestination' | 'useDestination';

export const check: Check<MessageId> = (input) => {
  const findings: Finding<MessageId>[] = [];
  for (const { fn, triggers } of asyncWithoutDestination(input)) {
    if (fn.deadLetter.state !== 'known') continue;
    const span = fn.deadLetterSpan?.property ?? fn.headSpan;
    const suggestion = suggest(fn, input.facts.infra);
    findings.push({
      messageId: 'preferDestination',
      data: { triggers: describeTriggers(triggers) },
      span,
      ...(suggestion ? { suggestions: [suggestion] } : {}),
    });
  }
  return findings;
};

function suggest(fn: FunctionFact, infra: InfraFacts): Suggestion<MessageId> | undefined {
  const dl = fn.deadLetter;
  const span = fn.deadLetterSpan;
  if (dl.state !== 'known' || dl.value === 'enabled' || !span) return undefined;
  const destination = writeName(infra.names, dl.value === 'queue' ? 'SqsDestination' : 'SnsDestination');
  if (!destination) return undefined;
  // The value's source text, moved into the destination.
  return {
    messageId: 'useDestination',
    data: { replacement: propertyText(fn.props, 'onFailure', constructText(infra.names, dl.value === 'queue' ? 'SqsDestination' : 'SnsDestination', ['…'])) },
    edits: [
      ...destination.edits,
      { range: [span.property.range[0], span.value.range[0]], text: `${propertyText(fn.props, 'onFailure', '')}${constructText(infra.names, destination.text, []).slice(0, -1)}` },
      { range: [span.value.range[1], span.value.range[1]], text: ')' },
    ],
  };
}

export default createRule<[], MessageId>({
  name: RULE_ID,
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Enforce on-failure destinations instead of dead-letter queues on asynchronously invoked functions',
      recommended: 'warn',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      preferDestination:
        'This function is invoked asynchronously ({{triggers}}) and keeps failed events in a dead-letter queue, which receives only the event and the first 1 KB of the error message: the stack trace, request and response context are lost. Use an on-failure destination, whose invocation record keeps them.',
      useDestination: 'Replace the dead-letter queue with `{{replacement}}`.',
    },
  },
  defaultOptions: [],
  create: (context) => reportFindings(context, RULE_ID, check),
});
