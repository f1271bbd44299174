/**
 * The editor: one long-lived ESLint that lints a handler on each keystroke with the unsaved text.
 * The project's model is shared between those lints when the edit leaves what the
 * infrastructure reads of the file as on disk; an edit of the file's exports or infrastructure
 * gets a model of its own. Either way the findings are those of the live text.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import lambdaLint from '../src/index.js';
import { samSqsTemplate, writeProject } from './helpers/project.js';

const THROWS = 'export const handler = async (event: { Records: { body: string }[] }) => {\n  for (const r of event.Records) await work(r.body);\n};\nasync function work(body: string) { if (!body) throw new Error("empty"); }\n';
const PARTIAL = (name: string): string =>
  `export const ${name} = async (event: { Records: { messageId: string; body: string }[] }) => {\n  const batchItemFailures: { itemIdentifier: string }[] = [];\n  for (const r of event.Records) {\n    try { await work(r.body); } catch { batchItemFailures.push({ itemIdentifier: r.messageId }); }\n  }\n  return { batchItemFailures };\n};\nasync function work(body: string) { if (!body) throw new Error("empty"); }\n`;

const RULES = ['require-batch-item-failures', 'batch-response-ignored', 'require-report-batch-item-failures'];

function editor(dir: string): ESLint {
  return new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [lambdaLint.configs.strict, { rules: Object.fromEntries(Object.keys(lambdaLint.rules).map((id) => [`lambda-lint/${id}`, RULES.includes(id) ? 'error' : 'off'])) }],
  });
}

async function lint(eslint: ESLint, file: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: file });
  return (result?.messages ?? []).map((m) => `${m.line} ${String(m.ruleId).replace('lambda-lint/', '')}`).sort();
}

describe('ESLint in the editor: unsaved edits of a handler', () => {
  it('each keystroke sees the live text with what the template says of the function', async () => {
    const dir = writeProject({ 'package.json': '{}', 'template.yaml': samSqsTemplate({ code: ['CodeUri: src/'] }), 'src/app.ts': THROWS });
    const file = path.join(dir, 'src/app.ts');
    const eslint = editor(dir);
    expect(await lint(eslint, file, THROWS)).toEqual(['2 require-batch-item-failures']);
    // An edit that changes neither exports nor infrastructure: the same finding, moved with the text.
    expect(await lint(eslint, file, `// a comment\n${THROWS}`)).toEqual(['3 require-batch-item-failures']);
    // The handler now reports its failures, but the template's mapping does not turn them on.
    expect(await lint(eslint, file, PARTIAL('handler'))).toEqual(['6 batch-response-ignored']);
    // The export renamed: the template's `app.handler` no longer names it, so nothing links it to the queue.
    expect(await lint(eslint, file, PARTIAL('main'))).toEqual([]);
    // Back to the text on disk.
    expect(await lint(eslint, file, THROWS)).toEqual(['2 require-batch-item-failures']);
  });

  it('an unsaved edit of a CDK app changes what its handler and its own findings see', async () => {
    const stack = (props: string): string =>
      [
        "import { App, Stack } from 'aws-cdk-lib';",
        "import * as lambda from 'aws-cdk-lib/aws-lambda';",
        "import * as sqs from 'aws-cdk-lib/aws-sqs';",
        "import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';",
        '',
        "const stack = new Stack(new App(), 'S');",
        "const dlq = new sqs.Queue(stack, 'Dlq');",
        "const jobs = new sqs.Queue(stack, 'Jobs', { deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });",
        "const fn = new lambda.Function(stack, 'Worker', { runtime: lambda.Runtime.NODEJS_22_X, code: lambda.Code.fromAsset('src'), handler: 'app.handler' });",
        `fn.addEventSource(new SqsEventSource(jobs, { ${props} }));`,
        '',
      ].join('\n');
    const dir = writeProject({ 'package.json': '{}', 'cdk.json': '{ "app": "npx ts-node app.ts" }', 'app.ts': stack('batchSize: 10'), 'src/app.ts': PARTIAL('handler') });
    const eslint = editor(dir);
    const app = path.join(dir, 'app.ts');
    const handler = path.join(dir, 'src/app.ts');
    expect(await lint(eslint, app, stack('batchSize: 10'))).toEqual(['10 batch-response-ignored']);
    expect(await lint(eslint, handler, PARTIAL('handler'))).toEqual(['6 batch-response-ignored']);
    // Typing the fix in the app: its finding goes (its infrastructure differs from the file on disk).
    expect(await lint(eslint, app, stack('batchSize: 10, reportBatchItemFailures: true'))).toEqual([]);
    // Saved: the handler's lint after the listing is checked again sees it too.
    writeFileSync(app, stack('batchSize: 10, reportBatchItemFailures: true'));
    await new Promise((r) => setTimeout(r, 2100));
    expect(await lint(eslint, handler, PARTIAL('handler'))).toEqual([]);
  });
});
