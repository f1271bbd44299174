/**
 * TypeScript is a required peer in a supported range: a missing or unsupported copy is reported
 * by name and range, before the parser loads it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inRange, TYPESCRIPT_RANGE, typescriptProblem } from '../src/typescript-check.js';
import { ROOT } from './helpers/cli.js';

/** A folder with a parser package and, perhaps, a TypeScript of `version` next to it. */
function install(version: string | undefined): URL {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-ts-'));
  const estree = path.join(dir, 'node_modules/@typescript-eslint/typescript-estree');
  mkdirSync(estree, { recursive: true });
  writeFileSync(path.join(estree, 'package.json'), JSON.stringify({ name: '@typescript-eslint/typescript-estree', version: '8.0.0', main: 'index.js' }));
  writeFileSync(path.join(estree, 'index.js'), '');
  if (version !== undefined) {
    const ts = path.join(dir, 'node_modules/typescript');
    mkdirSync(ts, { recursive: true });
    writeFileSync(path.join(ts, 'package.json'), JSON.stringify({ name: 'typescript', version }));
  }
  return pathToFileURL(path.join(dir, 'lambda-lint.js'));
}

describe('the TypeScript peer', () => {
  it('is the range package.json declares, required (not optional)', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string>; peerDependenciesMeta?: Record<string, unknown> };
    expect(TYPESCRIPT_RANGE).toBe(pkg.peerDependencies['typescript']);
    expect(pkg.peerDependenciesMeta?.['typescript']).toBeUndefined();
  });

  it('accepts the installed copy', () => {
    expect(typescriptProblem()).toBeUndefined();
  });

  it('names the range and the copy found when it is out of range, and says so when it is missing', () => {
    expect(typescriptProblem(install('6.0.3'))).toBeUndefined();
    expect(typescriptProblem(install('4.8.4'))).toBeUndefined();
    const seven = typescriptProblem(install('7.0.1'));
    expect(seven).toContain(`needs TypeScript ${TYPESCRIPT_RANGE}`);
    expect(seven).toContain('found 7.0.1');
    expect(seven).toContain(`npm install --save-dev typescript@"${TYPESCRIPT_RANGE}"`);
    expect(typescriptProblem(install('4.7.4'))).toContain('found 4.7.4');
    expect(typescriptProblem(install(undefined))).toContain('none was found');
  });

  it('reads ranges as npm does for releases', () => {
    expect(inRange('6.0.3', '>=4.8.4 <6.1.0')).toBe(true);
    expect(inRange('6.1.0', '>=4.8.4 <6.1.0')).toBe(false);
    expect(inRange('6.1.0-dev.20261201', '>=4.8.4 <6.1.0')).toBe(false);
    expect(inRange('5.9.2', '>5.9.2')).toBe(false);
    expect(inRange('5.9.2', '<=5.9.2')).toBe(true);
    expect(inRange('x', '>=1.0.0')).toBe(false);
    expect(inRange('1.0.0', '^1.0.0')).toBe(false);
  });

  it('stops the CLI with that message and exit code 2, before anything loads the parser', () => {
    const at = path.dirname(new URL(install('7.0.1')).pathname);
    const pkg = path.join(at, 'node_modules/lambda-lint');
    for (const part of ['bin', 'dist', 'package.json']) cpSync(path.join(ROOT, part), path.join(pkg, part), { recursive: true });
    const r = spawnSync(process.execPath, [path.join(pkg, 'bin/lambda-lint.js'), '.'], { cwd: at, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`lambda-lint needs TypeScript ${TYPESCRIPT_RANGE} (the versions its parser, typescript-eslint 8, supports), but found 7.0.1 at ${path.join(at, 'node_modules/typescript/package.json')}. Install a supported one: npm install --save-dev typescript@"${TYPESCRIPT_RANGE}"\n`);
  });
});
