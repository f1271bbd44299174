/**
 * `--print-graph`: the linked model, as lambda-lint understood it — sources → functions →
 * handlers → destinations — as JSON or as a Mermaid flowchart.
 */
import path from 'node:path';
import type { Value } from './core/values.js';
import type { FunctionFact, HandlerFact, QueueFact } from './model/facts.js';
import { MAX_CALL_DEPTH, MAX_FUNCTIONS } from './analyzers/handlers/compose.js';
import type { ProjectModel, UnlinkedReason } from './project/project.js';
import { effectiveBatchSize, invokersOf } from './model/infra-model.js';

type Shown<T> = T | 'default' | 'unknown';

/** `{ [key]: value }` when there is a value, else nothing (the JSON graph leaves the key out). */
function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

function show<T>(value: Value<T>): Shown<T> {
  return value.state === 'known' ? value.value : value.state === 'absent' ? 'default' : 'unknown';
}

export interface GraphFunction {
  id: string;
  file: string;
  line: number;
  construct: string;
  name: string | undefined;
  timeoutSeconds: Shown<number>;
  /** Why the timeout is unknown, when a parameter of the construct that makes the function gives it. */
  timeoutUnknown?: string;
  deadLetter: Shown<string>;
  handler: {
    file: string | undefined;
    export: string | undefined;
    linked: boolean;
    source: string | undefined;
    returnsBatchResponse: string | undefined;
    /** Why some of the handler's code stayed unknown: calls not followed, a bound hit. */
    unknowns?: string[] | undefined;
    /** Why the function is not linked to its handler, in words (absent when it is linked). */
    unlinked?: string | undefined;
    /** When the infrastructure names a build's output (`dist/…`) and `file` is its source, found by its path. */
    builtFrom?: string | undefined;
    /** When the handler is made by a package's function (\`serverless(app)\`): that function, \`name (module)\`; what it does is not read. */
    madeBy?: string | undefined;
    /**
     * When the function runs one of several handlers, chosen when the app is synthesised (a
     * conditional entry): each, linked or why not. `linked` above is true when all are.
     */
    alternatives?: { file: string | undefined; export: string | undefined; linked: boolean; unlinked?: string | undefined; instances?: number; eventSources?: string[] }[] | undefined;
  };
  /** The function is in a template made from another file of the project (CDK app, source template): findings are reported there. */
  copyOf?: string | undefined;
  asyncTriggers: string[];
  onFailure: boolean;
  eventSources: {
    kind: string;
    construct: string;
    file: string;
    line: number;
    batchSize: Shown<number>;
    reportBatchItemFailures: Shown<boolean>;
    retryAttempts: Shown<number>;
    onFailure: Shown<boolean>;
    queue: string | undefined;
  }[];
}

export interface GraphQueue {
  id: string;
  file: string;
  line: number;
  name: string | undefined;
  fifo: Shown<boolean>;
  visibilityTimeoutSeconds: Shown<number>;
  /** Why the visibility timeout is unknown, when a parameter of the construct that makes the queue gives it. */
  visibilityTimeoutUnknown?: string;
  redrive: Shown<boolean>;
}

export interface Graph {
  functions: GraphFunction[];
  queues: GraphQueue[];
  /**
   * Terraform module blocks: a module of the repository is read once per call, with the call's
   * arguments (`instance`: the prefix of its addresses), or `unread` says why not.
   */
  terraformModules?: { file: string; line: number; module: string; source: string; instance?: string; unread?: string }[];
}

export function buildGraph(project: ProjectModel, cwd: string, include: (file: string) => boolean = () => true): Graph {
  const rel = (file: string): string => path.relative(cwd, file).split(path.sep).join('/');
  const queueIds = new Map<QueueFact, string>();
  const queues: GraphQueue[] = [];
  const functions: GraphFunction[] = [];
  for (const [file, facts] of [...project.files].sort(([a], [b]) => a.localeCompare(b))) {
    if (!include(file)) continue;
    for (const q of facts.infra.queues) {
      const id = `${rel(file)}#${q.key}`;
      queueIds.set(q, id);
      queues.push({
        id,
        file: rel(file),
        line: q.span.loc.start.line,
        name: q.constructId,
        fifo: show(q.fifo),
        visibilityTimeoutSeconds: show(project.visibilityOf(q)),
        ...optional('visibilityTimeoutUnknown', project.unsettledWhy(file, q.visibilityTimeout)),
        redrive: show(q.redrive),
      });
    }
  }
  for (const [file, facts] of [...project.files].sort(([a], [b]) => a.localeCompare(b))) {
    if (!include(file)) continue;
    const model = project.infraModel(file);
    if (!model) continue;
    for (const fn of facts.infra.functions) functions.push(graphFunction(project, file, fn, rel, queueIds));
  }
  const terraformModules: NonNullable<Graph['terraformModules']> = [];
  for (const call of project.terraformModules?.calls ?? []) {
    if (!include(call.file)) continue;
    terraformModules.push({ file: rel(call.file), line: call.line, module: call.module, source: call.source, ...(call.instance ? { instance: call.instance } : { unread: call.why ?? 'not read' }) });
  }
  for (const [file, facts] of project.files) {
    if (!include(file)) continue;
    for (const m of facts.infra.tfRemoteModules ?? []) {
      terraformModules.push({ file: rel(file), line: m.span.loc.start.line, module: `module.${m.name}`, source: m.source, unread: 'a module from outside the repository (registry or git): not read, so the functions it makes are not in the model' });
    }
  }
  // Once per block (the instances of a module hold its nested blocks each).
  const unique = [...new Map(terraformModules.map((m) => [`${m.file}:${m.line}:${m.module}`, m])).values()];
  unique.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return unique.length > 0 ? { functions, queues, terraformModules: unique } : { functions, queues };
}

function graphFunction(project: ProjectModel, file: string, fn: FunctionFact, rel: (f: string) => string, queueIds: Map<QueueFact, string>): GraphFunction {
  const model = project.infraModel(file);
  const status = project.linkOf(fn);
  const linked = 'linked' in status ? status.linked : undefined;
  // Where the handler is, found or not (CDK app folders and Terraform archives resolved).
  const handlerPath = linked?.file ?? project.handlerPathOf(fn);
  const configs = model?.asyncConfigsOf(fn) ?? [];
  return {
    id: `${rel(file)}#${fn.key}`,
    file: rel(file),
    line: fn.span.loc.start.line,
    construct: fn.construct,
    name: fn.constructId,
    timeoutSeconds: show(project.timeoutOf(fn)),
    ...optional('timeoutUnknown', project.unsettledWhy(file, fn.timeout)),
    deadLetter: show(fn.deadLetter),
    handler: {
      file: handlerPath === undefined ? undefined : rel(handlerPath),
      export: project.linksOf(fn)[0]?.exportName ?? fn.handler.exportName,
      linked: linked !== undefined,
      source: linked?.handler.source.kind,
      returnsBatchResponse: linked?.handler.returnsBatchResponse,
      unknowns: linked ? (linked.madeBy ? [`the handler is made by ${linked.madeBy.name === 'default' ? linked.madeBy.module : `${linked.madeBy.name} of ${linked.madeBy.module}`}, a package lambda-lint does not read: what it does with the event is not known`] : unknownsOf(linked.handler)) : undefined,
      unlinked: 'unlinked' in status ? unlinkedReason(status.unlinked, rel) : undefined,
      ...(linked?.builtFrom ? { builtFrom: rel(linked.builtFrom) } : {}),
      ...(linked?.madeBy ? { madeBy: linked.madeBy.name === 'default' ? linked.madeBy.module : `${linked.madeBy.name} (${linked.madeBy.module})` } : {}),
      ...(project.linksOf(fn).length > 1 ? { alternatives: alternativesOf(project, file, fn, rel) } : {}),
    },
    ...(project.copyOf(file) !== undefined ? { copyOf: rel(project.copyOf(file) as string) } : {}),
    asyncTriggers: model ? [...new Set(invokersOf(model, fn).async)] : [...fn.invokers.async],
    onFailure: configs.some((c) => c.onFailure.state === 'known'),
    eventSources: project.locatedMappingsOf(file, fn).map(({ file: mappingFile, fact: m }) => {
      const queue = project.infraModel(mappingFile)?.queueOf(m);
      return {
        kind: m.kind,
        construct: m.construct,
        file: rel(mappingFile),
        line: m.span.loc.start.line,
        batchSize: effectiveBatchSize(m) ?? 'unknown',
        reportBatchItemFailures: show(m.reportBatchItemFailures),
        retryAttempts: show(m.retryAttempts),
        onFailure: show(m.onFailure),
        queue: queue ? queueIds.get(queue) : undefined,
      };
    }),
  };
}

function alternativesOf(project: ProjectModel, file: string, fn: FunctionFact, rel: (f: string) => string): NonNullable<GraphFunction['handler']['alternatives']> {
  const statuses = project.linkStatuses(fn);
  const all = project.locatedMappingsOf(file, fn);
  const links = project.linksOf(fn);
  // The mappings of the instance each alternative is the handler of, when they are not all the function's.
  const owns = links.map((link) => project.locatedMappingsOf(file, fn, link));
  const apart = owns.some((own) => own.length !== all.length);
  return links.map((link, i) => {
    const own = owns[i] ?? [];
    const status = statuses[i];
    const linkedHere = status && 'linked' in status ? status.linked : undefined;
    const where = linkedHere?.file ?? project.handlerPathOf(fn, link);
    return {
      file: where === undefined ? undefined : rel(where),
      export: link.exportName,
      linked: linkedHere !== undefined,
      ...(status && 'unlinked' in status ? { unlinked: unlinkedReason(status.unlinked, rel) } : {}),
      ...(project.instancesOf(link) === undefined ? {} : { instances: project.instancesOf(link) }),
      ...(!apart ? {} : { eventSources: own.map((m) => `${rel(m.file)}:${m.fact.span.loc.start.line}`) }),
    };
  });
}

/**
 * How many functions of the analysed files run JavaScript or TypeScript code lambda-lint could
 * not link to (of how many): for the CLI's closing line.
 */
export function linkingSummary(project: ProjectModel, include: (file: string) => boolean): { functions: number; unlinked: number } {
  let functions = 0;
  let unlinked = 0;
  for (const [file, facts] of project.files) {
    // A copy of another template or a CDK synth: its functions are counted where they are written.
    if (!include(file) || project.copyOf(file) !== undefined) continue;
    for (const fn of facts.infra.functions) {
      // A construct class made several times is a function per instance (\`new\`), each linked or not.
      const links = project.linksOf(fn);
      if (links.some((l) => project.instancesOf(l) !== undefined)) {
        const statuses = project.linkStatuses(fn);
        links.forEach((link, i) => {
          const status = statuses[i];
          if (status && 'unlinked' in status && status.unlinked.kind === 'other-language') return;
          const n = project.instancesOf(link) ?? 1;
          functions += n;
          if (!status || 'unlinked' in status) unlinked += n;
        });
        continue;
      }
      const status = project.linkOf(fn);
      if ('unlinked' in status && status.unlinked.kind === 'other-language') continue;
      functions++;
      if ('unlinked' in status) unlinked++;
    }
  }
  return { functions, unlinked };
}

/** Why a function is not linked to its handler, in words. */
export function unlinkedReason(reason: UnlinkedReason, rel: (f: string) => string): string {
  switch (reason.kind) {
    case 'unknown-path':
      return `where the handler's code is is not known${reason.why ? `: ${reason.why}` : ''}`;
    case 'outside-project':
      return `the handler ${rel(reason.file)} is outside the project`;
    case 'file-not-found':
      return `no file ${rel(reason.file)}${path.extname(reason.file) ? '' : reason.python ? '.py (or a package of that name)' : '.{ts,js,mjs,cjs,…}'} in the project${
        reason.sources ? `; it is a build's output, and more than one source could be it (${reason.sources.map(rel).join(', ')})` : ''
      }`;
    case 'built-source-mismatch':
      return `${rel(reason.file)} is a build's output; its source ${rel(reason.source)} does not export ${reason.exportName}`;
    case 'runtime-mismatch':
      return `the file at the handler's path is ${rel(reason.file)}, which its runtime ${reason.runtime} does not run`;
    case 'other-language':
      return `the handler is ${rel(reason.file)}, in a language lambda-lint does not read (it reads JavaScript, TypeScript and Python)`;
    case 'unreadable':
      return `${rel(reason.file)} cannot be read or parsed`;
    case 'export-not-found':
      return `${rel(reason.file)} does not export ${reason.exportName}${reason.certain ? '' : ' (as far as its exports can be read)'}`;
    case 'not-a-function':
      return `${rel(reason.file)} exports ${reason.exportName}, but not as a function lambda-lint can read`;
  }
}

/** What the handler analysis could not follow, in words (absent when it followed everything). */
function unknownsOf(handler: HandlerFact): string[] | undefined {
  const out: string[] = [];
  for (const call of handler.notFollowed) out.push(`calls ${call}, which is not in the project: what it does with the records is not known`);
  for (const call of handler.unresolvedCalls) out.push(`calls ${call}, which could not be resolved`);
  if (handler.bounded) out.push(`calls nested deeper than ${MAX_CALL_DEPTH} levels, or more than ${MAX_FUNCTIONS} functions, were not followed`);
  return out.length > 0 ? out : undefined;
}

/** A Mermaid flowchart: queues and streams → functions → handlers, async triggers dotted. */
export function graphToMermaid(graph: Graph): string {
  const lines = ['flowchart LR'];
  const ids = new Map<string, string>();
  const node = (key: string): string => {
    let id = ids.get(key);
    if (!id) {
      id = `n${ids.size + 1}`;
      ids.set(key, id);
    }
    return id;
  };
  const label = (text: string): string => `"${text.replace(/"/gu, '#quot;')}"`;
  for (const q of graph.queues) {
    lines.push(`  ${node(q.id)}[(${label(`${q.name ?? 'queue'}${q.fifo === true ? ' (FIFO)' : ''}<br/>${q.file}:${q.line}`)})]`);
  }
  for (const fn of graph.functions) {
    const f = node(fn.id);
    lines.push(`  ${f}[${label(`${fn.name ?? fn.construct}<br/>${fn.file}:${fn.line}`)}]`);
    if (fn.handler.file !== undefined) {
      const h = node(`handler:${fn.handler.file}#${fn.handler.export ?? ''}`);
      lines.push(`  ${h}[/${label(`${fn.handler.file}#${fn.handler.export ?? '?'}${fn.handler.linked ? '' : ' (not found)'}`)}/]`);
      lines.push(`  ${f} --> ${h}`);
    }
    for (const source of fn.eventSources) {
      const from = source.queue !== undefined ? node(source.queue) : node(`source:${fn.id}:${source.kind}:${source.line}`);
      if (source.queue === undefined) lines.push(`  ${from}[(${label(source.kind)})]`);
      const rbif = source.reportBatchItemFailures === true ? 'partial responses' : 'whole batch';
      lines.push(`  ${from} -->|${label(`${source.construct}, batch ${String(source.batchSize)}, ${rbif}`)}| ${f}`);
    }
    for (const trigger of new Set(fn.asyncTriggers)) {
      const t = node(`trigger:${fn.id}:${trigger}`);
      lines.push(`  ${t}([${label(trigger)}])`);
      lines.push(`  ${t} -.->|async| ${f}`);
    }
    if (fn.onFailure || (fn.deadLetter !== 'default' && fn.deadLetter !== 'unknown')) {
      const d = node(`failures:${fn.id}`);
      lines.push(`  ${d}[(${label(fn.onFailure ? 'on-failure destination' : 'dead-letter queue')})]`);
      lines.push(`  ${f} -.->|failed events| ${d}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
