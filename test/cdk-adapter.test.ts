/**
 * The CDK adapter's reading of things the rules do not show directly: handler links, helper
 * functions, who invokes a function.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFileFacts } from '../src/analyzers/index.js';
import { defaultVisitorKeys, parseScript } from '../src/core/ast.js';
import type { FileFacts } from '../src/model/facts.js';
import { linkInfra } from '../src/model/infra-model.js';
import { CDK_IMPORTS } from './helpers/cdk.js';

const FILE = '/project/infra/lib/stack.ts';

function facts(body: string, file = FILE): FileFacts {
  const text = `${CDK_IMPORTS}import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';\nimport * as path from 'node:path';\nimport { fileURLToPath } from 'node:url';\n${body}`;
  const parsed = parseScript(text, file);
  if (!parsed.ok) throw new Error(parsed.message);
  return extractFileFacts(parsed.ast, text, file, defaultVisitorKeys());
}

describe('handler links', () => {
  it('NodejsFunction: entry through path.join(__dirname, …), default and explicit handler', () => {
    const f = facts(`new NodejsFunction(this, 'A', { entry: path.join(__dirname, '../../src/a.ts') });
new NodejsFunction(this, 'B', { entry: path.join(__dirname, '../../src/b.ts'), handler: 'main' });
new NodejsFunction(this, 'C', { entry: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/c.mts'), handler: 'index.run' });
new NodejsFunction(this, 'D', { entry: \`\${import.meta.dirname}/../../src/d.ts\` });
const handlers = path.join(__dirname, '../../src/handlers');
new NodejsFunction(this, 'E', { entry: path.join(handlers, 'e.ts') });
new NodejsFunction(this, 'F', { entry: 'relative/f.ts' });`);
    expect(f.infra.functions.map((fn) => [fn.constructId, fn.handler])).toEqual([
      ['A', { file: '/project/src/a.ts', exportName: 'handler', runtime: 'nodejs' }],
      ['B', { file: '/project/src/b.ts', exportName: 'main', runtime: 'nodejs' }],
      ['C', { file: '/project/src/c.mts', exportName: 'run', runtime: 'nodejs' }],
      ['D', { file: '/project/src/d.ts', exportName: 'handler', runtime: 'nodejs' }],
      ['E', { file: '/project/src/handlers/e.ts', exportName: 'handler', runtime: 'nodejs' }],
      // CDK checks `fs.existsSync(entry)` as given: relative to where `cdk synth` runs, resolved by the project.
      ['F', { file: undefined, fromAppRoot: 'relative/f.ts', exportName: 'handler', runtime: 'nodejs' }],
    ]);
  });

  it('NodejsFunction without entry: <defining file>.<id>', () => {
    const f = facts(`new NodejsFunction(this, 'Resize');`);
    expect(f.infra.functions[0]?.handler).toEqual({ file: '/project/infra/lib/stack.Resize', exportName: 'handler', runtime: 'nodejs' });
  });

  it('Function + Code.fromAsset(dir) / Code.asset(dir) / new AssetCode(dir) / AssetCode.fromAsset(dir) + handler "file.export"', () => {
    const f = facts(`new lambda.Function(this, 'A', { runtime: lambda.Runtime.NODEJS_22_X, code: lambda.Code.fromAsset(path.join(__dirname, '../../dist/worker')), handler: 'jobs/index.process' });
new lambda.Function(this, 'B', { runtime: lambda.Runtime.NODEJS_22_X, code: lambda.Code.fromAsset('dist/worker'), handler: 'index.handler' });
new lambda.Function(this, 'C', { runtime: lambda.Runtime.NODEJS_22_X, code: lambda.Code.fromInline('x'), handler: 'index.handler' });
new lambda.Function(this, 'D', { runtime: lambda.Runtime.NODEJS_22_X, code: new lambda.AssetCode(path.join(__dirname, '../../out')), handler: 'd.run' });
new lambda.Function(this, 'E', { runtime: lambda.Runtime.NODEJS_22_X, code: lambda.Code.asset('build'), handler: 'e.handler' });
new lambda.Function(this, 'F', { runtime: lambda.Runtime.NODEJS_22_X, code: lambda.Code.fromBucket(bucket, 'f.zip'), handler: 'f.handler' });
new lambda.Function(this, 'G', { runtime: lambda.Runtime.PYTHON_3_12, code: lambda.AssetCode.fromAsset(path.join(__dirname, '../../functions')), handler: 'g.handler' });
new lambda.Function(this, 'H', { runtime: lambda.Runtime.NODEJS_22_X, code: lambda.InlineCode.fromInline('x'), handler: 'h.handler' });`);
    expect(f.infra.functions.map((fn) => fn.handler)).toEqual([
      { file: path.join('/project/dist/worker', 'jobs/index'), exportName: 'process', runtime: 'NODEJS_22_X' },
      // Relative to wherever `cdk synth` runs: the project resolves it from the folder with cdk.json.
      { file: undefined, fromAppRoot: path.join('dist/worker', 'index'), exportName: 'handler', runtime: 'NODEJS_22_X' },
      { file: undefined, exportName: 'handler', unknown: 'inline code (Code.fromInline)', runtime: 'NODEJS_22_X' },
      { file: '/project/out/d', exportName: 'run', runtime: 'NODEJS_22_X' },
      { file: undefined, fromAppRoot: 'build/e', exportName: 'handler', runtime: 'NODEJS_22_X' },
      { file: undefined, exportName: 'handler', unknown: 'code from an S3 bucket (Code.fromBucket)', runtime: 'NODEJS_22_X' },
      // `Code`'s static factories, inherited by its subclasses (aws-cdk-lib: AssetCode.fromAsset === Code.fromAsset).
      { file: '/project/functions/g', exportName: 'handler', runtime: 'PYTHON_3_12' },
      { file: undefined, exportName: 'handler', unknown: 'inline code (Code.fromInline)', runtime: 'NODEJS_22_X' },
    ]);
  });
});

describe('construct references', () => {
  it('follows a local helper that creates the queue', () => {
    const f = facts(`function makeQueue(scope: Stack, id: string) {
  return new sqs.Queue(scope, id, { visibilityTimeout: Duration.seconds(10) });
}
export function wire(scope: Stack) {
  const jobs = makeQueue(scope, 'Jobs');
  const worker = new lambda.Function(scope, 'Worker', { runtime: lambda.Runtime.NODEJS_22_X, code: lambda.Code.fromInline('x'), handler: 'index.handler', timeout: Duration.seconds(5) });
  worker.addEventSource(new SqsEventSource(jobs));
}`);
    const model = linkInfra(f.infra);
    const mapping = f.infra.mappings[0];
    expect(mapping && model.queueOf(mapping)?.visibilityTimeout).toMatchObject({ state: 'known', value: 10 });
    expect(mapping && model.functionOf(mapping)?.constructId).toBe('Worker');
  });

  it('resolves names by scope: the same name in two blocks is two constructs', () => {
    const f = facts(`export function wire(scope: Stack) {
  {
    const queue = new sqs.Queue(scope, 'A', { visibilityTimeout: Duration.seconds(10) });
    const fn = new lambda.Function(scope, 'FnA', { runtime: lambda.Runtime.NODEJS_22_X, code: lambda.Code.fromInline('x'), handler: 'index.handler' });
    fn.addEventSource(new SqsEventSource(queue));
  }
  {
    const queue = new sqs.Queue(scope, 'B', { visibilityTimeout: Duration.seconds(20) });
    const fn = new lambda.Function(scope, 'FnB', { runtime: lambda.Runtime.NODEJS_22_X, code: lambda.Code.fromInline('x'), handler: 'index.handler' });
    fn.addEventSource(new SqsEventSource(queue));
    register(fn);
  }
}`);
    const model = linkInfra(f.infra);
    expect(f.infra.mappings.map((m) => [model.queueOf(m)?.constructId, model.functionOf(m)?.constructId])).toEqual([
      ['A', 'FnA'],
      ['B', 'FnB'],
    ]);
    // Only the second `fn` escapes.
    expect(f.infra.functions.map((fn) => fn.invokers.objectEscapes)).toEqual([false, true]);
  });

  it('records who invokes each function', () => {
    const f = facts(`export class S extends Stack {
  constructor() {
    super();
    const queue = new sqs.Queue(this, 'Q');
    const bucket = new s3.Bucket(this, 'B');
    const a = new lambda.Function(this, 'A', { runtime: lambda.Runtime.NODEJS_22_X, code: lambda.Code.fromInline('x'), handler: 'index.handler' });
    a.addEventSource(new SqsEventSource(queue));
    a.addEnvironment('X', '1');
    this.b = new lambda.Function(this, 'B', { runtime: lambda.Runtime.NODEJS_22_X, code: lambda.Code.fromInline('x'), handler: 'index.handler' });
    bucket.addObjectCreatedNotification(new s3n.LambdaDestination(this.b));
    new apigw.LambdaRestApi(this, 'Api', { handler: this.b });
    const c = new lambda.Function(this, 'C', { runtime: lambda.Runtime.NODEJS_22_X, code: lambda.Code.fromInline('x'), handler: 'index.handler' });
    register(c);
  }
}`);
    expect(f.infra.functions.map((fn) => [fn.constructId, fn.invokers])).toEqual([
      ['A', { mappings: 1, async: [], sync: 0, objectEscapes: false, mayHaveUnknownCallers: false }],
      // A class field is reachable from other files, which may add callers.
      ['B', { mappings: 0, async: ['S3 notification'], sync: 1, objectEscapes: false, mayHaveUnknownCallers: true }],
      ['C', { mappings: 0, async: [], sync: 0, objectEscapes: true, mayHaveUnknownCallers: true }],
    ]);
  });
});
