/**
 * Following construct keys across files: `import:` keys through the exporting module (and
 * `export … from` barrels), `inst:` keys to a field of one of the project's classes, `param:`
 * keys to the arguments of every call site of that constructor or function. A key that cannot
 * be followed resolves to nothing: unknown, never a guess.
 */
import { KWARGS_PARAM } from '../dialects/cdk/python/lower.js';
import { INSTANCE_MARK, type CallSiteFact, type ConstructKey, type FileFacts } from '../model/facts.js';
import type { ParamSetting } from '../core/values.js';
import type { ModuleResolver } from './modules.js';
import path from 'node:path';
import { LAMBDA_MODULE_FUNCTION_OUTPUT, TF_CALLER_PREFIX, TF_KEY_PREFIX, TF_OUTPUT_PREFIX } from '../dialects/terraform/terraform.js';
import { callerPrefix, instancePrefix } from './terraform-instances.js';
import { SERVICE_FILES, SERVICE_KEY_PREFIX } from '../dialects/serverless/typescript.js';

/** `<file>#<key>`: a key made global. */
export type GlobalKey = string;

/** Where an export is defined (`KeyResolver.exportOrigin`). */
export type ExportOrigin =
  | { defined: { file: string; name: string }; key: ConstructKey }
  | { missing: { file: string; certain: boolean; exported: string[] } }
  | { unreadable: string };

const MAX_DEPTH = 16;
const PARAM = /^param:(ctor|fn|method):([^:]+):(\d+)(?:=([A-Za-z_]\w*))?((?:\.[A-Za-z_$][\w$]*)*)$/u;

/** A `param:` key of `file`: the callable's global key, the parameter's index, and the property path below it (`''`, `entry`, `srcHandler.entry`). */
interface ParamRef {
  callee: GlobalKey;
  index: number;
  /** A Python parameter's name: a call may give it by keyword. */
  name?: string;
  path: string;
}

function parseParam(file: string, key: ConstructKey): ParamRef | undefined {
  const match = PARAM.exec(key);
  if (!match) return undefined;
  const [, kind, name, index, keyword, path] = match;
  return { callee: `${file}#${kind === 'ctor' ? 'class' : kind}:${name}`, index: Number(index), ...(keyword ? { name: keyword } : {}), path: (path ?? '').slice(1) };
}

/** The argument a call gives for a parameter: by position, or (Python) by keyword. */
function argumentOf(site: CallSiteFact, param: ParamRef): CallSiteFact['args'][number] | undefined {
  // `**kwargs`: the keywords, as an object of them (the ones the callable's other parameters take are there too: harmless, they are read by name).
  if (param.name === KWARGS_PARAM) {
    const keywords = Object.entries(site.keywords ?? {});
    const props = Object.fromEntries(keywords.flatMap(([k, a]) => (a.key === undefined ? [] : [[k, a.key]])));
    const values = Object.fromEntries(keywords.flatMap(([k, a]) => (a.values?.[''] === undefined ? [] : [[k, a.values['']]])));
    const seconds = Object.fromEntries(keywords.flatMap(([k, a]) => (a.seconds?.[''] === undefined ? [] : [[k, a.seconds['']]])));
    const numbers = Object.fromEntries(keywords.flatMap(([k, a]) => (a.numbers?.[''] === undefined ? [] : [[k, a.numbers['']]])));
    return { props, values, seconds, numbers, ...(site.open ? {} : { given: keywords.map(([k]) => k) }) };
  }
  return site.args[param.index] ?? (param.name === undefined ? undefined : site.keywords?.[param.name]);
}

/**
 * The construct key a call passes for a parameter: its argument, a property of an object literal
 * given there, or a member of either (`props.sqs.jobs` where the call gives `{ sqs: this.sqs }`).
 */
function argumentKey(site: CallSiteFact, param: ParamRef): ConstructKey | undefined {
  const arg = argumentOf(site, param);
  if (!arg) return undefined;
  if (param.path === '') return arg.key;
  const segments = param.path.split('.');
  for (let i = segments.length; i >= 0; i--) {
    const base = i === 0 ? arg.key : arg.props?.[segments.slice(0, i).join('.')];
    if (base !== undefined) return i === segments.length ? base : `${base}.${segments.slice(i).join('.')}`;
  }
  return undefined;
}

/** A key that names a class itself (an alias to it stands for an instance): \`class:Acl\`, \`import:./acl#Acl\`. */
function isClassRef(key: ConstructKey): boolean {
  if (key.startsWith('class:')) return !key.includes('.');
  if (!key.startsWith('import:')) return false;
  return !key.slice(key.lastIndexOf('#') + 1).includes('.');
}

/** Local keys whose members can be followed through an alias of their base (`class:S.sqs`, `id:sqs@12`). */
const MEMBER_BASES = /^(?:class|id):/u;

/** `class:S.sqs.jobs` when `class:S.sqs` stands for `import:./sqs#SqsPart`: `import:./sqs#SqsPart.jobs` (the longest aliased base). */
function memberOfAlias(key: ConstructKey, aliases: Readonly<Record<ConstructKey, ConstructKey>>): ConstructKey | undefined {
  if (!MEMBER_BASES.test(key)) return undefined;
  for (let dot = key.lastIndexOf('.'); dot > 0; dot = key.lastIndexOf('.', dot - 1)) {
    const target = aliases[key.slice(0, dot)];
    if (target !== undefined) return `${target}${key.slice(dot)}`;
  }
  return undefined;
}

/** A duration settled from the calls that give it (`absent`: every call leaves it unset), or why it is not. */
export type Settled = { seconds: number | 'absent' } | { why: string };

/** Whether a call gives a construct, a property's construct or a string (what handler paths are filled from). */
function informative(site: CallSiteFact): boolean {
  return [...site.args, ...Object.values(site.keywords ?? {})].some((a) => a.key !== undefined || a.values !== undefined || (a.props !== undefined && Object.keys(a.props).length > 0));
}

/** A string an argument gives (`CallSiteFact` values). */
export type ArgumentValue = { text: string; absolute?: true };

/**
 * One call of a callable (see \`KeyResolver.paramValues\`): the file it is in, what it gives for
 * each key, and, for a \`new\` of a class, the instance it makes (\`<file>#<key>\`, as \`resolveThrough\` names it).
 */
export interface ParamCall {
  file: string;
  values: (ArgumentValue | undefined)[];
  instance?: GlobalKey;
}

export class KeyResolver {
  private sitesByCallee: Map<GlobalKey, { file: string; site: CallSiteFact }[]> | undefined;
  private tfModules: Map<string, string[]> | undefined;

  constructor(
    private readonly files: ReadonlyMap<string, FileFacts>,
    private readonly factsOf: (file: string) => FileFacts | undefined,
    private readonly modules: ModuleResolver,
  ) {}

  resolve(file: string, key: ConstructKey | undefined): GlobalKey[] {
    return key === undefined ? [] : [...new Set(this.follow(file, key, 0, new Set()))];
  }

  /**
   * What \`resolve\` finds, each with the instance of one of the project's classes it was reached
   * through (\`<file>#<key>\` of the binding or field the instance is stored in, or of its \`new\`),
   * when it was: \`x.function\` where \`const x = new Instrumented(…)\` reaches the class's
   * \`function\` through \`x\`. A key the class's own code writes (\`this.function\`) is reached through none.
   */
  resolveThrough(file: string, key: ConstructKey | undefined): { key: GlobalKey; via: GlobalKey | undefined }[] {
    if (key === undefined) return [];
    // The instance each key ends the walk through (a key some branches return without ending there has none).
    const sink = new Map<GlobalKey, GlobalKey | undefined>();
    this.viaSink = sink;
    try {
      return [...new Set(this.follow(file, key, 0, new Set()))].map((k) => ({ key: k, via: sink.get(k) }));
    } finally {
      this.viaSink = undefined;
    }
  }

  private viaSink: Map<GlobalKey, GlobalKey | undefined> | undefined;

  private follow(file: string, key: ConstructKey, depth: number, seen: Set<GlobalKey>, via?: GlobalKey): GlobalKey[] {
    const global = `${file}#${key}`;
    if (depth > MAX_DEPTH || seen.has(global)) return [];
    seen.add(global);
    const facts = this.factsOf(file);
    if (!facts) return [];
    const alias = facts.infra.aliases[key];
    // A binding or field that holds an instance of a class (\`this.acl = new Acl(…)\`): the instance.
    if (alias !== undefined) return this.follow(file, alias, depth + 1, seen, via ?? (isClassRef(alias) ? global : undefined));
    // A member of a field or constant that stands for another key (`this.sqs.jobs` where
    // `this.sqs = new SqsPart(…)` or `= props.sqs`): that key's member.
    const member = memberOfAlias(key, facts.infra.aliases);
    if (member !== undefined) {
      return this.follow(file, member, depth + 1, seen, via ?? this.instanceBase(file, key, facts.infra.aliases));
    }
    if (key.startsWith('import:')) {
      const target = this.importTarget(file, key);
      return target ? this.follow(target.file, target.key, depth + 1, seen, via) : [];
    }
    if (key.startsWith('inst:')) {
      const dot = key.lastIndexOf('.');
      // `inst:<class>@@<instance>.<member>`: a member of the instance a \`new\` of this file makes.
      const ref = key.slice('inst:'.length, dot);
      const at = ref.indexOf(INSTANCE_MARK);
      const cls = this.classOf(file, at < 0 ? ref : ref.slice(0, at));
      const instance = at < 0 ? undefined : `${file}#${ref.slice(at + INSTANCE_MARK.length)}`;
      return cls ? this.follow(cls.file, `${cls.key}.${key.slice(dot + 1)}`, depth + 1, seen, via ?? instance) : [];
    }
    const param = parseParam(file, key);
    if (param) {
      const out: GlobalKey[] = [];
      for (const { file: siteFile, site } of this.sites().get(param.callee) ?? []) {
        const argKey = argumentKey(site, param);
        if (argKey !== undefined) out.push(...this.follow(siteFile, argKey, depth + 1, new Set(seen), via));
      }
      return out;
    }
    // A Terraform address names a resource of any file of the module (the folder).
    if (key.startsWith(TF_KEY_PREFIX)) return this.moduleFiles(file).map((f) => `${f}#${key}`);
    // An address a module call's caller passed in: the caller's.
    if (key.startsWith(TF_CALLER_PREFIX)) {
      const hash = key.indexOf('#');
      return hash < 0 ? [] : this.follow(key.slice(TF_CALLER_PREFIX.length, hash), key.slice(hash + 1), depth + 1, seen);
    }
    if (key.startsWith(TF_OUTPUT_PREFIX)) return this.moduleOutput(file, key, depth, seen);
    // A Serverless function defined in its own module names resources of its service.
    if (key.startsWith(SERVICE_KEY_PREFIX)) {
      const service = this.serviceFileOf(file);
      return service ? this.follow(service, key.slice(SERVICE_KEY_PREFIX.length), depth + 1, seen) : [];
    }
    if (this.viaSink && !this.viaSink.has(global)) this.viaSink.set(global, via);
    return [global];
  }

  /** For a member key (\`class:S.acl.function\`), the longest base that holds an instance of a class (\`class:S.acl\`), as a global key. */
  private instanceBase(file: string, key: ConstructKey, aliases: Readonly<Record<ConstructKey, ConstructKey>>): GlobalKey | undefined {
    for (let dot = key.lastIndexOf('.'); dot > 0; dot = key.lastIndexOf('.', dot - 1)) {
      const target = aliases[key.slice(0, dot)];
      if (target !== undefined) return isClassRef(target) ? `${file}#${key.slice(0, dot)}` : undefined;
    }
    return undefined;
  }

  /**
   * Every call of the callable that `param:` keys of `file` belong to (one function, constructor
   * or method), with the string each passes for each key: a literal, a path, or what the caller
   * itself was given for a parameter it forwards (for a single key). `undefined` when the keys
   * belong to different callables.
   */
  paramValues(file: string, keys: readonly ConstructKey[], depth = 0): ParamCall[] | undefined {
    const parsed = keys.map((k) => parseParam(file, k));
    const first = parsed[0];
    if (!first || parsed.some((p) => p?.callee !== first.callee) || depth > 4) return undefined;
    const params = parsed as ParamRef[];
    const out: ParamCall[] = [];
    for (const { file: siteFile, site } of this.sites().get(first.callee) ?? []) {
      // A call that gives nothing the files record says nothing of the handler's path either.
      if (!informative(site)) continue;
      const values = params.map((p) => argumentOf(site, p)?.values?.[p.path]);
      // `createLambda(props.entry)` inside another helper: what that helper's callers give.
      const only = params.length === 1 ? params[0] : undefined;
      if (only && values[0] === undefined) {
        const forwarded = argumentKey(site, only);
        const outer = forwarded?.startsWith('param:') ? this.paramValues(siteFile, [forwarded], depth + 1) : undefined;
        if (outer && outer.length > 0) {
          out.push(...outer);
          continue;
        }
      }
      // The instance a \`new\` makes (one of a helper forwarding its parameter stands for all its callers': none).
      out.push({ file: siteFile, values, ...(site.instance === undefined ? {} : { instance: `${siteFile}#${site.instance}` }) });
    }
    return out;
  }

  /**
   * The seconds a duration taken from a parameter comes to (`timeout: Duration.seconds(timeout)`
   * in a construct or helper of `file`): what every call of the callable gives, or its default for
   * a call that gives nothing; `absent` when every call leaves the setting unset. Otherwise why not:
   * no call is found, a call gives something not evaluated here, or calls disagree (the calls'
   * instances are not told apart: one fact stands for them all).
   */
  paramSeconds(file: string, setting: ParamSetting, depth = 0): Settled {
    const param = parseParam(file, setting.key);
    if (!param || depth > 4) return { why: `\`${setting.name}\` is a parameter lambda-lint does not follow this far` };
    const sites = this.sites().get(param.callee) ?? [];
    if (sites.length === 0) return { why: `it is given by \`${setting.name}\`, and no call of its construct or helper was found` };
    const seen = new Set<number | 'absent'>();
    for (const { file: siteFile, site } of sites) {
      const given = this.givenSeconds(siteFile, site, param, setting, depth);
      if ('why' in given) return given;
      seen.add(given.seconds);
    }
    const [only, ...others] = [...seen];
    if (only === undefined || others.length > 0) {
      const shown = [...seen].map((v) => (v === 'absent' ? 'unset' : `${v} s`)).join(', ');
      return { why: `it is given by \`${setting.name}\`, and the calls give different values (${shown}), whose instances lambda-lint does not tell apart yet` };
    }
    return { seconds: only };
  }

  /** What one call gives for a duration parameter (see `paramSeconds`). */
  private givenSeconds(siteFile: string, site: CallSiteFact, param: ParamRef, setting: ParamSetting, depth: number): Settled {
    const notGiven: Settled =
      setting.default !== undefined ? { seconds: setting.default } : setting.unsetIfNotGiven ? { seconds: 'absent' } : { why: `it is given by \`${setting.name}\`, which a call leaves out` };
    const unknownAt = (why: string): Settled => ({ why: `it is given by \`${setting.name}\`, and a call (${path.basename(siteFile)}) ${why}` });
    const arg = argumentOf(site, param);
    // A props object not given at all (`new Worker(this, 'W')`): `props.timeout` would not be read from it.
    if (!arg) return site.open ? unknownAt('spreads its arguments') : param.path !== '' ? unknownAt('gives no props object') : notGiven;
    const number = arg.numbers?.[param.path];
    const seconds = setting.scale === undefined ? arg.seconds?.[param.path] : number === undefined ? undefined : number * setting.scale;
    if (seconds !== undefined) return { seconds };
    if (param.path !== '' && arg.given !== undefined && !arg.given.includes(param.path)) return notGiven;
    // Forwarded from a parameter of the caller (`new Worker(this, 'W', { timeout: props.timeout })`): what its calls give.
    const forwarded = argumentKey(site, param);
    if (forwarded?.startsWith('param:')) return this.paramSeconds(siteFile, { key: forwarded, name: setting.name, ...(setting.scale !== undefined ? { scale: setting.scale } : {}) }, depth + 1);
    return unknownAt(arg.given === undefined && param.path !== '' ? 'gives an object lambda-lint cannot read whole' : 'gives a value lambda-lint cannot evaluate');
  }

  /** The Serverless service file (serverless.ts, serverless.yml, …) nearest above `file`, among the project's files. */
  serviceFileOf(file: string): string | undefined {
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      const found = SERVICE_FILES.map((name) => path.join(dir, name)).find((f) => this.files.has(f));
      if (found) return found;
      if (path.dirname(dir) === dir) return undefined;
    }
  }

  /**
   * `module.<name>.<output>` written in `file`: for a call of a module of the repository, what
   * that output names in the call's instance; for terraform-aws-modules/lambda, its function.
   */
  private moduleOutput(file: string, key: ConstructKey, depth: number, seen: Set<GlobalKey>): GlobalKey[] {
    const m = /^((?:[^/]*\/)*)([^/.]+)\.([^/.]+)$/u.exec(key.slice(TF_OUTPUT_PREFIX.length));
    if (!m) return [];
    const [, prefix = '', name = '', output = ''] = m;
    const siblings = this.moduleFiles(file);
    const call = siblings.flatMap((f) => this.factsOf(f)?.infra.tfModuleCalls ?? []).find((c) => c.name === name && c.prefix === prefix);
    if (call) {
      const childDir = path.resolve(path.dirname(file), call.source);
      const outputKey = `${instancePrefix(callerPrefix(prefix, file), name)}${output}`;
      for (const child of this.moduleFiles(path.join(childDir, '_.tf'))) {
        const target = this.factsOf(child)?.infra.tfOutputs?.[outputKey];
        if (target !== undefined) return this.follow(child, target, depth + 1, seen);
      }
      return [];
    }
    return LAMBDA_MODULE_FUNCTION_OUTPUT.test(output) ? siblings.map((f) => `${f}#${TF_KEY_PREFIX}${prefix}module.${name}`) : [];
  }

  /** The `.tf` files of the folder of `file` (one Terraform module). */
  private moduleFiles(file: string): string[] {
    this.tfModules ??= groupModules(this.files.keys());
    return this.tfModules.get(path.dirname(file)) ?? [file];
  }

  /** `import:<module>#<name>[.<member>…]` → the exporting file and its local key. */
  private importTarget(file: string, key: ConstructKey): { file: string; key: ConstructKey } | undefined {
    const hash = key.lastIndexOf('#');
    const module = key.slice('import:'.length, hash);
    const [name, ...members] = key.slice(hash + 1).split('.');
    if (name === undefined) return undefined;
    const target = this.modules.resolve(module, file);
    const exported = target ? this.exported(target, name, 0) : undefined;
    if (!exported) return undefined;
    if (members.length === 0) return exported;
    // A field of an exported class (an instance's, `import:./sqs#SqsPart.jobs`): the class's field.
    // Members of other exported values (`shared.jobs`) are not followed: the value could be anything.
    return exported.key.startsWith('class:') ? { file: exported.file, key: `${exported.key}.${members.join('.')}` } : undefined;
  }

  /** The file and local key of what `file` exports as `name` (through `export … from`). */
  exportedKey(file: string, name: string): { file: string; key: ConstructKey } | undefined {
    return this.exported(file, name, 0);
  }

  private exported(file: string, name: string, depth: number): { file: string; key: ConstructKey } | undefined {
    const origin = this.exportOrigin(file, name, depth);
    return 'defined' in origin ? { file: origin.defined.file, key: origin.key } : undefined;
  }

  /**
   * Where `file`'s export `name` is defined: the module and the name it has there, through
   * `export { a as b } from`, `export { default as x } from` and `export *`, at any depth. When it
   * is not found, whether that is certain: every export of the file and of the modules it
   * re-exports is known (no `module.exports = make()`, no re-export from a package or a module
   * that cannot be read), with the names the file does export.
   */
  exportOrigin(file: string, name: string, depth = 0): ExportOrigin {
    const facts = depth > MAX_DEPTH ? undefined : this.factsOf(file);
    if (!facts) return { unreadable: file };
    const local = facts.exports.names[name];
    if (local !== undefined) return { defined: { file, name }, key: local };
    let open = facts.exports.open === true;
    for (const re of facts.exports.reexports) {
      const inner = re.names === '*' ? name : re.names[name];
      if (inner === undefined) continue;
      const target = this.modules.resolve(re.specifier, file);
      const found = target === undefined ? undefined : this.exportOrigin(target, inner, depth + 1);
      if (found && 'defined' in found) return found;
      if (!found || 'unreadable' in found || !found.missing.certain) open = true;
    }
    const exported = [...Object.keys(facts.exports.names), ...facts.exports.reexports.flatMap((re) => (re.names === '*' ? [] : Object.keys(re.names)))];
    return { missing: { file, certain: !open, exported: [...new Set(exported)] } };
  }

  /** A class reference (`class:Name` here, or `import:…#Name`) → the file and `class:Name`. */
  private classOf(file: string, ref: ConstructKey): { file: string; key: ConstructKey } | undefined {
    if (ref.startsWith('class:')) return { file, key: ref };
    if (ref.startsWith('import:')) {
      const target = this.importTarget(file, ref);
      return target?.key.startsWith('class:') ? target : undefined;
    }
    return undefined;
  }

  /** Every call site in the project, by the global key of the class or function it calls. */
  private sites(): Map<GlobalKey, { file: string; site: CallSiteFact }[]> {
    if (this.sitesByCallee) return this.sitesByCallee;
    const map = new Map<GlobalKey, { file: string; site: CallSiteFact }[]>();
    for (const [file, facts] of this.files) {
      for (const site of facts.infra.callSites) {
        let target: { file: string; key: ConstructKey } | undefined;
        if (site.callee.startsWith('import:')) target = this.importTarget(file, site.callee);
        else target = { file, key: site.callee };
        if (!target) continue;
        const global = `${target.file}#${target.key}`;
        const list = map.get(global) ?? [];
        list.push({ file, site });
        map.set(global, list);
      }
    }
    this.sitesByCallee = map;
    return map;
  }
}

function groupModules(files: Iterable<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of files) {
    if (path.extname(file) !== '.tf') continue;
    const dir = path.dirname(file);
    const list = out.get(dir) ?? [];
    list.push(file);
    out.set(dir, list);
  }
  return out;
}
