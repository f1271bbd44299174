/**
 * Asynchronous invocation settings have fixed ranges: `MaximumRetryAttempts` 0–2 and
 * `MaximumEventAgeInSeconds` 60–21600; and SQS event source mappings have no on-failure destination.
 * https://docs.aws.amazon.com/lambda/latest/api/API_FunctionEventInvokeConfig.html
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html (lambda-facts.md §1.3, §1.9, Part 3 #7, #8)
 * Destinations and dead-letter queues must be standard queues and topics: Lambda cannot deliver to
 * FIFO ones. https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html (§1.5, Part 3 #9)
 */
import type { Check, Finding } from '../core/check.js';
import { reportFindings } from '../eslint/report.js';
import { writeName } from '../util/cdk-suggest.js';
import { createRule } from '../util/create-rule.js';
import { spellingOf } from '../model/spelling.js';
import { infraModelOf, targetFifo, type InfraModel } from '../model/infra-model.js';
import type { TargetRef } from '../model/facts.js';

export const RULE_ID = 'valid-async-invoke-config';

type MessageId = 'retryRange' | 'ageRange' | 'sqsOnFailure' | 'fifoDestination' | 'fifoDeadLetter' | 'clamp' | 'removeOnFailure';

const RETRIES = { min: 0, max: 2 };
const AGE = { min: 60, max: 21600 };

export const check: Check<MessageId> = (input) => {
  const { facts } = input;
  const findings: Finding<MessageId>[] = [];
  const { names } = facts.infra;
  for (const config of facts.infra.asyncConfigs) {
    const retry = config.retryAttempts;
    if (retry.state === 'known' && config.retryAttemptsSpan && !(Number.isInteger(retry.value) && retry.value >= RETRIES.min && retry.value <= RETRIES.max)) {
      const to = Math.min(Math.max(Math.round(retry.value), RETRIES.min), RETRIES.max);
      findings.push({
        messageId: 'retryRange',
        data: { value: retry.value },
        span: config.retryAttemptsSpan,
        suggestions: [{ messageId: 'clamp', data: { to: String(to) }, edits: [{ range: config.retryAttemptsSpan.range, text: String(to) }] }],
      });
    }
    const age = config.maxEventAge;
    if (age.state === 'known' && config.maxEventAgeSpan && (age.value < AGE.min || age.value > AGE.max)) {
      const to = age.value < AGE.min ? AGE.min : AGE.max;
      const duration = writeName(names, 'Duration');
      findings.push({
        messageId: 'ageRange',
        data: { value: age.value },
        span: config.maxEventAgeSpan,
        ...(duration
          ? { suggestions: [{ messageId: 'clamp' as const, data: { to: `${to} s` }, edits: [...duration.edits, { range: config.maxEventAgeSpan.range, text: `${duration.text}.seconds(${to})` }] }] }
          : {}),
      });
    }
  }
  for (const m of facts.infra.mappings) {
    if (m.kind !== 'sqs' || m.onFailure.state !== 'known' || !m.onFailureSpan) continue;
    findings.push({
      messageId: 'sqsOnFailure',
      data: { fix: spellingOf(m.dialect, m.spelling).sqsInsteadOfOnFailure },
      span: m.onFailureSpan.property,
      suggestions: [{ messageId: 'removeOnFailure', edits: [{ range: m.onFailureSpan.removeRange, text: '' }] }],
    });
  }
  findings.push(...fifoTargets(input));
  return findings;
};

/** Destinations and dead-letter queues that are FIFO queues or topics. */
function fifoTargets(input: Parameters<Check>[0]): Finding<MessageId>[] {
  const { infra } = input.facts;
  const targets: { target: TargetRef; messageId: 'fifoDestination' | 'fifoDeadLetter' }[] = [
    ...infra.asyncConfigs.flatMap((c) => (c.destinationTargets ?? []).map((target) => ({ target, messageId: 'fifoDestination' as const }))),
    ...infra.functions.flatMap((f) => (f.deadLetterTarget ? [{ target: f.deadLetterTarget, messageId: 'fifoDeadLetter' as const }] : [])),
  ];
  if (targets.length === 0) return [];
  let model: InfraModel | undefined;
  const findings: Finding<MessageId>[] = [];
  const seen = new Set<string>();
  for (const { target, messageId } of targets) {
    model ??= infraModelOf(input);
    // A function's own `onFailure` is read both as its destination and as its async config.
    const at = `${target.span.range[0]}:${target.span.range[1]}`;
    if (seen.has(at) || targetFifo(model, target) !== true) continue;
    seen.add(at);
    findings.push({ messageId, span: target.span });
  }
  return findings;
}

export default createRule<[], MessageId>({
  name: RULE_ID,
  meta: {
    type: 'problem',
    docs: {
      description: 'Enforce valid asynchronous invocation settings, standard (not FIFO) destinations, and no on-failure destination on SQS mappings',
      recommended: 'error',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      retryRange:
        'Asynchronous retry attempts must be 0, 1 or 2, not {{value}}: the deployment fails. For longer retries, send failed events to an on-failure destination and replay them.',
      ageRange:
        'The maximum event age must be between 60 and 21600 seconds (six hours), not {{value}} s: the deployment fails.',
      sqsOnFailure:
        'SQS event source mappings have no on-failure destination: failed messages return to the queue, and its redrive policy moves them to a dead-letter queue. {{fix}}.',
      fifoDestination:
        'Lambda cannot send invocation records to a FIFO queue or topic, only to standard ones: every delivery fails (the `DestinationDeliveryFailures` metric), and the records are lost. Use a standard queue or topic.',
      fifoDeadLetter:
        "A function's dead-letter queue must be a standard SQS queue or SNS topic: Lambda does not support FIFO ones, so failed events never reach it. Use a standard queue or topic.",
      clamp: 'Use {{to}}.',
      removeOnFailure: 'Remove the on-failure destination.',
    },
  },
  defaultOptions: [],
  create: (context) => reportFindings(context, RULE_ID, check),
});
