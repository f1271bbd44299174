/**
 * Handlers composed across modules: a handler whose file calls functions of other project
 * modules gets its facts composed again with those modules' summaries (the file alone leaves the
 * calls unresolved). Imports are followed through the project's module resolver and export
 * tables (`export … from` barrels, `export { default as x } from`, CommonJS exports).
 */
import { composeHandler, type SummaryResolver } from '../analyzers/handlers/compose.js';
import { HANDLER_NAME } from '../analyzers/handlers/sources.js';
import path from 'node:path';
import type { ComposedEffect } from '../analyzers/handlers/compose.js';
import type { ExportsFact, HandlerFact, HandlerIdempotencyFacts, HandlerSourceKind, SideEffectFact } from '../model/facts.js';
import { emptySummary, type FunctionSummary } from '../model/summaries.js';
import type { KeyResolver } from './links.js';
import type { ModuleResolver } from './modules.js';
import { pythonModuleBases, pythonModuleFiles } from '../analyzers/python/modules.js';


/**
 * A method of a value that holds one of several classes (\`cond ? new A() : new B()\`): a function
 * that calls each class's method with its own arguments and returns what they return, so that it
 * can fail, and does the side effects, of either.
 */
function eitherOf(name: string, methods: readonly FunctionSummary[]): FunctionSummary {
  const first = methods[0] as FunctionSummary;
  const id = `either:${name}`;
  const params = Math.max(...methods.map((m) => m.params));
  const args = Array.from({ length: params }, (_, i) => ({ origin: { fn: id, i, steps: [] } }));
  return {
    ...emptySummary({ id, name, span: first.span, async: methods.some((m) => m.async), params, paramTypes: first.paramTypes }),
    calls: methods.map((m) => ({ span: m.span, callee: { local: m.id }, args, awaited: true, ctx: { caughtBy: [] }, returned: true })),
    returns: methods.map((m) => ({ span: m.span, value: { kind: 'call' as const, callee: { local: m.id } } })),
  };
}

/** Re-exports followed this many modules deep (a package importing from a package …). */
const MAX_REEXPORTS = 4;

export class HandlerComposer {
  private readonly cache = new Map<string, HandlerFact>();
  /** Imports resolved to summaries, by `file`, module and name (every handler of a project calls the same helpers). */
  private readonly imports = new Map<string, { file: string; summary: FunctionSummary } | 'missing'>();
  /** Exported functions' summaries, by module file and name. */
  private readonly exported = new Map<string, { file: string; summary: FunctionSummary } | 'missing'>();
  private readonly resolver: SummaryResolver;

  constructor(
    private readonly summariesOf: (file: string) => FunctionSummary[] | undefined,
    modules: ModuleResolver,
    keys: KeyResolver,
    handlersOf: (file: string) => readonly HandlerFact[] | undefined = () => undefined,
    /** The project's files (for Python packages outside the importing module's folders: Lambda layers). */
    private readonly listing: () => readonly string[] = () => [],
    /** A module's exports (a Python module's imports, the instances of its classes it holds). */
    private readonly exportsOf: (file: string) => ExportsFact | undefined = () => undefined,
  ) {
    this.resolver = {
      summariesOf,
      isHandler: (file, summary) => handlersOf(file)?.some((h) => h.summary === summary.id && h.source.evidence !== 'none') === true,
      imported: (file, module, name) => {
        const key = `${file}\0${module}\0${name}`;
        let found = this.imports.get(key);
        if (found === undefined) {
          found = this.importedSummary(file, module, name, modules, keys);
          this.imports.set(key, found);
        }
        return found;
      },
    };
  }

  private pythonTails: Map<string, string[]> | undefined;

  /** The project's Python files by their name (a package's by its folder's), built once. */
  private pythonFilesByTail(): Map<string, string[]> {
    if (!this.pythonTails) {
      this.pythonTails = new Map();
      for (const f of this.listing()) {
        if (!f.endsWith('.py')) continue;
        const key = lastTwo(f);
        const list = this.pythonTails.get(key);
        if (list) list.push(f);
        else this.pythonTails.set(key, [f]);
      }
    }
    return this.pythonTails;
  }

  /** The summary an import names, through the module resolver and export tables (`missing` when not in the project). */
  private importedSummary(file: string, module: string, name: string, modules: ModuleResolver, keys: KeyResolver): { file: string; summary: FunctionSummary } | 'missing' {
    if (path.extname(file) === '.py') return this.pythonImported(file, module, name);
    const target = modules.resolve(module, file);
    if (target === undefined) return 'missing';
    // Handlers of many files import the same helper: found once per module and name.
    const key = `${target}\0${name}`;
    let found = this.exported.get(key);
    if (found === undefined) {
      found = this.exportedSummary(target, name, keys);
      this.exported.set(key, found);
    }
    return found;
  }

  /**
   * A function a Python module imports: \`from .util import save\` (relative to the module's
   * package), \`from orders.store import save\` or \`import orders.store\` (absolute: from the
   * module's folder or a folder above it inside the project, as the code's root is on the path),
   * \`from orders import store\` then \`store.save(…)\` (a submodule). A module of a package the
   * project does not hold (\`boto3\`, \`json\`) is \`missing\`.
   */
  private pythonImported(file: string, module: string, name: string, depth = 0): { file: string; summary: FunctionSummary } | 'missing' {
    const find = (moduleFile: string, wanted: string): { file: string; summary: FunctionSummary } | undefined => {
      const summaries = this.summariesOf(moduleFile);
      const summary = summaries?.find((s) => s.name === wanted);
      if (summary) return { file: moduleFile, summary };
      // A name the module imports (a package's \`__init__.py\` re-exporting \`from .publisher import Publish\`): where it comes from.
      const [head, ...rest] = wanted.split('.');
      const from = summaries && head !== undefined && depth < MAX_REEXPORTS ? this.exportsOf(moduleFile)?.imported?.[head] : undefined;
      if (!from) return undefined;
      const name = [...(from.name === undefined ? [] : [from.name]), ...rest].join('.');
      const found = name === '' ? 'missing' : this.pythonImported(moduleFile, from.module, name, depth + 1);
      return found === 'missing' ? undefined : found;
    };
    for (const base of pythonModuleBases(file, module)) {
      for (const moduleFile of pythonModuleFiles(base)) {
        const found = find(moduleFile, name);
        if (found) return found;
      }
      // \`from orders import store\` … \`store.save\`: a submodule, then its function.
      const dot = name.indexOf('.');
      if (dot > 0) {
        const sub = path.join(base, name.slice(0, dot));
        for (const moduleFile of pythonModuleFiles(sub)) {
          const found = find(moduleFile, name.slice(dot + 1));
          if (found) return found;
        }
      }
    }
    // A package of the project outside the module's folders, as a Lambda layer puts it on the
    // path (\`layers/common/python/datalake_library/octagon.py\`): the one module of the project
    // whose path ends with the import's.
    if (!module.startsWith('.')) {
      const dot = name.indexOf('.');
      const forms: [string, string][] = [[module, name], ...(dot > 0 ? [[`${module}.${name.slice(0, dot)}`, name.slice(dot + 1)] as [string, string]] : [])];
      for (const [dotted, wanted] of forms) {
        const tail = path.join(...dotted.split('.'));
        const files = pythonModuleFiles(tail).flatMap((t) => (this.pythonFilesByTail().get(lastTwo(t)) ?? []).filter((f) => f.endsWith(path.sep + t)));
        if (files.length !== 1) continue;
        const found = find(files[0] as string, wanted);
        if (found) return found;
      }
    }
    return 'missing';
  }

  private exportedSummary(target: string, name: string, keys: KeyResolver): { file: string; summary: FunctionSummary } | 'missing' {
    const [head, ...members] = name.split('.');
    if (head === undefined) return 'missing';
    const exported = keys.exportedKey(target, head);
    const summaries = exported ? this.summariesOf(exported.file) : head === 'default' ? this.summariesOf(target) : undefined;
    if (!summaries) return 'missing';
    const local = exported ? exported.key.slice(exported.key.indexOf(':') + 1) : '<default>';
    const wanted = members.length > 0 ? `${local}.${members.join('.')}` : local;
    const file = exported?.file ?? target;
    const summary = summaries.find((s) => s.name === wanted);
    if (summary) return { file, summary };
    // A method of an instance the module holds (\`export const service = new Service()\`): the class's.
    const classes = members.length > 0 ? this.exportsOf(file)?.instances?.[local] : undefined;
    const methods = (classes ?? []).map((c) => summaries.find((s) => s.name === `${c}.${members.join('.')}`)).filter((s): s is FunctionSummary => s !== undefined);
    if (methods.length === 0 || methods.length !== classes?.length) return 'missing';
    return { file, summary: methods.length === 1 ? (methods[0] as FunctionSummary) : eitherOf(wanted, methods) };
  }

  /** The handler's facts with the project's modules composed in (the handler itself when its file settles them). */
  compose(file: string, handler: HandlerFact): HandlerFact {
    if (!needsComposition(handler) || handler.summary === undefined) return handler;
    const key = `${file}#${handler.exportName}@${handler.span.range[0]}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const root: FunctionSummary | undefined = this.summariesOf(file)?.find((s) => s.id === handler.summary);
    if (!root) return handler;
    const c = composeHandler(file, root, this.resolver);
    let source = handler.source;
    // Record fields read in other modules say what the source is only for an export named as a
    // handler is (`handler`, `processOrders…Handler`, `lambda_handler`, `main`, the default): a test
    // step that calls the real handler reads the same fields.
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
      idempotency: withEffectsOf(handler.idempotency, c.effects),
    };
    this.cache.set(key, composed);
    return composed;
  }
}

/**
 * Whether the handler calls functions its file cannot follow: imports the throw and record
 * analysis follows, or calls into a module of the project whose side effects require-idempotency
 * reads (`sendSqsMessage` from `./common/sqs`).
 */
export function needsComposition(handler: HandlerFact): boolean {
  return handler.unresolvedCalls.length > 0 || handler.idempotency.sideEffects.some((e) => e.effect === 'call' && e.callee?.module.startsWith('.') === true);
}

/**
 * The handler's side effects with those of other modules' functions it calls, each at the call in
 * the handler's file that leads there (`sendSqsMessage(…)`), named by both (`sendSqsMessage` →
 * `SendMessageCommand`), and guarded by what guards that call (Powertools around it, a guard of
 * the rule's options wrapping it).
 */
function withEffectsOf(own: HandlerIdempotencyFacts, effects: readonly ComposedEffect[]): HandlerIdempotencyFacts {
  if (effects.length === 0) return own;
  const composed: SideEffectFact[] = [];
  for (const e of effects) {
    const at = own.sideEffects.find((s) => s.effect === 'call' && s.span.range[0] >= e.anchor.range[0] && s.span.range[1] <= e.anchor.range[1]);
    composed.push({
      effect: e.effect,
      operation: at ? `${at.operation}\` → \`${e.operation}` : `${e.operation}\` in \`${path.basename(e.file)}`,
      span: at?.span ?? e.anchor,
      call: e.call,
      keyName: e.keyName,
      coveredBy: e.coveredBy ?? at?.coveredBy,
      callee: at?.callee,
      wrappers: at?.wrappers ?? [],
      racyCheck: undefined,
    });
  }
  return { ...own, sideEffects: [...own.sideEffects, ...composed] };
}

/** A Python file's name, with its package's for an \`__init__.py\` (\`a/b/c.py\` → \`c.py\`, \`a/b/__init__.py\` → \`b/__init__.py\`). */
function lastTwo(file: string): string {
  const parts = file.split(/[\\/]/u);
  return parts.slice(parts.at(-1) === '__init__.py' ? -2 : -1).join('/');
}
