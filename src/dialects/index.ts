/**
 * The dialect adapters for files that are not scripts. CDK, and the TypeScript dialects, are
 * read by the script extractors (src/analyzers); every adapter here returns the same facts.
 */
import type { DialectAdapter } from './adapter.js';
import { serverlessAdapter } from './serverless.js';
import { templateAdapter } from './template.js';
import { terraformAdapter } from './terraform.js';

export type { AdapterOutcome, DialectAdapter } from './adapter.js';

export const ADAPTERS: readonly DialectAdapter[] = [serverlessAdapter, templateAdapter, terraformAdapter];

export function adapterFor(file: string): DialectAdapter | undefined {
  return ADAPTERS.find((a) => a.claims(file));
}
