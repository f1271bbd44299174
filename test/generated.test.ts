/**
 * The benchmark's generated monorepo as a test: a known mix of correct code and mistakes (in
 * TypeScript and Python handlers), where lambda-lint must report every generated mistake and
 * nothing else.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../bench/generate.mjs';
import { analyze } from '../src/api.js';

describe('a generated monorepo', () => {
  it.each([
    [120, 7],
    [250, 11],
  ])('of %i functions (seed %i): exactly the generated mistakes', async (n, seed) => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-generated-')), 'repo');
    const project = generate(dir, n, seed);
    const { results } = await analyze(['.'], { cwd: dir, config: { preset: 'strict' } });
    const found: Record<string, number> = {};
    for (const r of results) {
      for (const m of r.messages) {
        const id = (m.ruleId ?? 'fatal').replace('lambda-lint/', '');
        found[id] = (found[id] ?? 0) + 1;
      }
    }
    expect(Object.values(project.expected).reduce((a, b) => a + b, 0)).toBeGreaterThan(30);
    // A share of the services' handlers are Python modules, with the same generated mistakes.
    expect(project.pythonFunctions).toBeGreaterThan(5);
    expect(found).toEqual(project.expected);
  });
});
