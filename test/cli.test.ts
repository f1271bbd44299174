import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../src/results.js';
import { ROOT, runCli } from './helpers/cli.js';
import { writeProject } from './helpers/project.js';

const BASIC = path.join(ROOT, 'test/fixtures/projects/basic');
const RULE = 'lambda-lint/require-report-batch-item-failures';

function json(stdout: string): LintResult[] {
  return JSON.parse(stdout) as LintResult[];
}

function byFile(results: LintResult[], rel: string): LintResult {
  const found = results.find((r) => r.filePath === path.join(BASIC, rel));
  if (!found) throw new Error(`no result for ${rel}`);
  return found;
}

describe('lambda-lint CLI', () => {
  it('prints help and exits 0', () => {
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: lambda-lint [paths...]');
    expect(r.stdout).toContain('--format stylish|json|sarif|github');
  });

  it('does not walk dependency and tool folders (node_modules, .yarn …)', () => {
    const dir = writeProject({
      'package.json': '{}',
      'src/handler.ts': "import type { SQSHandler } from 'aws-lambda';\nexport const handler: SQSHandler = async (event) => { for (const r of event.Records) await work(r.body); };\n",
      'node_modules/dep/index.ts': "import type { SQSHandler } from 'aws-lambda';\nexport const handler: SQSHandler = async (event) => { for (const r of event.Records) await work(r.body); };\n",
      '.yarn/releases/yarn-4.0.0.cjs': 'exports.handler = async (event) => { for (const r of event.Records) await send(JSON.parse(r.body)); };\n',
      '.yarn/cache/dep.cjs': 'exports.handler = async (event) => { for (const r of event.Records) await send(JSON.parse(r.body)); };\n',
    });
    const r = runCli(['--format', 'json', '.'], dir);
    expect(json(r.stdout).map((x) => path.relative(dir, x.filePath))).toEqual(['src/handler.ts']);
  });

  it('prints the package version', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('writes ESLint-format JSON with the finding at the right place', () => {
    const r = runCli(['--format', 'json', 'infra/stack.ts'], BASIC);
    expect(r.code).toBe(1);
    const [result] = json(r.stdout);
    expect(result?.filePath).toBe(path.join(BASIC, 'infra/stack.ts'));
    expect(result?.messages).toEqual([
      expect.objectContaining({ ruleId: RULE, severity: 2, messageId: 'missing', line: 6, column: 48, endLine: 6, endColumn: 65 }),
    ]);
    expect(result).toMatchObject({ errorCount: 1, warningCount: 0, fatalErrorCount: 0, fixableErrorCount: 0, suppressedMessages: [] });
    expect(result?.messages[0]?.suggestions?.[0]?.fix).toEqual({ range: expect.any(Array) as unknown, text: ', reportBatchItemFailures: true' });
  });

  it('reports a file that does not parse as a fatal message and still analyses the others', () => {
    const r = runCli(['--format', 'json', '.'], BASIC);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const results = json(r.stdout);
    expect(results.map((x) => path.relative(BASIC, x.filePath))).toEqual(['infra/broken.ts', 'infra/stack.ts', 'infra/suppressed.ts', 'src/handler.js']);
    const broken = byFile(results, 'infra/broken.ts');
    expect(broken.fatalErrorCount).toBe(1);
    expect(broken.messages).toEqual([expect.objectContaining({ ruleId: null, fatal: true, severity: 2, line: 3 })]);
    expect(broken.messages[0]?.message).toMatch(/^Parsing error: /u);
    expect(byFile(results, 'infra/stack.ts').errorCount).toBe(1);
  });

  it('honours both suppression comment styles, and only for the named rule', () => {
    const r = runCli(['--format', 'json', 'infra/suppressed.ts'], BASIC);
    const [result] = json(r.stdout);
    // Only the call under `eslint-disable-next-line no-console` is reported.
    expect(result?.messages.map((m) => m.line)).toEqual([11]);
    expect(result?.suppressedMessages.map((m) => m.line)).toEqual([7, 9]);
  });

  it('prints stylish output with a summary', () => {
    const r = runCli(['infra/stack.ts'], BASIC);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('infra/stack.ts');
    expect(r.stdout).toMatch(/6:48\s+error\s+This SqsEventSource delivers batches of up to 25/u);
    expect(r.stdout).toContain('✖ 1 problem (1 error, 0 warnings)');
  });

  it('says on stderr, after the report, how many functions are not linked to their handler, and how to see why', () => {
    const sam = (handler: string): string =>
      `Transform: AWS::Serverless-2016-10-31\nResources:\n  A:\n    Type: AWS::Serverless::Function\n    Properties: { CodeUri: src/, Handler: ${handler}, Runtime: nodejs22.x }\n`;
    const unlinked = writeProject({ 'package.json': '{}', 'template.yaml': sam('missing.handler') + '  B:\n    Type: AWS::Serverless::Function\n    Properties: { CodeUri: src/, Handler: app.handler, Runtime: nodejs22.x }\n  P:\n    Type: AWS::Serverless::Function\n    Properties: { CodeUri: src/, Handler: app.handler, Runtime: python3.13 }\n', 'src/app.ts': 'export const handler = async () => {};\n', 'src/app.py': '' });
    const r = runCli(['--format', 'json', '.'], unlinked);
    // A: no file. B: linked. P: its runtime says Python, and app.py defines no handler (app.ts is not its handler).
    expect(r.stderr).toBe('lambda-lint: 2 of 3 function(s) not linked to their handler code (checks that need both stay silent on them); `lambda-lint --print-graph` says why.\n');
    expect(JSON.parse(r.stdout)).toBeInstanceOf(Array);
    const python = writeProject({ 'package.json': '{}', 'template.yaml': sam('app.handler').replace('nodejs22.x', 'python3.13'), 'src/app.py': 'def handler(event, context):\n    return None\n' });
    // A Python handler is linked as a script's is: nothing to say.
    expect(runCli(['.'], python)).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const ruby = writeProject({ 'package.json': '{}', 'template.yaml': sam('app.handler'), 'src/app.rb': '' });
    // A handler in a language lambda-lint does not read is not counted.
    expect(runCli(['.'], ruby)).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('prints nothing and exits 0 when clean', () => {
    const r = runCli(['src'], BASIC);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('prints GitHub annotations', () => {
    // Named from the repository root: here GITHUB_WORKSPACE, the project itself.
    const r = runCli(['--format', 'github', 'infra/stack.ts'], BASIC, { GITHUB_WORKSPACE: BASIC });
    expect(r.stdout.trim()).toMatch(
      /^::error file=infra\/stack\.ts,line=6,col=48,endLine=6,endColumn=65,title=lambda-lint\/require-report-batch-item-failures::This SqsEventSource/u,
    );
  });

  it('prints SARIF 2.1.0 with rule metadata', () => {
    const r = runCli(['--format', 'sarif', '.'], BASIC);
    const log = JSON.parse(r.stdout) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } }; results: { ruleId: string; locations: unknown[] }[]; invocations: { toolExecutionNotifications: unknown[] }[] }[];
    };
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run?.tool.driver.rules.map((x) => x.id)).toContain(RULE);
    expect(run?.results.map((x) => x.ruleId)).toEqual([RULE, RULE]);
    expect(run?.invocations[0]?.toolExecutionNotifications).toHaveLength(1);
  });

  it('writes the report to --output', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-'));
    const out = path.join(dir, 'report.json');
    const r = runCli(['--format', 'json', '--output', out, 'infra/stack.ts'], BASIC);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(json(readFileSync(out, 'utf8'))[0]?.errorCount).toBe(1);
  });

  it('turns a rule off or down with --rule', () => {
    expect(runCli(['--rule', `${RULE}:off`, 'infra/stack.ts'], BASIC).code).toBe(0);
    const warn = runCli(['--rule', 'require-report-batch-item-failures:warn', '--format', 'json', 'infra/stack.ts'], BASIC);
    expect(warn.code).toBe(0);
    expect(json(warn.stdout)[0]?.messages[0]?.severity).toBe(1);
  });

  it('exits 1 when warnings exceed --max-warnings', () => {
    const args = ['--rule', `${RULE}:warn`, 'infra/stack.ts'];
    expect(runCli([...args, '--max-warnings', '1'], BASIC).code).toBe(0);
    const over = runCli([...args, '--max-warnings', '0'], BASIC);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('too many warnings (1)');
  });

  it.each([
    [['--format', 'xml'], 'Unknown format "xml"'],
    [['--rule', 'no-such-rule:error'], 'Unknown rule "no-such-rule"'],
    [['--rule', `${RULE}:loud`], '--rule takes ID:off|warn|error'],
    [['--max-warnings', 'many'], '--max-warnings takes a whole number'],
    [['--frobnicate'], 'Unknown option "--frobnicate".\nRun lambda-lint --help'],
    [['--formt', 'json'], 'Unknown option "--formt". Did you mean "--format"?'],
    [['--max-warning', '3'], 'Unknown option "--max-warning". Did you mean "--max-warnings"?'],
    [['--print-graph', 'dot'], 'Unknown --print-graph format "dot" (use json or mermaid)'],
    [['--print-graph=dot'], 'Unknown --print-graph format "dot" (use json or mermaid)'],
    [['--color', '--no-color'], '--color and --no-color cannot be used together'],
    [['does/not/exist'], 'No such file or directory: does/not/exist'],
    [['--config', 'nope.json'], 'Config file not found: nope.json'],
  ])('exits 2 with a clear message for %j', (args, message) => {
    const r = runCli(args, BASIC);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /u); // no stack trace for a user mistake
  });
});

describe('config file', () => {
  function project(config: unknown): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-config-'));
    writeFileSync(path.join(dir, 'lambda-lint.config.json'), typeof config === 'string' ? config : JSON.stringify(config));
    writeFileSync(path.join(dir, 'stack.ts'), "import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';\nnew SqsEventSource(q);\n");
    return dir;
  }

  it('is read from the working directory', () => {
    const dir = project({ rules: { 'require-report-batch-item-failures': 'warn' } });
    const r = runCli(['--format', 'json'], dir);
    expect(r.code).toBe(0);
    expect(json(r.stdout)[0]?.warningCount).toBe(1);
  });

  it('ignores files by glob', () => {
    const dir = project({ ignores: ['stack.ts'] });
    const r = runCli(['--format', 'json'], dir);
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toEqual([]);
  });

  it('is overridden by --rule and skipped with --no-config', () => {
    const dir = project({ rules: { 'require-report-batch-item-failures': 'off' } });
    expect(runCli([], dir).code).toBe(0);
    expect(runCli(['--rule', `${RULE}:error`], dir).code).toBe(1);
    expect(runCli(['--no-config'], dir).code).toBe(1);
  });

  it.each([
    [{ rulez: {} }, 'unknown key "rulez"'],
    [{ preset: 'lenient' }, '"preset" must be one of recommended, strict'],
    [{ rules: { 'no-such-rule': 'error' } }, 'unknown rule "no-such-rule"'],
    [{ rules: { 'require-report-batch-item-failures': 'loud' } }, 'rule "require-report-batch-item-failures" has severity "loud"'],
    [{ ignores: 'dist' }, '"ignores" must be an array'],
    ['{ not json', 'not valid JSON'],
  ])('rejects %j with exit 2 naming the problem', (config, message) => {
    const r = runCli([], project(config));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('lambda-lint.config.json: ');
    expect(r.stderr).toContain(message);
  });
});

describe('CLI conventions', () => {
  const WARN = '{ "rules": { "no-whole-batch-throw": "warn" } }';
  const HANDLER = `import type { SQSHandler } from 'aws-lambda';
export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    if (!record.body) throw new Error('empty');
  }
};
`;

  it('--quiet reports errors only, and does not count warnings', () => {
    const dir = writeProject({ 'lambda-lint.config.json': WARN, 'src/h.ts': HANDLER });
    const all = JSON.parse(runCli(['--format', 'json', '.'], dir).stdout) as LintResult[];
    expect(all[0]?.messages.map((m) => m.severity).sort()).toEqual([1, 2]);
    const quiet = runCli(['--quiet', '--format', 'json', '--max-warnings', '0', '.'], dir);
    const results = JSON.parse(quiet.stdout) as LintResult[];
    expect(results[0]?.messages.map((m) => m.severity)).toEqual([2]);
    expect(results[0]?.warningCount).toBe(0);
    expect(quiet.stderr).not.toContain('too many warnings');
    // Without --quiet the same run fails on the warning.
    expect(runCli(['--max-warnings', '0', '--rule', 'require-batch-item-failures:off', '.'], dir).stderr).toContain('too many warnings (1)');
  });

  it('colours: --color and --no-color win, then FORCE_COLOR, then a non-empty NO_COLOR', () => {
    const dir = writeProject({ 'src/h.ts': HANDLER });
    const coloured = (args: string[], env: NodeJS.ProcessEnv): boolean => runCli([...args, '.'], dir, { NO_COLOR: undefined, FORCE_COLOR: undefined, ...env }).stdout.includes('\u001b[');
    // The test's stdout is a pipe, not a terminal: no colours by default.
    expect(coloured([], {})).toBe(false);
    expect(coloured(['--color'], {})).toBe(true);
    expect(coloured(['--color'], { NO_COLOR: '1' })).toBe(true);
    expect(coloured(['--no-color'], { FORCE_COLOR: '1' })).toBe(false);
    expect(coloured([], { FORCE_COLOR: '1' })).toBe(true);
    expect(coloured([], { FORCE_COLOR: '0' })).toBe(false);
    expect(coloured([], { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
  });

  it('useColor: an empty NO_COLOR does not turn colours off in a terminal', async () => {
    const { useColor } = await import('../src/cli/cli.js');
    expect(useColor(true, {})).toBe(true);
    expect(useColor(true, { NO_COLOR: '' })).toBe(true);
    expect(useColor(true, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(false, { FORCE_COLOR: 'true' })).toBe(true);
    expect(useColor(true, { FORCE_COLOR: 'false' })).toBe(false);
  });

  it('a folder with no file to read is an error, unless --no-error-on-unmatched-pattern', () => {
    const dir = writeProject({ 'docs/readme.md': '# hi', 'src/h.ts': HANDLER, 'lambda-lint.config.json': '{ "ignores": ["legacy/**"] }', 'legacy/old.ts': HANDLER });
    const empty = runCli(['docs'], dir);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('No files matching "docs" were found');
    // Every file of it ignored: the same.
    expect(runCli(['legacy'], dir).stderr).toContain('No files matching "legacy" were found');
    const allowed = runCli(['--no-error-on-unmatched-pattern', 'docs', 'src'], dir);
    expect(allowed.code).toBe(1);
    expect(allowed.stdout).toContain('no-whole-batch-throw');
  });

  it('finds lambda-lint.config.json in the nearest folder above, with ignores relative to it', () => {
    const dir = writeProject({
      'lambda-lint.config.json': '{ "rules": { "no-whole-batch-throw": "off" }, "ignores": ["packages/a/legacy/**"] }',
      'packages/a/src/h.ts': HANDLER,
      'packages/a/legacy/h.ts': HANDLER,
    });
    const r = runCli(['--format', 'json', '.'], path.join(dir, 'packages/a'));
    const results = JSON.parse(r.stdout) as LintResult[];
    expect(results.map((x) => path.relative(dir, x.filePath))).toEqual(['packages/a/src/h.ts']);
    expect(results[0]?.messages.map((m) => m.ruleId)).toEqual(['lambda-lint/require-batch-item-failures']);
  });
});

describe('--stdin', () => {
  const EXAMPLE = path.join(ROOT, 'examples/orders-app');
  const lint = (args: string[], input: string, cwd = EXAMPLE): { code: number | null; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/lambda-lint.js'), ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const findings = (stdout: string): string[] => (JSON.parse(stdout) as LintResult[]).flatMap((r) => r.messages.map((m) => `${path.relative(EXAMPLE, r.filePath)}:${m.line} ${m.ruleId}`));

  it('lints the text as the file --stdin-filename names, linked to the project on disk', () => {
    const file = 'src/handlers/invoice-orders.ts';
    const text = readFileSync(path.join(EXAMPLE, file), 'utf8');
    const same = lint(['--format', 'json', '--stdin', '--stdin-filename', file], text);
    // The finding needs the infrastructure that links the handler: it is read from disk.
    expect(findings(same.stdout)).toEqual([`${file}:14 lambda-lint/batch-response-ignored`]);
    // The text on standard input, not the file on disk, is what is judged.
    const edited = lint(['--format', 'json', '--stdin', '--stdin-filename', file], `${text}\nexport const other = async (event: { Records: { body: string }[] }) => { for (const r of event.Records) JSON.parse(r.body); };\n`);
    expect(findings(edited.stdout)).toContain(`${file}:14 lambda-lint/batch-response-ignored`);
    expect(findings(edited.stdout).length).toBeGreaterThan(1);
  });

  it('without a file name, reads TypeScript; with paths or a name alone, is a usage error', () => {
    const r = lint(['--format', 'json', '--stdin'], "import type { SQSHandler } from 'aws-lambda';\nexport const handler: SQSHandler = async (event) => { for (const r of event.Records) JSON.parse(r.body); };\n");
    expect(r.code).toBe(1);
    expect(findings(r.stdout)).toEqual(['<stdin>.ts:2 lambda-lint/no-whole-batch-throw']);
    expect(lint(['--stdin', 'src'], '').stderr).toContain('--stdin reads standard input instead of paths');
    expect(lint(['--stdin-filename', 'a.ts', '.'], '').stderr).toContain('--stdin-filename needs --stdin');
  });
});
