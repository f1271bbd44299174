/**
 * AWS recommends a source queue visibility timeout of at least six times the function timeout
 * (plus the batching window); below the function timeout the mapping cannot even be created.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html (lambda-facts.md §1.9, Part 3 #14)
 */
import type { Check, Finding, Suggestion } from '../core/check.js';
import { propertyName, setPropertyEdit } from '../core/edits.js';
import type { Value } from '../core/values.js';
import type { InfraFacts, QueueFact } from '../model/facts.js';
import { infraModelOf, type InfraModel } from '../model/infra-model.js';
import { reportFindings } from '../eslint/report.js';
import { writeName } from '../util/cdk-suggest.js';
import { createRule } from '../util/create-rule.js';

export const RULE_ID = 'sqs-visibility-timeout';

type MessageId = 'belowTimeout' | 'belowSixTimes' | 'sameParameter' | 'setTimeout';

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
    const visibilityValue = from ? model.timeoutOf(from) : model.visibilityOf(queue);
    const visibility = from ? orDefault(visibilityValue, from.defaultTimeout) : orDefault(visibilityValue, DEFAULT_VISIBILITY);
    if (visibility === undefined) {
      const same = sameParameter(queue, visibilityValue, model);
      if (same) findings.push(same);
      continue;
    }
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

/**
 * The visibility and a feeding function's timeout both taken from one parameter of the construct
 * that makes them (`Duration.seconds(timeout)` for each): whatever the calls give, their ratio is
 * the one written, and below six the queue is too short for every value.
 */
function sameParameter(queue: QueueFact, visibility: Value<number>, model: InfraModel): Finding<MessageId> | undefined {
  if (visibility.state !== 'unknown' || visibility.param === undefined) return undefined;
  const param = visibility.param;
  for (const m of model.mappingsFeeding(queue)) {
    const fn = m.kind === 'sqs' ? model.functionOf(m) : undefined;
    const timeout = fn ? model.timeoutOf(fn) : undefined;
    const window = orDefault(m.maxBatchingWindow, 0);
    // The same key names the same parameter only within one file: the function must be this file's.
    if (!fn || !model.facts.functions.includes(fn) || timeout?.state !== 'unknown' || timeout.param?.key !== param.key || window !== 0) continue;
    const other = timeout.param;
    if ((param.scale === undefined) !== (other.scale === undefined)) continue;
    const ratio = (param.scale ?? 1) / (other.scale ?? 1);
    // A call that does not give the parameter: each takes its own default, which must be as short.
    const required = param.default === undefined && other.default === undefined && !param.unsetIfNotGiven && !other.unsetIfNotGiven;
    const defaultsShort = param.default !== undefined && other.default !== undefined && other.default > 0 && param.default < 6 * other.default;
    if (ratio >= 6 || !(required || defaultsShort)) continue;
    return {
      messageId: 'sameParameter',
      data: { parameter: param.name, ratio: Math.round(ratio * 1000) / 1000 },
      span: queue.visibilityTimeoutSpan?.value ?? queue.headSpan,
    };
  }
  return undefined;
}

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
      sameParameter:
        "The queue's visibility timeout and the function timeout both come from `{{parameter}}`, the visibility {{ratio}} times the timeout: whatever value the construct is given, the visibility is below six times the function timeout, and a message whose invocation is retried after throttling or still running becomes visible again and is processed twice. Make the visibility at least six times the timeout plus the batching window.",
      setTimeout: 'Set `{{setting}}` to {{recommended}} seconds.',
    },
  },
  defaultOptions: [],
  create: (context) => reportFindings(context, RULE_ID, check),
});
