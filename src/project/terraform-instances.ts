/**
 * Terraform modules of the repository, followed as Terraform does: each `module` block whose
 * source is a folder is an instance of that folder, its variables bound to the block's arguments
 * (or their defaults). The module's files are read once per instance, their addresses under the
 * instance's prefix (`tf:prod:module.worker/aws_lambda_function.this`), and the addresses the
 * caller passes in resolve in the caller (links.ts follows `tfp:` and `tfout:` keys). A module's
 * own reading, with its variables unknown, is replaced by its instances wherever one is found, so
 * its findings are those of the values it is really given (reported once where several instances
 * agree).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { commonFolder, walkFiles } from '../util/folders.js';
import { gitWorkTree } from '../util/find-up.js';
import { withoutBom } from '../dialects/source-text.js';
import { readRegularText } from '../util/read-file.js';
import path from 'node:path';
import { callerValue, moduleEnvironment, parseModuleFile, readModuleInstance, variableDefaults, type ParsedModuleFile, type TfCaller } from '../dialects/terraform/terraform.js';
import { parseHcl } from '../dialects/terraform/hcl.js';
import { factsOf } from '../dialects/adapter.js';
import type { FileFacts, InfraFacts, TfModuleCallFact } from '../model/facts.js';

/** Modules inside modules, followed this deep. */
const MAX_DEPTH = 4;
/** Instances read in one project, at most. */
const MAX_INSTANCES = 400;

/** The prefix of the scope a module block is written in: its reading's, or for a module read on its own, its folder's name. */
export function callerPrefix(prefix: string, file: string): string {
  return prefix !== '' ? prefix : `${path.basename(path.dirname(file))}:`;
}

/** The prefix of the instance a module block makes. */
export function instancePrefix(caller: string, name: string): string {
  return `${caller}module.${name}/`;
}

/** What following the project's module calls did: for `--print-graph`. */
export interface InstancesReport {
  instances: number;
  /** Each module block of the project's own modules: the instance read, or why none was. */
  calls: { file: string; line: number; module: string; source: string; instance?: string; why?: string }[];
  /** Files of root modules read again in their module's environment (defaults, tfvars, locals of other files). */
  rootReadings: number;
}

/**
 * Replaces, in `facts`, the reading of every module folder some module block of the project
 * calls by the readings of its instances.
 */
export function instantiateTerraformModules(facts: Map<string, FileFacts>, listing: readonly string[], root?: string): InstancesReport {
  // A long-lived ESLint builds a model on each lint: when no `.tf` file and no facts of one
  // changed since the last build, its readings are the same.
  const signature = signatureOf(facts, listing, root);
  if (last?.signature === signature) {
    for (const [file, f] of last.outputs) facts.set(file, f);
    return last.report;
  }
  const before = new Map(facts);
  const report = instantiate(facts, listing, root);
  const outputs = new Map<string, FileFacts>();
  for (const [file, f] of facts) if (before.get(file) !== f) outputs.set(file, f);
  last = { signature, outputs, report };
  return report;
}

let last: { signature: string; outputs: Map<string, FileFacts>; report: InstancesReport } | undefined;
const factsIds = new WeakMap<FileFacts, number>();
let nextFactsId = 0;

/** What the readings depend on: the `.tf` files, each with its facts (by identity) and its modification time and size. */
function signatureOf(facts: ReadonlyMap<string, FileFacts>, listing: readonly string[], root: string | undefined): string {
  const parts: string[] = [root ?? ''];
  for (const file of listing) {
    if (path.extname(file) !== '.tf') continue;
    const f = facts.get(file);
    let id = -1;
    if (f) {
      id = factsIds.get(f) ?? nextFactsId++;
      factsIds.set(f, id);
    }
    let stamp = '';
    try {
      const s = statSync(file);
      stamp = `${s.mtimeMs}:${s.size}`;
    } catch {
      stamp = 'gone';
    }
    parts.push(`${file}\0${id}\0${stamp}`);
  }
  return parts.join('\n');
}

function instantiate(facts: Map<string, FileFacts>, listing: readonly string[], root: string | undefined): InstancesReport {
  const report: InstancesReport = { instances: 0, calls: [], rootReadings: 0 };
  const byDir = new Map<string, string[]>();
  for (const file of listing) {
    if (path.extname(file) !== '.tf') continue;
    const dir = path.dirname(file);
    byDir.set(dir, [...(byDir.get(dir) ?? []), file]);
  }
  if (byDir.size === 0) return report;
  const parsed = new Map<string, ParsedModuleFile | undefined>();
  const parse = (file: string): ParsedModuleFile | undefined => {
    if (!parsed.has(file)) {
      const text = readText(file);
      parsed.set(file, text === undefined ? undefined : parseModuleFile(file, text));
    }
    return parsed.get(file);
  };
  const manifests = new Map<string, Map<string, string>>();
  let terragrunt: Map<string, TerragruntInputs> | undefined;
  const follow = (file: string, infra: InfraFacts, cwd: string): InfraFacts => (infra.tfRemoteModules?.length ? followDownloaded(file, infra, cwd, manifests) : undefined) ?? infra;
  const writtenCalls = (): { file: string; call: TfModuleCallFact }[] => {
    const out: { file: string; call: TfModuleCallFact }[] = [];
    for (const [file, f] of facts) for (const call of f.infra.tfModuleCalls ?? []) if (call.prefix === '') out.push({ file, call });
    return out;
  };
  for (const [file, f] of facts) {
    const infra = follow(file, f.infra, path.dirname(file));
    if (infra !== f.infra) facts.set(file, { ...f, infra });
  }
  let written = writtenCalls();
  // Terraform runs in a root module: a folder some block calls is not one, its blocks are read
  // in its instances.
  // (A block calling its own folder is a cycle Terraform refuses, not a caller.)
  const called = new Set(written.map(({ file, call }) => path.resolve(path.dirname(file), call.source)).filter((dir, i) => dir !== path.dirname((written[i] as (typeof written)[number]).file)));
  // Every other folder is read in its own environment: its variables' defaults (and the values
  // `terraform.tfvars` / `*.auto.tfvars` set), its locals and resource settings across files.
  for (const [dir, files] of byDir) {
    if (called.has(dir)) continue;
    const readable = files.filter((file) => facts.has(file));
    if (readable.length === 0) continue;
    const modules = files.map(parse).filter((p): p is ParsedModuleFile => p !== undefined);
    const vars = defaultsOf(modules);
    // Terragrunt passes its `inputs` as `TF_VAR_` variables: above the defaults, below the files.
    const given = (terragrunt ??= terragruntInputs(terragruntConfigs(root ?? [...byDir.keys()].reduce(commonFolder)), root)).get(dir);
    for (const [name, value] of given?.values ?? []) vars.set(name, value);
    // Set differently by the configurations of several environments: each run chooses.
    for (const name of given?.chosen ?? []) vars.delete(name);
    for (const [name, value] of autoVariables(dir)) vars.set(name, value);
    // A variable a `-var-file` of the repository sets is chosen per run: not known to be its default.
    for (const name of chosenPerRun(dir, root)) vars.delete(name);
    const env = moduleEnvironment(modules, vars);
    for (const file of readable) {
      const p = parse(file);
      const read = p && readModuleInstance(p, env, { prefix: '', cwd: dir }, false);
      if (!read) continue;
      report.rootReadings++;
      facts.set(file, { ...(facts.get(file) as FileFacts), infra: follow(file, read, dir) });
    }
  }
  if (report.rootReadings > 0) written = writtenCalls();
  if (written.length === 0) return report;
  const calls = written.filter(({ file }) => !called.has(path.dirname(file))).map(({ file, call }) => ({ file, call, depth: 0, cwd: path.dirname(file) }));
  const instances = new Map<string, InfraFacts[]>();
  const callers = new Map<string, TfCaller>();
  const seen = new Set<string>();
  for (let i = 0; i < calls.length; i++) {
    const { file, call, depth, cwd } = calls[i] as (typeof calls)[number];
    const childDir = path.resolve(path.dirname(file), call.source);
    const children = byDir.get(childDir) ?? downloadedFiles(childDir);
    const entry = { file, line: call.span.loc.start.line, module: `${call.prefix}module.${call.name}`, source: call.source };
    if (childDir === path.dirname(file)) {
      report.calls.push({ ...entry, why: 'the module calls its own folder (a cycle)' });
      continue;
    }
    if (children.length === 0) {
      report.calls.push({ ...entry, why: `no .tf file in ${call.source}` });
      continue;
    }
    if (depth >= MAX_DEPTH || report.instances >= MAX_INSTANCES) {
      report.calls.push({ ...entry, why: depth >= MAX_DEPTH ? `modules nested deeper than ${MAX_DEPTH}` : `more than ${MAX_INSTANCES} module instances in the project` });
      continue;
    }
    const prefix = instancePrefix(callerPrefix(call.prefix, file), call.name);
    if (seen.has(`${childDir}\0${prefix}`)) continue;
    seen.add(`${childDir}\0${prefix}`);
    report.instances++;
    report.calls.push({ ...entry, instance: prefix });
    const modules = children.map(parse).filter((p): p is ParsedModuleFile => p !== undefined);
    const vars = defaultsOf(modules);
    for (const [name, value] of Object.entries(call.args)) vars.set(name, callerValue(value, path.dirname(file), cwd));
    const env = moduleEnvironment(modules, vars);
    // Who called the module that wrote this block, and so on up: an address passed down several modules resolves where it was written.
    const caller: TfCaller = { file, prefix: call.prefix, caller: callers.get(call.prefix) };
    callers.set(prefix, caller);
    for (const p of modules) {
      const infra = follow(p.file, readModuleInstance(p, env, { prefix, caller, cwd }) as InfraFacts, cwd);
      instances.set(p.file, [...(instances.get(p.file) ?? []), infra]);
      for (const inner of infra.tfModuleCalls ?? []) calls.push({ file: p.file, call: inner, depth: depth + 1, cwd });
    }
  }
  for (const [child, readings] of instances) {
    const base = facts.get(child) ?? factsOf(readings[0] as InfraFacts);
    facts.set(child, { ...base, infra: mergeInfra(readings) });
  }
  return report;
}

function readText(file: string): string | undefined {
  try {
    return withoutBom(readRegularText(file));
  } catch {
    // Unreadable (or not a regular file): its own reading reports it.
    return undefined;
  }
}

/** How far below a root module its per-environment variable files are looked for. */
const VAR_FILE_DEPTH = 4;
const VAR_FILE_DIRS = 200;

/**
 * The variables that variable files of the repository set which Terraform loads only when told
 * (`-var-file=environments/prod/variables.tfvars`, `-var-file=../../prod.tfvars`): any `.tfvars`
 * in or below the root module's folder, or in a folder above it inside the project, other than
 * `terraform.tfvars` and `*.auto.tfvars`.
 */
function chosenPerRun(dir: string, root: string | undefined): Set<string> {
  const out = new Set<string>();
  const queue: [string, number][] = [[dir, 0]];
  // The folders above, each on its own (their other subfolders are other modules').
  if (root !== undefined && (dir + path.sep).startsWith(root + path.sep)) for (let d = path.dirname(dir); d.length >= root.length && d !== path.dirname(d); d = path.dirname(d)) queue.push([d, VAR_FILE_DEPTH]);
  walkFiles(queue, { maxDepth: VAR_FILE_DEPTH, maxFolders: VAR_FILE_DIRS }, (full, entry) => {
    const name = entry.name;
    if (name === 'terraform.tfvars' || name.endsWith('.auto.tfvars') || !(name.endsWith('.tfvars') || name.endsWith('.tfvars.json'))) return;
    for (const key of Object.keys(variableFile(full))) out.add(key);
  });
  return out;
}

/**
 * The values `terraform plan` takes without being told: `terraform.tfvars`, then the
 * `*.auto.tfvars` files in the order of their names (a later one wins). Files passed with
 * `-var-file` are a choice of the run, not of the folder, and are not read.
 */
function autoVariables(dir: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  // Not in the project's listing (lambda-lint reads no .tfvars on its own): read where Terraform would.
  const ordered = [...names.filter((n) => n === 'terraform.tfvars'), ...names.filter((n) => n.endsWith('.auto.tfvars')).sort()].map((n) => path.join(dir, n));
  for (const file of ordered) {
    for (const [name, value] of Object.entries(variableFile(file))) {
      // A value that is itself an expression is not a variable's value (tfvars take literals).
      if (!(typeof value === 'string' && value.includes('${'))) out.set(name, value);
    }
  }
  return out;
}

const TERRAGRUNT_FILE = 'terragrunt.hcl';
const TERRAGRUNT_DEPTH = 8;
/** A value a Terragrunt configuration leaves to the run (an expression lambda-lint does not evaluate). */
const UNSETTLED = Symbol('unsettled');

/**
 * The variables each module folder is given by the Terragrunt configurations of the project whose
 * `terraform { source }` is that folder (a local path: `../../modules//lambdas`,
 * `\${get_repo_root()}/modules//x`): their `inputs`, as far as they are settled — literals, the
 * configuration's `locals`, `get_env(name, default)`'s default (what a run without the variable
 * uses), `get_repo_root()`, `get_terragrunt_dir()`, and a dependency's output through its
 * `mock_outputs`. A variable several configurations set to different values is left out (each
 * run chooses one); `include`d configurations are not merged.
 */
function terragruntInputs(configs: readonly string[], root: string | undefined): Map<string, TerragruntInputs> {
  const out = new Map<string, TerragruntInputs>();
  for (const file of configs) {
    const text = readText(file);
    const parsed = text === undefined ? undefined : parseHcl(TERRAGRUNT_FILE, text);
    if (!parsed?.ok) continue;
    const config = new TerragruntConfig(file, parsed.body, root);
    const dir = config.sourceDir();
    if (dir === undefined) continue;
    const inputs = config.inputs();
    const known = out.get(dir);
    if (!known) {
      out.set(dir, { values: inputs, chosen: new Set(config.unsettled) });
      continue;
    }
    // Several environments: what they all give the same value stays, the rest is chosen per run.
    for (const name of config.unsettled) known.chosen.add(name);
    for (const [name, value] of inputs) if (!known.values.has(name) || JSON.stringify(known.values.get(name)) !== JSON.stringify(value)) known.chosen.add(name);
    for (const name of known.values.keys()) if (!inputs.has(name)) known.chosen.add(name);
  }
  for (const given of out.values()) for (const name of given.chosen) given.values.delete(name);
  return out;
}

/** What the Terragrunt configurations of a module give it: settled values, and the variables each run chooses. */
interface TerragruntInputs {
  values: Map<string, unknown>;
  chosen: Set<string>;
}

class TerragruntConfig {
  private readonly dir: string;
  private readonly locals: Record<string, unknown>;
  private readonly mocks: Record<string, Record<string, unknown>>;

  constructor(
    file: string,
    private readonly body: Record<string, unknown>,
    private readonly root: string | undefined,
  ) {
    this.dir = path.dirname(file);
    this.locals = Object.assign({}, ...blocks(body.locals)) as Record<string, unknown>;
    this.mocks = {};
    const deps = body.dependency;
    if (deps && typeof deps === 'object' && !Array.isArray(deps)) {
      for (const [name, list] of Object.entries(deps as Record<string, unknown>)) {
        const mock = blocks(list)[0]?.mock_outputs;
        if (mock && typeof mock === 'object' && !Array.isArray(mock)) this.mocks[name] = mock as Record<string, unknown>;
      }
    }
  }

  /** The local folder `terraform { source }` names (`a//b`: the module `b` of the tree `a`), if any. */
  sourceDir(): string | undefined {
    const source = blocks(this.body.terraform)[0]?.source;
    const value = this.evaluate(source, 0);
    if (typeof value !== 'string' || /::|:\/\//u.test(value) || value.includes('?')) return undefined;
    const resolved = path.resolve(this.dir, value.replace('//', '/'));
    return this.root === undefined || resolved === this.root || resolved.startsWith(this.root + path.sep) ? resolved : undefined;
  }

  /** Inputs this configuration gives but that are expressions of the run: not known to be the default. */
  readonly unsettled: string[] = [];

  inputs(): Map<string, unknown> {
    const out = new Map<string, unknown>();
    const inputs = this.body.inputs;
    if (!inputs || typeof inputs !== 'object' || Array.isArray(inputs)) return out;
    for (const [name, raw] of Object.entries(inputs as Record<string, unknown>)) {
      const value = this.evaluate(raw, 0);
      if (value === UNSETTLED) this.unsettled.push(name);
      else if (value !== null) out.set(name, value);
    }
    return out;
  }

  private evaluate(value: unknown, depth: number): unknown {
    if (depth > TERRAGRUNT_DEPTH) return UNSETTLED;
    if (Array.isArray(value)) {
      const items = value.map((v) => this.evaluate(v, depth + 1));
      return items.includes(UNSETTLED) ? UNSETTLED : items;
    }
    if (value && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, this.evaluate(v, depth + 1)] as const);
      return entries.some(([, v]) => v === UNSETTLED) ? UNSETTLED : Object.fromEntries(entries);
    }
    if (typeof value !== 'string' || !value.includes('${')) return value;
    // One interpolation that is the whole string keeps the value's type (a number, a list).
    const whole = /^\$\{([^{}]*)\}$/u.exec(value);
    if (whole) return this.expression((whole[1] as string).trim(), depth);
    let settled = true;
    const text = value.replace(/\$\{([^{}]*)\}/gu, (_m, expr: string) => {
      const v = this.expression(expr.trim(), depth);
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
      settled = false;
      return '';
    });
    return settled ? text : UNSETTLED;
  }

  private expression(expr: string, depth: number): unknown {
    let m: RegExpExecArray | null;
    if ((m = /^local\.([A-Za-z_][\w-]*)$/u.exec(expr))) return m[1] !== undefined && m[1] in this.locals ? this.evaluate(this.locals[m[1]], depth + 1) : UNSETTLED;
    if ((m = /^dependency\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)$/u.exec(expr))) {
      const mock = m[1] === undefined ? undefined : this.mocks[m[1]];
      return mock && m[2] !== undefined && m[2] in mock ? this.evaluate(mock[m[2]], depth + 1) : UNSETTLED;
    }
    if ((m = /^get_env\(\s*"[^"]*"\s*,\s*"([^"]*)"\s*\)$/u.exec(expr))) return m[1];
    if (/^get_terragrunt_dir\(\s*\)$/u.test(expr)) return this.dir;
    if (/^get_repo_root\(\s*\)$/u.test(expr)) return gitWorkTree(this.dir) ?? this.root ?? UNSETTLED;
    return UNSETTLED;
  }
}

/** Folders walked, at most, looking for Terragrunt configurations (they are not among the project's analysed files). */
const TERRAGRUNT_DIRS = 5000;

/** The `terragrunt.hcl` files under `top` (not in dot-folders, `node_modules` or Terragrunt's cache). */
function terragruntConfigs(top: string): string[] {
  const out: string[] = [];
  walkFiles([[top, 0]], { maxDepth: Infinity, maxFolders: TERRAGRUNT_DIRS }, (full, entry) => {
    if (entry.name === TERRAGRUNT_FILE) out.push(full);
  });
  return out;
}

/** HCL blocks as hcl2json gives them (a list of bodies, or one). */
function blocks(value: unknown): Record<string, unknown>[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((b): b is Record<string, unknown> => b !== null && typeof b === 'object' && !Array.isArray(b));
}


/** What a variable file sets (HCL, or JSON for `.tfvars.json`); nothing when it does not read or parse. */
function variableFile(file: string): Record<string, unknown> {
  const text = readText(file);
  if (text === undefined) return {};
  if (file.endsWith('.json')) {
    try {
      const parsed: unknown = JSON.parse(text);
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    } catch {
      // Not JSON: it sets nothing Terraform could read.
      return {};
    }
  }
  const parsed = parseHcl(path.basename(file), text);
  return parsed.ok ? parsed.body : {};
}

/** The defaults the `variable` blocks of a module's files declare. */
function defaultsOf(modules: readonly ParsedModuleFile[]): Map<string, unknown> {
  const vars = new Map<string, unknown>();
  for (const p of modules) for (const [name, value] of variableDefaults(p)) vars.set(name, value);
  return vars;
}

/**
 * Modules from a registry or git that `terraform init` has downloaded: the root module's
 * `.terraform/modules/modules.json` says where each block's copy is (`Key`: the block names from
 * the root, `a.b`). Such a block is then read as a call of that folder (the infrastructure facts
 * returned, a copy); `undefined` when none is there.
 */
function followDownloaded(file: string, infra: InfraFacts, cwd: string, manifests: Map<string, Map<string, string>>): InfraFacts | undefined {
  const dirs = downloadedModules(cwd, manifests);
  if (dirs.size === 0) return undefined;
  const calls = [...(infra.tfModuleCalls ?? [])];
  const remote: TfModuleCallFact[] = [];
  for (const call of infra.tfRemoteModules ?? []) {
    const chain = [...call.prefix.matchAll(/module\.([^/]+)\//gu)].map((m) => m[1] as string);
    const dir = dirs.get([...chain, call.name].join('.'));
    if (dir === undefined) remote.push(call);
    else calls.push({ ...call, source: `./${path.relative(path.dirname(file), dir).split(path.sep).join('/')}` });
  }
  if (remote.length === (infra.tfRemoteModules ?? []).length) return undefined;
  return { ...infra, tfModuleCalls: calls, tfRemoteModules: remote };
}

/** `.terraform/modules/modules.json` of a root module: each module's folder, by its key (read once per project model). */
function downloadedModules(root: string, downloadedByRoot: Map<string, Map<string, string>>): Map<string, string> {
  let dirs = downloadedByRoot.get(root);
  if (dirs) return dirs;
  dirs = new Map();
  try {
    const manifest = JSON.parse(readFileSync(path.join(root, '.terraform', 'modules', 'modules.json'), 'utf8')) as { Modules?: { Key?: unknown; Dir?: unknown }[] };
    for (const m of manifest.Modules ?? []) {
      if (typeof m.Key === 'string' && m.Key !== '' && typeof m.Dir === 'string') dirs.set(m.Key, path.resolve(root, m.Dir));
    }
  } catch {
    // Not initialised, or not readable: nothing downloaded.
  }
  downloadedByRoot.set(root, dirs);
  return dirs;
}

/** The `.tf` files of a downloaded module (not in the project's listing: `.terraform` is ignored). */
function downloadedFiles(dir: string): string[] {
  if (!dir.split(path.sep).includes('.terraform')) return [];
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.tf'))
      .map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

/** The readings of one file, as one: lists joined, maps merged (their keys carry each instance's prefix). */
function mergeInfra(readings: readonly InfraFacts[]): InfraFacts {
  const out = { ...(readings[0] as InfraFacts) } as unknown as Record<string, unknown>;
  for (const reading of readings.slice(1)) {
    for (const [key, value] of Object.entries(reading as unknown as Record<string, unknown>)) {
      const have = out[key];
      if (Array.isArray(value)) out[key] = Array.isArray(have) ? [...(have as unknown[]), ...(value as unknown[])] : value;
      else if (key !== 'names' && typeof value === 'object' && value !== null) out[key] = { ...((have) ?? {}), ...value };
      else if (have === undefined) out[key] = value;
    }
  }
  return out as unknown as InfraFacts;
}
