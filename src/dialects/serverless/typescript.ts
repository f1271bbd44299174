/**
 * `serverless.ts` (and `.js`, `.mjs`, `.cjs`, `.mts`): the Serverless Framework's configuration as
 * a module. The exported object literal is read as the same located tree as `serverless.yml`
 * and handed to the same reader. What the file does not write literally (a spread, a function
 * definition imported from another file, a `handlerPath(__dirname)` call) is unknown.
 */
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { propertyKeyName, spanOf, unwrap, type Node } from '../../core/ast.js';
import { evaluatePrimitive, resolveExpression } from '../../core/values.js';
import type { InfraFacts } from '../../model/facts.js';
import { TreeValues } from '../cloudformation/cloudformation.js';
import { readService } from './yaml.js';
import { LineIndex } from '../source-text.js';
import type { TEntry, TMap, TNode } from '../yaml/yaml-tree.js';
import { removalRange } from '../cdk/reader.js';
import { evaluatePath } from '../cdk/paths.js';
import { exportedValues } from '../../analyzers/exports.js';
import type { FileContext } from '../../analyzers/file-context.js';

const NAMES = /^serverless\.(ts|mts|js|mjs|cjs)$/u;

/**
 * Text of a module that may define a Serverless function for a `serverless.ts` to import (the
 * Framework's TypeScript template: `export default { handler: \`${handlerPath(__dirname)}/handler.main\`, events: [...] }`).
 */
export const SERVERLESS_FRAGMENT_MARKERS = ['events:', '__dirname'];

/** A key of the service a fragment belongs to: resolved in the nearest serverless file above it. */
export const SERVICE_KEY_PREFIX = 'svc:';

/** The files that define a Serverless service, in the Framework's order of preference. */
export const SERVICE_FILES = ['serverless.ts', 'serverless.mts', 'serverless.js', 'serverless.mjs', 'serverless.cjs', 'serverless.yml', 'serverless.yaml', 'serverless.json'];

/** The event types of a Serverless function's `events` (one key per event). */
const EVENT_TYPES = new Set([
  'http', 'httpApi', 'websocket', 'sqs', 'stream', 's3', 'sns', 'schedule', 'eventBridge', 'cloudwatchEvent', 'cloudwatchLog',
  'cognitoUserPool', 'alb', 'alexaSkill', 'alexaSmartHome', 'iot', 'iotFleetProvisioning', 'kafka', 'msk', 'activemq', 'rabbitmq', 'cloudFront',
]);

export function isServerlessModule(filePath: string): boolean {
  return NAMES.test(path.basename(filePath));
}

export function extractServerlessModuleFacts(file: FileContext, infra: InfraFacts): void {
  if (!isServerlessModule(file.filePath)) {
    extractFragments(file, infra);
    return;
  }
  const exported = exportedObjects(file).find((e) => e.isDefault)?.object;
  if (!exported) return;
  const root = toTree(exported, file, 0);
  if (root.kind !== 'map') return;
  readService(file.filePath, root, new TreeValues(new LineIndex(file.text)), infra);
}

/**
 * A module that exports a Serverless function definition (an object with a `handler` and
 * `events` of the Framework's event types), for a `serverless.ts` to import into `functions`: the
 * function is read here, where it is written, as a service of one function. What the service
 * sets for every function (`provider.timeout`) is not known here. Named after its export, or
 * for a default export after its file (`index` → its folder), as the template names them.
 */
function extractFragments(file: FileContext, infra: InfraFacts): void {
  if (!SERVERLESS_FRAGMENT_MARKERS.some((m) => file.text.includes(m)) || !file.text.includes('handler')) return;
  for (const { name, object } of exportedObjects(file)) {
    if (!isFunctionDefinition(object, file)) continue;
    const tree = toTree(object, file, 0);
    if (tree.kind !== 'map') continue;
    const span = spanOf(object);
    const handlerKey = tree.entries.find((e) => e.key === 'handler')?.keySpan ?? span;
    const service: TMap = {
      kind: 'map',
      span,
      entries: [{ key: 'functions', keySpan: span, span, value: { kind: 'map', span, entries: [{ key: name, keySpan: handlerKey, span, value: tree }] } }],
    };
    const before = infra.mappings.length;
    const functionsBefore = infra.functions.length;
    readService(file.filePath, service, new TreeValues(new LineIndex(file.text)), infra);
    // Not a service: what the service sets for every function is in the service file.
    delete infra.serviceTimeout;
    for (const fn of infra.functions.slice(functionsBefore)) {
      if (fn.timeout.state === 'absent') {
        fn.timeout = { state: 'unknown' };
        fn.timeoutFromService = true;
      }
    }
    // A literal `handler: 'src/handlers/orders.main'` is a path from the service's folder (the
    // serverless file that imports this module), not from this module's.
    const handler = tree.entries.find((e) => e.key === 'handler')?.value;
    if (handler?.kind === 'scalar' && typeof handler.value === 'string' && !path.isAbsolute(handler.value)) {
      for (const fn of infra.functions.slice(functionsBefore)) {
        if (fn.handler.file === undefined) continue;
        fn.handler = { ...fn.handler, file: undefined, fromAppRoot: path.relative(path.dirname(file.filePath), fn.handler.file), appRootMarker: SERVICE_FILES };
      }
    }
    // `Fn::GetAtt: [Queue, Arn]` names a resource of the service: the serverless file above this one.
    for (const mapping of infra.mappings.slice(before)) {
      if (mapping.sourceKey?.startsWith('cfn:') && !infra.queues.some((q) => q.key === mapping.sourceKey)) mapping.sourceKey = `${SERVICE_KEY_PREFIX}${mapping.sourceKey}`;
    }
  }
}

/**
 * `handler` and `events: [{ sqs: … }, …]` with event types only; or, for a function with no events
 * (an API Gateway authorizer, a function other services invoke), a `handler` in this module's
 * folder (\`${handlerPath(__dirname)}/handler.main\`, as the template writes it) and only keys a
 * Serverless function has.
 */
function isFunctionDefinition(object: TSESTree.ObjectExpression, file: FileContext): boolean {
  let handler: TSESTree.Node | undefined;
  let events = false;
  let functionKeysOnly = true;
  for (const p of object.properties) {
    if (p.type !== 'Property') {
      functionKeysOnly = false;
      continue;
    }
    const key = propertyKeyName(p);
    if (key === undefined || !FUNCTION_KEYS.has(key)) functionKeysOnly = false;
    if (key === 'handler') handler = p.value;
    if (key === 'events') {
      const list = resolveExpression(p.value, file.symbols);
      if (list.type !== 'ArrayExpression' || list.elements.length === 0) return false;
      for (const el of list.elements) {
        const event = el && el.type !== 'SpreadElement' ? resolveExpression(el, file.symbols) : undefined;
        if (event?.type !== 'ObjectExpression' || event.properties.length !== 1) return false;
        const only = event.properties[0];
        const type = only?.type === 'Property' ? propertyKeyName(only) : undefined;
        if (type === undefined || !EVENT_TYPES.has(type)) return false;
      }
      events = true;
    }
  }
  if (!handler) return false;
  return events || (functionKeysOnly && handlerInThisFolder(handler, file));
}

/** The keys of a Serverless Framework function (`functions.<name>`). */
const FUNCTION_KEYS = new Set([
  'handler', 'events', 'name', 'description', 'memorySize', 'ephemeralStorageSize', 'runtime', 'runtimeManagement', 'timeout',
  'provisionedConcurrency', 'reservedConcurrency', 'tracing', 'url', 'environment', 'role', 'onError', 'kmsKeyArn', 'snapStart',
  'disableLogs', 'logRetentionInDays', 'logDataProtectionPolicy', 'logs', 'package', 'layers', 'vpc', 'architecture', 'destinations',
  'maximumRetryAttempts', 'maximumEventAge', 'tags', 'fileSystemConfig', 'condition', 'dependsOn', 'iamRoleStatements',
  'iamRoleStatementsName', 'iamRoleStatementsInherit', 'image', 'versionFunction', 'warmup',
]);

/** A handler written from this module's folder, `<folder>/<file>.<export>`: a template literal that starts with `__dirname`. */
function handlerInThisFolder(value: TSESTree.Node, file: FileContext): boolean {
  const bare = unwrap(resolveExpression(value, file.symbols));
  if (bare.type !== 'TemplateLiteral') return false;
  const inFolder = evaluatePath(bare, file, 0, { dirnameCalls: true });
  return inFolder !== undefined && 'absolute' in inFolder && /\/[^/]+\.[A-Za-z_$][\w$]*$/u.test(inFolder.absolute);
}

/**
 * Object literals a module exports, either through a `const`: `export default {…}` and
 * `module.exports = {…}` (the default: named after the file, or for `index` its folder, as the
 * template names functions) and `export const x = {…}`.
 */
function exportedObjects(file: FileContext): { name: string; object: TSESTree.ObjectExpression; isDefault: boolean }[] {
  const base = path.basename(file.filePath).replace(/\.[^.]+$/u, '');
  const defaultName = base === 'index' ? path.basename(path.dirname(file.filePath)) : base;
  const out: { name: string; object: TSESTree.ObjectExpression; isDefault: boolean }[] = [];
  for (const { name, value } of exportedValues(file.ast)) {
    const resolved = resolveExpression(value, file.symbols);
    if (resolved.type === 'ObjectExpression') out.push({ name: name ?? defaultName, object: resolved, isDefault: name === undefined });
  }
  return out;
}

const MAX_DEPTH = 64;

/** An expression as the located tree: literals, arrays and objects; anything else an unknown value. */
function toTree(node: Node, file: FileContext, depth: number): TNode {
  const span = spanOf(node);
  const unknownValue: TNode = { kind: 'intrinsic', fn: 'Unknown', arg: undefined, span };
  if (depth > MAX_DEPTH) return unknownValue;
  const e = resolveExpression(node, file.symbols);
  if (e.type === 'ObjectExpression') {
    const map: TMap = { kind: 'map', span, entries: [] };
    for (const p of e.properties) {
      // A spread may set any key: the object is not known.
      if (p.type !== 'Property') return unknownValue;
      const key = propertyKeyName(p);
      if (key === undefined) return unknownValue;
      const entry: TEntry = {
        key,
        keySpan: spanOf(p.key),
        value: p.kind === 'init' ? toTree(p.value, file, depth + 1) : unknownValue,
        span: spanOf(p),
        removeRange: removalRange(file.text, p),
      };
      map.entries.push(entry);
    }
    const only = map.entries.length === 1 ? map.entries[0] : undefined;
    if (only && (only.key === 'Ref' || only.key.startsWith('Fn::'))) return { kind: 'intrinsic', fn: only.key, arg: only.value, span };
    return map;
  }
  if (e.type === 'ArrayExpression') {
    if (e.elements.some((el) => !el || el.type === 'SpreadElement')) return unknownValue;
    return { kind: 'seq', span, items: e.elements.map((el) => toTree(el as Node, file, depth + 1)) };
  }
  const v = evaluatePrimitive(unwrap(e), file.symbols);
  if (v.ok && (typeof v.value === 'string' || typeof v.value === 'number' || typeof v.value === 'boolean' || v.value === null)) return { kind: 'scalar', span, value: v.value };
  // \`${handlerPath(__dirname)}/handler.main\`: the template's helper turns `__dirname` into the
  // folder's path from the service (where `handler` paths are resolved from), so the value names
  // `<this folder>/handler.main`: written here as an absolute path.
  const bare = unwrap(e);
  const inFolder = bare.type === 'TemplateLiteral' ? evaluatePath(bare, file, 0, { dirnameCalls: true }) : undefined;
  if (inFolder && 'absolute' in inFolder) return { kind: 'scalar', span, value: inFolder.absolute };
  return unknownValue;
}

