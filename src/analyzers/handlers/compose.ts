/**
 * Composes a handler's facts from per-function summaries: the handler's own summary, with the
 * summaries of the functions it calls substituted at each call site (in its file and, through a
 * resolver, across modules), bounded in depth and work. What the handler rules ask — which loops
 * process the batch record by record, which throws leave per-record processing, which catches
 * drop a failure, whether a batch response is returned — follows from the summaries alone: a
 * new shape of handler code is a new summary fact, not a new branch here.
 *
 * Language-neutral: it reads summaries, never syntax.
 */
import type { Span } from '../../core/ast.js';
import type { CatchFact, EscapingThrowFact, HandlerSourceKind, RecordLoopFact, SwallowFact, UnprocessedFact } from '../../model/facts.js';
import type { ArgSummary, CalleeTarget, EffectSummary, FunctionSummary, OpContext, Origin, ThrowSummary, ValueShape } from '../../model/summaries.js';
import { fillShape, hasHole, judgeShape } from '../code/value-shapes.js';
import { EVENT_TYPES, FIFO_ONLY_ATTRIBUTES, HANDLER_TYPES, RECORD_FIELD_VALUES, RECORD_FIELDS, RECORD_TYPES, type SourceInfo } from './sources.js';

/** Calls followed from a handler, at most, in depth and in number of functions. */
export const MAX_CALL_DEPTH = 8;
export const MAX_FUNCTIONS = 400;

export interface SummaryResolver {
  /** The summaries of a file of the project (`undefined` when it cannot be read). */
  summariesOf(file: string): readonly FunctionSummary[] | undefined;
  /**
   * The function an import names (`module` as written in `file`, the export's `name`), or why
   * not: `unresolved` when this resolver cannot follow imports (a single file), `missing` when
   * the module or export is not in the project (a package, a file that does not exist).
   */
  imported(file: string, module: string, name: string): { file: string; summary: FunctionSummary } | 'unresolved' | 'missing';
  /**
   * Whether a function of another file is a handler in its own right (the rules report its side
   * effects there): they are not reported again at the call that reaches it.
   */
  isHandler?(file: string, summary: FunctionSummary): boolean;
}

export interface HandlerComposition {
  loops: RecordLoopFact[];
  escapingThrows: EscapingThrowFact[];
  swallowed: SwallowFact[];
  unprocessed: UnprocessedFact[];
  returnsBatchResponse: 'yes' | 'no' | 'unknown';
  batchResponseSpan: Span | undefined;
  /** Source evidence from record fields read and parameter types, in every function reached. */
  fieldSources: SourceInfo[];
  typeSources: SourceInfo[];
  /** A FIFO-only record attribute is read. */
  fifo: boolean;
  /** Functions of the handler's own file that run for it (by summary id). */
  reached: string[];
  /** Imports the resolver could not follow (`module#name`): a project resolver may. */
  unresolved: string[];
  /** Imported functions given the event or a record (or making the result) that are not in the project: unknown. */
  notFollowed: string[];
  /** A bound (depth or work) was hit: what lies beyond is unknown. */
  bounded: boolean;
  /** Side effects performed in other modules' functions the handler reaches, with the call in the handler's file that leads there. */
  effects: ComposedEffect[];
}

/** A side effect of another module, reached from the handler's file through the call at `anchor`. */
export interface ComposedEffect extends EffectSummary {
  file: string;
  anchor: Span;
}

type RootOrigin = { fn: '$'; i: number; steps: string[] };
type Resolved = RootOrigin | { other: 'error' | 'response' } | undefined;

interface FnRef {
  file: string;
  summary: FunctionSummary;
}

interface Frame {
  file: string;
  /** Where findings in another file are reported: the call in the handler's file that leads there. */
  anchor: Span | undefined;
  depth: number;
  /** The function runs once per record (it is called from inside per-record processing). */
  inRecord: boolean;
  /** The catch list of the record loop this function runs in. */
  loopCatches: CatchFact[] | undefined;
  /** What the function returns is dropped (a `forEach` callback): a promise it returns is awaited by no one. */
  returnDropped?: boolean;
  /** What the call that runs it passes (`CallSummary.argShapes`): fills the holes of its side effects' guards. */
  argShapes?: ValueShape[] | undefined;
  argKeywords?: Record<string, ValueShape> | undefined;
}

interface Escape {
  span: Span;
  kind: EscapingThrowFact['kind'];
  perRecord: boolean;
  /** For `parse`: the call that throws on malformed input. */
  callee?: string;
  /** Thrown synchronously to the caller (not a rejected promise). */
  sync?: boolean;
}

interface FnResult {
  escapes: Escape[];
  /** It can throw or reject to its caller. */
  mayFail: boolean;
  /** What it returns can reject (an async function that can fail, or a returned promise that can): not its synchronous throws. */
  rejects: boolean;
  /** It does work that can fail for a record, even when it catches the failure itself. */
  work: boolean;
  returns: 'yes' | 'no' | 'unknown';
  batchSpan: Span | undefined;
  /** It processes the batch's records (a record loop here or in a callee), with work that can fail. */
  recordLoopWork: boolean;
  /** Side effects of other modules' functions it performs, itself or through its callees. */
  effects?: { file: string; effect: EffectSummary }[] | undefined;
}

const UNKNOWN_RESULT: FnResult = { escapes: [], mayFail: true, rejects: true, work: true, returns: 'unknown', batchSpan: undefined, recordLoopWork: false };
const RECURSIVE_RESULT: FnResult = { escapes: [], mayFail: false, rejects: false, work: false, returns: 'unknown', batchSpan: undefined, recordLoopWork: false };

export function composeHandler(rootFile: string, root: FunctionSummary, resolver: SummaryResolver): HandlerComposition {
  return new Composer(rootFile, root, resolver).run();
}

class Composer {
  private readonly out: HandlerComposition = {
    loops: [],
    escapingThrows: [],
    swallowed: [],
    unprocessed: [],
    returnsBatchResponse: 'no',
    batchResponseSpan: undefined,
    fieldSources: [],
    typeSources: [],
    fifo: false,
    reached: [],
    unresolved: [],
    notFollowed: [],
    bounded: false,
    effects: [],
  };
  private readonly seenEffects = new Set<string>();
  /** The side effects collected for each function being processed, innermost last. */
  private readonly effectScopes: { file: string; effect: EffectSummary }[][] = [];
  /** `file|fn|i` → what the parameter holds, relative to the handler's parameters. */
  private readonly env = new Map<string, Resolved>();
  /** `file|fn|i` → the function a parameter holds, or the Lambda callback. */
  private readonly fnEnv = new Map<string, FnRef | 'lambda-callback'>();
  /** Parameters bound to an instance of a project class (`save(Store())`): where the class is named, and how. */
  private readonly instEnv = new Map<string, { file: string; instance: NonNullable<ArgSummary['instance']> }>();
  private readonly memo = new Map<string, { result: FnResult; anchor: Span | undefined }>();
  private readonly inProgress = new Set<string>();
  private processed = 0;
  private readonly seenSwallows = new Set<string>();
  private readonly seenReached = new Set<string>();
  /** The first read of `event.Records[0]`. */
  private firstRecordRead: Span | undefined;

  constructor(
    private readonly rootFile: string,
    private readonly root: FunctionSummary,
    private readonly resolver: SummaryResolver,
  ) {}

  run(): HandlerComposition {
    for (let i = 0; i < Math.max(3, this.root.params); i++) this.env.set(`${this.rootFile}|${this.root.id}|${i}`, { fn: '$', i, steps: [] });
    this.fnEnv.set(`${this.rootFile}|${this.root.id}|2`, 'lambda-callback');
    const result = this.process({ file: this.rootFile, summary: this.root }, { file: this.rootFile, anchor: undefined, depth: 0, inRecord: false, loopCatches: undefined });
    this.out.escapingThrows = dedupe(result.escapes.filter((e) => e.perRecord).map((e) => ({ span: e.span, kind: e.kind, ...(e.callee !== undefined ? { callee: e.callee } : {}) })));
    // Only the first record read, and no loop over the records anywhere: the rest are never processed.
    if (this.out.loops.length === 0 && this.firstRecordRead) this.out.unprocessed.push({ span: this.firstRecordRead, kind: 'first-record' });
    this.out.returnsBatchResponse = result.returns;
    this.out.batchResponseSpan = result.returns === 'yes' ? result.batchSpan : undefined;
    this.out.unresolved = [...new Set(this.out.unresolved)];
    this.out.notFollowed = [...new Set(this.out.notFollowed)].filter((n) => !isLibraryModule(n.slice(0, n.lastIndexOf('#'))));
    return this.out;
  }

  // -------------------------------------------------------------------------------------------

  private resolve(file: string, origin: Origin | undefined): Resolved {
    if (!origin) return undefined;
    if ('other' in origin) return origin;
    const bound = this.env.get(`${file}|${origin.fn}|${origin.i}`);
    if (!bound || !('fn' in bound)) return bound;
    return { fn: '$', i: bound.i, steps: [...bound.steps, ...origin.steps] };
  }

  /** A value read from the batch's first record (`event.Records[0].body`). */
  private isFirstRecord(o: Resolved): boolean {
    return o !== undefined && 'fn' in o && o.i === 0 && o.steps[0] === 'Records' && o.steps[1] === '[0]';
  }

  /**
   * Whether a throw reached only when a record's field has none of the given values is never
   * reached: the values cover every value the field can have (RECORD_FIELD_VALUES; a handler
   * that tests all of a DynamoDB Streams record's \`eventName\`s expects those records).
   */
  private neverReached(file: string, unless: NonNullable<ThrowSummary['unless']>): boolean {
    const o = this.resolve(file, unless.origin);
    if (!this.isRecordValue(o) || !o || !('fn' in o) || o.steps.length !== 3) return false;
    const field = o.steps[2] as string;
    const possible = Object.hasOwn(RECORD_FIELD_VALUES, field) ? RECORD_FIELD_VALUES[field] : undefined;
    if (!possible) return false;
    const values = new Set(unless.values.map((v) => (unless.caseless ? v.toUpperCase() : v)));
    return possible.every((name) => values.has(name));
  }

  /** A value of the batch's records: a record, or something read from one. */
  private isRecordValue(o: Resolved): boolean {
    return o !== undefined && 'fn' in o && o.i === 0 && o.steps[0] === 'Records' && o.steps.length >= 2;
  }

  private isRecords(o: Resolved): boolean {
    return o !== undefined && 'fn' in o && o.i === 0 && o.steps[0] === 'Records' && o.steps.slice(1).every((s) => s === '~');
  }

  /** The function a callee names, from `file`. */
  private target(file: string, callee: CalleeTarget): FnRef | 'lambda-callback' | 'external' | 'unresolved' {
    if ('local' in callee) {
      const summary = this.byId(file).get(callee.local);
      return summary ? { file, summary } : 'external';
    }
    if ('module' in callee) {
      const found = this.resolver.imported(file, callee.module, callee.name);
      return found === 'missing' ? 'external' : found;
    }
    if ('param' in callee) {
      const key = `${file}|${callee.param.fn}|${callee.param.i}`;
      if (callee.param.method === undefined) return this.fnEnv.get(key) ?? 'external';
      // A method of the instance the call site passes for the parameter.
      const bound = this.instEnv.get(key);
      if (!bound) return 'external';
      if ('local' in bound.instance) {
        const name = `${bound.instance.local}.${callee.param.method}`;
        const summary = [...this.byId(bound.file).values()].find((s) => s.name === name);
        return summary ? { file: bound.file, summary } : 'external';
      }
      const found = this.resolver.imported(bound.file, bound.instance.module, `${bound.instance.name}.${callee.param.method}`);
      return found === 'missing' ? 'external' : found;
    }
    return 'external';
  }

  private readonly summaryIndex = new Map<string, Map<string, FunctionSummary>>();

  /** A file's summaries by id. */
  private byId(file: string): Map<string, FunctionSummary> {
    let index = this.summaryIndex.get(file);
    if (!index) {
      index = new Map((this.resolver.summariesOf(file) ?? []).map((s) => [s.id, s]));
      this.summaryIndex.set(file, index);
    }
    return index;
  }

  private process(ref: FnRef, frame: Frame): FnResult {
    const { file, summary: s } = ref;
    // What the call binds the parameters to decides the result: part of the memo's key.
    const base = `${file}|${s.id}|`;
    let key = `${base}${frame.inRecord ? 'r' : '-'}${frame.returnDropped === true ? 'd' : ''}`;
    for (let i = 0, n = Math.max(3, s.params); i < n; i++) {
      const o = this.env.get(base + i);
      const f = this.fnEnv.get(base + i);
      const inst = this.instEnv.get(base + i);
      key += `,${o === undefined ? '-' : 'fn' in o ? `${o.i}.${o.steps.join('.')}` : o.other}/${f === undefined ? '-' : f === 'lambda-callback' ? 'cb' : `${f.file}#${f.summary.id}`}`;
      if (inst) key += `/${inst.file}#${'local' in inst.instance ? inst.instance.local : `${inst.instance.module}:${inst.instance.name}`}`;
    }
    const memoised = this.memo.get(key);
    if (memoised) return this.reached(withArguments(reanchored(memoised.result, memoised.anchor, file === this.rootFile ? undefined : frame.anchor), frame.argShapes, frame.argKeywords));
    if (this.inProgress.has(key)) return RECURSIVE_RESULT;
    if (frame.depth > MAX_CALL_DEPTH || this.processed >= MAX_FUNCTIONS) {
      this.out.bounded = true;
      return UNKNOWN_RESULT;
    }
    this.processed++;
    this.inProgress.add(key);
    // Side effects of other modules: this function's own, and its callees' (collected as they are processed).
    const effects: { file: string; effect: EffectSummary }[] = file === this.rootFile ? [] : (s.effects ?? []).map((effect) => ({ file, effect }));
    this.effectScopes.push(effects);
    let result = this.analyse(ref, frame);
    this.effectScopes.pop();
    if (effects.length > 0 && !(file !== this.rootFile && this.resolver.isHandler?.(file, s))) result = { ...result, effects };
    this.inProgress.delete(key);
    this.memo.set(key, { result, anchor: file === this.rootFile ? undefined : frame.anchor });
    return this.reached(withArguments(result, frame.argShapes, frame.argKeywords));
  }

  /** A callee's result, its side effects added to the caller's. */
  private reached(result: FnResult): FnResult {
    const scope = this.effectScopes.at(-1);
    if (scope && result.effects) for (const e of result.effects) if (!scope.includes(e)) scope.push(e);
    return result;
  }

  /** The side effects reached through a call in the handler's file, reported at that call. */
  private effectsAt(anchor: Span, sub: FnResult): void {
    // Guards still waiting for arguments wait for those of a function of the handler's file: judged
    // here, those values not known (a caller there that makes them fresh is not seen).
    for (const { file, effect } of withArguments(sub, []).effects ?? []) {
      const seen = `${file}@${effect.span.range[0]}@${anchor.range[0]}`;
      if (this.seenEffects.has(seen)) continue;
      this.seenEffects.add(seen);
      this.out.effects.push({ ...effect, file, anchor });
    }
  }

  private analyse(ref: FnRef, frame: Frame): FnResult {
    const { file, summary: s } = ref;
    if (file === this.rootFile && !this.seenReached.has(s.id)) {
      this.seenReached.add(s.id);
      this.out.reached.push(s.id);
    }
    const at = (span: Span): Span => (file === this.rootFile ? span : (frame.anchor ?? span));
    const isRecordLoop = s.loops.map((l) => this.isRecords(this.resolve(file, l.over)));
    const loopCatches = s.loops.map((_, i) => (isRecordLoop[i] ? ([] as CatchFact[]) : undefined));
    const loopWork = s.loops.map((l) => l.ownWork);
    /** Record loops with a failure of a record's processing that nothing catches (it fails the batch). */
    const loopUncaught: boolean[] = [];
    /** Record loops none of whose failures went uncaught: they catch them all, if they have catches. */
    const caughtLoops: RecordLoopFact[] = [];
    const uncaughtIn = (loop: number | undefined): void => {
      const rl = recordLoopOf(loop);
      if (rl !== undefined) loopUncaught[rl] = true;
    };
    /** The innermost record loop around an operation, if any. */
    const recordLoopOf = (loop: number | undefined): number | undefined => {
      for (let l = loop; l !== undefined; l = s.loops[l]?.ctx.loop) if (isRecordLoop[l]) return l;
      return undefined;
    };
    const catchRethrows = new Map<number, boolean>();
    const rethrows = (c: number): boolean => {
      const cached = catchRethrows.get(c);
      if (cached !== undefined) return cached;
      const fact = s.catches[c];
      let value = fact?.rethrows ?? false;
      if (fact?.kind === 'promise' && fact.handler && !('unknown' in fact.handler)) {
        const t = this.target(file, fact.handler);
        // Rethrows when the callback throws; other work it awaits is its way of handling the failure.
        if (typeof t === 'object') value = this.process(t, { ...frame, depth: frame.depth + 1 }).escapes.length > 0;
      }
      catchRethrows.set(c, value);
      return value;
    };
    /**
     * A `catch` around the processing of the whole batch that throws again (`catch (e) { log(e);
     * throw e; }`): what it catches still fails the batch, and its own rethrow is not per record.
     */
    const passesThrough = (c: number): boolean => {
      const fact = s.catches[c];
      return fact?.kind === 'try' && fact.rethrows && !frame.inRecord && recordLoopOf(fact.ctx.loop) === undefined;
    };
    const isCaught = (ctx: OpContext): boolean => ctx.caughtBy.some((c) => (s.catches[c]?.kind === 'try' ? !passesThrough(c) : !rethrows(c)));
    /**
     * Catches that catch a call's failure (a service, a helper that failed): dropping that loses
     * the record. A catch around the code's own `throw`s only (a validation that logs) or a parse
     * handles what it expects.
     */
    const covered = new Map<number, boolean>();
    const cover = (ctx: OpContext): void => {
      for (const c of ctx.caughtBy) covered.set(c, true);
    };
    const coversRecords = new Set<number>();
    /** Catches around a call given the batch's only processed record (`event.Records[0]`). */
    const coversFirst = new Set<number>();

    const escapes: Escape[] = [];
    let mayFail = false;
    /** A synchronous callback of an array method that can fail: its throws leave the method (and the loop) unless a catch around it takes them. */
    const leaveLoop = (cb: FnResult, loop: (typeof s.loops)[number]): void => {
      if (!cb.mayFail) return;
      if (!isCaught(loop.ctx)) {
        uncaughtIn(loop.ctx.loop);
        escapes.push(...cb.escapes.map((e) => ({ ...e, sync: e.sync === true && !s.async })));
        mayFail = true;
      } else cover(loop.ctx);
    };
    let returnedRejects = false;
    let work = false;
    let recordLoopWork = false;
    const callResults = new Map<number, FnResult>();

    for (const t of s.throws) {
      if (t.unless && this.neverReached(file, t.unless)) continue;
      const per = frame.inRecord || recordLoopOf(t.ctx.loop) !== undefined;
      const rl = recordLoopOf(t.ctx.loop);
      if (rl !== undefined) loopWork[rl] = true;
      if (!isCaught(t.ctx)) {
        work = true;
        uncaughtIn(t.ctx.loop);
        escapes.push({ span: at(t.span), kind: file === this.rootFile ? t.kind : 'call', perRecord: per, sync: !s.async });
        mayFail = true;
      }
    }

    for (const e of s.callbackErrors) {
      const bound = this.fnEnv.get(`${file}|${s.id}|${e.param}`);
      if (bound !== 'lambda-callback') continue;
      const per = frame.inRecord || recordLoopOf(e.ctx.loop) !== undefined;
      if (per) escapes.push({ span: at(e.span), kind: 'callback', perRecord: true });
      uncaughtIn(e.ctx.loop);
    }

    for (const c of s.calls) {
      const rl = recordLoopOf(c.ctx.loop);
      const per = frame.inRecord || rl !== undefined;
      let fails = false;
      let subWork = false;
      const callee = c.callee;
      const awaited = c.awaited && !(frame.returnDropped === true && c.returned);
      if ('throwing' in callee) {
        fails = true;
        // A parse of a record (of what the event holds) that nothing catches on its way out: one
        // malformed record fails the batch. A parse of configuration fails every record alike.
        const ofInput = c.args.some((a) => this.resolve(file, a.origin) !== undefined);
        if (ofInput && !isCaught(c.ctx)) escapes.push({ span: at(c.span), kind: file === this.rootFile ? 'parse' : 'call', perRecord: per, callee: callee.throwing, sync: !s.async });
      } else if ('unknown' in callee) fails = awaited;
      else {
        const t = this.target(file, callee);
        if (t === 'lambda-callback') continue;
        // A call the file alone cannot follow matters when it is given the event or a record,
        // runs per record, or makes the result: a project resolver may follow it.
        const matters = per || c.returned || c.args.some((a) => this.resolve(file, a.origin) !== undefined);
        if (matters && 'module' in callee && t === 'unresolved') this.out.unresolved.push(`${callee.module}#${callee.name}`);
        if (matters && 'module' in callee && t === 'external') this.out.notFollowed.push(`${callee.module}#${callee.name}`);
        if (typeof t !== 'object') fails = awaited;
        else {
          const restore = this.bindArgs(file, t, c.args);
          const anchor = file === this.rootFile ? c.span : frame.anchor;
          const sub = this.process(t, { file: t.file, anchor, depth: frame.depth + 1, inRecord: per, loopCatches: rl !== undefined ? loopCatches[rl] : frame.loopCatches, argShapes: c.argShapes, argKeywords: c.argKeywords });
          restore();
          if (file === this.rootFile && t.file !== this.rootFile) this.effectsAt(c.span, sub);
          callResults.set(c.span.range[0], sub);
          const propagates = c.detached !== true && (awaited || !t.summary.async);
          fails = sub.mayFail && propagates;
          subWork = sub.work;
          if (sub.recordLoopWork) {
            recordLoopWork = true;
            for (const k of c.ctx.caughtBy) coversRecords.add(k);
          }
          if (propagates && !isCaught(c.ctx)) escapes.push(...sub.escapes.map((e) => ({ ...e, sync: e.sync === true && !s.async && !t.summary.async })));
          else if (propagates && sub.escapes.length > 0) cover(c.ctx);
        }
      }
      // A parse that may throw is not work of its own (a transform of the whole batch); an awaited call or a helper that does work is.
      if ((fails && !('throwing' in callee)) || subWork) {
        work = true;
        if (rl !== undefined) loopWork[rl] = true;
      }
      if (fails && (c.pushedTo !== undefined || !isCaught(c.ctx))) uncaughtIn(c.ctx.loop);
      if (fails && c.pushedTo && !('throwing' in callee)) {
        // A promise pushed to a list a `Promise.all` combines: it rejects there, not here (a catch
        // around the push does not see it), and the whole batch fails with the `Promise.all`.
        if (per) escapes.push({ span: at(c.pushedTo), kind: file === this.rootFile ? 'promise-all' : 'call', perRecord: true });
        mayFail = true;
      } else if (fails) {
        if (!isCaught(c.ctx)) {
          mayFail = true;
          if (c.returned && !('throwing' in callee)) returnedRejects = true;
        } else if (!('throwing' in callee)) {
          cover(c.ctx);
          if (c.args.some((a) => this.isFirstRecord(this.resolve(file, a.origin)))) for (const k of c.ctx.caughtBy) coversFirst.add(k);
        }
      }
    }

    // The callbacks of other array methods (`lines.map((line) => store(line))`) run too: they are
    // reached (their side effects and batch-response entries are the handler's). Inside the
    // processing of a record (`JSON.parse(record.body).items.forEach(lock)`), what they do is that
    // record's work, and what a synchronous callback throws leaves the method, and the record's
    // processing with it. Outside, what they throw is not judged here. First, so that the record
    // loops around them know their work.
    s.loops.forEach((loop, l) => {
      if (isRecordLoop[l] || !loop.callback) return;
      const t = this.target(file, loop.callback.target);
      if (typeof t !== 'object') return;
      const rl = recordLoopOf(loop.ctx.loop);
      const per = frame.inRecord || rl !== undefined;
      const anchor = file === this.rootFile ? loop.span : frame.anchor;
      const returnDropped = loop.style === 'forEach' || (loop.style === 'map' && !loop.concurrent);
      const cb = this.process(t, { file: t.file, anchor, depth: frame.depth + 1, inRecord: per, loopCatches: rl !== undefined ? loopCatches[rl] : frame.loopCatches, returnDropped });
      if (file === this.rootFile && t.file !== this.rootFile) this.effectsAt(loop.span, cb);
      if (!per) return;
      if (cb.work) {
        work = true;
        if (rl !== undefined) loopWork[rl] = true;
      }
      if (cb.recordLoopWork) recordLoopWork = true;
      const async = loop.callback.async ?? t.summary.async;
      if (!async && !loop.concurrent) leaveLoop(cb, loop);
    });

    // Loops over the batch's records.
    s.loops.forEach((loop, l) => {
      if (!isRecordLoop[l]) return;
      const catches = loopCatches[l] as CatchFact[];
      let perRecordWork = loopWork[l] ?? false;
      if (loop.callback) {
        const t = this.target(file, loop.callback.target);
        if (t === 'unresolved' && 'module' in loop.callback.target) this.out.unresolved.push(`${loop.callback.target.module}#${loop.callback.target.name}`);
        if (typeof t === 'object') {
          const over = this.resolve(file, loop.over);
          const elementKey = `${t.file}|${t.summary.id}|${loop.callback.elementParam}`;
          this.env.set(elementKey, over && 'fn' in over ? { fn: '$', i: over.i, steps: [...over.steps, '[]'] } : undefined);
          const anchor = file === this.rootFile ? loop.span : frame.anchor;
          const cb = this.process(t, { file: t.file, anchor, depth: frame.depth + 1, inRecord: true, loopCatches: catches });
          if (file === this.rootFile && t.file !== this.rootFile) this.effectsAt(loop.span, cb);
          if (cb.mayFail && !isCaught(loop.ctx)) loopUncaught[l] = true;
          const async = loop.callback.async ?? t.summary.async;
          if (cb.work) perRecordWork = true;
          if (loop.concurrent && async) perRecordWork = true;
          if (loop.concurrent === 'Promise.all' && loop.callbackReturnsCall) perRecordWork = true;
          // What the elements' promises can do: a synchronous callback's own throw (a parse) leaves
          // the `.map` before any promise is combined, and is not the combinator's rejection.
          const elementsReject = cb.rejects;
          // A synchronous callback's throw (a parse) leaves the `.map`, and the handler with it,
          // before any promise is combined.
          const thrown = !async && loop.concurrent ? cb.escapes.filter((e) => e.sync === true) : [];
          if (thrown.length > 0) {
            if (!isCaught(loop.ctx)) {
              escapes.push(...thrown.map((e) => ({ ...e, sync: !s.async })));
              mayFail = true;
            } else cover(loop.ctx);
          }
          if (loop.concurrent === 'Promise.all' && loop.combinator) {
            if (elementsReject) {
              if (!isCaught(loop.combinator.ctx)) {
                escapes.push({ span: at(loop.combinator.span), kind: 'promise-all', perRecord: true });
                mayFail = true;
              } else cover(loop.combinator.ctx);
            }
          } else if (loop.concurrent === 'Promise.allSettled' && loop.combinator) {
            if (elementsReject) this.swallow(at(loop.combinator.span), 'settled');
          } else if ((loop.concurrent === 'Promise.any' || loop.concurrent === 'Promise.race') && loop.combinator) {
            // The first record to succeed (or to settle) ends the wait: the others' failures are dropped.
            if (elementsReject) this.swallow(at(loop.combinator.span), 'first', loop.concurrent);
          } else if (!async || loop.style === 'reduce') {
            // A synchronous callback's throw leaves the array method, and the loop with it.
            leaveLoop(cb, loop);
          }
        } else {
          // The callback is not known: it may fail.
          loopUncaught[l] = true;
          if (loop.concurrent === 'Promise.all' && loop.combinator && loop.callbackReturnsCall) perRecordWork = true;
        }
      } else if (loop.concurrent === 'Promise.all' && loop.callbackReturnsCall) {
        perRecordWork = true;
        loopUncaught[l] = true;
      }
      if (perRecordWork) {
        recordLoopWork = true;
        for (const k of loop.ctx.caughtBy) coversRecords.add(k);
        for (const k of s.catches.keys()) if (s.catches[k]?.loopsInside.includes(l)) coversRecords.add(k);
      }
      const fact: RecordLoopFact = { span: at(loop.span), style: loopStyle(loop.style), perRecordWork, catches, concurrent: loop.concurrent };
      this.out.loops.push(fact);
      // Decided once the catches (below, and in the helpers it calls) are known.
      if (loopUncaught[l] !== true) caughtLoops.push(fact);
      // A \`return\` in the loop leaves the rest of the batch unprocessed when the loop processes the
      // records, or when it ends the handler itself; a helper's search loop (\`for r in records: if
      // is_sns(r): return True\`) only answers its caller.
      const endsHandler = file === this.rootFile && s.id === this.root.id;
      if (perRecordWork || endsHandler) for (const exit of loop.exits ?? []) this.out.unprocessed.push({ span: at(exit), kind: 'return' });
    });

    // Catches: per record, or around the processing of the whole batch.
    s.catches.forEach((c, k) => {
      const rl = recordLoopOf(c.ctx.loop);
      const perRecord = frame.inRecord || rl !== undefined;
      const drops = !rethrows(k);
      // A helper's catch that returns a value hands the failure back as its result (`catch (e) {
      // return { ok: false }; }`): whether the caller checks it is not known, so it is not judged
      // dropped. The handler's own return goes to Lambda, which reads only a batch response.
      const handsBack = c.returnsValue === true && !(file === this.rootFile && s.id === this.root.id);
      // A catch that passes the record on (\`catch { await sendToFailureQueue(record.body) }\`, a
      // failure status written for it): a hand-made dead letter, not a dropped failure. Logging and
      // metrics are not awaited with the record.
      const forwards = c.kind === 'try' && s.calls.some((call) => call.awaited && within(call.span, c.span) && call.args.some((a) => this.isRecordValue(this.resolve(file, a.origin))));
      const dropped = drops && !handsBack && !forwards;
      if (perRecord) {
        const fact: CatchFact = { span: at(c.span), rethrows: !drops, exitsLoop: c.exitsLoop, setsOuterState: c.setsOuterState, ...(forwards ? { forwards: true as const } : {}) };
        const list = rl !== undefined ? loopCatches[rl] : frame.loopCatches;
        list?.push(fact);
        if (dropped && covered.get(k)) this.swallow(fact.span, 'record');
      } else if (dropped && coversRecords.has(k)) {
        this.swallow(at(c.span), 'rest');
      }
      // A catch that drops a record's failure and answers with a batch response naming no record
      // (`catch { …; return { batchItemFailures: [] }; }`): Lambda deletes the record as processed.
      const emptyAnswer = s.returns.some((r) => r.value.kind === 'batch' && r.value.empty === true && within(r.span, c.span));
      if (drops && emptyAnswer && covered.get(k) && (perRecord || coversRecords.has(k) || coversFirst.has(k))) this.swallow(at(c.span), 'empty-response');
    });
    for (const loop of caughtLoops) if (loop.catches.length > 0) loop.failuresCaught = true;

    // Evidence of the source.
    for (const read of s.reads) {
      const o = this.resolve(file, read.origin);
      if (!o || !('fn' in o) || o.i !== 0 || o.steps[0] !== 'Records') continue;
      const element = o.steps.indexOf('[]') >= 0 ? o.steps.indexOf('[]') : o.steps.indexOf('[0]');
      if (element !== 1) continue;
      if (o.steps[1] === '[0]') this.firstRecordRead ??= at(read.span);
      const field = o.steps[2];
      const info = field === undefined ? undefined : RECORD_FIELDS[field];
      if (info) this.out.fieldSources.push(info);
      if (field === 'attributes' && o.steps[3] !== undefined && FIFO_ONLY_ATTRIBUTES.has(o.steps[3])) this.out.fifo = true;
    }
    for (const [index, type] of Object.entries(s.paramTypes)) {
      const i = Number(index);
      if (file === this.rootFile && s.id === this.root.id) break;
      const o = this.env.get(`${file}|${s.id}|${i}`);
      if (!o || !('fn' in o) || o.i !== 0) continue;
      const record = o.steps[0] === 'Records' && o.steps.length === 2 && o.steps[1] === '[]';
      const info = record ? RECORD_TYPES[type] : o.steps.length === 0 ? (EVENT_TYPES[type] ?? HANDLER_TYPES[type]) : undefined;
      if (info) this.out.typeSources.push(info);
    }

    // What it returns.
    let yes: Span | undefined;
    let sawUnknown = false;
    for (const r of s.returns) {
      if (r.callbackParam !== undefined && this.fnEnv.get(`${file}|${s.id}|${r.callbackParam}`) !== 'lambda-callback') continue;
      let value: 'yes' | 'no' | 'unknown';
      let span = at(r.span);
      if (r.value.kind === 'batch') value = 'yes';
      else if (r.value.kind === 'none') value = 'no';
      else if (r.value.kind === 'unknown') value = 'unknown';
      else {
        const call = s.calls.find((c) => c.returned && within(c.span, r.span));
        const sub = call ? callResults.get(call.span.range[0]) : undefined;
        value = sub ? sub.returns : 'unknown';
        if (sub?.batchSpan && file !== this.rootFile) span = at(r.span);
        else if (sub?.batchSpan) span = r.span;
      }
      if (value === 'yes') yes ??= span;
      if (value === 'unknown') sawUnknown = true;
    }
    const returns = yes ? 'yes' : sawUnknown ? 'unknown' : 'no';
    return { escapes, mayFail, rejects: s.async ? mayFail : returnedRejects, work, returns, batchSpan: yes, recordLoopWork };
  }

  /** Binds a callee's parameters to what the call passes; the returned function undoes it (for recursion). */
  private bindArgs(file: string, callee: FnRef, args: ArgSummary[]): () => void {
    const saved: [string, Resolved, FnRef | 'lambda-callback' | undefined, boolean, { file: string; instance: NonNullable<ArgSummary['instance']> } | undefined][] = [];
    args.forEach((arg, j) => {
      const key = `${callee.file}|${callee.summary.id}|${j}`;
      saved.push([key, this.env.get(key), this.fnEnv.get(key), this.env.has(key), this.instEnv.get(key)]);
      this.env.set(key, this.resolve(file, arg.origin));
      if (arg.instance) this.instEnv.set(key, { file, instance: arg.instance });
      else this.instEnv.delete(key);
      if (arg.fn) {
        const t = this.target(file, arg.fn);
        if (typeof t === 'object' || t === 'lambda-callback') this.fnEnv.set(key, t);
        else this.fnEnv.delete(key);
      } else this.fnEnv.delete(key);
    });
    return () => {
      for (const [key, origin, fn, had, inst] of saved) {
        if (had) this.env.set(key, origin);
        else this.env.delete(key);
        if (inst === undefined) this.instEnv.delete(key);
        else this.instEnv.set(key, inst);
        if (fn === undefined) this.fnEnv.delete(key);
        else this.fnEnv.set(key, fn);
      }
    };
  }

  private swallow(span: Span, scope: SwallowFact['scope'], how?: SwallowFact['how']): void {
    const key = `${span.range[0]}:${scope}`;
    if (this.seenSwallows.has(key)) return;
    this.seenSwallows.add(key);
    this.out.swallowed.push(how ? { span, scope, how } : { span, scope });
  }
}

/**
 * A function's result as its caller sees it: the guards of its side effects whose input is one of
 * its parameters judged with what the call passes (a key made fresh by the caller, `Date.now()`,
 * makes a put a second item), or left for the caller's caller when the call passes a parameter on.
 */
function withArguments(result: FnResult, args: readonly ValueShape[] | undefined, keywords?: Readonly<Record<string, ValueShape>>): FnResult {
  if (!result.effects?.some((e) => e.effect.guard)) return result;
  const effects: { file: string; effect: EffectSummary }[] = [];
  for (const entry of result.effects) {
    const { guard } = entry.effect;
    if (!guard) {
      effects.push(entry);
      continue;
    }
    const filled = fillShape(guard.params, args ?? [], keywords);
    if (filled === undefined) effects.push({ file: entry.file, effect: { ...entry.effect, guard: undefined } });
    else if (hasHole(filled)) effects.push({ file: entry.file, effect: { ...entry.effect, guard: { check: guard.check, params: filled } } });
    else {
      const judged = judgeShape(guard.check, filled);
      // Repeats harmlessly with these arguments (the same item written again): no side effect to guard.
      if (judged === null) continue;
      effects.push({ file: entry.file, effect: { ...entry.effect, call: judged.call, keyName: judged.keyName ?? entry.effect.keyName, guard: undefined } });
    }
  }
  return { ...result, effects };
}

/**
 * A memoised result of a function of another module, reached again from another call of the
 * handler's file: what it reported at the first call (its escapes and batch response are anchored
 * there) is reported at this one.
 */
function reanchored(result: FnResult, from: Span | undefined, to: Span | undefined): FnResult {
  if (!from || !to || (from.range[0] === to.range[0] && from.range[1] === to.range[1])) return result;
  const same = (s: Span | undefined): boolean => s !== undefined && s.range[0] === from.range[0] && s.range[1] === from.range[1];
  return {
    ...result,
    escapes: result.escapes.map((e) => (same(e.span) ? { ...e, span: to } : e)),
    batchSpan: same(result.batchSpan) ? to : result.batchSpan,
  };
}

/** Modules whose functions are libraries (the SDK, Powertools, Middy, Node), never the project's own code to follow. */
export function isLibraryModule(specifier: string): boolean {
  return (
    specifier.startsWith('@aws-sdk/') ||
    specifier === 'aws-sdk' ||
    specifier.startsWith('aws-sdk/') ||
    specifier.startsWith('@aws-lambda-powertools/') ||
    specifier.startsWith('@middy/') ||
    specifier.startsWith('node:') ||
    NODE_BUILTINS.has(specifier.split('/')[0] as string)
  );
}

const NODE_BUILTINS = new Set(['fs', 'path', 'crypto', 'util', 'os', 'http', 'https', 'url', 'zlib', 'stream', 'events', 'buffer', 'assert', 'child_process', 'querystring', 'timers']);

function loopStyle(style: string): RecordLoopFact['style'] {
  return style === 'for-of' || style === 'for' || style === 'forEach' || style === 'map' || style === 'reduce' ? style : 'other';
}

function dedupe(list: EscapingThrowFact[]): EscapingThrowFact[] {
  const seen = new Set<string>();
  return list.filter((t) => {
    const key = `${t.span.range[0]}:${t.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export type { HandlerSourceKind };

/** Whether `inner` lies within `outer`. */
function within(inner: Span, outer: Span): boolean {
  return inner.range[0] >= outer.range[0] && inner.range[1] <= outer.range[1];
}
