/**
 * The project model: every file's facts, and the links no single file can make — from a
 * function to the handler code it runs, and from a handler back to the event sources that feed
 * it. Built by the CLI (and, for the editor, by the ESLint plugin's project cache).
 */
import path from 'node:path';
import type { EventSourceMappingFact, FileFacts, FunctionFact, HandlerFact, QueueFact } from '../model/facts.js';
import { linkInfra, type InfraModel } from '../model/infra-model.js';

/** Extensions tried, in order, for a handler path given without one (`index.handler`, NodejsFunction's default entry). */
export const HANDLER_EXTENSIONS = ['.ts', '.js', '.mjs', '.mts', '.cts', '.cjs', '.tsx', '.jsx'];

export interface LinkedHandler {
  file: string;
  handler: HandlerFact;
}

/** A function that runs a handler, with the mappings that feed it. */
export interface HandlerInvocation {
  functionFile: string;
  fn: FunctionFact;
  mappings: { file: string; mapping: EventSourceMappingFact; queue: QueueFact | undefined }[];
}

export interface FactsSource {
  /** Facts of a file of the project (analysed or not); `undefined` when it cannot be read or parsed. */
  load(file: string): FileFacts | undefined;
  /** Whether a file exists (inside the project root). */
  exists(file: string): boolean;
}

export class ProjectModel {
  private readonly handlerCache = new Map<string, LinkedHandler | null>();
  private invocationsByHandler: Map<string, HandlerInvocation[]> | undefined;

  constructor(
    readonly root: string,
    /** The analysed files' facts. */
    readonly files: ReadonlyMap<string, FileFacts>,
    private readonly source: FactsSource,
  ) {}

  /** The infra model that findings in `file` see. */
  infraModel(file: string): InfraModel | undefined {
    const facts = this.files.get(file);
    return facts ? linkInfra(facts.infra) : undefined;
  }

  /** The handler a function runs, when its code is in the project and exports it. */
  handlerOf(fn: FunctionFact): LinkedHandler | undefined {
    const { file, exportName } = fn.handler;
    if (file === undefined || exportName === undefined) return undefined;
    const cacheKey = `${file}#${exportName}`;
    const cached = this.handlerCache.get(cacheKey);
    if (cached !== undefined) return cached ?? undefined;
    let found: LinkedHandler | undefined;
    const candidates = path.extname(file) && HANDLER_EXTENSIONS.includes(path.extname(file)) ? [file] : HANDLER_EXTENSIONS.map((ext) => file + ext);
    for (const candidate of candidates) {
      if (!this.isInside(candidate) || !this.source.exists(candidate)) continue;
      const facts = this.files.get(candidate) ?? this.source.load(candidate);
      const handler = facts?.handlers.find((h) => h.exportName === exportName);
      if (handler) found = { file: candidate, handler };
      break;
    }
    this.handlerCache.set(cacheKey, found ?? null);
    return found;
  }

  /** The functions (and their mappings) that run a handler of `file`. */
  invocationsOf(file: string, exportName: string): HandlerInvocation[] {
    if (!this.invocationsByHandler) {
      this.invocationsByHandler = new Map();
      for (const [functionFile, facts] of this.files) {
        const model = linkInfra(facts.infra);
        for (const fn of facts.infra.functions) {
          const linked = this.handlerOf(fn);
          if (!linked) continue;
          const key = `${linked.file}#${linked.handler.exportName}`;
          const list = this.invocationsByHandler.get(key) ?? [];
          list.push({
            functionFile,
            fn,
            mappings: model.mappingsOf(fn).map((mapping) => ({ file: functionFile, mapping, queue: model.queueOf(mapping) })),
          });
          this.invocationsByHandler.set(key, list);
        }
      }
    }
    return this.invocationsByHandler.get(`${file}#${exportName}`) ?? [];
  }

  private isInside(file: string): boolean {
    const rel = path.relative(this.root, file);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  }
}
