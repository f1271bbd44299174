/**
 * The `lambda-lint` command: arguments in, a report out, an exit code that CI can trust.
 *   0 clean · 1 findings at error level, warnings over --max-warnings, or files that could not
 *   be parsed · 2 usage, configuration or internal error.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { analyze } from './api.js';
import { normaliseRuleId, parseSeverity } from './config.js';
import type { Severity } from './configs.js';
import { UsageError } from './errors.js';
import { formatters } from './formatters/index.js';
import { ruleModules } from './rules/index.js';
import { VERSION } from './version.js';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** Whether stdout is a terminal that shows colours. */
  color: boolean;
}

export const HELP = `lambda-lint ${VERSION}
Finds AWS Lambda failure-handling mistakes that lose or duplicate data, in handler code and
the infrastructure code that wires it.

Usage: lambda-lint [paths...]              (default: the current directory)

Options:
  --format stylish|json|sarif|github      report format (default: stylish)
  --output FILE                           write the report to FILE instead of stdout
  --rule ID:off|warn|error                set a rule's severity; repeatable
  --max-warnings N                        exit 1 when there are more than N warnings
  --config FILE                           config file (default: ./lambda-lint.config.json)
  --no-config                             ignore any config file
  -h, --help                              show this help
  -v, --version                           print the version

Exit codes: 0 no errors · 1 errors, too many warnings, or files that could not be parsed ·
            2 usage, configuration or internal error

Rules: ${Object.keys(ruleModules).join(', ')}
Docs:  https://github.com/lambda-lint/lambda-lint#readme
`;

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

async function run(argv: readonly string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        rule: { type: 'string', multiple: true },
        'max-warnings': { type: 'string' },
        config: { type: 'string', short: 'c' },
        'no-config': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nRun lambda-lint --help for usage.`);
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

  const result = await analyze(positionals, {
    cwd: io.cwd,
    configFile: values['no-config'] ? false : values.config,
    rules,
  });

  const report = formatter(result, { cwd: io.cwd, color: values.output === undefined && io.color });
  if (values.output !== undefined) {
    const target = path.resolve(io.cwd, values.output);
    try {
      writeFileSync(target, report.endsWith('\n') || report === '' ? report : `${report}\n`);
    } catch (error) {
      throw new UsageError(`Cannot write --output ${values.output}: ${(error as Error).message}`);
    }
  } else if (report !== '') {
    io.stdout(report.endsWith('\n') ? report : `${report}\n`);
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
