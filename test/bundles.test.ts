/**
 * A function whose code is a bundler's output (`CodeUri: out/orders/orders.zip`): the source it
 * is built from, as the project's esbuild scripts and webpack configuration say.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/api.js';
import { buildGraph } from '../src/graph.js';
import { cliFindings, samSqsTemplate, writeProject } from './helpers/project.js';

const template = (codeUri: string, handler = 'index.handler'): string => samSqsTemplate({ handler, code: [`CodeUri: ${codeUri}`], batchSize: 10 });

// Two sources of the same name: only the build script tells them apart.
const PARTIAL = 'export const handler = async (event: { Records: { messageId: string }[] }) => {\n  const batchItemFailures: { itemIdentifier: string }[] = [];\n  for (const r of event.Records) {\n    try { await work(r); } catch { batchItemFailures.push({ itemIdentifier: r.messageId }); }\n  }\n  return { batchItemFailures };\n};\nasync function work(r: unknown) { return r; }\n';
const OTHER = 'export const handler = async () => ({ statusCode: 200 });\n';
const sources = { 'src/orders/worker/handler.ts': PARTIAL, 'src/api/worker/handler.ts': OTHER };

async function handlerOf(dir: string): Promise<{ file?: string | undefined; linked: boolean; builtFrom?: string | undefined; unlinked?: string | undefined } | undefined> {
  const { project } = await analyze(['.'], { cwd: dir });
  return buildGraph(project, dir).functions[0]?.handler;
}

describe('esbuild scripts', () => {
  it('outfile: the zip of the output folder is the entry, and the handler’s batch response is judged against the mapping', async () => {
    const dir = writeProject({
      'package.json': '{ "name": "svc" }',
      'template.yaml': template('./out/worker/worker.zip'),
      'scripts/build-worker.js': 'const esbuild = require("esbuild");\nesbuild.build({ entryPoints: ["./src/orders/worker/handler.ts"], bundle: true, outfile: "out/worker/index.js", platform: "node" });\n',
      ...sources,
    });
    expect(await handlerOf(dir)).toMatchObject({ file: 'src/orders/worker/handler.ts', linked: true, builtFrom: 'out/worker/worker.zip/index' });
    expect((await cliFindings(dir, ['batch-response-ignored'])).map((f) => `${f.file}:${f.line}`)).toEqual(['src/orders/worker/handler.ts:6', 'template.yaml:13']);
  });

  it.each([
    // The script wins over a source that merely has the output's name (src/orders/worker/index.ts).
    ['outdir with named entries', "import { build } from 'esbuild';\nawait build({ entryPoints: { index: 'src/orders/worker/handler.ts' }, outdir: 'dist/worker' });\n", './dist/worker', 'src/orders/worker/handler.ts'],
    ['outdir with entries below a shared folder', "import * as esbuild from 'esbuild';\nesbuild.buildSync({ entryPoints: ['src/orders/worker/index.ts', 'src/orders/other/index.ts'], outdir: 'dist' });\n", './dist/worker', 'src/orders/worker/index.ts'],
  ])('%s', async (_name, script, codeUri, expected) => {
    const dir = writeProject({
      'package.json': '{ "name": "svc" }',
      'template.yaml': template(codeUri),
      'build.mjs': script,
      ...sources,
      'src/orders/worker/index.ts': PARTIAL,
      'src/orders/other/index.ts': OTHER,
    });
    expect(await handlerOf(dir)).toMatchObject({ file: expected, linked: true });
  });

  it.each([
    ['an outbase (output paths not followed)', 'outbase: "src", '],
    ['entry names (output paths not followed)', 'entryNames: "[dir]/[name]-[hash]", '],
  ])('near miss: %s leaves the ambiguous output unlinked', async (_name, extra) => {
    const dir = writeProject({
      'package.json': '{ "name": "svc" }',
      'template.yaml': template('./out/worker'),
      'build.js': `require("esbuild").build({ ${extra}entryPoints: ["./src/orders/worker/handler.ts"], outfile: "out/worker/index.js" });\n`,
      ...sources,
      'src/orders/worker/index.ts': PARTIAL,
      'src/api/worker/index.ts': OTHER,
    });
    expect((await handlerOf(dir))?.linked).toBe(false);
  });

  it('near miss: two scripts building the same output from different sources say nothing', async () => {
    const build = (entry: string): string => `require("esbuild").buildSync({ entryPoints: ["${entry}"], outfile: "out/worker/index.js" });\n`;
    const dir = writeProject({
      'package.json': '{ "name": "svc" }',
      'template.yaml': template('./out/worker'),
      'build-a.js': build('./src/orders/worker/handler.ts'),
      'build-b.js': build('./src/api/worker/handler.ts'),
      ...sources,
    });
    expect((await handlerOf(dir))?.linked).toBe(false);
  });
});

describe('webpack configurations', () => {
  const config = (output: string): string => `const path = require('path');
module.exports = {
  entry: {
    worker: './src/orders/worker/handler.ts',
    api: './src/api/worker/handler.ts',
  },
  ${output}
};
`;

  it.each([
    ['output.path and [name]', "output: { path: path.resolve(__dirname, 'build'), filename: '[name].js', libraryTarget: 'commonjs2' },", 'build/', 'worker.handler'],
    ["webpack's default output (dist/[name].js)", '', 'dist/', 'worker.handler'],
    ['[name] in a folder', "output: { path: path.join(__dirname, 'dist'), filename: '[name]/index.js' },", 'dist/worker', 'index.handler'],
  ])('%s', async (_name, output, codeUri, handler) => {
    const dir = writeProject({ 'package.json': '{ "name": "svc" }', 'template.yaml': template(codeUri, handler), 'webpack.config.js': config(output), ...sources });
    expect(await handlerOf(dir)).toMatchObject({ file: 'src/orders/worker/handler.ts', linked: true });
  });

  it('near miss: an output path that is not known', async () => {
    const dir = writeProject({ 'package.json': '{ "name": "svc" }', 'template.yaml': template('dist/', 'worker.handler'), 'webpack.config.js': config('output: { path: process.env.OUT },'), ...sources });
    expect((await handlerOf(dir))?.linked).toBe(false);
  });
});
