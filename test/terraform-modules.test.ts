/**
 * terraform-aws-modules/lambda/aws, the most used community module: the function, event source
 * mappings, asynchronous configuration and permissions it creates, read from its inputs as its
 * main.tf and variables.tf define them (without downloading it).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/api.js';
import { buildGraph } from '../src/graph.js';
import { cliFindings, eslintFindings, writeProject } from './helpers/project.js';
import { runCli } from './helpers/cli.js';

const SQS_LOOP = 'exports.handler = async (event) => {\n  for (const r of event.Records) await work(r);\n};\nasync function work(r) { if (!r.body) throw new Error("empty"); }\n';
const PARTIAL = 'exports.handler = async (event) => {\n  const batchItemFailures = [];\n  for (const r of event.Records) {\n    try { await work(r); } catch { batchItemFailures.push({ itemIdentifier: r.messageId }); }\n  }\n  return { batchItemFailures };\n};\nasync function work(r) { return r; }\n';
const PLAIN = 'exports.handler = async (event) => { console.log(event); };\n';

const lambda = (name: string, body: string): string => `module "${name}" {
  source        = "terraform-aws-modules/lambda/aws"
  version       = "~> 7.0"
  function_name = "${name}"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
${body}
}
`;

const QUEUE = 'resource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n  redrive_policy = jsonencode({ deadLetterTargetArn = "arn:aws:sqs:us-east-1:1:dlq", maxReceiveCount = 5 })\n}\n';

async function graphOf(dir: string): Promise<{ name: string | undefined; handler: { file?: string | undefined; linked: boolean; unlinked?: string | undefined }; asyncTriggers: string[]; onFailure: boolean; eventSources: { kind: string; queue: string | undefined; batchSize?: number | string | undefined }[] }[]> {
  const { project } = await analyze(['.'], { cwd: dir });
  return buildGraph(project, dir).functions;
}

const where = (findings: { file: string; line: number; ruleId: string }[]): string[] => findings.map((f) => `${f.file}:${f.line} ${f.ruleId.replace('lambda-lint/', '')}`);

describe('terraform-aws-modules/lambda: event_source_mapping', () => {
  const sqs = (entry: string, handler = SQS_LOOP): Record<string, string> => ({
    'package.json': '{}',
    'main.tf': `${QUEUE}\n${lambda('worker', `  source_path   = "\${path.module}/src/worker"\n  event_source_mapping = {\n    jobs = {\n      event_source_arn = aws_sqs_queue.jobs.arn\n${entry}\n    }\n  }`)}`,
    'src/worker/index.js': handler,
  });
  const rules = ['require-report-batch-item-failures', 'batch-response-ignored', 'require-batch-item-failures', 'no-whole-batch-throw'];

  it('a mapping without function_response_types: reported on the entry, and the handler knows it is fed by SQS (CLI, and ESLint for the handler)', async () => {
    const dir = writeProject(sqs('      batch_size       = 10'));
    const expected = ['main.tf:13 require-report-batch-item-failures', 'src/worker/index.js:2 require-batch-item-failures', 'src/worker/index.js:4 no-whole-batch-throw'];
    expect(where(await cliFindings(dir, rules))).toEqual(expected);
    // ESLint lints scripts: the handler's findings, which need the module's mapping.
    expect(where(await eslintFindings(dir, rules)).sort()).toEqual(expected.slice(1));
    const [fn] = await graphOf(dir);
    expect(fn?.handler).toMatchObject({ file: 'src/worker/index.js', linked: true });
    expect(fn?.eventSources.map((s) => `${s.kind} ${s.queue}`)).toEqual(['sqs main.tf#tf:aws_sqs_queue.jobs']);
  });

  it('a handler returning batchItemFailures behind a mapping without them: Lambda ignores the list', async () => {
    const dir = writeProject(sqs('      batch_size       = 10', PARTIAL));
    expect(where(await cliFindings(dir, rules))).toEqual(['main.tf:13 batch-response-ignored', 'src/worker/index.js:6 batch-response-ignored']);
    expect(where(await eslintFindings(dir, rules))).toEqual(['src/worker/index.js:6 batch-response-ignored']);
  });

  it('near miss: function_response_types set and the handler reports its failures', async () => {
    const dir = writeProject(sqs('      function_response_types = ["ReportBatchItemFailures"]', PARTIAL));
    expect(await cliFindings(dir, rules)).toEqual([]);
  });

  it('near miss: create_unqualified_alias_allowed_triggers = false makes no mapping (the module creates them with that alias)', async () => {
    const files = sqs('      batch_size       = 10', PLAIN);
    const dir = writeProject({ ...files, 'main.tf': (files['main.tf'] as string).replace('  event_source_mapping', '  create_unqualified_alias_allowed_triggers = false\n  event_source_mapping') });
    expect(await cliFindings(dir, rules)).toEqual([]);
    expect((await graphOf(dir))[0]?.eventSources).toEqual([]);
  });

  it('a stream entry with bounded retries and no destination_arn_on_failure: the message names the entry key', async () => {
    const stream = (extra: string): string =>
      `resource "aws_kinesis_stream" "clicks" {\n  name = "clicks"\n  shard_count = 1\n}\n\n${lambda('clicks', `  source_path = "src/clicks"\n  event_source_mapping = {\n    clicks = {\n      event_source_arn  = aws_kinesis_stream.clicks.arn\n      starting_position = "LATEST"\n      function_response_types = ["ReportBatchItemFailures"]\n      bisect_batch_on_function_error = true\n      maximum_retry_attempts = 3\n${extra}    }\n  }`)}`;
    const dir = writeProject({ 'package.json': '{}', 'main.tf': stream(''), 'src/clicks/index.js': PLAIN });
    const { results } = await analyze(['.'], { cwd: dir, rules: { 'require-stream-failure-destination': 'error' } });
    const messages = results.flatMap((r) => r.messages).filter((m) => m.ruleId === 'lambda-lint/require-stream-failure-destination');
    expect(messages.map((m) => m.line)).toEqual([13]);
    expect(messages[0]?.message).toContain('`destination_arn_on_failure = …` in the `event_source_mapping` entry');
    const kept = writeProject({ 'package.json': '{}', 'main.tf': stream('      destination_arn_on_failure = "arn:aws:sqs:us-east-1:1:failed"\n'), 'src/clicks/index.js': PLAIN });
    expect(await cliFindings(kept, ['require-stream-failure-destination', 'no-unbounded-stream-retries'])).toEqual([]);
  });

  it('a mapping resource outside the module, fed to module.x.lambda_function_arn, feeds the module’s function', async () => {
    const dir = writeProject({
      'package.json': '{}',
      'main.tf': `${QUEUE}\n${lambda('worker', '  source_path = "src/worker"')}\nresource "aws_lambda_event_source_mapping" "jobs" {\n  event_source_arn = aws_sqs_queue.jobs.arn\n  function_name    = module.worker.lambda_function_arn\n}\n`,
      'src/worker/index.js': SQS_LOOP,
    });
    expect(where(await cliFindings(dir, rules))).toEqual(['main.tf:15 require-report-batch-item-failures', 'src/worker/index.js:2 require-batch-item-failures', 'src/worker/index.js:4 no-whole-batch-throw']);
  });

  it('a source from the community sqs and dynamodb-table modules is known by its output name; the old this_ outputs name the function', async () => {
    const dir = writeProject({
      'package.json': '{}',
      'main.tf': `${lambda('worker', '  source_path = "src/worker"\n  event_source_mapping = {\n    sqs = { event_source_arn = module.queue.this_sqs_queue_arn }\n    table = { event_source_arn = module.table.dynamodb_table_stream_arn, starting_position = "LATEST" }\n    other = { event_source_arn = module.other.arn }\n  }')}\nresource "aws_cloudwatch_event_target" "t" {\n  rule = "r"\n  arn  = module.worker.this_lambda_function_arn\n}\n`,
      'src/worker/index.js': PLAIN,
    });
    const [fn] = await graphOf(dir);
    expect(fn?.eventSources.map((e) => e.kind).sort()).toEqual(['dynamodb', 'sqs', 'unknown']);
    expect(fn?.eventSources.length).toBe(3);
    expect(fn?.asyncTriggers).toEqual(['EventBridge rule']);
  });

  it('an event_source_mapping that is not a literal map: no mapping is made up, and no async finding either', async () => {
    const dir = writeProject({ 'package.json': '{}', 'main.tf': lambda('worker', '  source_path = "src/worker"\n  event_source_mapping = local.mappings'), 'src/worker/index.js': PLAIN });
    expect(await cliFindings(dir, [...rules, 'require-async-failure-destination'])).toEqual([]);
    expect((await graphOf(dir))[0]?.eventSources).toEqual([]);
  });
});

describe('terraform-aws-modules/lambda: asynchronous invocations', () => {
  const rules = ['require-async-failure-destination'];
  const project = (body: string, extra = ''): string =>
    writeProject({ 'package.json': '{}', 'main.tf': `${lambda('notify', `  source_path = "src/notify"\n${body}`)}${extra}`, 'src/notify/index.js': PLAIN });

  it('allowed_triggers for EventBridge, no async configuration: reported on the module, in the module’s own inputs', async () => {
    const dir = project('  allowed_triggers = {\n    rule = { principal = "events.amazonaws.com", source_arn = "arn:aws:events:us-east-1:1:rule/nightly" }\n  }');
    const { results } = await analyze(['.'], { cwd: dir, rules: { 'require-async-failure-destination': 'error' } });
    const [finding] = results.flatMap((r) => r.messages);
    expect(finding?.line).toBe(1);
    expect(finding?.message).toContain('(EventBridge rule)');
    expect(finding?.message).toContain('`create_async_event_config = true` with `destination_on_failure = …` on the module');
  });

  it('a destination_on_failure without create_async_event_config is not created by the module: still reported', async () => {
    const dir = project('  allowed_triggers = { sns = { service = "sns", source_arn = "arn:aws:sns:us-east-1:1:t" } }\n  destination_on_failure = "arn:aws:sqs:us-east-1:1:failed"');
    expect(where(await cliFindings(dir, rules))).toEqual(['main.tf:1 require-async-failure-destination']);
  });

  it('near miss: create_async_event_config = true with destination_on_failure', async () => {
    const dir = project('  allowed_triggers = { sns = { service = "sns", source_arn = "arn:aws:sns:us-east-1:1:t" } }\n  create_async_event_config = true\n  destination_on_failure = "arn:aws:sqs:us-east-1:1:failed"');
    expect(await cliFindings(dir, rules)).toEqual([]);
    expect((await graphOf(dir))[0]?.onFailure).toBe(true);
  });

  it('near miss: create_async_event_config given by a variable is not known', async () => {
    const dir = project('  allowed_triggers = { sns = { service = "sns", source_arn = "arn:aws:sns:us-east-1:1:t" } }\n  create_async_event_config = var.async\n  destination_on_failure = "arn:aws:sqs:us-east-1:1:failed"');
    expect(await cliFindings(dir, rules)).toEqual([]);
  });

  it('an EventBridge target and an invoke config outside the module that name its outputs', async () => {
    const target = '\nresource "aws_cloudwatch_event_target" "nightly" {\n  rule = "nightly"\n  arn  = module.notify.lambda_function_arn\n}\n';
    expect(where(await cliFindings(project('', target), rules))).toEqual(['main.tf:1 require-async-failure-destination']);
    const config = '\nresource "aws_lambda_function_event_invoke_config" "notify" {\n  function_name = module.notify.lambda_function_name\n  destination_config {\n    on_failure {\n      destination = "arn:aws:sqs:us-east-1:1:failed"\n    }\n  }\n}\n';
    expect(await cliFindings(project('', target + config), rules)).toEqual([]);
  });

  it('near miss: create = false makes no function; a module of another source is not read as one', async () => {
    const off = project('  create = false\n  allowed_triggers = { rule = { principal = "events.amazonaws.com" } }');
    expect(await graphOf(off)).toEqual([]);
    const other = writeProject({ 'package.json': '{}', 'main.tf': 'module "notify" {\n  source  = "./modules/lambda"\n  handler = "index.handler"\n  allowed_triggers = { rule = { principal = "events.amazonaws.com" } }\n}\n' });
    expect(await graphOf(other)).toEqual([]);
  });
});

describe('terraform-aws-modules/lambda: where the handler is (source_path)', () => {
  const link = async (body: string, files: Record<string, string>): Promise<{ file?: string | undefined; linked: boolean; unlinked?: string | undefined } | undefined> => {
    const dir = writeProject({ 'package.json': '{}', 'infra/main.tf': lambda('fn', body), ...files });
    return (await graphOf(dir))[0]?.handler;
  };

  it.each([
    ['a folder', '  source_path = "../src/fn"', { 'src/fn/index.js': PLAIN }, 'src/fn/index.js'],
    ['a folder from ${path.module}', '  source_path = "${path.module}/../src/fn"', { 'src/fn/index.js': PLAIN }, 'src/fn/index.js'],
    ['one file', '  source_path = "../src/fn/index.js"', { 'src/fn/index.js': PLAIN }, 'src/fn/index.js'],
    ['one entry with a path', '  source_path = [{ path = "../src/fn", patterns = ["!.*\\\\.md"] }]', { 'src/fn/index.js': PLAIN }, 'src/fn/index.js'],
    ['commands zipping the folder', '  source_path = [{ path = "../src/fn", commands = ["npm ci", ":zip"] }]', { 'src/fn/index.js': PLAIN }, 'src/fn/index.js'],
    ['commands zipping a build folder, whose source is found', '  source_path = [{ path = "../fn", commands = ["npm ci", "npm run build", ":zip dist"] }]', { 'fn/package.json': '{}', 'fn/src/index.ts': 'export const handler = async () => {};\n' }, 'fn/src/index.ts'],
  ])('links %s', async (_name, body, files, expected) => {
    expect(await link(body, files)).toMatchObject({ file: expected, linked: true });
  });

  it.each([
    ['several paths', '  source_path = ["../src/fn", "../src/shared"]', 'source_path packs several paths'],
    ['a prefix in the zip', '  source_path = [{ path = "../src/fn", prefix_in_zip = "app" }]', 'prefix_in_zip'],
    ['commands without :zip', '  source_path = [{ path = "../src/fn", commands = ["npm run build"] }]', 'source_path commands build the package'],
    ['a package built elsewhere', '  create_package = false\n  local_existing_package = "../dist/fn.zip"', 'local_existing_package'],
    ['a container image', '  package_type = "Image"\n  image_uri = "1.dkr.ecr.us-east-1.amazonaws.com/fn:latest"', 'a container image'],
    ['a variable', '  source_path = var.path', 'source_path is not a literal path'],
  ])('near miss: %s stays unlinked, and says why', async (_name, body, why) => {
    const handler = await link(body, { 'src/fn/index.js': PLAIN });
    expect(handler?.linked).toBe(false);
    expect(handler?.unlinked).toContain(why);
  });
});

describe('modules of the repository: each call read as an instance, its variables bound to the arguments', () => {
  const WORKER = `variable "name" {}
variable "queue_arn" {}
variable "source_dir" {}
variable "batch_size" {
  default = 10
}
variable "timeout" {
  default = 30
}

data "archive_file" "zip" {
  type        = "zip"
  source_dir  = var.source_dir
  output_path = "\${path.module}/out/\${var.name}.zip"
}

resource "aws_lambda_function" "this" {
  function_name = var.name
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = data.archive_file.zip.output_path
  timeout       = var.timeout
}

resource "aws_lambda_event_source_mapping" "this" {
  event_source_arn = var.queue_arn
  function_name    = aws_lambda_function.this.arn
  batch_size       = var.batch_size
}
`;
  const OUTPUTS = 'output "function_arn" {\n  value = aws_lambda_function.this.arn\n}\n';
  const call = (name: string, extra = ''): string =>
    `module "${name}" {\n  source     = "../../modules/worker"\n  name       = "${name}"\n  queue_arn  = aws_sqs_queue.${name}.arn\n  source_dir = "\${path.module}/../../src/${name}"\n${extra}}\n`;
  const queue = (name: string, visibility = 200): string => `resource "aws_sqs_queue" "${name}" {\n  name = "${name}"\n  visibility_timeout_seconds = ${visibility}\n  redrive_policy = jsonencode({ deadLetterTargetArn = "arn:aws:sqs:us-east-1:1:dlq", maxReceiveCount = 5 })\n}\n`;
  const project = (prod: string, more: Record<string, string> = {}): string =>
    writeProject({ 'package.json': '{}', 'modules/worker/main.tf': WORKER, 'modules/worker/outputs.tf': OUTPUTS, 'envs/prod/main.tf': prod, 'src/orders/index.js': SQS_LOOP, 'src/refunds/index.js': PLAIN, ...more });
  const rules = ['require-report-batch-item-failures', 'sqs-visibility-timeout', 'require-async-failure-destination', 'require-batch-item-failures'];

  it("links the handler through the caller's folder, feeds it the caller's queue, and reports in the module where the setting is missing", async () => {
    const dir = project(`${queue('orders', 20)}\n${call('orders')}`);
    expect(where(await cliFindings(dir, rules))).toEqual([
      // The caller's queue against the module's function timeout (the variable's default, 30 s).
      'envs/prod/main.tf:3 sqs-visibility-timeout',
      'modules/worker/main.tf:25 require-report-batch-item-failures',
      'src/orders/index.js:2 require-batch-item-failures',
    ]);
    const [fn] = await graphOf(dir);
    expect(fn?.handler).toMatchObject({ file: 'src/orders/index.js', linked: true, source: 'sqs' });
    expect(fn?.eventSources.map((s) => s.queue)).toEqual(['envs/prod/main.tf#tf:aws_sqs_queue.orders']);
  });

  it('ESLint, from the editor-side project cache, knows the instance’s mapping ignores batchItemFailures', async () => {
    const dir = project(`${queue('orders')}\n${call('orders')}`, { 'src/orders/index.js': PARTIAL });
    expect(where(await eslintFindings(dir, ['batch-response-ignored']))).toEqual(['src/orders/index.js:6 batch-response-ignored']);
  });

  it('an output the caller gives an EventBridge target names the instance’s function', async () => {
    const dir = project(`${queue('orders')}\n${call('orders', '  batch_size = 1\n')}\nresource "aws_cloudwatch_event_target" "nightly" {\n  rule = "nightly"\n  arn  = module.orders.function_arn\n}\n`);
    expect(where(await cliFindings(dir, rules))).toEqual(['modules/worker/main.tf:17 require-async-failure-destination']);
  });

  it('two instances: each with its own values; a finding they share is reported once', async () => {
    const two = project(`${queue('orders')}\n${queue('refunds')}\n${call('orders')}\n${call('refunds')}`);
    expect(where(await cliFindings(two, ['require-report-batch-item-failures']))).toEqual(['modules/worker/main.tf:25 require-report-batch-item-failures']);
    // Only one instance batches: the finding is that instance's.
    const one = project(`${queue('orders')}\n${queue('refunds')}\n${call('orders', '  batch_size = 1\n')}\n${call('refunds')}`);
    expect(where(await cliFindings(one, ['require-report-batch-item-failures']))).toEqual(['modules/worker/main.tf:25 require-report-batch-item-failures']);
    const none = project(`${queue('orders')}\n${queue('refunds')}\n${call('orders', '  batch_size = 1\n')}\n${call('refunds', '  batch_size = 1\n')}`);
    expect(await cliFindings(none, ['require-report-batch-item-failures'])).toEqual([]);
    const graph = await graphOf(two);
    // Each instance's mapping feeds its own function from its own queue (one place, two mappings).
    expect(graph.map((f) => `${f.handler.file} ${f.eventSources.map((e) => e.queue).join()}`).sort()).toEqual([
      'src/orders/index.js envs/prod/main.tf#tf:aws_sqs_queue.orders',
      'src/refunds/index.js envs/prod/main.tf#tf:aws_sqs_queue.refunds',
    ]);
  });

  it('near miss: an argument the caller does not know (its own variable) stays unknown', async () => {
    const dir = project(`${call('orders').replace('aws_sqs_queue.orders.arn', 'var.orders_queue_arn')}`);
    expect(await cliFindings(dir, ['require-report-batch-item-failures', 'sqs-visibility-timeout'])).toEqual([]);
    expect((await graphOf(dir))[0]?.eventSources.map((s) => s.kind)).toEqual(['unknown']);
  });

  it('modules inside modules: a service module calling the function module, called by the root', async () => {
    const service = `resource "aws_sqs_queue" "orders" {\n  name = "orders"\n}\n\nmodule "orders" {\n  source     = "../worker"\n  name       = "orders"\n  queue_arn  = aws_sqs_queue.orders.arn\n  source_dir = var.code\n}\n\nvariable "code" {}\n`;
    const dir = writeProject({
      'package.json': '{}',
      'modules/worker/main.tf': WORKER,
      'modules/service/main.tf': service,
      'envs/prod/main.tf': 'module "service" {\n  source = "../../modules/service"\n  code   = "${path.root}/../../src/orders"\n}\n',
      'src/orders/index.js': SQS_LOOP,
    });
    const [fn] = await graphOf(dir);
    expect(fn?.handler).toMatchObject({ file: 'src/orders/index.js', linked: true, source: 'sqs' });
    expect(where(await cliFindings(dir, ['require-report-batch-item-failures', 'require-source-queue-redrive']))).toEqual([
      'modules/service/main.tf:1 require-source-queue-redrive',
      'modules/worker/main.tf:25 require-report-batch-item-failures',
    ]);
    // The service folder is called, so it is no root module: its block is read in its instance only.
    const r = runCli(['--print-graph', 'json', '.'], dir);
    const graph = JSON.parse(r.stdout) as { terraformModules: { module: string; instance?: string }[] };
    expect(graph.terraformModules.map((m) => `${m.module} ${m.instance}`)).toEqual(['module.service prod:module.service/', 'prod:module.service/module.orders prod:module.service/module.orders/']);
  });

  it('a module of the repository wrapping terraform-aws-modules/lambda, its source_path given by the caller', async () => {
    const wrapper = `variable "path" {}\nvariable "queue_arn" {}\n\nmodule "lambda" {\n  source        = "terraform-aws-modules/lambda/aws"\n  function_name = "worker"\n  handler       = "index.handler"\n  runtime       = "nodejs20.x"\n  source_path   = var.path\n  event_source_mapping = {\n    sqs = { event_source_arn = var.queue_arn }\n  }\n}\n`;
    const dir = writeProject({
      'package.json': '{}',
      'modules/worker/main.tf': wrapper,
      'envs/prod/main.tf': `${queue('orders')}\nmodule "orders" {\n  source    = "../../modules/worker"\n  path      = "../../src/orders"\n  queue_arn = aws_sqs_queue.orders.arn\n}\n`,
      'src/orders/index.js': SQS_LOOP,
    });
    const [fn] = await graphOf(dir);
    expect(fn?.handler).toMatchObject({ file: 'src/orders/index.js', linked: true, source: 'sqs' });
    expect(where(await cliFindings(dir, ['require-report-batch-item-failures']))).toEqual(['modules/worker/main.tf:10 require-report-batch-item-failures']);
  });

  it('--print-graph says which module blocks were not read, and why', () => {
    const dir = writeProject({
      'package.json': '{}',
      'main.tf': 'module "gone" {\n  source = "./modules/gone"\n}\n\nmodule "remote" {\n  source  = "DataDog/lambda-datadog/aws"\n  version = "2.0.0"\n}\n',
    });
    const graph = JSON.parse(runCli(['--print-graph', 'json', '.'], dir).stdout) as { terraformModules: { module: string; unread?: string }[] };
    expect(graph.terraformModules.map((m) => `${m.module}: ${m.unread}`)).toEqual([
      'module.gone: no .tf file in ./modules/gone',
      'module.remote: a module from outside the repository (registry or git): not read, so the functions it makes are not in the model',
    ]);
  });
});

describe('modules from a registry or git that terraform init downloaded', () => {
  const manifest = (modules: { Key: string; Source: string; Dir: string }[]): string => JSON.stringify({ Modules: [{ Key: '', Source: '', Dir: '.' }, ...modules] });
  const REMOTE = `variable "code_dir" {}\nvariable "handler" {}\n\nresource "aws_lambda_function" "this" {\n  function_name = "fn"\n  handler       = var.handler\n  runtime       = "nodejs20.x"\n  filename      = data.archive_file.zip.output_path\n}\n\ndata "archive_file" "zip" {\n  type        = "zip"\n  source_dir  = var.code_dir\n  output_path = "fn.zip"\n}\n\noutput "function_arn" {\n  value = aws_lambda_function.this.arn\n}\n`;
  const root = `${QUEUE}\nmodule "worker" {\n  source   = "https://example.com/terraform-lambda.zip"\n  code_dir = "\${path.module}/lambdas/worker"\n  handler  = "index.handler"\n}\n\nresource "aws_lambda_event_source_mapping" "jobs" {\n  event_source_arn = aws_sqs_queue.jobs.arn\n  function_name    = module.worker.function_arn\n}\n`;

  it('reads the downloaded copy as an instance: the handler is linked and fed by the mapping of the root module', async () => {
    const dir = writeProject({
      'package.json': '{}',
      'infra/main.tf': root,
      'infra/.terraform/modules/modules.json': manifest([{ Key: 'worker', Source: 'https://example.com/terraform-lambda.zip', Dir: '.terraform/modules/worker' }]),
      'infra/.terraform/modules/worker/main.tf': REMOTE,
      'infra/lambdas/worker/index.js': SQS_LOOP,
    });
    const [fn] = await graphOf(dir);
    expect(fn?.handler).toMatchObject({ file: 'infra/lambdas/worker/index.js', linked: true, source: 'sqs' });
    expect(where(await cliFindings(dir, ['require-report-batch-item-failures', 'require-batch-item-failures']))).toEqual(['infra/main.tf:12 require-report-batch-item-failures', 'infra/lambdas/worker/index.js:2 require-batch-item-failures'].sort());
  });

  // The shape of a shared module published as a release zip: the code packed by an archive_file,
  // uploaded by an aws_s3_object, each in a file of its own; zip or image chosen by a variable.
  const SHARED = {
    'variables.tf': 'variable "code_dir" {}\nvariable "handler_function_name" {}\nvariable "timeout" {\n  default = 3\n}\nvariable "package_type" {\n  default = "Zip"\n}\nvariable "image_uri" {\n  default = null\n}\nvariable "schedule" {\n  default = ""\n}\n',
    'locals.tf': 'locals {\n  package_type = lower(var.package_type)\n}\n',
    'lambda_function.tf': 'resource "aws_lambda_function" "main" {\n  function_name = "fn"\n  handler       = local.package_type == "zip" ? "index.${var.handler_function_name}" : null\n  runtime       = "nodejs20.x"\n  package_type  = title(local.package_type)\n  timeout       = var.timeout\n  s3_bucket     = local.package_type == "zip" ? aws_s3_object.lambda[0].bucket : null\n  s3_key        = local.package_type == "zip" ? aws_s3_object.lambda[0].key : null\n  image_uri     = local.package_type == "image" ? var.image_uri : null\n}\n\noutput "function_name" {\n  value = aws_lambda_function.main.function_name\n}\n',
    's3_object.tf': 'resource "aws_s3_object" "lambda" {\n  count  = local.package_type == "zip" ? 1 : 0\n  bucket = "artefacts"\n  key    = "fn.zip"\n  source = data.archive_file.lambda[0].output_path\n}\n',
    'archive.tf': 'data "archive_file" "lambda" {\n  count       = local.package_type == "zip" ? 1 : 0\n  type        = "zip"\n  source_dir  = "${path.root}/${var.code_dir}"\n  output_path = "${path.module}/fn.zip"\n}\n',
    'schedule.tf': 'resource "aws_cloudwatch_event_rule" "main" {\n  count               = var.schedule == "" ? 0 : 1\n  schedule_expression = var.schedule\n}\n\nresource "aws_cloudwatch_event_target" "main" {\n  count = var.schedule == "" ? 0 : 1\n  rule  = aws_cloudwatch_event_rule.main[0].name\n  arn   = aws_lambda_function.main.arn\n}\n\nresource "aws_lambda_permission" "events" {\n  count         = var.schedule == "" ? 0 : 1\n  action        = "lambda:InvokeFunction"\n  function_name = aws_lambda_function.main.function_name\n  principal     = "events.amazonaws.com"\n  source_arn    = aws_cloudwatch_event_rule.main[0].arn\n}\n',
  };
  const shared = (key: string, extra: Record<string, string> = {}): Record<string, string> => ({
    ...Object.fromEntries(Object.entries({ ...SHARED, ...extra }).map(([f, t]) => [`infra/.terraform/modules/${key}/${f}`, t])),
  });
  const sharedRoot = (block: string): string => `resource "aws_sqs_queue" "jobs" {\n  name                       = "jobs"\n  visibility_timeout_seconds = 60\n  redrive_policy = jsonencode({ deadLetterTargetArn = "arn:aws:sqs:us-east-1:1:dlq", maxReceiveCount = 5 })\n}\n\n${block}\nresource "aws_lambda_event_source_mapping" "jobs" {\n  event_source_arn = aws_sqs_queue.jobs.arn\n  function_name    = module.worker.function_name\n}\n`;
  const WORKER = 'module "worker" {\n  source                = "https://example.com/releases/1.0/terraform-lambda.zip"\n  code_dir              = "../lambdas/worker/dist"\n  handler_function_name = "handler"\n  timeout               = 30\n}\n';
  const initialised = (block: string, extra: Record<string, string> = {}): Record<string, string> => ({
    'package.json': '{}',
    'infra/main.tf': sharedRoot(block),
    'infra/.terraform/modules/modules.json': manifest([{ Key: 'worker', Source: 'https://example.com/releases/1.0/terraform-lambda.zip', Dir: '.terraform/modules/worker' }]),
    ...shared('worker'),
    'lambdas/worker/package.json': '{ "name": "worker" }',
    'lambdas/worker/src/index.js': SQS_LOOP,
    ...extra,
  });

  it('a module that uploads its archive_file with an aws_s3_object (zip or image chosen by a variable): linked to the source its build folder comes from', async () => {
    const dir = writeProject(initialised(WORKER));
    const [fn] = await graphOf(dir);
    expect(fn?.handler).toMatchObject({ file: 'lambdas/worker/src/index.js', linked: true, source: 'sqs' });
    // The CLI's graph lists the function of the downloaded copy too, and counts it as linked.
    const graph = JSON.parse(runCli(['--print-graph', 'json', '.'], dir).stdout) as { functions: { id: string; handler: { linked: boolean } }[] };
    expect(graph.functions.map((f) => `${f.id} ${f.handler.linked}`)).toEqual(['infra/.terraform/modules/worker/lambda_function.tf#tf:infra:module.worker/aws_lambda_function.main true']);
    expect(runCli(['.'], dir).stderr).not.toContain('not linked');
  });

  it("a finding in the downloaded copy is reported on the module block, at the argument that sets the copy's variable, and says where in the copy", () => {
    const dir = writeProject(initialised(WORKER));
    const findings = (JSON.parse(runCli(['--format', 'json', '--rule', 'sqs-visibility-timeout:error', '.'], dir).stdout) as { filePath: string; messages: { ruleId: string; line: number; message: string; suggestions?: unknown }[] }[])
      .flatMap((r) => r.messages.map((m) => ({ file: path.relative(dir, r.filePath), ...m })))
      .filter((m) => m.ruleId === 'lambda-lint/sqs-visibility-timeout');
    // The queue is the root module's own (line 3); the function's timeout comes from the block.
    expect(findings.map((f) => `${f.file}:${f.line}`)).toEqual(['infra/main.tf:3']);
    const scheduled = writeProject(initialised(WORKER.replace('  timeout               = 30\n', '  timeout               = 5\n  schedule              = "rate(1 hour)"\n')));
    const async = (JSON.parse(runCli(['--format', 'json', '--rule', 'require-async-failure-destination:error', '.'], scheduled).stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number; message: string; suggestions?: unknown }[] }[])
      .flatMap((r) => r.messages.map((m) => ({ file: path.relative(scheduled, r.filePath), ...m })))
      .filter((m) => m.ruleId === 'lambda-lint/require-async-failure-destination');
    expect(async.map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual(['infra/main.tf:7:1']);
    expect(async[0]?.message).toContain('(in module.worker, downloaded by terraform init: .terraform/modules/worker/lambda_function.tf:1)');
    expect(async[0]?.suggestions).toBeUndefined();
    // A suppression comment on the block silences it.
    const quiet = writeProject(initialised(`# lambda-lint-disable-next-line require-async-failure-destination\n${WORKER.replace('  timeout               = 30\n', '  schedule              = "rate(1 hour)"\n')}`));
    const quietOut = JSON.parse(runCli(['--format', 'json', '--rule', 'require-async-failure-destination:error', '.'], quiet).stdout) as { messages: { ruleId: string }[]; suppressedMessages: { ruleId: string }[] }[];
    expect(quietOut.flatMap((r) => r.messages).some((m) => m.ruleId === 'lambda-lint/require-async-failure-destination')).toBe(false);
    expect(quietOut.flatMap((r) => r.suppressedMessages).map((m) => m.ruleId)).toContain('lambda-lint/require-async-failure-destination');
  });

  it('the argument line: the copy reads the variable the block sets (visibility of a queue the module makes)', () => {
    const queue = { 'queue.tf': 'variable "visibility" {\n  default = 30\n}\n\nresource "aws_sqs_queue" "q" {\n  name                       = "q"\n  visibility_timeout_seconds = var.visibility\n  redrive_policy = jsonencode({ deadLetterTargetArn = "arn:aws:sqs:us-east-1:1:dlq", maxReceiveCount = 5 })\n}\n\noutput "queue_arn" {\n  value = aws_sqs_queue.q.arn\n}\n' };
    const dir = writeProject({
      'package.json': '{}',
      'infra/main.tf': `${WORKER}\nmodule "queue" {\n  source     = "https://example.com/releases/1.0/terraform-sqs.zip"\n  visibility = 60\n}\n\nresource "aws_lambda_event_source_mapping" "jobs" {\n  event_source_arn = module.queue.queue_arn\n  function_name    = module.worker.function_name\n}\n`,
      'infra/.terraform/modules/modules.json': manifest([
        { Key: 'worker', Source: 'https://example.com/releases/1.0/terraform-lambda.zip', Dir: '.terraform/modules/worker' },
        { Key: 'queue', Source: 'https://example.com/releases/1.0/terraform-sqs.zip', Dir: '.terraform/modules/queue' },
      ]),
      ...shared('worker'),
      'infra/.terraform/modules/queue/queue.tf': queue['queue.tf'],
      'lambdas/worker/package.json': '{ "name": "worker" }',
      'lambdas/worker/src/index.js': SQS_LOOP,
    });
    const out = JSON.parse(runCli(['--format', 'json', '--rule', 'sqs-visibility-timeout:error', '.'], dir).stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number; message: string }[] }[];
    const found = out.flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line}:${m.column} ${m.message.slice(-80)}`)).filter((m) => m.includes('terraform init'));
    expect(found).toEqual([expect.stringMatching(/^infra\/main\.tf:10:3 .*module\.queue, downloaded by terraform init: \.terraform\/modules\/queue\/queue\.tf:7\)$/u)]);
  });

  it('near misses: an image chosen by the variable, and an object uploading a file built elsewhere, stay unlinked and say why', async () => {
    const image = writeProject(initialised(WORKER.replace('  timeout               = 30\n', '  package_type          = "Image"\n  image_uri             = "1.dkr.ecr.eu-west-2.amazonaws.com/worker:latest"\n')));
    const imageHandler = (await graphOf(image))[0]?.handler;
    expect(imageHandler?.linked).toBe(false);
    expect(imageHandler?.unlinked).toContain('container image');
    const built = writeProject(initialised(WORKER, shared('worker', { 's3_object.tf': 'resource "aws_s3_object" "lambda" {\n  count  = 1\n  bucket = "artefacts"\n  key    = "fn.zip"\n  source = "${path.root}/../build/fn.zip"\n}\n' })));
    expect((await graphOf(built))[0]?.handler).toMatchObject({ linked: false });
    const same = writeProject({
      'package.json': '{}',
      'main.tf': 'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  handler       = "index.handler"\n  runtime       = "nodejs20.x"\n  s3_bucket     = "b"\n  s3_key        = aws_s3_object.code.key\n}\n\nresource "aws_s3_object" "code" {\n  bucket = "b"\n  key    = "f.zip"\n  source = "dist/f.zip"\n}\n',
    });
    const sameHandler = (await graphOf(same))[0]?.handler;
    expect(sameHandler?.linked).toBe(false);
    expect(sameHandler?.unlinked).toContain('aws_s3_object.code is not an archive_file of the module');
  });

  it('an aws_s3_object of the same file that uploads an archive_file links (aws_s3_bucket_object too)', async () => {
    for (const type of ['aws_s3_object', 'aws_s3_bucket_object']) {
      const dir = writeProject({
        'package.json': '{}',
        'main.tf': `resource "aws_lambda_function" "f" {\n  function_name = "f"\n  handler       = "index.handler"\n  runtime       = "nodejs20.x"\n  s3_bucket     = ${type}.code.bucket\n  s3_key        = ${type}.code.key\n}\n\nresource "${type}" "code" {\n  bucket = "b"\n  key    = "f.zip"\n  source = data.archive_file.code.output_path\n}\n\ndata "archive_file" "code" {\n  type        = "zip"\n  source_dir  = "\${path.module}/src"\n  output_path = "f.zip"\n}\n`,
        'src/index.js': PLAIN,
      });
      expect((await graphOf(dir))[0]?.handler, type).toMatchObject({ file: 'src/index.js', linked: true });
    }
  });

  it('near miss: not initialised (no modules.json), the block stays unread and says so', async () => {
    const dir = writeProject({ 'package.json': '{}', 'infra/main.tf': root, 'infra/lambdas/worker/index.js': PLAIN });
    expect(await graphOf(dir)).toEqual([]);
    const graph = JSON.parse(runCli(['--print-graph', 'json', '.'], dir).stdout) as { terraformModules: { module: string; unread?: string }[] };
    expect(graph.terraformModules.map((m) => m.module)).toEqual(['module.worker']);
    expect(graph.terraformModules[0]?.unread).toContain('outside the repository');
  });
});

describe('module calls that cannot be followed', () => {
  it('a module calling itself, two calling each other, a broken modules.json and a module file that does not parse: no hang, the rest still read', () => {
    const dir = writeProject({
      'package.json': '{}',
      'main.tf': `${QUEUE}\nmodule "self" {\n  source = "./"\n}\n\nmodule "a" {\n  source = "./modules/a"\n}\n\nmodule "remote" {\n  source = "git::https://example.com/m.git"\n}\n\nmodule "broken" {\n  source = "./modules/broken"\n}\n`,
      'modules/a/main.tf': 'module "b" {\n  source = "../b"\n}\n',
      'modules/b/main.tf': 'module "a" {\n  source = "../a"\n}\n',
      'modules/broken/main.tf': 'resource "aws_sqs_queue" "q" {\n  name = \n}\n',
      '.terraform/modules/modules.json': '{ not json',
    });
    const r = runCli(['--format', 'json', '--print-graph', 'json', '.'], dir);
    expect(r.code).toBe(0);
    const graph = JSON.parse(r.stdout) as { terraformModules: { module: string; instance?: string; unread?: string }[] };
    expect(graph.terraformModules.find((m) => m.module === 'module.remote')?.unread).toContain('outside the repository');
    expect(graph.terraformModules.find((m) => m.module === 'module.self')?.unread).toBe('the module calls its own folder (a cycle)');
    // The cycle stops at the nesting bound, and says so.
    expect(graph.terraformModules.some((m) => m.unread?.includes('nested deeper'))).toBe(true);
    const lint = runCli(['--format', 'json', '.'], dir);
    const broken = (JSON.parse(lint.stdout) as { filePath: string; messages: { fatal?: boolean }[] }[]).find((x) => x.filePath.endsWith('broken/main.tf'));
    expect(broken?.messages.some((m) => m.fatal === true)).toBe(true);
  });
});

describe('for_each over a literal map', () => {
  const mapping = (forEach: string): string => `resource "aws_sqs_queue" "orders" {\n  name = "orders"\n}\n\nresource "aws_sqs_queue" "refunds" {\n  name = "refunds"\n}\n\nresource "aws_lambda_function" "worker" {\n  function_name = "worker"\n  handler       = "index.handler"\n  runtime       = "nodejs20.x"\n}\n\nresource "aws_lambda_event_source_mapping" "queues" {\n  for_each         = ${forEach}\n  event_source_arn = each.value.arn\n  function_name    = aws_lambda_function.worker.arn\n  batch_size       = each.value.batch\n  function_response_types = each.value.types\n}\n`;

  it('makes one mapping per entry, each with its values', async () => {
    const dir = writeProject({
      'package.json': '{}',
      'main.tf': mapping('{\n    orders  = { arn = aws_sqs_queue.orders.arn, batch = 10, types = [] }\n    refunds = { arn = aws_sqs_queue.refunds.arn, batch = 10, types = ["ReportBatchItemFailures"] }\n  }'),
    });
    const { results } = await analyze(['.'], { cwd: dir, rules: { 'require-report-batch-item-failures': 'error' } });
    // On the entry's empty function_response_types (written once for both entries).
    expect(results.flatMap((r) => r.messages).filter((m) => m.ruleId === 'lambda-lint/require-report-batch-item-failures').map((m) => m.line)).toEqual([23]);
    const { project } = await analyze(['.'], { cwd: dir });
    expect(buildGraph(project, dir).functions[0]?.eventSources.map((e) => `${e.queue} ${String(e.reportBatchItemFailures)}`)).toEqual(['main.tf#tf:aws_sqs_queue.orders false', 'main.tf#tf:aws_sqs_queue.refunds true']);
  });

  it('near miss: for_each over a variable reads the resource once, its values unknown', async () => {
    const dir = writeProject({ 'package.json': '{}', 'main.tf': mapping('var.queues') });
    expect(await cliFindings(dir, ['require-report-batch-item-failures'])).toEqual([]);
  });
});

describe('Terragrunt: a configuration whose `terraform { source }` is a module of the repository gives it its `inputs`', () => {
  const MODULE = `variable "queue_arn" {}\nvariable "batch" {\n  default = 1\n}\n\nresource "aws_lambda_function" "worker" {\n  function_name = "worker"\n  handler       = "index.handler"\n  runtime       = "nodejs20.x"\n  filename      = data.archive_file.zip.output_path\n}\n\ndata "archive_file" "zip" {\n  type        = "zip"\n  source_dir  = "\${path.module}/src"\n  output_path = "out.zip"\n}\n\nresource "aws_lambda_event_source_mapping" "jobs" {\n  event_source_arn = var.queue_arn\n  function_name    = aws_lambda_function.worker.arn\n  batch_size       = var.batch\n}\n`;
  const config = (inputs: string, source = '../../../modules//worker'): string =>
    `terraform {\n  source = "${source}"\n}\n\nlocals {\n  account = get_env("AWS_ACCOUNT_ID", "000000000000")\n}\n\ndependency "sqs" {\n  config_path = "../sqs"\n  mock_outputs = {\n    jobs_arn = "arn:aws:sqs:eu-west-1:\${local.account}:jobs"\n    stream_arn = "arn:aws:kinesis:eu-west-1:\${local.account}:stream/clicks"\n  }\n}\n\ninputs = {\n${inputs}\n}\n`;
  const files = (configs: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> => ({
    'package.json': '{}',
    'modules/worker/main.tf': MODULE,
    'modules/worker/src/index.js': PLAIN,
    ...configs,
    ...extra,
  });
  const rules = ['require-report-batch-item-failures'];
  const sources = async (dir: string): Promise<string[]> => ((await graphOf(dir))[0]?.eventSources ?? []).map((s) => `${s.kind} ${s.batchSize}`);
  const TEN_FROM_SQS = '  queue_arn = dependency.sqs.outputs.jobs_arn\n  batch     = 10';

  it("the mapping reads the dependency's queue (through mock_outputs, locals and get_env's default) with the configuration's batch size", async () => {
    const dir = writeProject(files({ 'live/prod/worker/terragrunt.hcl': config(TEN_FROM_SQS) }));
    expect(where(await cliFindings(dir, rules))).toEqual(['modules/worker/main.tf:19 require-report-batch-item-failures']);
    expect(await sources(dir)).toEqual(['sqs 10']);
  });

  it('\${get_repo_root()} and \${get_terragrunt_dir()} in the source', async () => {
    for (const source of ['\${get_repo_root()}/modules//worker', '\${get_terragrunt_dir()}/../../../modules//worker']) {
      const dir = writeProject(files({ 'live/prod/worker/terragrunt.hcl': config(TEN_FROM_SQS, source) }));
      expect(where(await cliFindings(dir, rules))).toContain('modules/worker/main.tf:19 require-report-batch-item-failures');
    }
  });

  it('near misses: configurations that disagree, a remote source, an input left to the run, and the module’s own tfvars winning', async () => {
    // Two environments with different batch sizes: each run chooses one, the default is not known to hold.
    const two = files({ 'live/prod/worker/terragrunt.hcl': config(TEN_FROM_SQS), 'live/dev/worker/terragrunt.hcl': config('  queue_arn = dependency.sqs.outputs.jobs_arn\n  batch     = 1') });
    const twoDir = writeProject(two);
    expect(await cliFindings(twoDir, rules)).toEqual([]);
    expect(await sources(twoDir)).toEqual(['sqs unknown']);
    // A remote source is not this folder: the module is read with its defaults only.
    const remote = writeProject(files({ 'live/prod/worker/terragrunt.hcl': config(TEN_FROM_SQS, 'git::https://example.com/modules.git//worker') }));
    expect(await cliFindings(remote, rules)).toEqual([]);
    expect(await sources(remote)).toEqual(['unknown 1']);
    // An input that is an expression of the run (a condition) is not known.
    const conditional = writeProject(files({ 'live/prod/worker/terragrunt.hcl': config('  queue_arn = dependency.sqs.outputs.jobs_arn\n  batch     = local.account == "1" ? 10 : 1') }));
    expect(await cliFindings(conditional, rules)).toEqual([]);
    expect(await sources(conditional)).toEqual(['sqs unknown']);
    // terraform.tfvars in the module's folder wins over Terragrunt's TF_VAR_ inputs.
    const tfvars = writeProject(files({ 'live/prod/worker/terragrunt.hcl': config(TEN_FROM_SQS) }, { 'modules/worker/terraform.tfvars': 'batch = 1\n' }));
    expect(await cliFindings(tfvars, rules)).toEqual([]);
    expect(await sources(tfvars)).toEqual(['sqs 1']);
  });
});

describe("a module's expressions, evaluated in its environment (variables, tfvars, locals and settings of all its files)", () => {
  const fn = (extra = ''): string =>
    `resource "aws_lambda_function" "worker" {\n  function_name = "worker"\n  handler       = "index.handler"\n  runtime       = "nodejs20.x"\n  filename      = data.archive_file.zip.output_path\n${extra}}\n\ndata "archive_file" "zip" {\n  type        = "zip"\n  source_dir  = "\${path.module}/src"\n  output_path = "out.zip"\n}\n`;
  const rules = ['require-report-batch-item-failures', 'sqs-visibility-timeout', 'no-unbounded-stream-retries'];

  it('a local declared in another file of the module names the stream: the mapping is a stream mapping (reported), its handler fed by Kinesis', async () => {
    const dir = writeProject({
      'package.json': '{}',
      'locals.tf': 'locals {\n  stream_arn = aws_kinesis_stream.clicks.arn\n}\n',
      'stream.tf': 'resource "aws_kinesis_stream" "clicks" {\n  name        = "clicks"\n  shard_count = 1\n}\n',
      'main.tf': `${fn()}\nresource "aws_lambda_event_source_mapping" "clicks" {\n  event_source_arn  = local.stream_arn\n  function_name     = aws_lambda_function.worker.arn\n  starting_position = "LATEST"\n  batch_size        = 100\n}\n`,
      'src/index.js': PLAIN,
    });
    expect(where(await cliFindings(dir, rules))).toEqual(['main.tf:14 no-unbounded-stream-retries', 'main.tf:14 require-report-batch-item-failures']);
    expect((await graphOf(dir))[0]?.eventSources.map((s) => s.kind)).toEqual(['kinesis']);
  });

  it('a timeout computed from a queue setting passed down two modules (`var.queues.x.visibility / 2`): the queue is checked against it', async () => {
    const inner = `variable "queue_arn" {}\nvariable "timeout" {\n  default = 3\n}\n\nresource "aws_lambda_function" "this" {\n  function_name = "worker"\n  handler       = "index.handler"\n  runtime       = "nodejs20.x"\n  timeout       = var.timeout\n}\n\nresource "aws_lambda_event_source_mapping" "this" {\n  event_source_arn        = var.queue_arn\n  function_name           = "worker"\n  function_response_types = ["ReportBatchItemFailures"]\n}\n`;
    const middle = (divisor: number): string => `variable "queues" {}\n\nmodule "worker" {\n  source    = "./worker"\n  queue_arn = var.queues.jobs.arn\n  timeout   = var.queues.jobs.visibility / ${divisor}\n}\n`;
    const root = (visibility: number): string =>
      `resource "aws_sqs_queue" "jobs" {\n  name                       = "jobs"\n  visibility_timeout_seconds = ${visibility}\n  redrive_policy = jsonencode({ deadLetterTargetArn = "arn:aws:sqs:us-east-1:1:dlq", maxReceiveCount = 5 })\n}\n\nmodule "lambdas" {\n  source = "./lambdas"\n  queues = {\n    jobs = {\n      arn        = aws_sqs_queue.jobs.arn\n      visibility = aws_sqs_queue.jobs.visibility_timeout_seconds\n    }\n  }\n}\n`;
    const files = (divisor: number): Record<string, string> => ({ 'package.json': '{}', 'main.tf': root(60), 'lambdas/main.tf': middle(divisor), 'lambdas/worker/main.tf': inner });
    const dir = writeProject(files(2));
    expect(where(await cliFindings(dir, rules))).toEqual(['main.tf:3 sqs-visibility-timeout']);
    const { results } = await analyze(['.'], { cwd: dir, rules: { 'sqs-visibility-timeout': 'error' } });
    expect(results.flatMap((r) => r.messages).map((m) => m.message)).toEqual([expect.stringContaining('function timeout (30 s)')]);
    // The mapping names its function by its deployed name, and the queue comes from two modules up.
    const { project } = await analyze(['.'], { cwd: dir });
    const graph = buildGraph(project, dir).functions;
    expect(graph.map((f) => f.timeoutSeconds)).toEqual([30]);
    expect(graph[0]?.eventSources.map((s) => `${s.kind} ${s.queue}`)).toEqual(['sqs main.tf#tf:aws_sqs_queue.jobs']);
    // Near miss: a timeout of a sixth of the visibility.
    expect(await cliFindings(writeProject(files(6)), rules)).toEqual([]);
  });

  it("a root module's variables: terraform.tfvars over the default, a later *.auto.tfvars over both; a -var-file is the run's choice and not read", async () => {
    const main = `variable "batch" {\n  default = 1\n}\n\nresource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n  redrive_policy = jsonencode({ deadLetterTargetArn = "arn:aws:sqs:us-east-1:1:dlq", maxReceiveCount = 5 })\n}\n\n${fn()}\nresource "aws_lambda_event_source_mapping" "jobs" {\n  event_source_arn = aws_sqs_queue.jobs.arn\n  function_name    = aws_lambda_function.worker.arn\n  batch_size       = var.batch\n}\n`;
    const base = { 'package.json': '{}', 'main.tf': main, 'src/index.js': PLAIN };
    // The default (1): one record per batch, nothing to report.
    expect(await cliFindings(writeProject(base), rules)).toEqual([]);
    expect(where(await cliFindings(writeProject({ ...base, 'terraform.tfvars': 'batch = 10\n' }), rules))).toEqual(['main.tf:23 require-report-batch-item-failures']);
    expect(await cliFindings(writeProject({ ...base, 'terraform.tfvars': 'batch = 10\n', 'b.auto.tfvars': 'batch = 1\n' }), rules)).toEqual([]);
    expect(await cliFindings(writeProject({ ...base, 'prod.tfvars': 'batch = 10\n' }), rules)).toEqual([]);
    // A variable a -var-file of the repository sets is chosen per run: not known to be its default.
    const tenByDefault = { ...base, 'main.tf': main.replace('default = 1', 'default = 10') };
    expect(where(await cliFindings(writeProject(tenByDefault), rules))).toEqual(['main.tf:23 require-report-batch-item-failures']);
    expect(await cliFindings(writeProject({ ...tenByDefault, 'environments/prod/variables.tfvars': 'batch = 1\n' }), rules)).toEqual([]);
    expect(await cliFindings(writeProject({ ...tenByDefault, 'environments/prod/variables.tfvars.json': '{ "batch": 1 }\n' }), rules)).toEqual([]);
    // In a folder above the root module (`-var-file=../prod.tfvars`), too; one of another module's folders is not.
    const nested = Object.fromEntries(Object.entries(tenByDefault).map(([k, v]) => [k === 'package.json' ? k : `stacks/jobs/${k}`, v]));
    expect(await cliFindings(writeProject({ ...nested, 'prod.tfvars': 'batch = 1\n' }), rules)).toEqual([]);
    expect(where(await cliFindings(writeProject({ ...nested, 'stacks/other/prod.tfvars': 'batch = 1\n' }), rules))).toEqual(['stacks/jobs/main.tf:23 require-report-batch-item-failures']);
  });

  it('a resource whose count is 0 is not created; one whose count is unknown still is', async () => {
    const mapping = (count: string): string =>
      `variable "queue_arn" {\n  default = null\n}\n\nresource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n}\n\n${fn()}\nresource "aws_lambda_event_source_mapping" "jobs" {\n  count            = ${count}\n  event_source_arn = aws_sqs_queue.jobs.arn\n  function_name    = aws_lambda_function.worker.arn\n}\n`;
    const project = (count: string): string => writeProject({ 'package.json': '{}', 'main.tf': mapping(count), 'src/index.js': PLAIN });
    expect(await cliFindings(project('var.queue_arn == null ? 0 : 1'), rules)).toEqual([]);
    expect((await graphOf(project('var.queue_arn == null ? 0 : 1')))[0]?.eventSources).toEqual([]);
    expect(where(await cliFindings(project('var.other ? 1 : 0'), rules))).toEqual(['main.tf:22 require-report-batch-item-failures']);
  });

  it('near miss: a mapping naming a function by a name two functions share links to neither', async () => {
    const two = `${fn()}\nresource "aws_lambda_function" "other" {\n  function_name = "worker"\n  handler       = "index.handler"\n  runtime       = "nodejs20.x"\n}\n\nresource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n}\n\nresource "aws_lambda_event_source_mapping" "jobs" {\n  event_source_arn = aws_sqs_queue.jobs.arn\n  function_name    = "worker"\n}\n`;
    const graph = await graphOf(writeProject({ 'package.json': '{}', 'main.tf': two, 'src/index.js': PLAIN }));
    expect(graph.map((f) => f.eventSources.length)).toEqual([0, 0]);
  });
});
