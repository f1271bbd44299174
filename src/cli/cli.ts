/**
 * The `lambda-lint` command: arguments in, a report out, an exit code that CI can trust.
 *   0 clean · 1 findings at error level, warnings over --max-warnings, or files that could not
 *   be parsed · 2 usage, configuration or internal error.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { analyze, buildGraph, graphToMermaid, type AnalyzeResult } from '../api.js';
import { linkingSummary } from '../graph.js';
import { readBaseline } from '../baseline.js';
import { CACHE_FILE_NAME } from '../cache.js';
import { Progress } from './progress.js';
import { normaliseRuleId, parseSeverity } from '../config.js';
import type { Severity } from '../configs.js';
import { UsageError } from '../errors.js';
import { formatters } from './formatters/index.js';
import { reportRoot } from './formatters/report-paths.js';
import { ruleModules } from '../rules/index.js';
import { VERSION } from '../version.js';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** Whether stdout is a terminal (colours are on by default there; see `useColor`). */
  color: boolean;
  /** Whether stderr is a terminal (a progress line is shown there on long runs). */
  stderrIsTTY?: boolean;
  /** What `--stdin` reads; default: standard input, to its end. */
  readStdin?: () => string;
  /** The environment (`GITHUB_WORKSPACE` for report paths, `NO_COLOR`, `FORCE_COLOR`); default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

export const HELP = `lambda-lint ${VERSION}
Finds AWS Lambda failure-handling mistakes that lose or duplicate data, in handler code and
the infrastructure code that wires it.

Usage: lambda-lint [paths...]              (default: the current directory)

Options:
  -f, --format stylish|json|sarif|github|gitlab
                                          report format (default: stylish)
  -o, --output FILE                       write the report to FILE instead of stdout
  --rule ID:off|warn|error                set a rule's severity; repeatable
  --quiet                                 report errors only (warnings are neither shown nor counted)
  --max-warnings N                        exit 1 when there are more than N warnings
  -c, --config FILE                       config file (default: lambda-lint.config.json in the
                                          working directory or the nearest folder above it)
  --no-config                             ignore any config file
  --color, --no-color                     force colours on or off (default: on in a terminal,
                                          off when NO_COLOR is set; FORCE_COLOR=0 or 1 decides too)
  --stdin                                 lint the text on standard input (instead of paths)
  --stdin-filename FILE                   the file that text is (its type, and what links to it)
  --no-gitignore                          read files that .gitignore files ignore too
  --no-error-on-unmatched-pattern         a path that matches no file is not an error
  --report-unused-disable-directives      report suppression comments that suppress nothing (errors)
  --report-unused-disable-directives-severity off|warn|error
                                          the same, with this severity
  --shard I/N                             analyse the I-th of N slices of the files (CI matrices)
  --print-graph [json|mermaid]            print the linked model instead of findings
  --baseline FILE                         report only findings not recorded in FILE
  --write-baseline FILE                   record the current findings in FILE and exit 0
  --cache                                 reuse facts of unchanged files (.lambda-lint-cache)
  -h, --help                              show this help
  -v, --version                           print the version

Exit codes: 0 no errors · 1 errors, too many warnings, or files that could not be parsed ·
            2 usage, configuration or internal error

Rules: ${Object.keys(ruleModules).join(', ')}
Docs:  https://github.com/lambda-lint/lambda-lint#readme
`;

/** Writes a report to `--output` or stdout. */
function emit(report: string, output: string | undefined, io: CliIO): void {
  const text = report.endsWith('\n') || report === '' ? report : `${report}\n`;
  if (output !== undefined) {
    try {
      writeFileSync(path.resolve(io.cwd, output), text);
    } catch (error) {
      throw new UsageError(`Cannot write --output ${output}: ${(error as Error).message}`);
    }
  } else if (text !== '') {
    io.stdout(text);
  }
}

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`lambda-lint: ${error.message}\n`);
      return 2;
    }
    io.stderr(`lambda-lint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nPlease report this.\n`);
    return 2;
  }
}

const GRAPH_FORMATS = ['json', 'mermaid'];

/**
 * `--print-graph` takes an optional format: give it the default when none follows. A word after
 * it that is no path (`dot`: no such file, no `/` or `.` in it) is taken as a format, so that it
 * is reported as an unknown format rather than a missing file.
 */
function normaliseArgv(argv: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    out.push(arg);
    if (arg === '--print-graph') {
      const next = argv[i + 1];
      const word = next !== undefined && /^[a-z][a-z0-9-]*$/iu.test(next) && !existsSync(path.resolve(cwd, next));
      if (next !== undefined && (GRAPH_FORMATS.includes(next) || word)) {
        out.push(next);
        i++;
      } else {
        out.push('json');
      }
    }
  }
  return out;
}

async function run(argv: readonly string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: normaliseArgv(argv, io.cwd),
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        rule: { type: 'string', multiple: true },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        'no-error-on-unmatched-pattern': { type: 'boolean' },
        stdin: { type: 'boolean' },
        'no-gitignore': { type: 'boolean' },
        'stdin-filename': { type: 'string' },
        'report-unused-disable-directives': { type: 'boolean' },
        'report-unused-disable-directives-severity': { type: 'string' },
        config: { type: 'string', short: 'c' },
        'no-config': { type: 'boolean' },
        shard: { type: 'string' },
        'print-graph': { type: 'string' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        cache: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(`${argumentProblem(error as Error & { code?: string })}\nRun lambda-lint --help for usage.`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (values.color && values['no-color']) throw new UsageError('--color and --no-color cannot be used together');
  const graphFormat = values['print-graph'];
  if (graphFormat !== undefined && !GRAPH_FORMATS.includes(graphFormat)) throw new UsageError(`Unknown --print-graph format "${graphFormat}" (use ${GRAPH_FORMATS.join(' or ')})`);
  let unusedDirectives: Severity = values['report-unused-disable-directives'] ? 'error' : 'off';
  const unusedSeverity = values['report-unused-disable-directives-severity'];
  if (unusedSeverity !== undefined) {
    if (values['report-unused-disable-directives']) throw new UsageError('--report-unused-disable-directives and --report-unused-disable-directives-severity cannot be used together');
    const parsed = parseSeverity(unusedSeverity);
    if (parsed === undefined) throw new UsageError(`--report-unused-disable-directives-severity takes off, warn or error, not "${unusedSeverity}"`);
    unusedDirectives = parsed;
  }
  if (values['stdin-filename'] !== undefined && !values.stdin) throw new UsageError('--stdin-filename needs --stdin');
  if (values.stdin && positionals.length > 0) throw new UsageError(`--stdin reads standard input instead of paths: leave out ${positionals.map((p) => `"${p}"`).join(', ')}`);
  const formatName = values.format ?? 'stylish';
  const formatter = formatters[formatName];
  if (!formatter) throw new UsageError(`Unknown format "${formatName}" (use ${Object.keys(formatters).join(', ')})`);

  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    const text = values['max-warnings'];
    if (!/^\d+$/u.test(text)) throw new UsageError(`--max-warnings takes a whole number, not "${text}"`);
    maxWarnings = Number(text);
  }
  if (values.config !== undefined && values['no-config']) throw new UsageError('--config and --no-config cannot be used together');

  const rules: Record<string, Severity> = {};
  for (const spec of values.rule ?? []) {
    const at = spec.lastIndexOf(':');
    const id = at > 0 ? spec.slice(0, at) : '';
    const severity = parseSeverity(spec.slice(at + 1));
    if (at <= 0 || severity === undefined) throw new UsageError(`--rule takes ID:off|warn|error, not "${spec}"`);
    if (normaliseRuleId(id) === undefined) {
      throw new UsageError(`Unknown rule "${id}" in --rule (known rules: ${Object.keys(ruleModules).join(', ')})`);
    }
    rules[id] = severity;
  }

  let shard: { index: number; count: number } | undefined;
  if (values.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/u.exec(values.shard);
    const index = Number(m?.[1]);
    const count = Number(m?.[2]);
    if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard takes I/N with 1 ≤ I ≤ N, not "${values.shard}"`);
    shard = { index, count };
  }
  if (values.baseline !== undefined && values['write-baseline'] !== undefined) throw new UsageError('--baseline and --write-baseline cannot be used together');
  const baseline = values.baseline === undefined ? undefined : readBaseline(path.resolve(io.cwd, values.baseline));

  const progress = io.stderrIsTTY ? new Progress({ write: io.stderr }) : undefined;
  const analysis = await analyze(positionals, {
    cwd: io.cwd,
    ...(values['no-error-on-unmatched-pattern'] ? { errorOnUnmatchedPattern: false } : {}),
    ...(values['no-gitignore'] ? { gitignore: false } : {}),
    ...(unusedDirectives !== 'off' ? { reportUnusedDisableDirectives: unusedDirectives } : {}),
    ...(values.stdin ? { stdin: { text: (io.readStdin ?? readStandardInput)(), filePath: values['stdin-filename'] ?? STDIN_NAME } } : {}),
    configFile: values['no-config'] ? false : values.config,
    rules,
    ...(shard ? { shard } : {}),
    ...(baseline ? { baseline } : {}),
    ...(values.cache ? { cacheFile: CACHE_FILE_NAME } : {}),
    ...(progress ? { onProgress: (done: number, total: number, phase: string) => progress.update(done, total, phase) } : {}),
  });
  progress?.done();
  const result = values.quiet ? errorsOnly(analysis) : analysis;
  if (result.cache?.error !== undefined) io.stderr(`lambda-lint: could not write ${CACHE_FILE_NAME}: ${result.cache.error}\n`);

  if (values['print-graph'] !== undefined) {
    const format = values['print-graph'];
    const graph = buildGraph(result.project, io.cwd, analysedFiles(result));
    const text = format === 'mermaid' ? graphToMermaid(graph) : `${JSON.stringify(graph, null, 2)}\n`;
    emit(text, values.output, io);
    return 0;
  }
  if (values['write-baseline'] !== undefined) {
    const target = path.resolve(io.cwd, values['write-baseline']);
    const recorded = result.toBaseline();
    try {
      writeFileSync(target, `${JSON.stringify(recorded, null, 2)}\n`);
    } catch (error) {
      throw new UsageError(`Cannot write --write-baseline ${values['write-baseline']}: ${(error as Error).message}`);
    }
    io.stderr(`lambda-lint: recorded ${recorded.findings.reduce((n, f) => n + f.count, 0)} finding(s) in ${values['write-baseline']}.\n`);
    return 0;
  }

  const env = io.env ?? process.env;
  const color = values.color ? true : values['no-color'] ? false : useColor(values.output === undefined && io.color, env);
  const report = formatter(result, { cwd: io.cwd, root: reportRoot(io.cwd, env), color });
  emit(report, values.output, io);
  const linking = linkingSummary(result.project, analysedFiles(result));
  if (linking.unlinked > 0) {
    io.stderr(
      `lambda-lint: ${linking.unlinked} of ${linking.functions} function(s) not linked to their handler code (checks that need both stay silent on them); \`lambda-lint --print-graph\` says why.\n`,
    );
  }

  if (result.internalErrorCount > 0) {
    io.stderr(`lambda-lint: internal error on ${result.internalErrorCount} file(s); see the report. Please report this.\n`);
    return 2;
  }
  if (result.errorCount > 0) return 1;
  if (maxWarnings !== undefined && result.warningCount > maxWarnings) {
    io.stderr(`lambda-lint: too many warnings (${result.warningCount}); at most ${maxWarnings} allowed.\n`);
    return 1;
  }
  return 0;
}

/** The options `--help` lists, for "did you mean". */
const OPTION_NAMES = ['format', 'output', 'rule', 'quiet', 'stdin', 'stdin-filename', 'no-gitignore', 'max-warnings', 'config', 'no-config', 'color', 'no-color', 'no-error-on-unmatched-pattern', 'report-unused-disable-directives', 'report-unused-disable-directives-severity', 'shard', 'print-graph', 'baseline', 'write-baseline', 'cache', 'help', 'version'];

/** parseArgs' error in our words: an unknown option with the nearest known one. */
function argumentProblem(error: Error & { code?: string }): string {
  const unknown = /^Unknown option '(-{1,2}[^']*)'/u.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown !== undefined) {
    const name = unknown.replace(/^-+/u, '').split('=')[0] as string;
    const nearest = OPTION_NAMES.map((o) => ({ o, d: editDistance(name, o) })).sort((a, b) => a.d - b.d)[0];
    const hint = nearest && (nearest.d <= Math.max(1, Math.floor(name.length / 3)) || (name.length >= 3 && nearest.o.startsWith(name))) ? ` Did you mean "--${nearest.o}"?` : '';
    return `Unknown option "${unknown}".${hint}`;
  }
  return error.message;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * Colours by the conventions terminals and CI follow: `FORCE_COLOR` decides when set (`0` or
 * `false` off, anything else on), then `NO_COLOR` turns them off when it is set to a non-empty
 * value (https://no-color.org), else a terminal gets them.
 */
export function useColor(terminal: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  return terminal;
}

/** `--quiet`: the report without warnings, and without counting them. */
function errorsOnly(result: AnalyzeResult): AnalyzeResult {
  const results = result.results.map((r) => ({ ...r, messages: r.messages.filter((m) => m.severity === 2), warningCount: 0, fixableWarningCount: 0 }));
  return { ...result, results, warningCount: 0 };
}

/** The name of standard input's text without `--stdin-filename`: TypeScript (a superset of what scripts hold). */
const STDIN_NAME = '<stdin>.ts';

function readStandardInput(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read standard input: ${(error as Error).message}`);
  }
}

/** Whether a file's functions belong to this run: an analysed file, or a module terraform init downloaded for one's module block. */
function analysedFiles(result: AnalyzeResult): (file: string) => boolean {
  const analysed = new Set(result.results.map((r) => r.filePath));
  return (file) => analysed.has(file) || analysed.has(result.project.downloadedCallOf(file)?.file ?? '');
}
