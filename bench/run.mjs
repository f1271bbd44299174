/**
 * `npm run bench`: lambda-lint on generated monorepos of N functions, against the parse floor,
 * ESLint without our rules (alone, and among the usual recommended rules), and `cdk synth` with
 * and without cdk-nag. Medians of several runs, each a fresh process. Not part of `npm test`.
 *
 *   npm run bench                 N = 100, 200, 300, 600, 1000, 2000
 *   npm run bench -- --quick      N = 100, 200
 *   npm run bench -- --runs 5     more runs per measurement (default 3)
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { generate } from './generate.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;
const sizes = quick ? [100, 200] : [100, 200, 300, 600, 1000, 2000];
/** Synthesis with cdk-nag is slow: measured up to this size. */
const synthUpTo = quick ? 200 : 1000;
/** ESLint runs over every file: measured up to this size. */
const eslintUpTo = quick ? 200 : 1000;
const here = path.dirname(new URL(import.meta.url).pathname);

function measure(mode, dir, extra, times = runs) {
  const samples = [];
  for (let i = 0; i < times; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [path.join(here, 'measure.mjs'), mode, dir, ...(extra ? [extra] : [])], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
    const line = r.stdout.split('\n').find((l) => l.startsWith('@@measure '));
    if (!line) throw new Error(`${mode} printed no measurement`);
    samples.push({ ms, ...JSON.parse(line.slice('@@measure '.length)) });
  }
  samples.sort((a, b) => a.ms - b.ms);
  return samples[Math.floor(samples.length / 2)];
}

const rows = [];
for (const n of sizes) {
  // Inside the repository, so that the generated apps resolve aws-cdk-lib when synthesised.
  const dir = path.join(here, 'out', `n${n}`);
  const manifest = generate(dir, n);
  const cli = measure('cli', dir);
  const floor = measure('floor', dir);
  measure('cli-cached', dir, undefined, 1);
  const cliCached = measure('cli-cached', dir);
  const row = { n, files: manifest.files, cli, cliCached, floor, manifest };
  if (n <= eslintUpTo) {
    row.eslint = measure('eslint', dir);
    row.eslintBare = measure('eslint-bare', dir);
    // With the plugin's facts cache, warm: one run to write it, then the measured ones.
    measure('eslint-cached', dir, undefined, 1);
    row.eslintCached = measure('eslint-cached', dir);
    // In a usual setup (ESLint's and typescript-eslint's recommended rules), with and without the plugin.
    row.eslintTs = measure('eslint-ts', dir);
    row.eslintTsBare = measure('eslint-ts-bare', dir);
  }
  // The editor: a second lint of one handler with unsaved edits, in the same ESLint process.
  if (n >= 300) row.keystroke = measure('keystroke', dir);
  if (n <= synthUpTo) {
    row.synth = measure('synth', dir);
    row.nag = measure('synth', dir, 'nag');
    // The same CDK apps synth reads, as a project of their own (the SAM, Serverless and Terraform
    // services are not in them, and lambda-lint then reads nothing else either).
    row.cliApps = measure('cli', path.join(dir, 'apps'));
  }
  rows.push(row);
  process.stderr.write(`N=${n}: lambda-lint ${(cli.ms / 1000).toFixed(2)} s\n`);
}

const s = (ms) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(2)} s`);
const x = (a, b) => (a === undefined || b === undefined ? '–' : `${(a / b).toFixed(2)}×`);
console.log(`\nlambda-lint benchmark — ${os.cpus().length} cores, Node ${process.version}, median of ${runs} runs, each a fresh process\n`);
console.log('| functions | Python handlers | files | lambda-lint | peak RSS | warm `--cache` | parse floor | CLI / floor | growth N→2N | ESLint + rules / ESLint bare | the same, warm facts cache | with the usual recommended rules: + plugin / without | editor: lint of a handler with unsaved edits | CDK functions | lambda-lint on the CDK apps | cdk synth | synth + cdk-nag | synth+nag / lambda-lint |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) {
  const double = rows.find((r) => r.n === row.n * 2);
  console.log(
    `| ${row.n} | ${row.manifest.pythonFunctions ?? 0} | ${row.files} | ${s(row.cli.ms)} | ${row.cli.maxRssMB} MB | ${s(row.cliCached.ms)} | ${s(row.floor.ms)} | ${x(row.cli.ms, row.floor.ms)} | ${double ? x(double.cli.ms, row.cli.ms) : '–'} | ${row.eslint ? `${s(row.eslint.ms)} / ${s(row.eslintBare.ms)} = ${x(row.eslint.ms, row.eslintBare.ms)}` : '–'} | ${row.eslintCached ? `${s(row.eslintCached.ms)} = ${x(row.eslintCached.ms, row.eslintBare.ms)}` : '–'} | ${row.eslintTs ? `${s(row.eslintTs.ms)} / ${s(row.eslintTsBare.ms)} = ${x(row.eslintTs.ms, row.eslintTsBare.ms)}` : '–'} | ${row.keystroke ? `${Math.round(row.keystroke.keystrokeMs)} ms` : '–'} | ${row.manifest.cdkFunctions} | ${s(row.cliApps?.ms)} | ${s(row.synth?.ms)} | ${s(row.nag?.ms)} | ${x(row.nag?.ms, row.cliApps?.ms)} |`,
  );
}

console.log('\nWhat each tool finds (generated mistakes, by lambda-lint rule; cdk-nag ServerlessChecks findings by its rule):\n');
/** How many of the expected findings were found, and how many findings were not expected. */
function score(expected, found) {
  const rules = [...new Set([...Object.keys(expected), ...Object.keys(found)])].sort();
  return {
    rules,
    hit: rules.reduce((n, r) => n + Math.min(expected[r] ?? 0, found[r] ?? 0), 0),
    total: Object.values(expected).reduce((a, b) => a + b, 0),
    extra: rules.reduce((n, r) => n + Math.max(0, (found[r] ?? 0) - (expected[r] ?? 0)), 0),
  };
}
for (const row of rows.filter((r) => r.nag)) {
  const { expected, expectedCdk } = row.manifest;
  const whole = score(expected, row.cli.findings);
  const apps = score(expectedCdk, row.cliApps.findings);
  console.log(`N=${row.n}: lambda-lint found ${whole.hit} of ${whole.total} generated mistakes, ${whole.extra} other findings; on the CDK apps alone ${apps.hit} of ${apps.total}, ${apps.extra} other.`);
  for (const r of whole.rules) {
    console.log(`  ${r.padEnd(38)} expected ${String(expected[r] ?? 0).padStart(4)}  found ${String(row.cli.findings[r] ?? 0).padStart(4)}   in the CDK apps: expected ${String(expectedCdk[r] ?? 0).padStart(4)}  found ${String(row.cliApps.findings[r] ?? 0).padStart(4)}`);
  }
  const nag = Object.entries(row.nag.findings).sort();
  console.log(`  cdk-nag on the CDK apps: ${nag.reduce((n, [, c]) => n + c, 0)} findings on ${row.nag.resources} resources: ${nag.map(([k, c]) => `${k} ${c}`).join(', ')}`);
  // A generated mistake counts as reported by cdk-nag when a rule of it about the same concern
  // flags the construct the mistake is about.
  const flagged = (m) => m.nagRules.some((r) => (row.nag.paths[r] ?? []).some((p) => p.split('/')[1] === m.construct));
  const mistakes = row.manifest.cdkMistakes;
  const caught = mistakes.filter(flagged);
  const byRule = [...new Set(mistakes.map((m) => m.rule))].sort().map((r) => `${r} ${caught.filter((m) => m.rule === r).length}/${mistakes.filter((m) => m.rule === r).length}`);
  console.log(`  cdk-nag reports ${caught.length} of the ${mistakes.length} generated mistakes in the CDK apps: ${byRule.join(', ')}`);
}
