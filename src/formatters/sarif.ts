import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleModules } from '../rules/index.js';
import { VERSION } from '../version.js';
import { REPOSITORY_URL } from '../util/create-rule.js';
import { PLUGIN_PREFIX } from '../core/suppressions.js';
import type { Formatter } from './index.js';

/**
 * SARIF 2.1.0 for code-scanning uploads. Findings are results; files that could not be read or
 * parsed are tool execution notifications, as ESLint's SARIF formatter does.
 */
export const formatSarif: Formatter = (result, { cwd }) => {
  const ruleIds = Object.keys(ruleModules);
  const rules = ruleIds.map((id) => {
    const meta = (ruleModules[id] as (typeof ruleModules)[string]).default.meta;
    const severity = result.enabledRules.get(id);
    return {
      id: `${PLUGIN_PREFIX}${id}`,
      name: id,
      shortDescription: { text: meta.docs?.description ?? id },
      helpUri: `${REPOSITORY_URL}/blob/main/docs/rules/${id}.md`,
      defaultConfiguration: { level: severity === 1 ? 'warning' : severity === 2 ? 'error' : 'none', enabled: severity !== undefined },
      properties: { tags: ['aws-lambda', 'reliability'] },
    };
  });
  const uri = (file: string): string => {
    const rel = path.relative(cwd, file);
    return rel.startsWith('..') || path.isAbsolute(rel) ? pathToFileURL(file).href : rel.split(path.sep).join('/');
  };
  const results: unknown[] = [];
  const notifications: unknown[] = [];
  for (const file of result.results) {
    for (const m of file.messages) {
      const region = {
        startLine: m.line,
        startColumn: m.column,
        ...(m.endLine === undefined ? {} : { endLine: m.endLine }),
        ...(m.endColumn === undefined ? {} : { endColumn: m.endColumn }),
      };
      const location = { physicalLocation: { artifactLocation: { uri: uri(file.filePath), uriBaseId: '%SRCROOT%' }, region } };
      if (m.fatal || m.ruleId === null) {
        notifications.push({ level: 'error', message: { text: m.message }, locations: [location] });
        continue;
      }
      const bare = m.ruleId.startsWith(PLUGIN_PREFIX) ? m.ruleId.slice(PLUGIN_PREFIX.length) : m.ruleId;
      results.push({
        ruleId: m.ruleId,
        ruleIndex: ruleIds.indexOf(bare),
        level: m.severity === 2 ? 'error' : 'warning',
        message: { text: m.message },
        locations: [location],
      });
    }
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'lambda-lint', version: VERSION, informationUri: REPOSITORY_URL, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd.endsWith(path.sep) ? cwd : cwd + path.sep).href } },
        invocations: [{ executionSuccessful: result.internalErrorCount === 0, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
};
