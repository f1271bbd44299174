// Self-lint: typescript-eslint on everything, eslint-plugin-eslint-plugin on the rules.
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/', 'coverage/', 'examples/', 'test/fixtures/', 'test/.types-generated/', 'bench/out/', '**/cdk.out/'],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'bin/*.js', 'scripts/*.js', 'bench/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // ESTree node types are compared with their string values throughout; they are the enum's values.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
    },
  },
  {
    files: ['src/rules/**/*.ts'],
    ...eslintPlugin.configs.recommended,
    rules: {
      ...eslintPlugin.configs.recommended.rules,
      'eslint-plugin/require-meta-docs-description': ['error', { pattern: '^(Require|Disallow|Enforce) ' }],
      'eslint-plugin/require-meta-docs-url': 'off', // RuleCreator sets it
      'eslint-plugin/require-meta-schema': 'error',
      'eslint-plugin/require-meta-type': 'error',
      // Reports come from shared findings (src/eslint/report.ts), which this rule cannot follow;
      // test/meta.test.ts checks hasSuggestions against the suggestions each rule really offers.
      'eslint-plugin/require-meta-has-suggestions': 'off',
      'eslint-plugin/prefer-message-ids': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
