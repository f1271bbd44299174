// Compiled by test/types.test.ts (not run): the README's configs and a config with the plugin
// given by hand, against ESLint 10's own types (and, rewritten by the test, ESLint 9's).
import { defineConfig } from 'eslint/config';
import type { ESLint, Linter } from 'eslint';
import lambdaLint from '../../dist/index.js';

export const recommended = defineConfig([lambdaLint.configs.recommended]);
export const strict: Linter.Config[] = [lambdaLint.configs.strict];
export const manual = defineConfig({
  files: ['**/*.ts'],
  plugins: { 'lambda-lint': lambdaLint },
  rules: { 'lambda-lint/require-batch-item-failures': 'error', 'lambda-lint/require-idempotency': ['warn', {}] },
});
export const plugin: ESLint.Plugin = lambdaLint;
