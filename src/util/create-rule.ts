import { ESLintUtils } from '@typescript-eslint/utils';

export const REPOSITORY_URL = 'https://github.com/lambda-lint/lambda-lint';

export interface LambdaLintDocs {
  description: string;
  /** Severity in the `recommended` config; every rule is `error` in `strict`. */
  recommended?: 'error' | 'warn';
  /** Rule works better with type information but does not need it. */
  requiresTypeChecking?: boolean;
}

export const createRule = ESLintUtils.RuleCreator<LambdaLintDocs>(
  (name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`,
);
