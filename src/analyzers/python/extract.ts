/**
 * A Python module's facts: the same FileFacts a script's extractor makes — exports, per-function
 * summaries, and a handler fact for each of the module's functions, composed from the summaries
 * (src/analyzers/handlers/compose.ts, shared with TypeScript). Every handler rule and cross-file
 * rule reads these facts unchanged: Python is a new extractor, not new rules.
 */
import type { FileFacts, HandlerFact, HandlerSourceKind, PowertoolsProcessorFact } from '../../model/facts.js';
import { emptyInfraFacts } from '../../dialects/cdk/reader.js';
import { composeHandler, type SummaryResolver } from '../handlers/compose.js';
import { decideSource, EVENT_TYPES, HANDLER_NAME, HANDLER_TYPES, RECORD_TYPES, type SourceInfo } from '../handlers/sources.js';
import { pySpan, type PyNode, type PyTree } from './parser.js';
import type { HandlerIdempotencyFacts, PowertoolsIdempotencyFact, SideEffectFact } from '../../model/facts.js';
import type { FunctionSummary } from '../../model/summaries.js';
import type { PyEffect } from './side-effects.js';
import { isPythonLibrary } from './modules.js';
import { isPowertoolsBatchModule, pythonSummaries, reachable, type Imported } from './summaries.js';



export function extractPythonFacts(tree: PyTree, filePath: string): FileFacts {
  const { summaries, functions, imports, itemIdentifiers, effects, guards, refs, ignoredBatchFailures, asyncInvokeResultReads, classes, globals } = pythonSummaries(tree.rootNode);
  const processors = powertoolsProcessors(tree.rootNode, imports);
  const usesPowertoolsBatch = [...imports.values()].some((i) => isPowertoolsBatchModule(i.module));
  const byId = new Map(summaries.map((s) => [s.id, s]));
  // This module alone: an import (\`from .util import save\`, \`from orders.store import save\`) may
  // be one of the project's modules, which the project follows; Python's own library is not.
  const resolver: SummaryResolver = {
    summariesOf: (file) => (file === filePath ? summaries : undefined),
    imported: (_file, module) => (isPythonLibrary(module) ? 'missing' : 'unresolved'),
  };
  const handlers: HandlerFact[] = [];
  /** The handler each function of the module runs for (its own, or the first handler that reaches it). */
  const runsFor = new Map<string, string>();
  const names: Record<string, `fn:${string}`> = {};
  for (const [name, fn] of functions) {
    names[name] = `fn:${name}`;
    const root = byId.get(fn.id);
    if (!root) continue;
    const c = composeHandler(filePath, root, resolver);
    for (const id of [root.id, ...c.reached]) if (!runsFor.has(id) || id === root.id) runsFor.set(id, name);
    const types = [EVENT_TYPES[root.paramTypes[0] ?? ''], ...summaries.filter((s) => s.id !== root.id && s.span.range[0] >= root.span.range[0] && s.span.range[1] <= root.span.range[1]).map((s) => RECORD_TYPES[s.paramTypes[0] ?? ''])].filter((t): t is SourceInfo => t !== undefined);
    const typed = HANDLER_TYPES[root.paramTypes[0] ?? ''];
    if (typed) types.push(typed);
    handlers.push({
      exportName: name,
      span: root.span,
      // Record fields say the source only for a function named as a handler (a helper reads them too).
      source: decideSource({ types: [...types, ...c.typeSources], processors, fields: HANDLER_NAME.test(name) ? c.fieldSources : [], fifoField: c.fifo }),
      usesPowertoolsBatch,
      usesMiddyBatchResponse: false,
      returnsBatchResponse: c.returnsBatchResponse,
      batchResponseSpan: c.batchResponseSpan,
      loops: c.loops,
      escapingThrows: c.escapingThrows,
      swallowed: c.swallowed,
      unprocessed: c.unprocessed,
      summary: root.id,
      // Every call into a module of the project, not only those given the records: the project
      // composes them all (their side effects, their failures), as it does a script's imports.
      unresolvedCalls: [...new Set([...c.unresolved, ...projectCalls([root.id, ...c.reached], byId)])],
      bounded: c.bounded,
      notFollowed: c.notFollowed,
      idempotency: handlerIdempotency(root.id, effects, guards, refs, c.reached),
    });
  }
  return {
    // A module's names: its functions, classes, assigned names and imports — all of them, unless
    // it makes names the code does not show (\`from x import *\`, a module \`__getattr__\`,
    // \`globals()\`, \`setattr\` on a module, \`exec\`): then a name not found is not known to be missing.
    exports: {
      names: { ...otherNames(classes, globals, imports), ...names },
      reexports: [],
      ...(imports.size > 0 ? { imported: Object.fromEntries([...imports].map(([local, i]) => [local, i.name === undefined ? { module: i.module } : { module: i.module, name: i.name }])) } : {}),
      ...(makesNames(tree.rootNode.text) ? { open: true as const } : {}),
    },
    summaries,
    infra: emptyInfraFacts(),
    handlers,
    itemIdentifiers: itemIdentifiers.map((entry) => {
      const handlerExport = runsFor.get(entry.fn);
      const handler = handlerExport === undefined ? undefined : handlers.find((h) => h.exportName === handlerExport);
      return { span: entry.span, values: [entry.value], source: handler?.source.kind ?? 'unknown', handlerExport };
    }),
    asyncInvokeResultReads,
    ignoredBatchFailures,
    powertoolsProcessors: processors,
  };
}

/** Powertools' \`EventType\` members (the same names as in TypeScript). */
const EVENT_TYPE_KINDS: Readonly<Record<string, HandlerSourceKind>> = { SQS: 'sqs', KinesisDataStreams: 'kinesis', DynamoDBStreams: 'dynamodb' };

/** \`BatchProcessor(event_type=EventType.SQS)\`, \`AsyncBatchProcessor(EventType.KinesisDataStreams)\`, \`SqsFifoPartialProcessor()\`. */
function powertoolsProcessors(root: PyNode, imports: ReadonlyMap<string, Imported>): PowertoolsProcessorFact[] {
  const out: PowertoolsProcessorFact[] = [];
  for (const call of root.descendantsOfType('call')) {
    const callee = call?.childForFieldName('function');
    if (!call || callee?.type !== 'identifier') continue;
    const imported = imports.get(callee.text);
    if (!imported || !isPowertoolsBatchModule(imported.module)) continue;
    if (imported.name === 'SqsFifoPartialProcessor') {
      out.push({ span: pySpan(call), construct: callee.text, kind: 'sqs', fifo: true });
      continue;
    }
    if (imported.name !== 'BatchProcessor' && imported.name !== 'AsyncBatchProcessor') continue;
    const args = call.childForFieldName('arguments')?.namedChildren.filter((a): a is PyNode => a !== null) ?? [];
    const keyword = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'event_type')?.childForFieldName('value');
    const value = keyword ?? args.find((a) => a.type !== 'keyword_argument');
    const member = value?.type === 'attribute' ? value.childForFieldName('attribute')?.text : undefined;
    const kind = member === undefined ? undefined : EVENT_TYPE_KINDS[member];
    if (kind) out.push({ span: pySpan(call), construct: callee.text, kind, fifo: false });
  }
  return out;
}

/**
 * The side effects a handler performs in its module (its own and those of the functions it runs),
 * with the Powertools guards on the way; a conditional write that claims a key (\`attribute_not_exists\`)
 * covers what runs after it, as for scripts.
 */
function handlerIdempotency(
  root: string,
  effects: ReadonlyMap<string, PyEffect[]>,
  guards: ReadonlyMap<string, PowertoolsIdempotencyFact>,
  refs: ReadonlyMap<string, ReadonlySet<string>>,
  composed: readonly string[],
): HandlerIdempotencyFacts {
  // What the handler names, and what the composition reached besides (a method of the instance a
  // call passes: \`begin(history, r)\` running \`history.start(…)\`).
  const runs = new Set([...reachable([root], refs), ...composed]);
  const found: { fn: string; effect: PyEffect; fact: SideEffectFact }[] = [];
  const powertools: PowertoolsIdempotencyFact[] = [];
  for (const id of runs) {
    for (const effect of effects.get(id) ?? []) found.push({ fn: id, effect, fact: { ...effect.fact } });
    const guard = guards.get(id);
    if (guard) powertools.push(id === root ? guard : { ...guard, scope: 'record' });
  }
  const claims = found.filter((f) => f.effect.claim);
  for (const f of found) {
    if (f.fact.coveredBy || f.effect.claim) continue;
    if (claims.some((c) => c.fn !== f.fn || c.fact.span.range[0] < f.fact.span.range[0])) f.fact.coveredBy = 'claim';
  }
  return { sideEffects: found.map((f) => f.fact), powertools };
}

/** \`module#name\` of the calls the given functions make into modules that may be the project's. */
function projectCalls(ids: readonly string[], byId: ReadonlyMap<string, FunctionSummary>): string[] {
  const out: string[] = [];
  for (const id of ids) for (const call of byId.get(id)?.calls ?? []) if ('module' in call.callee && !isPythonLibrary(call.callee.module)) out.push(`${call.callee.module}#${call.callee.name}`);
  return out;
}

/** The module's names that are not functions: classes, top-level assignments and imports. */
function otherNames(classes: ReadonlySet<string>, globals: ReadonlyMap<string, unknown>, imports: ReadonlyMap<string, Imported>): Record<string, `class:${string}` | `id:${string}`> {
  const out: Record<string, `class:${string}` | `id:${string}`> = {};
  for (const name of [...globals.keys(), ...imports.keys()]) out[name] = `id:${name}`;
  for (const name of classes) out[name] = `class:${name}`;
  return out;
}

/** Whether a module may define names its statements do not show. */
function makesNames(text: string): boolean {
  return /\bimport\s+\*|\bglobal\s+\w|\b__getattr__\b|\bglobals\s*\(|\bsetattr\s*\(|\bexec\s*\(|\bsys\.modules\b/u.test(text);
}
