/**
 * HCL for the Terraform adapter, in two parts:
 *
 * - `parseHcl`: HashiCorp's own HCL parser (Go, compiled to WebAssembly, in `@cdktf/hcl2json`),
 *   which is asynchronous; it runs on a helper thread and is waited for with `Atomics.wait`, so
 *   that both front-ends (ESLint rules are synchronous) read `.tf` files the same way. It gives
 *   the values and the syntax errors, with their positions.
 * - `locateBlocks`: a scanner that finds where each block and attribute is written (the parser's
 *   JSON has no positions), for findings that point at the exact line. It runs only on text the
 *   parser accepted, and knows strings, templates, heredocs and comments.
 */
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Span } from '../../core/ast.js';
import type { LineIndex } from '../source-text.js';

export type HclParsed = { ok: true; body: Record<string, unknown> } | { ok: false; message: string; line: number; column: number };

/** Runs on the helper thread (CommonJS, evaluated from this string so that it needs no file of its own). */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
if (workerData.baselineOnly) require('node:v8').setFlagsFromString('--liftoff-only');
let parse;
let loadError;
try {
  ({ parse } = require(workerData.module));
} catch (error) {
  loadError = 'the HCL parser could not be loaded: ' + String((error && error.message) || error);
}
workerData.port.on('message', async ({ id, name, text, flag }) => {
  let reply;
  try {
    if (loadError) throw new Error(loadError);
    reply = { ok: true, body: await parse(name, text) };
  } catch (error) {
    reply = { ok: false, message: String((error && error.message) || error) };
  }
  reply.id = id;
  workerData.port.postMessage(reply);
  const cell = new Int32Array(flag);
  Atomics.store(cell, 0, 1);
  Atomics.notify(cell, 0);
});
`;

interface Bridge {
  worker: Worker;
  port: MessagePort;
  /** The id of the next request; replies carry it, so each answer finds its request. */
  next: number;
  /** Requests sent ahead of their file being read (`prefetchHcl`), by file name and text. */
  ahead: Map<string, Request>;
  /** Replies that came in while another was waited for, kept for requests still wanted. */
  replies: Map<number, Reply>;
}

interface Request {
  id: number;
  flag: SharedArrayBuffer;
}

type Reply = ({ ok: true; body: Record<string, unknown> } | { ok: false; message: string }) & { id: number };

let bridge: Bridge | undefined;

function startBridge(): Bridge {
  const { port1, port2 } = new MessageChannel();
  const module = createRequire(import.meta.url).resolve('@cdktf/hcl2json');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, port: port2, baselineOnly: true }, transferList: [port2] });
  // Never keeps the process alive.
  worker.unref();
  port1.unref();
  worker.on('error', () => {
    bridge = undefined;
  });
  return { worker, port: port1, next: 0, ahead: new Map(), replies: new Map() };
}

function send(current: Bridge, name: string, text: string): Request {
  const request = { id: current.next++, flag: new SharedArrayBuffer(4) };
  current.port.postMessage({ id: request.id, name, text, flag: request.flag });
  return request;
}

/**
 * Starts the parser on its thread without waiting for it (loading HashiCorp's parser takes a few
 * hundred milliseconds): called when a run knows it will read `.tf` files, so that the thread
 * gets ready while the main one reads the others.
 */
export function warmHcl(): void {
  if (bridge) return;
  bridge = startBridge();
  send(bridge, 'warm-up.tf', '');
}

/** What may be parsed ahead at once: enough for any module, bounded for a repository of them. */
const AHEAD_MAX_FILES = 512;
const AHEAD_MAX_CHARS = 32 * 1024 * 1024;

/**
 * Has the helper thread parse these files now, while the main thread reads others; `parseHcl`
 * with the same name and text then takes the answer instead of waiting for a parse. Each call
 * replaces the previous one's requests not yet taken (a file changed since is simply parsed again).
 */
export function prefetchHcl(files: readonly { name: string; text: string }[]): void {
  warmHcl();
  const current = bridge as Bridge;
  current.ahead.clear();
  current.replies.clear();
  let chars = 0;
  for (const { name, text } of files) {
    chars += text.length;
    if (current.ahead.size >= AHEAD_MAX_FILES || chars > AHEAD_MAX_CHARS) break;
    const key = aheadKey(name, text);
    if (!current.ahead.has(key)) current.ahead.set(key, send(current, name, text));
  }
}

/** How many files handed ahead are still waiting to be taken (for tests). */
export function filesAhead(): number {
  return bridge?.ahead.size ?? 0;
}

function aheadKey(name: string, text: string): string {
  return `${name}\0${text}`;
}

/** How long one file may take to parse before it is given up on. */
const PARSE_TIMEOUT_MS = 30_000;

export function parseHcl(fileName: string, text: string): HclParsed {
  bridge ??= startBridge();
  const current = bridge;
  const key = aheadKey(fileName, text);
  const request = current.ahead.get(key) ?? send(current, fileName, text);
  current.ahead.delete(key);
  const waited = Atomics.wait(new Int32Array(request.flag), 0, 0, PARSE_TIMEOUT_MS);
  if (waited === 'timed-out') {
    void current.worker.terminate();
    bridge = undefined;
    return { ok: false, message: `the HCL parser did not finish within ${PARSE_TIMEOUT_MS / 1000} s`, line: 1, column: 1 };
  }
  const reply = replyTo(current, request.id);
  if (!reply) return { ok: false, message: 'the HCL parser gave no answer', line: 1, column: 1 };
  if (reply.ok) return reply;
  return { ok: false, ...describeError(reply.message) };
}

/** The reply to request `id`: kept from earlier, or read now; replies nobody waits for are dropped. */
function replyTo(current: Bridge, id: number): Reply | undefined {
  const kept = current.replies.get(id);
  if (kept) {
    current.replies.delete(id);
    return kept;
  }
  const wanted = new Set([...current.ahead.values()].map((r) => r.id));
  for (;;) {
    const reply = receiveMessageOnPort(current.port)?.message as Reply | undefined;
    if (!reply || reply.id === id) return reply;
    if (wanted.has(reply.id)) current.replies.set(reply.id, reply);
  }
}

/** `parse config: [main.tf:2,7-3,1: Invalid expression; Expected …]` → the position and the words. */
function describeError(message: string): { message: string; line: number; column: number } {
  const m = /\[[^\]:]*:(\d+),(\d+)(?:-\d+(?:,\d+)?)?: ([^\]]*)\]?/u.exec(message);
  if (!m) return { message: message.replace(/^parse config: /u, ''), line: 1, column: 1 };
  return { message: (m[3] ?? '').trim(), line: Number(m[1]), column: Number(m[2]) };
}

// ---------------------------------------------------------------------------------------------
// Where things are written

export interface HclAttribute {
  name: string;
  /** From the name to the end of the value. */
  span: Span;
  value: Span;
}

export interface HclBlock {
  type: string;
  labels: string[];
  /** `resource "aws_sqs_queue" "orders"`: the header, up to its `{`. */
  head: Span;
  /** The whole block. */
  span: Span;
  attributes: Map<string, HclAttribute>;
  blocks: HclBlock[];
}

type Token =
  | { kind: 'ident'; text: string; start: number; end: number }
  | { kind: 'string'; text: string; start: number; end: number }
  | { kind: 'punct'; text: string; start: number; end: number }
  | { kind: 'newline'; start: number; end: number }
  | { kind: 'other'; start: number; end: number };

/** Tokens of the structure only: strings, templates, heredocs and comments are skipped whole. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i] as string;
    if (c === '\n') {
      tokens.push({ kind: 'newline', start: i, end: i + 1 });
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? n : close + 2;
    } else if (c === '"') {
      const end = skipString(text, i);
      tokens.push({ kind: 'string', text: text.slice(i + 1, end - 1), start: i, end });
      i = end;
    } else if (c === '<' && text[i + 1] === '<' && /^<<-?[A-Za-z_]/u.test(text.slice(i, i + 4))) {
      const end = skipHeredoc(text, i);
      tokens.push({ kind: 'other', start: i, end });
      i = end;
    } else if (/[A-Za-z_]/u.test(c)) {
      let j = i + 1;
      while (j < n && /[\w-]/u.test(text[j] as string)) j++;
      tokens.push({ kind: 'ident', text: text.slice(i, j), start: i, end: j });
      i = j;
    } else if ('{}[]()=,'.includes(c)) {
      // `==`, `=>` are operators, not assignments.
      if (c === '=' && (text[i + 1] === '=' || text[i + 1] === '>')) {
        tokens.push({ kind: 'other', start: i, end: i + 2 });
        i += 2;
      } else {
        tokens.push({ kind: 'punct', text: c, start: i, end: i + 1 });
        i++;
      }
    } else {
      tokens.push({ kind: 'other', start: i, end: i + 1 });
      i++;
    }
  }
  return tokens;
}

/** The end of a quoted string (after its closing quote), across `${ … }` templates that nest strings. */
function skipString(text: string, start: number): number {
  let i = start + 1;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else if ((c === '$' || c === '%') && text[i + 1] === '{') i = skipTemplate(text, i + 2);
    else if (c === '\n') return i;
    else i++;
  }
  return n;
}

function skipTemplate(text: string, start: number): number {
  let depth = 1;
  let i = start;
  const n = text.length;
  while (i < n && depth > 0) {
    const c = text[i];
    if (c === '"') i = skipString(text, i);
    else {
      if (c === '{') depth++;
      else if (c === '}') depth--;
      i++;
    }
  }
  return i;
}

function skipHeredoc(text: string, start: number): number {
  const m = /^<<-?([A-Za-z_][\w-]*)[^\n]*\n/u.exec(text.slice(start, start + 256));
  if (!m) return start + 2;
  const marker = m[1] as string;
  let i = start + m[0].length;
  while (i < text.length) {
    const lineEnd = text.indexOf('\n', i);
    const line = text.slice(i, lineEnd === -1 ? text.length : lineEnd);
    if (line.trim() === marker) return lineEnd === -1 ? text.length : lineEnd;
    if (lineEnd === -1) return text.length;
    i = lineEnd + 1;
  }
  return text.length;
}

/** The blocks of a file's body, with their attributes and nested blocks. */
export function locateBlocks(lines: LineIndex): HclBlock[] {
  const tokens = tokenize(lines.text);
  const out: HclBlock[] = [];
  parseBody(tokens, 0, lines, out, new Map());
  return out;
}

/** Parses a body from `pos` to its closing `}` (or the end); returns the position after it. */
function parseBody(tokens: Token[], pos: number, lines: LineIndex, blocks: HclBlock[], attributes: Map<string, HclAttribute>): number {
  let i = pos;
  while (i < tokens.length) {
    const t = tokens[i] as Token;
    if (t.kind === 'newline') {
      i++;
      continue;
    }
    if (t.kind === 'punct' && t.text === '}') return i + 1;
    if (t.kind !== 'ident') {
      i = skipLine(tokens, i);
      continue;
    }
    const next = tokens[i + 1];
    if (next?.kind === 'punct' && next.text === '=') {
      const end = skipExpression(tokens, i + 2);
      const last = tokens[end - 1] ?? next;
      const valueStart = tokens[i + 2]?.start ?? next.end;
      attributes.set(t.text, { name: t.text, span: lines.span(t.start, last.end), value: lines.span(valueStart, Math.max(valueStart, last.end)) });
      i = end;
      continue;
    }
    // A block: `type label… {`.
    const labels: string[] = [];
    let j = i + 1;
    while (j < tokens.length && ((tokens[j] as Token).kind === 'string' || (tokens[j] as Token).kind === 'ident')) {
      const label = tokens[j] as Token & { text: string };
      labels.push(label.text);
      j++;
    }
    const open = tokens[j];
    if (open?.kind === 'punct' && open.text === '{') {
      const block: HclBlock = { type: t.text, labels, head: lines.span(t.start, open.end), span: lines.span(t.start, open.end), attributes: new Map(), blocks: [] };
      const after = parseBody(tokens, j + 1, lines, block.blocks, block.attributes);
      const close = tokens[after - 1];
      block.span = lines.span(t.start, close?.end ?? open.end);
      blocks.push(block);
      i = after;
      continue;
    }
    i = skipLine(tokens, i);
  }
  return i;
}

/** After `=`: up to the newline that ends the expression (outside brackets). */
function skipExpression(tokens: Token[], pos: number): number {
  let depth = 0;
  let i = pos;
  while (i < tokens.length) {
    const t = tokens[i] as Token;
    if (t.kind === 'newline' && depth === 0) return i;
    if (t.kind === 'punct') {
      if (t.text === '{' || t.text === '[' || t.text === '(') depth++;
      else if (t.text === '}' || t.text === ']' || t.text === ')') {
        if (depth === 0) return i;
        depth--;
      }
    }
    i++;
  }
  return i;
}

function skipLine(tokens: Token[], pos: number): number {
  let i = pos + 1;
  while (i < tokens.length && (tokens[i] as Token).kind !== 'newline') i++;
  return i;
}
