import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, UsageError } from '../src/api.js';

const BASIC = path.resolve(import.meta.dirname, 'fixtures/projects/basic');

describe('analyze()', () => {
  it('returns ESLint-format results and totals for the given paths', async () => {
    const result = await analyze(['infra'], { cwd: BASIC, configFile: false });
    expect(result.results.map((r) => path.basename(r.filePath))).toEqual(['broken.ts', 'stack.ts', 'suppressed.ts']);
    expect(result).toMatchObject({ errorCount: 3, warningCount: 0, fatalErrorCount: 1, internalErrorCount: 0 });
  });

  it('applies a config object and rule overrides, last one winning', async () => {
    const result = await analyze(['infra/stack.ts'], {
      cwd: BASIC,
      config: { rules: { 'require-report-batch-item-failures': 'off' } },
      rules: { 'lambda-lint/require-report-batch-item-failures': 'warn' },
    });
    expect(result).toMatchObject({ errorCount: 0, warningCount: 1 });
  });

  it('throws UsageError, not a crash, for an unknown rule', async () => {
    await expect(analyze([], { cwd: BASIC, rules: { 'no-such-rule': 'error' } })).rejects.toBeInstanceOf(UsageError);
  });
});
