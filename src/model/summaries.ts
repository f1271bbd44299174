/**
 * Per-function summaries: what one function does with its parameters, extracted once per file,
 * in terms of the function's own parameters, so that a caller can substitute what it passes.
 * The handler facts are a handler's summary with the summaries of the functions it calls
 * composed in (src/analyzers/handlers/compose.ts), in this file and across modules.
 *
 * Language-neutral and plain data: a Python extractor produces the same summaries, and the
 * caches store them as they are.
 */
import type { Span } from '../core/ast.js';

/**
 * Where a value comes from. `{ fn, i, steps }`: parameter `i` of the function `fn` (a summary id
 * of the same file), then `steps`: a field name, `[]` (an element of a collection, any index),
 * `[0]` (the first element) or `~` (a value computed from it: `JSON.parse(x)`, `.map(…)`).
 * Variables of enclosing functions keep their own function's id, so a closure's origins
 * resolve in its caller's bindings.
 */
export type Origin =
  | { fn: string; i: number; steps: string[] }
  /** A caught error, or what a service call returned: never a record's identifier. */
  | { other: 'error' | 'response' };

/** What a call or a reference names as its function. */
export type CalleeTarget =
  /** A function of the same file (`summary.id`). */
  | { local: string }
  /** An imported function: the module as written and the export's name (`default` for the module's default). */
  | { module: string; name: string }
  /**
   * A parameter of a function of this file (a callback, or an injected dependency); with
   * `method`, a method of the object the parameter is (`store.save(…)` where the caller passes
   * `Store()`): the composer finds it in the class the call site gives (`ArgSummary.instance`).
   */
  | { param: { fn: string; i: number; method?: string } }
  /** A library function known to throw on bad input (`JSON.parse`). */
  | { throwing: string }
  /** Anything else: a method of an object, a global. `text` names it for messages. */
  | { unknown: string };

/** An argument: where its value comes from, or the function it is. */
export interface ArgSummary {
  origin?: Origin | undefined;
  fn?: CalleeTarget | undefined;
  /** The argument is an instance of a class of the project: this module's (`local`, the class's name) or another's. */
  instance?: { local: string } | { module: string; name: string } | undefined;
}

/** Where an operation sits in its function: in which loop, under which try blocks and promise catches. */
export interface OpContext {
  /** The innermost loop of this function that contains it (index into `loops`). */
  loop?: number | undefined;
  /** Indices into `catches` of the handlers that catch what it throws here, innermost first. */
  caughtBy: number[];
}

export interface CallSummary {
  span: Span;
  callee: CalleeTarget;
  args: ArgSummary[];
  /** `await f()`, `return f()` in an async function, or a promise handed on: a rejection reaches the caller. */
  awaited: boolean;
  ctx: OpContext;
  /** The call's value is the function's result (`return f(x)`, `=> f(x)`). */
  returned: boolean;
  /** What each argument is, for a callee whose side effects' guards depend on its parameters (`EffectSummary.guard`). */
  argShapes?: ValueShape[] | undefined;
  /** Python's keyword arguments, by name, as `argShapes`. */
  argKeywords?: Record<string, ValueShape> | undefined;
  /**
   * The call's promise is pushed to a list that a `Promise.all` combines (`tasks.push(send(r))` …
   * `await Promise.all(tasks)`), with nothing there to catch it: where its rejection surfaces.
   */
  pushedTo?: Span | undefined;
  /**
   * The function is handed to a library that runs it (a thread's \`target\`, an executor's
   * \`submit\`/\`map\`): its work and side effects happen, its failure does not reach this function.
   */
  detached?: true;
}

export interface ThrowSummary {
  span: Span;
  kind: 'throw' | 'rethrow';
  ctx: OpContext;
  /**
   * The throw is reached only when the value at \`origin\` is none of \`values\` (the \`else\` of
   * \`if x == "INSERT": … elif x == "MODIFY": …\`); \`caseless\`: compared after \`.upper()\`/\`.lower()\`.
   */
  unless?: { origin: Origin; values: string[]; caseless?: true } | undefined;
}

/** A `try { … } catch`, or a `.catch(fn)` / `.then(_, fn)` on a promise. */
export interface CatchSummary {
  span: Span;
  kind: 'try' | 'promise';
  /** The catch throws again (or its callback can): the failure still reaches the caller. */
  rethrows: boolean;
  /** `break` or `return` in the catch: the enclosing loop stops. */
  exitsLoop: boolean;
  /** Assigns a variable of an outer scope (a "failed" flag): the loop may stop by itself. */
  setsOuterState: boolean;
  /** `return <value>` in the catch: the failure is handed back as the function's result (`{ ok: false }`). */
  returnsValue?: true | undefined;
  /** For `promise`: the callback, when it is a function of this file (its own summary decides `rethrows`). */
  handler?: CalleeTarget | undefined;
  /** Where the catch itself sits. */
  ctx: OpContext;
  /** Loops of this function inside the try block: a failure there ends the loop here. */
  loopsInside: number[];
}

export interface LoopSummary {
  /** The loop's head (`for (… of records)`, the `.map` name): where findings point. */
  span: Span;
  style: 'for-of' | 'for' | 'for-in' | 'while' | 'forEach' | 'map' | 'reduce' | 'other';
  /** The collection iterated, when known. */
  over: Origin | undefined;
  /** Array methods: the callback, and which of its parameters takes the element. */
  callback?: { target: CalleeTarget; elementParam: number; async: boolean | undefined } | undefined;
  /** `Promise.all` / `allSettled` / `any` / `race` over the results of a `.map`, or an async `forEach`. */
  concurrent?: 'Promise.all' | 'Promise.allSettled' | 'Promise.any' | 'Promise.race' | 'async-forEach' | undefined;
  /** The `Promise.all(…)` call, and where it sits (whether its rejection is caught here). */
  combinator?: { span: Span; ctx: OpContext } | undefined;
  /** A `.map` callback that returns a call's promise (`(r) => send(r)`): work per record. */
  callbackReturnsCall?: boolean | undefined;
  /** Work in the loop's own body that can fail for one record: `await`, `throw`, a try/catch. */
  ownWork: boolean;
  /**
   * `return`s in the loop's own body (not in a `catch`, not in a nested function) that leave the
   * function with records not yet processed, unless what they return is a batch response.
   */
  exits?: Span[] | undefined;
  ctx: OpContext;
}

/** What a `return` (or a Node.js `callback(null, value)`) gives back. */
export type ReturnValue =
  /** `empty`: the list is written empty (`{ batchItemFailures: [] }`): it names no record. */
  | { kind: 'batch'; empty?: boolean }
  | { kind: 'none' }
  | { kind: 'unknown' }
  /** The result of a call (`return respond(200, body)`). */
  | { kind: 'call'; callee: CalleeTarget };

export interface ReturnSummary {
  span: Span;
  value: ReturnValue;
  /** `callback(null, value)` through parameter `callbackParam` (Node.js callback handlers). */
  callbackParam?: number | undefined;
}

/** A read of a field of a value that comes from a parameter (`record.messageId`): evidence of the source. */
export interface ReadSummary {
  origin: Origin;
  /** The first read of it. */
  span: Span;
}

/**
 * An external side effect the function performs in its own code (or a helper of its file), as
 * require-idempotency judges it where it is written: for a handler in another module that calls
 * this function, composed at the call site.
 */
/**
 * A value as far as the guards of require-idempotency need it, serialisable: an object literal's
 * keys, a scalar's freshness (and its string, when settled), a hole for a parameter of the function
 * the value is written in (`item.pk`: parameter 0, path `pk`), filled by what each caller passes.
 */
export type ValueShape =
  /** `spreads`: objects spread into it (`{ ...item, at }`), their keys under its own. */
  | { object: Record<string, ValueShape>; open?: true; spreads?: ValueShape[] }
  | { scalar: 'fresh' | 'request-id' | 'stable'; text?: string }
  /** `name`: the parameter's name, for a call that gives it by keyword (Python). */
  | { param: number; path: string[]; name?: string }
  | { unknown: true };

export interface EffectSummary {
  /** The catalogue entry (`sqs.SendMessage`). */
  effect: string;
  /** How the code names it (`SendMessageCommand`). */
  operation: string;
  span: Span;
  /** What the call's own arguments show (never `unguarded` when a guard's value is not settled). */
  call: 'unguarded' | 'guarded' | 'fresh-key' | 'request-id-key' | 'unknown';
  keyName?: string | undefined;
  /** Guarded where it is written: Powertools idempotency, or a conditional-write claim before it. */
  coveredBy?: 'powertools' | 'claim' | undefined;
  /**
   * Not settled where it is written because its input comes from the function's parameters
   * (`put({ TableName, Item: item })`): the guard check and the input's shape, judged again once a
   * caller's arguments fill the holes.
   */
  guard?: { check: string; params: ValueShape } | undefined;
}

export interface FunctionSummary {
  /** `f<offset>`: unique in its file. */
  id: string;
  /** How the file names it: `process`, `Worker.handle` (for resolving imports and `this.method`). */
  name: string | undefined;
  span: Span;
  async: boolean;
  /** How many parameters it declares. */
  params: number;
  /** The last name of a parameter's type annotation (`SQSRecord`), by parameter index, where written. */
  paramTypes: Record<number, string>;
  loops: LoopSummary[];
  calls: CallSummary[];
  throws: ThrowSummary[];
  catches: CatchSummary[];
  returns: ReturnSummary[];
  reads: ReadSummary[];
  /** `callback(error)` through a parameter: `{ param, span, ctx }`. */
  callbackErrors: { param: number; span: Span; ctx: OpContext }[];
  /** The external side effects it performs (named functions of files that call a service or an HTTP API). */
  effects?: EffectSummary[] | undefined;
}

/** A function's summary with nothing found in it yet (each extractor fills the lists as it walks). */
export function emptySummary(head: Pick<FunctionSummary, 'id' | 'name' | 'span' | 'async' | 'params' | 'paramTypes'>): FunctionSummary {
  return { ...head, loops: [], calls: [], throws: [], catches: [], returns: [], reads: [], callbackErrors: [] };
}

/** An origin one step further (\`record\` → \`record.body\`). */
export function extendOrigin(origin: { fn: string; i: number; steps: string[] }, step: string): { fn: string; i: number; steps: string[] } {
  return { fn: origin.fn, i: origin.i, steps: [...origin.steps, step] };
}

/** A value computed from a parameter's (\`JSON.parse(x)\`, \`.map(…)\`): the origin with a \`~\` step. */
export function deriveOrigin(origin: Origin | undefined): Origin | undefined {
  return origin && 'fn' in origin ? extendOrigin(origin, '~') : undefined;
}
