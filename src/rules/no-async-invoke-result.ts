/**
 * An `Event` (asynchronous) invoke answers 202 and a `DryRun` 204, neither with the function's
 * result: reading `Payload` from them reads nothing.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html (lambda-facts.md §1.1, Part 3 #12)
 */
import type { Check } from '../core/check.js';
import { reportFindings } from '../eslint/report.js';
import { createRule } from '../util/create-rule.js';
import { spellingOf } from '../util/handler-support.js';

export const RULE_ID = 'no-async-invoke-result';

type MessageId = 'event' | 'dryRun';

export const check: Check<MessageId> = ({ facts, filePath }) =>
  facts.asyncInvokeResultReads.map((read) => ({
    messageId: read.invocationType === 'Event' ? 'event' : 'dryRun',
    // As the file's language writes the argument (boto3 takes it as a keyword argument).
    data: { invocation: spellingOf(filePath).asyncInvocation },
    span: read.span,
  }));

export default createRule<[], MessageId>({
  name: RULE_ID,
  meta: {
    type: 'problem',
    docs: {
      description: "Disallow reading the response payload of an `InvocationType: 'Event'` or `'DryRun'` invocation",
      recommended: 'error',
    },
    schema: [],
    messages: {
      event:
        "This invocation is asynchronous ({{invocation}}): Lambda queues the event and answers 202 without the function's result, so `Payload` is always empty. Check `StatusCode` to confirm it was queued, or invoke with `RequestResponse` if you need the result.",
      dryRun:
        "A `DryRun` invocation only validates the request and answers 204 without running the function, so `Payload` is always empty. Invoke with `RequestResponse` if you need the result.",
    },
  },
  defaultOptions: [],
  create: (context) => reportFindings(context, RULE_ID, check),
});
