/**
 * The ESLint plugin: `import lambdaLint from 'lambda-lint'`, then
 * `lambdaLint.configs.recommended` (or `strict`) in eslint.config.js.
 */
import './require-typescript.js';
import type { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { prefixed, presetSeverities, type Preset } from './configs.js';
import { rules } from './rules/index.js';
import { PACKAGE_NAME, VERSION } from './version.js';

const SOURCE_FILES = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

/** A rule as both ESLint's and typescript-eslint's declarations accept it. */
interface CompatibleRule {
  meta?: object;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the two declarations' contexts differ
  create(context: any): any;
}

interface LambdaLintPlugin {
  meta: { name: string; version: string };
  /**
   * Typed loosely (typescript-eslint's rule types and ESLint's differ only in their declarations),
   * so that the plugin fits ESLint's `Plugin` type (ESLint 9 and 10) and typescript-eslint's in
   * `plugins: { 'lambda-lint': lambdaLint }`.
   */
  rules: Record<keyof typeof rules, CompatibleRule>;
  /** Typed with ESLint's own config type, so `defineConfig([lambdaLint.configs.recommended])` type-checks. */
  configs: Record<Preset, Linter.Config>;
}

const plugin: LambdaLintPlugin = {
  meta: { name: PACKAGE_NAME, version: VERSION },
  rules,
  configs: {} as Record<Preset, Linter.Config>,
};

function config(preset: Preset): Linter.Config {
  return {
    name: `lambda-lint/${preset}`,
    files: SOURCE_FILES,
    plugins: { 'lambda-lint': plugin },
    // typescript-eslint's parser reads JavaScript too, so one config covers both.
    languageOptions: { parser: tsParser },
    rules: prefixed(presetSeverities(preset)),
  };
}

plugin.configs.recommended = config('recommended');
plugin.configs.strict = config('strict');

export default plugin;
