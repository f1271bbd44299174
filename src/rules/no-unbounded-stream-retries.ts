/**
 * Kinesis and DynamoDB Streams mappings retry a failing batch until its records expire (-1 retries,
 * -1 record age by default): one poison record blocks its shard for up to a week (Kinesis) or a day
 * (DynamoDB Streams). https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html
 * (lambda-facts.md §1.7, Part 3 #7)
 */
import type { Check, Finding, Suggestion } from '../core/check.js';
import type { Value } from '../core/values.js';
import { propertySeparator, propertyText, setPropertyEdit } from '../core/edits.js';
import type { EventSourceMappingFact, InfraFacts } from '../model/facts.js';
import { infraModelOf, mappingSpan } from '../model/infra-model.js';
import { spellingOf } from '../model/spelling.js';
import { reportFindings } from '../eslint/report.js';
import { booleanText, newStreamFailureQueue } from '../util/cdk-suggest.js';
import { createRule } from '../util/create-rule.js';

export const RULE_ID = 'no-unbounded-stream-retries';

type MessageId = 'unbounded' | 'boundRetries';

const SHARD_WAIT = { kinesis: 'up to a week (the stream retention)', dynamodb: 'up to a day (the stream retention)', stream: "until its records expire (a day on DynamoDB Streams, the stream's retention on Kinesis)" } as const;

/** Unlimited: not set (the default is -1) or set to -1. */
function unlimited(value: Value<number>): boolean | undefined {
  if (value.state === 'unknown') return undefined;
  return value.state === 'absent' || value.value === -1;
}

export const check: Check<MessageId> = (input) => {
  const { facts } = input;
  // Nothing to judge here: do not build the project model.
  if (facts.infra.mappings.length === 0) return [];
  const model = infraModelOf(input);
  const findings: Finding<MessageId>[] = [];
  for (const m of facts.infra.mappings) {
    if (m.kind !== 'kinesis' && m.kind !== 'dynamodb' && m.kind !== 'stream') continue;
    if (unlimited(m.retryAttempts) !== true || unlimited(m.maxRecordAge) !== true) continue;
    if (m.onFailure.state !== 'absent') continue;
    if (m.bisectBatchOnError.state === 'unknown' || (m.bisectBatchOnError.state === 'known' && m.bisectBatchOnError.value)) continue;
    const suggestion = suggest(m, facts.infra, model.functionOf(m)?.scopeText);
    findings.push({
      messageId: 'unbounded',
      data: { construct: m.construct, wait: SHARD_WAIT[m.kind], fix: spellingOf(m.dialect, m.spelling).streamBounds },
      span: mappingSpan(m),
      ...(suggestion ? { suggestions: [suggestion] } : {}),
    });
  }
  return findings;
};

/** Bounded retries, bisection, and an on-failure destination so that nothing is dropped silently. */
function suggest(m: EventSourceMappingFact, infra: InfraFacts, scope: string | undefined): Suggestion<MessageId> | undefined {
  // Only where the edit cannot collide with a property already written (`bisectBatchOnError: false`).
  if (m.construct === 'CfnEventSourceMapping' || m.props.kind !== 'inline' || m.bisectBatchOnError.state !== 'absent') return undefined;
  const destination = newStreamFailureQueue(infra.names, scope, m.construct);
  if (!destination) return undefined;
  const existing = m.retryAttempts.state === 'known' ? m.retryAttempts.span : undefined;
  const sep = propertySeparator(m.props);
  const edit = setPropertyEdit(m.props, 'retryAttempts', `3,${sep}${propertyText(m.props, 'bisectBatchOnError', booleanText(infra.names, true))},${sep}${propertyText(m.props, 'onFailure', destination.text)}`, existing);
  return edit ? { messageId: 'boundRetries', edits: [...destination.edits, edit] } : undefined;
}

export default createRule<[], MessageId>({
  name: RULE_ID,
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow Kinesis and DynamoDB Streams mappings that retry a failing batch until its records expire',
      recommended: 'error',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      unbounded:
        'This {{construct}} retries a failing batch with no limit on attempts or record age, and has no on-failure destination or bisection: one record that always fails blocks its shard for {{wait}}, and is then dropped. Set {{fix}} to keep the records that give up.',
      boundRetries: 'Retry 3 times, bisect failing batches, and send records that give up to a new SQS queue.',
    },
  },
  defaultOptions: [],
  create: (context) => reportFindings(context, RULE_ID, check),
});
