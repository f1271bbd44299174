/**
 * The Terraform adapter: `.tf` files, through HashiCorp's HCL parser (src/dialects/terraform/hcl.ts).
 * Resources are keyed `tf:<type>.<name>`; a key is module-wide (every `.tf` file of the folder),
 * which the project's key resolver follows. Read on its own, a file's values that come from
 * variables, locals, modules or functions are unknown, never guessed; the project then reads each
 * module in its environment (src/project/terraform-instances.ts): the values its call or its
 * defaults give, the locals and resource settings of all its files (hcl-expr.ts evaluates them). Names and defaults: lambda-facts.md §2.5 (the mapping's
 * on-failure attribute is `destination_arn`, the async config's is `destination`).
 */
import { readRegularFile } from '../../util/read-file.js';
import path from 'node:path';
import type { Span } from '../../core/ast.js';
import { ABSENT, type Value } from '../../core/values.js';
import { streamByShape, type StreamShapeSetting } from '../../model/infra-model.js';
import type { AsyncInvokeConfigFact, ConstructKey, EventSourceKind, EventSourceMappingFact, FunctionFact, HandlerLink, InfraFacts, InvocationFact, PropertySpan, QueueFact, TargetRef } from '../../model/facts.js';
import { factsOf, type AdapterOutcome, type DialectAdapter } from '../adapter.js';
import { emptyInfra } from '../cloudformation/cloudformation.js';
import { mapStrings, substituteEnvironment, substituteInterpolations, UNKNOWN, type TfEnvironment } from './hcl-expr.js';
import { locateBlocks, parseHcl, prefetchHcl, warmHcl, type HclAttribute, type HclBlock } from './hcl.js';
import { LineIndex, lineCommentDirectives, withoutBom } from '../source-text.js';
import { INVOKING_PRINCIPALS } from '../../model/principals.js';
import { arnService, fifoOfArn, sourceKindOfArn, splitHandler, withoutModuleExtension, withRuntime } from '../../model/aws-strings.js';

export const TF_KEY_PREFIX = 'tf:';

export const terraformAdapter: DialectAdapter = {
  name: 'Terraform',
  claims: (file) => path.extname(file).toLowerCase() === '.tf',
  markers: ['aws_lambda_', 'aws_sqs_queue', 'archive_file', 'module'],
  read: readTerraform,
  warm: parseAhead,
};

/** Larger `.tf` files are not parsed ahead (they are still read, in turn). */
const AHEAD_MAX_BYTES = 2 * 1024 * 1024;

/**
 * HashiCorp's parser runs on its own thread: hand it every module file now, so that it parses
 * them on the other core while the main thread reads the scripts (they are mostly ready by the
 * time their turn comes).
 */
function parseAhead(files: readonly string[]): void {
  const ahead: { name: string; text: string }[] = [];
  for (const file of files) {
    try {
      const { bytes } = readRegularFile(file, AHEAD_MAX_BYTES);
      if (bytes === undefined) continue;
      const text = withoutBom(bytes.toString('utf8'));
      if (terraformAdapter.markers.some((m) => text.includes(m))) ahead.push({ name: path.basename(file), text });
    } catch {
      // Unreadable: reported when its turn comes.
    }
  }
  if (ahead.length > 0) prefetchHcl(ahead);
  else warmHcl();
}

function readTerraform(file: string, text: string): AdapterOutcome {
  const parsed = parseHcl(path.basename(file), text);
  if (!parsed.ok) return { kind: 'fatal', message: `Parsing error: ${parsed.message}`, line: parsed.line, column: parsed.column };
  const lines = new LineIndex(text);
  const blocks = locateBlocks(lines);
  remember({ file, lines, body: parsed.body, blocks }, text);
  const infra = emptyInfra();
  new TerraformReader(file, lines, parsed.body, blocks, infra).read();
  return { kind: 'facts', facts: factsOf(infra), directives: lineCommentDirectives(text) };
}

/**
 * The last parse of each file (by its own reading, or the project's reading of its module in its
 * environment), kept so that neither parses it again while its text is the same: a long-lived
 * ESLint reads every module on each lint. Bounded.
 */
const parsedByFile = new Map<string, { text: string; parsed: ParsedModuleFile }>();
const REMEMBERED_MAX = 4096;

function remember(parsed: ParsedModuleFile, text: string): void {
  if (parsedByFile.size >= REMEMBERED_MAX) parsedByFile.clear();
  parsedByFile.set(parsed.file, { text, parsed });
}

type Attrs = Record<string, unknown>;

/** A `.tf` file parsed once for every instance read from it. */
export interface ParsedModuleFile {
  file: string;
  lines: LineIndex;
  body: Attrs;
  blocks: HclBlock[];
}

export function parseModuleFile(file: string, text: string): ParsedModuleFile | undefined {
  const kept = parsedByFile.get(file);
  if (kept?.text === text) return kept.parsed;
  const parsed = parseHcl(path.basename(file), text);
  if (!parsed.ok) return undefined;
  const lines = new LineIndex(text);
  const module = { file, lines, body: parsed.body, blocks: locateBlocks(lines) };
  remember(module, text);
  return module;
}

/** The defaults a module's `variable` blocks declare. */
export function variableDefaults(parsed: ParsedModuleFile): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [name, decl] of Object.entries(asAttrs(parsed.body.variable) ?? {})) {
    const d = first(decl);
    if (d && 'default' in d) out.set(name, d.default);
  }
  return out;
}

/** What a module's expressions may read, and its functions by their deployed names. */
export interface ModuleEnvironment extends TfEnvironment {
  functionNames: ReadonlyMap<string, string>;
}

/**
 * The environment of one module instance, from all its files: `var.<name>` is what the call
 * passes (or the variable's default), `local.<name>` what any of the module's files declares, and a
 * resource's settings what its block says.
 */
export function moduleEnvironment(files: readonly ParsedModuleFile[], vars: ReadonlyMap<string, unknown>): ModuleEnvironment {
  const locals = new Map<string, unknown>();
  const resources = new Map<string, Attrs>();
  for (const parsed of files) {
    for (const block of Array.isArray(parsed.body.locals) ? parsed.body.locals : [parsed.body.locals]) for (const [k, v] of Object.entries(asAttrs(block) ?? {})) locals.set(k, v);
    for (const { type, name, attrs } of blocksOf(parsed.body, 'resource')) resources.set(`${type}.${name}`, attrs);
  }
  const functions: { type: string; name: string; attrs: Attrs }[] = [];
  for (const [address, attrs] of resources) {
    if (!address.startsWith('aws_lambda_function.') || createsNone(attrs)) continue;
    const name = substituteEnvironment(attrs.function_name, { vars, locals, resources }).value;
    functions.push({ type: 'aws_lambda_function', name: address.slice('aws_lambda_function.'.length), attrs: { function_name: name } });
  }
  return { vars, locals, resources, functionNames: functionNamesOf(functions) };
}

/**
 * One file of a module read in its environment (an instance of a module call, or a root module
 * with its defaults): every expression the environment decides is replaced by its value, the rest
 * stays unknown. `undefined` when nothing was decided (the file's own reading stands).
 */
export function readModuleInstance(parsed: ParsedModuleFile, env: ModuleEnvironment, scope: TfScope, always = true): InfraFacts | undefined {
  const { value, changed } = substituteEnvironment(parsed.body, env);
  if (!changed && !always) return undefined;
  const infra = emptyInfra();
  new TerraformReader(parsed.file, parsed.lines, value as Attrs, parsed.blocks, infra, scope, env.functionNames).read();
  return infra;
}

/**
 * A value a module call passes, made to name the caller's things once inside the module: its
 * references (`aws_sqs_queue.jobs.arn`, `module.db.arn`, `var.x`, `local.y`) are marked as the
 * caller's, `${path.module}` is the caller's folder and `${path.root}`/`${path.cwd}` where
 * `terraform plan` runs.
 */
export function callerValue(value: unknown, callerDir: string, cwd: string): unknown {
  return mapStrings(value, (v) =>
    !v.includes('${')
      ? v
      : v
          .replace(/\$\{path\.module\}/gu, callerDir)
          .replace(/\$\{path\.(?:root|cwd)\}/gu, cwd)
          .replace(/\$\{[^}]*\}/gu, (expr) =>
            expr.replace(/(?<![\w.])(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)/gu, (m: string, data: string | undefined, type: string, name: string) =>
              CALLER_UNMARKED.has(type) ? m : `${data ?? ''}${type}.${CALLER_MARK}${name}`,
            ),
          ),
  );
}

/** Resources read once per entry of a literal `for_each` map. */
const FOR_EACH_TYPES = new Set(['aws_lambda_event_source_mapping', 'aws_lambda_function_event_invoke_config', 'aws_lambda_permission']);
const MAX_FOR_EACH = 200;

/** A resource's attributes for one `for_each` entry: `${each.key}`, `${each.value}`, `${each.value.x}` / `${each.value["x"]}`. */
function substituteEach(attrs: Attrs, key: string, value: unknown): unknown {
  const rest: Attrs = {};
  for (const [name, v] of Object.entries(attrs)) if (name !== 'for_each') rest[name] = v;
  return substituteInterpolations(
    rest,
    (expr) => {
      const m = /^each\.(key|value)(?:\.([A-Za-z_][\w-]*)|\["([^"]+)"\])?$/u.exec(expr);
      if (!m) return UNKNOWN;
      if (m[1] === 'key') return m[2] === undefined && m[3] === undefined ? key : UNKNOWN;
      const field = m[2] ?? m[3];
      if (field === undefined) return value;
      const obj = asAttrs(value);
      return obj && field in obj ? obj[field] : UNKNOWN;
    },
    'each.',
  ).value;
}

/** The resources that upload a file to S3 (`aws_s3_bucket_object` before version 4 of the AWS provider). */
const UPLOAD_TYPES = new Set(['aws_s3_object', 'aws_s3_bucket_object']);

/** Reference roots that are not the caller's things (`each.key`, `count.index`, `path.module` once replaced). */
const CALLER_UNMARKED = new Set(['each', 'count', 'self', 'path', 'terraform']);

/** A resource (or data source) as the parser gives it, with where it is written. */
interface Resource {
  type: string;
  name: string;
  attrs: Attrs;
  block: HclBlock | undefined;
  /** The `for_each` entry this reading is of. */
  each?: string;
}

const REFERENCE = /^\$\{(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?(?:\.[A-Za-z_][\w]*)*\}$/u;
const NOT_RESOURCES = new Set(['var', 'local', 'module', 'path', 'each', 'count', 'self', 'terraform']);

/** `aws_sqs_queue.orders.arn` (as the parser writes it, `${…}`) → the resource it names. */
export function referenceOf(value: unknown): { data: boolean; type: string; name: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const m = REFERENCE.exec(value);
  if (!m || NOT_RESOURCES.has(m[2] as string)) return undefined;
  return { data: m[1] !== undefined, type: m[2] as string, name: m[3] as string };
}

/**
 * How one reading of a module names addresses. Read on its own, `aws_sqs_queue.jobs` is
 * `tf:aws_sqs_queue.jobs`, resolved in the module's folder. Read as an instance of a module call
 * (the project binds its variables to the call's arguments), its own addresses carry the
 * instance's `prefix` (`tf:prod:module.worker/aws_sqs_queue.jobs`), and an address the caller
 * passes in through a variable (marked with CALLER_MARK when it is bound) names the caller's.
 */
export interface TfScope {
  /** `''` read on its own; `<caller folder name>:module.<name>/` (nested: `…/module.<inner>/`) for an instance. */
  prefix: string;
  /** The file with the module block, its own scope's prefix, and that scope's caller (modules in modules). */
  caller?: TfCaller | undefined;
  /** Where `terraform plan` runs, which relative paths are from: the root module's folder. */
  cwd?: string | undefined;
}

export interface TfCaller {
  file: string;
  prefix: string;
  caller?: TfCaller | undefined;
}

/** Put before a resource or module name the caller passes in, when a variable is bound to it (once per module it is passed through). */
export const CALLER_MARK = 'lambda_lint_caller__';

const OWN_SCOPE: TfScope = { prefix: '' };

/**
 * The key of a name in a scope: its own (`own(prefix, name)`), or for a name a caller passed in
 * (one mark per module it came through) the key in that caller's scope, through as many callers.
 */
function scopedKey(scope: TfScope, name: string, own: (prefix: string, name: string) => ConstructKey): ConstructKey {
  if (!scope.caller || !name.startsWith(CALLER_MARK)) return own(scope.prefix, name);
  const caller = scope.caller;
  return `${TF_CALLER_PREFIX}${caller.file}#${scopedKey({ prefix: caller.prefix, caller: caller.caller }, name.slice(CALLER_MARK.length), own)}`;
}

/** The key of `<type>.<name>` in a scope (the caller's, for a name the caller passed in). */
function addressKey(scope: TfScope, type: string, name: string): ConstructKey {
  return scopedKey(scope, name, (prefix, n) => `${TF_KEY_PREFIX}${prefix}${type}.${n}`);
}

/** The key of a module's output, `module.<name>.<output>` (the project follows it into the module). */
function moduleOutputKey(scope: TfScope, name: string, output: string): ConstructKey {
  return scopedKey(scope, name, (prefix, n) => `${TF_OUTPUT_PREFIX}${prefix}${n}.${output}`);
}

const MODULE_OUTPUT = /^\$\{module\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?\.([A-Za-z_]\w*)(?:\[[^\]]*\])?\}$/u;

/** What a value names: a resource of the module (not a data source), or a module's output. */
function refKeyOf(value: unknown, scope: TfScope): ConstructKey | undefined {
  const ref = referenceOf(value);
  if (ref) return ref.data ? undefined : addressKey(scope, ref.type, ref.name);
  const output = typeof value === 'string' ? MODULE_OUTPUT.exec(value) : null;
  return output ? moduleOutputKey(scope, output[1] as string, output[2] as string) : undefined;
}

/** A function the value names: `aws_lambda_function.x…`, or a module's output (the project finds whether it names one). */
export function functionKeyOf(value: unknown, scope: TfScope = OWN_SCOPE): ConstructKey | undefined {
  const ref = referenceOf(value);
  return ref && ref.type !== 'aws_lambda_function' ? undefined : refKeyOf(value, scope);
}

/** The outputs of terraform-aws-modules/lambda that name its function (`this_…` before its version 2). */
export const LAMBDA_MODULE_FUNCTION_OUTPUT = /^(?:this_)?lambda_function_(?:arn|arn_static|name|qualified_arn|invoke_arn|qualified_invoke_arn)$/u;

/**
 * The kind of source a module output names, by the output names of the community modules
 * (terraform-aws-modules/sqs: `queue_arn`, `this_sqs_queue_arn`; dynamodb-table:
 * `dynamodb_table_stream_arn`; kinesis: `stream_arn` of a `kinesis` module is not told apart).
 */
function moduleSourceKind(value: unknown): EventSourceKind | undefined {
  const output = typeof value === 'string' ? MODULE_OUTPUT.exec(value)?.[2] : undefined;
  if (output === undefined) return undefined;
  if (/^(?:this_)?(?:sqs_)?queue_arn$/u.test(output)) return 'sqs';
  if (/^(?:this_)?dynamodb_table_stream_arn$/u.test(output)) return 'dynamodb';
  return undefined;
}

/** What a mapping reads, from its attributes: Kafka topics, a resource of the module, a module's output, an ARN. */
function sourceKindOf(attrs: Attrs): EventSourceKind {
  if (attrs.topics !== undefined || attrs.self_managed_event_source !== undefined) return 'kafka';
  const ref = referenceOf(attrs.event_source_arn);
  const kind = ref ? (SOURCE_TYPES[ref.type] ?? 'unknown') : (moduleSourceKind(attrs.event_source_arn) ?? sourceKindOfArn(attrs.event_source_arn));
  return kind === 'unknown' && streamByShape((s) => (attrs[TF_STREAM_SHAPE[s]] === undefined ? 'absent' : 'present')) ? 'stream' : kind;
}

/** Terraform's spelling of the settings that tell a stream mapping from others (\`streamByShape\`). */
const TF_STREAM_SHAPE: Readonly<Record<StreamShapeSetting, string>> = {
  startingPosition: 'starting_position',
  topics: 'topics',
  queues: 'queues',
  selfManagedKafka: 'self_managed_kafka_event_source_config',
  managedKafka: 'amazon_managed_kafka_event_source_config',
  documentDb: 'document_db_event_source_config',
};

/** A dead-letter target is a queue unless it names a topic (a resource or an ARN). */
function deadLetterKind(value: unknown): 'queue' | 'topic' {
  return referenceOf(value)?.type === 'aws_sns_topic' || arnService(value) === 'sns' ? 'topic' : 'queue';
}

/**
 * The queue or topic a value names: a resource of the module (`aws_sqs_queue.dlq.arn`), a
 * module's output, or a literal ARN, whose name says whether it is FIFO. Data sources and
 * variables say nothing.
 */
function targetOf(value: unknown, span: Span, scope: TfScope): TargetRef | undefined {
  const key = refKeyOf(value, scope);
  if (key !== undefined) return { key, span };
  if (referenceOf(value)) return undefined;
  const fifo = fifoOfArn(value);
  return fifo === undefined ? undefined : { fifo, span };
}

/** `jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn, … })`: the reference inside, as `${…}`. */
const JSONENCODED_DLQ = /["']?deadLetterTargetArn["']?\s*[=:]\s*((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][\w-]*(?:\.[A-Za-z_]\w*)*)/u;

export function tfKey(type: string, name: string): ConstructKey {
  return `${TF_KEY_PREFIX}${type}.${name}`;
}

/** `tfp:<file>#<key>`: a key of the module call's file (an address its caller passed in). */
export const TF_CALLER_PREFIX = 'tfp:';
/** `tfout:<prefix><module>.<output>`: a module's output. */
export const TF_OUTPUT_PREFIX = 'tfout:';

const SOURCE_TYPES: Readonly<Record<string, EventSourceKind>> = {
  aws_sqs_queue: 'sqs',
  aws_kinesis_stream: 'kinesis',
  aws_dynamodb_table: 'dynamodb',
  aws_msk_cluster: 'kafka',
  aws_msk_serverless_cluster: 'kafka',
};

/** Resources whose reference to a function is not an invocation, or is read on its own. */
const UNDERSTOOD = new Set([
  'aws_lambda_function',
  'aws_lambda_event_source_mapping',
  'aws_lambda_function_event_invoke_config',
  'aws_lambda_permission',
  'aws_lambda_alias',
  'aws_cloudwatch_log_group',
  'aws_cloudwatch_metric_alarm',
  'aws_s3_bucket_notification',
  'aws_sns_topic_subscription',
  'aws_cloudwatch_event_target',
  'aws_scheduler_schedule',
  'aws_cloudwatch_log_subscription_filter',
  'aws_lambda_function_url',
  'aws_api_gateway_integration',
  'aws_apigatewayv2_integration',
  'aws_lb_target_group_attachment',
]);

class TerraformReader {
  private readonly resources: Resource[] = [];
  private readonly dataSources: Resource[] = [];

  constructor(
    private readonly file: string,
    private readonly lines: LineIndex,
    body: Attrs,
    blocks: HclBlock[],
    private readonly infra: InfraFacts,
    private readonly scope: TfScope = OWN_SCOPE,
    functionNames?: ReadonlyMap<string, string>,
  ) {
    const located = new Map<string, HclBlock>();
    for (const b of blocks) if ((b.type === 'resource' || b.type === 'data') && b.labels.length === 2) located.set(`${b.type}.${b.labels[0]}.${b.labels[1]}`, b);
    for (const [kind, list] of [['resource', this.resources], ['data', this.dataSources]] as const) {
      for (const { type, name, attrs } of blocksOf(body, kind)) if (!createsNone(attrs)) list.push({ type, name, attrs, block: located.get(`${kind}.${type}.${name}`) });
    }
    this.functionNames = functionNames ?? functionNamesOf(this.resources);
    this.outputs = asAttrs(body.output) ?? {};
    this.locals = body.locals;
    this.modules = body.module;
    const moduleBlocks = new Map<string, HclBlock>();
    for (const b of blocks) if (b.type === 'module' && b.labels.length === 1) moduleBlocks.set(b.labels[0] as string, b);
    for (const [name, instances] of Object.entries(asAttrs(body.module) ?? {})) {
      const attrs = Array.isArray(instances) ? asAttrs(instances[0]) : undefined;
      if (attrs && !createsNone(attrs)) this.moduleCalls.push({ type: 'module', name, attrs, block: moduleBlocks.get(name) });
    }
  }

  private readonly moduleCalls: Resource[] = [];
  /** The module's functions by the name they are deployed under (`function_name`), for a mapping or permission that names one. */
  private readonly functionNames: ReadonlyMap<string, string>;

  /** The function a `function_name` argument names: by reference, or by the literal name of a function of the module. */
  private functionNamed(value: unknown): ConstructKey | undefined {
    const byReference = functionKeyOf(value, this.scope);
    if (byReference !== undefined || typeof value !== 'string') return byReference;
    const resource = this.functionNames.get(value);
    return resource === undefined ? undefined : addressKey(this.scope, 'aws_lambda_function', resource);
  }

  private readonly outputs: Attrs;
  private readonly locals: unknown;
  private readonly modules: unknown;

  read(): void {
    this.expandForEach();
    for (const r of this.resources) {
      if (r.type === 'aws_lambda_function') this.fn(r);
      else if (r.type === 'aws_sqs_queue') this.queue(r);
      else if (r.type === 'aws_lambda_event_source_mapping') this.mapping(r);
      else if (r.type === 'aws_lambda_function_event_invoke_config') this.asyncConfig(r);
    }
    for (const r of this.resources) if (r.type === 'aws_sqs_queue_redrive_policy') this.redrivePolicy(r);
    for (const call of this.moduleCalls) if (isLambdaModule(call.attrs.source)) this.lambdaModule(call);
    this.localModuleCalls();
    for (const [name, instances] of Object.entries(this.outputs)) {
      const key = refKeyOf(first(instances)?.value, this.scope);
      if (key !== undefined) (this.infra.tfOutputs ??= {})[`${this.scope.prefix}${name}`] = key;
    }
    for (const d of this.dataSources) {
      if (d.type === 'archive_file') (this.infra.archives ??= {})[addressKey(this.scope, 'data.archive_file', d.name)] = this.archiveContents(d);
    }
    for (const r of this.resources) {
      const source = UPLOAD_TYPES.has(r.type) ? referenceOf(r.attrs.source) : undefined;
      if (source?.data && source.type === 'archive_file') (this.infra.uploads ??= {})[addressKey(this.scope, r.type, r.name)] = addressKey(this.scope, 'data.archive_file', source.name);
    }
    this.invocations();
  }

  // ---------------------------------------------------------------------------------------------

  private fn(r: Resource): void {
    const dlq = first(r.attrs.dead_letter_config);
    const dlqBlock = r.block?.blocks.find((b) => b.type === 'dead_letter_config');
    const fact: FunctionFact = {
      dialect: 'terraform',
      key: addressKey(this.scope, r.type, r.name),
      construct: 'aws_lambda_function',
      constructId: r.name,
      span: this.spanOf(r),
      headSpan: this.headOf(r),
      scopeText: undefined,
      props: { kind: 'other', span: this.spanOf(r) },
      timeout: this.number(r, 'timeout'),
      defaultTimeout: 3,
      deadLetter: !dlq
        ? ABSENT
        : {
            state: 'known',
            value: deadLetterKind(dlq.target_arn),
            span: dlqBlock ? dlqBlock.span : this.headOf(r),
          },
      deadLetterSpan: dlqBlock ? this.blockSpan(dlqBlock) : undefined,
      deadLetterTarget: dlq ? targetOf(dlq.target_arn, dlqBlock ? dlqBlock.span : this.headOf(r), this.scope) : undefined,
      asyncConfig: undefined,
      invokers: { mappings: 0, async: [], sync: 0, objectEscapes: false, mayHaveUnknownCallers: false },
      handler: withRuntime(this.handlerLink(r.attrs), typeof r.attrs.runtime === 'string' && !r.attrs.runtime.includes('${') ? r.attrs.runtime : undefined),
    };
    this.infra.functions.push(fact);
  }

  /** `handler = "index.handler"` inside the archive built by an `archive_file` of this file. */
  private handlerLink(attrs: Attrs): HandlerLink {
    const none = (unknown: string, exportName?: string): HandlerLink => ({ file: undefined, exportName, unknown });
    // `package_type = "Zip"` decides, whatever `image_uri` says (a module's `cond ? var.image_uri : null`).
    if (attrs.package_type === 'Image' || (attrs.package_type !== 'Zip' && attrs.image_uri !== undefined && attrs.image_uri !== null)) return none('a container image (image_uri)');
    const split = typeof attrs.handler === 'string' && !attrs.handler.includes('${') ? splitHandler(attrs.handler) : undefined;
    if (!split) return none(typeof attrs.handler === 'string' ? `handler ${attrs.handler} is not a literal file.export` : 'handler is not given as a literal');
    const { modulePath, exportName } = split;
    if (attrs.s3_bucket !== undefined && attrs.s3_bucket !== null) return this.uploadedLink(attrs, modulePath, exportName);
    const ref = referenceOf(attrs.filename);
    if (!ref?.data || ref.type !== 'archive_file') return none(attrs.filename === undefined ? 'no filename' : 'filename is not an archive_file of the module (a package built elsewhere)', exportName);
    return this.archiveLink(ref.name, modulePath, exportName);
  }

  /** The handler inside the module's `archive_file` of this name; one defined in another file of the module, the project finds. */
  private archiveLink(name: string, modulePath: string, exportName: string): HandlerLink {
    const archive = this.dataSources.find((d) => d.type === 'archive_file' && d.name === name);
    if (!archive) return { file: undefined, exportName, fromArchive: { key: addressKey(this.scope, 'data.archive_file', name), modulePath } };
    const file = archiveHandlerFile(this.archiveContents(archive), modulePath);
    return file === undefined ? { file: undefined, exportName, unknown: `the archive's source (source_dir / source_file) does not hold ${modulePath}` } : { file, exportName };
  }

  /**
   * `s3_bucket` + `s3_key = aws_s3_object.code.key`: the object the module uploads, whose
   * `source` is an `archive_file` of the module (`data.archive_file.code.output_path`), is that
   * archive. An object of another file of the module: the project follows it.
   */
  private uploadedLink(attrs: Attrs, modulePath: string, exportName: string): HandlerLink {
    const none = (unknown: string): HandlerLink => ({ file: undefined, exportName, unknown });
    const object = referenceOf(attrs.s3_key);
    if (!object || object.data || !UPLOAD_TYPES.has(object.type)) return none('the code is uploaded from an S3 bucket (s3_bucket)');
    const upload = this.resources.find((r) => r.type === object.type && r.name === object.name);
    if (!upload) return { file: undefined, exportName, fromArchive: { key: addressKey(this.scope, object.type, object.name), modulePath } };
    const source = referenceOf(upload.attrs.source);
    if (!source?.data || source.type !== 'archive_file') return none(`the uploaded ${object.type}.${object.name} is not an archive_file of the module (a package built elsewhere)`);
    return this.archiveLink(source.name, modulePath, exportName);
  }

  /** What an `archive_file` packs: a folder or one file (absolute), when its path is literal. */
  private archiveContents(archive: Resource): { dir?: string; file?: string } {
    const dir = this.localPath(archive.attrs.source_dir);
    const file = this.localPath(archive.attrs.source_file);
    return { ...(dir === undefined ? {} : { dir }), ...(file === undefined ? {} : { file }) };
  }

  /** A path relative to the module folder, with `${path.module}` as the only interpolation allowed. */
  private localPath(value: unknown): string | undefined {
    if (typeof value !== 'string') return undefined;
    const dir = path.dirname(this.file);
    // `${path.module}` is this module's folder; a relative path is from where `terraform plan` runs.
    const replaced = value.replace(/\$\{path\.module\}/gu, dir).replace(/\$\{path\.(?:root|cwd)\}/gu, this.scope.cwd ?? dir);
    if (replaced.includes('${')) return undefined;
    return path.resolve(this.scope.cwd ?? dir, replaced);
  }

  private queue(r: Resource): void {
    const fact: QueueFact = {
      dialect: 'terraform',
      key: addressKey(this.scope, r.type, r.name),
      constructId: r.name,
      span: this.spanOf(r),
      headSpan: this.headOf(r),
      props: { kind: 'other', span: this.spanOf(r) },
      fifo: this.boolean(r, 'fifo_queue'),
      visibilityTimeout: this.number(r, 'visibility_timeout_seconds'),
      visibilityTimeoutSpan: this.propertySpan(r, 'visibility_timeout_seconds'),
      ...this.redrive(r),
      scopeText: undefined,
    };
    this.infra.queues.push(fact);
  }

  /**
   * `redrive_policy = jsonencode({ deadLetterTargetArn = …, … })`, or a JSON string: whether it
   * names a dead-letter target, and the queue it names (parsed once for both).
   */
  private redrive(r: Resource): Pick<QueueFact, 'redrive' | 'redriveTarget'> {
    const value = r.attrs.redrive_policy;
    if (value === undefined || value === null) return { redrive: ABSENT };
    const span = this.attribute(r, 'redrive_policy')?.span ?? this.headOf(r);
    if (typeof value !== 'string') return { redrive: { state: 'unknown', span } };
    const withTarget = (named: boolean, target: TargetRef | undefined): Pick<QueueFact, 'redrive' | 'redriveTarget'> => ({
      redrive: { state: 'known', value: named, span },
      ...(target ? { redriveTarget: target } : {}),
    });
    if (/^\$\{jsonencode\(/u.test(value)) {
      const encoded = JSONENCODED_DLQ.exec(value)?.[1];
      return withTarget(value.includes('deadLetterTargetArn'), encoded === undefined ? undefined : targetOf(`\${${encoded}}`, span, this.scope));
    }
    if (value.includes('${')) return { redrive: { state: 'unknown', span } };
    try {
      const parsed: unknown = JSON.parse(value);
      const named = typeof parsed === 'object' && parsed !== null && 'deadLetterTargetArn' in parsed;
      return withTarget(named, named ? targetOf((parsed as { deadLetterTargetArn?: unknown }).deadLetterTargetArn, span, this.scope) : undefined);
    } catch {
      return { redrive: { state: 'unknown', span } };
    }
  }

  /** `aws_sqs_queue_redrive_policy` sets the redrive of a queue of the module (of any of its files). */
  private redrivePolicy(r: Resource): void {
    const ref = referenceOf(r.attrs.queue_url);
    if (ref?.type !== 'aws_sqs_queue' || ref.data) return;
    const queue = addressKey(this.scope, ref.type, ref.name);
    (this.infra.redrivePolicies ??= []).push(queue);
    const { redriveTarget } = this.redrive(r);
    if (redriveTarget) (this.infra.redriveTargets ??= []).push({ queue, target: redriveTarget });
  }

  private mapping(r: Resource): void {
    const kind = sourceKindOf(r.attrs);
    const destination = this.nested(r, ['destination_config', 'on_failure']);
    const occurrence = `${this.scope.prefix}${r.each === undefined ? '' : `[${r.each}]`}`;
    const fact: EventSourceMappingFact = {
      dialect: 'terraform',
      ...(occurrence === '' ? {} : { occurrence }),
      kind,
      construct: 'aws_lambda_event_source_mapping',
      span: this.headOf(r),
      props: { kind: 'other', span: this.spanOf(r) },
      functionKey: this.functionNamed(r.attrs.function_name),
      sourceKey: refKeyOf(r.attrs.event_source_arn, this.scope),
      batchSize: this.number(r, 'batch_size'),
      defaultBatchSize: kind === 'sqs' ? 10 : 100,
      reportBatchItemFailures: this.listContains(r, 'function_response_types', 'ReportBatchItemFailures'),
      reportBatchItemFailuresSyntax: { key: 'function_response_types', value: '["ReportBatchItemFailures"]' },
      retryAttempts: this.number(r, 'maximum_retry_attempts'),
      maxRecordAge: this.number(r, 'maximum_record_age_in_seconds'),
      bisectBatchOnError: this.boolean(r, 'bisect_batch_on_function_error'),
      onFailure: destination ? this.present(destination.attrs.destination_arn, destination.block?.span ?? this.headOf(r)) : ABSENT,
      onFailureSpan: this.blockSpanOf(r, 'destination_config'),
      maxBatchingWindow: this.number(r, 'maximum_batching_window_in_seconds'),
    };
    this.infra.mappings.push(fact);
  }

  private asyncConfig(r: Resource): void {
    const onFailure = this.nested(r, ['destination_config', 'on_failure']);
    const onSuccess = this.nested(r, ['destination_config', 'on_success']);
    const retries = this.attribute(r, 'maximum_retry_attempts');
    const age = this.attribute(r, 'maximum_event_age_in_seconds');
    const config: AsyncInvokeConfigFact = {
      span: this.headOf(r),
      functionKey: this.functionNamed(r.attrs.function_name),
      retryAttempts: this.number(r, 'maximum_retry_attempts'),
      retryAttemptsSpan: retries?.value,
      maxEventAge: this.number(r, 'maximum_event_age_in_seconds'),
      maxEventAgeSpan: age?.value,
      onFailure: onFailure ? this.present(onFailure.attrs.destination, onFailure.block?.span ?? this.headOf(r)) : ABSENT,
      onSuccess: onSuccess ? this.present(onSuccess.attrs.destination, onSuccess.block?.span ?? this.headOf(r)) : ABSENT,
      destinationTargets: [onFailure, onSuccess]
        .map((d) => (d ? targetOf(d.attrs.destination, d.block?.span ?? this.headOf(r), this.scope) : undefined))
        .filter((t): t is TargetRef => t !== undefined),
    };
    this.infra.asyncConfigs.push(config);
  }

  /**
   * `for_each` over a literal map on a mapping, an invoke config or a permission: one resource per
   * entry, `each.key` and `each.value` (`each.value.batch_size`) read from it. Over anything else
   * the resource is read once, with those values unknown. (Functions and queues are read once: an
   * address names all their instances.)
   */
  private expandForEach(): void {
    const expanded: Resource[] = [];
    for (const r of this.resources) {
      const entries = FOR_EACH_TYPES.has(r.type) ? asAttrs(r.attrs.for_each) : undefined;
      if (!entries || Object.keys(entries).length === 0 || Object.keys(entries).length > MAX_FOR_EACH) {
        expanded.push(r);
        continue;
      }
      for (const [key, value] of Object.entries(entries)) expanded.push({ ...r, attrs: substituteEach(r.attrs, key, value) as Attrs, each: key });
    }
    this.resources.splice(0, this.resources.length, ...expanded);
  }

  // ---------------------------------------------------------------------------------------------
  // terraform-aws-modules/lambda/aws: the function, mappings, asynchronous configuration and
  // permissions it creates from its inputs, as its main.tf and variables.tf define them
  // (docs/dialects.md, Terraform)

  private lambdaModule(call: Resource): void {
    const a = call.attrs;
    // `create = false`, `create_function = false` or `create_layer = true`: no function.
    if (a.create === false || a.create_function === false || a.create_layer === true) return;
    const key = addressKey(this.scope, 'module', call.name);
    const span = this.spanOf(call);
    const head = this.headOf(call);
    const dlq = a.dead_letter_target_arn;
    const dlqAt = this.attribute(call, 'dead_letter_target_arn');
    const fact: FunctionFact = {
      dialect: 'terraform',
      spelling: 'terraform-aws-modules/lambda',
      key,
      construct: 'terraform-aws-modules/lambda',
      constructId: call.name,
      span,
      headSpan: head,
      scopeText: undefined,
      props: { kind: 'other', span },
      timeout: this.number(call, 'timeout'),
      defaultTimeout: 3,
      deadLetter:
        dlq === undefined || dlq === null
          ? ABSENT
          : {
              state: 'known',
              value: deadLetterKind(dlq),
              span: dlqAt?.span ?? head,
            },
      deadLetterSpan: dlqAt ? { property: dlqAt.span, value: dlqAt.value, removeRange: this.lines.linesRange(dlqAt.span.loc.start.line, dlqAt.span.loc.end.line) } : undefined,
      deadLetterTarget: dlq === undefined || dlq === null ? undefined : targetOf(dlq, dlqAt?.span ?? head, this.scope),
      asyncConfig: undefined,
      invokers: { mappings: 0, async: [], sync: 0, objectEscapes: false, mayHaveUnknownCallers: false },
      handler: withRuntime(this.moduleHandlerLink(a), typeof a.runtime === 'string' && !a.runtime.includes('${') ? a.runtime : undefined),
    };
    this.infra.functions.push(fact);
    this.moduleMappings(call, key, fact);
    this.moduleAsyncConfig(call, key);
    this.moduleTriggers(call, key, fact);
  }

  /** Calls of modules of this repository (`source = "../modules/worker"`): the project reads each as an instance. */
  private localModuleCalls(): void {
    for (const call of this.moduleCalls) {
      const source = call.attrs.source;
      if (typeof source !== 'string' || isLambdaModule(source)) continue;
      if (!/^\.\.?\//u.test(source)) {
        (this.infra.tfRemoteModules ??= []).push({ name: call.name, source, prefix: this.scope.prefix, args: moduleArguments(call.attrs), span: this.headOf(call) });
        continue;
      }
      (this.infra.tfModuleCalls ??= []).push({ name: call.name, source, prefix: this.scope.prefix, args: moduleArguments(call.attrs), span: this.headOf(call) });
    }
  }

  /** `handler` inside the package built from `source_path` (a folder or a file; one entry of a list, with `:zip` commands). */
  private moduleHandlerLink(a: Attrs): HandlerLink {
    const none = (unknown: string, exportName?: string): HandlerLink => ({ file: undefined, exportName, unknown });
    if (a.package_type === 'Image' || (a.image_uri !== undefined && a.image_uri !== null)) return none('a container image (image_uri)');
    const split = typeof a.handler === 'string' && !a.handler.includes('${') ? splitHandler(a.handler) : undefined;
    if (!split) return none(typeof a.handler === 'string' ? `handler ${a.handler} is not a literal file.export` : 'handler is not given as a literal');
    const { modulePath, exportName } = split;
    if (a.local_existing_package !== undefined && a.local_existing_package !== null) return none('the package is built elsewhere (local_existing_package)', exportName);
    if (a.s3_existing_package !== undefined && a.s3_existing_package !== null) return none('the package is in an S3 bucket (s3_existing_package)', exportName);
    if (a.create_package === false) return none('create_package = false: the package is built elsewhere', exportName);
    const contents = this.packageContents(a.source_path);
    if ('unknown' in contents) return none(contents.unknown, exportName);
    const file = archiveHandlerFile(contents, modulePath);
    return file === undefined ? none(`the package (source_path) does not hold ${modulePath}`, exportName) : { file, exportName };
  }

  /**
   * What the package built from `source_path` holds at its root: a folder's content or one file.
   * Relative paths are from where `terraform plan` runs, taken to be this module's folder.
   */
  private packageContents(sourcePath: unknown): { dir?: string; file?: string } | { unknown: string } {
    const pathOf = (value: unknown): { dir?: string; file?: string } | undefined => {
      const resolved = this.localPath(typeof value === 'string' ? value.replace(/\$\{path\.(?:root|cwd)\}/gu, this.scope.cwd ?? path.dirname(this.file)) : value);
      if (resolved === undefined) return undefined;
      return /\.[cm]?[jt]s$/u.test(resolved) ? { file: resolved } : { dir: resolved };
    };
    if (sourcePath === undefined || sourcePath === null) return { unknown: 'no source_path' };
    const claims: unknown[] = Array.isArray(sourcePath) ? (sourcePath as unknown[]) : [sourcePath];
    if (claims.length !== 1) return { unknown: 'source_path packs several paths' };
    const claim: unknown = claims[0];
    if (typeof claim === 'string') return pathOf(claim) ?? { unknown: 'source_path is not a literal path' };
    const c = asAttrs(claim);
    if (!c) return { unknown: 'source_path is not a literal path' };
    if (c.prefix_in_zip !== undefined) return { unknown: 'source_path puts the code under prefix_in_zip' };
    const base = pathOf(c.path);
    if (!base?.dir && !base?.file) return { unknown: 'source_path is not a literal path' };
    if (c.commands === undefined) return base;
    // `commands = ["npm ci", "npm run build", ":zip dist"]`: the last `:zip` says what is packed.
    const commands = Array.isArray(c.commands) ? c.commands : typeof c.commands === 'string' ? c.commands.split('\n') : undefined;
    const zips = commands?.filter((x): x is string => typeof x === 'string' && x.trim().startsWith(':zip'));
    const last = zips?.at(-1)?.trim().split(/\s+/u);
    if (!last || base.dir === undefined || last.length > 2 || last.join(' ').includes('${')) return { unknown: 'source_path commands build the package' };
    return { dir: last.length === 1 ? base.dir : path.resolve(base.dir, last[1] as string) };
  }

  /** `event_source_mapping = { name = { event_source_arn, batch_size, function_response_types, … } }`. */
  private moduleMappings(call: Resource, functionKey: ConstructKey, fn: FunctionFact): void {
    const value = call.attrs.event_source_mapping;
    if (value === undefined || value === null) return;
    // The module creates its mappings only with the unqualified alias's triggers.
    if (call.attrs.create_unqualified_alias_allowed_triggers === false) return;
    const at = this.attribute(call, 'event_source_mapping');
    const span = at?.span ?? this.headOf(call);
    const entries = asAttrs(value);
    if (!entries) {
      fn.invokers.mayHaveUnknownCallers = true;
      return;
    }
    for (const [entryName, entry] of Object.entries(entries)) {
      const m = asAttrs(entry);
      if (!m) {
        fn.invokers.mayHaveUnknownCallers = true;
        continue;
      }
      const kind = sourceKindOf(m);
      this.infra.mappings.push({
        dialect: 'terraform',
        occurrence: `${this.scope.prefix}${call.name}[${entryName}]`,
        spelling: 'terraform-aws-modules/lambda',
        kind,
        construct: 'event_source_mapping',
        span,
        props: { kind: 'other', span },
        functionKey,
        sourceKey: refKeyOf(m.event_source_arn, this.scope),
        batchSize: numberValue(m.batch_size, span),
        defaultBatchSize: kind === 'sqs' ? 10 : 100,
        reportBatchItemFailures: listValueContains(m.function_response_types, 'ReportBatchItemFailures', span),
        reportBatchItemFailuresSyntax: { key: 'function_response_types', value: '["ReportBatchItemFailures"]' },
        retryAttempts: numberValue(m.maximum_retry_attempts, span),
        maxRecordAge: numberValue(m.maximum_record_age_in_seconds, span),
        bisectBatchOnError: booleanValue(m.bisect_batch_on_function_error, span),
        onFailure: this.present(m.destination_arn_on_failure, span),
        onFailureSpan: undefined,
        maxBatchingWindow: numberValue(m.maximum_batching_window_in_seconds, span),
      });
    }
  }

  /** The module's `aws_lambda_function_event_invoke_config`, made only with `create_async_event_config = true`. */
  private moduleAsyncConfig(call: Resource, functionKey: ConstructKey): void {
    const a = call.attrs;
    const create = a.create_async_event_config;
    if (create === undefined || create === null || create === false || create === 'false') return;
    const known = create === true || create === 'true';
    const head = this.headOf(call);
    const unknownValue: Value<never> = { state: 'unknown', span: head };
    const retries = this.attribute(call, 'maximum_retry_attempts');
    const age = this.attribute(call, 'maximum_event_age_in_seconds');
    const onFailureAt = this.attribute(call, 'destination_on_failure')?.span ?? head;
    const onSuccessAt = this.attribute(call, 'destination_on_success')?.span ?? head;
    this.infra.asyncConfigs.push({
      span: head,
      functionKey,
      retryAttempts: known ? this.number(call, 'maximum_retry_attempts') : unknownValue,
      retryAttemptsSpan: retries?.value,
      maxEventAge: known ? this.number(call, 'maximum_event_age_in_seconds') : unknownValue,
      maxEventAgeSpan: age?.value,
      onFailure: known ? this.present(a.destination_on_failure, onFailureAt) : unknownValue,
      onSuccess: known ? this.present(a.destination_on_success, onSuccessAt) : unknownValue,
      destinationTargets: [
        a.destination_on_failure === undefined ? undefined : targetOf(a.destination_on_failure, onFailureAt, this.scope),
        a.destination_on_success === undefined ? undefined : targetOf(a.destination_on_success, onSuccessAt, this.scope),
      ].filter((t): t is TargetRef => t !== undefined),
    });
  }

  /** `allowed_triggers = { name = { service = "events", source_arn = … } }`: the permissions the module grants. */
  private moduleTriggers(call: Resource, functionKey: ConstructKey, fn: FunctionFact): void {
    const value = call.attrs.allowed_triggers;
    if (value === undefined || value === null) return;
    const entries = asAttrs(value);
    if (!entries) {
      fn.invokers.mayHaveUnknownCallers = true;
      return;
    }
    for (const entry of Object.values(entries)) {
      const t = asAttrs(entry);
      const principal = typeof t?.principal === 'string' ? t.principal : typeof t?.service === 'string' ? `${t.service}.amazonaws.com` : undefined;
      this.infra.invocations.push(permissionInvocation(functionKey, principal));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Who invokes each function (recorded as invocation facts: the function may be in another file)

  private invocations(): void {
    const note = (value: unknown, kind: 'async' | 'sync' | 'unknown', label?: string): void => {
      const functionKey = functionKeyOf(value, this.scope);
      if (functionKey === undefined) return;
      this.infra.invocations.push({ functionKey, kind, ...(label === undefined ? {} : { label }) });
    };
    for (const r of this.resources) {
      const a = r.attrs;
      switch (r.type) {
        case 'aws_lambda_permission': {
          const functionKey = this.functionNamed(a.function_name);
          if (functionKey !== undefined) this.infra.invocations.push(permissionInvocation(functionKey, a.principal));
          break;
        }
        case 'aws_s3_bucket_notification':
          for (const c of list(a.lambda_function)) note(c.lambda_function_arn, 'async', 'S3 notification');
          break;
        case 'aws_sns_topic_subscription':
          if (a.protocol === 'lambda') note(a.endpoint, 'async', 'SNS subscription');
          break;
        case 'aws_cloudwatch_event_target':
          note(a.arn, 'async', 'EventBridge rule');
          break;
        case 'aws_scheduler_schedule':
          note(first(a.target)?.arn, 'async', 'EventBridge Scheduler schedule');
          break;
        case 'aws_cloudwatch_log_subscription_filter':
          note(a.destination_arn, 'async', 'CloudWatch Logs subscription');
          break;
        case 'aws_lambda_function_url':
          note(a.function_name, 'sync');
          break;
        case 'aws_api_gateway_integration':
          note(a.uri, 'sync');
          break;
        case 'aws_apigatewayv2_integration':
          note(a.integration_uri, 'sync');
          break;
        default:
          break;
      }
      if (!UNDERSTOOD.has(r.type)) for (const key of functionMentions(a, this.scope)) this.infra.invocations.push({ functionKey: key, kind: 'unknown' });
    }
    // Outputs, locals, module arguments and policy documents hand the function's identity to others.
    const data = this.dataSources.filter((d) => d.type !== 'archive_file').map((d) => d.attrs);
    for (const section of [this.outputs, this.locals, this.modules, data]) {
      for (const key of functionMentions(section, this.scope)) this.infra.invocations.push({ functionKey: key, kind: 'unknown' });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Values and where they are written

  private attribute(r: Resource, name: string): HclAttribute | undefined {
    return r.block?.attributes.get(name);
  }

  private spanOf(r: Resource): Span {
    return r.block?.span ?? this.lines.span(0, 0);
  }

  private headOf(r: Resource): Span {
    return r.block?.head ?? this.lines.span(0, 0);
  }

  private number(r: Resource, name: string): Value<number> {
    return numberValue(r.attrs[name], this.attribute(r, name)?.span ?? this.headOf(r));
  }

  private boolean(r: Resource, name: string): Value<boolean> {
    return booleanValue(r.attrs[name], this.attribute(r, name)?.span ?? this.headOf(r));
  }

  private present(v: unknown, span: Span): Value<boolean> {
    if (v === undefined || v === null || v === '') return ABSENT;
    return { state: 'known', value: true, span };
  }

  private listContains(r: Resource, name: string, value: string): Value<boolean> {
    return listValueContains(r.attrs[name], value, this.attribute(r, name)?.span ?? this.headOf(r));
  }

  private propertySpan(r: Resource, name: string): PropertySpan | undefined {
    const at = this.attribute(r, name);
    return at ? { property: at.span, value: at.value, removeRange: this.lines.linesRange(at.span.loc.start.line, at.span.loc.end.line) } : undefined;
  }

  private blockSpan(block: HclBlock): PropertySpan {
    return { property: block.span, value: block.span, removeRange: this.lines.linesRange(block.span.loc.start.line, block.span.loc.end.line) };
  }

  private blockSpanOf(r: Resource, type: string): PropertySpan | undefined {
    const block = r.block?.blocks.find((b) => b.type === type);
    return block ? this.blockSpan(block) : undefined;
  }

  /** A nested block (`destination_config { on_failure { … } }`) with its attributes and where it is. */
  private nested(r: Resource, pathOf: readonly string[]): { attrs: Attrs; block: HclBlock | undefined } | undefined {
    let attrs: Attrs | undefined = r.attrs;
    let block: HclBlock | undefined = r.block;
    for (const type of pathOf) {
      attrs = first(attrs?.[type]);
      block = block?.blocks.find((b) => b.type === type);
      if (!attrs) return undefined;
    }
    return attrs ? { attrs, block } : undefined;
  }
}

/** A module block's arguments that are Terraform's, not the module's variables. */
const MODULE_META_ARGUMENTS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

function moduleArguments(attrs: Attrs): Attrs {
  const args: Attrs = {};
  for (const [name, value] of Object.entries(attrs)) if (!MODULE_META_ARGUMENTS.has(name)) args[name] = value;
  return args;
}

/** What an invoke permission for `principal` says about the function's callers (`aws_lambda_permission`, the module's `allowed_triggers`). */
function permissionInvocation(functionKey: ConstructKey, principal: unknown): InvocationFact {
  const who = typeof principal === 'string' && !principal.includes('${') ? INVOKING_PRINCIPALS[principal] : undefined;
  if (who === undefined) return { functionKey, kind: 'unknown' };
  return who === 'sync' ? { functionKey, kind: 'sync' } : { functionKey, kind: 'async', label: who.async };
}

/** The `resource` (or `data`) blocks of a body as the parser gives them: type, name and the attributes written. */
function blocksOf(body: Attrs, kind: 'resource' | 'data'): { type: string; name: string; attrs: Attrs }[] {
  const out: { type: string; name: string; attrs: Attrs }[] = [];
  for (const [type, byName] of Object.entries(asAttrs(body[kind]) ?? {})) {
    for (const [name, instances] of Object.entries(asAttrs(byName) ?? {})) {
      const attrs = Array.isArray(instances) ? asAttrs(instances[0]) : undefined;
      if (attrs) out.push({ type, name, attrs });
    }
  }
  return out;
}

/** A resource whose `count` is 0 or whose `for_each` is an empty map: Terraform creates none. */
function createsNone(attrs: Attrs): boolean {
  const each = asAttrs(attrs.for_each);
  return attrs.count === 0 || attrs.count === '0' || (each !== undefined && Object.keys(each).length === 0);
}

/** `function_name` → resource name, for the functions whose name is literal (a name two functions share names neither). */
function functionNamesOf(resources: readonly { type: string; name: string; attrs: Attrs }[]): Map<string, string> {
  const out = new Map<string, string>();
  const shared = new Set<string>();
  for (const r of resources) {
    const name = r.attrs.function_name;
    if (r.type !== 'aws_lambda_function' || typeof name !== 'string' || name.includes('${')) continue;
    if (out.has(name)) shared.add(name);
    out.set(name, r.name);
  }
  for (const name of shared) out.delete(name);
  return out;
}

/** `terraform-aws-modules/lambda/aws` from the registry (with a `//submodule` or not), or its GitHub repository. */
function isLambdaModule(source: unknown): boolean {
  return typeof source === 'string' && /^(?:registry\.terraform\.io\/)?terraform-aws-modules\/lambda\/aws(?:\/\/.*)?$|^(?:git::https:\/\/|git@)?github\.com[/:]terraform-aws-modules\/terraform-aws-lambda(?:\.git)?(?:\?ref=[^/]*)?$/u.test(source);
}

function numberValue(v: unknown, span: Span): Value<number> {
  if (v === undefined || v === null) return ABSENT;
  if (typeof v === 'number') return { state: 'known', value: v, span };
  if (typeof v === 'string' && /^-?\d+$/u.test(v)) return { state: 'known', value: Number(v), span };
  return { state: 'unknown', span };
}

function booleanValue(v: unknown, span: Span): Value<boolean> {
  if (v === undefined || v === null) return ABSENT;
  if (typeof v === 'boolean') return { state: 'known', value: v, span };
  if (v === 'true' || v === 'false') return { state: 'known', value: v === 'true', span };
  return { state: 'unknown', span };
}

function listValueContains(v: unknown, value: string, span: Span): Value<boolean> {
  if (v === undefined || v === null) return ABSENT;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' && !x.includes('${'))) return { state: 'known', value: v.includes(value), span };
  if (Array.isArray(v) && v.includes(value)) return { state: 'known', value: true, span };
  return { state: 'unknown', span };
}

function asAttrs(value: unknown): Attrs | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Attrs) : undefined;
}

function first(value: unknown): Attrs | undefined {
  return Array.isArray(value) ? asAttrs(value[0]) : asAttrs(value);
}

function list(value: unknown): Attrs[] {
  return Array.isArray(value) ? value.map(asAttrs).filter((a): a is Attrs => a !== undefined) : [];
}

/** Every `aws_lambda_function.<name>` mentioned in the strings of a value. */
function functionMentions(value: unknown, scope: TfScope): Set<ConstructKey> {
  const out = new Set<ConstructKey>();
  const stack: unknown[] = [value];
  let budget = 100_000;
  while (stack.length > 0 && budget-- > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (!v.includes('aws_lambda_function.') && !v.includes('module.')) continue;
      for (const m of v.matchAll(/(?<![\w.])aws_lambda_function\.([A-Za-z_][\w-]*)/gu)) out.add(addressKey(scope, 'aws_lambda_function', m[1] as string));
      // A module's output may name a function (terraform-aws-modules/lambda's, or a local module's): the project finds out.
      for (const m of v.matchAll(/(?<![\w.])module\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?\.([A-Za-z_]\w*)/gu)) out.add(moduleOutputKey(scope, m[1] as string, m[2] as string));
    } else if (Array.isArray(v)) {
      for (const item of v as unknown[]) stack.push(item);
    } else if (typeof v === 'object' && v !== null) {
      for (const item of Object.values(v as Record<string, unknown>)) stack.push(item);
    }
  }
  return out;
}

/** The handler file inside an archive: `<dir>/<module path>`, or the one file a one-file archive packs. */
export function archiveHandlerFile(contents: { dir?: string; file?: string }, modulePath: string): string | undefined {
  if (contents.dir !== undefined) return path.resolve(contents.dir, modulePath);
  const single = contents.file;
  // A one-file archive holds that file at its root (a script, or a Python module: `x.py` is module `x`).
  const module = single === undefined ? undefined : withoutModuleExtension(single);
  if (module !== undefined && path.basename(module) === path.basename(modulePath)) return module;
  return undefined;
}
