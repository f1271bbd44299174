/**
 * The CLI runs in a worker thread with a large stack, so that deeply nested (often generated)
 * code parses instead of overflowing the parser's recursion. bin/lambda-lint.js starts it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { useCompileCache } from './compile-cache.js';
import { typescriptProblem } from '../typescript-check.js';

interface CliWorkerData {
  argv: string[];
  color: boolean;
  stderrIsTTY: boolean;
}

const data = workerData as CliWorkerData;
// A missing or unsupported TypeScript is a setup mistake: say what to install, exit code 2.
const problem = typescriptProblem();
if (problem) {
  process.stderr.write(`${problem}\n`);
  parentPort?.postMessage(2);
} else {
  // Before the parser (and with it TypeScript) is first imported.
  useCompileCache();
  const { main } = await import('./cli.js');
  const code = await main(data.argv, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    color: data.color,
    stderrIsTTY: data.stderrIsTTY,
  });
  parentPort?.postMessage(code);
}
