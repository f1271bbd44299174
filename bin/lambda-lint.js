#!/usr/bin/env node
// The CLI runs in a worker thread with a 256 MB stack: deeply nested generated code then parses
// instead of overflowing the parser's recursion (the main thread's stack is about 1 MB).
import { Worker } from 'node:worker_threads';

// The report reaches stdout from here (the worker's writes are forwarded). A reader that stops
// early (`| head`) ends the run quietly, with its exit code; any other failed write (a full disk)
// is one line on stderr and exit code 2, never an unhandled stack trace read as "findings".
let outputError;
process.stdout.on('error', (error) => {
  if (outputError) return; // the stream is closed: later writes fail the same way
  outputError = error;
  if (error.code !== 'EPIPE') process.stderr.write(`lambda-lint: cannot write the report to stdout: ${error.message}\n`);
});
// Nothing can be said about a stderr that cannot be written to.
process.stderr.on('error', () => {});

const worker = new Worker(new URL('../dist/cli/worker.js', import.meta.url), {
  workerData: {
    argv: process.argv.slice(2),
    // A terminal; NO_COLOR, FORCE_COLOR and --color decide the rest (cli.ts).
    color: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  },
  resourceLimits: { stackSizeMb: 256 },
});
let runCode;
worker.on('message', (code) => {
  runCode = code;
});
worker.on('error', (error) => {
  process.stderr.write(`lambda-lint: internal error: ${error instanceof Error ? error.stack : String(error)}\nPlease report this.\n`);
  runCode = 2;
});
process.on('exit', () => {
  process.exitCode = outputError !== undefined && outputError.code !== 'EPIPE' ? 2 : (runCode ?? process.exitCode);
});
