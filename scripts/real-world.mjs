#!/usr/bin/env node
// Re-runs lambda-lint on the real-world development corpus (real-world/corpus.json) and diffs
// what it reports against the recorded labels and verdicts. Not part of `npm test`: it needs
// local snapshots of public repositories (see real-world/README.md).
//
//   node scripts/real-world.mjs [--repo owner/name] [--json] [--mirror DIR] [--cache DIR]
//
// Only node: built-ins; it runs this checkout's bin/lambda-lint.js.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin/lambda-lint.js');
const corpusFile = path.join(root, 'real-world/corpus.json');

const usage = `usage: node scripts/real-world.mjs [--repo owner/name] [--json] [--mirror DIR] [--cache DIR]
  --repo owner/name  only this repository (repeatable)
  --json             print the numbers (and the unmatched findings) as JSON
  --mirror DIR       where the fetched snapshots are (default $LAMBDA_LINT_MIRROR or /work/.mirror)
  --cache DIR        where commits are extracted (default $LAMBDA_LINT_REAL_WORLD_CACHE or /tmp/lambda-lint-real-world)`;

function parseArgs(argv) {
  const options = {
    repos: [],
    json: false,
    mirror: process.env.LAMBDA_LINT_MIRROR || '/work/.mirror',
    cache: process.env.LAMBDA_LINT_REAL_WORLD_CACHE || '/tmp/lambda-lint-real-world',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${arg} needs a value`);
      return v;
    };
    if (arg === '--repo') options.repos.push(value());
    else if (arg === '--json') options.json = true;
    else if (arg === '--mirror') options.mirror = value();
    else if (arg === '--cache') options.cache = value();
    else if (arg === '--help' || arg === '-h') {
      console.log(usage);
      process.exit(0);
    } else fail(`unknown argument ${arg}`);
  }
  return options;
}

function fail(message) {
  console.error(`real-world: ${message}\n${usage}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Snapshots

/** The git dir of a fetched snapshot: `<mirror>/<owner>+<name>/` holds `repo/` (bare) or `repo/.git`. */
function findGitDir(mirror, repo) {
  const base = path.join(mirror, repo.replace('/', '+'));
  const candidates = [path.join(base, 'repo/.git'), path.join(base, 'repo'), path.join(base, '.git'), base];
  return candidates.find(
    (dir) => fs.existsSync(path.join(dir, 'HEAD')) && fs.existsSync(path.join(dir, 'objects')),
  );
}

function hasCommit(gitDir, commit) {
  return spawnSync('git', ['--git-dir', gitDir, 'cat-file', '-e', `${commit}^{commit}`]).status === 0;
}

/** Extracts `commit` into `<cache>/<owner>+<name>@<commit>` once (a `.complete` marker says it is whole). */
function checkout(gitDir, cache, repo, commit) {
  const dir = path.join(cache, `${repo.replace('/', '+')}@${commit}`);
  if (fs.existsSync(path.join(dir, '.complete'))) return dir;
  const part = `${dir}.part-${process.pid}`;
  fs.rmSync(part, { recursive: true, force: true });
  fs.mkdirSync(part, { recursive: true });
  const archive = spawnSync('git', ['--git-dir', gitDir, 'archive', '--format=tar', commit], {
    maxBuffer: 2 ** 31 - 1,
  });
  let skipped = [];
  if (archive.status === 0) {
    execFileSync('tar', ['-x', '-C', part], { input: archive.stdout, maxBuffer: 2 ** 31 - 1 });
  } else {
    // Snapshots lack blobs of 4 MiB and more, which makes `git archive` fail: write the blobs
    // that are there one by one instead.
    fs.rmSync(part, { recursive: true, force: true });
    fs.mkdirSync(part, { recursive: true });
    skipped = writeTreeByBlobs(gitDir, commit, part);
  }
  fs.writeFileSync(path.join(part, '.complete'), `${repo}@${commit}\n${skipped.map((p) => `missing: ${p}\n`).join('')}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(part, dir);
  return dir;
}

/** Writes every regular file of `commit` whose blob the snapshot has; returns the paths it lacks. */
function writeTreeByBlobs(gitDir, commit, dir) {
  const listing = execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '-z', commit], { maxBuffer: 2 ** 31 - 1 })
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta, file] = line.split('\t');
      const [mode, type, sha] = meta.split(' ');
      return { mode, type, sha, file };
    })
    .filter((entry) => entry.type === 'blob' && entry.mode !== '120000');
  const missing = [];
  for (const entry of listing) {
    const blob = spawnSync('git', ['--git-dir', gitDir, 'cat-file', 'blob', entry.sha], { maxBuffer: 2 ** 31 - 1 });
    if (blob.status !== 0) {
      missing.push(entry.file);
      continue;
    }
    const target = path.join(dir, entry.file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, blob.stdout, { mode: entry.mode === '100755' ? 0o755 : 0o644 });
  }
  return missing;
}

/**
 * What `terraform init` would download, for an entry whose modules come from elsewhere
 * (`terraformInit`: `{ source, repo, path }`, `source` a pattern of the module blocks' `source`
 * with `{tag}` and `{module}` placeholders, `repo` the fetched repository the release is made from,
 * `path` the module's folder in it at that tag, or a list of them tried in order). Every folder with such a module block gets
 * `.terraform/modules/<block>/` (that folder of the tag's commit) and a `modules.json` naming them,
 * as `terraform init` lays them out for a root module. Returns what could not be laid out.
 */
function terraformInit(entry, dir, mirror) {
  const problems = [];
  const specs = entry.terraformInit ?? [];
  if (specs.length === 0 || fs.existsSync(path.join(dir, '.terraform-init'))) return problems;
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns = specs.map((spec) => {
    const gitDir = findGitDir(mirror, spec.repo);
    if (!gitDir) problems.push(`terraformInit: not fetched: ${spec.repo}`);
    const re = new RegExp(`^${escape(spec.source).replace(escape('{tag}'), '(?<tag>[^/]+)').replace(escape('{module}'), '(?<module>[^/]+)')}$`);
    return { spec, gitDir, re };
  });
  const tfFiles = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.terraform' || e.name === 'node_modules' || e.name === '.git') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.tf')) tfFiles.push(p);
    }
  };
  walk(dir);
  const byRoot = new Map();
  for (const file of tfFiles) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^module\s+"([^"]+)"\s*\{[^]*?^\s*source\s*=\s*"([^"]+)"/gm)) {
      const [, name, source] = m;
      for (const { spec, gitDir, re } of patterns) {
        const hit = re.exec(source);
        if (!hit || !gitDir) continue;
        const tag = hit.groups?.tag;
        const commit = spawnSync('git', ['--git-dir', gitDir, 'rev-parse', '--verify', '-q', `${tag}^{commit}`]).stdout?.toString().trim();
        if (!commit) {
          problems.push(`terraformInit: no tag ${tag} in ${spec.repo}`);
          continue;
        }
        // The module's folder may have moved between releases: the first of the paths given that the tag has.
        const folders = (Array.isArray(spec.path) ? spec.path : [spec.path]).map((p) => p.replace('{module}', hit.groups?.module ?? ''));
        const root = path.dirname(file);
        const target = path.join(root, '.terraform', 'modules', name);
        fs.rmSync(target, { recursive: true, force: true });
        fs.mkdirSync(target, { recursive: true });
        const archive = folders
          .map((folder) => spawnSync('git', ['--git-dir', gitDir, 'archive', '--format=tar', `${commit}:${folder}`], { maxBuffer: 2 ** 31 - 1 }))
          .find((a) => a.status === 0);
        if (!archive) {
          problems.push(`terraformInit: ${spec.repo}@${tag} has none of ${folders.join(', ')}`);
          continue;
        }
        execFileSync('tar', ['-x', '-C', target], { input: archive.stdout, maxBuffer: 2 ** 31 - 1 });
        if (!byRoot.has(root)) byRoot.set(root, [{ Key: '', Source: '', Dir: '.' }]);
        byRoot.get(root).push({ Key: name, Source: source, Dir: `.terraform/modules/${name}` });
      }
    }
  }
  for (const [root, modules] of byRoot) fs.writeFileSync(path.join(root, '.terraform', 'modules', 'modules.json'), JSON.stringify({ Modules: modules }));
  if (problems.length === 0) fs.writeFileSync(path.join(dir, '.terraform-init'), `${[...byRoot.keys()].map((r) => path.relative(dir, r)).join('\n')}\n`);
  return problems;
}

/** Runs the CLI in `cwd` and returns its stdout (exit code 0 or 1 is a normal run). */
function runCli(cwd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args, '.'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 || code === 1) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`lambda-lint ${args.join(' ')} exited with ${code}: ${Buffer.concat(err).toString('utf8').slice(0, 2000)}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Diffing

const shortRule = (ruleId) => (ruleId ?? '(fatal)').replace(/^lambda-lint\//, '');
const toPosix = (p) => p.split(path.sep).join('/');

/** Every label of a repository, with the path it applies to (the handler's `impl`, else its `path`). */
function labelsOf(entry) {
  return entry.handlers.flatMap((handler) =>
    handler.expected.map((label) => ({
      rule: label.rule,
      path: label.path ?? handler.impl ?? handler.path,
      line: label.line,
      endLine: label.endLine ?? label.line,
      why: label.why,
      handler: `${handler.path}#${handler.export}`,
      hit: false,
    })),
  );
}

function diffRepository(entry, results, graph) {
  const runRoot = entry.root ? toPosix(entry.root).replace(/\/$/, '') + '/' : '';
  const labels = labelsOf(entry);
  const verdicts = new Map(entry.findings.map((f) => [`${f.rule}\0${f.path}\0${f.line}`, f]));
  const seenVerdicts = new Set();
  const findings = [];
  const fatal = [];
  for (const result of results) {
    for (const message of result.messages) {
      const rel = runRoot + toPosix(path.relative(result.cwd, result.filePath));
      // A file that could not be parsed is no finding: it is listed on its own.
      if (message.fatal) fatal.push({ path: rel, line: message.line, message: message.message });
      else findings.push({ rule: shortRule(message.ruleId), path: rel, line: message.line, message: message.message });
    }
  }

  const outcome = { tp: [], fp: [], unverdicted: [], inconsistent: [] };
  for (const finding of findings) {
    const key = `${finding.rule}\0${finding.path}\0${finding.line}`;
    const verdict = verdicts.get(key);
    if (verdict) seenVerdicts.add(key);
    // One finding per label: several findings at the same place (one per instance of a module) each take a label of their own first.
    const matches = (l) => l.rule === finding.rule && l.path === finding.path && finding.line >= l.line && finding.line <= l.endLine;
    const label = labels.find((l) => !l.hit && matches(l)) ?? labels.find(matches);
    if (label) {
      label.hit = true;
      outcome.tp.push(finding);
      if (verdict?.verdict === 'false') outcome.inconsistent.push({ ...finding, note: 'matches a label but is recorded false' });
    } else if (verdict?.verdict === 'true') {
      outcome.tp.push(finding);
      outcome.inconsistent.push({ ...finding, note: 'recorded true but matches no label' });
    } else if (verdict?.verdict === 'false') {
      outcome.fp.push({ ...finding, why: verdict.why });
    } else {
      outcome.unverdicted.push(finding);
    }
  }

  const perRule = {};
  const bump = (rule, field, n = 1) => {
    perRule[rule] ??= { tp: 0, fp: 0, missed: 0, unverdicted: 0 };
    perRule[rule][field] += n;
  };
  for (const label of labels) bump(label.rule, label.hit ? 'tp' : 'missed');
  for (const finding of outcome.tp) {
    const labelled = labels.some((l) => l.rule === finding.rule && l.path === finding.path && finding.line >= l.line && finding.line <= l.endLine);
    if (!labelled) bump(finding.rule, 'tp'); // recorded true without a label (reported as inconsistent)
  }
  for (const finding of outcome.fp) bump(finding.rule, 'fp');
  for (const finding of outcome.unverdicted) bump(finding.rule, 'unverdicted');

  // A construct class made several times is one function per instance: its alternatives say how many each stands for.
  const linkedOf = (fn) => {
    const alternatives = fn.handler?.alternatives ?? [];
    if (!alternatives.some((a) => a.instances !== undefined)) return fn.handler?.linked ? 1 : 0;
    return alternatives.reduce((n, a) => n + (a.linked ? (a.instances ?? 1) : 0), 0);
  };
  const linkedNow = (graph.functions ?? []).reduce((n, fn) => n + linkedOf(fn), 0);
  const withHandler = entry.linking?.withHandler ?? 0;
  return {
    repo: entry.repo,
    root: entry.root,
    commit: entry.commit,
    handlers: entry.handlers.length,
    findings: findings.length,
    perRule,
    missed: labels.filter((l) => !l.hit),
    fp: outcome.fp,
    unverdicted: outcome.unverdicted,
    inconsistent: outcome.inconsistent,
    fatal,
    stale: entry.findings.filter((f) => !seenVerdicts.has(`${f.rule}\0${f.path}\0${f.line}`)),
    linking: { withHandler, linked: Math.min(linkedNow, withHandler), graphFunctions: (graph.functions ?? []).length, recordedLinked: entry.linking?.linked ?? 0 },
  };
}

const ratio = (a, b) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);

function summarise(reports) {
  const perRule = {};
  for (const report of reports) {
    for (const [rule, counts] of Object.entries(report.perRule)) {
      perRule[rule] ??= { tp: 0, fp: 0, missed: 0, unverdicted: 0 };
      for (const field of Object.keys(counts)) perRule[rule][field] += counts[field];
    }
  }
  const overall = { tp: 0, fp: 0, missed: 0, unverdicted: 0 };
  for (const counts of Object.values(perRule)) for (const field of Object.keys(overall)) overall[field] += counts[field];
  const withScores = (c) => ({ ...c, precision: ratio(c.tp, c.tp + c.fp), recall: ratio(c.tp, c.tp + c.missed) });
  const linking = reports.reduce(
    (acc, r) => ({ withHandler: acc.withHandler + r.linking.withHandler, linked: acc.linked + r.linking.linked }),
    { withHandler: 0, linked: 0 },
  );
  return {
    repositories: reports.length,
    handlers: reports.reduce((n, r) => n + r.handlers, 0),
    perRule: Object.fromEntries(Object.entries(perRule).sort(([a], [b]) => a.localeCompare(b)).map(([rule, c]) => [rule, withScores(c)])),
    overall: withScores(overall),
    linking: { ...linking, share: ratio(linking.linked, linking.withHandler) },
  };
}

// ---------------------------------------------------------------------------------------------
// Printing

const fmt = (x) => (x === null ? '  -  ' : x.toFixed(3));
const pad = (s, n) => String(s).padEnd(n);
const padStart = (s, n) => String(s).padStart(n);

function printText(summary, reports, skipped) {
  for (const line of skipped) console.log(line);
  for (const report of reports) {
    const counts = Object.values(report.perRule).reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, missed: a.missed + c.missed, unverdicted: a.unverdicted + c.unverdicted }), { tp: 0, fp: 0, missed: 0, unverdicted: 0 });
    console.log(`\n== ${report.repo}${report.root ? ` (${report.root})` : ''}@${report.commit.slice(0, 12)}: ${report.handlers} handlers, ${report.findings} findings; TP ${counts.tp}, FP ${counts.fp}, missed ${counts.missed}, no verdict ${counts.unverdicted}; linked ${report.linking.linked}/${report.linking.withHandler}`);
    for (const f of report.unverdicted) console.log(`  no verdict  ${f.path}:${f.line}  ${f.rule}  ${f.message.split('\n')[0].slice(0, 200)}`);
    for (const f of report.inconsistent) console.log(`  check       ${f.path}:${f.line}  ${f.rule}  (${f.note})`);
    for (const f of report.fatal) console.log(`  not parsed  ${f.path}:${f.line}  ${f.message.split('\n')[0].slice(0, 160)}`);
    for (const l of report.missed) console.log(`  missed      ${l.path}:${l.line}  ${l.rule}  ${l.why}`);
    // False positives with the same rule and reason (test files, for instance) are shown once, counted.
    const groups = new Map();
    for (const f of report.fp) {
      const key = `${f.rule}\0${f.why}`;
      groups.set(key, [...(groups.get(key) ?? []), f]);
    }
    for (const group of groups.values()) {
      const [f] = group;
      const more = group.length > 1 ? ` (and ${group.length - 1} more like it)` : '';
      console.log(`  false pos.  ${f.path}:${f.line}  ${f.rule}  ${f.why}${more}`);
    }
    if (report.stale.length > 0) console.log(`  ${report.stale.length} recorded verdict(s) no longer reported`);
  }
  console.log(`\n${summary.repositories} repositories, ${summary.handlers} handlers\n`);
  console.log(`${pad('rule', 36)} ${padStart('TP', 5)} ${padStart('FP', 5)} ${padStart('missed', 7)} ${padStart('no verdict', 11)}  precision  recall`);
  const row = (name, c) => console.log(`${pad(name, 36)} ${padStart(c.tp, 5)} ${padStart(c.fp, 5)} ${padStart(c.missed, 7)} ${padStart(c.unverdicted, 11)}  ${padStart(fmt(c.precision), 9)}  ${padStart(fmt(c.recall), 6)}`);
  for (const [rule, c] of Object.entries(summary.perRule)) row(rule, c);
  row('overall', summary.overall);
  console.log(`\nlinking: ${summary.linking.linked} of ${summary.linking.withHandler} functions with a TS/JS handler in the repository are linked (${fmt(summary.linking.share)})`);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(bin)) fail(`${bin} is missing`);
  const corpus = JSON.parse(fs.readFileSync(corpusFile, 'utf8'));
  let entries = corpus.repositories;
  if (options.repos.length > 0) {
    const unknown = options.repos.filter((r) => !entries.some((e) => e.repo === r));
    if (unknown.length > 0) fail(`not in the corpus: ${unknown.join(', ')}`);
    entries = entries.filter((e) => options.repos.includes(e.repo));
  }
  fs.mkdirSync(options.cache, { recursive: true });

  const reports = [];
  const skipped = [];
  for (const entry of entries) {
    const gitDir = findGitDir(options.mirror, entry.repo);
    if (!gitDir) {
      skipped.push(`not fetched: run fetch for ${entry.repo} (expected under ${path.join(options.mirror, entry.repo.replace('/', '+'))})`);
      continue;
    }
    if (!hasCommit(gitDir, entry.commit)) {
      skipped.push(`not in the snapshot: ${entry.repo}@${entry.commit} (fetch a newer snapshot of ${entry.repo}, or record its commit)`);
      continue;
    }
    if (!options.json) process.stderr.write(`${entry.repo} …\n`);
    const dir = checkout(gitDir, options.cache, entry.repo, entry.commit);
    skipped.push(...terraformInit(entry, dir, options.mirror).map((p) => `${entry.repo}: ${p}`));
    const cwd = entry.root ? path.join(dir, entry.root) : dir;
    const lint = JSON.parse(await runCli(cwd, ['--format', 'json', '--rule', 'require-idempotency:error']));
    const graph = JSON.parse(await runCli(cwd, ['--print-graph', 'json']));
    reports.push(diffRepository(entry, lint.map((r) => ({ ...r, cwd })), graph));
  }

  const summary = summarise(reports);
  if (options.json) {
    const { repositories: repositoryCount, ...numbers } = summary;
    console.log(JSON.stringify({
      date: new Date().toISOString().slice(0, 10),
      skipped,
      repositoryCount,
      ...numbers,
      repositories: reports.map((r) => ({
        repo: r.repo,
        root: r.root,
        commit: r.commit,
        handlers: r.handlers,
        perRule: r.perRule,
        linking: r.linking,
        unverdicted: r.unverdicted,
        missed: r.missed.map(({ hit: _hit, ...l }) => l),
        falsePositives: r.fp,
        inconsistent: r.inconsistent,
        notParsed: r.fatal,
        staleVerdicts: r.stale.length,
      })),
    }, null, 2));
  } else {
    printText(summary, reports, skipped);
  }
}

main().catch((error) => {
  console.error(`real-world: ${error.stack ?? error}`);
  process.exit(2);
});
