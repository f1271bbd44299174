/**
 * The Python parser: tree-sitter's Python grammar, compiled to WebAssembly (`tree-sitter-python`),
 * run by `web-tree-sitter` — no native build, the same on every platform. Loading it is
 * asynchronous, and lambda-lint's pipeline (and ESLint's rules) are synchronous, so it runs on a
 * helper thread, as HashiCorp's HCL parser does (src/dialects/terraform/hcl.ts): a parse is sent there and
 * waited for with `Atomics.wait`. The thread is started by the first Python file a run reads,
 * and never keeps the process alive. It answers with the syntax tree flattened into arrays; the
 * nodes here read those arrays (the part of tree-sitter's node API the extractor uses). Why this
 * parser: docs/python.md.
 *
 * Positions: tree-sitter's indices and columns are in UTF-16 code units here, as JavaScript
 * strings and the rest of lambda-lint count them.
 */
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Span } from '../../core/ast.js';

/** Runs on the helper thread (CommonJS, evaluated from this string so that it needs no file of its own). */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { Parser, Language } = require(workerData.treeSitter);
const ready = (async () => {
  await Parser.init({ locateFile: () => workerData.coreWasm });
  const language = await Language.load(workerData.grammar);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
})();
function flatten(tree) {
  const types = [];
  const typeIds = new Map();
  const fields = [];
  const fieldIds = new Map();
  const intern = (table, ids, name) => {
    let id = ids.get(name);
    if (id === undefined) { id = table.length; table.push(name); ids.set(name, id); }
    return id;
  };
  // Per node: parent, type, field (-1: none), flags (1 named, 2 error, 4 missing), start, end,
  // start row, start column, end row, end column.
  const out = [];
  const cursor = tree.walk();
  const stack = [-1];
  for (;;) {
    const index = out.length / 10;
    const field = cursor.currentFieldName;
    const type = cursor.nodeType;
    const start = cursor.startPosition;
    const end = cursor.endPosition;
    out.push(stack[stack.length - 1], intern(types, typeIds, type), field ? intern(fields, fieldIds, field) : -1,
      (cursor.nodeIsNamed ? 1 : 0) | (type === 'ERROR' ? 2 : 0) | (cursor.nodeIsMissing ? 4 : 0),
      cursor.startIndex, cursor.endIndex, start.row, start.column, end.row, end.column);
    if (cursor.gotoFirstChild()) { stack.push(index); continue; }
    let climbed = false;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) { climbed = true; break; }
      stack.pop();
    }
    if (climbed) break;
  }
  cursor.delete();
  return { nodes: Int32Array.from(out), types, fields };
}
workerData.port.on('message', async ({ id, text, flag }) => {
  let reply;
  try {
    const parser = await ready;
    const tree = parser.parse(text);
    reply = { ok: true, ...flatten(tree) };
    tree.delete();
  } catch (error) {
    reply = { ok: false, message: String((error && error.message) || error) };
  }
  reply.id = id;
  workerData.port.postMessage(reply, reply.ok ? [reply.nodes.buffer] : []);
  const cell = new Int32Array(flag);
  Atomics.store(cell, 0, 1);
  Atomics.notify(cell, 0);
});
`;

interface FlatTree {
  nodes: Int32Array;
  types: string[];
  fields: string[];
}

type Reply = (({ ok: true } & FlatTree) | { ok: false; message: string }) & { id: number };

interface Bridge {
  worker: Worker;
  port: MessagePort;
  next: number;
}

let bridge: Bridge | undefined;

function startBridge(): Bridge {
  const { port1, port2 } = new MessageChannel();
  const require = createRequire(import.meta.url);
  const workerData = {
    treeSitter: require.resolve('web-tree-sitter'),
    coreWasm: require.resolve('web-tree-sitter/tree-sitter.wasm'),
    grammar: require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
    port: port2,
  };
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData, transferList: [port2] });
  // Never keeps the process alive.
  worker.unref();
  port1.unref();
  worker.on('error', () => {
    bridge = undefined;
  });
  return { worker, port: port1, next: 0 };
}

/** How long one module may take to parse (the first one includes loading the grammar) before it is given up on. */
const PARSE_TIMEOUT_MS = 30_000;

/** The tree of a module, or why there is none (the parser could not be run). */
function parseFlat(text: string): { ok: true; flat: FlatTree } | { ok: false; message: string } {
  bridge ??= startBridge();
  const current = bridge;
  const id = current.next++;
  const flag = new SharedArrayBuffer(4);
  current.port.postMessage({ id, text, flag });
  const waited = Atomics.wait(new Int32Array(flag), 0, 0, PARSE_TIMEOUT_MS);
  if (waited === 'timed-out') {
    void current.worker.terminate();
    bridge = undefined;
    return { ok: false, message: `the Python parser did not answer within ${PARSE_TIMEOUT_MS / 1000} s` };
  }
  for (;;) {
    const reply = receiveMessageOnPort(current.port)?.message as Reply | undefined;
    if (!reply) return { ok: false, message: 'the Python parser gave no answer' };
    // A reply to a request given up on earlier.
    if (reply.id !== id) continue;
    return reply.ok ? { ok: true, flat: { nodes: reply.nodes, types: reply.types, fields: reply.fields } } : { ok: false, message: `the Python parser failed: ${reply.message}` };
  }
}

const WIDTH = 10;

/** A parsed module: its text and its nodes. */
export class PyTree {
  readonly rootNode: PyNode;
  /** Children of each node, by index. */
  readonly children: number[][];
  private readonly made = new Map<number, PyNode>();

  constructor(
    readonly text: string,
    readonly flat: FlatTree,
  ) {
    const count = flat.nodes.length / WIDTH;
    this.children = Array.from({ length: count }, () => []);
    for (let i = 1; i < count; i++) this.children[flat.nodes[i * WIDTH] as number]?.push(i);
    this.rootNode = this.node(0);
  }

  node(index: number): PyNode {
    let node = this.made.get(index);
    if (!node) {
      node = new PyNode(this, index);
      this.made.set(index, node);
    }
    return node;
  }

  value(index: number, slot: number): number {
    return this.flat.nodes[index * WIDTH + slot] as number;
  }

  /** Nothing to free: the tree-sitter tree lives on the helper thread only while it is flattened. */
  delete(): void {}
}

/** A node of a parsed module (tree-sitter's node API, the part the extractor uses). */
export class PyNode {
  private hasErrorCache: boolean | undefined;

  constructor(
    private readonly tree: PyTree,
    /** Unique in its tree. */
    readonly id: number,
  ) {}

  get type(): string {
    return this.tree.flat.types[this.tree.value(this.id, 1)] as string;
  }

  private get fieldName(): string | undefined {
    const field = this.tree.value(this.id, 2);
    return field < 0 ? undefined : this.tree.flat.fields[field];
  }

  get isNamed(): boolean {
    return (this.tree.value(this.id, 3) & 1) !== 0;
  }

  get isError(): boolean {
    return (this.tree.value(this.id, 3) & 2) !== 0;
  }

  get isMissing(): boolean {
    return (this.tree.value(this.id, 3) & 4) !== 0;
  }

  /** An error or a missing token in this node or below. */
  get hasError(): boolean {
    this.hasErrorCache ??= this.isError || this.isMissing || this.children.some((c) => c.hasError);
    return this.hasErrorCache;
  }

  get startIndex(): number {
    return this.tree.value(this.id, 4);
  }

  get endIndex(): number {
    return this.tree.value(this.id, 5);
  }

  get startPosition(): { row: number; column: number } {
    return { row: this.tree.value(this.id, 6), column: this.tree.value(this.id, 7) };
  }

  get endPosition(): { row: number; column: number } {
    return { row: this.tree.value(this.id, 8), column: this.tree.value(this.id, 9) };
  }

  get text(): string {
    return this.tree.text.slice(this.startIndex, this.endIndex);
  }

  get parent(): PyNode | null {
    const parent = this.tree.value(this.id, 0);
    return parent < 0 ? null : this.tree.node(parent);
  }

  get children(): PyNode[] {
    return (this.tree.children[this.id] ?? []).map((i) => this.tree.node(i));
  }

  get childCount(): number {
    return this.tree.children[this.id]?.length ?? 0;
  }

  get namedChildren(): PyNode[] {
    return this.children.filter((c) => c.isNamed);
  }

  childForFieldName(name: string): PyNode | null {
    return this.children.find((c) => c.fieldName === name) ?? null;
  }

  childrenForFieldName(name: string): PyNode[] {
    return this.children.filter((c) => c.fieldName === name);
  }

  /** The nodes of a type below this one, in source order. */
  descendantsOfType(type: string): PyNode[] {
    const out: PyNode[] = [];
    const walk = (node: PyNode): void => {
      for (const child of node.children) {
        if (child.type === type) out.push(child);
        walk(child);
      }
    };
    walk(this);
    return out;
  }
}

export type PythonParse = { ok: true; tree: PyTree } | { ok: false; message: string; line: number; column: number };

/** Parses a module. A tree with a syntax error is a failure, at the first error (1-based line and column). */
export function parsePython(text: string): PythonParse {
  const parsed = parseFlat(text);
  if (!parsed.ok) return { ok: false, message: parsed.message, line: 1, column: 1 };
  const tree = new PyTree(text, parsed.flat);
  if (!tree.rootNode.hasError) return { ok: true, tree };
  const bad = firstError(tree.rootNode);
  const at = bad?.startPosition ?? { row: 0, column: 0 };
  const near = bad && bad.text.length > 0 && bad.text.length < 40 ? ` near \`${bad.text.split('\n')[0]}\`` : '';
  const message = bad?.isMissing ? `'${bad.type}' expected` : `invalid syntax${near}`;
  return { ok: false, message, line: at.row + 1, column: at.column + 1 };
}

/** The first node (in source order) that is an error or a missing token. */
function firstError(node: PyNode): PyNode | undefined {
  if (node.isError || node.isMissing) return node;
  for (const child of node.children) {
    if (!child.hasError) continue;
    const found = firstError(child);
    if (found) return found;
  }
  return undefined;
}

/** A node's span in lambda-lint's form (0-based columns, 1-based lines). */
export function pySpan(node: PyNode): Span {
  return {
    range: [node.startIndex, node.endIndex],
    loc: { start: { line: node.startPosition.row + 1, column: node.startPosition.column }, end: { line: node.endPosition.row + 1, column: node.endPosition.column } },
  };
}
