// Deployed by serverless.yml. The handler is right: Powertools reports each failed invoice. The
// mistake is in serverless.yml (see there), which lambda-lint reports on both sides.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSHandler, SQSRecord } from 'aws-lambda';

const processor = new BatchProcessor(EventType.SQS);

async function invoice(record: SQSRecord): Promise<void> {
  const { orderId } = JSON.parse(record.body) as { orderId?: string };
  if (!orderId) throw new Error(`message ${record.messageId} has no order id`);
}

export const handler: SQSHandler = async (event, context) =>
  processPartialResponse(event, invoice, processor, { context });
