import type { SQSHandler } from 'aws-lambda';

interface Order {
  id: string;
  amountCents: number;
}

async function chargeCard(order: Order): Promise<void> {
  if (order.amountCents <= 0) throw new Error(`order ${order.id}: nothing to charge`);
}

// Runs behind a mapping without partial batch responses: one failing order retries all of them.
export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    const order = JSON.parse(record.body) as Order;
    await chargeCard(order);
  }
};
