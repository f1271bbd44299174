/**
 * How each dialect writes the settings that messages tell the user to add (lambda-facts.md §2.0,
 * the cross-tool name map), so that a finding in a SAM template says `RedrivePolicy` and one in
 * Terraform says `redrive_policy`, never CDK's names.
 */
import type { Dialect, SpellingVariant } from './facts.js';

export interface Spelling {
  /** An on-failure destination for asynchronous invocations. */
  asyncOnFailure: string;
  /** A redrive policy on an SQS queue. */
  queueRedrive: string;
  /** Where a dead-letter queue goes on a queue, said briefly. */
  queueRedriveShort: string;
  /** An on-failure destination on a stream event source mapping. */
  mappingOnFailure: string;
  /** The settings that bound a stream mapping's retries. */
  streamBounds: string;
  /** What to do instead of an on-failure destination on an SQS mapping. */
  sqsInsteadOfOnFailure: string;
}

const CFN: Spelling = {
  asyncOnFailure: 'an `AWS::Lambda::EventInvokeConfig` with `DestinationConfig.OnFailure.Destination`',
  queueRedrive: '`RedrivePolicy: { deadLetterTargetArn: …, maxReceiveCount: 5 }`',
  queueRedriveShort: '`RedrivePolicy` on the queue',
  mappingOnFailure: '`DestinationConfig.OnFailure.Destination`',
  streamBounds: '`MaximumRetryAttempts` or `MaximumRecordAgeInSeconds`, `BisectBatchOnFunctionError: true`, and `DestinationConfig.OnFailure`',
  sqsInsteadOfOnFailure: 'Remove `DestinationConfig` and set a `RedrivePolicy` on the source queue',
};

const SPELLINGS: Readonly<Record<Dialect, Spelling>> = {
  cdk: {
    asyncOnFailure: '`onFailure` (e.g. `new SqsDestination(queue)`)',
    queueRedrive: '`deadLetterQueue: { queue: dlq, maxReceiveCount: 5 }`',
    queueRedriveShort: '`deadLetterQueue: { queue, maxReceiveCount }` on the queue',
    mappingOnFailure: '`onFailure: new SqsDlq(queue)`',
    streamBounds: '`retryAttempts` or `maxRecordAge`, `bisectBatchOnError: true`, and `onFailure`',
    sqsInsteadOfOnFailure: 'Remove `onFailure` and set `deadLetterQueue` on the source queue',
  },
  cloudformation: CFN,
  sam: {
    ...CFN,
    asyncOnFailure: '`EventInvokeConfig` with `DestinationConfig.OnFailure` (e.g. `Type: SQS`)',
  },
  serverless: {
    ...CFN,
    asyncOnFailure: '`destinations: { onFailure: … }` on the function',
    mappingOnFailure: '`destinations: { onFailure: … }` on the stream event',
    streamBounds: '`maximumRetryAttempts` or `maximumRecordAgeInSeconds`, `bisectBatchOnFunctionError: true`, and `destinations.onFailure`',
    sqsInsteadOfOnFailure: 'Remove `destinations` and set a `RedrivePolicy` on the source queue',
  },
  pulumi: {
    asyncOnFailure: 'an `aws.lambda.FunctionEventInvokeConfig` with `destinationConfig: { onFailure: { destination } }`',
    queueRedrive: '`redrivePolicy: JSON.stringify({ deadLetterTargetArn: …, maxReceiveCount: 5 })` (or an `aws.sqs.RedrivePolicy`)',
    queueRedriveShort: '`redrivePolicy` on the queue',
    mappingOnFailure: '`destinationConfig: { onFailure: { destinationArn } }`',
    streamBounds: '`maximumRetryAttempts` or `maximumRecordAgeInSeconds`, `bisectBatchOnFunctionError: true`, and `destinationConfig.onFailure`',
    sqsInsteadOfOnFailure: 'Remove `destinationConfig` and set `redrivePolicy` on the source queue',
  },
  sst: {
    asyncOnFailure: 'an `aws.lambda.FunctionEventInvokeConfig` with `destinationConfig.onFailure` (SST components have no option for it)',
    queueRedrive: '`dlq: { queue: dlq.arn, retry: 5 }`',
    queueRedriveShort: '`dlq` on the queue',
    mappingOnFailure: '`transform.eventSourceMapping` with `destinationConfig.onFailure`',
    streamBounds: '`transform.eventSourceMapping` with `maximumRetryAttempts` or `maximumRecordAgeInSeconds`, `bisectBatchOnFunctionError: true`, and `destinationConfig.onFailure`',
    sqsInsteadOfOnFailure: 'Set `dlq` on the queue instead',
  },
  terraform: {
    asyncOnFailure: 'an `aws_lambda_function_event_invoke_config` with `destination_config { on_failure { destination = … } }`',
    queueRedrive: '`redrive_policy = jsonencode({ deadLetterTargetArn = …, maxReceiveCount = 5 })`',
    queueRedriveShort: '`redrive_policy` on the queue',
    mappingOnFailure: '`destination_config { on_failure { destination_arn = … } }`',
    streamBounds: '`maximum_retry_attempts` or `maximum_record_age_in_seconds`, `bisect_batch_on_function_error = true`, and `destination_config { on_failure { … } }`',
    sqsInsteadOfOnFailure: 'Remove `destination_config` and set `redrive_policy` on the source queue',
  },
};

/** terraform-aws-modules/lambda/aws: the module's inputs (its variables.tf), not the resources it makes. */
const VARIANTS: Readonly<Record<SpellingVariant, Spelling>> = {
  'terraform-aws-modules/lambda': {
    ...SPELLINGS.terraform,
    asyncOnFailure: '`create_async_event_config = true` with `destination_on_failure = …` on the module',
    mappingOnFailure: '`destination_arn_on_failure = …` in the `event_source_mapping` entry',
    streamBounds: '`maximum_retry_attempts` or `maximum_record_age_in_seconds`, `bisect_batch_on_function_error = true`, and `destination_arn_on_failure` in the `event_source_mapping` entry',
    sqsInsteadOfOnFailure: 'Remove `destination_arn_on_failure` and set `redrive_policy` on the source queue',
  },
  // The same CDK API, through jsii's Python names: snake_case keyword arguments, no `new`.
  'cdk/python': {
    asyncOnFailure: '`on_failure=` (e.g. `SqsDestination(queue)`)',
    queueRedrive: '`dead_letter_queue=sqs.DeadLetterQueue(queue=dlq, max_receive_count=5)`',
    queueRedriveShort: '`dead_letter_queue=sqs.DeadLetterQueue(queue=…, max_receive_count=…)` on the queue',
    mappingOnFailure: '`on_failure=SqsDlq(queue)`',
    streamBounds: '`retry_attempts` or `max_record_age`, `bisect_batch_on_error=True`, and `on_failure`',
    sqsInsteadOfOnFailure: 'Remove `on_failure` and set `dead_letter_queue` on the source queue',
  },
};

/** How a fact's settings are spelled: its dialect's, or the form's own when it has one. */
const VARIANT_DIALECT: Readonly<Record<SpellingVariant, Dialect>> = { 'terraform-aws-modules/lambda': 'terraform', 'cdk/python': 'cdk' };

export function spellingOf(dialect: Dialect, variant?: SpellingVariant): Spelling {
  return variant === undefined ? SPELLINGS[dialect] : VARIANTS[variant];
}

/** `key: value`, `key = value` in HCL, Python's keyword argument `key=value`. */
export function assignment(dialect: Dialect, key: string, value: string, variant?: SpellingVariant): string {
  if (variant === 'cdk/python') return `${key}=${value}`;
  return (variant === undefined ? dialect : VARIANT_DIALECT[variant]) === 'terraform' ? `${key} = ${value}` : `${key}: ${value}`;
}
