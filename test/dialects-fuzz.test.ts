/**
 * Mutated templates, configurations, `.tf` files and Python CDK modules (seeded): whatever the damage, reading one
 * gives facts, a fatal message or "not a document" — never an exception — and the checks never
 * throw on the facts it gives.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPrepared, prepareFile, checkFile } from '../src/engine.js';
import { ruleModules } from '../src/rules/index.js';
import { random } from '../bench/generate.mjs';

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures/dialects');
const FILES = [
  'sam/template.yaml',
  'cloudformation/stack.template.json',
  'serverless/serverless.yml',
  'terraform/infra/functions.tf',
  'terraform/infra/ledger.tf',
  'terraform/infra/mappings.tf',
  // A CDK app in Python (lowered to the CDK reader's syntax tree).
  '../cdk-twins/python/stacks/orders_stack.py',
  '../cdk-twins/python/stacks/worker.py',
];

const SNIPPETS = ['!If [c, 1, 2]', '!Ref Missing', '{ "Fn::GetAtt": [] }', '[]', '{}', '-1', '""', 'null', '${var.x}', '"${self:custom.x}"', '&a', '*a', '#', '{', '}', '"', "'", ':', '- ', '<<EOF'];

function mutate(text: string, rand: () => number): string {
  const lines = text.split('\n');
  const pick = (): number => Math.floor(rand() * lines.length);
  const steps = 1 + Math.floor(rand() * 3);
  for (let s = 0; s < steps; s++) {
    const i = pick();
    const line = lines[i] ?? '';
    switch (Math.floor(rand() * 6)) {
      case 0:
        lines.splice(i, 1);
        break;
      case 1:
        lines.splice(i, 0, line);
        break;
      case 2:
        lines[i] = `${' '.repeat(Math.floor(rand() * 6))}${line.trimStart()}`;
        break;
      case 3: {
        const colon = line.indexOf(':');
        const eq = line.indexOf('=');
        const at = colon >= 0 ? colon + 1 : eq >= 0 ? eq + 1 : line.length;
        lines[i] = `${line.slice(0, at)} ${SNIPPETS[Math.floor(rand() * SNIPPETS.length)] ?? ''}`;
        break;
      }
      case 4: {
        const at = Math.floor(rand() * (line.length + 1));
        lines[i] = line.slice(0, at) + (SNIPPETS[Math.floor(rand() * SNIPPETS.length)] ?? '') + line.slice(at);
        break;
      }
      default:
        lines.length = Math.max(1, pick());
        break;
    }
  }
  return lines.join('\n');
}

const ALL_RULES = new Map(Object.keys(ruleModules).map((id) => [id, 2 as const]));

describe('mutated dialect files', () => {
  it.each(FILES)('%s: 300 mutations, each read and checked without an exception', (rel) => {
    const file = path.join(FIXTURES, rel);
    const text = readFileSync(file, 'utf8');
    const rand = random(rel.length * 7919);
    const kinds = { facts: 0, fatal: 0, skip: 0 };
    for (let n = 0; n < 300; n++) {
      const mutated = mutate(text, rand);
      const prepared = prepareFile(file, mutated);
      if (prepared === undefined) {
        kinds.skip++;
        continue;
      }
      if (!isPrepared(prepared)) {
        expect(prepared.messages[0]?.fatal).toBe(true);
        expect(prepared.messages[0]?.message).not.toMatch(/Internal error/u);
        kinds.fatal++;
        continue;
      }
      kinds.facts++;
      expect(() => checkFile(prepared, ALL_RULES)).not.toThrow();
    }
    // The mutations reach both outcomes: most still parse, some do not.
    expect(kinds.facts).toBeGreaterThan(20);
    expect(kinds.fatal + kinds.skip).toBeGreaterThan(0);
  }, 120_000);
});
