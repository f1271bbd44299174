// Compiled by test/types.test.ts (not run): the plugin among typescript-eslint's configs.
import tseslint from 'typescript-eslint';
import lambdaLint from '../../dist/index.js';

export const configs = tseslint.config(...tseslint.configs.recommended, lambdaLint.configs.recommended, {
  plugins: { 'lambda-lint': lambdaLint },
  rules: { 'lambda-lint/no-whole-batch-throw': 'warn' },
});
