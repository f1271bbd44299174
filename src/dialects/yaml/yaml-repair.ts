/**
 * What PyYAML (and so SAM CLI and cfn-lint) accepts and the `yaml` package does not: lines inside
 * a flow collection (`[ … ]`, `{ … }`) or a multi-line quoted scalar indented no deeper than the
 * block they sit in. Inside those, indentation means nothing (white space at the start of a line
 * separates tokens, and folding drops it from a quoted scalar), so such a line can be indented
 * further without changing the document. Used only on a document that failed to parse, and kept
 * only if that makes it parse; offsets in the repaired text map back to the original's.
 */

export interface Repair {
  text: string;
  /** An offset in the repaired text as an offset in the original. */
  toOriginal: (offset: number) => number;
}

type Context = 'block' | 'flow' | 'single' | 'double';

/**
 * The first tab outside a quoted scalar, a block scalar's text and a comment: where PyYAML
 * accepts none ("found character '\t' that cannot start any token"), as separation, at the end of
 * a line, or inside a plain scalar. `undefined` when there is none.
 */
export function firstStrayTab(text: string): number | undefined {
  if (!text.includes('\t')) return undefined;
  let found: number | undefined;
  scan(text, (at) => {
    found ??= at;
  });
  return found;
}

/** `undefined` when there is nothing to indent. */
export function repairIndentation(text: string): Repair | undefined {
  const inserts = scan(text, undefined);
  return inserts.length === 0 ? undefined : withInserts(text, inserts);
}

function scan(text: string, onTab: ((at: number) => void) | undefined): { at: number; count: number }[] {
  const inserts: { at: number; count: number }[] = [];
  let context: Context = 'block';
  let flowDepth = 0;
  /** Indentation of the line the outermost flow collection or quoted scalar started on. */
  let openedAt = 0;
  /** Block scalar (`|`, `>`) content: lines indented deeper than this are its text. */
  let blockScalarParent: number | undefined;
  /** Inside a plain scalar (a quote or bracket there is text, not an indicator). */
  let plain = false;
  let lineIndent = 0;
  let i = 0;
  const n = text.length;
  const atTokenStart = (at: number): boolean => {
    const prev = at === 0 ? '\n' : (text[at - 1] as string);
    return prev === ' ' || prev === '\t' || prev === '\n' || prev === '\r' || prev === '[' || prev === '{' || prev === ',' || (context === 'flow' && prev === ':');
  };
  while (i < n) {
    // The start of a line.
    let j = i;
    while (j < n && text[j] === ' ') j++;
    const indent = j - i;
    const lineEnd = text.indexOf('\n', j) === -1 ? n : text.indexOf('\n', j);
    const blank = text.slice(j, lineEnd).trim() === '';
    if (blockScalarParent !== undefined) {
      if (blank || indent > blockScalarParent) {
        i = lineEnd + 1;
        continue;
      }
      blockScalarParent = undefined;
    }
    if (context !== 'block' && !blank && indent <= openedAt && !/^(?:---|\.\.\.)(?:\s|$)/u.test(text.slice(j, j + 4))) {
      inserts.push({ at: i, count: openedAt + 1 - indent });
    }
    if (context === 'block') {
      lineIndent = indent;
      plain = false;
    }
    let k = j;
    while (k < lineEnd) {
      const c = text[k] as string;
      if (context === 'single') {
        if (c === "'") {
          if (text[k + 1] === "'") k++;
          else context = flowDepth > 0 ? 'flow' : 'block';
        }
        k++;
        continue;
      }
      if (context === 'double') {
        if (c === '\\') k++;
        else if (c === '"') context = flowDepth > 0 ? 'flow' : 'block';
        k++;
        continue;
      }
      if (c === '#' && atTokenStart(k)) break; // a comment, to the end of the line
      if (c === '\t') onTab?.(k);
      if (plain) {
        // A plain scalar ends at `: `, ` #` or, in a flow collection, at its indicators.
        if (c === ':' && /[\s,[\]{}]/u.test(text[k + 1] ?? '\n')) plain = false;
        else if (context === 'flow' && (c === ',' || c === ']' || c === '}')) plain = false;
        else {
          k++;
          continue;
        }
      }
      if ((c === "'" || c === '"') && atTokenStart(k)) {
        if (context === 'block') openedAt = lineIndent;
        context = c === "'" ? 'single' : 'double';
      } else if ((c === '[' || c === '{') && (atTokenStart(k) || context === 'flow')) {
        if (flowDepth === 0) openedAt = lineIndent;
        flowDepth++;
        context = 'flow';
      } else if ((c === ']' || c === '}') && context === 'flow') {
        flowDepth--;
        if (flowDepth === 0) context = 'block';
      } else if ((c === '|' || c === '>') && context === 'block' && atTokenStart(k) && /^[|>][-+0-9]*\s*(?:#.*)?$/u.test(text.slice(k, lineEnd).trimEnd())) {
        blockScalarParent = lineIndent;
        break;
      } else if (!/[\s,:\-?!&*]/u.test(c) || (c === '-' && !/\s/u.test(text[k + 1] ?? '\n'))) {
        plain = true;
      } else if ((c === '!' || c === '&' || c === '*') && atTokenStart(k)) {
        // A tag, an anchor or an alias: its name runs to the next space.
        while (k < lineEnd && !/[\s,[\]{}]/u.test(text[k] as string)) k++;
        continue;
      }
      k++;
    }
    i = lineEnd + 1;
  }
  return inserts;
}

function withInserts(text: string, inserts: { at: number; count: number }[]): Repair {
  let out = '';
  let from = 0;
  for (const { at, count } of inserts) {
    out += text.slice(from, at) + ' '.repeat(count);
    from = at;
  }
  out += text.slice(from);
  // New offsets at which each insertion starts, and how much was inserted up to its end.
  const starts: number[] = [];
  const totals: number[] = [];
  let total = 0;
  for (const { at, count } of inserts) {
    starts.push(at + total);
    total += count;
    totals.push(total);
  }
  return {
    text: out,
    toOriginal(offset: number): number {
      let lo = 0;
      let hi = starts.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if ((starts[mid] as number) <= offset) {
          found = mid;
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      if (found < 0) return offset;
      const inserted = totals[found] as number;
      const end = (starts[found] as number) + (inserts[found] as { count: number }).count;
      // Inside the inserted spaces: the start of the original line.
      return offset < end ? (starts[found] as number) - (inserted - (inserts[found] as { count: number }).count) : offset - inserted;
    },
  };
}
