/**
 * Values as per-function summaries record them for the guards of require-idempotency
 * (`ValueShape`, model/summaries.ts): written by each language's extractor (code/side-effects.ts,
 * python/side-effects.ts), filled at each call with the caller's arguments (handlers/compose.ts),
 * and judged by the same guard checks as the code itself (guards.ts).
 */
import type { ValueShape } from '../../model/summaries.js';
import { judgeArguments, type CallJudgement, type Freshness, type GuardCheck, type ValueReader } from './guards.js';

/** Whether a shape has a hole (a parameter's value) anywhere. */
export function hasHole(shape: ValueShape): boolean {
  if ('param' in shape) return true;
  return 'object' in shape && (Object.values(shape.object).some(hasHole) || (shape.spreads ?? []).some(hasHole));
}

/** Whether a call's argument tells a guard anything: an object, a hole, a fresh value or a settled string. */
export function isInformative(shape: ValueShape): boolean {
  return !('unknown' in shape) && !('scalar' in shape && shape.scalar === 'stable' && shape.text === undefined);
}

/**
 * An object's shape from its own keys and the objects spread into it before them (`{ ...item, at }`,
 * `{**item, "at": 1}`): a spread of a parameter waits for the callers (its keys are not known yet), a
 * spread of a closed object gives its keys under the object's own; `open` when some key is not known.
 */
export function objectShape(object: Record<string, ValueShape>, spreads: readonly ValueShape[], open: boolean): ValueShape {
  if (open) return { object, open: true };
  if (spreads.some((sp) => 'param' in sp)) return { object, open: true, spreads: [...spreads] };
  return { object: Object.assign({}, ...spreads.map((sp) => ('object' in sp ? sp.object : {})), object) as Record<string, ValueShape> };
}

/** Values as a summary records them (`ValueShape`): the same judgements, over any language's code; a hole reads as `holes`. */
function shapeReader(holes: Freshness): ValueReader<ValueShape> {
  return { ...SHAPE_READER, freshness: (shape) => ('scalar' in shape ? shape.scalar : 'param' in shape ? holes : 'stable') };
}

const SHAPE_READER: ValueReader<ValueShape> = {
  view: (shape) => ({
    get: (key) => {
      if (!('object' in shape)) return { state: 'unknown' };
      const value = shape.object[key];
      if (value !== undefined) return { state: 'present', value };
      return shape.open ? { state: 'unknown' } : { state: 'absent' };
    },
  }),
  string: (shape) => ('scalar' in shape ? shape.text : undefined),
  // A value the summary does not settle is judged as the code's own readers judge an unknown call: stable.
  freshness: (shape) => ('scalar' in shape ? shape.scalar : 'stable'),
  entries: () => undefined,
  properties: (shape) => ('object' in shape && !shape.open ? Object.entries(shape.object) : undefined),
  item: (shape) => shape,
  text: (shape) => ('scalar' in shape ? (shape.text ?? '') : ''),
};

/**
 * A shape with its holes filled by a call's arguments. A hole the call does not fill (the function
 * runs as a callback, or is the handler: its parameters are the event) is a value not known, which
 * the judgements read as the code's own readers read one: not fresh.
 */
export function fillShape(shape: ValueShape, args: readonly (ValueShape | undefined)[], keywords?: Readonly<Record<string, ValueShape>>): ValueShape | undefined {
  if ('param' in shape) {
    let value: ValueShape | undefined = args[shape.param] ?? (shape.name === undefined ? undefined : keywords?.[shape.name]) ?? { unknown: true };
    for (const key of shape.path) {
      if (!value) return undefined;
      if ('param' in value) value = { param: value.param, path: [...value.path, key] };
      else if ('object' in value) value = value.object[key] ?? { unknown: true };
      else value = { unknown: true };
    }
    return value;
  }
  if (!('object' in shape)) return shape;
  const object: Record<string, ValueShape> = {};
  for (const [key, value] of Object.entries(shape.object)) {
    const filled = fillShape(value, args, keywords);
    if (filled === undefined) return undefined;
    object[key] = filled;
  }
  if (!shape.spreads) return shape.open ? { object, open: true } : { object };
  // Spreads filled with objects of known keys: those keys, under the object's own.
  const spreads: ValueShape[] = [];
  for (const spread of shape.spreads) {
    const filled = fillShape(spread, args, keywords);
    if (filled === undefined) return undefined;
    spreads.push(filled);
  }
  return objectShape(object, spreads, spreads.some((sp) => !('param' in sp) && (!('object' in sp) || sp.open === true)));
}

/**
 * A side effect's guard judged on its input's shape once the holes are filled: the judgement, or
 * `null` when the call repeats harmlessly (an overwrite of the same item).
 */
export function judgeShape(check: string, shape: ValueShape): CallJudgement | null {
  const judged = judgeArguments(check as GuardCheck, SHAPE_READER.view(shape), SHAPE_READER);
  return judged ?? null;
}

/**
 * Whether a call's guard depends on its function's parameters: safe with them as stable values, a
 * finding with them fresh (`put({ Item: { pk: id } })` is an overwrite for a stable `id`, a
 * second item for a fresh one). Then only each caller can tell.
 */
export function dependsOnParameters(check: string, shape: ValueShape): boolean {
  const stable = judgeArguments(check as GuardCheck, SHAPE_READER.view(shape), shapeReader('stable'));
  // Already a finding with the parameters as they are read here: nothing a caller gives settles more.
  if (stable !== undefined && stable.call !== 'guarded') return false;
  const fresh = judgeArguments(check as GuardCheck, SHAPE_READER.view(shape), shapeReader('fresh'));
  return fresh !== undefined && fresh.call !== 'guarded' && fresh.call !== 'unknown';
}
