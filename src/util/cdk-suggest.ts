/** Pieces of CDK code that infra suggestions write. */
import type { TextEdit } from '../core/edits.js';
import { SUGGESTION_EXPORTS, type SuggestionExport, type SuggestionNames } from '../model/facts.js';

/** How to write `name` in the file: as it is already imported, or with a new import line. */
export function writeName(names: SuggestionNames, name: SuggestionExport): { text: string; edits: TextEdit[] } | undefined {
  const written = names.written[name];
  if (written !== undefined) return { text: written, edits: [] };
  const at = names.importInsertAt;
  if (at === undefined) return undefined;
  const q = names.quote;
  return { text: name, edits: [{ range: [at, at], text: `\nimport { ${name} } from ${q}${SUGGESTION_EXPORTS[name]}${q};` }] };
}

/** `new sqs.Queue(this, 'OrdersFailures'[, { fifo: true }])`, when the file shows how to write it. */
export function newQueueText(names: SuggestionNames, scope: string | undefined, id: string | undefined, fifo = false): string | undefined {
  if (names.queueCallee === undefined || scope === undefined || id === undefined) return undefined;
  return `new ${names.queueCallee}(${scope}, ${names.quote}${id}${names.quote}${fifo ? ', { fifo: true }' : ''})`;
}

/**
 * `new SqsDlq(new sqs.Queue(this, '<Construct>Failures'))`: a stream mapping's on-failure
 * destination on a new queue, with the import it may need, when the file shows how to write both.
 */
export function newStreamFailureQueue(names: SuggestionNames, scope: string | undefined, construct: string): { text: string; edits: TextEdit[] } | undefined {
  const dlq = writeName(names, 'SqsDlq');
  const queue = newQueueText(names, scope, `${construct}Failures`);
  return dlq && queue !== undefined ? { text: `new ${dlq.text}(${queue})`, edits: dlq.edits } : undefined;
}

/** "S3 notification, SNS subscription" */
export function describeTriggers(triggers: readonly string[]): string {
  return [...new Set(triggers)].join(', ');
}
