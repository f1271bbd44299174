/**
 * One measurement, in its own process so that each starts cold: prints a JSON line with what it
 * found and the process's peak RSS. Wall time is taken by the caller around the whole process.
 *
 *   node bench/measure.mjs cli DIR [PATH]   the lambda-lint CLI (same entry as bin/lambda-lint.js), on PATH
 *   node bench/measure.mjs cli-cached DIR   the same with --cache (warm after a first run)
 *   node bench/measure.mjs floor DIR        read and parse the same files with the same parsers
 *   node bench/measure.mjs eslint DIR       ESLint with lambdaLint.configs.recommended
 *   node bench/measure.mjs eslint-bare DIR  the same ESLint run with the parser and no rules
 *   node bench/measure.mjs eslint-cached DIR  `eslint` with lambda-lint's facts cache on (warm after a first run)
 *   node bench/measure.mjs eslint-ts DIR    ESLint's and typescript-eslint's recommended rules, and the plugin
 *   node bench/measure.mjs eslint-ts-bare DIR  the same rules without the plugin
 *   node bench/measure.mjs synth DIR [nag]  synthesise every app (with cdk-nag ServerlessChecks)
 *   node bench/measure.mjs keystroke DIR    a long-lived ESLint: a handler linted once, then again with unsaved edits (median ms)
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [mode, dir, extra] = process.argv.slice(2);
const out = { mode };

if (mode === 'cli' || mode === 'cli-cached') {
  const { main } = await import('../dist/cli/cli.js');
  let stdout = '';
  // `extra`: a part of the project.
  out.exitCode = await main(['--format', 'json', ...(mode === 'cli-cached' ? ['--cache'] : []), extra ?? '.'], { cwd: dir, color: false, stdout: (t) => (stdout += t), stderr: () => {} });
  const byRule = {};
  for (const r of JSON.parse(stdout)) for (const m of r.messages) byRule[(m.ruleId ?? 'fatal').replace('lambda-lint/', '')] = (byRule[(m.ruleId ?? 'fatal').replace('lambda-lint/', '')] ?? 0) + 1;
  out.findings = byRule;
} else if (mode === 'floor') {
  const { collectFiles } = await import('../dist/files.js');
  const { isScriptFile, parseScript } = await import('../dist/core/ast.js');
  const { parseYamlTree } = await import('../dist/dialects/yaml/yaml-tree.js');
  const { parseHcl } = await import('../dist/dialects/terraform/hcl.js');
  const { parsePython } = await import('../dist/analyzers/python/parser.js');
  const files = collectFiles(['.'], dir, []);
  // Each file with the parser lambda-lint uses for it: scripts, Python modules, YAML/JSON templates, HCL.
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    if (isScriptFile(f)) parseScript(text, f);
    else if (f.endsWith('.py')) parsePython(text);
    else if (f.endsWith('.tf')) parseHcl(path.basename(f), text);
    else parseYamlTree(text);
  }
  out.files = files.length;
} else if (mode === 'keystroke') {
  // The editor: one long-lived ESLint, a handler linted once (the project model is built), then
  // linted again with unsaved edits, as the language server does on each keystroke.
  const { ESLint } = await import('eslint');
  const { default: lambdaLint } = await import('../dist/index.js');
  const eslint = new ESLint({ cwd: path.resolve(dir), overrideConfigFile: true, overrideConfig: [lambdaLint.configs.recommended] });
  const handlers = readdirSync(path.join(dir, 'services'), { recursive: true }).filter((f) => /handlers[\\/][^\\/]+\.ts$/u.test(String(f))).sort();
  // A handler with findings (its checks use the project: the mapping that feeds it).
  let file;
  let text;
  let t = process.hrtime.bigint();
  for (const candidate of handlers.slice(0, 50)) {
    file = path.join(dir, 'services', String(candidate));
    text = readFileSync(file, 'utf8');
    const [first] = await eslint.lintText(text, { filePath: file });
    out.firstMs ??= Number(process.hrtime.bigint() - t) / 1e6;
    if ((first?.messages.length ?? 0) > 0) break;
  }
  const edits = [];
  for (let i = 1; i <= 5; i++) {
    t = process.hrtime.bigint();
    const [result] = await eslint.lintText(`${text}\n// edit ${i}\n`, { filePath: file });
    edits.push(Number(process.hrtime.bigint() - t) / 1e6);
    out.messages = result?.messages.length;
  }
  edits.sort((a, b) => a - b);
  out.keystrokeMs = edits[Math.floor(edits.length / 2)];
  out.file = path.relative(dir, file);
} else if (mode.startsWith('eslint')) {
  const { ESLint } = await import('eslint');
  const { default: lambdaLint } = await import('../dist/index.js');
  const plugin = lambdaLint.configs.recommended;
  // The parser and files of the plugin's config, without its rules.
  const parserOnly = { files: plugin.files, languageOptions: plugin.languageOptions };
  // A usual setup: ESLint's and typescript-eslint's recommended rules.
  const usual = async () => [(await import('@eslint/js')).default.configs.recommended, ...(await import('typescript-eslint')).default.configs.recommended];
  const configs = {
    eslint: () => [plugin],
    'eslint-bare': () => [parserOnly],
    // lambda-lint's own facts cache (settings['lambda-lint'].cache), in the generated project.
    'eslint-cached': () => [plugin, { settings: { 'lambda-lint': { cache: true } } }],
    'eslint-ts': async () => [...(await usual()), plugin],
    'eslint-ts-bare': async () => [...(await usual()), parserOnly],
  };
  if (!configs[mode]) {
    console.error(`unknown mode ${mode}`);
    process.exit(2);
  }
  const config = await configs[mode]();
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config });
  const results = await eslint.lintFiles(['.']);
  out.files = results.length;
  out.messages = results.reduce((n, r) => n + r.messages.length, 0);
} else if (mode === 'synth') {
  const { Validations } = await import('aws-cdk-lib');
  const nag = extra === 'nag' ? await import('cdk-nag') : undefined;
  const appsDir = path.join(dir, 'apps');
  const byRule = {};
  /** The construct paths each cdk-nag rule flags. */
  const paths = {};
  let resources = 0;
  for (const app of readdirSync(appsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    const { build } = await import(pathToFileURL(path.join(appsDir, app, 'app.mjs')).href);
    const outdir = mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
    const cdkApp = build({ outdir, context: { 'aws:cdk:enable-path-metadata': true, '@aws-cdk/core:validationReportJson': true } });
    // cdk-nag 3 is a policy validation plugin: it runs during synth and writes a report.
    if (nag) Validations.of(cdkApp).addPlugins(new nag.ServerlessChecks(cdkApp));
    try {
      cdkApp.synth();
    } catch {
      // Synth reports a failed validation by throwing after writing the report.
    }
    for (const file of readdirSync(outdir).filter((f) => f.endsWith('.template.json'))) {
      resources += Object.keys(JSON.parse(readFileSync(path.join(outdir, file), 'utf8')).Resources ?? {}).length;
    }
    if (nag) {
      const report = JSON.parse(readFileSync(path.join(outdir, 'policy-validation-report.json'), 'utf8'));
      for (const plugin of report.pluginReports ?? []) {
        for (const v of plugin.violations ?? []) {
          byRule[v.ruleName] = (byRule[v.ruleName] ?? 0) + (v.violatingResources?.length ?? 1);
          for (const r of v.violatingResources ?? []) (paths[v.ruleName] ??= []).push(r.constructPath);
        }
      }
    }
  }
  out.resources = resources;
  out.findings = byRule;
  if (nag) out.paths = paths;
} else {
  console.error('usage: measure.mjs cli|cli-cached|floor|keystroke|eslint|eslint-bare|eslint-cached|eslint-ts|eslint-ts-bare|synth DIR [nag|PATH]');
  process.exit(2);
}
out.maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`\n@@measure ${JSON.stringify(out)}\n`);
