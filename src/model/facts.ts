/**
 * Facts: plain, serialisable data extracted from one file, with source locations. Values that
 * the file does not settle are `unknown`, never guessed.
 */
import type { Span } from '../core/ast.js';
import type { PropsSite } from '../core/edits.js';
import type { Value } from '../core/values.js';
import type { FunctionSummary } from './summaries.js';

/** The infrastructure dialect a fact was read from (its spelling of each setting differs). */
export type Dialect = 'cdk' | 'cloudformation' | 'sam' | 'serverless' | 'terraform' | 'pulumi' | 'sst';

/** A form whose settings are spelled apart from its dialect's (a community module's inputs). */
/** A form whose settings are spelled apart from its dialect's: a community module's inputs, a CDK app in Python (jsii's snake_case keywords). */
export type SpellingVariant = 'terraform-aws-modules/lambda' | 'cdk/python';

/**
 * What a mapping reads. `stream`: a Kinesis stream or a DynamoDB stream, which one not known (the
 * source's ARN is not evaluated, but the mapping has a starting position and none of the settings
 * of Kafka, Amazon MQ or DocumentDB sources).
 */
export type EventSourceKind = 'sqs' | 'kinesis' | 'dynamodb' | 'stream' | 'kafka' | 'unknown';

/**
 * A reference from one construct to another, by the binding that holds it: `id:orders` for a
 * variable, `this:orders@<class offset>` for a class field, `node:<offset>` for a construct
 * created inline. `undefined` when the expression is not one the file resolves.
 */
export type ConstructKey = string;

/** A property as written, for suggestions that change or remove it. */
export interface PropertySpan {
  /** The whole `key: value` property. */
  property: Span;
  /** Its value. */
  value: Span;
  /** The text range whose removal deletes the property cleanly (with its comma, and its line when alone on it). */
  removeRange: [number, number];
}

/**
 * A queue or topic a setting sends messages to (a redrive policy's dead-letter queue, an
 * asynchronous destination, a function's dead-letter queue): the construct it names, and what the
 * reference itself says of it (an ARN or name ending in `.fifo`).
 */
export interface TargetRef {
  /** The construct the setting names, when it names one (`dlq`, `!GetAtt Dlq.Arn`, `aws_sqs_queue.dlq.arn`). */
  key?: ConstructKey | undefined;
  /** A literal ARN, URL or name: `true` when it ends in `.fifo`, `false` when it does not. */
  fifo?: boolean | undefined;
  /** The value that names it, where findings about it point. */
  span: Span;
}

/** An event source mapping: a poller that reads a queue or stream and invokes a function synchronously. */
export interface EventSourceMappingFact {
  dialect: Dialect;
  /**
   * Which of the mappings written at one place this is, when one place makes several (an instance
   * of a Terraform module, a `for_each` entry, an entry of a module's `event_source_mapping`).
   */
  occurrence?: string | undefined;
  /** Written through a form that spells settings its own way (terraform-aws-modules/lambda's inputs). */
  spelling?: SpellingVariant | undefined;
  kind: EventSourceKind;
  /** How the file writes it, e.g. `SqsEventSource`. */
  construct: string;
  /** The expression that creates the mapping. */
  span: Span;
  /** Where its options are written, for suggestions. */
  props: PropsSite;
  /** The function it invokes. */
  functionKey: ConstructKey | undefined;
  /** The queue or stream it reads. */
  sourceKey: ConstructKey | undefined;
  batchSize: Value<number>;
  /** The batch size that applies when none is given, in this dialect (tools' defaults differ from AWS's). */
  defaultBatchSize: number;
  reportBatchItemFailures: Value<boolean>;
  /** How this form spells "partial batch responses on", for the suggestion. */
  /**
   * How this form spells "partial batch responses on", or, when it cannot (`queue.onEvent`), what
   * to do instead (`unsupported`, a sentence fragment in the imperative).
   */
  reportBatchItemFailuresSyntax: { key: string; value: string; unsupported?: string };
  /** Retries (streams, Kafka); `-1` = infinite. */
  retryAttempts: Value<number>;
  /** Seconds; `-1` = infinite. */
  maxRecordAge: Value<number>;
  bisectBatchOnError: Value<boolean>;
  /** Whether an on-failure destination is set (streams, Kafka; SQS mappings have none). */
  onFailure: Value<boolean>;
  onFailureSpan: PropertySpan | undefined;
  /** Seconds. */
  maxBatchingWindow: Value<number>;
}

/** Where a function's failed asynchronous events go, and how often they are retried. */
export interface AsyncInvokeConfigFact {
  /** The construct or call that sets it. */
  span: Span;
  functionKey: ConstructKey | undefined;
  retryAttempts: Value<number>;
  retryAttemptsSpan: Span | undefined;
  /** Seconds. */
  maxEventAge: Value<number>;
  maxEventAgeSpan: Span | undefined;
  onFailure: Value<boolean>;
  onSuccess: Value<boolean>;
  /** The queues or topics its destinations name, where the file shows them. */
  destinationTargets?: TargetRef[] | undefined;
}

/** Who invokes a function, as far as the file shows. */
export interface FunctionInvokers {
  mappings: number;
  /** Asynchronous triggers: S3 notifications, SNS subscriptions, EventBridge rules, destinations… */
  async: string[];
  sync: number;
  /** The function object is passed somewhere the adapter does not understand: others may configure it. */
  objectEscapes: boolean;
  /** Its ARN or name flows somewhere, or invoke permission is granted: unknown callers may invoke it. */
  mayHaveUnknownCallers: boolean;
}

/** Where the handler code of a function lives. */
export interface HandlerLink {
  /** Absolute path of the handler file, when the file states it. */
  file: string | undefined;
  /**
   * `Code.fromAsset('lambda')` + `handler: 'index.handler'`: the handler file relative to where
   * `cdk synth` runs (the CDK app's folder, the one with cdk.json), which the project resolves.
   */
  fromAppRoot?: string | undefined;
  /** The file that marks the app's folder for `fromAppRoot` (`cdk.json` unless given: `Pulumi.yaml`, `sst.config.ts`). */
  appRootMarker?: string | readonly string[] | undefined;
  /**
   * Terraform: the archive the function's code comes from, when it is defined in another file of
   * the module (`data.archive_file.x`), and the handler's module path inside it.
   */
  fromArchive?: { key: ConstructKey; modulePath: string } | undefined;
  /**
   * The code is an archive the project's build makes and uploads (`GuLambdaFunction`'s
   * `fileName`): its file name and the handler's module path inside it; the project finds the
   * build step that zips it (src/project/artifacts.ts). `unknown` says why when none does.
   */
  fromArtifact?: { name: string; modulePath: string } | undefined;
  /** The exported name. */
  exportName: string | undefined;
  /**
   * The runtime the function declares, as written (\`python3.12\`, \`nodejs20.x\`, CDK's
   * \`PYTHON_3_12\`): it says the handler's language (see \`runtimeLanguage\`).
   */
  runtime?: string | undefined;
  /** When the handler's code is not known: why, in words (`inline code`, `a container image`). */
  unknown?: string | undefined;
  /**
   * The function runs one of these, decided when the app is synthesised: a conditional entry
   * (`isWorkshop ? './workshop/h.ts' : './h.ts'`). Each alternative is linked as a handler of the
   * function; the fields above are then not used.
   */
  alternatives?: HandlerLink[] | undefined;
  /**
   * The link when the props' spreads of imported objects (\`...defaultLambdaParams\`) set none of
   * \`handler\`, \`code\` and \`entry\` (the file cannot tell; the project reads those objects' keys
   * in their modules): \`spreads\` names them as imported.
   */
  ifSpreadsLack?: { spreads: { module: string; name: string }[]; link: HandlerLink } | undefined;
  /**
   * The handler's path depends on parameters of the function, constructor or method that creates
   * the function (`createLambda(id, pathToSource)` with `entry: path.join(__dirname, pathToSource)`):
   * `path` with a hole (`\u0000i\u0000`) for each key of `params` (`param:method:Api.createLambda:1`),
   * absolute or relative to the app's folder. The project fills it from every call's arguments:
   * one alternative per call.
   */
  /**
   * `exportParam`: the parameter (a props object's `handler`) a call may name the export with; a
   * call that does not keeps `exportName`. `handlerParam`: the parameter that gives the whole
   * handler string (\`handler: props.handler\` with a call's \`'index.main'\`): its module is in the
   * folder \`path\` names, its export the link's.
   */
  template?: { path: string; absolute: boolean; params: ConstructKey[]; exportParam?: ConstructKey; handlerParam?: ConstructKey } | undefined;
}

export interface FunctionFact {
  dialect: Dialect;
  /** Written through a form that spells settings its own way (terraform-aws-modules/lambda's inputs). */
  spelling?: SpellingVariant | undefined;
  key: ConstructKey;
  /** `Function`, `NodejsFunction`, … */
  construct: string;
  /** The construct id when it is a literal (`'ProcessOrders'`). */
  constructId: string | undefined;
  span: Span;
  /** `new Function(this, 'Id'`: where findings about the whole function point. */
  headSpan: Span;
  /** The source text of the construct's scope argument (`this`), for suggestions. */
  scopeText: string | undefined;
  props: PropsSite;
  /** Seconds. */
  timeout: Value<number>;
  /** The timeout when none is given: 3 s in CDK, CloudFormation and SAM, 6 s in the Serverless Framework. */
  defaultTimeout: number;
  /**
   * A Serverless function defined in its own module that sets no timeout: the service's
   * `provider.timeout` applies (`timeout` is unknown here; the project reads the service file).
   */
  timeoutFromService?: true;
  /** `deadLetterQueue`, `deadLetterTopic` or `deadLetterQueueEnabled: true`. */
  deadLetter: Value<'queue' | 'topic' | 'enabled'>;
  deadLetterSpan: PropertySpan | undefined;
  /** The queue or topic its dead-letter setting names, where the file shows it. */
  deadLetterTarget?: TargetRef | undefined;
  /** Async settings given in the function's own props (`onFailure`, `retryAttempts`, …). */
  asyncConfig: AsyncInvokeConfigFact | undefined;
  invokers: FunctionInvokers;
  /**
   * A subclass of a function construct (`class Worker extends NodejsFunction`): the fact stands for
   * every instance, which the project does not tell apart yet (its handler is linked when only one
   * instance is made).
   */
  subclass?: true;
  /**
   * Its props spread objects other modules export (\`{ ...defaultLambdaParams, timeout }\`): the
   * settings as the props write them when those objects set none of their keys (the project reads
   * their keys where they are defined). \`asyncConfig\` then replaces the one of \`asyncConfigs\` made
   * with the function (at the same place), or, absent, leaves none.
   */
  ifSpreadsLack?: {
    spreads: { module: string; name: string }[];
    deadLetter: Value<'queue' | 'topic' | 'enabled'>;
    timeout: Value<number>;
    asyncConfig?: AsyncInvokeConfigFact;
  };
  handler: HandlerLink;
}

export interface QueueFact {
  dialect: Dialect;
  /** Written in a form that spells settings its own way (a CDK app in Python). */
  spelling?: SpellingVariant | undefined;
  key: ConstructKey;
  constructId: string | undefined;
  span: Span;
  headSpan: Span;
  props: PropsSite;
  fifo: Value<boolean>;
  /** Seconds (default 30). */
  visibilityTimeout: Value<number>;
  /** `visibilityTimeout: fn.timeout`: the visibility is that function's timeout (`visibilityTimeout` is unknown here). */
  visibilityFromTimeoutOf?: ConstructKey;
  visibilityTimeoutSpan: PropertySpan | undefined;
  /** A redrive policy (`deadLetterQueue: { queue, maxReceiveCount }`). */
  redrive: Value<boolean>;
  /** The dead-letter queue its redrive policy names, where the file shows it. */
  redriveTarget?: TargetRef | undefined;
  /** The source text of the construct's scope argument (`this`), for suggestions. */
  scopeText: string | undefined;
}

/**
 * A call of a class or function of the project (not of a library): how the project's own
 * constructs are wired together across files. Each argument is summarised by the construct key it
 * refers to, and for an object literal by its properties' keys.
 */
export interface CallSiteFact {
  /** `class:Name`, `fn:name`, `method:Class.name` (this file) or `import:<specifier>#<name>`. */
  callee: ConstructKey;
  /**
   * Each argument: the construct key it refers to, for an object literal its properties' keys,
   * and the strings it gives (`values['']` for the argument itself, `values['a.b']` for a
   * property of an object literal; `absolute` for a path made absolute at the call, `path.join(__dirname, …)`).
   */
  args: CallSiteArgument[];
  /** Python's keyword arguments, by the parameter they name (`param:…:2=queue` keys name it). */
  keywords?: Record<string, CallSiteArgument>;
  /** The call spreads arguments (`...args`, Python's `*args` / `**kwargs`): a parameter it seems not to give may be given. */
  open?: true;
  /**
   * A \`new\` of one of the project's classes: the key the instance is stored under (\`id:acl@120\`,
   * \`class:Stack.acl\`, \`node:<offset>\` for one used in place), which keys of its members name
   * (\`inst:<class>@@<instance>.<member>\`).
   */
  instance?: ConstructKey;
}

/** Between a class and the instance in an \`inst:\` key (\`inst:import:./fn#Instrumented@@id:x@120.function\`). */
export const INSTANCE_MARK = '@@';

/** What one argument of a call into the project gives (see `CallSiteFact.args`). */
export interface CallSiteArgument {
  key?: ConstructKey;
  props?: Record<string, ConstructKey>;
  values?: Record<string, { text: string; absolute?: true }>;
  /**
   * Durations in seconds (`Duration.minutes(2)`: 120) and plain numbers (`timeout: 60`) it gives,
   * by property path like `values`: what settles a setting the callee takes from a parameter.
   */
  seconds?: Record<string, number>;
  numbers?: Record<string, number>;
  /**
   * For an object literal without spreads: every property path it writes (two levels deep), so
   * that one it does not write is known not to be given.
   */
  given?: string[];
}

/** What a file exports, as construct keys: for resolving `import:` keys across files. */
export interface ExportsFact {
  /** Exported name → the local key (`id:jobs`, `class:Queues`, `fn:addWorker`). */
  names: Record<string, ConstructKey>;
  /** `export { a as b } from './x'` and `export * from './x'`. */
  reexports: { specifier: string; names: Record<string, string> | '*' }[];
  /**
   * The module may export names `names` and `reexports` do not list (`module.exports = make()`,
   * `exports[name] = …`, TypeScript's `export =`, CommonJS exports inside a block): a name not
   * found is not known to be missing.
   */
  open?: true;
  /**
   * Exports whose value a function imported from another module makes (`export const handler =
   * createHandler(container)`): the module as written and the imported name (`default` for a
   * default import; also a CommonJS \`require\`), and the call. A handler made by a factory is the
   * function the factory returns; made by a package's (\`serverless(app)\`, \`handle(app)\`), it is
   * the package's code: linked, what it does unknown.
   */
  made?: Record<string, { module: string; name: string; span?: Span }>;
  /**
   * Python: the names the module imports, and from where (\`from .publisher import Publish\`:
   * \`Publish\` → module \`.publisher\`, name \`Publish\`; \`import orders.store as store\`: module only).
   * A package's \`__init__.py\` re-exports its modules' classes and functions this way.
   */
  imported?: Record<string, { module: string; name?: string }>;
  /**
   * Top-level constants that hold an instance of the module's classes (\`const service = new
   * Service()\`, \`cond ? new A() : new B()\`): a caller of \`service.put(…)\` runs \`Service.put\`
   * (or one of the classes' methods).
   */
  instances?: Record<string, string[]>;
  /** Top-level constants that hold an object literal with only literal keys: those keys (\`defaultLambdaParams\` → \`runtime\`, \`bundling\`). */
  objects?: Record<string, string[]>;
}

/**
 * A trigger written apart from the function it invokes (a Terraform `aws_lambda_permission` or
 * S3 notification in another file of the module, an output that hands out the ARN): joined to
 * the function by key, across files, by the infra model's `invokersOf`.
 */
export interface InvocationFact {
  functionKey: ConstructKey;
  kind: 'async' | 'sync' | 'unknown';
  /** For `async`: how messages name the trigger (`S3 notification`). */
  label?: string;
}

/** A path as a script writes it: absolute (`path.resolve(__dirname, 'dist')`) or relative to where the script runs. */
export type BundlePath = { absolute: string } | { relative: string };

/** A bundler configuration: which sources it builds into which output (esbuild's `build`, webpack's config). */
export interface BundleFact {
  tool: 'esbuild' | 'webpack';
  entries: { name?: string; path: BundlePath }[];
  /** esbuild's `outfile` (one entry). */
  outfile?: BundlePath;
  /** esbuild's `outdir`, webpack's `output.path`. */
  outdir?: BundlePath;
  /** webpack's `output.filename` (`[name].js`). */
  filename?: string;
}

/** Terraform: a `module` block whose source is a folder of the repository, with its arguments as the parser gives them. */
export interface TfModuleCallFact {
  name: string;
  source: string;
  /** The scope prefix of the reading it was found in (`''` for a module read on its own). */
  prefix: string;
  args: Record<string, unknown>;
  span: Span;
}

export interface InfraFacts {
  /** Bundler configurations of a build script (for a function whose code is their output). */
  bundles?: BundleFact[];
  /** Terraform: calls of the repository's own modules, which the project reads as instances. */
  tfModuleCalls?: TfModuleCallFact[];
  /** Terraform: calls of modules from outside the repository (a registry, git), which are not read. */
  tfRemoteModules?: TfModuleCallFact[];
  /** Terraform: what each output names, by `<scope prefix><output name>`. */
  tfOutputs?: Record<string, ConstructKey>;
  /** Class fields and other local names that alias another key (`this.jobs = props.jobs`). */
  aliases: Record<ConstructKey, ConstructKey>;
  callSites: CallSiteFact[];
  functions: FunctionFact[];
  mappings: EventSourceMappingFact[];
  queues: QueueFact[];
  asyncConfigs: AsyncInvokeConfigFact[];
  /** Triggers recorded apart from their function (`FunctionFact.invokers` holds the ones written with it). */
  invocations: InvocationFact[];
  /** Terraform `archive_file` data sources: what each packs (absolute paths), by key. */
  archives?: Record<ConstructKey, { dir?: string; file?: string }>;
  /** Terraform: the `aws_s3_object`s that upload an `archive_file` of the module (`source = data.archive_file.x.output_path`), by key: the archive's key. */
  uploads?: Record<ConstructKey, ConstructKey>;
  /** Queues given a redrive policy by a separate resource (`aws_sqs_queue_redrive_policy`, `aws.sqs.RedrivePolicy`), perhaps in another file. */
  redrivePolicies?: ConstructKey[];
  /**
   * A CloudFormation or SAM template: its resources' logical ids, and whether it looks made from
   * another source — synthesised by CDK (resources with `aws:cdk:path` metadata; `cdkConstructIds`
   * holds the construct id of each function's path) or the output of `sam package` / `aws
   * cloudformation package` (every function's code in S3).
   */
  template?: {
    resourceIds: string[];
    derived?: 'cdk-synth' | 'packaged';
    cdkConstructIds?: string[];
    /** The templates whose resources a build step copies into this one (`Resources: !YAMLInclude a.yaml, b.yaml`), absolute. */
    fragments?: string[];
  };
  /** A Serverless service file: its `provider.timeout` (absent: the Framework's default applies). */
  serviceTimeout?: Value<number>;
  /** Those separate redrive policies' dead-letter queues, where the file shows them: the queue (perhaps in another file) and its target. */
  redriveTargets?: { queue: ConstructKey; target: TargetRef }[];
  names: SuggestionNames;
}

/** Exports a suggestion may need to write, and the module each comes from. */
export const SUGGESTION_EXPORTS = {
  Duration: 'aws-cdk-lib',
  SqsDestination: 'aws-cdk-lib/aws-lambda-destinations',
  SnsDestination: 'aws-cdk-lib/aws-lambda-destinations',
  SqsDlq: 'aws-cdk-lib/aws-lambda-event-sources',
} as const;

export type SuggestionExport = keyof typeof SUGGESTION_EXPORTS;

/** How this file can write the names a suggestion needs. */
export interface SuggestionNames {
  /** The expression that names each export in this file (`Duration`, `cdk.Duration`, `destinations.SqsDestination`). */
  written: Partial<Record<SuggestionExport, string>>;
  /** Where an `import` line can be added (after the last one), in an ES module. */
  importInsertAt?: number;
  /** How to create a new queue here (`new sqs.Queue`), when the file creates one. */
  queueCallee?: string;
  /** The file's string quote. */
  quote: "'" | '"';
  /** The language suggestions are written in (TypeScript's syntax when not set). */
  language?: 'python';
}

/** The event source a handler's code shows (or, once linked, its infrastructure). */
export type HandlerSourceKind =
  | 'sqs'
  | 'kinesis'
  | 'dynamodb'
  | 'sns'
  | 's3'
  | 'eventbridge'
  | 'other-async'
  | 'other-sync'
  | 'unknown';

export interface HandlerSource {
  kind: HandlerSourceKind;
  /** SQS FIFO: `true` only on positive evidence, `undefined` when not known. */
  fifo: boolean | undefined;
  /** What decided it, for messages and `--print-graph`. */
  evidence: 'type' | 'powertools' | 'middy' | 'record-shape' | 'none';
}

/** A per-record `try { … } catch { … }` inside a loop over the batch. */
export interface CatchFact {
  span: Span;
  rethrows: boolean;
  /** `break` or `return` leaves the loop. */
  exitsLoop: boolean;
  /** Assigns a variable declared outside the loop (e.g. a "failed" flag): the loop may stop by itself. */
  setsOuterState: boolean;
  /** Passes the failed record on (an awaited call given the record: a hand-made dead letter, a failure status). */
  forwards?: true | undefined;
}

/** A loop (or array callback) that processes the batch record by record. */
export interface RecordLoopFact {
  /** The loop's head (`for (… of event.Records)`, or the `.map`/`.forEach` name): where findings point. */
  span: Span;
  style: 'for-of' | 'for' | 'forEach' | 'map' | 'reduce' | 'other';
  /** Awaited calls, throws or a try/catch per record: work that can fail for one record. */
  perRecordWork: boolean;
  catches: CatchFact[];
  /**
   * The loop has catches and every failure of its records' processing is caught (in the loop, or
   * around it): nothing it does fails the whole batch. (Whether a catch loses the record is
   * `swallowed`'s.)
   */
  failuresCaught?: true;
  /** Records processed concurrently (`Promise.all`, `Promise.allSettled`, `Promise.any`, `Promise.race`, async `forEach`). */
  concurrent: 'Promise.all' | 'Promise.allSettled' | 'Promise.any' | 'Promise.race' | 'async-forEach' | undefined;
}

/**
 * A catch that drops the failure of per-record processing: the failed record (`record`, a catch
 * per record; `settled`, `Promise.allSettled` results not reported) or every record not yet
 * processed (`rest`, a catch around the whole loop) is deleted as if it had succeeded.
 */
export interface SwallowFact {
  span: Span;
  /**
   * `record`: a per-record catch drops the failure; `rest`: a catch around the whole batch does;
   * `settled`: `Promise.allSettled` results are not reported; `empty-response`: a catch that drops
   * a record's failure returns a batch response that does not name it (`{ batchItemFailures: [] }`);
   * `first`: `Promise.any` / `Promise.race` over the records ends with the first record that
   * succeeds (or settles) and drops the others' failures.
   */
  scope: 'record' | 'rest' | 'settled' | 'empty-response' | 'first';
  /** For `first`: the combinator. */
  how?: 'Promise.any' | 'Promise.race' | undefined;
}

/**
 * Records of the batch the handler never processes, although Lambda counts them as processed: a
 * `return` inside the record loop (`return`), or a handler that reads only `event.Records[0]`
 * (`first-record`).
 */
export interface UnprocessedFact {
  span: Span;
  kind: 'return' | 'first-record';
}

/** A throw, rethrow or rejection inside per-record processing that leaves the handler. */
export interface EscapingThrowFact {
  span: Span;
  /**
   * `call`: the throw is in another module; the span is the call in this file that leads to it.
   * `parse`: a call that throws on malformed input (`JSON.parse`, a schema's `.parse`).
   */
  kind: 'throw' | 'rethrow' | 'promise-all' | 'callback' | 'call' | 'parse';
  /** For `parse`: the call, as written (`JSON.parse`). */
  callee?: string;
}

/**
 * A function the code calls, by where it comes from: a package (`stripe`), a file as the import
 * writes it (`./send`), or this file (`''`); `name` is the path inside the module without the
 * calls on the way (`sendMail`, `default`, `charges.create`).
 */
export interface CalleeRef {
  module: string;
  name: string;
}

/**
 * An external side effect a handler performs (in its own code or a helper of the same file), and
 * what guards it against a second delivery of the same event.
 */
export interface SideEffectFact {
  /** The catalogue entry (`dynamodb.PutItem`, `http.POST`), or `call` for any other imported or local function (for the rule's options). */
  effect: string;
  /** How the code names it, for messages: `PutCommand`, `ddb.put`, `fetch`. */
  operation: string;
  /** The callee: where findings point. */
  span: Span;
  /** What the call's own arguments show: a conditional write, an idempotency key and where its value comes from. */
  call: 'unguarded' | 'guarded' | 'fresh-key' | 'request-id-key' | 'unknown';
  /** The key or argument the call's guard is about, for messages (`MessageDeduplicationId`). */
  keyName: string | undefined;
  /** A guard that covers it: Powertools idempotency (handler or per-record), or a conditional-write claim that runs before it. */
  coveredBy: 'powertools' | 'claim' | undefined;
  /** The function, when it is imported or local (for the rule's options). */
  callee: CalleeRef | undefined;
  /** Functions wrapped around the code that performs it, from the handler's export inwards (for guards given as options). */
  wrappers: CalleeRef[];
  /** A plain read of a dedup store that gates it (check-then-act, which races): the read. */
  racyCheck: Span | undefined;
}

/** A Powertools idempotency guard, and whether it keys on part of the event or on all of it. */
export interface PowertoolsIdempotencyFact {
  span: Span;
  /** Around the handler (`makeIdempotent(handler)`, `makeHandlerIdempotent`, `@idempotent` on it), or around a function it calls per record. */
  scope: 'handler' | 'record';
  /** `eventKeyJmesPath`: set, left to the default (a hash of the whole payload), or not known. */
  key: 'set' | 'default' | 'unknown';
}

export interface HandlerIdempotencyFacts {
  sideEffects: SideEffectFact[];
  powertools: PowertoolsIdempotencyFact[];
}

export interface HandlerFact {
  /** `handler`, `default`, … */
  exportName: string;
  /** Other names the file exports the same function under (`export const main = middy(handler)` beside `export async function handler`). */
  aliases?: string[];
  /** The handler function itself. */
  span: Span;
  source: HandlerSource;
  /** The file builds its response with Powertools' batch utility. */
  usesPowertoolsBatch: boolean;
  /** A Middy middleware builds the batch response (`@middy/sqs-partial-batch-failure` …). */
  usesMiddyBatchResponse: boolean;
  /** Whether some path returns `{ batchItemFailures }`: `unknown` when a return cannot be followed. */
  returnsBatchResponse: 'yes' | 'no' | 'unknown';
  /** The first return that yields a batch response, where handler-side findings about it point. */
  batchResponseSpan: Span | undefined;
  loops: RecordLoopFact[];
  escapingThrows: EscapingThrowFact[];
  /** Catches that drop a per-record failure without reporting it. */
  swallowed: SwallowFact[];
  /** Where records of the batch are left unprocessed. */
  unprocessed: UnprocessedFact[];
  /** The handler function's summary (`FileFacts.summaries`), from which the facts above are composed. */
  summary: string | undefined;
  /**
   * Imports of project modules this file alone could not follow (`module#name`): the project
   * composes the facts above again with the summaries of those modules.
   */
  unresolvedCalls: string[];
  /** A bound of the composition (depth, work) was hit: some calls were not followed. */
  bounded: boolean;
  /** Functions it gives the event or a record that are outside the project (packages): what they do is unknown. */
  notFollowed: string[];
  /** Side effects and idempotency guards (require-idempotency). */
  idempotency: HandlerIdempotencyFacts;
}

/** What an `itemIdentifier` value is, as far as the file shows. */
export type ItemIdentifierValue =
  /** A record field, e.g. `['kinesis', 'sequenceNumber']` (the chain after the record). */
  | { kind: 'field'; path: string[] }
  | { kind: 'literal'; text: string }
  /** `''`, `null` or `undefined`. */
  | { kind: 'empty'; text: string }
  /**
   * A value computed from what the record carries, not its identifier: a parsed message body or
   * payload, or an item image (`content`); a caught error (`error`); a service's response
   * (`response`); a JSON text (`serialised`: `JSON.stringify(…)`, quoted even for a string).
   */
  | { kind: 'derived'; from: 'content' | 'error' | 'response' | 'serialised'; text: string }
  | { kind: 'unknown' };

export interface ItemIdentifierFact {
  /** The value expression. */
  span: Span;
  values: ItemIdentifierValue[];
  /** The source of the handler the entry belongs to (`unknown` when not clear). */
  source: HandlerSourceKind;
  /** The export name of that handler, when the entry is inside one (or a helper it calls). */
  handlerExport: string | undefined;
}

/** A Powertools batch processor created in the file. */
export interface PowertoolsProcessorFact {
  span: Span;
  /** `BatchProcessor`, `SqsFifoPartialProcessor`, … */
  construct: string;
  /** The `EventType` it was created for (FIFO processors are SQS). */
  kind: HandlerSourceKind;
  fifo: boolean;
}

/**
 * A batch write of the AWS SDK (`BatchWriteItem`, `PutEvents`, `SendMessageBatch`, `PublishBatch`,
 * `PutRecords`, `PutRecordBatch`) whose response is never checked for the entries it could not
 * write: these calls succeed when some entries fail.
 */
export interface IgnoredBatchFailureFact {
  span: Span;
  /** How the code names the call (`PutEventsCommand`, `ddb.batchWrite`). */
  written: string;
  /** The response fields that say what failed (`FailedEntryCount`, `Entries`). */
  fields: string[];
  /** What the entries are, for messages (`events`, `items`). */
  entries: string;
}

/** A Lambda invocation whose response payload is read although the invocation returns none. */
export interface AsyncInvokeResultReadFact {
  /** The `Payload` read. */
  span: Span;
  invocationType: 'Event' | 'DryRun';
  /** Where the invocation type is set. */
  invocationTypeSpan: Span;
}

/**
 * The shape of FileFacts, for `--cache`: a cache written by a build whose facts had another shape
 * is not read. Change it whenever FileFacts changes shape (2: handlers' `idempotency`; 3: the
 * dialects' `invocations`, `defaultTimeout`, `appRootMarker`; 4: Terraform `archives`, `redrivePolicies`;
 * 5: per-function `summaries`, handlers' `swallowed`, `unprocessed`, `summary`, `unresolvedCalls`, `bounded`, `notFollowed`;
 * 6: exports' `open`, handlers' `aliases`; 7: `TargetRef`s (queues' `redriveTarget`, functions' `deadLetterTarget`,
 * async configs' `destinationTargets`); 8: `redriveTargets`; 9: `timeoutFromService`, `serviceTimeout`, `visibilityFromTimeoutOf`; 10: `template`; 11: `ignoredBatchFailures`; 12: a `let` never assigned again is read like a `const`; 13: summaries' `effects`, exports' `made` (handlers made by a factory of another module); 14: handler links' `alternatives`; 20: Python modules' side effects and idempotency guards; 21: Python exports' `imported`; 22: exports' `instances`; 23: throws' `unless`; 24: exports' `objects`, handler links' `ifSpreadsLack`.
 * 27: effect summaries' `guard` (judged with callers' arguments), calls' `argShapes`; CDK functions handed between a file's helpers.
 * 28: durations given by parameters (`Value.param`); call sites' `seconds`, `numbers`, `given`, `open`.
 * 29: summaries' calls of a method of a parameter (`CalleeTarget.param.method`), arguments' `instance`.
 * 30: functions' `ifSpreadsLack` (settings when imported spreads set none of their keys).
 * 31: a function a same-module helper makes and returns is one fact per call (the helper's parameters bound).
 * 32: exports' \`made\` carry the call's span, and are read from CommonJS \`require\` and \`exports.x = f(…)\` too;
 *     call sites' \`instance\`, and \`inst:\` keys name the instance (\`@@\`).
 * 33: templates' `fragments` (a template a build step assembles from others).
 * 34: Terraform `uploads` (an `aws_s3_object` that uploads an `archive_file`).
 * 35: handler links' `fromArtifact` (code a build step zips and uploads).
 */
export const FACTS_FORMAT = 35;

/**
 * The top-level keys of FileFacts and what each holds: a cache entry whose facts do not have them
 * is dropped, not trusted (a cheap check of the shape; FACTS_FORMAT stands for the rest). Typed on
 * FileFacts, so a key added there must be added here; an optional key ends with `?`.
 */
export const FACTS_SHAPE: { readonly [K in keyof Required<FileFacts>]: 'object' | 'array' | 'object?' | 'array?' } = {
  exports: 'object',
  summaries: 'array?',
  infra: 'object',
  handlers: 'array',
  itemIdentifiers: 'array',
  asyncInvokeResultReads: 'array',
  ignoredBatchFailures: 'array?',
  powertoolsProcessors: 'array',
};

export interface FileFacts {
  exports: ExportsFact;
  /**
   * One summary per function of a script (src/model/summaries.ts). Absent for a script that
   * mentions nothing the extractors look for (most modules of a large codebase): its summaries
   * are made when a handler's analysis first calls into it.
   */
  summaries?: FunctionSummary[] | undefined;
  infra: InfraFacts;
  handlers: HandlerFact[];
  itemIdentifiers: ItemIdentifierFact[];
  asyncInvokeResultReads: AsyncInvokeResultReadFact[];
  /** Batch writes whose partial failures are never read. */
  ignoredBatchFailures?: IgnoredBatchFailureFact[];
  powertoolsProcessors: PowertoolsProcessorFact[];
}
