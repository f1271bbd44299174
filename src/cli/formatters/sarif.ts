import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ruleModules } from '../../rules/index.js';
import { VERSION } from '../../version.js';
import { REPOSITORY_URL } from '../../util/create-rule.js';
import { PLUGIN_PREFIX } from '../../core/suppressions.js';
import type { Formatter } from './index.js';
import { occurrenceFingerprints, relativeInside } from './report-paths.js';

/** The rule docs shipped with the package (`docs/rules/<id>.md`). */
const DOCS = new URL('../../../docs/rules/', import.meta.url);
const HEADER_END = '<!-- end auto-generated rule header -->';

interface RuleHelp {
  fullDescription: string;
  text: string;
  markdown: string;
}

const helpCache = new Map<string, RuleHelp | undefined>();

/**
 * A rule's help from its doc: the page without its generated header (`markdown`), the same as
 * plain text (links written out), and its first paragraph (`fullDescription`).
 */
function ruleHelp(id: string): RuleHelp | undefined {
  if (helpCache.has(id)) return helpCache.get(id);
  let help: RuleHelp | undefined;
  try {
    const doc = readFileSync(new URL(`${id}.md`, DOCS), 'utf8');
    const at = doc.indexOf(HEADER_END);
    const markdown = (at >= 0 ? doc.slice(at + HEADER_END.length) : doc.replace(/^#[^\n]*\n/u, '')).trim();
    const first = markdown.split(/\n\s*\n/u).find((p) => !p.startsWith('#')) ?? '';
    help = { fullDescription: plain(first).replace(/\s+/gu, ' '), text: plain(markdown), markdown };
  } catch {
    help = undefined;
  }
  helpCache.set(id, help);
  return help;
}

/** Markdown as plain text: links as `text (url)`, emphasis and code marks dropped. */
function plain(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\(([^)]+)\)/gu, '$1 ($2)')
    .replace(/\*\*([^*]+)\*\*/gu, '$1')
    .replace(/`([^`\n]+)`/gu, '$1');
}

/**
 * SARIF 2.1.0 for code-scanning uploads. Findings are results; files that could not be read or
 * parsed are tool execution notifications, as ESLint's SARIF formatter does. Paths are relative
 * to the repository root (`%SRCROOT%`), percent-encoded; a file outside it gets an absolute
 * `file:` URI (and no base). Each result carries a fingerprint of the code it points at, stable
 * when lines above it change, so code scanning tracks an alert across commits.
 */
export const formatSarif: Formatter = (result, { root }) => {
  const ruleIds = Object.keys(ruleModules);
  const rules = ruleIds.map((id) => {
    const meta = (ruleModules[id] as (typeof ruleModules)[string]).default.meta;
    const severity = result.enabledRules.get(id);
    const description = meta.docs?.description ?? id;
    const help = ruleHelp(id);
    return {
      id: `${PLUGIN_PREFIX}${id}`,
      name: id,
      shortDescription: { text: description },
      fullDescription: { text: help?.fullDescription || description },
      help: help ? { text: help.text, markdown: help.markdown } : { text: description },
      helpUri: `${REPOSITORY_URL}/blob/main/docs/rules/${id}.md`,
      defaultConfiguration: { level: severity === 1 ? 'warning' : severity === 2 ? 'error' : 'none', enabled: severity !== undefined },
      properties: { tags: ['aws-lambda', 'reliability'] },
    };
  });
  const artifactLocation = (file: string): { uri: string; uriBaseId?: string } => {
    const rel = relativeInside(root, file);
    return rel === undefined ? { uri: pathToFileURL(file).href } : { uri: rel.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  };
  const results: unknown[] = [];
  const notifications: unknown[] = [];
  const fingerprintOf = occurrenceFingerprints(result);
  for (const file of result.results) {
    const artifact = artifactLocation(file.filePath);
    for (const m of file.messages) {
      const region = {
        startLine: m.line,
        startColumn: m.column,
        ...(m.endLine === undefined ? {} : { endLine: m.endLine }),
        ...(m.endColumn === undefined ? {} : { endColumn: m.endColumn }),
      };
      const location = { physicalLocation: { artifactLocation: artifact, region } };
      if (m.fatal || m.ruleId === null) {
        notifications.push({ level: 'error', message: { text: m.message }, locations: [location] });
        continue;
      }
      const bare = m.ruleId.startsWith(PLUGIN_PREFIX) ? m.ruleId.slice(PLUGIN_PREFIX.length) : m.ruleId;
      const { code, nth } = fingerprintOf(file.filePath, m);
      results.push({
        ruleId: m.ruleId,
        ruleIndex: ruleIds.indexOf(bare),
        level: m.severity === 2 ? 'error' : 'warning',
        message: { text: m.message },
        locations: [location],
        partialFingerprints: { 'lambdaLintCode/v1': `${code}:${nth}` },
      });
    }
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'lambda-lint', version: VERSION, semanticVersion: VERSION, informationUri: REPOSITORY_URL, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(root.endsWith('/') || root.endsWith('\\') ? root : `${root}/`).href } },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: result.internalErrorCount === 0, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
};
