/**
 * YAML and JSON documents (CloudFormation and SAM templates, serverless.yml) as a small located
 * tree: maps, sequences, scalars and CloudFormation intrinsic functions, each with its span.
 * Parsed with `yaml` (YAML 1.2, a superset of JSON), with the short intrinsic tags (`!Ref`,
 * `!GetAtt`, `!Sub` …) read as the long forms (`Ref`, `Fn::GetAtt`, `Fn::Sub` …).
 *
 * Aliases share the node they point to (never copied), so a "billion laughs" document costs no
 * more than its text; walks over the tree visit each node once.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, YAMLMap, YAMLSeq, type Alias, type Document, type Node as YNode, type Pair, type Scalar } from 'yaml';
import type { Span } from '../../core/ast.js';
import { LineIndex } from '../source-text.js';
import { firstStrayTab, repairIndentation } from './yaml-repair.js';
import { plainScalar } from './yaml11-scalars.js';

export type TNode = TMap | TSeq | TScalar | TIntrinsic;

export interface TEntry {
  key: string;
  keySpan: Span;
  /** `undefined` for an empty value (`Key:` alone). */
  value: TNode | undefined;
  /** From the key to the end of the value. */
  span: Span;
  /** What deletes the entry cleanly, when whole lines would not (an entry of a script's object literal). */
  removeRange?: [number, number];
}

export interface TMap {
  kind: 'map';
  span: Span;
  entries: TEntry[];
}

export interface TSeq {
  kind: 'seq';
  span: Span;
  items: TNode[];
}

export interface TScalar {
  kind: 'scalar';
  span: Span;
  value: string | number | boolean | null;
}

/** `Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::If`, `Condition` … in either form. */
export interface TIntrinsic {
  kind: 'intrinsic';
  span: Span;
  fn: string;
  arg: TNode | undefined;
}

/** The intrinsic function tags CloudFormation accepts in YAML, as their long names. */
export const INTRINSIC_TAGS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!FindInMap': 'Fn::FindInMap',
  '!ForEach': 'Fn::ForEach',
  '!GetAtt': 'Fn::GetAtt',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!Join': 'Fn::Join',
  '!Length': 'Fn::Length',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!Sub': 'Fn::Sub',
  '!ToJsonString': 'Fn::ToJsonString',
  '!Transform': 'Fn::Transform',
  '!And': 'Fn::And',
  '!Equals': 'Fn::Equals',
  '!If': 'Fn::If',
  '!Not': 'Fn::Not',
  '!Or': 'Fn::Or',
  '!GetParam': 'Fn::GetParam',
};

const CUSTOM_TAGS = Object.keys(INTRINSIC_TAGS).flatMap((tag) => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq' as const, nodeClass: YAMLSeq, resolve: (value: unknown) => value as YAMLSeq },
  { tag, collection: 'map' as const, nodeClass: YAMLMap, resolve: (value: unknown) => value as YAMLMap },
]);

export type ParsedTree = { ok: true; root: TNode | undefined; lines: LineIndex } | { ok: false; message: string; line: number; column: number };

/** At most this many alias uses: more is an attack, not a template. */
const MAX_ALIASES = 10_000;

export interface YamlTreeOptions {
  allowTags?: (tag: string) => boolean;
  /** `yaml-1.1`: plain scalars as PyYAML reads them (templates); else YAML 1.2's core schema. */
  scalars?: 'yaml-1.1' | 'core';
}

export function parseYamlTree(text: string, options: YamlTreeOptions = {}): ParsedTree {
  const lines = new LineIndex(text);
  let doc: Document;
  let toOriginal: (offset: number) => number = (offset) => offset;
  try {
    doc = parseDocument(text, { customTags: CUSTOM_TAGS, prettyErrors: false, uniqueKeys: false, strict: false });
    if (doc.errors.length > 0) {
      // What PyYAML accepts and `yaml` does not: a flow collection or quoted scalar whose lines
      // are not indented past their block. Indented further, it reads the same.
      const repair = repairIndentation(text);
      const repaired = repair ? parseDocument(repair.text, { customTags: CUSTOM_TAGS, prettyErrors: false, uniqueKeys: false, strict: false }) : undefined;
      if (repair && repaired && repaired.errors.length === 0) {
        doc = repaired;
        toOriginal = (offset) => repair.toOriginal(offset);
      }
    }
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, message: 'the document is nested too deeply to parse', line: 1, column: 1 };
    throw error;
  }
  const first = doc.errors[0];
  if (first) {
    const pos = lines.position(first.pos[0]);
    return { ok: false, message: firstLine(first.message), line: pos.line, column: pos.column + 1 };
  }
  if (options.scalars === 'yaml-1.1') {
    const tab = firstStrayTab(text);
    if (tab !== undefined) {
      const pos = lines.position(tab);
      return { ok: false, message: 'a tab character outside a quoted or block scalar, which YAML 1.1 readers (PyYAML, so SAM CLI and cfn-lint) do not accept', line: pos.line, column: pos.column + 1 };
    }
  }
  const unknownTag = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (unknownTag) {
    const tag = /Unresolved tag: (\S+)/u.exec(unknownTag.message)?.[1] ?? '';
    if (!options.allowTags?.(tag)) {
      const pos = lines.position(toOriginal(unknownTag.pos[0]));
      return {
        ok: false,
        message: `Unknown tag ${tag}: CloudFormation accepts only its intrinsic function tags (${Object.keys(INTRINSIC_TAGS).slice(0, 8).join(', ')} …)`,
        line: pos.line,
        column: pos.column + 1,
      };
    }
  }
  const builder = new TreeBuilder(doc, lines, toOriginal, options.scalars === 'yaml-1.1');
  try {
    return { ok: true, root: doc.contents ? builder.build(doc.contents) : undefined, lines };
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, message: 'the document is nested too deeply to parse', line: 1, column: 1 };
    if (error instanceof AliasLimit) return { ok: false, message: `more than ${MAX_ALIASES} alias uses: not analysed`, line: 1, column: 1 };
    throw error;
  }
}

class AliasLimit extends Error {}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/u, '');
}

class TreeBuilder {
  private readonly built = new Map<YNode, TNode>();
  private aliases = 0;
  /** Each alias's node, found in one pass over the document (`Alias.resolve` walks the whole document for every alias). */
  private targets: Map<Alias, YNode | undefined> | undefined;

  constructor(
    private readonly doc: Document,
    private readonly lines: LineIndex,
    private readonly toOriginal: (offset: number) => number,
    private readonly yaml11: boolean,
  ) {}

  /** A scalar's value: plain ones as YAML 1.1 reads them, when asked. */
  private valueOf(node: Scalar): TScalar['value'] {
    if (this.yaml11 && node.type === 'PLAIN' && node.tag === undefined && typeof node.source === 'string') return plainScalar(node.source);
    const v = node.value;
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
  }

  /**
   * An alias names the last node before it with that anchor: in document order, the anchors seen
   * so far give every alias its node. Iterative, as deep documents are.
   */
  private resolveAliases(): Map<Alias, YNode | undefined> {
    const targets = new Map<Alias, YNode | undefined>();
    const anchors = new Map<string, YNode>();
    const stack: unknown[] = this.doc.contents ? [this.doc.contents] : [];
    while (stack.length > 0) {
      const at = stack.pop();
      if (isPair(at)) {
        stack.push(at.value, at.key);
        continue;
      }
      if (isAlias(at)) {
        targets.set(at, anchors.get(at.source));
        continue;
      }
      if (!isMap(at) && !isSeq(at) && !isScalar(at)) continue;
      if (at.anchor) anchors.set(at.anchor, at);
      if (isMap(at) || isSeq(at)) for (let i = at.items.length - 1; i >= 0; i--) stack.push(at.items[i]);
    }
    return targets;
  }

  build(node: YNode): TNode {
    if (isAlias(node)) {
      if (++this.aliases > MAX_ALIASES) throw new AliasLimit();
      this.targets ??= this.resolveAliases();
      const target = this.targets.get(node);
      // An alias to a node not built yet (or to itself) is treated as an empty scalar.
      return target ? (this.built.get(target) ?? this.build(target)) : this.scalar(node.range, null);
    }
    const done = this.built.get(node);
    if (done) return done;
    const span = this.spanOf(node.range);
    let out: TNode;
    if (isMap(node)) {
      const map: TMap = { kind: 'map', span, entries: [] };
      this.built.set(node, map);
      for (const pair of node.items) {
        const entry = this.entry(pair);
        if (entry) map.entries.push(entry);
      }
      out = longFormIntrinsic(map) ?? map;
    } else if (isSeq(node)) {
      const seq: TSeq = { kind: 'seq', span, items: [] };
      this.built.set(node, seq);
      for (const item of node.items) seq.items.push(isPair(item) ? this.scalar(node.range, null) : this.build(item as YNode));
      out = seq;
    } else if (isScalar(node)) {
      out = this.scalar(node.range, this.valueOf(node));
    } else {
      out = this.scalar((node as { range?: [number, number, number] }).range, null);
    }
    const tag = node.tag;
    if (tag !== undefined && INTRINSIC_TAGS[tag] !== undefined) {
      // The tag precedes the value: the span covers both.
      const tagStart = this.text().lastIndexOf(tag, out.span.range[0]);
      const start = tagStart >= 0 ? tagStart : out.span.range[0];
      out = { kind: 'intrinsic', fn: INTRINSIC_TAGS[tag], arg: out, span: this.lines.span(start, out.span.range[1]) };
    }
    this.built.set(node, out);
    return out;
  }

  private entry(pair: Pair): TEntry | undefined {
    const key = pair.key as YNode | null;
    if (!key || !isScalar(key)) return undefined;
    const keyRange = key.range ?? [0, 0, 0];
    const value = pair.value === null ? undefined : this.build(pair.value as YNode);
    const end = value ? value.span.range[1] : keyRange[1];
    return {
      key: String(this.valueOf(key)),
      keySpan: this.spanOf(keyRange),
      value,
      span: this.lines.span(this.toOriginal(keyRange[0]), end),
    };
  }

  private scalar(range: [number, number, number] | null | undefined, value: TScalar['value']): TScalar {
    return { kind: 'scalar', span: this.spanOf(range), value };
  }

  private spanOf(range: [number, number, number] | null | undefined): Span {
    const [start, end] = range ?? [0, 0];
    return this.lines.span(this.toOriginal(start), this.toOriginal(end));
  }

  private text(): string {
    return this.lines.text;
  }
}

/** `{ Ref: X }`, `{ "Fn::GetAtt": [X, Arn] }`: a map with one key naming an intrinsic. */
function longFormIntrinsic(map: TMap): TIntrinsic | undefined {
  const only = map.entries.length === 1 ? map.entries[0] : undefined;
  if (!only || !(only.key === 'Ref' || only.key === 'Condition' || only.key.startsWith('Fn::'))) return undefined;
  return { kind: 'intrinsic', fn: only.key, arg: only.value, span: map.span };
}

// ---------------------------------------------------------------------------------------------
// Reading the tree

export function get(node: TNode | undefined, key: string): TNode | undefined {
  return entryOf(node, key)?.value;
}

export function entryOf(node: TNode | undefined, key: string): TEntry | undefined {
  if (node?.kind !== 'map') return undefined;
  // The last one wins, as in CloudFormation's own parser.
  for (let i = node.entries.length - 1; i >= 0; i--) if ((node.entries[i] as TEntry).key === key) return node.entries[i];
  return undefined;
}

export function getPath(node: TNode | undefined, path: readonly string[]): TNode | undefined {
  let at = node;
  for (const key of path) at = get(at, key);
  return at;
}

export function stringOf(node: TNode | undefined): string | undefined {
  return node?.kind === 'scalar' && node.value !== null && typeof node.value !== 'boolean' ? String(node.value) : undefined;
}

/** Every node under `node`, each once (aliases are shared nodes). */
export function* walk(node: TNode | undefined, seen = new Set<TNode>()): Generator<TNode> {
  const stack: TNode[] = node ? [node] : [];
  while (stack.length > 0) {
    const at = stack.pop() as TNode;
    if (seen.has(at)) continue;
    seen.add(at);
    yield at;
    if (at.kind === 'map') for (const e of at.entries) if (e.value) stack.push(e.value);
    if (at.kind === 'seq') stack.push(...at.items);
    if (at.kind === 'intrinsic' && at.arg) stack.push(at.arg);
  }
}

/** `node` with every span (keys' too) replaced by `span`: a tree of one file shown at a place of another. */
export function respanned(node: TNode | undefined, span: Span): TNode | undefined {
  if (node === undefined) return undefined;
  switch (node.kind) {
    case 'map':
      return { kind: 'map', span, entries: node.entries.map((e) => ({ key: e.key, keySpan: span, value: respanned(e.value, span), span })) };
    case 'seq':
      return { kind: 'seq', span, items: node.items.map((item) => respanned(item, span) as TNode) };
    case 'scalar':
      return { ...node, span };
    case 'intrinsic':
      return { ...node, span, arg: respanned(node.arg, span) };
  }
}
