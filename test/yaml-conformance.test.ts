/**
 * Templates that AWS accepts must parse: our YAML reader held against PyYAML (what SAM CLI and
 * cfn-lint read templates with) on a set of tricky templates written for the purpose, each also
 * with CRLF line ends, and two generated ones with very long lines. Same acceptance, same values;
 * where CloudFormation itself is documented to reject a feature, the difference is named below.
 * JSON templates are held against Python's json module (CloudFormation reads JSON as JSON).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryOf, getPath, parseYamlTree, type TNode } from '../src/dialects/yaml/yaml-tree.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures/yaml-conformance');

/**
 * Short tags as their long forms (`!Sub x` is `{"Fn::Sub": x}`), on any node; JSON's values, with
 * non-finite floats and dates (a timestamp stays its text: CloudFormation has no timestamp type)
 * spelled so that JSON can carry them.
 */
const ORACLE = String.raw`
import datetime, json, math, sys, yaml
class Loader(yaml.SafeLoader):
    pass
LONG = {"Ref": "Ref", "Condition": "Condition"}
def intrinsic(loader, suffix, node):
    name = LONG.get(suffix, "Fn::" + suffix)
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}
Loader.add_multi_constructor("!", intrinsic)
def plain(v):
    if isinstance(v, float) and not math.isfinite(v):
        return {"$float": str(v)}
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    if isinstance(v, dict):
        return {("true" if k is True else "false" if k is False else "null" if k is None else str(k)): plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    return v
out = {}
for name in sys.argv[1:]:
    with open(name, "rb") as f:
        text = f.read().decode("utf-8")
    try:
        value = json.loads(text) if name.endswith(".json") else yaml.load(text, Loader=Loader)
        out[name] = {"ok": True, "value": plain(value)}
    except Exception as error:
        out[name] = {"ok": False, "error": str(error).splitlines()[0]}
print(json.dumps(out))
`;

/** Our tree as the same plain values: the last of duplicate keys wins, as in PyYAML. */
function plain(node: TNode | undefined): unknown {
  if (node === undefined) return null;
  switch (node.kind) {
    case 'scalar':
      return typeof node.value === 'number' && !Number.isFinite(node.value) ? { $float: Number.isNaN(node.value) ? 'nan' : node.value > 0 ? 'inf' : '-inf' } : node.value;
    case 'seq':
      return node.items.map(plain);
    case 'intrinsic':
      return { [node.fn]: plain(node.arg) };
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) out[e.key] = plain(e.value);
      return out;
    }
  }
}

/** Where CloudFormation is documented to reject a feature PyYAML has, and our reader differs. */
const DOCUMENTED: Readonly<Record<string, string>> = {
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html (YAML):
  // "doesn't support … Hash merges". PyYAML merges `<<`; our reader keeps it as a key.
  'merges.yaml': 'hash merges',
  // "doesn't support … Aliases": PyYAML rejects an anchor defined twice; our reader lets the
  // later one name the node for the aliases after it, as YAML 1.2 does (the Serverless Framework's
  // reader too).
  'anchors-redefined.yaml': 'aliases',
};

const documented = (name: string): string | undefined => DOCUMENTED[name.replace('.crlf', '')];

function cases(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const name of readdirSync(FIXTURES).sort()) {
    const text = readFileSync(path.join(FIXTURES, name), 'utf8');
    out.push({ name, text });
    out.push({ name: name.replace(/\.(\w+)$/u, '.crlf.$1'), text: text.replace(/\r?\n/gu, '\r\n') });
  }
  const head = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n';
  out.push({ name: 'long-flow-line.yaml', text: `${head}      Tags: {${Array.from({ length: 8_000 }, (_, i) => `k${i}: "v${i}"`).join(', ')}}\n` });
  out.push({ name: 'long-scalar.yaml', text: `${head}      QueueName: ${'x'.repeat(200_000)}\n      Description: '${'y '.repeat(50_000)}'\n` });
  return out;
}

const python = spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' });
const missing = python.error ? 'python3 is not installed' : python.status !== 0 ? 'PyYAML is not installed (pip install pyyaml)' : undefined;

describe('our YAML reader against PyYAML', () => {
  it.skipIf(missing !== undefined)(`accepts what PyYAML accepts, rejects what it rejects, with the same values${missing ? ` (skipped: ${missing})` : ''}`, () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-yaml-'));
    const all = cases();
    for (const c of all) writeFileSync(path.join(dir, c.name), c.text);
    const r = spawnSync('python3', ['-c', ORACLE, ...all.map((c) => c.name)], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(r.stderr).toBe('');
    const oracle = JSON.parse(r.stdout) as Record<string, { ok: true; value: unknown } | { ok: false; error: string }>;
    const differences: string[] = [];
    for (const c of all) {
      const theirs = oracle[c.name];
      const ours = parseYamlTree(c.text, { scalars: c.name.endsWith('.json') ? 'core' : 'yaml-1.1' });
      const label = `${c.name}: ours ${ours.ok ? 'accepts' : `rejects (${ours.message})`}, the reference ${theirs?.ok ? 'accepts' : `rejects (${theirs?.error ?? 'no answer'})`}`;
      // Where CloudFormation documents that it does not support the feature, either reading will do.
      if (documented(c.name) !== undefined) continue;
      if (ours.ok !== theirs?.ok) {
        differences.push(label);
        continue;
      }
      if (!ours.ok || !theirs.ok) continue;
      const mine = JSON.stringify(plain(ours.root));
      if (mine !== JSON.stringify(theirs.value)) differences.push(`${c.name}: values differ\n  ours:   ${mine.slice(0, 400)}\n  theirs: ${JSON.stringify(theirs.value).slice(0, 400)}`);
    }
    expect(differences).toEqual([]);
    expect(all.filter((c) => (c.name.startsWith('reject-') ? oracle[c.name]?.ok !== false : documented(c.name) === undefined && oracle[c.name]?.ok !== true)).map((c) => c.name)).toEqual([]);
    // The rejected ones are meant to be rejected: the set holds both kinds.
    expect(all.filter((c) => c.name.startsWith('reject-')).every((c) => oracle[c.name]?.ok === false)).toBe(true);
    expect(all.filter((c) => !c.name.startsWith('reject-') && documented(c.name) === undefined).every((c) => oracle[c.name]?.ok === true)).toBe(true);
  });

  it('places the nodes of a document it had to indent further where they are in the file', () => {
    const text = readFileSync(path.join(FIXTURES, 'flow-indent.yaml'), 'utf8');
    const parsed = parseYamlTree(text, { scalars: 'yaml-1.1' });
    if (!parsed.ok) throw new Error(parsed.message);
    const entry = entryOf(getPath(parsed.root, ['Resources', 'Queue', 'Properties']), 'RedrivePolicy');
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.startsWith('RedrivePolicy')) + 1;
    expect(entry?.keySpan.loc.start).toEqual({ line, column: 0 });
    expect(text.slice(...(entry?.span.range ?? [0, 0]))).toBe('RedrivePolicy: {maxReceiveCount: 5}');
    const deny = getPath(parsed.root, ['Resources', 'Worker', 'Properties', 'Policies']);
    const action = deny?.kind === 'seq' ? entryOf(deny.items[1], 'Action') : undefined;
    expect(text.slice(...(action?.span.range ?? [0, 0]))).toBe('Action: "s3:DeleteObject"');
  });

  it('lets a redefined anchor name the node for the aliases after it', () => {
    const parsed = parseYamlTree(readFileSync(path.join(FIXTURES, 'anchors-redefined.yaml'), 'utf8'), { scalars: 'yaml-1.1' });
    if (!parsed.ok) throw new Error(parsed.message);
    expect(plain(parsed.root)).toMatchObject({ Resources: { Second: { Properties: { VisibilityTimeout: 60, DelaySeconds: 60 } } } });
  });

  it('keeps a hash merge key as a key (CloudFormation does not support hash merges)', () => {
    const parsed = parseYamlTree(readFileSync(path.join(FIXTURES, 'merges.yaml'), 'utf8'), { scalars: 'yaml-1.1' });
    if (!parsed.ok) throw new Error(parsed.message);
    const derived = plain(parsed.root) as { Resources: { Derived: { Properties: Record<string, unknown> } } };
    expect(Object.keys(derived.Resources.Derived.Properties)).toEqual(['<<', 'Timeout']);
  });
});
