/**
 * `itemIdentifier` must be the record's own identifier: SQS `messageId`, Kinesis
 * `kinesis.sequenceNumber`, DynamoDB Streams `dynamodb.SequenceNumber`. An empty or unknown
 * identifier makes Lambda treat the whole batch as failed.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html (lambda-facts.md §1.8, Part 3 #3)
 */
import type { Check, Finding } from '../core/check.js';
import type { HandlerSourceKind, ItemIdentifierFact, ItemIdentifierValue } from '../model/facts.js';
import { reportFindings } from '../eslint/report.js';
import { createRule } from '../util/create-rule.js';
import { effectiveSource, handlerView, isBatchSource, SOURCE_LABEL, type BatchSourceKind } from '../util/handler-support.js';

export const RULE_ID = 'valid-batch-item-identifier';

type MessageId = 'wrongField' | 'wrongFieldAnySource' | 'empty' | 'literal' | 'notRecordId';

const PROVENANCE: Readonly<Record<Extract<ItemIdentifierValue, { kind: 'derived' }>['from'], string>> = {
  content: "the record's content (its body, payload or item image)",
  error: 'the caught error',
  response: "a service's response",
  serialised: 'a JSON serialisation (`JSON.stringify` quotes even a string identifier)',
};

/** The identifier each source expects, as the field chain below the record. */
const EXPECTED: Readonly<Record<BatchSourceKind, { path: readonly string[]; text: string }>> = {
  sqs: { path: ['messageId'], text: 'messageId' },
  kinesis: { path: ['kinesis', 'sequenceNumber'], text: 'kinesis.sequenceNumber' },
  dynamodb: { path: ['dynamodb', 'SequenceNumber'], text: 'dynamodb.SequenceNumber' },
};

/**
 * Record fields that are never the identifier, whatever the source: SQS's receipt handle and
 * checksums, and the stream records' `eventID`.
 */
const NEVER_IDENTIFIERS = new Set(['receiptHandle', 'md5OfBody', 'md5OfMessageAttributes', 'eventID']);

/** Fields of each source's record that are not its identifier (anything else: cannot tell). */
const KNOWN_WRONG: Readonly<Record<BatchSourceKind, ReadonlySet<string>>> = {
  sqs: new Set([...NEVER_IDENTIFIERS, 'body', 'eventSourceARN', 'eventSource', 'awsRegion', 'sequenceNumber', 'SequenceNumber']),
  kinesis: new Set([...NEVER_IDENTIFIERS, 'partitionKey', 'data', 'messageId', 'SequenceNumber', 'eventSourceARN']),
  dynamodb: new Set([...NEVER_IDENTIFIERS, 'Keys', 'NewImage', 'OldImage', 'messageId', 'sequenceNumber', 'eventSourceARN']),
};

export const check: Check<MessageId> = (input) => {
  const findings: Finding<MessageId>[] = [];
  for (const entry of input.facts.itemIdentifiers) {
    const handler = entry.handlerExport === undefined ? undefined : input.facts.handlers.find((h) => h.exportName === entry.handlerExport);
    const source = handler ? effectiveSource(handlerView(handler, input), input) : undefined;
    const finding = judge({ ...entry, source: source?.kind ?? entry.source }, { inHandler: handler !== undefined, batchOfOne: source?.batchOfOne === true });
    if (finding) findings.push(finding);
  }
  return findings;
};

interface Context {
  /** The entry is in a handler's code (or a function it calls): a response Lambda reads. */
  inHandler: boolean;
  /** Every linked mapping delivers one record: failing "the whole batch" fails just that record. */
  batchOfOne: boolean;
}

function judge(entry: ItemIdentifierFact, context: Context): Finding<MessageId> | undefined {
  // Report the first value that is certainly wrong; an unknown value among them is no excuse
  // for one that is certainly wrong.
  for (const value of entry.values) {
    // A fixed or empty value outside any handler is not a response (a test's expectation, a
    // fixture); in a batch of one, an entry that fails the whole batch fails just its record.
    if ((value.kind === 'literal' || value.kind === 'empty') && (!context.inHandler || context.batchOfOne)) continue;
    // Likewise a serialised value outside any handler: a test's expected response, not one Lambda reads.
    if (value.kind === 'derived' && value.from === 'serialised' && !context.inHandler) continue;
    const finding = judgeValue(value, entry.source);
    if (finding) return { ...finding, span: entry.span };
  }
  return undefined;
}

function judgeValue(value: ItemIdentifierValue, source: HandlerSourceKind): Omit<Finding<MessageId>, 'span'> | undefined {
  const expected = isBatchSource(source) ? EXPECTED[source] : undefined;
  switch (value.kind) {
    case 'empty':
      return { messageId: 'empty', data: { value: value.text, expected: expected?.text ?? 'record identifier' } };
    case 'literal':
      return { messageId: 'literal', data: { value: value.text, expected: expected?.text ?? 'record identifier' } };
    case 'derived':
      return { messageId: 'notRecordId', data: { value: value.text, from: PROVENANCE[value.from], expected: expected?.text ?? 'messageId' } };
    case 'field': {
      const actual = value.path.join('.');
      const last = value.path[value.path.length - 1];
      if (last === undefined) return undefined;
      if (!isBatchSource(source)) {
        return NEVER_IDENTIFIERS.has(last) ? { messageId: 'wrongFieldAnySource', data: { actual } } : undefined;
      }
      const want = EXPECTED[source];
      if (endsWith(value.path, want.path) || (value.path.length === 1 && last === want.path[want.path.length - 1])) return undefined;
      // `record.kinesis.SequenceNumber`: the right object, the wrong spelling.
      const wrongSpelling = value.path.length >= 2 && value.path[value.path.length - 2] === want.path[0];
      if (KNOWN_WRONG[source].has(last) || wrongSpelling) {
        return { messageId: 'wrongField', data: { actual, expected: want.text, source: SOURCE_LABEL[source] } };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function endsWith(path: readonly string[], suffix: readonly string[]): boolean {
  if (path.length < suffix.length) return false;
  return suffix.every((s, i) => path[path.length - suffix.length + i] === s);
}

export default createRule<[], MessageId>({
  name: RULE_ID,
  meta: {
    type: 'problem',
    docs: {
      description: "Enforce that `batchItemFailures` entries identify records by the source's own identifier",
      recommended: 'error',
    },
    schema: [],
    messages: {
      wrongField:
        '`itemIdentifier` is `{{actual}}`, but {{source}} identifies records by `{{expected}}`: Lambda cannot match this entry to a record, so the failure is not retried as intended (for SQS, the whole batch counts as failed). Use `record.{{expected}}`.',
      wrongFieldAnySource:
        '`itemIdentifier` is `{{actual}}`, which no event source accepts as a record identifier: Lambda cannot match the entry to a record. Use SQS `messageId`, Kinesis `kinesis.sequenceNumber` or DynamoDB `dynamodb.SequenceNumber`.',
      empty:
        '`itemIdentifier` is {{value}}: Lambda treats an empty or missing identifier as a failure of the whole batch, so every record is retried. Use the record\'s `{{expected}}`.',
      notRecordId:
        '`itemIdentifier` is `{{value}}`, taken from {{from}}, not the record\'s own identifier: Lambda cannot match the entry to a record, so the failure is not retried as intended (for SQS, the whole batch counts as failed). Use the record\'s `{{expected}}`.',
      literal:
        '`itemIdentifier` is the fixed value {{value}}, which matches no record: Lambda cannot tell which record failed. Use the record\'s `{{expected}}`.',
    },
  },
  defaultOptions: [],
  create: (context) => reportFindings(context, RULE_ID, check),
});
