import rule from '../../src/rules/fifo-stop-on-failure.js';
import { runRuleTests, runTypedRuleTests } from '../helpers/rule-tester.js';

const TYPES = "import type { SQSHandler, SQSBatchItemFailure } from 'aws-lambda';\n";

runRuleTests('fifo-stop-on-failure', rule, {
  valid: [
    // The documented pattern: stop at the first failure, report it and every message after it.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const [i, record] of event.Records.entries()) {
    console.log(record.attributes.SequenceNumber);
    try {
      await apply(record);
    } catch {
      for (const rest of event.Records.slice(i)) batchItemFailures.push({ itemIdentifier: rest.messageId });
      break;
    }
  }
  return { batchItemFailures };
};`,
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const records = event.Records;
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    if (record.attributes.MessageDeduplicationId === undefined) continue;
    try { await apply(record); } catch { return { batchItemFailures: records.slice(i).map((r) => ({ itemIdentifier: r.messageId })) }; }
  }
  return { batchItemFailures: [] };
};`,
    // Rethrowing fails the whole batch, which keeps order.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    void record.attributes.SequenceNumber;
    try { await apply(record); } catch (e) { throw e; }
  }
};`,
    // A flag set in the catch may make the loop skip the rest: cannot tell, stay quiet.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  let failed = false;
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const record of event.Records) {
    void record.attributes.SequenceNumber;
    if (failed) { batchItemFailures.push({ itemIdentifier: record.messageId }); continue; }
    try { await apply(record); } catch { failed = true; batchItemFailures.push({ itemIdentifier: record.messageId }); }
  }
  return { batchItemFailures };
};`,
    // Powertools' FIFO processor stops at the first failure for you.
    `import { SqsFifoPartialProcessor, processPartialResponse } from '@aws-lambda-powertools/batch';
${TYPES}const processor = new SqsFifoPartialProcessor();
export const handler: SQSHandler = async (event, context) => processPartialResponse(event, async (r) => apply(r), processor, { context });`,
    // A standard queue: continuing is right.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const record of event.Records) {
    try { await apply(record); } catch { batchItemFailures.push({ itemIdentifier: record.messageId }); }
  }
  return { batchItemFailures };
};`,
    // MessageGroupId alone is no proof of FIFO: SQS fair queues set it on standard queues.
    `${TYPES}export const handler: SQSHandler = async (event) => {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const record of event.Records) {
    try { await apply(record.attributes.MessageGroupId); } catch { batchItemFailures.push({ itemIdentifier: record.messageId }); }
  }
  return { batchItemFailures };
};`,
  ],
  invalid: [
    {
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const record of event.Records) {
    console.log('seq', record.attributes.SequenceNumber);
    try {
      await apply(record);
    } catch {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};`,
      errors: [{ messageId: 'continues', line: 8, column: 7 }],
    },
    {
      code: `${TYPES}export const handler: SQSHandler = async (event) => {
  const results = await Promise.allSettled(event.Records.map(async (r) => apply(r.body, r.attributes.MessageDeduplicationId)));
  return { batchItemFailures: results.flatMap((x, i) => (x.status === 'rejected' ? [{ itemIdentifier: event.Records[i]!.messageId }] : [])) };
};`,
      errors: [{ messageId: 'concurrent', line: 3, column: 58, data: { how: 'Promise.allSettled' } }],
    },
    {
      // Powertools' FIFO processor in the file says the queue is FIFO; this loop ignores it.
      code: `import { SqsFifoPartialProcessor } from '@aws-lambda-powertools/batch';
${TYPES}export const processor = new SqsFifoPartialProcessor();
export const handler: SQSHandler = async (event) => {
  event.Records.forEach(async (r) => { await apply(r); });
};`,
      errors: [{ messageId: 'concurrent', line: 5, column: 17, data: { how: 'async-forEach' } }],
    },
  ],
});

runTypedRuleTests('fifo-stop-on-failure', rule, {
  valid: [
    // With types, a standard-queue handler that continues after a failure is still fine.
    `import type { SQSHandler } from 'aws-lambda';
type Orders = SQSHandler;
export const handler: Orders = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) { try { await apply(record); } catch { batchItemFailures.push({ itemIdentifier: record.messageId }); } }
  return { batchItemFailures };
};
async function apply(r: unknown) {}`,
  ],
  invalid: [
    {
      code: `import type { SQSHandler } from 'aws-lambda';
type Ledger = SQSHandler;
export const handler: Ledger = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) { try { await apply(record.attributes.SequenceNumber); } catch { batchItemFailures.push({ itemIdentifier: record.messageId }); } }
  return { batchItemFailures };
};
async function apply(r: unknown) {}`,
      errors: [{ messageId: 'continues', line: 5, column: 96 }],
    },
  ],
});
