/**
 * CDK props that spread an object imported from another module (`...defaultLambdaParams`): the
 * file cannot tell whether it sets the handler, so the project reads the object's keys where it is
 * defined, and links the handler when they place nothing.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/api.js';
import { buildGraph } from '../src/graph.js';
import { writeProject } from './helpers/project.js';

const STACK = (spread: string): string => `import { App, Stack } from 'aws-cdk-lib';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { join } from 'path';
import { defaultLambdaParams } from './constants';

const entryOf = (name: string) => join(__dirname, '../lambdas', \`\${name}.ts\`);
const stack = new Stack(new App(), 'S');
new NodejsFunction(stack, 'Worker', { ${spread}, entry: entryOf('worker') });
`;

async function linksOf(files: Record<string, string>): Promise<{ linked: boolean; file?: string | undefined; unlinked?: string | undefined }[]> {
  const dir = writeProject({ 'package.json': '{}', 'cdk.json': '{ "app": "npx ts-node lib/app.ts" }', 'lambdas/worker.ts': 'export const handler = async () => {};\n', ...files });
  const { project } = await analyze(['.'], { cwd: dir });
  return buildGraph(project, dir).functions.map((f) => f.handler);
}

describe('props spread from an imported object', () => {
  it('links the handler when the object (through a re-export too) sets none of handler, code and entry', async () => {
    const constants = "import { Runtime } from 'aws-cdk-lib/aws-lambda';\nexport const defaultLambdaParams = { bundling: { minify: true }, runtime: Runtime.NODEJS_20_X };\n";
    expect(await linksOf({ 'lib/app.ts': STACK('...defaultLambdaParams'), 'lib/constants.ts': constants })).toEqual([expect.objectContaining({ linked: true, file: 'lambdas/worker.ts' })]);
    const reexported = { 'lib/app.ts': STACK('...defaultLambdaParams'), 'lib/constants/index.ts': "export { defaultLambdaParams } from './lambda';\n", 'lib/constants/lambda.ts': constants };
    expect(await linksOf(reexported)).toEqual([expect.objectContaining({ linked: true, file: 'lambdas/worker.ts' })]);
  });

  it('near misses: an object that sets the handler, one that is not a literal, a module not in the project', async () => {
    const setsHandler = "export const defaultLambdaParams = { handler: 'main', memorySize: 256 };\n";
    const made = "export const defaultLambdaParams = makeDefaults();\ndeclare function makeDefaults(): object;\n";
    for (const constants of [setsHandler, made]) {
      expect(await linksOf({ 'lib/app.ts': STACK('...defaultLambdaParams'), 'lib/constants.ts': constants })).toEqual([expect.objectContaining({ linked: false })]);
    }
    expect(await linksOf({ 'lib/app.ts': STACK('...defaultLambdaParams').replace("'./constants'", "'@acme/defaults'") })).toEqual([expect.objectContaining({ linked: false })]);
  });
});
