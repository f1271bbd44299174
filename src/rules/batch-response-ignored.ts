/**
 * A handler that returns `batchItemFailures` behind a mapping without ReportBatchItemFailures:
 * Lambda ignores the list, and the failed records are deleted as if they succeeded.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html (lambda-facts.md §1.8, Part 3 #2)
 */
import path from 'node:path';
import type { Check, CheckInput, Finding } from '../core/check.js';
import { setPropertyEdit } from '../core/edits.js';
import { isBatchMapping, mappingSpan, partialResponsesFix, partialResponsesInstruction, partialResponsesOff } from '../model/infra-model.js';
import { reportFindings } from '../eslint/report.js';
import { createRule } from '../util/create-rule.js';
import { handlersOf } from '../util/handler-support.js';

export const RULE_ID = 'batch-response-ignored';

type MessageId = 'mappingIgnoresResponse' | 'handlerResponseIgnored' | 'enable';

export const check: Check<MessageId> = (input) => [...infraSide(input), ...handlerSide(input)];

/** On the mapping: its handler returns a list it never reads. */
function infraSide(input: CheckInput): Finding<MessageId>[] {
  const { facts, filePath } = input;
  if (facts.infra.mappings.length === 0) return [];
  const { project } = input;
  if (!project) return [];
  const model = project.infraModel(filePath);
  if (!model) return [];
  const findings: Finding<MessageId>[] = [];
  for (const mapping of facts.infra.mappings) {
    if (!isBatchMapping(mapping.kind) || partialResponsesOff(mapping) !== true) continue;
    const fn = model.functionOf(mapping);
    const linked = fn ? project.handlersOfMapping(fn, filePath, mapping).find((h) => h.handler.returnsBatchResponse === 'yes') : undefined;
    if (!linked) continue;
    const syntax = mapping.reportBatchItemFailuresSyntax;
    const existing = mapping.reportBatchItemFailures.state === 'known' ? mapping.reportBatchItemFailures.span : undefined;
    const edit = setPropertyEdit(mapping.props, syntax.key, syntax.value, existing);
    const line = linked.handler.batchResponseSpan?.loc.start.line ?? linked.handler.span.loc.start.line;
    findings.push({
      messageId: 'mappingIgnoresResponse',
      data: { construct: mapping.construct, handler: `${path.relative(path.dirname(filePath), linked.file)}:${line}`, instruction: partialResponsesInstruction(mapping) },
      span: mappingSpan(mapping),
      ...(edit ? { suggestions: [{ messageId: 'enable' as const, data: { fix: partialResponsesFix(mapping) }, edits: [edit] }] } : {}),
    });
  }
  return findings;
}

/** On the handler: the mapping that feeds it ignores what it returns. */
function handlerSide(input: CheckInput): Finding<MessageId>[] {
  const { facts, filePath } = input;
  // A response the file cannot follow may be built in another module: then the project says.
  if (!facts.handlers.some((h) => h.returnsBatchResponse === 'yes' || (h.returnsBatchResponse === 'unknown' && h.unresolvedCalls.length > 0))) return [];
  const { project } = input;
  if (!project) return [];
  const findings: Finding<MessageId>[] = [];
  for (const handler of handlersOf(input)) {
    if (handler.returnsBatchResponse !== 'yes' || !handler.batchResponseSpan) continue;
    for (const invocation of project.invocationsOf(filePath, handler.exportName)) {
      const ignoring = invocation.mappings.find((m) => isBatchMapping(m.mapping.kind) && partialResponsesOff(m.mapping) === true);
      if (!ignoring) continue;
      findings.push({
        messageId: 'handlerResponseIgnored',
        data: {
          construct: ignoring.mapping.construct,
          mapping: `${path.relative(path.dirname(filePath), ignoring.file)}:${ignoring.mapping.span.loc.start.line}`,
          instruction: partialResponsesInstruction(ignoring.mapping),
        },
        span: handler.batchResponseSpan,
      });
      break;
    }
  }
  return findings;
}

export default createRule<[], MessageId>({
  name: RULE_ID,
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow returning `batchItemFailures` from a handler whose event source mapping does not enable partial batch responses',
      recommended: 'error',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      mappingIgnoresResponse:
        'This {{construct}} does not enable partial batch responses, but its handler ({{handler}}) returns `batchItemFailures`: Lambda ignores the list, so the failed records are deleted as if they succeeded. For Lambda to read it, {{instruction}}.',
      handlerResponseIgnored:
        'The {{construct}} that feeds this handler ({{mapping}}) does not enable partial batch responses: Lambda ignores this `batchItemFailures` list, so the failed records are deleted as if they succeeded. For Lambda to read it, {{instruction}} on the mapping.',
      enable: 'Set `{{fix}}`.',
    },
  },
  defaultOptions: [],
  create: (context) => reportFindings(context, RULE_ID, check),
});
