/**
 * What a side effect's own arguments guard (require-idempotency), judged the same way for every
 * language: each extractor gives a `ValueReader` over its own syntax (a script's object literals,
 * a Python call's keyword arguments and dicts), and the judgement of each API's guard — a
 * condition, a deduplication id, a key that is the same on every delivery — is written once here.
 */
import type { SideEffectFact } from '../../model/facts.js';

/** How a catalogue entry's own arguments can make it safe to repeat. */
export type GuardCheck =
  /** `ConditionExpression` (a conditional write). */
  | 'condition'
  /**
   * A put: guarded by a `ConditionExpression`; without one, a put whose key attributes are not
   * random or time-based writes the same item again on a retry (an overwrite, not a duplicate).
   */
  | 'put'
  /** BatchWriteItem: deletes repeat harmlessly, and puts as `put` (it takes no condition). */
  | 'batch-write'
  /** Only `ADD`, `x = x + :n` and `list_append` updates repeat differently; then as `condition`. */
  | 'update'
  /** `ClientRequestToken`, or a condition on one of the items. */
  | 'transact'
  /** FIFO queue with `MessageDeduplicationId` (or content-based deduplication). */
  | 'queue-dedup'
  | 'queue-dedup-batch'
  /** `PublishBatch`: each entry as `topic-dedup`. */
  | 'topic-dedup-batch'
  /** FIFO topic, as for queues. */
  | 'topic-dedup'
  /** A Standard workflow's execution `name`. */
  | 'execution-name'
  /** An object key that is the same on every delivery: the retry overwrites the same object. */
  | 'object-key'
  /** `InvocationType: 'DryRun'` runs nothing. */
  | 'lambda-invoke'
  /** Stripe's `idempotencyKey` request option. */
  | 'stripe-key'
  /** The API has no idempotency key: only a guard around the call helps. */
  | 'none';

/** Whether a value changes between two deliveries of the same event. */
export type Freshness = 'fresh' | 'request-id' | 'stable';

/** A key of an object (or of a call's keyword arguments): written with a value, not written, or not known. */
export type Lookup<V> = { state: 'present'; value: V } | { state: 'absent' } | { state: 'unknown' };

/** The keys of an object the code writes. */
export interface View<V> {
  get(key: string): Lookup<V>;
}

/** How one language's values are read: the judgements below ask only these questions. */
export interface ValueReader<V> {
  /** The object a value is (a literal, or a name that holds one); a view that knows nothing otherwise. */
  view(node: V): View<V>;
  /** The string a value is, when the code settles it. */
  string(node: V): string | undefined;
  freshness(node: V): Freshness;
  /** The objects a list holds (literal elements, or what a mapping callback returns); `undefined`: not known. */
  entries(node: V): V[] | undefined;
  /** An object literal's entries, a key `undefined` where it is not known (a spread, a computed key); `undefined`: not a literal. */
  properties(node: V): [string | undefined, V][] | undefined;
  /** A DynamoDB item as written: through a marshalling call, and a typed attribute value (`{ S: … }`) as its value. */
  item(node: V): V;
  /** The source text of a value (for a `attribute_not_exists` claim anywhere in it). */
  text(node: V): string;
}

export interface CallJudgement {
  call: SideEffectFact['call'];
  keyName?: string | undefined;
  /** A conditional write on a key that does not exist yet: a dedup claim that guards what follows. */
  claim?: boolean;
}

/**
 * Whether an HTTP request's body is an OAuth 2 token request (RFC 6749 §4): an object with a
 * `grant_type` key, or a form string that starts with `grant_type=`. Asking again only gets
 * another token, so such a POST is no side effect to guard.
 */
export function isTokenRequestBody<V>(body: V, reader: ValueReader<V>): boolean {
  if (reader.view(body).get('grant_type').state === 'present') return true;
  return /^grant_type=/u.test(reader.string(body) ?? '');
}

export function keyGuard<V>(node: V, reader: ValueReader<V>): SideEffectFact['call'] {
  const f = reader.freshness(node);
  return f === 'fresh' ? 'fresh-key' : f === 'request-id' ? 'request-id-key' : 'guarded';
}

/** The worst of several parts of a value: one fresh part makes the whole fresh. */
export function worst(values: Freshness[]): Freshness {
  if (values.includes('fresh')) return 'fresh';
  if (values.includes('request-id')) return 'request-id';
  return 'stable';
}

/** Attribute names that are, by convention, an item's key (`pk`, `SK`, `id`, `orderId`, `user_id`). */
const KEY_ATTRIBUTE = /^(?:pk|sk|id|key|hash|range|gsi\d*(?:pk|sk))$|(?:Id|ID|_id|Key|_key)$/iu;

/**
 * An unconditional put's `Item`: a key attribute that is random or time-based makes the retry a
 * second item; otherwise the retry writes the same item again (`undefined`: nothing repeats).
 */
function itemJudgement<V>(node: V, reader: ValueReader<V>): CallJudgement | undefined {
  const properties = reader.properties(reader.item(node));
  if (!properties) return { call: 'unknown' };
  for (const [name, value] of properties) {
    if (name === undefined) return { call: 'unknown' };
    if (!KEY_ATTRIBUTE.test(name)) continue;
    const typed = reader.properties(value);
    const only = typed?.length === 1 && ['S', 'N', 'B'].includes(typed[0]?.[0] ?? '') ? typed[0]?.[1] : undefined;
    const f = reader.freshness(only ?? value);
    if (f === 'fresh') return { call: 'fresh-key', keyName: `Item.${name}` };
    if (f === 'request-id') return { call: 'request-id-key', keyName: `Item.${name}` };
  }
  return undefined;
}

function conditionJudgement<V>(view: View<V>, reader: ValueReader<V>): CallJudgement {
  const condition = view.get('ConditionExpression');
  if (condition.state === 'present') return { call: 'guarded', claim: /attribute_not_exists/iu.test(reader.string(condition.value) ?? '') };
  if (condition.state === 'unknown') return { call: 'unknown' };
  // The legacy `Expected` parameter is a condition too.
  const expected = view.get('Expected');
  if (expected.state !== 'absent') return { call: expected.state === 'present' ? 'guarded' : 'unknown' };
  return { call: 'unguarded', keyName: 'ConditionExpression' };
}

/** `ADD`, `SET x = x + :n` (or `-`), `list_append`: an update whose repetition changes the item again. */
export function isAccumulatingUpdate(expression: string): boolean {
  if (/\bADD\s/iu.test(expression) || /list_append/iu.test(expression)) return true;
  return /=\s*[^,=]*?[\w#:)\]]\s*[+-]\s*[\w#:(]/u.test(expression);
}

/** Whether an object literal (or something the code does not show) carries a condition. */
function hasCondition<V>(node: V, reader: ValueReader<V>, depth = 0): 'yes' | 'no' | 'unknown' {
  const properties = reader.properties(node);
  if (!properties || depth > 4) return 'unknown';
  let result: 'yes' | 'no' | 'unknown' = 'no';
  for (const [key, value] of properties) {
    if (key === 'ConditionExpression' || key === 'ConditionCheck') return 'yes';
    if (key === undefined) {
      result = result === 'yes' ? 'yes' : 'unknown';
      continue;
    }
    const nested = reader.properties(value);
    if (nested) {
      const inner = hasCondition(value, reader, depth + 1);
      if (inner === 'yes') return 'yes';
      if (inner === 'unknown') result = 'unknown';
    }
  }
  return result;
}

/** A FIFO queue or topic deduplicates by `MessageDeduplicationId` (or by content, when the queue says so). */
function dedupJudgement<V>(entry: View<V>, target: 'QueueUrl' | 'TopicArn', shared: View<V>, reader: ValueReader<V>): CallJudgement {
  const dedup = entry.get('MessageDeduplicationId');
  if (dedup.state === 'present') return { call: keyGuard(dedup.value, reader), keyName: 'MessageDeduplicationId' };
  if (dedup.state === 'unknown') return { call: 'unknown' };
  const destination = shared.get(target);
  const name = destination.state === 'present' ? reader.string(destination.value) : undefined;
  // Without an explicit id a FIFO queue or topic must deduplicate by content.
  if (name?.endsWith('.fifo')) return { call: 'guarded' };
  // A message group without the destination's name: FIFO, or an SQS fair queue; not known.
  if (entry.get('MessageGroupId').state !== 'absent') return { call: 'unknown' };
  if (target === 'TopicArn' && shared.get('TargetArn').state !== 'absent' && destination.state === 'absent') {
    const targetName = shared.get('TargetArn');
    if (targetName.state === 'present' && reader.string(targetName.value)?.endsWith('.fifo')) return { call: 'guarded' };
  }
  return { call: 'unguarded', keyName: 'MessageDeduplicationId' };
}

export function combine(judgements: CallJudgement[]): CallJudgement {
  for (const call of ['fresh-key', 'request-id-key', 'unknown', 'unguarded'] as const) {
    const found = judgements.find((j) => j.call === call);
    if (found) return found;
  }
  return { call: 'guarded' };
}

/**
 * Judges the parameters of a catalogue call (`view`: the request's keys; `options`: the request
 * options a library takes apart from them, e.g. Stripe's). `undefined`: the call changes nothing
 * (a DryRun, an update that sets values).
 */
export function judgeArguments<V>(guard: GuardCheck, view: View<V> | undefined, reader: ValueReader<V>, options?: Lookup<V>): CallJudgement | undefined {
  if (guard === 'none') return { call: 'unguarded' };
  if (guard === 'stripe-key') {
    if (!options || options.state === 'absent') return { call: 'unguarded', keyName: 'idempotencyKey' };
    if (options.state === 'unknown') return { call: 'unknown' };
    const key = reader.view(options.value).get('idempotencyKey');
    if (key.state === 'present') return { call: keyGuard(key.value, reader), keyName: 'idempotencyKey' };
    return key.state === 'absent' ? { call: 'unguarded', keyName: 'idempotencyKey' } : { call: 'unknown' };
  }
  if (!view) return { call: 'unknown' };
  switch (guard) {
    case 'condition':
      return conditionJudgement(view, reader);
    case 'put': {
      const judged = conditionJudgement(view, reader);
      if (judged.call !== 'unguarded') return judged;
      const item = view.get('Item');
      return item.state === 'present' ? itemJudgement(item.value, reader) : { call: 'unknown' };
    }
    case 'batch-write': {
      const requests = view.get('RequestItems');
      const tables = requests.state === 'present' ? reader.properties(requests.value) : undefined;
      if (!tables) return { call: 'unknown' };
      const judgements: (CallJudgement | undefined)[] = [];
      for (const [table, value] of tables) {
        const writes = table === undefined ? undefined : reader.entries(value);
        if (!writes) return { call: 'unknown' };
        for (const write of writes) {
          const request = reader.view(write);
          const put = request.get('PutRequest');
          if (put.state === 'present') {
            const item = reader.view(put.value).get('Item');
            judgements.push(item.state === 'present' ? itemJudgement(item.value, reader) : { call: 'unknown' });
          } else if (put.state === 'unknown' || request.get('DeleteRequest').state !== 'present') judgements.push({ call: 'unknown' });
          // A delete repeats harmlessly.
        }
      }
      return batchOfPuts(judgements);
    }
    case 'update': {
      const judged = conditionJudgement(view, reader);
      const expression = view.get('UpdateExpression');
      const text = expression.state === 'present' ? reader.string(expression.value) : undefined;
      // Only an update the code spells out can be judged; most updates set values and repeat
      // harmlessly. Such an update still claims a key when its condition is `attribute_not_exists`.
      if (text === undefined || !isAccumulatingUpdate(text)) return judged.claim === true ? judged : undefined;
      return judged;
    }
    case 'transact': {
      const token = view.get('ClientRequestToken');
      if (token.state === 'present') return { call: keyGuard(token.value, reader), keyName: 'ClientRequestToken' };
      if (token.state === 'unknown') return { call: 'unknown' };
      const items = view.get('TransactItems');
      const entries = items.state === 'present' ? reader.entries(items.value) : undefined;
      if (!entries) return { call: 'unknown' };
      const conditions = entries.map((e) => hasCondition(e, reader));
      if (conditions.includes('yes')) return { call: 'guarded', claim: entries.some((e) => /attribute_not_exists/iu.test(reader.text(e))) };
      if (conditions.includes('unknown')) return { call: 'unknown' };
      return { call: 'unguarded', keyName: 'ClientRequestToken' };
    }
    case 'queue-dedup':
      return dedupJudgement(view, 'QueueUrl', view, reader);
    case 'topic-dedup':
      return dedupJudgement(view, 'TopicArn', view, reader);
    case 'queue-dedup-batch':
    case 'topic-dedup-batch': {
      const [key, target] = guard === 'queue-dedup-batch' ? (['Entries', 'QueueUrl'] as const) : (['PublishBatchRequestEntries', 'TopicArn'] as const);
      const entries = view.get(key);
      const list = entries.state === 'present' ? reader.entries(entries.value) : undefined;
      if (!list || list.length === 0) {
        const destination = view.get(target);
        return destination.state === 'present' && reader.string(destination.value)?.endsWith('.fifo') ? { call: 'guarded' } : { call: 'unknown' };
      }
      return combine(list.map((e) => dedupJudgement(reader.view(e), target, view, reader)));
    }
    case 'execution-name': {
      const name = view.get('name');
      if (name.state === 'present') return { call: keyGuard(name.value, reader), keyName: 'name' };
      return name.state === 'absent' ? { call: 'unguarded', keyName: 'name' } : { call: 'unknown' };
    }
    case 'object-key': {
      const key = view.get('Key');
      if (key.state !== 'present') return { call: 'unknown' };
      return { call: keyGuard(key.value, reader), keyName: 'Key' };
    }
    case 'lambda-invoke': {
      const type = view.get('InvocationType');
      if (type.state === 'present' && reader.string(type.value) === 'DryRun') return undefined;
      return { call: 'unguarded' };
    }
  }
}

/** Puts of a batch (deletes left out): `undefined` when nothing in it repeats differently. */
export function batchOfPuts(judgements: readonly (CallJudgement | undefined)[]): CallJudgement | undefined {
  const effective = judgements.filter((j): j is CallJudgement => j !== undefined);
  if (effective.length === 0) return undefined;
  const judged = combine(effective);
  return judged.call === 'fresh-key' || judged.call === 'request-id-key' ? { ...judged, keyName: 'PutRequest.Item' } : judged;
}

/**
 * HTTP methods whose repetition is not the same as doing it once. PUT and DELETE are idempotent
 * by definition (RFC 9110 §9.2.2): repeating them leaves the same state.
 */
export const UNSAFE_HTTP_METHODS: ReadonlySet<string> = new Set(['POST', 'PATCH']);
export const HTTP_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** Headers a request sends: an `Idempotency-Key` header, judged as a key. */
const IDEMPOTENCY_HEADERS = new Set(['idempotency-key', 'x-idempotency-key']);

/** An HTTP request's headers (`undefined`: it sends none the code shows). */
export function headersJudgement<V>(headers: Lookup<V>, reader: ValueReader<V>): CallJudgement {
  if (headers.state === 'absent') return { call: 'unguarded', keyName: 'Idempotency-Key' };
  if (headers.state === 'unknown') return { call: 'unknown' };
  const properties = reader.properties(headers.value);
  if (!properties) return { call: 'unknown' };
  let sawUnknown = false;
  for (const [key, value] of properties) {
    if (key === undefined) sawUnknown = true;
    else if (IDEMPOTENCY_HEADERS.has(key.toLowerCase())) return { call: keyGuard(value, reader), keyName: key };
  }
  return sawUnknown ? { call: 'unknown' } : { call: 'unguarded', keyName: 'Idempotency-Key' };
}
