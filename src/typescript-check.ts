/**
 * TypeScript is a required peer: the parser (typescript-eslint 8) loads the project's copy, and
 * supports only the range in our package.json. Without it, or with another major version (npm's
 * `latest` is TypeScript 7, which typescript-eslint 8 cannot drive), both front-ends would crash
 * deep inside the parser; this says what to install instead, before anything loads it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { TYPESCRIPT_RANGE } from './version.js';

export { TYPESCRIPT_RANGE };

interface PackageJson {
  version?: string;
}

/**
 * Why the TypeScript the parser would load cannot be used, or `undefined` when it can. `from`: where
 * the parser is resolved from (lambda-lint's own location by default).
 */
export function typescriptProblem(from: string | URL = import.meta.url): string | undefined {
  let version: string | undefined;
  let where: string;
  try {
    const parser = createRequire(from).resolve('@typescript-eslint/typescript-estree');
    where = createRequire(parser).resolve('typescript/package.json');
    version = (JSON.parse(readFileSync(where, 'utf8')) as PackageJson).version;
  } catch {
    return `lambda-lint needs TypeScript ${TYPESCRIPT_RANGE} installed next to it (its parser, typescript-eslint 8, loads the project's copy), and none was found. Install it: npm install --save-dev typescript@"${TYPESCRIPT_RANGE}"`;
  }
  if (version !== undefined && inRange(version, TYPESCRIPT_RANGE)) return undefined;
  return `lambda-lint needs TypeScript ${TYPESCRIPT_RANGE} (the versions its parser, typescript-eslint 8, supports), but found ${version ?? 'a copy without a version'} at ${where}. Install a supported one: npm install --save-dev typescript@"${TYPESCRIPT_RANGE}"`;
}

/** Throws the problem (for the ESLint plugin, where ESLint reports it as the plugin's load error). */
export function assertTypeScript(): void {
  const problem = typescriptProblem();
  if (problem) throw new Error(problem);
}

/** Whether `version` satisfies a range of `>=`/`<`/`<=`/`>` comparators (what our package.json uses). Prereleases count as their release. */
export function inRange(version: string, range: string): boolean {
  const v = parse(version);
  if (!v) return false;
  const comparators = range.trim().split(/\s+/u);
  if (comparators.length === 0 || comparators[0] === '') return false;
  return comparators.every((c) => {
    const m = /^(>=|<=|>|<)(.+)$/u.exec(c);
    const bound = m ? parse(m[2] as string) : undefined;
    if (!m || !bound) return false;
    const order = compare(v, bound);
    switch (m[1]) {
      case '>=':
        return order >= 0;
      case '>':
        return order > 0;
      case '<=':
        return order <= 0;
      default:
        return order < 0;
    }
  });
}

function parse(version: string): [number, number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)/u.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if ((a[i] as number) !== (b[i] as number)) return (a[i] as number) - (b[i] as number);
  return 0;
}
