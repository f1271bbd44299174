/**
 * Keeps the rule set consistent: every rule has a source file, an index entry, a docs page and a
 * test file under the same name, well-formed metadata, and a place in the configs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { ruleModules } from '../src/rules/index.js';
import { withDefaults } from '../src/util/create-rule.js';

const root = path.resolve(import.meta.dirname, '..');
const names = (dir: string, suffix: string): string[] =>
  readdirSync(path.join(root, dir))
    .filter((f) => f.endsWith(suffix))
    .map((f) => f.slice(0, -suffix.length))
    .sort();

describe('the rule set', () => {
  const ids = Object.keys(ruleModules).sort();

  it('has one source file per rule in the index', () => {
    expect(names('src/rules', '.ts').filter((n) => n !== 'index')).toEqual(ids);
  });

  it('has one docs page per rule', () => {
    expect(names('docs/rules', '.md')).toEqual(ids);
  });

  it('has one test file per rule', () => {
    expect(names('test/rules', '.test.ts')).toEqual(ids);
  });

  it('exposes every rule through the plugin', () => {
    expect(Object.keys(plugin.rules).sort()).toEqual(ids);
  });

  it('lists every rule in the README', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const id of ids) expect(readme).toContain(`[${id}](docs/rules/${id}.md)`);
  });
});

describe.each(Object.entries(ruleModules))('rule %s', (id, module) => {
  const { meta } = module.default;

  it('declares type, description, messages and schema', () => {
    expect(['problem', 'suggestion', 'layout']).toContain(meta.type);
    expect(meta.docs?.description).toMatch(/^(Require|Disallow|Enforce) /u);
    expect(Object.keys(meta.messages).length).toBeGreaterThan(0);
    expect(meta.schema).toBeDefined();
  });

  it('links its docs page', () => {
    expect(meta.docs?.url).toBe(`https://github.com/lambda-lint/lambda-lint/blob/main/docs/rules/${id}.md`);
  });

  it('is in the strict config, and in recommended when its docs say so', () => {
    expect(plugin.configs.strict.rules?.[`lambda-lint/${id}`]).toBe('error');
    const recommended = meta.docs?.recommended;
    expect(plugin.configs.recommended.rules?.[`lambda-lint/${id}`]).toBe(recommended);
  });

  it('declares hasSuggestions exactly when its messages include a suggestion text', () => {
    const source = readFileSync(path.join(root, 'src/rules', `${id}.ts`), 'utf8');
    const offersSuggestions = /suggestions:\s*\[/u.test(source);
    expect(Boolean(meta.hasSuggestions)).toBe(offersSuggestions);
  });

  it('has a docs page with the sections users look for', () => {
    const doc = readFileSync(path.join(root, 'docs/rules', `${id}.md`), 'utf8');
    expect(doc).toContain(`# lambda-lint/${id}`);
    expect(doc).toContain('## Examples');
    expect(doc).toContain('### ❌ Incorrect');
    expect(doc).toContain('### ✅ Correct');
    expect(doc).toContain('## When not to use it');
  });
});

describe('the plugin object', () => {
  it('has meta with the package name and version', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version });
  });

  it('names its flat configs', () => {
    expect(plugin.configs.recommended.name).toBe('lambda-lint/recommended');
    expect(plugin.configs.strict.name).toBe('lambda-lint/strict');
  });
});

describe('rule options', () => {
  it('merge what is given over the defaults, objects key by key, arrays whole', () => {
    const defaults = [{ sideEffects: ['a'], guards: [], nested: { x: 1, y: 2 } }, 'mode'] as const;
    expect(withDefaults(defaults, undefined)).toEqual(defaults);
    expect(withDefaults(defaults, [{ guards: ['g'], nested: { y: 3 } }])).toEqual([{ sideEffects: ['a'], guards: ['g'], nested: { x: 1, y: 3 } }, 'mode']);
    expect(withDefaults(defaults, [undefined, 'other'])).toEqual([defaults[0], 'other']);
  });

  it('never share a default between two uses', () => {
    const defaults = [{ list: [] as string[] }] as const;
    const first = withDefaults(defaults, []);
    first[0].list.push('changed');
    expect(withDefaults(defaults, [])[0].list).toEqual([]);
  });
});

describe('loading the rules', () => {
  it('loads nothing of ESLint (the CLI runs without it)', async () => {
    const { execFileSync } = await import('node:child_process');
    const script = `await import('./dist/rules/index.js'); await import('./dist/cli/cli.js');
      const loaded = Object.keys((await import('node:module')).createRequire(import.meta.url).cache);
      console.log(JSON.stringify(loaded.filter((f) => /node_modules\\/(eslint|@typescript-eslint\\/utils)\\//.test(f))));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([]);
  });
});
