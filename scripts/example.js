// Runs the built CLI on the example app. The example contains deliberate mistakes, so the CLI's
// exit code 1 (findings) is the expected outcome here; 0 or 2 means something is wrong.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const args = [path.join(root, 'bin/lambda-lint.js'), 'examples/orders-app', ...process.argv.slice(2)];
const { status } = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
if (status === 1) {
  console.log('lambda-lint found the example app\'s deliberate mistakes (exit code 1, as expected).');
  process.exit(0);
}
console.error(`Expected findings (exit code 1) on the example app, got exit code ${status}.`);
process.exit(1);
