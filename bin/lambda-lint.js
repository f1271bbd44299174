#!/usr/bin/env node
// The CLI runs in a worker thread with a 256 MB stack: deeply nested generated code then parses
// instead of overflowing the parser's recursion (the main thread's stack is about 1 MB).
import { Worker } from 'node:worker_threads';

const worker = new Worker(new URL('../dist/cli-worker.js', import.meta.url), {
  workerData: {
    argv: process.argv.slice(2),
    color: Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  },
  resourceLimits: { stackSizeMb: 256 },
});
worker.on('message', (code) => {
  process.exitCode = code;
});
worker.on('error', (error) => {
  process.stderr.write(`lambda-lint: internal error: ${error instanceof Error ? error.stack : String(error)}\nPlease report this.\n`);
  process.exitCode = 2;
});
