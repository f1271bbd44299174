/**
 * Rule definitions for both front-ends. Written here rather than with typescript-eslint's
 * `RuleCreator` (same shape: docs URL, options merged over their defaults) so that loading the
 * rules loads nothing of ESLint: the CLI reads the rules' checks and messages, and importing
 * `@typescript-eslint/utils` at run time would load ESLint itself (about 60 ms of every CLI run).
 * Only types come from typescript-eslint.
 */
import type { ESLintUtils, TSESLint } from '@typescript-eslint/utils';

export const REPOSITORY_URL = 'https://github.com/lambda-lint/lambda-lint';

export interface LambdaLintDocs {
  description: string;
  /** Severity in the `recommended` config; every rule is `error` in `strict`. */
  recommended?: 'error' | 'warn';
  /** Rule works better with type information but does not need it. */
  requiresTypeChecking?: boolean;
}

export function docsUrl(name: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`;
}

export function createRule<Options extends readonly unknown[], MessageIds extends string>({
  name,
  meta,
  defaultOptions,
  create,
}: Readonly<ESLintUtils.RuleWithMetaAndName<Options, MessageIds, LambdaLintDocs>>): TSESLint.RuleModule<MessageIds, Options, LambdaLintDocs> & { name: string } {
  const defaults = (meta.defaultOptions ?? defaultOptions ?? []) as unknown as Options;
  return {
    name,
    meta: { ...meta, docs: { ...meta.docs, url: docsUrl(name) } },
    defaultOptions: defaults,
    create: (context) => create(context, withDefaults(defaults, context.options)),
  };
}

/**
 * Each option given replaces its default, except that an object given for an object default is
 * merged into it, key by key and recursively (arrays are values, replaced whole).
 */
export function withDefaults<Options extends readonly unknown[]>(defaults: Options, given: readonly unknown[] | undefined): Options {
  return defaults.map((fallback, i) => (given?.[i] === undefined ? structuredClone(fallback) : merge(fallback, given[i]))) as unknown as Options;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(fallback: unknown, value: unknown): unknown {
  if (!isPlainObject(fallback) || !isPlainObject(value)) return value;
  const out: Record<string, unknown> = structuredClone(fallback);
  for (const [key, v] of Object.entries(value)) out[key] = key in out ? merge(out[key], v) : v;
  return out;
}
