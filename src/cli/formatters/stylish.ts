import path from 'node:path';
import type { Formatter } from './index.js';
import { printable } from './printable.js';

const ANSI = { red: 31, yellow: 33, dim: 2, bold: 1, underline: 4 } as const;

/** ESLint's stylish layout: the file, then one aligned row per message, then a summary. */
export const formatStylish: Formatter = (result, { cwd, color }) => {
  const paint = (code: keyof typeof ANSI, text: string): string => (color ? `\u001b[${ANSI[code]}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const file of result.results) {
    if (file.messages.length === 0) continue;
    lines.push('', paint('underline', printable(path.relative(cwd, file.filePath) || file.filePath)));
    const rows = file.messages.map((m) => [
      `${m.line}:${m.column}`,
      m.severity === 2 ? paint('red', 'error') : paint('yellow', 'warning'),
      printable(m.message.replace(/\s*\n\s*/gu, ' ')),
      paint('dim', m.ruleId ?? ''),
    ]);
    const posWidth = Math.max(...rows.map((r) => (r[0] ?? '').length));
    for (const row of rows) {
      const [pos = '', sev = '', msg = '', rule = ''] = row;
      lines.push(`  ${pos.padEnd(posWidth)}  ${sev}  ${msg}  ${rule}`.trimEnd());
    }
    errors += file.errorCount;
    warnings += file.warningCount;
  }
  const total = errors + warnings;
  if (total === 0) return '';
  const summary = `\u2716 ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`;
  lines.push('', paint('bold', errors > 0 ? paint('red', summary) : paint('yellow', summary)), '');
  return lines.join('\n');
};
