import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSHandler, SQSRecord } from 'aws-lambda';

const processor = new BatchProcessor(EventType.SQS);

async function ship(record: SQSRecord): Promise<void> {
  const { orderId } = JSON.parse(record.body) as { orderId?: string };
  if (!orderId) throw new Error(`message ${record.messageId} has no order id`);
}

export const handler: SQSHandler = async (event, context) =>
  processPartialResponse(event, ship, processor, { context });
