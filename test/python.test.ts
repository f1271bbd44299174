/**
 * Python handlers: the same handler facts as scripts', so the handler rules and the cross-file
 * rules work on them unchanged; linked from SAM, Serverless, Terraform and CDK.
 */
import { describe, expect, it } from 'vitest';
import { ESLint as ESLint9 } from 'eslint-v9';
import { analyze } from '../src/api.js';
import { buildGraph } from '../src/graph.js';
import { cliFindings, eslintFindings, samSqsTemplate, writeProject, type ProjectFinding } from './helpers/project.js';

const HANDLER_RULES = ['require-batch-item-failures', 'no-whole-batch-throw', 'no-unprocessed-records'];

/** A SAM template whose queue feeds `Worker`, a Python function with `handler`, code under src/; `mapping`: more lines of the SQS event. */
const sam = (handler: string, mapping: string[] = []): string => samSqsTemplate({ handler, runtime: 'python3.12', code: ['CodeUri: src/'], batchSize: 10, mapping });

/** The SQS event's lines that enable partial batch responses. */
const REPORT_FAILURES = ['FunctionResponseTypes:', '  - ReportBatchItemFailures'];

const at = (file: string, line: number, column: number, rule: string, messageId?: string): ProjectFinding => ({ file, line, column, ruleId: `lambda-lint/${rule}`, ...(messageId ? { messageId } : {}) });

/** Findings of the handler rules on one module `app.py` of an SQS-typed project (the records' fields say SQS). */
async function handlerFindings(code: string): Promise<{ line: number; column: number; rule: string; messageId: string | undefined }[]> {
  const dir = writeProject({ 'package.json': '{}', 'app.py': code });
  return (await cliFindings(dir, HANDLER_RULES)).map((f) => ({ line: f.line, column: f.column, rule: f.ruleId.replace('lambda-lint/', ''), messageId: f.messageId }));
}

/** A handler that reports each failed record (a per-record except that names it). */
const RETURNS_BATCH = `def lambda_handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            save(record["body"])
        except Exception:
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
`;

describe('Python handler rules', () => {
  it('a record loop that can fail for one record, with no batchItemFailures: the whole batch is retried', async () => {
    const code = `import json

def lambda_handler(event, context):
    for record in event["Records"]:
        item = json.loads(record["body"])
        table.put_item(Item=item)
`;
    expect(await handlerFindings(code)).toEqual([
      { line: 4, column: 5, rule: 'require-batch-item-failures', messageId: 'wholeBatch' },
      { line: 5, column: 16, rule: 'no-whole-batch-throw', messageId: 'parse' },
    ]);
  });

  it('a per-record except that only logs drops the record', async () => {
    const code = `def handler(event, context):
    for record in event.get("Records", []):
        try:
            publish(record["body"])
        except Exception as error:
            logger.exception(error)
`;
    expect(await handlerFindings(code)).toEqual([{ line: 5, column: 9, rule: 'require-batch-item-failures', messageId: 'swallowed' }]);
  });

  it('an except of one named, narrow exception whose body is only pass expects that exception: it drops no failure (other exceptions go on)', async () => {
    const code = (clause: string): string => `def handler(event, context):
    for record in event.get("Records", []):
        try:
            rows = cursor.fetchall()
        ${clause}
            pass
        publish(record["body"])
`;
    // ProgrammingError: no rows to fetch. Other failures of fetchall, and publish's, fail the batch.
    expect(await handlerFindings(code('except ProgrammingError:'))).toEqual([{ line: 2, column: 5, rule: 'require-batch-item-failures', messageId: 'wholeBatch' }]);
    expect(await handlerFindings(code('except (KeyError, errors.NotFound) as missing:'))).toEqual([{ line: 2, column: 5, rule: 'require-batch-item-failures', messageId: 'wholeBatch' }]);
    // Near misses: a broad class, or a bare except, catches the failure itself: dropped.
    expect(await handlerFindings(code('except Exception:'))).toEqual([{ line: 5, column: 9, rule: 'require-batch-item-failures', messageId: 'swallowed' }]);
    expect(await handlerFindings(code('except ClientError:'))).toEqual([{ line: 5, column: 9, rule: 'require-batch-item-failures', messageId: 'swallowed' }]);
    expect(await handlerFindings(code('except:'))).toEqual([{ line: 5, column: 9, rule: 'require-batch-item-failures', messageId: 'swallowed' }]);
  });

  it('a per-record except around a parse only drops what it cannot read on purpose: no finding, and never "the whole batch"', async () => {
    const quiet = `import base64
import collections
import json
import traceback

def lambda_handler(event, context):
    docs = []
    counter = collections.OrderedDict([("errors", 0)])
    for record in event["Records"]:
        try:
            payload = base64.b64decode(record["kinesis"]["data"]).decode("utf-8")
            docs.append(json.loads(payload))
        except Exception as error:
            counter["errors"] += 1
            traceback.print_exc()
    print(", ".join([str(d) for d in docs]))
    return {"count": len(docs)}
`;
    expect(await handlerFindings(quiet)).toEqual([]);
    // The same loop with a call outside the try: that one fails the batch.
    const failing = `import json

def lambda_handler(event, context):
    for record in event["Records"]:
        try:
            item = json.loads(record["body"])
        except ValueError:
            continue
        table.put_item(Item=item)
`;
    expect(await handlerFindings(failing)).toEqual([{ line: 4, column: 5, rule: 'require-batch-item-failures', messageId: 'wholeBatch' }]);
  });

  it('a retry loop whose else raises after the last attempt passes the failure on (its except does not drop it)', async () => {
    const code = `import time

def lambda_handler(event, context):
    for record in event["Records"]:
        for attempt in range(3):
            try:
                kinesis.put_records(Records=[{"Data": record["body"]}], StreamName="s")
                break
            except Exception as error:
                time.sleep(2 ** attempt)
        else:
            raise RuntimeError("gave up")
`;
    expect(await handlerFindings(code)).toEqual([
      { line: 12, column: 13, rule: 'no-whole-batch-throw', messageId: 'throw' },
      { line: 4, column: 5, rule: 'require-batch-item-failures', messageId: 'wholeBatch' },
    ]);
  });

  it('a try around the whole loop whose except only logs drops every later record', async () => {
    const code = `def handler(event, context):
    try:
        for record in event["Records"]:
            publish(record["body"])
    except Exception:
        print("failed")
`;
    expect(await handlerFindings(code)).toEqual([{ line: 5, column: 5, rule: 'require-batch-item-failures', messageId: 'swallowedRest' }]);
  });

  it('follows the module’s own helpers, methods through self, and comprehensions over the records', async () => {
    const code = `import json

def process(records):
    for r in records:
        store(r["body"])

class Worker:
    def run(self, event):
        return self.each([json.loads(r["body"]) for r in event["Records"]])

    def each(self, items):
        for item in items:
            store(item)

def handler(event, context):
    process(event["Records"])

def main(event, context):
    return Worker().run(event)
`;
    // \`handler\` through \`process\`; \`main\` through \`Worker().run\` and \`self.each\`.
    expect(await handlerFindings(code)).toEqual([
      { line: 12, column: 9, rule: 'require-batch-item-failures', messageId: 'wholeBatch' },
      { line: 4, column: 5, rule: 'require-batch-item-failures', messageId: 'wholeBatch' },
      { line: 9, column: 27, rule: 'no-whole-batch-throw', messageId: 'parse' },
    ]);
  });

  it('an early return in the record loop leaves the rest of the batch unprocessed', async () => {
    const code = `def handler(event, context):
    failures = []
    for record in event["Records"]:
        if record["body"] == "stop":
            return
        try:
            save(record["body"])
        except Exception:
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
`;
    expect(await handlerFindings(code)).toEqual([{ line: 5, column: 13, rule: 'no-unprocessed-records', messageId: 'earlyReturn' }]);
  });

  it('stays quiet: failures reported per record, parsed inside the try, or no per-record work; a re-raise fails the batch', async () => {
    const reported = `import json

def lambda_handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            save(json.loads(record["body"]))
        except Exception:
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
`;
    const reraised = `def handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            save(record["body"])
        except KeyError:
            failures.append({"itemIdentifier": record["messageId"]})
        except Exception as error:
            raise RuntimeError("retry") from error
    return {"batchItemFailures": failures}
`;
    const loggingOnly = `import logging

def handler(event, context):
    for record in event["Records"]:
        logging.info("got %s", record["messageId"])
        print(len(record["body"]))
`;
    // Not a handler: a helper that reads other records than a batch's.
    const notHandler = `def summarise(rows):
    for row in rows["Records"]:
        save(row["body"])
`;
    // A helper's search over the records: its \`return True\` answers the caller, it does not end the handler.
    const search = `def is_sns(event):
    for record in event["Records"]:
        if "Sns" in record:
            return True
    return False

def lambda_handler(event, context):
    if is_sns(event):
        return None
    failures = []
    for record in event["Records"]:
        try:
            save(record["body"])
        except Exception:
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
`;
    // Records transformed in a comprehension (by a function of a package), then one write for the whole batch.
    const transformed = `from ecom.helpers import ddb_to_event

def handler(event, context):
    events = [ddb_to_event(record["dynamodb"]) for record in event["Records"]]
    eventbridge.put_events(Entries=events)
`;
    for (const code of [reported, loggingOnly, notHandler, search, transformed]) expect(await handlerFindings(code)).toEqual([]);
    // Re-raised inside the record loop: the whole batch fails with it (and the list is ignored).
    expect(await handlerFindings(reraised)).toEqual([{ line: 9, column: 13, rule: 'no-whole-batch-throw', messageId: 'rethrow' }]);
  });

  it("a raise reached only for an eventName DynamoDB Streams never sends (every INSERT, MODIFY and REMOVE handled before it) cannot fail the batch", async () => {
    const code = (covered: string, subject = 'record["eventName"].upper()'): string => `import json

def to_event(record):
    if ${subject} == "INSERT":
        detail = record["dynamodb"]["NewImage"]
    elif ${subject} in (${covered}):
        detail = record["dynamodb"]["Keys"]
    else:
        raise ValueError("unknown eventName")
    return {"Detail": json.dumps(detail)}

def handler(event, context):
    for record in event["Records"]:
        to_event(record)
`;
    expect(await handlerFindings(code('"MODIFY", "REMOVE"'))).toEqual([]);
    // Near misses: REMOVE not handled (the raise is reached by deletions), another field tested.
    expect(await handlerFindings(code('"MODIFY",'))).toEqual([
      { line: 13, column: 5, rule: 'require-batch-item-failures', messageId: 'wholeBatch' },
      { line: 9, column: 9, rule: 'no-whole-batch-throw', messageId: 'throw' },
    ]);
    expect(await handlerFindings(code('"MODIFY", "REMOVE"', 'record["eventSource"]'))).toEqual([
      { line: 13, column: 5, rule: 'require-batch-item-failures', messageId: 'wholeBatch' },
      { line: 9, column: 9, rule: 'no-whole-batch-throw', messageId: 'throw' },
    ]);
  });

  it('asyncio.gather over the records: the first failure raises out of the batch; with return_exceptions=True failures come back and are lost unless reported', async () => {
    const code = (gather: string, extra = ''): string => `import asyncio
import json

async def process(record):
    await save(json.loads(record["body"]))

async def run(event):
${gather}
${extra}
def handler(event, context):
    return asyncio.run(run(event))
`;
    expect(await handlerFindings(code('    await asyncio.gather(*[process(r) for r in event["Records"]])'))).toEqual([
      { line: 8, column: 11, rule: 'no-whole-batch-throw', messageId: 'promise-all' },
      { line: 8, column: 27, rule: 'require-batch-item-failures', messageId: 'wholeBatch' },
    ]);
    expect(await handlerFindings(code('    tasks = (process(r) for r in event["Records"])\n    await asyncio.gather(*tasks, return_exceptions=True)'))).toEqual([
      { line: 9, column: 11, rule: 'require-batch-item-failures', messageId: 'swallowedSettled' },
    ]);
    // Near misses: failures reported per record, or a gather over something else than the records.
    const reported = code(
      '    results = await asyncio.gather(*[process(r) for r in event["Records"]], return_exceptions=True)',
      '    return {"batchItemFailures": [{"itemIdentifier": r["messageId"]} for r, res in zip(event["Records"], results) if isinstance(res, Exception)]}\n',
    );
    expect(await handlerFindings(reported)).toEqual([]);
    expect(await handlerFindings(code('    await asyncio.gather(*[warm(u) for u in URLS])'))).toEqual([]);
    // The messages name Python's spelling.
    const dir = writeProject({ 'package.json': '{}', 'app.py': code('    await asyncio.gather(*[process(r) for r in event["Records"]])') });
    const { results } = await analyze(['.'], { cwd: dir, config: { preset: 'strict', rules: {} }, rules: { 'no-whole-batch-throw': 'error' } });
    const message = results.flatMap((r) => r.messages).find((m) => m.ruleId === 'lambda-lint/no-whole-batch-throw')?.message ?? '';
    expect(message).toContain('`asyncio.gather` over the records raises');
    expect(message).not.toContain('Promise');
  });

  it('a response that is not a batch response (a status dict, a list of results) still fails the whole batch; a dict that spreads another may be one', async () => {
    const code = (ret: string): string => `def handler(event, context):
    results = []
    for record in event["Records"]:
        results.append(store(record["body"]))
    return ${ret}
`;
    const whole = [{ line: 3, column: 5, rule: 'require-batch-item-failures', messageId: 'wholeBatch' }];
    expect(await handlerFindings(code('{"statusCode": 200}'))).toEqual(whole);
    expect(await handlerFindings(code('results'))).toEqual(whole);
    expect(await handlerFindings(code('{**base, "statusCode": 200}'))).toEqual([]);
  });

  it('records assigned in branches (the event\'s, or fetched when scheduled) are the batch\'s records; two different parts of the event are not', async () => {
    const code = (other: string): string => `import json

def handler(event, context):
    if event.get("trigger_type"):
        records = ${other}
    else:
        records = event["Records"]
    for record in records:
        store(json.loads(record["body"]))
`;
    expect(await handlerFindings(code('fetch_messages(event["team"])'))).toEqual([
      { line: 8, column: 5, rule: 'require-batch-item-failures', messageId: 'wholeBatch' },
      { line: 9, column: 15, rule: 'no-whole-batch-throw', messageId: 'parse' },
    ]);
    expect(await handlerFindings(code('event["detail"]["items"]'))).toEqual([]);
  });

  it('a record loop that only calls the module\'s helpers that cannot fail (a conversion, counting) does no per-record work; one that calls a failing helper does', async () => {
    const code = (helper: string): string => `from collections import Counter

def to_python(item):
${helper}

def handler(event, context):
    counts = Counter()
    for record in event["Records"]:
        keys = to_python(record["dynamodb"]["Keys"])
        counts.update({keys["sk"]: 1})
    return {"statusCode": 200}
`;
    expect(await handlerFindings(code('    return {k: deserializer.deserialize(v) for k, v in item.items()}'))).toEqual([]);
    expect(await handlerFindings(code('    return fetch_details(item)'))).toEqual([{ line: 8, column: 5, rule: 'require-batch-item-failures', messageId: 'wholeBatch' }]);
  });

  it('an except that hands a dict built from the record to a reporter (a hand-made dead letter) drops nothing; one that only logs it does', async () => {
    const code = (onError: string): string => `import json

def handler(event, context):
    for record in event["Records"]:
        body = json.loads(record["body"])
        base = {"id": body.get("id"), "file": body.get("file")}
        try:
            store(body)
        except Exception as error:
            ${onError}
`;
    expect(await handlerFindings(code('reporter.add_event({**base, "diagnostics": str(error)})'))).toEqual([{ line: 5, column: 16, rule: 'no-whole-batch-throw', messageId: 'parse' }]);
    expect(await handlerFindings(code('logger.error({**base, "diagnostics": str(error)})'))).toEqual([
      { line: 5, column: 16, rule: 'no-whole-batch-throw', messageId: 'parse' },
      { line: 9, column: 9, rule: 'require-batch-item-failures', messageId: 'swallowed' },
    ]);
  });

  it('a value computed from the record through methods (`.decode("utf-8")`) and long chains of names is the record\'s', async () => {
    const code = `import base64
import json

def handler(event, context):
    for record in event["Records"]:
        payload = record["kinesis"]["data"]
        raw = base64.b64decode(payload)
        text = raw.decode("utf-8").strip().lower()
        message = json.loads(text)
        body = {"id": message.get("id")}
        row = {**body, "seen": True}
        store(row)
`;
    expect(await handlerFindings(code)).toEqual([
      { line: 5, column: 5, rule: 'require-batch-item-failures', messageId: 'wholeBatch' },
      { line: 7, column: 15, rule: 'no-whole-batch-throw', messageId: 'parse' },
      { line: 9, column: 19, rule: 'no-whole-batch-throw', messageId: 'parse' },
    ]);
  });

  it('a module that does not parse is a fatal message on it; the rest is still analysed', async () => {
    const dir = writeProject({ 'package.json': '{}', 'bad.py': 'def handler(event:\n    pass\n', 'app.py': 'def handler(event, context):\n    for r in event["Records"]:\n        save(r["body"])\n' });
    const { results } = await analyze(['.'], { cwd: dir, config: { preset: 'recommended', rules: {} } });
    const bad = results.find((r) => r.filePath.endsWith('bad.py'));
    expect(bad?.messages).toEqual([expect.objectContaining({ fatal: true, line: 1, message: expect.stringMatching(/^Parsing error: /u) as string })]);
    expect(results.find((r) => r.filePath.endsWith('app.py'))?.messages.map((m) => m.ruleId)).toEqual(['lambda-lint/require-batch-item-failures']);
  });

  it('suppression comments work as in YAML: next line, line, and blocks; never text inside strings', async () => {
    const code = `def handler(event, context):
    # lambda-lint-disable-next-line require-batch-item-failures
    for record in event["Records"]:
        save(record["body"])

def other_handler(event, context):
    note = "# lambda-lint-disable-next-line require-batch-item-failures"
    for record in event["Records"]:
        save(record["body"])
`;
    expect(await handlerFindings(code)).toEqual([{ line: 8, column: 5, rule: 'require-batch-item-failures', messageId: 'wholeBatch' }]);
    const lineAndBlock = `def handler(event, context):
    for record in event["Records"]:  # lambda-lint-disable-line require-batch-item-failures
        save(record["body"])

# lambda-lint-disable require-batch-item-failures
def one_handler(event, context):
    for record in event["Records"]:
        save(record["body"])
# lambda-lint-enable require-batch-item-failures

def two_handler(event, context):
    for record in event["Records"]:
        save(record["body"])
`;
    expect(await handlerFindings(lineAndBlock)).toEqual([{ line: 12, column: 5, rule: 'require-batch-item-failures', messageId: 'wholeBatch' }]);
  });
});

describe('Python handlers linked from the infrastructure', () => {
  const THROWS = `def lambda_handler(event, context):
    for record in event["Records"]:
        save(record["body"])
`;

  it('SAM: a dotted module path under CodeUri; the mapping ignores the returned list', async () => {
    const dir = writeProject({ 'package.json': '{}', 'template.yaml': sam('orders.app.lambda_handler'), 'src/orders/app.py': RETURNS_BATCH });
    expect(await cliFindings(dir, ['batch-response-ignored', 'require-report-batch-item-failures'])).toEqual([
      at('src/orders/app.py', 8, 5, 'batch-response-ignored', 'handlerResponseIgnored'),
      at('template.yaml', 13, 9, 'batch-response-ignored', 'mappingIgnoresResponse'),
    ]);
    const { project } = await analyze(['.'], { cwd: dir });
    const graph = buildGraph(project, dir);
    expect(graph.functions[0]?.handler).toMatchObject({ file: 'src/orders/app.py', export: 'lambda_handler', linked: true, source: 'sqs', returnsBatchResponse: 'yes' });
  });

  it('SAM: a response whose list is set by key (`response["batchItemFailures"] = failures`) is a batch response too', async () => {
    const keyed = RETURNS_BATCH.replace('    return {"batchItemFailures": failures}\n', '    response = {}\n    response["batchItemFailures"] = failures\n    return response\n');
    const dir = writeProject({ 'package.json': '{}', 'template.yaml': sam('app.lambda_handler'), 'src/app.py': keyed });
    expect(await cliFindings(dir, ['batch-response-ignored'])).toEqual([at('src/app.py', 10, 5, 'batch-response-ignored', 'handlerResponseIgnored'), at('template.yaml', 13, 9, 'batch-response-ignored', 'mappingIgnoresResponse')]);
  });

  it('the infrastructure wins over a source guessed from record fields: an EventBridge target is not an SQS handler', async () => {
    const eventBridge = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      CodeUri: src/
      Handler: app.lambda_handler
      Events:
        Rule:
          Type: EventBridgeRule
          Properties:
            Pattern: { source: [app] }
`;
    const dir = writeProject({ 'package.json': '{}', 'template.yaml': eventBridge, 'src/app.py': THROWS.replace('save(record["body"])', 'save(record["body"], record["messageId"])') });
    expect(await cliFindings(dir, ['require-batch-item-failures', 'no-whole-batch-throw'])).toEqual([]);
    // Linked, but the infrastructure shows no trigger at all: the code's guess stands.
    const untriggered = writeProject({ 'package.json': '{}', 'template.yaml': eventBridge.replace(/ {6}Events:[^]*$/u, ''), 'src/app.py': THROWS.replace('save(record["body"])', 'save(record["body"], record["messageId"])') });
    expect(await cliFindings(untriggered, ['require-batch-item-failures'])).toEqual([at('src/app.py', 2, 5, 'require-batch-item-failures', 'wholeBatch')]);
  });

  it('SAM: with ReportBatchItemFailures and the list returned, quiet; a package (`__init__.py`) is a module too', async () => {
    const dir = writeProject({ 'package.json': '{}', 'template.yaml': sam('orders.lambda_handler', REPORT_FAILURES), 'src/orders/__init__.py': RETURNS_BATCH });
    expect(await cliFindings(dir, ['batch-response-ignored', 'require-report-batch-item-failures', 'require-batch-item-failures'])).toEqual([]);
    const { project } = await analyze(['.'], { cwd: dir });
    expect(buildGraph(project, dir).functions[0]?.handler).toMatchObject({ file: 'src/orders/__init__.py', linked: true });
  });

  it('Serverless: `handler: src/worker.main`; the handler rules learn the source from the mapping', async () => {
    const yml = `service: jobs
provider:
  name: aws
  runtime: python3.12
functions:
  worker:
    handler: src/worker.main
    events:
      - sqs:
          arn: arn:aws:sqs:us-east-1:123456789012:jobs
          batchSize: 10
`;
    // No record field is read: only the mapping says the handler is fed by SQS.
    const code = 'def main(event, context):\n    for record in event["Records"]:\n        save(record)\n';
    const dir = writeProject({ 'package.json': '{}', 'serverless.yml': yml, 'src/worker.py': code });
    expect(await cliFindings(dir, ['require-batch-item-failures'])).toEqual([at('src/worker.py', 2, 5, 'require-batch-item-failures', 'wholeBatch')]);
  });

  /** A Terraform function packed by an archive (\`source\`: its \`source_dir\` or \`source_file\` line). */
  const tfFunction = (source: string, handler: string): string => `data "archive_file" "worker" {
  type        = "zip"
  ${source}
  output_path = "\${path.module}/worker.zip"
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/worker"
  runtime       = "python3.12"
  handler       = "${handler}"
  filename      = data.archive_file.worker.output_path
}
`;

  it('Terraform: handler + an archive of the source folder', async () => {
    const tf = `${tfFunction('source_dir  = "\${path.module}/src"', 'app.lambda_handler')}
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.worker.arn
  batch_size       = 10
}
`;
    const dir = writeProject({ 'package.json': '{}', 'main.tf': tf, 'src/app.py': RETURNS_BATCH });
    expect(await cliFindings(dir, ['batch-response-ignored'])).toEqual([at('main.tf', 19, 1, 'batch-response-ignored', 'mappingIgnoresResponse'), at('src/app.py', 8, 5, 'batch-response-ignored', 'handlerResponseIgnored')]);
  });

  it('Terraform: a one-file archive of the module (`source_file = "…/worker.py"`)', async () => {
    const tf = tfFunction('source_file = "\${path.module}/code/worker.py"', 'worker.lambda_handler');
    const dir = writeProject({ 'package.json': '{}', 'main.tf': tf, 'code/worker.py': RETURNS_BATCH });
    const { project } = await analyze(['.'], { cwd: dir });
    expect(buildGraph(project, dir).functions[0]?.handler).toMatchObject({ file: 'code/worker.py', export: 'lambda_handler', linked: true });
  });

  const cdk = `import { Stack } from 'aws-cdk-lib';
import { Code, Function, Runtime } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue } from 'aws-cdk-lib/aws-sqs';

export class Jobs extends Stack {
  build() {
    const queue = new Queue(this, 'Jobs');
    const fn = new Function(this, 'Worker', { runtime: Runtime.PYTHON_3_12, handler: 'app.lambda_handler', code: Code.fromAsset('lambda') });
    fn.addEventSource(new SqsEventSource(queue, { batchSize: 10 }));
  }
}
`;

  it('CDK: Code.fromAsset(dir) + handler, through the CLI and through ESLint 9 and 10 (ESLint lints the stack, and reads the Python handler for the link)', async () => {
    const files = { 'package.json': '{}', 'cdk.json': '{"app":"npx tsx bin/app.ts"}', 'lib/stack.ts': cdk, 'lambda/app.py': RETURNS_BATCH };
    const dir = writeProject(files);
    const onStack = at('lib/stack.ts', 10, 49, 'batch-response-ignored', 'mappingIgnoresResponse');
    expect(await cliFindings(dir, ['batch-response-ignored'])).toEqual([at('lambda/app.py', 8, 5, 'batch-response-ignored', 'handlerResponseIgnored'), onStack]);
    expect(await eslintFindings(dir, ['batch-response-ignored'])).toEqual([onStack]);
    expect(await eslintFindings(dir, ['batch-response-ignored'], ESLint9)).toEqual([onStack]);
  });

  it('CDK: a handler that throws per record behind a mapping without reportBatchItemFailures gets the mapping finding, not the handler one', async () => {
    const dir = writeProject({ 'package.json': '{}', 'cdk.json': '{"app":"npx tsx bin/app.ts"}', 'lib/stack.ts': cdk, 'lambda/app.py': THROWS });
    const found = await cliFindings(dir, ['batch-response-ignored', 'require-report-batch-item-failures', 'require-batch-item-failures']);
    expect(found).toEqual([at('lambda/app.py', 2, 5, 'require-batch-item-failures', 'wholeBatch'), at('lib/stack.ts', 10, 49, 'require-report-batch-item-failures', 'missing')]);
  });

  it('the runtime says the language: a Python function links the .py module, a Node.js one the script, whichever else is at the same path', async () => {
    const linked = async (files: Record<string, string>): Promise<unknown> => {
      const dir = writeProject({ 'package.json': '{}', ...files });
      const { project } = await analyze(['.'], { cwd: dir });
      const handler = buildGraph(project, dir).functions[0]?.handler as { file?: string; linked?: boolean } | undefined;
      return { file: handler?.file, linked: handler?.linked };
    };
    const both = { 'src/app.py': RETURNS_BATCH, 'src/app.js': 'exports.lambda_handler = async () => {};\n' };
    const samWith = (runtime: string): string => samSqsTemplate({ handler: 'app.lambda_handler', runtime, code: ['CodeUri: src/'], batchSize: 10 });
    expect(await linked({ 'template.yaml': samWith('python3.12'), ...both })).toEqual({ file: 'src/app.py', linked: true });
    expect(await linked({ 'template.yaml': samWith('nodejs20.x'), ...both })).toEqual({ file: 'src/app.js', linked: true });
    // A Node.js function whose path holds only a Python module: that module is not its handler.
    expect(await linked({ 'template.yaml': samWith('nodejs20.x'), 'src/app.py': RETURNS_BATCH })).toMatchObject({ linked: false });
    // Serverless: the function's runtime, else provider.runtime.
    const serverless = (fnRuntime: string): string => `service: jobs
provider:
  name: aws
  runtime: python3.12
functions:
  worker:
    handler: src/app.lambda_handler${fnRuntime}
`;
    expect(await linked({ 'serverless.yml': serverless(''), ...both })).toEqual({ file: 'src/app.py', linked: true });
    expect(await linked({ 'serverless.yml': serverless('\n    runtime: nodejs20.x'), ...both })).toEqual({ file: 'src/app.js', linked: true });
  });

  it('CDK: PythonFunction (`entry` folder from the app root, `index` default index.py, `handler` default handler), v2 alpha and v1', async () => {
    const stack = (module: string, props: string): string => `import { Stack } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { PythonFunction } from '${module}';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue } from 'aws-cdk-lib/aws-sqs';

export class Jobs extends Stack {
  build() {
    const queue = new Queue(this, 'Jobs');
    const fn = new PythonFunction(this, 'Worker', { runtime: Runtime.PYTHON_3_12, ${props} });
    fn.addEventSource(new SqsEventSource(queue, { batchSize: 10 }));
  }
}
`;
    const handler = RETURNS_BATCH.replace('def lambda_handler', 'def handler');
    const cases: [string, string, Record<string, string>][] = [
      ['@aws-cdk/aws-lambda-python-alpha', "entry: 'functions/worker'", { 'functions/worker/index.py': handler }],
      ['@aws-cdk/aws-lambda-python-alpha', "entry: 'functions/worker', index: 'jobs/main.py', handler: 'lambda_handler'", { 'functions/worker/jobs/main.py': RETURNS_BATCH }],
      ['@aws-cdk/aws-lambda-python', "entry: path.join(__dirname, '../functions/worker')", { 'functions/worker/index.py': handler }],
    ];
    for (const [module, props, files] of cases) {
      const code = stack(module, props);
      const dir = writeProject({ 'package.json': '{}', 'cdk.json': '{"app":"npx tsx bin/app.ts"}', 'lib/stack.ts': props.includes('path.') ? `import * as path from 'path';\n${code}` : code, ...files });
      const found = await cliFindings(dir, ['batch-response-ignored']);
      const line = props.includes('path.') ? 12 : 11;
      expect(found).toEqual([at(Object.keys(files)[0] as string, 8, 5, 'batch-response-ignored', 'handlerResponseIgnored'), at('lib/stack.ts', line, 49, 'batch-response-ignored', 'mappingIgnoresResponse')]);
    }
    // The handler it names is not in the module: the graph says so.
    const dir = writeProject({ 'package.json': '{}', 'cdk.json': '{}', 'lib/stack.ts': stack('@aws-cdk/aws-lambda-python-alpha', "entry: 'functions/worker'"), 'functions/worker/index.py': 'def main(event, context):\n    pass\n' });
    const { project } = await analyze(['.'], { cwd: dir });
    expect(buildGraph(project, dir).functions[0]?.handler).toMatchObject({ file: 'functions/worker/index.py', export: 'handler', linked: false });
  });
});

describe('Powertools for AWS Lambda (Python): the batch utility', () => {
  const powertools = (eventType: string, processor = 'BatchProcessor'): string => `from aws_lambda_powertools.utilities.batch import ${processor}, EventType, process_partial_response

processor = ${processor}(${processor === 'SqsFifoPartialProcessor' ? '' : `event_type=EventType.${eventType}`})

def record_handler(record):
    save(record.body)

def lambda_handler(event, context):
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
`;

  it('the processor makes the batch response: behind a mapping without ReportBatchItemFailures, Lambda ignores it', async () => {
    const dir = writeProject({ 'package.json': '{}', 'template.yaml': sam('app.lambda_handler'), 'src/app.py': powertools('SQS') });
    expect(await cliFindings(dir, ['batch-response-ignored', 'require-batch-item-failures', 'require-report-batch-item-failures', 'batch-processor-mismatch'])).toEqual([
      at('src/app.py', 9, 5, 'batch-response-ignored', 'handlerResponseIgnored'),
      at('template.yaml', 13, 9, 'batch-response-ignored', 'mappingIgnoresResponse'),
    ]);
  });

  it('with ReportBatchItemFailures and the right event type: quiet; processor.response() after the decorator too', async () => {
    const decorated = `from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, batch_processor

processor = BatchProcessor(EventType.SQS)

def record_handler(record):
    save(record["body"])

@batch_processor(record_handler=record_handler, processor=processor)
def lambda_handler(event, context):
    return processor.response()
`;
    for (const code of [powertools('SQS'), decorated]) {
      const dir = writeProject({ 'package.json': '{}', 'template.yaml': sam('app.lambda_handler', REPORT_FAILURES), 'src/app.py': code });
      expect(await cliFindings(dir, ['batch-response-ignored', 'require-batch-item-failures', 'require-report-batch-item-failures', 'batch-processor-mismatch', 'no-whole-batch-throw'])).toEqual([]);
    }
  });

  it('batch-processor-mismatch: a processor built for another source than the mapping, or a parallel one on a FIFO queue', async () => {
    const wrong = writeProject({ 'package.json': '{}', 'template.yaml': sam('app.lambda_handler', REPORT_FAILURES), 'src/app.py': powertools('KinesisDataStreams') });
    expect(await cliFindings(wrong, ['batch-processor-mismatch'])).toEqual([at('src/app.py', 3, 13, 'batch-processor-mismatch', 'wrongEventType')]);
    const fifoTemplate = sam('app.lambda_handler', REPORT_FAILURES).replace('    Type: AWS::SQS::Queue\n', '    Type: AWS::SQS::Queue\n    Properties:\n      FifoQueue: true\n');
    const parallel = writeProject({ 'package.json': '{}', 'template.yaml': fifoTemplate, 'src/app.py': powertools('SQS') });
    expect(await cliFindings(parallel, ['batch-processor-mismatch'])).toEqual([at('src/app.py', 3, 13, 'batch-processor-mismatch', 'notFifo')]);
    const fifo = writeProject({ 'package.json': '{}', 'template.yaml': fifoTemplate, 'src/app.py': powertools('SQS', 'SqsFifoPartialProcessor') });
    expect(await cliFindings(fifo, ['batch-processor-mismatch'])).toEqual([]);
  });
});

describe('valid-batch-item-identifier on Python', () => {
  const handler = (value: string, source = 'sqs'): string => `import json

def lambda_handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            save(${source === 'sqs' ? 'record["body"]' : 'record["kinesis"]["data"]'})
        except Exception as error:
            failures.append({"itemIdentifier": ${value}})
    return {"batchItemFailures": failures}
`;
  const ids = async (code: string): Promise<{ line: number; column: number; messageId: string | undefined }[]> => {
    const dir = writeProject({ 'package.json': '{}', 'app.py': code });
    return (await cliFindings(dir, ['valid-batch-item-identifier'])).map((f) => ({ line: f.line, column: f.column, messageId: f.messageId }));
  };

  it('reports a field that is not the record\'s identifier, an empty one, a serialised one, the error', async () => {
    expect(await ids(handler('record["body"]'))).toEqual([{ line: 9, column: 48, messageId: 'wrongField' }]);
    expect(await ids(handler('""'))).toEqual([{ line: 9, column: 48, messageId: 'empty' }]);
    expect(await ids(handler('json.dumps(record["messageId"])'))).toEqual([{ line: 9, column: 48, messageId: 'notRecordId' }]);
    expect(await ids(handler('str(error)'))).toEqual([{ line: 9, column: 48, messageId: 'notRecordId' }]);
    expect(await ids(handler('record["eventID"]', 'kinesis'))).toEqual([{ line: 9, column: 48, messageId: 'wrongField' }]);
  });

  it('stays quiet on the right identifier for the source, and on what it cannot read', async () => {
    for (const code of [handler('record["messageId"]'), handler('record["kinesis"]["sequenceNumber"]', 'kinesis'), handler('record.message_id'), handler('ids[record["messageId"]]')]) {
      expect(await ids(code)).toEqual([]);
    }
  });
});

describe('Python modules of the project, followed from a handler', () => {
  const store = `def save_all(records):
    for record in records:
        table.put_item(Item=record["body"])

class Store:
    def put(self, item):
        table.put_item(Item=item)
`;
  const run = async (files: Record<string, string>): Promise<ProjectFinding[]> => cliFindings(writeProject({ 'package.json': '{}', 'template.yaml': sam('orders.app.lambda_handler'), ...files }), ['require-batch-item-failures']);

  it('relative and absolute imports, a module imported whole, a package: the loop in the other module is reported at the call', async () => {
    const cases: [string, Record<string, string>][] = [
      ['from .store import save_all', { 'src/orders/store.py': store }],
      ['from orders.store import save_all', { 'src/orders/store.py': store }],
      ['from shared.store import save_all', { 'src/shared/store.py': store }],
      ['from orders import store\nsave_all = None', { 'src/orders/store.py': store }],
    ];
    for (const [imports, files] of cases) {
      const call = imports.includes('import store') ? 'store.save_all(event["Records"])' : 'save_all(event["Records"])';
      const app = `${imports.split('\n')[0]}\n\ndef lambda_handler(event, context):\n    ${call}\n`;
      expect(await run({ 'src/orders/app.py': app, ...files })).toEqual([at('src/orders/app.py', 4, 5, 'require-batch-item-failures', 'wholeBatch')]);
    }
  });

  it('a package of a Lambda layer (outside the module\'s folders) is the one module of the project whose path ends like the import; two such are not followed', async () => {
    const cases: [string, string, Record<string, string>][] = [
      ['from helpers_lib.store import save_all', 'save_all(event["Records"])', { 'layers/common/python/helpers_lib/store.py': store }],
      ['import store_helper', 'store_helper.save_all(event["Records"])', { 'layers/common/python/store_helper.py': store }],
      ['from helpers_lib import store', 'store.save_all(event["Records"])', { 'layers/common/python/helpers_lib/store/__init__.py': store }],
    ];
    for (const [imports, call, files] of cases) {
      const app = `${imports}\n\ndef lambda_handler(event, context):\n    ${call}\n`;
      expect(await run({ 'src/orders/app.py': app, ...files })).toEqual([at('src/orders/app.py', 4, 5, 'require-batch-item-failures', 'wholeBatch')]);
    }
    const twice = { 'layers/a/python/helpers_lib/store.py': store, 'layers/b/python/helpers_lib/store.py': store };
    expect(await run({ 'src/orders/app.py': 'from helpers_lib.store import save_all\n\ndef lambda_handler(event, context):\n    save_all(event["Records"])\n', ...twice })).toEqual([]);
  });

  it('stays quiet when the imported module is not in the project, or its function does not touch the records', async () => {
    const app = 'from vendor.lib import save_all\n\ndef lambda_handler(event, context):\n    save_all(event["Records"])\n';
    expect(await run({ 'src/orders/app.py': app })).toEqual([]);
    const quiet = 'from .store import Store\n\ndef lambda_handler(event, context):\n    return Store\n';
    expect(await run({ 'src/orders/app.py': quiet, 'src/orders/store.py': store })).toEqual([]);
  });
});

describe('require-idempotency on Python', () => {
  const template = sam('app.handler', REPORT_FAILURES);
  const run = async (code: string, files: Record<string, string> = {}): Promise<{ line: number; column: number; messageId: string | undefined }[]> =>
    (await cliFindings(writeProject({ 'package.json': '{}', 'template.yaml': template, 'src/app.py': code, ...files }), ['require-idempotency'])).map((f) => ({ line: f.line, column: f.column, messageId: f.messageId }));
  const loop = (body: string[], head: string[] = []): string =>
    [
      'import json, os, uuid, time',
      'import boto3',
      'import requests',
      'from urllib.request import Request, urlopen',
      ...head,
      '',
      'def handler(event, context):',
      '    failures = []',
      '    for record in event["Records"]:',
      '        try:',
      ...body.map((l) => `            ${l}`),
      '        except Exception:',
      '            failures.append({"itemIdentifier": record["messageId"]})',
      '    return {"batchItemFailures": failures}',
      '',
    ].join('\n');
  const first = 10;

  it('does not report an OAuth token request (a POST whose form has grant_type): asking again gets another token', async () => {
    const code = loop(
      ['token = requests.post(os.environ["TOKEN_URL"], form).json()["access_token"]', 'requests.post("https://api.example.com", data={"grant_type": "client_credentials"})', 'requests.post("https://api.example.com", json={"id": record["messageId"], "type": "x"})'],
      ['form = {"grant_type": "password", "username": "u"}'],
    );
    // Only the third POST (one header line shifts the body by one).
    expect(await run(code)).toEqual([{ line: first + 3, column: 13, messageId: 'unguarded' }]);
  });

  it('reports boto3 clients and resources, HTTP POSTs and generated keys, through module names, self attributes and with-aliases', async () => {
    const head = [
      'sqs = boto3.client("sqs")',
      'table = boto3.resource("dynamodb").Table(os.environ["TABLE"])',
      'sfn = boto3.session.Session().client("stepfunctions")',
      'class Notifier:',
      '    def __init__(self):',
      '        self.sns = boto3.client("sns")',
      '    def send(self, body):',
      '        self.sns.publish(TopicArn=os.environ["TOPIC"], Message=body)',
    ];
    const code = loop(
      [
        'sqs.send_message(QueueUrl=os.environ["OUT"], MessageBody=record["body"])',
        'table.put_item(Item={"id": str(uuid.uuid4()), "body": record["body"]})',
        'sfn.start_execution(stateMachineArn=os.environ["SM"], input=record["body"])',
        'Notifier().send(record["body"])',
        'requests.post("https://api.example.com", json=json.loads(record["body"]))',
        'urlopen(Request("https://api.example.com", data=record["body"].encode()))',
        'with table.batch_writer() as batch:',
        '    batch.put_item(Item={"pk": f"run-{time.time()}"})',
        'boto3.client("events").put_events(Entries=[{"Detail": record["body"]}])',
      ],
      head,
    );
    const h = first + head.length;
    expect(await run(code)).toEqual([
      { line: 12, column: 9, messageId: 'unguarded' },
      { line: h, column: 13, messageId: 'unguarded' },
      { line: h + 1, column: 13, messageId: 'generatedKey' },
      { line: h + 2, column: 13, messageId: 'unguarded' },
      { line: h + 4, column: 13, messageId: 'unguarded' },
      { line: h + 5, column: 13, messageId: 'unguarded' },
      { line: h + 7, column: 17, messageId: 'generatedKey' },
      { line: h + 8, column: 13, messageId: 'unguarded' },
    ]);
  });

  it('judges a helper module\'s put at each call with the arguments given there (a uuid4 key is a second item, the record\'s id an overwrite), by position and by keyword', async () => {
    const code = [
      'import uuid',
      'from common.audit import create_audit_item',
      '',
      '',
      'def handler(event, context):',
      '    for record in event["Records"]:',
      '        message_id = str(uuid.uuid4())',
      '        create_audit_item(message_id, record["body"])',
      '        create_audit_item(item_id=record["messageId"], body=record["body"])',
      '        create_audit_item(body="x", item_id=str(uuid.uuid4()))',
      '',
    ].join('\n');
    const audit = 'import boto3\n\ntable = boto3.resource("dynamodb").Table("audit")\n\n\ndef create_audit_item(item_id, body):\n    table.put_item(Item={"message_id": item_id, "body": body})\n';
    expect((await run(code, { 'src/common/__init__.py': '', 'src/common/audit.py': audit })).sort((a, b) => a.line - b.line)).toEqual([
      { line: 8, column: 9, messageId: 'generatedKey' },
      { line: 10, column: 9, messageId: 'generatedKey' },
    ]);
    // Near miss: a conditional put is guarded whatever the key.
    const conditional = audit.replace('"body": body})', '"body": body}, ConditionExpression="attribute_not_exists(message_id)")');
    expect(await run(code, { 'src/common/__init__.py': '', 'src/common/audit.py': conditional })).toEqual([]);
  });

  it('follows a method called on a parameter into the class the caller passes (an API object handed to a helper), in this module or another', async () => {
    const history = [
      'import uuid',
      'import boto3',
      '',
      'class RunHistory:',
      '    def __init__(self):',
      '        self.table = boto3.resource("dynamodb").Table("runs")',
      '    def start(self, name):',
      '        self.table.put_item(Item={"id": str(uuid.uuid4()), "name": name})',
      '    def record(self, run_id):',
      '        self.table.put_item(Item={"id": run_id})',
      '',
    ].join('\n');
    const code = [
      'from shared.history import RunHistory',
      '',
      '',
      'def begin(history, record):',
      '    return history.start(record["body"])',
      '',
      '',
      'def note(history, record):',
      '    history.record(record["messageId"])',
      '',
      '',
      'def handler(event, context):',
      '    history = RunHistory()',
      '    for record in event["Records"]:',
      '        begin(history, record)',
      '        note(history, record)',
      '',
    ].join('\n');
    // The fresh uuid4 key is a second item on every delivery (reported at the call that reaches the
    // other module); the record's own id an overwrite.
    expect(await run(code, { 'src/shared/__init__.py': '', 'src/shared/history.py': history })).toEqual([{ line: 5, column: 12, messageId: 'generatedKey' }]);
    // The class in the handler's own module.
    const local = [...history.split('\n'), ...code.split('\n').slice(1)].join('\n');
    expect(await run(local)).toEqual([{ line: 8, column: 9, messageId: 'generatedKey' }]);
    // Near misses: something that is not a class of the project, a function passed instead of an instance.
    expect(await run(code.replace('history = RunHistory()', 'history = make_history()').replace('from shared.history import RunHistory', 'from somelib import make_history'), { 'src/shared/__init__.py': '', 'src/shared/history.py': history })).toEqual([]);
    const passedFunction = code.replace('history = RunHistory()', 'history = RunHistory');
    expect(await run(passedFunction, { 'src/shared/__init__.py': '', 'src/shared/history.py': history })).toEqual([]);
  });

  it('names the guards as Python spells them', async () => {
    const dir = writeProject({ 'package.json': '{}', 'template.yaml': template, 'src/app.py': loop(['sqs.send_message(QueueUrl=os.environ["OUT"], MessageBody="x")'], ['sqs = boto3.client("sqs")']) });
    const { results } = await analyze(['.'], { cwd: dir, config: { preset: 'strict', rules: {} }, rules: { 'require-idempotency': 'error' } });
    const message = results.flatMap((r) => r.messages).find((m) => m.ruleId === 'lambda-lint/require-idempotency')?.message ?? '';
    expect(message).toContain('`@idempotent_function` with `IdempotencyConfig(event_key_jmespath=…)`');
    expect(message).not.toContain('makeIdempotent');
  });

  it('stays quiet: FIFO dedup ids from the record, stable keys, conditions, idempotency keys, reads, receivers it cannot see, a claim first', async () => {
    const head = ['sqs = boto3.client("sqs")', 'table = boto3.resource("dynamodb").Table("t")', 'def send(client, body):', '    client.send_message(QueueUrl="q", MessageBody=body)'];
    const quiet = [
      'sqs.send_message(QueueUrl="https://sqs/1/q.fifo", MessageBody="x", MessageGroupId="g", MessageDeduplicationId=record["messageId"])',
      'sqs.send_message(QueueUrl="https://sqs/1/q.fifo", MessageBody="x", MessageGroupId="g")',
      'table.put_item(Item={"id": record["messageId"], "body": record["body"]})',
      'table.update_item(Key={"id": record["messageId"]}, UpdateExpression="SET done = :t")',
      'requests.post("https://api", json={}, headers={"Idempotency-Key": record["messageId"]})',
      'requests.get("https://api")',
      'send(make_client(), "x")',
      'params = {"QueueUrl": "q", "MessageBody": "x"}',
      'sqs.send_message(**options)',
    ];
    expect(await run(loop(quiet, head))).toEqual([]);
    // A conditional write that claims the record's id covers what runs after it.
    const claimed = loop(['table.put_item(Item={"id": record["messageId"]}, ConditionExpression="attribute_not_exists(id)")', 'sqs.send_message(QueueUrl="q", MessageBody="x")'], head);
    expect(await run(claimed)).toEqual([]);
  });

  it('Powertools idempotency: @idempotent_function with a key covers the record handler; without event_key_jmespath the key is the whole record', async () => {
    const code = (config: string): string =>
      [
        'import boto3',
        'from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response',
        'from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer, IdempotencyConfig, idempotent_function',
        'processor = BatchProcessor(event_type=EventType.SQS)',
        'store = DynamoDBPersistenceLayer(table_name="idem")',
        `config = IdempotencyConfig(${config})`,
        'sqs = boto3.client("sqs")',
        '',
        '@idempotent_function(data_keyword_argument="record", persistence_store=store, config=config)',
        'def record_handler(record):',
        '    sqs.send_message(QueueUrl="q", MessageBody=record["body"])',
        '',
        'def handler(event, context):',
        '    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)',
        '',
      ].join('\n');
    expect(await run(code('event_key_jmespath="messageId"'))).toEqual([]);
    expect(await run(code(''))).toEqual([{ line: 9, column: 1, messageId: 'defaultKey' }]);
    // Without the guard, the record handler's send is reported (the batch utility runs it).
    const unguarded = code('').replace('@idempotent_function(data_keyword_argument="record", persistence_store=store, config=config)\n', '');
    expect(await run(unguarded)).toEqual([{ line: 10, column: 5, messageId: 'unguarded' }]);
  });

  it('follows methods of classes of other modules, self attributes holding instances, and client factories of the module', async () => {
    const helpers = 'import boto3\n\nclass SqsHelper:\n    def __init__(self):\n        self.client = boto3.client("sqs")\n\n    def send(self, body):\n        self.client.send_message(QueueUrl="q", MessageBody=body)\n';
    const code = [
      'import boto3',
      'from helpers import SqsHelper',
      '',
      'def sns_client():',
      '    return boto3.client("sns")',
      '',
      'class Worker:',
      '    def __init__(self):',
      '        self.queue = SqsHelper()',
      '',
      '    def run(self, record):',
      '        self.queue.send(record["body"])',
      '        sns_client().publish(TopicArn="t", Message=record["body"])',
      '',
      'def handler(event, context):',
      '    for record in event["Records"]:',
      '        SqsHelper().send(record["body"])',
      '        Worker().run(record)',
      '    return {"batchItemFailures": []}',
      '',
    ].join('\n');
    expect(await run(code, { 'src/helpers.py': helpers })).toEqual([
      { line: 12, column: 9, messageId: 'unguarded' },
      { line: 13, column: 9, messageId: 'unguarded' },
      { line: 17, column: 9, messageId: 'unguarded' },
    ]);
  });

  it('a client the module passes to a function or a constructor: the calls on it are judged as on that client', async () => {
    const code = [
      'import boto3',
      '',
      // Names that do not say the service: the client the caller passes does.
      'def send_batch(conn, url, bodies):',
      '    conn.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": b} for i, b in enumerate(bodies)])',
      '',
      'class Notifier:',
      '    def __init__(self, client, topic):',
      '        self.client = client',
      '        self.topic = topic',
      '',
      '    def notify(self, body):',
      '        self.client.publish(TopicArn=self.topic, Message=body)',
      '',
      'def forward(channel, body):',
      '    channel.send_message(QueueUrl="q", MessageBody=body)',
      '',
      'def handler(event, context):',
      '    sqs = boto3.client("sqs")',
      '    for record in event["Records"]:',
      '        send_batch(sqs, "q", [record["body"]])',
      '        Notifier(boto3.client("sns"), "t").notify(record["body"])',
      '        forward(make_channel(), record["body"])',
      '    return {"batchItemFailures": []}',
      '',
    ].join('\n');
    // `forward` is given something that is not a client the module shows: not judged.
    expect(await run(code)).toEqual([
      { line: 12, column: 9, messageId: 'unguarded' },
      { line: 4, column: 5, messageId: 'unguarded' },
    ]);
  });

  it('a client a function or class is given, named for its service (`sqs`, `self.sns_client`, `orders_table`), is that service\'s client, also across modules', async () => {
    const helpers = [
      'class SQSHelper:',
      '    def __init__(self, sqs, name):',
      '        self.sqs = sqs',
      '        self.name = name',
      '',
      '    def send(self, body):',
      '        self.sqs.get_queue_url(QueueName=self.name)',
      '        self.sqs.send_message(QueueUrl=self.name, MessageBody=body)',
      '',
      'def save(orders_table, item):',
      '    orders_table.put_item(Item={"id": str(uuid.uuid4()), **item})',
      '',
      'def relay(channel, body):',
      '    channel.send_message(QueueUrl="q", MessageBody=body)',
      '',
    ].join('\n');
    const code = [
      'import boto3',
      'from helpers import SQSHelper, relay, save',
      '',
      'def handler(event, context):',
      '    for record in event["Records"]:',
      '        SQSHelper(boto3.client("sqs"), "out").send(record["body"])',
      '        save(TABLE, {"body": record["body"]})',
      '        relay(CHANNEL, record["body"])',
      '    return {"batchItemFailures": []}',
      '',
    ].join('\n');
    // `relay`'s `channel` says no service: not judged; `get_queue_url` reads.
    expect(await run(code, { 'src/helpers.py': `import uuid\n\n${helpers}` })).toEqual([
      { line: 6, column: 9, messageId: 'unguarded' },
      { line: 7, column: 9, messageId: 'generatedKey' },
    ]);
  });

  it('a client with a default (`client or boto3.client("stepfunctions")`) is that client; operands that disagree are not judged', async () => {
    const code = (value: string): string => [
      'import boto3',
      '',
      'class States:',
      '    def __init__(self, states_client=None):',
      `        self._sfn = ${value}`,
      '',
      '    def run(self, arn, body):',
      '        return self._sfn.start_execution(stateMachineArn=arn, input=body)',
      '',
      'def handler(event, context):',
      '    for record in event["Records"]:',
      '        States().run("arn", record["body"])',
      '    return {"batchItemFailures": []}',
      '',
    ].join('\n');
    expect(await run(code('states_client or boto3.client("stepfunctions")'))).toEqual([{ line: 8, column: 16, messageId: 'unguarded' }]);
    expect(await run(code('boto3.client("stepfunctions") if FLAG else boto3.client("sqs")'))).toEqual([]);
  });

  it("a package's classes by their dotted path (`pkg.publisher.Publisher()`), and through the package's own re-export (`from .publisher import Publisher` in `__init__.py`)", async () => {
    const publisher = 'import boto3\n\nclass Publisher:\n    def __init__(self):\n        self.sns = boto3.client("sns")\n\n    def publish(self, body):\n        self.sns.publish(TopicArn="t", Message=body)\n';
    const files = { 'src/pubs/__init__.py': 'from .publisher import Publisher\n\n__all__ = [Publisher]\n', 'src/pubs/publisher.py': publisher };
    const dotted = 'import pubs\n\ndef handler(event, context):\n    p = pubs.publisher.Publisher()\n    for record in event["Records"]:\n        p.publish(record["body"])\n    return {"batchItemFailures": []}\n';
    expect(await run(dotted, files)).toEqual([{ line: 6, column: 9, messageId: 'unguarded' }]);
    const reexported = 'import pubs\n\ndef handler(event, context):\n    for record in event["Records"]:\n        pubs.Publisher().publish(record["body"])\n    return {"batchItemFailures": []}\n';
    expect(await run(reexported, files)).toEqual([{ line: 5, column: 9, messageId: 'unguarded' }]);
    const fromPackage = 'from pubs import Publisher\n\ndef handler(event, context):\n    for record in event["Records"]:\n        Publisher().publish(record["body"])\n    return {"batchItemFailures": []}\n';
    expect(await run(fromPackage, files)).toEqual([{ line: 5, column: 9, messageId: 'unguarded' }]);
    // Near miss: a package that does not import the name has no such class to follow.
    expect(await run(reexported, { ...files, 'src/pubs/__init__.py': '__all__ = []\n' })).toEqual([]);
  });

  it('a client made by a helper named for it with a boto3 service name (`conn.get_client("sns")`, `make_resource("dynamodb")`) is that service\'s', async () => {
    const code = (make: string): string =>
      ['from helpers import AWSConnection, make_resource', '', 'def handler(event, context):', `    client = ${make}`, '    for record in event["Records"]:', '        client.publish(TopicArn="t", Message=record["body"])', '    return {"batchItemFailures": []}', ''].join('\n');
    const helpers = 'import boto3\n\nclass AWSConnection:\n    def get_client(self, service):\n        return boto3.client(service)\n\ndef make_resource(service):\n    return boto3.resource(service)\n';
    expect(await run(code('AWSConnection().get_client("sns")'), { 'src/helpers.py': helpers })).toEqual([{ line: 6, column: 9, messageId: 'unguarded' }]);
    const table = ['from helpers import make_resource', '', 'def handler(event, context):', '    table = make_resource("dynamodb").Table("t")', '    for record in event["Records"]:', '        table.update_item(Key={"id": record["messageId"]}, UpdateExpression="ADD n :one", ExpressionAttributeValues={":one": 1})', '    return {"batchItemFailures": []}', ''].join('\n');
    expect(await run(table, { 'src/helpers.py': helpers })).toEqual([{ line: 6, column: 9, messageId: 'unguarded' }]);
    // Near misses: a name that is not a service, a helper not named for clients.
    expect(await run(code('AWSConnection().get_client("notifications")'), { 'src/helpers.py': helpers })).toEqual([]);
    expect(await run(code('AWSConnection().connect("sns")'), { 'src/helpers.py': helpers })).toEqual([]);
  });

  it('a function handed to a library that runs it (a thread target, an executor task) does its side effects there; its failure stays in the thread', async () => {
    const code = (start: string): string =>
      [
        'import boto3',
        'import threading',
        'from concurrent.futures import ThreadPoolExecutor',
        '',
        'sqs = boto3.client("sqs")',
        '',
        'class Forwarder:',
        '    def forward(self, body):',
        `        ${start}`,
        '',
        '    def _send(self, body):',
        '        sqs.send_message(QueueUrl="q", MessageBody=body)',
        '',
        'def send(body):',
        '    sqs.send_message(QueueUrl="q", MessageBody=body)',
        '',
        'def handler(event, context):',
        '    for record in event["Records"]:',
        '        Forwarder().forward(record["body"])',
        '    return {"batchItemFailures": []}',
        '',
      ].join('\n');
    // In the handler's module, the side effect is reported where it is.
    expect(await run(code('threading.Thread(target=self._send, args=(body,)).start()'))).toEqual([{ line: 12, column: 9, messageId: 'unguarded' }]);
    expect(await run(code('ThreadPoolExecutor().submit(send, body)'))).toEqual([{ line: 15, column: 5, messageId: 'unguarded' }]);
    // In another module, at the handler's call that leads there.
    const forwarder = code('threading.Thread(target=self._send, args=(body,)).start()').split('def handler')[0] as string;
    const handler = 'from forwarder import Forwarder\n\ndef handler(event, context):\n    for record in event["Records"]:\n        Forwarder().forward(record["body"])\n    return {"batchItemFailures": []}\n';
    expect(await run(handler, { 'src/forwarder.py': forwarder })).toEqual([{ line: 5, column: 9, messageId: 'unguarded' }]);
    // Near miss: a function only named, never handed to anything that runs it.
    expect(await run(code('print(self._send.__name__)'))).toEqual([]);
  });

  it('a side effect in another module of the project is reported at the call that leads there', async () => {
    const notify = 'import boto3\n\nsns = boto3.client("sns")\n\ndef notify(body):\n    sns.publish(TopicArn="t", Message=body)\n';
    const code = 'from notify import notify\n\ndef handler(event, context):\n    for record in event["Records"]:\n        notify(record["body"])\n    return {"batchItemFailures": []}\n';
    expect(await run(code, { 'src/notify.py': notify })).toEqual([{ line: 5, column: 9, messageId: 'unguarded' }]);
  });
});

describe('no-ignored-batch-api-failures on Python', () => {
  const run = async (code: string): Promise<{ line: number; column: number }[]> =>
    (await cliFindings(writeProject({ 'package.json': '{}', 'app.py': code }), ['no-ignored-batch-api-failures'])).map((f) => ({ line: f.line, column: f.column }));
  const head = 'import boto3\n\nsqs = boto3.client("sqs")\nevents = boto3.client("events")\nkinesis = boto3.client("kinesis")\n\n';

  it('reports boto3 batch writes whose failure fields are never read', async () => {
    const code = `${head}def handler(event, context):
    sqs.send_message_batch(QueueUrl="q", Entries=[])
    response = events.put_events(Entries=[])
    print(response["ResponseMetadata"])
    boto3.client("dynamodb").batch_write_item(RequestItems={})
`;
    // (in the helper's order: file:line:column as text)
    expect(await run(code)).toEqual([
      { line: 11, column: 5 },
      { line: 8, column: 5 },
      { line: 9, column: 16 },
    ]);
  });

  it('stays quiet when a failure field is read, or the response is handed on', async () => {
    const code = `${head}def handler(event, context):
    response = sqs.send_message_batch(QueueUrl="q", Entries=[])
    if response.get("Failed"):
        raise RuntimeError("some messages failed")
    result = events.put_events(Entries=[])
    if result["FailedEntryCount"] > 0:
        raise RuntimeError("some events failed")
    records = kinesis.put_records(StreamName="s", Records=[])
    if "FailedRecordCount" in records and records["FailedRecordCount"]:
        raise RuntimeError("x")
    kept = sqs.send_message_batch(QueueUrl="q", Entries=[])
    return kept

def send(client):
    client.send_message_batch(QueueUrl="q", Entries=[])
`;
    expect(await run(code)).toEqual([]);
  });
});

describe('no-async-invoke-result and fifo-stop-on-failure on Python', () => {
  it('reports the Payload of an Event or DryRun invoke; quiet on RequestResponse and on StatusCode', async () => {
    const code = `import boto3

lambda_client = boto3.client("lambda")

def fan_out(body):
    response = lambda_client.invoke(FunctionName="worker", InvocationType="Event", Payload=body)
    print(response["Payload"].read())
    checked = lambda_client.invoke(FunctionName="worker", InvocationType="DryRun")
    return checked.get("Payload")

def outer(body):
    def inner():
        queued = lambda_client.invoke(FunctionName="worker", InvocationType="Event", Payload=body)
        return queued["Payload"]
    return inner

def quiet(body):
    sync = lambda_client.invoke(FunctionName="worker", InvocationType="RequestResponse", Payload=body)
    queued = lambda_client.invoke(FunctionName="worker", InvocationType="Event", Payload=body)
    return sync["Payload"].read(), queued["StatusCode"]
`;
    const dir = writeProject({ 'package.json': '{}', 'app.py': code });
    expect((await cliFindings(dir, ['no-async-invoke-result'])).map((f) => [f.line, f.column, f.messageId])).toEqual([
      // A nested function's read, once (its own, not also its outer function's); in the helper's order (line as text).
      [14, 16, 'event'],
      [7, 11, 'event'],
      [9, 12, 'dryRun'],
    ]);
    const { results } = await analyze(['.'], { cwd: dir, config: { preset: 'strict', rules: {} }, rules: { 'no-async-invoke-result': 'error' } });
    expect(results.flatMap((r) => r.messages).find((m) => m.messageId === 'event')?.message).toContain('`InvocationType="Event"`');
  });

  it('a FIFO queue: a per-record except that goes on, or gather, delivers a group out of order; stopping at the first failure is quiet', async () => {
    const template = samSqsTemplate({ handler: 'app.handler', runtime: 'python3.12', code: ['CodeUri: src/'], batchSize: 10, mapping: REPORT_FAILURES, queue: ['FifoQueue: true'] });
    const run = async (code: string): Promise<[number, number, string | undefined][]> =>
      (await cliFindings(writeProject({ 'package.json': '{}', 'template.yaml': template, 'src/app.py': code }), ['fifo-stop-on-failure'])).map((f) => [f.line, f.column, f.messageId]);
    const goesOn = RETURNS_BATCH.replace('def lambda_handler', 'def handler');
    expect(await run(goesOn)).toEqual([[6, 9, 'continues']]);
    const gathered = `import asyncio

async def process(record):
    await save(record["body"])

async def run(event):
    await asyncio.gather(*[process(r) for r in event["Records"]], return_exceptions=True)
    return {"batchItemFailures": []}

def handler(event, context):
    return asyncio.run(run(event))
`;
    expect(await run(gathered)).toEqual([[7, 27, 'concurrent']]);
    const dir = writeProject({ 'package.json': '{}', 'template.yaml': template, 'src/app.py': gathered });
    const { results } = await analyze(['.'], { cwd: dir, config: { preset: 'strict', rules: {} }, rules: { 'fifo-stop-on-failure': 'error' } });
    expect(results.flatMap((r) => r.messages).find((m) => m.messageId === 'concurrent')?.message).toContain('(asyncio.gather(…, return_exceptions=True))');
    const stops = `def handler(event, context):
    records = event["Records"]
    for i, record in enumerate(records):
        try:
            save(record["body"])
        except Exception:
            return {"batchItemFailures": [{"itemIdentifier": r["messageId"]} for r in records[i:]]}
    return {"batchItemFailures": []}
`;
    expect(await run(stops)).toEqual([]);
  });
});
