/**
 * Zip archives the project's own build makes, for a function whose code is such an artifact
 * uploaded elsewhere (`GuLambdaFunction`'s `fileName: 'ingest.zip'`): the `zip` commands of its
 * GitHub Actions steps (`run`, in the step's or the job's `working-directory`) and of its
 * package.json scripts (in the package's folder). Only literal commands are read: an archive or
 * an input with a variable or a glob is not.
 */
import path from 'node:path';
import { parse } from 'yaml';

/** One `zip` command: where it runs, what it packs, and how. */
export interface ZipRecipe {
  /** The folder the command runs in (inputs are relative to it). */
  cwd: string;
  /** The inputs as written. */
  inputs: string[];
  /** `-j`: files are stored by their name alone. */
  junk: boolean;
  /** Where the command is written (for `--print-graph`). */
  file: string;
}

const WORKFLOW = /(?:^|[/\\])\.github[/\\]workflows[/\\][^/\\]+\.ya?ml$/u;

/** Whether a file of the listing may hold build commands. */
export function mayHoldBuildCommands(file: string): boolean {
  return WORKFLOW.test(file) || path.basename(file) === 'package.json';
}

/** The `zip` recipes of the given files, by the archive's file name (`ingest.zip`). */
export function zipRecipes(files: readonly string[], readText: (file: string) => string | undefined): Map<string, ZipRecipe[]> {
  const out = new Map<string, ZipRecipe[]>();
  const add = (name: string, recipe: ZipRecipe): void => {
    out.set(name, [...(out.get(name) ?? []), recipe]);
  };
  for (const file of files) {
    if (!mayHoldBuildCommands(file)) continue;
    const text = readText(file);
    if (text === undefined || !text.includes('zip')) continue;
    const root = path.dirname(file);
    // A workflow runs from the repository's root: the folder above `.github/workflows`.
    const base = WORKFLOW.test(file) ? path.dirname(path.dirname(root)) : root;
    for (const { command, cwd } of commandsOf(file, text, base)) for (const zip of zipsOf(command, cwd)) add(zip.name, { ...zip.recipe, file });
  }
  return out;
}

/** Each shell command a file runs, with the folder it runs in. */
function commandsOf(file: string, text: string, base: string): { command: string; cwd: string }[] {
  let doc: unknown;
  try {
    doc = WORKFLOW.test(file) ? parse(text) : JSON.parse(text);
  } catch {
    return [];
  }
  const out: { command: string; cwd: string }[] = [];
  if (!isObject(doc)) return out;
  if (!WORKFLOW.test(file)) {
    const scripts = doc.scripts;
    if (isObject(scripts)) for (const value of Object.values(scripts)) if (typeof value === 'string') out.push({ command: value, cwd: base });
    return out;
  }
  const jobs = doc.jobs;
  if (!isObject(jobs)) return out;
  for (const job of Object.values(jobs)) {
    if (!isObject(job) || !Array.isArray(job.steps)) continue;
    const defaults = isObject(job.defaults) && isObject(job.defaults.run) ? job.defaults.run['working-directory'] : undefined;
    for (const step of job.steps) {
      if (!isObject(step) || typeof step.run !== 'string') continue;
      const dir = step['working-directory'] ?? defaults;
      if (dir !== undefined && (typeof dir !== 'string' || dir.includes('${{'))) continue;
      out.push({ command: step.run, cwd: dir === undefined ? base : path.resolve(base, dir) });
    }
  }
  return out;
}

/** The `zip` invocations of a command text (lines, `&&`, `;`), following `cd` between them. */
function zipsOf(text: string, start: string): { name: string; recipe: Omit<ZipRecipe, 'file'> }[] {
  const out: { name: string; recipe: Omit<ZipRecipe, 'file'> }[] = [];
  for (const line of text.split('\n')) {
    let cwd: string | undefined = start;
    for (const part of line.split(/&&|;|\|\|/u)) {
      const words = shellWords(part.replace(/^\s*\(/u, '').replace(/\)\s*$/u, ''));
      if (words === undefined || words.length === 0) continue;
      if (words[0] === 'cd') {
        const to = words[1];
        cwd = to === undefined || cwd === undefined || /[$*?`~]/u.test(to) ? undefined : path.resolve(cwd, to);
        continue;
      }
      if (words[0] !== 'zip' || cwd === undefined) continue;
      const zip = parseZip(words.slice(1), cwd);
      if (zip) out.push(zip);
    }
  }
  return out;
}

/** `zip [-options] archive[.zip] inputs…` (options with an argument, `-x`/`-i` lists, end the inputs). */
function parseZip(args: string[], cwd: string): { name: string; recipe: Omit<ZipRecipe, 'file'> } | undefined {
  let junk = false;
  let archive: string | undefined;
  const inputs: string[] = [];
  for (const arg of args) {
    if (arg === '-x' || arg === '-i' || arg === '--exclude' || arg === '--include') break;
    if (arg.startsWith('-') && archive === undefined) {
      if (!arg.startsWith('--') && arg.slice(1).includes('j')) junk = true;
      continue;
    }
    if (archive === undefined) archive = arg;
    else inputs.push(arg);
  }
  if (archive === undefined || inputs.length === 0 || [archive, ...inputs].some((a) => /[$*?`~{]/u.test(a))) return undefined;
  // zip adds `.zip` to an archive name without an extension.
  const name = path.extname(archive) === '' ? `${path.basename(archive)}.zip` : path.basename(archive);
  return { name, recipe: { cwd, inputs, junk } };
}

/** Words of a simple command, quotes removed; `undefined` for what a shell would expand. */
function shellWords(text: string): string[] | undefined {
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/gu;
  for (const m of text.matchAll(re)) words.push(m[1] ?? m[2] ?? (m[3] as string));
  return words;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The file of the archive's recipe that holds `modulePath` (`handler`: `handler.js` at the
 * archive's root) — a module path without extension, as the project resolves one. The inputs
 * are files or folders (stored under the path written, or by name alone with `-j`).
 */
export function fileInArchive(recipe: ZipRecipe, modulePath: string, isFolder: (p: string) => boolean): string | undefined {
  const normalized = path.posix.normalize(modulePath);
  for (const input of recipe.inputs) {
    const absolute = path.resolve(recipe.cwd, input);
    const stored = path.posix.normalize(input.split(path.sep).join('/')).replace(/^\.\//u, '');
    const withoutExt = (p: string): string => p.slice(0, p.length - path.posix.extname(p).length);
    if (recipe.junk) {
      if (!isFolder(absolute) && withoutExt(path.posix.basename(stored)) === normalized) return withoutExt(absolute);
      continue;
    }
    if (withoutExt(stored) === normalized && path.posix.extname(stored) !== '') return withoutExt(absolute);
    if (normalized.startsWith(`${stored}/`)) return path.resolve(recipe.cwd, normalized);
  }
  return undefined;
}
