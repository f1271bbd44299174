import type { SQSBatchItemFailure, SQSHandler } from 'aws-lambda';

async function send(body: string): Promise<void> {
  if (body.length === 0) throw new Error('empty notification');
}

export const handler: SQSHandler = async (event) => {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const record of event.Records) {
    try {
      await send(record.body);
    } catch {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
