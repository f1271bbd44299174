/**
 * `npm run bench:profile -- MODE [N]`: one measurement of the benchmark (bench/measure.mjs) under
 * V8's CPU profiler, summarised: where the time goes by package, the busiest functions, and
 * lambda-lint's own phases (inclusive time). The .cpuprofile files are kept for Chrome DevTools.
 *
 *   npm run bench:profile -- cli 1000          the CLI on the generated 1,000-function monorepo
 *   npm run bench:profile -- cli 1000 apps     the CLI on its CDK apps alone
 *   npm run bench:profile -- eslint 1000       ESLint with the recommended config
 *
 * The project is generated first when bench/out/nN does not exist yet.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from './generate.mjs';

const [mode = 'cli', size = '1000', part] = process.argv.slice(2);
const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.join(here, 'out', `n${size}`);
if (!existsSync(root)) generate(root, Number(size));
const dir = part ? path.join(root, part) : root;

const out = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-profile-'));
const run = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${out}`, path.join(here, 'measure.mjs'), mode, dir], { encoding: 'utf8', maxBuffer: 1 << 28 });
if (run.status !== 0) {
  process.stderr.write(run.stderr);
  process.exit(1);
}

// The busiest thread's profile (the CLI analyses on a worker thread; the HCL parser has its own).
const files = readdirSync(out).map((f) => path.join(out, f));
const busiest = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
const profile = JSON.parse(readFileSync(busiest, 'utf8'));

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const selfTime = new Map();
profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

/** A frame's package (`typescript`, `@typescript-eslint/typescript-estree`), or lambda-lint's file, or V8's label. */
function owner(frame) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/u.exec(frame.url);
  if (m) return m[1];
  if (frame.url.includes('/dist/')) return `lambda-lint ${frame.url.split('/dist/')[1]}`;
  return frame.url.startsWith('node:') ? 'node' : frame.url || frame.functionName;
}

const byOwner = new Map();
const byFunction = new Map();
/** lambda-lint's phases, by function name: inclusive time (a frame counted once per sample). */
const PHASES = ['prepareFile', 'parseScript', 'extractFileFacts', 'parseHcl', 'readTemplate', 'readService', 'buildProjectModel', 'checkFile', 'projectFor', 'lintedFileOf', 'check'];
const phases = new Map(PHASES.map((p) => [p, 0]));
let total = 0;
for (const [id, t] of selfTime) {
  total += t;
  const frame = nodes.get(id).callFrame;
  byOwner.set(owner(frame), (byOwner.get(owner(frame)) ?? 0) + t);
  const key = `${frame.functionName || '(anonymous)'}  ${owner(frame)}:${frame.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + t);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const name = nodes.get(cur).callFrame.functionName;
    if (phases.has(name) && !seen.has(name)) {
      seen.add(name);
      phases.set(name, phases.get(name) + t);
    }
  }
}

const ms = (us) => `${(us / 1000).toFixed(0).padStart(6)} ms`;
const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
console.log(`${mode} on ${path.relative(here, dir)}: ${ms(total).trim()} sampled on the busiest thread (${path.basename(busiest)})\n`);
console.log('By package:');
for (const [k, v] of top(byOwner, 15)) console.log(`${ms(v)}  ${k}`);
console.log('\nBusiest functions (self time):');
for (const [k, v] of top(byFunction, 20)) console.log(`${ms(v)}  ${k}`);
console.log("\nlambda-lint's phases (inclusive time):");
for (const [k, v] of phases) if (v > 0) console.log(`${ms(v)}  ${k}`);
console.log(`\nProfiles: ${out}`);
