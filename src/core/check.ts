/**
 * What a check is: a pure function from facts to findings. ESLint rules and the CLI both call the
 * same checks; neither re-implements one.
 */
import type { Span } from './ast.js';
import type { TextEdit } from './edits.js';
import type { FileFacts } from '../model/facts.js';
import type { ProjectModel } from '../project/project.js';

export type MessageData = Record<string, string | number>;

export interface Suggestion<MessageId extends string = string> {
  messageId: MessageId;
  data?: MessageData;
  edits: TextEdit[];
}

export interface Finding<MessageId extends string = string> {
  messageId: MessageId;
  data?: MessageData;
  span: Span;
  suggestions?: Suggestion<MessageId>[];
}

export interface CheckInput {
  filePath: string;
  facts: FileFacts;
  /** The linked project, when the front-end has one (the CLI always; ESLint for cross-file rules). */
  project?: ProjectModel | undefined;
  /** The rule's options, as ESLint passes them (with the rule's defaults applied); absent: the defaults. */
  options?: readonly unknown[] | undefined;
}

export type Check<MessageId extends string = string> = (input: CheckInput) => Finding<MessageId>[];

/** ESLint's `{{ name }}` placeholder syntax, so one message table serves both front-ends. */
export function formatMessage(template: string, data: MessageData | undefined): string {
  if (!data) return template;
  return template.replace(/\{\{\s*([^{}]+?)\s*\}\}/gu, (whole, key: string) => (key in data ? String(data[key]) : whole));
}
