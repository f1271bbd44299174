import rule from '../../src/rules/no-whole-batch-throw.js';
import { runRuleTests, runTypedRuleTests } from '../helpers/rule-tester.js';

const TYPES = "import type { SQSHandler, SQSRecord, KinesisStreamHandler, DynamoDBStreamHandler, SNSHandler, APIGatewayProxyHandler } from 'aws-lambda';\n";

runRuleTests('no-whole-batch-throw', rule, {
  valid: [
    // A catch around the whole loop that throws again, while each record's failure is caught and reported inside.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  try {
    for (const r of event.Records) {
      try { await work(r); } catch { batchItemFailures.push({ itemIdentifier: r.messageId }); }
    }
  } catch (error) {
    console.error(error);
    throw error;
  }
  return { batchItemFailures };
};`,
    // Caught per record and reported.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const batchItemFailures = [];
  for (const r of event.Records) {
    try {
      if (!r.body) throw new Error('empty');
      await work(r);
    } catch {
      batchItemFailures.push({ itemIdentifier: r.messageId });
    }
  }
  return { batchItemFailures };
};`,
    // allSettled never rejects.
    `${TYPES}export const handler: KinesisStreamHandler = async (event) => {
  const results = await Promise.allSettled(event.Records.map(async (r) => put(r.kinesis.data)));
  return { batchItemFailures: results.flatMap((x, i) => (x.status === 'rejected' ? [{ itemIdentifier: event.Records[i]!.kinesis.sequenceNumber }] : [])) };
};`,
    // A Powertools record handler throws by contract: the processor reports the record.
    `import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
${TYPES}const processor = new BatchProcessor(EventType.SQS);
const recordHandler = async (record: SQSRecord) => { if (!record.body) throw new Error('empty'); };
export const handler: SQSHandler = async (event, context) => processPartialResponse(event, recordHandler, processor, { context });`,
    // Async and sync sources: a throw is how they signal failure.
    `${TYPES}export const handler: SNSHandler = async (event) => { for (const r of event.Records) { if (!r.Sns.Message) throw new Error('empty'); } };`,
    `${TYPES}export const handler: APIGatewayProxyHandler = async (event) => { for (const x of [1]) throw new Error(String(x)); };`,
    // Validation before the records are touched fails the batch deliberately, not per record.
    `${TYPES}export const handler: SQSHandler = async (event) => { if (event.Records.length === 0) throw new Error('empty batch'); };`,
    // The loop sits inside a try whose catch handles the failure.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  try {
    for (const r of event.Records) { if (!r.body) throw new Error('empty'); }
  } catch (error) {
    console.error(error);
  }
};`,
    // A rejection handled on the promise.
    `${TYPES}export const handler: SQSHandler = async (event) => { await Promise.all(event.Records.map((r) => work(r.body))).catch(report); };`,
    // A throw in a function that runs later is not a throw out of the loop.
    `${TYPES}export const handler: SQSHandler = async (event) => { for (const r of event.Records) setTimeout(() => { throw new Error(r.messageId); }, 0); };`,
    // An async forEach callback's rejection is not awaited by forEach.
    `${TYPES}export const handler: DynamoDBStreamHandler = async (event) => { event.Records.forEach(async (r) => { if (!r.dynamodb) throw new Error('x'); }); };`,
    // Pushed promises combined under a catch that reports every record.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const sends: Promise<unknown>[] = [];
  for (const r of event.Records) sends.push(send(r.body));
  try { await Promise.all(sends); } catch { return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) }; }
  return { batchItemFailures: [] };
};`,
    // Pushed promises combined with a catch, or settled.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const sends: Promise<unknown>[] = [];
  for (const r of event.Records) sends.push(send(r.body));
  await Promise.all(sends).catch(report);
};`,
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const sends: Promise<unknown>[] = [];
  for (const r of event.Records) sends.push(send(r.body).catch(report));
  await Promise.all(sends);
};`,
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const sends: Promise<unknown>[] = [];
  for (const r of event.Records) sends.push(send(r.body));
  const settled = await Promise.allSettled(sends);
  return { batchItemFailures: settled.flatMap((s, i) => (s.status === 'rejected' ? [{ itemIdentifier: event.Records[i]!.messageId }] : [])) };
};`,
    // Promise.all whose every element is caught: it cannot reject.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  await Promise.all(event.Records.map((r) => work(r.body).catch(() => { batchItemFailures.push({ itemIdentifier: r.messageId }); })));
  return { batchItemFailures };
};`,
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  await Promise.all(event.Records.map(async (r) => { try { await work(r.body); } catch { batchItemFailures.push({ itemIdentifier: r.messageId }); } }));
  return { batchItemFailures };
};`,
    // Every element's promise is caught, and the parse is inside the per-record try.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const results = await Promise.all(event.Records.map((r) => {
    try {
      const { id } = JSON.parse(r.body) as { id: string };
      return notify(id).then(() => ({ ok: true })).catch(() => ({ ok: false, id: r.messageId }));
    } catch {
      return { ok: false, id: r.messageId };
    }
  }));
  return { batchItemFailures: results.filter((x) => !x.ok).map((x) => ({ itemIdentifier: x.id! })) };
};`,
    // A parse of configuration, not of the record: it fails every record alike.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const r of event.Records) {
    const limits = JSON.parse(process.env.LIMITS ?? '{}');
    try { await work(r.body, limits); } catch { batchItemFailures.push({ itemIdentifier: r.messageId }); }
  }
  return { batchItemFailures };
};`,
    // safeParse does not throw.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const r of event.Records) {
    const parsed = OrderSchema.safeParse(r.body);
    if (!parsed.success) { batchItemFailures.push({ itemIdentifier: r.messageId }); continue; }
    try { await work(parsed.data); } catch { batchItemFailures.push({ itemIdentifier: r.messageId }); }
  }
  return { batchItemFailures };
};`,
    // An assertion caught per record and reported.
    `${TYPES}import { strict as assert } from 'assert';
export const handler: SQSHandler = async (event) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const r of event.Records) { try { assert.equal(typeof r.body, 'string'); await save(r.body); } catch { batchItemFailures.push({ itemIdentifier: r.messageId }); } }
  return { batchItemFailures };
};`,
    // A helper that throws on a bad event, called before any record is processed.
    `${TYPES}function check(event: SQSEvent) { if (event.Records.length > 10) throw new Error('batch too large'); }
export const handler: SQSHandler = async (event) => { check(event); for (const r of event.Records) await work(r.body); };`,
    // A per-record helper's throw caught in the loop.
    `${TYPES}async function handle(r: SQSRecord) { if (!r.body) throw new Error('empty'); }
export const handler: SQSHandler = async (event) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const r of event.Records) { try { await handle(r); } catch { batchItemFailures.push({ itemIdentifier: r.messageId }); } }
  return { batchItemFailures };
};`,
    // An async helper called without await: its rejection does not fail the loop (it is lost, and not this rule's concern).
    `${TYPES}async function handle(r: SQSRecord) { if (!r.body) throw new Error('empty'); }
export const handler: SQSHandler = async (event) => { for (const r of event.Records) void handle(r); };`,
    // Source unknown.
    `export const handler = async (event) => { for (const r of event.Records) { throw new Error('x'); } };`,
  ],
  invalid: [
    {
      // The deprecated `new Buffer(data, 'base64')` derives from the record like `Buffer.from`.
      code: `${TYPES}export const handler: KinesisStreamHandler = async (event) => {
  const events = event.Records.map((record) => JSON.parse(new Buffer(record.kinesis.data, 'base64').toString('ascii')));
  for (const e of events) await work(e);
};`,
      errors: [{ messageId: 'parse', line: 3, column: 48 }],
    },
    {
      // A catch around the whole loop that logs and throws again: the record's throw still fails the batch.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  try {
    for (const record of event.Records) {
      if (!record.body) throw new Error('empty body');
      await work(record);
    }
  } catch (error) {
    console.error(error);
    throw error;
  }
};`,
      errors: [{ messageId: 'throw', line: 5, column: 25 }],
    },
    {
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    if (!record.body) throw new Error('empty body');
    await work(record);
  }
};`,
      errors: [{ messageId: 'throw', line: 4, column: 23, endLine: 4, endColumn: 53 }],
    },
    {
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    try {
      await work(record);
    } catch (error) {
      console.error(record.messageId, error);
      throw error;
    }
  }
};`,
      errors: [{ messageId: 'rethrow', line: 8, column: 7 }],
    },
    {
      code: `${TYPES}export const handler: KinesisStreamHandler = async (event) => {
  await Promise.all(event.Records.map(async (record) => put(record.kinesis.data)));
};`,
      errors: [{ messageId: 'promise-all', line: 3, column: 9 }],
    },
    {
      // Through a const, and returned rather than awaited.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  const jobs = event.Records.map((r) => send(r.body));
  return Promise.all(jobs).then(() => undefined);
};`,
      errors: [{ messageId: 'promise-all', line: 4, column: 10 }],
    },
    {
      code: `${TYPES}export const handler: DynamoDBStreamHandler = async (event) => {
  event.Records.forEach((record) => {
    if (!record.dynamodb?.NewImage) throw new Error('no image');
  });
};`,
      errors: [{ messageId: 'throw', line: 4, column: 37 }],
    },
    {
      // Node.js callback handler failing per record.
      code: `exports.handler = (event, context, callback) => {
  for (const record of event.Records) {
    if (!record.body) return callback(new Error('empty'));
  }
  callback(null);
};`,
      filename: 'handler.cjs',
      errors: [{ messageId: 'callback', line: 3, column: 30 }],
    },
    {
      // A local helper given the records, called outside any try.
      code: `${TYPES}async function drain(records: SQSRecord[]) {
  for (const r of records) { if (!r.body) throw new Error('empty'); }
}
export const handler: SQSHandler = async (event) => { await drain(event.Records); };`,
      errors: [{ messageId: 'throw', line: 3, column: 43 }],
    },
    {
      // node:assert in the record loop throws when the check fails.
      code: `${TYPES}import assert from 'node:assert';
export const handler: SQSHandler = async (event) => {
  for (const r of event.Records) {
    assert.ok(r.body, 'empty body');
    await save(r.body);
  }
};`,
      errors: [{ messageId: 'throw', line: 5, column: 5 }],
    },
    {
      // A per-record helper that validates and throws, awaited in the loop.
      code: `${TYPES}async function handle(record: SQSRecord) {
  const order = JSON.parse(record.body);
  if (!order.id) throw new Error('no id');
  await save(order);
}
export const handler: SQSHandler = async (event) => { for (const r of event.Records) await handle(r); };`,
      errors: [
        { messageId: 'parse', line: 3, column: 17 },
        { messageId: 'throw', line: 4, column: 18 },
      ],
    },
    {
      // The parse before the per-record try: partial responses, and still one bad body fails the batch.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const r of event.Records) {
    const order = JSON.parse(r.body);
    try { await save(order); } catch { batchItemFailures.push({ itemIdentifier: r.messageId }); }
  }
  return { batchItemFailures };
};`,
      errors: [{ messageId: 'parse', line: 5, column: 19 }],
    },
    {
      // Records mapped to parsed bodies before the loop; a schema's parse inside it.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  const orders = event.Records.map((r) => ({ id: r.messageId, body: JSON.parse(r.body) }));
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const o of orders) {
    const order = OrderSchema.parse(o.body);
    try { await save(order); } catch { batchItemFailures.push({ itemIdentifier: o.id }); }
  }
  return { batchItemFailures };
};`,
      errors: [
        { messageId: 'parse', line: 3, column: 69 },
        { messageId: 'parse', line: 6, column: 19 },
      ],
    },
    {
      // A synchronous parse in the callback of Promise.all's map leaves the map before any promise is combined.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  const results = await Promise.all(event.Records.map((r) => {
    const { id } = JSON.parse(r.body) as { id: string };
    return notify(id).then(() => ({ ok: true })).catch(() => ({ ok: false, id: r.messageId }));
  }));
  return { batchItemFailures: results.filter((x) => !x.ok).map((x) => ({ itemIdentifier: x.id! })) };
};`,
      errors: [{ messageId: 'parse', line: 4, column: 20 }],
    },
    {
      // A synchronous per-record validator given to forEach by name.
      code: `${TYPES}function validate(record: SQSRecord) { if (!record.body) throw new Error('empty'); }
export const handler: SQSHandler = async (event) => { event.Records.forEach(validate); await flush(); };`,
      errors: [{ messageId: 'throw', line: 2, column: 58 }],
    },
    {
      // A method called through \`this\` per record.
      code: `${TYPES}class Consumer {
  async handle(event: SQSEvent) { for (const r of event.Records) await this.apply(r); }
  private async apply(r: SQSRecord) { if (!r.body) throw new Error('empty'); await save(r.body); }
}
const consumer = new Consumer();
export const handler = consumer.handle.bind(consumer);`,
      errors: [{ messageId: 'throw', line: 4, column: 52 }],
    },
    {
      // Promise.all over records whose callback rejects through a helper.
      code: `${TYPES}async function put(r: SQSRecord) { if (!r.body) throw new Error('empty'); }
export const handler: SQSHandler = async (event) => { await Promise.all(event.Records.map((r) => put(r))); };`,
      errors: [{ messageId: 'promise-all', line: 3, column: 61 }],
    },
    {
      // Promises pushed to a list in a record loop, combined after it.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  const sends: Promise<unknown>[] = [];
  for (const r of event.Records) sends.push(send(r.body));
  await Promise.all(sends);
};`,
      errors: [{ messageId: 'promise-all', line: 5, column: 9 }],
    },
    {
      // Pushed from a nested callback over a record's items; a try around the push does not catch the rejection.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  const locks: Promise<unknown>[] = [];
  event.Records.forEach((record) => {
    const items: string[] = JSON.parse(record.body).items;
    items.forEach((item) => {
      try { locks.push(lock(item)); } catch (e) { console.error(e); }
    });
  });
  await Promise.all(locks);
  return 'done';
};`,
      errors: [{ messageId: 'parse', line: 5, column: 29 }, { messageId: 'promise-all', line: 10, column: 9 }],
    },
  ],
});

runTypedRuleTests('no-whole-batch-throw', rule, {
  valid: [],
  invalid: [
    {
      code: `import type { KinesisStreamHandler } from 'aws-lambda';
type Ingest = KinesisStreamHandler;
export const handler: Ingest = async (event) => { for (const r of event.Records) { if (r.eventName !== 'x') throw new Error('bad'); } };`,
      errors: [{ messageId: 'throw', line: 3, column: 109 }],
    },
  ],
});
