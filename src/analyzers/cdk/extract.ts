/**
 * The CDK v2 adapter: reads constructs from TypeScript / JavaScript source without executing it.
 * Property names and defaults: lambda-facts.md §2.1 (aws-cdk-lib@2.276.0).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { spanOf } from '../../core/ast.js';
import { propsSiteOf } from '../../core/edits.js';
import { booleanProp, numberProp, ObjectView } from '../../core/values.js';
import type { EventSourceKind, EventSourceMappingFact, InfraFacts } from '../../model/facts.js';
import type { FileContext } from '../file-context.js';
import { resolveCdkName } from './symbols.js';

/** Cheap pre-check: a file that never names a CDK package has no CDK facts. */
export const CDK_MARKERS = ['aws-cdk-lib', '@aws-cdk/'];

export function mentionsCdk(text: string): boolean {
  return CDK_MARKERS.some((m) => text.includes(m));
}

export function extractCdkFacts(file: FileContext): InfraFacts {
  const facts: InfraFacts = { mappings: [] };
  if (!mentionsCdk(file.text)) return facts;
  const { symbols } = file;
  for (const expr of file.newExpressions) {
    const name = resolveCdkName(expr.callee, symbols);
    const source = name === undefined ? undefined : EVENT_SOURCES[name];
    if (source) facts.mappings.push(eventSource(file, expr, source));
  }
  return facts;
}

interface EventSourceClass {
  kind: EventSourceKind;
  construct: string;
  defaultBatchSize: number;
}

/**
 * The `aws-lambda-event-sources` classes. Batch size defaults: SqsEventSource passes none, so
 * AWS's 10 applies; the stream sources always emit `batchSize || 100` (lambda-facts.md §2.1.1).
 */
const EVENT_SOURCES: Readonly<Record<string, EventSourceClass>> = {
  'aws-lambda-event-sources.SqsEventSource': { kind: 'sqs', construct: 'SqsEventSource', defaultBatchSize: 10 },
  'aws-lambda-event-sources.KinesisEventSource': { kind: 'kinesis', construct: 'KinesisEventSource', defaultBatchSize: 100 },
  'aws-lambda-event-sources.DynamoEventSource': { kind: 'dynamodb', construct: 'DynamoEventSource', defaultBatchSize: 100 },
};

/** `new XEventSource(source, props?)`. */
function eventSource(file: FileContext, expr: TSESTree.NewExpression, source: EventSourceClass): EventSourceMappingFact {
  const propsArg = expr.arguments[1];
  const view = propsArg
    ? propsArg.type === 'SpreadElement'
      ? ObjectView.unknownObject()
      : ObjectView.of(propsArg, file.symbols)
    : ObjectView.empty();
  const hasSpreadArgs = expr.arguments.some((a) => a.type === 'SpreadElement');
  const effective = hasSpreadArgs ? ObjectView.unknownObject() : view;
  return {
    dialect: 'cdk',
    kind: source.kind,
    construct: source.construct,
    span: spanOf(expr),
    props: propsSiteOf(expr, 1, file.text),
    batchSize: numberProp(effective, 'batchSize', file.symbols),
    defaultBatchSize: source.defaultBatchSize,
    reportBatchItemFailures: booleanProp(effective, 'reportBatchItemFailures', file.symbols),
  };
}
