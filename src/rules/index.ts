/**
 * Every rule, by id. Rule ids are a public contract (configs, suppressions, docs URLs).
 */
import type { TSESLint } from '@typescript-eslint/utils';
import type { Check } from '../core/check.js';
import * as batchProcessorMismatch from './batch-processor-mismatch.js';
import * as batchResponseIgnored from './batch-response-ignored.js';
import * as fifoStopOnFailure from './fifo-stop-on-failure.js';
import * as noAsyncInvokeResult from './no-async-invoke-result.js';
import * as noIgnoredBatchApiFailures from './no-ignored-batch-api-failures.js';
import * as noWholeBatchThrow from './no-whole-batch-throw.js';
import * as noUnprocessedRecords from './no-unprocessed-records.js';
import * as requireBatchItemFailures from './require-batch-item-failures.js';
import * as requireIdempotency from './require-idempotency.js';
import * as requireReportBatchItemFailures from './require-report-batch-item-failures.js';
import * as validBatchItemIdentifier from './valid-batch-item-identifier.js';
import * as preferDestinationsOverDlq from './prefer-destinations-over-dlq.js';
import * as noIneffectiveDlq from './no-ineffective-dlq.js';
import * as noMissingHandlerExport from './no-missing-handler-export.js';
import * as requireAsyncFailureDestination from './require-async-failure-destination.js';
import * as noUnboundedStreamRetries from './no-unbounded-stream-retries.js';
import * as requireStreamFailureDestination from './require-stream-failure-destination.js';
import * as requireSourceQueueRedrive from './require-source-queue-redrive.js';
import * as sqsVisibilityTimeout from './sqs-visibility-timeout.js';
import * as validAsyncInvokeConfig from './valid-async-invoke-config.js';
import * as validEventSourceMapping from './valid-event-source-mapping.js';
import * as validRedrivePolicy from './valid-redrive-policy.js';

interface RuleModule {
  default: TSESLint.RuleModule<string, readonly unknown[]> & { meta: { docs?: { recommended?: 'error' | 'warn' } } };
  check: Check;
  /** For rules with options: what is wrong with options given in lambda-lint.config.json (ESLint validates its own). */
  validateOptions?: (options: readonly unknown[]) => string | undefined;
}

export const ruleModules: Readonly<Record<string, RuleModule>> = {
  'require-batch-item-failures': requireBatchItemFailures,
  'valid-batch-item-identifier': validBatchItemIdentifier,
  'no-whole-batch-throw': noWholeBatchThrow,
  'no-unprocessed-records': noUnprocessedRecords,
  'fifo-stop-on-failure': fifoStopOnFailure,
  'require-idempotency': requireIdempotency,
  'no-async-invoke-result': noAsyncInvokeResult,
  'no-ignored-batch-api-failures': noIgnoredBatchApiFailures,
  'require-report-batch-item-failures': requireReportBatchItemFailures,
  'prefer-destinations-over-dlq': preferDestinationsOverDlq,
  'no-ineffective-dlq': noIneffectiveDlq,
  'require-async-failure-destination': requireAsyncFailureDestination,
  'no-unbounded-stream-retries': noUnboundedStreamRetries,
  'require-stream-failure-destination': requireStreamFailureDestination,
  'require-source-queue-redrive': requireSourceQueueRedrive,
  'sqs-visibility-timeout': sqsVisibilityTimeout,
  'valid-async-invoke-config': validAsyncInvokeConfig,
  'valid-event-source-mapping': validEventSourceMapping,
  'valid-redrive-policy': validRedrivePolicy,
  'batch-response-ignored': batchResponseIgnored,
  'batch-processor-mismatch': batchProcessorMismatch,
  'no-missing-handler-export': noMissingHandlerExport,
};

export const rules = Object.fromEntries(Object.entries(ruleModules).map(([id, m]) => [id, m.default])) as Record<
  string,
  RuleModule['default']
>;

/** What is wrong with options given to a rule in lambda-lint.config.json, if anything. */
export function validateRuleOptions(id: string, options: readonly unknown[]): string | undefined {
  const module = ruleModules[id];
  if (!module?.validateOptions) return 'this rule takes no options';
  return module.validateOptions(options);
}
