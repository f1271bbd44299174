/**
 * Handlers composed across modules: a handler whose file calls functions of other project
 * modules gets its facts composed again with those modules' summaries (the file alone leaves the
 * calls unresolved). Imports are followed through the project's module resolver and export
 * tables (`export … from` barrels, `export { default as x } from`, CommonJS exports).
 */
import { composeHandler, type SummaryResolver } from '../analyzers/handlers/compose.js';
import type { HandlerFact, HandlerSourceKind } from '../model/facts.js';
import type { FunctionSummary } from '../model/summaries.js';
import type { KeyResolver } from './links.js';
import type { ModuleResolver } from './modules.js';

const HANDLER_NAME = /^(?:default|main|handler|.*Handler)$/u;

export class HandlerComposer {
  private readonly cache = new Map<string, HandlerFact>();
  private readonly resolver: SummaryResolver;

  constructor(
    private readonly summariesOf: (file: string) => FunctionSummary[] | undefined,
    modules: ModuleResolver,
    keys: KeyResolver,
  ) {
    this.resolver = {
      summariesOf,
      imported: (file, module, name) => {
        const target = modules.resolve(module, file);
        if (target === undefined) return 'missing';
        const [head, ...members] = name.split('.');
        if (head === undefined) return 'missing';
        const exported = keys.exportedKey(target, head);
        const summaries = exported ? this.summariesOf(exported.file) : head === 'default' ? this.summariesOf(target) : undefined;
        if (!summaries) return 'missing';
        const local = exported ? exported.key.slice(exported.key.indexOf(':') + 1) : '<default>';
        const wanted = members.length > 0 ? `${local}.${members.join('.')}` : local;
        const summary = summaries.find((s) => s.name === wanted);
        return summary ? { file: exported?.file ?? target, summary } : 'missing';
      },
    };
  }

  /** The handler's facts with the project's modules composed in (the handler itself when its file settles them). */
  compose(file: string, handler: HandlerFact): HandlerFact {
    if (handler.unresolvedCalls.length === 0 || handler.summary === undefined) return handler;
    const key = `${file}#${handler.exportName}@${handler.span.range[0]}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const root: FunctionSummary | undefined = this.summariesOf(file)?.find((s) => s.id === handler.summary);
    if (!root) return handler;
    const c = composeHandler(file, root, this.resolver);
    let source = handler.source;
    // Record fields read in other modules say what the source is only for an export named as a
    // handler is (`handler`, `processOrders…Handler`, `main`, the default): a test step that calls
    // the real handler reads the same fields.
    if (source.evidence === 'none' && c.fieldSources.length > 0 && HANDLER_NAME.test(handler.exportName)) {
      const kinds = new Set<HandlerSourceKind>(c.fieldSources.map((s) => s.kind));
      const only = kinds.size === 1 ? [...kinds][0] : undefined;
      if (only) source = { kind: only, fifo: only === 'sqs' && c.fifo ? true : undefined, evidence: 'record-shape' };
    }
    const composed: HandlerFact = {
      ...handler,
      source,
      loops: c.loops,
      escapingThrows: c.escapingThrows,
      swallowed: c.swallowed,
      unprocessed: c.unprocessed,
      returnsBatchResponse: c.returnsBatchResponse,
      batchResponseSpan: c.batchResponseSpan,
      unresolvedCalls: c.unresolved,
      bounded: c.bounded,
      notFollowed: c.notFollowed,
    };
    this.cache.set(key, composed);
    return composed;
  }
}
