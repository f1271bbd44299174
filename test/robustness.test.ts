/**
 * Bad input never crashes lambda-lint or makes it hang: every bad file is a fatal message on
 * that file, every other file is still analysed, no project code runs, and nothing outside the
 * project is read. Each run is bounded.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from '@typescript-eslint/typescript-estree';
import lambdaLint from '../src/index.js';
import { parseScript } from '../src/core/ast.js';
import { ModuleResolver } from '../src/project/modules.js';
import { get, parseYamlTree, stringOf } from '../src/dialects/yaml/yaml-tree.js';
import type { LintResult } from '../src/results.js';
import { BIN, QUIET_STDERR, runCli } from './helpers/cli.js';

let base: string;
let project: string;
let marker: string;

const GOOD_STACK = `import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
export const wire = (fn: any, queue: any) => fn.addEventSource(new SqsEventSource(queue, { batchSize: 10 }));
`;

beforeAll(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-robust-'));
  project = path.join(base, 'project');
  mkdirSync(path.join(project, 'src'), { recursive: true });
  marker = path.join(base, 'executed.txt');
  const file = (rel: string, content: string | Buffer): void => writeFileSync(path.join(project, rel), content);
  file('package.json', '{ "name": "robust", "private": true }');
  file('src/good.ts', GOOD_STACK);
  file('src/truncated.ts', GOOD_STACK.slice(0, 90));
  file('src/invalid-utf8.ts', Buffer.concat([Buffer.from('export const a = "'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('";\n')]));
  file('src/binary.js', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02, 0x00, 0x00]));
  file('src/deep.ts', `export const x = ${'('.repeat(20000)}1${')'.repeat(20000)};\n`);
  file('src/deeper.ts', `export const x = ${'['.repeat(1_000_000)}${']'.repeat(1_000_000)};\n`);
  file('src/chain.ts', `export const y = ${Array.from({ length: 200000 }, () => 'a').join(' + ')};\n`);
  file('src/long.ts', `export const z = ${Array.from({ length: 2000 }, () => 'a').join(' + ')};\n`);
  // 50 MB of valid JavaScript.
  file('src/huge.js', `// generated\n${'export const filler = 1;\n'.repeat(2_200_000)}`);
  // Circular imports through construct classes.
  file('src/a.ts', "import { Stack } from 'aws-cdk-lib';\nimport { B } from './b';\nexport class A extends Stack { readonly b = new B(this, 'B'); }\n");
  file('src/b.ts', "import { Construct } from 'constructs';\nimport { A } from './a';\nexport class B extends Construct { readonly a = A; }\nexport * from './a';\n");
  file('src/c.ts', "export * from './d';\n");
  file('src/d.ts', "export * from './c';\nimport { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';\nexport const s = (q: any) => new SqsEventSource(q, { batchSize: 1 });\n");
  // A symlink loop.
  mkdirSync(path.join(project, 'loop'));
  symlinkSync(path.join(project, 'loop'), path.join(project, 'loop', 'again'));
  // Code that would leave a trace if anything ran it.
  file('src/evil.ts', `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\nexport const handler = async (event: any) => { for (const r of event.Records) await r; };\n`);
  // A handler outside the project, reached by a path that climbs out of it.
  mkdirSync(path.join(base, 'outside'));
  writeFileSync(
    path.join(base, 'outside', 'secret.ts'),
    "export const handler = async (event: any) => { const batchItemFailures: any[] = []; return { batchItemFailures }; };\n",
  );
  file(
    'src/escape.ts',
    `import path from 'node:path';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
export function wire(scope: any) {
  const fn = new NodejsFunction(scope, 'Escape', { entry: path.join(__dirname, '../../outside/secret.ts') });
  fn.addEventSource(new SqsEventSource(new sqs.Queue(scope, 'Q', { deadLetterQueue: { queue: new sqs.Queue(scope, 'D'), maxReceiveCount: 5 } }), { batchSize: 10 }));
}
`,
  );
}, 120_000);

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

function byFile(stdout: string): Map<string, LintResult> {
  return new Map((JSON.parse(stdout) as LintResult[]).map((r) => [path.relative(project, r.filePath), r]));
}

describe('the CLI on malformed input', () => {
  it('reports each bad file as fatal, analyses the rest, and stays inside the project', () => {
    const started = Date.now();
    const r = runCli(['--format', 'json', '.'], project);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(QUIET_STDERR);
    const results = byFile(r.stdout);
    const fatal = (rel: string): string | undefined => results.get(rel)?.messages.find((m) => m.fatal)?.message;
    expect(fatal('src/truncated.ts')).toMatch(/^Parsing error/u);
    expect(fatal('src/invalid-utf8.ts')).toBe('Cannot read file: not valid UTF-8');
    expect(fatal('src/binary.js')).toBe('Cannot read file: binary file (contains NUL bytes)');
    // The CLI parses on a large stack: deep nesting parses, absurd nesting is reported.
    expect(fatal('src/deeper.ts')).toBe('Parsing error: the file is nested too deeply to parse');
    expect(fatal('src/huge.js')).toMatch(/^File too large to analyse \(5\d\.\d MiB; the limit is 10 MiB\)/u);
    // The good file, a long expression and the import cycles are analysed normally.
    expect(results.get('src/good.ts')?.messages.map((m) => m.ruleId)).toEqual(['lambda-lint/require-report-batch-item-failures']);
    for (const rel of ['src/deep.ts', 'src/chain.ts', 'src/long.ts', 'src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d.ts']) expect(results.get(rel)?.fatalErrorCount).toBe(0);
    // Nothing from the symlink loop, nothing executed, nothing read outside the project:
    // the handler outside would have made the mapping a batch-response-ignored finding.
    expect([...results.keys()].some((f) => f.startsWith('loop'))).toBe(false);
    expect(existsSync(marker)).toBe(false);
    expect(results.get('src/escape.ts')?.messages.map((m) => m.ruleId)).toEqual(['lambda-lint/require-report-batch-item-failures']);
  }, 120_000);

  it('prints the graph without linking the handler outside the project', () => {
    const r = runCli(['--print-graph', 'json', 'src/escape.ts'], project);
    const graph = JSON.parse(r.stdout) as { functions: { handler: { linked: boolean } }[] };
    expect(graph.functions.map((f) => f.handler.linked)).toEqual([false]);
  });
});

describe('the ESLint plugin on malformed input', () => {
  it('never crashes a rule: only parse errors, and the good file is still reported', async () => {
    const eslint = new ESLint({ cwd: project, overrideConfigFile: true, overrideConfig: [lambdaLint.configs.strict], ignorePatterns: ['src/huge.js', 'src/deeper.ts', 'loop/**'] });
    const results = await eslint.lintFiles(['src/**/*.{ts,js}']);
    for (const r of results) {
      for (const m of r.messages) {
        // A rule's crash would be thrown out of lintFiles; every message is a finding or a parse error.
        expect(m.ruleId === null ? m.fatal : m.ruleId.startsWith('lambda-lint/')).toBe(true);
      }
    }
    const good = results.find((r) => r.filePath.endsWith('good.ts'));
    expect(good?.messages.map((m) => m.ruleId)).toEqual(['lambda-lint/require-report-batch-item-failures']);
    expect(existsSync(marker)).toBe(false);
  }, 120_000);
});

/** A fresh project of its own, for a case that changes what the project holds. */
function smallProject(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-robust-'));
  writeFileSync(path.join(dir, 'package.json'), '{ "name": "small", "private": true }');
  writeFileSync(path.join(dir, 'good.ts'), GOOD_STACK);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

/** The fatal message of each file of a JSON report, by path relative to `dir`. */
function fatalMessages(stdout: string, dir: string): Record<string, string | undefined> {
  const results = JSON.parse(stdout) as LintResult[];
  return Object.fromEntries(results.map((r) => [path.relative(dir, r.filePath), r.messages.find((m) => m.fatal)?.message]));
}

// Each run is bounded: a run that waits on a pipe is killed (signal SIGTERM) and the test fails.
const BOUNDED = 30_000;

describe('named pipes', () => {
  it('reports a FIFO named on the command line at once and analyses the other file', () => {
    const dir = smallProject();
    execFileSync('mkfifo', [path.join(dir, 'x.ts')]);
    const r = runCli(['--format', 'json', 'x.ts', 'good.ts'], dir, {}, BOUNDED);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(fatalMessages(r.stdout, dir)).toEqual({ 'x.ts': 'Cannot read file: not a regular file (a named pipe)', 'good.ts': undefined });
  });

  it('ignores a FIFO in place of .lambda-lint-cache and replaces it with a cache', () => {
    const dir = smallProject();
    execFileSync('mkfifo', [path.join(dir, '.lambda-lint-cache')]);
    const r = runCli(['--cache', '--format', 'json', '.'], dir, {}, BOUNDED);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(fatalMessages(r.stdout, dir)).toEqual({ 'good.ts': undefined });
    expect(lstatSync(path.join(dir, '.lambda-lint-cache')).isFile()).toBe(true);
  });

  it('is a usage error for a FIFO as the config file or the baseline', () => {
    const dir = smallProject();
    execFileSync('mkfifo', [path.join(dir, 'lambda-lint.config.json')]);
    execFileSync('mkfifo', [path.join(dir, 'baseline.json')]);
    const config = runCli(['.'], dir, {}, BOUNDED);
    expect(config).toMatchObject({ signal: null, code: 2, stdout: '' });
    expect(config.stderr).toBe('lambda-lint: lambda-lint.config.json: cannot read the config file: not a regular file (a named pipe)\n');
    const baseline = runCli(['--no-config', '--baseline', 'baseline.json', '.'], dir, {}, BOUNDED);
    expect(baseline).toMatchObject({ signal: null, code: 2, stdout: '' });
    expect(baseline.stderr).toMatch(/^lambda-lint: Cannot read baseline .*baseline\.json: not a regular file \(a named pipe\)\n$/u);
  });
});

describe('a malformed baseline', () => {
  it('is a usage error naming the file and the entry, not an internal error', () => {
    const dir = smallProject({
      'null.json': '{"version":1,"findings":[null]}',
      'partial.json': '{"version":1,"findings":[{"ruleId":"lambda-lint/sqs-visibility-timeout","file":"good.ts","fingerprint":"abc","count":1},{"ruleId":"x","file":"good.ts","count":"2"}]}',
    });
    const nul = runCli(['--baseline', 'null.json', '.'], dir);
    expect(nul).toMatchObject({ code: 2, stdout: '' });
    expect(nul.stderr).toBe(
      `lambda-lint: ${path.join(dir, 'null.json')}: findings[0] is not a baseline entry ({ "ruleId", "file", "fingerprint": strings, "count": a whole number above 0 }): null\n`,
    );
    const partial = runCli(['--baseline', 'partial.json', '.'], dir);
    expect(partial).toMatchObject({ code: 2, stdout: '' });
    expect(partial.stderr).toContain(`${path.join(dir, 'partial.json')}: findings[1] is not a baseline entry`);
    expect(partial.stderr).toContain('{"ruleId":"x","file":"good.ts","count":"2"}');
  });
});

describe('a file just over the size limit', () => {
  it('says by how much, in bytes, where MiB would round to the limit', () => {
    const dir = smallProject({ 'bundle.js': `//${'x'.repeat(10 * 1024 * 1024 - 1)}` });
    const r = runCli(['--format', 'json', '.'], dir);
    expect(fatalMessages(r.stdout, dir)['bundle.js']).toBe(
      'File too large to analyse (10,485,761 bytes; the limit is 10 MiB, 10,485,760 bytes). Add it to "ignores" if it is generated.',
    );
  });
});

describe('encodings and file names', () => {
  it('names UTF-16 and UTF-32 with a byte order mark for what they are', () => {
    const text = GOOD_STACK;
    const utf16be = Buffer.from(text, 'utf16le').swap16();
    const dir = smallProject({
      'le16.ts': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      'be16.ts': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]),
      'le32.ts': Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x00]), Buffer.from([...text].flatMap((c) => [c.charCodeAt(0), 0, 0, 0]))]),
    });
    const r = runCli(['--format', 'json', '.'], dir);
    const say = (name: string): string => `Cannot read file: ${name} text with a byte order mark; lambda-lint reads UTF-8: save the file as UTF-8`;
    expect(fatalMessages(r.stdout, dir)).toEqual({
      'be16.ts': say('UTF-16 (big-endian)'),
      'good.ts': undefined,
      'le16.ts': say('UTF-16 (little-endian)'),
      'le32.ts': say('UTF-32 (little-endian)'),
    });
  });

  it('escapes control characters in file names in the stylish and github formats', () => {
    const dir = smallProject({ 'new\nline.ts': GOOD_STACK, 'esc\u001b[2Jape.ts': GOOD_STACK });
    const stylish = runCli(['.'], dir);
    expect(stylish.code).toBe(1);
    expect(stylish.stdout).not.toContain('\u001b');
    const heads = stylish.stdout.split('\n').filter((l) => l.endsWith('.ts'));
    expect(heads).toEqual(['esc\\x1b[2Jape.ts', 'good.ts', 'new\\nline.ts']);
    const github = runCli(['--format', 'github', '.'], dir);
    const files = github.stdout.trimEnd().split('\n').map((l) => /file=([^,]*),/u.exec(l)?.[1]);
    expect(files).toEqual(['esc%1B[2Jape.ts', 'good.ts', 'new%0Aline.ts']);
    expect(github.stdout).not.toContain('\u001b');
  });
});

describe('YAML and JSON files that do not decode', () => {
  const TEMPLATE = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: caf\u00e9\n";

  it('skips those that are no template, as when they decode, and reports templates that do not', () => {
    const dir = smallProject({
      'data.json': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff, 0xd8]),
      'latin1.yaml': Buffer.from('name: caf\u00e9\nlist: [1, 2]\n', 'latin1'),
      'utf16-notes.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('notes: just notes\n', 'utf16le')]),
      'template-latin1.yaml': Buffer.from(TEMPLATE, 'latin1'),
      'template-utf16.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEMPLATE, 'utf16le')]),
    });
    const r = runCli(['--format', 'json', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(QUIET_STDERR);
    expect(fatalMessages(r.stdout, dir)).toEqual({
      'good.ts': undefined,
      'template-latin1.yaml': 'Cannot read file: not valid UTF-8',
      'template-utf16.yaml': 'Cannot read file: UTF-16 (little-endian) text with a byte order mark; lambda-lint reads UTF-8: save the file as UTF-8',
    });
  });
});

describe('a corrupt .lambda-lint-cache', () => {
  it('has its entries that do not fit dropped and rewritten, on this run and after', () => {
    const dir = smallProject({ 'other.ts': GOOD_STACK.replace('batchSize: 10', 'batchSize: 5') });
    const first = runCli(['--cache', '--format', 'json', '.'], dir);
    expect(first.code).toBe(1);
    const cacheFile = path.join(dir, '.lambda-lint-cache');
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: Record<string, Record<string, unknown>> };
    const good = path.join(dir, 'good.ts');
    const other = path.join(dir, 'other.ts');
    expect(Object.keys(cache.entries).sort()).toEqual([good, other]);
    const otherFacts = JSON.stringify(cache.entries[other]);
    (cache.entries[good] as Record<string, unknown>).facts = null;
    writeFileSync(cacheFile, JSON.stringify(cache));
    for (let run = 0; run < 2; run++) {
      const again = runCli(['--cache', '--format', 'json', '.'], dir);
      expect(again).toMatchObject({ code: 1, stderr: '' });
      expect(JSON.parse(again.stdout)).toEqual(JSON.parse(first.stdout));
      const rewritten = JSON.parse(readFileSync(cacheFile, 'utf8')) as typeof cache;
      expect(rewritten.entries[good]?.facts).toMatchObject({ handlers: [], infra: { mappings: [expect.anything()] } });
      // The entry that fitted is kept as it was.
      expect(JSON.stringify(rewritten.entries[other])).toBe(otherFacts);
    }
  });
});

describe('a report that cannot be written to stdout', () => {
  // Enough findings that the report is far larger than a pipe holds (about 2 MB of JSON).
  const MANY = `import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';\nexport const wire = (fn: any, q: any) => {\n${'  fn.addEventSource(new SqsEventSource(q, { batchSize: 10 }));\n'.repeat(2000)}};\n`;

  it('is one line on stderr and exit code 2 on a full disk, even for a clean project', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-robust-'));
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "clean", "private": true }');
    writeFileSync(path.join(dir, 'clean.ts'), 'export const a = 1;\n');
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [BIN, '--format', 'json', '.'], { cwd: dir, stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: BOUNDED });
      expect(r.signal).toBeNull();
      expect(r.stderr).toBe('lambda-lint: cannot write the report to stdout: ENOSPC: no space left on device, write\n');
      expect(r.status).toBe(2);
    } finally {
      closeSync(full);
    }
  });

  it('ends quietly, with the run’s exit code, when the reader stops early', async () => {
    const dir = smallProject({ 'many.ts': MANY });
    const child = spawn(process.execPath, [BIN, '--format', 'json', '.'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: BOUNDED });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Read the first chunk, then close the pipe, as `| head -c 100` does.
    child.stdout.once('data', () => child.stdout.destroy());
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    expect(signal).toBeNull();
    expect(stderr).toBe('');
    expect(code).toBe(1);
  });
});

describe('YAML aliases', () => {
  it('resolves each anchor once: thousands of aliases and merge keys are read at once', () => {
    const head = "AWSTemplateFormatVersion: '2010-09-09'\nMappings:\n  Shared:\n    base: &base { Size: 10 }\n";
    const tail = 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n';
    const dir = smallProject({
      'aliases.yaml': `${head}${Array.from({ length: 9_999 }, (_, i) => `    k${i}: *base\n`).join('')}${tail}`,
      'merges.yaml': `${head}${Array.from({ length: 5_000 }, (_, i) => `    k${i}:\n      <<: *base\n      Extra: ${i}\n`).join('')}${tail}`,
    });
    const r = runCli(['--format', 'json', 'aliases.yaml', 'merges.yaml'], dir, {}, BOUNDED);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(fatalMessages(r.stdout, dir)).toEqual({ 'aliases.yaml': undefined, 'merges.yaml': undefined });
  });

  it('gives an alias the last node before it with its anchor', () => {
    const parsed = parseYamlTree('a: &x 1\nb: *x\nc: &x [2]\nd: *x\ne: { f: &x 3, g: *x }\nh: *x\n');
    if (!parsed.ok) throw new Error(parsed.message);
    const value = (key: string): unknown => {
      const node = get(parsed.root, key);
      return node?.kind === 'seq' ? node.items.map(stringOf) : stringOf(node);
    };
    expect([value('b'), value('d'), value('h'), stringOf(get(get(parsed.root, 'e'), 'g'))]).toEqual(['1', ['2'], '3', '3']);
  });
});

describe('long expression chains', () => {
  it('reports a file whose chains would take minutes to convert as too complex, at once, and analyses the rest', () => {
    const dir = smallProject({
      'sum.ts': `export const x = ${Array.from({ length: 100_000 }, () => '1').join(' + ')};\n`,
      'ternaries.ts': `export const y = (c: number) => ${Array.from({ length: 100_000 }, (_, i) => `c === ${i} ? '${i}' :`).join(' ')} 'none';\n`,
      // Long, but cheap to convert: kept.
      'names.ts': `export const z = ${Array.from({ length: 100_000 }, () => 'a').join(' + ')};\n`,
      'short.ts': `export const w = ${Array.from({ length: 3_000 }, () => '1').join(' + ')};\n`,
    });
    const r = runCli(['--format', 'json', '.'], dir, {}, BOUNDED);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    const fatal = fatalMessages(r.stdout, dir);
    expect(fatal['sum.ts']).toBe('Parsing error: the file is too complex to analyse (an expression nested 100,003 levels deep, as in a very long chain of operators or ternaries)');
    expect(fatal['ternaries.ts']).toMatch(/^Parsing error: the file is too complex to analyse \(an expression nested 100,0\d\d levels deep/u);
    expect([fatal['names.ts'], fatal['short.ts'], fatal['good.ts']]).toEqual([undefined, undefined, undefined]);
  });

  it('parses a large file through TypeScript’s source file to the same tree as from its text', () => {
    const file = path.join(import.meta.dirname, '../src/dialects/cloudformation/cloudformation.ts');
    const text = readFileSync(file, 'utf8');
    expect(text.length).toBeGreaterThan(16 * 1024);
    const ours = parseScript(text, file);
    if (!ours.ok) throw new Error(ours.message);
    const direct = parse(text, { loc: true, range: true, comment: true, tokens: false, jsx: false, filePath: file, errorOnUnknownASTType: false, jsDocParsingMode: 'none' });
    expect(JSON.stringify(ours.ast)).toBe(JSON.stringify(direct));
  });
});

describe('symbolic links out of the project', () => {
  const SECRET_HANDLER = 'export const handler = async (event: any) => { const batchItemFailures: any[] = []; return { batchItemFailures }; };\n';
  const stack = (entry: string): string => `import path from 'node:path';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
export function wire(scope: any) {
  const fn = new NodejsFunction(scope, 'Fn', { entry: path.join(__dirname, '${entry}') });
  fn.addEventSource(new SqsEventSource(new sqs.Queue(scope, 'Q', { deadLetterQueue: { queue: new sqs.Queue(scope, 'D'), maxReceiveCount: 5 } }), { batchSize: 10 }));
}
`;

  it('does not read a handler that links to a file outside the project', () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-robust-'));
    mkdirSync(path.join(base, 'outside'));
    writeFileSync(path.join(base, 'outside', 'secret.ts'), SECRET_HANDLER);
    const dir = path.join(base, 'project');
    mkdirSync(path.join(dir, 'src'), { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "links", "private": true }');
    writeFileSync(path.join(dir, 'src', 'stack.ts'), stack('linked.ts'));
    writeFileSync(path.join(dir, 'src', 'inside.ts'), stack('real.ts'));
    writeFileSync(path.join(dir, 'src', 'real.ts'), SECRET_HANDLER);
    symlinkSync(path.join(base, 'outside', 'secret.ts'), path.join(dir, 'src', 'linked.ts'));
    const r = runCli(['--format', 'json', 'src/stack.ts', 'src/inside.ts'], dir);
    const rules = Object.fromEntries((JSON.parse(r.stdout) as LintResult[]).map((x) => [path.relative(dir, x.filePath), x.messages.map((m) => m.ruleId)]));
    // The same handler inside the project is linked (and so the link outside would have been).
    expect(rules['src/inside.ts']).toEqual(['lambda-lint/batch-response-ignored']);
    expect(rules['src/stack.ts']).toEqual(['lambda-lint/require-report-batch-item-failures']);
    const graph = JSON.parse(runCli(['--print-graph', 'json', 'src/stack.ts'], dir).stdout) as { functions: { handler: { linked: boolean } }[] };
    expect(graph.functions.map((f) => f.handler.linked)).toEqual([false]);
  });
});

describe('tsconfig.json that reaches out of the project', () => {
  it('reads nothing outside the root and lists no directory, whatever extends says', () => {
    const base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-robust-')));
    const dir = path.join(base, 'project');
    mkdirSync(path.join(dir, 'lib'), { recursive: true });
    mkdirSync(path.join(base, 'outside'));
    // Options outside the project that would make `@lib/queues` resolve, were they read.
    writeFileSync(path.join(base, 'outside', 'base.json'), JSON.stringify({ compilerOptions: { paths: { '@lib/*': [`${dir}/lib/*`] } } }));
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../outside/base.json' }));
    writeFileSync(path.join(dir, 'lib', 'queues.ts'), 'export const q = 1;\n');
    // TypeScript's file system, as the resolver sees it: every path it is asked for is recorded.
    const { ts } = createRequire(import.meta.url)('ts-morph') as { ts: { sys: object } };
    const sys = ts.sys as Record<string, ((...args: unknown[]) => unknown) | undefined>;
    const names = ['readFile', 'fileExists', 'directoryExists', 'readDirectory', 'getDirectories', 'realpath'];
    const originals = names.map((name) => sys[name]);
    const asked: string[] = [];
    names.forEach((name, i) => {
      const original = originals[i];
      sys[name] = (p: unknown, ...rest: unknown[]) => {
        asked.push(`${name} ${String(p)}`);
        return original?.call(ts.sys, p, ...rest);
      };
    });
    try {
      expect(new ModuleResolver(dir).resolve('@lib/queues', path.join(dir, 'stack.ts'))).toBeUndefined();
    } finally {
      names.forEach((name, i) => (sys[name] = originals[i]));
    }
    expect(asked.length).toBeGreaterThan(0); // the project's own tsconfig.json
    expect(asked.filter((a) => a.startsWith('readDirectory') || a.startsWith('getDirectories'))).toEqual([]);
    const inside = (p: string | undefined): boolean => p === dir || p?.startsWith(`${dir}${path.sep}`) === true;
    expect(asked.filter((a) => !inside(a.split(' ')[1]))).toEqual([]);
  });
});
