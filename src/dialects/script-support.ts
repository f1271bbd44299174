/**
 * What the TypeScript infrastructure dialects other than CDK (Pulumi, SST) share: keys for the
 * resources a file creates and for the references between them, and located property values.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { childNodes, spanBetween, spanOf, unwrap, type Node, type Span } from '../core/ast.js';
import { SymbolTable } from '../core/symbols.js';
import { ABSENT, evaluatePrimitive, known, ObjectView, resolveExpression, unknown, type Value } from '../core/values.js';
import type { ConstructKey, FunctionFact, InfraFacts, PropertySpan, TargetRef } from '../model/facts.js';
import { fifoOfArn } from '../model/aws-strings.js';
import { removalRange } from './cdk/reader.js';
import { creationKey, enclosingClass, thisFieldKey } from '../analyzers/construct-keys.js';

export { creationKey };
import type { FileContext } from '../analyzers/file-context.js';


/** `export const fn = new …`: other modules (or stacks) can reach it. */
export function isExported(expr: Node): boolean {
  const declarator = expr.parent;
  return declarator?.type === 'VariableDeclarator' && declarator.parent?.parent?.type === 'ExportNamedDeclaration';
}

/** Outputs of a resource that name it (`queue.arn`, `fn.name`, `table.streamArn` …). */
const IDENTITY = new Set(['arn', 'name', 'id', 'url', 'streamArn', 'invokeArn', 'qualifiedArn', 'nodes']);

/** The resource a reference expression names: `queue`, `queue.arn`, `fn.name`, `fn.nodes.function.arn`. */
export function referenceKey(node: Node, symbols: SymbolTable, depth = 0): ConstructKey | undefined {
  if (depth > 8) return undefined;
  const e = unwrap(node);
  if (e.type === 'Identifier') {
    const binding = symbols.binding(e.name, e);
    if (!binding) return undefined;
    // A resource another module of the project exports: the project follows the import.
    const imported = symbols.importedAs(e.name, e);
    if (imported) return imported.module.startsWith('.') && imported.path.length === 1 ? `import:${imported.module}#${imported.path[0]}` : undefined;
    if (binding.kind === 'const' && binding.init) {
      const init = unwrap(binding.init);
      if (init.type === 'NewExpression' || init.type === 'CallExpression') return SymbolTable.keyOf(binding);
      return referenceKey(init, symbols, depth + 1);
    }
    return binding.kind === 'let' ? undefined : SymbolTable.keyOf(binding);
  }
  if (e.type === 'NewExpression') return creationKey(e, symbols);
  const field = thisFieldKey(e);
  if (field) return field;
  if (e.type === 'MemberExpression' && !e.computed && e.property.type === 'Identifier' && (IDENTITY.has(e.property.name) || e.property.name === 'function')) {
    return referenceKey(e.object, symbols, depth + 1);
  }
  // \`fns.manage\`, \`this.functions.manage\`: a property of the object literal a constant or a
  // field holds (\`this.functions = { transform, manage }\`), read as any options object is.
  if (e.type === 'MemberExpression' && !e.computed && e.property.type === 'Identifier') {
    const holder = objectLiteralOf(e.object, symbols);
    const property = holder ? ObjectView.of(holder, symbols).get(e.property.name) : undefined;
    if (property?.state === 'present') return referenceKey(property.value, symbols, depth + 1);
  }
  return undefined;
}

/** The object literal a constant holds, or a field of the enclosing class is assigned once (\`this.functions = { … }\`). */
function objectLiteralOf(node: Node, symbols: SymbolTable): TSESTree.ObjectExpression | undefined {
  const e = unwrap(node);
  if (e.type === 'MemberExpression' && e.object.type === 'ThisExpression' && !e.computed && e.property.type === 'Identifier') {
    const cls = enclosingClass(e);
    const assigned = cls ? fieldAssignments(cls).get(e.property.name) : undefined;
    return assigned && assigned.length === 1 && assigned[0]?.type === 'ObjectExpression' ? assigned[0] : undefined;
  }
  const value = resolveExpression(e, symbols);
  return value.type === 'ObjectExpression' ? value : undefined;
}

const fieldsByClass = new WeakMap<Node, Map<string, Node[]>>();

/** What each \`this.<name> = …\` of a class assigns, and a field's initialiser (\`functions = { … }\`). */
function fieldAssignments(cls: Node): Map<string, Node[]> {
  const cached = fieldsByClass.get(cls);
  if (cached) return cached;
  const out = new Map<string, Node[]>();
  const add = (name: string, value: Node): void => {
    out.set(name, [...(out.get(name) ?? []), unwrap(value)]);
  };
  const stack: Node[] = [cls];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (n.type === 'AssignmentExpression' && n.left.type === 'MemberExpression' && n.left.object.type === 'ThisExpression' && !n.left.computed && n.left.property.type === 'Identifier') {
      // Any operator other than \`=\` changes the field in a way not followed here.
      add(n.left.property.name, n.operator === '=' ? n.right : n);
    }
    if (n.type === 'PropertyDefinition' && n.parent?.parent === cls && !n.computed && n.key.type === 'Identifier' && n.value) add(n.key.name, n.value);
    // A nested class has a \`this\` of its own.
    if (n !== cls && (n.type === 'ClassDeclaration' || n.type === 'ClassExpression')) continue;
    stack.push(...childNodes(n));
  }
  fieldsByClass.set(cls, out);
  return out;
}

/** Located reads of an options object (`{ batchSize: 10, … }`), three-valued. */
export class Options {
  readonly view: ObjectView;

  constructor(
    node: Node | undefined,
    private readonly file: FileContext,
  ) {
    this.view = node === undefined ? ObjectView.empty() : ObjectView.of(node, file.symbols);
  }

  node(key: string): Node | undefined {
    const p = this.view.get(key);
    return p.state === 'present' ? p.value : undefined;
  }

  /** The nested options object under `key`. */
  nested(key: string): Options | undefined {
    const p = this.view.get(key);
    if (p.state === 'absent') return undefined;
    return new Options(p.state === 'present' ? p.value : undefined, this.file).orUnknown(p.state === 'unknown');
  }

  private unknownAll = false;

  private orUnknown(flag: boolean): this {
    this.unknownAll = flag;
    return this;
  }

  private lookup(key: string): ReturnType<ObjectView['get']> {
    return this.unknownAll ? { state: 'unknown' } : this.view.get(key);
  }

  number(key: string): Value<number> {
    return this.primitive(key, (v) => (typeof v === 'number' ? v : undefined));
  }

  boolean(key: string): Value<boolean> {
    return this.primitive(key, (v) => (typeof v === 'boolean' ? v : undefined));
  }

  string(key: string): Value<string> {
    return this.primitive(key, (v) => (typeof v === 'string' ? v : undefined));
  }

  /** Given and not `undefined`/`null`: for destinations and policies. */
  present(key: string): Value<boolean> {
    const p = this.lookup(key);
    if (p.state === 'absent') return ABSENT;
    if (p.state === 'unknown') return unknown();
    const v = evaluatePrimitive(p.value, this.file.symbols);
    if (v.ok && (v.value === undefined || v.value === null)) return ABSENT;
    return known(true, p.property);
  }

  /** Whether a list of strings contains `value` (`['ReportBatchItemFailures']`). */
  listContains(key: string, value: string): Value<boolean> {
    const p = this.lookup(key);
    if (p.state === 'absent') return ABSENT;
    if (p.state === 'unknown') return unknown();
    const list = resolveExpression(p.value, this.file.symbols);
    if (list.type !== 'ArrayExpression') return unknown(p.property);
    const items = list.elements.map((el) => (el && el.type !== 'SpreadElement' ? evaluatePrimitive(el, this.file.symbols) : { ok: false as const }));
    if (items.some((i) => i.ok && i.value === value)) return known(true, p.property);
    return items.every((i) => i.ok) ? known(false, p.property) : unknown(p.property);
  }

  propertySpan(key: string): PropertySpan | undefined {
    const p = this.view.get(key);
    if (p.state !== 'present') return undefined;
    return { property: spanOf(p.property), value: spanOf(p.value), removeRange: removalRange(this.file.text, p.property) };
  }

  private primitive<T>(key: string, pick: (v: unknown) => T | undefined): Value<T> {
    const p = this.lookup(key);
    if (p.state === 'absent') return ABSENT;
    if (p.state === 'unknown') return unknown();
    const v = evaluatePrimitive(p.value, this.file.symbols);
    if (v.ok && (v.value === undefined || v.value === null)) return ABSENT;
    const picked = v.ok ? pick(v.value) : undefined;
    return picked === undefined ? unknown(p.property) : known(picked, p.property);
  }
}

/** `new X('name', …)`: from the callee to the name, where findings about the resource point. */
export function headSpan(expr: TSESTree.NewExpression | TSESTree.CallExpression): Span {
  return spanBetween(expr, expr.arguments[0] ?? expr.callee);
}

/** The string argument `index` of a call, when it is a literal or a `const`. */
export function stringArgument(call: TSESTree.NewExpression | TSESTree.CallExpression, index: number, symbols: SymbolTable): string | undefined {
  const arg = call.arguments[index];
  if (!arg || arg.type === 'SpreadElement') return undefined;
  const v = evaluatePrimitive(arg, symbols);
  return v.ok && typeof v.value === 'string' ? v.value : undefined;
}

/** Every identifier of the file that refers to one of `keys`, other than at `understood` positions. */
export function escapingReferences(file: FileContext, keys: ReadonlySet<ConstructKey>, understood: ReadonlySet<Node>): Set<ConstructKey> {
  const out = new Set<ConstructKey>();
  if (keys.size === 0) return out;
  const names = new Set([...keys].map((k) => /^id:([^@]+)/u.exec(k)?.[1]).filter((n): n is string => n !== undefined));
  const stack: Node[] = [file.ast];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node.type === 'Identifier' && names.has(node.name) && !understood.has(node) && !isDeclarationName(node)) {
      const binding = file.symbols.binding(node.name, node);
      const key = binding ? SymbolTable.keyOf(binding) : undefined;
      if (key !== undefined && keys.has(key)) out.add(key);
    }
    // A class field (`this.fn`) used anywhere but where it is assigned or understood.
    if (node.type === 'MemberExpression' && node.object.type === 'ThisExpression' && !understood.has(node)) {
      const key = thisFieldKey(node);
      const assigned = node.parent?.type === 'AssignmentExpression' && node.parent.left === node;
      if (key !== undefined && keys.has(key) && !assigned) out.add(key);
    }
    for (const k of file.keys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[k];
      if (Array.isArray(child)) for (const c of child) if (c && typeof c === 'object' && 'type' in c) stack.push(c as Node);
      if (child && typeof child === 'object' && 'type' in child) stack.push(child as Node);
    }
  }
  return out;
}

function isDeclarationName(id: TSESTree.Identifier): boolean {
  const p = id.parent;
  if (p?.type === 'VariableDeclarator' && p.id === id) return true;
  if (p?.type === 'MemberExpression' && p.property === id && !p.computed) return true;
  if (p?.type === 'Property' && p.key === id && !p.computed && !p.shorthand) return true;
  return false;
}

/** `"20 seconds"`, `"5 minutes"` (SST's durations) in seconds. */
export function durationSeconds(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(second|minute|hour|day)s?\s*$/u.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = { second: 1, minute: 60, hour: 3600, day: 86400 }[m[2] as 'second' | 'minute' | 'hour' | 'day'];
  return n * unit;
}

/** What the Pulumi and SST extractors share: options at a call, references, and escaping functions. */
export abstract class ScriptIacExtractor {
  protected readonly functions = new Map<ConstructKey, FunctionFact>();
  /** Identifiers whose use the extraction understood (not escapes). */
  protected readonly understood = new Set<Node>();

  constructor(
    protected readonly file: FileContext,
    protected readonly infra: InfraFacts,
  ) {}

  protected options(call: TSESTree.NewExpression | TSESTree.CallExpression, index: number): Options {
    const arg = call.arguments[index];
    return new Options(arg && arg.type !== 'SpreadElement' ? arg : undefined, this.file);
  }

  /** The key a reference names, marking its identifier as understood. */
  protected ref(node: Node | undefined): ConstructKey | undefined {
    if (!node) return undefined;
    const key = referenceKey(node, this.file.symbols);
    let base = unwrap(node);
    while (base.type === 'MemberExpression') {
      // `this.table.streamArn`: the field `this.table` is the reference understood.
      if (key !== undefined && thisFieldKey(base) !== undefined) this.understood.add(base);
      base = unwrap(base.object);
    }
    if (key !== undefined && base.type === 'Identifier') this.understood.add(base);
    return key;
  }

  /**
   * The queue or topic a value names (`dlq.arn`, `dlq`), or a literal ARN whose name says whether
   * it is FIFO; a redrive policy's `JSON.stringify({ deadLetterTargetArn: … })`, also inside
   * `dlq.arn.apply((arn) => …)` or `pulumi.jsonStringify(…)`, names its `deadLetterTargetArn`.
   */
  protected target(node: Node | undefined): TargetRef | undefined {
    if (!node) return undefined;
    const e = resolveExpression(node, this.file.symbols);
    if (e.type === 'CallExpression' && e.callee.type === 'MemberExpression' && !e.callee.computed && e.callee.property.type === 'Identifier') {
      const method = e.callee.property.name;
      if (method === 'apply') return { key: this.ref(e.callee.object), span: spanOf(node) };
      const arg = e.arguments[0];
      if ((method === 'stringify' || method === 'jsonStringify') && arg && arg.type !== 'SpreadElement') {
        const inner = new Options(arg, this.file).node('deadLetterTargetArn');
        return inner ? this.target(inner) : undefined;
      }
      return undefined;
    }
    const literal = evaluatePrimitive(e, this.file.symbols);
    if (literal.ok) {
      const fifo = fifoOfArn(literal.value);
      return fifo === undefined ? undefined : { fifo, span: spanOf(node) };
    }
    const key = this.ref(node);
    return key === undefined ? undefined : { key, span: spanOf(node) };
  }

  /** A function handed to anything not understood (or exported) may be invoked by callers not seen here. */
  protected markEscapes(): void {
    for (const key of escapingReferences(this.file, new Set(this.functions.keys()), this.understood)) {
      const fn = this.functions.get(key);
      if (fn) fn.invokers.mayHaveUnknownCallers = true;
    }
  }
}
