// Deployed by sam/template.yaml. The handler is right: it reports each failed refund. The
// mistake is in the template (see there), which lambda-lint reports on both sides.
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

async function refund(record: SQSRecord): Promise<void> {
  const { orderId } = JSON.parse(record.body) as { orderId?: string };
  if (!orderId) throw new Error(`message ${record.messageId} has no order id`);
}

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      await refund(record);
    } catch {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
