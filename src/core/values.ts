/**
 * Three-valued facts and the small static evaluator that produces them. A value is `known` when
 * the file states it beyond doubt, `absent` when it is not given (so the documented default
 * applies), and `unknown` otherwise. Rules report on `known` and `absent`, never on `unknown`.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { isFunction, propertyKeyName, spanOf, unwrap, walkOwnCode, type FunctionNode, type Node, type Span } from './ast.js';
import type { SymbolTable } from './symbols.js';

export type Value<T> =
  | { state: 'known'; value: T; span: Span }
  | { state: 'absent' }
  | { state: 'unknown'; span?: Span; param?: ParamSetting };

/**
 * A setting a parameter of the construct, function or method that creates it gives
 * (`timeout: Duration.seconds(timeout)`, `visibilityTimeout: props.visibility`): unknown in the
 * file, settled by the project from every call of that callable.
 */
export interface ParamSetting {
  /** The parameter, as a construct key (`param:ctor:Worker:2.timeout`, Python `param:ctor:Lambda:3=timeout`). */
  key: string;
  /** How the code names it (`timeout`, `props.timeout`), for messages. */
  name: string;
  /** The parameter is a number of this many seconds each (`Duration.minutes(m)`: 60); without it, a `Duration`. */
  scale?: number;
  /** Seconds when a call does not give the parameter: its default (`timeout=900`, `props.timeout ?? Duration.seconds(29)`). */
  default?: number;
  /** A call that does not give the parameter leaves the setting unset (`timeout: props.timeout`): the construct's default applies. */
  unsetIfNotGiven?: true;
}

export const ABSENT: Value<never> = { state: 'absent' };

export function known<T>(value: T, node: Node): Value<T> {
  return { state: 'known', value, span: spanOf(node) };
}

export function unknown(node?: Node): Value<never> {
  return node ? { state: 'unknown', span: spanOf(node) } : { state: 'unknown' };
}

const MAX_DEPTH = 32;

/** Follows `const` identifiers and type wrappers to the expression that gives the value. */
export function resolveExpression(node: Node, symbols: SymbolTable, depth = 0): Node {
  const inner = unwrap(node);
  if (depth < MAX_DEPTH && inner.type === 'Identifier') {
    const init = symbols.constInitializer(inner.name, inner);
    if (init) return resolveExpression(init, symbols, depth + 1);
  }
  return inner;
}

/** What a function returns: its expression body, or its own `return` statements' values. */
export function returnedValues(fn: FunctionNode): Node[] {
  if (fn.body.type !== 'BlockStatement') return [fn.body];
  const out: Node[] = [];
  walkOwnCode(fn.body, (node) => {
    if (node.type === 'ReturnStatement' && node.argument) out.push(node.argument);
  });
  return out;
}

const MAX_CALL_DEPTH = 4;

/**
 * The expressions a value can come from: the expression itself (`const`s followed, and every value
 * a `let` is assigned), or, for a call
 * of a plain function of this file (`buildMessage(e)`, `makeCommand(arn)`), what that function
 * returns, followed a few calls deep. Async functions and generators produce promises and
 * iterators, not their returned values, so their calls stay as they are.
 */
export function producedValues(node: Node, symbols: SymbolTable, depth = 0): Node[] {
  const expr = resolveExpression(node, symbols);
  // A `let` assigned in each branch (`let command; if (…) command = new A(…); else command = new A(…);`).
  if (depth < MAX_CALL_DEPTH && expr.type === 'Identifier') {
    const values = symbols.assignedValues(expr.name, expr);
    if (values && values.length > 0) return values.flatMap((v) => producedValues(v, symbols, depth + 1));
  }
  if (depth < MAX_CALL_DEPTH && expr.type === 'CallExpression' && expr.callee.type === 'Identifier') {
    const fn = resolveExpression(expr.callee, symbols);
    if (isFunction(fn) && !fn.async && !fn.generator) {
      const returns = returnedValues(fn);
      if (returns.length > 0) return returns.flatMap((r) => producedValues(r, symbols, depth + 1));
    }
  }
  return [expr];
}

export type Primitive = string | number | boolean | null | undefined;

/** Evaluates literals, `const`s, unary minus / not, and template literals without expressions. */
export function evaluatePrimitive(node: Node, symbols: SymbolTable): { ok: true; value: Primitive } | { ok: false } {
  const expr = resolveExpression(node, symbols);
  switch (expr.type) {
    case 'Literal':
      if (expr.value instanceof RegExp || typeof expr.value === 'bigint') return { ok: false };
      return { ok: true, value: expr.value as Primitive };
    case 'TemplateLiteral':
      if (expr.expressions.length === 0) return { ok: true, value: expr.quasis[0]?.value.cooked ?? '' };
      return { ok: false };
    case 'Identifier':
      if (expr.name === 'undefined' && !symbols.isDeclared('undefined')) return { ok: true, value: undefined };
      return { ok: false };
    case 'ConditionalExpression': {
      // \`dlq ? true : false\`, \`DEBUG ? 1 : 10\`: the branch a test known here picks.
      const test = truthiness(expr.test, symbols);
      return test === undefined ? { ok: false } : evaluatePrimitive(test ? expr.consequent : expr.alternate, symbols);
    }
    case 'UnaryExpression': {
      const arg = evaluatePrimitive(expr.argument, symbols);
      if (!arg.ok) return arg;
      if (expr.operator === '-' && typeof arg.value === 'number') return { ok: true, value: -arg.value };
      if (expr.operator === '+' && typeof arg.value === 'number') return { ok: true, value: arg.value };
      if (expr.operator === '!') return { ok: true, value: !arg.value };
      return { ok: false };
    }
    default:
      return { ok: false };
  }
}

/** Whether a value is truthy, when it is known here: a primitive, or an object, array, function or construct made here (always truthy). */
export function truthiness(node: Node, symbols: SymbolTable): boolean | undefined {
  const expr = resolveExpression(node, symbols);
  if (expr.type === 'NewExpression' || expr.type === 'ObjectExpression' || expr.type === 'ArrayExpression' || isFunction(expr)) return true;
  const v = evaluatePrimitive(expr, symbols);
  return v.ok ? Boolean(v.value) : undefined;
}

export function evaluateNumber(node: Node, symbols: SymbolTable): Value<number> {
  const r = evaluatePrimitive(node, symbols);
  return r.ok && typeof r.value === 'number' ? known(r.value, node) : unknown(node);
}

export function evaluateBoolean(node: Node, symbols: SymbolTable): Value<boolean> {
  const r = evaluatePrimitive(node, symbols);
  return r.ok && typeof r.value === 'boolean' ? known(r.value, node) : unknown(node);
}

/** One property of a statically known object, or why it is not known. */
export type PropertyLookup =
  | { state: 'present'; value: Node; property: TSESTree.Property }
  | { state: 'absent' }
  | { state: 'unknown' };

/**
 * The properties of an object literal, with spreads of other known object literals merged in
 * the order JavaScript applies them. A spread or computed key that cannot be followed makes
 * every key not set after it unknown.
 */
export class ObjectView {
  private readonly entries = new Map<string, PropertyLookup>();
  private wildcard = false;

  private constructor(readonly literal: TSESTree.ObjectExpression | undefined) {}

  static unknownObject(): ObjectView {
    const view = new ObjectView(undefined);
    view.wildcard = true;
    return view;
  }

  static empty(): ObjectView {
    return new ObjectView(undefined);
  }

  /**
   * What spreading `object` gives for `keys`, when `object` is a value this file cannot see (a
   * parameter): each key is `object.key`, read where the object comes from.
   */
  static ofMembers(object: Node, keys: readonly string[]): ObjectView {
    const view = new ObjectView(undefined);
    for (const key of keys) {
      const property = { type: 'Identifier', name: key, range: object.range, loc: object.loc, parent: undefined } as unknown as TSESTree.Identifier;
      const member = { type: 'MemberExpression', object, property, computed: false, optional: false, range: object.range, loc: object.loc, parent: object.parent } as unknown as TSESTree.MemberExpression;
      const prop = { type: 'Property', key: property, value: member, kind: 'init', computed: false, method: false, shorthand: false, range: object.range, loc: object.loc, parent: object.parent } as unknown as TSESTree.Property;
      view.entries.set(key, { state: 'present', value: member, property: prop });
    }
    return view;
  }

  /**
   * Builds the view of `node` (an object literal, or a `const` that holds one). `spreadOf` may say
   * what a spread this file cannot follow holds (an imported object, assumed to be of a given shape).
   */
  static of(node: Node, symbols: SymbolTable, depth = 0, spreadOf?: (node: Node) => ObjectView | undefined): ObjectView {
    const expr = resolveExpression(node, symbols);
    if (expr.type !== 'ObjectExpression' || depth > MAX_DEPTH) return ObjectView.unknownObject();
    const view = new ObjectView(expr);
    for (const prop of expr.properties) {
      if (prop.type === 'SpreadElement') {
        const branches = ObjectView.spreadBranches(prop.argument, symbols);
        if (branches) {
          // `...(prod ? { a: 1 } : {})`, `...(flag && { b })`: only the branches' keys may change,
          // each to a value not known here.
          const views = branches.map((b) => ObjectView.of(b, symbols, depth + 1, spreadOf));
          if (views.some((v) => v.wildcard)) view.forgetAll();
          for (const v of views) for (const key of v.entries.keys()) view.entries.set(key, { state: 'unknown' });
          continue;
        }
        const spread = spreadOf?.(prop.argument) ?? ObjectView.of(prop.argument, symbols, depth + 1, spreadOf);
        view.mergeFrom(spread);
        continue;
      }
      const key = propertyKeyName(prop);
      if (key === undefined) {
        view.forgetAll();
        continue;
      }
      if (prop.kind !== 'init') {
        view.entries.set(key, { state: 'unknown' });
        continue;
      }
      view.entries.set(key, { state: 'present', value: prop.value, property: prop });
    }
    return view;
  }

  /**
   * The objects a spread of a conditional may contribute: both branches of `c ? a : b`, the right
   * side of `c && a`; nothing for a branch that spreads nothing (`{}`, `undefined`, `null`, `false`).
   * `undefined` when the spread is not a conditional.
   */
  private static spreadBranches(node: Node, symbols: SymbolTable): Node[] | undefined {
    const expr = resolveExpression(node, symbols);
    const spreadsNothing = (n: Node): boolean => {
      const v = evaluatePrimitive(n, symbols);
      return v.ok && (v.value === undefined || v.value === null || v.value === false || v.value === '');
    };
    if (expr.type === 'ConditionalExpression') return [expr.consequent, expr.alternate].filter((n) => !spreadsNothing(n));
    if (expr.type === 'LogicalExpression' && expr.operator === '&&') return spreadsNothing(expr.right) ? [] : [expr.right];
    return undefined;
  }

  get(key: string): PropertyLookup {
    return this.entries.get(key) ?? (this.wildcard ? { state: 'unknown' } : { state: 'absent' });
  }

  /** True when the object literal written at the call site is the whole object (no spreads). */
  get isInlineLiteral(): boolean {
    return this.literal !== undefined && this.literal.properties.every((p) => p.type === 'Property');
  }

  private forgetAll(): void {
    for (const key of this.entries.keys()) this.entries.set(key, { state: 'unknown' });
    this.wildcard = true;
  }

  private mergeFrom(other: ObjectView): void {
    if (other.wildcard) this.forgetAll();
    for (const [key, lookup] of other.entries) this.entries.set(key, lookup);
  }
}

/** A property evaluated as a number, three-valued. */
export function numberProp(view: ObjectView, key: string, symbols: SymbolTable): Value<number> {
  const p = view.get(key);
  if (p.state === 'absent') return ABSENT;
  if (p.state === 'unknown') return unknown();
  return valueOrAbsent(p.value, evaluateNumber(p.value, symbols), symbols);
}

export function booleanProp(view: ObjectView, key: string, symbols: SymbolTable): Value<boolean> {
  const p = view.get(key);
  if (p.state === 'absent') return ABSENT;
  if (p.state === 'unknown') return unknown();
  return valueOrAbsent(p.value, evaluateBoolean(p.value, symbols), symbols);
}

/** `prop: undefined` behaves as if the property were not given. */
function valueOrAbsent<T>(node: Node, value: Value<T>, symbols: SymbolTable): Value<T> {
  if (value.state === 'unknown') {
    const r = evaluatePrimitive(node, symbols);
    if (r.ok && r.value === undefined) return ABSENT;
  }
  return value;
}
