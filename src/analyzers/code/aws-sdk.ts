/**
 * Recognises calls of the AWS SDK: v3 `client.send(new XCommand(params))`, v3 aggregated clients
 * (`new DynamoDB({}).putItem(params)`, `DynamoDBDocument.from(c).put(params)`) and the v2 call
 * style (`new AWS.SQS().sendMessage(params)`, `new DocumentClient().put(params)`). Calls are
 * recognised by the module the command or client class is imported from, never by name alone.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { memberName, unwrap, walkOwnCode, type Node } from '../../core/ast.js';
import { requireSource } from '../../core/symbols.js';
import { producedValues } from '../../core/values.js';
import type { FileContext } from '../file-context.js';

/** A service as the catalogue names it; the DynamoDB document client has its own operation names. */
export type SdkService = 'dynamodb' | 'dynamodb-document' | 'sqs' | 'sns' | 'ses' | 'sesv2' | 'eventbridge' | 'sfn' | 's3' | 'lambda' | 'kinesis' | 'firehose';

export interface SdkCall {
  service: SdkService;
  /** The API operation: `PutItem`, `Put` (document client), `SendMessage`, … */
  operation: string;
  /** The request parameters, when passed. */
  params: Node | undefined;
  /** How the code names it, for messages: `PutCommand`, `ddb.put`. */
  written: string;
}

/** SDK v3 packages, and the aggregated client class each exports. */
const V3_MODULES: Readonly<Record<string, { service: SdkService; client: string }>> = {
  '@aws-sdk/client-dynamodb': { service: 'dynamodb', client: 'DynamoDB' },
  '@aws-sdk/lib-dynamodb': { service: 'dynamodb-document', client: 'DynamoDBDocument' },
  '@aws-sdk/client-sqs': { service: 'sqs', client: 'SQS' },
  '@aws-sdk/client-sns': { service: 'sns', client: 'SNS' },
  '@aws-sdk/client-ses': { service: 'ses', client: 'SES' },
  '@aws-sdk/client-sesv2': { service: 'sesv2', client: 'SESv2' },
  '@aws-sdk/client-eventbridge': { service: 'eventbridge', client: 'EventBridge' },
  '@aws-sdk/client-cloudwatch-events': { service: 'eventbridge', client: 'CloudWatchEvents' },
  '@aws-sdk/client-sfn': { service: 'sfn', client: 'SFN' },
  '@aws-sdk/client-s3': { service: 's3', client: 'S3' },
  '@aws-sdk/client-lambda': { service: 'lambda', client: 'Lambda' },
  '@aws-sdk/client-kinesis': { service: 'kinesis', client: 'Kinesis' },
  '@aws-sdk/client-firehose': { service: 'firehose', client: 'Firehose' },
};

/** SDK v2 client classes (`AWS.X` or `aws-sdk/clients/x`), as paths inside `aws-sdk`. */
const V2_CLASSES: Readonly<Record<string, SdkService>> = {
  DynamoDB: 'dynamodb',
  'DynamoDB.DocumentClient': 'dynamodb-document',
  SQS: 'sqs',
  SNS: 'sns',
  SES: 'ses',
  SESV2: 'sesv2',
  EventBridge: 'eventbridge',
  CloudWatchEvents: 'eventbridge',
  StepFunctions: 'sfn',
  S3: 's3',
  Lambda: 'lambda',
  Kinesis: 'kinesis',
  Firehose: 'firehose',
};

/** `aws-sdk/clients/<file>` → the class it exports by default. */
const V2_CLIENT_FILES: Readonly<Record<string, string>> = {
  dynamodb: 'DynamoDB',
  sqs: 'SQS',
  sns: 'SNS',
  ses: 'SES',
  sesv2: 'SESV2',
  eventbridge: 'EventBridge',
  cloudwatchevents: 'CloudWatchEvents',
  stepfunctions: 'StepFunctions',
  s3: 'S3',
  lambda: 'Lambda',
  kinesis: 'Kinesis',
  firehose: 'Firehose',
};

/** Method names that differ from the operation they call (besides the case of the first letter). */
const METHOD_ALIASES: Readonly<Partial<Record<SdkService, Readonly<Record<string, string>>>>> = {
  s3: { upload: 'PutObject' },
  lambda: { invokeAsync: 'Invoke' },
};

/**
 * Where a callee comes from: the module, and the path inside it, with `()` for each call or
 * construction on the way (`new AWS.SQS().sendMessage` → `aws-sdk`, `SQS/()/sendMessage`). A
 * name declared in this file as a function has the module `''`. `undefined` when the chain
 * starts at something the file does not resolve (a parameter, a `let`).
 */
export interface CalleePath {
  module: string;
  path: string[];
}

export function calleePath(node: Node, file: FileContext, depth = 0): CalleePath | undefined {
  if (depth > 16) return undefined;
  let expr = unwrap(node);
  if (expr.type === 'ChainExpression') expr = expr.expression;
  switch (expr.type) {
    case 'Identifier': {
      const imported = file.symbols.importedAs(expr.name, expr);
      if (imported) return { module: imported.module, path: [...imported.path] };
      const binding = file.symbols.binding(expr.name, expr);
      if (!binding) return undefined;
      if (binding.kind === 'function') return { module: '', path: [expr.name] };
      if (binding.kind === 'const' && binding.init) {
        const init = unwrap(binding.init);
        if (init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression') return { module: '', path: [expr.name] };
        return calleePath(init, file, depth + 1);
      }
      // A parameter typed with a client class (`client: DynamoDB.DocumentClient`, an injected client): an instance of it.
      if (binding.kind === 'param') return typedInstance(binding.declared, file);
      return undefined;
    }
    case 'MemberExpression': {
      const name = memberName(expr);
      if (name === undefined) return undefined;
      if (unwrap(expr.object).type === 'ThisExpression') {
        const field = fieldPath(expr, name, file, depth);
        if (field) return field;
      }
      const base = calleePath(expr.object, file, depth + 1);
      return base ? { module: base.module, path: [...base.path, name] } : undefined;
    }
    case 'CallExpression': {
      const source = requireSource(expr);
      if (source !== undefined) return { module: source, path: [] };
      const base = calleePath(expr.callee, file, depth + 1);
      return base ? { module: base.module, path: [...base.path, '()'] } : undefined;
    }
    case 'NewExpression': {
      const base = calleePath(expr.callee, file, depth + 1);
      return base ? { module: base.module, path: [...base.path, '()'] } : undefined;
    }
    case 'AwaitExpression':
      return calleePath(expr.argument, file, depth + 1);
    default:
      return undefined;
  }
}

/** What a name's type annotation says it holds: an instance of an imported class (`DynamoDB.DocumentClient`, `SQSClient`). */
function typedInstance(declared: Node, file: FileContext): CalleePath | undefined {
  const annotation = (declared as { typeAnnotation?: TSESTree.TSTypeAnnotation }).typeAnnotation?.typeAnnotation;
  if (annotation?.type !== 'TSTypeReference') return undefined;
  const names: string[] = [];
  let type: TSESTree.EntityName = annotation.typeName;
  while (type.type === 'TSQualifiedName') {
    names.unshift(type.right.name);
    type = type.left;
  }
  if (type.type !== 'Identifier') return undefined;
  const imported = file.symbols.importedAs(type.name, type);
  return imported ? { module: imported.module, path: [...imported.path, ...names, '()'] } : undefined;
}

/**
 * `this.client` in a class: what the field holds — its initialiser, a constructor parameter
 * property's type (`constructor(private client: DocumentClient)`), or the one value the
 * constructor assigns it (`this.client = client`).
 */
function fieldPath(member: TSESTree.MemberExpression, name: string, file: FileContext, depth: number): CalleePath | undefined {
  let cls: Node | undefined = member.parent;
  while (cls && cls.type !== 'ClassBody') cls = cls.parent;
  if (cls?.type !== 'ClassBody') return undefined;
  const ctor = cls.body.find((m): m is TSESTree.MethodDefinition => m.type === 'MethodDefinition' && m.kind === 'constructor');
  for (const m of cls.body) {
    if (m.type === 'PropertyDefinition' && !m.static && !m.computed && m.key.type === 'Identifier' && m.key.name === name) {
      if (m.value) return calleePath(m.value, file, depth + 1);
      const typed = typedInstance(m.key, file) ?? (m.typeAnnotation ? typedInstance(m, file) : undefined);
      if (typed) return typed;
    }
  }
  for (const p of ctor?.value.params ?? []) {
    if (p.type !== 'TSParameterProperty') continue;
    const param = p.parameter.type === 'AssignmentPattern' ? p.parameter.left : p.parameter;
    if (param.type === 'Identifier' && param.name === name) return typedInstance(param, file);
  }
  // The one assignment the constructor makes (`this.client = client`).
  const assigned: Node[] = [];
  if (ctor?.value.body) {
    walkOwnCode(ctor.value.body, (n) => {
      if (n.type === 'AssignmentExpression' && n.operator === '=' && n.left.type === 'MemberExpression' && n.left.object.type === 'ThisExpression' && memberName(n.left) === name) assigned.push(n.right);
    });
  }
  return assigned.length === 1 && assigned[0] ? calleePath(assigned[0], file, depth + 1) : undefined;
}

/** The SDK call a call expression makes, or `undefined` when it is not one the file shows to be. */
export function sdkCallOf(call: TSESTree.CallExpression, file: FileContext): SdkCall | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const method = memberName(callee);
  if (method === undefined) return undefined;
  const first = call.arguments[0];
  const params = first && first.type !== 'SpreadElement' ? first : undefined;
  if (method === 'send') {
    if (!params) return undefined;
    // The command written here, the one a local function builds (`send(buildCommand(event))`), or
    // the ones a `let` is given in each branch: one command class, whatever the branch.
    const made = producedValues(params, file.symbols);
    let found: { service: SdkService; name: string } | undefined;
    for (const command of made) {
      if (command.type !== 'NewExpression') return undefined;
      const symbol = file.symbols.resolveImport(command.callee);
      const name = symbol?.path[symbol.path.length - 1];
      const module = symbol ? V3_MODULES[symbol.module] : undefined;
      if (!module || name === undefined || !name.endsWith('Command') || (found && found.name !== name)) return undefined;
      found = { service: module.service, name };
    }
    if (!found) return undefined;
    // Parameters only when one command is sent: two branches' parameters are not one object.
    const arg = made.length === 1 && made[0]?.type === 'NewExpression' ? made[0].arguments[0] : undefined;
    return { service: found.service, operation: found.name.slice(0, -'Command'.length), params: arg && arg.type !== 'SpreadElement' ? arg : undefined, written: found.name };
  }
  const receiver = calleePath(callee.object, file);
  if (!receiver) return undefined;
  const service = clientService(receiver);
  if (!service) return undefined;
  const operation = METHOD_ALIASES[service]?.[method] ?? method.charAt(0).toUpperCase() + method.slice(1);
  return { service, operation, params, written: `${writtenReceiver(callee.object)}.${method}` };
}

/** The service of a client instance path: `SQS/()` in `aws-sdk`, `DynamoDBDocument/from/()` in lib-dynamodb. */
function clientService(receiver: CalleePath): SdkService | undefined {
  const { module, path } = receiver;
  if (path[path.length - 1] !== '()') return undefined;
  let classPath = path.slice(0, -1);
  const v3 = V3_MODULES[module];
  if (v3) {
    if (classPath[classPath.length - 1] === 'from') classPath = classPath.slice(0, -1);
    return classPath.length === 1 && classPath[0] === v3.client ? v3.service : undefined;
  }
  if (module === 'aws-sdk' || module === 'aws-sdk/global') return V2_CLASSES[classPath.join('.')];
  const file = /^aws-sdk\/clients\/([a-z0-9]+)(?:\.js)?$/u.exec(module)?.[1];
  const base = file === undefined ? undefined : V2_CLIENT_FILES[file];
  if (base === undefined) return undefined;
  // The default export is the class itself; `DynamoDB.DocumentClient` hangs off it.
  const rest = classPath[0] === base || classPath[0] === 'default' ? classPath.slice(1) : classPath;
  return V2_CLASSES[[base, ...rest].join('.')];
}

function writtenReceiver(node: Node): string {
  const expr = unwrap(node);
  if (expr.type === 'Identifier') return expr.name;
  if (expr.type === 'MemberExpression' && !expr.computed && expr.property.type === 'Identifier') return `${writtenReceiver(expr.object)}.${expr.property.name}`;
  if (expr.type === 'ThisExpression') return 'this';
  return 'client';
}
