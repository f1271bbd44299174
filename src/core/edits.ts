/**
 * Text edits for suggestions, kept as plain data so both front-ends apply them: ESLint turns them
 * into fixer calls, the CLI prints them in JSON output.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { spanOf, type Span } from './ast.js';

export interface TextEdit {
  range: [number, number];
  text: string;
}

/**
 * Where the options object of a call is, so a suggestion can add or change one property. In a
 * Python CDK app (`language: 'python'`) the options are the call's keyword arguments.
 */
export type PropsSite = (
  /** No options argument: a new object literal can be appended after `afterArgEnd`. */
  | { kind: 'missing'; afterArgEnd: number }
  /** An object literal written at the call. */
  | { kind: 'inline'; span: Span; lastPropertyEnd: number | undefined; indent: string | undefined }
  /** Anything else (a variable, a call): no safe place to edit. */
  | { kind: 'other'; span: Span }
) & { language?: 'python' };

/** `reportBatchItemFailures` as Python's keyword spells it (jsii's mapping): `report_batch_item_failures`. */
export function snakeName(name: string): string {
  return name.replace(/[A-Z]/gu, (c) => `_${c.toLowerCase()}`);
}

/** A literal as the site's language writes it: `true` / `True`, `['a']` / `["a"]`. */
export function literalText(site: Pick<PropsSite, 'language'>, value: boolean | readonly string[]): string {
  const python = site.language === 'python';
  if (typeof value === 'boolean') return python ? (value ? 'True' : 'False') : String(value);
  const q = python ? '"' : "'";
  return `[${value.map((v) => `${q}${v}${q}`).join(', ')}]`;
}

/** A property's name as the site's language writes it: `onFailure`, Python's `on_failure`. */
export function propertyName(site: Pick<PropsSite, 'language'>, key: string): string {
  return site.language === 'python' ? snakeName(key) : key;
}

/** One property of the options, as the site's language writes it: `key: value`, or Python's `key=value`. */
export function propertyText(site: Pick<PropsSite, 'language'>, key: string, valueText: string): string {
  return site.language === 'python' ? `${snakeName(key)}=${valueText}` : `${key}: ${valueText}`;
}

export function propsSiteOf(
  call: TSESTree.NewExpression | TSESTree.CallExpression,
  index: number,
  text: string,
): PropsSite {
  const arg = call.arguments[index];
  if (!arg) {
    const prev = call.arguments[index - 1];
    return prev && index === call.arguments.length ? { kind: 'missing', afterArgEnd: prev.range[1] } : { kind: 'other', span: spanOf(call) };
  }
  if (arg.type !== 'ObjectExpression') return { kind: 'other', span: spanOf(arg) };
  const last = arg.properties[arg.properties.length - 1];
  let indent: string | undefined;
  if (last && last.loc.start.line !== arg.loc.start.line) {
    const lineStart = text.lastIndexOf('\n', last.range[0] - 1) + 1;
    const lead = text.slice(lineStart, last.range[0]);
    indent = /^\s*$/u.test(lead) ? lead : undefined;
  }
  return { kind: 'inline', span: spanOf(arg), lastPropertyEnd: last?.range[1], indent };
}

/**
 * The edit that makes `key: valueText` hold in the options object. `existing` is the span of the
 * current value when the property is written in that same literal.
 */
export function setPropertyEdit(site: PropsSite, key: string, valueText: string, existing?: Span): TextEdit | undefined {
  if (site.kind === 'other') return undefined;
  const property = propertyText(site, key, valueText);
  if (site.kind === 'missing') return { range: [site.afterArgEnd, site.afterArgEnd], text: site.language === 'python' ? `, ${property}` : `, { ${property} }` };
  if (existing && existing.range[0] >= site.span.range[0] && existing.range[1] <= site.span.range[1]) {
    return { range: existing.range, text: valueText };
  }
  if (existing) return undefined; // set through a spread elsewhere: editing here would be a guess
  if (site.lastPropertyEnd === undefined) {
    return site.language === 'python' ? undefined : { range: site.span.range, text: `{ ${property} }` };
  }
  return { range: [site.lastPropertyEnd, site.lastPropertyEnd], text: `,${propertySeparator(site)}${property}` };
}

/** What goes between two properties after the comma: a space, or a new line at the properties' indent. */
export function propertySeparator(site: PropsSite): string {
  return site.kind === 'inline' && site.indent !== undefined ? `\n${site.indent}` : ' ';
}
