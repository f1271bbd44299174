/**
 * Runs a rule's cases through ESLint's RuleTester and, for the same cases, through the CLI
 * engine, asserting both front-ends report the same findings at the same places.
 */
import path from 'node:path';
import { RuleTester, type InvalidTestCase, type ValidTestCase } from '@typescript-eslint/rule-tester';
import type { TSESLint } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { analyzeScript } from '../../src/engine.js';

export type Valid<O extends readonly unknown[] = []> = ValidTestCase<O>;
export type Invalid<M extends string, O extends readonly unknown[] = []> = InvalidTestCase<M, O>;

const tester = new RuleTester();

const typedTester = new RuleTester({
  languageOptions: {
    parserOptions: {
      projectService: true,
      tsconfigRootDir: path.resolve(import.meta.dirname, '../fixtures/typed'),
    },
  },
});

/**
 * The same rule with type information (a TypeScript program over test/fixtures/typed): cases
 * that only types can decide. The CLI has no type information, so there is no parity check here.
 */
export function runTypedRuleTests<M extends string, O extends readonly unknown[] = []>(
  id: string,
  rule: TSESLint.RuleModule<M, O>,
  cases: { valid: (Valid<O> | string)[]; invalid: Invalid<M, O>[] },
): void {
  typedTester.run(`${id} (with type information)`, rule, cases);
}

export function runRuleTests<M extends string, O extends readonly unknown[] = []>(
  id: string,
  rule: TSESLint.RuleModule<M, O>,
  cases: { valid: (Valid<O> | string)[]; invalid: Invalid<M, O>[] },
): void {
  tester.run(id, rule, cases);

  describe(`${id}: the CLI engine agrees with ESLint`, () => {
    const enabled = new Map([[id, 2 as const]]);
    cases.valid.forEach((c, i) => {
      const { code, filename, options } = typeof c === 'string' ? { code: c, filename: undefined, options: undefined } : c;
      it(`valid #${i}`, () => {
        const result = analyzeScript(filename ?? 'file.ts', code, enabled, optionsOf(id, options));
        expect(result.messages).toEqual([]);
      });
    });
    cases.invalid.forEach((c, i) => {
      it(`invalid #${i}`, () => {
        const result = analyzeScript(c.filename ?? 'file.ts', c.code, enabled, optionsOf(id, c.options));
        const got = result.messages.map((m) => ({ messageId: m.messageId, line: m.line, column: m.column }));
        const want = c.errors.map((e) => ({ messageId: e.messageId, line: e.line, column: e.column }));
        expect(got).toEqual(want);
      });
    });
  });
}

/** A case's options for the CLI engine (ESLint passes them to the rule itself). */
function optionsOf(id: string, options: readonly unknown[] | undefined): ReadonlyMap<string, readonly unknown[]> | undefined {
  return options === undefined ? undefined : new Map([[id, options]]);
}
