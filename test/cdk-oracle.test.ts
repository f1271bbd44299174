/**
 * The oracle: fixture CDK apps are synthesised with aws-cdk-lib itself, and for every event
 * source mapping, async invoke config, function DLQ and queue in the template, the statically
 * built model must agree. The static reader is then known right for what CDK really produces.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { extractFileFacts } from '../src/analyzers/index.js';
import { defaultVisitorKeys, parseScript } from '../src/core/ast.js';
import type { Value } from '../src/core/values.js';
import type { EventSourceMappingFact, FileFacts } from '../src/model/facts.js';
import { linkInfra, type InfraModel } from '../src/model/infra-model.js';

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}
type Template = { Resources: Record<string, Resource> };

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures/cdk-oracle');

async function synth(file: string, stackName: string): Promise<Template> {
  const mod = (await import(path.join(FIXTURES, file))) as { build(): App };
  return mod.build().synth().getStackByName(stackName).template as Template;
}

function staticFacts(file: string): FileFacts {
  const full = path.join(FIXTURES, file);
  const text = readFileSync(full, 'utf8');
  const parsed = parseScript(text, full);
  if (!parsed.ok) throw new Error(parsed.message);
  return extractFileFacts(parsed.ast, text, full, defaultVisitorKeys());
}

/** The construct id of a resource: `Stack/Worker/Resource` → `Worker`. */
function constructId(template: Template, logicalId: string): string | undefined {
  const p = template.Resources[logicalId]?.Metadata?.['aws:cdk:path'];
  return typeof p === 'string' ? p.split('/')[1] : undefined;
}

function refId(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  return v.Ref ?? v['Fn::GetAtt']?.[0];
}

const or = <T,>(v: Value<T>, fallback: T): T | 'unknown' => (v.state === 'known' ? v.value : v.state === 'absent' ? fallback : 'unknown');

/** A mapping as the oracle compares it, with the defaults applied. */
function mappingSummary(m: EventSourceMappingFact, model: InfraModel, idOf: (constructId: string | undefined) => string | undefined) {
  return {
    fn: idOf(model.functionOf(m)?.constructId),
    kind: m.kind,
    queue: idOf(model.queueOf(m)?.constructId),
    batchSize: or(m.batchSize, m.defaultBatchSize),
    rbif: or(m.reportBatchItemFailures, false),
    retries: or(m.retryAttempts, -1),
    recordAge: or(m.maxRecordAge, -1),
    bisect: or(m.bisectBatchOnError, false),
    onFailure: or(m.onFailure, false),
    window: or(m.maxBatchingWindow, 0),
  };
}

const SOURCE_KIND: Record<string, string> = { 'AWS::SQS::Queue': 'sqs', 'AWS::Kinesis::Stream': 'kinesis', 'AWS::DynamoDB::Table': 'dynamodb' };

describe.each([
  ['streams-and-queues.ts', 'StreamsAndQueues'],
  ['async-functions.ts', 'AsyncFunctions'],
])('CDK oracle: %s', (file, stackName) => {
  it('agrees with the synthesised template on every mapping, function, async config and queue', async () => {
    const template = await synth(file, stackName);
    const facts = staticFacts(file);
    const model = linkInfra(facts.infra);
    const resources = Object.entries(template.Resources);

    // Event source mappings.
    const synthMappings = resources
      .filter(([, r]) => r.Type === 'AWS::Lambda::EventSourceMapping')
      .map(([, r]) => {
        const p = r.Properties ?? {};
        const sourceLogical = refId(p.EventSourceArn);
        const source = sourceLogical ? template.Resources[sourceLogical] : undefined;
        const kind = source ? SOURCE_KIND[source.Type] : undefined;
        const destination = (p.DestinationConfig as { OnFailure?: unknown } | undefined)?.OnFailure;
        return {
          fn: constructId(template, refId(p.FunctionName) ?? ''),
          kind,
          queue: kind === 'sqs' && sourceLogical ? constructId(template, sourceLogical) : undefined,
          batchSize: (p.BatchSize as number | undefined) ?? (kind === 'sqs' ? 10 : 100),
          rbif: ((p.FunctionResponseTypes as string[] | undefined) ?? []).includes('ReportBatchItemFailures'),
          retries: (p.MaximumRetryAttempts as number | undefined) ?? -1,
          recordAge: (p.MaximumRecordAgeInSeconds as number | undefined) ?? -1,
          bisect: (p.BisectBatchOnFunctionError as boolean | undefined) ?? false,
          onFailure: destination !== undefined,
          window: (p.MaximumBatchingWindowInSeconds as number | undefined) ?? 0,
        };
      });
    const staticMappings = facts.infra.mappings.map((m) => mappingSummary(m, model, (id) => id));
    const sort = <T extends { fn?: string | undefined; kind?: string | undefined; queue?: string | undefined }>(list: T[]): T[] =>
      [...list].sort((a, b) => `${a.fn}|${a.kind}|${a.queue}`.localeCompare(`${b.fn}|${b.kind}|${b.queue}`));
    expect(sort(staticMappings)).toEqual(sort(synthMappings));

    // Functions: timeout and function-level DLQ.
    const synthFunctions = resources
      .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
      .map(([id, r]) => ({
        id: constructId(template, id),
        timeout: (r.Properties?.Timeout as number | undefined) ?? 3,
        dlq: r.Properties?.DeadLetterConfig !== undefined,
      }));
    const staticFunctions = facts.infra.functions.map((f) => ({
      id: f.constructId,
      timeout: or(f.timeout, 3),
      dlq: f.deadLetter.state === 'known',
    }));
    expect(staticFunctions.sort((a, b) => String(a.id).localeCompare(String(b.id)))).toEqual(
      synthFunctions.sort((a, b) => String(a.id).localeCompare(String(b.id))),
    );

    // Async invoke configs, by the function they configure.
    const synthConfigs = resources
      .filter(([, r]) => r.Type === 'AWS::Lambda::EventInvokeConfig')
      .map(([, r]) => {
        const p = r.Properties ?? {};
        const dest = p.DestinationConfig as { OnFailure?: unknown; OnSuccess?: unknown } | undefined;
        return {
          fn: constructId(template, refId(p.FunctionName) ?? ''),
          retries: p.MaximumRetryAttempts as number | undefined,
          age: p.MaximumEventAgeInSeconds as number | undefined,
          onFailure: dest?.OnFailure !== undefined,
          onSuccess: dest?.OnSuccess !== undefined,
        };
      });
    const byKey = new Map(facts.infra.functions.map((f) => [f.key, f.constructId]));
    const staticConfigs = facts.infra.asyncConfigs.map((c) => ({
      fn: c.functionKey === undefined ? undefined : byKey.get(c.functionKey),
      retries: c.retryAttempts.state === 'known' ? c.retryAttempts.value : undefined,
      age: c.maxEventAge.state === 'known' ? c.maxEventAge.value : undefined,
      onFailure: c.onFailure.state === 'known',
      onSuccess: c.onSuccess.state === 'known',
    }));
    expect(staticConfigs.sort((a, b) => String(a.fn).localeCompare(String(b.fn)))).toEqual(
      synthConfigs.sort((a, b) => String(a.fn).localeCompare(String(b.fn))),
    );

    // Queues created in the file (CDK adds its own for deadLetterQueueEnabled).
    for (const q of facts.infra.queues) {
      const entry = resources.find(([id, r]) => r.Type === 'AWS::SQS::Queue' && constructId(template, id) === q.constructId && (r.Metadata?.['aws:cdk:path'] as string).split('/').length === 3);
      expect(entry, `queue ${q.constructId} in the template`).toBeDefined();
      const p = entry?.[1].Properties ?? {};
      expect({ id: q.constructId, visibility: or(q.visibilityTimeout, 30), redrive: q.redrive.state === 'known', fifo: or(q.fifo, false) }).toEqual({
        id: q.constructId,
        visibility: (p.VisibilityTimeout as number | undefined) ?? 30,
        redrive: p.RedrivePolicy !== undefined,
        fifo: (p.FifoQueue as boolean | undefined) ?? false,
      });
    }
    expect(facts.infra.queues.length).toBeGreaterThan(0);
  }, 120_000);
});

/**
 * The same oracle for the CloudFormation adapter: the synthesised template, read as a template
 * (JSON, and the same template written as YAML), must give the model the CDK source gives.
 */
describe.each([
  ['streams-and-queues.ts', 'StreamsAndQueues'],
  ['async-functions.ts', 'AsyncFunctions'],
])('CloudFormation adapter on the synthesised template of %s', (file, stackName) => {
  function summary(infra: FileFacts['infra'], idOf: (constructId: string | undefined) => string | undefined) {
    const model = linkInfra(infra);
    const sortBy = <T,>(list: T[], key: (t: T) => string): T[] => [...list].sort((a, b) => key(a).localeCompare(key(b)));
    const wanted = new Set(staticFacts(file).infra.functions.map((f) => f.constructId));
    return {
      mappings: sortBy(
        infra.mappings.map((m) => mappingSummary(m, model, idOf)),
        (m) => `${m.fn}|${m.kind}|${m.queue}|${m.batchSize}`,
      ),
      functions: sortBy(
        infra.functions
          .filter((f) => wanted.has(idOf(f.constructId)))
          .map((f) => ({
            id: idOf(f.constructId),
            timeout: or(f.timeout, f.defaultTimeout),
            dlq: f.deadLetter.state === 'known',
            asyncTriggered: f.invokers.async.length > 0,
            configs: model.asyncConfigsOf(f).map((c) => ({ retries: or(c.retryAttempts, 2), age: or(c.maxEventAge, 21600), onFailure: c.onFailure.state === 'known' })),
          })),
        (f) => String(f.id),
      ),
      queues: sortBy(
        infra.queues.map((q) => ({ id: idOf(q.constructId), visibility: or(q.visibilityTimeout, 30), redrive: q.redrive.state === 'known', fifo: or(q.fifo, false) })),
        (q) => String(q.id),
      ),
    };
  }

  it.each(['json', 'yaml'] as const)('as %s: the same mappings, functions, async configs and queues', async (format) => {
    const template = await synth(file, stackName);
    const { stringify } = await import('yaml');
    const { templateAdapter } = await import('../src/dialects/cloudformation/template.js');
    const text = format === 'json' ? JSON.stringify(template, null, 2) : stringify(template);
    const outcome = templateAdapter.read(path.join(FIXTURES, `${stackName}.template.${format}`), text);
    if (outcome.kind !== 'facts') throw new Error(`not read: ${JSON.stringify(outcome)}`);
    const fromTemplate = summary(outcome.facts.infra, (logicalId) => (logicalId === undefined ? undefined : constructId(template, logicalId)));
    const fromSource = summary(staticFacts(file).infra, (id) => id);
    // Queues CDK creates on its own (deadLetterQueueEnabled) exist only in the template.
    fromTemplate.queues = fromTemplate.queues.filter((q) => fromSource.queues.some((s) => s.id === q.id));
    expect(fromTemplate).toEqual(fromSource);
    expect(fromSource.mappings.length + fromSource.functions.length).toBeGreaterThan(0);
  }, 120_000);
});
