/**
 * The plugin's published types (dist/*.d.ts) against ESLint 9's and 10's own declarations and
 * typescript-eslint's: the README's configs, `defineConfig` with the plugin given by hand, and
 * the plugin among typescript-eslint's configs must all compile, as a user's `tsc` would.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

const TYPES = path.join(ROOT, 'test/types');
const GENERATED = path.join(ROOT, 'test/.types-generated');

function diagnostics(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: ['node'],
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? path.relative(ROOT, d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

/** The README's eslint.config.js examples, each checked as ESLint's `Linter.Config[]` of the given ESLint. */
function readmeConfigs(eslint: 'eslint' | 'eslint-v9'): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/gu)].map((m) => m[1] as string).filter((b) => b.includes('lambdaLint.configs'));
  expect(blocks.length).toBeGreaterThanOrEqual(2);
  return blocks.map((block, i) => {
    const body = block.replace(/^import lambdaLint from 'lambda-lint';\n/mu, '').replace('export default', 'export const checked: Linter.Config[] =');
    const file = path.join(GENERATED, `readme-${eslint}-${i}.ts`);
    writeFileSync(file, `import type { Linter } from '${eslint}';\nimport lambdaLint from '../../dist/index.js';\n${body}`);
    return file;
  });
}

describe('the published types', () => {
  it("fit ESLint 9's and 10's declarations and typescript-eslint's", () => {
    rmSync(GENERATED, { recursive: true, force: true });
    mkdirSync(GENERATED, { recursive: true });
    // The same configs against ESLint 9's declarations (the `eslint-v9` alias).
    const eslint9 = path.join(GENERATED, 'eslint9.ts');
    writeFileSync(eslint9, readFileSync(path.join(TYPES, 'eslint10.ts'), 'utf8').replaceAll("from 'eslint/config'", "from 'eslint-v9/config'").replaceAll("from 'eslint'", "from 'eslint-v9'"));
    const files = [
      path.join(TYPES, 'eslint10.ts'),
      eslint9,
      path.join(TYPES, 'typescript-eslint.ts'),
      ...readmeConfigs('eslint'),
      ...readmeConfigs('eslint-v9'),
    ];
    expect(diagnostics(files)).toEqual([]);
  });

  it('reject a config that is wrong, so the check above can fail', () => {
    mkdirSync(GENERATED, { recursive: true });
    const wrong = path.join(GENERATED, 'wrong.ts');
    writeFileSync(wrong, "import { defineConfig } from 'eslint/config';\nimport lambdaLint from '../../dist/index.js';\nexport const c = defineConfig({ plugins: { 'lambda-lint': lambdaLint }, rules: { 'lambda-lint/no-whole-batch-throw': 'loud' } });\n");
    expect(diagnostics([wrong]).length).toBeGreaterThan(0);
  });
});
