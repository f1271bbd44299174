/**
 * The per-file fact extractors, run once per file and cached on the AST so that every rule
 * asking for facts in the same ESLint run shares one pass.
 */
import type { Program, VisitorKeys } from '../core/ast.js';
import type { FileFacts } from '../model/facts.js';
import { extractCdkFacts } from './cdk/extract.js';
import { buildFileContext } from './file-context.js';

const cache = new WeakMap<Program, FileFacts>();

export function extractFileFacts(ast: Program, text: string, filePath: string, keys: VisitorKeys): FileFacts {
  const cached = cache.get(ast);
  if (cached) return cached;
  const file = buildFileContext(ast, text, filePath, keys);
  const facts: FileFacts = { infra: extractCdkFacts(file) };
  cache.set(ast, facts);
  return facts;
}
