/**
 * Function classes of construct libraries, read from a catalogue of what their published source
 * does (src/dialects/cdk/catalog.ts, LIBRARY_FUNCTIONS): @guardian/cdk's GuLambdaFunction,
 * GuScheduledLambda and GuApiLambda. And SES receipt rules' Lambda action, an asynchronous invoke
 * unless it asks for RequestResponse.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/api.js';
import { buildGraph } from '../src/graph.js';
import { cliFindings, writeProject } from './helpers/project.js';

const HEAD = `import { App, Duration, Stack } from 'aws-cdk-lib';
import { GuLambdaFunction } from '@guardian/cdk/lib/constructs/lambda';
import { GuScheduledLambda } from '@guardian/cdk';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { ReceiptRuleSet, LambdaInvocationType } from 'aws-cdk-lib/aws-ses';
import * as actions from 'aws-cdk-lib/aws-ses-actions';

const stack = new Stack(new App(), 'S');
const dlq = new Queue(stack, 'Dlq');
`;

const project = (body: string): string => writeProject({ 'package.json': '{}', 'cdk.json': '{ "app": "npx ts-node lib/app.ts" }', 'lib/app.ts': HEAD + body });
const where = (findings: { file: string; line: number; ruleId: string }[]): string[] => findings.map((f) => `${f.file}:${f.line} ${f.ruleId.replace('lambda-lint/', '')}`);

describe('@guardian/cdk function constructs', () => {
  const worker = (queueProps: string, fnProps = ''): string =>
    `const jobs = new Queue(stack, 'Jobs', { ${queueProps}deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });
const worker = new GuLambdaFunction(stack, 'Worker', { app: 'worker', fileName: 'worker.zip', handler: 'handler.main', runtime: Runtime.NODEJS_20_X${fnProps} });
worker.addEventSource(new SqsEventSource(jobs, { reportBatchItemFailures: true }));
`;

  it('GuLambdaFunction is a function: its event sources, its 30 s default timeout, and why its handler is not linked', async () => {
    const dir = project(worker(''));
    // The queue's default 30 s is below six times GuLambdaFunction's default 30 s.
    expect(where(await cliFindings(dir, ['sqs-visibility-timeout']))).toEqual(['lib/app.ts:14 sqs-visibility-timeout']);
    const { project: model } = await analyze(['.'], { cwd: dir });
    const [fn] = buildGraph(model, dir).functions;
    expect(fn?.construct).toBe('GuLambdaFunction');
    expect(fn?.eventSources.map((e) => e.kind)).toEqual(['sqs']);
    expect(fn?.handler.linked).toBe(false);
    expect(fn?.handler.unlinked).toContain('the artifact worker.zip, which the build uploads to a bucket');
  });

  it('near misses: a visibility of six times the default, or of six times the timeout given, stays quiet', async () => {
    expect(await cliFindings(project(worker('visibilityTimeout: Duration.seconds(180), ')), ['sqs-visibility-timeout'])).toEqual([]);
    expect(await cliFindings(project(worker('visibilityTimeout: Duration.seconds(60), ', ', timeout: Duration.seconds(10)')), ['sqs-visibility-timeout'])).toEqual([]);
  });

  it('GuScheduledLambda is invoked asynchronously by its rules: no failure destination is reported; an onFailure is enough', async () => {
    const scheduled = (extra: string): string =>
      `new GuScheduledLambda(stack, 'Cleanup', { app: 'cleanup', fileName: 'cleanup.zip', handler: 'handler.main', runtime: Runtime.NODEJS_20_X, rules: [{ schedule: Schedule.rate(Duration.hours(1)) }], monitoringConfiguration: { noMonitoring: true }${extra} });\n`;
    expect(where(await cliFindings(project(scheduled('')), ['require-async-failure-destination']))).toEqual(['lib/app.ts:14 require-async-failure-destination']);
    expect(await cliFindings(project(scheduled(', onFailure: new SqsDestination(dlq)')), ['require-async-failure-destination'])).toEqual([]);
  });

  it("an SES receipt rule's Lambda action invokes asynchronously by default; RequestResponse is synchronous", async () => {
    const ses = (invocation: string): string =>
      `const inbound = new GuLambdaFunction(stack, 'Inbound', { app: 'inbound', fileName: 'inbound.zip', handler: 'handler.main', runtime: Runtime.NODEJS_20_X });
new ReceiptRuleSet(stack, 'Rules').addRule('Mail', { actions: [new actions.Lambda({ function: inbound${invocation} })] });
`;
    expect(where(await cliFindings(project(ses('')), ['require-async-failure-destination']))).toEqual(['lib/app.ts:14 require-async-failure-destination']);
    expect(where(await cliFindings(project(ses(', invocationType: actions.LambdaInvocationType.EVENT')), ['require-async-failure-destination']))).toEqual(['lib/app.ts:14 require-async-failure-destination']);
    expect(await cliFindings(project(ses(', invocationType: actions.LambdaInvocationType.REQUEST_RESPONSE')), ['require-async-failure-destination'])).toEqual([]);
  });

  describe("the artifact's build: a zip command of a GitHub Actions step or a package.json script", () => {
    const app = `new GuLambdaFunction(stack, 'Ingest', { app: 'ingest', fileName: 'ingest.zip', handler: 'handler.main', runtime: Runtime.NODEJS_20_X });\n`;
    const HANDLER = 'export const main = async (event: unknown) => { console.log(event); };\n';
    const files = (extra: Record<string, string>): Record<string, string> => ({
      'package.json': '{}',
      'cdk/cdk.json': '{}',
      'cdk/lib/app.ts': HEAD + app,
      'ingest/package.json': '{ "scripts": { "build": "esbuild src/handler.ts --bundle --outfile=dist/handler.js" } }',
      'ingest/src/handler.ts': HANDLER,
      ...extra,
    });
    const handlerOf = async (extra: Record<string, string>): Promise<{ linked: boolean; file?: string | undefined; unlinked?: string | undefined }> => {
      const dir = writeProject(files(extra));
      const { project: model } = await analyze(['.'], { cwd: dir });
      return buildGraph(model, dir).functions[0]?.handler ?? { linked: false };
    };
    const workflow = (run: string, workingDirectory = 'ingest'): string =>
      `name: CI\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Build\n        working-directory: ${workingDirectory}\n        run: |\n          npm run build\n          ${run}\n`;

    it('a step in a working directory that zips the bundle by name alone (-j): linked to the source it is built from', async () => {
      expect(await handlerOf({ '.github/workflows/ci.yaml': workflow('zip -FSjr "dist/ingest.zip" "dist/handler.js"') })).toMatchObject({ linked: true, file: 'ingest/src/handler.ts' });
    });

    it('a package.json script that goes into the folder and zips a path (cd dist && zip)', async () => {
      expect(await handlerOf({ 'ingest/package.json': '{ "scripts": { "package": "cd dist && zip ../ingest handler.js" } }' })).toMatchObject({ linked: true, file: 'ingest/src/handler.ts' });
    });

    it('near misses: no command makes it, a glob, and two commands that disagree stay unlinked', async () => {
      expect((await handlerOf({})).unlinked).toContain('no zip command');
      expect((await handlerOf({ '.github/workflows/ci.yaml': workflow('zip -r dist/ingest.zip dist/*') })).linked).toBe(false);
      const two = { '.github/workflows/ci.yaml': workflow('zip -j dist/ingest.zip dist/handler.js'), '.github/workflows/other.yml': workflow('zip -j dist/ingest.zip handler.js', 'legacy') };
      expect((await handlerOf(two)).linked).toBe(false);
      // A path stored as written does not hold `handler` at the archive's root.
      expect((await handlerOf({ '.github/workflows/ci.yaml': workflow('zip dist/ingest.zip dist/handler.js') })).linked).toBe(false);
    });
  });

  it('near miss: a class of the same name from another package is not taken for it', async () => {
    const dir = writeProject({
      'package.json': '{}',
      'cdk.json': '{}',
      'lib/app.ts': `import { App, Stack } from 'aws-cdk-lib';\nimport { GuLambdaFunction } from 'some-other-lib';\nconst stack = new Stack(new App(), 'S');\nnew GuLambdaFunction(stack, 'Worker', { fileName: 'w.zip', handler: 'handler.main' });\n`,
    });
    const { project: model } = await analyze(['.'], { cwd: dir });
    expect(buildGraph(model, dir).functions).toEqual([]);
  });
});
