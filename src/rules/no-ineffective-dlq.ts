/**
 * A function-level dead-letter queue serves only asynchronous invocations. Event source
 * mappings (SQS, Kinesis, DynamoDB Streams) and synchronous callers never send anything to it.
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html (lambda-facts.md §1.4, §1.5, §1.9)
 */
import type { Check, Finding } from '../core/check.js';
import { infraModelOf, invokersOf } from '../model/infra-model.js';
import { reportFindings } from '../eslint/report.js';
import { createRule } from '../util/create-rule.js';
import { spellingOf } from '../model/spelling.js';

export const RULE_ID = 'no-ineffective-dlq';

type MessageId = 'sqsSource' | 'streamSource' | 'syncOnly' | 'remove';

export const check: Check<MessageId> = (input) => {
  const { facts } = input;
  // Nothing to judge here: do not build the project model.
  if (facts.infra.functions.length === 0) return [];
  const model = infraModelOf(input);
  const findings: Finding<MessageId>[] = [];
  for (const fn of facts.infra.functions) {
    const invokers = invokersOf(model, fn);
    // (An instance of a helper's function has no span of its own for its dead-letter setting: found at its call.)
    if (fn.deadLetter.state !== 'known') continue;
    // Only when every invoker is known, and none is asynchronous.
    if (invokers.async.length > 0 || invokers.objectEscapes || invokers.mayHaveUnknownCallers) continue;
    if (invokers.mappings + invokers.sync === 0) continue;
    const kinds = new Set(model.mappingsOf(fn).map((m) => m.kind));
    const messageId: MessageId = kinds.has('sqs') ? 'sqsSource' : invokers.mappings > 0 ? 'streamSource' : 'syncOnly';
    findings.push({
      messageId,
      data: { fix: messageId === 'sqsSource' ? spellingOf(fn.dialect, fn.spelling).queueRedriveShort : spellingOf(fn.dialect, fn.spelling).mappingOnFailure },
      span: fn.deadLetterSpan?.property ?? fn.headSpan,
      ...(fn.deadLetterSpan ? { suggestions: [{ messageId: 'remove' as const, edits: [{ range: fn.deadLetterSpan.removeRange, text: '' }] }] } : {}),
    });
  }
  return findings;
};

export default createRule<[], MessageId>({
  name: RULE_ID,
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow function-level dead-letter queues on functions that are never invoked asynchronously',
      recommended: 'error',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      sqsSource:
        'This dead-letter queue never receives anything: the function is invoked only by event source mappings, which invoke synchronously. Failed SQS messages stay in the source queue; put the dead-letter queue on its redrive policy ({{fix}}).',
      streamSource:
        'This dead-letter queue never receives anything: the function is invoked only by event source mappings, which invoke synchronously. Give the mapping an on-failure destination ({{fix}}) instead.',
      syncOnly:
        'This dead-letter queue never receives anything: the function is only invoked synchronously, and callers receive its errors themselves.',
      remove: 'Remove the function-level dead-letter queue.',
    },
  },
  defaultOptions: [],
  create: (context) => reportFindings(context, RULE_ID, check),
});
