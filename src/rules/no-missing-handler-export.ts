/**
 * A function whose handler file exists in the project but does not export the handler's name:
 * the runtime cannot find the handler, and every invocation fails (`Runtime.HandlerNotFound:
 * index.handler is undefined or not exported`). Every event is then failed like any other error:
 * SQS messages go to the dead-letter queue or expire, stream shards block, asynchronous events
 * are dropped after two retries.
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
 */
import path from 'node:path';
import type { Check, Finding } from '../core/check.js';
import { reportFindings } from '../eslint/report.js';
import { createRule } from '../util/create-rule.js';

export const RULE_ID = 'no-missing-handler-export';

type MessageId = 'missingExport';

/** At most this many of the file's exports are named in the message. */
const LISTED = 6;

export const check: Check<MessageId> = (input) => {
  const { facts, filePath } = input;
  // Nothing to judge here: do not build the project model.
  if (facts.infra.functions.length === 0) return [];
  const { project } = input;
  if (!project) return [];
  const findings: Finding<MessageId>[] = [];
  for (const fn of facts.infra.functions) {
    for (const status of project.linkStatuses(fn)) {
      if (!('unlinked' in status)) continue;
      const reason = status.unlinked;
      // Only when every export of the file (and of the modules it re-exports) is known.
      if (reason.kind !== 'export-not-found' || !reason.certain) continue;
      const names = reason.exported.filter((n) => n !== reason.exportName);
      const listed = names.slice(0, LISTED).map((n) => `\`${n}\``).join(', ');
      findings.push({
        messageId: 'missingExport',
        data: {
          file: path.relative(path.dirname(filePath), reason.file).split(path.sep).join('/'),
          export: reason.exportName,
          exports: names.length === 0 ? 'it exports nothing' : `it exports ${listed}${names.length > LISTED ? ', …' : ''}`,
        },
        span: fn.headSpan,
      });
    }
  }
  return findings;
};

export default createRule<[], MessageId>({
  name: RULE_ID,
  meta: {
    type: 'problem',
    docs: {
      description: "Disallow functions whose handler file does not export the handler's name",
      recommended: 'error',
    },
    schema: [],
    messages: {
      missingExport:
        '{{file}} does not export `{{export}}` ({{exports}}): the runtime cannot find the handler, so every invocation fails with Runtime.HandlerNotFound and no event sent to this function is ever processed.',
    },
  },
  defaultOptions: [],
  create: (context) => reportFindings(context, RULE_ID, check),
});
