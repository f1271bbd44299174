#!/usr/bin/env node
import { main } from '../dist/cli.js';

const code = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  color: Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env),
  stderrIsTTY: Boolean(process.stderr.isTTY),
});
process.exitCode = code;
