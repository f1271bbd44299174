/**
 * Reading lambda-lint.config.json, apart from validating its rules: the ESLint side reads the
 * `ignores` from here without loading the rule set (which depends on the ESLint side).
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './errors.js';

export const CONFIG_FILE_NAME = 'lambda-lint.config.json';

/** The config file's JSON. `source` names it in the error for invalid JSON. */
export function readConfigFile(file: string, source: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${source}: not valid JSON (${(error as Error).message})`);
  }
}

/** The `ignores` value: an array of non-empty glob strings, or absent. */
export function validateIgnores(value: unknown, source: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((g) => typeof g !== 'string' || g.length === 0)) {
    throw new UsageError(`${source}: "ignores" must be an array of non-empty glob strings`);
  }
  return value as string[];
}
