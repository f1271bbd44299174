/**
 * The dialect adapters for files that are not scripts. CDK, and the TypeScript dialects, are
 * read by the script extractors (src/analyzers); every adapter here returns the same facts.
 */
import type { DialectAdapter } from './adapter.js';
import { pythonAdapter } from './python.js';
import { serverlessAdapter } from './serverless/yaml.js';
import { templateAdapter } from './cloudformation/template.js';
import { terraformAdapter } from './terraform/terraform.js';

export type { AdapterOutcome, DialectAdapter } from './adapter.js';

export const ADAPTERS: readonly DialectAdapter[] = [serverlessAdapter, templateAdapter, terraformAdapter, pythonAdapter];

export function adapterFor(file: string): DialectAdapter | undefined {
  return ADAPTERS.find((a) => a.claims(file));
}

/** Lets the adapters that will read some of `files` start up while other files are read. */
export function warmAdaptersFor(files: readonly string[]): void {
  for (const adapter of ADAPTERS) {
    if (!adapter.warm) continue;
    const claimed = files.filter((f) => adapter.claims(f));
    if (claimed.length > 0) adapter.warm(claimed);
  }
}
