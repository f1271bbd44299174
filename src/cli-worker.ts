/**
 * The CLI runs in a worker thread with a large stack, so that deeply nested (often generated)
 * code parses instead of overflowing the parser's recursion. bin/lambda-lint.js starts it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { useCompileCache } from './compile-cache.js';

interface CliWorkerData {
  argv: string[];
  color: boolean;
  stderrIsTTY: boolean;
}

const data = workerData as CliWorkerData;
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
