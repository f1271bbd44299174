import type { DynamoDBStreamHandler } from 'aws-lambda';

export const handler: DynamoDBStreamHandler = async (event) => {
  for (const record of event.Records) {
    const keys = record.dynamodb?.Keys;
    if (!keys) throw new Error(`record ${record.eventID ?? '?'} has no keys`);
    console.log('audit', record.eventName, JSON.stringify(keys));
  }
};
