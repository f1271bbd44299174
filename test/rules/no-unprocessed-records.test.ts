import rule from '../../src/rules/no-unprocessed-records.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const TYPES = "import type { SQSHandler, SQSEvent, KinesisStreamHandler, SNSHandler, SQSBatchItemFailure } from 'aws-lambda';\n";

runRuleTests('no-unprocessed-records', rule, {
  valid: [
    // A helper that searches the records: its \`return true\` answers the caller, the handler goes on.
    `${TYPES}function hasDeletes(event: SQSEvent): boolean {
  for (const r of event.Records) {
    if (r.body === 'delete') return true;
  }
  return false;
}
export const handler: SQSHandler = async (event) => {
  if (hasDeletes(event)) console.log('deletes');
  for (const r of event.Records) await work(r.body);
};`,
    // `continue` skips one record and goes on.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  for (const r of event.Records) {
    if (!r.body) continue;
    await work(r.body);
  }
};`,
    // A return in the failure's catch: how a FIFO handler stops (fifo-stop-on-failure's concern).
    `${TYPES}export const handler: SQSHandler = async (event) => {
  for (const r of event.Records) {
    try { await work(r.body); } catch { return; }
  }
};`,
    // The rest is reported as failed: nothing is lost.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const [i, r] of event.Records.entries()) {
    if (!r.body) return { batchItemFailures: event.Records.slice(i).map((x) => ({ itemIdentifier: x.messageId })) };
    await work(r.body);
  }
  return { batchItemFailures };
};`,
    // A return inside a callback is that callback's, not the handler's.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  await Promise.all(event.Records.map(async (r) => { if (!r.body) return; await work(r.body); }));
};`,
    // The first record read to decide something, and every record processed.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const kind = event.Records[0]?.attributes.ApproximateReceiveCount;
  for (const r of event.Records) await work(r.body, kind);
};`,
    // Only the first record, with no mapping to tell the batch size: silent.
    `${TYPES}export const handler: SQSHandler = async (event) => { await work(event.Records[0]!.body); };`,
    // Not a batch source.
    `${TYPES}export const handler: SNSHandler = async (event) => { for (const r of event.Records) { if (!r.Sns.Message) return; await work(r.Sns.Message); } };`,
    // A loop over something else.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  for (const r of event.Records) await work(r.body);
  for (const x of [1, 2, 3]) { if (x > 1) return; }
};`,
  ],
  invalid: [
    {
      // \`return\` where \`continue\` was meant: every later record is counted as processed.
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  for (const r of event.Records) {
    if (!r.body) return;
    await work(r.body);
  }
};`,
      errors: [{ messageId: 'earlyReturn', line: 4, column: 18 }],
    },
    {
      // In a helper given the records.
      code: `${TYPES}async function drain(records: SQSEvent['Records']) {
  for (const r of records) {
    const order = JSON.parse(r.body);
    if (order.type === 'test') return;
    await work(order);
  }
}
export const handler: SQSHandler = async (event) => { await drain(event.Records); };`,
      errors: [{ messageId: 'earlyReturn', line: 5, column: 32 }],
    },
    {
      code: `${TYPES}export const handler: KinesisStreamHandler = async (event) => {
  for (let i = 0; i < event.Records.length; i++) {
    const r = event.Records[i]!;
    if (r.kinesis.partitionKey === 'skip') return { statusCode: 200 };
    await work(r.kinesis.data);
  }
};`,
      errors: [{ messageId: 'earlyReturn', line: 5, column: 44 }],
    },
  ],
});
