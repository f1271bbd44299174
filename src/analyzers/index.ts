/**
 * The per-file fact extractors, run once per file and cached on the AST so that every rule
 * asking for facts in the same ESLint run shares one pass.
 */
import { BUNDLE_MARKERS, extractBundles, isBundlerConfig } from './code/bundles.js';
import type { Program, VisitorKeys } from '../core/ast.js';
import type { FileFacts, HandlerFact, HandlerSourceKind } from '../model/facts.js';
import type { FunctionSummary } from '../model/summaries.js';
import { CDK_MARKERS, emptyInfraFacts, extractCdkFacts } from '../dialects/cdk/reader.js';
import { ASYNC_INVOKE_MARKERS, extractAsyncInvokeResultReads } from './code/async-invoke.js';
import { extractIgnoredBatchFailures } from './code/batch-results.js';
import { SIDE_EFFECT_MARKERS } from './code/side-effects.js';
import { extractExports } from './exports.js';
import { extractPulumiFacts, PULUMI_MARKERS } from '../dialects/pulumi/pulumi.js';
import { extractSstFacts, SST_MARKERS } from '../dialects/sst/sst.js';
import { extractServerlessModuleFacts, isServerlessModule, SERVERLESS_FRAGMENT_MARKERS } from '../dialects/serverless/typescript.js';
import { buildFileContext, type FileContext } from './file-context.js';
import { extractItemIdentifiers, fileSummaries, findHandlers, HandlerAnalyzer, type TypeOracle } from './handlers/extract.js';

export type { TypeOracle } from './handlers/extract.js';

const cache = new WeakMap<Program, FileFacts>();

export function extractFileFacts(ast: Program, text: string, filePath: string, keys: VisitorKeys, types?: TypeOracle): FileFacts {
  const cached = cache.get(ast);
  if (cached) return cached;
  const exports = extractExports(ast, text);
  if (!ANY_MARKER.some((m) => text.includes(m)) && !isServerlessModule(filePath) && !isBundlerConfig(filePath)) {
    // Nothing any extractor looks for: skip the traversal (most files of a large codebase).
    // A module of helpers still has functions a handler may call: their summaries are made when
    // a handler's analysis first calls into it (summariesOfScript).
    const empty: FileFacts = { exports, infra: emptyInfraFacts(), handlers: [], itemIdentifiers: [], asyncInvokeResultReads: [], powertoolsProcessors: [] };
    cache.set(ast, empty);
    return empty;
  }
  const file = buildFileContext(ast, text, filePath, keys);
  const infra = extractCdkFacts(file);
  extractPulumiFacts(file, infra);
  extractSstFacts(file, infra);
  extractServerlessModuleFacts(file, infra);
  const bundles = extractBundles(file);
  if (bundles.length > 0) infra.bundles = bundles;
  const facts: FileFacts = {
    exports,
    infra,
    ...extractHandlerFacts(file, types),
    asyncInvokeResultReads: extractAsyncInvokeResultReads(file),
  };
  const ignoredBatchFailures = extractIgnoredBatchFailures(file);
  if (ignoredBatchFailures.length > 0) facts.ignoredBatchFailures = ignoredBatchFailures;
  cache.set(ast, facts);
  return facts;
}

/** The summaries of a script's functions, whatever the script mentions (for a module a handler calls into). */
export function summariesOfScript(ast: Program, text: string, filePath: string, keys: VisitorKeys): FunctionSummary[] {
  const known = cache.get(ast)?.summaries;
  if (known) return known;
  return mayHaveFunctions(text) ? fileSummaries(buildFileContext(ast, text, filePath, keys)).summaries : [];
}

/**
 * The handler facts of every export of a script, whatever the script mentions: for a file the
 * infrastructure names as a function's handler (a wrapper that calls the real handler in another
 * module mentions no `Records`, and is still the handler). With the summaries they refer to.
 */
export function handlersOfScript(ast: Program, text: string, filePath: string, keys: VisitorKeys): { summaries: FunctionSummary[]; handlers: HandlerFact[] } {
  const known = cache.get(ast);
  // A file that mentions a handler marker was analysed in full already.
  if (known && HANDLER_MARKERS.some((m) => text.includes(m))) return { summaries: known.summaries ?? [], handlers: known.handlers };
  if (!mayHaveFunctions(text)) return { summaries: [], handlers: [] };
  const part = extractHandlerFacts(buildFileContext(ast, text, filePath, keys), undefined, true);
  return { summaries: part.summaries ?? [], handlers: part.handlers };
}

/** Text an infrastructure script contains: CDK, Pulumi or SST, or a bundler's configuration (which source a build output comes from). */
export const INFRA_SCRIPT_MARKERS = [...CDK_MARKERS, ...PULUMI_MARKERS, ...SST_MARKERS, ...BUNDLE_MARKERS];

/**
 * Text that any handler the rules can say something about contains: a loop over `Records`, a
 * batch response, a batch library, or a side effect (or handler type) require-idempotency looks
 * for. Files without any of it (most of a codebase) skip the handler analysis.
 */
const HANDLER_MARKERS = ['Records', 'batchItemFailures', 'itemIdentifier', '@aws-lambda-powertools/batch', '@middy/', ...SIDE_EFFECT_MARKERS];

/** The union of what the extractors look for: infrastructure, handlers, Lambda invocations, side effects. */
const ANY_MARKER = [...INFRA_SCRIPT_MARKERS, ...SERVERLESS_FRAGMENT_MARKERS, ...HANDLER_MARKERS, ...ASYNC_INVOKE_MARKERS];

type HandlerPart = Pick<FileFacts, 'summaries' | 'handlers' | 'itemIdentifiers' | 'powertoolsProcessors'>;

/** Text of a script that declares a function (any script but a data module). */
function mayHaveFunctions(text: string): boolean {
  return text.includes('=>') || text.includes('function') || text.includes('(');
}

function extractHandlerFacts(file: FileContext, types: TypeOracle | undefined, everyExport = false): HandlerPart {
  const handlerText = everyExport || HANDLER_MARKERS.some((m) => file.text.includes(m));
  // An infrastructure script's functions (constructors, helpers that build constructs) are never
  // called by a handler: no summaries for it, unless it holds handler code too.
  const infraOnly = !handlerText && INFRA_SCRIPT_MARKERS.some((m) => file.text.includes(m));
  const summaries = () => (infraOnly || !mayHaveFunctions(file.text) ? undefined : fileSummaries(file));
  if (!handlerText) return { summaries: summaries()?.summaries ?? [], handlers: [], itemIdentifiers: [], powertoolsProcessors: [] };
  const candidates = findHandlers(file);
  if (candidates.length === 0 && file.itemIdentifierProperties.length === 0) return { summaries: summaries()?.summaries ?? [], handlers: [], itemIdentifiers: [], powertoolsProcessors: [] };
  const analyzer = new HandlerAnalyzer(file, types, fileSummaries(file));
  const analysed = candidates.map((c) => ({ fn: c.fn, ...analyzer.analyze(c) }));
  const helperSources = new Map<(typeof analysed)[number]['helpers'][number], { kind: HandlerSourceKind; exportName: string }>();
  for (const a of analysed) for (const h of a.helpers) helperSources.set(h, { kind: a.fact.source.kind, exportName: a.fact.exportName });
  const handlers: HandlerFact[] = analysed.map((a) => a.fact);
  return {
    summaries: analyzer.summaries,
    handlers,
    itemIdentifiers: extractItemIdentifiers(file, analysed, helperSources, (node) => analyzer.originOf(node)),
    powertoolsProcessors: analyzer.powertoolsKinds,
  };
}
