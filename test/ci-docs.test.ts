/**
 * docs/ci.md: every workflow parses, and every lambda-lint command in it runs on an example
 * project with the outcome the workflow expects (exit code 0, or 1 where it allows findings).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, runCli } from './helpers/cli.js';

const DOC = readFileSync(path.join(ROOT, 'docs/ci.md'), 'utf8');
const blocks = (lang: string): string[] => [...DOC.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'gu'))].map((m) => m[1] as string);

/** The shell commands of a workflow: GitHub's `run:` steps, GitLab's `script:` lines. */
function commands(workflow: unknown): string[] {
  const out: string[] = [];
  const visit = (value: unknown, key?: string): void => {
    if (typeof value === 'string') {
      if (key === 'run' || key === 'script') out.push(value);
    } else if (Array.isArray(value)) {
      for (const v of value) visit(v, key === 'script' ? 'script' : undefined);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, k);
    }
  };
  visit(workflow);
  return out;
}

/** `npx lambda-lint ARGS [|| test $? -eq 1]`: the arguments, and whether exit code 1 is allowed. */
function lambdaLint(command: string): { args: string[]; allowsFindings: boolean } | undefined {
  const m = /(?:^|\s)(?:npx )?lambda-lint ((?:(?!\|\|).)*)(\|\| test \$\? -eq 1)?$/u.exec(command.trim());
  if (!m) return undefined;
  return { args: (m[1] as string).trim().split(/\s+/u), allowsFindings: m[2] !== undefined };
}

describe('docs/ci.md', () => {
  it('the action (action.yml) parses and runs the same commands, with the options it is given', () => {
    const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default: string }>; runs: { using: string; steps: { run?: string; uses?: string }[] } };
    expect(action.runs.using).toBe('composite');
    const runs = action.runs.steps.flatMap((s) => (s.run ? [s.run] : []));
    const withInputs = (command: string): string => command.replace(/\$\{\{ inputs\.([a-z-]+) \}\}/gu, (_m, name: string) => action.inputs[name]?.default ?? '').replace('"$RUNNER_TEMP/lambda-lint.sarif"', 'lambda-lint.sarif');
    // The install step aside: it runs lambda-lint only to see whether it is there.
    const install = runs.filter((r) => r.includes('npm install'));
    expect(install).toHaveLength(1);
    const commands = runs.filter((r) => !install.includes(r)).map(withInputs).map(lambdaLint).filter((c) => c !== undefined);
    expect(commands.map((c) => c?.args.slice(0, 2).join(' '))).toEqual(['--format sarif', '--format github']);
    for (const command of commands) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-action-'));
      cpSync(path.join(ROOT, 'examples/orders-app'), dir, { recursive: true });
      const r = runCli(command?.args ?? [], dir, { GITHUB_WORKSPACE: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).not.toMatch(/Unknown option|internal error/u);
    }
    expect(action.runs.steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))).toBe(true);
  });

  it('is linked from the README', () => {
    expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('docs/ci.md');
  });

  it('has workflows that parse and lambda-lint commands that run as the workflows expect', () => {
    const yamlBlocks = blocks('yaml');
    expect(yamlBlocks.length).toBeGreaterThanOrEqual(4);
    const found: { args: string[]; allowsFindings: boolean }[] = [];
    for (const block of yamlBlocks) {
      const doc = parse(block) as unknown;
      expect(doc).toBeTruthy();
      for (const command of commands(doc)) {
        const run = lambdaLint(command);
        if (run) found.push(run);
      }
    }
    const stagedConfig = JSON.parse(blocks('json')[0] as string) as { 'lint-staged': Record<string, string> };
    for (const command of Object.values(stagedConfig['lint-staged'])) {
      const run = lambdaLint(command);
      if (run) found.push(run);
    }
    expect(found.length).toBeGreaterThanOrEqual(5);

    for (const { args, allowsFindings } of found) {
      // The example project has findings: a workflow either allows exit code 1 or fails on them.
      const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-ci-'));
      cpSync(path.join(ROOT, 'examples/orders-app'), dir, { recursive: true });
      const r = runCli(args, dir, { GITHUB_WORKSPACE: dir, CI_PROJECT_DIR: undefined });
      expect(r.stderr, args.join(' ')).not.toMatch(/internal error|Unknown option|Unknown format/u);
      expect(r.code, args.join(' ')).toBe(1);
      if (!allowsFindings) continue;
      const output = args[args.indexOf('--output') + 1] as string;
      expect(existsSync(path.join(dir, output)), output).toBe(true);
      const report = JSON.parse(readFileSync(path.join(dir, output), 'utf8')) as unknown;
      if (output.endsWith('.sarif')) expect((report as { version: string }).version).toBe('2.1.0');
      else expect(Array.isArray(report) && report.length > 0).toBe(true);
    }
  });
});
