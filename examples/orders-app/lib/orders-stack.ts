import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { DynamoEventSource, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

const handlers = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/handlers');

export class OrdersStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const ordersDlq = new sqs.Queue(this, 'OrdersDlq', { retentionPeriod: Duration.days(14) });
    // Mistake: 180 s looks like six times the 30 s timeout, but the 5 s batching window counts too.
    const orders = new sqs.Queue(this, 'Orders', {
      visibilityTimeout: Duration.seconds(180),
      deadLetterQueue: { queue: ordersDlq, maxReceiveCount: 5 },
    });

    const processOrders = new NodejsFunction(this, 'ProcessOrders', {
      entry: path.join(handlers, 'process-orders.ts'),
      runtime: lambda.Runtime.NODEJS_22_X,
      timeout: Duration.seconds(30),
    });
    // Mistake: batches of 25 orders, but no partial batch responses. One bad order sends all 25
    // back to the queue, and the 24 good ones are charged again on the retry.
    processOrders.addEventSource(
      new SqsEventSource(orders, {
        batchSize: 25,
        maxBatchingWindow: Duration.seconds(5),
      }),
    );

    const table = new dynamodb.Table(this, 'Orders Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
    });
    const audit = new NodejsFunction(this, 'AuditOrders', {
      entry: path.join(handlers, 'audit-orders.ts'),
      runtime: lambda.Runtime.NODEJS_22_X,
    });
    // Mistake: 100 records a batch (the CDK default) and no partial responses: one record the
    // auditor cannot parse replays the whole batch, and the shard waits behind it.
    audit.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        bisectBatchOnError: true,
        retryAttempts: 3,
      }),
    );

    const notifications = new sqs.Queue(this, 'Notifications', {
      visibilityTimeout: Duration.seconds(60),
      deadLetterQueue: { queue: new sqs.Queue(this, 'NotificationsDlq'), maxReceiveCount: 5 },
    });
    const notify = new NodejsFunction(this, 'Notify', {
      entry: path.join(handlers, 'notify.ts'),
      runtime: lambda.Runtime.NODEJS_22_X,
      timeout: Duration.seconds(10),
    });
    // Mistake: the handler returns batchItemFailures, but the mapping never asks for them. Lambda
    // ignores the list and deletes the failed notifications as if they had been sent.
    notify.addEventSource(new SqsEventSource(notifications, { batchSize: 10 }));

    // Correct: redrive policy, a visibility timeout of 6 × 20 s, partial batch responses, and
    // Powertools building the response.
    const shipments = new sqs.Queue(this, 'Shipments', {
      visibilityTimeout: Duration.seconds(120),
      deadLetterQueue: { queue: new sqs.Queue(this, 'ShipmentsDlq'), maxReceiveCount: 5 },
    });
    const ship = new NodejsFunction(this, 'ShipOrders', {
      entry: path.join(handlers, 'ship-orders.ts'),
      runtime: lambda.Runtime.NODEJS_22_X,
      timeout: Duration.seconds(20),
    });
    ship.addEventSource(new SqsEventSource(shipments, { batchSize: 10, reportBatchItemFailures: true }));
  }
}
