/**
 * The CLI beyond findings: the graph, shards, baselines, SARIF against its schema, progress.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import type { AnalyzeResult } from '../src/api.js';
import { formatSarif } from '../src/cli/formatters/sarif.js';
import type { Graph } from '../src/graph.js';
import { Progress } from '../src/cli/progress.js';
import type { LintResult } from '../src/results.js';
import { ROOT, runCli } from './helpers/cli.js';
import { samSqsTemplate, writeProject } from './helpers/project.js';

// ajv-draft-04 is CommonJS with a `default` export.
type AjvInstance = { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown }; addFormat(name: string, test: (value: string) => boolean): AjvInstance };

/**
 * The schema's string formats, which Ajv does not check by itself: RFC 3986 characters only
 * (`%` as an escape), a scheme for `uri`, ISO 8601 for `date-time`. A path with a space or a bare
 * `%` is not a URI reference.
 */
const URI_REFERENCE = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/u;
function withFormats(ajv: AjvInstance): AjvInstance {
  return ajv
    .addFormat('uri-reference', (v) => URI_REFERENCE.test(v))
    .addFormat('uri', (v) => URI_REFERENCE.test(v) && /^[A-Za-z][A-Za-z0-9+.-]*:/u.test(v))
    .addFormat('date-time', (v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/u.test(v));
}
const Ajv = (AjvDraft04 as unknown as { default: new (options: object) => AjvInstance }).default;

const THREE = path.join(ROOT, 'test/fixtures/projects/three-files');
const EXAMPLE = path.join(ROOT, 'examples/orders-app');

function messages(stdout: string, base: string): string[] {
  return (JSON.parse(stdout) as LintResult[]).flatMap((r) => r.messages.map((m) => `${path.relative(base, r.filePath)}:${m.line}:${m.column} ${m.ruleId}`)).sort();
}

describe('--print-graph', () => {
  it('prints the linked model as JSON', () => {
    const r = runCli(['--print-graph', 'json', '.'], THREE);
    expect(r.code).toBe(0);
    const graph = JSON.parse(r.stdout) as Graph;
    expect(graph.queues).toEqual([
      { id: 'lib/queues.ts#class:Queues.jobs', file: 'lib/queues.ts', line: 10, name: 'Jobs', fifo: 'default', visibilityTimeoutSeconds: 60, redrive: 'default' },
    ]);
    expect(graph.functions).toEqual([
      expect.objectContaining({
        id: 'lib/workers.ts#class:Workers.worker',
        name: 'Worker',
        timeoutSeconds: 30,
        handler: { file: 'src/worker.ts', export: 'handler', linked: true, source: 'sqs', returnsBatchResponse: 'yes' },
        eventSources: [
          expect.objectContaining({ kind: 'sqs', construct: 'SqsEventSource', file: 'lib/wiring.ts', line: 12, batchSize: 10, reportBatchItemFailures: 'default', queue: 'lib/queues.ts#class:Queues.jobs' }),
        ],
      }),
    ]);
  });

  it('prints a Mermaid flowchart that Mermaid itself parses', async () => {
    const r = runCli(['--print-graph', 'mermaid', '.'], EXAMPLE);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('flowchart LR\n')).toBe(true);
    const dom = new JSDOM('');
    Object.assign(globalThis, { window: dom.window, document: dom.window.document });
    const { default: mermaid } = await import('mermaid');
    await expect(mermaid.parse(r.stdout)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
    // A broken diagram is rejected, so the check above can fail.
    await expect(mermaid.parse('flowchart LR\n  a[[[ -->', { suppressErrors: true })).resolves.toBe(false);
  });
});

describe('--shard', () => {
  it('splits the files deterministically, and the shards together give the unsharded result', () => {
    const whole = messages(runCli(['--format', 'json', '.'], EXAMPLE).stdout, EXAMPLE);
    const parts = [1, 2, 3].map((i) => runCli(['--format', 'json', '--shard', `${i}/3`, '.'], EXAMPLE));
    const files = parts.map((p) => (JSON.parse(p.stdout) as LintResult[]).map((r) => r.filePath));
    expect(new Set(files.flat()).size).toBe(files.flat().length); // no file in two shards
    expect(parts.flatMap((p) => messages(p.stdout, EXAMPLE)).sort()).toEqual(whole);
    expect(runCli(['--format', 'json', '--shard', '2/3', '.'], EXAMPLE).stdout).toBe(parts[1]?.stdout);
  });

  it.each(['0/2', '3/2', 'x', '1/0'])('rejects --shard %s', (value) => {
    const r = runCli(['--shard', value, '.'], EXAMPLE);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--shard takes I/N');
  });
});

describe('--write-baseline and --baseline', () => {
  it('hides recorded findings, even after the code moves, and shows new ones', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-baseline-'));
    cpSync(THREE, dir, { recursive: true });
    const written = runCli(['--write-baseline', 'baseline.json', '.'], dir);
    expect(written.code).toBe(0);
    expect(written.stderr).toContain('recorded 5 finding(s)');

    expect(runCli(['--baseline', 'baseline.json', '.'], dir)).toMatchObject({ code: 0, stdout: '' });

    // Shift every line of the queue file, and add a new mistake.
    const queues = path.join(dir, 'lib/queues.ts');
    writeFileSync(queues, `// moved\n// down\n${readFileSync(queues, 'utf8')}`);
    const wiring = path.join(dir, 'lib/wiring.ts');
    writeFileSync(wiring, readFileSync(wiring, 'utf8').replace('{ batchSize: 10 }', '{ batchSize: 10, maxBatchingWindow: undefined }'));
    const extra = path.join(dir, 'lib/extra.ts');
    writeFileSync(extra, "import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';\nexport const s = (q: any) => new SqsEventSource(q);\n");
    const after = runCli(['--baseline', 'baseline.json', '--format', 'json', '.'], dir);
    expect(messages(after.stdout, dir)).toEqual([
      'lib/extra.ts:2:30 lambda-lint/require-report-batch-item-failures',
      // The mapping's line changed text, so it is new; the queue's findings moved but still match.
      'lib/wiring.ts:12:67 lambda-lint/batch-response-ignored',
    ]);
    const results = JSON.parse(after.stdout) as LintResult[];
    expect(results.find((r) => r.filePath === queues)?.suppressedMessages).toHaveLength(2);
  });

  it('rejects a file that is not a baseline', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-baseline-'));
    writeFileSync(path.join(dir, 'b.json'), '{"findings": 3}');
    const r = runCli(['--baseline', path.join(dir, 'b.json'), '.'], THREE);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a lambda-lint baseline');
  });
});

describe('--format sarif', () => {
  const schema = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
  // The schema's language pattern is not valid as a unicode regular expression.
  const validate = withFormats(new Ajv({ allErrors: true, strict: false, unicodeRegExp: false })).compile(schema);
  const NO_WORKSPACE = { GITHUB_WORKSPACE: '' };

  it('validates against the SARIF 2.1.0 JSON schema, with each rule’s description and help from its doc', () => {
    const r = runCli(['--format', 'sarif', '.'], path.join(ROOT, 'test/fixtures/projects/basic'), NO_WORKSPACE);
    const log = JSON.parse(r.stdout) as SarifLog;
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const run = log.runs[0] as SarifLog['runs'][number];
    expect(run.results.length).toBeGreaterThan(0);
    expect(run.columnKind).toBe('utf16CodeUnits');
    for (const rule of run.tool.driver.rules) {
      expect(rule.helpUri).toMatch(/\/docs\/rules\/[a-z-]+\.md$/u);
      expect(rule.fullDescription.text.length).toBeGreaterThan(40);
      expect(rule.fullDescription.text).not.toContain('\n');
      expect(rule.help.markdown).toContain('## ');
      expect(rule.help.text).not.toMatch(/\]\(/u);
    }
    expect(run.results.every((result) => /^[0-9a-f]{20}:\d+$/u.test(result.partialFingerprints['lambdaLintCode/v1'] ?? ''))).toBe(true);
    // And an invalid log is rejected, so the check above can fail; a URI with a space is one.
    expect(validate({ version: '2.1.0', runs: [{ results: [] }] })).toBe(false);
    const spaced = structuredClone(log) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const first = spaced.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation;
    if (first) first.uri = 'src/my handler.ts';
    expect(validate(spaced)).toBe(false);
  });

  it('names files from the repository root, percent-encoded, with fingerprints that survive lines added above', () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-sarif-'));
    mkdirSync(path.join(repo, '.git'));
    const pkg = path.join(repo, 'packages/orders');
    mkdirSync(path.join(pkg, 'src'), { recursive: true });
    writeFileSync(path.join(pkg, 'package.json'), '{ "name": "orders" }');
    const awkward = ['my handler #1 50%.ts', 'café.ts'];
    for (const name of awkward) writeFileSync(path.join(pkg, 'src', name), WHOLE_BATCH_THROW);

    const r = runCli(['--format', 'sarif', '.'], pkg, NO_WORKSPACE);
    const log = JSON.parse(r.stdout) as SarifLog;
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const run = log.runs[0] as SarifLog['runs'][number];
    const base = run.originalUriBaseIds['%SRCROOT%']?.uri as string;
    expect(base).toBe(pathToFileURL(`${repo}/`).href);
    const locations = run.results.map((result) => result.locations[0]?.physicalLocation.artifactLocation);
    expect(new Set(locations.map((l) => l?.uri))).toEqual(new Set(['packages/orders/src/my%20handler%20%231%2050%25.ts', 'packages/orders/src/caf%C3%A9.ts']));
    expect(locations.every((l) => l?.uriBaseId === '%SRCROOT%')).toBe(true);
    // Each URI leads back to its file.
    expect(new Set(locations.map((l) => fileURLToPath(new URL(l?.uri as string, base))))).toEqual(new Set(awkward.map((name) => path.join(pkg, 'src', name))));

    // Lines added above a finding move it, not its fingerprint.
    const first = path.join(pkg, 'src', awkward[0] as string);
    writeFileSync(first, `// a comment\n// another\n${WHOLE_BATCH_THROW}`);
    const moved = JSON.parse(runCli(['--format', 'sarif', '.'], pkg, NO_WORKSPACE).stdout) as SarifLog;
    const prints = (l: SarifLog) => l.runs[0]?.results.map((x) => `${x.locations[0]?.physicalLocation.artifactLocation.uri} ${x.ruleId} ${x.partialFingerprints['lambdaLintCode/v1']}`).sort();
    const lines = (l: SarifLog) => l.runs[0]?.results.map((x) => x.locations[0]?.physicalLocation.region.startLine).sort();
    expect(prints(moved)).toEqual(prints(log));
    expect(lines(moved)).not.toEqual(lines(log));

    // GITHUB_WORKSPACE, when the run is inside it, is the root; one elsewhere is not.
    const inWorkspace = JSON.parse(runCli(['--format', 'sarif', '.'], pkg, { GITHUB_WORKSPACE: path.join(repo, 'packages') }).stdout) as SarifLog;
    expect(inWorkspace.runs[0]?.results.every((x) => x.locations[0]?.physicalLocation.artifactLocation.uri.startsWith('orders/src/'))).toBe(true);
    const elsewhere = JSON.parse(runCli(['--format', 'sarif', '.'], pkg, { GITHUB_WORKSPACE: os.tmpdir() + '/not-this-one' }).stdout) as SarifLog;
    expect(prints(elsewhere)).toEqual(prints(moved));

    // GitHub annotations name the same files.
    const github = runCli(['--format', 'github', '.'], pkg, NO_WORKSPACE).stdout;
    expect(github).toContain('file=packages/orders/src/café.ts,');
    expect(github).toContain('file=packages/orders/src/my handler #1 50%25.ts,');
  });

  it('gives a file outside the root an absolute file URI, without a base', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-sarif-root-'));
    const outside = path.join(os.tmpdir(), 'elsewhere #2', 'h.ts');
    const message = { ruleId: 'lambda-lint/no-whole-batch-throw', messageId: 'throw', severity: 2 as const, message: 'm', line: 1, column: 1 };
    const result = {
      results: [{ filePath: outside, messages: [message], suppressedMessages: [], errorCount: 1, warningCount: 0, fatalErrorCount: 0, fixableErrorCount: 0, fixableWarningCount: 0, usedDeprecatedRules: [] }],
      enabledRules: new Map([['no-whole-batch-throw', 2]]),
      internalErrorCount: 0,
      fingerprint: () => '0123456789abcdef0123',
    } as unknown as AnalyzeResult;
    const log = JSON.parse(formatSarif(result, { cwd: root, root, color: false })) as SarifLog;
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const artifact = log.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation;
    expect(artifact).toEqual({ uri: pathToFileURL(outside).href });
    expect(fileURLToPath(artifact?.uri as string)).toBe(outside);
  });
});

const WHOLE_BATCH_THROW = `import type { SQSHandler } from 'aws-lambda';
export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    if (!record.body) throw new Error('empty');
  }
};
`;

interface SarifLog {
  runs: {
    columnKind: string;
    originalUriBaseIds: Record<string, { uri: string }>;
    results: {
      ruleId: string;
      partialFingerprints: Record<string, string>;
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }[];
    }[];
    tool: { driver: { rules: { helpUri: string; fullDescription: { text: string }; help: { text: string; markdown: string } }[] } };
  }[];
}

describe('progress line', () => {
  it('stays silent on short runs, draws after the delay, throttles, and erases itself', () => {
    let now = 0;
    const out: string[] = [];
    const progress = new Progress({ write: (t) => out.push(t), now: () => now, delayMs: 2000, intervalMs: 100 });
    progress.update(1, 10, 'reading');
    expect(out).toEqual([]);
    now = 2500;
    progress.update(2, 10, 'reading');
    now = 2550;
    progress.update(3, 10, 'reading'); // throttled
    now = 2700;
    progress.update(10, 10, 'checking');
    progress.done();
    expect(out).toEqual(['\r\u001b[2Klambda-lint: reading 2/10 files', '\r\u001b[2Klambda-lint: checking 10/10 files', '\r\u001b[2K']);
  });
});

describe('--cache', () => {
  it('gives the same report from the cache, follows changes, and survives a corrupt cache file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-cache-'));
    cpSync(THREE, dir, { recursive: true });
    const cold = runCli(['--cache', '--format', 'json', '.'], dir);
    const cacheFile = path.join(dir, '.lambda-lint-cache');
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as { tool: string; entries: Record<string, unknown> };
    expect(cache.tool).toBe('lambda-lint');
    expect(Object.keys(cache.entries).length).toBeGreaterThanOrEqual(4);

    const warm = runCli(['--cache', '--format', 'json', '.'], dir);
    expect(warm.stdout).toBe(cold.stdout);

    // A change in one file changes the findings that depend on it in another.
    const wiring = path.join(dir, 'lib/wiring.ts');
    writeFileSync(wiring, readFileSync(wiring, 'utf8').replace('{ batchSize: 10 }', '{ batchSize: 10, reportBatchItemFailures: true }'));
    const changed = runCli(['--cache', '--format', 'json', '.'], dir);
    expect(messages(changed.stdout, dir)).toEqual([
      'lib/queues.ts:10:17 lambda-lint/require-source-queue-redrive',
      'lib/queues.ts:10:66 lambda-lint/sqs-visibility-timeout',
      'src/worker.ts:7:13 lambda-lint/require-idempotency',
    ]);

    writeFileSync(cacheFile, '{ not json');
    const afterCorruption = runCli(['--cache', '--format', 'json', '.'], dir);
    expect(afterCorruption.stdout).toBe(changed.stdout);
    expect(afterCorruption.stderr).toBe('');
  });
});

describe('--format gitlab', () => {
  it("writes GitLab's Code Quality report: required fields, unique fingerprints that survive lines added above, paths from CI_PROJECT_DIR", () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-gitlab-'));
    const pkg = path.join(repo, 'services/orders');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(path.join(pkg, 'a.ts'), WHOLE_BATCH_THROW);
    writeFileSync(path.join(pkg, 'b.ts'), WHOLE_BATCH_THROW);
    type Issue = { type: string; description: string; check_name: string; fingerprint: string; severity: string; location: { path: string; lines: { begin: number } } };
    const report = (): Issue[] => JSON.parse(runCli(['--format', 'gitlab', '.'], pkg, { GITHUB_WORKSPACE: '', CI_PROJECT_DIR: repo }).stdout) as Issue[];
    const issues = report();
    expect(issues.length).toBe(4);
    for (const issue of issues) {
      expect(issue.type).toBe('issue');
      expect(issue.description.length).toBeGreaterThan(20);
      expect(issue.check_name).toMatch(/^lambda-lint\//u);
      expect(['minor', 'major']).toContain(issue.severity);
      expect(issue.location.path).toMatch(/^services\/orders\/[ab]\.ts$/u);
      expect(issue.location.lines.begin).toBeGreaterThan(0);
    }
    // Two files with the same code: still one fingerprint per issue.
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(4);
    writeFileSync(path.join(pkg, 'a.ts'), `// moved\n${WHOLE_BATCH_THROW}`);
    const moved = report();
    expect(moved.map((i) => i.fingerprint).sort()).toEqual(issues.map((i) => i.fingerprint).sort());
    expect(moved.map((i) => i.location.lines.begin)).not.toEqual(issues.map((i) => i.location.lines.begin));
  });
});

describe('SAM functions without CodeUri', () => {
  const HANDLER = "import type { SQSHandler } from 'aws-lambda';\nexport const handler: SQSHandler = async (event) => { for (const r of event.Records) JSON.parse(r.body); };\n";
  const handlerOf = (dir: string): Graph['functions'][number]['handler'] => (JSON.parse(runCli(['--print-graph', 'json', '.'], dir).stdout) as Graph).functions[0]?.handler as Graph['functions'][number]['handler'];

  it("are built from the template's folder (aws-sam-cli's default CodeUri is '.'), unless Globals give one", () => {
    const plain = writeProject({ 'template.yaml': samSqsTemplate({}), 'app.ts': HANDLER });
    expect(handlerOf(plain)).toEqual(expect.objectContaining({ file: 'app.ts', linked: true }));
    const globals = writeProject({ 'template.yaml': samSqsTemplate({ before: 'Globals:\n  Function:\n    CodeUri: src/\n' }), 'src/app.ts': HANDLER, 'app.ts': '' });
    expect(handlerOf(globals)).toEqual(expect.objectContaining({ file: 'src/app.ts', linked: true }));
    // A CodeUri that is not a literal path stays unknown, and so does inline code.
    const bucket = writeProject({ 'template.yaml': samSqsTemplate({ code: ['CodeUri:', '  Bucket: b', '  Key: k.zip'] }), 'app.ts': HANDLER });
    expect(handlerOf(bucket)).toEqual(expect.objectContaining({ linked: false }));
    const inline = writeProject({ 'template.yaml': samSqsTemplate({ code: ['InlineCode: "exports.handler = async () => {};"'] }), 'app.ts': HANDLER });
    expect(handlerOf(inline)).toEqual(expect.objectContaining({ linked: false }));
  });
});
