/**
 * `lambda-lint.config.json`: which preset, which rule severities, which files to skip.
 *
 *   { "preset": "recommended", "rules": { "sqs-visibility-timeout": "warn" }, "ignores": ["legacy/**"] }
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Preset, Severity } from './configs.js';
import { findUpward } from './util/find-up.js';
import { UsageError } from './errors.js';
import { ruleModules, validateRuleOptions } from './rules/index.js';
import { PLUGIN_PREFIX } from './core/suppressions.js';
import { CONFIG_FILE_NAME, readConfigFile, validateIgnores } from './config-file.js';

export { CONFIG_FILE_NAME };

export interface LambdaLintConfig {
  preset: Preset;
  rules: Record<string, Severity>;
  ignores: string[];
  /** Options of the rules given with some (`"require-idempotency": ["warn", { … }]`), by bare id. */
  ruleOptions?: Record<string, unknown[]>;
  /** The folder of the config file: what `ignores` are relative to (default: the working directory). */
  base?: string;
}

const KEYS = ['$schema', 'preset', 'rules', 'ignores'] as const;
const PRESETS: readonly Preset[] = ['recommended', 'strict'];
const SEVERITIES: Readonly<Record<string, Severity>> = { off: 'off', warn: 'warn', error: 'error', 0: 'off', 1: 'warn', 2: 'error' };

export function defaultConfig(): LambdaLintConfig {
  return { preset: 'recommended', rules: {}, ignores: [] };
}

/** Finds and reads the config: `explicit` if given, else `lambda-lint.config.json` in `cwd`. */
/**
 * The config: the file given, or `lambda-lint.config.json` in the working directory or the nearest
 * folder above it (as ESLint finds its config). Its `ignores` are relative to its folder.
 */
export function loadConfig(cwd: string, explicit?: string): { config: LambdaLintConfig; file: string | undefined } {
  const file = explicit ? path.resolve(cwd, explicit) : findUpward(cwd, CONFIG_FILE_NAME);
  if (file === undefined || !existsSync(file)) {
    if (explicit) throw new UsageError(`Config file not found: ${explicit}`);
    return { config: defaultConfig(), file: undefined };
  }
  const source = path.relative(cwd, file) || file;
  return { config: { ...validateConfig(readConfigFile(file, source), source), base: path.dirname(file) }, file };
}


export function validateConfig(raw: unknown, source: string): LambdaLintConfig {
  const fail = (message: string): never => {
    throw new UsageError(`${source}: ${message}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('the config must be a JSON object');
  const object = raw as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (!(KEYS as readonly string[]).includes(key)) fail(`unknown key "${key}" (allowed: ${KEYS.filter((k) => k !== '$schema').join(', ')})`);
  }
  const config = defaultConfig();
  if (object.preset !== undefined) {
    if (!PRESETS.includes(object.preset as Preset)) fail(`"preset" must be one of ${PRESETS.join(', ')}, not ${JSON.stringify(object.preset)}`);
    config.preset = object.preset as Preset;
  }
  if (object.rules !== undefined) {
    if (typeof object.rules !== 'object' || object.rules === null || Array.isArray(object.rules)) fail('"rules" must be an object of rule id to "off" | "warn" | "error"');
    for (const [key, value] of Object.entries(object.rules as Record<string, unknown>)) {
      const id = normaliseRuleId(key);
      if (id === undefined) fail(`unknown rule "${key}" in "rules" (known rules: ${Object.keys(ruleModules).join(', ')})`);
      // `"error"`, or ESLint's `["error", { …options }]`.
      const [given, ...options] = Array.isArray(value) ? (value as unknown[]) : [value];
      const severity = parseSeverity(given);
      if (severity === undefined) fail(`rule "${key}" has severity ${JSON.stringify(given)}; use "off", "warn" or "error"`);
      config.rules[id as string] = severity as Severity;
      if (options.length > 0) {
        const problem = validateRuleOptions(id as string, options);
        if (problem !== undefined) fail(`rule "${key}": ${problem}`);
        (config.ruleOptions ??= {})[id as string] = options;
      }
    }
  }
  config.ignores = validateIgnores(object.ignores, source);
  return config;
}

/** `lambda-lint/x` or `x` → `x` when `x` is a rule. */
export function normaliseRuleId(id: string): string | undefined {
  const bare = id.startsWith(PLUGIN_PREFIX) ? id.slice(PLUGIN_PREFIX.length) : id;
  return Object.hasOwn(ruleModules, bare) ? bare : undefined;
}

export function parseSeverity(value: unknown): Severity | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  return Object.hasOwn(SEVERITIES, String(value)) ? SEVERITIES[String(value)] : undefined;
}
