import { defineConfig } from 'vitest/config';

// .ci/run sets LAMBDA_LINT_TEST_REPORT to collect machine-readable totals.
const report = process.env.LAMBDA_LINT_TEST_REPORT;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // The CLI and ESLint tests start processes and parse real packages: give them room on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    ...(report ? { reporters: ['default', 'json'], outputFile: { json: report } } : {}),
  },
});
