/**
 * Event sources as the handler code shows them: `@types/aws-lambda` type names, the record
 * fields a handler reads, and the libraries it uses. Names: lambda-facts.md §2.8 and §1.4.
 */
import type { HandlerSource, HandlerSourceKind } from '../../model/facts.js';

export type Invocation = 'batch' | 'async' | 'sync';

export interface SourceInfo {
  kind: HandlerSourceKind;
  invocation: Invocation;
}

const batch = (kind: HandlerSourceKind): SourceInfo => ({ kind, invocation: 'batch' });
const async = (kind: HandlerSourceKind): SourceInfo => ({ kind, invocation: 'async' });
const sync = (kind: HandlerSourceKind): SourceInfo => ({ kind, invocation: 'sync' });

/** Handler type aliases (`export const handler: SQSHandler = …`). */
export const HANDLER_TYPES: Readonly<Record<string, SourceInfo>> = {
  SQSHandler: batch('sqs'),
  KinesisStreamHandler: batch('kinesis'),
  KinesisStreamTumblingWindowHandler: batch('kinesis'),
  DynamoDBStreamHandler: batch('dynamodb'),
  SNSHandler: async('sns'),
  S3Handler: async('s3'),
  EventBridgeHandler: async('eventbridge'),
  ScheduledHandler: async('eventbridge'),
  CloudWatchLogsHandler: async('other-async'),
  SESHandler: async('other-async'),
  IoTHandler: async('other-async'),
  CodeCommitHandler: async('other-async'),
  CodePipelineCloudWatchHandler: async('other-async'),
  CodePipelineCloudWatchActionHandler: async('other-async'),
  CodePipelineCloudWatchPipelineHandler: async('other-async'),
  CodePipelineCloudWatchStageHandler: async('other-async'),
  APIGatewayProxyHandler: sync('other-sync'),
  APIGatewayProxyHandlerV2: sync('other-sync'),
  APIGatewayProxyWithCognitoAuthorizerHandler: sync('other-sync'),
  APIGatewayProxyHandlerV2WithJWTAuthorizer: sync('other-sync'),
  APIGatewayProxyHandlerV2WithLambdaAuthorizer: sync('other-sync'),
  APIGatewayAuthorizerHandler: sync('other-sync'),
  APIGatewayTokenAuthorizerHandler: sync('other-sync'),
  APIGatewayRequestAuthorizerHandler: sync('other-sync'),
  ALBHandler: sync('other-sync'),
  LambdaFunctionURLHandler: sync('other-sync'),
  AppSyncResolverHandler: sync('other-sync'),
  CloudFrontRequestHandler: sync('other-sync'),
  CloudFrontResponseHandler: sync('other-sync'),
  FirehoseTransformationHandler: sync('other-sync'),
  CloudFormationCustomResourceHandler: async('other-async'),
  PreSignUpTriggerHandler: sync('other-sync'),
  PostConfirmationTriggerHandler: sync('other-sync'),
  PreAuthenticationTriggerHandler: sync('other-sync'),
  PostAuthenticationTriggerHandler: sync('other-sync'),
  PreTokenGenerationTriggerHandler: sync('other-sync'),
  CustomMessageTriggerHandler: sync('other-sync'),
  DefineAuthChallengeTriggerHandler: sync('other-sync'),
  CreateAuthChallengeTriggerHandler: sync('other-sync'),
  VerifyAuthChallengeResponseTriggerHandler: sync('other-sync'),
  UserMigrationTriggerHandler: sync('other-sync'),
};

/** Event types (`(event: SQSEvent) => …`, `Handler<SQSEvent>`). */
export const EVENT_TYPES: Readonly<Record<string, SourceInfo>> = {
  SQSEvent: batch('sqs'),
  KinesisStreamEvent: batch('kinesis'),
  DynamoDBStreamEvent: batch('dynamodb'),
  SNSEvent: async('sns'),
  S3Event: async('s3'),
  EventBridgeEvent: async('eventbridge'),
  ScheduledEvent: async('eventbridge'),
  CloudWatchLogsEvent: async('other-async'),
  SESEvent: async('other-async'),
  APIGatewayProxyEvent: sync('other-sync'),
  APIGatewayProxyEventV2: sync('other-sync'),
  APIGatewayProxyWithCognitoAuthorizerEvent: sync('other-sync'),
  APIGatewayProxyEventV2WithJWTAuthorizer: sync('other-sync'),
  APIGatewayAuthorizerEvent: sync('other-sync'),
  APIGatewayTokenAuthorizerEvent: sync('other-sync'),
  APIGatewayRequestAuthorizerEvent: sync('other-sync'),
  ALBEvent: sync('other-sync'),
  LambdaFunctionURLEvent: sync('other-sync'),
  AppSyncResolverEvent: sync('other-sync'),
  CloudFrontRequestEvent: sync('other-sync'),
  CloudFrontResponseEvent: sync('other-sync'),
  FirehoseTransformationEvent: sync('other-sync'),
  CloudFormationCustomResourceEvent: async('other-async'),
};

/** Record types (`(record: SQSRecord) => …`). */
export const RECORD_TYPES: Readonly<Record<string, SourceInfo>> = {
  SQSRecord: batch('sqs'),
  KinesisStreamRecord: batch('kinesis'),
  DynamoDBRecord: batch('dynamodb'),
  SNSEventRecord: async('sns'),
  S3EventRecord: async('s3'),
};

/**
 * Record fields that identify the source when read from an element of `event.Records`. SQS's
 * `attributes.MessageGroupId` is not FIFO evidence: SQS fair queues put it on standard queues too.
 */
export const RECORD_FIELDS: Readonly<Record<string, SourceInfo>> = {
  messageId: batch('sqs'),
  receiptHandle: batch('sqs'),
  body: batch('sqs'),
  md5OfBody: batch('sqs'),
  kinesis: batch('kinesis'),
  dynamodb: batch('dynamodb'),
  Sns: async('sns'),
  s3: async('s3'),
};

/**
 * Record fields whose every possible value AWS documents: a test that has handled each of them
 * leaves nothing for its `else`. DynamoDB Streams' \`eventName\` (Streams API reference, Record:
 * Valid Values INSERT | MODIFY | REMOVE).
 */
export const RECORD_FIELD_VALUES: Readonly<Record<string, readonly string[]>> = {
  eventName: ['INSERT', 'MODIFY', 'REMOVE'],
};

/** SQS record attributes that only FIFO queues deliver. */
export const FIFO_ONLY_ATTRIBUTES = new Set(['SequenceNumber', 'MessageDeduplicationId']);

/** Powertools `EventType` members. */
export const POWERTOOLS_EVENT_TYPES: Readonly<Record<string, HandlerSourceKind>> = {
  SQS: 'sqs',
  KinesisDataStreams: 'kinesis',
  DynamoDBStreams: 'dynamodb',
};

export const POWERTOOLS_BATCH = '@aws-lambda-powertools/batch';

/** Middy middlewares that turn the handler's settled results into a batch response. */
export const MIDDY_BATCH_MIDDLEWARES = new Set(['@middy/sqs-partial-batch-failure', '@middy/event-batch-response']);

/**
 * Names handlers are given, in either language (\`handler\`, \`main\`, the default export,
 * \`processOrdersHandler\`, \`lambda_handler\`, \`process_orders_handler\`): record fields read
 * elsewhere say the source only for a function so named.
 */
export const HANDLER_NAME = /^(?:default|main|handler|handle|lambda_handler|.*Handler|.*_handler)$/u;

/** The evidence of a handler's source, as its code shows it, in order of weight. */
export interface SourceEvidence {
  /** Type annotations (the handler's, its event's, its records'). */
  types: readonly SourceInfo[];
  /** Powertools batch processors built for an \`EventType\`. */
  processors: readonly { kind: HandlerSourceKind; fifo: boolean }[];
  /** A Middy middleware builds an SQS batch response. */
  middy?: boolean;
  /** Record fields read. */
  fields: readonly SourceInfo[];
  /** A FIFO-only record attribute is read. */
  fifoField: boolean;
}

/** The source the code shows: types first, then a batch processor, Middy, and the record fields read. */
export function decideSource(e: SourceEvidence): HandlerSource {
  const agree = (list: readonly { kind: HandlerSourceKind }[]): HandlerSourceKind | undefined => {
    const kinds = new Set(list.map((s) => s.kind));
    return kinds.size === 1 ? [...kinds][0] : undefined;
  };
  const fifo = e.fifoField || e.processors.some((p) => p.fifo) ? true : undefined;
  const from = (list: readonly { kind: HandlerSourceKind }[], evidence: HandlerSource['evidence']): HandlerSource => {
    const kind = agree(list);
    return { kind: kind ?? 'unknown', fifo: kind === 'sqs' ? fifo : undefined, evidence: kind ? evidence : 'none' };
  };
  if (e.types.length > 0) return from(e.types, 'type');
  if (e.processors.length > 0) return from(e.processors, 'powertools');
  if (e.middy === true && e.fields.length === 0) return { kind: 'sqs', fifo: undefined, evidence: 'middy' };
  if (e.fields.length > 0) return from(e.fields, 'record-shape');
  return { kind: 'unknown', fifo: undefined, evidence: 'none' };
}
