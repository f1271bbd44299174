/** Pieces of CDK code that infra suggestions write. */
import { literalText, type TextEdit } from '../core/edits.js';
import { SUGGESTION_EXPORTS, type SuggestionExport, type SuggestionNames } from '../model/facts.js';

/** How to write `name` in the file: as it is already imported, or with a new import line. */
export function writeName(names: SuggestionNames, name: SuggestionExport): { text: string; edits: TextEdit[] } | undefined {
  const written = names.written[name];
  if (written !== undefined) return { text: written, edits: [] };
  const at = names.importInsertAt;
  if (at === undefined) return undefined;
  const q = names.quote;
  const line = names.language === 'python' ? `from ${pythonModuleOf(SUGGESTION_EXPORTS[name])} import ${name}` : `import { ${name} } from ${q}${SUGGESTION_EXPORTS[name]}${q};`;
  return { text: name, edits: [{ range: [at, at], text: `\n${line}` }] };
}

/** `aws-cdk-lib/aws-lambda-destinations` → Python's `aws_cdk.aws_lambda_destinations`. */
function pythonModuleOf(module: string): string {
  return module === 'aws-cdk-lib' ? 'aws_cdk' : `aws_cdk.${module.slice('aws-cdk-lib/'.length).replace(/-/gu, '_')}`;
}

/** A construction in the file's language: `new X(a, b)`, or Python's `X(a, b)`. */
export function constructText(names: SuggestionNames, callee: string, args: readonly string[]): string {
  return `${names.language === 'python' ? '' : 'new '}${callee}(${args.join(', ')})`;
}

/** `true` / Python's `True`. */
export function booleanText(names: SuggestionNames, value: boolean): string {
  return literalText(names, value);
}

/** `new sqs.Queue(this, 'OrdersFailures'[, { fifo: true }])`, when the file shows how to write it. */
export function newQueueText(names: SuggestionNames, scope: string | undefined, id: string | undefined, fifo = false): string | undefined {
  if (names.queueCallee === undefined || scope === undefined || id === undefined) return undefined;
  const fifoProp = names.language === 'python' ? 'fifo=True' : '{ fifo: true }';
  return constructText(names, names.queueCallee, [scope, `${names.quote}${id}${names.quote}`, ...(fifo ? [fifoProp] : [])]);
}

/**
 * A queue's redrive policy to \`dlq\`: \`{ queue: dlq, maxReceiveCount: 5 }\`, or in Python the
 * \`DeadLetterQueue\` struct of the module the file creates queues with (\`sqs.DeadLetterQueue(…)\`).
 */
export function redrivePolicyText(names: SuggestionNames, dlq: string): string | undefined {
  if (names.language !== 'python') return `{ queue: ${dlq}, maxReceiveCount: 5 }`;
  const callee = names.queueCallee;
  if (callee === undefined || !callee.endsWith('.Queue')) return undefined;
  return `${callee.slice(0, -'Queue'.length)}DeadLetterQueue(queue=${dlq}, max_receive_count=5)`;
}

/**
 * `new SqsDlq(new sqs.Queue(this, '<Construct>Failures'))`: a stream mapping's on-failure
 * destination on a new queue, with the import it may need, when the file shows how to write both.
 */
export function newStreamFailureQueue(names: SuggestionNames, scope: string | undefined, construct: string): { text: string; edits: TextEdit[] } | undefined {
  const dlq = writeName(names, 'SqsDlq');
  const queue = newQueueText(names, scope, `${construct}Failures`);
  return dlq && queue !== undefined ? { text: constructText(names, dlq.text, [queue]), edits: dlq.edits } : undefined;
}

/** "S3 notification, SNS subscription" */
export function describeTriggers(triggers: readonly string[]): string {
  return [...new Set(triggers)].join(', ');
}
