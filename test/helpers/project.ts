/**
 * Rules that need the whole project: write a small project to a temporary folder, run it
 * through the API (the CLI's engine) and through ESLint, and compare what each reports.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { analyze } from '../../src/api.js';
import lambdaLint from '../../src/index.js';

export interface ProjectFinding {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  messageId?: string | undefined;
}

export function writeProject(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-project-'));
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}

function sort(list: ProjectFinding[]): ProjectFinding[] {
  return list.sort((a, b) => `${a.file}:${a.line}:${a.column}:${a.ruleId}`.localeCompare(`${b.file}:${b.line}:${b.column}:${b.ruleId}`));
}

/** Findings of the given rules from the CLI engine. */
export async function cliFindings(dir: string, ruleIds: string[]): Promise<ProjectFinding[]> {
  const rules = Object.fromEntries(ruleIds.map((id) => [id, 'error' as const]));
  const { results } = await analyze(['.'], { cwd: dir, config: { preset: 'strict', rules: {} }, rules });
  return sort(
    results.flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId !== null && ruleIds.includes(m.ruleId.replace('lambda-lint/', '')))
        .map((m) => ({ file: path.relative(dir, r.filePath), line: m.line, column: m.column, ruleId: m.ruleId as string, messageId: m.messageId })),
    ),
  );
}

/** An ESLint class: ESLint 10 (`eslint`) or 9 (`eslint-v9`). */
export type ESLintClass = new (options: ConstructorParameters<typeof ESLint>[0]) => Pick<ESLint, 'lintFiles'>;

/** Findings of the given rules from ESLint with the plugin, run from the project folder. */
export async function eslintFindings(dir: string, ruleIds: string[], ESLintImpl: ESLintClass = ESLint): Promise<ProjectFinding[]> {
  const eslint = new ESLintImpl({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      lambdaLint.configs.strict,
      { rules: Object.fromEntries(Object.keys(lambdaLint.rules).map((id) => [`lambda-lint/${id}`, ruleIds.includes(id) ? 'error' : 'off'])) },
    ],
  });
  const results = await eslint.lintFiles(['.']);
  return sort(
    results.flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId !== null)
        .map((m) => ({ file: path.relative(dir, r.filePath), line: m.line, column: m.column, ruleId: m.ruleId as string, messageId: m.messageId })),
    ),
  );
}

/**
 * A SAM template whose queue `Jobs` feeds the function `Worker` (handler `app.handler` and runtime
 * `nodejs20.x` unless given): `before` is written above `Resources` (Globals, comments), `code`
 * among the function's properties (`CodeUri`, `InlineCode`), each line indented as a property.
 */
export function samSqsTemplate({
  before = '',
  code = [],
  batchSize,
  handler = 'app.handler',
  runtime = 'nodejs20.x',
  mapping = [],
  queue = [],
}: {
  before?: string;
  code?: string[];
  batchSize?: number;
  handler?: string;
  runtime?: string;
  /** Lines of the SQS event's `Properties` after `BatchSize`, each indented as a property. */
  mapping?: string[];
  /** Lines of the queue's `Properties` (`FifoQueue: true`). */
  queue?: string[];
}): string {
  return `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
${before}Resources:
  Jobs:
    Type: AWS::SQS::Queue
${queue.length > 0 ? `    Properties:\n${queue.map((l) => `      ${l}\n`).join('')}` : ''}  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: ${runtime}
      Handler: ${handler}
${code.map((line) => `      ${line}\n`).join('')}      Events:
        Jobs:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
${batchSize === undefined ? '' : `            BatchSize: ${batchSize}\n`}${mapping.map((line) => `            ${line}\n`).join('')}`;
}
