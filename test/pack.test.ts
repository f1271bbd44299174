/**
 * What `npm pack` ships: the license, the front-ends and their docs, nothing of the repository
 * besides, no build output without its source, and source maps that carry their sources (the
 * `.ts` files are not shipped, so a map that only points at them would dangle).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleModules } from '../src/rules/index.js';
import { ROOT } from './helpers/cli.js';

interface Packed {
  files: { path: string }[];
}

describe('npm pack', () => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const packed = JSON.parse(execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as Packed[];
  const files = new Set((packed[0] as Packed).files.map((f) => f.path));

  it('ships the license, the README, the entry points and every rule doc', () => {
    for (const file of ['LICENSE', 'README.md', 'package.json', 'bin/lambda-lint.js', 'dist/index.js', 'dist/index.d.ts', 'dist/api.js', 'dist/api.d.ts', 'dist/cli/worker.js', 'docs/ci.md', 'docs/dialects.md']) {
      expect(files.has(file), file).toBe(true);
    }
    for (const id of Object.keys(ruleModules)) expect(files.has(`docs/rules/${id}.md`), id).toBe(true);
    expect(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toContain('Apache License');
  });

  it('ships nothing else of the repository, and no build output whose source is gone', () => {
    const outside = [...files].filter((f) => !/^(?:bin|dist|docs)\//u.test(f) && !['LICENSE', 'README.md', 'package.json'].includes(f));
    expect(outside).toEqual([]);
    const stale = [...files].filter((f) => f.startsWith('dist/') && f.endsWith('.js')).filter((f) => !existsSync(path.join(ROOT, 'src', f.slice('dist/'.length).replace(/\.js$/u, '.ts'))));
    expect(stale).toEqual([]);
  });

  it('ships source maps that carry their sources, one for every script that names one', () => {
    const scripts = [...files].filter((f) => f.startsWith('dist/') && f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(50);
    for (const script of scripts) {
      const mapName = /\/\/# sourceMappingURL=(\S+)\s*$/u.exec(readFileSync(path.join(ROOT, script), 'utf8'))?.[1];
      if (mapName === undefined) continue;
      const mapFile = path.posix.join(path.posix.dirname(script), mapName);
      expect(files.has(mapFile), mapFile).toBe(true);
      const map = JSON.parse(readFileSync(path.join(ROOT, mapFile), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      expect(map.sourcesContent?.length, mapFile).toBe(map.sources.length);
      expect(map.sourcesContent?.every((s) => typeof s === 'string' && s.length > 0), mapFile).toBe(true);
    }
  });
});
