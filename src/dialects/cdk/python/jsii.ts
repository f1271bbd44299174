/**
 * jsii's mapping of the CDK into Python, as the lowering needs it: which names are structs
 * (interfaces in TypeScript, written as object literals; classes called with keyword arguments in
 * Python) and which parameters come before the props (Python may give them by keyword). The data is
 * generated from aws-cdk-lib's jsii manifest (jsii-data.ts, by scripts/cdk-structs.mjs).
 */
import { CLASS_PARAMETERS, FACTORY_PARAMETERS, METHOD_PARAMETERS, NAMED_STRUCTS, NOT_STRUCTS } from './jsii-data.js';

/**
 * A Python CDK name as the data keys it: `aws_cdk.aws_sqs.DeadLetterQueue` → `aws_sqs.DeadLetterQueue`,
 * `aws_cdk.Duration` → `Duration` (core). A submodule is lower-case; `members` is how many of the
 * trailing names belong to the class (a factory's name follows its class).
 */
function jsiiKey(qualified: string, members = 0): string {
  const parts = qualified.split('.');
  const submodule = parts.length > 2 + members && /^[a-z]/u.test(parts[1] ?? '') ? parts[1] : undefined;
  return submodule === undefined ? parts.slice(1).join('.') : `${submodule}.${parts.slice(2).join('.')}`;
}

/** Whether a Python CDK name (`aws_cdk.aws_sqs.DeadLetterQueue`) is a struct: a name ending in `Props`, `Property` or `Options` (but for a few classes), or one of the other structs. */
export function isCdkStruct(qualified: string): boolean {
  if (!qualified.startsWith('aws_cdk.')) return false;
  const key = jsiiKey(qualified);
  const last = qualified.slice(qualified.lastIndexOf('.') + 1);
  return (/(?:Props|Property|Options)$/u.test(last) && !NOT_STRUCTS.has(key)) || NAMED_STRUCTS.has(key);
}

/** The positional parameters of a CDK class's constructor (`Function(self, id="Fn", …)`): `scope, id` unless listed. */
export function cdkConstructorParameters(qualified: string): readonly string[] {
  return CLASS_PARAMETERS[jsiiKey(qualified)] ?? ['scope', 'id'];
}

/** The positional parameters of a CDK method, by its (TypeScript) name, when every class agrees on them. */
export function cdkMethodParameters(name: string): readonly string[] | undefined {
  return Object.hasOwn(METHOD_PARAMETERS, name) ? METHOD_PARAMETERS[name] : undefined;
}

/** The positional parameters of a CDK class's factory (`aws_cdk.aws_lambda.Code.fromAsset`), when known. */
export function cdkFactoryParameters(qualified: string): readonly string[] | undefined {
  const key = jsiiKey(qualified, 1);
  return Object.hasOwn(FACTORY_PARAMETERS, key) ? FACTORY_PARAMETERS[key] : undefined;
}
