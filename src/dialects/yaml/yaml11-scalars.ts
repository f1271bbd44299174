/**
 * Plain scalars read as PyYAML reads them (YAML 1.1, what SAM CLI, cfn-lint and CloudFormation
 * use), not as YAML 1.2's core schema does: `yes`/`no`/`on`/`off` are booleans, `010` is octal,
 * `1_000` and `1:30` (base 60) are integers, `1e3` (no dot) is a string. Timestamps stay strings:
 * CloudFormation does not support the timestamp tag. https://yaml.org/type/
 */
const NULL = /^(?:~|null|Null|NULL|)$/u;
const TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/u;
const FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/u;
const INT = /^[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0[0-7_]+|0|[1-9][0-9_]*(?::[0-5]?[0-9])*)$/u;
const FLOAT = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/u;

export function plainScalar(source: string): string | number | boolean | null {
  if (NULL.test(source)) return null;
  if (TRUE.test(source)) return true;
  if (FALSE.test(source)) return false;
  if (INT.test(source)) return integer(source);
  if (FLOAT.test(source)) return float(source);
  return source;
}

function signed(text: string): { sign: number; digits: string } {
  const clean = text.replace(/_/gu, '');
  const sign = clean.startsWith('-') ? -1 : 1;
  return { sign, digits: clean.replace(/^[-+]/u, '') };
}

function integer(text: string): number {
  const { sign, digits } = signed(text);
  if (digits.startsWith('0b')) return sign * parseInt(digits.slice(2), 2);
  if (digits.startsWith('0x')) return sign * parseInt(digits.slice(2), 16);
  if (digits.includes(':')) return sign * base60(digits);
  if (digits.length > 1 && digits.startsWith('0')) return sign * parseInt(digits, 8);
  return sign * parseInt(digits, 10);
}

function float(text: string): number {
  const { sign, digits } = signed(text.toLowerCase());
  if (digits === '.inf') return sign * Infinity;
  if (digits === '.nan') return NaN;
  if (digits.includes(':')) return sign * base60(digits);
  return sign * parseFloat(digits);
}

function base60(digits: string): number {
  return digits.split(':').reduce((n, part) => n * 60 + Number(part), 0);
}
