/**
 * Two strings every dialect reads the same way: a function's handler (`path/file.export`,
 * lambda-facts.md §1.11) and an ARN's service (`arn:aws:sqs:…`).
 */
import type { EventSourceKind } from './facts.js';

/** `src/orders.handler` → the module path and the export; `undefined` when it is not that shape. */
export function splitHandler(handler: string): { modulePath: string; exportName: string } | undefined {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0 || dot === handler.length - 1) return undefined;
  return { modulePath: handler.slice(0, dot), exportName: handler.slice(dot + 1) };
}

/** The service of a literal ARN (`arn:aws:sqs:…` → `sqs`, any partition). */
export function arnService(text: unknown): string | undefined {
  return typeof text === 'string' ? /^arn:aws[a-z-]*:([a-z0-9-]+):/u.exec(text)?.[1] : undefined;
}

const SOURCE_SERVICES: Readonly<Record<string, EventSourceKind>> = { sqs: 'sqs', kinesis: 'kinesis', dynamodb: 'dynamodb', kafka: 'kafka' };

/** The kind of event source a literal ARN names (`unknown` for anything else). */
export function sourceKindOfArn(text: unknown): EventSourceKind {
  const service = arnService(text);
  return (service === undefined ? undefined : SOURCE_SERVICES[service]) ?? 'unknown';
}

/** A file name without its script extension (`app.ts` → `app`), as handler module paths write it. */
export function withoutScriptExtension(file: string): string {
  return file.replace(/\.[cm]?[jt]sx?$/u, '');
}

/** A handler module's file without its extension, in a language lambda-lint reads (`app.ts`, `app.py` → `app`). */
export function withoutModuleExtension(file: string): string {
  return withoutScriptExtension(file).replace(/\.py$/u, '');
}

/**
 * Whether an SQS or SNS ARN (or queue URL) names a FIFO queue or topic, whose names end in
 * `.fifo`: `undefined` when the text does not say (not an ARN, or its name is a variable such as
 * `${QueueName}` or `${self:custom.dlq}`).
 */
export function fifoOfArn(text: unknown): boolean | undefined {
  if (typeof text !== 'string') return undefined;
  if (!/^(?:arn:|https:\/\/)/u.test(text) || /[}\]]$/u.test(text)) return undefined;
  const service = text.startsWith('arn:') ? /^arn:[^:]*:([a-z0-9-]+):/u.exec(text)?.[1] : /^https:\/\/sqs\./u.test(text) ? 'sqs' : undefined;
  if (service !== 'sqs' && service !== 'sns') return undefined;
  return text.endsWith('.fifo');
}

/**
 * The language a runtime runs (\`python3.12\`, CDK's \`PYTHON_3_12\`, Pulumi's \`Python3d12\` →
 * \`python\`; \`nodejs20.x\` → \`node\`); \`other\` for the rest (Java, .NET, Ruby, Go, custom
 * runtimes); \`undefined\` when no runtime is known.
 */
export function runtimeLanguage(runtime: string | undefined): 'python' | 'node' | 'other' | undefined {
  if (runtime === undefined) return undefined;
  if (/^python/iu.test(runtime)) return 'python';
  if (/^node/iu.test(runtime)) return 'node';
  return 'other';
}

/** A handler link with the runtime its function declares (when it declares one). */
export function withRuntime<L extends { runtime?: string | undefined }>(link: L, runtime: string | undefined): L {
  return runtime === undefined ? link : { ...link, runtime };
}
