/**
 * Terraform expressions evaluated in a module's environment: what `terraform plan` would take,
 * where the module states it; everything else unknown (and the text left as written).
 */
import { describe, expect, it } from 'vitest';
import { evaluateExpression, substituteEnvironment, UNKNOWN, type TfEnvironment } from '../src/dialects/terraform/hcl-expr.js';

const env = (over: Partial<TfEnvironment> = {}): TfEnvironment => ({
  vars: new Map<string, unknown>([
    ['queues', { orders: { arn: '${aws_sqs_queue.lambda_lint_caller__orders.arn}', visibility: 60 } }],
    ['timeout', 30],
    ['fifo', true],
    ['names', ['a', 'b']],
    ['nothing', null],
    ['ratio', '6'],
  ]),
  locals: new Map<string, unknown>([
    ['half', '${var.queues.orders.visibility / 2}'],
    ['window', '${local.half - 25}'],
    ['loop_a', '${local.loop_b}'],
    ['loop_b', '${local.loop_a}'],
    ['settings', { batch: '${var.fifo ? 10 : 100}', name: 'jobs-${var.timeout}' }],
    ['stream_arn', '${aws_kinesis_stream.clicks.arn}'],
  ]),
  resources: new Map<string, Record<string, unknown>>([
    ['aws_sqs_queue.jobs', { name: 'jobs', visibility_timeout_seconds: '${local.half * 4}', fifo_queue: false }],
    ['aws_lambda_function.worker', { function_name: 'worker', timeout: 15 }],
  ]),
  ...over,
});

const ev = (expr: string, e = env()): unknown => evaluateExpression(expr, e);

describe('evaluateExpression', () => {
  it('reads variables, their attributes and indexes, and does arithmetic in HCL precedence', () => {
    expect(ev('var.queues.orders.visibility / 2')).toBe(30);
    expect(ev('var.queues["orders"].visibility')).toBe(60);
    expect(ev('var.names[1]')).toBe('b');
    expect(ev('var.timeout * 6 + 3')).toBe(183);
    expect(ev('(var.timeout + 3) * 6')).toBe(198);
    expect(ev('var.timeout % 7')).toBe(2);
    expect(ev('-var.timeout')).toBe(-30);
    // A numeric string is a number to arithmetic, as in Terraform.
    expect(ev('var.ratio * var.timeout')).toBe(180);
  });

  it('follows locals through locals, and stops at a cycle', () => {
    expect(ev('local.half')).toBe(30);
    expect(ev('local.window')).toBe(5);
    expect(ev('local.loop_a')).toBe('${local.loop_a}');
    expect(ev('local.settings.batch')).toBe(10);
    expect(ev('local.settings.name')).toBe('jobs-30');
  });

  it('decides conditionals, comparisons and logic on known values', () => {
    expect(ev('var.fifo ? 10 : 100')).toBe(10);
    expect(ev('var.nothing == null ? 0 : 1')).toBe(0);
    expect(ev('var.timeout > 20 && !var.fifo')).toBe(false);
    expect(ev('false && var.unknown')).toBe(false);
    expect(ev('true || var.unknown')).toBe(true);
    // Both branches the same: that value, whatever the condition.
    expect(ev('var.unknown ? 5 : 5')).toBe(5);
  });

  it('knows the functions whose answer follows from literal arguments', () => {
    expect(ev('max(var.timeout * 6, 200)')).toBe(200);
    expect(ev('min(1, 2, 3)')).toBe(1);
    expect(ev('floor(var.timeout / 7)')).toBe(4);
    expect(ev('ceil(var.timeout / 7)')).toBe(5);
    expect(ev('tonumber("12")')).toBe(12);
    expect(ev('coalesce(var.nothing, "", "x")')).toBe('x');
    expect(ev('lower("Zip")')).toBe('zip');
    expect(ev('upper("zip")')).toBe('ZIP');
    expect(ev('title("zip file")')).toBe('Zip File');
    expect(ev('lower(var.missing)')).toBe(UNKNOWN);
  });

  it("reads a resource's number and boolean settings, never its strings (a name or an ARN stays a reference that links follow)", () => {
    expect(ev('aws_sqs_queue.jobs.visibility_timeout_seconds')).toBe(120);
    expect(ev('aws_sqs_queue.jobs.fifo_queue')).toBe(false);
    expect(ev('aws_lambda_function.worker.timeout * 6')).toBe(90);
    expect(ev('aws_lambda_function.worker.function_name')).toBe('${aws_lambda_function.worker.function_name}');
    expect(ev('aws_sqs_queue.jobs.arn')).toBe('${aws_sqs_queue.jobs.arn}');
  });

  it('keeps a reference to a resource, a data source or a module as text, which a conditional may choose', () => {
    expect(ev('var.fifo ? aws_s3_object.code[0].key : null')).toBe('${aws_s3_object.code[0].key}');
    expect(ev('var.fifo ? null : aws_s3_object.code[0].key')).toBe(null);
    expect(ev('data.aws_sqs_queue.jobs.visibility_timeout_seconds')).toBe('${data.aws_sqs_queue.jobs.visibility_timeout_seconds}');
    expect(ev('module.worker.timeout')).toBe('${module.worker.timeout}');
    // Compared or computed with, it decides nothing.
    expect(ev('aws_sqs_queue.jobs.arn == "x"')).toBe(UNKNOWN);
    expect(ev('module.worker.timeout * 6')).toBe(UNKNOWN);
  });

  it('keeps a reference passed in as text, extended by the attributes read from it', () => {
    expect(ev('var.queues.orders.arn')).toBe('${aws_sqs_queue.lambda_lint_caller__orders.arn}');
    expect(ev('local.stream_arn')).toBe('${aws_kinesis_stream.clicks.arn}');
  });

  it('near misses: what the module does not state is unknown', () => {
    for (const expr of [
      'var.missing',
      'var.queues.refunds.visibility',
      'var.names[5]',
      'var.names[*]',
      'each.value.batch',
      'path.module',
      'count.index',
      'var.unknown ? 10 : 1',
      'var.timeout / 0',
      'lookup(var.queues, "orders")',
      '[for q in var.names : q]',
      '"${var.timeout}"',
      'var.timeout +',
      'var.queues.orders.arn == "x"',
    ])
      expect(ev(expr), expr).toBe(UNKNOWN);
  });
});

describe('substituteEnvironment', () => {
  it('replaces whole interpolations by their values and splices literals into longer strings; says whether anything changed', () => {
    const body = { timeout: '${local.half}', name: 'fn-${var.timeout}-${var.missing}', arn: '${var.queues.orders.arn}', kept: '${var.missing}', n: 3 };
    const out = substituteEnvironment(body, env());
    expect(out.value).toEqual({ timeout: 30, name: 'fn-30-${var.missing}', arn: '${aws_sqs_queue.lambda_lint_caller__orders.arn}', kept: '${var.missing}', n: 3 });
    expect(out.changed).toBe(true);
    expect(substituteEnvironment({ kept: '${var.missing}', n: 3 }, env()).changed).toBe(false);
  });

  it('reads interpolations inside interpolations, innermost first (a module’s `cond ? "${var.a}.${var.b}" : null`)', () => {
    const e = env({ vars: new Map<string, unknown>([['kind', 'Zip'], ['file', 'index'], ['fn', 'handler']]), locals: new Map([['kind', '${lower(var.kind)}']]) });
    const body = { handler: '${local.kind == "zip" ? "${var.file}.${var.fn}" : null}', image: '${local.kind == "image" ? var.image : null}', other: '${var.missing ? "${var.file}" : null}' };
    expect(substituteEnvironment(body, e).value).toEqual({ handler: 'index.handler', image: null, other: '${var.missing ? "index" : null}' });
  });
});
