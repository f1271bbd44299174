/**
 * The CDK constructs the adapter knows, by canonical name (see symbols.ts). Property names,
 * defaults and argument positions: lambda-facts.md §2.1 (aws-cdk-lib@2.276.0).
 */
import type { EventSourceKind } from '../../model/facts.js';

export const FUNCTION_CONSTRUCTS: Readonly<Record<string, string>> = {
  'aws-lambda.Function': 'Function',
  'aws-lambda-nodejs.NodejsFunction': 'NodejsFunction',
  'aws-lambda.DockerImageFunction': 'DockerImageFunction',
  // @aws-cdk/aws-lambda-python-alpha (CDK v2) and @aws-cdk/aws-lambda-python (CDK v1).
  'aws-lambda-python-alpha.PythonFunction': 'PythonFunction',
  'aws-lambda-python.PythonFunction': 'PythonFunction',
  // aws-cdk-lib/triggers: a Function run by a custom resource when the stack deploys.
  'triggers.TriggerFunction': 'TriggerFunction',
  // @guardian/cdk (LIBRARY_FUNCTIONS below).
  'guardian-cdk.GuLambdaFunction': 'GuLambdaFunction',
  'guardian-cdk.GuScheduledLambda': 'GuScheduledLambda',
  'guardian-cdk.GuApiLambda': 'GuApiLambda',
};

/**
 * Function classes of construct libraries, as their published source defines them: subclasses of
 * `lambda.Function` that pass their props on (so `handler`, `runtime`, `timeout`,
 * `deadLetterQueue`, `onFailure`… are `Function`'s), with what they set themselves. Read from
 * @guardian/cdk 62.4.0 (lib/constructs/lambda/lambda.js, lib/patterns/scheduled-lambda.js,
 * lib/patterns/api-lambda.js): the code is `Code.fromBucket` of the artifact `fileName` in the
 * distribution bucket (`<stack>/<stage>/<app>/<fileName>`), uploaded by the build, never a folder
 * of the app; the timeout defaults to 30 s; `GuScheduledLambda` makes an EventBridge rule per entry
 * of `rules` targeting the function (an asynchronous invoke, no target DLQ or retry settings);
 * `GuApiLambda` a `LambdaRestApi` (synchronous).
 */
export interface LibraryFunction {
  defaultTimeout: number;
  /** The prop naming the artifact the code is (built elsewhere). */
  artifact: string;
  /** A prop whose entries each invoke the function asynchronously, and their label. */
  asyncPerEntry?: { prop: string; label: string };
  /** Invoked synchronously by what the construct makes. */
  sync?: boolean;
}

/** The construct libraries of the catalogue, by package, and the prefix their classes' names take (`guardian-cdk.GuLambdaFunction`). */
const LIBRARY_PACKAGES: Readonly<Record<string, string>> = { '@guardian/cdk': 'guardian-cdk' };

/** The catalogue's name for a module of a catalogued library (the package or one of its `lib/` modules), else `undefined`. */
export function libraryOf(module: string): string | undefined {
  for (const [pkg, name] of Object.entries(LIBRARY_PACKAGES)) if (module === pkg || module.startsWith(`${pkg}/lib/`)) return name;
  return undefined;
}

export const LIBRARY_FUNCTIONS: Readonly<Record<string, LibraryFunction>> = {
  GuLambdaFunction: { defaultTimeout: 30, artifact: 'fileName' },
  GuScheduledLambda: { defaultTimeout: 30, artifact: 'fileName', asyncPerEntry: { prop: 'rules', label: 'EventBridge rule' } },
  GuApiLambda: { defaultTimeout: 30, artifact: 'fileName', sync: true },
};

export const QUEUE_CONSTRUCT = 'aws-sqs.Queue';

export interface EventSourceClass {
  kind: EventSourceKind;
  construct: string;
  /** AWS's default for SQS (CDK passes none); CDK's `batchSize || 100` for streams; Kafka's 100. */
  defaultBatchSize: number;
}

/** `aws-lambda-event-sources` classes that create an event source mapping. */
export const MAPPING_EVENT_SOURCES: Readonly<Record<string, EventSourceClass>> = {
  'aws-lambda-event-sources.SqsEventSource': { kind: 'sqs', construct: 'SqsEventSource', defaultBatchSize: 10 },
  'aws-lambda-event-sources.KinesisEventSource': { kind: 'kinesis', construct: 'KinesisEventSource', defaultBatchSize: 100 },
  'aws-lambda-event-sources.KinesisConsumerEventSource': { kind: 'kinesis', construct: 'KinesisConsumerEventSource', defaultBatchSize: 100 },
  'aws-lambda-event-sources.DynamoEventSource': { kind: 'dynamodb', construct: 'DynamoEventSource', defaultBatchSize: 100 },
  'aws-lambda-event-sources.ManagedKafkaEventSource': { kind: 'kafka', construct: 'ManagedKafkaEventSource', defaultBatchSize: 100 },
  'aws-lambda-event-sources.SelfManagedKafkaEventSource': { kind: 'kafka', construct: 'SelfManagedKafkaEventSource', defaultBatchSize: 100 },
};

/** `aws-lambda-event-sources` classes that subscribe the function asynchronously. */
export const ASYNC_EVENT_SOURCES: Readonly<Record<string, string>> = {
  'aws-lambda-event-sources.SnsEventSource': 'SNS subscription',
  'aws-lambda-event-sources.S3EventSource': 'S3 notification',
  'aws-lambda-event-sources.S3EventSourceV2': 'S3 notification',
};

/** Constructs that invoke their first argument asynchronously. */
export const ASYNC_TRIGGERS: Readonly<Record<string, string>> = {
  'aws-s3-notifications.LambdaDestination': 'S3 notification',
  'aws-sns-subscriptions.LambdaSubscription': 'SNS subscription',
  'aws-events-targets.LambdaFunction': 'EventBridge rule',
  'aws-lambda-destinations.LambdaDestination': 'Lambda destination',
  'aws-scheduler-targets.LambdaInvoke': 'EventBridge Scheduler schedule',
};

/**
 * Constructs whose `invocationType` says how they invoke the function a prop names: a Step
 * Functions task (synchronously by default, asynchronously with `Event`; a `DryRun` does not run
 * it) and an SES receipt rule's Lambda action (asynchronously by default, as CloudFormation's
 * `InvocationType` default is `Event`; `RequestResponse` waits for it).
 */
export const INVOKED_BY_TYPE: Readonly<Record<string, { arg: number; functionProp: string; default: string; async: readonly string[]; sync: readonly string[]; label: string }>> = {
  'aws-stepfunctions-tasks.LambdaInvoke': { arg: 2, functionProp: 'lambdaFunction', default: 'REQUEST_RESPONSE', async: ['EVENT'], sync: ['REQUEST_RESPONSE', 'DRY_RUN'], label: 'Step Functions task (InvocationType Event)' },
  'aws-ses-actions.Lambda': { arg: 0, functionProp: 'function', default: 'EVENT', async: ['EVENT'], sync: ['REQUEST_RESPONSE'], label: 'SES receipt rule' },
};

/** Constructs that invoke a function synchronously, and which argument (or prop) is the function. */
export const SYNC_TRIGGERS: Readonly<Record<string, { arg: number; prop?: string }>> = {
  'aws-apigateway.LambdaIntegration': { arg: 0 },
  'aws-apigateway.LambdaRestApi': { arg: 2, prop: 'handler' },
  'aws-apigatewayv2-integrations.HttpLambdaIntegration': { arg: 1 },
  'aws-apigatewayv2-integrations.WebSocketLambdaIntegration': { arg: 1 },
  'aws-apigatewayv2-authorizers.HttpLambdaAuthorizer': { arg: 1 },
  'aws-elasticloadbalancingv2-targets.LambdaTarget': { arg: 0 },
  'aws-apigateway.TokenAuthorizer': { arg: 2, prop: 'handler' },
  'aws-apigateway.RequestAuthorizer': { arg: 2, prop: 'handler' },
};

/** Function members that neither invoke it nor hand it to someone who might. */
export const HARMLESS_FUNCTION_MEMBERS = new Set([
  'addEnvironment',
  'addToRolePolicy',
  'addLayers',
  'applyRemovalPolicy',
  'node',
  'role',
  'connections',
  'grantPrincipal',
  'logGroup',
  'permissionsNode',
  'isBoundToVpc',
  'architecture',
  'runtime',
  'env',
  'stack',
  'timeout',
]);

/** Members that hand out the function's identity: whoever gets it may invoke it, perhaps asynchronously. */
export const IDENTITY_MEMBERS = new Set([
  'functionArn',
  'functionName',
  'functionRef',
  'currentVersion',
  'latestVersion',
  'resourceArnsForGrantInvoke',
  'grantInvoke',
  'grantInvokeUrl',
  'grantInvokeCompositePrincipal',
  'grantInvokeLatestVersion',
  'grantInvokeVersion',
  'addPermission',
  'addAlias',
]);

/** The attribute that names what an event source ARN points at. */
export const ARN_KINDS: Readonly<Record<string, EventSourceKind>> = {
  queueArn: 'sqs',
  streamArn: 'kinesis',
  tableStreamArn: 'dynamodb',
};
