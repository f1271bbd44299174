/**
 * The per-file fact extractors, run once per file and cached on the AST so that every rule
 * asking for facts in the same ESLint run shares one pass.
 */
import type { Program, VisitorKeys } from '../core/ast.js';
import type { FileFacts, HandlerFact, HandlerSourceKind } from '../model/facts.js';
import { extractCdkFacts } from './cdk/extract.js';
import { extractAsyncInvokeResultReads } from './code/async-invoke.js';
import { buildFileContext, type FileContext } from './file-context.js';
import { extractItemIdentifiers, findHandlers, HandlerAnalyzer, type TypeOracle } from './handlers/extract.js';

export type { TypeOracle } from './handlers/extract.js';

const cache = new WeakMap<Program, FileFacts>();

export function extractFileFacts(ast: Program, text: string, filePath: string, keys: VisitorKeys, types?: TypeOracle): FileFacts {
  const cached = cache.get(ast);
  if (cached) return cached;
  const file = buildFileContext(ast, text, filePath, keys);
  const facts: FileFacts = {
    infra: extractCdkFacts(file),
    ...extractHandlerFacts(file, types),
    asyncInvokeResultReads: extractAsyncInvokeResultReads(file),
  };
  cache.set(ast, facts);
  return facts;
}

function extractHandlerFacts(file: FileContext, types: TypeOracle | undefined): Pick<FileFacts, 'handlers' | 'itemIdentifiers'> {
  const candidates = findHandlers(file);
  if (candidates.length === 0 && file.itemIdentifierProperties.length === 0) return { handlers: [], itemIdentifiers: [] };
  const analyzer = new HandlerAnalyzer(file, types);
  const analysed = candidates.map((c) => ({ fn: c.fn, ...analyzer.analyze(c) }));
  const helperSources = new Map<(typeof analysed)[number]['helpers'][number], HandlerSourceKind>();
  for (const a of analysed) for (const h of a.helpers) helperSources.set(h, a.fact.source.kind);
  const handlers: HandlerFact[] = analysed.map((a) => a.fact);
  return { handlers, itemIdentifiers: extractItemIdentifiers(file, analysed, helperSources) };
}
