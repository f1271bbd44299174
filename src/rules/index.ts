/**
 * Every rule, by id. Rule ids are a public contract (configs, suppressions, docs URLs).
 */
import type { TSESLint } from '@typescript-eslint/utils';
import type { Check } from '../core/check.js';
import * as requireReportBatchItemFailures from './require-report-batch-item-failures.js';

interface RuleModule {
  default: TSESLint.RuleModule<string, readonly unknown[]> & { meta: { docs?: { recommended?: 'error' | 'warn' } } };
  check: Check;
}

export const ruleModules: Readonly<Record<string, RuleModule>> = {
  'require-report-batch-item-failures': requireReportBatchItemFailures,
};

export const rules = Object.fromEntries(Object.entries(ruleModules).map(([id, m]) => [id, m.default])) as Record<
  string,
  RuleModule['default']
>;
