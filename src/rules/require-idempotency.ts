/**
 * An external side effect in a handler fed by an at-least-once source, with no idempotency
 * guard: a second delivery of the same event performs it twice. Async invokes retry and can
 * duplicate without errors; event source mappings, SNS, S3 and EventBridge deliver at least once.
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html
 * (lambda-facts.md §1.3, §1.4, §1.10, Part 3 #21)
 */
import path from 'node:path';
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import type { Check, CheckInput, Finding } from '../core/check.js';
import type { CalleeRef, HandlerFact, SideEffectFact } from '../model/facts.js';
import { reportFindings } from '../eslint/report.js';
import { createRule } from '../util/create-rule.js';
import { atLeastOnceSource, handlersOf, spellingOf, type AtLeastOnceKind, type Spelling } from '../util/handler-support.js';

export const RULE_ID = 'require-idempotency';

type MessageId = 'unguarded' | 'generatedKey' | 'racyCheck' | 'defaultKey';

/** A function named by the module it comes from, in the shape of typescript-eslint's `TypeOrValueSpecifier`. */
export type FunctionSpecifier =
  | { from: 'package'; package: string; name: string | string[] }
  | { from: 'file'; path?: string; name: string | string[] };

export interface Options {
  /** Functions of the project or of other packages that perform a side effect. */
  sideEffects?: FunctionSpecifier[];
  /** Functions that make what they wrap (or what runs after them in the handler) idempotent. */
  guards?: FunctionSpecifier[];
}

/** A function the options name as a side effect. */
const CALL = {
  repeat: 'calls it again',
  guard: 'wrap the work in Powertools `makeIdempotent` with `eventKeyJmesPath`, or first claim the event id with a conditional write (`attribute_not_exists`)',
};

/** What a retry repeats, and the cheapest guard for that API. */
const EFFECTS: Readonly<Record<string, { repeat: string; guard: string }>> = {
  'dynamodb.PutItem': {
    repeat: 'writes the item again (a second item when its key is generated, or over changes made since)',
    guard: "make it a conditional write, `ConditionExpression: 'attribute_not_exists(pk)'`",
  },
  'dynamodb.UpdateItem': {
    repeat: 'applies the increment or append again',
    guard: 'add a `ConditionExpression` on a version attribute or on the ids already applied (`NOT contains(appliedIds, :eventId)`)',
  },
  'dynamodb.TransactWriteItems': {
    repeat: 'applies the transaction again',
    guard: 'pass a `ClientRequestToken` derived from the event id (DynamoDB ignores a repeat within 10 minutes), or add a `ConditionCheck` on a dedup item',
  },
  'dynamodb.BatchWriteItem': {
    repeat: 'writes every item again',
    guard: 'BatchWriteItem takes no condition: use `TransactWriteItems` with a condition, or Powertools `makeIdempotent` with `eventKeyJmesPath`',
  },
  'sqs.SendMessage': {
    repeat: 'sends the message again',
    guard: 'send to a FIFO queue with `MessageDeduplicationId` from the record\'s messageId (or the event id), or use Powertools `makeIdempotent` with `eventKeyJmesPath`',
  },
  'sns.Publish': {
    repeat: 'publishes the message again',
    guard: 'publish to a FIFO topic with `MessageDeduplicationId` from the event id, or use Powertools `makeIdempotent` with `eventKeyJmesPath`',
  },
  'ses.SendEmail': {
    repeat: 'sends the email again',
    guard: "SES takes no idempotency key: wrap the work in Powertools `makeIdempotent` with `eventKeyJmesPath`, or first claim the event id with a conditional write (`attribute_not_exists`)",
  },
  'eventbridge.PutEvents': {
    repeat: 'puts the events on the bus again',
    guard: 'PutEvents takes no idempotency key: wrap the work in Powertools `makeIdempotent` with `eventKeyJmesPath`, or first claim the event id with a conditional write (`attribute_not_exists`)',
  },
  'sfn.StartExecution': {
    repeat: 'starts a second execution',
    guard: 'set the execution `name` from the event id (a Standard workflow refuses a second execution with the same name)',
  },
  'lambda.Invoke': {
    repeat: 'invokes the function again',
    guard: 'pass the event id in the payload and make the called function idempotent on it, or wrap the work in Powertools `makeIdempotent` with `eventKeyJmesPath`',
  },
  's3.PutObject': {
    repeat: 'writes a second object under a new key',
    guard: 'derive the `Key` from the event, so that a retry overwrites the same object',
  },
  's3.CopyObject': {
    repeat: 'copies to a second object under a new key',
    guard: 'derive the destination `Key` from the event, so that a retry overwrites the same object',
  },
  'http.POST': {
    repeat: 'sends the request again',
    guard: 'send an `Idempotency-Key` header derived from the event id where the API supports one, or wrap the work in Powertools `makeIdempotent` with `eventKeyJmesPath`',
  },
  'http.PATCH': {
    repeat: 'sends the request again',
    guard: 'send an `Idempotency-Key` header derived from the event id where the API supports one, or wrap the work in Powertools `makeIdempotent` with `eventKeyJmesPath`',
  },
  'stripe.charges.create': {
    repeat: 'charges the card again',
    guard: 'pass a Stripe `idempotencyKey` derived from the event id in the request options (`{ idempotencyKey }`)',
  },
  'stripe.paymentIntents.create': {
    repeat: 'creates a second payment intent',
    guard: 'pass a Stripe `idempotencyKey` derived from the event id in the request options (`{ idempotencyKey }`)',
  },
  'nodemailer.sendMail': {
    repeat: 'sends the email again',
    guard: 'SMTP takes no idempotency key: wrap the work in Powertools `makeIdempotent` with `eventKeyJmesPath`, or first claim the event id with a conditional write (`attribute_not_exists`)',
  },
  'twilio.messages.create': {
    repeat: 'sends the message again',
    guard: 'the Messages API takes no idempotency key: wrap the work in Powertools `makeIdempotent` with `eventKeyJmesPath`, or first claim the event id with a conditional write (`attribute_not_exists`)',
  },
  call: CALL,
};

const SOURCE_LABEL: Readonly<Record<AtLeastOnceKind, string>> = {
  sqs: 'SQS',
  kinesis: 'Kinesis',
  dynamodb: 'DynamoDB Streams',
  kafka: 'Kafka',
  sns: 'SNS',
  s3: 'S3',
  eventbridge: 'EventBridge',
  'other-async': 'An asynchronous invocation',
  mixed: "This function's event source",
};

/** Where each source carries an id that is the same on every delivery (lambda-facts.md §1.10). */
const EVENT_ID: Readonly<Record<AtLeastOnceKind, string>> = {
  sqs: "the record's `messageId`",
  kinesis: "the record's `eventID` or `kinesis.sequenceNumber`",
  dynamodb: "the record's `eventID` or `dynamodb.SequenceNumber`",
  kafka: "the record's topic, partition and offset",
  sns: "the record's `Sns.MessageId`",
  s3: "the bucket, key and `sequencer` of the record",
  eventbridge: 'the event `id`',
  'other-async': 'a business key of the payload',
  mixed: 'an id of the event',
};

/** Mappings start a new invocation (and request id) for each delivery of a batch. */
const MAPPING_KINDS: ReadonlySet<AtLeastOnceKind> = new Set(['sqs', 'kinesis', 'dynamodb', 'kafka', 'mixed']);

export const check: Check<MessageId> = (input) => {
  const options = (input.options?.[0] ?? {}) as Options;
  const findings: Finding<MessageId>[] = [];
  // A helper shared by two handlers is reported once.
  const seen = new Set<string>();
  for (const handler of handlersOf(input)) {
    for (const finding of judge(handler, input, options)) {
      const key = `${finding.span.range[0]}:${finding.messageId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(finding);
    }
  }
  return findings;
};

function judge(handler: HandlerFact, input: CheckInput, options: Options): Finding<MessageId>[] {
  const { sideEffects, powertools } = handler.idempotency;
  const sideEffectSpecs = options.sideEffects ?? [];
  const guardSpecs = options.guards ?? [];
  const relevant = sideEffects.filter((e) => e.effect !== 'call' || (e.callee !== undefined && sideEffectSpecs.some((s) => matches(e.callee as CalleeRef, s, input.filePath))));
  const defaultKeys = powertools.filter((p) => p.key === 'default');
  if (relevant.length === 0 && defaultKeys.length === 0) return [];
  const kind = atLeastOnceSource(handler, input);
  if (kind === undefined) return [];
  const spelling = spellingOf(input.filePath);
  const findings: Finding<MessageId>[] = [];
  if (kind === 'sqs' || kind === 'sns') {
    for (const p of defaultKeys) {
      findings.push({
        messageId: 'defaultKey',
        data: {
          source: SOURCE_LABEL[kind],
          changes: kind === 'sqs' ? "an SQS record's receipt handle and receive count change on every delivery" : 'an SNS delivery need not carry the same payload twice',
          example: kind === 'sqs' ? (p.scope === 'record' ? 'messageId' : 'Records[0].messageId') : p.scope === 'record' ? 'Sns.MessageId' : 'Records[0].Sns.MessageId',
          setting: spelling.idempotencyKey,
        },
        span: p.span,
      });
    }
  }
  // A guard of the user's own called anywhere in the handler's code: everything is assumed covered.
  const guardCalled = sideEffects.some((e) => e.effect === 'call' && e.callee !== undefined && guardSpecs.some((s) => matches(e.callee as CalleeRef, s, input.filePath)));
  if (guardCalled) return findings;
  for (const effect of relevant) {
    if (effect.coveredBy !== undefined) continue;
    if (effect.wrappers.some((w) => guardSpecs.some((s) => matches(w, s, input.filePath)))) continue;
    const finding = findingFor(effect, kind, spelling);
    if (finding) findings.push(finding);
  }
  return findings;
}

function findingFor(effect: SideEffectFact, kind: AtLeastOnceKind, spelling: Spelling): Finding<MessageId> | undefined {
  const info = EFFECTS[effect.effect] ?? CALL;
  const base = { source: SOURCE_LABEL[kind], operation: effect.operation, repeat: info.repeat };
  switch (effect.call) {
    case 'guarded':
    case 'unknown':
      return undefined;
    case 'request-id-key':
      // Whether Lambda keeps the request id across its own async retries is not documented: only mappings are sure to change it.
      if (!MAPPING_KINDS.has(kind)) return undefined;
      return {
        messageId: 'generatedKey',
        data: { ...base, key: effect.keyName ?? 'key', why: 'the request id is new for every invocation', eventId: EVENT_ID[kind] },
        span: effect.span,
      };
    case 'fresh-key':
      return {
        messageId: 'generatedKey',
        data: { ...base, key: effect.keyName ?? 'key', why: 'it is random or time-based', eventId: EVENT_ID[kind] },
        span: effect.span,
      };
    case 'unguarded':
      if (effect.racyCheck) {
        return { messageId: 'racyCheck', data: { ...base, line: effect.racyCheck.loc.start.line }, span: effect.span };
      }
      return { messageId: 'unguarded', data: { ...base, guard: spelling.advice(info.guard) }, span: effect.span };
  }
}

/** Whether a callee is the function a specifier names. */
export function matches(ref: CalleeRef, spec: FunctionSpecifier, filePath: string): boolean {
  const names = Array.isArray(spec.name) ? spec.name : [spec.name];
  if (!names.includes(ref.name)) return false;
  if (spec.from === 'package') return ref.module === spec.package;
  // A file: this one (''), or a relative import; `path` is matched against the end of the resolved path.
  if (ref.module !== '' && !ref.module.startsWith('.')) return false;
  if (spec.path === undefined) return true;
  const resolved = withoutExtension(ref.module === '' ? path.resolve(filePath) : path.resolve(path.dirname(path.resolve(filePath)), ref.module));
  const wanted = withoutExtension(path.normalize(spec.path)).replace(/^(?:\.\.?[/\\])+/u, '');
  return [resolved, path.join(resolved, 'index')].some((candidate) => candidate === wanted || candidate.endsWith(path.sep + wanted));
}

function withoutExtension(file: string): string {
  return file.replace(/\.(?:[cm]?[jt]sx?)$/u, '');
}

/** Checks options given in lambda-lint.config.json against the same shape as `schema` (ESLint validates its own). */
export function validateOptions(options: readonly unknown[]): string | undefined {
  if (options.length > 1) return 'takes one options object';
  const [first] = options;
  if (typeof first !== 'object' || first === null || Array.isArray(first)) return 'the options must be an object';
  for (const [key, list] of Object.entries(first)) {
    if (key !== 'sideEffects' && key !== 'guards') return `unknown option "${key}" (allowed: sideEffects, guards)`;
    if (!Array.isArray(list)) return `"${key}" must be an array of { from, package | path, name }`;
    for (const spec of list as unknown[]) {
      const problem = specifierProblem(spec);
      if (problem !== undefined) return `"${key}": ${problem} in ${JSON.stringify(spec)}`;
    }
  }
  return undefined;
}

function specifierProblem(spec: unknown): string | undefined {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return 'a specifier must be an object';
  const s = spec as Record<string, unknown>;
  const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
  const allowed = s.from === 'package' ? ['from', 'package', 'name'] : s.from === 'file' ? ['from', 'path', 'name'] : undefined;
  if (!allowed) return '"from" must be "package" or "file"';
  const extra = Object.keys(s).find((k) => !allowed.includes(k));
  if (extra !== undefined) return `unknown key "${extra}"`;
  if (s.from === 'package' && !nonEmpty(s.package)) return '"package" must be a non-empty string';
  if (s.from === 'file' && s.path !== undefined && !nonEmpty(s.path)) return '"path" must be a non-empty string';
  const names = Array.isArray(s.name) ? (s.name as unknown[]) : [s.name];
  if (names.length === 0 || !names.every(nonEmpty)) return '"name" must be a non-empty string or array of them';
  return undefined;
}

const nameSchema: JSONSchema4 = {
  oneOf: [
    { type: 'string', minLength: 1 },
    { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, uniqueItems: true },
  ],
};

const specifierSchema: JSONSchema4 = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['from', 'package', 'name'],
      properties: {
        from: { type: 'string', enum: ['package'] },
        package: { type: 'string', minLength: 1, description: 'The import specifier (`stripe`, `@acme/mailer`).' },
        name: nameSchema,
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['from', 'name'],
      properties: {
        from: { type: 'string', enum: ['file'] },
        path: { type: 'string', minLength: 1, description: 'The file, matched against the end of the resolved path (`src/lib/mailer.ts`); any project file when absent.' },
        name: nameSchema,
      },
    },
  ],
};

export default createRule<[Options], MessageId>({
  name: RULE_ID,
  meta: {
    type: 'problem',
    defaultOptions: [{ sideEffects: [], guards: [] }],
    docs: {
      description: 'Require an idempotency guard on external side effects in handlers fed by an at-least-once event source',
      recommended: 'warn',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          sideEffects: { type: 'array', items: specifierSchema, description: 'Functions that perform an external side effect, besides the built-in catalogue.' },
          guards: { type: 'array', items: specifierSchema, description: 'Functions that make a side effect idempotent: as a wrapper of the handler or of the function that performs it, or called in the handler.' },
        },
      },
    ],
    messages: {
      unguarded: '{{source}} delivers at least once and nothing makes this `{{operation}}` idempotent: a retry {{repeat}}. Cheapest guard: {{guard}}.',
      generatedKey:
        '{{source}} delivers at least once and the `{{key}}` of this `{{operation}}` changes on every attempt ({{why}}), so it deduplicates nothing: a retry {{repeat}}. Derive `{{key}}` from {{eventId}}.',
      racyCheck:
        '{{source}} delivers at least once and this `{{operation}}` is only gated by a plain read of a dedup store (line {{line}}), which races: two deliveries can both read "not done", and a retry {{repeat}}. Claim the key with a conditional write instead: `ConditionExpression: \'attribute_not_exists(pk)\'`.',
      defaultKey:
        'This Powertools idempotency guard keys on a hash of the whole {{source}} payload ({{changes}}), so a redelivery may not be recognised and runs again. Set `{{setting}}` in `IdempotencyConfig` (e.g. `\'{{example}}\'`).',
    },
  },
  defaultOptions: [{ sideEffects: [], guards: [] }],
  create: (context, [options]) => reportFindings(context, RULE_ID, check, [options]),
});
