import rule from '../../src/rules/require-batch-item-failures.js';
import { runRuleTests, runTypedRuleTests } from '../helpers/rule-tester.js';

const TYPES = "import type { SQSHandler, SQSEvent, KinesisStreamHandler, DynamoDBStreamHandler, SNSHandler, APIGatewayProxyHandler } from 'aws-lambda';\n";

/** A handler of one record (`event.Records[0]`) whose catch answers with `batchItemFailures: <answer>`. */
const singleRecord = (answer: string): string => `${TYPES}export const handler: SQSHandler = async (event) => {
  const record = event.Records[0];
  try {
    await charge(record.body);
    return { batchItemFailures: [] };
  } catch (e) {
    console.error(e);
    return { batchItemFailures: ${answer} };
  }
};`;

runRuleTests('require-batch-item-failures', rule, {
  valid: [
    // A per-record catch around a parse only: what cannot be read is dropped on purpose, and nothing fails the batch.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    try {
      const order = JSON.parse(record.body);
      console.log(order.id);
    } catch (e) {
      console.warn('skipping a malformed message', e);
    }
  }
};`,
    // \`Promise.any\` over something other than the records (the first mirror that answers), inside a per-record try.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    try {
      await Promise.any(['a', 'b'].map((host) => fetchFrom(host, record.body)));
    } catch {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};`,
    // A loop over a record's items that only transforms them (a parse of the batch is not per-record work).
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const names: string[] = [];
  event.Records.forEach((record) => {
    JSON.parse(record.body).items.forEach((item: { name: string }) => names.push(item.name.trim()));
  });
  await saveAll(names);
};`,
    // An exported factory whose returned function shows no event (a logger maker): not a handler.
    `${TYPES}export function makeLogger(prefix: string) {
  return async (items: { Records: string[] }) => { for (const r of items.Records) await send(prefix, r); };
}
declare function send(prefix: string, line: string): Promise<void>;`,
    // One record processed (batch size 1 checked in code); the catch names it in the response.
    singleRecord('[{ itemIdentifier: record.messageId }]'),
    // A malformed body dropped on purpose (a parse, not a failed call): the empty answer loses nothing retriable.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const record = event.Records[0];
  let body;
  try {
    body = JSON.parse(record.body);
  } catch {
    return { batchItemFailures: [] };
  }
  await charge(body);
  return { batchItemFailures: [] };
};`,
    // The catch rethrows after logging: the record is retried.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const record = event.Records[0];
  try {
    await charge(record.body);
  } catch (e) {
    console.error(e);
    throw e;
  }
  return { batchItemFailures: [] };
};`,
    // The correct pattern: catch per record, report the failure, return the list.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    try {
      await process(record);
    } catch {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};`,
    // The response built by a local helper.
    `${TYPES}function respond(ids: string[]) { return { batchItemFailures: ids.map((id) => ({ itemIdentifier: id })) }; }
export const handler: SQSHandler = async (event) => {
  const failed: string[] = [];
  for (const r of event.Records) { try { await work(r); } catch { failed.push(r.messageId); } }
  return respond(failed);
};`,
    // Powertools builds the response.
    `import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSHandler, SQSRecord } from 'aws-lambda';
const processor = new BatchProcessor(EventType.SQS);
const recordHandler = async (record: SQSRecord) => { await work(record.body); };
export const handler: SQSHandler = async (event, context) => processPartialResponse(event, recordHandler, processor, { context });`,
    // Middy's partial batch middleware builds the response from the settled results.
    `import middy from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import type { SQSEvent } from 'aws-lambda';
const base = async (event: SQSEvent) => Promise.allSettled(event.Records.map(async (r) => work(r.body)));
export const handler = middy(base).use(sqsPartialBatchFailure());`,
    // A whole-batch operation: no per-record work that can fail alone.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  await table.batchWrite(event.Records.map((r) => JSON.parse(r.body)));
};`,
    // A synchronous loop that cannot fail per record.
    `${TYPES}export const handler: SQSHandler = async (event) => { for (const r of event.Records) console.log(r.body); };`,
    // Not a batch source.
    `${TYPES}export const handler: SNSHandler = async (event) => { for (const r of event.Records) await notify(r.Sns.Message); };`,
    `${TYPES}export const handler: APIGatewayProxyHandler = async (event) => { for (const item of JSON.parse(event.body ?? '[]')) await save(item); return { statusCode: 200, body: '' }; };`,
    // The source is not known from this file (no types, no record fields read).
    `export const handler = async (event) => { for (const r of event.Records) await work(r); };`,
    // A return that cannot be followed may be a batch response.
    `${TYPES}import { processBatch } from './batch';
export const handler: SQSHandler = async (event) => { for (const r of event.Records) await warm(r); return processBatch(event); };`,
    // A try/catch around the loop whose catch rethrows, with the failures reported per record.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  try {
    for (const r of event.Records) { try { await charge(r.body); } catch { batchItemFailures.push({ itemIdentifier: r.messageId }); } }
  } catch (error) {
    console.error(error);
  }
  return { batchItemFailures };
};`,
    // Each record's promise caught and reported.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  await Promise.all(event.Records.map((r) => charge(r.body).catch(() => batchItemFailures.push({ itemIdentifier: r.messageId }))));
  return { batchItemFailures };
};`,
    // A per-record helper whose catch hands the failure back as its result: the handler reports the record.
    `${TYPES}async function upload(body: string): Promise<{ ok: boolean }> {
  try {
    await put(body);
    return { ok: true };
  } catch (error) {
    console.error(error);
    return { ok: false };
  }
}
export const handler: SQSHandler = async (event) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    const result = await upload(record.body);
    if (!result.ok) batchItemFailures.push({ itemIdentifier: record.messageId });
  }
  return { batchItemFailures };
};`,
    // A catch that passes the failed record on (a hand-made dead letter): the record is neither lost nor retried with the batch.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    try {
      await process(record.body);
    } catch (error) {
      await sendToFailureQueue(record.body, String(error));
      console.error(error);
    }
  }
};`,
    // A schema check's other fields (\`error\`, \`success\`) are not the event's records.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const checked = Schema.safeParse(event);
  for (const issue of checked.error.issues) await report(issue);
};
declare const Schema: { safeParse(v: unknown): { error: { issues: unknown[] } } };`,
    // \`parse\` of something else than the event: not its records.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const config = Schema.parse(process.env);
  for (const r of config.Records) await charge(r);
};
declare const Schema: { parse(v: unknown): { Records: string[] } };`,
    // \`for…in\` over something that is not the records.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const settings = { a: 1, b: 2 };
  for (const key in settings) await configure(key);
};`,
    // A reassigned \`let\`: what it holds when the loop runs is not known.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  let records = event.Records;
  records = await fetchOthers();
  for (const r of records) await charge(r.body);
};`,
    // Parsed bodies written in one batch call: no work per record.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const orders = event.Records.map((r) => JSON.parse(r.body));
  await table.batchWrite(orders);
};`,
    // A try/catch around the loop whose catch rethrows: the whole batch fails (no-whole-batch-throw's and this rule's
    // wholeBatch cover it), nothing is dropped.
    // A per-record check whose catch logs the check's own throws: an alert, nothing that a retry would fix.
    `${TYPES}function check(image: Record<string, unknown> | undefined) {
  try {
    if (!image) throw new Error('missing image');
    if (image.hash !== image.expected) throw new Error('hash mismatch');
  } catch (error) {
    console.error(error);
  }
}
export const handler: DynamoDBStreamHandler = async (event) => { event.Records.forEach((r) => check(r.dynamodb?.NewImage)); };`,
    // Unparsable messages dropped on purpose.
    `${TYPES}function parse(body: string) { try { return JSON.parse(body); } catch { return undefined; } }
export const handler: SQSHandler = async (event) => { for (const r of event.Records) { const order = parse(r.body); if (order) console.log(order); } };`,
    // Pushed to a list that is never awaited as a whole: not this function's work.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const bodies: string[] = [];
  for (const r of event.Records) bodies.push(format(r.body));
  await publishAll(bodies);
};`,
    // Not exported: not a handler.
    `${TYPES}async function drain(event: SQSEvent) { for (const r of event.Records) await work(r.body); }`,
    // CommonJS with the correct pattern.
    {
      code: `exports.handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    try { await send(JSON.parse(record.body)); } catch { batchItemFailures.push({ itemIdentifier: record.messageId }); }
  }
  return { batchItemFailures };
};`,
      filename: 'handler.cjs',
    },
    // An alias the file alone cannot see through (type information can: see below).
    `import type { SQSHandler } from 'aws-lambda';
type OrdersHandler = SQSHandler;
export const handler: OrdersHandler = async (event) => { for (const r of event.Records) await work(r); };`,
  ],
  invalid: [
    {
      // A catch around the parse, and the call after it outside: that call fails the whole batch.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    let order: { id: string };
    try {
      order = JSON.parse(record.body);
    } catch {
      continue;
    }
    await charge(order.id);
  }
};`,
      errors: [{ messageId: 'wholeBatch', line: 3, column: 3 }],
    },
    {
      // Promises pushed in a synchronous callback and awaited together after it.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  const tasks: Promise<void>[] = [];
  event.Records.forEach((record) => {
    tasks.push(charge(record.body));
  });
  await Promise.all(tasks);
};`,
      errors: [{ messageId: 'wholeBatch', line: 4, column: 17 }],
    },
    {
      // The work is in the callback of a loop over a record's items: it is the record's work.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  const tasks: Promise<void>[] = [];
  event.Records.forEach((record) => {
    JSON.parse(record.body).items.forEach((item: string) => tasks.push(charge(item)));
  });
  await Promise.all(tasks);
  return 'done';
};`,
      errors: [{ messageId: 'wholeBatch', line: 4, column: 17 }],
    },
    {
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    await charge(JSON.parse(record.body));
  }
};`,
      errors: [{ messageId: 'wholeBatch', line: 3, column: 3, endLine: 3, endColumn: 37 }],
    },
    {
      // Errors caught and logged: the batch succeeds and the failed record is deleted.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    try {
      await charge(record);
    } catch (error) {
      console.error(error);
    }
  }
};`,
      // Reported at the catch that drops the failure.
      errors: [{ messageId: 'swallowed', line: 6, column: 7 }],
    },
    {
      code: `${TYPES}export const handler: KinesisStreamHandler = async (event) => {
  await Promise.all(event.Records.map(async (record) => put(record.kinesis.data)));
};`,
      errors: [{ messageId: 'wholeBatch', line: 3, column: 35 }],
    },
    {
      code: `${TYPES}export const handler: DynamoDBStreamHandler = async (event) => {
  event.Records.forEach((record) => {
    if (!record.dynamodb?.NewImage) throw new Error('no image');
  });
};`,
      errors: [{ messageId: 'wholeBatch', line: 3, column: 17 }],
    },
    {
      // The source from the record shape alone, in CommonJS.
      code: `exports.handler = async (event) => {
  for (const record of event.Records) {
    await send(JSON.parse(record.body));
  }
};`,
      filename: 'handler.js',
      errors: [{ messageId: 'wholeBatch', line: 2, column: 3 }],
    },
    {
      // ES module JavaScript.
      code: `export async function handler(event) {
  await Promise.all(event.Records.map((record) => index(record.dynamodb.NewImage)));
}`,
      filename: 'handler.mjs',
      errors: [{ messageId: 'wholeBatch', line: 2, column: 35 }],
    },
    {
      code: `${TYPES}export default async function (event: SQSEvent) {
  for (let i = 0; i < event.Records.length; i++) {
    const record = event.Records[i];
    await send(record);
  }
}`,
      errors: [{ messageId: 'wholeBatch', line: 3, column: 3 }],
    },
    {
      // module.exports = { handler }, with the loop in a local helper given the records.
      code: `async function handle(records) {
  for (const r of records) await forward(r.kinesis.data);
}
async function handler(event) { await handle(event.Records); }
module.exports = { handler };`,
      filename: 'handler.cjs',
      errors: [{ messageId: 'wholeBatch', line: 2, column: 3 }],
    },
    {
      // Destructured event, wrapped in middy without a batch middleware.
      code: `import middy from '@middy/core';
import type { SQSEvent } from 'aws-lambda';
const base = async ({ Records }: SQSEvent) => { for (const r of Records) { try { await work(r); } catch {} } };
export const handler = middy(base).use(logger());`,
      errors: [{ messageId: 'swallowed', line: 3, column: 99 }],
    },
    {
      // A try/catch around the whole loop that only logs: the first failure drops every later record.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  try {
    for (const record of event.Records) await charge(record.body);
  } catch (error) {
    console.error(error);
  }
};`,
      errors: [{ messageId: 'swallowedRest', line: 5, column: 5 }],
    },
    {
      // The same, returning the caught error: not a batch response (DynamoDB Streams, untyped handler).
      code: `import type { DynamoDBStreamEvent } from 'aws-lambda';
const handler = async (event: DynamoDBStreamEvent) => {
  try {
    for (const record of event.Records) await index(record.dynamodb?.NewImage);
  } catch (e) {
    console.log(e);
    return e;
  }
};
export const main = handler;
declare function index(image: unknown): Promise<void>;`,
      errors: [{ messageId: 'swallowedRest', line: 5, column: 5 }],
    },
    {
      // A helper's catch that hands the failure back is no swallow: the handler throws on it, and the whole batch fails.
      code: `${TYPES}async function upload(body: string): Promise<{ ok: boolean }> {
  try {
    await put(body);
    return { ok: true };
  } catch (error) {
    console.error(error);
    return { ok: false };
  }
}
export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    const result = await upload(record.body);
    if (!result.ok) throw new Error('upload failed');
  }
};`,
      errors: [{ messageId: 'wholeBatch', line: 12, column: 3 }],
    },
    {
      // A catch that only logs and counts a metric (awaited, but not with the record): the failure is dropped.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    try {
      await process(record.body);
    } catch (error) {
      console.error(error);
      await metrics.putMetric('Failure');
    }
  }
};
declare const metrics: { putMetric(name: string): Promise<void> };`,
      errors: [{ messageId: 'swallowed', line: 6, column: 7 }],
    },
    {
      // A per-record helper whose catch only logs (no value handed back): the record's failure is dropped.
      code: `${TYPES}async function upload(body: string): Promise<void> {
  try {
    await put(body);
  } catch (error) {
    console.error(error);
    return;
  }
}
export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) await upload(record.body);
};`,
      errors: [{ messageId: 'swallowed', line: 5, column: 5 }],
    },
    {
      // The handler's own catch that answers with a value: Lambda reads only a batch response, so the record is dropped.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    try {
      await put(record.body);
    } catch (error) {
      return { statusCode: 500 };
    }
  }
};`,
      errors: [{ messageId: 'swallowed', line: 6, column: 7 }],
    },
    {
      // The same, with the loop in a helper of the file.
      code: `${TYPES}async function chargeAll(records: SQSEvent['Records']) {
  for (const record of records) await charge(record.body);
}
export const handler: SQSHandler = async (event) => {
  try { await chargeAll(event.Records); } catch (error) { console.error(error); }
};`,
      errors: [{ messageId: 'swallowedRest', line: 6, column: 43 }],
    },
    {
      // \`.catch(log)\` on each record's promise.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  await Promise.all(event.Records.map((r) => charge(r.body).catch((e) => console.error(e))));
};`,
      errors: [{ messageId: 'swallowed', line: 3, column: 46 }],
    },
    {
      // \`allSettled\` results that are only logged.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  const results = await Promise.allSettled(event.Records.map((r) => charge(r.body)));
  for (const r of results) if (r.status === 'rejected') console.error(r.reason);
};`,
      errors: [{ messageId: 'swallowedSettled', line: 3, column: 25 }],
    },
    {
      // \`Promise.any\`: the first record that succeeds ends the wait; the others' failures are dropped.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  await Promise.any(event.Records.map((r) => charge(r.body)));
};`,
      errors: [{ messageId: 'swallowedFirst', data: { source: 'SQS', how: 'Promise.any', ends: 'succeeds', settled: '`Promise.allSettled`', rejected: 'rejected' }, line: 3, column: 9 }],
    },
    {
      code: `${TYPES}export const handler: KinesisStreamHandler = async (event) => {
  const puts = event.Records.map(async (r) => { await put(r.kinesis.data); });
  await Promise.race(puts);
};`,
      errors: [{ messageId: 'swallowedFirst', data: { source: 'Kinesis', how: 'Promise.race', ends: 'finishes', settled: '`Promise.allSettled`', rejected: 'rejected' }, line: 4, column: 9 }],
    },
    {
      // The event checked by a schema first (zod's \`safeParse(event).data\`, \`parse(event)\`): still the event.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  const parsed = Incoming.safeParse(event);
  if (!parsed.success) throw new Error('not an SQS event');
  for (const record of parsed.data.Records) await charge(record.body);
};
export const other: SQSHandler = async (event) => {
  const { Records } = await Incoming.parseAsync(event);
  for (const record of Records) await charge(record.body);
};
declare const Incoming: { safeParse(v: unknown): { success: boolean; data: { Records: { body: string }[] } }; parseAsync(v: unknown): Promise<{ Records: { body: string }[] }> };`,
      errors: [
        { messageId: 'wholeBatch', line: 5, column: 3 },
        { messageId: 'wholeBatch', line: 9, column: 3 },
      ],
    },
    {
      // \`for…in\` over the records, with indexing.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  for (const i in event.Records) await charge(event.Records[i]!.body);
};`,
      errors: [{ messageId: 'wholeBatch', line: 3, column: 3 }],
    },
    {
      // A \`while\` loop with an index.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  let i = 0;
  while (i < event.Records.length) {
    await charge(event.Records[i]!.body);
    i++;
  }
};`,
      errors: [{ messageId: 'wholeBatch', line: 4, column: 3 }],
    },
    {
      // A \`let\` alias that is never reassigned.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  let records = event.Records;
  for (const r of records) await charge(r.body);
};`,
      errors: [{ messageId: 'wholeBatch', line: 4, column: 3 }],
    },
    {
      // Records mapped to their parsed bodies first and processed later: still one per record.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  const orders = event.Records.map((r) => JSON.parse(r.body));
  for (const order of orders) await charge(order);
};`,
      errors: [{ messageId: 'wholeBatch', line: 4, column: 3 }],
    },
    {
      // A class-based handler: the record loop calls a method through \`this\`.
      code: `${TYPES}class Worker {
  async handle(event: SQSEvent) {
    for (const r of event.Records) await this.process(r.body);
  }
  async process(body: string) { try { await charge(body); } catch (e) { console.error(e); } }
}
const worker = new Worker();
export const handler = worker.handle.bind(worker);`,
      errors: [{ messageId: 'swallowed', line: 6, column: 61 }],
    },
    {
      // Promises pushed in the loop, combined after it: one rejection fails the whole batch.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  const sends: Promise<void>[] = [];
  for (const r of event.Records) sends.push(notify(r.body));
  await Promise.all(sends);
};`,
      errors: [{ messageId: 'wholeBatch', line: 4, column: 3 }],
    },
    {
      // A handler made by a factory of the file, with its dependencies injected.
      code: `${TYPES}function makeHandler(deps: { charge(body: string): Promise<void> }): SQSHandler {
  return async (event) => {
    for (const r of event.Records) await deps.charge(r.body);
  };
}
export const handler = makeHandler({ charge: async () => {} });`,
      errors: [{ messageId: 'wholeBatch', line: 4, column: 5 }],
    },
    {
      // An exported factory (its caller, in another module, makes the handler): the handler is what it returns.
      code: `${TYPES}export default function createHandler(deps: { charge(body: string): Promise<void> }): SQSHandler {
  return async (event) => {
    for (const r of event.Records) await deps.charge(r.body);
  };
}`,
      errors: [{ messageId: 'wholeBatch', line: 4, column: 5 }],
    },
    {
      // The same, with its event type on the returned function's parameter and an arrow factory.
      code: `${TYPES}export const createHandler = (deps: { charge(body: string): Promise<void> }) => async (event: SQSEvent) => {
  for (const r of event.Records) await deps.charge(r.body);
};`,
      errors: [{ messageId: 'wholeBatch', line: 3, column: 3 }],
    },
    {
      // A class constructed in the handler, its method given the event.
      code: `${TYPES}class Consumer {
  async run(event: SQSEvent) {
    for (const r of event.Records) { try { await charge(r.body); } catch (e) { console.error(e); } }
  }
}
export const handler: SQSHandler = async (event) => new Consumer().run(event);`,
      errors: [{ messageId: 'swallowed', line: 4, column: 68 }],
    },
    {
      // One record processed, its failure caught and answered with an empty list: lost.
      code: singleRecord('[]'),
      errors: [{ messageId: 'emptyResponse', line: 7, column: 5 }],
    },
    {
      // The same in a record loop: the failed record and the rest are answered with an empty list.
      code: `${TYPES}export const handler: KinesisStreamHandler = async (event) => {
  try {
    for (const r of event.Records) await charge(r.kinesis.data);
  } catch (e) {
    console.error(e);
    return { batchItemFailures: [] };
  }
  return { batchItemFailures: [] };
};`,
      errors: [{ messageId: 'emptyResponse', line: 5, column: 5 }],
    },
    {
      // The handler returns an HTTP-style response built by a helper: no batch response.
      code: `${TYPES}function ok() { return { statusCode: 200, body: 'ok' }; }
export const handler: SQSHandler = async (event) => {
  for (const r of event.Records) { try { await charge(r.body); } catch (e) { console.error(e); } }
  return ok();
};`,
      errors: [{ messageId: 'swallowed', line: 4, column: 66 }],
    },
  ],
});

runTypedRuleTests('require-batch-item-failures', rule, {
  valid: [
    `import type { SNSHandler } from 'aws-lambda';
type Notify = SNSHandler;
export const handler: Notify = async (event) => { for (const r of event.Records) await work(r); };
async function work(r: unknown) {}`,
  ],
  invalid: [
    {
      // Only the type checker knows that OrdersHandler is an SQSHandler.
      code: `import type { SQSHandler } from 'aws-lambda';
type OrdersHandler = SQSHandler;
export const handler: OrdersHandler = async (event) => { for (const r of event.Records) await work(r); };
async function work(r: unknown) {}`,
      errors: [{ messageId: 'wholeBatch', line: 3, column: 58 }],
    },
  ],
});
