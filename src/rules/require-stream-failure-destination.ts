/**
 * A Kinesis or DynamoDB Streams mapping that bounds its retries (`MaximumRetryAttempts`) or its
 * record age (`MaximumRecordAgeInSeconds`) discards the records that are still failing when the
 * bound is reached; only an on-failure destination keeps a trace of them.
 * https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html
 * https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html (lambda-facts.md §1.7)
 *
 * The unbounded case (both unlimited) is `no-unbounded-stream-retries`; SQS mappings have no
 * destination at all (the queue's redrive policy keeps failed messages, `require-source-queue-redrive`).
 */
import type { Check, Finding, Suggestion } from '../core/check.js';
import type { Value } from '../core/values.js';
import { setPropertyEdit } from '../core/edits.js';
import type { EventSourceMappingFact, InfraFacts } from '../model/facts.js';
import { infraModelOf, isStreamMapping, mappingSpan } from '../model/infra-model.js';
import { spellingOf } from '../model/spelling.js';
import { reportFindings } from '../eslint/report.js';
import { newStreamFailureQueue } from '../util/cdk-suggest.js';
import { createRule } from '../util/create-rule.js';

export const RULE_ID = 'require-stream-failure-destination';

type MessageId = 'discards' | 'addDestination';

/** The bound a value sets, in words; `undefined` when it sets none (not given, -1) or is not known. */
function bound(value: Value<number>, describe: (n: number) => string): string | undefined {
  return value.state === 'known' && value.value !== -1 ? describe(value.value) : undefined;
}

const retries = (n: number): string => (n === 0 ? 'the first failure (no retries)' : `${n} ${n === 1 ? 'retry' : 'retries'}`);
const age = (seconds: number): string => `its records are ${duration(seconds)} old`;

function duration(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

export const check: Check<MessageId> = (input) => {
  const { facts } = input;
  if (!facts.infra.mappings.some((m) => isStreamMapping(m.kind))) return [];
  const findings: Finding<MessageId>[] = [];
  let model: ReturnType<typeof infraModelOf> | undefined;
  for (const m of facts.infra.mappings) {
    if (!isStreamMapping(m.kind)) continue;
    if (m.onFailure.state !== 'absent') continue;
    // An unknown bound may be a bounded one or not: only what is known is judged, and a mapping
    // whose both bounds are unlimited is no-unbounded-stream-retries' finding, not this one.
    const bounds = [bound(m.retryAttempts, retries), bound(m.maxRecordAge, age)].filter((b): b is string => b !== undefined);
    if (bounds.length === 0) continue;
    model ??= infraModelOf(input);
    const suggestion = suggest(m, facts.infra, model.functionOf(m)?.scopeText);
    findings.push({
      messageId: 'discards',
      data: { construct: m.construct, bound: bounds.join(' or once '), fix: spellingOf(m.dialect, m.spelling).mappingOnFailure },
      span: mappingSpan(m),
      ...(suggestion ? { suggestions: [suggestion] } : {}),
    });
  }
  return findings;
};

/** `onFailure: new SqsDlq(new sqs.Queue(…))`, where the file shows how to write both. */
function suggest(m: EventSourceMappingFact, infra: InfraFacts, scope: string | undefined): Suggestion<MessageId> | undefined {
  if (m.construct === 'CfnEventSourceMapping' || m.props.kind !== 'inline') return undefined;
  const destination = newStreamFailureQueue(infra.names, scope, m.construct);
  if (!destination) return undefined;
  const edit = setPropertyEdit(m.props, 'onFailure', destination.text);
  return edit ? { messageId: 'addDestination', edits: [...destination.edits, edit] } : undefined;
}

export default createRule<[], MessageId>({
  name: RULE_ID,
  meta: {
    type: 'problem',
    docs: {
      description: 'Require an on-failure destination on Kinesis and DynamoDB Streams mappings that bound their retries',
      recommended: 'error',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      discards:
        'This {{construct}} gives up on a failing batch after {{bound}}, and has no on-failure destination: Lambda then discards the records that still fail and goes on with the shard, leaving no trace of them. Set {{fix}} to keep them.',
      addDestination: 'Send the records that give up to a new SQS queue.',
    },
  },
  defaultOptions: [],
  create: (context) => reportFindings(context, RULE_ID, check),
});
