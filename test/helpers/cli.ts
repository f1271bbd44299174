import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'bin/lambda-lint.js');

export interface CliRun {
  code: number | null;
  /** The signal that ended the process: `SIGTERM` when it ran past the timeout and was killed. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (npm test builds first) as a user would; killed after `timeout` ms. */
export function runCli(args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}, timeout = 60_000): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Nothing on stderr but, perhaps, the closing line on functions not linked to their handler. */
export const QUIET_STDERR = /^(?:lambda-lint: \d+ of \d+ function\(s\) not linked to their handler code \(checks that need both stay silent on them\); `lambda-lint --print-graph` says why\.\n)?$/u;
