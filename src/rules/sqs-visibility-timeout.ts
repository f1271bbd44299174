/**
 * AWS recommends a source queue visibility timeout of at least six times the function timeout
 * (plus the batching window); below the function timeout the mapping cannot even be created.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html (lambda-facts.md §1.9, Part 3 #14)
 */
import type { Check, Finding, Suggestion } from '../core/check.js';
import { propertyName, setPropertyEdit } from '../core/edits.js';
import type { Value } from '../core/values.js';
import type { InfraFacts, QueueFact } from '../model/facts.js';
import { infraModelOf } from '../model/infra-model.js';
import { reportFindings } from '../eslint/report.js';
import { writeName } from '../util/cdk-suggest.js';
import { createRule } from '../util/create-rule.js';

export const RULE_ID = 'sqs-visibility-timeout';

type MessageId = 'belowTimeout' | 'belowSixTimes' | 'setTimeout';

/** The SQS default visibility timeout (every dialect); function timeouts default per dialect. */
const DEFAULT_VISIBILITY = 30;

function orDefault(value: Value<number>, fallback: number): number | undefined {
  return value.state === 'known' ? value.value : value.state === 'absent' ? fallback : undefined;
}

export const check: Check<MessageId> = (input) => {
  const { facts } = input;
  // Nothing to judge here: do not build the project model.
  if (facts.infra.queues.length === 0) return [];
  const model = infraModelOf(input);
  const findings: Finding<MessageId>[] = [];
  // Reported on the queue (wherever its mappings and functions are written), against the most
  // demanding function that reads it.
  for (const queue of facts.infra.queues) {
    // `visibilityTimeout: fn.timeout`: that function's timeout, wherever it is defined.
    const from = queue.visibilityFromTimeoutOf === undefined ? undefined : model.functionAt(queue.visibilityFromTimeoutOf);
    const visibility = from ? orDefault(model.timeoutOf(from), from.defaultTimeout) : orDefault(queue.visibilityTimeout, DEFAULT_VISIBILITY);
    if (visibility === undefined) continue;
    let worst: { timeout: number; window: number; recommended: number } | undefined;
    for (const m of model.mappingsFeeding(queue)) {
      const fn = m.kind === 'sqs' ? model.functionOf(m) : undefined;
      const timeout = fn ? orDefault(model.timeoutOf(fn), fn.defaultTimeout) : undefined;
      const window = orDefault(m.maxBatchingWindow, 0);
      if (timeout === undefined || window === undefined) continue;
      const recommended = 6 * timeout + window;
      if (!worst || recommended > worst.recommended) worst = { timeout, window, recommended };
    }
    if (!worst || visibility >= worst.recommended) continue;
    const { timeout, window, recommended } = worst;
    const suggestion = suggest(queue, recommended, facts.infra);
    findings.push({
      messageId: visibility < timeout ? 'belowTimeout' : 'belowSixTimes',
      data: { visibility, timeout, window, recommended },
      span: queue.visibilityTimeoutSpan?.value ?? queue.headSpan,
      ...(suggestion ? { suggestions: [suggestion] } : {}),
    });
  }
  return findings;
};

function suggest(queue: QueueFact, seconds: number, infra: InfraFacts): Suggestion<MessageId> | undefined {
  const duration = writeName(infra.names, 'Duration');
  if (!duration) return undefined;
  const edit = setPropertyEdit(queue.props, 'visibilityTimeout', `${duration.text}.seconds(${seconds})`, queue.visibilityTimeoutSpan?.value);
  return edit ? { messageId: 'setTimeout', data: { recommended: seconds, setting: propertyName(queue.props, 'visibilityTimeout') }, edits: [...duration.edits, edit] } : undefined;
}

export default createRule<[], MessageId>({
  name: RULE_ID,
  meta: {
    type: 'problem',
    docs: {
      description: 'Enforce a source queue visibility timeout of at least six times the function timeout plus the batching window',
      recommended: 'error',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      belowTimeout:
        "The queue's visibility timeout ({{visibility}} s) is shorter than the function timeout ({{timeout}} s): Lambda refuses to create the event source mapping. Set it to at least {{recommended}} s (six times the function timeout plus the batching window).",
      belowSixTimes:
        "The queue's visibility timeout ({{visibility}} s) is below six times the function timeout ({{timeout}} s) plus the batching window ({{window}} s): a message whose invocation is retried after throttling or still running becomes visible again and is processed twice. Set it to at least {{recommended}} s.",
      setTimeout: 'Set `{{setting}}` to {{recommended}} seconds.',
    },
  },
  defaultOptions: [],
  create: (context) => reportFindings(context, RULE_ID, check),
});
