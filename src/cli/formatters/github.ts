import type { Formatter } from './index.js';
import { relativeInside } from './report-paths.js';

/**
 * GitHub Actions workflow commands, one annotation per message:
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
export const formatGithub: Formatter = (result, { root }) => {
  const lines: string[] = [];
  for (const file of result.results) {
    // From the repository root, as the runner resolves annotation paths; absolute outside it.
    const rel = relativeInside(root, file.filePath) ?? file.filePath;
    for (const m of file.messages) {
      const props = [
        `file=${escapeProperty(rel)}`,
        `line=${m.line}`,
        `col=${m.column}`,
        ...(m.endLine === undefined ? [] : [`endLine=${m.endLine}`]),
        ...(m.endColumn === undefined ? [] : [`endColumn=${m.endColumn}`]),
        `title=${escapeProperty(m.ruleId ?? 'lambda-lint')}`,
      ];
      lines.push(`::${m.severity === 2 ? 'error' : 'warning'} ${props.join(',')}::${escapeData(m.message)}`);
    }
  }
  return lines.join('\n');
};

/**
 * The workflow commands' escapes (`%25`, `%0D`, `%0A`), and the same percent form for the other
 * control characters, which the runner would otherwise print raw into the log (an escape
 * sequence in a file name repaints it).
 */
function escapeData(text: string): string {
  return text.replace(/%/gu, '%25').replace(/[\u0000-\u001f\u007f-\u009f]/gu, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/gu, '%3A').replace(/,/gu, '%2C');
}
