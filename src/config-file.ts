/**
 * Reading lambda-lint.config.json, apart from validating its rules: the ESLint side reads the
 * `ignores` from here without loading the rule set (which depends on the ESLint side).
 */
import { UsageError } from './errors.js';
import { readRegularText } from './util/read-file.js';

export const CONFIG_FILE_NAME = 'lambda-lint.config.json';

/** The config file's JSON. `source` names it in the error for invalid JSON. */
export function readConfigFile(file: string, source: string): unknown {
  let text: string;
  try {
    // Only a regular file: a named pipe would wait for a writer forever.
    text = readRegularText(file);
  } catch (error) {
    throw new UsageError(`${source}: cannot read the config file: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
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
