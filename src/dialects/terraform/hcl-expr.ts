/**
 * Terraform expressions evaluated the way `terraform plan` would, where the module states the
 * answer: `var.queues.orders.visibility / 2`, `local.timeout * 6`, `var.fifo ? 10 : 100`,
 * `max(var.a, 30)`, `aws_sqs_queue.jobs.visibility_timeout_seconds`. The parser gives each
 * expression as the text of an interpolation (`${…}`); this module parses that text and evaluates
 * it in a module's environment: its variables (what the module call or the defaults give), its
 * locals (from every file of the module), and the literal settings of its resources. What cannot
 * be decided (an attribute only known after apply, a data source, a function we do not know) is
 * UNKNOWN, and the text stays as it was.
 */

/** The answer when the module does not state the value. */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type TfValue = unknown;

type Attrs = Record<string, unknown>;

/** What an expression may read. */
export interface TfEnvironment {
  /** `var.<name>`: bound values (a module call's arguments, or the defaults). */
  vars: ReadonlyMap<string, unknown>;
  /** `local.<name>`: the values as written (evaluated when read). */
  locals: ReadonlyMap<string, unknown>;
  /** `<type>.<name>`: each resource's attributes as written (only numbers and booleans are read from them). */
  resources: ReadonlyMap<string, Attrs>;
}

export const EMPTY_ENVIRONMENT: TfEnvironment = { vars: new Map(), locals: new Map(), resources: new Map() };

// ---------------------------------------------------------------------------------------------
// Tokens

type Token =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'id'; v: string }
  | { t: 'op'; v: string };

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '+', '-', '*', '/', '%', '<', '>', '!', '?', ':', '.', ',', '(', ')', '[', ']'];

function tokenize(text: string): Token[] | undefined {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/u.test(c)) {
      i++;
      continue;
    }
    const num = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/u.exec(text.slice(i));
    if (num) {
      out.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][\w-]*/u.exec(text.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    if (c === '"') {
      let s = '';
      i++;
      for (;;) {
        if (i >= text.length) return undefined;
        const ch = text[i] as string;
        if (ch === '"') break;
        // A template inside the string (`"${…}"`) or an escape we do not read: not decided here.
        if (ch === '$' && text[i + 1] === '{') return undefined;
        if (ch === '\\') {
          const next = text[i + 1];
          const escaped = next === 'n' ? '\n' : next === 't' ? '\t' : next === '"' || next === '\\' ? next : undefined;
          if (escaped === undefined) return undefined;
          s += escaped;
          i += 2;
          continue;
        }
        s += ch;
        i++;
      }
      out.push({ t: 'str', v: s });
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op === undefined) return undefined;
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/** Bounds: how deep locals may refer to each other, how many steps one expression may take. */
const MAX_DEPTH = 16;
const MAX_STEPS = 10_000;

/** A value that names something only known later: the `${…}` text of a single reference, kept so that it can still be followed. */
const WHOLE_REFERENCE = /^\$\{([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[(?:\d+|"[^"]*")\])*)\}$/u;

class Evaluator {
  private pos = 0;
  private steps = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly scope: Scope,
  ) {}

  run(): TfValue {
    const v = this.conditional();
    return this.pos === this.tokens.length ? v : UNKNOWN;
  }

  private peek(v: string): boolean {
    const t = this.tokens[this.pos];
    return t !== undefined && t.t === 'op' && t.v === v;
  }

  private eat(v: string): boolean {
    if (!this.peek(v)) return false;
    this.pos++;
    return true;
  }

  private conditional(): TfValue {
    const cond = this.binary(0);
    if (!this.eat('?')) return cond;
    const yes = this.conditional();
    if (!this.eat(':')) return UNKNOWN;
    const no = this.conditional();
    if (typeof cond === 'boolean') return cond ? yes : no;
    // Either way the same: that value.
    return isPrimitive(yes) && yes === no ? yes : UNKNOWN;
  }

  private static readonly LEVELS: readonly (readonly string[])[] = [['||'], ['&&'], ['==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%']];

  private binary(level: number): TfValue {
    if (level >= Evaluator.LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const op = (Evaluator.LEVELS[level] as readonly string[]).find((o) => this.peek(o));
      if (op === undefined) return left;
      this.pos++;
      const right = this.binary(level + 1);
      left = applyBinary(op, left, right);
    }
  }

  private unary(): TfValue {
    if (this.eat('!')) {
      const v = this.unary();
      return typeof v === 'boolean' ? !v : UNKNOWN;
    }
    if (this.eat('-')) {
      const v = this.unary();
      return typeof v === 'number' ? -v : UNKNOWN;
    }
    return this.postfix();
  }

  private postfix(): TfValue {
    let v = this.primary();
    for (;;) {
      if (this.steps++ > MAX_STEPS) return UNKNOWN;
      if (this.eat('.')) {
        const t = this.tokens[this.pos++];
        if (t === undefined) return UNKNOWN;
        // `.name`, or a legacy index `.0`.
        v = t.t === 'id' ? attribute(v, t.v) : t.t === 'num' ? index(v, t.v) : UNKNOWN;
      } else if (this.eat('[')) {
        if (this.peek('*')) return UNKNOWN;
        const key = this.conditional();
        if (!this.eat(']')) return UNKNOWN;
        v = typeof key === 'number' ? index(v, key) : typeof key === 'string' ? attribute(v, key) : UNKNOWN;
      } else {
        return v;
      }
    }
  }

  private primary(): TfValue {
    const t = this.tokens[this.pos++];
    if (t === undefined) return UNKNOWN;
    if (t.t === 'num' || t.t === 'str') return t.v;
    if (t.t === 'op') {
      if (t.v !== '(') return UNKNOWN;
      const v = this.conditional();
      return this.eat(')') ? v : UNKNOWN;
    }
    if (t.v === 'true' || t.v === 'false') return t.v === 'true';
    if (t.v === 'null') return null;
    if (this.peek('(')) return this.call(t.v);
    return this.root(t.v);
  }

  private call(name: string): TfValue {
    this.pos++;
    const args: TfValue[] = [];
    if (!this.eat(')')) {
      for (;;) {
        args.push(this.conditional());
        if (this.eat(')')) break;
        if (!this.eat(',')) return UNKNOWN;
      }
    }
    return applyFunction(name, args);
  }

  /** `var.x`, `local.y`, `aws_sqs_queue.jobs` (followed by the postfix): the value the module gives it. */
  private root(name: string): TfValue {
    if (name === 'var' || name === 'local') {
      if (!this.eat('.')) return UNKNOWN;
      const t = this.tokens[this.pos++];
      if (t === undefined || t.t !== 'id') return UNKNOWN;
      return name === 'var' ? this.scope.variable(t.v) : this.scope.local(t.v);
    }
    if (!this.peek('.') || NOT_ADDRESSES.has(name)) return UNKNOWN;
    const next = this.tokens[this.pos + 1];
    const after = this.tokens[this.pos + 2];
    if (next?.t !== 'id') return UNKNOWN;
    // `type.name.attribute`: a setting of one of the module's resources, when it is a number or a boolean.
    const attrName = this.tokens[this.pos + 3];
    if (after?.t === 'op' && after.v === '.' && attrName?.t === 'id') {
      const setting = this.scope.resourceSetting(name, next.v, attrName.v);
      if (setting !== UNKNOWN) {
        this.pos += 4;
        return setting;
      }
    }
    // Otherwise the reference itself, kept as text for links to follow (the postfix appends
    // `[0].key`): a conditional may choose it (`cond ? aws_s3_object.code[0].key : null`).
    this.pos += 2;
    return `\${${name}.${next.v}}`;
  }
}

/** Roots that name no resource, data source or module (`each.key`, `count.index`, `path.module`). */
const NOT_ADDRESSES = new Set(['each', 'count', 'path', 'self', 'terraform']);

function isPrimitive(v: TfValue): v is number | string | boolean | null {
  return v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';
}

/** A whole reference kept as text gets the rest of the path appended: `${var.q}` then `.arn` → `${var.q.arn}`. */
function extendReference(v: TfValue, suffix: string): TfValue {
  if (typeof v !== 'string') return UNKNOWN;
  const m = WHOLE_REFERENCE.exec(v);
  return m ? `\${${m[1] as string}${suffix}}` : UNKNOWN;
}

function attribute(v: TfValue, name: string): TfValue {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return Object.hasOwn(v, name) ? (v as Attrs)[name] : UNKNOWN;
  return /^[A-Za-z_][\w-]*$/u.test(name) ? extendReference(v, `.${name}`) : UNKNOWN;
}

function index(v: TfValue, i: number): TfValue {
  if (Array.isArray(v)) return Number.isInteger(i) && i >= 0 && i < v.length ? v[i] : UNKNOWN;
  return Number.isInteger(i) && i >= 0 ? extendReference(v, `[${i}]`) : UNKNOWN;
}

function applyBinary(op: string, a: TfValue, b: TfValue): TfValue {
  if (op === '==' || op === '!=') {
    if (!isPrimitive(a) || !isPrimitive(b)) return UNKNOWN;
    // An unresolved reference compared with something: not decided.
    if ((typeof a === 'string' && a.includes('${')) || (typeof b === 'string' && b.includes('${'))) return UNKNOWN;
    return op === '==' ? a === b : a !== b;
  }
  if (op === '&&' || op === '||') {
    if (typeof a === 'boolean' && typeof b === 'boolean') return op === '&&' ? a && b : a || b;
    // `false && x` and `true || x` decide without `x`.
    if (op === '&&' && a === false) return false;
    if (op === '||' && a === true) return true;
    return UNKNOWN;
  }
  const x = toNumber(a);
  const y = toNumber(b);
  if (x === undefined || y === undefined) return UNKNOWN;
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return y === 0 ? UNKNOWN : x / y;
    case '%':
      return y === 0 ? UNKNOWN : x % y;
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    case '>=':
      return x >= y;
    default:
      return UNKNOWN;
  }
}

const NUMERIC = /^-?\d+(?:\.\d+)?$/u;

/** A number, or a numeric string (Terraform converts one where a number is needed). */
function toNumber(v: TfValue): number | undefined {
  return typeof v === 'number' ? v : typeof v === 'string' && NUMERIC.test(v) ? Number(v) : undefined;
}

function numbersOf(args: readonly TfValue[]): number[] | undefined {
  const out: number[] = [];
  for (const a of args) {
    const n = toNumber(a);
    if (n === undefined) return undefined;
    out.push(n);
  }
  return out;
}

/** Terraform's built-in functions whose answer follows from literal arguments (the rest are not decided). */
function applyFunction(name: string, args: readonly TfValue[]): TfValue {
  switch (name) {
    case 'min':
    case 'max': {
      const n = numbersOf(args);
      return n && n.length > 0 ? (name === 'min' ? Math.min(...n) : Math.max(...n)) : UNKNOWN;
    }
    case 'floor':
    case 'ceil':
    case 'abs': {
      const n = numbersOf(args);
      if (!n || n.length !== 1) return UNKNOWN;
      return name === 'floor' ? Math.floor(n[0] as number) : name === 'ceil' ? Math.ceil(n[0] as number) : Math.abs(n[0] as number);
    }
    case 'tonumber': {
      const n = numbersOf(args);
      return n && n.length === 1 ? n[0] : UNKNOWN;
    }
    case 'tobool':
      return args.length === 1 && typeof args[0] === 'boolean' ? args[0] : args.length === 1 && (args[0] === 'true' || args[0] === 'false') ? args[0] === 'true' : UNKNOWN;
    case 'lower':
    case 'upper':
    case 'title': {
      const [text] = args;
      if (args.length !== 1 || typeof text !== 'string' || text.includes('${')) return UNKNOWN;
      if (name === 'lower') return text.toLowerCase();
      if (name === 'upper') return text.toUpperCase();
      // Terraform's `title`: the first letter of each word in upper case, the rest as written.
      return text.replace(/(^|[^\p{L}\p{N}])(\p{L})/gu, (_m, before: string, letter: string) => before + letter.toUpperCase());
    }
    case 'coalesce': {
      // The first argument that is neither null nor an empty string, when all before it are decided.
      for (const a of args) {
        if (a === UNKNOWN || (typeof a === 'string' && a.includes('${'))) return UNKNOWN;
        if (a !== null && a !== '') return a;
      }
      return UNKNOWN;
    }
    default:
      return UNKNOWN;
  }
}

// ---------------------------------------------------------------------------------------------
// Scopes

/** Reads `var`, `local` and resource settings of one environment, each local evaluated once. */
class Scope {
  private readonly localValues = new Map<string, TfValue>();
  private readonly evaluating = new Set<string>();
  depth = 0;

  constructor(readonly env: TfEnvironment) {}

  variable(name: string): TfValue {
    return this.env.vars.has(name) ? this.env.vars.get(name) : UNKNOWN;
  }

  local(name: string): TfValue {
    if (this.localValues.has(name)) return this.localValues.get(name);
    if (!this.env.locals.has(name) || this.evaluating.has(name) || this.depth >= MAX_DEPTH) return UNKNOWN;
    this.evaluating.add(name);
    this.depth++;
    const v = this.resolve(this.env.locals.get(name));
    this.depth--;
    this.evaluating.delete(name);
    this.localValues.set(name, v);
    return v;
  }

  resourceSetting(type: string, name: string, attr: string): TfValue {
    const key = `${type}.${name}.${attr}`;
    if (this.evaluating.has(key) || this.depth >= MAX_DEPTH) return UNKNOWN;
    const attrs = this.env.resources.get(`${type}.${name}`);
    if (!attrs || !Object.hasOwn(attrs, attr)) return UNKNOWN;
    this.evaluating.add(key);
    this.depth++;
    const v = this.resolve(attrs[attr]);
    this.depth--;
    this.evaluating.delete(key);
    // Only a number or a boolean: a resource's string settings (a name, an ARN) stay references, which links follow.
    return typeof v === 'number' || typeof v === 'boolean' ? v : UNKNOWN;
  }

  /** A value as written, its expressions evaluated where they can be (a single-interpolation string becomes its value). */
  resolve(value: unknown): TfValue {
    return substituteInterpolations(value, (expr) => evaluateIn(expr, this)).value;
  }
}

/** Evaluates the text of one interpolation in `scope`. */
function evaluateIn(expr: string, scope: Scope): TfValue {
  const tokens = tokenize(expr);
  if (!tokens || tokens.length === 0) return UNKNOWN;
  return new Evaluator(tokens, scope).run();
}

/** Evaluates the text of one interpolation (`var.a / 2`) in a module's environment. */
export function evaluateExpression(expr: string, env: TfEnvironment): TfValue {
  return evaluateIn(expr, new Scope(env));
}

const SUBSTITUTION_BUDGET = 200_000;

/** A value as the parser gives it with each string replaced by `replace(string)` (bounded: a huge value keeps its rest). */
export function mapStrings(value: unknown, replace: (s: string) => unknown): unknown {
  let budget = SUBSTITUTION_BUDGET;
  const walk = (v: unknown): unknown => {
    if (budget-- <= 0) return v;
    if (typeof v === 'string') return replace(v);
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v as Attrs).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value);
}

/**
 * Each interpolation of a value's strings replaced by what `evaluate` makes of its expression
 * (UNKNOWN: kept as written): a string that is one interpolation becomes the value itself; inside
 * a longer string only a literal is spliced in. `marker`: only strings that contain it are read.
 */
export function substituteInterpolations(value: unknown, evaluate: (expr: string) => TfValue, marker = '${'): { value: unknown; changed: boolean } {
  let changed = false;
  // Innermost interpolations first, then what holds them (`"${c ? "${var.a}.x" : null}"`), a few levels deep.
  const out = mapStrings(value, (v) => {
    let current: unknown = v;
    for (let pass = 0; pass < MAX_NESTING && typeof current === 'string'; pass++) {
      const next = substituteOnce(current);
      if (next === current) break;
      current = next;
    }
    return current;
  });
  return { value: out, changed };

  function substituteOnce(v: string): unknown {
    if (!v.includes('${') || !v.includes(marker)) return v;
    const whole = /^\$\{([^{}]*)\}$/u.exec(v);
    if (whole) {
      const r = evaluate((whole[1] as string).trim());
      if (r === UNKNOWN || r === v) return v;
      changed = true;
      return r;
    }
    return v.replace(/\$\{([^{}]*)\}/gu, (m: string, expr: string) => {
      const r = evaluate(expr.trim());
      if (typeof r === 'number' || typeof r === 'boolean' || (typeof r === 'string' && !r.includes('${'))) {
        changed = true;
        return String(r);
      }
      return m;
    });
  }
}

/** How many levels of interpolations inside interpolations are read. */
const MAX_NESTING = 4;

/**
 * A module body with every expression the environment decides replaced by its value (the rest
 * as written); `changed` says whether anything was.
 */
export function substituteEnvironment(value: unknown, env: TfEnvironment): { value: unknown; changed: boolean } {
  const scope = new Scope(env);
  return substituteInterpolations(value, (expr) => evaluateIn(expr, scope));
}
