/**
 * Flat configs, generated from rule metadata so that adding a rule cannot forget a config.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { ruleModules } from './rules/index.js';

export type Severity = 'off' | 'warn' | 'error';

export type Preset = 'recommended' | 'strict';

/** Severities of a preset, by bare rule id. */
export function presetSeverities(preset: Preset): Record<string, Severity> {
  const out: Record<string, Severity> = {};
  for (const [id, module] of Object.entries(ruleModules)) {
    const recommended = module.default.meta.docs?.recommended;
    if (preset === 'strict') out[id] = 'error';
    else if (recommended) out[id] = recommended;
  }
  return out;
}

export function prefixed(severities: Record<string, Severity>): TSESLint.FlatConfig.Rules {
  return Object.fromEntries(Object.entries(severities).map(([id, s]) => [`lambda-lint/${id}`, s]));
}
