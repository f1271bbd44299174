/**
 * What a dialect adapter is (knip-style): which files it reads, the text that marks one of its
 * documents, and the facts it returns. Every adapter returns the same model (InfraFacts), so the
 * rules and the project links work on every dialect unchanged; adding a dialect touches no rule.
 */
import type { CommentLike } from '../core/suppressions.js';
import type { FileFacts, InfraFacts } from '../model/facts.js';

export type AdapterOutcome =
  | { kind: 'facts'; facts: FileFacts; directives: CommentLike[] }
  /** One of the dialect's documents that cannot be read: a fatal message on the file. */
  | { kind: 'fatal'; message: string; line: number; column: number }
  /** Not one of the dialect's documents (a `package.json`, a CI workflow): nothing to report. */
  | { kind: 'skip' };

export interface DialectAdapter {
  /** For messages: `CloudFormation/SAM`, `Serverless Framework`, `Terraform`. */
  name: string;
  /** Whether a file, by its name, may be one of the dialect's documents. */
  claims(filePath: string): boolean;
  /** Text one of its documents contains (any of them): a file without any is skipped unread. */
  markers: readonly string[];
  read(filePath: string, text: string): AdapterOutcome;
  /**
   * Called with the files of a run that the adapter claims, before any is read: starts what the
   * adapter needs (a parser on another thread), and may begin on the files there.
   */
  warm?(files: readonly string[]): void;
}

export function factsOf(infra: InfraFacts): FileFacts {
  return { exports: { names: {}, reexports: [] }, summaries: [], infra, handlers: [], itemIdentifiers: [], asyncInvokeResultReads: [], powertoolsProcessors: [] };
}

/** The first bytes looked at to tell whether a file too large to analyse is one of the dialect's documents. */
export const SNIFF_BYTES = 64 * 1024;
