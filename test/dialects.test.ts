/**
 * The dialect adapters end to end: one fixture project per dialect, each with every infra and
 * cross-file mistake the dialect can express and the near misses that must stay quiet, run
 * through the built CLI (exact file, line and column), and ESLint agreeing on the handlers.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../src/results.js';
import { QUIET_STDERR, ROOT, runCli } from './helpers/cli.js';
import { cliFindings, eslintFindings, writeProject } from './helpers/project.js';
import { filesAhead, parseHcl, prefetchHcl, type HclParsed } from '../src/dialects/terraform/hcl.js';

function findings(stdout: string, base: string): string[] {
  return (JSON.parse(stdout) as LintResult[])
    .flatMap((r) => r.messages.map((m) => `${path.relative(base, r.filePath)}:${m.line}:${m.column} ${m.ruleId ?? 'fatal'}`))
    .sort();
}

const fixture = (name: string): string => path.join(ROOT, 'test/fixtures/dialects', name);

const CASES: { dialect: string; dir: string; expected: string[] }[] = [
  {
    dialect: 'SAM (YAML, short intrinsic tags, Globals)',
    dir: fixture('sam'),
    expected: [
      'src/fifo.ts:9:7 lambda-lint/fifo-stop-on-failure',
      'src/ingest.ts:4:3 lambda-lint/require-batch-item-failures',
      // The per-record helper's throw fails the whole batch.
      'src/ingest.ts:10:14 lambda-lint/no-whole-batch-throw',
      'src/ledger.ts:4:19 lambda-lint/batch-processor-mismatch',
      'src/orders.ts:12:3 lambda-lint/batch-response-ignored',
      'template.yaml:17:3 lambda-lint/require-source-queue-redrive',
      'template.yaml:20:26 lambda-lint/sqs-visibility-timeout',
      'template.yaml:27:9 lambda-lint/batch-response-ignored',
      'template.yaml:73:7 lambda-lint/no-ineffective-dlq',
      'template.yaml:77:9 lambda-lint/no-unbounded-stream-retries',
      'template.yaml:77:9 lambda-lint/require-report-batch-item-failures',
      'template.yaml:108:3 lambda-lint/require-async-failure-destination',
      'template.yaml:126:7 lambda-lint/prefer-destinations-over-dlq',
      'template.yaml:141:31 lambda-lint/valid-async-invoke-config',
      // A bounded record age and no destination: the records that give up are discarded.
      'template.yaml:235:9 lambda-lint/require-stream-failure-destination',
      // FIFO: a FIFO queue as an on-failure destination, a batch of 20 from a FIFO queue.
      'template.yaml:263:26 lambda-lint/valid-async-invoke-config',
      'template.yaml:269:13 lambda-lint/valid-event-source-mapping',
      // A Python function: its handler returns batchItemFailures, which the mapping ignores.
      'src/py_orders.py:12:5 lambda-lint/batch-response-ignored',
      'template.yaml:285:9 lambda-lint/batch-response-ignored',
    ],
  },
  {
    dialect: 'CloudFormation (JSON, long-form intrinsics, raw resources)',
    dir: fixture('cloudformation'),
    expected: [
      'src/fifo.ts:9:7 lambda-lint/fifo-stop-on-failure',
      'src/ledger.ts:4:19 lambda-lint/batch-processor-mismatch',
      'src/orders.ts:12:3 lambda-lint/batch-response-ignored',
      'stack.template.json:5:5 lambda-lint/require-source-queue-redrive',
      'stack.template.json:7:44 lambda-lint/sqs-visibility-timeout',
      'stack.template.json:13:5 lambda-lint/batch-response-ignored',
      'stack.template.json:38:9 lambda-lint/valid-async-invoke-config',
      'stack.template.json:50:9 lambda-lint/no-ineffective-dlq',
      'stack.template.json:53:5 lambda-lint/no-unbounded-stream-retries',
      'stack.template.json:53:5 lambda-lint/require-report-batch-item-failures',
      'stack.template.json:71:5 lambda-lint/require-stream-failure-destination',
      // FIFO: a standard dead-letter queue (in a JSON string), a batch of 20 and a window, a destination by Fn::Sub ARN.
      'stack.template.json:171:26 lambda-lint/valid-redrive-policy',
      'stack.template.json:183:9 lambda-lint/valid-event-source-mapping',
      'stack.template.json:184:9 lambda-lint/valid-event-source-mapping',
      'stack.template.json:193:62 lambda-lint/valid-async-invoke-config',
      'stack.template.json:89:5 lambda-lint/require-async-failure-destination',
      'stack.template.json:105:9 lambda-lint/prefer-destinations-over-dlq',
      'stack.template.json:125:33 lambda-lint/valid-async-invoke-config',
      // A Python function: its handler returns batchItemFailures, which the mapping ignores.
      'src/py_orders.py:12:5 lambda-lint/batch-response-ignored',
      'stack.template.json:204:5 lambda-lint/batch-response-ignored',
    ],
  },
  {
    dialect: 'Serverless Framework (serverless.yml with a resources section)',
    dir: fixture('serverless'),
    expected: [
      'serverless.yml:16:9 lambda-lint/batch-response-ignored',
      'serverless.yml:32:9 lambda-lint/require-report-batch-item-failures',
      'serverless.yml:46:5 lambda-lint/no-ineffective-dlq',
      'serverless.yml:48:9 lambda-lint/no-unbounded-stream-retries',
      'serverless.yml:48:9 lambda-lint/require-report-batch-item-failures',
      'serverless.yml:65:3 lambda-lint/require-async-failure-destination',
      'serverless.yml:72:5 lambda-lint/prefer-destinations-over-dlq',
      'serverless.yml:78:27 lambda-lint/valid-async-invoke-config',
      'serverless.yml:101:9 lambda-lint/require-stream-failure-destination',
      // FIFO: a destination by ARN, a FIFO queue's standard dead-letter queue.
      'serverless.yml:80:18 lambda-lint/valid-async-invoke-config',
      'serverless.yml:137:32 lambda-lint/valid-redrive-policy',
      'serverless.yml:118:5 lambda-lint/require-source-queue-redrive',
      'serverless.yml:121:28 lambda-lint/sqs-visibility-timeout',
      'serverless.yml:112:9 lambda-lint/batch-response-ignored',
      // A Python function: its handler returns batchItemFailures, which the mapping ignores.
      'src/py_orders.py:12:5 lambda-lint/batch-response-ignored',
      'src/fifo.ts:9:7 lambda-lint/fifo-stop-on-failure',
      'src/ingest.ts:4:3 lambda-lint/require-batch-item-failures',
      // The per-record helper's throw fails the whole batch.
      'src/ingest.ts:10:14 lambda-lint/no-whole-batch-throw',
      'src/ledger.ts:4:19 lambda-lint/batch-processor-mismatch',
      'src/orders.ts:12:3 lambda-lint/batch-response-ignored',
    ],
  },
  {
    dialect: 'Serverless Framework (serverless.ts, an object literal, functions imported from their own modules)',
    dir: fixture('serverless-ts'),
    expected: [
      'serverless.ts:10:18 lambda-lint/batch-response-ignored',
      'serverless.ts:14:7 lambda-lint/no-ineffective-dlq',
      'serverless.ts:15:18 lambda-lint/no-unbounded-stream-retries',
      'serverless.ts:15:18 lambda-lint/require-report-batch-item-failures',
      // The queue a function defined in its own module names by Fn::GetAtt.
      'serverless.ts:37:7 lambda-lint/require-source-queue-redrive',
      'serverless.ts:23:18 lambda-lint/batch-response-ignored',
      // A Python function: its handler returns batchItemFailures, which the mapping ignores.
      'src/py_orders.py:12:5 lambda-lint/batch-response-ignored',
      // A function defined in its own module (the template's `export default { handler, events }`),
      // imported through a tsconfig-paths barrel: reported where it is written.
      'src/functions/payments/handler.ts:12:3 lambda-lint/batch-response-ignored',
      'src/functions/payments/index.ts:6:14 lambda-lint/batch-response-ignored',
      'src/orders.ts:12:3 lambda-lint/batch-response-ignored',
    ],
  },
  {
    dialect: 'Terraform (HCL, resources split across the files of a module)',
    dir: fixture('terraform'),
    expected: [
      'infra/functions.tf:25:1 lambda-lint/require-async-failure-destination',
      'infra/functions.tf:40:3 lambda-lint/no-ineffective-dlq',
      'infra/ledger.tf:62:3 lambda-lint/prefer-destinations-over-dlq',
      'infra/ledger.tf:78:3 lambda-lint/valid-async-invoke-config',
      'infra/ledger.tf:87:34 lambda-lint/valid-async-invoke-config',
      'infra/ledger.tf:43:1 lambda-lint/require-stream-failure-destination',
      'infra/fifo.tf:7:3 lambda-lint/valid-redrive-policy',
      'infra/fifo.tf:23:3 lambda-lint/valid-event-source-mapping',
      'infra/fifo.tf:30:5 lambda-lint/valid-async-invoke-config',
      'infra/ledger.tf:96:1 lambda-lint/batch-response-ignored',
      'infra/mappings.tf:1:1 lambda-lint/batch-response-ignored',
      'infra/mappings.tf:13:1 lambda-lint/no-unbounded-stream-retries',
      'infra/mappings.tf:13:1 lambda-lint/require-report-batch-item-failures',
      'infra/mappings.tf:38:28 lambda-lint/valid-async-invoke-config',
      'infra/queues.tf:1:1 lambda-lint/require-source-queue-redrive',
      'infra/queues.tf:3:32 lambda-lint/sqs-visibility-timeout',
      'src/fifo.ts:9:7 lambda-lint/fifo-stop-on-failure',
      'src/fifo.ts:13:3 lambda-lint/batch-response-ignored',
      'src/ingest.ts:4:3 lambda-lint/require-batch-item-failures',
      // The per-record helper's throw fails the whole batch.
      'src/ingest.ts:10:14 lambda-lint/no-whole-batch-throw',
      'src/ledger.ts:4:19 lambda-lint/batch-processor-mismatch',
      'src/orders.ts:12:3 lambda-lint/batch-response-ignored',
      // An email per S3 notification, at least once (a warning in recommended).
      'src/thumbs.ts:7:9 lambda-lint/require-idempotency',
      'infra/python.tf:18:1 lambda-lint/batch-response-ignored',
      // A Python function: its handler returns batchItemFailures, which the mapping ignores.
      'src/py_orders.py:12:5 lambda-lint/batch-response-ignored',
    ],
  },
  {
    dialect: 'Pulumi (@pulumi/aws in TypeScript, queue.onEvent)',
    dir: fixture('pulumi'),
    expected: [
      'app/fifo.ts:9:7 lambda-lint/fifo-stop-on-failure',
      'app/ingest.ts:4:3 lambda-lint/require-batch-item-failures',
      // The per-record helper's throw fails the whole batch.
      'app/ingest.ts:10:14 lambda-lint/no-whole-batch-throw',
      'app/ledger.ts:4:19 lambda-lint/batch-processor-mismatch',
      'app/orders.ts:12:3 lambda-lint/batch-response-ignored',
      'index.ts:10:16 lambda-lint/require-source-queue-redrive',
      'index.ts:10:72 lambda-lint/sqs-visibility-timeout',
      'index.ts:18:1 lambda-lint/batch-response-ignored',
      'index.ts:42:3 lambda-lint/no-ineffective-dlq',
      'index.ts:44:1 lambda-lint/no-unbounded-stream-retries',
      'index.ts:44:1 lambda-lint/require-report-batch-item-failures',
      'index.ts:46:20 lambda-lint/require-async-failure-destination',
      'index.ts:50:111 lambda-lint/valid-async-invoke-config',
      'index.ts:53:114 lambda-lint/prefer-destinations-over-dlq',
      'index.ts:61:1 lambda-lint/require-report-batch-item-failures',
      'index.ts:67:1 lambda-lint/require-stream-failure-destination',
      'index.ts:74:18 lambda-lint/valid-redrive-policy',
      'index.ts:101:105 lambda-lint/valid-event-source-mapping',
      'index.ts:102:128 lambda-lint/valid-async-invoke-config',
      'queues.ts:7:24 lambda-lint/require-source-queue-redrive',
      'index.ts:106:1 lambda-lint/batch-response-ignored',
      // A Python function: its handler returns batchItemFailures, which the mapping ignores.
      'app/py_orders.py:12:5 lambda-lint/batch-response-ignored',
    ],
  },
  {
    dialect: 'SST v3 (sst.config.ts, its defaults)',
    dir: fixture('sst'),
    expected: [
      'src/fifo.ts:9:7 lambda-lint/fifo-stop-on-failure',
      'src/ledger.ts:4:19 lambda-lint/batch-processor-mismatch',
      'src/ledger.ts:11:3 lambda-lint/batch-response-ignored',
      'src/orders.ts:12:3 lambda-lint/batch-response-ignored',
      'sst.config.ts:12:20 lambda-lint/require-source-queue-redrive',
      'sst.config.ts:12:20 lambda-lint/sqs-visibility-timeout',
      'sst.config.ts:13:5 lambda-lint/batch-response-ignored',
      'sst.config.ts:25:5 lambda-lint/batch-response-ignored',
      'sst.config.ts:25:5 lambda-lint/no-unbounded-stream-retries',
      'sst.config.ts:30:5 lambda-lint/require-async-failure-destination',
      // The FIFO queue's dead-letter queue is standard.
      'sst.config.ts:33:109 lambda-lint/valid-redrive-policy',
      'sst.config.ts:38:5 lambda-lint/require-report-batch-item-failures',
      'sst.config.ts:45:5 lambda-lint/batch-response-ignored',
      // A Python function: its handler returns batchItemFailures, which the mapping ignores.
      'src/py_orders.py:12:5 lambda-lint/batch-response-ignored',
    ],
  },
];

/** The rules that need other files: ESLint must agree with the CLI on them, in every script. */
const CROSS_FILE = ['batch-response-ignored', 'batch-processor-mismatch', 'fifo-stop-on-failure'];

describe.each(CASES)('$dialect', ({ dir, expected }) => {
  it('the CLI reports every mistake at its exact line, and nothing on the near misses', () => {
    const r = runCli(['--format', 'json', '.'], dir);
    expect(r.stderr).toMatch(QUIET_STDERR);
    expect(r.code).toBe(1);
    expect(findings(r.stdout, dir)).toEqual([...expected].sort());
  });

  it('ESLint reports the cross-file findings from the same infrastructure (on scripts: handlers, Pulumi and SST code)', async () => {
    const got = (await eslintFindings(dir, CROSS_FILE)).map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);
    const fromCli = expected.filter((f) => /\.[cm]?[jt]sx?$/u.test(f.split(':')[0] ?? '') && CROSS_FILE.some((id) => f.endsWith(`lambda-lint/${id}`)));
    expect(fromCli.length).toBeGreaterThan(0);
    expect(got).toEqual([...fromCli].sort());
  });
});

describe('suppression comments in YAML and HCL', () => {
  it('`# lambda-lint-disable-next-line <id>` above a resource suppresses the finding on it', () => {
    const dir = fixture('sam');
    const r = runCli(['--format', 'json', '.'], dir);
    const template = (JSON.parse(r.stdout) as (LintResult & { suppressedMessages?: { ruleId: string | null; line: number }[] })[]).find((x) =>
      x.filePath.endsWith('template.yaml'),
    );
    expect(template?.suppressedMessages?.map((m) => `${m.line} ${m.ruleId ?? ''}`)).toEqual(['187 lambda-lint/require-source-queue-redrive']);
  });

  it('and in HCL, above a Terraform resource', () => {
    const dir = fixture('terraform');
    const r = runCli(['--format', 'json', '.'], dir);
    const ledger = (JSON.parse(r.stdout) as LintResult[]).find((x) => x.filePath.endsWith('ledger.tf'));
    expect(ledger?.suppressedMessages.map((m) => `${m.line} ${m.ruleId ?? ''}`)).toEqual(['91 lambda-lint/require-source-queue-redrive']);
  });
});

describe('messages say what the dialect can do', () => {
  it('Pulumi queue.onEvent cannot turn partial batch responses on: the message says what to use instead', () => {
    const dir = fixture('pulumi');
    const r = runCli(['--format', 'json', 'index.ts'], dir);
    const onEvent = (JSON.parse(r.stdout) as LintResult[])[0]?.messages.find((m) => m.line === 61);
    expect(onEvent?.ruleId).toBe('lambda-lint/require-report-batch-item-failures');
    expect(onEvent?.message).toContain('replace `queue.onEvent` (which cannot turn them on) with an `aws.lambda.EventSourceMapping`');
  });

  it('Terraform spells the setting in HCL', () => {
    const dir = fixture('terraform');
    const r = runCli(['--format', 'json', 'infra/mappings.tf'], dir);
    const mapping = (JSON.parse(r.stdout) as LintResult[])[0]?.messages.find((m) => m.ruleId === 'lambda-lint/require-report-batch-item-failures');
    expect(mapping?.message).toContain('set `function_response_types = ["ReportBatchItemFailures"]`');
  });
});

describe('--print-graph reads every dialect into one model', () => {
  it('shows where a Terraform handler is, through an archive in another file of the module, found or not', () => {
    const r = runCli(['--print-graph', 'json', '.'], fixture('terraform'));
    const graph = JSON.parse(r.stdout) as { functions: { name: string; handler: { file?: string; linked: boolean } }[] };
    expect(graph.functions.find((f) => f.name === 'settlements')?.handler).toMatchObject({ file: 'src/fifo.ts', linked: true });
    expect(graph.functions.find((f) => f.name === 'notify')?.handler).toMatchObject({ file: 'src/notify', linked: false });
  });

  it('lists the SAM functions with their handlers and event sources', () => {
    const r = runCli(['--print-graph', 'json', '.'], fixture('sam'));
    const graph = JSON.parse(r.stdout) as { functions: { name: string; handler: { file?: string; linked: boolean }; eventSources: { kind: string }[] }[] };
    const orders = graph.functions.find((f) => f.name === 'OrdersFunction');
    expect(orders?.handler).toMatchObject({ file: 'src/orders.ts', linked: true });
    expect(orders?.eventSources.map((s) => s.kind)).toEqual(['sqs']);
  });
});

describe('bad templates and configurations: a fatal message on the file, the rest still analysed', () => {
  const good = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Jobs:\n    Type: AWS::SQS::Queue\n  Worker:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: index.handler\n  Mapping:\n    Type: AWS::Lambda::EventSourceMapping\n    Properties:\n      EventSourceArn: !GetAtt Jobs.Arn\n      FunctionName: !Ref Worker\n';
  const bomb = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]',
    ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array.from({ length: 10 }, () => `*${'abcdefghi'[i]}`).join(', ')}]`),
    'Resources:',
    '  Q:',
    '    Type: AWS::SQS::Queue',
    '    Properties:',
    '      Tags: *i',
    '',
  ].join('\n');
  const many = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:'];
  for (let i = 0; i < 1500; i++) {
    many.push(`  Q${i}:`, '    Type: AWS::SQS::Queue', `  F${i}:`, '    Type: AWS::Lambda::Function', '    Properties:', '      Timeout: 30');
    many.push(`  M${i}:`, '    Type: AWS::Lambda::EventSourceMapping', '    Properties:', `      EventSourceArn: !GetAtt Q${i}.Arn`, `      FunctionName: !Ref F${i}`);
  }
  const dir = writeProject({
    'package.json': '{"name":"bad-inputs"}',
    'good.yaml': good,
    'truncated.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Jobs:\n    Type: [AWS::SQS::Queue\n',
    'unknown-tag.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Jobs:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Bogus name\n',
    'bomb.yaml': bomb,
    'many.yaml': many.join('\n'),
    'broken.json': '{ "AWSTemplateFormatVersion": "2010-09-09", "Resources": { "Q": { "Type": "AWS::SQS::Queue" } ',
    'main.tf': 'resource "aws_sqs_queue" "jobs" {\n  name = \n}\n',
    'serverless.yml': 'service: x\nfunctions:\n  worker:\n    handler: [unclosed\n',
    // Not templates: skipped without a word.
    'package-lock.json': '{ "lockfileVersion": 3 }',
    '.github/workflows/ci.yml': 'on: push\njobs: { build: { runs-on: ubuntu-latest } }\n',
    'notes.yaml': 'this: [is, not, closed\n',
  });

  it('reports each bad file once, with its line, and still analyses the good ones', () => {
    const r = runCli(['--format', 'json', '.'], dir);
    expect(r.stderr).toMatch(QUIET_STDERR);
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout) as LintResult[];
    const fatal = results
      .filter((x) => x.messages.some((m) => m.fatal))
      .map((x) => `${path.relative(dir, x.filePath)}:${x.messages[0]?.line ?? 0}`)
      .sort();
    expect(fatal).toEqual(['broken.json:1', 'main.tf:2', 'serverless.yml:5', 'truncated.yaml:5', 'unknown-tag.yaml:6']);
    const messageOf = (file: string): string => results.find((x) => x.filePath.endsWith(file))?.messages[0]?.message ?? '';
    expect(messageOf('unknown-tag.yaml')).toMatch(/^Parsing error: Unknown tag !Bogus: CloudFormation accepts only its intrinsic function tags/u);
    expect(messageOf('main.tf')).toMatch(/^Parsing error: Invalid expression/u);
    // The good template is analysed; the bomb parses without expanding its aliases.
    expect(findings(r.stdout, dir)).toContain('good.yaml:3:3 lambda-lint/require-source-queue-redrive');
    expect(results.find((x) => x.filePath.endsWith('bomb.yaml'))?.messages).toEqual([]);
    // A template with thousands of resources is analysed in full.
    expect(results.find((x) => x.filePath.endsWith('many.yaml'))?.messages.filter((m) => m.ruleId === 'lambda-lint/require-source-queue-redrive')).toHaveLength(1500);
    // Files of no dialect are not reported at all.
    expect(results.map((x) => path.relative(dir, x.filePath))).not.toContain('package-lock.json');
    expect(results.map((x) => path.relative(dir, x.filePath))).not.toContain('notes.yaml');
    expect(results.map((x) => path.relative(dir, x.filePath))).not.toContain('.github/workflows/ci.yml');
  });
});

describe('handler paths in templates that leave the project', () => {
  it('are not followed: the handler outside is never read', () => {
    const base = writeProject({
      'outside/secret.ts': 'export const handler = async () => { const batchItemFailures: unknown[] = []; return { batchItemFailures }; };\n',
      'project/package.json': '{"name":"escape"}',
      'project/template.yaml': [
        "AWSTemplateFormatVersion: '2010-09-09'",
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Jobs:',
        '    Type: AWS::SQS::Queue',
        '    Properties:',
        '      VisibilityTimeout: 180',
        '      RedrivePolicy: { deadLetterTargetArn: arn:aws:sqs:us-east-1:1:dlq, maxReceiveCount: 5 }',
        '  Worker:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: ../outside/',
        '      Handler: secret.handler',
        '      Events:',
        '        Jobs:',
        '          Type: SQS',
        '          Properties:',
        '            Queue: !GetAtt Jobs.Arn',
        '',
      ].join('\n'),
      'project/main.tf': [
        'data "archive_file" "secret" {',
        '  type        = "zip"',
        '  source_dir  = "${path.module}/../outside"',
        '  output_path = "${path.module}/secret.zip"',
        '}',
        'resource "aws_lambda_function" "secret" {',
        '  function_name = "secret"',
        '  filename      = data.archive_file.secret.output_path',
        '  handler       = "secret.handler"',
        '}',
        'resource "aws_lambda_event_source_mapping" "secret" {',
        '  event_source_arn = "arn:aws:sqs:us-east-1:123456789012:jobs"',
        '  function_name    = aws_lambda_function.secret.arn',
        '}',
        '',
      ].join('\n'),
    });
    const dir = path.join(base, 'project');
    const r = runCli(['--format', 'json', '.'], dir);
    expect(r.stderr).toMatch(QUIET_STDERR);
    // Without the handler, the mappings are judged on their own; nothing says the handler was read.
    expect(findings(r.stdout, dir)).toEqual([
      'main.tf:11:1 lambda-lint/require-report-batch-item-failures',
      'template.yaml:15:9 lambda-lint/require-report-batch-item-failures',
    ]);
  });
});

describe('require-idempotency with a trigger only the infrastructure shows', () => {
  it('knows a Terraform S3 notification in another file of the module invokes the handler at least once', () => {
    const dir = fixture('terraform');
    const r = runCli(['--format', 'json', '--rule', 'require-idempotency:error', 'src/thumbs.ts'], dir);
    expect(findings(r.stdout, dir)).toEqual(['src/thumbs.ts:7:9 lambda-lint/require-idempotency']);
  });
});

describe('Serverless Framework: functions that name each other', () => {
  it('a function named in IAM statements may have other callers; a destination function is invoked asynchronously', () => {
    const dir = writeProject({
      'package.json': '{"name":"refs"}',
      'serverless.yml': [
        'service: x',
        'provider:',
        '  name: aws',
        '  timeout: 10',
        '  iamRoleStatements:',
        '    - Effect: Allow',
        '      Action: lambda:InvokeFunction',
        '      Resource: !GetAtt WorkerLambdaFunction.Arn',
        'functions:',
        '  api:',
        '    handler: src/api.handler',
        '    destinations:',
        '      onFailure: cleanup',
        '    events:',
        '      - httpApi: GET /x',
        '  worker:',
        '    handler: src/worker.handler',
        '    onError: arn:aws:sns:us-east-1:1:alerts',
        '    events:',
        '      - sqs:',
        '          arn: arn:aws:sqs:us-east-1:1:jobs',
        '          functionResponseType: ReportBatchItemFailures',
        '  cleanup:',
        '    handler: src/cleanup.handler',
        '    onError: arn:aws:sns:us-east-1:1:alerts',
        '  plain:',
        '    handler: src/plain.handler',
        '    onError: arn:aws:sns:us-east-1:1:alerts',
        '    events:',
        '      - sqs:',
        '          arn: arn:aws:sqs:us-east-1:1:jobs2',
        '          functionResponseType: ReportBatchItemFailures',
        '',
      ].join('\n'),
    });
    const r = runCli(['--format', 'json', '.'], dir);
    expect(findings(r.stdout, dir)).toEqual(['serverless.yml:25:5 lambda-lint/prefer-destinations-over-dlq', 'serverless.yml:28:5 lambda-lint/no-ineffective-dlq']);
  });
});

describe('Pulumi component classes: resources kept in fields', () => {
  const component = (extra: string): string => `import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
declare function register(fn: unknown): void;
export class Search extends pulumi.ComponentResource {
  table: aws.dynamodb.Table;
  fn: aws.lambda.Function;
  constructor(name: string) {
    super('app:Search', name);
    this.table = new aws.dynamodb.Table('t', { hashKey: 'pk', attributes: [{ name: 'pk', type: 'S' }], streamEnabled: true, streamViewType: 'NEW_IMAGE' });
    const failures = new aws.sqs.Queue('failures');
    this.fn = new aws.lambda.Function('index', { role: 'r', runtime: 'nodejs20.x', handler: 'index.handler', code: new pulumi.asset.FileArchive('./app'), deadLetterConfig: { targetArn: failures.arn } });
    new aws.lambda.EventSourceMapping('m', { eventSourceArn: this.table.streamArn, functionName: this.fn.arn, startingPosition: 'LATEST', batchSize: 100, maximumRetryAttempts: 3 });
${extra}  }
}
`;
  const RULES = ['require-stream-failure-destination', 'require-report-batch-item-failures', 'no-ineffective-dlq'];

  it('follows this.table and this.fn from the mapping to the resources', async () => {
    const dir = writeProject({ 'package.json': '{}', 'Pulumi.yaml': 'name: app\nruntime: nodejs\n', 'index.ts': component('') });
    expect((await cliFindings(dir, RULES)).map((f) => `${f.line} ${f.ruleId}`)).toEqual([
      '11 lambda-lint/no-ineffective-dlq',
      '12 lambda-lint/require-report-batch-item-failures',
      '12 lambda-lint/require-stream-failure-destination',
    ]);
  });

  it('knows a field handed to code it does not read may be invoked by others', async () => {
    const dir = writeProject({ 'package.json': '{}', 'Pulumi.yaml': 'name: app\nruntime: nodejs\n', 'index.ts': component('    register(this.fn);\n') });
    expect((await cliFindings(dir, RULES)).map((f) => `${f.line} ${f.ruleId}`)).toEqual(['12 lambda-lint/require-report-batch-item-failures', '12 lambda-lint/require-stream-failure-destination']);
  });
});

describe('a mapping whose source ARN is not evaluated, shaped like a stream\'s (a starting position, nothing of Kafka, MQ or DocumentDB)', () => {
  const RULES = ['no-unbounded-stream-retries', 'require-report-batch-item-failures', 'require-stream-failure-destination'];
  const run = async (files: Record<string, string>): Promise<string[]> => (await cliFindings(writeProject({ 'package.json': '{}', ...files }), RULES)).map((f) => `${f.file}:${f.line} ${f.ruleId.replace('lambda-lint/', '')}`);
  const template = (extra: string): string => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: { ZipFile: 'exports.handler = async () => {}' }
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Fn
      EventSourceArn: !ImportValue shared-stream-arn
      BatchSize: 10
${extra}`;
  const terraform = (extra: string): string => `variable "stream_arn" { type = string }
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "r"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "fn.zip"
}
resource "aws_lambda_event_source_mapping" "m" {
  event_source_arn = var.stream_arn
  function_name    = aws_lambda_function.fn.arn
  batch_size       = 10
${extra}}
`;
  const python = (extra: string): string => `from aws_cdk import Stack
from aws_cdk import aws_lambda as _lambda


class Consumer(Stack):
    def __init__(self, scope, construct_id, stream_arn):
        super().__init__(scope, construct_id)
        fn = _lambda.Function(self, "Fn", runtime=_lambda.Runtime.PYTHON_3_12, code=_lambda.Code.from_asset("src"), handler="index.handler")
        fn.add_event_source_mapping("M", event_source_arn=stream_arn, batch_size=2${extra})
`;

  it('CloudFormation (an imported ARN), Terraform (a variable) and CDK in Python (a parameter): unbounded retries, no partial batch responses', async () => {
    expect(await run({ 'template.yaml': template('      StartingPosition: LATEST\n') })).toEqual(['template.yaml:10 no-unbounded-stream-retries', 'template.yaml:10 require-report-batch-item-failures']);
    expect(await run({ 'main.tf': terraform('  starting_position = "LATEST"\n') })).toEqual(['main.tf:9 no-unbounded-stream-retries', 'main.tf:9 require-report-batch-item-failures']);
    const stack = python(', starting_position=_lambda.StartingPosition.TRIM_HORIZON');
    expect(await run({ 'cdk.json': '{ "app": "python3 app.py" }', 'app.py': stack, 'src/index.py': 'def handler(event, context):\n    pass\n' })).toEqual(['app.py:9 no-unbounded-stream-retries', 'app.py:9 require-report-batch-item-failures']);
    // Retries bounded without a destination: the records that give up are dropped.
    expect(await run({ 'template.yaml': template('      StartingPosition: LATEST\n      MaximumRetryAttempts: 2\n      FunctionResponseTypes: [ReportBatchItemFailures]\n') })).toEqual(['template.yaml:10 require-stream-failure-destination']);
  });

  it('near misses: no starting position, Kafka topics, MQ queues, a DocumentDB source, settings that may say so', async () => {
    expect(await run({ 'template.yaml': template('') })).toEqual([]);
    expect(await run({ 'template.yaml': template('      StartingPosition: LATEST\n      Topics: [orders]\n') })).toEqual([]);
    expect(await run({ 'template.yaml': template('      StartingPosition: LATEST\n      Queues: [orders]\n') })).toEqual([]);
    expect(await run({ 'template.yaml': template('      StartingPosition: LATEST\n      DocumentDBEventSourceConfig: { DatabaseName: db }\n') })).toEqual([]);
    expect(await run({ 'main.tf': terraform('  starting_position = "LATEST"\n  document_db_event_source_config {\n    database_name = "db"\n  }\n') })).toEqual([]);
    expect(await run({ 'main.tf': terraform('') })).toEqual([]);
    expect(await run({ 'cdk.json': '{ "app": "python3 app.py" }', 'app.py': python(', starting_position=_lambda.StartingPosition.LATEST, kafka_topic="orders"'), 'src/index.py': 'def handler(event, context):\n    pass\n' })).toEqual([]);
    expect(await run({ 'cdk.json': '{ "app": "python3 app.py" }', 'app.py': python(', starting_position=_lambda.StartingPosition.LATEST, **OTHER'), 'src/index.py': 'def handler(event, context):\n    pass\n' })).toEqual([]);
  });
});

describe('Pulumi: functions kept in an object literal (a field or a constant), invoked through its properties', () => {
  const component = (fns: string, arn: string): string => `import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
export class Files extends pulumi.ComponentResource {
  functions: { manage: aws.lambda.Function; download: aws.lambda.Function };
  constructor(name: string) {
    super('app:Files', name);
    const bucket = new aws.s3.Bucket('files');
    const code = new pulumi.asset.FileArchive('./app');
    const manage = new aws.lambda.Function('manage', { role: 'r', runtime: 'nodejs20.x', handler: 'index.handler', code });
    const download = new aws.lambda.Function('download', { role: 'r', runtime: 'nodejs20.x', handler: 'index.handler', code });
${fns}
    new aws.s3.BucketNotification('n', { bucket: bucket.id, lambdaFunctions: [{ lambdaFunctionArn: ${arn}, events: ['s3:ObjectRemoved:*'] }] });
  }
}
`;
  const run = async (fns: string, arn: string): Promise<string[]> =>
    (await cliFindings(writeProject({ 'package.json': '{}', 'Pulumi.yaml': 'name: app\nruntime: nodejs\n', 'index.ts': component(fns, arn) }), ['require-async-failure-destination'])).map((f) => `${f.line} ${f.ruleId}`);

  it('the notification names the function through the field or the constant', async () => {
    expect(await run('    this.functions = { manage, download };', 'this.functions.manage.arn')).toEqual(['9 lambda-lint/require-async-failure-destination']);
    expect(await run('    const fns = { manage, download: download };', 'fns.download.arn')).toEqual(['10 lambda-lint/require-async-failure-destination']);
  });

  it('a spread after the property replaces it as in any options object; near misses: a field assigned twice, a spread not known, a property not written', async () => {
    // \`{ manage, ...other }\` with \`other = { manage: download }\`: the property is \`download\`.
    expect(await run('    const other = { manage: download };\n    const fns = { manage, ...other };', 'fns.manage.arn')).toEqual(['10 lambda-lint/require-async-failure-destination']);
    expect(await run('    this.functions = { manage, download };\n    this.functions = { manage: download, download };', 'this.functions.manage.arn')).toEqual([]);
    expect(await run('    const fns = { manage, ...makeOther() };', 'fns.manage.arn')).toEqual([]);
    expect(await run('    const fns = { manage };', 'fns.download.arn')).toEqual([]);
  });
});

describe('Pulumi: an AssetArchive of a built folder, in a project whose main is a subfolder', () => {
  const program = `import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
export const fn = new aws.lambda.Function('worker', {
  role: 'r',
  runtime: 'nodejs20.x',
  handler: 'handler.handler',
  code: new pulumi.asset.AssetArchive({ '.': new pulumi.asset.FileArchive('../code/worker/build') }),
});
`;
  const graphOf = (files: Record<string, string>): { linked: boolean; file?: string; builtFrom?: string; unlinked?: string }[] => {
    const dir = writeProject({ 'package.json': '{}', 'api/Pulumi.yaml': 'name: api\nruntime: nodejs\nmain: pulumi/\n', 'api/pulumi/index.ts': program, ...files });
    return (JSON.parse(runCli(['--print-graph', 'json'], dir).stdout) as { functions: { handler: { linked: boolean; file?: string; builtFrom?: string; unlinked?: string } }[] }).functions.map((f) => f.handler);
  };

  it("resolves the folder from the program's working directory (main), and the bundle to the package's src/index", () => {
    const handler = 'export const handler = async (event: { Records: unknown[] }) => { for (const r of event.Records) console.log(r); };\n';
    expect(graphOf({ 'api/code/worker/package.json': '{ "name": "worker" }', 'api/code/worker/src/index.ts': handler, 'api/code/worker/webpack.config.js': 'module.exports = {};\n' })).toEqual([
      expect.objectContaining({ linked: true, file: 'api/code/worker/src/index.ts', builtFrom: 'api/code/worker/build/handler' }),
    ]);
  });

  it('does not guess a bundle entry when the package has no single src/index', () => {
    expect(graphOf({ 'api/code/worker/package.json': '{ "name": "worker" }', 'api/code/worker/src/main.ts': 'export const handler = async () => {};\n' })).toEqual([
      expect.objectContaining({ linked: false, unlinked: 'no file api/code/worker/build/handler.{ts,js,mjs,cjs,…} in the project' }),
    ]);
  });
});

describe("HashiCorp's parser, handed files ahead of their turn", () => {
  const queue = (name: string) => `resource "aws_sqs_queue" "${name}" {\n  visibility_timeout_seconds = 60\n}\n`;
  const bodyOf = (parsed: HclParsed) => (parsed.ok ? parsed.body : parsed);

  it('answers each file with its own parse, in any order, as if parsed in turn', () => {
    prefetchHcl([
      { name: 'a.tf', text: queue('a') },
      { name: 'b.tf', text: queue('b') },
      { name: 'bad.tf', text: 'resource "aws_sqs_queue" {\n  = 1\n}\n' },
    ]);
    expect(filesAhead()).toBe(3);
    expect(bodyOf(parseHcl('b.tf', queue('b')))).toEqual(bodyOf(parseHcl('fresh-b.tf', queue('b'))));
    expect(filesAhead()).toBe(2);
    expect(JSON.stringify(bodyOf(parseHcl('a.tf', queue('a'))))).toContain('"a"');
    const bad = parseHcl('bad.tf', 'resource "aws_sqs_queue" {\n  = 1\n}\n');
    expect(bad).toMatchObject({ ok: false, line: expect.any(Number) as number });
    expect(filesAhead()).toBe(0);
  });

  it('parses a file again when its text is not the text handed ahead (changed since)', () => {
    prefetchHcl([{ name: 'c.tf', text: queue('old') }]);
    const parsed = JSON.stringify(bodyOf(parseHcl('c.tf', queue('new'))));
    expect(parsed).toContain('"new"');
    expect(parsed).not.toContain('"old"');
  });

  it('drops what an earlier call handed ahead and nobody took', () => {
    prefetchHcl([{ name: 'd.tf', text: queue('d') }]);
    prefetchHcl([{ name: 'e.tf', text: queue('e') }]);
    expect(filesAhead()).toBe(1);
    expect(JSON.stringify(bodyOf(parseHcl('d.tf', queue('d'))))).toContain('"d"');
    expect(JSON.stringify(bodyOf(parseHcl('e.tf', queue('e'))))).toContain('"e"');
  });
});
