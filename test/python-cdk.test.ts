/**
 * CDK apps written in Python: the same construct catalogue as TypeScript's, through jsii's names.
 * Two twin fixture projects make the same mistakes (and the same correct choices), one with its
 * CDK app in TypeScript, one in Python, with the same handlers; each finding in an app must be on
 * a line that says `expect: <rule>`, and the two report the same findings rule by rule.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, buildGraph } from '../src/api.js';
import { parsePython } from '../src/analyzers/python/parser.js';
import { camelName, moduleSpecifier } from '../src/dialects/cdk/python/lower.js';
import { isCdkStruct } from '../src/dialects/cdk/python/jsii.js';
import type { LintResult } from '../src/results.js';
import { ROOT } from './helpers/cli.js';
import { eslintFindings, writeProject } from './helpers/project.js';

const TWINS = path.join(ROOT, 'test/fixtures/cdk-twins');
const TS = path.join(TWINS, 'typescript');
const PY = path.join(TWINS, 'python');

/** The functions of the project's graph (`--print-graph`). */
async function graphFunctions(dir: string): Promise<ReturnType<typeof buildGraph>['functions']> {
  const { project } = await analyze(['.'], { cwd: dir, config: { preset: 'strict', rules: {} } });
  return buildGraph(project, dir).functions;
}

async function lint(dir: string): Promise<LintResult[]> {
  const { results } = await analyze(['.'], { cwd: dir, config: { preset: 'strict', rules: {} } });
  return results;
}

interface Found {
  file: string;
  line: number;
  rule: string;
}

function found(results: LintResult[], dir: string): Found[] {
  return results
    .flatMap((r) => r.messages.map((m) => ({ file: path.relative(dir, r.filePath), line: m.line, rule: (m.ruleId ?? 'fatal').replace('lambda-lint/', '') })))
    .sort((a, b) => `${a.file}:${String(a.line).padStart(5)}:${a.rule}`.localeCompare(`${b.file}:${String(b.line).padStart(5)}:${b.rule}`));
}

/** The app's `expect:` comments: file:line → the rules expected there. */
function expectations(dir: string, files: string[]): Found[] {
  const out: Found[] = [];
  for (const file of files) {
    readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .forEach((text, i) => {
        const m = /(?:\/\/|#) expect: ([\w -]+)$/u.exec(text);
        for (const rule of m?.[1]?.trim().split(/\s+/u) ?? []) out.push({ file, line: i + 1, rule });
      });
  }
  return out.sort((a, b) => `${a.file}:${String(a.line).padStart(5)}:${a.rule}`.localeCompare(`${b.file}:${String(b.line).padStart(5)}:${b.rule}`));
}

const byRule = (list: Found[]): Record<string, number> => list.reduce<Record<string, number>>((acc, f) => ({ ...acc, [f.rule]: (acc[f.rule] ?? 0) + 1 }), {});
const isApp = (f: Found): boolean => f.file.startsWith('lib/') || f.file.startsWith('stacks/') || f.file.startsWith('bin/') || f.file === 'app.py';

describe('a CDK app in Python and its TypeScript twin', () => {
  it('the twins hold the same handlers', () => {
    const list = (dir: string): string[] => readdirSync(path.join(dir, 'handlers'), { recursive: true, encoding: 'utf8' }).sort();
    expect(list(PY)).toEqual(list(TS));
    for (const f of list(TS)) if (f.includes('.')) expect(readFileSync(path.join(PY, 'handlers', f), 'utf8')).toBe(readFileSync(path.join(TS, 'handlers', f), 'utf8'));
  });

  it('each app reports exactly the findings its expect comments name (and nothing on the correct constructs)', async () => {
    const ts = found(await lint(TS), TS).filter(isApp);
    const py = found(await lint(PY), PY).filter(isApp);
    expect(ts).toEqual(expectations(TS, ['lib/orders-stack.ts', 'lib/worker.ts', 'lib/functions.ts']));
    expect(py).toEqual(expectations(PY, ['stacks/orders_stack.py', 'stacks/worker.py', 'stacks/functions.py', 'app.py']));
  });

  it('the two report the same findings, rule by rule, and the same on the handlers', async () => {
    const ts = found(await lint(TS), TS);
    const py = found(await lint(PY), PY);
    expect(byRule(py.filter(isApp))).toEqual(byRule(ts.filter(isApp)));
    // Every infrastructure rule, and the cross-file rules on the handlers.
    expect(Object.keys(byRule(ts.filter(isApp))).sort()).toEqual([
      'batch-response-ignored',
      'no-ineffective-dlq',
      'no-unbounded-stream-retries',
      'prefer-destinations-over-dlq',
      'require-async-failure-destination',
      'require-report-batch-item-failures',
      'require-source-queue-redrive',
      'require-stream-failure-destination',
      'sqs-visibility-timeout',
      'valid-async-invoke-config',
      'valid-event-source-mapping',
      'valid-redrive-policy',
    ]);
    expect(new Set(py.filter((f) => !isApp(f)).map((f) => f.rule))).toEqual(new Set(['batch-processor-mismatch', 'fifo-stop-on-failure', 'batch-response-ignored', 'require-batch-item-failures', 'no-whole-batch-throw']));
    // Handlers linked through either app: the same findings, on the same lines.
    expect(py.filter((f) => !isApp(f))).toEqual(ts.filter((f) => !isApp(f)));
    expect(py.some((f) => f.file === 'handlers/notify.ts' && f.rule === 'batch-response-ignored')).toBe(true);
    expect(py.some((f) => f.file === 'handlers/py/ingest.py')).toBe(true);
  });

  it('every function of the Python app is linked to its handler', async () => {
    const functions = await graphFunctions(PY);
    expect(functions.length).toBe(12);
    expect(functions.filter((f) => !f.handler.linked)).toEqual([]);
    // The trigger the stack writes for a function a construct makes reaches it (its silence is the destination's).
    expect(functions.find((f) => f.id === 'stacks/functions.py#class:Functions.index')).toEqual(expect.objectContaining({ asyncTriggers: ['S3 notification'], onFailure: true }));
  });

  it('ESLint, linting the handlers, sees the Python app through the project model', async () => {
    const got = await eslintFindings(PY, ['batch-response-ignored']);
    expect(got.map((f) => `${f.file}:${f.line}`)).toEqual(['handlers/notify.ts:17']);
  });
});

describe('findings on a Python app speak Python', () => {
  const python = async (): Promise<LintResult['messages']> => (await lint(PY)).filter((r) => r.filePath.endsWith('.py') && r.filePath.includes('stacks')).flatMap((r) => r.messages);

  it('names the settings as jsii spells them in Python', async () => {
    const messages = await python();
    const text = messages.map((m) => m.message).join('\n');
    expect(text).toContain('`report_batch_item_failures=True`');
    expect(text).toContain('`on_failure=SqsDlq(queue)`');
    expect(text).toContain('`dead_letter_queue=sqs.DeadLetterQueue(queue=dlq, max_receive_count=5)`');
    expect(text).not.toMatch(/reportBatchItemFailures|deadLetterQueue:|onFailure:|bisectBatchOnError/u);
    // And so do the suggestions' descriptions.
    const descs = messages.flatMap((m) => (m.suggestions ?? []).map((s) => s.desc)).join('\n');
    expect(descs).toContain('`visibility_timeout`');
    expect(descs).toContain('`max_receive_count=5`');
    expect(descs).toContain('`on_failure=SqsDestination(…)`');
    expect(descs).not.toMatch(/visibilityTimeout|maxReceiveCount|onFailure|reportBatchItemFailures|\bnew [A-Z]\w*\(/u);
  });

  it('writes suggestions as Python keyword arguments, and the result still parses', async () => {
    const results = await lint(PY);
    const applied: string[] = [];
    for (const r of results) {
      if (!r.filePath.endsWith('.py') || !r.filePath.includes('stacks')) continue;
      const source = readFileSync(r.filePath, 'utf8');
      for (const m of r.messages) {
        for (const s of m.suggestions ?? []) {
          const edits = [s.fix];
          let text = source;
          for (const e of edits) text = text.slice(0, e.range[0]) + e.text + text.slice(e.range[1]);
          const parsed = parsePython(text);
          if (parsed.ok) parsed.tree.delete();
          expect(parsed.ok, `${m.ruleId}: ${JSON.stringify(s.fix)}`).toBe(true);
          applied.push(`${m.ruleId?.replace('lambda-lint/', '')}: ${s.fix.text.trim()}`);
        }
      }
    }
    expect(applied).toEqual(
      expect.arrayContaining([
        'require-report-batch-item-failures: , report_batch_item_failures=True',
        'sqs-visibility-timeout: Duration.seconds(180)',
        'require-source-queue-redrive: , dead_letter_queue=sqs.DeadLetterQueue(queue=sqs.Queue(self, "NotificationsDlq"), max_receive_count=5)',
        'batch-response-ignored: , report_batch_item_failures=True',
        'prefer-destinations-over-dlq: on_failure=SqsDestination(sqs.Queue(self, "ThumbnailDlq"))',
        'no-unbounded-stream-retries: , retry_attempts=3, bisect_batch_on_error=True, on_failure=SqsDlq(sqs.Queue(self, "KinesisEventSourceFailures"))',
        'valid-async-invoke-config: 2',
      ]),
    );
    expect(applied.join('\n')).not.toMatch(/\bnew |: true|\btrue\b/u);
  });
});

describe('reading Python CDK code', () => {
  it('maps names the way jsii does', () => {
    expect(camelName('report_batch_item_failures')).toBe('reportBatchItemFailures');
    expect(camelName('add_event_source')).toBe('addEventSource');
    expect(camelName('_private_queue')).toBe('_privateQueue');
    expect(camelName('aws_lambda')).toBe('aws_lambda');
    expect(camelName('TRIM_HORIZON')).toBe('TRIM_HORIZON');
    expect(camelName('timeout')).toBe('timeout');
    expect(moduleSpecifier('aws_cdk')).toBe('aws-cdk-lib');
    expect(moduleSpecifier('aws_cdk.core')).toBe('aws-cdk-lib');
    expect(moduleSpecifier('aws_cdk.aws_lambda_event_sources')).toBe('aws-cdk-lib/aws-lambda-event-sources');
    expect(moduleSpecifier('aws_cdk.aws_lambda_python_alpha')).toBe('@aws-cdk/aws-lambda-python-alpha');
    expect(moduleSpecifier('stacks.worker')).toBe('stacks.worker');
  });

  it('knows the structs from aws-cdk-lib\'s jsii manifest (and the generated list is current)', () => {
    expect(isCdkStruct('aws_cdk.aws_sqs.DeadLetterQueue')).toBe(true);
    expect(isCdkStruct('aws_cdk.aws_lambda.FunctionProps')).toBe(true);
    expect(isCdkStruct('aws_cdk.aws_lambda.CfnEventSourceMapping.DestinationConfigProperty')).toBe(true);
    expect(isCdkStruct('aws_cdk.aws_sqs.Queue')).toBe(false);
    expect(isCdkStruct('aws_cdk.aws_lambda.ScalingOptions')).toBe(false);
    expect(isCdkStruct('aws_cdk.Duration')).toBe(false);
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/cdk-structs.mjs'), '--check'], { stdio: 'pipe' });
  });

  const STACK_HEAD = `from aws_cdk import Stack, Duration
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from aws_cdk.aws_lambda_event_sources import SqsEventSource
`;
  const HANDLER = `export const handler = async (event: { Records: { messageId: string; body: string }[] }) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    try { JSON.parse(record.body); } catch { batchItemFailures.push({ itemIdentifier: record.messageId }); }
  }
  return { batchItemFailures };
};
`;
  const ids = async (dir: string): Promise<string[]> => found(await lint(dir), dir).map((f) => `${f.file}:${f.line} ${f.rule}`);

  it('follows a queue given to a helper by position or by keyword, across modules', async () => {
    const dir = writeProject({
      'cdk.json': '{ "app": "python3 app.py" }',
      'app.py': 'import aws_cdk as cdk\nfrom infra.stack import AppStack\n\napp = cdk.App()\nAppStack(app, "App")\n',
      'infra/__init__.py': '',
      'infra/wiring.py': `${STACK_HEAD}
def wire(scope, queue, name):
    fn = lambda_.Function(scope, name, runtime=lambda_.Runtime.NODEJS_22_X, code=lambda_.Code.from_asset("src"), handler="worker.handler", timeout=Duration.seconds(10))
    fn.add_event_source(SqsEventSource(queue, batch_size=10))
    return fn
`,
      'infra/stack.py': `${STACK_HEAD}from .wiring import wire


class AppStack(Stack):
    def __init__(self, scope, construct_id, **kwargs):
        super().__init__(scope, construct_id, **kwargs)
        first = sqs.Queue(self, "First", visibility_timeout=Duration.seconds(30), dead_letter_queue=sqs.DeadLetterQueue(queue=sqs.Queue(self, "FirstDlq"), max_receive_count=3))
        second = sqs.Queue(self, "Second", visibility_timeout=Duration.seconds(90), dead_letter_queue=sqs.DeadLetterQueue(queue=sqs.Queue(self, "SecondDlq"), max_receive_count=3))
        wire(self, first, "One")
        wire(self, name="Two", queue=second, scope=self)
`,
      'src/worker.ts': HANDLER,
    });
    // `first` (30 s) is below 6 × 10 s; `second` (90 s) is not: the keyword reached the right parameter.
    expect(await ids(dir)).toEqual(['infra/stack.py:11 sqs-visibility-timeout', 'infra/wiring.py:8 batch-response-ignored', 'src/worker.ts:6 batch-response-ignored']);
  });

  it('follows a function a helper method returns and another takes by keyword (self._schedule(target=fn))', async () => {
    const stackModule = (extra: string): string => `${STACK_HEAD}from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets


class AppStack(Stack):
    def __init__(self, scope, construct_id, **kwargs):
        super().__init__(scope, construct_id, **kwargs)
        worker = self._make("Worker")
        self._schedule(target=worker)${extra}

    def _make(self, name):
        made = lambda_.Function(self, name, runtime=lambda_.Runtime.NODEJS_22_X, code=lambda_.Code.from_asset("src"), handler="worker.handler")
        return made

    def _schedule(self, target):
        events.Rule(self, "Nightly", schedule=events.Schedule.rate(Duration.days(1)), targets=[targets.LambdaFunction(target)])
`;
    const project = (extra: string): string =>
      writeProject({
        'cdk.json': '{ "app": "python3 app.py" }',
        'app.py': 'import aws_cdk as cdk\nfrom infra.stack import AppStack\n\napp = cdk.App()\nAppStack(app, "App")\n',
        'infra/__init__.py': '',
        'infra/stack.py': stackModule(extra),
        'src/worker.ts': 'export const handler = async (event: unknown) => { console.log(event); };\n',
      });
    expect((await ids(project(''))).filter((f) => f.includes('require-async-failure-destination'))).toEqual(['infra/stack.py:16 require-async-failure-destination']);
    // Handed to code that is not followed as well: it may be configured there.
    expect((await ids(project('\n        register_elsewhere(worker)'))).filter((f) => f.includes('require-async-failure-destination'))).toEqual([]);
  });

  it('settles durations a construct takes from its parameters: by keyword, by position, the default, one parameter for both', async () => {
    const project = (worker: string, calls: string): string =>
      writeProject({
        'cdk.json': '{ "app": "python3 app.py" }',
        'app.py': 'import aws_cdk as cdk\nfrom infra.stack import AppStack\n\napp = cdk.App()\nAppStack(app, "App")\n',
        'infra/__init__.py': '',
        'infra/worker.py': `${STACK_HEAD}from constructs import Construct


class Worker(Construct):
    def __init__(self, scope, construct_id, timeout: int = 900, batch=1):
        super().__init__(scope, construct_id)
        queue = sqs.Queue(self, "Q", visibility_timeout=${worker}, dead_letter_queue=sqs.DeadLetterQueue(queue=sqs.Queue(self, "Dlq"), max_receive_count=3))
        fn = lambda_.Function(self, "Fn", runtime=lambda_.Runtime.NODEJS_22_X, code=lambda_.Code.from_asset("src"), handler="worker.handler", timeout=Duration.seconds(timeout))
        fn.add_event_source(SqsEventSource(queue, batch_size=batch, report_batch_item_failures=True))
`,
        'infra/stack.py': `${STACK_HEAD}from .worker import Worker
import settings


class AppStack(Stack):
    def __init__(self, scope, construct_id, **kwargs):
        super().__init__(scope, construct_id, **kwargs)
${calls}
`,
        'src/worker.ts': HANDLER,
      });
    const fixed = 'Duration.seconds(120)';
    expect(await ids(project(fixed, '        Worker(self, "W", timeout=60)'))).toEqual(['infra/worker.py:11 sqs-visibility-timeout']);
    expect(await ids(project(fixed, '        Worker(self, "W", 60)'))).toEqual(['infra/worker.py:11 sqs-visibility-timeout']);
    // Two calls that give 10 s and leave the default (900 s): they disagree, and one fact cannot say which instance is wrong.
    expect(await ids(project(fixed, '        Worker(self, "W", timeout=10)\n        Worker(self, "V")'))).toEqual([]);
    expect(await ids(project(fixed, '        Worker(self, "W", timeout=settings.TIMEOUT)'))).toEqual([]);
    expect(await ids(project(fixed, '        Worker(self, "W", **settings.WORKER)'))).toEqual([]);
    // The default alone: 120 s < 6 × 900 s.
    expect(await ids(project(fixed, '        Worker(self, "W")'))).toEqual(['infra/worker.py:11 sqs-visibility-timeout']);
    // Visibility and timeout from the one parameter: too short whatever the settings say.
    expect(await ids(project('Duration.seconds(timeout)', '        Worker(self, "W", timeout=settings.TIMEOUT)'))).toEqual(['infra/worker.py:11 sqs-visibility-timeout']);
    expect(await ids(project('Duration.seconds(timeout * 6)', '        Worker(self, "W", timeout=settings.TIMEOUT)'))).toEqual([]);
  });

  it('a helper method that makes and returns a function, called twice: one function per call, each with its own arguments and triggers', async () => {
    const dir = writeProject({
      'cdk.json': '{ "app": "python3 app.py" }',
      'app.py': `from aws_cdk import Stack, Duration
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_notifications as s3n
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subs
from aws_cdk import aws_sqs as sqs


class AppStack(Stack):
    def __init__(self, scope, construct_id):
        super().__init__(scope, construct_id)
        trigger = self._function("Trigger", "trigger")
        s3.Bucket(self, "Raw").add_event_notification(s3.EventType.OBJECT_CREATED, s3n.LambdaDestination(trigger))
        dependency = self._function("Dependency", "dependency", dead_letter=sqs.Queue(self, "Dlq"))
        sns.Topic(self, "Done").add_subscription(subs.LambdaSubscription(dependency))

    def _function(self, name, folder, dead_letter=None):
        return lambda_.Function(self, name, runtime=lambda_.Runtime.PYTHON_3_12, handler="handler.main", code=lambda_.Code.from_asset(f"src/{folder}"), dead_letter_queue=dead_letter)
`,
      'src/trigger/handler.py': 'def main(event, context):\n    pass\n',
      'src/dependency/handler.py': 'def main(event, context):\n    pass\n',
    });
    const { results } = await analyze(['.'], { cwd: dir, config: { preset: 'strict', rules: {} } });
    expect(found(results, dir).filter((f) => f.rule !== 'require-idempotency').map((f) => `${f.file}:${f.line} ${f.rule}`)).toEqual(['app.py:13 require-async-failure-destination', 'app.py:15 prefer-destinations-over-dlq']);
    expect((await graphFunctions(dir)).map((f) => f.handler.file)).toEqual(['src/trigger/handler.py', 'src/dependency/handler.py']);
  });

  it('stays quiet on what it cannot settle, and on look-alikes outside the CDK', async () => {
    const dir = writeProject({
      'cdk.json': '{ "app": "python3 app.py" }',
      'app.py': `${STACK_HEAD}import settings
from my_constructs import SqsEventSource as LocalSource


class S(Stack):
    def __init__(self, scope, construct_id):
        super().__init__(scope, construct_id)
        fn = lambda_.Function(self, "Fn", runtime=lambda_.Runtime.NODEJS_22_X, code=lambda_.Code.from_asset("src"), handler="worker.handler")
        q = sqs.Queue(self, "Q", dead_letter_queue=sqs.DeadLetterQueue(queue=sqs.Queue(self, "Dlq"), max_receive_count=3))
        # Settings computed elsewhere: unknown, not absent.
        fn.add_event_source(SqsEventSource(q, **settings.SOURCE_OPTIONS))
        # Not the CDK's class.
        fn.add_event_source(LocalSource(q, batch_size=10))
`,
      'src/worker.ts': HANDLER,
    });
    expect(await ids(dir)).toEqual([]);
  });

  it('reads CDK v1 apps (aws_cdk.core, aws_cdk.aws_* packages) and dotted imports', async () => {
    const dir = writeProject({
      'cdk.json': '{ "app": "python3 app.py" }',
      'app.py': `from aws_cdk import core
import aws_cdk.aws_lambda as _lambda
import aws_cdk.aws_sqs
import aws_cdk.aws_lambda_event_sources as sources
import os


class S(core.Stack):
    def __init__(self, scope: core.Construct, id: str, **kwargs) -> None:
        super().__init__(scope, id, **kwargs)
        queue = aws_cdk.aws_sqs.Queue(self, "Q", visibility_timeout=core.Duration.minutes(10))
        fn = _lambda.Function(self, "Fn", runtime=_lambda.Runtime.PYTHON_3_9, code=_lambda.Code.asset(os.path.join(os.getcwd(), "lambda")), handler="main.handler", timeout=core.Duration.seconds(30))
        fn.add_event_source(sources.SqsEventSource(queue, batch_size=10))
`,
      'lambda/main.py': 'def handler(event, context):\n    for record in event["Records"]:\n        print(record["body"])\n',
    });
    expect(await ids(dir)).toEqual(['app.py:11 require-source-queue-redrive', 'app.py:13 require-report-batch-item-failures']);
    expect((await graphFunctions(dir)).map((f) => f.handler)).toEqual([expect.objectContaining({ file: 'lambda/main.py' })]);
  });

  it('places positional parameters given by keyword (id=, handler=) where jsii takes them', async () => {
    const dir = writeProject({
      'cdk.json': '{ "app": "python3 app.py" }',
      'app.py': `${STACK_HEAD}from aws_cdk import aws_events as events, aws_events_targets as targets


class S(Stack):
    def __init__(self, scope, construct_id):
        super().__init__(scope, construct_id)
        fn = lambda_.Function(scope=self, id="Fn", runtime=lambda_.Runtime.NODEJS_22_X, code=lambda_.Code.from_asset(path="src"), handler="worker.handler")
        events.Rule(self, "Nightly", schedule=events.Schedule.rate(Duration.days(1))).add_target(target=targets.LambdaFunction(handler=fn))
        fn.add_event_source_mapping(id="Jobs", event_source_arn=sqs.Queue(self, "Jobs").queue_arn, batch_size=10)
`,
      'src/worker.ts': 'export const handler = async () => {};\n',
    });
    const [fn] = await graphFunctions(dir);
    expect(fn?.handler).toEqual(expect.objectContaining({ file: 'src/worker.ts', linked: true }));
    expect(fn?.asyncTriggers).toEqual(['EventBridge rule']);
    expect(fn?.eventSources.map((e) => [e.kind, e.batchSize])).toEqual([['sqs', 10]]);
  });

  it('reads settings spread from a dict (`**COMMON`): one of the module, or one imported that does not place the handler', async () => {
    const dir = writeProject({
      'cdk.json': '{ "app": "python3 app.py" }',
      'common.py': 'from aws_cdk import Duration, aws_lambda as lambda_\n\nSHARED = dict(runtime=lambda_.Runtime.NODEJS_22_X, timeout=Duration.seconds(60))\n',
      'app.py': `${STACK_HEAD}from common import SHARED
from aws_cdk import triggers

LOCAL = dict(runtime=lambda_.Runtime.NODEJS_22_X, timeout=Duration.seconds(60), code=lambda_.Code.from_asset("src"))


class S(Stack):
    def __init__(self, scope, construct_id):
        super().__init__(scope, construct_id)
        q = sqs.Queue(self, "Q", dead_letter_queue=sqs.DeadLetterQueue(queue=sqs.Queue(self, "Dlq"), max_receive_count=3))
        fn = lambda_.Function(self, "Fn", **LOCAL, handler="worker.handler")
        fn.add_event_source(SqsEventSource(q, batch_size=10, report_batch_item_failures=True))
        other = sqs.Queue(self, "Other", dead_letter_queue=sqs.DeadLetterQueue(queue=sqs.Queue(self, "OtherDlq"), max_receive_count=3))
        imported = lambda_.Function(self, "Imported", **SHARED, code=lambda_.Code.from_asset("src"), handler="worker.handler")
        imported.add_event_source(SqsEventSource(other, batch_size=10, report_batch_item_failures=True))
        triggers.TriggerFunction(self, "Seed", runtime=lambda_.Runtime.NODEJS_22_X, code=lambda_.Code.from_asset("src"), handler="worker.handler")
`,
      'src/worker.ts': HANDLER,
    });
    expect((await graphFunctions(dir)).map((f) => [f.construct, f.handler.linked])).toEqual([
      ['Function', true],
      ['Function', true],
      ['TriggerFunction', true],
    ]);
    // The queue's default 30 s visibility is below six times the module's dict's 60 s timeout; the
    // imported dict's timeout is not known here, and no finding guesses it.
    expect(await ids(dir)).toEqual(['app.py:14 sqs-visibility-timeout']);
  });

  it('links inline code read from a file of the app (with open(…) as f, open(…).read()) to that file', async () => {
    const dir = writeProject({
      'cdk.json': '{ "app": "python3 app.py" }',
      'app.py': `${STACK_HEAD}

class S(Stack):
    def __init__(self, scope, construct_id):
        super().__init__(scope, construct_id)
        with open("src/one.py", encoding="utf-8") as fp:
            one_code = fp.read()
        with open("src/two.js") as fp:
            two_code = fp.read()
        lambda_.Function(self, "One", runtime=lambda_.Runtime.PYTHON_3_12, code=lambda_.InlineCode(one_code), handler="index.handler")
        lambda_.Function(self, "Two", runtime=lambda_.Runtime.NODEJS_22_X, code=lambda_.Code.from_inline(two_code), handler="index.handler")
        lambda_.Function(self, "Three", runtime=lambda_.Runtime.PYTHON_3_12, code=lambda_.Code.from_inline(open("src/three.py").read()), handler="index.main")
        lambda_.Function(self, "Four", runtime=lambda_.Runtime.PYTHON_3_12, code=lambda_.Code.from_inline("def handler(e, c): pass"), handler="index.handler")
`,
      'src/one.py': 'def handler(event, context):\n    return None\n',
      'src/two.js': 'exports.handler = async () => {};\n',
      'src/three.py': 'def main(event, context):\n    return None\n',
    });
    expect((await graphFunctions(dir)).map((f) => [f.handler.file, f.handler.linked])).toEqual([
      ['src/one.py', true],
      ['src/two.js', true],
      ['src/three.py', true],
      [undefined, false],
    ]);
  });

  it('reads the app\'s own subclass of Function (super().__init__, self.add_event_source), made in another module', async () => {
    const dir = writeProject({
      'cdk.json': '{ "app": "python3 app.py" }',
      'app.py': `${STACK_HEAD}from workers import Worker


class S(Stack):
    def __init__(self, scope, construct_id):
        super().__init__(scope, construct_id)
        q = sqs.Queue(self, "Q", visibility_timeout=Duration.seconds(120), dead_letter_queue=sqs.DeadLetterQueue(queue=sqs.Queue(self, "Dlq"), max_receive_count=3))
        Worker(self, "W", queue=q)
`,
      'workers.py': `${STACK_HEAD}

class Worker(lambda_.Function):
    def __init__(self, scope, construct_id, *, queue):
        super().__init__(scope, construct_id, runtime=lambda_.Runtime.NODEJS_22_X, code=lambda_.Code.from_asset("src"), handler="worker.handler", timeout=Duration.seconds(20))
        self.add_event_source(SqsEventSource(queue, batch_size=10))
`,
      'src/worker.ts': HANDLER,
    });
    expect((await graphFunctions(dir)).map((f) => [f.id, f.handler.linked, f.eventSources.length])).toEqual([['workers.py#class:Worker', true, 1]]);
    expect(await ids(dir)).toEqual(['src/worker.ts:6 batch-response-ignored', 'workers.py:10 batch-response-ignored']);
  });

  it('fills a subclass\'s entry from the keywords its **kwargs passes on (and not when the body writes into them)', async () => {
    const worker = (extra: string): string => `from aws_cdk import aws_lambda as lambda_
from aws_cdk.aws_lambda_python_alpha import PythonFunction


class Worker(PythonFunction):
    def __init__(self, scope, construct_id, **kwargs):
${extra}        super().__init__(scope, construct_id, index="main.py", runtime=lambda_.Runtime.PYTHON_3_12, **kwargs)
`;
    const files = (extra: string): Record<string, string> => ({
      'cdk.json': '{ "app": "python3 app.py" }',
      'app.py': `${STACK_HEAD}from workers import Worker


class S(Stack):
    def __init__(self, scope, construct_id):
        super().__init__(scope, construct_id)
        Worker(self, "W", entry="src/w", timeout=Duration.seconds(10))
`,
      'workers.py': worker(extra),
      'src/w/main.py': 'def handler(event, context):\n    return None\n',
    });
    const linked = async (dir: string): Promise<unknown> => {
      return (await graphFunctions(dir)).map((f) => [f.handler.file, f.handler.linked]);
    };
    expect(await linked(writeProject(files('')))).toEqual([['src/w/main.py', true]]);
    expect(await linked(writeProject(files('        kwargs["entry"] = "src/other"\n')))).toEqual([[undefined, false]]);
  });

  it('reports a module that does not parse, and reads the rest', async () => {
    const dir = writeProject({
      'cdk.json': '{ "app": "python3 app.py" }',
      'app.py': `${STACK_HEAD}
class S(Stack):
    def __init__(self, scope, construct_id):
        super().__init__(scope, construct_id)
        q = sqs.Queue(self, "Q")
        fn = lambda_.Function(self, "Fn", runtime=lambda_.Runtime.NODEJS_22_X, code=lambda_.Code.from_asset("src"), handler="worker.handler")
        fn.add_event_source(SqsEventSource(q, batch_size=10))
`,
      'broken.py': 'from aws_cdk import Stack\nclass (:\n',
      'src/worker.ts': HANDLER,
    });
    const got = await ids(dir);
    expect(got).toContain('broken.py:2 fatal');
    expect(got).toContain('app.py:11 batch-response-ignored');
  });
});
