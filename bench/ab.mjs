/**
 * Interleaved A/B of the CLI against another build of lambda-lint, on one generated project:
 *
 *   node bench/ab.mjs BEFORE_CHECKOUT DIR [RUNS] [eslint]
 *
 * BEFORE_CHECKOUT is a checkout of another commit with its `dist/` built (a `git worktree` with
 * this checkout's node_modules linked in); DIR a project made by bench/generate.mjs. Each round
 * runs `bench/measure.mjs cli` of both builds and the parse floor, one process each, so that the
 * machine's drift hits both alike; prints the medians and after / floor.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const [before, dir, runsArg, modeArg] = process.argv.slice(2);
// `eslint`: ESLint with the plugin, against the same ESLint run with the parser and no rules (the floor).
const mode = modeArg === 'eslint' ? 'eslint' : 'cli';
const floorMode = mode === 'eslint' ? 'eslint-bare' : 'floor';
if (!before || !dir) {
  console.error('usage: node bench/ab.mjs BEFORE_CHECKOUT DIR [RUNS]');
  process.exit(2);
}
const runs = Number(runsArg ?? 7);
const builds = { before: path.join(before, 'bench/measure.mjs'), after: path.join(import.meta.dirname, 'measure.mjs') };
const times = { before: [], after: [] };
const floor = [];
const timed = (script, mode) => {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [script, mode, path.resolve(dir)], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(r.stderr);
  return Number(process.hrtime.bigint() - t) / 1e6;
};
for (let i = 0; i < runs; i++) {
  for (const [name, script] of Object.entries(builds)) times[name].push(timed(script, mode));
  floor.push(timed(builds.after, floorMode));
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const result = { before: median(times.before), after: median(times.after), floor: median(floor) };
console.log(JSON.stringify({ ...result, change: result.after / result.before - 1, afterOverFloor: result.after / result.floor }));
