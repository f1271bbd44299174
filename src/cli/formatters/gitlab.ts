import { createHash } from 'node:crypto';
import type { Formatter } from './index.js';
import { occurrenceFingerprints, relativeInside } from './report-paths.js';

/**
 * GitLab's Code Quality report (the Code Climate issue subset GitLab reads), which merge requests
 * show in a widget and in the diff:
 * https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
 * Each issue's fingerprint is made from the rule, the file and the code it points at (not the line),
 * so GitLab matches an issue across commits when lines above it move.
 */
export const formatGitlab: Formatter = (result, { root }) => {
  const issues: unknown[] = [];
  const fingerprintOf = occurrenceFingerprints(result);
  for (const file of result.results) {
    const rel = relativeInside(root, file.filePath) ?? file.filePath;
    for (const m of file.messages) {
      const checkName = m.ruleId ?? 'lambda-lint';
      const { code, nth } = fingerprintOf(file.filePath, m);
      issues.push({
        type: 'issue',
        description: m.message,
        check_name: checkName,
        fingerprint: createHash('sha256').update(`${checkName}\0${rel}\0${code}\0${nth}`).digest('hex').slice(0, 32),
        severity: m.fatal ? 'critical' : m.severity === 2 ? 'major' : 'minor',
        categories: ['Bug Risk'],
        location: { path: rel, lines: { begin: m.line, end: m.endLine ?? m.line } },
      });
    }
  }
  return `${JSON.stringify(issues, null, 2)}\n`;
};
