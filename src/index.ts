/**
 * The ESLint plugin: `import lambdaLint from 'lambda-lint'`, then
 * `lambdaLint.configs.recommended` (or `strict`) in eslint.config.js.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import * as tsParser from '@typescript-eslint/parser';
import { prefixed, presetSeverities, type Preset } from './configs.js';
import { rules } from './rules/index.js';
import { PACKAGE_NAME, VERSION } from './version.js';

const SOURCE_FILES = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

interface LambdaLintPlugin {
  meta: { name: string; version: string };
  rules: typeof rules;
  configs: Record<Preset, TSESLint.FlatConfig.Config>;
}

const plugin: LambdaLintPlugin = {
  meta: { name: PACKAGE_NAME, version: VERSION },
  rules,
  configs: {} as Record<Preset, TSESLint.FlatConfig.Config>,
};

function config(preset: Preset): TSESLint.FlatConfig.Config {
  return {
    name: `lambda-lint/${preset}`,
    files: SOURCE_FILES,
    plugins: { 'lambda-lint': plugin as unknown as TSESLint.FlatConfig.Plugin },
    // typescript-eslint's parser reads JavaScript too, so one config covers both.
    languageOptions: { parser: tsParser as TSESLint.FlatConfig.Parser },
    rules: prefixed(presetSeverities(preset)),
  };
}

plugin.configs.recommended = config('recommended');
plugin.configs.strict = config('strict');

export default plugin;
