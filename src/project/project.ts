/**
 * The project model: every file's facts, and the links no single file can make — from a
 * function to the handler code it runs, and from a handler back to the event sources that feed
 * it. Built by the CLI (and, for the editor, by the ESLint plugin's project cache).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { commonFolder } from '../util/folders.js';
import { readRegularText } from '../util/read-file.js';
import type { FunctionSummary } from '../model/summaries.js';
import type { AsyncInvokeConfigFact, BundlePath, ConstructKey, EventSourceMappingFact, FileFacts, FunctionFact, HandlerFact, HandlerLink, InvocationFact, QueueFact } from '../model/facts.js';
import { runtimeLanguage, splitHandler } from '../model/aws-strings.js';
import { KeyResolver, type ExportOrigin, type GlobalKey } from './links.js';
import { archiveHandlerFile } from '../dialects/terraform/terraform.js';
import { fillHoles } from '../dialects/cdk/paths.js';
import { BUILD_OUTPUT_DIRECTORIES, ModuleResolver } from './modules.js';
import { HandlerComposer } from './handlers.js';
import type { InstancesReport } from './terraform-instances.js';
import { fileInArchive, mayHoldBuildCommands, zipRecipes, type ZipRecipe } from './artifacts.js';
import { isScriptFile, type Span } from '../core/ast.js';
import { ABSENT, type Value } from '../core/values.js';
import type { InfraModel } from '../model/infra-model.js';
import { pythonModuleFiles } from '../analyzers/python/modules.js';

/** A build output's module path: without the archive segments (`out/x/x.zip/index` → `out/x/index`) and the script extension. */
function outputModulePath(file: string): string {
  const parts = file.split(path.sep).filter((segment) => !segment.endsWith('.zip'));
  const joined = parts.join(path.sep);
  return HANDLER_EXTENSIONS.includes(path.extname(joined)) ? joined.slice(0, -path.extname(joined).length) : joined;
}

/** Extensions tried, in order, for a handler path given without one (`index.handler`, NodejsFunction's default entry). */
export const HANDLER_EXTENSIONS = ['.ts', '.js', '.mjs', '.mts', '.cts', '.cjs', '.tsx', '.jsx'];

export interface LinkedHandler {
  file: string;
  handler: HandlerFact;
  /** The handler path the infrastructure gives, when it is a build's output and `file` its one source. */
  builtFrom?: string;
  /**
   * The export is a handler a package's function makes (`export const handler = serverless(app)`):
   * `handler` then says nothing is known of what it does (no loop, batch response unknown).
   */
  madeBy?: { module: string; name: string };
}

/**
 * The handler a package's function makes: linked (the export exists), its code not read — every
 * rule that reads a handler's behaviour finds nothing to decide on (`returnsBatchResponse: 'unknown'`).
 */
function opaqueHandler(exportName: string, span: Span, made: { module: string; name: string }): HandlerFact {
  return {
    exportName,
    span,
    source: { kind: 'unknown', fifo: undefined, evidence: 'none' },
    usesPowertoolsBatch: false,
    usesMiddyBatchResponse: false,
    returnsBatchResponse: 'unknown',
    batchResponseSpan: undefined,
    loops: [],
    escapingThrows: [],
    swallowed: [],
    unprocessed: [],
    summary: undefined,
    unresolvedCalls: [],
    bounded: false,
    notFollowed: [`${made.name === 'default' ? made.module : `${made.name} (${made.module})`}`],
    idempotency: { sideEffects: [], powertools: [] },
  };
}

/** Why a function is not linked to its handler code (for `--print-graph` and `no-missing-handler-export`). */
export type UnlinkedReason =
  /** The infrastructure does not say where the code is in a way lambda-lint reads (inline code, an image, a computed path). */
  | { kind: 'unknown-path'; why: string | undefined }
  | { kind: 'outside-project'; file: string }
  /** No file at the path (\`python\`: the runtime says the handler is a Python module). */
  | { kind: 'file-not-found'; file: string; sources?: string[]; python?: true }
  /** The file at the path is in another language than the function's runtime runs (\`app.py\` behind \`nodejs20.x\`). */
  | { kind: 'runtime-mismatch'; file: string; runtime: string }
  /** The path is a build's output (`dist/…`) whose source is the one file found, but that file does not export the name. */
  | { kind: 'built-source-mismatch'; file: string; source: string; exportName: string }
  /** The handler file is in a language lambda-lint does not read (`handler.rb` beside the path). */
  | { kind: 'other-language'; file: string }
  | { kind: 'unreadable'; file: string }
  /** The file does not export the name: `certain` when every export of the file (and its barrels) is known. */
  | { kind: 'export-not-found'; file: string; exportName: string; certain: boolean; exported: string[] }
  /** The file exports the name, but not as a function lambda-lint can read (`makeHandler(config)` from a package). */
  | { kind: 'not-a-function'; file: string; exportName: string };

export type HandlerLinkStatus = { linked: LinkedHandler } | { unlinked: UnlinkedReason };

/**
 * The files a Python handler's module path names (`orders.app` of `orders.app.lambda_handler`,
 * under the code's folder): `orders/app.py`, or the package `orders/app/__init__.py`; a module
 * path without dots, `app.py`.
 */
function pythonHandlerFiles(file: string): string[] {
  if (path.extname(file) === '.py') return [file];
  const modulePath = path.join(path.dirname(file), ...path.basename(file).split('.'));
  return [...new Set([`${file}.py`, ...pythonModuleFiles(modulePath)])];
}

/** Handler files in other languages, tried beside an extensionless handler path. */
const OTHER_LANGUAGE_EXTENSIONS = ['.rb', '.go', '.java', '.cs', '.rs', '.ps1', '.sh'];

/** A handler fact of the export `name` (its own name, or another export of the same function). */
function named(name: string): (h: HandlerFact) => boolean {
  return (h) => h.exportName === name || h.aliases?.includes(name) === true;
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
  /**
   * Handler facts for every export of a script, whatever it mentions (the facts analyse only files
   * that mention what the handler rules look for): for a file the infrastructure names as a handler.
   */
  handlers?(file: string): HandlerFact[] | undefined;
  /** Whether a file exists (inside the project root). */
  exists(file: string): boolean;
  /** Every file of the project's listing, when there is one (for finding a build output's source). */
  listing?(): readonly string[];
  /** The summaries of a script's functions, read from the file when its facts have none. */
  summaries?(file: string): FunctionSummary[] | undefined;
}

export interface Located<T> {
  file: string;
  fact: T;
}

/** The project's constructs, indexed by global key, and each mapping and async config by what it resolves to. */
interface InfraIndex {
  functions: Map<GlobalKey, Located<FunctionFact>>;
  queues: Map<GlobalKey, Located<QueueFact>>;

  mappingsByFunction: Map<GlobalKey, Located<EventSourceMappingFact>[]>;
  mappingsBySource: Map<GlobalKey, Located<EventSourceMappingFact>[]>;
  configsByFunction: Map<GlobalKey, AsyncInvokeConfigFact[]>;
  invocationsByFunction: Map<GlobalKey, InvocationFact[]>;
  /** Queues a separate resource gives a redrive policy. */
  redriven: Set<GlobalKey>;
  /** By `mappingKey`: facts are matched by file and position, not object identity, so that
   *  facts of the same text read twice (the editor's and the disk's) find each other. */
  functionOfMapping: Map<string, Located<FunctionFact>>;
  queueOfMapping: Map<string, Located<QueueFact>>;
  /** Each mapping of the model's own facts, by identity, to its `mappingKey`. */
  keyOfMapping: Map<EventSourceMappingFact, string>;
  /** The file each function of the model's own facts is defined in. */
  fileOfFunction: Map<FunctionFact, string>;
  fileOfQueue: Map<QueueFact, string>;
  /**
   * By \`mappingKey\`: the instances of a class (\`<file>#<key>\`) its function key is reached through
   * (\`acl.function.addEventSource(…)\` where \`const acl = new Acl(…)\`); absent when reached through none.
   */
  viaOfMapping: Map<string, GlobalKey>;
}

/**
 * Whether a handler file's text defines the export `name` as a function of its own: `export
 * (async) function name(`, `export const name = (async) (…) =>` or `= function`, `exports.name =
 * …` likewise, a Python `def name(`. Such an export is defined there, which the index of
 * invocations can know without parsing the file (an editor's lint of one handler need not parse
 * every handler of the project). Anything else (a re-export, a wrapped or factory-made handler, an
 * unreadable file) says nothing: the file's facts decide.
 */
export function definesFunction(file: string, name: string): boolean {
  if (!/^[A-Za-z_$][\w$]*$/u.test(name)) return false;
  let text: string;
  try {
    text = readRegularText(file);
  } catch {
    return false;
  }
  if (path.extname(file) === '.py') return new RegExp(`^(?:async\\s+)?def\\s+${name}\\s*\\(`, 'mu').test(text);
  const id = name.replace(/\$/gu, '\\$');
  // A function expression, or an arrow with its parameters (and a return type) written plainly.
  const fn = String.raw`(?:async\s+)?(?:function\b|\([^()]*\)\s*(?::\s*[^=;{()]+?)?\s*=>|[A-Za-z_$][\w$]*\s*=>)`;
  return new RegExp(
    String.raw`(?:^|[\s;])export\s+(?:async\s+)?function\s*\*?\s*${id}\s*[(<]|(?:^|[\s;])export\s+(?:const|let|var)\s+${id}\s*(?::[^=;]+)?=\s*${fn}|(?:^|[\s;])(?:module\.)?exports\.${id}\s*=\s*${fn}`,
    'u',
  ).test(text);
}

/** The props that say where a CDK function's handler is: a spread that sets one of them leaves the link unknown. */
const HANDLER_PLACING_KEYS = new Set(['handler', 'code', 'entry', 'projectRoot', 'depsLockFilePath', 'index']);
/** The props keys that set a function's dead-letter queue, its asynchronous invocation, its timeout. */
const DEAD_LETTER_KEYS = new Set(['deadLetterQueue', 'deadLetterTopic', 'deadLetterQueueEnabled']);
const ASYNC_KEYS = new Set(['onFailure', 'onSuccess', 'retryAttempts', 'maxEventAge']);
const TIMEOUT_KEYS = new Set(['timeout']);

/** The module block of the project's own files that makes an instance of a downloaded module. */
export interface DownloadedCall {
  file: string;
  line: number;
  /** `module.x` (nested: `module.x.module.y` as the report writes it). */
  module: string;
  /** The block's `source` as followed (`./.terraform/modules/x`). */
  source: string;
}

/** A mapping's identity in the project: its file and where it is written. */
function mappingKey(file: string, mapping: EventSourceMappingFact): string {
  return `${file}@${mapping.span.range[0]}${mapping.occurrence === undefined ? '' : `#${mapping.occurrence}`}`;
}

export class ProjectModel {
  private readonly linkCache = new Map<string, HandlerLinkStatus>();
  private readonly statuses = new WeakMap<FunctionFact, HandlerLinkStatus[]>();
  private links = new WeakMap<FunctionFact, readonly HandlerLink[]>();
  /**
   * The instances of a class (\`<file>#<key>\` of each \`new\`) a link \`instantiate\` made stands for:
   * a trigger reached through another instance is not its. A link without an entry stands for every instance.
   */
  private linkInstances = new WeakMap<HandlerLink, readonly GlobalKey[]>();
  private delegated: Map<string, HandlerInvocation[]> | undefined;
  private linkedExports: Map<string, string[]> | undefined;
  private readonly builtSources = new Map<string, { source?: string; candidates?: string[] }>();
  private readonly copies = new Map<string, string | undefined>();
  private invocationsByHandler: Map<string, HandlerInvocation[]> | undefined;
  private index: InfraIndex | undefined;
  readonly keys: KeyResolver;
  private readonly composer: HandlerComposer;

  /** What following the project's Terraform module calls did (for `--print-graph`). */
  terraformModules: InstancesReport | undefined;

  constructor(
    readonly root: string,
    /** The analysed files' facts. */
    readonly files: ReadonlyMap<string, FileFacts>,
    private readonly source: FactsSource,
    /** Shared between models of the same root (the ESLint cache builds one model per linted file). */
    private readonly modules: ModuleResolver = new ModuleResolver(root),
  ) {
    if (source.listing) modules.useListing(() => source.listing?.() ?? []);
    const factsOf = (file: string): FileFacts | undefined => this.files.get(file) ?? (this.isInside(file) ? this.source.load(file) : undefined);
    this.keys = new KeyResolver(files, factsOf, modules);
    const summariesOf = (file: string): FunctionSummary[] | undefined => {
      const facts = factsOf(file);
      return facts?.summaries ?? (this.isInside(file) ? this.source.summaries?.(file) : undefined);
    };
    this.composer = new HandlerComposer(
      summariesOf,
      modules,
      this.keys,
      (file) => factsOf(file)?.handlers,
      () => source.listing?.() ?? [...files.keys()],
      (file) => factsOf(file)?.exports,
    );
  }

  /**
   * This model with one file's facts replaced (the editor's unsaved text of a file). What only
   * the infrastructure decides (its index, which functions run which handler file and export,
   * build outputs, copies of templates) is shared with this model: the caller makes sure the
   * file's infrastructure facts and exports are those this model was built with. Handler links
   * and compositions, which read the file's handlers, are made anew.
   */
  withFile(file: string, facts: FileFacts): ProjectModel {
    const files = new Map(this.files);
    files.set(file, facts);
    const model = new ProjectModel(this.root, files, this.source, this.modules);
    model.terraformModules = this.terraformModules;
    model.downloaded = this.downloaded;
    model.artifacts = this.artifacts;
    model.index = this.infraIndex();
    model.invocationsByHandler = this.invocationIndex();
    model.bundles = this.bundles;
    model.links = this.links;
    for (const [k, v] of this.copies) model.copies.set(k, v);
    for (const [k, v] of this.builtSources) model.builtSources.set(k, v);
    return model;
  }

  /** A handler of `file` with the functions it calls in other modules of the project composed in. */
  composedHandler(file: string, handler: HandlerFact): HandlerFact {
    return this.composer.compose(file, handler);
  }

  /** The infra model that findings in `file` see: its keys followed across the whole project. */
  infraModel(file: string): InfraModel | undefined {
    const facts = this.files.get(file);
    if (!facts) return undefined;
    const index = this.infraIndex();
    return {
      facts: facts.infra,
      // A mapping of another file (from mappingsFeeding) is known by identity; one of this file,
      // perhaps parsed again from the editor's text, by its position.
      functionOf: (m) => index.functionOfMapping.get(index.keyOfMapping.get(m) ?? mappingKey(file, m))?.fact,
      queueOf: (m) => index.queueOfMapping.get(index.keyOfMapping.get(m) ?? mappingKey(file, m))?.fact,
      queueAt: (key) => this.resolveIn(index.queues, file, key),
      functionAt: (key) => this.resolveIn(index.functions, file, key),
      mappingsOf: (fn) => (index.mappingsByFunction.get(`${file}#${fn.key}`) ?? []).map((l) => l.fact),
      mappingsFeeding: (q) => (index.mappingsBySource.get(`${file}#${q.key}`) ?? []).map((l) => l.fact),
      asyncConfigsOf: (fn) => this.asyncConfigsIn(file, fn),
      deadLetterOf: (fn) => this.deadLetterOf(fn),
      invocationsOf: (fn) => index.invocationsByFunction.get(`${file}#${fn.key}`) ?? [],
      redrivenElsewhere: (q) => index.redriven.has(`${file}#${q.key}`),
      timeoutOf: (fn) => this.timeoutOf(fn),
      visibilityOf: (q) => this.visibilityOf(q),
    };
  }

  /** The construct of `map` a key written in `file` names, wherever it is defined. */
  private resolveIn<T>(map: ReadonlyMap<GlobalKey, Located<T>>, file: string, key: ConstructKey | undefined): T | undefined {
    const found = this.keys.resolve(file, key).find((k) => map.has(k));
    return found === undefined ? undefined : map.get(found)?.fact;
  }

  /**
   * The file a template was made from, when the project holds it: the CDK app a synthesised
   * template comes from (one of its functions' construct ids is in the template's `aws:cdk:path`s),
   * or the template a packaged one (`sam package` output, code in S3) copies (it defines every one
   * of its functions). Findings are reported on the source only.
   */
  private downloaded: { byFile: Map<string, DownloadedCall>; byCaller: Map<string, string[]> } | undefined;

  /**
   * A file of a module `terraform init` downloaded (`.terraform/modules/<key>/`), read as an
   * instance of a module block: the block of the project's own files that makes it (followed up
   * through downloaded modules that call others). `undefined` for any other file.
   */
  downloadedCallOf(file: string): DownloadedCall | undefined {
    return this.downloadedIndex().byFile.get(file);
  }

  /** The downloaded module files whose findings belong to module blocks of `file`. */
  downloadedFilesCalledFrom(file: string): readonly string[] {
    return this.downloadedIndex().byCaller.get(file) ?? [];
  }

  private downloadedIndex(): { byFile: Map<string, DownloadedCall>; byCaller: Map<string, string[]> } {
    if (this.downloaded) return this.downloaded;
    const byDir = new Map<string, DownloadedCall>();
    for (const call of this.terraformModules?.calls ?? []) {
      if (call.instance === undefined) continue;
      const dir = path.resolve(path.dirname(call.file), call.source);
      if (dir.split(path.sep).includes('.terraform')) byDir.set(dir, { file: call.file, line: call.line, module: call.module, source: call.source });
    }
    const byFile = new Map<string, DownloadedCall>();
    const byCaller = new Map<string, string[]>();
    for (const file of this.files.keys()) {
      let call = byDir.get(path.dirname(file));
      // A downloaded module calling another: the block the project's own file writes.
      for (let depth = 0; call && byDir.has(path.dirname(call.file)) && depth < 8; depth++) call = byDir.get(path.dirname(call.file));
      if (!call) continue;
      byFile.set(file, call);
      byCaller.set(call.file, [...(byCaller.get(call.file) ?? []), file]);
    }
    this.downloaded = { byFile, byCaller };
    return this.downloaded;
  }

  copyOf(file: string): string | undefined {
    if (this.copies.has(file)) return this.copies.get(file);
    const template = this.files.get(file)?.infra.template;
    let source: string | undefined;
    if (template?.derived === 'cdk-synth') {
      const ids = new Set(template.cdkConstructIds ?? []);
      for (const [other, facts] of this.files) {
        if (facts.infra.functions.some((fn) => fn.dialect === 'cdk' && fn.constructId !== undefined && ids.has(fn.constructId))) {
          source = other;
          break;
        }
      }
    } else if (template?.derived === 'packaged') {
      const functionIds = (this.files.get(file)?.infra.functions ?? []).map((fn) => fn.constructId);
      for (const [other, facts] of this.files) {
        const t = facts.infra.template;
        if (other === file || !t || t.derived) continue;
        const ids = new Set(t.resourceIds);
        // Every function, or (a copy packaged before the source changed) most of them, two at least.
        const shared = functionIds.filter((id) => id !== undefined && ids.has(id)).length;
        if (functionIds.length > 0 && (shared === functionIds.length || (shared >= 2 && shared * 2 > functionIds.length))) {
          source = other;
          break;
        }
      }
    }
    this.copies.set(file, source);
    return source;
  }

  /**
   * A function's timeout: its own, or for a Serverless function defined in its own module, the
   * `provider.timeout` of the service file above it (`absent`: the Framework's default).
   */
  timeoutOf(fn: FunctionFact): Value<number> {
    if (!fn.timeoutFromService) {
      const lacking = fn.timeout.state === 'unknown' && fn.ifSpreadsLack && this.spreadsLack(fn, fn.ifSpreadsLack.spreads, TIMEOUT_KEYS) ? fn.ifSpreadsLack.timeout : fn.timeout;
      return this.settled(this.infraIndex().fileOfFunction.get(fn), lacking);
    }
    const definedIn = this.infraIndex().fileOfFunction.get(fn);
    const service = definedIn === undefined ? undefined : this.keys.serviceFileOf(definedIn);
    const timeout = service === undefined ? undefined : this.files.get(service)?.infra.serviceTimeout;
    return timeout ?? fn.timeout;
  }

  /** A function's dead-letter setting, with what the props write when the objects they spread set none of its keys. */
  deadLetterOf(fn: FunctionFact): FunctionFact['deadLetter'] {
    return fn.deadLetter.state === 'unknown' && fn.ifSpreadsLack && this.spreadsLack(fn, fn.ifSpreadsLack.spreads, DEAD_LETTER_KEYS) ? fn.ifSpreadsLack.deadLetter : fn.deadLetter;
  }

  /**
   * The async configs that apply to a function of \`file\`: the one made with the function is read
   * as its props write it when the objects they spread set none of its keys.
   */
  private asyncConfigsIn(file: string, fn: FunctionFact): AsyncInvokeConfigFact[] {
    const configs = this.infraIndex().configsByFunction.get(`${file}#${fn.key}`) ?? [];
    const own = fn.asyncConfig;
    const lacking = fn.ifSpreadsLack;
    if (!own || !lacking || !this.spreadsLack(fn, lacking.spreads, ASYNC_KEYS)) return configs;
    return configs.flatMap((c) => (c.span.range[0] === own.span.range[0] && c.span.range[1] === own.span.range[1] ? (lacking.asyncConfig ? [lacking.asyncConfig] : []) : [c]));
  }

  /** A queue's visibility timeout in seconds, settled like a function's timeout when a parameter gives it. */
  visibilityOf(queue: QueueFact): Value<number> {
    return this.settled(this.infraIndex().fileOfQueue.get(queue), queue.visibilityTimeout);
  }

  /**
   * A duration written in `file` that a parameter of its construct or helper gives: what every
   * call gives (see `KeyResolver.paramSeconds`), at the place the setting is written; otherwise
   * the value as the file has it.
   */
  private settled(file: string | undefined, value: Value<number>): Value<number> {
    if (value.state !== 'unknown' || value.param === undefined || file === undefined) return value;
    const settled = this.keys.paramSeconds(file, value.param);
    if ('why' in settled || value.span === undefined) return value;
    return settled.seconds === 'absent' ? ABSENT : { state: 'known', value: settled.seconds, span: value.span };
  }

  /** Why a duration a parameter gives stayed unknown (for `--print-graph`), when it did. */
  unsettledWhy(file: string | undefined, value: Value<number>): string | undefined {
    if (value.state !== 'unknown' || value.param === undefined || file === undefined) return undefined;
    const settled = this.keys.paramSeconds(file, value.param);
    return 'why' in settled ? settled.why : undefined;
  }

  /**
   * The mappings that invoke a function of `file`, with the file each is written in; with \`link\`,
   * those that invoke the instance of its class the link stands for (see \`serves\`).
   */
  locatedMappingsOf(file: string, fn: FunctionFact, link?: HandlerLink): Located<EventSourceMappingFact>[] {
    const all = this.infraIndex().mappingsByFunction.get(`${file}#${fn.key}`) ?? [];
    return link === undefined ? all : all.filter((m) => this.serves(fn, link, m));
  }

  /**
   * Whether a mapping of a function invokes the code of one of its links: always, but for a link
   * that stands for some instances of a class made several times (\`new Instrumented(this, 'A', {
   * handler: 'a.main' })\`) and a mapping reached through another of its instances.
   */
  private serves(fn: FunctionFact, link: HandlerLink, mapping: Located<EventSourceMappingFact>): boolean {
    const mine = this.linkInstances.get(link);
    const via = this.infraIndex().viaOfMapping.get(mappingKey(mapping.file, mapping.fact));
    if (mine === undefined || via === undefined || mine.includes(via)) return true;
    // Reached through something that is none of the instances the function's links stand for: not told apart.
    return !this.linksOf(fn).some((other) => this.linkInstances.get(other)?.includes(via));
  }

  /** How many instances of a class made several times a link of \`instantiate\` stands for (undefined: not such a link). */
  instancesOf(link: HandlerLink): number | undefined {
    return this.linkInstances.get(link)?.length;
  }

  /** The handlers in the project a mapping of \`fn\` runs (the function's, but of the instance the mapping is on). */
  handlersOfMapping(fn: FunctionFact, file: string, mapping: EventSourceMappingFact): LinkedHandler[] {
    const links = this.linksOf(fn);
    return this.linkStatuses(fn).flatMap((s, i) => ('linked' in s && this.serves(fn, links[i] as HandlerLink, { file, fact: mapping }) ? [s.linked] : []));
  }

  private infraIndex(): InfraIndex {
    if (this.index) return this.index;
    const index: InfraIndex = {
      functions: new Map(),
      queues: new Map(),

      mappingsByFunction: new Map(),
      mappingsBySource: new Map(),
      configsByFunction: new Map(),
      invocationsByFunction: new Map(),
      redriven: new Set(),
      functionOfMapping: new Map(),
      queueOfMapping: new Map(),
      keyOfMapping: new Map(),
      fileOfFunction: new Map(),
      fileOfQueue: new Map(),
      viaOfMapping: new Map(),
    };
    for (const [file, facts] of this.files) {
      for (const fn of facts.infra.functions) {
        const key = `${file}#${fn.key}`;
        index.functions.set(key, { file, fact: fn });
        index.fileOfFunction.set(fn, file);
      }
      for (const q of facts.infra.queues) {
        const key = `${file}#${q.key}`;
        index.queues.set(key, { file, fact: q });
        index.fileOfQueue.set(q, file);
      }
    }
    const push = <T>(map: Map<GlobalKey, T[]>, key: GlobalKey, value: T): void => {
      const list = map.get(key) ?? [];
      list.push(value);
      map.set(key, list);
    };
    for (const [file, facts] of this.files) {
      for (const mapping of facts.infra.mappings) {
        index.keyOfMapping.set(mapping, mappingKey(file, mapping));
        const reached = this.keys.resolveThrough(file, mapping.functionKey).find((r) => index.functions.has(r.key));
        const fn = reached?.key;
        if (reached?.via !== undefined) index.viaOfMapping.set(mappingKey(file, mapping), reached.via);
        if (fn !== undefined) {
          push(index.mappingsByFunction, fn, { file, fact: mapping });
          index.functionOfMapping.set(mappingKey(file, mapping), index.functions.get(fn) as Located<FunctionFact>);
        }
        const queue = this.keys.resolve(file, mapping.sourceKey).find((k) => index.queues.has(k));
        if (queue !== undefined) {
          push(index.mappingsBySource, queue, { file, fact: mapping });
          index.queueOfMapping.set(mappingKey(file, mapping), index.queues.get(queue) as Located<QueueFact>);
        }
      }
      for (const config of facts.infra.asyncConfigs) {
        for (const fn of this.keys.resolve(file, config.functionKey)) {
          if (index.functions.has(fn)) push(index.configsByFunction, fn, config);
        }
      }
      for (const key of facts.infra.redrivePolicies ?? []) for (const queue of this.keys.resolve(file, key)) index.redriven.add(queue);
      for (const invocation of facts.infra.invocations) {
        for (const fn of this.keys.resolve(file, invocation.functionKey)) {
          if (index.functions.has(fn)) push(index.invocationsByFunction, fn, invocation);
        }
      }
    }
    this.index = index;
    return index;
  }

  /** The file a function's handler is in, when it exists inside the project (without reading it). */
  handlerFileOf(fn: FunctionFact, link: HandlerLink = fn.handler): string | undefined {
    const file = this.handlerPathOf(fn, link);
    if (file === undefined) return undefined;
    // A path without an extension is a module path: the file with each extension, then the
    // folder's index (Node's `require` of a folder, which the Lambda runtime falls back on).
    const candidates =
      path.extname(file) && HANDLER_EXTENSIONS.includes(path.extname(file))
        ? [file]
        : [...HANDLER_EXTENSIONS.map((ext) => file + ext), ...HANDLER_EXTENSIONS.map((ext) => path.join(file, `index${ext}`))];
    const found = (list: string[]): string | undefined => list.find((c) => this.isInside(c) && this.source.exists(c));
    // The runtime says the language: a Python function's module is a .py file (a script at the
    // same path is not its handler), a Node.js function's a script; without a runtime, either.
    const language = runtimeLanguage(link.runtime ?? fn.handler.runtime);
    if (language === 'python') return found(pythonHandlerFiles(file));
    if (language === 'node') return found(candidates) ?? this.builtSourceOf(file).source;
    return found(candidates) ?? found(pythonHandlerFiles(file)) ?? this.builtSourceOf(file).source;
  }

  /**
   * A handler path inside a build's output folder that is not in the repository (`dist/orders/handler`,
   * `lambda/code/dist/main`): its source is the one script under the folder the output is built in
   * whose path ends like the output's (`src/lambdas/orders/handler.ts`, `lambda/code/main.ts`).
   * More than one such script, or none: not known.
   */
  private builtSourceOf(file: string): { source?: string; candidates?: string[] } {
    const cached = this.builtSources.get(file);
    if (cached) return cached;
    const result = this.findBuiltSource(file);
    this.builtSources.set(file, result);
    return result;
  }

  private findBuiltSource(file: string): { source?: string; candidates?: string[] } {
    // What a bundler configuration of the project says it builds there.
    const bundled = this.bundleOutputs().get(outputModulePath(file));
    if (bundled) return { source: bundled };
    const listing = this.source.listing?.();
    if (!listing || !this.isInside(file)) return {};
    const parts = path.relative(this.root, file).split(path.sep);
    let at = -1;
    for (let i = parts.length - 2; i >= 0; i--) {
      if (BUILD_OUTPUT_DIRECTORIES.has(parts[i] as string)) {
        at = i;
        break;
      }
    }
    if (at < 0) return {};
    const base = path.join(this.root, ...parts.slice(0, at));
    const ext = path.extname(file);
    // A zip of the build (`out/orders/orders.zip` with `index.handler`) holds the folder's output.
    const rest = parts
      .slice(at + 1)
      .filter((segment) => !segment.endsWith('.zip'))
      .join('/');
    const module = HANDLER_EXTENSIONS.includes(ext) ? rest.slice(0, -ext.length) : rest;
    const sources = listing.filter((f) => {
      if (!isScriptFile(f) || !f.startsWith(base + path.sep) || f.endsWith('.d.ts')) return false;
      return !path.relative(base, f).split(path.sep).some((segment) => BUILD_OUTPUT_DIRECTORIES.has(segment));
    });
    const modulePathOf = (f: string): string => path.relative(base, f).split(path.sep).join('/').replace(/\.[^./]+$/u, '');
    const endsWith = (m: string, suffix: string): boolean => m === suffix || m.endsWith(`/${suffix}`);
    // The whole path first (`dist/orders/handler` ← `src/lambdas/orders/handler.ts`), then the
    // folder as the module (`dist/orders/index` ← `src/orders.ts`), then ever shorter tails
    // (`dist/frontend/frontend-handler` ← `src/handlers/frontend-handler.ts`): the first that
    // one script alone matches; several matches stop the search.
    const segments = module.split('/');
    const suffixes = [module, ...(segments.length > 1 && segments.at(-1) === 'index' ? [segments.slice(0, -1).join('/')] : [])];
    for (let i = 1; i < segments.length; i++) suffixes.push(segments.slice(i).join('/'));
    for (const suffix of suffixes) {
      const matches = [...new Set(sources.filter((f) => endsWith(modulePathOf(f), suffix) || endsWith(modulePathOf(f), `${suffix}/index`)))];
      if (matches.length === 1) return { source: matches[0] };
      if (matches.length > 1) return { candidates: matches.slice(0, 5) };
    }
    // A package bundled into its build folder under another name (`build/handler.js`): a bundler's
    // default entry, `src/index` (webpack's, and the convention of the others), when it is the one there.
    if (this.source.exists(path.join(base, 'package.json'))) {
      const entries = sources.filter((f) => path.dirname(f) === path.join(base, 'src') && /^index\.[cm]?[jt]sx?$/u.test(path.basename(f)));
      if (entries.length === 1) return { source: entries[0] };
    }
    return {};
  }

  private bundles: Map<string, string> | undefined;

  /**
   * The outputs the project's bundler configurations build (esbuild's `outfile` / `outdir`,
   * webpack's `output`), by module path without extension, with the source each is built from.
   * Relative paths are from the package the script belongs to (where `npm run` runs it); an
   * entry that is not there is tried from the script's folder. Two sources for one output: neither.
   */
  private bundleOutputs(): Map<string, string> {
    if (this.bundles) return this.bundles;
    const found = new Map<string, string | null>();
    for (const [file, facts] of this.files) {
      for (const bundle of facts.infra.bundles ?? []) {
        const dir = path.dirname(file);
        const base = this.packageFolderOf(dir);
        const resolve = (p: BundlePath): string => ('absolute' in p ? p.absolute : path.resolve(base, p.relative));
        const entryFile = (p: BundlePath): string | undefined => {
          const candidates = 'absolute' in p ? [p.absolute] : [path.resolve(base, p.relative), path.resolve(dir, p.relative)];
          return candidates.find((c) => this.source.exists(c));
        };
        const entries = bundle.entries.map((e) => ({ name: e.name, file: entryFile(e.path) }));
        const add = (output: string, source: string | undefined): void => {
          if (source === undefined) return;
          const key = outputModulePath(output);
          found.set(key, found.has(key) && found.get(key) !== source ? null : source);
        };
        if (bundle.outfile) add(resolve(bundle.outfile), entries[0]?.file);
        else if (bundle.outdir && bundle.tool === 'webpack') {
          for (const e of entries) if (e.name !== undefined) add(path.join(resolve(bundle.outdir), (bundle.filename ?? '[name].js').replaceAll('[name]', e.name)), e.file);
        } else if (bundle.outdir) {
          // esbuild: a named entry is `<outdir>/<name>`; the others keep their path below the
          // folder all entries share (esbuild's default outbase).
          const files = entries.map((e) => e.file).filter((f): f is string => f !== undefined);
          const shared = files.length === 0 ? '' : files.map((f) => path.dirname(f)).reduce((a, b) => commonFolder(a, b));
          for (const e of entries) {
            if (e.file === undefined) continue;
            add(path.join(resolve(bundle.outdir), e.name ?? path.relative(shared, e.file)), e.file);
          }
        }
      }
    }
    this.bundles = new Map([...found].filter((entry): entry is [string, string] => entry[1] !== null));
    return this.bundles;
  }

  /** The nearest folder with a package.json at or above `dir`, inside the project (else `dir`). */
  private packageFolderOf(dir: string): string {
    for (let d = dir; this.isInside(path.join(d, 'package.json')); d = path.dirname(d)) {
      if (this.source.exists(path.join(d, 'package.json'))) return d;
      if (path.dirname(d) === d) break;
    }
    return dir;
  }

  /** Where the handler is, as the function's own file states it or as the project resolves it. */
  handlerPathOf(fn: FunctionFact, link: HandlerLink = this.linksOf(fn)[0] ?? fn.handler): string | undefined {
    return link.file ?? this.fromAppRoot(fn, link) ?? this.fromArchive(fn, link) ?? this.fromArtifact(link);
  }

  private artifacts: Map<string, ZipRecipe[]> | undefined;

  /** A build's zip that the function's code is: the file in it that holds the handler, when one recipe (or several that agree) says. */
  private fromArtifact(link: HandlerLink): string | undefined {
    const artifact = link.fromArtifact;
    if (artifact === undefined) return undefined;
    this.artifacts ??= zipRecipes((this.source.listing?.() ?? []).filter(mayHoldBuildCommands), (file) => {
      try {
        return this.isInside(file) ? readFileSync(file, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    });
    const found = new Set<string>();
    for (const recipe of this.artifacts.get(path.basename(artifact.name)) ?? []) {
      const file = fileInArchive(recipe, artifact.modulePath, (p) => path.extname(p) === '');
      if (file !== undefined) found.add(file);
    }
    return found.size === 1 ? [...found][0] : undefined;
  }

  /** Terraform: the handler inside an `archive_file` defined in another file of the module. */
  private fromArchive(fn: FunctionFact, link: HandlerLink): string | undefined {
    const archive = link.fromArchive;
    const definedIn = archive === undefined ? undefined : this.infraIndex().fileOfFunction.get(fn);
    if (archive === undefined || definedIn === undefined) return undefined;
    // The key names the archive, or an `aws_s3_object` that uploads one (followed once).
    const infraOf = (global: GlobalKey): { file: string; key: string; infra: FileFacts['infra'] | undefined } => {
      const hash = global.lastIndexOf('#');
      const file = global.slice(0, hash);
      return { file, key: global.slice(hash + 1), infra: this.files.get(file)?.infra };
    };
    for (const global of this.keys.resolve(definedIn, archive.key)) {
      const { file, key, infra } = infraOf(global);
      const uploaded = infra?.uploads?.[key];
      const candidates = [global, ...(uploaded === undefined ? [] : this.keys.resolve(file, uploaded))];
      for (const candidate of candidates) {
        const at = infraOf(candidate);
        const contents = at.infra?.archives?.[at.key];
        if (contents) return archiveHandlerFile(contents, archive.modulePath);
      }
    }
    return undefined;
  }

  /**
   * A handler path relative to the CDK app (`Code.fromAsset('lambda')`): resolved against the
   * nearest folder with a cdk.json above the file that defines the function, inside the project.
   */
  private fromAppRoot(fn: FunctionFact, link: HandlerLink): string | undefined {
    const relative = link.fromAppRoot;
    const definedIn = relative === undefined ? undefined : this.infraIndex().fileOfFunction.get(fn);
    if (relative === undefined || definedIn === undefined) return undefined;
    for (let dir = path.dirname(definedIn); this.isInside(dir) || dir === this.root; dir = path.dirname(dir)) {
      const markers = link.appRootMarker ?? 'cdk.json';
      const marker = (typeof markers === 'string' ? [markers] : markers).find((m) => this.source.exists(path.join(dir, m)));
      if (marker !== undefined) return path.resolve(marker === 'Pulumi.yaml' ? this.pulumiProgramDir(dir) : dir, relative);
      if (dir === this.root || path.dirname(dir) === dir) break;
    }
    return undefined;
  }

  /**
   * Where a Pulumi program runs: the folder of Pulumi.yaml, or the folder its `main` names
   * (`main: infra/`), the program's working directory then.
   */
  private pulumiProgramDir(dir: string): string {
    let text = '';
    try {
      text = readFileSync(path.join(dir, 'Pulumi.yaml'), 'utf8');
    } catch {
      return dir;
    }
    const main = /^main:[ \t]*["']?([^"'\s#]+)["']?[ \t]*(?:#.*)?$/mu.exec(text)?.[1];
    if (main === undefined || /\.[cm]?[jt]sx?$/u.test(main)) return dir;
    const resolved = path.resolve(dir, main);
    return this.isInside(resolved) ? resolved : dir;
  }

  /**
   * The handler code a function may run: its one link, or each of its alternatives (an entry chosen
   * by a condition when the app is synthesised, `isWorkshop ? 'a.ts' : 'b.ts'`).
   */
  linksOf(fn: FunctionFact): readonly HandlerLink[] {
    const cached = this.links.get(fn);
    if (cached) return cached;
    const written = fn.handler.ifSpreadsLack && this.spreadsLack(fn, fn.handler.ifSpreadsLack.spreads) ? fn.handler.ifSpreadsLack.link : fn.handler;
    const own = written.alternatives && written.alternatives.length > 0 ? written.alternatives : [written];
    const links = own.flatMap((link) => (link.template ? this.instantiate(fn, link, link.template) : [link]));
    this.links.set(fn, links);
    return links;
  }

  /**
   * Whether the imported objects a function's props spread set none of the keys that place its
   * handler: each is an object literal of its module (through re-exports) with literal keys only.
   */
  private spreadsLack(fn: FunctionFact, spreads: readonly { module: string; name: string }[], keys: ReadonlySet<string> = HANDLER_PLACING_KEYS): boolean {
    const file = this.infraIndex().fileOfFunction.get(fn);
    if (file === undefined) return false;
    return spreads.every(({ module, name }) => {
      const target = this.modules.resolve(module, file);
      const exported = target === undefined ? undefined : this.keys.exportedKey(target, name);
      if (!exported) return false;
      const local = exported.key.slice(exported.key.indexOf(':') + 1);
      const written = (this.files.get(exported.file) ?? this.source.load(exported.file))?.exports.objects?.[local];
      return written !== undefined && !written.some((k) => keys.has(k));
    });
  }

  /**
   * A handler path made from parameters of the callable that creates the function: one link per
   * call, its holes filled with what the call passes (`this.createLambda('Audit', '../handlers/audit.ts')`).
   */
  private instantiate(fn: FunctionFact, link: HandlerLink, template: NonNullable<HandlerLink['template']>): HandlerLink[] {
    const rest: HandlerLink = { ...link, template: undefined };
    const definedIn = this.infraIndex().fileOfFunction.get(fn);
    const keys = [...template.params, ...(template.exportParam === undefined ? [] : [template.exportParam]), ...(template.handlerParam === undefined ? [] : [template.handlerParam])];
    const calls = definedIn === undefined ? undefined : this.keys.paramValues(definedIn, keys);
    const callable = keys[0]?.split(':').slice(1, 3).join(' ') ?? 'a callable';
    if (!calls || calls.length === 0) return [{ ...rest, file: undefined, unknown: `the handler's path is made from parameters of ${callable}, and no call of it was found` }];
    // Instances of a subclass share one fact (and its triggers): their handlers are not told apart yet.
    if (fn.subclass && calls.length > 1 && calls.some((c) => c.instance === undefined)) return [{ ...rest, file: undefined, unknown: `the function is a subclass (${callable}) made ${calls.length} times, whose instances lambda-lint does not tell apart yet` }];
    const out = new Map<string, HandlerLink>();
    // The instances each link stands for; \`null\` once a call that makes none (a helper's) produced it.
    const instances = new Map<string, GlobalKey[] | null>();
    const add = (id: string, made: HandlerLink, instance: GlobalKey | undefined): void => {
      if (!out.has(id)) out.set(id, made);
      const known = instances.get(id);
      instances.set(id, instance === undefined || known === null ? null : [...(known ?? []), instance]);
    };
    const unevaluated = `the handler's path is made from parameters of ${callable}, and a call gives them as values lambda-lint cannot evaluate`;
    for (const call of calls) {
      let filled = fillHoles(template.path, call.values.slice(0, template.params.length).map((v) => v?.text));
      // The export the call names (`handler: 'main'`, `'file.main'`), else the link's own.
      const named = template.exportParam === undefined ? undefined : call.values[template.params.length]?.text;
      let exportName = named === undefined ? link.exportName : named.slice(named.lastIndexOf('.') + 1);
      // The whole handler string the call gives (\`handler: 'index.main'\`): a module in the folder, and its export.
      if (template.handlerParam !== undefined) {
        const given = call.values[keys.length - 1]?.text;
        const split = given === undefined ? undefined : splitHandler(given);
        filled = split && filled !== undefined ? path.join(filled, split.modulePath) : undefined;
        exportName = split?.exportName;
      }
      if (filled === undefined) {
        add('', { ...rest, file: undefined, unknown: unevaluated }, call.instance);
        continue;
      }
      add(`${filled}#${exportName ?? ''}`, path.isAbsolute(filled) ? { ...rest, exportName, file: path.normalize(filled) } : { ...rest, exportName, file: undefined, fromAppRoot: filled }, call.instance);
    }
    for (const [id, made] of out) {
      const of = instances.get(id);
      if (of) this.linkInstances.set(made, of);
    }
    return [...out.values()];
  }

  /** The handler a function runs, when its code is in the project and exports it (the first, for alternatives). */
  handlerOf(fn: FunctionFact): LinkedHandler | undefined {
    return this.handlersOf(fn)[0];
  }

  /** Every handler a function may run that is in the project (one, or one per alternative). */
  handlersOf(fn: FunctionFact): LinkedHandler[] {
    return this.linkStatuses(fn).flatMap((s) => ('linked' in s ? [s.linked] : []));
  }

  /** How each of the function's links resolves (one per alternative). */
  linkStatuses(fn: FunctionFact): HandlerLinkStatus[] {
    // Asked by several rules for every function: found once per model (a model is made anew when a file changes).
    let statuses = this.statuses.get(fn);
    if (!statuses) {
      statuses = this.linksOf(fn).map((link) => this.linkOfLink(fn, link));
      this.statuses.set(fn, statuses);
    }
    return statuses;
  }

  /** The handler a function runs, or why it is not known; with alternatives, the first that is not linked, if any. */
  linkOf(fn: FunctionFact): HandlerLinkStatus {
    const statuses = this.linkStatuses(fn);
    return statuses.find((s) => 'unlinked' in s) ?? (statuses[0] as HandlerLinkStatus);
  }

  private linkOfLink(fn: FunctionFact, link: HandlerLink): HandlerLinkStatus {
    const file = this.handlerPathOf(fn, link);
    if (file === undefined) return { unlinked: { kind: 'unknown-path', why: link.unknown } };
    const handlerFile = this.handlerFileOf(fn, link);
    if (handlerFile === undefined) {
      if (!this.isInside(file)) return { unlinked: { kind: 'outside-project', file } };
      const other = path.extname(file) ? undefined : OTHER_LANGUAGE_EXTENSIONS.map((ext) => file + ext).find((c) => this.source.exists(c));
      if (other) return { unlinked: { kind: 'other-language', file: other } };
      const runtime = link.runtime ?? fn.handler.runtime;
      const language = runtimeLanguage(runtime);
      // A file at the path in the language the runtime does not run.
      const mismatch = runtime === undefined || language === 'other' ? undefined : this.handlerFileOf(fn, { ...link, runtime: language === 'python' ? 'nodejs' : 'python' });
      if (mismatch && runtime !== undefined) return { unlinked: { kind: 'runtime-mismatch', file: mismatch, runtime } };
      const { candidates } = language === 'python' ? { candidates: undefined } : this.builtSourceOf(file);
      return { unlinked: { kind: 'file-not-found', file, ...(candidates ? { sources: candidates } : {}), ...(language === 'python' ? { python: true as const } : {}) } };
    }
    const exportName = link.exportName;
    if (exportName === undefined) return { unlinked: { kind: 'unknown-path', why: 'the handler\'s export name is not known' } };
    const cacheKey = `${handlerFile}#${exportName}`;
    let status = this.linkCache.get(cacheKey);
    if (!status) {
      status = this.linkExport(handlerFile, exportName);
      const built = this.builtSourceOf(file).source === handlerFile;
      // A source found for a build's output is a good guess, not the file that runs: a missing
      // export there says nothing certain about the bundle (it may rename or wrap it).
      if (built && 'unlinked' in status && status.unlinked.kind === 'export-not-found') status = { unlinked: { kind: 'built-source-mismatch', file, source: handlerFile, exportName } };
      else if (built && 'linked' in status) status = { linked: { ...status.linked, builtFrom: file } };
      this.linkCache.set(cacheKey, status);
    }
    return status;
  }

  /**
   * The handler `file` exports as `name`: its own function, or one re-exported from another module
   * (`export { handler } from './real'`, `export { default as handler } from …`, `export *`), at any depth.
   */
  private linkExport(file: string, name: string): HandlerLinkStatus {
    const { origin, at } = this.definition(file, name);
    if ('unreadable' in origin) return { unlinked: { kind: 'unreadable', file } };
    if (!at) {
      const { missing } = origin as Extract<ExportOrigin, { missing: unknown }>;
      return { unlinked: { kind: 'export-not-found', file: missing.file, exportName: name, certain: missing.certain, exported: missing.exported } };
    }
    const facts = this.files.get(at.file) ?? this.source.load(at.file);
    const handler = facts?.handlers.find(named(at.name)) ?? this.source.handlers?.(at.file)?.find(named(at.name));
    if (handler) return { linked: { file: at.file, handler: this.composedHandler(at.file, handler) } };
    // Made by a call of a package's function (`serverless(app)`, `handle(app)`, `createHandler({ plugins })`):
    // the export is there and is the handler, but its code is the package's, not read.
    const made = facts?.exports.made?.[at.name];
    if (made?.span && this.isPackage(made.module, at.file)) return { linked: { file: at.file, handler: opaqueHandler(at.name, made.span, made), madeBy: { module: made.module, name: made.name } } };
    return { unlinked: { kind: 'not-a-function', file: at.file, exportName: at.name } };
  }

  /** Whether an import names a package's module (not one of the project's files). */
  private isPackage(specifier: string, from: string): boolean {
    if (specifier.startsWith('.') || path.isAbsolute(specifier)) return false;
    const target = this.modules.resolve(specifier, from);
    return target === undefined || !this.isInside(target);
  }

  /** The functions (and their mappings) that run a handler of `file`. */
  invocationsOf(file: string, exportName: string): HandlerInvocation[] {
    return this.invocationIndex().get(`${file}#${exportName}`) ?? this.delegatedInvocations(file, exportName);
  }

  /** The functions that run each handler, by `<file>#<export>` where the export is defined. */
  private invocationIndex(): Map<string, HandlerInvocation[]> {
    if (!this.invocationsByHandler) {
      this.invocationsByHandler = new Map();
      for (const [functionFile, facts] of this.files) {
        for (const fn of facts.infra.functions) {
          // By file and export name, without reading the handler file: a handler's own rules ask
          // for its invocations, and every handler file of the project need not be parsed for it.
          for (const link of this.linksOf(fn)) {
            const handlerFile = this.handlerFileOf(fn, link);
            if (handlerFile === undefined || link.exportName === undefined) continue;
            // Where the export is defined, when the handler file re-exports it from another module
            // (a file whose text defines the function itself is not parsed for it).
            const defined = definesFunction(handlerFile, link.exportName) ? { file: handlerFile, name: link.exportName } : this.definedAt(handlerFile, link.exportName);
            const key = `${defined?.file ?? handlerFile}#${defined?.name ?? link.exportName}`;
            const list = this.invocationsByHandler.get(key) ?? [];
            if (list.some((i) => i.fn === fn)) continue;
            list.push({
              functionFile,
              fn,
              mappings: this.locatedMappingsOf(functionFile, fn, link).map(({ file, fact }) => ({ file, mapping: fact, queue: this.infraModel(file)?.queueOf(fact) })),
            });
            this.invocationsByHandler.set(key, list);
          }
        }
      }
    }
    return this.invocationsByHandler;
  }

  /** The handler facts of `file`'s exports that functions of the project run (made for a file whose own facts have none). */
  linkedHandlersIn(file: string): HandlerFact[] {
    if (!this.linkedExports) {
      this.linkedExports = new Map();
      for (const key of this.invocationIndex().keys()) {
        const hash = key.lastIndexOf('#');
        const list = this.linkedExports.get(key.slice(0, hash)) ?? [];
        list.push(key.slice(hash + 1));
        this.linkedExports.set(key.slice(0, hash), list);
      }
    }
    const names = this.linkedExports.get(file);
    if (!names) return [];
    return (this.handlerFacts(file) ?? []).filter((h) => names.some((n) => named(n)(h)));
  }

  /**
   * A function no infrastructure names, run by a linked handler of another module that hands it
   * the event (`export async function handler(event) { await processBatch(event, deps); }`): it
   * has that handler's invocations. The index of what each linked handler hands on is made once, when first asked.
   */
  private delegatedInvocations(file: string, exportName: string): HandlerInvocation[] {
    if (!this.delegated) {
      // Once: what each linked handler hands its event to, in another module.
      this.delegated = new Map();
      for (const [handlerKey, invocations] of this.invocationIndex()) {
        const hash = handlerKey.lastIndexOf('#');
        const handlerFile = handlerKey.slice(0, hash);
        const handler = this.handlerFacts(handlerFile)?.find(named(handlerKey.slice(hash + 1)));
        const summaries = handler?.summary === undefined ? undefined : (this.files.get(handlerFile)?.summaries ?? this.source.summaries?.(handlerFile));
        const root = summaries?.find((s) => s.id === handler?.summary);
        for (const call of root?.calls ?? []) {
          const event = call.args[0]?.origin;
          if (!('module' in call.callee) || !event || !('fn' in event) || event.fn !== root?.id || event.i !== 0 || event.steps.length > 0) continue;
          const target = this.modules.resolve(call.callee.module, handlerFile);
          const origin = target === undefined ? undefined : this.keys.exportOrigin(target, call.callee.name);
          if (origin === undefined || !('defined' in origin) || origin.defined.file === handlerFile) continue;
          const key = `${origin.defined.file}#${origin.defined.name}`;
          const list = this.delegated.get(key) ?? [];
          for (const i of invocations) if (!list.includes(i)) list.push(i);
          this.delegated.set(key, list);
        }
      }
    }
    return this.delegated.get(`${file}#${exportName}`) ?? [];
  }

  /**
   * Where `file`'s export `name` is defined, through re-exports; a handler fact the export table
   * does not list (`module.exports = handler`) still names it in `file`.
   */
  private definition(file: string, name: string, depth = 0): { origin: ExportOrigin; at: { file: string; name: string } | undefined } {
    const origin = this.keys.exportOrigin(file, name);
    if ('defined' in origin) {
      const at = origin.defined;
      // A handler made by a factory of another module (`export const handler = createHandler(deps)`):
      // the function the factory returns, which that module's handler facts hold under the factory's export.
      const facts = this.files.get(at.file) ?? this.source.load(at.file);
      const made = facts?.exports.made?.[at.name];
      if (made && depth < 4 && !facts?.handlers.some(named(at.name))) {
        const factoryFile = this.modules.resolve(made.module, at.file);
        const factory = factoryFile === undefined ? undefined : this.definition(factoryFile, made.name, depth + 1);
        if (factory?.at && this.handlerFacts(factory.at.file)?.some(named(factory.at.name))) return factory;
      }
      return { origin, at };
    }
    const own = (this.files.get(file) ?? this.source.load(file))?.handlers.some(named(name));
    return { origin, at: own ? { file, name } : undefined };
  }

  /** A script's handler facts: from its facts, or made on demand for a file the infrastructure names. */
  private handlerFacts(file: string): readonly HandlerFact[] | undefined {
    const facts = this.files.get(file) ?? this.source.load(file);
    return facts?.handlers.length ? facts.handlers : (this.source.handlers?.(file) ?? facts?.handlers);
  }

  /** The module and name an export is defined under, through re-exports (reading only export tables). */
  private definedAt(file: string, name: string): { file: string; name: string } | undefined {
    const { at } = this.definition(file, name);
    if (!at) return undefined;
    // Invocations are found by the handler fact's own export name, whichever export the infrastructure names.
    const facts = this.files.get(at.file) ?? this.source.load(at.file);
    return { file: at.file, name: facts?.handlers.find((h) => h.aliases?.includes(at.name) === true)?.exportName ?? at.name };
  }

  private isInside(file: string): boolean {
    const rel = path.relative(this.root, file);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  }
}
